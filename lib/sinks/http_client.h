// A small HTTP(S) client over libcurl for the outputs that speak HTTP (Alertmanager).
//
// One client keeps one libcurl handle, so consecutive requests reuse the connection. Secrets are
// read from files at every request (a rotated password or token is picked up without a
// restart) and never appear in error messages. Redirects are not followed; only http and https
// are allowed.
//
// Threading: one thread at a time may call Post/Get (the owning worker); Abort is thread-safe.
#ifndef GATEWATCH_SINKS_HTTP_CLIENT_H_
#define GATEWATCH_SINKS_HTTP_CLIENT_H_

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "core/duration.h"
#include "core/result.h"

namespace gatewatch::sinks {

struct HttpClientOptions {
  // Time allowed to establish the TCP (and TLS) connection.
  core::DurationNs connect_timeout = 5 * core::kSecond;
  // Time allowed for a whole request, connection included.
  core::DurationNs total_timeout = 10 * core::kSecond;
  // PEM file of CA certificates to verify the server with; "" = the system's store.
  std::string ca_file;
  // Skip verifying the server's certificate and host name. Off by default; for tests only.
  bool insecure_skip_verify = false;
  // Client certificate and key (PEM) for mutual TLS; both or neither.
  std::string client_cert_file;
  std::string client_key_file;
  // HTTP basic auth: the user, and a file holding the password (trailing newline ignored).
  std::string basic_auth_user;
  std::string basic_auth_password_file;
  // A file holding a bearer token, sent as "Authorization: Bearer <token>". Not with basic auth.
  std::string bearer_token_file;
};

struct HttpResponse {
  long status = 0;   // HTTP status code
  std::string body;  // at most the first 1 MiB
};

class HttpClient {
 public:
  // Checks the options (files readable, at most one auth method, cert and key together).
  static core::Result<std::unique_ptr<HttpClient>> Create(const HttpClientOptions& options);
  ~HttpClient();

  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // A response of any status is a value; an error is a transport failure (refused, timeout,
  // TLS, unreadable secret file, aborted) as IoError.
  core::Result<HttpResponse> Post(const std::string& url, std::string_view json_body);
  core::Result<HttpResponse> Get(const std::string& url);

  // Makes a request in progress, and every later one, fail soon. Thread-safe.
  void Abort() { aborted_.store(true, std::memory_order_relaxed); }

 private:
  struct Handle;
  HttpClient(const HttpClientOptions& options, std::unique_ptr<Handle> handle);
  core::Result<HttpResponse> Perform(const std::string& url, const std::string_view* post_body);

  const HttpClientOptions options_;
  std::unique_ptr<Handle> handle_;
  std::atomic<bool> aborted_{false};
};

}  // namespace gatewatch::sinks

#endif  // GATEWATCH_SINKS_HTTP_CLIENT_H_
