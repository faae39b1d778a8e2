#include "gen/civil_time.h"

namespace gatewatch::gen {
namespace {

struct CivilTime {
  int64_t year;
  int month;  // 1-12
  int day;    // 1-31
  int hour;
  int minute;
  int second;
  int millis;
};

// Howard Hinnant's civil_from_days: days since 1970-01-01 -> proleptic Gregorian date.
void CivilFromDays(int64_t days, CivilTime* t) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  t->day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  t->month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  t->year = yoe + era * 400 + (t->month <= 2 ? 1 : 0);
}

CivilTime Split(int64_t unix_us) {
  CivilTime t{};
  const int64_t ms = unix_us / 1000;
  const int64_t secs = ms / 1000;
  const int64_t days = secs / 86400;
  const int64_t sod = secs % 86400;
  CivilFromDays(days, &t);
  t.hour = static_cast<int>(sod / 3600);
  t.minute = static_cast<int>(sod / 60 % 60);
  t.second = static_cast<int>(sod % 60);
  t.millis = static_cast<int>(ms % 1000);
  return t;
}

void Digits(int64_t value, int width, char* out) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

constexpr char kMonths[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

}  // namespace

void FormatRfc3339Millis(int64_t unix_us, char* out) {
  const CivilTime t = Split(unix_us);
  Digits(t.year, 4, out);
  out[4] = '-';
  Digits(t.month, 2, out + 5);
  out[7] = '-';
  Digits(t.day, 2, out + 8);
  out[10] = 'T';
  Digits(t.hour, 2, out + 11);
  out[13] = ':';
  Digits(t.minute, 2, out + 14);
  out[16] = ':';
  Digits(t.second, 2, out + 17);
  out[19] = '.';
  Digits(t.millis, 3, out + 20);
  out[23] = 'Z';
}

std::string Rfc3339Millis(int64_t unix_us) {
  std::string s(kRfc3339MillisLen, ' ');
  FormatRfc3339Millis(unix_us, s.data());
  return s;
}

void FormatClf(int64_t unix_us, char* out) {
  const CivilTime t = Split(unix_us);
  Digits(t.day, 2, out);
  out[2] = '/';
  for (int i = 0; i < 3; ++i) {
    out[3 + i] = kMonths[(t.month - 1) * 3 + i];
  }
  out[6] = '/';
  Digits(t.year, 4, out + 7);
  out[11] = ':';
  Digits(t.hour, 2, out + 12);
  out[14] = ':';
  Digits(t.minute, 2, out + 15);
  out[17] = ':';
  Digits(t.second, 2, out + 18);
  const char kZone[] = " +0000";
  for (int i = 0; i < 6; ++i) {
    out[20 + i] = kZone[i];
  }
}

}  // namespace gatewatch::gen
