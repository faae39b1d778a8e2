// gatewatch verify-log: checks the tamper-evident alert log (docs/alert-log.md).
//
// Prints one summary line on stdout ("ok: ..." or "damaged: FILE:LINE: KIND: ..."), notes and
// warnings on stderr. Exit 0 when the chain is intact, 1 when it is damaged, 2 on a usage error
// (bad flags, unreadable files or key, an HMAC-sealed log without --key-file).
#include <cinttypes>
#include <cstdio>
#include <filesystem>

#include "alertlog/alert_log_verifier.h"
#include "alertlog/key_file.h"
#include "alertlog/log_files.h"
#include "commands.h"

namespace gatewatch::cli {
namespace {

struct VerifyLogArgs {
  std::vector<std::string> paths;
  std::string key_file;
  std::vector<std::string> expect_heads;
  bool partial = false;
};

int UsageError(const core::Status& status) {
  std::fprintf(stderr, "gatewatch verify-log: %s\n", status.message().c_str());
  return 2;
}

// Files in chain order; a directory stands for the one alert log it holds.
core::Result<std::vector<std::string>> ChainFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      files.push_back(path);
      continue;
    }
    GW_ASSIGN_OR_RETURN(std::vector<std::string> set, alertlog::LogSetInDirectory(path));
    files.insert(files.end(), set.begin(), set.end());
  }
  return files;
}

core::Result<alertlog::VerifyOptions> BuildOptions(const VerifyLogArgs& args) {
  alertlog::VerifyOptions options;
  options.allow_partial = args.partial;
  for (const std::string& text : args.expect_heads) {
    GW_ASSIGN_OR_RETURN(alertlog::ChainHead head, alertlog::ParseChainHead(text));
    options.expected_heads.push_back(std::move(head));
  }
  if (!args.key_file.empty()) {
    std::vector<std::string> warnings;
    GW_ASSIGN_OR_RETURN(
        options.key,
        alertlog::ReadKeyFile(args.key_file, alertlog::KeyFilePermissions::kWarnLoose, &warnings));
    for (const std::string& warning : warnings) {
      std::fprintf(stderr, "warning: %s\n", warning.c_str());
    }
  }
  return options;
}

void PrintIntact(const alertlog::VerifyReport& report, const alertlog::VerifyOptions& options) {
  std::string line = "ok: " + std::to_string(report.records) + " records";
  if (report.head) line += ", head " + alertlog::FormatChainHead(*report.head);
  line += ", sealed " + std::string(alertlog::SealKindName(report.seal));
  if (report.first_seq != 0) line += ", starts at seq " + std::to_string(report.first_seq);
  if (!options.expected_heads.empty()) {
    line += ", " + std::to_string(options.expected_heads.size()) + " published head(s) matched";
  }
  if (!report.notes.empty()) {
    line += ", " + std::to_string(report.notes.size()) + " torn tail(s) cut on restart";
  }
  std::printf("%s\n", line.c_str());
}

int RunVerifyLog(const VerifyLogArgs& args) {
  auto options = BuildOptions(args);
  if (!options.ok()) return UsageError(options.status());
  auto files = ChainFiles(args.paths);
  if (!files.ok()) return UsageError(files.status());
  auto report = alertlog::AlertLogVerifier(*options).Verify(*files);
  if (!report.ok()) return UsageError(report.status());
  for (const std::string& note : report->notes) std::fprintf(stderr, "note: %s\n", note.c_str());
  if (const auto& damage = report->damage) {
    std::printf("damaged: %s:%" PRIu64 ": %s: %s (%" PRIu64 " records verified before it)\n",
                damage->file.c_str(), damage->line,
                std::string(alertlog::DamageKindName(damage->kind)).c_str(), damage->detail.c_str(),
                report->records);
    return 1;
  }
  PrintIntact(*report, *options);
  return 0;
}

}  // namespace

void RegisterVerifyLogCommand(CLI::App& app, CommandRegistry* commands) {
  auto args = std::make_shared<VerifyLogArgs>();
  CLI::App* sub = app.add_subcommand(
      "verify-log",
      "Verify the alert log's hash chain: exit 0 intact, 1 damaged (first bad record as "
      "file:line and the kind of damage), 2 usage error");
  sub->add_option("--key-file", args->key_file, "HMAC key file the log was sealed with");
  sub->add_option("--expect-head", args->expect_heads,
                  "a head published earlier, SEQ:HASH; it must still be in the chain (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_flag("--partial", args->partial,
                "accept a set that begins mid-chain (older rotated files deleted)");
  sub->add_option("files", args->paths,
                  "log files in chain order (alerts.log.N ... alerts.log.1 alerts.log), or the "
                  "directory holding them")
      ->required();
  commands->Add(sub, [args]() { return RunVerifyLog(*args); });
}

}  // namespace gatewatch::cli
