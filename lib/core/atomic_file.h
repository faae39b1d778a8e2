#ifndef GATEWATCH_CORE_ATOMIC_FILE_H_
#define GATEWATCH_CORE_ATOMIC_FILE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/status.h"

// Whole-file reads and crash-safe whole-file writes, for state that must survive restarts
// (engine snapshots). Errors name the path and the failing system call. No locking: two
// writers of one path leave one of their files, whole.
namespace gatewatch::core {

// Replaces `path` with `data` so that a crash at any moment leaves either the old file or the
// new one, never a mix: writes a temporary file in the same directory (mode 0600), fsyncs it,
// renames it over `path`, and fsyncs the directory so the rename itself is durable. On error
// the temporary file is removed and `path` is untouched.
Status WriteFileAtomically(const std::string& path, std::string_view data);

// The contents of `path`; an error (OutOfRange) if it is longer than `max_bytes`, NotFound if
// it does not exist.
Result<std::string> ReadWholeFile(const std::string& path, size_t max_bytes);

}  // namespace gatewatch::core

#endif  // GATEWATCH_CORE_ATOMIC_FILE_H_
