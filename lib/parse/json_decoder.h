#ifndef GATEWATCH_PARSE_JSON_DECODER_H_
#define GATEWATCH_PARSE_JSON_DECODER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/access_event.h"
#include "parse/raw_value.h"
#include "parse/reject_reason.h"
#include "simdjson.h"

// Internal to lib/parse: pulls the wanted paths out of one JSON object in a single pass.
namespace gatewatch::parse {

class JsonDecoder {
 public:
  // Declares that the value at `path` (segments) fills capture `capture`; a lower `priority`
  // wins when several paths fill one capture. Call before the first Decode.
  void AddPath(const std::vector<std::string>& path, uint16_t capture, uint16_t priority);

  // Decodes `json` (a padded buffer: at least simdjson::SIMDJSON_PADDING readable bytes after
  // its end) and fills `captures` (sized by the caller). Strings are unescaped, truncated to
  // `max_field_bytes` and written to `event`'s buffer. kNone, kInvalidJson (with
  // `*utf8_error` set when the cause is invalid UTF-8) or kNotAnObject.
  RejectReason Decode(std::string_view json, size_t max_field_bytes, core::AccessEvent* event,
                      std::vector<RawValue>* captures, bool* utf8_error);

  // Reads the string at `path` of the JSON object `json` (padded as above) into `out`.
  // Used to unwrap shipper envelopes. False when the line is not an object holding a string
  // there.
  bool ExtractString(std::string_view json, const std::vector<std::string>& path, std::string* out,
                     uint32_t* repairs);

 private:
  struct Target {
    uint16_t capture;
    uint16_t priority;
  };
  struct Node {
    std::vector<std::pair<std::string, uint32_t>> children;
    // Open-addressing index over `children` (entries are child index + 1, 0 = empty), so that
    // a key costs one hash and usually one compare, however many keys the log has.
    std::vector<uint32_t> index;
    std::vector<Target> targets;
  };

  static uint32_t HashKey(std::string_view key);
  void RebuildIndex(Node* node);
  uint32_t FindChild(uint32_t node, std::string_view key) const;
  // The key of `field` without copying it when it has no escapes.
  static simdjson::error_code KeyOf(simdjson::ondemand::field& field, std::string_view* key);
  simdjson::error_code WalkObject(simdjson::ondemand::object object, uint32_t node, int depth);
  simdjson::error_code Capture(simdjson::ondemand::value value, const Node& node, int depth);
  // Write a value's text into the event buffer and describe it in `slot`.
  void StoreText(std::string_view raw_inside_quotes, RawValue* slot);
  void StoreVerbatim(std::string_view text, RawValue::Type type, RawValue* slot);

  simdjson::ondemand::parser parser_;
  std::vector<Node> nodes_ = std::vector<Node>(1);  // nodes_[0] is the root object

  // Valid during Decode.
  size_t max_field_bytes_ = 0;
  core::AccessEvent* event_ = nullptr;
  std::vector<RawValue>* captures_ = nullptr;
  uint32_t repairs_ = 0;
};

}  // namespace gatewatch::parse

#endif  // GATEWATCH_PARSE_JSON_DECODER_H_
