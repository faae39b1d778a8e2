// DevBroker: the mock cluster as real clients see it.
#include "kafka/dev_broker.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <set>
#include <sstream>

#include "kafka/producer.h"
#include "kafka_test_support.h"

namespace gatewatch::kafka {
namespace {

using std::chrono::milliseconds;
using testing::ConsumeInGroup;
using testing::Record;

std::unique_ptr<DevBroker> StartBroker(DevBrokerOptions options) {
  auto broker = DevBroker::Start(options);
  EXPECT_TRUE(broker.ok()) << broker.status().ToString();
  return broker.ok() ? std::move(*broker) : nullptr;
}

bool CanConnect(const std::string& host, int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, host.c_str(), &address.sin_addr);
  bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return connected;
}

std::unique_ptr<Producer> NewProducer(const std::string& bootstrap, Properties properties = {}) {
  properties["log_level"] = "2";  // the outage test refuses connections on purpose
  auto producer = Producer::Create({bootstrap, properties});
  EXPECT_TRUE(producer.ok()) << producer.status().ToString();
  return producer.ok() ? std::move(*producer) : nullptr;
}

TEST(DevBroker, ReportsOneLoopbackAddressPerBroker) {
  auto broker = StartBroker(testing::BrokerOptions(3, {}));
  ASSERT_NE(broker, nullptr);
  std::istringstream list(broker->bootstrap());
  std::string entry;
  std::set<int> ports;
  while (std::getline(list, entry, ',')) {
    ASSERT_EQ(entry.rfind("127.0.0.1:", 0), 0u) << broker->bootstrap();
    int port = std::stoi(entry.substr(entry.find(':') + 1));
    EXPECT_GT(port, 0);
    EXPECT_TRUE(CanConnect("127.0.0.1", port)) << entry;
    ports.insert(port);
  }
  EXPECT_EQ(ports.size(), 3u) << broker->bootstrap();
  EXPECT_TRUE(testing::BrokersReachable(broker->bootstrap()));
}

TEST(DevBroker, RejectsBadOptions) {
  EXPECT_FALSE(DevBroker::Start(testing::BrokerOptions(0, {})).ok());
  EXPECT_FALSE(DevBroker::Start(testing::BrokerOptions(1, {{"t", 0}})).ok());
  EXPECT_FALSE(DevBroker::Start(testing::BrokerOptions(1, {}, {{"no.such.property", "1"}})).ok());
  auto broker = StartBroker(testing::BrokerOptions(2, {{"t", 2}}));
  ASSERT_NE(broker, nullptr);
  EXPECT_EQ(broker->SetBrokerDown(3).code(), core::Status::Code::kOutOfRange);
  EXPECT_EQ(broker->SetBrokerUp(0).code(), core::Status::Code::kOutOfRange);
  EXPECT_FALSE(broker->CreateTopic("", 1).ok());
  EXPECT_TRUE(broker->CreateTopic("other", 5).ok());
}

TEST(DevBroker, ProducerAndGroupConsumerRoundTripAcrossPartitions) {
  auto broker = StartBroker(testing::BrokerOptions(2, {{"events", 3}}));
  ASSERT_NE(broker, nullptr);
  auto producer = NewProducer(broker->bootstrap());
  ASSERT_NE(producer, nullptr);
  std::map<std::string, std::string> sent;  // key -> value
  for (int i = 0; i < 300; ++i) {
    std::string key = "key-" + std::to_string(i);
    sent[key] = "value " + std::to_string(i);
    ASSERT_EQ(producer->Produce("events", key, sent[key]), RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  ASSERT_TRUE(producer->Flush(milliseconds(20000)));
  EXPECT_EQ(producer->delivered(), 300u);
  EXPECT_EQ(producer->failed(), 0u);

  std::vector<Record> received = ConsumeInGroup(broker->bootstrap(), "events", "round-trip", 300);
  std::map<std::string, std::string> got;
  std::set<int32_t> partitions;
  for (const Record& r : received) {
    got[r.key] = r.value;
    partitions.insert(r.partition);
  }
  EXPECT_EQ(received.size(), 300u);
  EXPECT_EQ(got, sent);
  EXPECT_EQ(partitions, (std::set<int32_t>{0, 1, 2}));

  // The group committed what it read when it left, so a restarted member resumes after it.
  EXPECT_EQ(testing::CommittedOffsets(broker->bootstrap(), "events", "round-trip"), 300);
  ASSERT_EQ(producer->Produce("events", "new", "after"), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(producer->Flush(milliseconds(20000)));
  std::vector<Record> later = ConsumeInGroup(broker->bootstrap(), "events", "round-trip", 1);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].value, "after") << "a restarted member starts after the committed offsets";
}

TEST(DevBroker, OutageStallsDeliveriesAndRecoveryResumesThem) {
  auto broker = StartBroker(testing::BrokerOptions(2, {{"events", 2}}));
  ASSERT_NE(broker, nullptr);
  // Short reconnect backoff so the producer notices the brokers are back soon.
  auto producer = NewProducer(
      broker->bootstrap(), {{"reconnect.backoff.ms", "50"}, {"reconnect.backoff.max.ms", "200"}});
  ASSERT_NE(producer, nullptr);
  ASSERT_EQ(producer->Produce("events", "k", "before"), RD_KAFKA_RESP_ERR_NO_ERROR);
  ASSERT_TRUE(producer->Flush(milliseconds(10000)));
  ASSERT_EQ(producer->delivered(), 1u);

  ASSERT_TRUE(broker->SetAllDown().ok());
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(producer->Produce("events", "k" + std::to_string(i), "during"),
              RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  EXPECT_FALSE(producer->Flush(milliseconds(1500))) << "nothing can be delivered while down";
  EXPECT_EQ(producer->delivered(), 1u);
  EXPECT_FALSE(testing::BrokersReachable(broker->bootstrap(), milliseconds(500)));

  ASSERT_TRUE(broker->SetAllUp().ok());
  EXPECT_TRUE(producer->Flush(milliseconds(20000)));
  EXPECT_EQ(producer->delivered(), 11u);
  EXPECT_EQ(producer->failed(), 0u);
  EXPECT_EQ(testing::ConsumeFromStart(broker->bootstrap(), "events", 11).size(), 11u);
}

TEST(DevBroker, DeliveriesFailWhenTheOutageOutlastsTheMessageTimeout) {
  auto broker = StartBroker(testing::BrokerOptions(1, {{"events", 1}}));
  ASSERT_NE(broker, nullptr);
  ASSERT_TRUE(broker->SetBrokerDown(1).ok());
  auto producer = NewProducer(broker->bootstrap(), {{"message.timeout.ms", "500"}});
  ASSERT_NE(producer, nullptr);
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(producer->Produce("events", "", "lost"), RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  EXPECT_TRUE(producer->Flush(milliseconds(10000)));
  EXPECT_EQ(producer->failed(), 5u);
  EXPECT_EQ(producer->delivered(), 0u);
  EXPECT_EQ(producer->last_error(), RD_KAFKA_RESP_ERR__MSG_TIMED_OUT);
}

}  // namespace
}  // namespace gatewatch::kafka
