// Reads the HMAC key of the alert log from a file.
//
// The key is the file's raw bytes with one trailing newline removed (so `echo`-written and
// `head -c 32 /dev/urandom`-written keys both work). Refused: an empty key, a key shorter than
// kMinKeyBytes, a file larger than kMaxKeyFileBytes, and, under kRefuseLoose, a file that other
// users may read or that group or others may write (a group-readable file, e.g. root:gatewatch
// 0640, is accepted: that is how the daemon's user gets to read it).
#ifndef GATEWATCH_ALERTLOG_KEY_FILE_H_
#define GATEWATCH_ALERTLOG_KEY_FILE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"

namespace gatewatch::alertlog {

inline constexpr size_t kMinKeyBytes = 16;
inline constexpr size_t kMaxKeyFileBytes = 4096;

enum class KeyFilePermissions {
  kRefuseLoose,  // the writer: a key others can read lets them forge the chain
  kWarnLoose,    // the verifier: an auditor's copy; say so, but verify
};

// The key bytes, or an error naming the file and what is wrong with it. Warnings (loose
// permissions under kWarnLoose) are appended to `*warnings` when it is not null.
core::Result<std::string> ReadKeyFile(const std::string& path, KeyFilePermissions permissions,
                                      std::vector<std::string>* warnings);

}  // namespace gatewatch::alertlog

#endif  // GATEWATCH_ALERTLOG_KEY_FILE_H_
