#include "gen/generator.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <vector>

#include "gen/attacks.h"
#include "gen/benign.h"
#include "gen/scenario.h"
#include "gen/traffic_model.h"
#include "gen/writers.h"

namespace gatewatch::gen {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

// Gateways log when a response completes, so a slow request can land after a later one: a
// small share of lines carry a time up to 0.9 s earlier than their position.
constexpr uint64_t kLatePermille = 25;
constexpr int64_t kMaxLateUs = 900000;

class Output {
 public:
  explicit Output(std::FILE* out) : out_(out) { buffer_.reserve(kFlushBytes + 8192); }

  std::string* buffer() { return &buffer_; }

  bool MaybeFlush() { return buffer_.size() < kFlushBytes || Flush(); }

  bool Flush() {
    if (!buffer_.empty() &&
        std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size()) {
      return false;
    }
    buffer_.clear();
    return true;
  }

 private:
  std::FILE* out_;
  std::string buffer_;
};

}  // namespace

bool Generate(const Options& options, std::FILE* out, Truth* truth, std::string* error) {
  Rng rng(options.seed);
  StringPool pool;
  IpSpace ips(&pool);
  const Population pop = BuildPopulation(options.lines, &pool, &ips, rng);

  // Planning order is part of the output: it fixes the order of random draws.
  PlanContext ctx(options, pop, &pool, &ips, rng);
  using Planner = ScenarioPtr (*)(PlanContext&);
  std::vector<ScenarioPtr> scenarios;
  std::vector<bool> is_attack;
  auto plan = [&](std::initializer_list<Planner> planners, bool attack) {
    for (Planner planner : planners) {
      ctx.scenario = static_cast<uint16_t>(scenarios.size());
      scenarios.push_back(planner(ctx));
      is_attack.push_back(attack);
    }
  };
  plan({PlanCredentialStuffing, PlanDistributedBruteForce, PlanApiKeySpike, PlanEnumeration}, true);
  plan({PlanExpiredTokenRetry, PlanHealthCheck}, false);
  std::vector<Scheduled>& schedule = ctx.schedule;
  std::sort(schedule.begin(), schedule.end());
  if (schedule.size() * 2 > options.lines) {
    *error = "internal: scenarios would fill more than half of the lines";
    return false;
  }

  const auto write =
      options.format == OutputFormat::kCombined ? AppendCombined : AppendGatewatchJson;
  const Timeline tl = ctx.timeline;
  const uint64_t slots = options.lines - schedule.size();
  const int64_t step = std::max<int64_t>(1, tl.duration_us / static_cast<int64_t>(slots));
  BackgroundModel background(pop);
  Output output(out);
  Event e;
  int64_t first_us = std::numeric_limits<int64_t>::max();
  int64_t last_us = std::numeric_limits<int64_t>::min();
  size_t next = 0;

  // Emits one line whose nominal time is "nominal_us"; "item" is null for background lines.
  auto emit = [&](int64_t nominal_us, const Scheduled* item) {
    int64_t ts = nominal_us;
    if (rng.Below(1000) < kLatePermille) {
      ts = std::max(options.start_us, ts - rng.Between(1000, kMaxLateUs));
    }
    e.ts_us = ts;
    if (item != nullptr) {
      scenarios[item->scenario]->Render(*item, rng, &e);
      scenarios[item->scenario]->Record(*item, e);
    } else {
      background.Fill(rng, &e);
    }
    e.request_id_hi = rng.Next();
    e.request_id_lo = rng.Next();
    first_us = std::min(first_us, ts);
    last_us = std::max(last_us, ts);
    write(e, output.buffer());
    return output.MaybeFlush();
  };

  bool ok = true;
  for (uint64_t i = 0; i < slots && ok; ++i) {
    // Background lines are spread evenly with a random offset inside their slot.
    const int64_t t = tl.start_us +
                      static_cast<int64_t>(static_cast<__int128>(tl.duration_us) * i / slots) +
                      static_cast<int64_t>(rng.Below(static_cast<uint64_t>(step)));
    while (ok && next < schedule.size() && schedule[next].t_us <= t) {
      ok = emit(schedule[next].t_us, &schedule[next]);
      ++next;
    }
    ok = ok && emit(t, nullptr);
  }
  for (; ok && next < schedule.size(); ++next) {
    ok = emit(schedule[next].t_us, &schedule[next]);
  }
  if (!ok || !output.Flush() || std::fflush(out) != 0) {
    *error = std::string("write failed: ") + std::strerror(errno);
    return false;
  }

  truth->seed = options.seed;
  truth->lines = options.lines;
  truth->format = options.format == OutputFormat::kCombined ? "combined" : "gatewatch";
  truth->rate = options.rate;
  truth->start_us = first_us;
  truth->end_us = last_us;
  truth->full_size_lines = kFullSizeLines;
  truth->scale = std::min(1.0, static_cast<double>(options.lines) / kFullSizeLines);
  for (size_t i = 0; i < scenarios.size(); ++i) {
    (is_attack[i] ? truth->attacks : truth->benign).push_back(scenarios[i]->Truth(1));
  }
  for (TruthEntry& t : BackgroundTruth(pop, background, options.lines)) {
    truth->benign.push_back(std::move(t));
  }
  return true;
}

}  // namespace gatewatch::gen
