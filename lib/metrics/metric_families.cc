#include "metrics/metric_families.h"

namespace gatewatch::metrics {
namespace {

using prometheus::Registry;

// Alerts fire seconds after their last event when the pipeline keeps up, minutes when it lags.
const Histogram::BucketBoundaries kAlertLatencyBuckets = {0.05, 0.1, 0.25, 0.5, 1,   2.5, 5,
                                                          10,   30,  60,   120, 300, 600};
// A batch of a few thousand events takes well under a millisecond to tens of milliseconds.
const Histogram::BucketBoundaries kBatchBuckets = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};

Family<Counter>& CounterFamily(Registry& registry, const char* name, const char* help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

Family<Gauge>& GaugeFamily(Registry& registry, const char* name, const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(registry);
}

Family<Histogram>& HistogramFamily(Registry& registry, const char* name, const char* help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(registry);
}

}  // namespace

DaemonMetrics::Families::Families(Registry& r, const DaemonMetricsOptions& options)
    : build_info(GaugeFamily(r, "gatewatch_build_info",
                             "Always 1; the version label says which gatewatch is running.")),
      start_time(GaugeFamily(r, "gatewatch_start_time_seconds",
                             "When the daemon started, in seconds since the Unix epoch.")),
      events_consumed(CounterFamily(r, "gatewatch_events_consumed_total",
                                    "Log lines (Kafka messages or file lines) read, by input.")),
      events_parsed(
          CounterFamily(r, "gatewatch_events_parsed_total", "Lines that became events, by input.")),
      events_rejected(CounterFamily(r, "gatewatch_events_rejected_total",
                                    "Lines that could not become events, by input and reason.")),
      events_repaired(CounterFamily(r, "gatewatch_events_repaired_total",
                                    "Events kept after repairing their line, by input.")),
      engine_events(CounterFamily(r, "gatewatch_engine_events_total",
                                  "Events handed to the rule engine, late ones included.")),
      events_late(CounterFamily(
          r, "gatewatch_events_late_total",
          "Events older than the watermark by more than the allowed lateness; not applied.")),
      events_future(CounterFamily(
          r, "gatewatch_events_future_total",
          "Events too far ahead of the watermark and wall clock; applied at the watermark.")),
      watermark(GaugeFamily(r, "gatewatch_watermark_timestamp_seconds",
                            "The rule engine's event-time watermark, in seconds since the epoch.")),
      state_bytes(
          GaugeFamily(r, "gatewatch_state_bytes",
                      "Memory held by rule state (windows, baselines, alerts), all rules.")),
      state_budget_bytes(GaugeFamily(r, "gatewatch_state_budget_bytes",
                                     "Memory budget for rule state; groups are evicted past it.")),
      rule_matched(CounterFamily(r, "gatewatch_rule_events_matched_total",
                                 "Events that passed a rule's filter and exceptions, by rule.")),
      rule_excepted(CounterFamily(r, "gatewatch_rule_events_excepted_total",
                                  "Events taken out by a rule's exceptions, by rule.")),
      rule_groups(GaugeFamily(r, "gatewatch_rule_groups",
                              "Groups (group_by values) a rule tracks now, by rule.")),
      rule_groups_created(CounterFamily(r, "gatewatch_rule_groups_created_total",
                                        "Groups a rule started tracking, by rule.")),
      rule_groups_evicted(CounterFamily(
          r, "gatewatch_rule_groups_evicted_total",
          "Groups dropped for max_groups or the memory budget while still active, by rule.")),
      rule_groups_expired(CounterFamily(r, "gatewatch_rule_groups_expired_total",
                                        "Groups dropped because their window emptied, by rule.")),
      rule_baselines(GaugeFamily(r, "gatewatch_rule_baselines",
                                 "Learned baselines a rule keeps now, by rule.")),
      rule_baselines_evicted(CounterFamily(r, "gatewatch_rule_baselines_evicted_total",
                                           "Baselines dropped to stay within bounds, by rule.")),
      rule_state_bytes(GaugeFamily(r, "gatewatch_rule_state_bytes",
                                   "Memory held by one rule's state, by rule.")),
      alerts(CounterFamily(r, "gatewatch_alerts_total",
                           "Alert notifications, by rule and state (firing or resolved).")),
      alerts_firing(GaugeFamily(r, "gatewatch_alerts_firing", "Alerts firing now, by rule.")),
      alerts_rolled_up(CounterFamily(r, "gatewatch_alerts_rolled_up_groups_total",
                                     "Groups folded into a roll-up alert, by rule.")),
      alert_active(GaugeFamily(
          r, "gatewatch_alert_active",
          "1 for each firing alert, labelled with its rule, severity and group values.")),
      alert_active_overflow(CounterFamily(
          r, "gatewatch_alert_active_overflow_total",
          "Firing alerts not exported as gatewatch_alert_active because of the series cap.")),
      alert_latency(HistogramFamily(
          r, "gatewatch_alert_latency_seconds",
          "From the newest event counted by a firing alert to its emission, in seconds.")),
      batch_seconds(HistogramFamily(r, "gatewatch_batch_processing_seconds",
                                    "Wall time the engine spent on one batch of events.")),
      alert_latency_seconds(alert_latency.Add({}, kAlertLatencyBuckets)),
      batch_processing_seconds(batch_seconds.Add({}, kBatchBuckets)),
      active_alerts(alert_active, alert_active_overflow.Add({}),
                    ActiveAlertOptions{options.max_active_alerts, options.max_label_value_bytes}),
      kafka_lag(GaugeFamily(r, "gatewatch_kafka_consumer_lag_messages",
                            "Messages between the consumer's position and the partition's end.")),
      kafka_rebalances(CounterFamily(r, "gatewatch_kafka_rebalances_total",
                                     "Consumer group rebalances this consumer took part in.")),
      sink_deliveries(
          CounterFamily(r, "gatewatch_sink_deliveries_total", "Alerts a sink delivered, by sink.")),
      sink_failures(CounterFamily(r, "gatewatch_sink_failures_total",
                                  "Failed delivery attempts (each retry counts), by sink.")),
      sink_dropped(CounterFamily(r, "gatewatch_sink_dropped_total",
                                 "Alerts a sink gave up on (queue full, retries exhausted).")),
      sink_queue_depth(GaugeFamily(r, "gatewatch_sink_queue_depth",
                                   "Alerts waiting in a sink's queue now, by sink.")),
      reloads(CounterFamily(r, "gatewatch_config_reloads_total",
                            "Configuration reload attempts, by result (success or failure).")),
      last_reload_successful(GaugeFamily(r, "gatewatch_config_last_reload_successful",
                                         "1 if the last configuration reload succeeded.")),
      last_reload_success_time(GaugeFamily(r,
                                           "gatewatch_config_last_reload_success_timestamp_seconds",
                                           "When the configuration was last loaded successfully.")),
      snapshots(CounterFamily(r, "gatewatch_snapshots_total",
                              "State snapshot attempts, by result (success or failure).")),
      last_snapshot_success_time(GaugeFamily(r, "gatewatch_last_snapshot_timestamp_seconds",
                                             "When state was last snapshotted successfully.")),
      snapshot_age(GaugeFamily(
          r, "gatewatch_snapshot_age_seconds",
          "Seconds since the last successful snapshot (since start if none succeeded).")),
      reload_successes(reloads.Add({{"result", "success"}})),
      reload_failures(reloads.Add({{"result", "failure"}})) {}

}  // namespace gatewatch::metrics
