#include "core/duration.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace gatewatch::core {
namespace {

constexpr DurationNs kWeek = 7 * kDay;

// The value of a duration that must parse.
DurationNs Parsed(std::string_view text) {
  const Result<DurationNs> d = ParseDuration(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().ToString();
  return d.ok() ? *d : -1;
}

// The error message of a duration that must not parse.
std::string ErrorOf(std::string_view text) {
  const Result<DurationNs> d = ParseDuration(text);
  EXPECT_FALSE(d.ok()) << text << " parsed as " << (d.ok() ? *d : 0);
  if (d.ok()) return "";
  EXPECT_EQ(d.status().code(), Status::Code::kInvalidArgument) << text;
  return d.status().message();
}

TEST(ParseDuration, EachUnit) {
  EXPECT_EQ(Parsed("7ns"), 7);
  EXPECT_EQ(Parsed("7us"), 7 * kMicrosecond);
  EXPECT_EQ(Parsed("250ms"), 250 * kMillisecond);
  EXPECT_EQ(Parsed("30s"), 30 * kSecond);
  EXPECT_EQ(Parsed("5m"), 5 * kMinute);
  EXPECT_EQ(Parsed("1h"), kHour);
  EXPECT_EQ(Parsed("7d"), 7 * kDay);
  EXPECT_EQ(Parsed("2w"), 2 * kWeek);
}

TEST(ParseDuration, MicroSignSpellings) {
  EXPECT_EQ(Parsed("5\xC2\xB5s"), 5 * kMicrosecond);  // U+00B5 MICRO SIGN
  EXPECT_EQ(Parsed("5\xCE\xBCs"), 5 * kMicrosecond);  // U+03BC GREEK SMALL LETTER MU
}

TEST(ParseDuration, CompoundTermsLargestFirst) {
  EXPECT_EQ(Parsed("1h30m"), 90 * kMinute);
  EXPECT_EQ(Parsed("1m30s"), 90 * kSecond);
  EXPECT_EQ(Parsed("1w2d3h4m5s6ms7us8ns"), kWeek + 2 * kDay + 3 * kHour + 4 * kMinute +
                                               5 * kSecond + 6 * kMillisecond + 7 * kMicrosecond +
                                               8);
  EXPECT_EQ(Parsed("1d12h"), 36 * kHour);
  EXPECT_EQ(Parsed("2h500ms"), 2 * kHour + 500 * kMillisecond);  // gaps between units are fine
}

TEST(ParseDuration, ZeroForms) {
  EXPECT_EQ(Parsed("0"), 0);
  EXPECT_EQ(Parsed("0s"), 0);
  EXPECT_EQ(Parsed("0ms"), 0);
  EXPECT_EQ(Parsed("0h0m"), 0);
}

TEST(ParseDuration, TermsLargerThanTheNextUnitAreAllowed) {
  EXPECT_EQ(Parsed("90s"), 90 * kSecond);
  EXPECT_EQ(Parsed("1500ms"), 1500 * kMillisecond);
  EXPECT_EQ(Parsed("48h"), 2 * kDay);
  EXPECT_EQ(Parsed("007s"), 7 * kSecond);
}

TEST(ParseDuration, LargestValueFits) {
  const DurationNs max = std::numeric_limits<DurationNs>::max();
  EXPECT_EQ(Parsed("9223372036854775807ns"), max);
  EXPECT_EQ(Parsed("106751d23h47m16s854ms775us807ns"), max);
}

TEST(ParseDuration, OverflowIsAnError) {
  EXPECT_NE(ErrorOf("9223372036854775808ns").find("too large"), std::string::npos);
  EXPECT_NE(ErrorOf("106752d").find("too large"), std::string::npos);
  EXPECT_NE(ErrorOf("106751d23h47m16s854ms775us808ns").find("too large"), std::string::npos);
  EXPECT_NE(ErrorOf("99999999999999999999999999s").find("too large"), std::string::npos);
  EXPECT_NE(ErrorOf("15251w").find("too large"), std::string::npos);
}

TEST(ParseDuration, EmptyIsAnError) {
  EXPECT_EQ(ErrorOf(""), "invalid duration \"\": empty (write e.g. \"30s\" or \"5m\")");
}

TEST(ParseDuration, UnknownUnitNamesItAndListsTheValidOnes) {
  EXPECT_EQ(ErrorOf("5x"),
            "invalid duration \"5x\": unknown unit \"x\" (use ns, us, ms, s, m, h, d or w)");
  EXPECT_NE(ErrorOf("5sec").find("unknown unit \"sec\""), std::string::npos);
  EXPECT_NE(ErrorOf("1y").find("unknown unit \"y\""), std::string::npos);
  EXPECT_NE(ErrorOf("5S").find("unknown unit \"S\""), std::string::npos);  // case matters
  EXPECT_NE(ErrorOf("5M").find("unknown unit \"M\""), std::string::npos);
}

TEST(ParseDuration, MissingUnitIsAnError) {
  EXPECT_EQ(ErrorOf("5"),
            "invalid duration \"5\": missing unit after \"5\" (use ns, us, ms, s, m, h, d or w)");
  EXPECT_NE(ErrorOf("1h30").find("missing unit after \"30\""), std::string::npos);
  EXPECT_NE(ErrorOf("00").find("missing unit"), std::string::npos);  // only a lone "0" is ok
}

TEST(ParseDuration, NegativeIsAnError) {
  EXPECT_EQ(ErrorOf("-5m"), "invalid duration \"-5m\": negative durations are not allowed");
  EXPECT_FALSE(ParseDuration("-0").ok());
}

TEST(ParseDuration, FractionSuggestsWholeNumberInSmallerUnit) {
  EXPECT_EQ(ErrorOf("1.5s"),
            "invalid duration \"1.5s\": fractions are not allowed (write \"1500ms\" instead of "
            "\"1.5s\")");
  EXPECT_NE(ErrorOf("1.5h").find("write \"90m\""), std::string::npos);
  EXPECT_NE(ErrorOf("0.25s").find("write \"250ms\""), std::string::npos);
  EXPECT_NE(ErrorOf("2.5m").find("write \"150s\""), std::string::npos);
  EXPECT_NE(ErrorOf("1.5d").find("write \"36h\""), std::string::npos);
  EXPECT_NE(ErrorOf("1h0.5m").find("write \"30s\" instead of \"0.5m\""), std::string::npos);
  EXPECT_NE(ErrorOf("1.0s").find("write \"1s\" instead of \"1.0s\""), std::string::npos);
  EXPECT_NE(ErrorOf("1.s").find("write \"1s\" instead of \"1.s\""), std::string::npos);
}

TEST(ParseDuration, FractionWithoutExactSmallerUnitStillExplains) {
  EXPECT_EQ(ErrorOf("0.5ns"), "invalid duration \"0.5ns\": fractions are not allowed");
  EXPECT_EQ(ErrorOf("99999999999999999999.5s"),
            "invalid duration \"99999999999999999999.5s\": fractions are not allowed");
  EXPECT_EQ(ErrorOf("0.0000000001s"),
            "invalid duration \"0.0000000001s\": fractions are not allowed");
}

TEST(ParseDuration, OutOfOrderUnitsAreAnError) {
  EXPECT_EQ(ErrorOf("30m1h"),
            "invalid duration \"30m1h\": units must go from largest to smallest, but \"h\" comes "
            "after \"m\"");
  EXPECT_NE(ErrorOf("1s1m").find("\"m\" comes after \"s\""), std::string::npos);
  EXPECT_NE(ErrorOf("1ms1s").find("\"s\" comes after \"ms\""), std::string::npos);
  EXPECT_NE(ErrorOf("1d1w").find("\"w\" comes after \"d\""), std::string::npos);
}

TEST(ParseDuration, RepeatedUnitIsAnError) {
  EXPECT_EQ(ErrorOf("1m1m"), "invalid duration \"1m1m\": unit \"m\" appears more than once");
  EXPECT_NE(ErrorOf("1us1\xC2\xB5s").find("appears more than once"), std::string::npos);
}

TEST(ParseDuration, JunkIsAnError) {
  EXPECT_NE(ErrorOf("s").find("expected a number at \"s\""), std::string::npos);
  EXPECT_NE(ErrorOf("+5m").find("expected a number"), std::string::npos);
  EXPECT_NE(ErrorOf(" 5m").find("expected a number"), std::string::npos);  // callers trim
  EXPECT_NE(ErrorOf("5m ").find("unknown unit \"m \""), std::string::npos);
  EXPECT_NE(ErrorOf("5 m").find("unknown unit \" m\""), std::string::npos);
  EXPECT_FALSE(ParseDuration("1e3s").ok());
  EXPECT_FALSE(ParseDuration(".5s").ok());
}

TEST(FormatDuration, ZeroIsZeroSeconds) { EXPECT_EQ(FormatDuration(0), "0s"); }

TEST(FormatDuration, SingleUnits) {
  EXPECT_EQ(FormatDuration(1), "1ns");
  EXPECT_EQ(FormatDuration(3 * kMicrosecond), "3us");
  EXPECT_EQ(FormatDuration(250 * kMillisecond), "250ms");
  EXPECT_EQ(FormatDuration(30 * kSecond), "30s");
  EXPECT_EQ(FormatDuration(5 * kMinute), "5m");
  EXPECT_EQ(FormatDuration(kHour), "1h");
  EXPECT_EQ(FormatDuration(kDay), "1d");
}

TEST(FormatDuration, SplitsIntoTermsSkippingZeros) {
  EXPECT_EQ(FormatDuration(90 * kSecond), "1m30s");
  EXPECT_EQ(FormatDuration(1500 * kMillisecond), "1s500ms");
  EXPECT_EQ(FormatDuration(26 * kHour), "1d2h");
  EXPECT_EQ(FormatDuration(kHour + 1), "1h1ns");
}

TEST(FormatDuration, UsesWeeks) {
  EXPECT_EQ(FormatDuration(7 * kDay), "1w");
  EXPECT_EQ(FormatDuration(8 * kDay), "1w1d");
  EXPECT_EQ(FormatDuration(14 * kDay + kMinute), "2w1m");
}

TEST(FormatDuration, Extremes) {
  EXPECT_EQ(FormatDuration(std::numeric_limits<DurationNs>::max()),
            "15250w1d23h47m16s854ms775us807ns");
  EXPECT_EQ(FormatDuration(-90 * kSecond), "-1m30s");
  EXPECT_EQ(FormatDuration(std::numeric_limits<DurationNs>::min()),
            "-15250w1d23h47m16s854ms775us808ns");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (const DurationNs d : {DurationNs{1}, 999 * kMicrosecond, 90 * kSecond, 36 * kHour,
                             15 * kDay + 7, std::numeric_limits<DurationNs>::max()}) {
    const Result<DurationNs> back = ParseDuration(FormatDuration(d));
    ASSERT_TRUE(back.ok()) << FormatDuration(d);
    EXPECT_EQ(*back, d) << FormatDuration(d);
  }
  EXPECT_EQ(FormatDuration(Parsed("90m")), "1h30m");
}

}  // namespace
}  // namespace gatewatch::core
