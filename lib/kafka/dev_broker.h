// DevBroker: a Kafka cluster inside this process, for tests, the demo and local development.
//
// It is librdkafka's mock cluster (rdkafka_mock.h): real Kafka protocol on loopback TCP, so any
// client (kcat, librdkafka producers, consumers in consumer groups with committed offsets) can
// produce to and consume from it. It keeps messages in memory, only about the last 5 MB per
// partition, and has no persistence, no security and no admin API (topics are created here, or
// automatically with 4 partitions when a client asks for an unknown one).
//
// Consumer groups: a new group's first join completes after 3 s (the broker's
// group.initial.rebalance.delay.ms). When a member leaves, even cleanly, the group waits the
// members' session.timeout.ms minus 1 s before it rebalances, so a restarted consumer joins
// only then (44 s with librdkafka's default session.timeout.ms of 45 s). Tests that restart
// consumers should set session.timeout.ms to a few seconds (more than 3 s).
//
// Ports: librdkafka 2.0.2 offers no way to choose them; each broker listens on an ephemeral
// 127.0.0.1 port picked by the kernel. Read bootstrap() (or the dev-broker tool's
// --bootstrap-file) instead of assuming a port.
//
// Ownership and threading: the cluster runs on librdkafka threads owned by this object and stops
// when it is destroyed. All methods are thread-safe (each is a request to the cluster's thread).
#ifndef GATEWATCH_KAFKA_DEV_BROKER_H_
#define GATEWATCH_KAFKA_DEV_BROKER_H_

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "kafka/rdkafka_handle.h"

struct rd_kafka_mock_cluster_s;

namespace gatewatch::kafka {

struct TopicSpec {
  std::string name;
  int partitions = 1;
};

struct DevBrokerOptions {
  // Brokers in the cluster; their ids are 1..brokers.
  int brokers = 1;
  // Created at start. Others are created on first use with 4 partitions.
  std::vector<TopicSpec> topics;
  // Properties of the client hosting the cluster, e.g. {"debug", "mock"} to trace the cluster's
  // protocol handling in its log (stderr).
  Properties properties;
};

class DevBroker {
 public:
  static core::Result<std::unique_ptr<DevBroker>> Start(const DevBrokerOptions& options);
  ~DevBroker();
  DevBroker(const DevBroker&) = delete;
  DevBroker& operator=(const DevBroker&) = delete;

  // "127.0.0.1:PORT,127.0.0.1:PORT,..." for bootstrap.servers, one entry per broker.
  const std::string& bootstrap() const { return bootstrap_; }
  int brokers() const { return brokers_; }

  // Creates a topic; InvalidArgument if `partitions` < 1, Internal if the cluster refuses (for
  // instance because the topic exists).
  core::Status CreateTopic(const std::string& name, int partitions);

  // A broker that is down drops its connections and refuses new ones until it is up again; its
  // partitions keep their leader (no fail-over), so clients stall and retry as in a real
  // outage. `id` is 1..brokers(); OutOfRange otherwise.
  core::Status SetBrokerDown(int id);
  core::Status SetBrokerUp(int id);
  core::Status SetAllDown();
  core::Status SetAllUp();

 private:
  DevBroker() = default;
  core::Status CheckBrokerId(int id) const;

  // Declared before the cluster so that the cluster is destroyed first.
  ClientPtr owner_;  // the rd_kafka_t librdkafka requires for the cluster's bookkeeping
  struct ClusterDeleter {
    void operator()(rd_kafka_mock_cluster_s* cluster) const;
  };
  std::unique_ptr<rd_kafka_mock_cluster_s, ClusterDeleter> cluster_;
  std::string bootstrap_;
  int brokers_ = 0;
};

}  // namespace gatewatch::kafka

#endif  // GATEWATCH_KAFKA_DEV_BROKER_H_
