#ifndef GATEWATCH_PARSE_RAW_VALUE_H_
#define GATEWATCH_PARSE_RAW_VALUE_H_

#include <cstdint>
#include <limits>

// Internal to lib/parse: a value as a decoder found it, before the field's type is applied.
namespace gatewatch::parse {

struct RawValue {
  enum class Type : uint8_t {
    kNone,       // not found (or null, or "-")
    kString,     // text in the event buffer at [offset, offset + length)
    kNumber,     // `number`, with `integer` exact when is_integer; its spelling as text
    kBool,       // `boolean`
    kComposite,  // an object or array, its raw JSON as text
  };
  static constexpr uint16_t kNoPriority = std::numeric_limits<uint16_t>::max();

  Type type = Type::kNone;
  uint16_t priority = kNoPriority;  // index of the alternative path that produced it
  bool is_integer = false;
  bool boolean = false;
  int64_t integer = 0;
  double number = 0;
  uint32_t offset = 0;
  uint32_t length = 0;
};

}  // namespace gatewatch::parse

#endif  // GATEWATCH_PARSE_RAW_VALUE_H_
