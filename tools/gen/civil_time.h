// Fixed-width UTC timestamp formatting for the generator's hot path (no allocation, no locale).
#ifndef GATEWATCH_TOOLS_GEN_CIVIL_TIME_H_
#define GATEWATCH_TOOLS_GEN_CIVIL_TIME_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace gatewatch::gen {

// Length of FormatRfc3339Millis' output: "2026-01-15T00:00:00.123Z".
inline constexpr size_t kRfc3339MillisLen = 24;
// Length of FormatClf's output: "15/Jan/2026:00:00:00 +0000".
inline constexpr size_t kClfLen = 26;

// Writes "unix_us" (microseconds since the epoch, >= 0) as RFC 3339 UTC with milliseconds
// (truncated) into "out", which must hold kRfc3339MillisLen chars. No terminating NUL.
void FormatRfc3339Millis(int64_t unix_us, char* out);
std::string Rfc3339Millis(int64_t unix_us);

// Writes "unix_us" in the Common Log Format time style (seconds, "+0000") into "out", which must
// hold kClfLen chars. No terminating NUL.
void FormatClf(int64_t unix_us, char* out);

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_CIVIL_TIME_H_
