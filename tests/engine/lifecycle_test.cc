// Alert lifecycle in Prometheus' terms: pending (for), firing, keep_firing_for, resolved.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine_test_util.h"

namespace gatewatch::rules {
namespace {

using core::kMinute;
using core::kSecond;
using testing::EngineHarness;
using testing::kT0;

std::string Rule(const char* extra) {
  return std::string(R"(
rules:
  - id: burst
    filter: status == 401
    group_by: [client_ip]
    window: 1m
    condition: "> 10"
)") + extra;
}

auto Status401 = [](core::AccessEvent& e, int) { e.SetNumber(core::kFieldStatus, 401); };

TEST(Lifecycle, FiresOnceResolvesOnceWithEndsAt) {
  EngineHarness h(Rule(""));
  h.Send(60, kT0, kSecond, "192.0.2.1", Status401);  // stays over 10/min for a minute
  ASSERT_EQ(h.Firing().size(), 1u) << "one alert per (rule, group), not one per event";
  h.AdvanceTo(kT0 + 3 * kMinute);
  ASSERT_EQ(h.Resolved().size(), 1u);
  const std::vector<alert::Alert> resolved = h.Resolved();
  const std::vector<alert::Alert> fired = h.Firing();
  const alert::Alert& r = resolved[0];
  EXPECT_EQ(r.fingerprint, fired[0].fingerprint);
  EXPECT_EQ(r.starts_at, fired[0].starts_at);
  EXPECT_GT(r.ends_at, r.starts_at);
  EXPECT_LE(r.ends_at, kT0 + 2 * kMinute + kSecond) << "resolves once the window drains";
}

TEST(Lifecycle, ListFiringGivesTheFiringRecordsWithoutChangingState) {
  EngineHarness h(Rule("    max_firing: 1\n"));
  for (int i = 0; i < 60; ++i) {  // two groups at once: the second is past the cap, a roll-up
    h.Send(1, kT0 + i * kSecond, kSecond, "192.0.2.1", Status401);
    h.Send(1, kT0 + i * kSecond, kSecond, "192.0.2.2", Status401);
  }
  ASSERT_TRUE(h.Resolved().empty());
  alert::CollectingAlertSink listed;
  h.engine().ListFiring(&listed);
  // Same alerts (fingerprint, start); value and evidence are today's, not those at firing.
  std::vector<std::string> want;
  for (const alert::Alert& a : h.Firing()) {
    want.push_back(a.fingerprint + " " + std::to_string(a.starts_at));
  }
  std::vector<std::string> got;
  for (const alert::Alert& a : listed.alerts) {
    EXPECT_EQ(a.status, alert::AlertStatus::kFiring);
    got.push_back(a.fingerprint + " " + std::to_string(a.starts_at));
  }
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want);
  EXPECT_EQ(got.size(), 2u) << "the group under the cap and the roll-up";
  const size_t before = h.alerts().size();
  h.engine().ListFiring(&listed);
  EXPECT_EQ(h.alerts().size(), before);
}

TEST(Lifecycle, OverviewNamesTheTopGroupsWithTheirStateAndThreshold) {
  EngineHarness h(Rule(""));
  for (int i = 0; i < 30; ++i) {
    h.Send(1, kT0 + i * kSecond, kSecond, "192.0.2.1", Status401);  // 30 > 10: firing
    if (i % 3 == 0) h.Send(1, kT0 + i * kSecond, kSecond, "192.0.2.2", Status401);   // 10
    if (i % 10 == 0) h.Send(1, kT0 + i * kSecond, kSecond, "192.0.2.3", Status401);  // 3
  }
  std::vector<RuleOverview> overview = h.engine().Overview(2);
  ASSERT_EQ(overview.size(), 1u);
  ASSERT_EQ(overview[0].top.size(), 2u) << "cut to top_n";
  const GroupOverview& first = overview[0].top[0];
  EXPECT_EQ(first.group[0].second, "192.0.2.1");
  EXPECT_EQ(first.state, GroupOverview::State::kFiring);
  EXPECT_EQ(first.value, 30);
  EXPECT_EQ(first.threshold, 10);
  const GroupOverview& second = overview[0].top[1];
  EXPECT_EQ(second.group[0].first, "client_ip");
  EXPECT_EQ(second.group[0].second, "192.0.2.2");
  EXPECT_EQ(second.state, GroupOverview::State::kNone);
  EXPECT_EQ(second.value, 10);
}

TEST(Lifecycle, PendingForBeforeFiring) {
  EngineHarness h(Rule("    for: 30s\n"));
  h.Send(20, kT0, kSecond / 2, "192.0.2.1", Status401);  // over threshold at 5 s, for 5 s
  EXPECT_TRUE(h.Firing().empty()) << "still pending";
  h.Send(60, kT0 + 10 * kSecond, kSecond, "192.0.2.1", Status401);
  ASSERT_EQ(h.Firing().size(), 1u);
  EXPECT_GE(h.Firing()[0].starts_at, kT0 + 35 * kSecond);
}

TEST(Lifecycle, PendingThatDoesNotLastNeverNotifies) {
  EngineHarness h(Rule("    for: 2m\n"));
  h.Send(20, kT0, kSecond / 2, "192.0.2.1", Status401);
  h.AdvanceTo(kT0 + 10 * kMinute);
  EXPECT_TRUE(h.alerts().empty());
}

TEST(Lifecycle, KeepFiringForHoldsThroughAGap) {
  EngineHarness h(Rule("    keep_firing_for: 5m\n"));
  h.Send(20, kT0, kSecond / 2, "192.0.2.1", Status401);
  h.AdvanceTo(kT0 + 4 * kMinute);
  EXPECT_TRUE(h.Resolved().empty()) << "condition false since ~1m10s, kept 5m";
  h.Send(20, kT0 + 4 * kMinute, kSecond / 2, "192.0.2.1", Status401);  // back: same alert
  EXPECT_EQ(h.Firing().size(), 1u);
  h.AdvanceTo(kT0 + 11 * kMinute);
  EXPECT_EQ(h.Resolved().size(), 1u);
}

TEST(Lifecycle, FinishResolvesEverythingForReplay) {
  EngineHarness h(Rule("    keep_firing_for: 10m\n"));
  h.Send(20, kT0, kSecond / 2, "192.0.2.1", Status401);
  h.Send(20, kT0, kSecond / 2, "192.0.2.2", Status401);
  h.Finish();
  EXPECT_EQ(h.Firing().size(), 2u);
  EXPECT_EQ(h.Resolved().size(), 2u);
}

TEST(Lifecycle, ReplayAndStreamingGiveTheSameAlerts) {
  // Streaming: time also advances between events (idle ticks). Replay: events only.
  EngineHarness replay(Rule("    for: 10s\n    keep_firing_for: 1m\n"));
  EngineHarness streaming(Rule("    for: 10s\n    keep_firing_for: 1m\n"));
  for (int burst = 0; burst < 3; ++burst) {
    core::TimestampNs start = kT0 + burst * 5 * kMinute;
    replay.Send(40, start, kSecond, "192.0.2.1", Status401);
    for (int i = 0; i < 40; ++i) {
      core::AccessEvent e = streaming.Event(start + i * kSecond, "192.0.2.1");
      e.SetNumber(core::kFieldStatus, 401);
      streaming.Apply(e);
      streaming.AdvanceTo(start + i * kSecond + kSecond / 2);
    }
  }
  replay.Finish();
  streaming.Finish();
  ASSERT_EQ(replay.alerts().size(), streaming.alerts().size());
  for (size_t i = 0; i < replay.alerts().size(); ++i) {
    EXPECT_EQ(alert::AlertToJson(replay.alerts()[i]), alert::AlertToJson(streaming.alerts()[i]));
  }
  EXPECT_EQ(replay.Firing().size(), 3u);
}

TEST(Lifecycle, AlertRecordCarriesEvidence) {
  EngineHarness h(Rule(""));
  h.Send(11, kT0, kSecond, "192.0.2.1", [](core::AccessEvent& e, int i) {
    e.SetNumber(core::kFieldStatus, 401);
    e.SetString(core::kFieldPath, "/login?try=" + std::to_string(i));
  });
  ASSERT_EQ(h.Firing().size(), 1u);
  std::string json = alert::AlertToJson(h.Firing()[0]);
  EXPECT_NE(json.find(R"("rule":"burst","status":"firing")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("group":{"client_ip":"192.0.2.1"})"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("window":"1m")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("samples":["/login?try=10"])"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("starts_at":"2026-01-15T10:00:10Z")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("first_event":"2026-01-15T10:00:00Z")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("events":11)"), std::string::npos) << json;
}

}  // namespace
}  // namespace gatewatch::rules
