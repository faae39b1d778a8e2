#ifndef GATEWATCH_HTTP_HTTP_SERVER_H_
#define GATEWATCH_HTTP_HTTP_SERVER_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "core/status.h"
#include "http/http_auth.h"

// gatewatch's one HTTP listener (civetweb): /metrics, /-/healthy, /-/ready and whatever else
// the daemon registers. It binds to loopback unless told otherwise, optionally asks for basic
// auth or a bearer token, serves GET (and HEAD) only, and answers 404 / 405 / 401 itself.
//
//   HttpServer server(options);
//   server.Handle("/metrics", [&](const HttpRequest&) { return HttpResponse::Text(...); });
//   GW_RETURN_IF_ERROR(server.Start());
//   ... server.bound_port() ...
//
// Threading: handlers run on civetweb's worker threads (options.threads of them), so they must
// be thread-safe. Handle() and SetReady() may be called from any thread at any time. An
// exception thrown by a handler becomes a 500; none escapes into civetweb.
namespace gatewatch::http {

struct HttpRequest {
  std::string method;       // "GET" or "HEAD"
  std::string path;         // decoded, normalised ("/metrics")
  std::string query;        // raw, without '?'; empty if none
  std::string remote_addr;  // peer IP
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;

  static HttpResponse Text(int status, std::string body);
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  // host:port. Loopback by default; "0.0.0.0:9464" or "[::]:9464" to listen everywhere. Port 0
  // picks a free port (see bound_port()). A bare port is refused: the host must be explicit.
  std::string listen_address = "127.0.0.1:9464";
  AuthOptions auth = {};
  // /-/healthy answers without credentials (liveness probes); everything else needs them.
  bool healthy_without_auth = true;
  // civetweb worker threads: at most this many requests are served at once.
  int threads = 2;
  // Request line plus headers; longer requests are refused by civetweb.
  size_t max_request_header_bytes = 8192;
  // A request that does not arrive (or a response that cannot be sent) within this is dropped.
  int request_timeout_ms = 10000;
};

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves GET `path` (exact match) with `handler`; a later call for the same path replaces it.
  void Handle(std::string path, HttpHandler handler);

  // Reads the credential files and binds the listener. Fails on a bad address, an unreadable or
  // empty credential file, or a port in use.
  core::Status Start();

  // Stops listening and waits for running handlers. Idempotent.
  void Stop();

  // The port actually bound (useful with port 0); 0 before Start().
  int bound_port() const { return bound_port_; }

  // /-/ready answers 200 once set, 503 before (the daemon sets it when the pipeline runs).
  void SetReady(bool ready) { ready_.store(ready, std::memory_order_relaxed); }

 private:
  struct Context;
  friend struct Context;

  // Runs on a civetweb worker: auth, routing, the handler. Never throws.
  HttpResponse Dispatch(const HttpRequest& request, std::string_view authorization) const;
  HttpResponse Route(const HttpRequest& request) const;

  HttpServerOptions options_;
  Authenticator authenticator_;
  std::atomic<bool> ready_{false};
  int bound_port_ = 0;
  mutable std::shared_mutex handlers_mutex_;
  std::map<std::string, HttpHandler, std::less<>> handlers_;
  std::unique_ptr<Context> context_;
};

}  // namespace gatewatch::http

#endif  // GATEWATCH_HTTP_HTTP_SERVER_H_
