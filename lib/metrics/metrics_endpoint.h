#ifndef GATEWATCH_METRICS_METRICS_ENDPOINT_H_
#define GATEWATCH_METRICS_METRICS_ENDPOINT_H_

#include <string>

#include "http/http_server.h"
#include "metrics/daemon_metrics.h"

// Serves `metrics` as GET `path` (default /metrics) on `server`, in the Prometheus text format.
// Both must outlive the server's handlers (stop the server first). Call before or after Start.
namespace gatewatch::metrics {

void ServeMetrics(DaemonMetrics* metrics, http::HttpServer* server, std::string path = "/metrics");

}  // namespace gatewatch::metrics

#endif  // GATEWATCH_METRICS_METRICS_ENDPOINT_H_
