// Attacker-controlled alert strings can never break a record: each stays one valid JSON line.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>

#include "alertlog/alert_log_test_util.h"
#include "alertlog/alert_log_verifier.h"

namespace gatewatch::alertlog {
namespace {

class HostileStringsTest : public testing::AlertLogTest {};

alert::Alert HostileAlert() {
  alert::Alert a = testing::MakeAlert(1);
  a.rule =
      std::string("quote\" backslash\\ newline\n cr\r tab\t nul") + '\0' + " ctl\x01\x1f del\x7f";
  a.group = {{"user", "\xff\xfe invalid \xc3 utf8 \xed\xa0\x80 surrogate"}};
  a.labels["separators"] = "\u2028 and \u2029";
  a.annotations["big"] = std::string(100 * 1024, 'A') + "\"\n";
  // Text that would end a record early if it were copied unescaped.
  a.evidence.samples = {"/x\",\"hash\":\"" + std::string(64, '0') + "\"}", "}\n{\"seq\":99"};
  return a;
}

TEST_F(HostileStringsTest, EveryRecordStaysOneValidJsonLine) {
  alert::Alert hostile = HostileAlert();
  {
    auto writer = OpenWriter(Options());
    ASSERT_NE(writer, nullptr);
    ASSERT_TRUE(writer->Append(testing::MakeAlert(0)).ok());
    ASSERT_TRUE(writer->Append(hostile).ok());
    ASSERT_TRUE(writer->Append(testing::MakeAlert(2)).ok());
  }
  std::string bytes = testing::ReadFile(Path("alerts.log"));
  EXPECT_EQ(std::count(bytes.begin(), bytes.end(), '\n'), 4);
  std::vector<std::string> lines = testing::ReadLines(Path("alerts.log"));
  ASSERT_EQ(lines.size(), 4u);
  simdjson::dom::parser parser;
  for (const std::string& line : lines) {
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(line).get(doc), simdjson::SUCCESS) << "not UTF-8 JSON: " << line;
  }
  simdjson::dom::element record = parser.parse(lines[2]);
  std::string_view rule = record["alert"]["rule"].get_string().value();
  EXPECT_EQ(rule, hostile.rule) << "valid UTF-8, control characters included, round-trips";
  std::string_view user = record["alert"]["group"]["user"].get_string().value();
  EXPECT_EQ(user, "\uFFFD\uFFFD invalid \uFFFD utf8 \uFFFD\uFFFD\uFFFD surrogate")
      << "invalid UTF-8 becomes U+FFFD";
  EXPECT_EQ(record["alert"]["annotations"]["big"].get_string().value().size(), 100u * 1024 + 2);
  EXPECT_EQ(record["alert"]["evidence"]["samples"].get_array().size(), 2u);

  auto report = AlertLogVerifier({}).Verify({Path("alerts.log")});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact()) << report->damage->detail;
  EXPECT_EQ(report->records, 4u);
}

}  // namespace
}  // namespace gatewatch::alertlog
