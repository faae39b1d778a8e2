// Scenarios: entities whose lines are planned up front at chosen times (the attacks, and the
// periodic benign clients), as opposed to the background, which is drawn line by line.
#ifndef GATEWATCH_TOOLS_GEN_SCENARIO_H_
#define GATEWATCH_TOOLS_GEN_SCENARIO_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <unordered_set>
#include <vector>

#include "gen/event.h"
#include "gen/ip_space.h"
#include "gen/options.h"
#include "gen/rng.h"
#include "gen/string_pool.h"
#include "gen/traffic_model.h"
#include "gen/truth.h"

namespace gatewatch::gen {

// One planned line.
struct Scheduled {
  int64_t t_us;       // nominal event time
  uint32_t seq;       // planning order; breaks ties so the sort is deterministic
  uint16_t scenario;  // index of the scenario that renders it
  uint16_t variant;   // scenario-specific (outcome, phase)
  uint32_t arg;       // scenario-specific (target index, step)

  bool operator<(const Scheduled& o) const { return t_us != o.t_us ? t_us < o.t_us : seq < o.seq; }
};

// What a scenario may use while planning.
class PlanContext {
 public:
  PlanContext(const Options& options, const Population& pop, StringPool* pool, IpSpace* ips,
              Rng& rng)
      : options(options),
        timeline(Timeline::For(options)),
        pop(pop),
        pool(pool),
        ips(ips),
        rng(rng) {}

  // "full" at and above kFullSizeLines, proportionally less below, never under "floor".
  int64_t Scaled(int64_t full, int64_t floor) const {
    const int64_t lines = static_cast<int64_t>(std::min(options.lines, kFullSizeLines));
    return std::max<int64_t>(floor, full * lines / static_cast<int64_t>(kFullSizeLines));
  }

  // Plans a line of the scenario being planned.
  void Add(int64_t t_us, uint16_t variant, uint32_t arg) {
    schedule.push_back({t_us, static_cast<uint32_t>(schedule.size()), scenario, variant, arg});
  }

  // Claims a user no other scenario has claimed; "quiet" ones come from the middle of the
  // activity ranking and never sit behind a NAT, so their own traffic is ordinary.
  size_t ClaimUser(bool quiet);

  const Options& options;
  const Timeline timeline;
  const Population& pop;
  StringPool* pool;
  IpSpace* ips;
  Rng& rng;
  std::vector<Scheduled> schedule;
  uint16_t scenario = 0;  // index the next Add()s are tagged with

 private:
  std::unordered_set<size_t> claimed_users_;
};

class Scenario {
 public:
  virtual ~Scenario() = default;

  // Fills every field of "e" except ts_us and the request id for a line this scenario planned.
  virtual void Render(const Scheduled& item, Rng& rng, Event* e) = 0;

  // Called with every line after it is final, to count what was really written.
  virtual void Record(const Scheduled& item, const Event& e) {
    (void)item;
    ++events_;
    first_us_ = std::min(first_us_, e.ts_us);
    last_us_ = std::max(last_us_, e.ts_us);
  }

  // The ground-truth entry for what was written; "n" numbers entries of the same kind.
  virtual TruthEntry Truth(int n) const = 0;

 protected:
  // id, kind, expectation, line count and time span of a truth entry.
  TruthEntry Header(const char* kind, int n, bool attack) const;

  uint64_t events_ = 0;
  int64_t first_us_ = std::numeric_limits<int64_t>::max();
  int64_t last_us_ = std::numeric_limits<int64_t>::min();
};

using ScenarioPtr = std::unique_ptr<Scenario>;

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_SCENARIO_H_
