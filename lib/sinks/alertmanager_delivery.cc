#include "sinks/alertmanager_delivery.h"

#include <utility>

namespace gatewatch::sinks {
namespace {

constexpr size_t kErrorBodyBytes = 200;

}  // namespace

core::Result<std::string> AlertmanagerEndpoint(const std::string& base_url) {
  size_t scheme_end = base_url.find("://");
  std::string scheme = base_url.substr(0, scheme_end);
  if (scheme_end == std::string::npos || (scheme != "http" && scheme != "https")) {
    return core::Status::InvalidArgument("alertmanager URL must start with http:// or https://: " +
                                         base_url);
  }
  size_t host_begin = scheme_end + 3;
  size_t host_end = std::min(base_url.find_first_of("/?#", host_begin), base_url.size());
  if (host_end == host_begin) {
    return core::Status::InvalidArgument("alertmanager URL has no host: " + base_url);
  }
  if (base_url.find('@', host_begin) < host_end) {
    return core::Status::InvalidArgument(
        "alertmanager URL must not hold credentials; use basic_auth_password_file");
  }
  if (base_url.find_first_of("?#", host_begin) != std::string::npos) {
    return core::Status::InvalidArgument("alertmanager URL must not have a query or fragment");
  }
  std::string endpoint = base_url;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  return endpoint + "/api/v2/alerts";
}

core::Result<std::unique_ptr<AlertmanagerDelivery>> AlertmanagerDelivery::Create(
    const std::string& base_url, const HttpClientOptions& http,
    const AlertmanagerPayloadOptions& payload, const core::Clock& clock) {
  GW_ASSIGN_OR_RETURN(std::string endpoint, AlertmanagerEndpoint(base_url));
  GW_ASSIGN_OR_RETURN(std::unique_ptr<HttpClient> client, HttpClient::Create(http));
  return std::unique_ptr<AlertmanagerDelivery>(
      new AlertmanagerDelivery(std::move(endpoint), std::move(client), payload, clock));
}

AlertmanagerDelivery::AlertmanagerDelivery(std::string endpoint, std::unique_ptr<HttpClient> client,
                                           const AlertmanagerPayloadOptions& payload,
                                           const core::Clock& clock)
    : endpoint_(std::move(endpoint)),
      client_(std::move(client)),
      payload_(payload),
      clock_(clock) {}

core::Status AlertmanagerDelivery::Deliver(const std::vector<alert::Alert>& batch) {
  std::string body = AlertmanagerPayload(batch, payload_, clock_.Now());
  GW_ASSIGN_OR_RETURN(HttpResponse response, client_->Post(endpoint_, body));
  if (response.status >= 200 && response.status < 300) return core::Status::Ok();
  std::string message = endpoint_ + ": HTTP " + std::to_string(response.status) + ": " +
                        response.body.substr(0, kErrorBodyBytes);
  if (response.status == 400 || response.status == 422) {
    return core::Status::InvalidArgument(std::move(message));
  }
  return core::Status::IoError(std::move(message));
}

}  // namespace gatewatch::sinks
