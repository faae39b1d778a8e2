#include "parse/parse_stats.h"

#include <gtest/gtest.h>

#include "parser_test_util.h"

namespace gatewatch::parse {
namespace {

TEST(ParseStats, CountsByReasonAndKeepsTheFirstExamples) {
  auto t = testing::FromPreset("gatewatch");
  ParseStats stats;
  uint64_t n = 0;
  auto feed = [&](std::string_view line) {
    stats.Record(t.Parse(line), t.event, line, ++n, *t.parser);
  };
  feed(R"({"ts":1768471200,"client_ip":"1.2.3.4"})");
  for (int i = 0; i < 5; ++i) feed("garbage");
  feed(R"({"ts":1768471200,"client_ip":"1.2.3.4","user_agent":"\u0000"})");
  feed("");

  EXPECT_EQ(stats.lines(), 8u);
  EXPECT_EQ(stats.parsed(), 2u);
  EXPECT_EQ(stats.rejected(), 6u);
  EXPECT_EQ(stats.rejected(RejectReason::kInvalidJson), 5u);
  EXPECT_EQ(stats.rejected(RejectReason::kEmptyLine), 1u);
  EXPECT_EQ(stats.repaired(), 1u);
  EXPECT_EQ(stats.repaired(core::kRepairControlChars), 1u);
  ASSERT_EQ(stats.examples(RejectReason::kInvalidJson).size(), ParseStats::kExamplesPerReason);
  EXPECT_EQ(stats.examples(RejectReason::kInvalidJson)[0].line_number, 2u);
  EXPECT_NE(stats.Summary().find("rejected invalid_json: 5"), std::string::npos) << stats.Summary();
}

TEST(ParseStats, ExcerptsAreSafeToPrint) {
  EXPECT_EQ(PrintableExcerpt("a\x1b[31mb\xFF", 100), "a\\x1b[31mb\\xff");
  EXPECT_EQ(PrintableExcerpt("abcdef", 3), "abc...");
}

}  // namespace
}  // namespace gatewatch::parse
