// gatewatch replay: reads a whole log at full speed and reports what it found.
#include <unistd.h>

#include <cstdio>

#include "commands.h"
#include "log_scan.h"

namespace gatewatch::cli {

void RegisterReplayCommand(CLI::App& app, CommandRegistry* commands) {
  auto options = std::make_shared<ScanOptions>();
  CLI::App* sub =
      app.add_subcommand("replay",
                         "Read a whole log at full speed and print a summary: events, rejects by "
                         "reason, events/s");
  sub->add_option("--format,-f", options->format, "preset or field map YAML file")
      ->capture_default_str();
  sub->add_option("input", options->input, "log file (.gz too), or - for stdin")->required();
  commands->Add(sub, [options]() {
    options->progress = isatty(STDERR_FILENO) != 0;
    ScanTotals totals;
    uint64_t events = 0;
    core::TimestampNs first = 0, last = 0;
    core::Status status = ScanLog(
        *options,
        [&](const core::AccessEvent& event, const parse::AccessLogParser&) {
          if (events == 0 || event.ts() < first) first = event.ts();
          if (event.ts() > last) last = event.ts();
          ++events;
        },
        &totals);
    if (!status.ok()) {
      std::fprintf(stderr, "gatewatch replay: %s\n", status.message().c_str());
      return 1;
    }
    double seconds = totals.seconds > 0 ? totals.seconds : 1e-9;
    std::printf("%s", totals.stats.Summary().c_str());
    std::printf(
        "events %llu in %.3f s: %.0f events/s, %.1f MB/s, %.0f ns/line\n",
        static_cast<unsigned long long>(events), totals.seconds,
        static_cast<double>(totals.stats.lines()) / seconds,
        static_cast<double>(totals.bytes) / seconds / 1e6,
        totals.stats.lines() ? seconds * 1e9 / static_cast<double>(totals.stats.lines()) : 0.0);
    if (events > 0) {
      std::printf("event time %.1f s of traffic\n", static_cast<double>(last - first) / 1e9);
    }
    return 0;
  });
}

}  // namespace gatewatch::cli
