#ifndef GATEWATCH_METRICS_DAEMON_METRICS_H_
#define GATEWATCH_METRICS_DAEMON_METRICS_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "alert/alert.h"
#include "core/clock.h"
#include "core/result.h"
#include "metrics/stats_views.h"
#include "parse/parse_stats.h"
#include "rules/rule_engine.h"

namespace prometheus {
class Registry;
}

// gatewatch's Prometheus self-metrics (docs/metrics.md lists every family). The components keep
// plain counters of their own and push them here now and then (about once a second); a scrape
// reads prometheus-cpp's metrics, which are thread-safe, and never touches a component.
//
//   DaemonMetrics metrics({.state_budget_bytes = budget}, clock);
//   engine thread, each second: metrics.Update(engine.stats());
//                               metrics.Update("kafka", parse_stats);
//   for every alert emitted:    metrics.RecordAlert(alert);   (or wrap the sink: AlertMetricsSink)
//   sink threads:               metrics.Update(SinkStatsView{...});
//   HTTP:                       ServeMetrics(&metrics, &server);   (metrics_endpoint.h)
//
// Threading: every method may be called from any thread; updates serialize on one mutex (they
// are rare and cheap). Counts that arrive as running totals become counter increments of the
// difference; a total that goes down is a restart of its source and is added whole. No method
// throws.
namespace gatewatch::metrics {

struct DaemonMetricsOptions {
  // gatewatch_build_info{version}. Defaults to the project version this library was built from.
  std::string version = {};
  // Memory budget for rule state (rules::EngineOptions::memory_budget_bytes); 0 = not exported.
  size_t state_budget_bytes = 0;
  // Bound on gatewatch_alert_active series and on each of their label values.
  size_t max_active_alerts = 1000;
  size_t max_label_value_bytes = 256;
};

class DaemonMetrics {
 public:
  // The Content-Type of ExpositionText().
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  // `clock` (wall time) stamps reloads and snapshots and must outlive this object.
  DaemonMetrics(const DaemonMetricsOptions& options, const core::Clock& clock);
  ~DaemonMetrics();
  DaemonMetrics(const DaemonMetrics&) = delete;
  DaemonMetrics& operator=(const DaemonMetrics&) = delete;

  // The rule engine's running totals and current state. Rules absent from `stats` (removed by
  // a reload) lose their gauge series; their counters stay.
  void Update(const rules::EngineStats& stats);

  // One input's parser totals; `input` ("kafka", "file", ...) is the `input` label.
  void Update(std::string_view input, const parse::ParseStats& stats);

  // One sink's totals and queue depth.
  void Update(const SinkStatsView& sink);

  // The Kafka consumer: rebalances and the lag of every partition assigned now (partitions
  // not listed lose their series).
  void Update(const KafkaStatsView& kafka);

  // An alert as it is emitted to the sinks: maintains gatewatch_alert_active and, for firing
  // alerts, observes the latency from the newest event counted (evidence.last_event) to now.
  void RecordAlert(const alert::Alert& alert);

  // Drops every gatewatch_alert_active series (the engine was replaced without resolving).
  void ClearActiveAlerts();

  // Wall time the engine spent on one batch of events.
  void ObserveBatchSeconds(double seconds);

  // A configuration reload attempt and its outcome (the initial load counts as a success at
  // construction, as in Prometheus).
  void RecordReload(bool ok);

  // A state snapshot attempt and its outcome. Snapshot metrics appear with the first attempt;
  // gatewatch_snapshot_age_seconds then counts from the last success (or from start).
  void RecordSnapshot(bool ok);

  void SetStateBudgetBytes(size_t bytes);

  // The exposition of every metric in the text format 0.0.4, with time-derived gauges
  // (snapshot age) brought up to now. Fails only if prometheus-cpp throws.
  core::Result<std::string> ExpositionText() const;

  // The registry behind it, for components that want to add families of their own.
  std::shared_ptr<prometheus::Registry> registry() const;

 private:
  struct Families;

  // Runs `update(Families&)` under the update lock; swallows whatever it throws.
  template <typename F>
  void WithFamilies(F&& update) const noexcept;

  std::shared_ptr<prometheus::Registry> registry_;
  const core::Clock& clock_;
  core::TimestampNs start_time_;
  mutable std::mutex mutex_;  // serializes updates; scrapes go through prometheus-cpp's locks
  std::unique_ptr<Families> families_;
};

// An AlertSink that records each alert in `metrics`, then passes it on to `next`.
class AlertMetricsSink final : public alert::AlertSink {
 public:
  AlertMetricsSink(DaemonMetrics* metrics, alert::AlertSink* next)
      : metrics_(metrics), next_(next) {}
  void Emit(const alert::Alert& alert) override;

 private:
  DaemonMetrics* metrics_;
  alert::AlertSink* next_;
};

}  // namespace gatewatch::metrics

#endif  // GATEWATCH_METRICS_DAEMON_METRICS_H_
