// KafkaAlertSink: publishes alert records to a Kafka topic, for SIEMs and other consumers.
//
// Each alert becomes one message: key = the alert's fingerprint (so every record of one alert
// lands on one partition, in order), value = alert::AlertToJson(alert), or the ECS form
// (kafka/ecs_alert.h) when options.ecs is set. Values are always valid UTF-8 JSON. The producer
// is idempotent (enable.idempotence=true): librdkafka's retries never duplicate or reorder a
// message within a partition.
//
// Emit() never blocks ingestion: it only queues the message locally. When the local queue holds
// `queue_bound` messages (brokers down or slow) the new message is dropped and counted. Queued
// messages wait for the brokers up to message.timeout.ms (librdkafka's default, 300 s, unless
// set in `properties`) and then count as failed.
//
// Delivery reports are served by an internal thread that this object owns, so the owner has
// nothing to call periodically. Flush() waits for the queue to drain (shutdown); the
// destructor flushes for up to `close_timeout` and drops what is still queued.
//
// Threading: Emit, PublishRecord, Flush and stats may be called from any threads.
#ifndef GATEWATCH_KAFKA_KAFKA_ALERT_SINK_H_
#define GATEWATCH_KAFKA_KAFKA_ALERT_SINK_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "alert/alert.h"
#include "core/result.h"
#include "kafka/producer.h"
#include "kafka/rdkafka_handle.h"

namespace gatewatch::kafka {

struct KafkaAlertSinkOptions {
  // bootstrap.servers: "host:port,host:port".
  std::string brokers;
  std::string topic = "gatewatch-alerts";
  // Publish ECS records (kafka/ecs_alert.h) instead of the native alert record.
  bool ecs = false;
  // Extra librdkafka producer properties (security.protocol, sasl.*, ssl.*, compression.type,
  // message.timeout.ms, ...); they win over the sink's defaults.
  Properties properties;
  // Messages held locally before Emit drops new ones (queue.buffering.max.messages).
  int queue_bound = 100000;
  // How long the destructor waits for queued messages to be delivered.
  std::chrono::milliseconds close_timeout{5000};
};

// A snapshot of the sink's counters.
struct KafkaSinkStats {
  uint64_t enqueued = 0;     // accepted by Emit / PublishRecord
  uint64_t delivered = 0;    // acknowledged by the brokers
  uint64_t failed = 0;       // refused by librdkafka or the brokers, timed out, or purged
  uint64_t dropped = 0;      // not queued because the local queue was full
  uint64_t queue_depth = 0;  // waiting locally or in flight now
};

class KafkaAlertSink final : public alert::AlertSink {
 public:
  // Fails on a bad property or option; does not wait for the brokers (they may come later).
  static core::Result<std::unique_ptr<KafkaAlertSink>> Create(const KafkaAlertSinkOptions& options);
  ~KafkaAlertSink() override;
  KafkaAlertSink(const KafkaAlertSink&) = delete;
  KafkaAlertSink& operator=(const KafkaAlertSink&) = delete;

  void Emit(const alert::Alert& alert) override;

  // Publishes any other JSON record to the same topic under `key` (for instance the alert log's
  // chain head), with Emit's non-blocking rules; `json` is made valid UTF-8. True if queued.
  bool PublishRecord(std::string key, std::string json);

  // Waits up to `timeout` for every queued message to be delivered or fail; true if none left.
  bool Flush(std::chrono::milliseconds timeout);

  // Readable from any thread while the sink runs.
  KafkaSinkStats stats() const;

 private:
  KafkaAlertSink(const KafkaAlertSinkOptions& options, std::unique_ptr<Producer> producer);
  bool Publish(std::string_view key, const std::string& json);
  void ServeDeliveryReports();

  const KafkaAlertSinkOptions options_;
  std::unique_ptr<Producer> producer_;
  std::atomic<uint64_t> enqueued_{0};
  std::atomic<uint64_t> refused_{0};  // rejected by librdkafka at Produce time
  std::atomic<uint64_t> dropped_{0};

  std::atomic<bool> stopping_{false};
  std::thread poll_thread_;  // serves delivery reports until stopping_
};

}  // namespace gatewatch::kafka

#endif  // GATEWATCH_KAFKA_KAFKA_ALERT_SINK_H_
