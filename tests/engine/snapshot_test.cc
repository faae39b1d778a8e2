// Engine state survives a restart: an engine saved at any point and loaded into a fresh one
// goes on exactly as the uninterrupted engine; a reload keeps the state of unchanged rules only;
// the memory budget holds on load.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine_test_util.h"
#include "snapshot_test_util.h"

namespace gatewatch::rules {
namespace {

using core::kMinute;
using core::kSecond;
using testing::EngineHarness;
using testing::kT0;

struct Uninterrupted {
  std::vector<std::string> alerts;
  std::string stats;
  size_t state_bytes;
};

Uninterrupted RunWithoutCut(const std::vector<testing::StreamItem>& items) {
  EngineHarness a(testing::kSnapshotRules);
  testing::Feed(a, items, 0, items.size());
  const EngineStats stats = a.engine().stats();
  a.Finish();
  return {testing::AlertJson(a.alerts()), testing::StatsText(stats), stats.state_bytes};
}

TEST(Snapshot, RestartAtAnyPointGivesTheSameAlertsAsNoRestart) {
  EngineHarness generator(testing::kSnapshotRules);
  const std::vector<testing::StreamItem> items = testing::GenerateStream(generator);
  const Uninterrupted a = RunWithoutCut(items);
  ASSERT_GE(a.alerts.size(), 14u) << "the stream should make every rule fire";
  for (const char* rule : {"\"burst\"", "\"stuffing\"", "\"exfil\"", "\"slow-route\"",
                           "\"worst-latency\"", "\"error-ratio\"", "\"key-spike\""}) {
    bool fired = false;
    for (const std::string& json : a.alerts) fired |= json.find(rule) != std::string::npos;
    EXPECT_TRUE(fired) << rule << " never fired; the stream does not exercise it";
  }

  uint64_t cuts_with_open_alerts = 0;
  uint64_t cuts_with_rollup = 0;
  constexpr size_t kCuts = 24;
  for (size_t c = 1; c <= kCuts; ++c) {
    const size_t cut = items.size() * c / (kCuts + 1);
    SCOPED_TRACE("cut after event " + std::to_string(cut) + " of " + std::to_string(items.size()));
    EngineHarness first(testing::kSnapshotRules);
    testing::Feed(first, items, 0, cut);
    std::string snapshot;
    ASSERT_TRUE(first.engine().SaveState(&snapshot).ok());

    EngineHarness second(testing::kSnapshotRules);
    auto report = second.engine().LoadState(snapshot);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(report->restored.size(), 7u);
    EXPECT_TRUE(report->changed.empty() && report->added.empty() && report->dropped.empty());
    EXPECT_EQ(report->evicted, 0u);
    cuts_with_open_alerts += report->alerts > 0;
    for (const RuleStats& r : first.engine().stats().rules)
      cuts_with_rollup += r.alerts_rolled_up > 0;

    // Everything saved comes back: saving the loaded engine gives the same bytes.
    std::string again;
    ASSERT_TRUE(second.engine().SaveState(&again).ok());
    ASSERT_TRUE(again == snapshot) << "save -> load -> save is not the identity: " << again.size()
                                   << " bytes vs " << snapshot.size();
    EXPECT_EQ(testing::StatsText(second.engine().stats()),
              testing::StatsText(first.engine().stats()));
    EXPECT_EQ(second.engine().stats().state_bytes, first.engine().stats().state_bytes);

    testing::Feed(second, items, cut, items.size());
    EXPECT_EQ(testing::StatsText(second.engine().stats()), a.stats);
    EXPECT_NEAR(static_cast<double>(second.engine().stats().state_bytes),
                static_cast<double>(a.state_bytes), 0.1 * static_cast<double>(a.state_bytes));
    second.Finish();
    std::vector<std::string> b = testing::AlertJson(first.alerts());
    for (std::string& json : testing::AlertJson(second.alerts())) b.push_back(std::move(json));
    ASSERT_EQ(b.size(), a.alerts.size());
    for (size_t i = 0; i < b.size(); ++i) ASSERT_EQ(b[i], a.alerts[i]) << "alert " << i;
  }
  EXPECT_GE(cuts_with_open_alerts, 8u) << "too few cuts fall inside an attack";
  EXPECT_GE(cuts_with_rollup, 1u);
}

// A rule file, edited: `burst` reformatted (same definition), `spray` with a new threshold,
// `gone` removed and `fresh` added.
constexpr const char* kRulesX = R"(
rules:
  - id: burst
    filter: status == 401
    group_by: [client_ip]
    window: 1m
    condition: "> 10"
    keep_firing_for: 1m
  - id: spray
    filter: status == 401
    group_by: [client_ip]
    window: 1m
    condition: "> 10"
  - id: gone
    group_by: [client_ip]
    window: 1m
    condition: "> 1000"
)";
constexpr const char* kRulesXEdited = R"(
# The same burst rule, reformatted and reordered.
rules:
  - {id: burst, window: 1m, group_by: [client_ip], filter: "status == 401",
     condition: '> 10', keep_firing_for: 1m}
  - id: spray
    filter: status == 401
    group_by: [client_ip]
    window: 1m
    condition: "> 40"
  - id: fresh
    group_by: [client_ip]
    window: 1m
    condition: "> 1000"
)";

auto Status401 = [](core::AccessEvent& e, int) { e.SetNumber(core::kFieldStatus, 401); };

TEST(Snapshot, ReloadKeepsTheStateOfUnchangedRulesOnly) {
  EngineHarness before(kRulesX);
  before.Send(30, kT0, kSecond, "192.0.2.1", Status401);
  ASSERT_EQ(before.Firing().size(), 2u) << "burst and spray fire";
  std::string snapshot;
  ASSERT_TRUE(before.engine().SaveState(&snapshot).ok());

  EngineHarness after(kRulesXEdited);
  auto report = after.engine().LoadState(snapshot);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->restored, std::vector<std::string>{"burst"});
  EXPECT_EQ(report->changed, std::vector<std::string>{"spray"});
  EXPECT_EQ(report->added, std::vector<std::string>{"fresh"});
  EXPECT_EQ(report->dropped, std::vector<std::string>{"gone"});
  EXPECT_EQ(report->groups, 1u);
  EXPECT_EQ(report->alerts, 1u);

  // The attack goes on: burst is still the same firing alert; spray counts from zero.
  after.Send(50, kT0 + 30 * kSecond, kSecond, "192.0.2.1", Status401);
  std::vector<alert::Alert> firing = after.Firing();
  ASSERT_EQ(firing.size(), 1u) << "only spray fires anew";
  EXPECT_EQ(firing[0].rule, "spray");
  EXPECT_EQ(firing[0].starts_at, kT0 + 70 * kSecond) << "spray's window started empty at the load";
  after.Finish();
  std::vector<alert::Alert> resolved = after.Resolved();
  ASSERT_EQ(resolved.size(), 2u);
  const alert::Alert& burst = resolved[0].rule == "burst" ? resolved[0] : resolved[1];
  EXPECT_EQ(burst.starts_at, before.Firing()[0].starts_at) << "the same episode, resolved once";
  EXPECT_EQ(burst.fingerprint, before.Firing()[0].fingerprint);
}

TEST(Snapshot, LoadIntoASmallerBudgetEvictsAsUsual) {
  constexpr const char* kRules = R"(
rules:
  - id: per-ip
    group_by: [client_ip]
    window: 10m
    condition: "> 1000"
)";
  EngineHarness big(kRules);
  for (int i = 0; i < 20000; ++i) {
    big.Apply(big.Event(kT0 + i * (kSecond / 1000), "10." + std::to_string(i / 65536) + "." +
                                                        std::to_string(i / 256 % 256) + "." +
                                                        std::to_string(i % 256)));
  }
  std::string snapshot;
  ASSERT_TRUE(big.engine().SaveState(&snapshot).ok());

  EngineOptions options;
  options.memory_budget_bytes = 1 << 20;
  EngineHarness small(kRules, options);
  auto report = small.engine().LoadState(snapshot);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->groups, 20000u);
  EXPECT_GT(report->evicted, 0u);
  const EngineStats stats = small.engine().stats();
  EXPECT_LE(stats.state_bytes, options.memory_budget_bytes);
  EXPECT_EQ(stats.rules[0].groups + report->evicted, 20000u);
  small.Apply(small.Event(kT0 + 30 * kSecond, "192.0.2.1"));  // and it goes on
  EXPECT_LE(small.engine().stats().state_bytes, options.memory_budget_bytes);
}

TEST(Snapshot, EmptyEngineRoundTrips) {
  EngineHarness empty(kRulesX);
  std::string snapshot;
  ASSERT_TRUE(empty.engine().SaveState(&snapshot).ok());
  EngineHarness loaded(kRulesX);
  auto report = loaded.engine().LoadState(snapshot);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->restored.size(), 3u);
  loaded.Send(11, kT0, kSecond, "192.0.2.1", Status401);
  EXPECT_EQ(loaded.Firing().size(), 2u);
}

TEST(Snapshot, LoadNeedsAFreshEngine) {
  EngineHarness used(kRulesX);
  std::string snapshot;
  ASSERT_TRUE(used.engine().SaveState(&snapshot).ok());
  used.Send(1, kT0, kSecond, "192.0.2.1", Status401);
  auto report = used.engine().LoadState(snapshot);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().message().find("fresh engine"), std::string::npos);
  EXPECT_EQ(used.engine().stats().events, 1u) << "the engine is left as it was";
}

}  // namespace
}  // namespace gatewatch::rules
