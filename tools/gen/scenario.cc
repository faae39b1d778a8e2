#include "gen/scenario.h"

#include <string>

namespace gatewatch::gen {

size_t PlanContext::ClaimUser(bool quiet) {
  const size_t n = pop.users.size();
  for (int attempt = 0;; ++attempt) {
    // After many misses (tiny populations) any unclaimed user will do.
    const bool strict = quiet && attempt < 1000;
    const size_t u = strict ? n / 10 + rng.Below(n / 2 - n / 10) : rng.Below(n);
    if ((strict && pop.users[u].nat >= 0) || claimed_users_.count(u) != 0) {
      continue;
    }
    claimed_users_.insert(u);
    return u;
  }
}

TruthEntry Scenario::Header(const char* kind, int n, bool attack) const {
  TruthEntry t;
  t.kind = kind;
  t.id = kind;
  std::replace(t.id.begin(), t.id.end(), '_', '-');
  t.id.append("-").append(std::to_string(n));
  t.expected = attack ? "alert" : "no_alert";
  t.events = events_;
  if (events_ > 0) {
    t.start_us = first_us_;
    t.end_us = last_us_;
  }
  return t;
}

}  // namespace gatewatch::gen
