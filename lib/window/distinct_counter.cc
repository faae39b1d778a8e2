#include "window/distinct_counter.h"

#include <algorithm>

namespace gatewatch::window {

void DistinctCounter::Add(uint64_t value_hash, uint32_t index, size_t bound) {
  min_index_ = std::min(min_index_, index);
  if (large_ == nullptr) {
    for (Entry& e : small_) {
      if (e.hash == value_hash) {
        e.index = std::max(e.index, index);
        return;
      }
    }
    if (small_.size() < kInlineLimit) {
      if (small_.size() >= bound) EvictOldest();
      small_.push_back(Entry{value_hash, index});
      return;
    }
    large_ = std::make_unique<absl::flat_hash_map<uint64_t, uint32_t>>();
    for (const Entry& e : small_) large_->emplace(e.hash, e.index);
    small_.clear();
    small_.shrink_to_fit();
  }
  auto [it, inserted] = large_->try_emplace(value_hash, index);
  if (!inserted) {
    it->second = std::max(it->second, index);
    return;
  }
  if (large_->size() > bound) EvictOldest();
}

void DistinctCounter::EvictOldest() {
  saturated_ = true;
  if (large_ == nullptr) {
    auto oldest =
        std::min_element(small_.begin(), small_.end(),
                         [](const Entry& a, const Entry& b) { return a.index < b.index; });
    if (oldest != small_.end()) small_.erase(oldest);
    return;
  }
  // Linear, but only once the bound is hit, which a sane threshold makes rare.
  auto oldest = large_->begin();
  for (auto it = large_->begin(); it != large_->end(); ++it) {
    if (it->second < oldest->second) oldest = it;
  }
  if (oldest != large_->end()) large_->erase(oldest);
}

void DistinctCounter::ExpireSlow(uint32_t oldest_kept) {
  min_index_ = UINT32_MAX;
  if (large_ == nullptr) {
    small_.erase(std::remove_if(small_.begin(), small_.end(),
                                [&](const Entry& e) { return e.index < oldest_kept; }),
                 small_.end());
    for (const Entry& e : small_) min_index_ = std::min(min_index_, e.index);
    return;
  }
  absl::erase_if(*large_, [&](const auto& kv) { return kv.second < oldest_kept; });
  for (const auto& kv : *large_) min_index_ = std::min(min_index_, kv.second);
  if (large_->empty()) large_.reset();
}

size_t DistinctCounter::Count(uint32_t first, uint32_t last) const {
  size_t n = 0;
  if (large_ == nullptr) {
    for (const Entry& e : small_) n += (e.index >= first && e.index <= last);
    return n;
  }
  for (const auto& [hash, index] : *large_) n += (index >= first && index <= last);
  return n;
}

size_t DistinctCounter::heap_bytes() const {
  size_t bytes = small_.capacity() > 2 ? small_.capacity() * sizeof(Entry) : 0;
  if (large_ != nullptr) {
    bytes += sizeof(*large_) + large_->capacity() * (sizeof(uint64_t) + sizeof(uint32_t) + 4 + 1);
  }
  return bytes;
}

}  // namespace gatewatch::window
