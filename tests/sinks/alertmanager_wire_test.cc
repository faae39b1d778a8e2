// What AlertmanagerSink puts on the wire (seen by a recording HTTP server), and TLS against
// the real Alertmanager.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "alert/redact.h"
#include "alertmanager_process.h"
#include "capture_server.h"
#include "rapidjson/document.h"
#include "sink_test_util.h"
#include "sinks/alertmanager_sink.h"

namespace gatewatch::sinks {
namespace {

using testing::AlertmanagerProcess;
using testing::CaptureServer;
using testing::NamedAlert;
using testing::Numbered;
using testing::WaitUntil;

class AlertmanagerWireTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "gw-wire-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  AlertmanagerSinkOptions Options(const std::string& url) {
    AlertmanagerSinkOptions o;
    o.urls = {url};
    o.resend_timer = false;
    o.http.total_timeout = 5 * core::kSecond;
    o.delivery.backoff.initial = 10 * core::kMillisecond;
    o.delivery.backoff.max = 50 * core::kMillisecond;
    return o;
  }
  std::unique_ptr<AlertmanagerSink> Make(const AlertmanagerSinkOptions& options) {
    auto sink = AlertmanagerSink::Create(options, clock_);
    EXPECT_TRUE(sink.ok()) << sink.status().ToString();
    return sink.ok() ? std::move(*sink) : nullptr;
  }
  std::string WriteFile(const std::string& name, const std::string& content) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << content;
    return path;
  }
  bool FlushWithin(AlertmanagerSink& sink, int seconds) {
    return sink.Flush(clock_.MonotonicNs() + seconds * core::kSecond);
  }

  core::RealClock clock_;
  std::string dir_;
};

bool HasHeader(const CaptureServer::Request& r, const std::string& line) {
  return r.head.find("\r\n" + line + "\r\n") != std::string::npos;
}

TEST_F(AlertmanagerWireTest, PostsJsonToTheV2Api) {
  CaptureServer server;
  auto sink = Make(Options(server.url() + "/"));
  ASSERT_NE(sink, nullptr);
  sink->Emit(NamedAlert("wire"));
  ASSERT_TRUE(FlushWithin(*sink, 10));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].head.rfind("POST /api/v2/alerts HTTP/1.1\r\n", 0), 0u) << requests[0].head;
  EXPECT_TRUE(HasHeader(requests[0], "Content-Type: application/json"));
  rapidjson::Document d;
  d.Parse(requests[0].body.c_str());
  ASSERT_TRUE(d.IsArray());
  EXPECT_STREQ(d[0]["labels"]["alertname"].GetString(), "wire");
}

TEST_F(AlertmanagerWireTest, ApiKeyNeverAppearsRawInThePostedJson) {
  CaptureServer server;
  auto sink = Make(Options(server.url()));
  ASSERT_NE(sink, nullptr);
  const std::string key = "k-live-5566778899aabbcc";
  alert::Alert a = NamedAlert("key-spike");
  a.group = {{"api_key", key}, {"client_ip", "198.51.100.7"}};
  a.annotations = {{"summary", "key " + key + " from 198.51.100.7"}};
  a.evidence.samples = {"/v1/x?api_key=" + key};
  sink->Emit(a);
  ASSERT_TRUE(FlushWithin(*sink, 10));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].body.find(key), std::string::npos) << requests[0].body;
  EXPECT_NE(requests[0].body.find("sha256:" + alert::Sha256Hex(key, 12)), std::string::npos);
  EXPECT_NE(requests[0].body.find("198.51.100.7"), std::string::npos);
}

TEST_F(AlertmanagerWireTest, BatchesHoldAtMost256Alerts) {
  CaptureServer server;
  auto sink = Make(Options(server.url()));
  ASSERT_NE(sink, nullptr);
  for (int i = 0; i < 600; ++i) sink->Emit(NamedAlert("many", Numbered("10.2.0.", i)));
  ASSERT_TRUE(FlushWithin(*sink, 20));
  size_t total = 0;
  for (const auto& r : server.requests()) {
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    ASSERT_TRUE(d.IsArray());
    EXPECT_LE(d.Size(), 256u);
    total += d.Size();
  }
  EXPECT_EQ(total, 600u);
  EXPECT_GE(server.requests().size(), 3u);
}

TEST_F(AlertmanagerWireTest, BearerTokenComesFromItsFileAtEveryRequest) {
  CaptureServer server;
  AlertmanagerSinkOptions o = Options(server.url());
  o.http.bearer_token_file = WriteFile("token", "tok-first\n");
  auto sink = Make(o);
  ASSERT_NE(sink, nullptr);
  sink->Emit(NamedAlert("a"));
  ASSERT_TRUE(WaitUntil([&] { return server.requests().size() == 1; }));
  WriteFile("token", "tok-rotated");
  sink->Emit(NamedAlert("b"));
  ASSERT_TRUE(FlushWithin(*sink, 10));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(HasHeader(requests[0], "Authorization: Bearer tok-first")) << requests[0].head;
  EXPECT_TRUE(HasHeader(requests[1], "Authorization: Bearer tok-rotated")) << requests[1].head;
}

TEST_F(AlertmanagerWireTest, BasicAuthComesFromThePasswordFile) {
  CaptureServer server;
  AlertmanagerSinkOptions o = Options(server.url());
  o.http.basic_auth_user = "gatewatch";
  o.http.basic_auth_password_file = WriteFile("password", "s3cret\n");
  auto sink = Make(o);
  ASSERT_NE(sink, nullptr);
  sink->Emit(NamedAlert("a"));
  ASSERT_TRUE(FlushWithin(*sink, 10));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  // base64("gatewatch:s3cret")
  EXPECT_TRUE(HasHeader(requests[0], "Authorization: Basic Z2F0ZXdhdGNoOnMzY3JldA=="))
      << requests[0].head;
}

TEST_F(AlertmanagerWireTest, BadRequestIsRejectedNotRetried) {
  CaptureServer server;
  server.set_status(400);
  auto sink = Make(Options(server.url()));
  ASSERT_NE(sink, nullptr);
  sink->Emit(NamedAlert("a"));
  ASSERT_TRUE(FlushWithin(*sink, 10));
  AsyncSinkStats s = sink->Stats().targets[0].delivery;
  EXPECT_EQ(s.rejected, 1u);
  EXPECT_EQ(server.requests().size(), 1u);
  EXPECT_NE(s.last_error.find("HTTP 400"), std::string::npos) << s.last_error;
}

TEST_F(AlertmanagerWireTest, ServerErrorIsRetriedUntilAccepted) {
  CaptureServer server;
  server.set_status(503);
  auto sink = Make(Options(server.url()));
  ASSERT_NE(sink, nullptr);
  sink->Emit(NamedAlert("a"));
  ASSERT_TRUE(WaitUntil([&] { return server.requests().size() >= 3; }));
  server.set_status(200);
  ASSERT_TRUE(FlushWithin(*sink, 10));
  AsyncSinkStats s = sink->Stats().targets[0].delivery;
  EXPECT_EQ(s.delivered, 1u);
  EXPECT_GE(s.failed_attempts, 3u);
}

// TLS against the real Alertmanager: verified with the operator's CA file; refused without it;
// accepted with verification explicitly off.
TEST_F(AlertmanagerWireTest, TlsVerifiesTheServerWithTheCaFile) {
  std::string cert = dir_ + "/cert.pem", key = dir_ + "/key.pem";
  std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
      " -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1"
      " -keyout " +
      key + " -out " + cert + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "openssl could not make a certificate";
  AlertmanagerProcess am;
  ASSERT_TRUE(am.Start("tls_server_config:\n  cert_file: " + cert + "\n  key_file: " + key + "\n"))
      << am.LogTail();
  ASSERT_EQ(am.url().rfind("https://", 0), 0u);

  AlertmanagerSinkOptions verified = Options(am.url());
  verified.http.ca_file = cert;
  AlertmanagerSinkOptions unverified = Options(am.url());
  AlertmanagerSinkOptions insecure = Options(am.url());
  insecure.http.insecure_skip_verify = true;
  auto good = Make(verified), bad = Make(unverified), skip = Make(insecure);
  ASSERT_TRUE(good && bad && skip);
  good->Emit(NamedAlert("tls-verified"));
  bad->Emit(NamedAlert("tls-unknown-ca"));
  skip->Emit(NamedAlert("tls-insecure"));
  ASSERT_TRUE(FlushWithin(*good, 10));
  ASSERT_TRUE(FlushWithin(*skip, 10));
  ASSERT_TRUE(WaitUntil([&] { return bad->Stats().targets[0].delivery.failed_attempts >= 1; }));
  std::string active = am.GetAlerts();
  EXPECT_NE(active.find("tls-verified"), std::string::npos);
  EXPECT_NE(active.find("tls-insecure"), std::string::npos);
  EXPECT_EQ(active.find("tls-unknown-ca"), std::string::npos);
  EXPECT_EQ(bad->Stats().targets[0].delivery.delivered, 0u);
}

}  // namespace
}  // namespace gatewatch::sinks
