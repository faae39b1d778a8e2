#ifndef GATEWATCH_METRICS_STATS_VIEWS_H_
#define GATEWATCH_METRICS_STATS_VIEWS_H_

#include <cstdint>
#include <string>
#include <vector>

// Plain structs the sinks and the Kafka consumer hand to DaemonMetrics::Update. Counts are
// running totals since the component started (DaemonMetrics turns them into counter
// increments, and a total that goes down is read as a restart from zero); gauges are "now".
namespace gatewatch::metrics {

struct SinkStatsView {
  std::string name;         // the sink's configured name: the `sink` label
  uint64_t delivered = 0;   // alerts (or batches) accepted by the receiver
  uint64_t failed = 0;      // delivery attempts that failed (each retry counts)
  uint64_t dropped = 0;     // alerts given up on (queue full, retries exhausted)
  int64_t queue_depth = 0;  // alerts waiting now
};

struct PartitionLag {
  std::string topic;
  int32_t partition = 0;
  int64_t lag = 0;  // high watermark minus the consumer's position, in messages
};

struct KafkaStatsView {
  uint64_t rebalances = 0;               // running total
  std::vector<PartitionLag> partitions;  // every partition assigned now, and only those
};

}  // namespace gatewatch::metrics

#endif  // GATEWATCH_METRICS_STATS_VIEWS_H_
