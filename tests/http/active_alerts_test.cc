// gatewatch_alert_active: one series per firing alert, bounded, and safe whatever the request
// values are.
#include <gtest/gtest.h>

#include "exposition.h"
#include "metrics/daemon_metrics.h"
#include "realistic_stats.h"

namespace gatewatch::metrics {
namespace {

using test_http::CountSamples;
using test_http::ExpositionOf;
using test_http::FiringAlert;
using test_http::SampleValue;

alert::Alert Resolved(alert::Alert alert) {
  alert.status = alert::AlertStatus::kResolved;
  return alert;
}

class ActiveAlertsTest : public ::testing::Test {
 protected:
  core::FakeClock clock_{test_http::kNow};
};

TEST_F(ActiveAlertsTest, ASeriesWhileFiringGoneOnceResolved) {
  DaemonMetrics metrics({}, clock_);
  const alert::Alert alert = FiringAlert("burst", "192.0.2.1", "alice");
  metrics.RecordAlert(alert);
  metrics.RecordAlert(alert);  // a repeated notification is still one alert
  const std::string series =
      "gatewatch_alert_active{client_ip=\"192.0.2.1\",rule=\"burst\",severity=\"warning\","
      "user=\"alice\"}";
  EXPECT_EQ(SampleValue(ExpositionOf(metrics), series), 1);
  EXPECT_EQ(CountSamples(ExpositionOf(metrics), "gatewatch_alert_active"), 1);
  metrics.RecordAlert(Resolved(alert));
  EXPECT_EQ(CountSamples(ExpositionOf(metrics), "gatewatch_alert_active"), 0);
  metrics.RecordAlert(Resolved(alert));  // resolving twice is harmless
  metrics.RecordAlert(alert);            // and it can fire again
  EXPECT_EQ(SampleValue(ExpositionOf(metrics), series), 1);
}

TEST_F(ActiveAlertsTest, TheCapHoldsAndOverflowIsCounted) {
  DaemonMetrics metrics({}, clock_);  // default cap: 1000
  for (int i = 0; i < 1500; ++i) {
    metrics.RecordAlert(FiringAlert(
        "flood", "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256), "u"));
  }
  std::string text = ExpositionOf(metrics);
  EXPECT_EQ(CountSamples(text, "gatewatch_alert_active"), 1000);
  EXPECT_EQ(SampleValue(text, "gatewatch_alert_active_overflow_total"), 500);
  // Resolving an alert that never got a series frees nothing; resolving an exported one does.
  metrics.RecordAlert(Resolved(FiringAlert("flood", "10.0.5.200", "u")));  // i = 1480
  EXPECT_EQ(CountSamples(ExpositionOf(metrics), "gatewatch_alert_active"), 1000);
  metrics.RecordAlert(Resolved(FiringAlert("flood", "10.0.0.0", "u")));
  EXPECT_EQ(CountSamples(ExpositionOf(metrics), "gatewatch_alert_active"), 999);
  metrics.ClearActiveAlerts();
  text = ExpositionOf(metrics);
  EXPECT_EQ(CountSamples(text, "gatewatch_alert_active"), 0);
  EXPECT_EQ(SampleValue(text, "gatewatch_alert_active_overflow_total"), 500);
}

TEST_F(ActiveAlertsTest, ASmallerCapIsHonoured) {
  DaemonMetrics metrics({.max_active_alerts = 3}, clock_);
  for (int i = 0; i < 10; ++i) {
    metrics.RecordAlert(FiringAlert("r", "192.0.2." + std::to_string(i), "u"));
  }
  EXPECT_EQ(CountSamples(ExpositionOf(metrics), "gatewatch_alert_active"), 3);
}

TEST_F(ActiveAlertsTest, ValuesCutToTheSamePrefixShareASeriesUntilBothResolve) {
  DaemonMetrics metrics({.max_label_value_bytes = 16}, clock_);
  const alert::Alert a = FiringAlert("r", "192.0.2.1", std::string(40, 'x') + "a");
  const alert::Alert b = FiringAlert("r", "192.0.2.1", std::string(40, 'x') + "b");
  metrics.RecordAlert(a);
  metrics.RecordAlert(b);
  EXPECT_EQ(CountSamples(ExpositionOf(metrics), "gatewatch_alert_active"), 1);
  metrics.RecordAlert(Resolved(a));
  EXPECT_EQ(CountSamples(ExpositionOf(metrics), "gatewatch_alert_active"), 1) << "b still fires";
  metrics.RecordAlert(Resolved(b));
  EXPECT_EQ(CountSamples(ExpositionOf(metrics), "gatewatch_alert_active"), 0);
}

TEST_F(ActiveAlertsTest, HostileValuesAndFieldNamesKeepTheExpositionParseable) {
  DaemonMetrics metrics({}, clock_);
  test_http::FeedRealisticStats(metrics);
  const std::vector<std::string> hostile = {
      "quote\"d",
      "back\\slash\\",
      "new\nline\n# TYPE gatewatch_alert_active counter",
      "invalid \xff\xfe utf-8 \xc0\xaf",
      std::string("nul\0byte", 8),
      std::string(100 * 1024, 'A'),
      "} 1\ngatewatch_injected 666\n{",
      "ünïcødé ✓",
  };
  for (size_t i = 0; i < hostile.size(); ++i) {
    alert::Alert alert;
    alert.rule = "rule-" + std::to_string(i) + "\"";
    alert.severity = "crit\ncal";
    alert.group = {{"request.headers.host", hostile[i]},
                   {"ClientIp", "192.0.2.1"},
                   {"rule", "shadow"},
                   {"__name__", "evil"},
                   {"le", "0.5"},
                   {"a.b", "1"},
                   {"a_b", "2"}};
    metrics.RecordAlert(alert);
  }
  const std::string text = ExpositionOf(metrics);
  EXPECT_EQ(CountSamples(text, "gatewatch_alert_active"),
            static_cast<int>(hostile.size()) + 2);  // + the two realistic alerts
  EXPECT_EQ(CountSamples(text, "gatewatch_injected"), 0);
  EXPECT_LT(text.size(), 64u * 1024) << "100 KB values must not reach the exposition";
  EXPECT_NE(text.find("group_rule=\"shadow\""), std::string::npos);
  EXPECT_NE(text.find("client_ip=\"192.0.2.1\""), std::string::npos);
  EXPECT_NE(text.find("a_b_2=\"2\""), std::string::npos);
  const test_http::RunResult check = test_http::PromtoolCheckMetrics(text);
  EXPECT_EQ(check.exit_code, 0) << check.output;
  EXPECT_EQ(check.output, "");
}

}  // namespace
}  // namespace gatewatch::metrics
