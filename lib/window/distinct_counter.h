#ifndef GATEWATCH_WINDOW_DISTINCT_COUNTER_H_
#define GATEWATCH_WINDOW_DISTINCT_COUNTER_H_

#include <cstddef>
#include <cstdint>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"

namespace gatewatch::window {

// Distinct values seen in a sliding window: each value (by 64-bit hash) with the newest bucket
// it was seen in. Exact while it holds at most `bound` values; past that it evicts the value
// seen longest ago, so the count it reports is a lower bound that is exact up to `bound` (the
// rule's threshold should sit well below it). Small sets live inline; large ones in a hash map.
class DistinctCounter {
 public:
  // Records `value_hash` as seen in bucket `index`.
  void Add(uint64_t value_hash, uint32_t index, size_t bound);
  // Forgets values last seen before `oldest_kept`.
  void Expire(uint32_t oldest_kept) {
    if (oldest_kept > min_index_) ExpireSlow(oldest_kept);
  }
  // Distinct values seen in buckets [first, last].
  size_t Count(uint32_t first, uint32_t last) const;
  // Distinct values held: the window's count once Expire has dropped the old ones.
  size_t size() const { return large_ != nullptr ? large_->size() : small_.size(); }
  // True once values were evicted for the bound (the count is then a lower bound).
  bool saturated() const { return saturated_; }
  bool empty() const { return small_.empty() && (large_ == nullptr || large_->empty()); }
  size_t heap_bytes() const;

 private:
  struct Entry {
    uint64_t hash;
    uint32_t index;
  };
  static constexpr size_t kInlineLimit = 16;

  void EvictOldest();
  void ExpireSlow(uint32_t oldest_kept);

  absl::InlinedVector<Entry, 2> small_;
  std::unique_ptr<absl::flat_hash_map<uint64_t, uint32_t>> large_;
  bool saturated_ = false;
  // No entry is older than this (a lower bound), so most Expire calls return at once.
  uint32_t min_index_ = UINT32_MAX;
};

}  // namespace gatewatch::window

#endif  // GATEWATCH_WINDOW_DISTINCT_COUNTER_H_
