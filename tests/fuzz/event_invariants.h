#ifndef GATEWATCH_TESTS_FUZZ_EVENT_INVARIANTS_H_
#define GATEWATCH_TESTS_FUZZ_EVENT_INVARIANTS_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/access_event.h"
#include "parse/access_log_parser.h"
#include "parse/reject_reason.h"
#include "parse/text_repair.h"

// Checks shared by the fuzz targets that run the line parser. A broken invariant aborts with a
// message, which libFuzzer reports as a crash with the input that caused it.
namespace gatewatch::fuzz {

// Aborts with `what` unless `condition` holds. Unlike assert(), never compiled out.
inline void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// 2000-01-01 and 2100-01-01 in ns: the range the parser promises for event times.
inline constexpr core::TimestampNs kMinEventTime = 946684800LL * 1'000'000'000;
inline constexpr core::TimestampNs kMaxEventTime = 4102444800LL * 1'000'000'000;

inline constexpr uint32_t kKnownRepairs = (1u << core::kRepairCount) - 1;

// What must hold for the outcome of `parser.Parse(line, &event)`:
//  - a rejection names a real reason (not kNone, below kCount) and can be described;
//  - an accepted event has a timestamp in [2000, 2100), a client address whose text is the
//    address's own spelling, only known repair flags, every field's text inside the event's
//    buffer, and string fields that are valid UTF-8 and no longer than the map's
//    max_field_bytes.
inline void CheckParseOutcome(const parse::AccessLogParser& parser, parse::ParseResult result,
                              const core::AccessEvent& event) {
  if (!result.ok()) {
    Require(result.reason != parse::RejectReason::kNone, "rejection without a reason");
    Require(result.reason < parse::RejectReason::kCount, "reject reason out of range");
    Require(!parse::RejectReasonName(result.reason).empty(), "reject reason has no name");
    Require(
        result.field == parse::ParseResult::kNoField || result.field < parser.field_names().size(),
        "rejection names a field the parser does not have");
    Require(!parser.Describe(result).empty(), "empty rejection description");
    return;
  }
  Require(event.ts() >= kMinEventTime && event.ts() < kMaxEventTime,
          "accepted event time outside [2000, 2100)");
  Require((event.repairs() & ~kKnownRepairs) == 0, "unknown repair flag");
  Require(event.kind(core::kFieldClientIp) == core::ValueKind::kString,
          "accepted event without client_ip text");
  Require(event.text(core::kFieldClientIp) == event.client_ip().ToString(),
          "client_ip text differs from the address");
  Require(event.field_count() == parser.field_names().size(), "event has the wrong field count");
  const size_t max_field_bytes = parser.field_map().max_field_bytes;
  for (core::FieldId id = 0; id < event.field_count(); ++id) {
    std::string_view text = event.text(id);
    Require(text.data() >= event.buffer().data() &&
                text.data() + text.size() <= event.buffer().data() + event.buffer().size(),
            "field text outside the event's buffer");
    if (event.kind(id) != core::ValueKind::kString) continue;
    Require(parse::IsValidUtf8(text), "string field is not valid UTF-8");
    Require(text.size() <= max_field_bytes, "string field longer than max_field_bytes");
  }
}

}  // namespace gatewatch::fuzz

#endif  // GATEWATCH_TESTS_FUZZ_EVENT_INVARIANTS_H_
