#ifndef GATEWATCH_WINDOW_DISTINCT_COUNTER_H_
#define GATEWATCH_WINDOW_DISTINCT_COUNTER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "window/snapshot_codec.h"

namespace gatewatch::window {

// Distinct values seen in a sliding window. Exact while the window holds at most `bound`
// values: each value (by 64-bit hash) with the newest bucket it was seen in; small sets inline,
// large ones in a hash map. Past the bound it turns approximate: HyperLogLog sketches (1024
// registers, standard error about 3.3%) over slices of a quarter window each, so memory stays
// near 1 KiB per slice whatever the flood; a slice counts until all of it has left the window,
// so values up to a quarter window older than the window may still be counted. When every
// slice has expired it is exact again.
class DistinctCounter {
 public:
  // Records `value_hash` as seen in bucket `index`; `window_buckets` is the window's length.
  void Add(uint64_t value_hash, uint32_t index, size_t bound, uint32_t window_buckets = 60);
  // Forgets values last seen before `oldest_kept`.
  void Expire(uint32_t oldest_kept) {
    if (oldest_kept > min_index_) ExpireSlow(oldest_kept);
  }
  // Distinct values seen in buckets [first, last].
  size_t Count(uint32_t first, uint32_t last) const;
  // Distinct values held: the window's count once Expire has dropped the old ones (an
  // estimate while approximate()).
  size_t size() const;
  // True while past the bound: counts are HyperLogLog estimates.
  bool approximate() const { return !slices_.empty(); }
  bool empty() const {
    return small_.empty() && (large_ == nullptr || large_->empty()) && slices_.empty();
  }
  size_t heap_bytes() const;

  // Snapshots (docs/snapshots.md): the exact values (sorted, so equal counters write equal
  // bytes) or the sketch slices, and the capacities behind heap_bytes(). Load replaces the
  // contents and checks them against `bound` (the rule's distinct_bound); on malformed input it
  // fails `in`, leaves the counter empty and returns false.
  void Save(SnapshotWriter* out) const;
  bool Load(SnapshotReader* in, size_t bound);

 private:
  struct Entry {
    uint64_t hash;
    uint32_t index;
  };
  static constexpr size_t kInlineLimit = 16;

  static constexpr int kSketchBits = 10;  // 1024 registers
  struct Slice {
    uint32_t index;  // bucket index / slice width
    std::unique_ptr<uint8_t[]> registers;
  };

  void ExpireSlow(uint32_t oldest_kept);
  void ToSketch(uint32_t window_buckets);
  void AddToSketch(uint64_t value_hash, uint32_t index);
  size_t Estimate() const;
  void Reset();
  bool LoadExact(SnapshotReader* in, size_t bound, bool large);
  bool LoadSketch(SnapshotReader* in);

  absl::InlinedVector<Entry, 2> small_;
  std::unique_ptr<absl::flat_hash_map<uint64_t, uint32_t>> large_;
  std::vector<Slice> slices_;  // approximate mode, oldest first
  uint32_t slice_width_ = 1;
  // No entry is older than this (a lower bound), so most Expire calls return at once.
  uint32_t min_index_ = UINT32_MAX;
};

}  // namespace gatewatch::window

#endif  // GATEWATCH_WINDOW_DISTINCT_COUNTER_H_
