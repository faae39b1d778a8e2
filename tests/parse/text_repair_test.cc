#include "parse/text_repair.h"

#include <gtest/gtest.h>

#include "core/access_event.h"

namespace gatewatch::parse {
namespace {

std::string Repaired(std::string_view in) {
  std::string out;
  AppendRepairedUtf8(in, &out);
  return out;
}

TEST(RepairUtf8, ValidTextUnchanged) {
  EXPECT_EQ(Repaired("plain \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "plain \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  EXPECT_TRUE(IsValidUtf8("plain \xC3\xA9"));
}

TEST(RepairUtf8, OneReplacementPerMaximalInvalidSubpart) {
  const std::string kFffd = "\xEF\xBF\xBD";
  EXPECT_EQ(Repaired("a\xFF"
                     "b"),
            "a" + kFffd + "b");
  EXPECT_EQ(Repaired("\xE2\x82"), kFffd) << "truncated 3-byte sequence is one subpart";
  EXPECT_EQ(Repaired("\xED\xA0\x80"), kFffd + kFffd + kFffd) << "surrogates are not UTF-8";
  EXPECT_EQ(Repaired("\xC0\xAF"), kFffd + kFffd) << "overlong encodings are rejected";
  EXPECT_EQ(Repaired("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd) << "above U+10FFFF";
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));
}

TEST(NginxEscapes, DetectedOnlyWhenTheBackslashIsNotEscaped) {
  EXPECT_TRUE(HasNginxEscapes(R"(a\x22b)"));
  EXPECT_FALSE(HasNginxEscapes(R"(a\\x22b)")) << "an escaped backslash followed by x22";
  EXPECT_TRUE(HasNginxEscapes(R"(a\\\x22b)"));
  EXPECT_FALSE(HasNginxEscapes(R"(a\xZZ)"));
  EXPECT_FALSE(HasNginxEscapes(R"(trailing\x2)"));
}

TEST(NginxEscapes, RewrittenAsValidJson) {
  std::string out;
  AppendNginxEscapesAsJson(R"({"ua":"a\x22b\x5C\x0A\xE2\x82\xAC"})", &out);
  EXPECT_EQ(out, "{\"ua\":\"a\\\"b\\\\\\u000a\xE2\x82\xAC\"}");
}

TEST(NginxEscapes, DecodedForText) {
  std::string out;
  EXPECT_TRUE(AppendNginxEscapesDecoded(R"(/a\x20b)", &out));
  EXPECT_EQ(out, "/a b");
}

TEST(JsonUnescape, StandardEscapesAndSurrogatePairs) {
  std::string out;
  uint32_t repairs = 0;
  AppendJsonUnescaped(R"(a\"b\\c\/d\n\t\u00e9\ud83d\ude00)", &out, &repairs);
  EXPECT_EQ(out, "a\"b\\c/d\n\t\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(repairs, 0u);
}

TEST(JsonUnescape, LoneSurrogatesAndNulAreReplacedAndFlagged) {
  std::string out;
  uint32_t repairs = 0;
  AppendJsonUnescaped(R"(x\ud800y\u0000z)", &out, &repairs);
  EXPECT_EQ(out, "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
  EXPECT_TRUE(repairs & core::kRepairInvalidUtf8);
  EXPECT_TRUE(repairs & core::kRepairControlChars);
}

TEST(Utf8Prefix, NeverSplitsASequence) {
  std::string s = "ab\xE2\x82\xAC";  // a, b, euro sign
  EXPECT_EQ(Utf8PrefixLength(s, 10), 5u);
  EXPECT_EQ(Utf8PrefixLength(s, 5), 5u);
  EXPECT_EQ(Utf8PrefixLength(s, 4), 2u);
  EXPECT_EQ(Utf8PrefixLength(s, 3), 2u);
  EXPECT_EQ(Utf8PrefixLength(s, 2), 2u);
}

}  // namespace
}  // namespace gatewatch::parse
