#ifndef GATEWATCH_DAEMON_OUTPUTS_H_
#define GATEWATCH_DAEMON_OUTPUTS_H_

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "config/daemon_config.h"
#include "core/clock.h"
#include "core/result.h"
#include "daemon/input.h"
#include "daemon/log.h"
#include "daemon/status_board.h"
#include "parse/parse_stats.h"
#include "rules/rule_engine.h"

namespace gatewatch::http {
class HttpServer;
}
namespace gatewatch::metrics {
class DaemonMetrics;
}
namespace gatewatch::sinks {
class AlertmanagerSink;
class AsyncSink;
}  // namespace gatewatch::sinks
namespace gatewatch::kafka {
class KafkaAlertSink;
}

// Everything gatewatchd sends out, built from the config: the alert sinks (JSON lines,
// Alertmanager, the hash-chained alert log, the Kafka alert topic), the Prometheus metrics and
// the HTTP listener that serves them.
//
// sink() is called on the processing thread; each sink delivers on its own thread behind a
// bounded queue (the JSON lines output writes directly: it is a local stream), so a slow or
// dead receiver never blocks ingestion. Each sink redacts secrets by its own policy.
namespace gatewatch::daemon {

class Outputs {
 public:
  static core::Result<std::unique_ptr<Outputs>> Create(const config::DaemonConfig& config,
                                                       const core::Clock& clock, Logger* log);
  ~Outputs();
  Outputs(const Outputs&) = delete;
  Outputs& operator=(const Outputs&) = delete;

  // Where the engine's alerts go: the metrics, then every sink.
  alert::AlertSink* sink() { return &fan_out_; }

  // The alerts firing when the daemon (re)started from a snapshot: not new transitions, so
  // only the outputs that keep firing alerts alive hear of them (Alertmanager's re-sends, the
  // active-alert gauge); the JSON, alert log and Kafka records were written when they fired.
  void RestoreFiring(const rules::RuleEngine& engine);

  // About once a second, on the processing thread: metrics from the running totals, sink
  // warnings to the log, the alert log's chain head published when due.
  void Periodic(int64_t now_mono, const rules::EngineStats& engine, const parse::ParseStats& parse,
                const InputStatus& input, const std::vector<SinkStatus>& sinks);
  // Delivery counters of every remote sink (thread-safe reads of their stats).
  std::vector<SinkStatus> SinkStatuses() const;
  // Where the processing thread publishes what the status page shows.
  StatusBoard* status_board() { return &status_board_; }
  void RecordReload(bool ok);
  void RecordSnapshot(bool ok);
  // After READY=1: /-/ready answers 200.
  void SetReady();
  // Shutdown: lets every queue drain until the deadline (monotonic ns).
  void Flush(int64_t deadline_mono);
  // "http://127.0.0.1:9464", or "" without a listener.
  std::string http_url() const;

 private:
  class FanOut final : public alert::AlertSink {
   public:
    explicit FanOut(Outputs* outputs) : outputs_(outputs) {}
    void Emit(const alert::Alert& alert) override;

   private:
    Outputs* outputs_;
  };
  class AlertLogDelivery;

  Outputs(const config::DaemonConfig& config, const core::Clock& clock, Logger* log);
  // Adds `sink` to the fan-out behind a redacting wrapper (for sinks that do not redact).
  core::Status AddRedacted(alert::AlertSink* sink, const config::RedactionConfig& redaction);
  core::Status OpenJson();
  core::Status OpenAlertmanager();
  core::Status OpenAlertLog();
  core::Status OpenKafka();
  core::Status OpenHttp();
  void PublishHead();

  config::DaemonConfig config_;
  const core::Clock& clock_;
  Logger* log_;
  FanOut fan_out_{this};
  std::FILE* json_out_ = nullptr;
  bool json_owned_ = false;
  std::unique_ptr<alert::JsonLinesAlertSink> json_;
  std::unique_ptr<metrics::DaemonMetrics> metrics_;
  std::unique_ptr<http::HttpServer> http_;
  std::unique_ptr<sinks::AlertmanagerSink> alertmanager_;
  AlertLogDelivery* alert_log_ = nullptr;  // owned by alert_log_sink_
  std::unique_ptr<sinks::AsyncSink> alert_log_sink_;
  std::unique_ptr<kafka::KafkaAlertSink> kafka_;
  int64_t last_head_mono_ = 0;
  StatusBoard status_board_;
  // What FanOut hands each alert to, in order; adapters_ owns the redacting wrappers.
  std::vector<alert::AlertSink*> targets_;
  std::vector<std::unique_ptr<alert::AlertSink>> adapters_;
};

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_OUTPUTS_H_
