#include "core/timestamp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "support/heap_allocation_counter.h"

namespace gatewatch::core {
namespace {

using test_support::HeapAllocations;  // tests/support: counts for the whole binary

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kSec = 1'000'000'000;
// 2023-06-10T15:36:28Z, the instant most examples below are written for.
constexpr TimestampNs kJune10 = 1686411388 * kSec;
// 2262-04-11T00:00:00Z: the first instant that is out of range.
constexpr TimestampNs kLimit = 9223286400 * kSec;

std::optional<TimestampNs> Rfc(std::string_view text) {
  return ParseTimestamp(text, TimeFormat::kRfc3339);
}
std::optional<TimestampNs> Clf(std::string_view text) {
  return ParseTimestamp(text, TimeFormat::kClf);
}
std::optional<TimestampNs> Auto(std::string_view text) {
  return ParseTimestamp(text, TimeFormat::kAuto);
}

// --- names ---

TEST(TimeFormatFromName, CanonicalNamesRoundTrip) {
  for (TimeFormat f :
       {TimeFormat::kAuto, TimeFormat::kRfc3339, TimeFormat::kClf, TimeFormat::kEpochS,
        TimeFormat::kEpochMs, TimeFormat::kEpochUs, TimeFormat::kEpochNs}) {
    EXPECT_EQ(TimeFormatFromName(TimeFormatName(f)), f) << TimeFormatName(f);
  }
  EXPECT_EQ(TimeFormatName(TimeFormat::kAuto), "auto");
  EXPECT_EQ(TimeFormatName(TimeFormat::kRfc3339), "rfc3339");
  EXPECT_EQ(TimeFormatName(TimeFormat::kClf), "clf");
  EXPECT_EQ(TimeFormatName(TimeFormat::kEpochS), "epoch_s");
  EXPECT_EQ(TimeFormatName(TimeFormat::kEpochMs), "epoch_ms");
  EXPECT_EQ(TimeFormatName(TimeFormat::kEpochUs), "epoch_us");
  EXPECT_EQ(TimeFormatName(TimeFormat::kEpochNs), "epoch_ns");
}

TEST(TimeFormatFromName, SecondsAliases) {
  EXPECT_EQ(TimeFormatFromName("msec"), TimeFormat::kEpochS);
  EXPECT_EQ(TimeFormatFromName("unix"), TimeFormat::kEpochS);
  EXPECT_EQ(TimeFormatFromName("epoch"), TimeFormat::kEpochS);
}

TEST(TimeFormatFromName, UnknownNamesAreRejected) {
  EXPECT_EQ(TimeFormatFromName(""), std::nullopt);
  EXPECT_EQ(TimeFormatFromName("iso8601"), std::nullopt);
  EXPECT_EQ(TimeFormatFromName("RFC3339"), std::nullopt);
  EXPECT_EQ(TimeFormatFromName("epoch_s "), std::nullopt);
  EXPECT_EQ(TimeFormatFromName("ms"), std::nullopt);
}

// --- RFC 3339 ---

TEST(ParseTimestamp, Rfc3339Utc) {
  EXPECT_EQ(Rfc("2023-06-10T15:36:28Z"), kJune10);
  EXPECT_EQ(Rfc("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Rfc("2000-02-29T12:00:00Z"), 951825600 * kSec);
}

TEST(ParseTimestamp, Rfc3339SeparatorsAndLowercase) {
  EXPECT_EQ(Rfc("2023-06-10 15:36:28Z"), kJune10);
  EXPECT_EQ(Rfc("2023-06-10t15:36:28z"), kJune10);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28z"), kJune10);
  EXPECT_EQ(Rfc("2023-06-10_15:36:28Z"), std::nullopt);
}

TEST(ParseTimestamp, Rfc3339WithoutOffsetIsUtc) {
  EXPECT_EQ(Rfc("2023-06-10T15:36:28"), kJune10);
  EXPECT_EQ(Rfc("2023-06-10 15:36:28.250"), kJune10 + 250 * kMs);
}

TEST(ParseTimestamp, Rfc3339PositiveOffsetWithFraction) {
  EXPECT_EQ(Rfc("2023-06-10T17:36:28.5+02:00"), kJune10 + 500 * kMs);
}

TEST(ParseTimestamp, Rfc3339OffsetForms) {
  EXPECT_EQ(Rfc("2023-06-10T17:36:28+0200"), kJune10);
  EXPECT_EQ(Rfc("2023-06-10T10:06:28-05:30"), kJune10);
  EXPECT_EQ(Rfc("2023-06-10T10:06:28-0530"), kJune10);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28+00:00"), kJune10);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28-00:00"), kJune10);
  EXPECT_EQ(Rfc("2023-06-11T05:36:28+14:00"), kJune10);
}

TEST(ParseTimestamp, Rfc3339BadOffsetsAreRejected) {
  EXPECT_EQ(Rfc("2023-06-10T17:36:28+02"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T17:36:28+2:00"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T17:36:28+02:0"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T17:36:28+24:00"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T17:36:28+02:60"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T17:36:28+02:00Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T17:36:28ZZ"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T17:36:28 +02:00"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T17:36:28UTC"), std::nullopt);
}

TEST(ParseTimestamp, Rfc3339FractionDigits) {
  EXPECT_EQ(Rfc("2023-06-10T15:36:28.1Z"), kJune10 + 100 * kMs);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28.000001Z"), kJune10 + 1000);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28.123456789Z"), kJune10 + 123456789);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28.000000001Z"), kJune10 + 1);
}

TEST(ParseTimestamp, Rfc3339FractionBeyondNanosecondsIsTruncated) {
  EXPECT_EQ(Rfc("2023-06-10T15:36:28.1234567899Z"), kJune10 + 123456789);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28.99999999999999999999Z"), kJune10 + 999999999);
}

TEST(ParseTimestamp, Rfc3339EmptyOrCommaFractionIsRejected) {
  EXPECT_EQ(Rfc("2023-06-10T15:36:28.Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28."), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28,5Z"), std::nullopt);
}

TEST(ParseTimestamp, Rfc3339LeapDays) {
  EXPECT_EQ(Rfc("2024-02-29T00:00:00Z"), 1709164800 * kSec);
  EXPECT_EQ(Rfc("2000-02-29T00:00:00Z"), 951782400 * kSec);  // divisible by 400: leap
  EXPECT_EQ(Rfc("2023-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(Rfc("2100-02-29T00:00:00Z"), std::nullopt);  // divisible by 100: not leap
  EXPECT_EQ(Rfc("2100-03-01T00:00:00Z"), 4107542400 * kSec);
  EXPECT_EQ(Rfc("2024-02-30T00:00:00Z"), std::nullopt);
}

TEST(ParseTimestamp, Rfc3339FieldRanges) {
  EXPECT_EQ(Rfc("2023-13-10T15:36:28Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-00-10T15:36:28Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-00T15:36:28Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-31T15:36:28Z"), std::nullopt);  // June has 30 days
  EXPECT_EQ(Rfc("2023-04-31T15:36:28Z"), std::nullopt);
  EXPECT_NE(Rfc("2023-12-31T23:59:59Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T24:00:00Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T15:60:28Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T15:36:61Z"), std::nullopt);
}

TEST(ParseTimestamp, Rfc3339LeapSecondClampsTo59) {
  EXPECT_EQ(Rfc("2016-12-31T23:59:60Z"), 1483228799 * kSec);
  EXPECT_EQ(Rfc("2016-12-31T23:59:60.5Z"), 1483228799 * kSec + 500 * kMs);
}

TEST(ParseTimestamp, Rfc3339Before1970IsRejected) {
  EXPECT_EQ(Rfc("1969-12-31T23:59:59Z"), std::nullopt);
  EXPECT_EQ(Rfc("1969-12-31T23:59:59.999999999Z"), std::nullopt);
  EXPECT_EQ(Rfc("0000-01-01T00:00:00Z"), std::nullopt);
  // An offset can move a 1970 wall time before the epoch, or a 1969 one after it.
  EXPECT_EQ(Rfc("1970-01-01T00:30:00+01:00"), std::nullopt);
  EXPECT_EQ(Rfc("1970-01-01T00:30:00-01:00"), 5400 * kSec);
  EXPECT_EQ(Rfc("1969-12-31T23:30:00-01:00"), 1800 * kSec);
}

TEST(ParseTimestamp, Rfc3339Year2262LimitIsRejected) {
  EXPECT_EQ(Rfc("2262-04-10T23:59:59.999999999Z"), kLimit - 1);
  EXPECT_EQ(Rfc("2262-04-11T00:00:00Z"), std::nullopt);
  EXPECT_EQ(Rfc("2262-12-31T00:00:00Z"), std::nullopt);
  EXPECT_EQ(Rfc("9999-12-31T23:59:59Z"), std::nullopt);
  EXPECT_EQ(Rfc("2262-04-11T01:00:00+02:00"), kLimit - 3600 * kSec);
}

TEST(ParseTimestamp, Rfc3339MalformedIsRejected) {
  EXPECT_EQ(Rfc(""), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T15:36"), std::nullopt);
  EXPECT_EQ(Rfc("2023-6-10T15:36:28Z"), std::nullopt);
  EXPECT_EQ(Rfc("23-06-10T15:36:28Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023/06/10T15:36:28Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T15.36.28Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-1OT15:36:28Z"), std::nullopt);  // letter O
  EXPECT_EQ(Rfc("+2023-06-10T15:36:28Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28Zjunk"), std::nullopt);
}

TEST(ParseTimestamp, SurroundingWhitespaceIsRejected) {
  EXPECT_EQ(Rfc(" 2023-06-10T15:36:28Z"), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28Z "), std::nullopt);
  EXPECT_EQ(Rfc("2023-06-10T15:36:28\n"), std::nullopt);
  EXPECT_EQ(Clf(" 10/Jun/2023:15:36:28 +0000"), std::nullopt);
  EXPECT_EQ(Auto("1686411388 "), std::nullopt);
  EXPECT_EQ(ParseTimestamp(" 1686411388", TimeFormat::kEpochS), std::nullopt);
}

// --- CLF ---

TEST(ParseTimestamp, ClfUtc) { EXPECT_EQ(Clf("10/Jun/2023:15:36:28 +0000"), kJune10); }

TEST(ParseTimestamp, ClfWithNegativeOffset) {
  EXPECT_EQ(Clf("10/Jun/2023:08:36:28 -0700"), kJune10);
  EXPECT_EQ(Clf("10/Jun/2023:10:06:28 -0530"), kJune10);
}

TEST(ParseTimestamp, ClfWithPositiveOffsetCrossingMidnight) {
  EXPECT_EQ(Clf("11/Jun/2023:00:36:28 +0900"), kJune10);
}

TEST(ParseTimestamp, ClfMonthIsCaseInsensitive) {
  EXPECT_EQ(Clf("10/jun/2023:15:36:28 +0000"), kJune10);
  EXPECT_EQ(Clf("10/JUN/2023:15:36:28 +0000"), kJune10);
  EXPECT_EQ(Clf("10/jUn/2023:15:36:28 +0000"), kJune10);
}

TEST(ParseTimestamp, ClfEveryMonthMatchesRfc3339) {
  const char* const kNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int m = 1; m <= 12; ++m) {
    const std::string clf = std::string("28/") + kNames[m - 1] + "/2023:12:00:00 +0000";
    const std::string rfc =
        "2023-" + std::string(m < 10 ? "0" : "") + std::to_string(m) + "-28T12:00:00Z";
    const std::optional<TimestampNs> want = Rfc(rfc);
    ASSERT_TRUE(want.has_value()) << rfc;
    EXPECT_EQ(Clf(clf), want) << clf;
  }
}

TEST(ParseTimestamp, ClfRejectsBadMonthsAndDates) {
  EXPECT_EQ(Clf("10/Jux/2023:15:36:28 +0000"), std::nullopt);
  EXPECT_EQ(Clf("10/June/2023:15:36:28 +0000"), std::nullopt);
  EXPECT_EQ(Clf("10/06/2023:15:36:28 +0000"), std::nullopt);
  EXPECT_EQ(Clf("29/Feb/2023:15:36:28 +0000"), std::nullopt);
  EXPECT_EQ(Clf("29/Feb/2024:15:36:28 +0000"), Rfc("2024-02-29T15:36:28Z"));
  EXPECT_EQ(Clf("31/Apr/2023:15:36:28 +0000"), std::nullopt);
  EXPECT_EQ(Clf("00/Jun/2023:15:36:28 +0000"), std::nullopt);
  EXPECT_EQ(Clf("10/Jun/2023:25:36:28 +0000"), std::nullopt);
  EXPECT_EQ(Clf("31/Dec/1969:23:59:59 +0000"), std::nullopt);
  EXPECT_EQ(Clf("11/Apr/2262:00:00:00 +0000"), std::nullopt);
}

TEST(ParseTimestamp, ClfRejectsOtherShapes) {
  EXPECT_EQ(Clf("10/Jun/2023:15:36:28"), std::nullopt);  // the offset is required
  EXPECT_EQ(Clf("10/Jun/2023:15:36:28 +00:00"), std::nullopt);
  EXPECT_EQ(Clf("10/Jun/2023:15:36:28 0000"), std::nullopt);
  EXPECT_EQ(Clf("10/Jun/2023:15:36:28 Z"), std::nullopt);
  EXPECT_EQ(Clf("[10/Jun/2023:15:36:28 +0000]"), std::nullopt);  // callers strip brackets
  EXPECT_EQ(Clf("1/Jun/2023:15:36:28 +0000"), std::nullopt);
  EXPECT_EQ(Clf("10/Jun/2023 15:36:28 +0000"), std::nullopt);
  EXPECT_EQ(Clf("2023-06-10T15:36:28Z"), std::nullopt);
  EXPECT_EQ(Rfc("10/Jun/2023:15:36:28 +0000"), std::nullopt);
}

// --- epoch numbers as text ---

TEST(ParseTimestamp, EpochSecondsInteger) {
  EXPECT_EQ(ParseTimestamp("1686411388", TimeFormat::kEpochS), kJune10);
  EXPECT_EQ(ParseTimestamp("0", TimeFormat::kEpochS), 0);
  EXPECT_EQ(ParseTimestamp("0001686411388", TimeFormat::kEpochS), kJune10);
}

TEST(ParseTimestamp, EpochSecondsFractionIsExact) {
  // NGINX $msec; must not go through double (1686411388.123 is not representable).
  EXPECT_EQ(ParseTimestamp("1686411388.123", TimeFormat::kEpochS), kJune10 + 123 * kMs);
  EXPECT_EQ(ParseTimestamp("1686411388.123456789", TimeFormat::kEpochS), kJune10 + 123456789);
  EXPECT_EQ(ParseTimestamp("1686411388.1234567899", TimeFormat::kEpochS), kJune10 + 123456789);
  EXPECT_EQ(ParseTimestamp("1686411388.000000001", TimeFormat::kEpochS), kJune10 + 1);
}

TEST(ParseTimestamp, EpochSmallerUnits) {
  EXPECT_EQ(ParseTimestamp("1686411388123", TimeFormat::kEpochMs), kJune10 + 123 * kMs);
  EXPECT_EQ(ParseTimestamp("1686411388123.456", TimeFormat::kEpochMs), kJune10 + 123456000);
  EXPECT_EQ(ParseTimestamp("1686411388123.4567", TimeFormat::kEpochMs), kJune10 + 123456700);
  EXPECT_EQ(ParseTimestamp("1686411388123456", TimeFormat::kEpochUs), kJune10 + 123456000);
  EXPECT_EQ(ParseTimestamp("1686411388123456.789", TimeFormat::kEpochUs), kJune10 + 123456789);
  EXPECT_EQ(ParseTimestamp("1686411388123456.7899", TimeFormat::kEpochUs), kJune10 + 123456789);
  EXPECT_EQ(ParseTimestamp("1686411388123456789", TimeFormat::kEpochNs), kJune10 + 123456789);
  EXPECT_EQ(ParseTimestamp("1686411388123456789.9", TimeFormat::kEpochNs), kJune10 + 123456789);
}

TEST(ParseTimestamp, EpochTheUnitIsWhatTheFormatSays) {
  // No magnitude guessing outside kAuto: a millisecond count read as seconds is out of range.
  EXPECT_EQ(ParseTimestamp("1686411388123", TimeFormat::kEpochS), std::nullopt);
  EXPECT_EQ(ParseTimestamp("1686411388", TimeFormat::kEpochMs), 1686411388 * kMs);
  EXPECT_EQ(ParseTimestamp("1686411388", TimeFormat::kEpochNs), 1686411388);
}

TEST(ParseTimestamp, EpochUpperLimit) {
  EXPECT_EQ(ParseTimestamp("9223286399", TimeFormat::kEpochS), kLimit - kSec);
  EXPECT_EQ(ParseTimestamp("9223286399.999999999", TimeFormat::kEpochS), kLimit - 1);
  EXPECT_EQ(ParseTimestamp("9223286400", TimeFormat::kEpochS), std::nullopt);
  EXPECT_EQ(ParseTimestamp("9223286399999", TimeFormat::kEpochMs), kLimit - kMs);
  EXPECT_EQ(ParseTimestamp("9223286400000", TimeFormat::kEpochMs), std::nullopt);
  EXPECT_EQ(ParseTimestamp("9223286399999999999", TimeFormat::kEpochNs), kLimit - 1);
  EXPECT_EQ(ParseTimestamp("9223286400000000000", TimeFormat::kEpochNs), std::nullopt);
  EXPECT_EQ(ParseTimestamp("9223372036854775807", TimeFormat::kEpochNs), std::nullopt);
  EXPECT_EQ(ParseTimestamp("18446744073709551616", TimeFormat::kEpochNs), std::nullopt);
  EXPECT_EQ(ParseTimestamp("99999999999999999999999999999", TimeFormat::kEpochS), std::nullopt);
}

TEST(ParseTimestamp, EpochMalformedIsRejected) {
  for (std::string_view bad : {"", "-1", "+1", "1686411388.", ".5", "1.2.3", "1e9", "0x10",
                               "1686411388,123", "1686411388Z", "１２３"}) {
    EXPECT_EQ(ParseTimestamp(bad, TimeFormat::kEpochS), std::nullopt) << bad;
    EXPECT_EQ(ParseTimestamp(bad, TimeFormat::kEpochMs), std::nullopt) << bad;
  }
}

// --- auto detection ---

TEST(ParseTimestamp, AutoDetectsEpochUnitByMagnitude) {
  EXPECT_EQ(Auto("1686411388"), kJune10);
  EXPECT_EQ(Auto("1686411388123"), kJune10 + 123 * kMs);
  EXPECT_EQ(Auto("1686411388123456"), kJune10 + 123456000);
  EXPECT_EQ(Auto("1686411388123456789"), kJune10 + 123456789);
  EXPECT_EQ(Auto("1686411388.123"), kJune10 + 123 * kMs);
  EXPECT_EQ(Auto("1686411388123.5"), kJune10 + 123500000);
  EXPECT_EQ(Auto("0"), 0);
  EXPECT_EQ(Auto("2023"), 2023 * kSec);  // a bare year is a tiny epoch; policy is the caller's
}

TEST(ParseTimestamp, AutoMagnitudeBoundaries) {
  // Just below 1e11 is seconds (and past 2262); 1e11 itself is milliseconds.
  EXPECT_EQ(Auto("99999999999"), std::nullopt);
  EXPECT_EQ(Auto("100000000000"), 100000000000 * kMs);
  EXPECT_EQ(Auto("99999999999999"), std::nullopt);  // ms, past 2262
  EXPECT_EQ(Auto("100000000000000"), 100000000000000 * 1000);
  EXPECT_EQ(Auto("99999999999999999"), std::nullopt);  // us, past 2262
  EXPECT_EQ(Auto("100000000000000000"), 100000000000000000);
  EXPECT_EQ(Auto("99999999999.5"), std::nullopt);  // the integer part decides the unit
}

TEST(ParseTimestamp, AutoDetectsClfAndRfc3339) {
  EXPECT_EQ(Auto("10/Jun/2023:15:36:28 +0000"), kJune10);
  EXPECT_EQ(Auto("10/Jun/2023:08:36:28 -0700"), kJune10);
  EXPECT_EQ(Auto("2023-06-10T15:36:28Z"), kJune10);
  EXPECT_EQ(Auto("2023-06-10T17:36:28.5+02:00"), kJune10 + 500 * kMs);
  EXPECT_EQ(Auto("2023-06-10 15:36:28"), kJune10);
}

TEST(ParseTimestamp, AutoRejectsEverythingElse) {
  for (std::string_view bad : {"", ".", "1.2.3", "-1686411388", "now", "10/Jun", "2023-06-10",
                               "Sat, 10 Jun 2023 15:36:28 GMT", "1686411388ms"}) {
    EXPECT_EQ(Auto(bad), std::nullopt) << bad;
  }
}

// --- numbers from JSON ---

TEST(TimestampFromInteger, EachUnit) {
  EXPECT_EQ(TimestampFromInteger(1686411388, TimeFormat::kEpochS), kJune10);
  EXPECT_EQ(TimestampFromInteger(1686411388123, TimeFormat::kEpochMs), kJune10 + 123 * kMs);
  EXPECT_EQ(TimestampFromInteger(1686411388123456, TimeFormat::kEpochUs), kJune10 + 123456000);
  EXPECT_EQ(TimestampFromInteger(1686411388123456789, TimeFormat::kEpochNs), kJune10 + 123456789);
  EXPECT_EQ(TimestampFromInteger(0, TimeFormat::kEpochS), 0);
}

TEST(TimestampFromInteger, AutoGuessesUnit) {
  EXPECT_EQ(TimestampFromInteger(1686411388, TimeFormat::kAuto), kJune10);
  EXPECT_EQ(TimestampFromInteger(1686411388123, TimeFormat::kAuto), kJune10 + 123 * kMs);
  EXPECT_EQ(TimestampFromInteger(1686411388123456, TimeFormat::kAuto), kJune10 + 123456000);
  EXPECT_EQ(TimestampFromInteger(1686411388123456789, TimeFormat::kAuto), kJune10 + 123456789);
}

TEST(TimestampFromInteger, OutOfRangeIsRejected) {
  EXPECT_EQ(TimestampFromInteger(-1, TimeFormat::kEpochS), std::nullopt);
  EXPECT_EQ(TimestampFromInteger(-1686411388, TimeFormat::kAuto), std::nullopt);
  EXPECT_EQ(TimestampFromInteger(std::numeric_limits<int64_t>::min(), TimeFormat::kAuto),
            std::nullopt);
  EXPECT_EQ(TimestampFromInteger(9223286400, TimeFormat::kEpochS), std::nullopt);
  EXPECT_EQ(TimestampFromInteger(9223286399, TimeFormat::kEpochS), kLimit - kSec);
  EXPECT_EQ(TimestampFromInteger(std::numeric_limits<int64_t>::max(), TimeFormat::kEpochNs),
            std::nullopt);
  EXPECT_EQ(TimestampFromInteger(std::numeric_limits<int64_t>::max(), TimeFormat::kEpochS),
            std::nullopt);
}

TEST(TimestampFromInteger, TextFormatsRejectNumbers) {
  EXPECT_EQ(TimestampFromInteger(1686411388, TimeFormat::kRfc3339), std::nullopt);
  EXPECT_EQ(TimestampFromInteger(1686411388, TimeFormat::kClf), std::nullopt);
}

TEST(TimestampFromNumber, FractionalSecondsKeepTheirDecimalDigits) {
  // 1686411388.123 as a double is 1686411388.12299990654...; the result is what JSON said.
  EXPECT_EQ(TimestampFromNumber(1686411388.123, TimeFormat::kEpochS), kJune10 + 123 * kMs);
  EXPECT_EQ(TimestampFromNumber(1686411388.123, TimeFormat::kAuto), kJune10 + 123 * kMs);
  EXPECT_EQ(TimestampFromNumber(1686411388.1234567, TimeFormat::kEpochS), kJune10 + 123456700);
  EXPECT_EQ(TimestampFromNumber(1686411388.5, TimeFormat::kEpochS), kJune10 + 500 * kMs);
}

TEST(TimestampFromNumber, WholeNumbersInEachUnit) {
  EXPECT_EQ(TimestampFromNumber(1686411388.0, TimeFormat::kAuto), kJune10);
  EXPECT_EQ(TimestampFromNumber(1686411388123.0, TimeFormat::kAuto), kJune10 + 123 * kMs);
  EXPECT_EQ(TimestampFromNumber(1686411388123.456, TimeFormat::kEpochMs), kJune10 + 123456000);
  EXPECT_EQ(TimestampFromNumber(1686411388123456.0, TimeFormat::kEpochUs), kJune10 + 123456000);
  EXPECT_EQ(TimestampFromNumber(1686411388123456.0, TimeFormat::kAuto), kJune10 + 123456000);
}

TEST(TimestampFromNumber, NanosecondsBeyondDoublePrecisionAreClose) {
  // Doubles near 1.7e18 are 256 apart, so only closeness can be asked for.
  const std::optional<TimestampNs> t =
      TimestampFromNumber(1686411388123456789.0, TimeFormat::kAuto);
  ASSERT_TRUE(t.has_value());
  EXPECT_LE(std::llabs(*t - (kJune10 + 123456789)), 256);
}

TEST(TimestampFromNumber, SmallValues) {
  EXPECT_EQ(TimestampFromNumber(0.0, TimeFormat::kAuto), 0);
  EXPECT_EQ(TimestampFromNumber(-0.0, TimeFormat::kEpochS), 0);
  EXPECT_EQ(TimestampFromNumber(0.5, TimeFormat::kEpochS), 500 * kMs);
  EXPECT_EQ(TimestampFromNumber(0.5, TimeFormat::kEpochMs), 500000);
  EXPECT_EQ(TimestampFromNumber(1.0, TimeFormat::kEpochS), kSec);
  EXPECT_EQ(TimestampFromNumber(5e-324, TimeFormat::kEpochS), 0);
}

TEST(TimestampFromNumber, OutOfRangeAndNonFiniteAreRejected) {
  EXPECT_EQ(TimestampFromNumber(-1.0, TimeFormat::kEpochS), std::nullopt);
  EXPECT_EQ(TimestampFromNumber(-0.5, TimeFormat::kAuto), std::nullopt);
  EXPECT_EQ(TimestampFromNumber(9223286400.0, TimeFormat::kEpochS), std::nullopt);
  EXPECT_EQ(TimestampFromNumber(9223286399.5, TimeFormat::kEpochS), kLimit - 500 * kMs);
  EXPECT_EQ(TimestampFromNumber(1e19, TimeFormat::kEpochNs), std::nullopt);
  EXPECT_EQ(TimestampFromNumber(1e300, TimeFormat::kAuto), std::nullopt);
  EXPECT_EQ(TimestampFromNumber(std::numeric_limits<double>::infinity(), TimeFormat::kAuto),
            std::nullopt);
  EXPECT_EQ(TimestampFromNumber(std::nan(""), TimeFormat::kAuto), std::nullopt);
}

TEST(TimestampFromNumber, TextFormatsRejectNumbers) {
  EXPECT_EQ(TimestampFromNumber(1686411388.0, TimeFormat::kRfc3339), std::nullopt);
  EXPECT_EQ(TimestampFromNumber(1686411388.0, TimeFormat::kClf), std::nullopt);
}

// --- formatting ---

TEST(FormatRfc3339, WholeSecondsHaveNoFraction) {
  EXPECT_EQ(FormatRfc3339(kJune10), "2023-06-10T15:36:28Z");
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(1709164800 * kSec), "2024-02-29T00:00:00Z");
}

TEST(FormatRfc3339, FractionIsTrimmedOfTrailingZeros) {
  EXPECT_EQ(FormatRfc3339(kJune10 + 123 * kMs), "2023-06-10T15:36:28.123Z");
  EXPECT_EQ(FormatRfc3339(kJune10 + 500 * kMs), "2023-06-10T15:36:28.5Z");
  EXPECT_EQ(FormatRfc3339(kJune10 + 1), "2023-06-10T15:36:28.000000001Z");
  EXPECT_EQ(FormatRfc3339(kJune10 + 123456789), "2023-06-10T15:36:28.123456789Z");
  EXPECT_EQ(FormatRfc3339(kJune10 + 10000), "2023-06-10T15:36:28.00001Z");
}

TEST(FormatRfc3339, ExtremesOfInt64) {
  EXPECT_EQ(FormatRfc3339(std::numeric_limits<int64_t>::max()), "2262-04-11T23:47:16.854775807Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(FormatRfc3339(std::numeric_limits<int64_t>::min()), "1677-09-21T00:12:43.145224192Z");
}

TEST(FormatRfc3339, RoundTripsThroughParse) {
  for (TimestampNs t : {TimestampNs{0}, kJune10, kJune10 + 1, kJune10 + 120 * kMs, kLimit - 1,
                        951782400 * kSec - 1}) {
    EXPECT_EQ(Rfc(FormatRfc3339(t)), t) << FormatRfc3339(t);
  }
}

// Walks every day from 1970 to 2262 through format and parse, checking days_from_civil against
// its inverse on every month length and leap rule in range.
TEST(FormatRfc3339, EveryDayRoundTrips) {
  for (int64_t day = 0; day < 106751; ++day) {
    const TimestampNs t = day * 86400 * kSec + 43200 * kSec;
    const std::string text = FormatRfc3339(t);
    ASSERT_EQ(Rfc(text), t) << text;
  }
}

// Guards the no-allocation tests against a counter that silently stopped counting.
TEST(HeapAllocationCounter, SeesAllocations) {
  if (HeapAllocations() < 0) GTEST_SKIP() << "allocation counting is off under sanitizers";
  const int64_t before = HeapAllocations();
  const std::string text = FormatRfc3339(kJune10 + 1);  // longer than the small-string buffer
  const int64_t after = HeapAllocations();
  EXPECT_GT(after - before, 0);
  EXPECT_EQ(text.size(), 30u);
}

TEST(ParseTimestamp, DoesNotAllocate) {
  if (HeapAllocations() < 0) GTEST_SKIP() << "allocation counting is off under sanitizers";
  const int64_t before = HeapAllocations();
  const auto a = Rfc("2023-06-10T17:36:28.123456789+02:00");
  const auto b = Clf("10/Jun/2023:15:36:28 +0000");
  const auto c = Auto("1686411388.123");
  const auto d = Auto("1686411388123");
  const auto e = Rfc("not a timestamp at all, but quite long so SSO would not cover it");
  const auto f = TimestampFromNumber(1686411388.123, TimeFormat::kAuto);
  const auto g = TimestampFromInteger(1686411388123, TimeFormat::kAuto);
  const int64_t after = HeapAllocations();
  EXPECT_EQ(after - before, 0);
  EXPECT_TRUE(a && b && c && d && !e && f && g);
}

}  // namespace
}  // namespace gatewatch::core
