#include "rules/expr_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

namespace gatewatch::rules::expr_internal {
namespace {

constexpr size_t kMaxQuotedBytes = 40;
// Suggestions are only computed for words of reasonable length; a 60 KiB identifier is no typo.
constexpr size_t kMaxSuggestedLength = 128;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring ASCII
// case. Both inputs are short (see kMaxSuggestedLength).
size_t EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  const size_t m = b.size();
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && Lower(a[i - 1]) == Lower(b[j - 2]) &&
          Lower(a[i - 2]) == Lower(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    prev2.swap(prev);
    prev.swap(cur);
  }
  return prev[m];
}

// How many edits still read as a typo of a word this long.
size_t MaxTypoDistance(size_t length) {
  if (length <= 3) return 1;
  if (length <= 6) return 2;
  return 3;
}

}  // namespace

std::optional<NumberValue> ParseNumber(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  const size_t int_start = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  if (i == int_start) return std::nullopt;
  bool integral = true;
  if (i < text.size() && text[i] == '.') {
    integral = false;
    const size_t frac_start = ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    if (i == frac_start) return std::nullopt;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    integral = false;
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const size_t exp_start = i;
    while (i < text.size() && IsDigit(text[i])) ++i;
    if (i == exp_start) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;

  NumberValue out;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(first, last, out.value);
  if (ec != std::errc() || end != last || !std::isfinite(out.value)) return std::nullopt;
  if (integral) {
    auto [int_end, int_ec] = std::from_chars(first, last, out.integer);
    out.is_integer = int_ec == std::errc() && int_end == last;
  }
  return out;
}

std::string QuoteForMessage(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  const bool cut = text.size() > kMaxQuotedBytes;
  if (cut) text = text.substr(0, kMaxQuotedBytes);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  if (cut) out += "...";
  out += '"';
  return out;
}

std::optional<std::string_view> ClosestMatch(std::string_view word,
                                             const std::vector<std::string_view>& candidates) {
  if (word.empty() || word.size() > kMaxSuggestedLength) return std::nullopt;
  const size_t limit = MaxTypoDistance(word.size());
  std::optional<std::string_view> best;
  size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    if (candidate.empty() || candidate.size() > kMaxSuggestedLength) continue;
    const size_t longer = std::max(candidate.size(), word.size());
    const size_t shorter = std::min(candidate.size(), word.size());
    if (longer - shorter > limit) continue;
    // A short candidate is never "close" to a word made mostly of other letters.
    const size_t distance = EditDistance(word, candidate);
    if (distance < best_distance && distance <= MaxTypoDistance(candidate.size())) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string_view>& candidates,
                       std::string_view prefix) {
  std::optional<std::string_view> match = ClosestMatch(word, candidates);
  if (!match) return "";
  std::string out = " (did you mean \"";
  out += prefix;
  out += *match;
  out += "\"?)";
  return out;
}

}  // namespace gatewatch::rules::expr_internal
