#include "core/duration.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>

namespace gatewatch::core {
namespace {

inline constexpr DurationNs kWeek = 7 * kDay;

struct Unit {
  std::string_view name;
  DurationNs ns;
};

// Largest first: a duration's terms must follow this order, and FormatDuration prints in it.
inline constexpr Unit kUnits[] = {
    {"w", kWeek},   {"d", kDay},          {"h", kHour},         {"m", kMinute},
    {"s", kSecond}, {"ms", kMillisecond}, {"us", kMicrosecond}, {"ns", kNanosecond},
};
inline constexpr int kNumUnits = static_cast<int>(std::size(kUnits));
inline constexpr std::string_view kUnitList = " (use ns, us, ms, s, m, h, d or w)";

// Index into kUnits, or -1. "µs" is accepted with either the micro sign (U+00B5) or the Greek
// small letter mu (U+03BC), since both are typed in practice.
int FindUnit(std::string_view name) {
  if (name == "\xC2\xB5s" || name == "\xCE\xBCs") name = "us";
  for (int i = 0; i < kNumUnits; ++i) {
    if (kUnits[i].name == name) return i;
  }
  return -1;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A unit name runs until the next digit (or '.', so that "1s.5" is not read as unit "s.").
bool IsUnitChar(char c) { return !IsDigit(c) && c != '.'; }

// Concatenates by appending (GCC 12 reports a false -Wrestrict on `"literal" + std::string`).
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out += part;
  return out;
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  out += s;
  out += '"';
  return out;
}

Status Invalid(std::string_view text, std::string_view why) {
  std::string msg = "invalid duration ";
  msg += Quote(text);
  msg += ": ";
  msg += why;
  return Status::InvalidArgument(std::move(msg));
}

// For a fractional term like "1.5s": the same span as a whole number of the largest unit (this
// one or smaller) that represents it exactly ("1500ms"; "1s" for "1.0s"), or "" when there is
// none (e.g. "0.5ns", or overflow).
std::string SuggestWholeTerm(uint64_t whole, std::string_view frac_digits, int unit) {
  const auto unit_ns = static_cast<uint64_t>(kUnits[unit].ns);
  constexpr uint64_t kMax = std::numeric_limits<DurationNs>::max();
  if (whole > kMax / unit_ns) return "";
  uint64_t total = whole * unit_ns;
  // frac_digits / 10^n * unit_ns must be a whole number of nanoseconds.
  uint64_t frac = 0;
  uint64_t scale = 1;
  for (char c : frac_digits) {
    if (scale > kMax / 10 || frac > kMax / 10) return "";
    frac = frac * 10 + static_cast<uint64_t>(c - '0');
    scale *= 10;
  }
  if (frac > kMax / unit_ns) return "";
  const uint64_t frac_scaled = frac * unit_ns;
  if (frac_scaled % scale != 0) return "";
  if (total > kMax - frac_scaled / scale) return "";
  total += frac_scaled / scale;
  for (int i = unit; i < kNumUnits; ++i) {
    const auto ns = static_cast<uint64_t>(kUnits[i].ns);
    if (total % ns == 0) {
      std::string out = std::to_string(total / ns);
      out += kUnits[i].name;
      return out;
    }
  }
  return "";
}

}  // namespace

Result<DurationNs> ParseDuration(std::string_view text) {
  if (text.empty()) return Invalid(text, "empty (write e.g. \"30s\" or \"5m\")");
  if (text == "0") return DurationNs{0};
  if (text[0] == '-') return Invalid(text, "negative durations are not allowed");

  constexpr uint64_t kMax = std::numeric_limits<DurationNs>::max();
  uint64_t total = 0;
  int prev_unit = -1;
  size_t i = 0;
  while (i < text.size()) {
    const size_t term_start = i;
    uint64_t value = 0;
    bool too_large = false;
    while (i < text.size() && IsDigit(text[i])) {
      const auto digit = static_cast<uint64_t>(text[i] - '0');
      if (value > (kMax - digit) / 10) too_large = true;
      if (!too_large) value = value * 10 + digit;
      ++i;
    }
    if (i == term_start) {
      std::string why = "expected a number at ";
      why += Quote(text.substr(i));
      return Invalid(text, why);
    }

    std::string_view frac_digits;
    if (i < text.size() && text[i] == '.') {
      const size_t frac_start = ++i;
      while (i < text.size() && IsDigit(text[i])) ++i;
      frac_digits = text.substr(frac_start, i - frac_start);
    }

    const size_t unit_start = i;
    while (i < text.size() && IsUnitChar(text[i])) ++i;
    const std::string_view unit_name = text.substr(unit_start, i - unit_start);
    const std::string_view term = text.substr(term_start, i - term_start);

    if (unit_name.empty()) {
      return Invalid(text, Cat({"missing unit after ", Quote(term), kUnitList}));
    }
    const int unit = FindUnit(unit_name);
    if (unit < 0) {
      return Invalid(text, Cat({"unknown unit ", Quote(unit_name), kUnitList}));
    }
    if (!frac_digits.empty() || text[unit_start - 1] == '.') {
      std::string why = "fractions are not allowed";
      const std::string suggestion = too_large ? "" : SuggestWholeTerm(value, frac_digits, unit);
      if (!suggestion.empty()) {
        why += " (write ";
        why += Quote(suggestion);
        why += " instead of ";
        why += Quote(term);
        why += ")";
      }
      return Invalid(text, why);
    }
    if (prev_unit >= 0 && unit == prev_unit) {
      return Invalid(text, Cat({"unit ", Quote(unit_name), " appears more than once"}));
    }
    if (prev_unit >= 0 && unit < prev_unit) {
      return Invalid(text, Cat({"units must go from largest to smallest, but ", Quote(unit_name),
                                " comes after ", Quote(kUnits[prev_unit].name)}));
    }
    prev_unit = unit;

    const auto unit_ns = static_cast<uint64_t>(kUnits[unit].ns);
    if (too_large || value > kMax / unit_ns || total > kMax - value * unit_ns) {
      return Invalid(text, "too large (the limit is about 292 years)");
    }
    total += value * unit_ns;
  }
  return static_cast<DurationNs>(total);
}

std::string FormatDuration(DurationNs d) {
  if (d == 0) return "0s";
  std::string out;
  // Work in uint64 so that the most negative value has a magnitude.
  uint64_t rest = static_cast<uint64_t>(d);
  if (d < 0) {
    out += '-';
    rest = 0 - rest;
  }
  for (const Unit& unit : kUnits) {
    const auto ns = static_cast<uint64_t>(unit.ns);
    if (rest >= ns) {
      out += std::to_string(rest / ns);
      out += unit.name;
      rest %= ns;
    }
  }
  return out;
}

}  // namespace gatewatch::core
