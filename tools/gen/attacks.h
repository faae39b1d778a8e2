// The attacks a detector must catch. Each starts at a fixed fraction of the run so every file
// holds all of them; below kFullSizeLines they shrink (never under a detectable floor) and their
// windows compress to fit the shorter run.
#ifndef GATEWATCH_TOOLS_GEN_ATTACKS_H_
#define GATEWATCH_TOOLS_GEN_ATTACKS_H_

#include "gen/scenario.h"

namespace gatewatch::gen {

// One address logs in as many distinct users (150 in 5 minutes at full size, at least 30),
// almost all failing (wrong password for real users, unknown user for the rest of the combo
// list), a few succeeding. Starts 15% into the run.
ScenarioPtr PlanCredentialStuffing(PlanContext& ctx);

// Many addresses (300 at full size, at least 30; clustered in a few /16s, scattered, IPv6 and
// documentation ranges) each try one user's password 1-3 times within 10 minutes. Starts at 35%.
ScenarioPtr PlanDistributedBruteForce(PlanContext& ctx);

// A partner-like API key with a steady baseline through the whole run jumps to 20x its rate for
// 5 minutes (a runaway export job, partly rate limited), then returns to normal. Spike at 60%.
ScenarioPtr PlanApiKeySpike(PlanContext& ctx);

// A signed-in user walks sequential account ids (200 in 3 minutes at full size, at least 30)
// from their usual address with a script; almost all answers are 403 or 404. Starts at 80%.
ScenarioPtr PlanEnumeration(PlanContext& ctx);

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_ATTACKS_H_
