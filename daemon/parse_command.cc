// gatewatch parse: prints canonical events as JSON lines, to check a field map.
#include <cstdio>

#include "commands.h"
#include "log_scan.h"
#include "parse/event_json.h"

namespace gatewatch::cli {

void RegisterParseCommand(CLI::App& app, CommandRegistry* commands) {
  auto options = std::make_shared<ScanOptions>();
  CLI::App* sub = app.add_subcommand(
      "parse",
      "Print each line of a log as a canonical event (JSON lines on stdout); rejected "
      "lines are summarised by reason on stderr");
  sub->add_option("--format,-f", options->format,
                  "preset (gatewatch, kong, envoy, nginx-json, aws-apigw, traefik, caddy, "
                  "combined) or field map YAML file")
      ->capture_default_str();
  sub->add_option("--field", options->extra_fields,
                  "also print this field (a name from the field map or a dotted path); repeatable");
  sub->add_option("input", options->input, "log file (.gz too), or - for stdin")->required();
  commands->Add(sub, [options]() {
    std::string out;
    out.reserve(1 << 16);
    ScanTotals totals;
    core::Status status = ScanLog(
        *options,
        [&out](const core::AccessEvent& event, const parse::AccessLogParser& parser) {
          parse::AppendEventJson(event, parser.field_names(), &out);
          out.push_back('\n');
          if (out.size() > (1 << 16) - 4096) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
          }
        },
        &totals);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    if (!status.ok()) {
      std::fprintf(stderr, "gatewatch parse: %s\n", status.message().c_str());
      return 1;
    }
    std::fprintf(stderr, "%s", totals.stats.Summary().c_str());
    return totals.stats.rejected() > 0 ? 1 : 0;
  });
}

}  // namespace gatewatch::cli
