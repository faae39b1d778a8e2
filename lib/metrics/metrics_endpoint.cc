#include "metrics/metrics_endpoint.h"

#include <utility>

namespace gatewatch::metrics {

void ServeMetrics(DaemonMetrics* metrics, http::HttpServer* server, std::string path) {
  server->Handle(std::move(path), [metrics](const http::HttpRequest&) {
    core::Result<std::string> text = metrics->ExpositionText();
    if (!text.ok()) {
      return http::HttpResponse::Text(500, text.status().ToString() + "\n");
    }
    http::HttpResponse response;
    response.content_type = std::string(DaemonMetrics::kContentType);
    response.body = std::move(*text);
    return response;
  });
}

}  // namespace gatewatch::metrics
