// The head of the alert-log chain: the newest record's sequence number and seal. Whoever keeps
// an earlier head off-host can later prove that the log still contains it (no rewrite, no
// truncation): `gatewatch verify-log --expect-head SEQ:HASH` (docs/alert-log.md).
#ifndef GATEWATCH_ALERTLOG_CHAIN_HEAD_H_
#define GATEWATCH_ALERTLOG_CHAIN_HEAD_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "alertlog/digest.h"
#include "core/clock.h"
#include "core/result.h"

namespace gatewatch::alertlog {

struct ChainHead {
  uint64_t seq = 0;
  std::string hash;  // the record's seal: 64 lowercase hex digits
  bool operator==(const ChainHead&) const = default;
};

// "1234:ab12...": the form --expect-head takes.
std::string FormatChainHead(const ChainHead& head);
// Parses "SEQ:HASH" (HASH: 64 hex digits, either case); InvalidArgument otherwise.
core::Result<ChainHead> ParseChainHead(std::string_view text);

// The head as the daemon publishes it (Kafka alert topic, journal).
struct HeadRecord {
  ChainHead head;
  SealKind seal = SealKind::kSha256;
  core::TimestampNs time = 0;  // when the head record was written
  std::string file;            // the file holding it
};

// One JSON object, no newline:
// {"kind":"alert_log_head","seq":1234,"hash":"ab12...","seal":"hmac-sha256",
//  "time":"2026-01-15T10:00:00Z","file":"/var/lib/gatewatch/alerts.log"}
std::string HeadRecordToJson(const HeadRecord& record);

}  // namespace gatewatch::alertlog

#endif  // GATEWATCH_ALERTLOG_CHAIN_HEAD_H_
