#ifndef GATEWATCH_RULES_GROUP_KEY_H_
#define GATEWATCH_RULES_GROUP_KEY_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/access_event.h"

// Internal to lib/rules: groups are keyed by a 64-bit hash of their field values. At 10^7
// groups the chance of any collision is about 3 in a million; the values themselves are kept
// only where an alert needs them.
namespace gatewatch::rules {

uint64_t GroupKeyHashBytes(const char* data, size_t size, uint64_t seed);

// Hash of the values of `fields` in `event` (kind and text of each, in order).
uint64_t GroupKeyHash(const core::AccessEvent& event, const std::vector<core::FieldId>& fields);

}  // namespace gatewatch::rules

#endif  // GATEWATCH_RULES_GROUP_KEY_H_
