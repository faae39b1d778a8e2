#include "http/http_server.h"

#include <civetweb.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>

namespace gatewatch::http {
namespace {

constexpr std::string_view kHealthyPath = "/-/healthy";
constexpr std::string_view kReadyPath = "/-/ready";

// "host:port" with an explicit host ("[v6]:port" for IPv6) and a port in 0..65535. civetweb
// itself would take a bare "9464" and listen on every interface; we refuse that.
core::Status CheckListenAddress(const std::string& address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return core::Status::InvalidArgument("listen address \"" + address +
                                         "\" must be host:port, e.g. 127.0.0.1:9464");
  }
  const std::string port = address.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    return core::Status::InvalidArgument("listen address \"" + address + "\" has a bad port");
  }
  if (address.find_first_of(", \t") != std::string::npos) {
    return core::Status::InvalidArgument("listen address \"" + address +
                                         "\" must name one address");
  }
  return core::Status::Ok();
}

// The host part of a checked listen address, as something to connect to: brackets dropped,
// a wildcard address replaced by loopback.
std::string ConnectableHost(const std::string& address) {
  std::string host = address.substr(0, address.rfind(':'));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "0.0.0.0") {
    return "127.0.0.1";
  }
  return host == "::" ? "::1" : host;
}

// civetweb's accept loop polls with a 2 s quantum and sees mg_stop's flag only when it wakes;
// a connection wakes it at once. Opens and closes connections to the listener until `done`.
void WakeListenerUntil(const std::string& host, int port, const std::atomic<bool>& done) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &addresses) != 0) {
    return;
  }
  while (!done.load()) {
    const int fd = socket(addresses->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
      connect(fd, addresses->ai_addr, addresses->ai_addrlen);
      close(fd);  // at once: a worker that picks it up reads EOF and moves on
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  freeaddrinfo(addresses);
}

void InitCivetwebOnce() {
  static std::once_flag once;
  std::call_once(once, [] { mg_init_library(0); });
}

// civetweb would print its own diagnostics to stderr; errors reach us through mg_start2.
int SilenceLog(const mg_connection*, const char*) { return 1; }

void SendResponse(mg_connection* conn, const HttpRequest& request, const HttpResponse& response,
                  const std::string& challenge) {
  mg_response_header_start(conn, response.status);
  mg_response_header_add(conn, "Content-Type", response.content_type.c_str(), -1);
  mg_response_header_add(conn, "Content-Length", std::to_string(response.body.size()).c_str(), -1);
  mg_response_header_add(conn, "Cache-Control", "no-store", -1);
  mg_response_header_add(conn, "X-Content-Type-Options", "nosniff", -1);
  if (response.status == 401) {
    mg_response_header_add(conn, "WWW-Authenticate", challenge.c_str(), -1);
  }
  if (response.status == 405) {
    mg_response_header_add(conn, "Allow", "GET, HEAD", -1);
  }
  mg_response_header_send(conn);
  if (request.method != "HEAD" && !response.body.empty()) {
    mg_write(conn, response.body.data(), response.body.size());
  }
}

}  // namespace

HttpResponse HttpResponse::Text(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

struct HttpServer::Context {
  mg_context* civetweb = nullptr;

  // civetweb's single entry point for every request; returning the status tells civetweb the
  // request was answered, so it never looks for files or runs its own handlers.
  static int OnRequest(mg_connection* conn) noexcept {
    try {
      const mg_request_info* info = mg_get_request_info(conn);
      const auto* server = static_cast<const HttpServer*>(info->user_data);
      HttpRequest request;
      request.method = info->request_method ? info->request_method : "";
      request.path = info->local_uri ? info->local_uri : "";
      request.query = info->query_string ? info->query_string : "";
      request.remote_addr = info->remote_addr;
      const char* authorization = mg_get_header(conn, "Authorization");
      const HttpResponse response = server->Dispatch(request, authorization ? authorization : "");
      SendResponse(conn, request, response, server->authenticator_.Challenge());
      return response.status;
    } catch (...) {
      mg_send_http_error(conn, 500, "%s", "internal error\n");
      return 500;
    }
  }
};

HttpServer::HttpServer(HttpServerOptions options) : options_(std::move(options)) {
  Handle(std::string(kHealthyPath),
         [](const HttpRequest&) { return HttpResponse::Text(200, "gatewatch is healthy.\n"); });
  Handle(std::string(kReadyPath), [this](const HttpRequest&) {
    return ready_.load(std::memory_order_relaxed)
               ? HttpResponse::Text(200, "gatewatch is ready.\n")
               : HttpResponse::Text(503, "gatewatch is not ready.\n");
  });
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Handle(std::string path, HttpHandler handler) {
  std::unique_lock lock(handlers_mutex_);
  handlers_[std::move(path)] = std::move(handler);
}

core::Status HttpServer::Start() {
  if (context_) {
    return core::Status::Internal("HTTP server already started");
  }
  GW_RETURN_IF_ERROR(CheckListenAddress(options_.listen_address));
  GW_RETURN_IF_ERROR(authenticator_.Load(options_.auth).WithPrefix("HTTP auth"));
  if (options_.threads < 1) {
    return core::Status::InvalidArgument("HTTP server needs at least one thread");
  }
  InitCivetwebOnce();
  const std::string threads = std::to_string(options_.threads);
  const std::string header_bytes = std::to_string(options_.max_request_header_bytes);
  const std::string timeout = std::to_string(options_.request_timeout_ms);
  const char* civetweb_options[] = {"listening_ports",
                                    options_.listen_address.c_str(),
                                    "num_threads",
                                    threads.c_str(),
                                    "max_request_size",
                                    header_bytes.c_str(),
                                    "request_timeout_ms",
                                    timeout.c_str(),
                                    "enable_keep_alive",
                                    "no",
                                    nullptr};
  mg_callbacks callbacks{};
  callbacks.begin_request = &Context::OnRequest;
  callbacks.log_message = &SilenceLog;
  mg_init_data init{&callbacks, this, civetweb_options};
  char error_text[256] = "";
  unsigned error_code = 0;
  mg_error_data error{&error_code, error_text, sizeof error_text};
  mg_context* civetweb = mg_start2(&init, &error);
  if (civetweb == nullptr) {
    return core::Status::IoError("cannot listen on " + options_.listen_address + ": " + error_text);
  }
  context_ = std::make_unique<Context>();
  context_->civetweb = civetweb;
  mg_server_port ports[1];
  bound_port_ = mg_get_server_ports(civetweb, 1, ports) == 1 ? ports[0].port : 0;
  return core::Status::Ok();
}

void HttpServer::Stop() {
  if (!context_) {
    return;
  }
  std::atomic<bool> stopped{false};
  std::thread waker;
  try {
    waker = std::thread(WakeListenerUntil, ConnectableHost(options_.listen_address), bound_port_,
                        std::cref(stopped));
  } catch (...) {  // no thread: mg_stop still works, only up to 2 s slower
  }
  mg_stop(context_->civetweb);
  stopped.store(true);
  if (waker.joinable()) {
    waker.join();
  }
  context_.reset();
}

HttpResponse HttpServer::Dispatch(const HttpRequest& request,
                                  std::string_view authorization) const {
  const bool exempt = options_.healthy_without_auth && request.path == kHealthyPath;
  if (!exempt && !authenticator_.Allows(authorization)) {
    return HttpResponse::Text(401, "unauthorized\n");
  }
  try {
    return Route(request);
  } catch (...) {
    return HttpResponse::Text(500, "internal error\n");
  }
}

HttpResponse HttpServer::Route(const HttpRequest& request) const {
  HttpHandler handler;
  {
    std::shared_lock lock(handlers_mutex_);
    const auto it = handlers_.find(request.path);
    if (it == handlers_.end()) {
      return HttpResponse::Text(404, "not found\n");
    }
    handler = it->second;  // a copy, so the handler runs without the lock
  }
  if (request.method != "GET" && request.method != "HEAD") {
    return HttpResponse::Text(405, "method not allowed\n");
  }
  return handler(request);
}

}  // namespace gatewatch::http
