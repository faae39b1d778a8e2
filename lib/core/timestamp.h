#ifndef GATEWATCH_CORE_TIMESTAMP_H_
#define GATEWATCH_CORE_TIMESTAMP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace gatewatch::core {

// How a log writes its timestamp.
enum class TimeFormat : uint8_t {
  kAuto,     // detect: RFC 3339, CLF, or an epoch number whose unit is guessed from its magnitude
  kRfc3339,  // 2023-06-10T15:36:28.123456789+02:00, 'T' or ' ', 'Z' or offset, 0-9 fraction digits
  kClf,      // 10/Jun/2023:15:36:28 +0000 (NGINX $time_local, Apache %t, AWS requestTime)
  kEpochS,   // seconds, integer or with a fraction (NGINX $msec "1686411388.123", Caddy ts)
  kEpochMs,  // milliseconds (Kong started_at, AWS requestTimeEpoch)
  kEpochUs,  // microseconds
  kEpochNs,  // nanoseconds
};

// "auto", "rfc3339", "clf", "epoch_s" (aliases "msec", "unix", "epoch"), "epoch_ms", "epoch_us",
// "epoch_ns"; std::nullopt for anything else. TimeFormatName returns the canonical spelling.
std::optional<TimeFormat> TimeFormatFromName(std::string_view name);
std::string_view TimeFormatName(TimeFormat format);

// Parses a timestamp written as text (also epoch numbers written as strings, e.g. "1686411388123").
// Returns std::nullopt when the text is not a timestamp in `format`, or when it is outside
// [1970-01-01, 2262-04-11) (int64 nanoseconds). Never allocates. Surrounding whitespace is not
// accepted (callers trim). RFC 3339 without an offset is read as UTC; a leap second (:60) is read
// as :59; fraction digits past the ninth are truncated. In kAuto, text of digits with at most one
// '.' is an epoch number, read as seconds when its integer part is below 1e11, milliseconds below
// 1e14, microseconds below 1e17, else nanoseconds; "dd/" starts CLF; anything else is RFC 3339.
std::optional<TimestampNs> ParseTimestamp(std::string_view text, TimeFormat format);

// Converts an epoch number as it came from JSON. kAuto guesses the unit as above; kRfc3339 and
// kClf return std::nullopt (a number is not text). A fractional double is read as the shortest
// decimal that round-trips (the number the JSON writer printed), so 1686411388.123 in kEpochS is
// exactly ...123000000 ns.
std::optional<TimestampNs> TimestampFromNumber(double value, TimeFormat format);
std::optional<TimestampNs> TimestampFromInteger(int64_t value, TimeFormat format);

// RFC 3339 in UTC with nanoseconds trimmed of trailing zeros: "2023-06-10T15:36:28.123Z".
std::string FormatRfc3339(TimestampNs t);

}  // namespace gatewatch::core

#endif  // GATEWATCH_CORE_TIMESTAMP_H_
