// Label names from group_by fields and label values from requests, made safe for Prometheus.
#include "metrics/label_sanitizer.h"

#include <gtest/gtest.h>

#include <regex>

namespace gatewatch::metrics {
namespace {

// RFC 3629 well-formedness, written independently of the sanitizer (Unicode table 3-7).
bool IsValidUtf8(const std::string& s) {
  size_t i = 0;
  const auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto in = [&](size_t k, int lo, int hi) {
    return k < s.size() && at(k) >= lo && at(k) <= hi;
  };
  while (i < s.size()) {
    const int b = at(i);
    if (b <= 0x7F) {
      i += 1;
    } else if (b >= 0xC2 && b <= 0xDF && in(i + 1, 0x80, 0xBF)) {
      i += 2;
    } else if ((b == 0xE0 && in(i + 1, 0xA0, 0xBF)) || (b == 0xED && in(i + 1, 0x80, 0x9F)) ||
               (((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) && in(i + 1, 0x80, 0xBF))) {
      if (!in(i + 2, 0x80, 0xBF)) return false;
      i += 3;
    } else if ((b == 0xF0 && in(i + 1, 0x90, 0xBF)) ||
               (b >= 0xF1 && b <= 0xF3 && in(i + 1, 0x80, 0xBF)) ||
               (b == 0xF4 && in(i + 1, 0x80, 0x8F))) {
      if (!in(i + 2, 0x80, 0xBF) || !in(i + 3, 0x80, 0xBF)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

TEST(SanitizeLabelName, DottedPathsAndCamelCaseBecomeSnakeCase) {
  EXPECT_EQ(SanitizeLabelName("client_ip"), "client_ip");
  EXPECT_EQ(SanitizeLabelName("request.headers.host"), "request_headers_host");
  EXPECT_EQ(SanitizeLabelName("consumer.custom_id"), "consumer_custom_id");
  EXPECT_EQ(SanitizeLabelName("ClientHost"), "client_host");
  EXPECT_EQ(SanitizeLabelName("$context.identity.sourceIp"), "context_identity_source_ip");
  EXPECT_EQ(SanitizeLabelName("HTTPHost"), "http_host");
  EXPECT_EQ(SanitizeLabelName("x-api-key"), "x_api_key");
  EXPECT_EQ(SanitizeLabelName("1st"), "group_1st");
  EXPECT_EQ(SanitizeLabelName("__name__"), "name__");
  EXPECT_EQ(SanitizeLabelName(""), "group");
  EXPECT_EQ(SanitizeLabelName("..."), "group");
  EXPECT_EQ(SanitizeLabelName("ü.ßer"), "er");
}

TEST(SanitizeLabelName, AlwaysAValidLabelName) {
  const std::regex valid("[a-z][a-z0-9_]*");
  for (const char* field : {"a", "A", "_", "9", "a b", "\xff\xfe", "über", "x.y.z", "__x", "le",
                            "Content-Type", "q\n"}) {
    EXPECT_TRUE(std::regex_match(SanitizeLabelName(field), valid)) << field;
  }
}

TEST(GroupLabelNames, AvoidReservedNamesAndDuplicates) {
  EXPECT_EQ(GroupLabelNames({"client_ip", "user"}),
            (std::vector<std::string>{"client_ip", "user"}));
  EXPECT_EQ(GroupLabelNames({"rule", "severity", "job", "instance", "le"}),
            (std::vector<std::string>{"group_rule", "group_severity", "group_job", "group_instance",
                                      "group_le"}));
  EXPECT_EQ(GroupLabelNames({"a.b", "a_b", "a-b"}),
            (std::vector<std::string>{"a_b", "a_b_2", "a_b_3"}));
  EXPECT_EQ(GroupLabelNames({"__name__", "name__"}),
            (std::vector<std::string>{"name__", "name___2"}));
}

TEST(SanitizeLabelValue, KeepsOrdinaryTextIncludingQuotesAndBackslashes) {
  EXPECT_EQ(SanitizeLabelValue("203.0.113.7", 256), "203.0.113.7");
  EXPECT_EQ(SanitizeLabelValue("a\"b\\c", 256), "a\"b\\c") << "the serializer escapes these";
  EXPECT_EQ(SanitizeLabelValue("ünïcødé ✓ 😀", 256), "ünïcødé ✓ 😀");
  EXPECT_EQ(SanitizeLabelValue("", 256), "");
}

TEST(SanitizeLabelValue, ReplacesInvalidUtf8AndControlCharacters) {
  EXPECT_EQ(SanitizeLabelValue("a\xff"
                               "b",
                               256),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(SanitizeLabelValue("line\nbreak\r\t", 256),
            "line\xEF\xBF\xBD"
            "break\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeLabelValue(std::string("nul\0byte", 8), 256),
            "nul\xEF\xBF\xBD"
            "byte");
  EXPECT_EQ(SanitizeLabelValue("\xC0\xAF", 256), "\xEF\xBF\xBD\xEF\xBF\xBD") << "overlong '/'";
  EXPECT_EQ(SanitizeLabelValue("\xED\xA0\x80", 256), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")
      << "a surrogate";
  EXPECT_EQ(SanitizeLabelValue("\xE2\x82", 256), "\xEF\xBF\xBD\xEF\xBF\xBD") << "cut short";
  EXPECT_EQ(SanitizeLabelValue("\xF4\x90\x80\x80", 256).substr(0, 3), "\xEF\xBF\xBD")
      << "above U+10FFFF";
}

TEST(SanitizeLabelValue, CutsLongValuesOnACharacterBoundaryWithAnEllipsis) {
  const std::string cut = SanitizeLabelValue(std::string(100 * 1024, 'x'), 64);
  EXPECT_EQ(cut, std::string(61, 'x') + "…");
  EXPECT_EQ(cut.size(), 64u);
  EXPECT_EQ(SanitizeLabelValue(std::string(64, 'x'), 64), std::string(64, 'x')) << "fits";
  std::string euros;
  for (int i = 0; i < 40; ++i) {
    euros += "€";  // 3 bytes each
  }
  for (size_t max = 3; max < 40; ++max) {
    const std::string value = SanitizeLabelValue(euros, max);
    EXPECT_LE(value.size(), max);
    EXPECT_TRUE(IsValidUtf8(value)) << max;
    EXPECT_EQ(value.substr(value.size() - 3), "…") << max;
  }
  EXPECT_EQ(SanitizeLabelValue("abcdef", 2), "") << "no room even for the ellipsis";
}

TEST(SanitizeLabelValue, AnyBytesComeOutAsBoundedValidUtf8) {
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) {
    all_bytes.push_back(static_cast<char>(b));
  }
  ASSERT_FALSE(IsValidUtf8(all_bytes)) << "the checker itself must catch bad input";
  for (size_t max : {0u, 1u, 5u, 64u, 256u, 2000u}) {
    const std::string value = SanitizeLabelValue(all_bytes + all_bytes, max);
    EXPECT_LE(value.size(), max);
    EXPECT_TRUE(IsValidUtf8(value)) << max;
    for (char c : value) {
      EXPECT_FALSE(c >= 0 && c < 0x20) << "a control character survived";
    }
  }
}

}  // namespace
}  // namespace gatewatch::metrics
