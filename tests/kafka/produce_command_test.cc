// `gatewatch produce` delivering a log file to the dev broker.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "kafka/dev_broker.h"
#include "kafka_test_support.h"

namespace gatewatch::kafka {
namespace {

using std::chrono::milliseconds;
using testing::ConsumeFromStart;
using testing::Record;

std::string LogLine(int i) {
  return R"({"ts":"2026-01-15T10:00:)" + std::string(i % 60 < 10 ? "0" : "") +
         std::to_string(i % 60) + R"(Z","client_ip":"198.51.100.)" + std::to_string(i % 9) +
         R"(","user":"u)" + std::to_string(i) +
         R"(","method":"POST","path":"/login","status":401})";
}

std::vector<std::string> WriteLog(const std::string& path, int lines) {
  std::vector<std::string> written;
  std::ofstream out(path, std::ios::binary);
  for (int i = 0; i < lines; ++i) {
    written.push_back(LogLine(i));
    out << written.back() << "\n";
  }
  return written;
}

class ProduceCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto broker = DevBroker::Start(testing::BrokerOptions(1, {{"access-logs", 3}}));
    ASSERT_TRUE(broker.ok());
    broker_ = std::move(*broker);
  }
  std::unique_ptr<DevBroker> broker_;
};

TEST_F(ProduceCommandTest, DeliversEveryLineOfAFile) {
  std::string log = testing::TempPath("access.log");
  std::vector<std::string> lines = WriteLog(log, 200);
  testing::RunResult run = testing::Run(
      {GATEWATCH_CLI, "produce", "--brokers", broker_->bootstrap(), "--topic", "access-logs", log});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("200 lines, 200 delivered, 0 failed"), std::string::npos) << run.err;

  std::vector<Record> records = ConsumeFromStart(broker_->bootstrap(), "access-logs", 200);
  std::vector<std::string> got;
  for (const Record& r : records) {
    EXPECT_TRUE(r.key.empty());
    got.push_back(r.value);
  }
  std::sort(got.begin(), got.end());
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(got, lines);
  std::remove(log.c_str());
}

TEST_F(ProduceCommandTest, KeysByClientIpSoOneClientStaysOnOnePartition) {
  std::string log = testing::TempPath("access.log");
  std::vector<std::string> lines = WriteLog(log, 90);
  testing::RunResult run =
      testing::Run({GATEWATCH_CLI, "produce", "--brokers", broker_->bootstrap(), "--key",
                    "client_ip", "--rate", "1000", "-X", "linger.ms=1", log});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("0 without a client IP key"), std::string::npos) << run.err;

  std::map<std::string, std::set<int32_t>> partitions_of;  // client IP -> partitions
  std::set<int32_t> used;
  std::vector<Record> records = ConsumeFromStart(broker_->bootstrap(), "access-logs", 90);
  ASSERT_EQ(records.size(), 90u);
  for (const Record& r : records) {
    EXPECT_NE(r.value.find("\"client_ip\":\"" + r.key + "\""), std::string::npos) << r.value;
    partitions_of[r.key].insert(r.partition);
    used.insert(r.partition);
  }
  EXPECT_EQ(partitions_of.size(), 9u);
  for (const auto& [ip, partitions] : partitions_of) EXPECT_EQ(partitions.size(), 1u) << ip;
  EXPECT_GT(used.size(), 1u);
  std::remove(log.c_str());
}

TEST_F(ProduceCommandTest, ReadsStdinAndFailsWhenNothingCanBeDelivered) {
  testing::RunResult ok =
      testing::Run({GATEWATCH_CLI, "produce", "-b", broker_->bootstrap(), "-t", "access-logs", "-"},
                   LogLine(1) + "\n" + LogLine(2) + "\n");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.err.find("2 lines, 2 delivered"), std::string::npos) << ok.err;

  ASSERT_TRUE(broker_->SetAllDown().ok());
  testing::RunResult down = testing::Run({GATEWATCH_CLI, "produce", "-b", broker_->bootstrap(),
                                          "-X", "message.timeout.ms=500", "-X", "log_level=0", "-"},
                                         LogLine(3) + "\n");
  EXPECT_EQ(down.exit_code, 1) << down.err;
  EXPECT_NE(down.err.find("0 delivered, 1 failed"), std::string::npos) << down.err;
  EXPECT_NE(down.err.find("timed out"), std::string::npos) << down.err;
}

TEST_F(ProduceCommandTest, UsageErrors) {
  EXPECT_EQ(testing::Run({GATEWATCH_CLI, "produce", "-"}).exit_code, 2) << "--brokers required";
  testing::RunResult bad_property =
      testing::Run({GATEWATCH_CLI, "produce", "-b", broker_->bootstrap(), "-X", "no.such=1", "-"});
  EXPECT_EQ(bad_property.exit_code, 2);
  EXPECT_NE(bad_property.err.find("no.such"), std::string::npos) << bad_property.err;
  EXPECT_EQ(
      testing::Run({GATEWATCH_CLI, "produce", "-b", broker_->bootstrap(), "-X", "novalue", "-"})
          .exit_code,
      2);
  EXPECT_EQ(testing::Run({GATEWATCH_CLI, "produce", "-b", broker_->bootstrap(), "/no/such/file"})
                .exit_code,
            1);
}

}  // namespace
}  // namespace gatewatch::kafka
