#include "window/sliding_window.h"

#include <algorithm>

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
  while (drop < buckets_.size() && buckets_[drop].index < oldest_kept) ++drop;
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

SlidingWindow::Totals SlidingWindow::SumAll(Reduce reduce) const {
  Totals totals;
  if (buckets_.empty()) return totals;
  if (reduce == Reduce::kMax) totals.value = buckets_.front().value;
  for (const Bucket& b : buckets_) {
    totals.count += b.count;
    if (reduce == Reduce::kMax) {
      totals.value = std::max(totals.value, static_cast<double>(b.value));
    } else {
      totals.value += b.value;
    }
  }
  return totals;
}

}  // namespace gatewatch::window
