#include "sinks/label_text.h"

#include <algorithm>

#include "alert/redact.h"
#include "parse/text_repair.h"

namespace gatewatch::sinks {
namespace {

constexpr size_t kMinBound = 32;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
constexpr size_t kHashDigits = 8;

bool IsNameChar(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (!first && c >= '0' && c <= '9');
}

}  // namespace

std::string SanitizeLabelName(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 1);
  if (name.empty() || !IsNameChar(name.front(), true)) out.push_back('_');
  for (char c : name) out.push_back(IsNameChar(c, false) ? c : '_');
  return out;
}

std::string BoundedUtf8(std::string_view value, size_t max_bytes) {
  max_bytes = std::max(max_bytes, kMinBound);
  std::string valid;
  parse::AppendRepairedUtf8(value, &valid);
  if (valid.size() <= max_bytes) return valid;
  size_t keep = parse::Utf8PrefixLength(valid, max_bytes - kEllipsis.size() - kHashDigits);
  std::string out = valid.substr(0, keep);
  out.append(kEllipsis).append(alert::Sha256Hex(value, kHashDigits));
  return out;
}

}  // namespace gatewatch::sinks
