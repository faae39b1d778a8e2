#ifndef GATEWATCH_METRICS_METRIC_FAMILIES_H_
#define GATEWATCH_METRICS_METRIC_FAMILIES_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "metrics/active_alerts.h"
#include "metrics/daemon_metrics.h"
#include "metrics/gauge_set.h"
#include "metrics/totals_counter.h"

// Internal to DaemonMetrics: every family it registers (names, help, buckets in one place, so
// docs/metrics.md can be checked against this file) and the bookkeeping that feeds them.
namespace gatewatch::metrics {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Gauge;
using prometheus::Histogram;

struct DaemonMetrics::Families {
  Families(prometheus::Registry& registry, const DaemonMetricsOptions& options);

  // Process.
  Family<Gauge>& build_info;
  Family<Gauge>& start_time;
  GaugeSet build_info_now{build_info};
  GaugeSet start_time_now{start_time};

  // Input and parsing, by `input`.
  Family<Counter>& events_consumed;
  Family<Counter>& events_parsed;
  Family<Counter>& events_rejected;  // + `reason`
  Family<Counter>& events_repaired;
  TotalsCounter consumed_totals{events_consumed};
  TotalsCounter parsed_totals{events_parsed};
  TotalsCounter rejected_totals{events_rejected};
  TotalsCounter repaired_totals{events_repaired};

  // Rule engine, whole.
  Family<Counter>& engine_events;
  Family<Counter>& events_late;
  Family<Counter>& events_future;
  Family<Gauge>& watermark;
  Family<Gauge>& state_bytes;
  Family<Gauge>& state_budget_bytes;
  TotalsCounter engine_events_totals{engine_events};
  TotalsCounter late_totals{events_late};
  TotalsCounter future_totals{events_future};
  GaugeSet watermark_now{watermark};
  GaugeSet state_bytes_now{state_bytes};
  GaugeSet state_budget_now{state_budget_bytes};

  // Rule engine, by `rule`.
  Family<Counter>& rule_matched;
  Family<Counter>& rule_excepted;
  Family<Gauge>& rule_groups;
  Family<Counter>& rule_groups_created;
  Family<Counter>& rule_groups_evicted;
  Family<Counter>& rule_groups_expired;
  Family<Gauge>& rule_baselines;
  Family<Counter>& rule_baselines_evicted;
  Family<Gauge>& rule_state_bytes;
  Family<Counter>& alerts;  // + `state`: firing | resolved
  Family<Gauge>& alerts_firing;
  Family<Counter>& alerts_rolled_up;
  TotalsCounter matched_totals{rule_matched};
  TotalsCounter excepted_totals{rule_excepted};
  TotalsCounter groups_created_totals{rule_groups_created};
  TotalsCounter groups_evicted_totals{rule_groups_evicted};
  TotalsCounter groups_expired_totals{rule_groups_expired};
  TotalsCounter baselines_evicted_totals{rule_baselines_evicted};
  TotalsCounter alerts_totals{alerts};
  TotalsCounter rolled_up_totals{alerts_rolled_up};
  GaugeSet groups_now{rule_groups};
  GaugeSet baselines_now{rule_baselines};
  GaugeSet rule_state_bytes_now{rule_state_bytes};
  GaugeSet firing_now{alerts_firing};

  // Alerts as emitted.
  Family<Gauge>& alert_active;
  Family<Counter>& alert_active_overflow;
  Family<Histogram>& alert_latency;
  Family<Histogram>& batch_seconds;
  Histogram& alert_latency_seconds;
  Histogram& batch_processing_seconds;
  ActiveAlertGauges active_alerts;

  // Kafka consumer.
  Family<Gauge>& kafka_lag;
  Family<Counter>& kafka_rebalances;
  TotalsCounter rebalances_totals{kafka_rebalances};
  GaugeSet lag_now{kafka_lag};

  // Sinks, by `sink`.
  Family<Counter>& sink_deliveries;
  Family<Counter>& sink_failures;
  Family<Counter>& sink_dropped;
  Family<Gauge>& sink_queue_depth;
  TotalsCounter deliveries_totals{sink_deliveries};
  TotalsCounter failures_totals{sink_failures};
  TotalsCounter dropped_totals{sink_dropped};
  GaugeSet queue_depth_now{sink_queue_depth};

  // Configuration reloads and state snapshots.
  Family<Counter>& reloads;  // + `result`: success | failure
  Family<Gauge>& last_reload_successful;
  Family<Gauge>& last_reload_success_time;
  Family<Counter>& snapshots;  // + `result`
  Family<Gauge>& last_snapshot_success_time;
  Family<Gauge>& snapshot_age;
  Counter& reload_successes;
  Counter& reload_failures;
  GaugeSet last_reload_successful_now{last_reload_successful};
  GaugeSet last_reload_success_time_now{last_reload_success_time};
  GaugeSet last_snapshot_success_time_now{last_snapshot_success_time};
  GaugeSet snapshot_age_now{snapshot_age};
  TotalsCounter snapshot_totals{snapshots};
  uint64_t snapshots_ok = 0;
  uint64_t snapshots_failed = 0;
  core::TimestampNs last_snapshot_success = 0;  // 0: none yet
};

}  // namespace gatewatch::metrics

#endif  // GATEWATCH_METRICS_METRIC_FAMILIES_H_
