#ifndef GATEWATCH_PARSE_COMBINED_DECODER_H_
#define GATEWATCH_PARSE_COMBINED_DECODER_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_event.h"
#include "parse/raw_value.h"
#include "parse/reject_reason.h"

// Internal to lib/parse: the NGINX / Apache "combined" (and "common") text format:
//   host ident user [10/Jun/2023:15:36:28 +0000] "GET /path HTTP/1.1" 200 512 "referer" "agent"
namespace gatewatch::parse {

class CombinedDecoder {
 public:
  enum Part {
    kHost,
    kIdent,
    kUser,
    kTime,
    kRequest,
    kMethod,
    kPath,
    kProtocol,
    kStatus,
    kBytes,
    kReferer,
    kUserAgent,
    kVhost,  // Apache vhost_combined's leading "%v:%p"
    kPartCount,
  };
  // The field names a combined line offers, in Part order: "client_ip", "ident", "user", "ts",
  // "request", "method", "path", "protocol", "status", "bytes_out", "referer", "user_agent",
  // "vhost".
  static std::optional<Part> PartFromName(std::string_view name);

  // Routes part `part` to capture `capture`.
  void SetCapture(Part part, uint16_t capture) { captures_of_part_[part].push_back(capture); }

  // Splits `line` and fills the captures; strings have \xHH escapes decoded, invalid UTF-8
  // replaced and are truncated to `max_field_bytes`. kNone or kUnrecognizedLine.
  RejectReason Decode(std::string_view line, size_t max_field_bytes, core::AccessEvent* event,
                      std::vector<RawValue>* captures);

 private:
  void Emit(Part part, std::string_view text, bool may_be_escaped);

  std::array<std::vector<uint16_t>, kPartCount> captures_of_part_;
  std::string scratch_;

  // Valid during Decode.
  size_t max_field_bytes_ = 0;
  core::AccessEvent* event_ = nullptr;
  std::vector<RawValue>* captures_ = nullptr;
  uint32_t repairs_ = 0;
};

}  // namespace gatewatch::parse

#endif  // GATEWATCH_PARSE_COMBINED_DECODER_H_
