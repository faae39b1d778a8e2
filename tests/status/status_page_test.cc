// The status page as served: HTML, self-contained, locked down by its Content-Security-Policy,
// and behind the server's auth like every other path.
#include "status/status_page.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "http/child_process.h"
#include "http/http_client.h"
#include "status_test_views.h"

namespace gatewatch::status_test {
namespace {

using test_http::Http;
using test_http::HttpGet;
using test_http::HttpResult;

// The policy the page carries in its <meta http-equiv="Content-Security-Policy">.
std::string MetaPolicy(const std::string& page) {
  static const std::regex meta(
      R"re(<meta http-equiv="Content-Security-Policy" content="([^"]*)">)re");
  std::smatch match;
  return std::regex_search(page, match, meta) ? match[1].str() : "";
}

class StatusPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    board_.Publish(RealisticView());
    ASSERT_TRUE(server_.Start().ok());
  }
  daemon::StatusBoard board_;
  StatusServer server_{&board_};
};

TEST_F(StatusPageTest, ServedAsHtmlAtRootAndStatus) {
  for (const char* path : {"/", "/status"}) {
    const HttpResult page = HttpGet(server_.Url(path));
    EXPECT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8") << path;
    EXPECT_EQ(page.body, status::StatusPageHtml()) << path;
    EXPECT_NE(page.body.find("<title>gatewatch status</title>"), std::string::npos);
    EXPECT_NE(page.body.find("fetch(\"api/v1/status\""), std::string::npos) << "polls the API";
    EXPECT_EQ(Http({.url = server_.Url(path), .method = "POST"}).status, 405) << path;
  }
}

TEST_F(StatusPageTest, HasNoExternalUrls) {
  const std::string page = HttpGet(server_.Url("/")).body;
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("//cdn"), std::string::npos);
  // Every src= and href= is relative to the page (or data:).
  static const std::regex link(R"re(\b(src|href)\s*=\s*["']?([^"' >]*))re");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), link); it != std::sregex_iterator();
       ++it) {
    const std::string target = (*it)[2].str();
    EXPECT_TRUE(target.rfind("data:", 0) == 0 || target.rfind("api/", 0) == 0 ||
                target == "metrics")
        << (*it)[0].str();
  }
}

// The page inserts API data with text nodes only; none of the DOM's HTML parsers may appear.
TEST_F(StatusPageTest, ScriptNeverParsesDataAsHtml) {
  const std::string page = status::StatusPageHtml();
  for (const char* sink : {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                           "eval(", "new Function", "DOMParser", "createContextualFragment"}) {
    EXPECT_EQ(page.find(sink), std::string::npos) << sink;
  }
}

TEST_F(StatusPageTest, PolicyAllowsOnlyTheInlineScriptAndStyleByHash) {
  const std::string policy = MetaPolicy(status::StatusPageHtml());
  ASSERT_FALSE(policy.empty()) << "the page must carry a CSP";
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos) << policy;
  EXPECT_TRUE(std::regex_search(policy, std::regex("script-src 'sha256-[A-Za-z0-9+/]{43}='")))
      << policy;
  EXPECT_TRUE(std::regex_search(policy, std::regex("style-src 'sha256-[A-Za-z0-9+/]{43}='")))
      << policy;
  EXPECT_NE(policy.find("connect-src 'self'"), std::string::npos) << policy;
  EXPECT_EQ(policy.find("unsafe"), std::string::npos) << policy;
  EXPECT_EQ(status::StatusPageHtml().find("@CONTENT_SECURITY_POLICY@"), std::string::npos);
  EXPECT_NE(status::StatusPageTemplate().find("@CONTENT_SECURITY_POLICY@"), std::string::npos);
}

TEST(StatusAuthTest, PageAndApiNeedTheBearerTokenWhenOneIsSet) {
  test_http::TempDir dir;
  http::HttpServerOptions options = StatusServer::LoopbackOptions();
  options.auth.bearer_token_file = dir.WriteFile("token", "s3cret-token\n");
  daemon::StatusBoard board;
  StatusServer server(&board, options);
  ASSERT_TRUE(server.Start().ok());
  for (const char* path : {"/", "/status", "/api/v1/status", "/api/v1/alerts"}) {
    EXPECT_EQ(HttpGet(server.Url(path)).status, 401) << path;
    const HttpResult ok =
        Http({.url = server.Url(path), .headers = {"Authorization: Bearer s3cret-token"}});
    EXPECT_EQ(ok.status, 200) << path;
  }
}

}  // namespace
}  // namespace gatewatch::status_test
