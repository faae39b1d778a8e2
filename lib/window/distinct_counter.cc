#include "window/distinct_counter.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace gatewatch::window {
namespace {

constexpr size_t kRegisters = size_t{1} << 10;

}  // namespace

void DistinctCounter::Add(uint64_t value_hash, uint32_t index, size_t bound,
                          uint32_t window_buckets) {
  min_index_ = std::min(min_index_, index);
  if (!slices_.empty()) {
    AddToSketch(value_hash, index);
    return;
  }
  if (large_ == nullptr) {
    for (Entry& e : small_) {
      if (e.hash == value_hash) {
        e.index = std::max(e.index, index);
        return;
      }
    }
    if (small_.size() < kInlineLimit && small_.size() < bound) {
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
  if (large_->size() > bound) ToSketch(window_buckets);
}

void DistinctCounter::ToSketch(uint32_t window_buckets) {
  slice_width_ = std::max<uint32_t>(1, window_buckets / 4);
  std::vector<std::pair<uint64_t, uint32_t>> values(large_->begin(), large_->end());
  large_.reset();
  for (const auto& [hash, index] : values) AddToSketch(hash, index);
}

void DistinctCounter::AddToSketch(uint64_t value_hash, uint32_t index) {
  const uint32_t slice = index / slice_width_;
  auto it = std::lower_bound(slices_.begin(), slices_.end(), slice,
                             [](const Slice& s, uint32_t i) { return s.index < i; });
  if (it == slices_.end() || it->index != slice) {
    Slice fresh{slice, std::make_unique<uint8_t[]>(kRegisters)};
    std::fill(fresh.registers.get(), fresh.registers.get() + kRegisters, 0);
    it = slices_.insert(it, std::move(fresh));
  }
  const size_t reg = value_hash >> (64 - kSketchBits);
  const uint64_t rest = (value_hash << kSketchBits) | (uint64_t{1} << (kSketchBits - 1));
  const auto rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
  it->registers[reg] = std::max(it->registers[reg], rank);
  min_index_ = std::min(min_index_, slices_.front().index * slice_width_);
}

size_t DistinctCounter::Estimate() const {
  uint8_t merged[kRegisters] = {};
  for (const Slice& s : slices_) {
    for (size_t i = 0; i < kRegisters; ++i) merged[i] = std::max(merged[i], s.registers[i]);
  }
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t r : merged) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0;
  }
  const double m = static_cast<double>(kRegisters);
  double estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  if (estimate <= 2.5 * m && zeros > 0) estimate = m * std::log(m / static_cast<double>(zeros));
  return static_cast<size_t>(std::llround(estimate));
}

size_t DistinctCounter::size() const {
  if (!slices_.empty()) return Estimate();
  return large_ != nullptr ? large_->size() : small_.size();
}

void DistinctCounter::ExpireSlow(uint32_t oldest_kept) {
  min_index_ = UINT32_MAX;
  if (!slices_.empty()) {
    // A slice goes once all of it is older than the window.
    while (!slices_.empty() && (slices_.front().index + 1) * slice_width_ <= oldest_kept) {
      slices_.erase(slices_.begin());
    }
    if (!slices_.empty()) min_index_ = slices_.front().index * slice_width_;
    return;
  }
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
  if (!slices_.empty()) return Estimate();  // slices are coarser than a bucket range
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
  bytes += slices_.capacity() * sizeof(Slice) + slices_.size() * kRegisters;
  return bytes;
}

}  // namespace gatewatch::window
