#ifndef GATEWATCH_CONFIG_YAML_UTIL_H_
#define GATEWATCH_CONFIG_YAML_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "yaml-cpp/yaml.h"

// Helpers every YAML loader in lib/config shares, so that every config error names
// file:line:column and reads the same way. yaml-cpp throws; nothing here lets it escape.
namespace gatewatch::config {

// A parsed YAML document and the name to cite in errors (a file path or "preset kong").
struct YamlDocument {
  std::string source;
  YAML::Node root;
};

core::Result<YamlDocument> ParseYamlText(std::string_view text, std::string source);
core::Result<YamlDocument> ParseYamlFile(const std::string& path);

// "file:12:5" (1-based) for a node; just "file" when the node has no position.
std::string Where(const std::string& source, const YAML::Node& node);

// InvalidArgument("file:12:5: <message>").
core::Status ErrorAt(const std::string& source, const YAML::Node& node, std::string_view message);

// Fails on the first key of mapping `node` that is not in `allowed`, suggesting the closest
// allowed key when one is near ("unknown key "pathh" (did you mean "path"?)").
core::Status CheckKeys(const std::string& source, const YAML::Node& node,
                       const std::vector<std::string_view>& allowed, std::string_view what);

// " (did you mean \"x\"?)" when a candidate is within a small edit distance of `word`, or "".
std::string DidYouMean(std::string_view word, const std::vector<std::string_view>& candidates);

// Reads a scalar as a string / non-negative integer, failing with the node's position.
core::Result<std::string> ScalarString(const std::string& source, const YAML::Node& node,
                                       std::string_view what);
core::Result<uint64_t> ScalarUnsigned(const std::string& source, const YAML::Node& node,
                                      std::string_view what);
// A size in bytes: 4096, "64KiB", "1MiB".
core::Result<uint64_t> ScalarByteSize(const std::string& source, const YAML::Node& node,
                                      std::string_view what);

}  // namespace gatewatch::config

#endif  // GATEWATCH_CONFIG_YAML_UTIL_H_
