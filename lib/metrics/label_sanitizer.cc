#include "metrics/label_sanitizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>

namespace gatewatch::metrics {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026

// Length of the well-formed UTF-8 sequence at the start of `s` (RFC 3629: no overlong forms,
// no surrogates, nothing above U+10FFFF), or 0 if there is none. `*code_point` gets its value.
size_t Utf8SequenceLength(std::string_view s, uint32_t* code_point) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t lead = byte(0);
  size_t length;
  uint32_t cp;
  uint32_t min;
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < length) {
    return 0;
  }
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  *code_point = cp;
  return length;
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Where a camelCase word boundary falls before `field[i]`: "clientHost", "HTTPHost".
bool WordBoundaryBefore(std::string_view field, size_t i) {
  if (i == 0 || !IsUpper(field[i])) {
    return false;
  }
  const char prev = field[i - 1];
  const bool next_lower = i + 1 < field.size() && IsLower(field[i + 1]);
  return IsLower(prev) || IsDigit(prev) || (IsUpper(prev) && next_lower);
}

constexpr std::array<std::string_view, 7> kReservedLabels = {
    "rule", "severity", "job", "instance", "alertname", "le", "quantile"};

bool IsReserved(std::string_view name) {
  return std::find(kReservedLabels.begin(), kReservedLabels.end(), name) != kReservedLabels.end();
}

}  // namespace

std::string SanitizeLabelValue(std::string_view value, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(value.size(), max_bytes) + kReplacement.size());
  size_t i = 0;
  while (i < value.size() && out.size() <= max_bytes) {
    uint32_t cp = 0;
    const size_t length = Utf8SequenceLength(value.substr(i), &cp);
    if (length == 0 || IsControl(cp)) {
      out.append(kReplacement);
    } else {
      out.append(value.substr(i, length));
    }
    i += std::max<size_t>(length, 1);
  }
  if (out.size() <= max_bytes) {
    return out;
  }
  // Too long: keep whole characters up to the ellipsis' room. `cut` < out.size() here, and a
  // character starts at out[cut] once it is not a continuation byte.
  const bool room = max_bytes >= kEllipsis.size();
  size_t cut = room ? max_bytes - kEllipsis.size() : 0;
  while (cut > 0 && (static_cast<uint8_t>(out[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  out.resize(cut);
  if (room) {
    out.append(kEllipsis);
  }
  return out;
}

std::string SanitizeLabelName(std::string_view field) {
  std::string name;
  name.reserve(field.size() + 6);
  for (size_t i = 0; i < field.size(); ++i) {
    const char c = field[i];
    if (WordBoundaryBefore(field, i)) {
      name.push_back('_');
    }
    if (IsUpper(c)) {
      name.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (IsLower(c) || IsDigit(c)) {
      name.push_back(c);
    } else {
      name.push_back('_');
    }
  }
  const size_t start = name.find_first_not_of('_');
  name.erase(0, start == std::string::npos ? name.size() : start);
  if (name.empty()) {
    return "group";
  }
  if (IsDigit(name[0])) {
    name.insert(0, "group_");
  }
  return name;
}

std::vector<std::string> GroupLabelNames(const std::vector<std::string>& fields) {
  std::vector<std::string> names;
  std::set<std::string> taken(kReservedLabels.begin(), kReservedLabels.end());
  for (const std::string& field : fields) {
    std::string name = SanitizeLabelName(field);
    if (IsReserved(name)) {
      name.insert(0, "group_");
    }
    std::string unique = name;
    for (int n = 2; taken.count(unique) != 0; ++n) {
      unique = name + "_" + std::to_string(n);
    }
    taken.insert(unique);
    names.push_back(std::move(unique));
  }
  return names;
}

}  // namespace gatewatch::metrics
