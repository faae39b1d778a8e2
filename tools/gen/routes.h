// The shop's API surface: route templates with their latency, size and status profile, and the
// helpers that turn a route into a concrete request (path, status, latency, bytes).
#ifndef GATEWATCH_TOOLS_GEN_ROUTES_H_
#define GATEWATCH_TOOLS_GEN_ROUTES_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "gen/event.h"
#include "gen/rng.h"

namespace gatewatch::gen {

// What fills the variable part of a route's path.
enum class IdKind : uint8_t {
  kNone,         // path == prefix
  kPage,         // optional "?page=N"
  kPartnerPage,  // "?limit=100&page=N"
  kOrder,        // 6-digit order number
  kProduct,      // product number, popular ones more often
  kAccount,      // the caller's own account number
  kCategory,     // category slug
  kStatic,       // a file under /static/
  kSearch,       // "?q=term"
  kSku,          // "SKU-12345"
  kShipment,     // 9-digit shipment number
};

struct RouteSpec {
  uint32_t weight;  // relative share within its table
  std::string_view method;
  std::string_view route;   // template as the gateway logs it
  std::string_view prefix;  // concrete path before the variable part
  IdKind id;
  uint16_t ok_status;         // 200, 201 or 204
  uint32_t latency_us;        // typical latency on success
  uint32_t bytes;             // typical body size on success
  uint32_t not_modified_ppm;  // answered 304
  uint32_t not_found_ppm;     // answered 404
  uint32_t forbidden_ppm;     // answered 403
  uint32_t client_error_ppm;  // answered client_error_status (400, 402, 409, 422)
  uint16_t client_error_status;
};

// A route table with its weighted picker.
class RouteTable {
 public:
  explicit RouteTable(std::span<const RouteSpec> routes);
  const RouteSpec& Pick(Rng& rng) const { return routes_[pick_.Sample(rng)]; }

 private:
  std::span<const RouteSpec> routes_;
  WeightedIndex pick_;
};

const RouteTable& UserRoutes();     // signed-in customers (web and app)
const RouteTable& PublicRoutes();   // anonymous catalog, static files, health
const RouteTable& PartnerRoutes();  // API-key integrations

// Special routes the scenarios refer to by name.
const RouteSpec& LoginRoute();          // POST /v1/auth/login
const RouteSpec& RefreshRoute();        // POST /v1/auth/refresh
const RouteSpec& AccountRoute();        // GET /v1/accounts/{id}
const RouteSpec& SyncStatusRoute();     // GET /v1/sync/status
const RouteSpec& HealthRoute();         // GET /health
const RouteSpec& PartnerOrdersRoute();  // GET /v1/orders (paged export)

// Sets e->method, e->route and e->path for "spec"; "account_id" fills kAccount.
void SetRequest(const RouteSpec& spec, uint64_t account_id, Rng& rng, Event* e);

// Draws a status for "spec": server errors and rate limiting first (the gateway's and the
// upstream's view of load), then the route's own profile, else its ok_status.
int DrawStatus(const RouteSpec& spec, uint32_t rate_limited_ppm, Rng& rng);

// Sets e->status plus a latency and a body size that fit the route and that status.
void SetOutcome(const RouteSpec& spec, int status, Rng& rng, Event* e);

// A latency around "typical_us" with a heavy right tail (most near typical, a few 4-25x).
int64_t HeavyTailedLatency(int64_t typical_us, Rng& rng);

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_ROUTES_H_
