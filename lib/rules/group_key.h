#ifndef GATEWATCH_RULES_GROUP_KEY_H_
#define GATEWATCH_RULES_GROUP_KEY_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/access_event.h"

// Internal to lib/rules: groups are keyed by a 64-bit hash of their field values. At 10^7
// groups the chance of any collision is about 3 in a million; the values themselves are kept
// only where an alert needs them. The hashes are unseeded, so they are the same in every process
// (on little-endian hosts): state snapshots store them (group keys, distinct values), so a change
// to these functions needs a new snapshot format version (docs/snapshots.md).
namespace gatewatch::rules {

uint64_t GroupKeyHashBytes(const char* data, size_t size, uint64_t seed);

// Hash of the values of `fields` in `event` (kind and text of each, in order).
uint64_t GroupKeyHash(const core::AccessEvent& event, const std::vector<core::FieldId>& fields);

// Group hashes of one event, remembered per group_by list, so that rules grouping by the same
// fields hash them once. Lives on the stack for one event; never allocates.
class GroupKeyCache {
 public:
  uint64_t Get(const core::AccessEvent& event, const std::vector<core::FieldId>& fields) {
    for (size_t i = 0; i < size_; ++i) {
      if (entries_[i].fields == &fields || *entries_[i].fields == fields) return entries_[i].hash;
    }
    uint64_t hash = GroupKeyHash(event, fields);
    if (size_ < kEntries) entries_[size_++] = Entry{&fields, hash};
    return hash;
  }

 private:
  static constexpr size_t kEntries = 8;
  struct Entry {
    const std::vector<core::FieldId>* fields;
    uint64_t hash;
  };
  Entry entries_[kEntries];
  size_t size_ = 0;
};

}  // namespace gatewatch::rules

#endif  // GATEWATCH_RULES_GROUP_KEY_H_
