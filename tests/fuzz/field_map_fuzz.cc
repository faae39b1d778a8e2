// Fuzzes field-map loading: the whole input is the YAML text of a field map.
//
// Invariants beyond "no crash, no sanitizer report":
//  - LoadFieldMapText never throws (yaml-cpp throws; the loader must turn every exception into
//    a Status) and a failure carries a message;
//  - a loaded map stays within its documented limits and, for JSON, says where ts and
//    client_ip are;
//  - a parser can be built from every loaded map, and parsing a few fixed lines with it keeps
//    the parser's own invariants (see event_invariants.h).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "config/field_map_loader.h"
#include "core/access_event.h"
#include "event_invariants.h"
#include "parse/access_log_parser.h"
#include "parse/field_map.h"

namespace {

using gatewatch::fuzz::Require;

// Lines of the shapes the presets read, so a map derived from a preset reaches Finalize.
constexpr std::string_view kLines[] = {
    R"({"ts":"2026-01-15T10:00:00Z","client_ip":"203.0.113.7","user":"alice","status":401,)"
    R"("method":"POST","path":"/login","latency_ms":12.5,"bytes_out":512})",
    R"({"started_at":1768471200000,"client_ip":"198.51.100.2","request":{"method":"GET",)"
    R"("uri":"/a?b=1","headers":{"host":"api.example","user-agent":"curl/8"}},)"
    R"("response":{"status":200,"size":17},"latencies":{"request":3}})",
    R"(2026-01-15T10:00:00.5Z stdout F {"log":"{\"start_time\":\"2026-01-15T10:00:00Z\",)"
    R"(\"downstream_remote_address\":\"10.0.0.1:443\",\"x-forwarded-for\":\"192.0.2.9\"}"})",
    R"(192.0.2.1 - bob [15/Jan/2026:10:00:00 +0000] "GET /x HTTP/1.1" 200 5 "-" "curl/8")",
    "{\"ts\":1768471200,\"client_ip\":\"::1\",\"path\":\"/\\xff\\u0000\"}",
};

void CheckMap(const gatewatch::parse::FieldMap& map) {
  Require(map.max_field_bytes >= 64 && map.max_field_bytes <= (1u << 20),
          "max_field_bytes outside 64B..1MiB");
  Require(map.max_line_bytes >= 256 && map.max_line_bytes <= (64u << 20),
          "max_line_bytes outside 256B..64MiB");
  if (map.format == gatewatch::parse::LineFormat::kJson) {
    Require(map.Find("ts") != nullptr, "a loaded JSON map has no ts");
    Require(map.Find("client_ip") != nullptr, "a loaded JSON map has no client_ip");
  }
  for (const gatewatch::parse::FieldSpec& spec : map.fields) {
    Require(!spec.sources.empty() || !spec.forwarded_for.empty(), "a field with no source");
  }
}

// LoadFieldMapText, turning an escaped exception into a crash report that names it.
gatewatch::core::Result<gatewatch::parse::FieldMap> LoadOrAbort(std::string_view text) {
  try {
    return gatewatch::config::LoadFieldMapText(text, "fuzz");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "LoadFieldMapText threw: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "LoadFieldMapText threw a non-std exception\n");
  }
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  gatewatch::core::Result<gatewatch::parse::FieldMap> map = LoadOrAbort(text);
  if (!map.ok()) {
    Require(!map.status().message().empty(), "a failed load has no message");
    return 0;
  }
  CheckMap(*map);

  auto parser = gatewatch::parse::AccessLogParser::Create(*map, {"referer", "x.y"});
  Require(parser.ok(), "no parser can be built from a map that loaded");
  gatewatch::core::AccessEvent event = (*parser)->NewEvent();
  for (std::string_view line : kLines) {
    gatewatch::parse::ParseResult result = (*parser)->Parse(line, &event);
    gatewatch::fuzz::CheckParseOutcome(**parser, result, event);
  }
  return 0;
}
