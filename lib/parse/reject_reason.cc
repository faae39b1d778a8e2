#include "parse/reject_reason.h"

namespace gatewatch::parse {

std::string_view RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kNone:
      return "none";
    case RejectReason::kEmptyLine:
      return "empty_line";
    case RejectReason::kLineTooLong:
      return "line_too_long";
    case RejectReason::kNulByte:
      return "nul_byte";
    case RejectReason::kBadEnvelope:
      return "bad_envelope";
    case RejectReason::kInvalidJson:
      return "invalid_json";
    case RejectReason::kNotAnObject:
      return "not_an_object";
    case RejectReason::kUnrecognizedLine:
      return "unrecognized_line";
    case RejectReason::kMissingTimestamp:
      return "missing_timestamp";
    case RejectReason::kBadTimestamp:
      return "bad_timestamp";
    case RejectReason::kTimestampOutOfRange:
      return "timestamp_out_of_range";
    case RejectReason::kMissingClientIp:
      return "missing_client_ip";
    case RejectReason::kBadClientIp:
      return "bad_client_ip";
    case RejectReason::kWrongType:
      return "wrong_type";
    case RejectReason::kCount:
      break;
  }
  return "unknown";
}

}  // namespace gatewatch::parse
