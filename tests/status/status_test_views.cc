#include "status_test_views.h"

#include <fstream>
#include <sstream>

#include "alert/alert.h"
#include "core/duration.h"
#include "status/status_endpoint.h"

namespace gatewatch::status_test {
namespace {

constexpr core::TimestampNs kNow = 1714564800 * core::kSecond;  // 2024-05-01T12:00:00Z

alert::Alert FiringAlert(std::string rule, std::string severity,
                         std::vector<std::pair<std::string, std::string>> group, double value,
                         double threshold, core::DurationNs age) {
  alert::Alert a;
  a.rule = std::move(rule);
  a.severity = std::move(severity);
  a.group = std::move(group);
  a.value = value;
  a.threshold = threshold;
  a.starts_at = kNow - age;
  a.labels = {{"team", "edge"}};
  a.annotations = {{"summary", "over the threshold"}};
  a.fingerprint = alert::Fingerprint(a.rule, a.group);
  a.evidence.window = 5 * core::kMinute;
  a.evidence.first_event = a.starts_at - 5 * core::kMinute;
  a.evidence.last_event = kNow - 3 * core::kSecond;
  a.evidence.events = static_cast<uint64_t>(value);
  return a;
}

std::vector<alert::Alert> FiringAlerts() {
  alert::Alert stuffing = FiringAlert("credential-stuffing", "warning",
                                      {{"client_ip", "198.51.100.9"}}, 42, 20, 4 * core::kMinute);
  stuffing.evidence.samples = {"POST /login 401", "POST /login?next=/admin 401"};
  alert::Alert scraping = FiringAlert("api-scraping", "critical", {{"user", kHostileUser}}, 1250,
                                      1000, 90 * core::kSecond);
  scraping.evidence.samples = {kHostilePath, "GET /api/v1/orders?page=17 200"};
  return {scraping, stuffing};  // newest first
}

std::vector<daemon::RuleStatus> Rules() {
  daemon::RuleStatus stuffing{.rule = "credential-stuffing",
                              .severity = "warning",
                              .description = "Many failed logins from one IP",
                              .condition = "> 20",
                              .matched = 18342,
                              .groups = 311,
                              .firing = 1,
                              .top = {{{{"client_ip", "198.51.100.9"}}, 42, 20, "firing"},
                                      {{{"client_ip", "203.0.113.7"}}, 19, 20, ""}}};
  daemon::RuleStatus scraping{.rule = "api-scraping",
                              .severity = "critical",
                              .description = "One user reading far more than usual",
                              .condition = "> 10 * baseline",
                              .matched = 912004,
                              .groups = 5120,
                              .firing = 1,
                              .top = {{{{"user", kHostileUser}}, 1250, 1000, "firing"},
                                      {{{"user", "carol"}}, 1100, 1000, "pending"}}};
  daemon::RuleStatus errors{.rule = "error-burst",
                            .severity = "info",
                            .description = "5xx responses per route",
                            .condition = "> 50",
                            .matched = 77,
                            .groups = 0,
                            .firing = 0,
                            .top = {}};
  return {stuffing, scraping, errors};
}

}  // namespace

daemon::StatusView RealisticView() {
  daemon::StatusView view;
  view.version = "0.1.0";
  view.generated_at = kNow;
  view.started_at = kNow - (3 * core::kHour + 25 * core::kMinute);
  view.watermark = kNow - 2 * core::kSecond;
  view.input = "kafka 127.0.0.1:9092 topics access-logs group gatewatch";
  view.events = 8421337;
  view.rejected = 1290;
  view.events_per_second = 2310.5;
  view.rejects_per_second = 0.25;
  view.rejected_by_reason = {{"invalid_json", 1200}, {"missing_timestamp", 90}};
  view.lag = {{"access-logs", 0, 12}, {"access-logs", 1, 0}, {"access-logs", 2, -1}};
  view.firing = FiringAlerts();
  view.rules = Rules();
  view.sinks = {{"alertmanager", 57, 0, 0, 0, ""},
                {"webhook-siem", 40, 9, 2, 15, "POST https://siem.example/hook: 503"}};
  view.last_reload_error = "rules.yaml:12:5: unknown field \"treshold\"";
  view.state_bytes = 48 * 1024 * 1024;
  view.state_budget_bytes = 256 * 1024 * 1024;
  return view;
}

std::vector<std::string> HostileStrings() {
  return {
      "quote \" backslash \\ apostrophe ' ampersand &amp;",
      "</script><script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "line one\nline two\r\n\ttab \x01 \x1f \x7f",
      std::string("nul \0 inside", 12),
      "invalid \xff\xfe utf-8",
      "truncated \xe2\x82",
      "lead byte then quote \xc3",
      "overlong \xc0\xaf and surrogate \xed\xa0\x80",
      "line separator \xe2\x80\xa8 and emoji \xf0\x9f\x94\xa5",
      std::string(100 * 1024, 'A') + "\xff",
  };
}

daemon::StatusView ViewWithTextEverywhere(const std::string& text) {
  daemon::StatusView view;
  view.version = text;
  view.input = text;
  view.rejected_by_reason = {{text, 1}};
  view.lag = {{text, 0, 1}};
  alert::Alert a;
  a.rule = text;
  a.severity = text;
  a.group = {{text, text}};
  a.labels = {{text, text}};
  a.annotations = {{text, text}};
  a.fingerprint = alert::Fingerprint(text, a.group);
  a.evidence.samples = {text};
  view.firing = {a};
  view.rules = {{.rule = text,
                 .severity = text,
                 .description = text,
                 .condition = text,
                 .top = {{{{text, text}}, 1, 0, text}}}};
  view.sinks = {{.name = text, .last_error = text}};
  view.last_reload_error = text;
  return view;
}

StatusServer::StatusServer(const daemon::StatusBoard* board, http::HttpServerOptions options,
                           alert::RedactionPolicy redaction)
    : server_(std::make_unique<http::HttpServer>(std::move(options))) {
  status::ServeStatus(board, server_.get(), std::move(redaction));
}

http::HttpServerOptions StatusServer::LoopbackOptions() {
  http::HttpServerOptions options;
  options.listen_address = "127.0.0.1:0";
  return options;
}

std::string StatusServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(server_->bound_port()) + path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace gatewatch::status_test
