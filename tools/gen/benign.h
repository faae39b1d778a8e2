// Benign but noisy entities a good detector must leave alone: the periodic clients planned as
// scenarios, and the truth entries for the noisy parts of the background (partners, NATs).
#ifndef GATEWATCH_TOOLS_GEN_BENIGN_H_
#define GATEWATCH_TOOLS_GEN_BENIGN_H_

#include <vector>

#include "gen/scenario.h"
#include "gen/traffic_model.h"
#include "gen/truth.h"

namespace gatewatch::gen {

// One user's forgotten device retries GET /v1/sync/status with an expired token every ~5 s for
// up to 4 hours (from 5% into the run), from one address: 401 expired_token every time.
ScenarioPtr PlanExpiredTokenRetry(PlanContext& ctx);

// The load balancer's health check: GET /health from one private address every ~3 s, all run.
ScenarioPtr PlanHealthCheck(PlanContext& ctx);

// Truth entries for the partner keys and the NAT addresses, from what "background" drew.
std::vector<TruthEntry> BackgroundTruth(const Population& pop, const BackgroundModel& background,
                                        uint64_t lines);

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_BENIGN_H_
