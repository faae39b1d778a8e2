// gatewatchd's outputs against the real servers: Alertmanager receives every alert and its
// resolution, Prometheus' promtool accepts the busy daemon's /metrics, and the alert log it
// wrote verifies with `gatewatch verify-log`.
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <utility>

#include "daemon/daemon_harness.h"
#include "gtest/gtest.h"
#include "http/child_process.h"
#include "http/http_client.h"
#include "sinks/alertmanager_process.h"

namespace gatewatch {
namespace {

using std::chrono::milliseconds;
using test_support::ChildProcess;
using test_support::Eventually;
using test_support::ReadLines;

constexpr milliseconds kWait(60000);

std::string MetricsUrl(const std::string& stderr_text) {
  size_t at = stderr_text.find("url=");
  if (at == std::string::npos) return "";
  size_t end = stderr_text.find_first_of(" \n", at);
  return stderr_text.substr(at + 4, end - at - 4);
}

TEST(DaemonOutputsTest, AlertsReachAlertmanagerResolveThereAndTheAlertLogVerifies) {
  test_support::TempDir dir;
  sinks::testing::AlertmanagerProcess am;
  ASSERT_TRUE(am.Start()) << am.LogTail();
  std::string log = dir.File("traffic.jsonl");
  ChildProcess gen({GATEWATCH_GEN, "--lines", "11000", "--seed", "7", "--out", log}, {},
                   dir.File("gen.err"));
  ASSERT_EQ(gen.Wait(kWait), 0);
  std::string config = dir.File("gatewatch.yaml");
  test_support::WriteFile(
      config, "input:\n  file: {path: " + log +
                  "}\n"
                  "rules: [" GATEWATCH_SOURCE_DIR
                  "/rules]\n"
                  "state: {directory: " +
                  dir.File("state") +
                  "}\n"
                  // Idle input moves time on: every alert resolves shortly after the last line.
                  "engine: {idle_advance_after: 2s}\n"
                  "http: {listen: '127.0.0.1:0'}\n"
                  "output:\n"
                  "  json: {path: " +
                  dir.File("alerts.jsonl") +
                  "}\n"
                  "  alertmanager: {urls: [" +
                  am.url() +
                  "], resend_interval: 1s}\n"
                  "  alert_log: {path: " +
                  dir.File("log/alerts.log") + "}\n");
  std::filesystem::create_directories(dir.File("log"));
  test_support::NotifySocket notify(dir.File("notify.sock"));
  ChildProcess daemon({GATEWATCHD, "--config", config}, {{"NOTIFY_SOCKET", notify.path()}},
                      dir.File("run.err"));
  ASSERT_NE(notify.WaitFor([](const std::string& m) { return m == "READY=1"; }, kWait), "")
      << daemon.Stderr();

  // Every firing alert and its resolution reach Alertmanager.
  ASSERT_TRUE(Eventually(
      [&] {
        std::vector<std::string> alerts = ReadLines(dir.File("alerts.jsonl"));
        size_t resolved = 0;
        for (const std::string& a : alerts) resolved += a.find("\"resolved\"") != std::string::npos;
        return alerts.size() >= 6 && resolved * 2 == alerts.size();
      },
      kWait))
      << daemon.Stderr();
  const double fired = static_cast<double>(ReadLines(dir.File("alerts.jsonl")).size() / 2);
  EXPECT_TRUE(Eventually(
      [&] {
        return am.Metric("alertmanager_alerts_received_total{status=\"firing\",version=\"v2\"}") >=
                   fired &&
               am.Metric(
                   "alertmanager_alerts_received_total{status=\"resolved\",version=\"v2\"}") >=
                   fired;
      },
      kWait))
      << am.LogTail();
  EXPECT_EQ(am.GetAlerts().find("credential-stuffing-ip"), std::string::npos)
      << "resolved alerts are no longer active: " << am.GetAlerts();

  // The busy daemon's metrics pass promtool's lint.
  std::string url = MetricsUrl(daemon.Stderr());
  ASSERT_FALSE(url.empty()) << daemon.Stderr();
  test_http::HttpResult scrape;
  EXPECT_TRUE(Eventually(  // metrics are refreshed every 2 s
      [&] {
        scrape = test_http::HttpGet(url);
        return scrape.body.find("gatewatch_events_consumed_total{input=\"file\"} 11000") !=
               std::string::npos;
      },
      kWait))
      << scrape.body.substr(0, 2000);
  ASSERT_EQ(scrape.status, 200);
  test_support::WriteFile(dir.File("scrape.txt"), scrape.body);

  // The status API beside it shows the same daemon: every event, every rule.
  std::string base = url.substr(0, url.rfind("/metrics"));
  test_http::HttpResult status = test_http::HttpGet(base + "/api/v1/status");
  EXPECT_EQ(status.status, 200);
  EXPECT_NE(status.body.find("\"events\":11000"), std::string::npos) << status.body.substr(0, 500);
  EXPECT_NE(status.body.find("\"credential-stuffing-ip\""), std::string::npos);
  EXPECT_EQ(test_http::HttpGet(base + "/").status, 200);
  ChildProcess lint({"/bin/sh", "-c",
                     "promtool check metrics < " + dir.File("scrape.txt") + " > " +
                         dir.File("lint.out") + " 2>&1"},
                    {}, dir.File("lint.err"));
  EXPECT_EQ(lint.Wait(kWait), 0) << test_support::ReadFile(dir.File("lint.out"));
  EXPECT_EQ(test_support::ReadFile(dir.File("lint.out")), "");

  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(kWait), 0) << daemon.Stderr();
  ChildProcess verify({GATEWATCH_CLI, "verify-log", dir.File("log/alerts.log")}, {},
                      dir.File("verify.err"));
  EXPECT_EQ(verify.Wait(kWait), 0) << test_support::ReadFile(dir.File("verify.err"));
  size_t alert_records = 0;
  for (const std::string& line : ReadLines(dir.File("log/alerts.log"))) {
    alert_records += line.find("\"kind\":\"alert\"") != std::string::npos;
  }
  EXPECT_EQ(alert_records, ReadLines(dir.File("alerts.jsonl")).size());
  EXPECT_NE(daemon.Stderr().find("alert log head"), std::string::npos);
}

// Prometheus' instant query for `promql`: the number of series and the sum of their values.
std::pair<size_t, double> Query(int prometheus_port, const std::string& promql) {
  std::string url =
      "http://127.0.0.1:" + std::to_string(prometheus_port) + "/api/v1/query?query=" + promql;
  test_http::HttpResult r = test_http::HttpGet(url);
  size_t series = 0;
  double sum = 0;
  for (size_t at = r.body.find("\"value\":["); at != std::string::npos;
       at = r.body.find("\"value\":[", at + 1)) {
    size_t quote = r.body.find(",\"", at);
    if (quote == std::string::npos) break;
    ++series;
    sum += std::atof(r.body.c_str() + quote + 2);
  }
  return {series, sum};
}

TEST(DaemonOutputsTest, ARealPrometheusScrapesTheDaemonsActiveAlertsAndCounters) {
  test_support::TempDir dir;
  std::string log = dir.File("traffic.jsonl");
  ChildProcess gen({GATEWATCH_GEN, "--lines", "11000", "--seed", "7", "--out", log}, {},
                   dir.File("gen.err"));
  ASSERT_EQ(gen.Wait(kWait), 0);
  const int metrics_port = test_http::FreeLoopbackPort();
  std::string config = dir.File("gatewatch.yaml");
  test_support::WriteFile(config, "input:\n  file: {path: " + log +
                                      "}\n"
                                      "rules: [" GATEWATCH_SOURCE_DIR
                                      "/rules]\n"
                                      "state: {directory: " +
                                      dir.File("state") +
                                      "}\n"
                                      "engine: {idle_advance_after: 1h}\n"  // alerts stay firing
                                      "http: {listen: '127.0.0.1:" +
                                      std::to_string(metrics_port) +
                                      "'}\n"
                                      "output:\n  json: {path: " +
                                      dir.File("alerts.jsonl") + "}\n");
  ChildProcess daemon({GATEWATCHD, "--config", config}, {}, dir.File("run.err"));
  // Every event applied (metrics are refreshed every 2 s), so every alert has fired.
  const std::string metrics = "http://127.0.0.1:" + std::to_string(metrics_port) + "/metrics";
  ASSERT_TRUE(Eventually(
      [&] {
        return test_http::HttpGet(metrics).body.find(
                   "gatewatch_events_consumed_total{input=\"file\"} 11000") != std::string::npos;
      },
      kWait))
      << daemon.Stderr();
  const size_t firing = ReadLines(dir.File("alerts.jsonl")).size();
  ASSERT_GE(firing, 3u);

  const int prometheus_port = test_http::FreeLoopbackPort();
  test_support::WriteFile(dir.File("prometheus.yml"),
                          "global: {scrape_interval: 1s}\n"
                          "scrape_configs:\n"
                          "  - job_name: gatewatch\n"
                          "    static_configs: [{targets: ['127.0.0.1:" +
                              std::to_string(metrics_port) + "']}]\n");
  ChildProcess prometheus(
      {"/usr/bin/prometheus", "--config.file=" + dir.File("prometheus.yml"),
       "--storage.tsdb.path=" + dir.File("tsdb"),
       "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port), "--log.level=warn"},
      {}, dir.File("prometheus.log"));
  EXPECT_TRUE(Eventually(
      [&] {
        return Query(prometheus_port, "gatewatch_alert_active").first == firing &&
               Query(prometheus_port, "gatewatch_events_consumed_total").second == 11000;
      },
      kWait))
      << test_support::ReadFile(dir.File("prometheus.log"));
  auto [series, sum] = Query(prometheus_port, "up{job=\"gatewatch\"}");
  EXPECT_EQ(series, 1u);
  EXPECT_EQ(sum, 1);
  prometheus.Signal(SIGTERM);
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(kWait), 0);
}

}  // namespace
}  // namespace gatewatch
