#include <cctype>
#include <charconv>

#include "rules/rule.h"

namespace gatewatch::rules {

bool Condition::Holds(double value, double threshold) const {
  switch (op) {
    case CompareOp::kGt:
      return value > threshold;
    case CompareOp::kGe:
      return value >= threshold;
    case CompareOp::kLt:
      return value < threshold;
    case CompareOp::kLe:
      return value <= threshold;
    case CompareOp::kEq:
      return value == threshold;
    case CompareOp::kNe:
      return value != threshold;
  }
  return false;
}

core::Result<Condition> Condition::Parse(std::string_view text, size_t* error_offset) {
  Condition c;
  c.text = std::string(text);
  size_t pos = 0;
  auto skip = [&] {
    while (pos < text.size() && text[pos] == ' ') ++pos;
  };
  auto fail = [&](std::string message) {
    *error_offset = pos;
    return core::Status::InvalidArgument(std::move(message));
  };
  skip();
  static const std::pair<std::string_view, CompareOp> kOps[] = {
      {">=", CompareOp::kGe}, {"<=", CompareOp::kLe}, {"==", CompareOp::kEq},
      {"!=", CompareOp::kNe}, {">", CompareOp::kGt},  {"<", CompareOp::kLt}};
  bool found = false;
  for (const auto& [spelling, op] : kOps) {
    if (text.substr(pos, spelling.size()) == spelling) {
      c.op = op;
      pos += spelling.size();
      found = true;
      break;
    }
  }
  if (!found) return fail("a condition starts with >, >=, <, <=, == or != (e.g. \"> 30\")");

  // Terms: NUMBER, NUMBER * baseline, baseline, baseline * NUMBER, same for stddev; + or -.
  bool any = false;
  double sign = 1;
  for (;;) {
    skip();
    if (pos >= text.size()) break;
    if (any) {
      if (text[pos] == '+' || text[pos] == '-') {
        sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        skip();
      } else {
        return fail("expected + or - between terms");
      }
    }
    double factor = 1;
    bool has_number = false;
    auto read_number = [&]() -> bool {
      const char* begin = text.data() + pos;
      double v;
      auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), v);
      if (ec != std::errc() || ptr == begin) return false;
      pos += static_cast<size_t>(ptr - begin);
      factor *= v;
      return true;
    };
    auto read_word = [&]() -> std::string_view {
      size_t start = pos;
      while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) ++pos;
      return text.substr(start, pos - start);
    };
    has_number = read_number();
    skip();
    std::string_view word;
    if (has_number && pos < text.size() && text[pos] == '*') {
      ++pos;
      skip();
      word = read_word();
      if (word.empty()) return fail("expected baseline or stddev after *");
    } else if (!has_number) {
      word = read_word();
      if (word.empty()) return fail("expected a number, baseline or stddev");
      skip();
      if (pos < text.size() && text[pos] == '*') {
        ++pos;
        skip();
        if (!read_number()) return fail("expected a number after *");
      }
    }
    if (word.empty()) {
      c.constant += sign * factor;
    } else if (word == "baseline") {
      c.baseline_factor += sign * factor;
    } else if (word == "stddev") {
      c.stddev_factor += sign * factor;
    } else {
      *error_offset = pos - word.size();
      return core::Status::InvalidArgument("unknown word \"" + std::string(word) +
                                           "\" (a condition may use baseline and stddev)");
    }
    any = true;
  }
  if (!any) return fail("expected a threshold after the comparison");
  return c;
}

}  // namespace gatewatch::rules
