#include "window/baseline.h"

#include <gtest/gtest.h>

namespace gatewatch::window {
namespace {

BaselineParams Params() {
  BaselineParams p;
  p.period = core::kMinute;
  p.half_life = core::kHour;
  p.warmup_periods = 10;
  return p;
}

TEST(Baseline, LearnsASteadyRate) {
  Baseline b;
  BaselineParams p = Params();
  for (uint32_t period = 0; period < 600; ++period) {
    for (int i = 0; i < 60; ++i) b.Observe(period, 1, p);
  }
  b.AdvanceTo(600, p);
  EXPECT_NEAR(b.mean(), 60, 1);
  EXPECT_LT(b.stddev(), 1);
  EXPECT_TRUE(b.warm(p));
}

TEST(Baseline, ColdUntilWarmupPeriodsPassed) {
  Baseline b;
  BaselineParams p = Params();
  for (uint32_t period = 0; period < 5; ++period) b.Observe(period, 10, p);
  b.AdvanceTo(5, p);
  EXPECT_FALSE(b.warm(p));
}

TEST(Baseline, QuietPeriodsDecayTowardsZeroByHalfLife) {
  Baseline b;
  BaselineParams p = Params();
  for (uint32_t period = 0; period < 600; ++period) b.Observe(period, 100, p);
  b.AdvanceTo(600, p);
  double before = b.mean();
  b.AdvanceTo(660, p);  // one half-life of silence
  EXPECT_NEAR(b.mean(), before / 2, before * 0.02);
  b.AdvanceTo(4000000, p);
  EXPECT_EQ(b.mean(), 0);
}

TEST(Baseline, CurrentPeriodIsNotPartOfTheMean) {
  Baseline b;
  BaselineParams p = Params();
  for (uint32_t period = 0; period < 100; ++period) b.Observe(period, 10, p);
  b.AdvanceTo(100, p);
  double learned = b.mean();
  b.Observe(100, 1000, p);  // a spike now must not raise its own threshold
  EXPECT_EQ(b.mean(), learned);
}

TEST(Baseline, AlphaFollowsTheHalfLife) {
  BaselineParams p = Params();
  p.half_life = p.period;
  EXPECT_DOUBLE_EQ(p.Alpha(), 0.5);
}

}  // namespace
}  // namespace gatewatch::window
