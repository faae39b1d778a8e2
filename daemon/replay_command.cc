// gatewatch replay: runs a whole log through the rules at full speed: alert records as JSON
// lines on stdout (or --alerts-out), a summary on stderr.
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "alert/alert.h"
#include "commands.h"
#include "config/parser_for_rules.h"
#include "config/rule_loader.h"
#include "log_scan.h"
#include "parse/access_log_parser.h"
#include "rules/rule_engine.h"

namespace gatewatch::cli {
namespace {

struct ReplayOptions {
  ScanOptions scan;
  std::vector<std::string> rule_paths;
  std::string alerts_out;
  bool keep_open = false;
};

void PrintSummary(const ScanTotals& totals, const rules::EngineStats& engine, uint64_t alerts) {
  double seconds = totals.seconds > 0 ? totals.seconds : 1e-9;
  std::fprintf(stderr, "%s", totals.stats.Summary().c_str());
  std::fprintf(
      stderr, "events %llu applied, late %llu, future %llu; %llu alert records\n",
      static_cast<unsigned long long>(engine.events), static_cast<unsigned long long>(engine.late),
      static_cast<unsigned long long>(engine.future), static_cast<unsigned long long>(alerts));
  std::fprintf(stderr, "  %-34s %9s %8s %8s %8s %9s %9s\n", "rule", "matched", "fired", "resolved",
               "rolledup", "groups", "evicted");
  uint64_t groups = 0;
  for (const rules::RuleStats& r : engine.rules) {
    std::fprintf(stderr, "  %-34s %9llu %8llu %8llu %8llu %9llu %9llu\n", r.rule.c_str(),
                 static_cast<unsigned long long>(r.matched),
                 static_cast<unsigned long long>(r.alerts_fired),
                 static_cast<unsigned long long>(r.alerts_resolved),
                 static_cast<unsigned long long>(r.alerts_rolled_up),
                 static_cast<unsigned long long>(r.groups_created),
                 static_cast<unsigned long long>(r.groups_evicted));
    groups += r.groups;
  }
  std::fprintf(stderr, "state %.1f KiB now for %llu groups\n",
               static_cast<double>(engine.state_bytes) / 1024,
               static_cast<unsigned long long>(groups));
  std::fprintf(
      stderr, "lines %llu in %.3f s: %.0f events/s, %.1f MB/s, %.0f ns/line\n",
      static_cast<unsigned long long>(totals.stats.lines()), totals.seconds,
      static_cast<double>(totals.stats.lines()) / seconds,
      static_cast<double>(totals.bytes) / seconds / 1e6,
      totals.stats.lines() ? seconds * 1e9 / static_cast<double>(totals.stats.lines()) : 0.0);
}

}  // namespace

std::string DefaultRulesPath() {
  std::error_code ec;
  if (std::filesystem::is_directory("/usr/share/gatewatch/rules", ec)) {
    return "/usr/share/gatewatch/rules";
  }
  return GATEWATCH_SOURCE_RULES;
}

void RegisterReplayCommand(CLI::App& app, CommandRegistry* commands) {
  auto options = std::make_shared<ReplayOptions>();
  CLI::App* sub = app.add_subcommand(
      "replay",
      "Run a whole log through the rules at full speed: alerts as JSON lines on stdout, a "
      "summary (events, rejects by reason, alerts by rule, groups, events/s) on stderr");
  sub->add_option("--format,-f", options->scan.format, "preset or field map YAML file")
      ->capture_default_str();
  sub->add_option("--rules,-r", options->rule_paths,
                  "rule files or directories (default: the shipped packs)");
  sub->add_option("--alerts-out", options->alerts_out, "write alerts here instead of stdout");
  sub->add_flag("--keep-open", options->keep_open,
                "at the end, leave alerts firing instead of advancing time until they resolve");
  sub->add_option("input", options->scan.input, "log file (.gz too), or - for stdin")->required();
  commands->Add(sub, [options]() {
    if (options->rule_paths.empty()) options->rule_paths.push_back(DefaultRulesPath());
    auto set = config::LoadRuleFiles(options->rule_paths);
    if (!set.ok()) {
      std::fprintf(stderr, "gatewatch replay: %s\n", set.status().message().c_str());
      return 1;
    }
    ScanOptions scan = options->scan;
    scan.extra_fields = (*set)->fields.UsedFieldNames();
    scan.only_requested = true;
    scan.progress = isatty(STDERR_FILENO) != 0;
    // The parser must number extra fields exactly as the rule set does.
    if (auto parser = config::CreateParserForRules(scan.format, **set); !parser.ok()) {
      std::fprintf(stderr, "gatewatch replay: %s\n", parser.status().message().c_str());
      return 1;
    }
    std::FILE* out = stdout;
    if (!options->alerts_out.empty()) {
      out = std::fopen(options->alerts_out.c_str(), "w");
      if (out == nullptr) {
        std::fprintf(stderr, "gatewatch replay: cannot write %s\n", options->alerts_out.c_str());
        return 1;
      }
    }
    core::RealClock clock;
    rules::EngineOptions engine_options;
    engine_options.resolve_at_finish = !options->keep_open;
    rules::RuleEngine engine(*set, engine_options, clock);
    alert::JsonLinesAlertSink sink(out);
    ScanTotals totals;
    core::Status status = ScanLog(
        scan,
        [&](const core::AccessEvent& event, const parse::AccessLogParser&) {
          engine.Apply(event, 0, &sink);
        },
        &totals);
    engine.Finish(&sink);
    std::fflush(out);
    if (out != stdout) std::fclose(out);
    if (!status.ok()) {
      std::fprintf(stderr, "gatewatch replay: %s\n", status.message().c_str());
      return 1;
    }
    PrintSummary(totals, engine.stats(), sink.written());
    return 0;
  });
}

}  // namespace gatewatch::cli
