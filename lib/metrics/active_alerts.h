#ifndef GATEWATCH_METRICS_ACTIVE_ALERTS_H_
#define GATEWATCH_METRICS_ACTIVE_ALERTS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/labels.h>

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>

#include "alert/alert.h"

// gatewatch_alert_active{rule, severity, <group labels>} = 1 for each firing alert, so that a
// Prometheus scraping gatewatch can route alerts itself. It is the one place where request
// values (user, IP, key) become labels, so it is bounded: at most `max_alerts` alerts are
// tracked (the rest count in the overflow counter and are not exported), group field names are
// sanitized (label_sanitizer.h) and values are cut to `max_label_value_bytes` valid UTF-8.
//
// Not thread-safe: DaemonMetrics calls it under its update lock. The family and counter must
// outlive it. Never throws.
namespace gatewatch::metrics {

struct ActiveAlertOptions {
  size_t max_alerts = 1000;
  size_t max_label_value_bytes = 256;
};

class ActiveAlertGauges {
 public:
  ActiveAlertGauges(prometheus::Family<prometheus::Gauge>& family, prometheus::Counter& overflow,
                    const ActiveAlertOptions& options)
      : family_(family), overflow_(overflow), options_(options) {}

  // A firing alert adds its series (once, however often it is repeated); a resolved one
  // removes it. Alerts past the cap are counted in `overflow` and never exported, not even
  // once room frees up.
  void Record(const alert::Alert& alert);

  // Forgets every alert (the engine was replaced without resolving its alerts).
  void Clear();

  // Alerts exported now.
  size_t size() const { return alert_series_.size(); }

 private:
  struct Series {
    prometheus::Gauge* gauge;
    size_t alerts;  // truncated values can make two alerts share one series
  };

  prometheus::Labels LabelsFor(const alert::Alert& alert) const;
  void Fire(std::string key, const alert::Alert& alert);
  void Resolve(const std::string& key);

  prometheus::Family<prometheus::Gauge>& family_;
  prometheus::Counter& overflow_;
  ActiveAlertOptions options_;
  std::unordered_map<std::string, prometheus::Labels> alert_series_;  // alert key -> series
  std::map<prometheus::Labels, Series> series_;
};

}  // namespace gatewatch::metrics

#endif  // GATEWATCH_METRICS_ACTIVE_ALERTS_H_
