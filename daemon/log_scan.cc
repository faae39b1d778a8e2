#include "log_scan.h"

#include <cstdio>

#include "config/field_map_loader.h"
#include "core/clock.h"
#include "ingest/line_reader.h"

namespace gatewatch::cli {
namespace {

constexpr int64_t kProgressIntervalNs = 250'000'000;

void DrawProgress(const ingest::LineReader& reader, uint64_t events, double seconds) {
  double rate = seconds > 0 ? static_cast<double>(events) / seconds : 0;
  if (reader.input_size() > 0) {
    double done = 100.0 * static_cast<double>(reader.input_offset()) /
                  static_cast<double>(reader.input_size());
    std::fprintf(stderr, "\r  %5.1f%%  %llu lines  %.0f lines/s   ", done,
                 static_cast<unsigned long long>(reader.line_number()), rate);
  } else {
    std::fprintf(stderr, "\r  %llu lines  %.0f lines/s   ",
                 static_cast<unsigned long long>(reader.line_number()), rate);
  }
}

}  // namespace

core::Status ScanLog(
    const ScanOptions& options,
    const std::function<void(const core::AccessEvent&, const parse::AccessLogParser&)>& on_event,
    ScanTotals* totals) {
  auto map = config::LoadFormat(options.format);
  if (!map.ok()) return map.status();
  auto parser = parse::AccessLogParser::Create(
      *map, options.extra_fields,
      options.only_requested ? parse::AccessLogParser::Selection::kOnlyRequested
                             : parse::AccessLogParser::Selection::kAllFields);
  if (!parser.ok()) return parser.status();
  auto reader = ingest::LineReader::Open(options.input, map->max_line_bytes);
  if (!reader.ok()) return reader.status();

  core::RealClock clock;
  const int64_t start = clock.MonotonicNs();
  int64_t next_progress = start + kProgressIntervalNs;
  core::AccessEvent event = (*parser)->NewEvent();
  std::string_view line;
  while ((*reader)->Next(&line)) {
    totals->bytes += line.size() + 1;
    parse::ParseResult result = (*parser)->Parse(line, &event);
    totals->stats.Record(result, event, line, (*reader)->line_number(), **parser);
    if (result.ok()) on_event(event, **parser);
    if (options.progress && ((*reader)->line_number() & 0xFFFF) == 0) {
      int64_t now = clock.MonotonicNs();
      if (now >= next_progress) {
        DrawProgress(**reader, (*reader)->line_number(), static_cast<double>(now - start) / 1e9);
        next_progress = now + kProgressIntervalNs;
      }
    }
  }
  totals->seconds = static_cast<double>(clock.MonotonicNs() - start) / 1e9;
  if (options.progress) std::fprintf(stderr, "\r%60s\r", "");
  return (*reader)->status();
}

}  // namespace gatewatch::cli
