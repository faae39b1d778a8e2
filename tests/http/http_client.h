#ifndef GATEWATCH_TESTS_HTTP_HTTP_CLIENT_H_
#define GATEWATCH_TESTS_HTTP_HTTP_CLIENT_H_

#include <string>
#include <vector>

// A blocking HTTP client for tests (libcurl): one request, the whole answer.
namespace gatewatch::test_http {

struct HttpResult {
  long status = 0;  // 0 if no HTTP response came back (refused, reset, timeout)
  std::string body;
  std::string content_type;
  std::vector<std::string> headers;  // raw response header lines
};

struct HttpCall {
  std::string url = {};
  std::string method = "GET";
  std::vector<std::string> headers = {};  // "Name: value"
  std::string user_password = {};         // "user:password" for basic auth, if set
  long timeout_ms = 5000;
};

HttpResult Http(const HttpCall& call);
inline HttpResult HttpGet(const std::string& url) { return Http({.url = url}); }

// Whether a raw header line `name: ...` (case-insensitive name) is in `result`.
bool HasHeader(const HttpResult& result, const std::string& name);

}  // namespace gatewatch::test_http

#endif  // GATEWATCH_TESTS_HTTP_HTTP_CLIENT_H_
