// DaemonMetrics: running totals become counters, gauges follow what exists, the exposition
// passes promtool's lint.
#include "metrics/daemon_metrics.h"

#include <gtest/gtest.h>

#include "exposition.h"
#include "http/http_server.h"
#include "http_client.h"
#include "metrics/metrics_endpoint.h"
#include "realistic_stats.h"

namespace gatewatch::metrics {
namespace {

using test_http::CountSamples;
using test_http::kNow;
using test_http::SampleValue;

class DaemonMetricsTest : public ::testing::Test {
 protected:
  std::string Text() { return test_http::ExpositionOf(metrics_); }
  std::optional<double> Value(const std::string& series) { return SampleValue(Text(), series); }

  core::FakeClock clock_{kNow};
  DaemonMetrics metrics_{DaemonMetricsOptions{.version = "1.2.3"}, clock_};
};

rules::EngineStats Engine(uint64_t events, uint64_t matched) {
  rules::EngineStats stats;
  stats.events = events;
  stats.rules.push_back({.rule = "burst", .matched = matched, .groups = 7});
  return stats;
}

TEST_F(DaemonMetricsTest, RunningTotalsBecomeCounterIncrements) {
  metrics_.Update(Engine(10, 4));
  metrics_.Update(Engine(25, 9));
  EXPECT_EQ(Value("gatewatch_engine_events_total"), 25);
  EXPECT_EQ(Value("gatewatch_rule_events_matched_total{rule=\"burst\"}"), 9);
  metrics_.Update(Engine(25, 9));
  EXPECT_EQ(Value("gatewatch_engine_events_total"), 25) << "the same totals again add nothing";
  metrics_.Update(Engine(5, 2));  // a new engine after a reload counts from zero
  EXPECT_EQ(Value("gatewatch_engine_events_total"), 30);
  EXPECT_EQ(Value("gatewatch_rule_events_matched_total{rule=\"burst\"}"), 11);
}

TEST_F(DaemonMetricsTest, ARemovedRuleLosesItsGaugesButKeepsItsCounters) {
  rules::EngineStats stats = Engine(10, 4);
  stats.rules.push_back({.rule = "spike", .matched = 3, .groups = 2});
  metrics_.Update(stats);
  EXPECT_EQ(Value("gatewatch_rule_groups{rule=\"spike\"}"), 2);
  metrics_.Update(Engine(12, 5));
  EXPECT_EQ(Value("gatewatch_rule_groups{rule=\"spike\"}"), std::nullopt);
  EXPECT_EQ(Value("gatewatch_rule_groups{rule=\"burst\"}"), 7);
  EXPECT_EQ(Value("gatewatch_rule_events_matched_total{rule=\"spike\"}"), 3);
}

TEST_F(DaemonMetricsTest, BuildInfoStartTimeAndZeroCountersExistFromTheStart) {
  const std::string text = Text();
  EXPECT_EQ(SampleValue(text, "gatewatch_build_info{version=\"1.2.3\"}"), 1);
  EXPECT_EQ(SampleValue(text, "gatewatch_start_time_seconds"), 1768471200);
  EXPECT_EQ(SampleValue(text, "gatewatch_events_late_total"), 0);
  EXPECT_EQ(SampleValue(text, "gatewatch_config_reloads_total{result=\"failure\"}"), 0);
  EXPECT_EQ(SampleValue(text, "gatewatch_config_last_reload_successful"), 1);
  EXPECT_EQ(CountSamples(text, "gatewatch_snapshot_age_seconds"), 0)
      << "no snapshot metrics until snapshots are attempted";
  EXPECT_EQ(CountSamples(text, "gatewatch_state_budget_bytes"), 0) << "no budget given";
}

TEST_F(DaemonMetricsTest, EveryRejectReasonIsExportedPerInput) {
  test_http::FeedRealisticStats(metrics_);
  const std::string text = Text();
  EXPECT_EQ(CountSamples(text, "gatewatch_events_rejected_total"),
            static_cast<int>(parse::RejectReason::kCount) - 1);
  EXPECT_EQ(SampleValue(text, "gatewatch_events_consumed_total{input=\"kafka\"}"), 5);
  EXPECT_EQ(SampleValue(text, "gatewatch_events_parsed_total{input=\"kafka\"}"), 2);
  EXPECT_EQ(
      SampleValue(text, "gatewatch_events_rejected_total{input=\"kafka\",reason=\"invalid_json\"}"),
      1);
  EXPECT_EQ(SampleValue(
                text, "gatewatch_events_rejected_total{input=\"kafka\",reason=\"bad_client_ip\"}"),
            1);
  EXPECT_EQ(
      SampleValue(text, "gatewatch_events_rejected_total{input=\"kafka\",reason=\"nul_byte\"}"), 0);
}

TEST_F(DaemonMetricsTest, KafkaLagFollowsTheAssignment) {
  metrics_.Update(KafkaStatsView{1, {{"logs", 0, 5}, {"logs", 1, 7}}});
  EXPECT_EQ(Value("gatewatch_kafka_consumer_lag_messages{partition=\"1\",topic=\"logs\"}"), 7);
  metrics_.Update(KafkaStatsView{2, {{"logs", 0, 3}}});  // partition 1 revoked
  const std::string text = Text();
  EXPECT_EQ(
      SampleValue(text, "gatewatch_kafka_consumer_lag_messages{partition=\"0\",topic=\"logs\"}"),
      3);
  EXPECT_EQ(CountSamples(text, "gatewatch_kafka_consumer_lag_messages"), 1);
  EXPECT_EQ(SampleValue(text, "gatewatch_kafka_rebalances_total"), 2);
}

TEST_F(DaemonMetricsTest, SinkTotalsAndQueueDepth) {
  metrics_.Update(SinkStatsView{"alertmanager", 10, 1, 0, 4});
  metrics_.Update(SinkStatsView{"alertmanager", 12, 3, 1, 0});
  const std::string text = Text();
  EXPECT_EQ(SampleValue(text, "gatewatch_sink_deliveries_total{sink=\"alertmanager\"}"), 12);
  EXPECT_EQ(SampleValue(text, "gatewatch_sink_failures_total{sink=\"alertmanager\"}"), 3);
  EXPECT_EQ(SampleValue(text, "gatewatch_sink_dropped_total{sink=\"alertmanager\"}"), 1);
  EXPECT_EQ(SampleValue(text, "gatewatch_sink_queue_depth{sink=\"alertmanager\"}"), 0);
}

TEST_F(DaemonMetricsTest, ReloadOutcomes) {
  clock_.Advance(60 * core::kSecond);
  metrics_.RecordReload(false);
  std::string text = Text();
  EXPECT_EQ(SampleValue(text, "gatewatch_config_last_reload_successful"), 0);
  EXPECT_EQ(SampleValue(text, "gatewatch_config_reloads_total{result=\"failure\"}"), 1);
  EXPECT_EQ(SampleValue(text, "gatewatch_config_last_reload_success_timestamp_seconds"), 1768471200)
      << "still the initial load";
  clock_.Advance(60 * core::kSecond);
  metrics_.RecordReload(true);
  text = Text();
  EXPECT_EQ(SampleValue(text, "gatewatch_config_last_reload_successful"), 1);
  EXPECT_EQ(SampleValue(text, "gatewatch_config_reloads_total{result=\"success\"}"), 1);
  EXPECT_EQ(SampleValue(text, "gatewatch_config_last_reload_success_timestamp_seconds"),
            1768471320);
}

TEST_F(DaemonMetricsTest, SnapshotAgeGrowsUntilTheNextSuccess) {
  clock_.Advance(10 * core::kSecond);
  metrics_.RecordSnapshot(false);
  clock_.Advance(5 * core::kSecond);
  EXPECT_EQ(Value("gatewatch_snapshot_age_seconds"), 15) << "counted from start: none succeeded";
  metrics_.RecordSnapshot(true);
  clock_.Advance(7 * core::kSecond);
  std::string text = Text();
  EXPECT_EQ(SampleValue(text, "gatewatch_snapshot_age_seconds"), 7);
  EXPECT_EQ(SampleValue(text, "gatewatch_last_snapshot_timestamp_seconds"), 1768471215);
  EXPECT_EQ(SampleValue(text, "gatewatch_snapshots_total{result=\"failure\"}"), 1);
  EXPECT_EQ(SampleValue(text, "gatewatch_snapshots_total{result=\"success\"}"), 1);
}

TEST_F(DaemonMetricsTest, FiringAlertsObserveTheirLatency) {
  metrics_.RecordAlert(test_http::FiringAlert("burst", "192.0.2.1", "alice"));
  alert::Alert resolved = test_http::FiringAlert("burst", "192.0.2.1", "alice");
  resolved.status = alert::AlertStatus::kResolved;
  metrics_.RecordAlert(resolved);
  const std::string text = Text();
  EXPECT_EQ(SampleValue(text, "gatewatch_alert_latency_seconds_count"), 1);
  EXPECT_EQ(SampleValue(text, "gatewatch_alert_latency_seconds_sum"), 2);
  EXPECT_EQ(SampleValue(text, "gatewatch_alert_latency_seconds_bucket{le=\"1\"}"), 0);
  EXPECT_EQ(SampleValue(text, "gatewatch_alert_latency_seconds_bucket{le=\"2.5\"}"), 1);
}

TEST_F(DaemonMetricsTest, TheAlertSinkWrapperRecordsAndPassesOn) {
  alert::CollectingAlertSink next;
  AlertMetricsSink sink(&metrics_, &next);
  sink.Emit(test_http::FiringAlert("burst", "192.0.2.1", "alice"));
  EXPECT_EQ(next.alerts.size(), 1u);
  EXPECT_EQ(CountSamples(Text(), "gatewatch_alert_active"), 1);
}

TEST_F(DaemonMetricsTest, RealisticExpositionPassesPromtoolLint) {
  test_http::FeedRealisticStats(metrics_);
  const test_http::RunResult check = test_http::PromtoolCheckMetrics(Text());
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_EQ(check.output, "");
}

TEST_F(DaemonMetricsTest, ScrapedOverHttpPassesPromtoolLint) {
  http::HttpServer server({.listen_address = "127.0.0.1:0"});
  ServeMetrics(&metrics_, &server);
  ASSERT_TRUE(server.Start().ok());
  test_http::FeedRealisticStats(metrics_);
  const auto scrape =
      test_http::HttpGet("http://127.0.0.1:" + std::to_string(server.bound_port()) + "/metrics");
  ASSERT_EQ(scrape.status, 200);
  EXPECT_EQ(scrape.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(SampleValue(scrape.body, "gatewatch_events_consumed_total{input=\"kafka\"}"), 5);
  const test_http::RunResult check = test_http::PromtoolCheckMetrics(scrape.body);
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_EQ(check.output, "");
}

TEST(PromtoolLint, CatchesWhatItShould) {
  // The gate itself must bite, or the test above proves nothing.
  const test_http::RunResult check = test_http::PromtoolCheckMetrics(
      "# HELP gw_events_processed Events.\n# TYPE gw_events_processed counter\n"
      "gw_events_processed 1\n");
  EXPECT_NE(check.exit_code, 0);
  EXPECT_NE(check.output.find("_total"), std::string::npos) << check.output;
}

}  // namespace
}  // namespace gatewatch::metrics
