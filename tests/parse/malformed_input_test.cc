// Bad input: every line either parses (repaired where it can be) or is rejected for the reason
// the corpus names. tests/testdata/malformed/gatewatch.txt holds the cases, each preceded by
// "# expect: ok [repairs=a,b]" or "# expect: reject REASON".
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "parse/parse_stats.h"
#include "parse/text_repair.h"
#include "parser_test_util.h"

namespace gatewatch::parse {
namespace {

using testing::FromPreset;

std::string RepairList(uint32_t repairs) {
  std::string out;
  for (size_t bit = 0; bit < core::kRepairCount; ++bit) {
    if (repairs & (1u << bit)) {
      if (!out.empty()) out += ",";
      out += core::RepairName(1u << bit);
    }
  }
  return out;
}

std::string Normalise(std::string repairs) {
  // "b,a" and "a,b" are the same expectation.
  std::vector<std::string> parts;
  std::stringstream in(repairs);
  for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

TEST(MalformedInput, CorpusLinesParseOrAreRejectedForTheNamedReason) {
  std::ifstream in(GATEWATCH_SOURCE_DIR "/tests/testdata/malformed/gatewatch.txt",
                   std::ios::binary);
  ASSERT_TRUE(in) << "corpus missing";
  auto t = FromPreset("gatewatch");
  std::string expect, line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.rfind("# expect: ", 0) == 0) {
      expect = line.substr(10);
      continue;
    }
    if (line.rfind("#", 0) == 0 || expect.empty()) continue;
    ++cases;
    ParseResult r = t.Parse(line);
    std::string got = r.ok() ? "ok" : "reject " + std::string(RejectReasonName(r.reason));
    if (r.ok() && t.event.repairs() != 0) {
      got += " repairs=" + Normalise(RepairList(t.event.repairs()));
    }
    std::string want = expect;
    if (auto pos = want.find("repairs="); pos != std::string::npos) {
      want = want.substr(0, pos + 8) + Normalise(want.substr(pos + 8));
    }
    EXPECT_EQ(got, want) << "line: " << PrintableExcerpt(line, 200);
    expect.clear();
  }
  EXPECT_GE(cases, 30);
}

TEST(MalformedInput, OverLongLineIsRejectedNotBuffered) {
  auto t = FromPreset("gatewatch");
  std::string line = R"({"ts":"2026-01-15T10:00:00Z","client_ip":"1.2.3.4","user_agent":")" +
                     std::string(2 << 20, 'A') + "\"}";
  EXPECT_EQ(t.Parse(line).reason, RejectReason::kLineTooLong);
}

TEST(MalformedInput, PaddedFieldIsTruncatedAndTheRequestKept) {
  // An attacker pads the user agent so a naive parser drops the line; we keep the request.
  auto t = FromPreset("gatewatch");
  std::string line = R"({"ts":"2026-01-15T10:00:00Z","client_ip":"1.2.3.4","user_agent":")" +
                     std::string(100000, 'A') + R"(","user":"victim"})";
  ParseResult r = t.Parse(line);
  ASSERT_TRUE(r.ok()) << t.parser->Describe(r);
  EXPECT_EQ(t.event.user_agent().size(), t.parser->field_map().max_field_bytes);
  EXPECT_EQ(t.event.user(), "victim");
  EXPECT_TRUE(t.event.repairs() & core::kRepairTruncated);
}

TEST(MalformedInput, TruncationKeepsUtf8Valid) {
  auto t = FromPreset("gatewatch");
  std::string ua;
  while (ua.size() < 5000) ua += "\xE2\x82\xAC";  // euro signs, 3 bytes each
  ParseResult r =
      t.Parse(R"({"ts":"2026-01-15T10:00:00Z","client_ip":"1.2.3.4","user_agent":")" + ua + "\"}");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(IsValidUtf8(t.event.user_agent()));
  EXPECT_LE(t.event.user_agent().size(), t.parser->field_map().max_field_bytes);
}

TEST(MalformedInput, DeepNestingDoesNotExhaustTheStack) {
  auto t = FromPreset("gatewatch", {"a.a.a.a"});
  // Well-formed, just deep, and not where any field is: skipped without recursion.
  std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_TRUE(
      t.Parse(R"({"ts":"2026-01-15T10:00:00Z","client_ip":"1.2.3.4","a":)" + deep + "}").ok());
  EXPECT_FALSE(
      t.Parse(R"({"ts":"2026-01-15T10:00:00Z","client_ip":"1.2.3.4","a":)" + deep + "]}").ok());
  std::string objects;
  for (int i = 0; i < 5000; ++i) objects += R"({"a":)";
  objects += "1" + std::string(5000, '}');
  ParseResult r =
      t.Parse(R"({"ts":"2026-01-15T10:00:00Z","client_ip":"1.2.3.4","a":)" + objects + "}");
  (void)r;  // any outcome but a crash is acceptable for 5000 levels
}

TEST(MalformedInput, ManyKeysParseInBoundedMemory) {
  auto t = FromPreset("gatewatch");
  std::string line = R"({"ts":"2026-01-15T10:00:00Z","client_ip":"1.2.3.4")";
  for (int i = 0; i < 20000; ++i) line += ",\"k" + std::to_string(i) + "\":\"v\"";
  line += "}";
  ASSERT_TRUE(t.Parse(line).ok());
  EXPECT_LT(t.event.buffer().capacity(), 64u * 1024);
}

TEST(MalformedInput, RandomBytesNeverCrash) {
  auto t = FromPreset("gatewatch");
  uint64_t state = 42;
  std::string line;
  for (int i = 0; i < 20000; ++i) {
    line.clear();
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    size_t len = (state >> 33) % 200;
    line = R"({"ts":"2026-01-15T10:00:00Z","client_ip":"1.2.3.4","user":")";
    for (size_t k = 0; k < len; ++k) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      line.push_back(static_cast<char>(state >> 56));
    }
    line += "\"}";
    ParseResult r = t.Parse(line);
    if (r.ok()) {
      ASSERT_TRUE(IsValidUtf8(t.event.user())) << PrintableExcerpt(line, 300);
    }
  }
}

}  // namespace
}  // namespace gatewatch::parse
