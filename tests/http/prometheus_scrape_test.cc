// A real Prometheus (Debian's /usr/bin/prometheus, a child process on loopback) scrapes
// gatewatch's /metrics every second, with a bearer token, and its query API returns what
// DaemonMetrics was fed: the per-alert gauge appears, and disappears when the alert resolves.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include "child_process.h"
#include "http/http_server.h"
#include "http_client.h"
#include "metrics/daemon_metrics.h"
#include "metrics/metrics_endpoint.h"
#include "realistic_stats.h"

namespace gatewatch::metrics {
namespace {

using test_http::BackgroundProcess;
using test_http::HttpGet;
using test_http::TempDir;

constexpr char kPrometheus[] = "/usr/bin/prometheus";
constexpr char kToken[] = "scrape-token-123";

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

// Polls `done` every 200 ms for up to `seconds`.
bool WaitFor(const std::function<bool()>& done, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return done();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// One instant-vector sample from the query API: its labels and value.
struct Sample {
  std::map<std::string, std::string> labels;
  double value = 0;
};

class PrometheusScrapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kPrometheus, X_OK) != 0) {
      GTEST_SKIP() << kPrometheus << " is not installed (scripts/setup installs it)";
    }
    http::HttpServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.auth.bearer_token_file = dir_.WriteFile("token", kToken);
    server_ = std::make_unique<http::HttpServer>(options);
    ServeMetrics(&metrics_, server_.get());
    ASSERT_TRUE(server_->Start().ok());
    StartPrometheus();
  }

  void TearDown() override {
    prometheus_.Stop();  // also on failure: the destructor would do it, but say it here
    if (HasFailure()) {
      std::cerr << "prometheus log:\n" << ReadFile(dir_.path() + "/prometheus.log");
    }
  }

  void StartPrometheus() {
    const std::string config = dir_.WriteFile("prometheus.yml", R"(global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: gatewatch
    scrape_interval: 1s
    scrape_timeout: 1s
    authorization:
      credentials_file: )" + dir_.path() + R"(/token
    static_configs:
      - targets: ['127.0.0.1:)" + std::to_string(server_->bound_port()) +
                                                                    R"(']
)");
    prometheus_port_ = test_http::FreeLoopbackPort();
    ASSERT_TRUE(prometheus_.Start(
        {kPrometheus, "--config.file=" + config, "--storage.tsdb.path=" + dir_.path() + "/data",
         "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port_), "--log.level=warn"},
        dir_.path() + "/prometheus.log"));
    ASSERT_TRUE(WaitFor([&] { return HttpGet(PrometheusUrl("/-/ready")).status == 200; }, 30))
        << "prometheus did not become ready";
  }

  std::string PrometheusUrl(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(prometheus_port_) + path;
  }

  // The samples of an instant query, or an empty vector on any error.
  std::vector<Sample> Query(const std::string& promql) const {
    const auto result = HttpGet(PrometheusUrl("/api/v1/query?query=" + UrlEncode(promql)));
    rapidjson::Document doc;
    doc.Parse(result.body.c_str());
    std::vector<Sample> samples;
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("data")) {
      return samples;
    }
    for (const auto& item : doc["data"]["result"].GetArray()) {
      Sample sample;
      for (const auto& label : item["metric"].GetObject()) {
        sample.labels[label.name.GetString()] = label.value.GetString();
      }
      sample.value = std::stod(item["value"][1].GetString());
      samples.push_back(std::move(sample));
    }
    return samples;
  }

  TempDir dir_;
  core::FakeClock clock_{test_http::kNow};
  DaemonMetrics metrics_{DaemonMetricsOptions{}, clock_};
  std::unique_ptr<http::HttpServer> server_;
  BackgroundProcess prometheus_;
  int prometheus_port_ = 0;
};

TEST_F(PrometheusScrapeTest, QueriesSeeActiveAlertsAndCounters) {
  test_http::FeedRealisticStats(metrics_);
  std::vector<Sample> active;
  ASSERT_TRUE(WaitFor(
      [&] {
        active = Query("gatewatch_alert_active");
        return active.size() == 2;
      },
      30))
      << "got " << active.size() << " series";
  std::set<std::string> users;
  for (const Sample& sample : active) {
    EXPECT_EQ(sample.value, 1);
    EXPECT_EQ(sample.labels.at("job"), "gatewatch");
    EXPECT_EQ(sample.labels.at("severity"), "warning");
    users.insert(sample.labels.at("user") + "@" + sample.labels.at("client_ip") + "/" +
                 sample.labels.at("rule"));
  }
  EXPECT_EQ(users, (std::set<std::string>{"alice@192.0.2.1/auth-failure-burst",
                                          "bob@198.51.100.9/credential-stuffing"}));

  const auto consumed = Query("gatewatch_events_consumed_total{input=\"kafka\"}");
  ASSERT_EQ(consumed.size(), 1u);
  EXPECT_EQ(consumed[0].value, 5);
  const auto up = Query("up{job=\"gatewatch\"}");
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].value, 1) << "the scrape (with its bearer token) succeeds";

  // Resolving an alert removes its series; Prometheus marks it stale on the next scrape.
  alert::Alert resolved = test_http::FiringAlert("auth-failure-burst", "192.0.2.1", "alice");
  resolved.status = alert::AlertStatus::kResolved;
  metrics_.RecordAlert(resolved);
  ASSERT_TRUE(WaitFor([&] { return Query("gatewatch_alert_active").size() == 1; }, 30));
  EXPECT_EQ(Query("gatewatch_alert_active")[0].labels.at("user"), "bob");
}

}  // namespace
}  // namespace gatewatch::metrics
