// KafkaAlertSink against the dev broker: what a SIEM consuming the topic receives.
#include "kafka/kafka_alert_sink.h"

#include <gtest/gtest.h>

#include "alert_samples.h"
#include "kafka/dev_broker.h"
#include "kafka/ecs_alert.h"
#include "kafka_test_support.h"
#include "rapidjson/document.h"

namespace gatewatch::kafka {
namespace {

using std::chrono::milliseconds;
using testing::ConsumeFromStart;
using testing::HostileAlert;
using testing::IsStrictJson;
using testing::Record;
using testing::SampleAlert;

class KafkaAlertSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto broker = DevBroker::Start(testing::BrokerOptions(1, {{"alerts", 2}}));
    ASSERT_TRUE(broker.ok()) << broker.status().ToString();
    broker_ = std::move(*broker);
  }

  std::unique_ptr<KafkaAlertSink> NewSink(bool ecs, int queue_bound = 1000) {
    KafkaAlertSinkOptions options;
    options.brokers = broker_->bootstrap();
    options.topic = "alerts";
    options.ecs = ecs;
    options.queue_bound = queue_bound;
    options.properties = {{"log_level", "2"}};
    auto sink = KafkaAlertSink::Create(options);
    EXPECT_TRUE(sink.ok()) << sink.status().ToString();
    return sink.ok() ? std::move(*sink) : nullptr;
  }

  std::unique_ptr<DevBroker> broker_;
};

TEST_F(KafkaAlertSinkTest, DeliversAlertsKeyedByFingerprintAsAlertJson) {
  auto sink = NewSink(/*ecs=*/false);
  ASSERT_NE(sink, nullptr);
  std::map<std::string, std::string> expected;  // fingerprint -> record
  for (int n = 1; n <= 5; ++n) {
    alert::Alert a = SampleAlert(n);
    expected[a.fingerprint] = alert::AlertToJson(a);
    sink->Emit(a);
  }
  ASSERT_TRUE(sink->Flush(milliseconds(20000)));
  KafkaSinkStats stats = sink->stats();
  EXPECT_EQ(stats.enqueued, 5u);
  EXPECT_EQ(stats.delivered, 5u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(stats.dropped, 0u);
  EXPECT_EQ(stats.queue_depth, 0u);

  std::map<std::string, std::string> got;
  for (const Record& r : ConsumeFromStart(broker_->bootstrap(), "alerts", 5)) {
    got[r.key] = r.value;
  }
  EXPECT_EQ(got, expected);
}

TEST_F(KafkaAlertSinkTest, EcsRecordsParseWithTheExpectedFields) {
  auto sink = NewSink(/*ecs=*/true);
  ASSERT_NE(sink, nullptr);
  alert::Alert a = SampleAlert(9);
  sink->Emit(a);
  ASSERT_TRUE(sink->Flush(milliseconds(20000)));
  std::vector<Record> records = ConsumeFromStart(broker_->bootstrap(), "alerts", 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, a.fingerprint);
  EXPECT_EQ(records[0].value, AlertToEcsJson(a));
  rapidjson::Document d;
  d.Parse(records[0].value.c_str());
  ASSERT_FALSE(d.HasParseError());
  EXPECT_STREQ(d["event"]["kind"].GetString(), "alert");
  EXPECT_STREQ(d["rule"]["id"].GetString(), "credential-stuffing-ip");
  EXPECT_STREQ(d["source"]["ip"].GetString(), "203.0.113.9");
  EXPECT_STREQ(d["user"]["name"].GetString(), "alice");
  EXPECT_STREQ(d["gatewatch"]["fingerprint"].GetString(), a.fingerprint.c_str());
}

TEST_F(KafkaAlertSinkTest, HostileStringsStayValidJsonInBothForms) {
  alert::Alert a = HostileAlert();
  for (bool ecs : {false, true}) {
    auto sink = NewSink(ecs);
    ASSERT_NE(sink, nullptr);
    sink->Emit(a);
    ASSERT_TRUE(sink->Flush(milliseconds(20000)));
    EXPECT_EQ(sink->stats().delivered, 1u);
  }
  std::vector<Record> records = ConsumeFromStart(broker_->bootstrap(), "alerts", 2);
  ASSERT_EQ(records.size(), 2u);
  for (const Record& r : records) {
    EXPECT_EQ(r.key, a.fingerprint);
    EXPECT_GT(r.value.size(), 200u * 1024);
    EXPECT_TRUE(IsStrictJson(r.value)) << r.value.substr(0, 300);
    bool is_ecs = r.value.find("\"ecs\":") != std::string::npos;
    EXPECT_EQ(r.value, is_ecs ? AlertToEcsJson(a) : WithValidUtf8(alert::AlertToJson(a)));
  }
}

TEST_F(KafkaAlertSinkTest, PublishRecordSendsOtherRecordsUnderTheirKey) {
  auto sink = NewSink(/*ecs=*/false);
  ASSERT_NE(sink, nullptr);
  EXPECT_TRUE(sink->PublishRecord("chain-head", R"({"seq":12,"sha256":"ab"})"));
  ASSERT_TRUE(sink->Flush(milliseconds(20000)));
  std::vector<Record> records = ConsumeFromStart(broker_->bootstrap(), "alerts", 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].key, "chain-head");
  EXPECT_EQ(records[0].value, R"({"seq":12,"sha256":"ab"})");
}

TEST_F(KafkaAlertSinkTest, AFullQueueDropsAndCountsInsteadOfBlocking) {
  ASSERT_TRUE(broker_->SetAllDown().ok());
  auto sink = NewSink(/*ecs=*/false, /*queue_bound=*/5);
  ASSERT_NE(sink, nullptr);
  for (int n = 0; n < 20; ++n) sink->Emit(SampleAlert(n));
  KafkaSinkStats stats = sink->stats();
  EXPECT_EQ(stats.enqueued, 5u);
  EXPECT_EQ(stats.dropped, 15u);
  EXPECT_EQ(stats.delivered, 0u);
  EXPECT_GE(stats.queue_depth, 5u);
  EXPECT_FALSE(sink->Flush(milliseconds(300)));

  // The brokers come back: the queued alerts go out.
  ASSERT_TRUE(broker_->SetAllUp().ok());
  EXPECT_TRUE(sink->Flush(milliseconds(30000)));
  EXPECT_EQ(sink->stats().delivered, 5u);
  EXPECT_EQ(sink->stats().dropped, 15u);
}

TEST(KafkaAlertSinkOptionsTest, BadOptionsAreRefused) {
  KafkaAlertSinkOptions options;
  options.brokers = "127.0.0.1:1";
  options.topic = "";
  EXPECT_FALSE(KafkaAlertSink::Create(options).ok());
  options.topic = "alerts";
  options.properties = {{"no.such.property", "1"}};
  auto sink = KafkaAlertSink::Create(options);
  ASSERT_FALSE(sink.ok());
  EXPECT_NE(sink.status().message().find("no.such.property"), std::string::npos);
}

}  // namespace
}  // namespace gatewatch::kafka
