// What one generator run produces, and where its event time goes.
#ifndef GATEWATCH_TOOLS_GEN_OPTIONS_H_
#define GATEWATCH_TOOLS_GEN_OPTIONS_H_

#include <algorithm>
#include <cstdint>

namespace gatewatch::gen {

enum class OutputFormat : uint8_t {
  kGatewatch,  // one canonical JSON object per line
  kCombined,   // NGINX/Apache combined text
};

// Smallest --lines: below this the embedded attacks would crowd out the background.
inline constexpr uint64_t kMinLines = 1000;
// --lines at and above which every attack has its full size (smaller files scale them down).
inline constexpr uint64_t kFullSizeLines = 100000;

struct Options {
  uint64_t lines = 0;  // exact number of lines written
  uint64_t seed = 1;
  OutputFormat format = OutputFormat::kGatewatch;
  int64_t start_us = 1768435200LL * 1000000;  // 2026-01-15T00:00:00Z
  double rate = 200.0;                        // mean events per second of event time
};

// The stretch of event time a run covers: lines / rate seconds from the start.
struct Timeline {
  int64_t start_us = 0;
  int64_t duration_us = 0;

  static Timeline For(const Options& o) {
    return {o.start_us, static_cast<int64_t>(static_cast<double>(o.lines) * 1e6 / o.rate)};
  }
  // The instant "permille" thousandths of the way through.
  int64_t At(int64_t permille) const {
    return start_us + static_cast<int64_t>(static_cast<__int128>(duration_us) * permille / 1000);
  }
  // "full_us", shortened to "max_permille" thousandths of the run when the run is short.
  int64_t Span(int64_t full_us, int64_t max_permille) const {
    return std::max<int64_t>(1, std::min<int64_t>(full_us, At(max_permille) - start_us));
  }
};

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_OPTIONS_H_
