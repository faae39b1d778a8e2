#ifndef GATEWATCH_TESTS_STATUS_STATUS_TEST_VIEWS_H_
#define GATEWATCH_TESTS_STATUS_STATUS_TEST_VIEWS_H_

#include <memory>
#include <string>
#include <vector>

#include "alert/redact.h"
#include "daemon/status_board.h"
#include "http/http_server.h"

// What the status tests publish, a loopback server that serves it, and two text helpers.
namespace gatewatch::status_test {

// A user name an attacker chose: markup that would close the alert row and forge another one
// (data-rule="injected") if the page ever inserted it as HTML.
inline constexpr char kHostileUser[] =
    "<img src=x onerror=\"document.title='pwned'\"></td></tr>"
    "<tr class=\"alert-row\" data-rule=\"injected\">";
// A request path that would end the page's script and start another.
inline constexpr char kHostilePath[] = "/search?q=</script><script>document.title='pwned'</script>";

// A daemon a few hours up, in the middle of an attack: two firing alerts (credential-stuffing
// by IP, api-scraping by the hostile user), three rules, two sinks (one failing), Kafka lag,
// rejected lines and a failed reload. generated_at is 2024-05-01T12:00:00Z.
daemon::StatusView RealisticView();

// Strings an attacker can put in a log line: quotes, markup, control characters, NUL, invalid
// UTF-8 of several kinds, U+2028, and 100 KB.
std::vector<std::string> HostileStrings();

// A view with `text` in every string the API serves (names, values, paths, errors, keys).
daemon::StatusView ViewWithTextEverywhere(const std::string& text);

// An HttpServer on 127.0.0.1 (ephemeral port) with ServeStatus() mounted over a board.
class StatusServer {
 public:
  explicit StatusServer(const daemon::StatusBoard* board,
                        http::HttpServerOptions options = LoopbackOptions(),
                        alert::RedactionPolicy redaction = {});
  static http::HttpServerOptions LoopbackOptions();
  core::Status Start() { return server_->Start(); }
  std::string Url(const std::string& path) const;

 private:
  std::unique_ptr<http::HttpServer> server_;
};

// The whole file ("" if unreadable).
std::string ReadFile(const std::string& path);

// How many times `needle` occurs in `text` (overlaps included).
size_t Count(const std::string& text, const std::string& needle);

}  // namespace gatewatch::status_test

#endif  // GATEWATCH_TESTS_STATUS_STATUS_TEST_VIEWS_H_
