#include "rules/group_key.h"

#include <cstring>

namespace gatewatch::rules {
namespace {

inline uint64_t Mix(uint64_t a, uint64_t b) {
  __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

constexpr uint64_t kP0 = 0xa0761d6478bd642full;
constexpr uint64_t kP1 = 0xe7037ed1a0b428dbull;

}  // namespace

uint64_t GroupKeyHashBytes(const char* data, size_t size, uint64_t seed) {
  uint64_t h = seed ^ kP0 ^ (static_cast<uint64_t>(size) * kP1);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, 8);
    h = Mix(h ^ w, kP1);
  }
  uint64_t tail = 0;
  if (i < size) std::memcpy(&tail, data + i, size - i);
  return Mix(h ^ tail ^ kP0, kP1 ^ size);
}

uint64_t GroupKeyHash(const core::AccessEvent& event, const std::vector<core::FieldId>& fields) {
  uint64_t h = 0x243f6a8885a308d3ull;
  for (core::FieldId f : fields) {
    std::string_view text = event.text(f);
    h = GroupKeyHashBytes(text.data(), text.size(), h + static_cast<uint64_t>(event.kind(f)));
  }
  return h;
}

}  // namespace gatewatch::rules
