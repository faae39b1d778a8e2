// The benign world: a population of customers, anonymous visitors and partner integrations,
// and the background traffic they make.
#ifndef GATEWATCH_TOOLS_GEN_TRAFFIC_MODEL_H_
#define GATEWATCH_TOOLS_GEN_TRAFFIC_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "gen/event.h"
#include "gen/ip_space.h"
#include "gen/rng.h"
#include "gen/routes.h"
#include "gen/string_pool.h"

namespace gatewatch::gen {

struct UserProfile {
  std::string_view name;        // the login name, an e-mail address
  std::string_view user_agent;  // the device the user mostly uses
  bool browser = false;         // web client (Referer, HTTP/2) rather than the app
  uint32_t first_ip = 0;        // this user's addresses: Population::user_ips[first_ip...]
  uint8_t ip_count = 0;         // 1-4; the first is the usual one
  int32_t nat = -1;             // index into Population::nat_ips when the first is a shared NAT
  uint64_t account_id = 0;
};

struct Visitor {
  std::string_view ip;
  std::string_view user_agent;
  bool browser = false;
};

struct PartnerProfile {
  std::string_view name;
  std::string_view api_key;
  std::string_view user_agent;
  std::vector<std::string_view> ips;  // the integration's fixed egress addresses
  uint32_t share_ppm = 0;             // share of all background lines
};

struct Population {
  std::vector<UserProfile> users;  // index order == activity rank (0 busiest)
  std::vector<std::string_view> user_ips;
  WeightedIndex user_activity;
  std::vector<Visitor> visitors;
  WeightedIndex visitor_activity;
  std::vector<std::string_view> scanner_ips;
  std::vector<PartnerProfile> partners;
  std::vector<std::string_view> nat_ips;
  std::vector<uint32_t> nat_user_counts;  // users whose usual address is nat_ips[i]
  std::unordered_set<std::string_view> user_names;
};

// Builds the population for a run of "lines" lines: users ~ lines/200 (50..50,000), visitors
// ~ lines/150, 3-5 partners. Strings live in "pool", addresses come from "ips".
Population BuildPopulation(uint64_t lines, StringPool* pool, IpSpace* ips, Rng& rng);

// A plausible login name ("first.last42@example.net").
std::string RandomUserName(Rng& rng);
// A live API key: "k_live_" and 24 hex digits.
std::string RandomApiKey(Rng& rng);

// Fills "e" with a request of "partner"'s integration (key auth, partner host). Shared with the
// API-key spike scenario, whose key behaves like a partner's.
void FillPartnerRequest(const PartnerProfile& partner, const RouteSpec& spec,
                        uint32_t rate_limited_ppm, Rng& rng, Event* e);

// Draws background requests from the population.
class BackgroundModel {
 public:
  // "pop" must outlive the model.
  explicit BackgroundModel(const Population& pop);

  // Fills every field of "e" except ts_us. Views stay valid until the next call.
  void Fill(Rng& rng, Event* e);

  // Lines drawn so far per partner and per NAT address.
  const std::vector<uint64_t>& partner_events() const { return partner_events_; }
  const std::vector<uint64_t>& nat_events() const { return nat_events_; }

 private:
  void FillUser(Rng& rng, Event* e);
  void FillPublic(Rng& rng, Event* e);
  void FillScanner(Rng& rng, Event* e);
  void FillInvalidKey(Rng& rng, Event* e);

  const Population& pop_;
  WeightedIndex kind_;  // partners..., users, public, scanner, invalid key
  std::vector<uint64_t> partner_events_;
  std::vector<uint64_t> nat_events_;
  std::string scratch_;  // a mistyped login name or a bogus key, for the current event
};

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_TRAFFIC_MODEL_H_
