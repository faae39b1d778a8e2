#ifndef GATEWATCH_TESTS_HTTP_REALISTIC_STATS_H_
#define GATEWATCH_TESTS_HTTP_REALISTIC_STATS_H_

#include <string>
#include <vector>

#include "alert/alert.h"
#include "core/clock.h"
#include "metrics/daemon_metrics.h"

// What a running daemon pushes into DaemonMetrics, made up but shaped like the real thing:
// parser totals from real lines through the "gatewatch" preset, engine stats for two rules,
// two sinks, three Kafka partitions, a reload, a snapshot, batches and firing alerts.
namespace gatewatch::test_http {

inline constexpr core::TimestampNs kNow = 1768471200LL * 1'000'000'000;  // 2026-01-15 10:00Z

// A firing alert of rule `rule` for group {client_ip, user}, its newest event 2 s before kNow.
alert::Alert FiringAlert(const std::string& rule, const std::string& client_ip,
                         const std::string& user);

// Feeds everything above once. The clock should read kNow.
void FeedRealisticStats(metrics::DaemonMetrics& metrics);

}  // namespace gatewatch::test_http

#endif  // GATEWATCH_TESTS_HTTP_REALISTIC_STATS_H_
