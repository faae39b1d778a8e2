#include "parse/field_map.h"

namespace gatewatch::parse {

const FieldSpec* FieldMap::Find(std::string_view field_name) const {
  for (const FieldSpec& f : fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

std::vector<std::string> SplitPath(std::string_view dotted) {
  std::vector<std::string> segments(1);
  for (size_t i = 0; i < dotted.size(); ++i) {
    char c = dotted[i];
    if (c == '\\' && i + 1 < dotted.size() && dotted[i + 1] == '.') {
      segments.back() += '.';
      ++i;
    } else if (c == '.') {
      segments.emplace_back();
    } else {
      segments.back() += c;
    }
  }
  return segments;
}

std::string JoinPath(const std::vector<std::string>& segments) {
  std::string out;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '.';
    for (char c : segments[i]) {
      if (c == '.') out += '\\';
      out += c;
    }
  }
  return out;
}

}  // namespace gatewatch::parse
