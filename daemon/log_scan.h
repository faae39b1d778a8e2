#ifndef GATEWATCH_DAEMON_LOG_SCAN_H_
#define GATEWATCH_DAEMON_LOG_SCAN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/access_event.h"
#include "core/status.h"
#include "parse/access_log_parser.h"
#include "parse/parse_stats.h"

namespace gatewatch::cli {

struct ScanOptions {
  std::string input;                      // file path, .gz file, or "-" for stdin
  std::string format = "gatewatch";       // preset name or field map file
  std::vector<std::string> extra_fields;  // fields beyond the canonical ones to materialise
  // Read only ts, client_ip and extra_fields (what a rule set needs), not every field.
  bool only_requested = false;
  bool progress = false;  // redraw a progress line on stderr
};

struct ScanTotals {
  parse::ParseStats stats;
  double seconds = 0;  // wall time of the whole scan, reading included
  uint64_t bytes = 0;  // uncompressed bytes of the lines read
};

// Reads every line of `options.input`, parses it with the chosen format and calls `on_event`
// for each parsed event. Fills `*totals`. Fails only when the input or the format cannot be
// opened; bad lines are counted in totals->stats.
core::Status ScanLog(
    const ScanOptions& options,
    const std::function<void(const core::AccessEvent&, const parse::AccessLogParser&)>& on_event,
    ScanTotals* totals);

}  // namespace gatewatch::cli

#endif  // GATEWATCH_DAEMON_LOG_SCAN_H_
