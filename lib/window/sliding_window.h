#ifndef GATEWATCH_WINDOW_SLIDING_WINDOW_H_
#define GATEWATCH_WINDOW_SLIDING_WINDOW_H_

#include <cstddef>
#include <cstdint>

#include "absl/container/inlined_vector.h"
#include "window/snapshot_codec.h"

namespace gatewatch::window {

// What a window accumulates per bucket besides the event count.
enum class Reduce : uint8_t {
  kCount,  // only the count
  kSum,    // sum of a value (sum, avg = sum / count)
  kMax,    // maximum of a value
  kRatio,  // number of events matching a sub-filter (ratio = matched / count)
};

// One bucket of time: events whose time falls in [index * width, (index + 1) * width).
// 12 bytes, so that two fit inline in a window: most groups never touch the heap. The value is
// a float: sums are exact to 2^24 per bucket and within 1e-7 of the truth beyond.
struct Bucket {
  uint32_t index;
  uint32_t count;
  float value;  // sum, max or matched count, by Reduce
};

// An event-time sliding window kept as its non-empty buckets only, oldest first, so a group
// that saw three events costs three buckets, not a ring of sixty. The window itself (its
// length and bucket width) belongs to the rule; this class only stores and sums buckets, and
// takes bucket indices, never clocks, so it is deterministic and cheap to test.
class SlidingWindow {
 public:
  // Adds one event to bucket `index` (late events land in their own, older bucket).
  void Add(uint32_t index, double x, bool matched, Reduce reduce);

  // Forgets buckets older than `oldest_kept`.
  void Expire(uint32_t oldest_kept) {
    if (!buckets_.empty() && buckets_.front().index < oldest_kept) ExpireSlow(oldest_kept);
  }

  struct Totals {
    uint64_t count = 0;
    double value = 0;  // sum, max (0 when empty) or matched count
  };
  // Totals of the buckets in [first, last].
  Totals Sum(uint32_t first, uint32_t last, Reduce reduce) const;
  // Totals of every bucket: the window's value once Expire has dropped what is too old (the
  // engine never holds buckets newer than the time it evaluates at).
  Totals SumAll(Reduce reduce) const;

  // Forgets everything and gives back heap memory.
  void Clear() {
    buckets_.clear();
    buckets_.shrink_to_fit();
    count_ = 0;
  }

  bool empty() const { return buckets_.empty(); }
  size_t bucket_count() const { return buckets_.size(); }
  // Heap bytes beyond sizeof(SlidingWindow) (buckets spilled out of the inline storage).
  size_t heap_bytes() const {
    return buckets_.capacity() > 2 ? buckets_.capacity() * sizeof(Bucket) : 0;
  }
  uint32_t newest_index() const { return buckets_.empty() ? 0 : buckets_.back().index; }
  uint32_t oldest_index() const { return buckets_.empty() ? 0 : buckets_.front().index; }

  // Snapshots (docs/snapshots.md): the buckets and the heap capacity they had, so a restored
  // window accounts the same bytes. Indices are written relative to `near` (an index close to
  // them, e.g. the group's last_seen, keeps each to a byte or two); values only when `reduce`
  // keeps one. Load replaces the contents; on malformed input it fails `in` and returns false.
  void Save(SnapshotWriter* out, Reduce reduce, uint32_t near) const;
  bool Load(SnapshotReader* in, Reduce reduce, uint32_t near);

 private:
  void ExpireSlow(uint32_t oldest_kept);

  absl::InlinedVector<Bucket, 2> buckets_;
  // The events in all buckets, kept as buckets come and go: a count rule's value for every
  // event without a pass over the buckets (dense groups hold one per bucket of the window).
  uint32_t count_ = 0;
};

}  // namespace gatewatch::window

#endif  // GATEWATCH_WINDOW_SLIDING_WINDOW_H_
