#include "gen/benign.h"

#include <string>

#include "gen/routes.h"
#include "gen/vocab.h"

namespace gatewatch::gen {
namespace {

constexpr int64_t kSecond = 1000000;

// The period of a periodic client: "nominal", stretched when the run is so slow (low --rate)
// that the client would write more than 5% of the lines over "span".
int64_t Period(const PlanContext& ctx, int64_t nominal, int64_t span) {
  const int64_t budget = std::max<int64_t>(1, static_cast<int64_t>(ctx.options.lines) / 20);
  return std::max(nominal, span / budget);
}

class ExpiredTokenRetry final : public Scenario {
 public:
  explicit ExpiredTokenRetry(PlanContext& ctx) {
    const UserProfile& p = ctx.pop.users[ctx.ClaimUser(true)];
    user_ = p.name;
    ip_ = ctx.ips->Allocate(IpKind::kResidentialV4, ctx.rng);
    const int64_t start = ctx.timeline.At(50);
    const int64_t span = std::min<int64_t>(4 * 3600 * kSecond, ctx.timeline.At(900) - start);
    period_ = Period(ctx, 5 * kSecond, span);
    const int64_t jitter = std::min<int64_t>(300000, period_ / 10);
    for (int64_t t = start; t < start + span; t += period_) {
      ctx.Add(t + ctx.rng.Between(-jitter, jitter), 0, 0);
    }
  }

  void Render(const Scheduled&, Rng& rng, Event* e) override {
    e->Reset();
    e->client_ip = ip_;
    e->user_agent = vocab::kStaleAppUserAgent;
    e->host = vocab::kApiHost;
    e->protocol = "HTTP/1.1";
    SetRequest(SyncStatusRoute(), 0, rng, e);
    SetOutcome(SyncStatusRoute(), 401, rng, e);
    e->user = user_;
    e->auth_result = "expired_token";
  }

  TruthEntry Truth(int n) const override {
    TruthEntry t = Header("expired_token_retry", n, false);
    t.entity = {{"user", std::string(user_)}, {"client_ip", std::string(ip_)}};
    t.sizes = {{"path", std::string(SyncStatusRoute().prefix)}, {"interval_ms", period_ / 1000}};
    t.note =
        "a forgotten device retries one path with an expired token every few seconds for "
        "hours: one user, one address, one path; not stuffing, brute force or enumeration";
    return t;
  }

 private:
  std::string_view user_;
  std::string_view ip_;
  int64_t period_ = 0;
};

class HealthCheck final : public Scenario {
 public:
  explicit HealthCheck(PlanContext& ctx) {
    ip_ = ctx.ips->Allocate(IpKind::kPrivateV4, ctx.rng);
    const Timeline& tl = ctx.timeline;
    period_ = Period(ctx, 3 * kSecond, tl.duration_us);
    for (int64_t t = tl.start_us; t < tl.start_us + tl.duration_us; t += period_) {
      ctx.Add(t + static_cast<int64_t>(ctx.rng.Below(50000)), 0, 0);
    }
  }

  void Render(const Scheduled&, Rng& rng, Event* e) override {
    e->Reset();
    e->client_ip = ip_;
    e->user_agent = vocab::kHealthUserAgent;
    e->host = vocab::kApiHost;
    e->protocol = "HTTP/1.1";
    SetRequest(HealthRoute(), 0, rng, e);
    SetOutcome(HealthRoute(), 200, rng, e);
  }

  TruthEntry Truth(int n) const override {
    TruthEntry t = Header("health_check", n, false);
    t.entity = {{"client_ip", std::string(ip_)}};
    t.sizes = {{"path", std::string(HealthRoute().prefix)}, {"interval_ms", period_ / 1000}};
    t.note = "the load balancer's health check: the busiest single address by count, all 200";
    return t;
  }

 private:
  std::string_view ip_;
  int64_t period_ = 0;
};

}  // namespace

ScenarioPtr PlanExpiredTokenRetry(PlanContext& ctx) {
  return std::make_unique<ExpiredTokenRetry>(ctx);
}
ScenarioPtr PlanHealthCheck(PlanContext& ctx) { return std::make_unique<HealthCheck>(ctx); }

std::vector<TruthEntry> BackgroundTruth(const Population& pop, const BackgroundModel& background,
                                        uint64_t lines) {
  std::vector<TruthEntry> out;
  for (size_t i = 0; i < pop.partners.size(); ++i) {
    const PartnerProfile& p = pop.partners[i];
    TruthEntry t;
    t.id = "partner-key-";
    t.id.append(std::to_string(i + 1));
    t.kind = "partner_key";
    t.expected = "no_alert";
    t.entity = {{"api_key", std::string(p.api_key)}};
    t.events = background.partner_events()[i];
    std::vector<std::string> ips(p.ips.begin(), p.ips.end());
    t.sizes = {{"name", std::string(p.name)},
               {"share", static_cast<double>(t.events) / static_cast<double>(lines)},
               {"client_ips", std::move(ips)}};
    t.note =
        "a partner integration: steady high volume all run from a few fixed addresses, "
        "mostly 2xx; heavy but at its own normal rate";
    out.push_back(std::move(t));
  }
  for (size_t i = 0; i < pop.nat_ips.size(); ++i) {
    TruthEntry t;
    t.id = "nat-ip-";
    t.id.append(std::to_string(i + 1));
    t.kind = "nat_ip";
    t.expected = "no_alert";
    t.entity = {{"client_ip", std::string(pop.nat_ips[i])}};
    t.events = background.nat_events()[i];
    t.sizes = {{"users", static_cast<int64_t>(pop.nat_user_counts[i])}};
    t.note =
        "an office/carrier NAT: many users share the address, with the usual occasional "
        "failed login; not credential stuffing";
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace gatewatch::gen
