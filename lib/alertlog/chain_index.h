// Internal to the verifier: every line of a set of alert-log files, reduced to what checking
// the chain needs, and the classification of the first place where the chain breaks.
#ifndef GATEWATCH_ALERTLOG_CHAIN_INDEX_H_
#define GATEWATCH_ALERTLOG_CHAIN_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "alertlog/alert_log_verifier.h"
#include "alertlog/digest.h"
#include "core/result.h"

namespace gatewatch::alertlog {

struct IndexedRecord {
  uint32_t file = 0;       // index into ChainIndex::files
  uint64_t line = 0;       // 1-based
  bool terminated = true;  // ended with '\n'
  bool well_formed = false;
  bool sealed = false;  // well formed, and its seal verifies
  bool start = false;   // a start record: seq 0, zero prev
  SealKind seal_kind = SealKind::kSha256;
  uint64_t seq = 0;
  Digest seal{};
  Digest prev{};
  std::string problem;  // why it is not sealed
  std::string note;     // for a recovery record: what the writer cut
};

struct ChainIndex {
  std::vector<std::string> files;
  std::vector<IndexedRecord> records;
};

// Reads and checks every line of `files`. `key`: the HMAC key, or null for plain SHA-256.
core::Result<ChainIndex> IndexChain(const std::vector<std::string>& files, const std::string* key);

// Damage located at record `i`.
Damage DamageAt(const ChainIndex& index, size_t i, DamageKind kind, std::string detail);

// What the record after a verified run must look like.
struct ChainExpectation {
  size_t first = 0;  // index of the first verified record
  uint64_t seq = 0;
  Digest prev{};
};

// Why record `i` does not continue the verified run records[first, i). Looks ahead to tell a
// deletion from a reordering and an insertion from a modification.
Damage ClassifyBreak(const ChainIndex& index, size_t i, const ChainExpectation& expected);

// Why the first record `i` cannot begin a chain (it is not sealed, or not a start record).
Damage ClassifyBadStart(const ChainIndex& index, size_t i);

}  // namespace gatewatch::alertlog

#endif  // GATEWATCH_ALERTLOG_CHAIN_INDEX_H_
