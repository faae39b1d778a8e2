// The ground-truth file: what a run embedded, so tests and benchmarks can score a detector.
//
// One JSON document (pretty-printed, UTF-8), identical for both output formats except "format":
//
//   {
//     "generator": "gatewatch-gen", "version": 1,
//     "seed": 1, "lines": 1000000, "format": "gatewatch", "rate": 200,
//     "start": "2026-01-15T00:00:00.000Z",      first and last "ts" in the log (RFC 3339, ms)
//     "end": "2026-01-15T01:23:19.998Z",
//     "full_size_lines": 100000,                 attacks have full size at and above this
//     "scale": 1,                                min(1, lines / full_size_lines)
//     "attacks": [ ENTRY... ],                   expected "alert"
//     "benign": [ ENTRY... ]                     noisy but innocent; expected "no_alert"
//   }
//
// ENTRY:
//   "id"        unique, "<kind with dashes>-<n>", e.g. "credential-stuffing-1"
//   "kind"      credential_stuffing | distributed_brute_force | api_key_spike | enumeration |
//               partner_key | nat_ip | expired_token_retry | health_check
//   "expected"  "alert" or "no_alert"
//   "entity"    the group a detector should (or must not) alert on, as log fields:
//               {"client_ip": ...}, {"user": ...}, {"api_key": ...} or {"user":...,"client_ip":...}
//   "start", "end"  first and last "ts" of the scenario's lines; for api_key_spike the spike
//               window (whole milliseconds); absent for partner_key and nat_ip (the whole run)
//   "events"    number of lines the scenario wrote
//   kind-specific sizes, true of the lines actually written (max_attempts_per_ip is a bound,
//   multiplier the planned factor):
//     credential_stuffing:  route, distinct_users, failed_distinct_users, successes
//     distributed_brute_force: route, distinct_ips, ipv6_ips, ipv4_prefixes16, max_attempts_per_ip
//     api_key_spike:        multiplier, spike_events, baseline_events, spike_per_min,
//                           baseline_per_min (outside the spike)
//     enumeration:          route, distinct_ids, denied_distinct_ids (403/404), first_id, last_id
//     partner_key:          name, share (of all lines), client_ips
//     nat_ip:               users (whose usual address it is)
//     expired_token_retry:  path, interval_ms
//     health_check:         path, interval_ms
//   "note"      one sentence on what the entity is and why it looks the way it does
#ifndef GATEWATCH_TOOLS_GEN_TRUTH_H_
#define GATEWATCH_TOOLS_GEN_TRUTH_H_

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace gatewatch::gen {

using TruthValue = std::variant<int64_t, double, std::string, std::vector<std::string>>;

struct TruthEntry {
  std::string id;
  std::string kind;
  std::string expected;                                     // "alert" or "no_alert"
  std::vector<std::pair<std::string, std::string>> entity;  // field -> value
  int64_t start_us = -1;                                    // -1: not written
  int64_t end_us = -1;
  uint64_t events = 0;
  std::vector<std::pair<std::string, TruthValue>> sizes;  // kind-specific, in output order
  std::string note;
};

struct Truth {
  uint64_t seed = 0;
  uint64_t lines = 0;
  std::string format;
  double rate = 0;
  int64_t start_us = 0;
  int64_t end_us = 0;
  uint64_t full_size_lines = 0;
  double scale = 0;
  std::vector<TruthEntry> attacks;
  std::vector<TruthEntry> benign;
};

// Serialises "truth" in the format above, ending with a newline.
std::string TruthToJson(const Truth& truth);

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_TRUTH_H_
