#ifndef GATEWATCH_TESTS_PARSE_PARSER_TEST_UTIL_H_
#define GATEWATCH_TESTS_PARSE_PARSER_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "config/field_map_loader.h"
#include "core/access_event.h"
#include "parse/access_log_parser.h"

namespace gatewatch::parse::testing {

// A parser built from a preset or inline field-map YAML, with one reusable event.
struct TestParser {
  std::unique_ptr<AccessLogParser> parser;
  core::AccessEvent event;

  ParseResult Parse(std::string_view line) { return parser->Parse(line, &event); }
  core::FieldId Id(std::string_view name) const { return *parser->FieldIndex(name); }
  std::string_view Text(std::string_view name) const { return event.text(Id(name)); }
};

inline TestParser FromMap(const FieldMap& map, const std::vector<std::string>& extras = {}) {
  auto parser = AccessLogParser::Create(map, extras);
  EXPECT_TRUE(parser.ok()) << parser.status().ToString();
  TestParser t{std::move(*parser), core::AccessEvent()};
  t.event = t.parser->NewEvent();
  return t;
}

inline TestParser FromPreset(std::string_view preset, const std::vector<std::string>& extras = {}) {
  auto map = config::LoadPreset(preset);
  EXPECT_TRUE(map.ok()) << map.status().ToString();
  return FromMap(*map, extras);
}

inline TestParser FromYaml(std::string_view yaml, const std::vector<std::string>& extras = {}) {
  auto map = config::LoadFieldMapText(yaml, "test.yaml");
  EXPECT_TRUE(map.ok()) << map.status().ToString();
  return FromMap(*map, extras);
}

// 2026-01-15T10:00:00Z in ns.
inline constexpr core::TimestampNs kJan15At10 = 1768471200LL * 1'000'000'000;

}  // namespace gatewatch::parse::testing

#endif  // GATEWATCH_TESTS_PARSE_PARSER_TEST_UTIL_H_
