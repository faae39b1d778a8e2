#include "config/field_map_loader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "parse/access_log_parser.h"

namespace gatewatch::config {
namespace {

std::string ErrorOf(std::string_view yaml) {
  auto map = LoadFieldMapText(yaml, "maps/custom.yaml");
  return map.ok() ? "loaded" : map.status().message();
}

TEST(FieldMapLoader, EveryPresetLoadsAndBuildsAParser) {
  ASSERT_EQ(PresetNames().size(), 8u);
  for (std::string_view name : PresetNames()) {
    auto map = LoadPreset(name);
    ASSERT_TRUE(map.ok()) << name << ": " << map.status().ToString();
    EXPECT_EQ(map->name, name);
    auto parser = parse::AccessLogParser::Create(*map);
    EXPECT_TRUE(parser.ok()) << name << ": " << parser.status().ToString();
  }
}

TEST(FieldMapLoader, ShorthandsListsAndMappings) {
  auto map = LoadFieldMapText(R"(
format: json
trusted_proxies: [10.0.0.0/8, "::1"]
limits: {max_line_bytes: 64KiB, max_field_bytes: 512}
fields:
  ts: {path: started_at, time: epoch_ms}
  client_ip: {path: peer, forwarded_for: [xff, x_forwarded_for]}
  user: [consumer.username, consumer.id]
  latency_ms: {path: took, unit: s}
  method: [verb, {path: request, request_line: method}]
  tenant: headers.x-tenant
)",
                              "m.yaml");
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->max_line_bytes, 64u * 1024);
  EXPECT_EQ(map->max_field_bytes, 512u);
  EXPECT_EQ(map->trusted_proxies.size(), 2u);
  const parse::FieldSpec* ts = map->Find("ts");
  ASSERT_NE(ts, nullptr);
  EXPECT_EQ(ts->sources[0].time, core::TimeFormat::kEpochMs);
  const parse::FieldSpec* ip = map->Find("client_ip");
  EXPECT_EQ(ip->forwarded_for.size(), 2u);
  EXPECT_EQ(map->Find("user")->sources.size(), 2u);
  EXPECT_EQ(map->Find("user")->sources[1].path, (std::vector<std::string>{"consumer", "id"}));
  EXPECT_DOUBLE_EQ(map->Find("latency_ms")->sources[0].scale, 1000);
  EXPECT_EQ(map->Find("method")->sources[1].request_line, parse::RequestLinePart::kMethod);
  EXPECT_NE(map->Find("tenant"), nullptr);
}

TEST(FieldMapLoader, PresetCanBeExtendedAndOverridden) {
  auto map = LoadFieldMapText("preset: kong\nfields:\n  user: consumer.custom_id\n", "k.yaml");
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->Find("user")->sources.size(), 1u);
  EXPECT_EQ(map->Find("ts")->sources[0].path, std::vector<std::string>{"started_at"});
}

TEST(FieldMapLoader, ErrorsNameFileLineAndColumn) {
  EXPECT_EQ(ErrorOf("fields:\n  ts: {pth: started_at}\n"),
            "maps/custom.yaml:2:8: unknown key \"pth\" in field ts (did you mean \"path\"?); "
            "expected one of: path, time, unit, scale, request_line, forwarded_for");
  EXPECT_EQ(ErrorOf("formt: json\n"),
            "maps/custom.yaml:1:1: unknown key \"formt\" in field map (did you mean \"format\"?); "
            "expected one of: description, preset, format, envelope, trusted_proxies, limits, "
            "fields");
  EXPECT_EQ(ErrorOf("format: xml\n"),
            "maps/custom.yaml:1:9: unknown format \"xml\"; expected json or combined");
  EXPECT_EQ(ErrorOf("fields:\n  ts: {path: t, time: epoch_milis}\n  client_ip: ip\n"),
            "maps/custom.yaml:2:23: unknown time format \"epoch_milis\" (did you mean "
            "\"epoch_ms\"?); expected auto, rfc3339, clf, epoch_s (msec), epoch_ms, epoch_us or "
            "epoch_ns");
}

TEST(FieldMapLoader, BrokenYamlIsAPositionedError) {
  std::string error = ErrorOf("fields:\n  ts: [unclosed\n");
  EXPECT_EQ(error.rfind("maps/custom.yaml:", 0), 0u) << error;
  EXPECT_NE(error.find(":3:"), std::string::npos) << error;
}

TEST(FieldMapLoader, SemanticErrors) {
  EXPECT_EQ(ErrorOf("fields:\n  client_ip: ip\n"),
            "maps/custom.yaml:1:1: the field map does not say where ts is; add it under fields "
            "(or start from a preset)");
  EXPECT_EQ(ErrorOf("trusted_proxies: [10.0.0.1/8]\nfields: {ts: t, client_ip: ip}\n"),
            "maps/custom.yaml:1:19: invalid CIDR \"10.0.0.1/8\": host bits are set (the network "
            "is \"10.0.0.0/8\")")
      << "the exact CIDR message comes from core::Cidr::Parse";
  EXPECT_NE(
      ErrorOf("fields: {ts: {path: t, unit: ms}, client_ip: ip}\n").find("only to latency_ms"),
      std::string::npos);
  EXPECT_NE(ErrorOf("fields: {ts: t, client_ip: ip, user: {forwarded_for: x}}\n")
                .find("only to field client_ip"),
            std::string::npos);
  EXPECT_NE(ErrorOf("fields: {ts: t, client_ip: 'a..b'}\n").find("empty segment"),
            std::string::npos);
  EXPECT_NE(ErrorOf("format: combined\nfields: {ts: t}\n").find("fixed fields"), std::string::npos);
  EXPECT_NE(ErrorOf("preset: kongg\n").find("did you mean \"kong\""), std::string::npos);
  EXPECT_NE(ErrorOf("envelope: fluentbit\nfields: {ts: t, client_ip: ip}\n")
                .find("did you mean \"fluent-bit\""),
            std::string::npos);
  EXPECT_NE(
      ErrorOf("limits: {max_line_bytes: 10}\nfields: {ts: t, client_ip: ip}\n").find("256B..64MiB"),
      std::string::npos);
  EXPECT_NE(ErrorOf("- a\n- b\n").find("must be a mapping"), std::string::npos);
  EXPECT_EQ(ErrorOf("envelope: {}\n"),
            "maps/custom.yaml:1:11: an envelope mapping needs json: FIELD");
  EXPECT_NE(ErrorOf("").find("must be a mapping"), std::string::npos);
}

TEST(FieldMapLoader, LoadFormatTakesAPresetOrAFile) {
  EXPECT_TRUE(LoadFormat("traefik").ok());
  std::string path = ::testing::TempDir() + "/gatewatch_map_test.yaml";
  {
    std::ofstream out(path);
    out << "preset: gatewatch\nfields:\n  user: who\n";
  }
  auto map = LoadFormat(path);
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->name, path);
  std::remove(path.c_str());
  auto missing = LoadFormat("no-such-format");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("neither a preset"), std::string::npos);
}

TEST(FieldMapLoader, PresetsCannotRecurseForever) {
  // A file cannot name itself as a preset, but a preset chain must still be bounded.
  EXPECT_EQ(ErrorOf("preset: gatewatch\n"), "loaded");
}

}  // namespace
}  // namespace gatewatch::config
