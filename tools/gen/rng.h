// Seeded randomness for the traffic generator.
//
// Everything the generator emits is derived from one Rng seeded with --seed, drawn in a fixed
// order, so a seed gives byte-identical output on every run, compiler and standard library. For
// that reason nothing here uses <random>'s distributions (their outputs are implementation
// defined) or floating point: every mapping is integer arithmetic.
#ifndef GATEWATCH_TOOLS_GEN_RNG_H_
#define GATEWATCH_TOOLS_GEN_RNG_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gatewatch::gen {

// splitmix64 step: advances "*state" and returns the next output. Used to expand seeds and as a
// stateless hash of an integer (Mix).
inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A well-spread 64-bit hash of "x", for per-object decisions that must not consume Rng draws.
inline uint64_t Mix(uint64_t x) { return SplitMix64(&x); }

// xoshiro256** (Blackman & Vigna), seeded through splitmix64.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t sm = seed;
    for (uint64_t& word : s_) {
      word = SplitMix64(&sm);
    }
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n); returns 0 when "n" is 0. Lemire's multiply-shift (bias below n / 2^64).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }

  // Uniform in [lo, hi]; requires lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // True with probability "ppm" / 1,000,000.
  bool Ppm(uint32_t ppm) { return Below(1000000) < ppm; }

  // Scales "value" by a factor drawn uniformly from [lo_permille, hi_permille] / 1000.
  int64_t Scale(int64_t value, int64_t lo_permille, int64_t hi_permille) {
    return value * Between(lo_permille, hi_permille) / 1000;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t s_[4];
};

// Picks an index with probability proportional to integer weights fixed at construction.
class WeightedIndex {
 public:
  WeightedIndex() = default;
  explicit WeightedIndex(const std::vector<uint64_t>& weights) {
    cumulative_.reserve(weights.size());
    uint64_t total = 0;
    for (uint64_t w : weights) {
      total += w;
      cumulative_.push_back(total);
    }
    // guide_[k] = Find(k * total / G), so a draw in bucket k lies between guide_[k] and
    // guide_[k + 1]: a short search in a small region instead of one over the whole table.
    const size_t buckets = std::min<size_t>(weights.size(), 16384);
    guide_.resize(buckets + 1);
    for (size_t k = 0; k <= buckets && total > 0; ++k) {
      guide_[k] = static_cast<uint32_t>(Find(BucketStart(k), 0, cumulative_.size() - 1));
    }
  }

  size_t size() const { return cumulative_.size(); }
  uint64_t total() const { return cumulative_.empty() ? 0 : cumulative_.back(); }

  // Requires total() > 0.
  size_t Sample(Rng& rng) const {
    const uint64_t u = rng.Below(total());
    const size_t buckets = guide_.size() - 1;
    const auto k = static_cast<size_t>(static_cast<unsigned __int128>(u) * buckets / total());
    return Find(u, guide_[k], guide_[k + 1]);
  }

 private:
  uint64_t BucketStart(size_t k) const {
    return static_cast<uint64_t>(static_cast<unsigned __int128>(total()) * k / (guide_.size() - 1));
  }

  // The first index in [lo, hi] whose cumulative weight exceeds "u" (hi if none).
  size_t Find(uint64_t u, size_t lo, size_t hi) const {
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (cumulative_[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  std::vector<uint64_t> cumulative_;
  std::vector<uint32_t> guide_;
};

// Heavy-tailed (Zipf-Mandelbrot, exponent 1) activity over "n" ranks: rank r gets weight
// 1 / (r + offset). "offset" flattens the head so the busiest entity is busy but still plausible.
inline WeightedIndex ZipfWeights(size_t n, uint64_t offset) {
  std::vector<uint64_t> weights(n);
  for (size_t r = 0; r < n; ++r) {
    weights[r] = (uint64_t{1} << 40) / (r + 1 + offset);
  }
  return WeightedIndex(weights);
}

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_RNG_H_
