#include "core/access_event.h"

#include <array>

namespace gatewatch::core {
namespace {

constexpr std::array<std::string_view, kCanonicalFieldCount> kNames = {
    "ts",    "client_ip", "user",       "api_key",   "method",     "path",
    "route", "status",    "latency_ms", "bytes_out", "user_agent",
};

}  // namespace

std::string_view CanonicalFieldName(FieldId id) {
  return id < kNames.size() ? kNames[id] : std::string_view();
}

std::optional<FieldId> CanonicalFieldFromName(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<FieldId>(i);
  }
  return std::nullopt;
}

std::string_view RepairName(uint32_t single_flag) {
  switch (single_flag) {
    case kRepairInvalidUtf8:
      return "invalid_utf8";
    case kRepairEscapesDecoded:
      return "escapes_decoded";
    case kRepairTruncated:
      return "truncated";
    case kRepairControlChars:
      return "control_chars";
    case kRepairForwardedFor:
      return "bad_forwarded_for";
    default:
      return "unknown";
  }
}

AccessEvent::AccessEvent(size_t extra_field_count)
    : slots_(kCanonicalFieldCount + extra_field_count) {}

void AccessEvent::Clear() {
  ts_ = 0;
  client_ip_ = IpAddress();
  repairs_ = 0;
  for (Slot& s : slots_) s = Slot{};
  arena_.clear();
}

void AccessEvent::set_client_ip(const IpAddress& ip) {
  client_ip_ = ip;
  char text[IpAddress::kMaxTextSize];
  size_t n = ip.Format(text);
  SetString(kFieldClientIp, std::string_view(text, n));
}

size_t AccessEvent::AppendText(std::string_view bytes) {
  size_t offset = arena_.size();
  arena_.append(bytes);
  return offset;
}

void AccessEvent::SetStringAt(FieldId id, size_t offset, size_t length) {
  Slot& s = slots_[id];
  s = Slot{};
  s.kind = ValueKind::kString;
  s.offset = static_cast<uint32_t>(offset);
  s.length = static_cast<uint32_t>(length);
}

void AccessEvent::SetString(FieldId id, std::string_view value) {
  size_t offset = AppendText(value);
  SetStringAt(id, offset, value.size());
}

void AccessEvent::SetNumber(FieldId id, double value, std::string_view spelling) {
  size_t offset = AppendText(spelling);
  SetNumberAt(id, value, offset, spelling.size());
}

void AccessEvent::SetNumberAt(FieldId id, double value, size_t offset, size_t length) {
  Slot& s = slots_[id];
  s = Slot{};
  s.kind = ValueKind::kNumber;
  s.number = value;
  s.offset = static_cast<uint32_t>(offset);
  s.length = static_cast<uint32_t>(length);
}

void AccessEvent::SetBool(FieldId id, bool value) {
  size_t offset = AppendText(value ? "true" : "false");
  Slot& s = slots_[id];
  s = Slot{};
  s.kind = ValueKind::kBool;
  s.boolean = value;
  s.offset = static_cast<uint32_t>(offset);
  s.length = value ? 4 : 5;
}

}  // namespace gatewatch::core
