// The canonical bytes of one alert-log record (docs/alert-log.md is the specification).
//
// Every record is one line of JSON with a fixed member order, written by this file only:
//
//   {"seq":12,"kind":"alert","time":"2026-01-15T10:00:00.5Z","prev":"<64 hex>",<members>,
//    "hash":"<64 hex>"}\n                                        (one line; wrapped here)
//
// The sealed bytes are the line without its newline and without its last 75 bytes, which are
// always ',"hash":"' or ',"hmac":"', 64 hex digits and '"}'. The seal is SHA-256 of those bytes
// ("hash") or HMAC-SHA-256 under the key ("hmac"). "prev" is the previous record's seal, so the
// seal covers the whole chain behind it. The first record of a chain is a "start" record with
// seq 0 and an all-zero "prev".
//
// Thread-safety: the free functions are thread-safe; a RecordParser is not (one per thread).
#ifndef GATEWATCH_ALERTLOG_RECORD_FORMAT_H_
#define GATEWATCH_ALERTLOG_RECORD_FORMAT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "alertlog/digest.h"
#include "core/clock.h"
#include "core/result.h"

namespace simdjson::dom {
class parser;
}  // namespace simdjson::dom

namespace gatewatch::alertlog {

// ',"hash":"' + 64 hex digits + '"}'.
inline constexpr size_t kSealSuffixSize = 75;

// Record kinds. Verifiers accept kinds they do not know (a newer writer) as long as they seal.
inline constexpr std::string_view kKindStart = "start";        // opens a chain: seq 0, prev 0
inline constexpr std::string_view kKindAlert = "alert";        // "alert": alert::AlertToJson
inline constexpr std::string_view kKindRecovery = "recovery";  // a torn tail was cut on open

// The members every record starts with.
struct RecordHeader {
  uint64_t seq = 0;
  std::string_view kind;
  core::TimestampNs time = 0;
  Digest prev{};
};

// '{"seq":..,"kind":..,"time":..,"prev":..' followed by `members`, which is either empty or
// JSON members each starting with ',' (e.g. ',"alert":{...}'). Not yet a JSON object: the seal
// closes it.
std::string RecordBody(const RecordHeader& header, std::string_view members);

// Appends ',"<hash|hmac>":"<seal>"}' and '\n' to `body`; stores the seal in `*seal`.
std::string SealRecord(std::string body, const RecordDigester& digester, Digest* seal);

// The extra members of a recovery record: where the torn tail was cut and what it held.
std::string RecoveryMembers(uint64_t offset, uint64_t torn_bytes, const Digest& torn_sha256);
// The extra members of a start record.
std::string StartMembers();

// What a verifier needs from one record line.
struct ParsedRecord {
  uint64_t seq = 0;
  std::string kind;
  std::string time;  // as written (RFC 3339 UTC)
  Digest prev{};
  Digest seal{};  // the stored hash or hmac
  SealKind seal_kind = SealKind::kSha256;
  uint64_t torn_bytes = 0;  // recovery records only
  std::string torn_sha256;  // recovery records only
};

// The bytes of `line` (without '\n') that its seal covers. `line` must be at least
// kSealSuffixSize long (RecordParser::Parse checks).
std::string_view SealedBytes(std::string_view line);

// True when `record` (parsed from `line`) carries a seal of digester's kind that matches.
bool SealMatches(std::string_view line, const ParsedRecord& record, const RecordDigester& digester);

class RecordParser {
 public:
  RecordParser();
  ~RecordParser();
  RecordParser(const RecordParser&) = delete;
  RecordParser& operator=(const RecordParser&) = delete;

  // Parses one line without its '\n'. InvalidArgument says why it is not a well-formed record
  // (not UTF-8 JSON, a member missing or of the wrong type, the seal not the last member). Does
  // not check the seal.
  core::Result<ParsedRecord> Parse(std::string_view line);

 private:
  std::unique_ptr<simdjson::dom::parser> parser_;
};

}  // namespace gatewatch::alertlog

#endif  // GATEWATCH_ALERTLOG_RECORD_FORMAT_H_
