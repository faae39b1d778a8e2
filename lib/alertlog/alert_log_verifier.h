// AlertLogVerifier: checks that a set of alert-log files is one intact chain and, when it is
// not, names the first bad record (file:line) and the kind of damage.
//
// What each check can prove (docs/alert-log.md):
//  - every record's seal matches its bytes; with a key, only the key holder could have sealed it;
//  - sequence numbers and "prev" links run without a gap, repeat or swap from the chain's start
//    record (or, with allow_partial, from the first record given);
//  - a head published earlier (expected_heads) is still in the chain with the same seal: this
//    alone catches a chain re-sealed with plain SHA-256, and a tail cut at a line boundary.
//
// Files are read in the order given (chain order: <log>.N ... <log>.1, <log>). Memory: about
// 170 bytes per record. Thread-safety: Verify() is const and may run on several threads.
#ifndef GATEWATCH_ALERTLOG_ALERT_LOG_VERIFIER_H_
#define GATEWATCH_ALERTLOG_ALERT_LOG_VERIFIER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alertlog/chain_head.h"
#include "alertlog/digest.h"
#include "core/result.h"

namespace gatewatch::alertlog {

enum class DamageKind {
  kModified,   // a record's bytes do not match its seal (changed, or forged without the key)
  kDeleted,    // sequence numbers skip: records are missing (or the chain's start is)
  kInserted,   // a record that is not part of the chain: a forgery, a copy, a second chain
  kReordered,  // records are out of sequence order
  kTruncated,  // the chain ends before a head that was published
  kTornTail,   // the last line has no newline: a crash mid-write, or a cut inside a record
  kRewritten,  // a published head's record has another seal: the chain was re-sealed
  kWrongKey,   // no record's HMAC verifies under the key given
};

// "modified", "deleted", "inserted", "reordered", "truncated", "torn_tail", "rewritten",
// "wrong_key".
std::string_view DamageKindName(DamageKind kind);

struct Damage {
  DamageKind kind = DamageKind::kModified;
  std::string file;   // the file holding the first bad record
  uint64_t line = 0;  // its 1-based line; for kTruncated, one past the last line
  std::string detail;
};

struct VerifyOptions {
  // The HMAC key. Without one, an HMAC-sealed log is an error (nothing could be checked).
  std::optional<std::string> key;
  // Heads published earlier; each must be in the chain with the same seal.
  std::vector<ChainHead> expected_heads;
  // Accept a set that begins mid-chain (older rotated files deleted) instead of reporting the
  // missing start record as kDeleted.
  bool allow_partial = false;
};

struct VerifyReport {
  uint64_t records = 0;  // records that verified, in order, up to the first bad one
  SealKind seal = SealKind::kSha256;
  std::optional<ChainHead> head;   // the last record that verified
  uint64_t first_seq = 0;          // seq of the first record
  std::vector<std::string> notes;  // "file:line: ..." for each torn tail the writer cut
  std::optional<Damage> damage;    // the first damage, if any
  bool intact() const { return !damage.has_value(); }
};

class AlertLogVerifier {
 public:
  explicit AlertLogVerifier(VerifyOptions options) : options_(std::move(options)) {}

  // Damage is reported in the VerifyReport. Errors are for what stops verification: a file
  // cannot be read, the log is HMAC-sealed and no key was given, or an expected head is older
  // than the first record given.
  core::Result<VerifyReport> Verify(const std::vector<std::string>& files) const;

 private:
  VerifyOptions options_;
};

}  // namespace gatewatch::alertlog

#endif  // GATEWATCH_ALERTLOG_ALERT_LOG_VERIFIER_H_
