#include "snapshot_test_util.h"

#include <string>

namespace gatewatch::rules::testing {
namespace {

using core::kMinute;
using core::kSecond;

uint64_t SplitMix(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

const char* const kRoutes[] = {"/v1/orders", "/v1/pay", "/v1/users", "/v1/search", "/v1/cart"};

core::AccessEvent Background(const EngineHarness& h, core::TimestampNs t, uint64_t r) {
  core::AccessEvent e =
      h.Event(t, "10.0." + std::to_string(r % 4) + "." + std::to_string((r >> 8) % 100 + 1));
  const std::string route = kRoutes[(r >> 16) % 5];
  e.SetString(core::kFieldRoute, route);
  e.SetString(core::kFieldPath, route + "/" + std::to_string((r >> 20) % 1000));
  e.SetString(core::kFieldUser, "user" + std::to_string((r >> 30) % 50));
  e.SetString(core::kFieldApiKey, "k_" + std::to_string((r >> 36) % 10));
  const uint64_t s = (r >> 40) % 100;
  e.SetNumber(core::kFieldStatus, s < 3 ? 401 : s < 8 ? 404 : s < 10 ? 500 : 200);
  e.SetNumber(core::kFieldLatencyMs, 20 + static_cast<double>((r >> 48) % 200));
  e.SetNumber(core::kFieldBytesOut, 500 + static_cast<double>((r >> 52) % 2000));
  return e;
}

// The attacks active at second `t` (minute `m` of the stream), appended to `out`.
void Attacks(const EngineHarness& h, core::TimestampNs t, int64_t m, int64_t second,
             std::vector<StreamItem>* out) {
  auto add = [&](core::AccessEvent e) { out->push_back(StreamItem{std::move(e), 0, false}); };
  auto status = [&](std::string_view ip, int code, std::string_view user) {
    core::AccessEvent e = h.Event(t, ip);
    e.SetNumber(core::kFieldStatus, code);
    e.SetString(core::kFieldUser, user);
    e.SetString(core::kFieldPath, "/login");
    return e;
  };
  if (m >= 3 && m < 7) add(status("203.0.113.5", 401, "admin"));
  if (m >= 4 && m < 6) {
    for (int i = 10; i < 14; ++i) add(status("203.0.113." + std::to_string(i), 401, "root"));
    add(status("203.0.113.20", 401, "healthcheck"));
  }
  if (m >= 8 && m < 12) {
    for (int i = 0; i < 3; ++i) {
      add(status("198.51.100.77", 401, "victim" + std::to_string(second * 3 + i)));
    }
  }
  if (m >= 10 && m < 11) {
    core::AccessEvent e = h.Event(t, "198.51.100.88");
    e.SetNumber(core::kFieldBytesOut, 200000);
    add(std::move(e));
  }
  auto route = [&](const char* r, double latency, int code) {
    core::AccessEvent e = h.Event(t, "192.0.2.50");
    e.SetString(core::kFieldRoute, r);
    e.SetNumber(core::kFieldLatencyMs, latency);
    e.SetNumber(core::kFieldStatus, code);
    add(std::move(e));
  };
  if (m >= 13 && m < 15) {
    route("/v1/export", second % 90 == 30 ? 6000 : 1500, 200);
    route("/v1/export", 1500, 200);
  }
  if (m >= 16 && m < 19) {
    route("/v1/orders", 30, 503);
    route("/v1/orders", 30, 503);
  }
  if (m >= 20 && m < 22) {
    for (int i = 0; i < 10; ++i) {
      core::AccessEvent e = h.Event(t, "192.0.2.60");
      e.SetString(core::kFieldApiKey, "k_3");
      add(std::move(e));
    }
  }
}

}  // namespace

std::vector<StreamItem> GenerateStream(const EngineHarness& h) {
  std::vector<StreamItem> items;
  uint64_t rng = 42;
  constexpr core::DurationNs kStep = 40 * core::kMillisecond;
  auto background = [&](core::TimestampNs t) {
    const uint64_t r = SplitMix(&rng);
    const size_t n = items.size();
    core::TimestampNs ts = t;
    if (n % 500 == 499) ts -= 10 * kSecond;   // late, within the allowed lateness
    if (n % 2000 == 1999) ts -= 2 * kMinute;  // too late: counted, not applied
    items.push_back(StreamItem{Background(h, ts, r), static_cast<uint32_t>(r % 3), n % 700 == 0});
  };
  for (core::TimestampNs t = kT0; t < kT0 + 25 * kMinute; t += kStep) {
    background(t);
    if ((t - kT0) % kSecond == 0) {
      const int64_t second = (t - kT0) / kSecond;
      Attacks(h, t, second / 60, second, &items);
    }
    if (t == kT0 + 9 * kMinute) {
      items.push_back(StreamItem{h.Event(t + core::kDay, "192.0.2.99"), 1, false});  // future
    }
  }
  // Ten minutes of silence, then a little traffic.
  for (core::TimestampNs t = kT0 + 35 * kMinute; t < kT0 + 35 * kMinute + 10 * kSecond;
       t += kStep) {
    background(t);
  }
  return items;
}

void Feed(EngineHarness& h, const std::vector<StreamItem>& items, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    h.Apply(items[i].event, items[i].partition);
    if (items[i].idle_after) h.AdvanceTo(items[i].event.ts());
  }
}

std::vector<std::string> AlertJson(const std::vector<alert::Alert>& alerts) {
  std::vector<std::string> out;
  for (const alert::Alert& a : alerts) out.push_back(alert::AlertToJson(a));
  return out;
}

std::string StatsText(const EngineStats& s) {
  std::string out = "events=" + std::to_string(s.events) + " late=" + std::to_string(s.late) +
                    " future=" + std::to_string(s.future) +
                    " watermark=" + std::to_string(s.watermark) + "\n";
  for (const RuleStats& r : s.rules) {
    for (uint64_t v : {r.matched, r.excepted, r.groups, r.groups_created, r.groups_evicted,
                       r.groups_expired, r.baselines, r.baselines_evicted, r.alerts_firing,
                       r.alerts_fired, r.alerts_resolved, r.alerts_rolled_up}) {
      out += std::to_string(v) + " ";
    }
    out += r.rule + "\n";
  }
  return out;
}

}  // namespace gatewatch::rules::testing
