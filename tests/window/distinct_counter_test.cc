#include "window/distinct_counter.h"

#include <gtest/gtest.h>

namespace gatewatch::window {
namespace {

// Values arrive hashed (the engine hashes them); splitmix64 stands in for that hash.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

TEST(DistinctCounter, CountsEachValueOnceWithinTheRange) {
  DistinctCounter d;
  for (int i = 0; i < 6; ++i) d.Add(42, 10 + i, 1000);
  d.Add(7, 12, 1000);
  EXPECT_EQ(d.Count(0, 100), 2u);
  EXPECT_EQ(d.Count(13, 100), 1u) << "value 7 was last seen in bucket 12";
}

TEST(DistinctCounter, GrowsPastTheInlineLimitExactly) {
  DistinctCounter d;
  for (uint64_t v = 0; v < 5000; ++v) d.Add(v * 2654435761u, static_cast<uint32_t>(v / 100), 10000);
  EXPECT_EQ(d.Count(0, 100), 5000u);
  EXPECT_EQ(d.Count(25, 100), 2500u);
  EXPECT_FALSE(d.approximate());
  d.Expire(40);
  EXPECT_EQ(d.Count(0, 100), 1000u);
}

TEST(DistinctCounter, PastTheBoundItEstimatesWithinAFewPercent) {
  DistinctCounter d;
  for (uint64_t v = 0; v < 50000; ++v) {
    d.Add(Mix(v), static_cast<uint32_t>(v / 1000), 1000, 60);
  }
  EXPECT_TRUE(d.approximate());
  EXPECT_NEAR(static_cast<double>(d.size()), 50000, 50000 * 0.1);
  EXPECT_LT(d.heap_bytes(), 16u * 1024) << "a flood of values costs a few sketches, not a set";
}

TEST(DistinctCounter, RepeatsDoNotInflateTheEstimate) {
  DistinctCounter d;
  for (int round = 0; round < 20; ++round) {
    for (uint64_t v = 0; v < 2000; ++v) d.Add(Mix(v), 5, 1000, 60);
  }
  EXPECT_NEAR(static_cast<double>(d.size()), 2000, 2000 * 0.1);
}

TEST(DistinctCounter, SketchesExpireAndTheCounterIsExactAgain) {
  DistinctCounter d;
  for (uint64_t v = 0; v < 3000; ++v) d.Add(Mix(v), 10, 1000, 60);
  ASSERT_TRUE(d.approximate());
  d.Expire(100);
  EXPECT_TRUE(d.empty());
  EXPECT_FALSE(d.approximate());
  d.Add(42, 200, 1000, 60);
  EXPECT_EQ(d.size(), 1u);
}

TEST(DistinctCounter, ExpiringEverythingFreesTheMap) {
  DistinctCounter d;
  for (uint64_t v = 0; v < 100; ++v) d.Add(v, 5, 1000);
  EXPECT_GT(d.heap_bytes(), 0u);
  d.Expire(6);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(d.heap_bytes(), 0u);
}

}  // namespace
}  // namespace gatewatch::window
