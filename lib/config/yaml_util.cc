#include "config/yaml_util.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace gatewatch::config {
namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string Position(const std::string& source, const YAML::Mark& mark) {
  if (mark.is_null()) return source;
  return source + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

}  // namespace

core::Result<YamlDocument> ParseYamlText(std::string_view text, std::string source) {
  try {
    YAML::Node root = YAML::Load(std::string(text));
    return YamlDocument{std::move(source), root};
  } catch (const YAML::Exception& e) {
    return core::Status::InvalidArgument(Position(source, e.mark) + ": " + e.msg);
  }
}

core::Result<YamlDocument> ParseYamlFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Status::IoError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return core::Status::IoError("cannot read " + path);
  return ParseYamlText(text.str(), path);
}

std::string Where(const std::string& source, const YAML::Node& node) {
  return Position(source, node.Mark());
}

core::Status ErrorAt(const std::string& source, const YAML::Node& node, std::string_view message) {
  return core::Status::InvalidArgument(Where(source, node) + ": " + std::string(message));
}

std::string DidYouMean(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (std::string_view c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  if (best.empty()) return "";
  return " (did you mean \"" + std::string(best) + "\"?)";
}

core::Status CheckKeys(const std::string& source, const YAML::Node& node,
                       const std::vector<std::string_view>& allowed, std::string_view what) {
  if (!node.IsMap()) return ErrorAt(source, node, std::string(what) + " must be a mapping");
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) return ErrorAt(source, entry.first, "keys must be plain names");
    const std::string& key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return ErrorAt(source, entry.first,
                     "unknown key \"" + key + "\" in " + std::string(what) +
                         DidYouMean(key, allowed) + "; expected one of: " + list);
    }
  }
  return core::Status::Ok();
}

core::Result<std::string> ScalarString(const std::string& source, const YAML::Node& node,
                                       std::string_view what) {
  if (!node.IsScalar()) {
    return ErrorAt(source, node,
                   std::string(what) + " must be a single value, not a " +
                       (node.IsMap()        ? "mapping"
                        : node.IsSequence() ? "list"
                                            : "null"));
  }
  return node.Scalar();
}

core::Result<uint64_t> ScalarUnsigned(const std::string& source, const YAML::Node& node,
                                      std::string_view what) {
  GW_ASSIGN_OR_RETURN(std::string text, ScalarString(source, node, what));
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return ErrorAt(source, node,
                   std::string(what) + " must be a non-negative integer, not \"" + text + "\"");
  }
  return value;
}

core::Result<uint64_t> ScalarByteSize(const std::string& source, const YAML::Node& node,
                                      std::string_view what) {
  GW_ASSIGN_OR_RETURN(std::string text, ScalarString(source, node, what));
  uint64_t multiplier = 1;
  std::string_view digits = text;
  for (auto [suffix, factor] : {std::pair<std::string_view, uint64_t>{"KiB", 1024},
                                {"MiB", 1024 * 1024},
                                {"GiB", 1024ull * 1024 * 1024},
                                {"B", 1}}) {
    if (digits.size() > suffix.size() && digits.ends_with(suffix)) {
      digits.remove_suffix(suffix.size());
      multiplier = factor;
      break;
    }
  }
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size() ||
      value > (1ull << 40) / multiplier) {
    return ErrorAt(source, node,
                   std::string(what) + " must be a size like 4096, \"64KiB\" or \"1MiB\", not \"" +
                       text + "\"");
  }
  return value * multiplier;
}

}  // namespace gatewatch::config
