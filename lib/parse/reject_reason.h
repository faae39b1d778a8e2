#ifndef GATEWATCH_PARSE_REJECT_REASON_H_
#define GATEWATCH_PARSE_REJECT_REASON_H_

#include <cstdint>
#include <string_view>

namespace gatewatch::parse {

// Why a line could not become an event. A bounded set: it doubles as a metric label.
enum class RejectReason : uint8_t {
  kNone,                 // parsed
  kEmptyLine,            // nothing but whitespace
  kLineTooLong,          // over FieldMap::max_line_bytes
  kNulByte,              // a raw NUL byte in the line
  kBadEnvelope,          // the configured envelope (CRI prefix, shipper JSON) is not there
  kInvalidJson,          // not JSON (after repairs), or trailing garbage
  kNotAnObject,          // JSON, but not an object
  kUnrecognizedLine,     // a text format whose shape did not match
  kMissingTimestamp,     // no timestamp at any configured path
  kBadTimestamp,         // a timestamp that cannot be read in the configured format
  kTimestampOutOfRange,  // before 2000-01-01 or after 2100-01-01
  kMissingClientIp,      // no client address at any configured path
  kBadClientIp,          // a client address that is not an IP
  kWrongType,            // a field whose value has the wrong JSON type (an object for status)
  kCount,
};

// snake_case name, used as the metric label and in summaries.
std::string_view RejectReasonName(RejectReason reason);

}  // namespace gatewatch::parse

#endif  // GATEWATCH_PARSE_REJECT_REASON_H_
