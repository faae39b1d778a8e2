#include "kafka/dev_broker.h"

#include <librdkafka/rdkafka_mock.h>

#include <algorithm>

namespace gatewatch::kafka {
namespace {

// The number of partitions must stay within what a test or demo needs, and the mock cluster
// allocates per partition.
constexpr int kMaxPartitions = 1024;
constexpr int kMaxBrokers = 64;

core::Status FromError(rd_kafka_resp_err_t err, const std::string& what) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return core::Status::Ok();
  return core::Status::Internal(what + ": " + rd_kafka_err2str(err));
}

}  // namespace

void DevBroker::ClusterDeleter::operator()(rd_kafka_mock_cluster_s* cluster) const {
  rd_kafka_mock_cluster_destroy(cluster);
}

core::Result<std::unique_ptr<DevBroker>> DevBroker::Start(const DevBrokerOptions& options) {
  if (options.brokers < 1 || options.brokers > kMaxBrokers) {
    return core::Status::InvalidArgument("brokers must be 1.." + std::to_string(kMaxBrokers));
  }
  std::unique_ptr<DevBroker> broker(new DevBroker());
  // The owning client never connects anywhere: it only hosts the cluster. Its logs (the
  // cluster's own) stay at warnings and above.
  Properties properties = {{"log_level", "4"}};
  for (const auto& [name, value] : options.properties) properties[name] = value;
  GW_ASSIGN_OR_RETURN(ConfPtr conf, MakeConf(properties));
  GW_ASSIGN_OR_RETURN(broker->owner_, NewClient(RD_KAFKA_PRODUCER, std::move(conf)));
  broker->cluster_.reset(rd_kafka_mock_cluster_new(broker->owner_.get(), options.brokers));
  if (broker->cluster_ == nullptr) {
    return core::Status::Internal("cannot start the mock Kafka cluster (see its log above)");
  }
  broker->brokers_ = options.brokers;
  broker->bootstrap_ = rd_kafka_mock_cluster_bootstraps(broker->cluster_.get());
  for (const TopicSpec& topic : options.topics) {
    GW_RETURN_IF_ERROR(broker->CreateTopic(topic.name, topic.partitions));
  }
  return broker;
}

DevBroker::~DevBroker() = default;

core::Status DevBroker::CreateTopic(const std::string& name, int partitions) {
  if (name.empty()) return core::Status::InvalidArgument("topic name is empty");
  if (partitions < 1 || partitions > kMaxPartitions) {
    return core::Status::InvalidArgument("topic " + name + ": partitions must be 1.." +
                                         std::to_string(kMaxPartitions));
  }
  // The mock cluster picks each partition's leader among its replicas (the first brokers), so
  // replicas on several brokers spread the leaders over them.
  int replication = std::min(brokers_, 3);
  return FromError(
      rd_kafka_mock_topic_create(cluster_.get(), name.c_str(), partitions, replication),
      "cannot create topic " + name);
}

core::Status DevBroker::CheckBrokerId(int id) const {
  if (id < 1 || id > brokers_) {
    return core::Status::OutOfRange("no broker " + std::to_string(id) + " (ids are 1.." +
                                    std::to_string(brokers_) + ")");
  }
  return core::Status::Ok();
}

core::Status DevBroker::SetBrokerDown(int id) {
  GW_RETURN_IF_ERROR(CheckBrokerId(id));
  return FromError(rd_kafka_mock_broker_set_down(cluster_.get(), id), "broker down");
}

core::Status DevBroker::SetBrokerUp(int id) {
  GW_RETURN_IF_ERROR(CheckBrokerId(id));
  return FromError(rd_kafka_mock_broker_set_up(cluster_.get(), id), "broker up");
}

core::Status DevBroker::SetAllDown() {
  for (int id = 1; id <= brokers_; ++id) {
    GW_RETURN_IF_ERROR(SetBrokerDown(id));
  }
  return core::Status::Ok();
}

core::Status DevBroker::SetAllUp() {
  for (int id = 1; id <= brokers_; ++id) {
    GW_RETURN_IF_ERROR(SetBrokerUp(id));
  }
  return core::Status::Ok();
}

}  // namespace gatewatch::kafka
