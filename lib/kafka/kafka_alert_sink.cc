#include "kafka/kafka_alert_sink.h"

#include <utility>

#include "kafka/ecs_alert.h"

namespace gatewatch::kafka {
namespace {

// Each wait of the delivery-report thread; also the longest the destructor waits for it.
constexpr std::chrono::milliseconds kPollInterval{100};

}  // namespace

core::Result<std::unique_ptr<KafkaAlertSink>> KafkaAlertSink::Create(
    const KafkaAlertSinkOptions& options) {
  if (options.topic.empty()) return core::Status::InvalidArgument("Kafka alert topic is empty");
  if (options.queue_bound < 1) {
    return core::Status::InvalidArgument("Kafka alert queue bound must be at least 1");
  }
  ProducerOptions producer_options;
  producer_options.brokers = options.brokers;
  producer_options.properties = {
      {"enable.idempotence", "true"},
      {"queue.buffering.max.messages", std::to_string(options.queue_bound)},
      {"client.id", "gatewatch-alerts"},
  };
  for (const auto& [name, value] : options.properties) producer_options.properties[name] = value;
  GW_ASSIGN_OR_RETURN(std::unique_ptr<Producer> producer, Producer::Create(producer_options));
  return std::unique_ptr<KafkaAlertSink>(new KafkaAlertSink(options, std::move(producer)));
}

KafkaAlertSink::KafkaAlertSink(const KafkaAlertSinkOptions& options,
                               std::unique_ptr<Producer> producer)
    : options_(options), producer_(std::move(producer)) {
  poll_thread_ = std::thread([this] { ServeDeliveryReports(); });
}

KafkaAlertSink::~KafkaAlertSink() {
  stopping_.store(true);
  poll_thread_.join();
  if (!producer_->Flush(options_.close_timeout)) {
    producer_->Purge();
    producer_->Poll(std::chrono::milliseconds(0));  // count the purged messages as failed
  }
}

void KafkaAlertSink::ServeDeliveryReports() {
  while (!stopping_.load()) producer_->Poll(kPollInterval);
}

void KafkaAlertSink::Emit(const alert::Alert& alert) {
  std::string json =
      options_.ecs ? AlertToEcsJson(alert) : WithValidUtf8(alert::AlertToJson(alert));
  Publish(alert.fingerprint, json);
}

bool KafkaAlertSink::PublishRecord(std::string key, std::string json) {
  return Publish(key, WithValidUtf8(std::move(json)));
}

bool KafkaAlertSink::Publish(std::string_view key, const std::string& json) {
  rd_kafka_resp_err_t err = producer_->Produce(options_.topic, key, json);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    enqueued_.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
  } else {
    refused_.fetch_add(1, std::memory_order_relaxed);
  }
  return false;
}

bool KafkaAlertSink::Flush(std::chrono::milliseconds timeout) { return producer_->Flush(timeout); }

KafkaSinkStats KafkaAlertSink::stats() const {
  KafkaSinkStats stats;
  stats.enqueued = enqueued_.load(std::memory_order_relaxed);
  stats.delivered = producer_->delivered();
  stats.failed = producer_->failed() + refused_.load(std::memory_order_relaxed);
  stats.dropped = dropped_.load(std::memory_order_relaxed);
  stats.queue_depth = producer_->queue_depth();
  return stats;
}

}  // namespace gatewatch::kafka
