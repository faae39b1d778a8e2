// The hot path — parse a line, match every shipped rule, update windows, evaluate conditions —
// allocates nothing per event once it has warmed up (tests/support counts heap allocations).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "config/field_map_loader.h"
#include "config/rule_loader.h"
#include "parse/access_log_parser.h"
#include "rules/rule_engine.h"
#include "support/heap_allocation_counter.h"

namespace gatewatch {
namespace {

// A minute of ordinary traffic, in the gatewatch shape: 300 clients, users, keys and routes.
std::vector<std::string> Lines(int minute) {
  std::vector<std::string> lines;
  for (int i = 0; i < 3000; ++i) {
    int second = i / 50, milli = (i % 50) * 20;
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  R"({"ts":"2026-01-15T10:%02d:%02d.%03dZ","client_ip":"198.51.%d.%d",)"
                  R"("user":"user%d","api_key":"k_%d","method":"GET","path":"/v1/orders/%d",)"
                  R"("route":"/v1/orders/{id}","status":%d,"latency_ms":12.5,"bytes_out":512,)"
                  R"("user_agent":"okhttp/4.12","auth_result":"ok"})",
                  minute, second, milli, i % 3, i % 100 + 1, i % 300, i % 100, i % 50,
                  i % 20 == 0 ? 404 : 200);
    lines.emplace_back(buf);
  }
  return lines;
}

TEST(HotPath, SteadyStateParsingAndRulesAllocateNothing) {
  using test_support::HeapAllocations;
  if (HeapAllocations() < 0) GTEST_SKIP() << "allocation counting is off under sanitizers";
  auto set = config::LoadRuleFiles({GATEWATCH_SOURCE_DIR "/rules"});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  auto map = config::LoadPreset("gatewatch");
  ASSERT_TRUE(map.ok());
  auto parser = parse::AccessLogParser::Create(*map, (*set)->fields.UsedFieldNames(),
                                               parse::AccessLogParser::Selection::kOnlyRequested);
  ASSERT_TRUE(parser.ok());
  core::FakeClock clock(0);
  rules::RuleEngine engine(*set, rules::EngineOptions{}, clock);
  alert::CollectingAlertSink sink;
  core::AccessEvent event = (*parser)->NewEvent();

  // Pre-build the input so that building it is not counted.
  std::vector<std::vector<std::string>> minutes;
  for (int m = 0; m < 15; ++m) minutes.push_back(Lines(m));

  auto run = [&](int minute) {
    for (const std::string& line : minutes[minute]) {
      ASSERT_TRUE((*parser)->Parse(line, &event).ok());
      engine.Apply(event, 0, &sink);
    }
  };
  for (int m = 0; m < 12; ++m) run(m);  // warm up: groups, windows, baselines, sets grow
  const int64_t before = HeapAllocations();
  for (int m = 12; m < 15; ++m) run(m);
  const int64_t allocations = HeapAllocations() - before;
  EXPECT_EQ(allocations, 0) << "allocations over 9000 events in steady state";
  EXPECT_TRUE(sink.alerts.empty())
      << "ordinary traffic raised an alert: "
      << (sink.alerts.empty() ? "" : alert::AlertToJson(sink.alerts[0]));
}

}  // namespace
}  // namespace gatewatch
