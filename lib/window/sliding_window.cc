#include "window/sliding_window.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace gatewatch::window {

void SlidingWindow::Add(uint32_t index, double x, bool matched, Reduce reduce) {
  // Events almost always land in the newest bucket; a late one is inserted in order.
  auto it = buckets_.end();
  if (!buckets_.empty() && buckets_.back().index >= index) {
    it = std::lower_bound(buckets_.begin(), buckets_.end(), index,
                          [](const Bucket& b, uint32_t i) { return b.index < i; });
  }
  if (it == buckets_.end() || it->index != index) {
    float initial = reduce == Reduce::kMax ? static_cast<float>(x) : 0.0f;
    it = buckets_.insert(it, Bucket{index, 0, initial});
  }
  ++it->count;
  ++count_;
  switch (reduce) {
    case Reduce::kCount:
      break;
    case Reduce::kSum:
      it->value += static_cast<float>(x);
      break;
    case Reduce::kMax:
      it->value = std::max(it->value, static_cast<float>(x));
      break;
    case Reduce::kRatio:
      if (matched) it->value += 1;
      break;
  }
}

void SlidingWindow::ExpireSlow(uint32_t oldest_kept) {
  size_t drop = 0;
  while (drop < buckets_.size() && buckets_[drop].index < oldest_kept) {
    count_ -= buckets_[drop].count;
    ++drop;
  }
  if (drop > 0) buckets_.erase(buckets_.begin(), buckets_.begin() + static_cast<ptrdiff_t>(drop));
}

SlidingWindow::Totals SlidingWindow::Sum(uint32_t first, uint32_t last, Reduce reduce) const {
  Totals totals;
  bool any = false;
  for (const Bucket& b : buckets_) {
    if (b.index < first || b.index > last) continue;
    totals.count += b.count;
    if (reduce == Reduce::kMax) {
      totals.value = any ? std::max(totals.value, static_cast<double>(b.value)) : b.value;
    } else {
      totals.value += b.value;
    }
    any = true;
  }
  return totals;
}

namespace {

// A restored capacity is honoured up to this multiple of the buckets restored (plus slack for
// a window that grew and then drained), so that a hostile snapshot cannot make a few bytes
// allocate much.
constexpr uint64_t kCapacityFactor = 4;
constexpr uint64_t kCapacitySlack = 64;

}  // namespace

void SlidingWindow::Save(SnapshotWriter* out, Reduce reduce, uint32_t near) const {
  out->Varint(heap_bytes() > 0 ? buckets_.capacity() : 0);
  out->Varint(buckets_.size());
  int64_t previous = near;
  for (const Bucket& b : buckets_) {
    out->SignedVarint(static_cast<int64_t>(b.index) - previous);
    previous = b.index;
    out->Varint(b.count);
    if (reduce != Reduce::kCount) out->F32(b.value);
  }
}

bool SlidingWindow::Load(SnapshotReader* in, Reduce reduce, uint32_t near) {
  Clear();
  const uint64_t capacity = in->Varint();
  const uint64_t n = in->Count(2, "window buckets");
  buckets_.reserve(
      std::max<uint64_t>(n, capacity <= kCapacityFactor * n + kCapacitySlack ? capacity : 0));
  int64_t previous = near;
  for (uint64_t i = 0; i < n && in->ok(); ++i) {
    const int64_t index = previous + in->SignedVarint();
    const uint32_t count = in->Varint32();
    const float value = reduce != Reduce::kCount ? in->F32() : 0.0f;
    if (index < 0 || index > UINT32_MAX || (i > 0 && index <= previous)) {
      in->Fail("window bucket " + std::to_string(index) + " out of order or range");
    } else if (!std::isfinite(value)) {
      in->Fail("window bucket value is not finite");
    }
    if (!in->ok()) break;
    buckets_.push_back(Bucket{static_cast<uint32_t>(index), count, value});
    count_ += count;
    previous = index;
  }
  if (!in->ok()) Clear();
  return in->ok();
}

SlidingWindow::Totals SlidingWindow::SumAll(Reduce reduce) const {
  Totals totals;
  totals.count = count_;
  if (buckets_.empty() || reduce == Reduce::kCount) return totals;
  if (reduce == Reduce::kMax) {
    float max = buckets_.front().value;
    for (const Bucket& b : buckets_) max = std::max(max, b.value);
    totals.value = max;
    return totals;
  }
  for (const Bucket& b : buckets_) totals.value += b.value;
  return totals;
}

}  // namespace gatewatch::window
