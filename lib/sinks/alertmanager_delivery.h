// Delivers batches to ONE Alertmanager: POST <base_url>/api/v2/alerts with the v2 payload
// (alertmanager_payload.h). An AsyncSink runs it; AlertmanagerSink makes one per URL.
//
// Outcomes: HTTP 2xx = delivered. HTTP 400 and 422 (Alertmanager refused the alerts as invalid)
// = InvalidArgument, not retried. Anything else (connection refused, timeout, TLS failure,
// 5xx, 401/403 while a credential is being fixed, 429) = IoError, retried.
#ifndef GATEWATCH_SINKS_ALERTMANAGER_DELIVERY_H_
#define GATEWATCH_SINKS_ALERTMANAGER_DELIVERY_H_

#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "sinks/alertmanager_payload.h"
#include "sinks/delivery.h"
#include "sinks/http_client.h"

namespace gatewatch::sinks {

class AlertmanagerDelivery final : public Delivery {
 public:
  // `base_url` as an operator writes it: "http://am:9093" or "https://host/prefix/".
  static core::Result<std::unique_ptr<AlertmanagerDelivery>> Create(
      const std::string& base_url, const HttpClientOptions& http,
      const AlertmanagerPayloadOptions& payload, const core::Clock& clock);

  core::Status Deliver(const std::vector<alert::Alert>& batch) override;
  void Abort() override { client_->Abort(); }

  const std::string& endpoint() const { return endpoint_; }

 private:
  AlertmanagerDelivery(std::string endpoint, std::unique_ptr<HttpClient> client,
                       const AlertmanagerPayloadOptions& payload, const core::Clock& clock);

  const std::string endpoint_;  // <base_url>/api/v2/alerts
  const std::unique_ptr<HttpClient> client_;
  const AlertmanagerPayloadOptions payload_;
  const core::Clock& clock_;
};

// "http://am:9093" -> "http://am:9093/api/v2/alerts". InvalidArgument for a URL that is not
// http(s), or that carries credentials ("user:pass@": use the password file instead).
core::Result<std::string> AlertmanagerEndpoint(const std::string& base_url);

}  // namespace gatewatch::sinks

#endif  // GATEWATCH_SINKS_ALERTMANAGER_DELIVERY_H_
