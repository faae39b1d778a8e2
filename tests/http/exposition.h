#ifndef GATEWATCH_TESTS_HTTP_EXPOSITION_H_
#define GATEWATCH_TESTS_HTTP_EXPOSITION_H_

#include <optional>
#include <string>

#include "child_process.h"
#include "metrics/daemon_metrics.h"

// Reading a Prometheus text exposition in tests.
namespace gatewatch::test_http {

// metrics.ExpositionText(), failing the current test (and returning "") if it fails.
std::string ExpositionOf(const metrics::DaemonMetrics& metrics);

// The value of the sample whose line starts with `series` followed by a space, e.g.
// `gatewatch_events_late_total` or `gatewatch_alerts_total{rule="r",state="firing"}` (labels
// in the order prometheus-cpp writes them: sorted by name). nullopt if there is no such line.
std::optional<double> SampleValue(const std::string& exposition, const std::string& series);

// Lines of `exposition` that start with `name{` or `name ` (the family's samples).
int CountSamples(const std::string& exposition, const std::string& name);

// `promtool check metrics` with the exposition on stdin: exit code and everything it printed.
// Passing means exit 0 and no output (lint problems count).
RunResult PromtoolCheckMetrics(const std::string& exposition);

}  // namespace gatewatch::test_http

#endif  // GATEWATCH_TESTS_HTTP_EXPOSITION_H_
