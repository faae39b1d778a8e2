// State stays bounded: group caps, the memory budget, empty windows dropped, alert storms
// rolled up.
#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace gatewatch::rules {
namespace {

using core::kSecond;
using testing::EngineHarness;
using testing::kT0;

std::string RandomIp(uint64_t i) {
  uint64_t x = i * 0x9E3779B97F4A7C15ull;
  return std::to_string(1 + (x >> 56) % 223) + "." + std::to_string((x >> 48) & 255) + "." +
         std::to_string((x >> 40) & 255) + "." + std::to_string(1 + (x >> 32) % 254);
}

TEST(BoundedState, MaxGroupsEvictsTheLeastRecentlySeen) {
  EngineHarness h(R"(
rules:
  - id: per-ip
    group_by: [client_ip]
    window: 10m
    condition: "> 1000"
    max_groups: 1000
)");
  for (uint64_t i = 0; i < 20000; ++i) {
    h.Apply(h.Event(kT0 + static_cast<int64_t>(i) * (kSecond / 100), RandomIp(i)));
  }
  RuleStats s = h.engine().stats().rules[0];
  EXPECT_LE(s.groups, 1000u);
  EXPECT_GE(s.groups_evicted, 19000u - 1000u);
  EXPECT_EQ(s.groups_created - s.groups_evicted - s.groups_expired, s.groups);
}

TEST(BoundedState, MemoryBudgetHoldsUnderAFloodOfNewKeys) {
  EngineOptions options;
  options.memory_budget_bytes = 1 << 20;
  EngineHarness h(R"(
rules:
  - id: per-ip
    group_by: [client_ip]
    window: 10m
    condition: "> 1000"
  - id: per-ip-distinct
    group_by: [client_ip]
    window: 10m
    aggregate: distinct(path)
    condition: "> 1000"
)",
                  options);
  for (uint64_t i = 0; i < 100000; ++i) {
    core::AccessEvent e = h.Event(kT0 + static_cast<int64_t>(i) * (kSecond / 1000), RandomIp(i));
    e.SetString(core::kFieldPath, "/p/" + std::to_string(i));
    h.Apply(e);
    ASSERT_LE(h.engine().stats().state_bytes, options.memory_budget_bytes) << "after event " << i;
  }
  EngineStats s = h.engine().stats();
  EXPECT_GT(s.rules[0].groups_evicted + s.rules[1].groups_evicted, 50000u);
}

TEST(BoundedState, EmptyGroupsAreDroppedButTheirAlertsFinish) {
  EngineHarness h(R"(
rules:
  - id: per-ip
    group_by: [client_ip]
    window: 1m
    condition: "> 5"
)");
  for (uint64_t i = 0; i < 500; ++i) h.Apply(h.Event(kT0, RandomIp(i)));
  h.Send(10, kT0, kSecond / 10, "192.0.2.1", [](core::AccessEvent&, int) {});
  h.AdvanceTo(kT0 + 10 * core::kMinute);
  RuleStats s = h.engine().stats().rules[0];
  EXPECT_EQ(s.groups, 0u);
  EXPECT_EQ(s.groups_expired, 501u);
  EXPECT_EQ(h.Resolved().size(), 1u);
}

TEST(BoundedState, AlertStormRollsUpPastTheFiringCap) {
  EngineHarness h(R"(
rules:
  - id: per-ip
    group_by: [client_ip]
    window: 1m
    condition: "> 2"
    max_firing: 3
)");
  for (uint64_t ip = 0; ip < 50; ++ip) {
    h.Send(3, kT0 + static_cast<int64_t>(ip) * (kSecond / 10), kSecond / 100, RandomIp(ip),
           [](core::AccessEvent&, int) {});
  }
  std::vector<alert::Alert> firing = h.Firing();
  ASSERT_EQ(firing.size(), 4u) << "three groups, then one roll-up";
  const alert::Alert& rollup = firing.back();
  EXPECT_EQ(rollup.labels.at("rollup"), "true");
  EXPECT_EQ(rollup.evidence.rolled_up_groups, 1u) << "emitted when the first group rolled up";
  EXPECT_EQ(h.engine().stats().rules[0].alerts_rolled_up, 47u);
  h.Finish();
  EXPECT_EQ(h.Resolved().size(), 4u) << "three individual resolutions and the roll-up's";
}

TEST(BoundedState, SparseCountGroupsStayUnderTheTargetBytes) {
  EngineHarness h(R"(
rules:
  - id: per-ip
    group_by: [client_ip]
    window: 10m
    condition: "> 1000"
)");
  for (uint64_t i = 0; i < 50000; ++i) {
    h.Apply(h.Event(kT0 + static_cast<int64_t>(i) * (kSecond / 1000), RandomIp(i % 20000)));
  }
  RuleStats s = h.engine().stats().rules[0];
  ASSERT_GT(s.groups, 15000u);
  double per_group = static_cast<double>(s.state_bytes) / static_cast<double>(s.groups);
  EXPECT_LE(per_group, 128) << "bytes per tracked group";
  std::printf("bytes per tracked group: %.1f (%zu groups)\n", per_group,
              static_cast<size_t>(s.groups));
}

}  // namespace
}  // namespace gatewatch::rules
