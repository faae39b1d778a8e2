#include "window/distinct_counter.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <string>

namespace gatewatch::window {
namespace {

constexpr size_t kRegisters = size_t{1} << 10;

// How the values are held, in a snapshot.
enum SnapshotMode : uint8_t { kSmallSet = 0, kLargeSet = 1, kSketch = 2 };
// Capacities beyond these are not ones a counter could have grown to, and are not honoured.
constexpr size_t kMaxRestoredInline = 64;
constexpr size_t kMaxRestoredSlices = 64;

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

namespace gatewatch::window {

void DistinctCounter::Save(SnapshotWriter* out) const {
  const uint8_t mode = !slices_.empty() ? kSketch : large_ != nullptr ? kLargeSet : kSmallSet;
  out->U8(mode);
  out->Varint(slices_.capacity());
  if (mode == kSketch) {
    out->Varint(slice_width_);
    out->Varint(slices_.size());
    for (const Slice& s : slices_) {
      out->Varint(s.index);
      out->Bytes(std::string_view(reinterpret_cast<const char*>(s.registers.get()), kRegisters));
    }
    return;
  }
  auto write = [out](uint64_t hash, uint32_t index) {
    out->U64(hash);
    out->Varint(index);
  };
  if (mode == kSmallSet) {
    out->Varint(small_.capacity() > 2 ? small_.capacity() : 0);
    out->Varint(small_.size());
    for (const Entry& e : small_) write(e.hash, e.index);
    return;
  }
  out->Varint(large_->capacity());
  out->Varint(large_->size());
  std::vector<std::pair<uint64_t, uint32_t>> values(large_->begin(), large_->end());
  std::sort(values.begin(), values.end());
  for (const auto& [hash, index] : values) write(hash, index);
}

void DistinctCounter::Reset() {
  small_.clear();
  small_.shrink_to_fit();
  large_.reset();
  slices_.clear();
  slices_.shrink_to_fit();
  slice_width_ = 1;
  min_index_ = UINT32_MAX;
}

bool DistinctCounter::Load(SnapshotReader* in, size_t bound) {
  Reset();
  const uint8_t mode = in->U8();
  const uint64_t slices_capacity = in->Varint();
  if (in->ok() && mode > kSketch) in->Fail("unknown distinct counter mode " + std::to_string(mode));
  if (in->ok()) slices_.reserve(slices_capacity <= kMaxRestoredSlices ? slices_capacity : 0);
  const bool ok =
      in->ok() && (mode == kSketch ? LoadSketch(in) : LoadExact(in, bound, mode == kLargeSet));
  if (!ok) Reset();
  return ok;
}

bool DistinctCounter::LoadExact(SnapshotReader* in, size_t bound, bool large) {
  const uint64_t capacity = in->Varint();
  const uint64_t n = in->Count(9, "distinct values");
  const size_t limit = large ? bound : std::min(bound, kInlineLimit);
  if (in->ok() && (n > limit || (large && n == 0))) {
    in->Fail(std::to_string(n) + " exact distinct values where at most " + std::to_string(limit) +
             " can be");
  }
  if (!in->ok()) return false;
  if (large) {
    large_ = std::make_unique<absl::flat_hash_map<uint64_t, uint32_t>>();
    // The map's capacity C comes back from reserving its growth, C - C/8; honoured while it
    // is one the values could have grown it to, so a hostile one cannot allocate much.
    large_->reserve(capacity <= 4 * std::min<uint64_t>(n, bound) + 64 ? capacity - capacity / 8
                                                                      : n);
  } else {
    small_.reserve(std::max<uint64_t>(n, capacity <= kMaxRestoredInline ? capacity : 0));
  }
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t hash = in->U64();
    const uint32_t index = in->Varint32();
    if (!in->ok()) return false;
    if (!large) {
      small_.push_back(Entry{hash, index});
    } else if (!large_->emplace(hash, index).second) {
      in->Fail("duplicate distinct value");
      return false;
    }
    min_index_ = std::min(min_index_, index);
  }
  return true;
}

bool DistinctCounter::LoadSketch(SnapshotReader* in) {
  slice_width_ = in->Varint32();
  const uint64_t n = in->Count(1 + kRegisters, "sketch slices");
  if (in->ok() && (slice_width_ == 0 || n == 0)) in->Fail("empty sketch or zero slice width");
  for (uint64_t i = 0; i < n && in->ok(); ++i) {
    const uint32_t index = in->Varint32();
    const std::string_view registers = in->Bytes(kRegisters);
    if (!in->ok()) break;
    if ((i > 0 && index <= slices_.back().index) || index >= UINT32_MAX / slice_width_) {
      in->Fail("sketch slice " + std::to_string(index) + " out of order or range");
      break;
    }
    Slice slice{index, std::make_unique<uint8_t[]>(kRegisters)};
    std::memcpy(slice.registers.get(), registers.data(), kRegisters);
    slices_.push_back(std::move(slice));
  }
  if (!in->ok()) return false;
  min_index_ = slices_.front().index * slice_width_;
  return true;
}

}  // namespace gatewatch::window
