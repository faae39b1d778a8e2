#include "gen/routes.h"

#include <algorithm>
#include <vector>

#include "gen/vocab.h"

namespace gatewatch::gen {
namespace {

constexpr uint32_t kServerErrorPpm = 7000;

// weight, method, route, prefix, id, ok, latency_us, bytes, 304 ppm, 404 ppm, 403 ppm,
// client-error ppm, client-error status
constexpr RouteSpec kUserRoutes[] = {
    {30, "POST", "/v1/auth/login", "/v1/auth/login", IdKind::kNone, 200, 85000, 920, 0, 0, 0, 0, 0},
    {22, "POST", "/v1/auth/refresh", "/v1/auth/refresh", IdKind::kNone, 200, 12000, 910, 0, 0, 0,
     4000, 400},
    {80, "GET", "/v1/users/me", "/v1/users/me", IdKind::kNone, 200, 9000, 640, 60000, 0, 0, 0, 0},
    {90, "GET", "/v1/orders", "/v1/orders", IdKind::kPage, 200, 35000, 4200, 20000, 0, 0, 0, 0},
    {130, "GET", "/v1/orders/{id}", "/v1/orders/", IdKind::kOrder, 200, 18000, 1900, 0, 80000,
     10000, 0, 0},
    {25, "POST", "/v1/orders", "/v1/orders", IdKind::kNone, 201, 120000, 1500, 0, 0, 0, 30000, 422},
    {80, "GET", "/v1/cart", "/v1/cart", IdKind::kNone, 200, 14000, 2100, 30000, 0, 0, 0, 0},
    {50, "PUT", "/v1/cart/items/{id}", "/v1/cart/items/", IdKind::kProduct, 200, 22000, 2150, 0,
     15000, 0, 15000, 409},
    {20, "DELETE", "/v1/cart/items/{id}", "/v1/cart/items/", IdKind::kProduct, 204, 16000, 0, 0,
     20000, 0, 0, 0},
    {45, "GET", "/v1/accounts/{id}", "/v1/accounts/", IdKind::kAccount, 200, 11000, 820, 40000, 0,
     0, 0, 0},
    {130, "GET", "/v1/products/{id}", "/v1/products/", IdKind::kProduct, 200, 16000, 3100, 40000,
     40000, 0, 0, 0},
    {70, "GET", "/v1/search", "/v1/search", IdKind::kSearch, 200, 60000, 7400, 0, 0, 0, 20000, 400},
    {55, "GET", "/v1/notifications", "/v1/notifications", IdKind::kNone, 200, 13000, 1300, 60000, 0,
     0, 0, 0},
    {18, "POST", "/v1/payments", "/v1/payments", IdKind::kNone, 201, 450000, 600, 0, 0, 0, 50000,
     402},
    {30, "GET", "/v1/sync/status", "/v1/sync/status", IdKind::kNone, 200, 6000, 240, 80000, 0, 0, 0,
     0},
};

constexpr RouteSpec kPublicRoutes[] = {
    {140, "GET", "/v1/catalog/products", "/v1/catalog/products", IdKind::kPage, 200, 40000, 9800,
     60000, 0, 0, 0, 0},
    {330, "GET", "/v1/catalog/products/{id}", "/v1/catalog/products/", IdKind::kProduct, 200, 15000,
     3300, 50000, 50000, 0, 0, 0},
    {130, "GET", "/v1/catalog/categories/{slug}", "/v1/catalog/categories/", IdKind::kCategory, 200,
     30000, 8700, 60000, 20000, 0, 0, 0},
    {360, "GET", "/static/*", "", IdKind::kStatic, 200, 2000, 48000, 250000, 10000, 0, 0, 0},
    {20, "GET", "/health", "/health", IdKind::kNone, 200, 800, 16, 0, 0, 0, 0, 0},
};

constexpr RouteSpec kPartnerRoutes[] = {
    {250, "GET", "/v1/orders", "/v1/orders", IdKind::kPartnerPage, 200, 45000, 12000, 0, 0, 0, 0,
     0},
    {200, "GET", "/v1/orders/{id}", "/v1/orders/", IdKind::kOrder, 200, 18000, 1900, 0, 8000, 0, 0,
     0},
    {200, "GET", "/v1/inventory/{sku}", "/v1/inventory/", IdKind::kSku, 200, 9000, 310, 0, 5000, 0,
     0, 0},
    {180, "PUT", "/v1/inventory/{sku}", "/v1/inventory/", IdKind::kSku, 200, 25000, 330, 0, 5000, 0,
     5000, 422},
    {120, "POST", "/v1/shipments", "/v1/shipments", IdKind::kNone, 201, 70000, 540, 0, 0, 0, 10000,
     422},
    {50, "GET", "/v1/shipments/{id}", "/v1/shipments/", IdKind::kShipment, 200, 12000, 880, 0,
     10000, 0, 0, 0},
};

uint64_t ProductId(Rng& rng) {
  return rng.Below(2) == 0 ? 1000 + rng.Below(200) : 1000 + rng.Below(20000);
}

}  // namespace

RouteTable::RouteTable(std::span<const RouteSpec> routes) : routes_(routes) {
  std::vector<uint64_t> weights;
  for (const RouteSpec& r : routes) {
    weights.push_back(r.weight);
  }
  pick_ = WeightedIndex(weights);
}

const RouteTable& UserRoutes() {
  static const RouteTable table(kUserRoutes);
  return table;
}
const RouteTable& PublicRoutes() {
  static const RouteTable table(kPublicRoutes);
  return table;
}
const RouteTable& PartnerRoutes() {
  static const RouteTable table(kPartnerRoutes);
  return table;
}

const RouteSpec& LoginRoute() { return kUserRoutes[0]; }
const RouteSpec& RefreshRoute() { return kUserRoutes[1]; }
const RouteSpec& AccountRoute() { return kUserRoutes[9]; }
const RouteSpec& SyncStatusRoute() { return kUserRoutes[14]; }
const RouteSpec& HealthRoute() { return kPublicRoutes[4]; }
const RouteSpec& PartnerOrdersRoute() { return kPartnerRoutes[0]; }

void SetRequest(const RouteSpec& spec, uint64_t account_id, Rng& rng, Event* e) {
  e->method = spec.method;
  e->route = spec.route;
  PathBuffer& p = e->path;
  p.Clear();
  p.Add(spec.prefix);
  switch (spec.id) {
    case IdKind::kNone:
      break;
    case IdKind::kPage:
      if (rng.Below(10) < 3) {
        p.Add("?page=").AddUint(2 + rng.Below(8));
      }
      break;
    case IdKind::kPartnerPage:
      p.Add("?limit=100&page=").AddUint(1 + rng.Below(40));
      break;
    case IdKind::kOrder:
      p.AddUint(100000 + rng.Below(900000));
      break;
    case IdKind::kProduct:
      p.AddUint(ProductId(rng));
      break;
    case IdKind::kAccount:
      p.AddUint(account_id);
      break;
    case IdKind::kCategory:
      p.Add(vocab::Pick(vocab::CategorySlugs(), rng));
      break;
    case IdKind::kStatic:
      if (rng.Below(5) == 0) {
        p.Add("/static/img/products/").AddUint(ProductId(rng)).Add(".webp");
      } else {
        p.Add(vocab::Pick(vocab::StaticAssets(), rng));
      }
      break;
    case IdKind::kSearch:
      p.Add("?q=").Add(vocab::Pick(vocab::SearchTerms(), rng));
      if (rng.Below(10) == 0) {
        p.Add("&page=2");
      }
      break;
    case IdKind::kSku:
      p.Add("SKU-").AddUint(10000 + rng.Below(90000));
      break;
    case IdKind::kShipment:
      p.AddUint(700000000 + rng.Below(100000000));
      break;
  }
}

int DrawStatus(const RouteSpec& spec, uint32_t rate_limited_ppm, Rng& rng) {
  uint64_t u = rng.Below(1000000);
  if (u < kServerErrorPpm) {
    const uint64_t k = u * 20 / kServerErrorPpm;  // 0..19
    return k < 6 ? 500 : k < 13 ? 502 : k < 18 ? 503 : 504;
  }
  u -= kServerErrorPpm;
  const uint32_t bands[] = {rate_limited_ppm, spec.not_modified_ppm, spec.not_found_ppm,
                            spec.forbidden_ppm, spec.client_error_ppm};
  const int statuses[] = {429, 304, 404, 403, spec.client_error_status};
  for (size_t i = 0; i < std::size(bands); ++i) {
    if (u < bands[i]) {
      return statuses[i];
    }
    u -= bands[i];
  }
  return spec.ok_status;
}

int64_t HeavyTailedLatency(int64_t typical_us, Rng& rng) {
  const uint64_t u = rng.Below(1000);
  int64_t permille;
  if (u < 850) {
    permille = rng.Between(450, 1500);
  } else if (u < 975) {
    permille = rng.Between(1500, 4000);
  } else {
    permille = rng.Between(4000, 25000);
  }
  return std::max<int64_t>(60, typical_us * permille / 1000);
}

void SetOutcome(const RouteSpec& spec, int status, Rng& rng, Event* e) {
  e->status = status;
  if (status >= 500) {
    // 504: the upstream timed out; 503: shed at the gateway; 500/502: the upstream failed.
    e->latency_us = status == 504   ? rng.Between(29900000, 30100000)
                    : status == 503 ? rng.Between(300, 4000)
                                    : HeavyTailedLatency(spec.latency_us * 2, rng);
    e->bytes_out = status == 503 ? 0 : rng.Between(120, 420);
  } else if (status == 304 || status == 204) {
    e->latency_us = HeavyTailedLatency(spec.latency_us / 3 + 200, rng);
    e->bytes_out = 0;
  } else if (status >= 400) {
    // Rejected before (401, 403, 429) or early in (404, 4xx) the handler: fast, small JSON error.
    // A failed login is the exception: the password was still hashed and compared.
    const bool hashed = &spec == &LoginRoute() && status == 401;
    e->latency_us = HeavyTailedLatency(hashed          ? spec.latency_us
                                       : status == 404 ? spec.latency_us / 2 + 500
                                                       : 1500,
                                       rng);
    e->bytes_out = rng.Between(60, 240);
  } else {
    e->latency_us = HeavyTailedLatency(spec.latency_us, rng);
    e->bytes_out = rng.Scale(spec.bytes, 500, 1500);
  }
}

}  // namespace gatewatch::gen
