#include "parse/json_decoder.h"

#include <cstring>

#include "parse/text_repair.h"

namespace gatewatch::parse {
namespace {

using simdjson::error_code;
namespace od = simdjson::ondemand;

// Paths come from configuration, so nesting is bounded by the longest path; this bounds what
// a hostile document can make us recurse through on its own (arrays inside arrays).
constexpr int kMaxDepth = 64;

std::string_view TrimTrailingSpace(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

// The raw JSON text of an object or array value.
error_code RawJson(od::value value, od::json_type type, std::string_view* out) {
  if (type == od::json_type::object) {
    od::object object;
    error_code error = value.get_object().get(object);
    if (error) return error;
    return object.raw_json().get(*out);
  }
  od::array array;
  error_code error = value.get_array().get(array);
  if (error) return error;
  return array.raw_json().get(*out);
}

bool IsWellFormedNonObject(od::document& doc, od::json_type type) {
  switch (type) {
    case od::json_type::array: {
      od::array array;
      if (doc.get_array().get(array)) return false;
      size_t count = 0;
      return array.count_elements().get(count) == simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      return doc.get_string().get(s) == simdjson::SUCCESS;
    }
    case od::json_type::number: {
      double d;
      return doc.get_double().get(d) == simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      return doc.get_bool().get(b) == simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool is_null = false;
      return doc.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
    case od::json_type::object:
      break;
  }
  return false;
}

}  // namespace

void JsonDecoder::AddPath(const std::vector<std::string>& path, uint16_t capture,
                          uint16_t priority) {
  uint32_t node = 0;
  for (const std::string& segment : path) {
    uint32_t child = FindChild(node, segment);
    if (child == 0) {
      child = static_cast<uint32_t>(nodes_.size());
      nodes_.emplace_back();
      nodes_[node].children.emplace_back(segment, child);
      RebuildIndex(&nodes_[node]);
    }
    node = child;
  }
  nodes_[node].targets.push_back(Target{capture, priority});
}

uint32_t JsonDecoder::HashKey(std::string_view key) {
  // Length plus up to eight bytes from both ends tell apart the keys logs use. Fixed-size
  // loads only: a variable-length copy into a local stalls the load that follows it.
  const char* p = key.data();
  const size_t n = key.size();
  uint64_t bits;
  if (n >= 8) {
    uint64_t head, tail;
    std::memcpy(&head, p, 8);
    std::memcpy(&tail, p + n - 8, 8);
    bits = head ^ (tail << 1);
  } else if (n >= 4) {
    uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    bits = head | (static_cast<uint64_t>(tail) << 32);
  } else if (n > 0) {
    bits = static_cast<uint8_t>(p[0]) |
           (static_cast<uint64_t>(static_cast<uint8_t>(p[n / 2])) << 8) |
           (static_cast<uint64_t>(static_cast<uint8_t>(p[n - 1])) << 16);
  } else {
    bits = 0;
  }
  uint64_t h = (bits ^ (static_cast<uint64_t>(n) << 56)) * 0x9E3779B97F4A7C15ull;
  return static_cast<uint32_t>(h >> 32);
}

void JsonDecoder::RebuildIndex(Node* node) {
  size_t size = 8;
  while (size < node->children.size() * 2) size *= 2;
  node->index.assign(size, 0);
  for (size_t i = 0; i < node->children.size(); ++i) {
    size_t slot = HashKey(node->children[i].first) & (size - 1);
    while (node->index[slot] != 0) slot = (slot + 1) & (size - 1);
    node->index[slot] = static_cast<uint32_t>(i + 1);
  }
}

uint32_t JsonDecoder::FindChild(uint32_t node, std::string_view key) const {
  const Node& n = nodes_[node];
  if (n.index.empty()) return 0;
  const size_t mask = n.index.size() - 1;
  for (size_t slot = HashKey(key) & mask;; slot = (slot + 1) & mask) {
    uint32_t entry = n.index[slot];
    if (entry == 0) return 0;  // the root is never a child, so 0 means "not wanted"
    const auto& [name, child] = n.children[entry - 1];
    if (name.size() == key.size() && std::memcmp(name.data(), key.data(), key.size()) == 0) {
      return child;
    }
  }
}

error_code JsonDecoder::KeyOf(od::field& field, std::string_view* key) {
  // The raw key is followed by its closing quote inside the padded document.
  const char* raw = field.key().raw();
  const char* end = raw;
  while (*end != '"') {
    if (*end == '\\') return field.unescaped_key().get(*key);
    ++end;
  }
  *key = std::string_view(raw, static_cast<size_t>(end - raw));
  return simdjson::SUCCESS;
}

RejectReason JsonDecoder::Decode(std::string_view json, size_t max_field_bytes,
                                 core::AccessEvent* event, std::vector<RawValue>* captures,
                                 bool* utf8_error) {
  *utf8_error = false;
  max_field_bytes_ = max_field_bytes;
  event_ = event;
  captures_ = captures;
  repairs_ = 0;

  od::document doc;
  error_code error =
      parser_.iterate(json.data(), json.size(), json.size() + simdjson::SIMDJSON_PADDING).get(doc);
  if (error == simdjson::UTF8_ERROR) {
    *utf8_error = true;
    return RejectReason::kInvalidJson;
  }
  if (error) return RejectReason::kInvalidJson;

  od::json_type type;
  if (doc.type().get(type)) return RejectReason::kInvalidJson;
  if (type != od::json_type::object) {
    // Only a well-formed scalar or array is "JSON, but not an object"; "not json" is not JSON.
    return IsWellFormedNonObject(doc, type) ? RejectReason::kNotAnObject
                                            : RejectReason::kInvalidJson;
  }
  od::object root;
  if (doc.get_object().get(root)) return RejectReason::kInvalidJson;
  error = WalkObject(root, 0, 0);
  if (error == simdjson::UTF8_ERROR) *utf8_error = true;
  if (error) return RejectReason::kInvalidJson;
  // Anything after the closing brace means the line was not one JSON object.
  const char* location = nullptr;
  if (doc.current_location().get(location) == simdjson::SUCCESS) {
    return RejectReason::kInvalidJson;
  }
  event->AddRepair(repairs_);
  return RejectReason::kNone;
}

error_code JsonDecoder::WalkObject(od::object object, uint32_t node, int depth) {
  for (auto field_result : object) {
    error_code error = field_result.error();
    if (error) return error;
    // By reference: copying the field out costs a store-forwarding stall per key.
    od::field& field = field_result.value_unsafe();
    std::string_view key;
    error = KeyOf(field, &key);
    if (error) return error;
    uint32_t child = FindChild(node, key);
    if (child == 0) continue;  // the iterator skips the value
    const Node& child_node = nodes_[child];
    od::value value = field.value();
    if (!child_node.children.empty()) {
      od::json_type type;
      error = value.type().get(type);
      if (error) return error;
      if (type == od::json_type::object) {
        od::object sub;
        error = value.get_object().get(sub);
        if (!error) error = WalkObject(sub, child, depth + 1);
        if (error) return error;
        continue;
      }
    }
    if (!child_node.targets.empty()) {
      error = Capture(value, child_node, depth);
      if (error) return error;
    }
  }
  return simdjson::SUCCESS;
}

error_code JsonDecoder::Capture(od::value value, const Node& node, int depth) {
  if (depth > kMaxDepth) return simdjson::DEPTH_ERROR;
  // Find the first target this value improves on; usually there is exactly one. Filling its
  // slot in place avoids building the value on the stack and copying it.
  size_t winner = node.targets.size();
  for (size_t i = 0; i < node.targets.size(); ++i) {
    if (node.targets[i].priority < (*captures_)[node.targets[i].capture].priority) {
      winner = i;
      break;
    }
  }
  if (winner == node.targets.size()) return simdjson::SUCCESS;  // a better path already won
  RawValue* slot = &(*captures_)[node.targets[winner].capture];

  od::json_type type;
  error_code error = value.type().get(type);
  if (error) return error;
  switch (type) {
    case od::json_type::string: {
      std::string_view token = TrimTrailingSpace(value.raw_json_token());
      if (token.size() < 2) return simdjson::STRING_ERROR;
      std::string_view inside = token.substr(1, token.size() - 2);
      if (inside == "-") return simdjson::SUCCESS;  // how many gateways write "no value"
      StoreText(inside, slot);
      break;
    }
    case od::json_type::number: {
      od::number_type number_type;
      error = value.get_number_type().get(number_type);
      if (error) return error;
      StoreVerbatim(TrimTrailingSpace(value.raw_json_token()), RawValue::Type::kNumber, slot);
      slot->is_integer = false;
      if (number_type == od::number_type::signed_integer) {
        int64_t integer;
        if (value.get_int64().get(integer)) return simdjson::NUMBER_ERROR;
        slot->integer = integer;
        slot->is_integer = true;
        slot->number = static_cast<double>(integer);
      } else {
        double number;
        if (value.get_double().get(number)) {
          slot->type = RawValue::Type::kString;  // too large for a double (1e400): text
        } else {
          slot->number = number;
        }
      }
      break;
    }
    case od::json_type::boolean: {
      bool b;
      if (value.get_bool().get(b)) return simdjson::INCORRECT_TYPE;
      slot->type = RawValue::Type::kBool;
      slot->boolean = b;
      slot->length = 0;
      break;
    }
    case od::json_type::null:
      return value.is_null().error();
    case od::json_type::array: {
      // Header values arrive as arrays (Caddy: "User-Agent": ["curl/8"]); the first is the one.
      od::array array;
      error = value.get_array().get(array);
      if (error) return error;
      for (auto element : array) {
        od::value first;
        error = std::move(element).get(first);
        if (error) return error;
        od::json_type element_type;
        error = first.type().get(element_type);
        if (error) return error;
        if (element_type == od::json_type::array || element_type == od::json_type::object) {
          std::string_view raw_json;
          error = RawJson(first, element_type, &raw_json);
          if (error) return error;
          StoreVerbatim(raw_json, RawValue::Type::kComposite, slot);
          break;
        }
        return Capture(first, node, depth + 1);  // the rest of the array is skipped
      }
      if (slot->type == RawValue::Type::kNone) return simdjson::SUCCESS;  // an empty array
      break;
    }
    case od::json_type::object: {
      std::string_view raw_json;
      error = RawJson(value, type, &raw_json);
      if (error) return error;
      StoreVerbatim(raw_json, RawValue::Type::kComposite, slot);
      break;
    }
  }
  slot->priority = node.targets[winner].priority;
  // Further targets fed by the same path (NGINX's "request" gives both method and path).
  for (size_t i = winner + 1; i < node.targets.size(); ++i) {
    RawValue& other = (*captures_)[node.targets[i].capture];
    if (node.targets[i].priority < other.priority) {
      other = *slot;
      other.priority = node.targets[i].priority;
    }
  }
  return simdjson::SUCCESS;
}

void JsonDecoder::StoreText(std::string_view raw_inside_quotes, RawValue* slot) {
  std::string& buffer = event_->buffer();
  size_t offset = buffer.size();
  AppendJsonUnescaped(raw_inside_quotes, &buffer, &repairs_);
  size_t length = buffer.size() - offset;
  if (length > max_field_bytes_) {
    length = Utf8PrefixLength(std::string_view(buffer.data() + offset, length), max_field_bytes_);
    buffer.resize(offset + length);
    repairs_ |= core::kRepairTruncated;
  }
  slot->type = RawValue::Type::kString;
  slot->offset = static_cast<uint32_t>(offset);
  slot->length = static_cast<uint32_t>(length);
}

void JsonDecoder::StoreVerbatim(std::string_view text, RawValue::Type type, RawValue* slot) {
  size_t length = text.size();
  if (length > max_field_bytes_) {
    length = Utf8PrefixLength(text, max_field_bytes_);
    repairs_ |= core::kRepairTruncated;
  }
  slot->type = type;
  slot->offset = static_cast<uint32_t>(event_->AppendText(text.substr(0, length)));
  slot->length = static_cast<uint32_t>(length);
}

bool JsonDecoder::ExtractString(std::string_view json, const std::vector<std::string>& path,
                                std::string* out, uint32_t* repairs) {
  od::document doc;
  if (parser_.iterate(json.data(), json.size(), json.size() + simdjson::SIMDJSON_PADDING)
          .get(doc)) {
    return false;
  }
  od::object object;
  if (doc.get_object().get(object)) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    od::value value;
    if (object.find_field_unordered(path[i]).get(value)) return false;
    if (i + 1 < path.size()) {
      if (value.get_object().get(object)) return false;
      continue;
    }
    od::json_type type;
    if (value.type().get(type) || type != od::json_type::string) return false;
    std::string_view token = TrimTrailingSpace(value.raw_json_token());
    if (token.size() < 2) return false;
    out->clear();
    AppendJsonUnescaped(token.substr(1, token.size() - 2), out, repairs);
    return true;
  }
  return false;
}

}  // namespace gatewatch::parse
