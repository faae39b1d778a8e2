// Aggregates and conditions: what a rule measures and when its condition holds.
#include "rules/rule_engine.h"

#include <gtest/gtest.h>

#include "engine_test_util.h"

namespace gatewatch::rules {
namespace {

using core::kSecond;
using testing::EngineHarness;
using testing::kT0;

constexpr const char* kBurst = R"(
rules:
  - id: burst
    filter: status == 401
    group_by: [client_ip]
    window: 1m
    aggregate: count
    condition: "> 30"
    annotations:
      summary: "{{ group.client_ip }}: {{ value }} failures in {{ window }}"
)";

auto Status401 = [](core::AccessEvent& e, int) { e.SetNumber(core::kFieldStatus, 401); };

TEST(RuleEngine, CountAlertsOnTheThirtyFirstEventNotBefore) {
  // CrowdSec's hub tests: 31 requests alert, 29 do not.
  EngineHarness h(kBurst);
  h.Send(30, kT0, kSecond, "192.0.2.1", Status401);
  EXPECT_TRUE(h.alerts().empty());
  h.Send(1, kT0 + 30 * kSecond, kSecond, "192.0.2.1", Status401);
  ASSERT_EQ(h.Firing().size(), 1u);
  const std::vector<alert::Alert> firing = h.Firing();
  const alert::Alert& a = firing[0];
  EXPECT_EQ(a.rule, "burst");
  EXPECT_EQ(a.value, 31);
  EXPECT_EQ(a.threshold, 30);
  EXPECT_EQ(a.group,
            (std::vector<std::pair<std::string, std::string>>{{"client_ip", "192.0.2.1"}}));
  EXPECT_EQ(a.annotations.at("summary"), "192.0.2.1: 31 failures in 1m");
  EXPECT_EQ(a.starts_at, kT0 + 30 * kSecond);
  EXPECT_EQ(a.fingerprint.size(), 16u);
}

TEST(RuleEngine, EventsOutsideTheWindowDoNotCount) {
  EngineHarness h(kBurst);
  h.Send(40, kT0, 2 * kSecond, "192.0.2.1", Status401);  // 40 events over 80 s: ~30 per minute
  EXPECT_TRUE(h.Firing().empty());
}

TEST(RuleEngine, GroupsAreCountedApartAndTheFilterApplies) {
  EngineHarness h(kBurst);
  h.Send(20, kT0, kSecond / 10, "192.0.2.1", Status401);
  h.Send(20, kT0, kSecond / 10, "192.0.2.2", Status401);
  h.Send(40, kT0, kSecond / 10, "192.0.2.3",
         [](core::AccessEvent& e, int) { e.SetNumber(core::kFieldStatus, 200); });
  EXPECT_TRUE(h.Firing().empty());
}

TEST(RuleEngine, DistinctCountsValuesNotEvents) {
  EngineHarness h(R"(
rules:
  - id: stuffing
    filter: status == 401
    group_by: [client_ip]
    window: 10m
    aggregate: distinct(user)
    condition: "> 5"
)");
  // Same user six times: one distinct value.
  h.Send(6, kT0, kSecond, "192.0.2.5", [](core::AccessEvent& e, int) {
    e.SetNumber(core::kFieldStatus, 401);
    e.SetString(core::kFieldUser, "alice");
  });
  EXPECT_TRUE(h.Firing().empty());
  h.Send(6, kT0 + 10 * kSecond, kSecond, "192.0.2.4", [](core::AccessEvent& e, int i) {
    e.SetNumber(core::kFieldStatus, 401);
    e.SetString(core::kFieldUser, "user" + std::to_string(i));
  });
  ASSERT_EQ(h.Firing().size(), 1u);
  EXPECT_EQ(h.Firing()[0].value, 6);
  EXPECT_EQ(h.Firing()[0].group[0].second, "192.0.2.4");
}

TEST(RuleEngine, RatioNeedsItsMinimumOfEvents) {
  EngineHarness h(R"(
rules:
  - id: errors
    group_by: [route]
    window: 5m
    aggregate: ratio(status >= 500)
    condition: "> 0.2"
    min_events: 20
)");
  auto send = [&](int n, int errors, core::TimestampNs start) {
    h.Send(n, start, kSecond, "192.0.2.9", [errors](core::AccessEvent& e, int i) {
      e.SetString(core::kFieldRoute, "/v1/pay");
      e.SetNumber(core::kFieldStatus, i < errors ? 503 : 200);
    });
  };
  send(10, 5, kT0);  // 50% but only 10 requests
  EXPECT_TRUE(h.Firing().empty());
  send(10, 5, kT0 + 10 * kSecond);  // 20 requests, 10 errors
  ASSERT_EQ(h.Firing().size(), 1u);
  EXPECT_DOUBLE_EQ(h.Firing()[0].value, 0.5);
}

TEST(RuleEngine, SumAvgAndMaxOfANumericField) {
  EngineHarness h(R"(
rules:
  - id: slow
    group_by: [route]
    window: 1m
    aggregate: avg(latency_ms)
    condition: ">= 500"
  - id: big
    group_by: [client_ip]
    window: 1m
    aggregate: sum(bytes_out)
    condition: "> 1000000"
  - id: worst
    group_by: [route]
    window: 1m
    aggregate: max(latency_ms)
    condition: "> 5000"
)");
  h.Send(10, kT0, kSecond, "192.0.2.7", [](core::AccessEvent& e, int i) {
    e.SetString(core::kFieldRoute, "/r");
    e.SetNumber(core::kFieldLatencyMs, i < 5 ? 100 : 900);
    e.SetNumber(core::kFieldBytesOut, 200000);
  });
  std::map<std::string, double> fired;
  for (const auto& a : h.Firing()) fired[a.rule] = a.value;
  EXPECT_EQ(fired.count("worst"), 0u);
  EXPECT_DOUBLE_EQ(fired.at("slow"), 500);  // fires once the average reaches 500
  EXPECT_DOUBLE_EQ(fired.at("big"), 1200000);
}

TEST(RuleEngine, BaselineAlertsOnlyAgainstTheGroupsOwnNormal) {
  EngineHarness h(R"(
rules:
  - id: spike
    filter: exists(api_key)
    group_by: [api_key]
    window: 1m
    aggregate: count
    condition: "> 5 * baseline"
    baseline: {half_life: 1h, warmup: 20m, floor: 10}
)");
  auto key = [](const char* k) {
    return [k](core::AccessEvent& e, int) { e.SetString(core::kFieldApiKey, k); };
  };
  // Two keys learn their normal for 40 minutes: 60/min and 600/min.
  for (int minute = 0; minute < 40; ++minute) {
    core::TimestampNs start = kT0 + minute * core::kMinute;
    h.Send(60, start, kSecond, "192.0.2.10", key("small"));
    h.Send(600, start, kSecond / 10, "192.0.2.11", key("big"));
  }
  EXPECT_TRUE(h.Firing().empty());
  // The small key jumps to 600/min: ten times its own normal, the big key's ordinary rate.
  h.Send(600, kT0 + 40 * core::kMinute, kSecond / 10, "192.0.2.10", key("small"));
  h.Send(600, kT0 + 40 * core::kMinute, kSecond / 10, "192.0.2.11", key("big"));
  ASSERT_EQ(h.Firing().size(), 1u);
  EXPECT_EQ(h.Firing()[0].group[0].second, "small");
  EXPECT_NEAR(h.Firing()[0].threshold, 300, 15);
}

TEST(RuleEngine, ColdGroupsDoNotAlertOnABaseline) {
  EngineHarness h(R"(
rules:
  - id: spike
    group_by: [client_ip]
    window: 1m
    aggregate: count
    condition: "> 5 * baseline"
    baseline: {half_life: 1h, warmup: 30m, floor: 10}
)");
  h.Send(5000, kT0, kSecond / 100, "192.0.2.12", [](core::AccessEvent&, int) {});
  EXPECT_TRUE(h.Firing().empty()) << "a new group has no normal to exceed";
}

TEST(RuleEngine, ExceptTakesEventsOutWithoutEditingTheFilter) {
  EngineHarness h(R"(
rules:
  - id: burst
    filter: status == 401
    group_by: [client_ip]
    window: 1m
    condition: "> 3"
    except:
      client_ip: ["192.0.2.0/24"]
      user: [healthcheck]
)");
  h.Send(10, kT0, kSecond, "192.0.2.1", Status401);
  h.Send(10, kT0, kSecond, "198.51.100.1", [](core::AccessEvent& e, int) {
    e.SetNumber(core::kFieldStatus, 401);
    e.SetString(core::kFieldUser, "healthcheck");
  });
  EXPECT_TRUE(h.Firing().empty());
  EXPECT_EQ(h.engine().stats().rules[0].excepted, 20u);
}

TEST(RuleEngine, EventsWithoutTheGroupFieldAreNotCounted) {
  EngineHarness h(R"(
rules:
  - id: per-user
    group_by: [user]
    window: 1m
    condition: "> 3"
)");
  h.Send(10, kT0, kSecond, "192.0.2.1", [](core::AccessEvent&, int) {});
  EXPECT_TRUE(h.Firing().empty());
  EXPECT_EQ(h.engine().stats().rules[0].matched, 0u);
}

TEST(RuleEngine, LateEventsBeyondTheAllowedLatenessAreCountedNotApplied) {
  EngineHarness h(kBurst);
  h.Send(1, kT0, kSecond, "192.0.2.1", Status401);
  h.Send(1, kT0 - 10 * kSecond, kSecond, "192.0.2.1", Status401);  // within 30 s: applied
  h.Send(1, kT0 - 5 * core::kMinute, kSecond, "192.0.2.1", Status401);
  EXPECT_EQ(h.engine().stats().late, 1u);
  EXPECT_EQ(h.engine().stats().rules[0].matched, 2u);
}

TEST(RuleEngine, FutureEventsDoNotMoveTime) {
  EngineHarness h(kBurst);
  h.Send(1, kT0, kSecond, "192.0.2.1", Status401);
  h.Send(1, kT0 + core::kDay, kSecond, "192.0.2.2", Status401);  // a gateway's clock a day ahead
  EXPECT_EQ(h.engine().stats().future, 1u);
  EXPECT_EQ(h.engine().watermark(), kT0);
  h.Send(1, kT0 + kSecond, kSecond, "192.0.2.1", Status401);
  EXPECT_EQ(h.engine().stats().late, 0u) << "later events are not late because of it";
}

// One 401 from 192.0.2.1 at `ts`, read from input partition `partition`.
void Send401(EngineHarness& h, core::TimestampNs ts, uint32_t partition) {
  core::AccessEvent e = h.Event(ts, "192.0.2.1");
  e.SetNumber(core::kFieldStatus, 401);
  h.Apply(e, partition);
}

TEST(RuleEngine, SlowestPartitionHoldsTheWatermark) {
  EngineHarness h(kBurst);
  auto one = [&](core::TimestampNs ts, uint32_t partition) { Send401(h, ts, partition); };
  one(kT0, 0);
  one(kT0 + 2 * core::kMinute, 1);  // a busy partition races ahead
  EXPECT_EQ(h.engine().watermark(), kT0);
  one(kT0 + kSecond, 0);  // not late: partition 0 is still at kT0
  EXPECT_EQ(h.engine().stats().late, 0u);
}

TEST(RuleEngine, AnAssignedPartitionNotYetSeenHoldsTheWatermark) {
  EngineHarness h(kBurst);
  auto one = [&](core::TimestampNs ts, uint32_t partition) { Send401(h, ts, partition); };
  h.engine().ExpectPartition(0);
  h.engine().ExpectPartition(1);
  one(kT0 + 2 * core::kMinute, 0);  // the first partition's first batch arrives alone
  one(kT0 + 2 * core::kMinute + kSecond, 0);
  one(kT0, 1);  // the other partition's oldest events: not late
  EXPECT_EQ(h.engine().stats().late, 0u);
  EXPECT_EQ(h.engine().watermark(), kT0);
}

TEST(RuleEngine, APartitionAssignedAgainAfterASilenceHoldsTheWatermarkAgain) {
  EngineHarness h(kBurst);
  auto one = [&](core::TimestampNs ts, uint32_t partition) { Send401(h, ts, partition); };
  one(kT0, 0);
  one(kT0, 1);
  h.clock().Advance(10 * core::kMinute);  // both silent past idle_partition_timeout (an outage)
  h.engine().ExpectPartition(0);          // the consumer gets them back
  h.engine().ExpectPartition(1);
  for (int i = 0; i < 300; ++i) one(kT0 + 2 * core::kMinute + i * core::kMillisecond, 0);
  one(kT0 + kSecond, 1);  // partition 1's backlog: not late
  EXPECT_EQ(h.engine().stats().late, 0u);
}

}  // namespace
}  // namespace gatewatch::rules
