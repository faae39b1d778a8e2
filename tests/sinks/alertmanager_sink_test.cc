// AlertmanagerSink against the real Alertmanager (Debian's prometheus-alertmanager 0.25),
// started per test on a loopback port.
#include "sinks/alertmanager_sink.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "alert/redact.h"
#include "alertmanager_process.h"
#include "parse/text_repair.h"
#include "rapidjson/document.h"
#include "sink_test_util.h"

namespace gatewatch::sinks {
namespace {

using testing::AlertmanagerProcess;
using testing::FreeLoopbackPort;
using testing::NamedAlert;
using testing::Numbered;
using testing::WaitUntil;

constexpr char kFiringReceived[] =
    "alertmanager_alerts_received_total{status=\"firing\",version=\"v2\"}";

// Active alerts of one Alertmanager, parsed.
class ActiveAlerts {
 public:
  explicit ActiveAlerts(const AlertmanagerProcess& am) {
    std::string body = am.GetAlerts();
    doc_.Parse(body.c_str(), body.size());
    if (!doc_.IsArray()) doc_.SetArray();
  }
  // The alert whose alertname label is `name`, or nullptr.
  const rapidjson::Value* Find(const std::string& name) const {
    for (const auto& a : doc_.GetArray()) {
      if (a.HasMember("labels") && a["labels"].HasMember("alertname") &&
          name == a["labels"]["alertname"].GetString()) {
        return &a;
      }
    }
    return nullptr;
  }
  size_t size() const { return doc_.Size(); }

 private:
  rapidjson::Document doc_;
};

std::string Str(const rapidjson::Value& object, const char* member) {
  if (!object.IsObject() || !object.HasMember(member) || !object[member].IsString())
    return "<none>";
  return std::string(object[member].GetString(), object[member].GetStringLength());  // keeps NUL
}

class AlertmanagerSinkTest : public ::testing::Test {
 protected:
  // Options for tests: fast retries, no internal timer unless asked.
  AlertmanagerSinkOptions Options(std::vector<std::string> urls) {
    AlertmanagerSinkOptions o;
    o.urls = std::move(urls);
    o.resend_timer = false;
    o.http.connect_timeout = core::kSecond;
    o.http.total_timeout = 5 * core::kSecond;
    o.delivery.backoff.initial = 20 * core::kMillisecond;
    o.delivery.backoff.max = 200 * core::kMillisecond;
    return o;
  }

  std::unique_ptr<AlertmanagerSink> Make(AlertmanagerSinkOptions options) {
    auto sink = AlertmanagerSink::Create(std::move(options), clock_);
    EXPECT_TRUE(sink.ok()) << sink.status().ToString();
    return sink.ok() ? std::move(*sink) : nullptr;
  }

  // True once target `i` has had `n` alerts accepted (HTTP 2xx answered).
  static bool Delivered(const AlertmanagerSink& sink, size_t i, uint64_t n) {
    return sink.Stats().targets.at(i).delivery.delivered >= n;
  }

  static bool Shows(const AlertmanagerProcess& am, const std::string& name) {
    return ActiveAlerts(am).Find(name) != nullptr;
  }

  core::RealClock clock_;
};

TEST_F(AlertmanagerSinkTest, FiringAlertArrivesWithLabelsAndAnnotations) {
  AlertmanagerProcess am;
  ASSERT_TRUE(am.Start()) << am.LogTail();
  AlertmanagerSinkOptions o = Options({am.url()});
  o.payload.generator_url = "http://gw.test:9464/status#{rule}";
  auto sink = Make(o);
  ASSERT_NE(sink, nullptr);

  alert::Alert a = NamedAlert("auth-burst");
  a.severity = "page";
  a.group = {{"client_ip", "203.0.113.9"}, {"request.headers.host", "api.example"}};
  a.labels = {{"category", "auth"}};
  a.annotations = {{"summary", "203.0.113.9 failed 12 logins"}};
  a.value = 12;
  a.threshold = 10;
  a.starts_at = clock_.Now();
  sink->Emit(a);

  ASSERT_TRUE(WaitUntil([&] { return Delivered(*sink, 0, 1); })) << am.LogTail();
  ASSERT_TRUE(Shows(am, "auth-burst"));
  ActiveAlerts alerts(am);
  const rapidjson::Value& got = *alerts.Find("auth-burst");
  EXPECT_EQ(Str(got["labels"], "severity"), "page");
  EXPECT_EQ(Str(got["labels"], "client_ip"), "203.0.113.9");
  EXPECT_EQ(Str(got["labels"], "request_headers_host"), "api.example");
  EXPECT_EQ(Str(got["labels"], "category"), "auth");
  EXPECT_EQ(got["labels"].MemberCount(), 5u);
  EXPECT_EQ(Str(got["annotations"], "summary"), "203.0.113.9 failed 12 logins");
  EXPECT_EQ(Str(got["annotations"], "value"), "12");
  EXPECT_EQ(Str(got["annotations"], "threshold"), "10");
  EXPECT_EQ(Str(got, "generatorURL"), "http://gw.test:9464/status#auth-burst");
  EXPECT_EQ(Str(got["status"], "state"), "active");
  AlertmanagerSinkStats s = sink->Stats();
  ASSERT_EQ(s.targets.size(), 1u);
  EXPECT_EQ(s.targets[0].delivery.delivered, 1u);
  EXPECT_EQ(s.firing_tracked, 1u);
}

TEST_F(AlertmanagerSinkTest, ResolvedAlertEndsAndIsForgotten) {
  AlertmanagerProcess am;
  ASSERT_TRUE(am.Start()) << am.LogTail();
  auto sink = Make(Options({am.url()}));
  ASSERT_NE(sink, nullptr);
  alert::Alert a = NamedAlert("to-resolve");
  a.starts_at = clock_.Now() - core::kMinute;
  sink->Emit(a);
  ASSERT_TRUE(WaitUntil([&] { return Shows(am, "to-resolve"); })) << am.LogTail();

  a.status = alert::AlertStatus::kResolved;
  a.ends_at = clock_.Now() - core::kSecond;
  sink->Emit(a);
  EXPECT_TRUE(WaitUntil([&] { return !Shows(am, "to-resolve"); }));
  EXPECT_GE(am.Metric("alertmanager_alerts_received_total{status=\"resolved\",version=\"v2\"}"), 1);
  EXPECT_EQ(sink->Stats().firing_tracked, 0u);
  EXPECT_EQ(sink->Tick(clock_.MonotonicNs() + core::kHour), 0u);  // nothing left to re-send
}

TEST_F(AlertmanagerSinkTest, FiringAlertsAreResentOnTheTimer) {
  AlertmanagerProcess am;
  ASSERT_TRUE(am.Start()) << am.LogTail();
  AlertmanagerSinkOptions o = Options({am.url()});
  o.resend_timer = true;
  o.resend_interval = core::kSecond;
  auto sink = Make(o);
  ASSERT_NE(sink, nullptr);
  sink->Emit(NamedAlert("still-firing"));
  // One send plus at least two re-sends reach Alertmanager.
  EXPECT_TRUE(WaitUntil([&] { return am.Metric(kFiringReceived) >= 3; })) << am.LogTail();
  EXPECT_GE(sink->Stats().resent, 2u);
  EXPECT_TRUE(Shows(am, "still-firing"));
}

TEST_F(AlertmanagerSinkTest, TickResendsOnlyAlertsThatAreDue) {
  AlertmanagerProcess am;
  ASSERT_TRUE(am.Start()) << am.LogTail();
  AlertmanagerSinkOptions o = Options({am.url()});
  o.resend_interval = core::kMinute;
  auto sink = Make(o);
  ASSERT_NE(sink, nullptr);
  int64_t t0 = clock_.MonotonicNs();
  sink->Emit(NamedAlert("a", "10.0.0.1"));
  sink->Emit(NamedAlert("a", "10.0.0.2"));
  EXPECT_EQ(sink->Tick(t0 + 30 * core::kSecond), 0u);
  EXPECT_EQ(sink->Tick(t0 + 61 * core::kSecond), 2u);
  EXPECT_EQ(sink->Tick(t0 + 62 * core::kSecond), 0u);
  EXPECT_TRUE(WaitUntil([&] { return am.Metric(kFiringReceived) >= 4; })) << am.LogTail();
}

TEST_F(AlertmanagerSinkTest, AlertsSentWhileDownArriveOnceItStarts) {
  AlertmanagerProcess am;  // not started yet: its port refuses connections
  auto sink = Make(Options({am.url()}));
  ASSERT_NE(sink, nullptr);
  for (int i = 0; i < 5; ++i) sink->Emit(NamedAlert("while-down", Numbered("10.0.0.", i)));
  // Every Emit returned although nothing could be delivered: the alerts wait in the queue.
  ASSERT_TRUE(WaitUntil([&] { return sink->Stats().targets[0].delivery.failed_attempts >= 2; }));
  AsyncSinkStats down = sink->Stats().targets[0].delivery;
  EXPECT_EQ(down.queue_depth, 5u);
  EXPECT_EQ(down.delivered, 0u);
  EXPECT_NE(down.last_error.find("127.0.0.1"), std::string::npos) << down.last_error;

  ASSERT_TRUE(am.Start()) << am.LogTail();
  ASSERT_TRUE(WaitUntil([&] { return Delivered(*sink, 0, 5); })) << am.LogTail();
  EXPECT_EQ(ActiveAlerts(am).size(), 5u);
  AsyncSinkStats up = sink->Stats().targets[0].delivery;
  EXPECT_EQ(up.delivered, 5u);
  EXPECT_EQ(up.queue_depth, 0u);
  EXPECT_EQ(up.dropped(), 0u);
}

TEST_F(AlertmanagerSinkTest, EveryAlertmanagerReceivesAndADeadOneDoesNotBlockThem) {
  AlertmanagerProcess am1, am2;
  ASSERT_TRUE(am1.Start()) << am1.LogTail();
  ASSERT_TRUE(am2.Start()) << am2.LogTail();
  std::string dead = "http://127.0.0.1:" + std::to_string(FreeLoopbackPort());
  auto sink = Make(Options({am1.url(), dead, am2.url()}));
  ASSERT_NE(sink, nullptr);
  sink->Emit(NamedAlert("ha-pair"));
  ASSERT_TRUE(WaitUntil([&] { return Delivered(*sink, 0, 1) && Delivered(*sink, 2, 1); }));
  EXPECT_TRUE(Shows(am1, "ha-pair"));
  EXPECT_TRUE(Shows(am2, "ha-pair"));
  AlertmanagerSinkStats s = sink->Stats();
  ASSERT_EQ(s.targets.size(), 3u);
  EXPECT_EQ(s.targets[0].delivery.delivered, 1u);
  EXPECT_EQ(s.targets[2].delivery.delivered, 1u);
  EXPECT_EQ(s.targets[1].url, dead);
  EXPECT_EQ(s.targets[1].delivery.delivered, 0u);
  EXPECT_EQ(s.targets[1].delivery.queue_depth, 1u);
  // Shutdown gives up on the dead one at the deadline and says so.
  EXPECT_FALSE(sink->Flush(clock_.MonotonicNs() + 100 * core::kMillisecond));
  EXPECT_EQ(sink->Stats().targets[1].delivery.dropped_at_shutdown, 1u);
}

TEST_F(AlertmanagerSinkTest, FullQueueDropsAndCountsWhileAlertmanagerIsDown) {
  AlertmanagerProcess am;  // never started
  AlertmanagerSinkOptions o = Options({am.url()});
  o.delivery.queue_capacity = 4;
  o.delivery.max_batch_size = 2;
  auto sink = Make(o);
  ASSERT_NE(sink, nullptr);
  for (int i = 0; i < 20; ++i) sink->Emit(NamedAlert("flood", Numbered("10.1.0.", i)));
  AsyncSinkStats s = sink->Stats().targets[0].delivery;
  // At most 4 queued plus one batch of 2 in delivery; everything else dropped and counted.
  EXPECT_EQ(s.accepted, 20u);  // dropping the oldest makes room for each new one
  EXPECT_GE(s.dropped_queue_full, 14u);
  EXPECT_LE(s.queue_depth, 6u);
  EXPECT_EQ(s.queue_depth + s.dropped_queue_full, 20u);
  EXPECT_EQ(s.delivered, 0u);
}

TEST_F(AlertmanagerSinkTest, HostileStringsAreAcceptedAndStoredBounded) {
  AlertmanagerProcess am;
  ASSERT_TRUE(am.Start()) << am.LogTail();
  auto sink = Make(Options({am.url()}));
  ASSERT_NE(sink, nullptr);
  static const char kHostile[] =
      "q\"uote\\back\nnew\rret\ttab\x01\x1f\x7f nul\0 bad\xFF\xFE\xC0\xAF"
      " cut\xE2\x82 {{ .Labels }} {{ template \"x\" }} }}";
  const std::string hostile(kHostile, sizeof kHostile - 1);  // with its NUL byte
  const std::string huge(100 * 1024, 'A');
  alert::Alert a = NamedAlert("hostile");
  a.group = {{"user", hostile},
             {"request.headers.x-forwarded-for", "1.2.3.4"},
             {"path", huge},
             {"9lives", "cat"}};
  a.labels = {{"team.name", hostile}};
  a.annotations = {{"summary", hostile}, {"description", huge}, {"run-book", "x"}};
  sink->Emit(a);

  ASSERT_TRUE(WaitUntil([&] {
    AsyncSinkStats s = sink->Stats().targets[0].delivery;
    return s.delivered + s.rejected > 0;
  }));
  AsyncSinkStats s = sink->Stats().targets[0].delivery;
  EXPECT_EQ(s.delivered, 1u);  // HTTP 2xx
  EXPECT_EQ(s.rejected, 0u) << s.last_error;
  ASSERT_TRUE(Shows(am, "hostile")) << am.LogTail();
  ActiveAlerts alerts(am);
  const rapidjson::Value& got = *alerts.Find("hostile");
  const rapidjson::Value& labels = got["labels"];
  EXPECT_EQ(Str(labels, "request_headers_x_forwarded_for"), "1.2.3.4");
  EXPECT_EQ(Str(labels, "_9lives"), "cat");
  std::string user = Str(labels, "user");
  EXPECT_TRUE(parse::IsValidUtf8(user));
  EXPECT_NE(user.find("{{ .Labels }}"), std::string::npos);  // stored literally
  EXPECT_NE(user.find("q\"uote\\back\nnew"), std::string::npos);
  EXPECT_EQ(Str(labels, "team_name"), user);
  std::string path = Str(labels, "path");
  EXPECT_LE(path.size(), 1024u);
  EXPECT_EQ(path.substr(path.size() - 8), alert::Sha256Hex(huge, 8));
  EXPECT_LE(Str(got["annotations"], "description").size(), 16u * 1024);
  EXPECT_EQ(Str(got["annotations"], "summary"), user);
  EXPECT_EQ(Str(got["annotations"], "run_book"), "x");
}

TEST_F(AlertmanagerSinkTest, ApiKeyNeverReachesAlertmanagerRaw) {
  AlertmanagerProcess am;
  ASSERT_TRUE(am.Start()) << am.LogTail();
  auto sink = Make(Options({am.url()}));
  ASSERT_NE(sink, nullptr);
  const std::string key = "k-live-9f8e7d6c5b4a3210";
  alert::Alert a = NamedAlert("key-spike");
  a.group = {{"api_key", key}};
  a.labels = {{"key_ref", key}};
  a.annotations = {{"summary", "key " + key + " made 900 calls"}};
  sink->Emit(a);
  ASSERT_TRUE(WaitUntil([&] { return Shows(am, "key-spike"); })) << am.LogTail();
  std::string body = am.GetAlerts();
  EXPECT_EQ(body.find(key), std::string::npos) << body;
  const std::string stand_in = "sha256:" + alert::Sha256Hex(key, 12);
  ActiveAlerts alerts(am);
  const rapidjson::Value& got = *alerts.Find("key-spike");
  EXPECT_EQ(Str(got["labels"], "api_key"), stand_in);
  EXPECT_EQ(Str(got["annotations"], "summary"), "key " + stand_in + " made 900 calls");
}

TEST_F(AlertmanagerSinkTest, CreateRejectsBadOptions) {
  core::RealClock clock;
  AlertmanagerSinkOptions o;
  EXPECT_FALSE(AlertmanagerSink::Create(o, clock).ok());  // no URL
  o.urls = {"http://127.0.0.1:1"};
  o.resend_interval = 0;
  EXPECT_FALSE(AlertmanagerSink::Create(o, clock).ok());
  o.resend_interval = core::kMinute;
  o.http.bearer_token_file = "/nonexistent/token";
  auto bad = AlertmanagerSink::Create(o, clock);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bearer_token_file"), std::string::npos);
}

}  // namespace
}  // namespace gatewatch::sinks
