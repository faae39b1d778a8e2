#include "kafka/producer.h"

#include <algorithm>
#include <cstdint>

namespace gatewatch::kafka {
namespace {

int Milliseconds(std::chrono::milliseconds timeout) {
  return static_cast<int>(std::min<int64_t>(timeout.count(), INT32_MAX));
}

}  // namespace

core::Result<std::unique_ptr<Producer>> Producer::Create(const ProducerOptions& options) {
  if (options.brokers.empty() && options.properties.count("bootstrap.servers") == 0) {
    return core::Status::InvalidArgument("no Kafka brokers given");
  }
  Properties properties = {{"bootstrap.servers", options.brokers}, {"client.id", "gatewatch"}};
  for (const auto& [name, value] : options.properties) properties[name] = value;
  GW_ASSIGN_OR_RETURN(ConfPtr conf, MakeConf(properties));

  std::unique_ptr<Producer> producer(new Producer());
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &Producer::OnDelivery);
  rd_kafka_conf_set_opaque(conf.get(), producer.get());
  GW_ASSIGN_OR_RETURN(producer->client_, NewClient(RD_KAFKA_PRODUCER, std::move(conf)));
  return producer;
}

void Producer::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<Producer*>(opaque);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    self->delivered_.fetch_add(1, std::memory_order_relaxed);
  } else {
    self->last_error_.store(message->err, std::memory_order_relaxed);
    self->failed_.fetch_add(1, std::memory_order_relaxed);
  }
}

rd_kafka_resp_err_t Producer::Produce(const std::string& topic, std::string_view key,
                                      std::string_view value) {
  // RD_KAFKA_MSG_F_COPY: librdkafka copies key and value, so the caller's buffers may go.
  // The casts only satisfy the varargs signature; nothing is written through them.
  return rd_kafka_producev(
      client_.get(), RD_KAFKA_V_TOPIC(topic.c_str()),
      RD_KAFKA_V_KEY(key.empty() ? nullptr : const_cast<char*>(key.data()), key.size()),
      RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
}

void Producer::Poll(std::chrono::milliseconds timeout) {
  rd_kafka_poll(client_.get(), Milliseconds(timeout));
}

bool Producer::Flush(std::chrono::milliseconds timeout) {
  return rd_kafka_flush(client_.get(), Milliseconds(timeout)) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

void Producer::Purge() {
  rd_kafka_purge(client_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
}

uint64_t Producer::queue_depth() const {
  int depth = rd_kafka_outq_len(client_.get());
  return depth > 0 ? static_cast<uint64_t>(depth) : 0;
}

}  // namespace gatewatch::kafka
