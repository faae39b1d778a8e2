// Fuzzes the parse stage: one raw log line -> AccessEvent or a reject reason.
//
// Input: the first byte selects the field map, the rest is the line.
//   '0' gatewatch  '1' kong     '2' envoy  '3' nginx-json  '4' aws-apigw
//   '5' traefik    '6' caddy    '7' combined
//   '8' shipped:  envoy behind `envelope: [cri, fluent-bit]` with trusted proxies, so the CRI
//                 prefix, the shipper JSON and the X-Forwarded-For walk are reached
//   '9' tight:    a custom map with a {json: event.original} envelope, 64-byte fields,
//                 request_line parts, every time format and an X-Forwarded-For-only client_ip
// Any other byte selects (byte - '0') mod 10. The whole input, selector included, is also
// parsed with the gatewatch preset, as the daemon would see a line of unknown shape.
//
// Invariants beyond "no crash, no sanitizer report" (see event_invariants.h): a rejection has
// a real reason; an accepted event has ts in [2000, 2100), valid UTF-8 string fields no longer
// than max_field_bytes, and known repair flags only. Parsing the same line twice gives the same
// outcome (the parser's reused buffers carry nothing from one line to the next).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/field_map_loader.h"
#include "core/access_event.h"
#include "event_invariants.h"
#include "parse/access_log_parser.h"

namespace {

using gatewatch::core::AccessEvent;
using gatewatch::fuzz::Require;
using gatewatch::parse::AccessLogParser;
using gatewatch::parse::ParseResult;

constexpr std::string_view kShippedMap = R"(
preset: envoy
envelope: [cri, fluent-bit]
trusted_proxies: [10.0.0.0/8, "fd00::/8", 192.168.1.1]
fields:
  client_ip:
    path: [downstream_remote_address, peer]
    forwarded_for: [x-forwarded-for, request.headers.x-forwarded-for]
)";

constexpr std::string_view kTightMap = R"(
format: json
envelope: {json: event.original}
trusted_proxies: [0.0.0.0/0, "::/0"]
limits: {max_line_bytes: 4KiB, max_field_bytes: 64}
fields:
  ts:
    - {path: time, time: clf}
    - {path: epoch, time: epoch_us}
    - {path: t, time: epoch_ns}
    - {path: rfc, time: rfc3339}
    - at
  client_ip: {forwarded_for: xff}
  method: {path: request, request_line: method}
  path: {path: request, request_line: path}
  protocol: {path: request, request_line: protocol}
  status: {path: code, scale: 1}
  latency_ms: {path: [took_us, took], unit: us}
  bytes_out: size
  user: "user\\.name"
  tags: tags
)";

// Names beyond the canonical fields: combined parts, a map-less name and a dotted path.
const std::vector<std::string> kExtraFields = {"referer", "request", "auth_result",
                                               "request.headers.host"};

struct Target {
  std::unique_ptr<AccessLogParser> parser;
  AccessEvent event;
};

std::vector<Target> BuildTargets() {
  std::vector<gatewatch::core::Result<gatewatch::parse::FieldMap>> maps;
  for (std::string_view preset :
       {"gatewatch", "kong", "envoy", "nginx-json", "aws-apigw", "traefik", "caddy", "combined"}) {
    maps.push_back(gatewatch::config::LoadPreset(preset));
  }
  maps.push_back(gatewatch::config::LoadFieldMapText(kShippedMap, "shipped.yaml"));
  maps.push_back(gatewatch::config::LoadFieldMapText(kTightMap, "tight.yaml"));

  std::vector<Target> targets;
  for (auto& map : maps) {
    Require(map.ok(), "a field map of the fuzz target does not load");
    auto parser = AccessLogParser::Create(*map, kExtraFields);
    Require(parser.ok(), "a parser of the fuzz target cannot be built");
    AccessEvent event = (*parser)->NewEvent();
    targets.push_back(Target{std::move(*parser), std::move(event)});
  }
  return targets;
}

void ParseAndCheck(Target& target, std::string_view line) {
  ParseResult first = target.parser->Parse(line, &target.event);
  gatewatch::fuzz::CheckParseOutcome(*target.parser, first, target.event);
  const int64_t ts = target.event.ts();
  const uint32_t repairs = target.event.repairs();

  ParseResult again = target.parser->Parse(line, &target.event);
  Require(again.reason == first.reason && again.field == first.field,
          "the same line parsed twice gives different results");
  if (first.ok()) {
    Require(target.event.ts() == ts && target.event.repairs() == repairs,
            "the same line parsed twice gives different events");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::vector<Target>& targets = *new std::vector<Target>(BuildTargets());
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const size_t selector = static_cast<uint8_t>(data[0] - '0') % targets.size();
  ParseAndCheck(targets[selector], input.substr(1));
  ParseAndCheck(targets[0], input);
  return 0;
}
