#include "core/timestamp.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace gatewatch::core {
namespace {

inline constexpr int64_t kNsPerSecond = 1'000'000'000;
inline constexpr int64_t kSecondsPerDay = 86'400;

// Days from 1970-01-01 to the proleptic Gregorian date y-m-d (Howard Hinnant's days_from_civil,
// https://howardhinnant.github.io/date_algorithms.html). Eras are 400-year cycles starting on
// March 1st, so that the leap day is the last day of a "year".
constexpr int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                          // [0, 399]
  const int64_t mp = m > 2 ? m - 3 : m + 9;                   // March = 0
  const int64_t doy = (153 * mp + 2) / 5 + d - 1;             // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  // [0, 146096]
  return era * 146097 + doe - 719468;
}

struct CivilDate {
  int64_t year;
  int month;
  int day;
};

// The inverse of DaysFromCivil (Hinnant's civil_from_days).
constexpr CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                       // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

// Timestamps are accepted in [1970-01-01, 2262-04-11): from the epoch up to the last whole day
// that int64 nanoseconds can hold (the maximum is 2262-04-11T23:47:16.854775807Z).
inline constexpr int64_t kLimitDays = DaysFromCivil(2262, 4, 11);
inline constexpr int64_t kLimitSeconds = kLimitDays * kSecondsPerDay;
inline constexpr int64_t kLimitNs = kLimitSeconds * kNsPerSecond;
static_assert(kLimitDays == 106751);
static_assert(DaysFromCivil(1970, 1, 1) == 0);
static_assert(DaysFromCivil(2000, 3, 1) == 11017);

bool IsLeapYear(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at text[pos]; false if any is not a digit or the text is too short.
bool ReadDigits(std::string_view text, size_t pos, size_t n, int* out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(text[i])) return false;
    v = v * 10 + (text[i] - '0');
  }
  *out = v;
  return true;
}

// Date and time of day as written, before the UTC offset is applied.
struct CivilTime {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int64_t nanos = 0;       // fraction of the second
  int offset_seconds = 0;  // east of UTC is positive
};

// Range-checks the fields and converts to nanoseconds since the epoch.
std::optional<TimestampNs> ToTimestamp(CivilTime t) {
  if (t.month < 1 || t.month > 12) return std::nullopt;
  if (t.day < 1 || t.day > DaysInMonth(t.year, t.month)) return std::nullopt;
  if (t.hour > 23 || t.minute > 59 || t.second > 60) return std::nullopt;
  // A leap second (23:59:60) has no POSIX time of its own; it is read as the second before.
  if (t.second == 60) t.second = 59;
  const int64_t seconds = DaysFromCivil(t.year, t.month, t.day) * kSecondsPerDay + t.hour * 3600 +
                          t.minute * 60 + t.second - t.offset_seconds;
  if (seconds < 0 || seconds >= kLimitSeconds) return std::nullopt;
  return seconds * kNsPerSecond + t.nanos;
}

// Reads ".ddd" at text[*pos] if present: 1 or more digits, of which the first 9 count (the rest
// are truncated). Returns false for a '.' without digits.
bool ReadFraction(std::string_view text, size_t* pos, int64_t* nanos) {
  *nanos = 0;
  if (*pos >= text.size() || text[*pos] != '.') return true;
  size_t i = *pos + 1;
  int64_t scale = 100'000'000;
  while (i < text.size() && IsDigit(text[i])) {
    *nanos += (text[i] - '0') * scale;
    scale /= 10;
    ++i;
  }
  if (i == *pos + 1) return false;
  *pos = i;
  return true;
}

// "+HH:MM", "+HHMM" or "-..." starting at text[pos], running to the end of the text.
bool ReadNumericOffset(std::string_view text, size_t pos, int* offset_seconds) {
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
  const int sign = text[pos] == '-' ? -1 : 1;
  int hh = 0;
  int mm = 0;
  if (!ReadDigits(text, pos + 1, 2, &hh)) return false;
  size_t mm_pos = pos + 3;
  if (mm_pos < text.size() && text[mm_pos] == ':') ++mm_pos;
  if (!ReadDigits(text, mm_pos, 2, &mm) || mm_pos + 2 != text.size()) return false;
  if (hh > 23 || mm > 59) return false;
  *offset_seconds = sign * (hh * 3600 + mm * 60);
  return true;
}

// 2023-06-10T15:36:28.123456789+02:00 (see TimeFormat::kRfc3339).
std::optional<TimestampNs> ParseRfc3339(std::string_view text) {
  CivilTime t;
  if (text.size() < 19 || !ReadDigits(text, 0, 4, &t.year) || text[4] != '-' ||
      !ReadDigits(text, 5, 2, &t.month) || text[7] != '-' || !ReadDigits(text, 8, 2, &t.day)) {
    return std::nullopt;
  }
  const char sep = text[10];
  if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
  if (!ReadDigits(text, 11, 2, &t.hour) || text[13] != ':' || !ReadDigits(text, 14, 2, &t.minute) ||
      text[16] != ':' || !ReadDigits(text, 17, 2, &t.second)) {
    return std::nullopt;
  }
  size_t pos = 19;
  if (!ReadFraction(text, &pos, &t.nanos)) return std::nullopt;
  if (pos == text.size()) {
    // No offset: some logs omit it; it is read as UTC.
  } else if (text[pos] == 'Z' || text[pos] == 'z') {
    if (pos + 1 != text.size()) return std::nullopt;
  } else if (!ReadNumericOffset(text, pos, &t.offset_seconds)) {
    return std::nullopt;
  }
  return ToTimestamp(t);
}

// "Jun" (any case) -> 6, or 0.
int MonthFromAbbreviation(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (text.size() != 3) return 0;
  char lower[3];
  for (size_t i = 0; i < 3; ++i) {
    const char c = text[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view key(lower, 3);
  for (int i = 0; i < 12; ++i) {
    if (kMonths[i] == key) return i + 1;
  }
  return 0;
}

// 10/Jun/2023:15:36:28 +0000 (see TimeFormat::kClf).
std::optional<TimestampNs> ParseClf(std::string_view text) {
  CivilTime t;
  if (text.size() != 26 || !ReadDigits(text, 0, 2, &t.day) || text[2] != '/' || text[6] != '/' ||
      !ReadDigits(text, 7, 4, &t.year) || text[11] != ':' || !ReadDigits(text, 12, 2, &t.hour) ||
      text[14] != ':' || !ReadDigits(text, 15, 2, &t.minute) || text[17] != ':' ||
      !ReadDigits(text, 18, 2, &t.second) || text[20] != ' ') {
    return std::nullopt;
  }
  t.month = MonthFromAbbreviation(text.substr(3, 3));
  if (t.month == 0) return std::nullopt;
  // The offset is always "+HHMM" in CLF; ReadNumericOffset also allows a colon, which the fixed
  // length above rules out.
  if (!ReadNumericOffset(text, 21, &t.offset_seconds)) return std::nullopt;
  return ToTimestamp(t);
}

// Nanoseconds in one unit of an epoch format; 0 for kAuto (decided by magnitude).
int64_t EpochUnitNs(TimeFormat format) {
  switch (format) {
    case TimeFormat::kEpochS:
      return kNsPerSecond;
    case TimeFormat::kEpochMs:
      return 1'000'000;
    case TimeFormat::kEpochUs:
      return 1'000;
    case TimeFormat::kEpochNs:
      return 1;
    default:
      return 0;
  }
}

// The unit kAuto assumes for an epoch number whose integer part is `whole`.
int64_t GuessEpochUnitNs(uint64_t whole) {
  if (whole < 100'000'000'000ULL) return kNsPerSecond;  // < 1e11: until the year 5138
  if (whole < 100'000'000'000'000ULL) return 1'000'000;
  if (whole < 100'000'000'000'000'000ULL) return 1'000;
  return 1;
}

// Combines an epoch number's integer part and fraction (in billionths of one unit) into
// nanoseconds, or nullopt past the limit. `unit_ns` 0 means guess from the magnitude.
std::optional<TimestampNs> EpochToTimestamp(uint64_t whole, int64_t frac_billionths,
                                            int64_t unit_ns) {
  if (unit_ns == 0) unit_ns = GuessEpochUnitNs(whole);
  // kLimitNs is a whole number of seconds, so every unit divides it: a whole part below
  // kLimitNs / unit_ns stays below the limit with any fraction added.
  if (whole >= static_cast<uint64_t>(kLimitNs / unit_ns)) return std::nullopt;
  // The fraction is truncated to whole nanoseconds (digits beyond the unit's precision are
  // dropped, e.g. the ".5" of "1686411388123456789.5" in nanoseconds).
  const int64_t frac_ns = frac_billionths * unit_ns / kNsPerSecond;
  return static_cast<int64_t>(whole) * unit_ns + frac_ns;
}

// "1686411388" or "1686411388.123": digits, optionally '.' and one or more digits.
std::optional<TimestampNs> ParseEpochText(std::string_view text, int64_t unit_ns) {
  size_t i = 0;
  uint64_t whole = 0;
  constexpr uint64_t kMaxWhole = std::numeric_limits<uint64_t>::max() / 10 - 9;
  while (i < text.size() && IsDigit(text[i])) {
    // Anything this large is far past the limit in every unit; stop before uint64 overflows.
    if (whole > kMaxWhole) return std::nullopt;
    whole = whole * 10 + static_cast<uint64_t>(text[i] - '0');
    ++i;
  }
  if (i == 0) return std::nullopt;
  int64_t frac_billionths = 0;
  if (!ReadFraction(text, &i, &frac_billionths) || i != text.size()) return std::nullopt;
  return EpochToTimestamp(whole, frac_billionths, unit_ns);
}

bool LooksLikeEpochNumber(std::string_view text) {
  int dots = 0;
  for (char c : text) {
    if (c == '.') {
      ++dots;
    } else if (!IsDigit(c)) {
      return false;
    }
  }
  return dots <= 1;
}

}  // namespace

std::optional<TimeFormat> TimeFormatFromName(std::string_view name) {
  if (name == "auto") return TimeFormat::kAuto;
  if (name == "rfc3339") return TimeFormat::kRfc3339;
  if (name == "clf") return TimeFormat::kClf;
  if (name == "epoch_s" || name == "msec" || name == "unix" || name == "epoch") {
    return TimeFormat::kEpochS;
  }
  if (name == "epoch_ms") return TimeFormat::kEpochMs;
  if (name == "epoch_us") return TimeFormat::kEpochUs;
  if (name == "epoch_ns") return TimeFormat::kEpochNs;
  return std::nullopt;
}

std::string_view TimeFormatName(TimeFormat format) {
  switch (format) {
    case TimeFormat::kAuto:
      return "auto";
    case TimeFormat::kRfc3339:
      return "rfc3339";
    case TimeFormat::kClf:
      return "clf";
    case TimeFormat::kEpochS:
      return "epoch_s";
    case TimeFormat::kEpochMs:
      return "epoch_ms";
    case TimeFormat::kEpochUs:
      return "epoch_us";
    case TimeFormat::kEpochNs:
      return "epoch_ns";
  }
  return "unknown";
}

std::optional<TimestampNs> ParseTimestamp(std::string_view text, TimeFormat format) {
  switch (format) {
    case TimeFormat::kRfc3339:
      return ParseRfc3339(text);
    case TimeFormat::kClf:
      return ParseClf(text);
    case TimeFormat::kEpochS:
    case TimeFormat::kEpochMs:
    case TimeFormat::kEpochUs:
    case TimeFormat::kEpochNs:
      return ParseEpochText(text, EpochUnitNs(format));
    case TimeFormat::kAuto:
      break;
  }
  if (LooksLikeEpochNumber(text)) return ParseEpochText(text, 0);
  if (text.size() >= 3 && IsDigit(text[0]) && IsDigit(text[1]) && text[2] == '/') {
    return ParseClf(text);
  }
  return ParseRfc3339(text);
}

std::optional<TimestampNs> TimestampFromInteger(int64_t value, TimeFormat format) {
  if (format == TimeFormat::kRfc3339 || format == TimeFormat::kClf) return std::nullopt;
  if (value < 0) return std::nullopt;
  return EpochToTimestamp(static_cast<uint64_t>(value), 0, EpochUnitNs(format));
}

std::optional<TimestampNs> TimestampFromNumber(double value, TimeFormat format) {
  if (format == TimeFormat::kRfc3339 || format == TimeFormat::kClf) return std::nullopt;
  // Rejects NaN too. 1e19 is past the limit in every unit.
  if (!(value >= 0.0 && value < 1e19)) return std::nullopt;
  const int64_t unit_ns = EpochUnitNs(format);
  if (value < 1.0) {
    // 1970-01-01, only seen in tests; avoids printing "0.000…" of tiny values below.
    return static_cast<TimestampNs>(value *
                                    static_cast<double>(unit_ns == 0 ? kNsPerSecond : unit_ns));
  }
  // A double cannot hold 1686411388.123 exactly (it is 1686411388.12299990654…), and multiplying
  // would carry that error into the nanoseconds. The shortest decimal that reads back as the same
  // double is the number the JSON writer printed, so read that text instead.
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed);
  if (ec != std::errc()) return std::nullopt;
  return ParseEpochText(std::string_view(buf, static_cast<size_t>(end - buf)), unit_ns);
}

std::string FormatRfc3339(TimestampNs t) {
  // Floor division, so that times before 1970 also get a fraction in [0, 1s).
  int64_t seconds = t / kNsPerSecond;
  int64_t nanos = t % kNsPerSecond;
  if (nanos < 0) {
    nanos += kNsPerSecond;
    --seconds;
  }
  int64_t days = seconds / kSecondsPerDay;
  int64_t second_of_day = seconds % kSecondsPerDay;
  if (second_of_day < 0) {
    second_of_day += kSecondsPerDay;
    --days;
  }
  const CivilDate date = CivilFromDays(days);

  // "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ"; int64 nanoseconds span the years 1677-2262.
  char buf[32];
  char* p = buf;
  auto put = [&p](int64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    p += width;
  };
  put(date.year, 4);
  *p++ = '-';
  put(date.month, 2);
  *p++ = '-';
  put(date.day, 2);
  *p++ = 'T';
  put(second_of_day / 3600, 2);
  *p++ = ':';
  put(second_of_day / 60 % 60, 2);
  *p++ = ':';
  put(second_of_day % 60, 2);
  if (nanos != 0) {
    *p++ = '.';
    int width = 9;
    while (nanos % 10 == 0) {
      nanos /= 10;
      --width;
    }
    put(nanos, width);
  }
  *p++ = 'Z';
  return std::string(buf, static_cast<size_t>(p - buf));
}

}  // namespace gatewatch::core
