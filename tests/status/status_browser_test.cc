// The status page in a real browser: headless Chromium loads it from a live server, runs its
// script (which only runs if the page's CSP hash is right), and we read the rendered DOM and
// a screenshot. Skipped only when /usr/bin/chromium is not installed (scripts/setup installs
// it).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "http/child_process.h"
#include "status_test_views.h"

namespace gatewatch::status_test {
namespace {

constexpr char kChromium[] = "/usr/bin/chromium";
constexpr char kArtifactsDir[] = GATEWATCH_BINARY_DIR "/tests/status/artifacts";

struct Rendered {
  std::string dom;
  std::string log;
};

// Loads `url` in headless Chromium, lets the page run for 5 s of virtual time (two polls),
// then dumps the DOM and saves a 1280x900 screenshot to `screenshot`. Chromium runs as root
// here, so without its sandbox, with a throwaway profile; `timeout` bounds it at 25 s.
Rendered RenderInChromium(const std::string& url, const std::string& screenshot) {
  test_http::TempDir dir;
  const std::string dom = dir.path() + "/dom.html";
  const std::string log = dir.path() + "/chromium.log";
  const std::string command =
      "exec timeout -k 5 25 " + std::string(kChromium) +
      " --headless=new --no-sandbox --disable-gpu --no-first-run --no-default-browser-check"
      " --disable-extensions --disable-background-networking --user-data-dir='" +
      dir.path() + "/profile' --virtual-time-budget=5000 --window-size=1280,900 --screenshot='" +
      screenshot + "' --dump-dom '" + url + "' > '" + dom + "' 2> '" + log + "'";
  const test_http::RunResult run = test_http::RunToCompletion({"/bin/sh", "-c", command}, "");
  EXPECT_EQ(run.exit_code, 0) << run.output << ReadFile(log);
  return {ReadFile(dom), ReadFile(log)};
}

TEST(StatusBrowserTest, RendersFiringAlertsAsTextInChromium) {
  if (!std::filesystem::exists(kChromium)) {
    GTEST_SKIP() << kChromium << " is not installed (apt-get install chromium; scripts/setup "
                 << "does): the status page was not rendered in a browser";
  }
  daemon::StatusBoard board;
  board.Publish(RealisticView());
  StatusServer server(&board);
  ASSERT_TRUE(server.Start().ok());
  std::filesystem::create_directories(kArtifactsDir);
  const std::string screenshot = std::string(kArtifactsDir) + "/status-page.png";
  std::filesystem::remove(screenshot);

  const Rendered page = RenderInChromium(server.Url("/status"), screenshot);
  const std::string& dom = page.dom;
  ASSERT_FALSE(dom.empty()) << page.log;

  // Exactly the two published alerts became rows, newest first, with their fingerprints.
  EXPECT_EQ(Count(dom, "<tr class=\"alert-row\""), 2u) << dom;
  const size_t scraping = dom.find("<tr class=\"alert-row\" data-rule=\"api-scraping\"");
  const size_t stuffing = dom.find("<tr class=\"alert-row\" data-rule=\"credential-stuffing\"");
  ASSERT_NE(scraping, std::string::npos) << dom;
  ASSERT_NE(stuffing, std::string::npos) << dom;
  EXPECT_LT(scraping, stuffing);
  EXPECT_NE(dom.find("data-fingerprint=\"" + RealisticView().firing[0].fingerprint + "\""),
            std::string::npos);
  EXPECT_NE(dom.find("<span id=\"firing-count\">2</span>"), std::string::npos);

  // The hostile user name and path are shown as text (serialised with &lt;), never as markup.
  EXPECT_NE(dom.find("user=&lt;img src=x onerror=\"document.title='pwned'\"&gt;&lt;/td&gt;"),
            std::string::npos)
      << dom;
  EXPECT_NE(dom.find("/search?q=&lt;/script&gt;&lt;script&gt;"), std::string::npos) << dom;
  EXPECT_EQ(dom.find("<img"), std::string::npos) << dom;
  EXPECT_EQ(dom.find("data-rule=\"injected\">"), std::string::npos) << dom;
  EXPECT_NE(dom.find("<title>gatewatch status</title>"), std::string::npos) << "not pwned";

  // The rest of the view rendered too.
  EXPECT_NE(dom.find("kafka 127.0.0.1:9092 topics access-logs group gatewatch"), std::string::npos);
  EXPECT_NE(dom.find("unknown field \"treshold\""), std::string::npos);
  EXPECT_EQ(dom.find("id=\"reload-error\" class=\"banner\" hidden"), std::string::npos)
      << "the reload error banner is shown";
  EXPECT_NE(dom.find("webhook-siem"), std::string::npos);
  EXPECT_NE(dom.find("&gt; 10 * baseline"), std::string::npos);
  EXPECT_NE(dom.find("updated "), std::string::npos) << "the poll succeeded";

  const std::string png = ReadFile(screenshot);
  ASSERT_GT(png.size(), 1000u) << page.log;
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

}  // namespace
}  // namespace gatewatch::status_test
