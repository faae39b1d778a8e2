// gatewatch-gen: writes deterministic, realistic API-gateway access logs with embedded attacks
// and a ground-truth file. See tools/gen/README.md.
//
//   gatewatch-gen --lines N [--seed S] [--format gatewatch|combined] [--start RFC3339]
//                 [--rate EVENTS_PER_SEC] [--truth FILE] [--out FILE|-]
//
// Exit status: 0 on success, 1 when an output file cannot be written, 2 on a usage error (one
// line on stderr).
#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdio>
#include <string>

#include "core/timestamp.h"
#include "gen/generator.h"
#include "gen/truth.h"

namespace {

using gatewatch::gen::Options;
using gatewatch::gen::OutputFormat;

constexpr int kUsageError = 2;

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "gatewatch-gen: %s\n", message.c_str());
  return code;
}

bool WriteFile(const std::string& path, const std::string& content) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return false;
  }
  const bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  std::string seed = "1";
  std::string format = "gatewatch";
  std::string start = "2026-01-15T00:00:00Z";
  std::string truth_path;
  std::string out_path = "-";

  CLI::App app("Writes a deterministic API-gateway access log with embedded attacks.",
               "gatewatch-gen");
  app.add_option("--lines", options.lines, "exact number of lines to write")
      ->required()
      ->check(CLI::Range(gatewatch::gen::kMinLines, uint64_t{2000000000}));
  app.add_option("--seed", seed, "random seed (0 to 2^64-1); same seed, same bytes")
      ->capture_default_str();
  app.add_option("--format", format, "line format")
      ->check(CLI::IsMember({"gatewatch", "combined"}))
      ->capture_default_str();
  app.add_option("--start", start, "event time of the first line (RFC 3339)")
      ->capture_default_str();
  app.add_option("--rate", options.rate, "mean events per second of event time")
      ->check(CLI::Range(0.001, 1000000.0))
      ->capture_default_str();
  app.add_option("--truth", truth_path, "write the ground truth (JSON) to this file");
  app.add_option("--out", out_path, "log destination, '-' for stdout")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return Fail(kUsageError, std::string(e.what()) + " (see --help)");
  }

  const auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), options.seed);
  if (ec != std::errc() || end != seed.data() + seed.size()) {
    return Fail(kUsageError, "--seed: not an integer in [0, 2^64-1]: " + seed);
  }
  const auto start_ns =
      gatewatch::core::ParseTimestamp(start, gatewatch::core::TimeFormat::kRfc3339);
  if (!start_ns) {
    return Fail(kUsageError, "--start: not an RFC 3339 timestamp: " + start);
  }
  options.start_us = *start_ns / 1000;
  options.format = format == "combined" ? OutputFormat::kCombined : OutputFormat::kGatewatch;
  if (static_cast<double>(options.lines) / options.rate > 100.0 * 365 * 86400) {
    return Fail(kUsageError, "--lines / --rate spans more than 100 years of event time");
  }

  std::FILE* out = out_path == "-" ? stdout : std::fopen(out_path.c_str(), "wb");
  if (out == nullptr) {
    return Fail(1, "cannot open " + out_path);
  }
  gatewatch::gen::Truth truth;
  std::string error;
  const bool ok = gatewatch::gen::Generate(options, out, &truth, &error);
  if (out != stdout && std::fclose(out) != 0 && ok) {
    return Fail(1, "cannot write " + out_path);
  }
  if (!ok) {
    return Fail(1, error);
  }
  if (!truth_path.empty() && !WriteFile(truth_path, gatewatch::gen::TruthToJson(truth))) {
    return Fail(1, "cannot write " + truth_path);
  }
  return 0;
}
