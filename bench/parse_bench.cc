// Parsing cost per preset: one representative line per format, parsed over and over into one
// reused event (the steady state of the hot path). Run: build/bench/parse_bench
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "config/field_map_loader.h"
#include "parse/access_log_parser.h"
#include "simdjson.h"

namespace {

using gatewatch::core::AccessEvent;

struct Sample {
  const char* preset;
  std::vector<std::string> lines;
};

// Lines in each gateway's real shape (field names from ../shared/testdata/GUIDE.md), varied
// so that branch predictors do not learn one line.
std::vector<std::string> GatewatchLines() {
  std::vector<std::string> lines;
  for (int i = 0; i < 64; ++i) {
    char buf[512];
    std::snprintf(
        buf, sizeof buf,
        R"({"ts":"2026-01-15T10:%02d:%02d.%03dZ","client_ip":"203.0.%d.%d","user":"user%d",)"
        R"("api_key":"k_live_%08x5f1c9a2b","method":"GET","path":"/v1/orders/%d",)"
        R"("route":"/v1/orders/{id}","status":%d,"latency_ms":%d.%03d,"bytes_out":%d,)"
        R"("user_agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0",)"
        R"("auth_result":"ok","request_id":"%08x-1b2c-4d5e-8f90-a1b2c3d4e5f6","host":"api.example.com"})",
        i % 60, (i * 7) % 60, i * 13 % 1000, i % 256, (i * 31) % 254 + 1, i * 97, i * 2654435761u,
        100000 + i * 37, i % 10 == 0 ? 401 : 200, i % 300, i * 7 % 1000, 512 + i * 11, i * 11);
    lines.emplace_back(buf);
  }
  return lines;
}

std::vector<std::string> Repeat(std::string line) { return std::vector<std::string>(8, line); }

std::vector<Sample> Samples() {
  return {
      {"gatewatch", GatewatchLines()},
      {"kong",
       Repeat(
           R"({"request":{"method":"GET","uri":"/v1/orders/1234?expand=items","url":"http://api.example.com:8000/v1/orders/1234?expand=items","size":210,"querystring":{"expand":"items"},"headers":{"host":"api.example.com","user-agent":"okhttp/4.12.0","accept":"*/*"}},"upstream_uri":"/orders/1234?expand=items","response":{"status":200,"size":934,"headers":{"content-type":"application/json","content-length":"812"}},"route":{"id":"b5c2b2b6-0e1b-4c8f-9a5f-2b1c3d4e5f60","name":"orders","paths":["/v1/orders"]},"service":{"id":"0c6c1e1f-8a5b-4f3c-9d2e-1a2b3c4d5e6f","name":"orders-svc","host":"orders.internal","port":8080},"latencies":{"proxy":12,"kong":3,"request":15},"authenticated_entity":{"id":"4f7b2c1e-6d5a-4b3c-8e9f-0a1b2c3d4e5f"},"consumer":{"id":"9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d","username":"partner-acme"},"client_ip":"198.51.100.23","started_at":1768471200123})")},
      {"envoy",
       Repeat(
           R"({":authority":"api.example.com","bytes_received":0,"bytes_sent":1834,"connection_termination_details":null,"downstream_local_address":"10.42.0.77:10443","downstream_remote_address":"198.51.100.23:59292","duration":11,"method":"GET","protocol":"HTTP/2","requested_server_name":null,"response_code":200,"response_code_details":"via_upstream","response_flags":"-","route_name":"httproute/app/orders/rule/0/match/0","start_time":"2026-01-15T10:00:00.479Z","upstream_cluster":"httproute/app/orders/rule/0","upstream_host":"10.42.0.82:8080","upstream_local_address":"10.42.0.77:51216","upstream_transport_failure_reason":null,"user-agent":"okhttp/4.12.0","x-envoy-origin-path":"/v1/orders/1234","x-envoy-upstream-service-time":"9","x-forwarded-for":"198.51.100.23","x-request-id":"3bbc0252-2d5c-49fe-bd89-104e9b61770b"})")},
      {"nginx-json",
       Repeat(
           R"({"time_iso8601":"2026-01-15T10:00:00+00:00","remote_addr":"198.51.100.23","remote_user":"-","request":"GET /v1/orders/1234 HTTP/1.1","request_method":"GET","request_uri":"/v1/orders/1234","status":"200","body_bytes_sent":"934","request_time":"0.015","upstream_response_time":"0.012","http_referer":"-","http_user_agent":"okhttp/4.12.0","http_x_forwarded_for":"-","host":"api.example.com","request_id":"9f8e7d6c5b4a39281706f5e4d3c2b1a0"})")},
      {"aws-apigw",
       Repeat(
           R"({"requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","ip":"198.51.100.23","caller":"-","user":"-","requestTime":"15/Jan/2026:10:00:00 +0000","httpMethod":"GET","resourcePath":"/orders/{id}","status":"200","protocol":"HTTP/1.1","responseLength":"934"})")},
      {"traefik", Repeat(
                      R"({"ClientAddr":"198.51.100.23:39496","ClientHost":"198.51.100.23","ClientPort":"39496","ClientUsername":"-","DownstreamContentSize":934,"DownstreamStatus":200,"Duration":15313000,"OriginContentSize":934,"OriginDuration":12669000,"OriginStatus":200,"Overhead":2644000,"RequestAddr":"api.example.com","RequestContentSize":0,"RequestCount":190,"RequestHost":"api.example.com","RequestMethod":"GET","RequestPath":"/v1/orders/1234","RequestPort":"-","RequestProtocol":"HTTP/1.1","RequestScheme":"https","RetryAttempts":0,"RouterName":"orders@docker","ServiceAddr":"172.17.0.3:80","ServiceName":"orders@docker","StartLocal":"2026-01-15T10:00:00.587782192Z","StartUTC":"2026-01-15T10:00:00.587782192Z","entryPointName":"https","level":"info","msg":"","request_User-Agent":"okhttp/4.12.0","time":"2026-01-15T10:00:00Z"})")},
      {"caddy",
       Repeat(
           R"({"level":"info","ts":1768471200.7564995,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"172.17.0.1","remote_port":"44790","client_ip":"198.51.100.23","proto":"HTTP/1.1","method":"GET","host":"api.example.com","uri":"/v1/orders/1234","headers":{"User-Agent":["okhttp/4.12.0"],"Accept":["*/*"],"X-Forwarded-For":["198.51.100.23"]}},"bytes_read":0,"user_id":"","duration":0.015002701,"size":934,"status":200,"resp_headers":{"Server":["Caddy"]}})")},
      {"combined",
       Repeat(
           R"(198.51.100.23 - alice [15/Jan/2026:10:00:00 +0000] "GET /v1/orders/1234 HTTP/1.1" 200 934 "https://app.example.com/" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0")")},
  };
}

using Selection = gatewatch::parse::AccessLogParser::Selection;

// The fields a typical rule set reads: who, from where, what, with what outcome.
const std::vector<std::string> kRuleFields = {"user", "api_key", "route", "status"};

void BM_Parse(benchmark::State& state, const Sample& sample, Selection selection) {
  auto map = gatewatch::config::LoadPreset(sample.preset);
  if (!map.ok()) {
    state.SkipWithError(map.status().message().c_str());
    return;
  }
  auto parser = gatewatch::parse::AccessLogParser::Create(
      *map, selection == Selection::kOnlyRequested ? kRuleFields : std::vector<std::string>{},
      selection);
  if (!parser.ok()) {
    state.SkipWithError(parser.status().message().c_str());
    return;
  }
  AccessEvent event = (*parser)->NewEvent();
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& line = sample.lines[i++ % sample.lines.size()];
    auto result = (*parser)->Parse(line, &event);
    if (!result.ok()) {
      state.SkipWithError((*parser)->Describe(result).c_str());
      return;
    }
    bytes += line.size();
    benchmark::DoNotOptimize(event);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

// The floor: simdjson On-Demand walking every key of the gatewatch line and skipping every
// value. What the parser adds on top is field extraction, coercion and repair checks.
void BM_SimdjsonWalkFloor(benchmark::State& state) {
  std::vector<std::string> lines = GatewatchLines();
  std::vector<simdjson::padded_string> padded;
  for (const auto& l : lines) padded.emplace_back(l);
  simdjson::ondemand::parser parser;
  size_t i = 0;
  for (auto _ : state) {
    auto doc = parser.iterate(padded[i++ % padded.size()]);
    simdjson::ondemand::object object;
    if (doc.get_object().get(object)) {
      state.SkipWithError("bad json");
      return;
    }
    size_t keys = 0;
    for (auto field : object) {
      std::string_view key;
      if (field.unescaped_key().get(key)) break;
      keys += key.size();
    }
    benchmark::DoNotOptimize(keys);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

}  // namespace

int main(int argc, char** argv) {
  static const std::vector<Sample> samples = Samples();
  for (const Sample& s : samples) {
    benchmark::RegisterBenchmark((std::string("BM_Parse/") + s.preset).c_str(), BM_Parse, s,
                                 Selection::kAllFields);
  }
  for (const Sample& s : samples) {
    benchmark::RegisterBenchmark((std::string("BM_ParseRuleFields/") + s.preset).c_str(), BM_Parse,
                                 s, Selection::kOnlyRequested);
  }
  benchmark::RegisterBenchmark("BM_SimdjsonWalkFloor", BM_SimdjsonWalkFloor);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
