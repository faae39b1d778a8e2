#include "sinks/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <utility>

namespace gatewatch::sinks {
namespace {

constexpr size_t kMaxResponseBytes = 1 << 20;

// The file's content without trailing whitespace (a newline from `echo` is not part of a token).
core::Result<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Status::IoError("cannot read " + path);
  std::ostringstream content;
  content << in.rdbuf();
  std::string secret = content.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' ||
                             secret.back() == ' ' || secret.back() == '\t')) {
    secret.pop_back();
  }
  return secret;
}

core::Status CheckReadable(const std::string& path, const char* what) {
  if (path.empty()) return core::Status::Ok();
  std::ifstream in(path);
  if (!in) return core::Status::NotFound(std::string(what) + ": cannot read " + path);
  return core::Status::Ok();
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  size_t n = size * count;
  if (body->size() < kMaxResponseBytes)
    body->append(data, std::min(n, kMaxResponseBytes - body->size()));
  return n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(user)->load(std::memory_order_relaxed) ? 1 : 0;
}

long Millis(core::DurationNs d) { return static_cast<long>(d / core::kMillisecond); }

}  // namespace

struct HttpClient::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

core::Result<std::unique_ptr<HttpClient>> HttpClient::Create(const HttpClientOptions& options) {
  static std::once_flag curl_init;
  std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (!options.basic_auth_password_file.empty() && !options.bearer_token_file.empty()) {
    return core::Status::InvalidArgument("basic auth and a bearer token are exclusive");
  }
  if (options.basic_auth_user.empty() != options.basic_auth_password_file.empty()) {
    return core::Status::InvalidArgument("basic auth needs both a user and a password file");
  }
  if (options.client_cert_file.empty() != options.client_key_file.empty()) {
    return core::Status::InvalidArgument("a client certificate needs its key, and the reverse");
  }
  GW_RETURN_IF_ERROR(CheckReadable(options.ca_file, "ca_file"));
  GW_RETURN_IF_ERROR(CheckReadable(options.client_cert_file, "client_cert_file"));
  GW_RETURN_IF_ERROR(CheckReadable(options.client_key_file, "client_key_file"));
  GW_RETURN_IF_ERROR(CheckReadable(options.basic_auth_password_file, "basic_auth_password_file"));
  GW_RETURN_IF_ERROR(CheckReadable(options.bearer_token_file, "bearer_token_file"));
  auto handle = std::make_unique<Handle>();
  handle->curl = curl_easy_init();
  if (handle->curl == nullptr) return core::Status::Internal("curl_easy_init failed");
  return std::unique_ptr<HttpClient>(new HttpClient(options, std::move(handle)));
}

HttpClient::HttpClient(const HttpClientOptions& options, std::unique_ptr<Handle> handle)
    : options_(options), handle_(std::move(handle)) {}

HttpClient::~HttpClient() = default;

core::Result<HttpResponse> HttpClient::Post(const std::string& url, std::string_view json_body) {
  return Perform(url, &json_body);
}

core::Result<HttpResponse> HttpClient::Get(const std::string& url) { return Perform(url, nullptr); }

core::Result<HttpResponse> HttpClient::Perform(const std::string& url,
                                               const std::string_view* post_body) {
  if (aborted_.load(std::memory_order_relaxed)) return core::Status::IoError("aborted");
  CURL* c = handle_->curl;
  curl_easy_reset(c);  // keeps live connections
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, Millis(options_.connect_timeout));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, Millis(options_.total_timeout));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &aborted_);
  if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (options_.insecure_skip_verify) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!options_.client_cert_file.empty()) {
    curl_easy_setopt(c, CURLOPT_SSLCERT, options_.client_cert_file.c_str());
    curl_easy_setopt(c, CURLOPT_SSLKEY, options_.client_key_file.c_str());
  }
  std::string password;
  if (!options_.basic_auth_password_file.empty()) {
    GW_ASSIGN_OR_RETURN(password, ReadSecretFile(options_.basic_auth_password_file));
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, options_.basic_auth_user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  std::string bearer;
  if (!options_.bearer_token_file.empty()) {
    GW_ASSIGN_OR_RETURN(bearer, ReadSecretFile(options_.bearer_token_file));
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
    curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, bearer.c_str());
  }
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  if (post_body != nullptr) {
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, post_body->data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post_body->size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  CURLcode code = curl_easy_perform(c);
  curl_slist_free_all(headers);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  if (code != CURLE_OK) {
    std::string why = error[0] != '\0' ? error : curl_easy_strerror(code);
    return core::Status::IoError(url + ": " + why);
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace gatewatch::sinks
