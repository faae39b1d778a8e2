#include "metrics/daemon_metrics.h"

#include <prometheus/text_serializer.h>

#include <algorithm>
#include <sstream>

#include "metrics/label_sanitizer.h"
#include "metrics/metric_families.h"

#ifndef GATEWATCH_VERSION
#define GATEWATCH_VERSION "unknown"
#endif

namespace gatewatch::metrics {
namespace {

double Seconds(core::TimestampNs t) { return static_cast<double>(t) / 1e9; }

// Rule ids and sink names come from configuration, topics from the broker: bounded, but still
// made valid UTF-8 before they become label values.
constexpr size_t kNameLabelBytes = 128;
std::string NameLabel(std::string_view name) { return SanitizeLabelValue(name, kNameLabelBytes); }

}  // namespace

// A metric is never worth stopping the daemon for: whatever prometheus-cpp or an allocation
// throws is dropped here.
template <typename F>
void DaemonMetrics::WithFamilies(F&& update) const noexcept {
  if (families_ == nullptr) {
    return;
  }
  try {
    std::lock_guard lock(mutex_);
    update(*families_);
  } catch (...) {
  }
}

DaemonMetrics::DaemonMetrics(const DaemonMetricsOptions& options, const core::Clock& clock)
    : registry_(std::make_shared<prometheus::Registry>()), clock_(clock), start_time_(clock.Now()) {
  try {
    families_ = std::make_unique<Families>(*registry_, options);
  } catch (...) {
    return;  // every method checks for missing families
  }
  const std::string version = options.version.empty() ? GATEWATCH_VERSION : options.version;
  WithFamilies([&](Families& f) {
    f.build_info_now.Set({{"version", NameLabel(version)}}, 1);
    f.start_time_now.Set({}, Seconds(start_time_));
    f.last_reload_successful_now.Set({}, 1);
    f.last_reload_success_time_now.Set({}, Seconds(start_time_));
    f.engine_events_totals.Advance({}, 0);
    f.late_totals.Advance({}, 0);
    f.future_totals.Advance({}, 0);
    if (options.state_budget_bytes > 0) {
      f.state_budget_now.Set({}, static_cast<double>(options.state_budget_bytes));
    }
  });
}

DaemonMetrics::~DaemonMetrics() = default;

void DaemonMetrics::Update(const rules::EngineStats& stats) {
  WithFamilies([&](Families& f) {
    f.engine_events_totals.Advance({}, stats.events);
    f.late_totals.Advance({}, stats.late);
    f.future_totals.Advance({}, stats.future);
    f.watermark_now.Set({}, Seconds(stats.watermark));
    f.state_bytes_now.Set({}, static_cast<double>(stats.state_bytes));
    for (const rules::RuleStats& rule : stats.rules) {
      const prometheus::Labels labels = {{"rule", NameLabel(rule.rule)}};
      f.matched_totals.Advance(labels, rule.matched);
      f.excepted_totals.Advance(labels, rule.excepted);
      f.groups_created_totals.Advance(labels, rule.groups_created);
      f.groups_evicted_totals.Advance(labels, rule.groups_evicted);
      f.groups_expired_totals.Advance(labels, rule.groups_expired);
      f.baselines_evicted_totals.Advance(labels, rule.baselines_evicted);
      f.rolled_up_totals.Advance(labels, rule.alerts_rolled_up);
      f.alerts_totals.Advance({{"rule", labels.at("rule")}, {"state", "firing"}},
                              rule.alerts_fired);
      f.alerts_totals.Advance({{"rule", labels.at("rule")}, {"state", "resolved"}},
                              rule.alerts_resolved);
      f.groups_now.Set(labels, static_cast<double>(rule.groups));
      f.baselines_now.Set(labels, static_cast<double>(rule.baselines));
      f.rule_state_bytes_now.Set(labels, static_cast<double>(rule.state_bytes));
      f.firing_now.Set(labels, static_cast<double>(rule.alerts_firing));
    }
    f.groups_now.RemoveUnset();
    f.baselines_now.RemoveUnset();
    f.rule_state_bytes_now.RemoveUnset();
    f.firing_now.RemoveUnset();
  });
}

void DaemonMetrics::Update(std::string_view input, const parse::ParseStats& stats) {
  WithFamilies([&](Families& f) {
    const std::string input_label = NameLabel(input);
    const prometheus::Labels labels = {{"input", input_label}};
    f.consumed_totals.Advance(labels, stats.lines());
    f.parsed_totals.Advance(labels, stats.parsed());
    f.repaired_totals.Advance(labels, stats.repaired());
    // Every reason, zeros included, so that rate() works from the first rejection on.
    for (size_t i = 1; i < static_cast<size_t>(parse::RejectReason::kCount); ++i) {
      const auto reason = static_cast<parse::RejectReason>(i);
      f.rejected_totals.Advance(
          {{"input", input_label}, {"reason", std::string(parse::RejectReasonName(reason))}},
          stats.rejected(reason));
    }
  });
}

void DaemonMetrics::Update(const SinkStatsView& sink) {
  WithFamilies([&](Families& f) {
    const prometheus::Labels labels = {{"sink", NameLabel(sink.name)}};
    f.deliveries_totals.Advance(labels, sink.delivered);
    f.failures_totals.Advance(labels, sink.failed);
    f.dropped_totals.Advance(labels, sink.dropped);
    f.queue_depth_now.Set(labels, static_cast<double>(sink.queue_depth));
  });
}

void DaemonMetrics::Update(const KafkaStatsView& kafka) {
  WithFamilies([&](Families& f) {
    f.rebalances_totals.Advance({}, kafka.rebalances);
    for (const PartitionLag& partition : kafka.partitions) {
      f.lag_now.Set({{"topic", NameLabel(partition.topic)},
                     {"partition", std::to_string(partition.partition)}},
                    static_cast<double>(partition.lag));
    }
    f.lag_now.RemoveUnset();
  });
}

void DaemonMetrics::RecordAlert(const alert::Alert& alert) {
  const core::TimestampNs now = clock_.Now();
  WithFamilies([&](Families& f) {
    f.active_alerts.Record(alert);
    if (alert.status == alert::AlertStatus::kFiring && alert.evidence.last_event > 0) {
      f.alert_latency_seconds.Observe(std::max(0.0, Seconds(now - alert.evidence.last_event)));
    }
  });
}

void DaemonMetrics::ClearActiveAlerts() {
  WithFamilies([](Families& f) { f.active_alerts.Clear(); });
}

void DaemonMetrics::ObserveBatchSeconds(double seconds) {
  WithFamilies([&](Families& f) { f.batch_processing_seconds.Observe(std::max(0.0, seconds)); });
}

void DaemonMetrics::RecordReload(bool ok) {
  const core::TimestampNs now = clock_.Now();
  WithFamilies([&](Families& f) {
    (ok ? f.reload_successes : f.reload_failures).Increment();
    f.last_reload_successful_now.Set({}, ok ? 1 : 0);
    if (ok) {
      f.last_reload_success_time_now.Set({}, Seconds(now));
    }
  });
}

void DaemonMetrics::RecordSnapshot(bool ok) {
  const core::TimestampNs now = clock_.Now();
  WithFamilies([&](Families& f) {
    ++(ok ? f.snapshots_ok : f.snapshots_failed);
    f.snapshot_totals.Advance({{"result", "success"}}, f.snapshots_ok);
    f.snapshot_totals.Advance({{"result", "failure"}}, f.snapshots_failed);
    if (ok) {
      f.last_snapshot_success = now;
      f.last_snapshot_success_time_now.Set({}, Seconds(now));
    }
    f.snapshot_age_now.Set({}, 0);  // the series exists from now on; its value is set by scrapes
  });
}

void DaemonMetrics::SetStateBudgetBytes(size_t bytes) {
  WithFamilies([&](Families& f) { f.state_budget_now.Set({}, static_cast<double>(bytes)); });
}

core::Result<std::string> DaemonMetrics::ExpositionText() const {
  if (families_ == nullptr) {
    return core::Status::Internal("metrics families could not be registered");
  }
  const core::TimestampNs now = clock_.Now();
  WithFamilies([&](Families& f) {
    if (f.snapshots_ok + f.snapshots_failed > 0) {
      const core::TimestampNs since =
          f.last_snapshot_success > 0 ? f.last_snapshot_success : start_time_;
      f.snapshot_age_now.Set({}, std::max(0.0, Seconds(now - since)));
    }
  });
  try {
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, registry_->Collect());
    return out.str();
  } catch (const std::exception& e) {
    return core::Status::Internal(std::string("serializing metrics: ") + e.what());
  }
}

std::shared_ptr<prometheus::Registry> DaemonMetrics::registry() const { return registry_; }

void AlertMetricsSink::Emit(const alert::Alert& alert) {
  metrics_->RecordAlert(alert);
  if (next_ != nullptr) {
    next_->Emit(alert);
  }
}

}  // namespace gatewatch::metrics
