#include "window/sliding_window.h"

#include <gtest/gtest.h>

namespace gatewatch::window {
namespace {

TEST(SlidingWindow, CountsExactlyWithinTheRange) {
  SlidingWindow w;
  for (uint32_t b = 100; b < 160; ++b) w.Add(b, 1, false, Reduce::kCount);
  EXPECT_EQ(w.Sum(100, 159, Reduce::kCount).count, 60u);
  EXPECT_EQ(w.Sum(130, 159, Reduce::kCount).count, 30u);
  EXPECT_EQ(w.Sum(160, 200, Reduce::kCount).count, 0u);
}

TEST(SlidingWindow, SparseGroupsKeepOnlyTheirBuckets) {
  SlidingWindow w;
  w.Add(10, 1, false, Reduce::kCount);
  w.Add(10, 1, false, Reduce::kCount);
  w.Add(50, 1, false, Reduce::kCount);
  EXPECT_EQ(w.bucket_count(), 2u);
  EXPECT_EQ(w.heap_bytes(), 0u) << "two buckets fit inline";
}

TEST(SlidingWindow, LateEventsLandInTheirOwnBucketInOrder) {
  SlidingWindow w;
  w.Add(20, 1, false, Reduce::kCount);
  w.Add(10, 1, false, Reduce::kCount);
  w.Add(15, 1, false, Reduce::kCount);
  EXPECT_EQ(w.Sum(11, 20, Reduce::kCount).count, 2u);
  w.Expire(12);
  EXPECT_EQ(w.bucket_count(), 2u);
  EXPECT_EQ(w.Sum(0, 100, Reduce::kCount).count, 2u);
}

TEST(SlidingWindow, SumMaxAndRatio) {
  SlidingWindow sum, max, ratio;
  for (uint32_t b = 0; b < 4; ++b) {
    sum.Add(b, 2.5, false, Reduce::kSum);
    max.Add(b, b == 1 ? 99 : -3, false, Reduce::kMax);
    ratio.Add(b, 1, b % 2 == 0, Reduce::kRatio);
  }
  EXPECT_DOUBLE_EQ(sum.Sum(0, 3, Reduce::kSum).value, 10);
  EXPECT_DOUBLE_EQ(max.Sum(0, 3, Reduce::kMax).value, 99);
  EXPECT_DOUBLE_EQ(max.Sum(2, 3, Reduce::kMax).value, -3) << "negative maxima are kept";
  EXPECT_DOUBLE_EQ(ratio.Sum(0, 3, Reduce::kRatio).value, 2);
  EXPECT_EQ(ratio.Sum(0, 3, Reduce::kRatio).count, 4u);
}

TEST(SlidingWindow, ExpireEverythingLeavesItEmpty) {
  SlidingWindow w;
  for (uint32_t b = 0; b < 10; ++b) w.Add(b, 1, false, Reduce::kCount);
  w.Expire(10);
  EXPECT_TRUE(w.empty());
  w.Clear();
  EXPECT_EQ(w.heap_bytes(), 0u);
}

}  // namespace
}  // namespace gatewatch::window

namespace gatewatch::window {
namespace {

TEST(SlidingWindow, SumAllEqualsTheRangeOnceExpired) {
  SlidingWindow w;
  for (uint32_t b = 0; b < 100; ++b) w.Add(b, b % 7, b % 3 == 0, Reduce::kSum);
  w.Expire(40);
  SlidingWindow::Totals all = w.SumAll(Reduce::kSum), range = w.Sum(40, 99, Reduce::kSum);
  EXPECT_EQ(all.count, range.count);
  EXPECT_DOUBLE_EQ(all.value, range.value);
}

}  // namespace
}  // namespace gatewatch::window
