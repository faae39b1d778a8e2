#ifndef GATEWATCH_METRICS_GAUGE_SET_H_
#define GATEWATCH_METRICS_GAUGE_SET_H_

#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/labels.h>

#include <map>

// The series of one gauge family that mirror a set of things that come and go (rules across
// reloads, assigned Kafka partitions): Set each one that exists now, then RemoveUnset() drops
// the series of those that no longer do, so a removed rule stops showing a stale value.
//
// Not thread-safe: DaemonMetrics calls it under its update lock. The family must outlive it.
namespace gatewatch::metrics {

class GaugeSet {
 public:
  explicit GaugeSet(prometheus::Family<prometheus::Gauge>& family) : family_(family) {}

  // Sets series `labels` to `value` (creating it) and marks it as present in this round.
  void Set(const prometheus::Labels& labels, double value);

  // Removes every series not Set since the previous RemoveUnset, and starts a new round.
  void RemoveUnset();

 private:
  struct Series {
    prometheus::Gauge* gauge;
    bool set_this_round;
  };
  prometheus::Family<prometheus::Gauge>& family_;
  std::map<prometheus::Labels, Series> series_;
};

}  // namespace gatewatch::metrics

#endif  // GATEWATCH_METRICS_GAUGE_SET_H_
