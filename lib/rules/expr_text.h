#ifndef GATEWATCH_RULES_EXPR_TEXT_H_
#define GATEWATCH_RULES_EXPR_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Text helpers shared by the filter-expression lexer, parser and compiler: numbers as the
// language spells them, quoting for error messages, and "did you mean" suggestions.
namespace gatewatch::rules::expr_internal {

// A number literal: its value, and the exact integer when it was written without a fraction
// or exponent and fits in 64 bits (timestamps in ns need all 64 bits; a double has 53).
struct NumberValue {
  double value = 0;
  bool is_integer = false;
  int64_t integer = 0;
};

// Parses a whole number spelled `-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?` with a finite value;
// std::nullopt for anything else (including "inf", "nan", "+1", " 1", "1.").
std::optional<NumberValue> ParseNumber(std::string_view text);

// `text` in double quotes for a message, with `"`, `\`, control and non-ASCII bytes escaped,
// cut to about 40 bytes ("...") so a huge token cannot flood a log line.
std::string QuoteForMessage(std::string_view text);

// The candidate closest to `word` by edit distance (a transposition counts as one edit, case
// is ignored), if it is close enough to be a likely typo; std::nullopt otherwise.
std::optional<std::string_view> ClosestMatch(std::string_view word,
                                             const std::vector<std::string_view>& candidates);

// " (did you mean \"x\"?)" for ClosestMatch, or "" when nothing is close. `prefix` is put in
// front of the suggestion inside the quotes (for "$" list names).
std::string DidYouMean(std::string_view word, const std::vector<std::string_view>& candidates,
                       std::string_view prefix = {});

}  // namespace gatewatch::rules::expr_internal

#endif  // GATEWATCH_RULES_EXPR_TEXT_H_
