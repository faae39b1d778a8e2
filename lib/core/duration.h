#ifndef GATEWATCH_CORE_DURATION_H_
#define GATEWATCH_CORE_DURATION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gatewatch::core {

// A span of time in nanoseconds.
using DurationNs = int64_t;

inline constexpr DurationNs kNanosecond = 1;
inline constexpr DurationNs kMicrosecond = 1000;
inline constexpr DurationNs kMillisecond = 1000 * kMicrosecond;
inline constexpr DurationNs kSecond = 1000 * kMillisecond;
inline constexpr DurationNs kMinute = 60 * kSecond;
inline constexpr DurationNs kHour = 60 * kMinute;
inline constexpr DurationNs kDay = 24 * kHour;

// Parses durations as Prometheus writes them: one or more <integer><unit> terms, largest unit
// first, e.g. "250ms", "30s", "5m", "1h", "1h30m", "7d", "0s". Units: ns, us (or µs), ms, s, m,
// h, d, w. A bare "0" is accepted. Negative values, fractions, unknown units, repeated or
// out-of-order units and values that overflow int64 nanoseconds are errors naming the problem.
Result<DurationNs> ParseDuration(std::string_view text);

// The shortest Prometheus-style spelling: 90s -> "1m30s", 250ms -> "250ms", 0 -> "0s",
// 7d -> "1w", 26h -> "1d2h". Microseconds are written "us". A negative value gets a leading '-'
// (which ParseDuration does not accept).
std::string FormatDuration(DurationNs d);

}  // namespace gatewatch::core

#endif  // GATEWATCH_CORE_DURATION_H_
