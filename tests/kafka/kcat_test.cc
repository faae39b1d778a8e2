// kcat, the usual Kafka command-line client, against the dev broker.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "kafka/dev_broker.h"
#include "kafka_test_support.h"

namespace gatewatch::kafka {
namespace {

using std::chrono::milliseconds;

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(Kcat, ProducesAndConsumesInAConsumerGroup) {
  auto broker = DevBroker::Start(testing::BrokerOptions(1, {{"logs", 3}}));
  ASSERT_TRUE(broker.ok());
  const std::string& bootstrap = (*broker)->bootstrap();
  std::string input;
  for (int i = 0; i < 50; ++i)
    input += "ip-" + std::to_string(i % 7) + ":line " + std::to_string(i) + "\n";

  testing::RunResult produced = testing::Run(
      {"/usr/bin/kcat", "-P", "-b", bootstrap, "-t", "logs", "-K:"}, input, milliseconds(20000));
  ASSERT_EQ(produced.exit_code, 0) << produced.err;

  // -G: a balanced consumer in group "kcat"; -e: exit once every partition is read to the end.
  testing::RunResult consumed =
      testing::Run({"/usr/bin/kcat", "-b", bootstrap, "-G", "kcat", "-e", "-X",
                    "auto.offset.reset=earliest", "-f", "%p %k:%s\\n", "logs"},
                   "", milliseconds(30000));
  ASSERT_EQ(consumed.exit_code, 0) << consumed.err;
  std::vector<std::string> sent;
  std::vector<std::string> got;
  std::set<std::string> partitions;
  for (const std::string& line : SortedLines(input)) sent.push_back(line);
  for (const std::string& line : SortedLines(consumed.out)) {
    partitions.insert(line.substr(0, line.find(' ')));
    got.push_back(line.substr(line.find(' ') + 1));
  }
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, sent);
  EXPECT_GT(partitions.size(), 1u) << "keys spread over the partitions";
  EXPECT_NE(consumed.err.find("Group kcat rebalanced"), std::string::npos) << consumed.err;
}

}  // namespace
}  // namespace gatewatch::kafka
