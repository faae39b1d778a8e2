#include <algorithm>
#include <cstdio>

#include "core/duration.h"
#include "rules/rule.h"

namespace gatewatch::rules {
namespace {

std::string FormatValue(double v) {
  char buf[64];
  if (v == static_cast<double>(static_cast<int64_t>(v)) && v < 1e15 && v > -1e15) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  }
  return buf;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

core::Result<Template> Template::Parse(std::string_view text,
                                       const std::vector<std::string>& group_fields) {
  Template t;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      t.parts_.push_back({Part::kLiteral, std::string(text.substr(pos))});
      break;
    }
    if (open > pos) t.parts_.push_back({Part::kLiteral, std::string(text.substr(pos, open - pos))});
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return core::Status::InvalidArgument("unclosed {{ in template");
    }
    std::string_view name = Trim(text.substr(open + 2, close - open - 2));
    if (name == "value") {
      t.parts_.push_back({Part::kValue, ""});
    } else if (name == "threshold") {
      t.parts_.push_back({Part::kThreshold, ""});
    } else if (name == "window") {
      t.parts_.push_back({Part::kWindow, ""});
    } else if (name == "rule") {
      t.parts_.push_back({Part::kRule, ""});
    } else if (name == "severity") {
      t.parts_.push_back({Part::kSeverity, ""});
    } else if (name.starts_with("group.")) {
      std::string field(name.substr(6));
      if (std::find(group_fields.begin(), group_fields.end(), field) == group_fields.end()) {
        return core::Status::InvalidArgument("{{ " + std::string(name) +
                                             " }}: the rule does not group by " + field);
      }
      t.parts_.push_back({Part::kGroup, field});
    } else {
      return core::Status::InvalidArgument(
          "unknown placeholder {{ " + std::string(name) +
          " }} (use group.<field>, value, threshold, window, rule or severity)");
    }
    pos = close + 2;
  }
  return t;
}

std::string Template::Render(const Context& c) const {
  std::string out;
  for (const Part& p : parts_) {
    switch (p.kind) {
      case Part::kLiteral:
        out += p.text;
        break;
      case Part::kGroup:
        for (const auto& [name, value] : *c.group) {
          if (name == p.text) out += value;
        }
        break;
      case Part::kValue:
        out += FormatValue(c.value);
        break;
      case Part::kThreshold:
        out += FormatValue(c.threshold);
        break;
      case Part::kWindow:
        out += core::FormatDuration(c.window);
        break;
      case Part::kRule:
        out += *c.rule;
        break;
      case Part::kSeverity:
        out += *c.severity;
        break;
    }
  }
  return out;
}

}  // namespace gatewatch::rules
