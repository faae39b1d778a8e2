#ifndef GATEWATCH_CORE_ACCESS_EVENT_H_
#define GATEWATCH_CORE_ACCESS_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/ip_address.h"

namespace gatewatch::core {

// The canonical fields every access log is mapped onto. Their order is their FieldId.
enum CanonicalField : uint16_t {
  kFieldTs,         // event time, ns since the epoch (always present in a parsed event)
  kFieldClientIp,   // the client's address (always present), also readable as text
  kFieldUser,       // authenticated user / consumer name
  kFieldApiKey,     // API key or credential id
  kFieldMethod,     // HTTP method
  kFieldPath,       // request path as sent (may include the query string)
  kFieldRoute,      // route template or route name
  kFieldStatus,     // HTTP status code
  kFieldLatencyMs,  // request latency in milliseconds
  kFieldBytesOut,   // response size in bytes
  kFieldUserAgent,  // User-Agent header
  kCanonicalFieldCount,
};

// Index of a field in an AccessEvent: canonical fields first, then the extra fields a parser
// was asked to materialise (in the order it was given them).
using FieldId = uint16_t;

std::string_view CanonicalFieldName(FieldId id);
std::optional<FieldId> CanonicalFieldFromName(std::string_view name);

// What a field holds in one event. kMissing (absent, null or "-") is distinct from an empty
// string.
enum class ValueKind : uint8_t { kMissing, kString, kNumber, kBool };

// Bit flags for what the parser repaired to keep an event that was not quite well formed.
enum Repair : uint32_t {
  kRepairNone = 0,
  kRepairInvalidUtf8 = 1u << 0,     // invalid UTF-8 replaced by U+FFFD
  kRepairEscapesDecoded = 1u << 1,  // NGINX \xHH escapes decoded
  kRepairTruncated = 1u << 2,       // a value longer than the field limit was cut
  kRepairControlChars = 1u << 3,    // NUL and other control characters in a value replaced
  kRepairForwardedFor = 1u << 4,    // an unreadable X-Forwarded-For entry was skipped
  kRepairCount = 5,
};
std::string_view RepairName(uint32_t single_flag);

// One access-log request in canonical form. Text values live in the event's own buffer, so
// an event is a self-contained value: copying it copies its text. The parser reuses one event
// per stream; once its buffer has grown to the largest line, parsing allocates nothing.
class AccessEvent {
 public:
  explicit AccessEvent(size_t extra_field_count = 0);

  // Forgets every value but keeps the allocated capacity.
  void Clear();

  size_t field_count() const { return slots_.size(); }

  TimestampNs ts() const { return ts_; }
  const IpAddress& client_ip() const { return client_ip_; }

  ValueKind kind(FieldId id) const { return slots_[id].kind; }
  bool has(FieldId id) const { return slots_[id].kind != ValueKind::kMissing; }
  // The text of a string field; also the original spelling of a number or bool where the
  // input had one. Empty when missing.
  std::string_view text(FieldId id) const {
    const Slot& s = slots_[id];
    return std::string_view(arena_.data() + s.offset, s.length);
  }
  // The value of a number field; 0 when missing or not a number.
  double number(FieldId id) const { return slots_[id].number; }
  bool boolean(FieldId id) const { return slots_[id].boolean; }

  // Convenience accessors for the canonical fields.
  std::string_view user() const { return text(kFieldUser); }
  std::string_view api_key() const { return text(kFieldApiKey); }
  std::string_view method() const { return text(kFieldMethod); }
  std::string_view path() const { return text(kFieldPath); }
  std::string_view route() const { return text(kFieldRoute); }
  std::string_view user_agent() const { return text(kFieldUserAgent); }
  // -1 when the event has no status.
  int status() const { return has(kFieldStatus) ? static_cast<int>(number(kFieldStatus)) : -1; }

  // Repair flags (bitwise or of Repair) applied while parsing this event.
  uint32_t repairs() const { return repairs_; }

  // Writers, used by the parser and by tests that build events by hand.
  void set_ts(TimestampNs ts) { ts_ = ts; }
  void set_client_ip(const IpAddress& ip);  // also sets the text form of kFieldClientIp
  void SetString(FieldId id, std::string_view value);
  void SetNumber(FieldId id, double value, std::string_view spelling = {});
  void SetBool(FieldId id, bool value);
  void SetMissing(FieldId id) { slots_[id] = Slot{}; }
  void AddRepair(uint32_t flags) { repairs_ |= flags; }

  // Appends raw bytes to the event's buffer and returns their offset, for writers that build
  // a value in place; finish with SetStringAt.
  size_t AppendText(std::string_view bytes);
  void SetStringAt(FieldId id, size_t offset, size_t length);
  // A number whose spelling is already in the buffer at [offset, offset + length).
  void SetNumberAt(FieldId id, double value, size_t offset, size_t length);
  std::string& buffer() { return arena_; }
  const std::string& buffer() const { return arena_; }

 private:
  struct Slot {
    ValueKind kind = ValueKind::kMissing;
    bool boolean = false;
    uint32_t offset = 0;
    uint32_t length = 0;
    double number = 0;
  };

  TimestampNs ts_ = 0;
  IpAddress client_ip_;
  uint32_t repairs_ = 0;
  std::vector<Slot> slots_;
  std::string arena_;
};

}  // namespace gatewatch::core

#endif  // GATEWATCH_CORE_ACCESS_EVENT_H_
