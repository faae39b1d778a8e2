// HttpServer on real loopback sockets: routing, built-in endpoints, auth, limits, binding.
#include "http/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "child_process.h"
#include "http_client.h"

namespace gatewatch::http {
namespace {

using test_http::Http;
using test_http::HttpGet;
using test_http::TempDir;

HttpServerOptions LoopbackAnyPort() {
  HttpServerOptions options;
  options.listen_address = "127.0.0.1:0";
  return options;
}

std::string Url(const HttpServer& server, const std::string& path) {
  return "http://127.0.0.1:" + std::to_string(server.bound_port()) + path;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void StartWith(HttpServerOptions options) {
    server_ = std::make_unique<HttpServer>(std::move(options));
    server_->Handle("/hello", [](const HttpRequest& request) {
      return HttpResponse::Text(200, "hello " + request.query);
    });
    server_->Handle("/boom", [](const HttpRequest&) -> HttpResponse {
      throw std::runtime_error("handler bug");
    });
    const core::Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
    ASSERT_GT(server_->bound_port(), 0);
  }
  std::string Url(const std::string& path) const { return http::Url(*server_, path); }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, ServesRegisteredPathsAnd404sTheRest) {
  StartWith(LoopbackAnyPort());
  const auto hello = HttpGet(Url("/hello?name=x"));
  EXPECT_EQ(hello.status, 200);
  EXPECT_EQ(hello.body, "hello name=x");
  EXPECT_EQ(hello.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(HttpGet(Url("/nothing-here")).status, 404);
  EXPECT_EQ(HttpGet(Url("/hello/")).status, 404) << "exact match only";
  EXPECT_EQ(HttpGet(Url("/")).status, 404) << "no document root, no directory listing";
}

TEST_F(HttpServerTest, OnlyGetAndHeadAreAllowed) {
  StartWith(LoopbackAnyPort());
  const auto post = Http({.url = Url("/hello"), .method = "POST"});
  EXPECT_EQ(post.status, 405);
  EXPECT_TRUE(test_http::HasHeader(post, "Allow"));
  EXPECT_EQ(Http({.url = Url("/hello"), .method = "DELETE"}).status, 405);
  const auto head = Http({.url = Url("/hello"), .method = "HEAD"});
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(HttpServerTest, HealthyAlwaysReadyOnlyWhenSet) {
  StartWith(LoopbackAnyPort());
  EXPECT_EQ(HttpGet(Url("/-/healthy")).status, 200);
  EXPECT_EQ(HttpGet(Url("/-/ready")).status, 503);
  server_->SetReady(true);
  EXPECT_EQ(HttpGet(Url("/-/ready")).status, 200);
  server_->SetReady(false);
  EXPECT_EQ(HttpGet(Url("/-/ready")).status, 503);
}

TEST_F(HttpServerTest, AThrowingHandlerIsA500AndTheServerCarriesOn) {
  StartWith(LoopbackAnyPort());
  EXPECT_EQ(HttpGet(Url("/boom")).status, 500);
  EXPECT_EQ(HttpGet(Url("/hello")).status, 200);
}

TEST_F(HttpServerTest, HandlersCanBeAddedAndReplacedWhileRunning) {
  StartWith(LoopbackAnyPort());
  server_->Handle("/late", [](const HttpRequest&) { return HttpResponse::Text(200, "one"); });
  EXPECT_EQ(HttpGet(Url("/late")).body, "one");
  server_->Handle("/late", [](const HttpRequest&) { return HttpResponse::Text(200, "two"); });
  EXPECT_EQ(HttpGet(Url("/late")).body, "two");
}

TEST_F(HttpServerTest, OversizedRequestHeadersAreRefused) {
  HttpServerOptions options = LoopbackAnyPort();
  options.max_request_header_bytes = 4096;
  StartWith(options);
  const auto big = Http({.url = Url("/hello"), .headers = {"X-Big: " + std::string(8000, 'a')}});
  EXPECT_NE(big.status, 200);
  EXPECT_EQ(HttpGet(Url("/hello")).status, 200);
}

TEST_F(HttpServerTest, BearerTokenProtectsEverythingButHealthy) {
  TempDir dir;
  HttpServerOptions options = LoopbackAnyPort();
  options.auth.bearer_token_file = dir.WriteFile("token", "s3cret-token\n");
  StartWith(options);
  const auto anonymous = HttpGet(Url("/hello"));
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_TRUE(test_http::HasHeader(anonymous, "WWW-Authenticate"));
  EXPECT_EQ(Http({.url = Url("/hello"), .headers = {"Authorization: Bearer wrong"}}).status, 401);
  EXPECT_EQ(Http({.url = Url("/hello"), .headers = {"Authorization: Bearer s3cret-toke"}}).status,
            401);
  EXPECT_EQ(Http({.url = Url("/hello"), .headers = {"Authorization: Bearer s3cret-token"}}).status,
            200);
  EXPECT_EQ(Http({.url = Url("/hello"), .user_password = "x:s3cret-token"}).status, 401)
      << "basic auth is not configured";
  EXPECT_EQ(HttpGet(Url("/-/healthy")).status, 200);
  EXPECT_EQ(HttpGet(Url("/-/ready")).status, 401);
  EXPECT_EQ(HttpGet(Url("/nothing-here")).status, 401) << "no probing routes without a token";
}

TEST_F(HttpServerTest, BasicAuthChecksUserAndPassword) {
  TempDir dir;
  HttpServerOptions options = LoopbackAnyPort();
  options.auth.basic_auth_user = "prometheus";
  options.auth.basic_auth_password_file = dir.WriteFile("password", "pa:ss word\n");
  options.healthy_without_auth = false;
  StartWith(options);
  EXPECT_EQ(HttpGet(Url("/hello")).status, 401);
  EXPECT_EQ(Http({.url = Url("/hello"), .user_password = "prometheus:pa:ss word"}).status, 200);
  EXPECT_EQ(Http({.url = Url("/hello"), .user_password = "prometheus:pa:ss wor"}).status, 401);
  EXPECT_EQ(Http({.url = Url("/hello"), .user_password = "other:pa:ss word"}).status, 401);
  EXPECT_EQ(Http({.url = Url("/hello"), .headers = {"Authorization: Basic !!notbase64"}}).status,
            401);
  EXPECT_EQ(HttpGet(Url("/-/healthy")).status, 401) << "healthy_without_auth = false";
}

TEST(HttpServerConfig, BadCredentialsOrAddressesFailToStart) {
  TempDir dir;
  const auto start = [](HttpServerOptions options) {
    return HttpServer(std::move(options)).Start();
  };
  HttpServerOptions options = LoopbackAnyPort();
  options.auth.bearer_token_file = dir.path() + "/missing";
  EXPECT_EQ(start(options).code(), core::Status::Code::kIoError);

  options = LoopbackAnyPort();
  options.auth.bearer_token_file = dir.WriteFile("empty", "\n");
  EXPECT_FALSE(start(options).ok());

  options = LoopbackAnyPort();
  options.auth.basic_auth_user = "prometheus";
  EXPECT_FALSE(start(options).ok()) << "a user without a password file";

  for (const char* address : {"9464", ":9464", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:x",
                              "127.0.0.1:1,127.0.0.1:2"}) {
    options = HttpServerOptions();
    options.listen_address = address;
    EXPECT_EQ(start(options).code(), core::Status::Code::kInvalidArgument) << address;
  }
}

TEST(HttpServerConfig, APortInUseIsAnError) {
  HttpServer first(LoopbackAnyPort());
  ASSERT_TRUE(first.Start().ok());
  HttpServerOptions options;
  options.listen_address = "127.0.0.1:" + std::to_string(first.bound_port());
  HttpServer second(options);
  const core::Status status = second.Start();
  EXPECT_EQ(status.code(), core::Status::Code::kIoError) << status.ToString();
}

// The machine's first IPv4 address that is not loopback, or "" if it has none.
std::string NonLoopbackIpv4() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) {
    return "";
  }
  std::string found;
  for (ifaddrs* it = list; it != nullptr && found.empty(); it = it->ifa_next) {
    if (it->ifa_addr == nullptr || it->ifa_addr->sa_family != AF_INET) {
      continue;
    }
    const auto* addr = reinterpret_cast<const sockaddr_in*>(it->ifa_addr);
    if ((ntohl(addr->sin_addr.s_addr) >> 24) != 127) {
      char text[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, &addr->sin_addr, text, sizeof text);
      found = text;
    }
  }
  freeifaddrs(list);
  return found;
}

TEST(HttpServerConfig, ListensOnLoopbackByDefault) {
  EXPECT_EQ(HttpServerOptions().listen_address, "127.0.0.1:9464");
  HttpServer server(LoopbackAnyPort());
  ASSERT_TRUE(server.Start().ok());
  const std::string port = std::to_string(server.bound_port());
  EXPECT_EQ(HttpGet("http://127.0.0.1:" + port + "/-/healthy").status, 200);
  const std::string other = NonLoopbackIpv4();
  if (other.empty()) {
    GTEST_SKIP() << "no non-loopback IPv4 address to try";
  }
  EXPECT_EQ(Http({.url = "http://" + other + ":" + port + "/-/healthy", .timeout_ms = 2000}).status,
            0)
      << "reachable on " << other;
}

}  // namespace
}  // namespace gatewatch::http
