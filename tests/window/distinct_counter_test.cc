#include "window/distinct_counter.h"

#include <gtest/gtest.h>

namespace gatewatch::window {
namespace {

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
  EXPECT_FALSE(d.saturated());
  d.Expire(40);
  EXPECT_EQ(d.Count(0, 100), 1000u);
}

TEST(DistinctCounter, PastTheBoundTheCountIsALowerBound) {
  DistinctCounter d;
  for (uint64_t v = 0; v < 300; ++v) d.Add(v, static_cast<uint32_t>(v), 100);
  EXPECT_TRUE(d.saturated());
  EXPECT_EQ(d.Count(0, 1000), 100u);
  EXPECT_EQ(d.Count(250, 1000), 50u) << "the newest values are the ones kept";
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
