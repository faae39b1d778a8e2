#include "gen/attacks.h"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "gen/routes.h"
#include "gen/vocab.h"

namespace gatewatch::gen {
namespace {

constexpr int64_t kMinute = 60 * 1000000LL;

using vocab::Pick;

// A client talking to the API host directly (HTTP/1.1, no Referer), as attack tools do.
void SetApiClient(std::string_view ip, std::string_view user_agent, Event* e) {
  e->Reset();
  e->client_ip = ip;
  e->user_agent = user_agent;
  e->host = vocab::kApiHost;
  e->protocol = "HTTP/1.1";
}

void SetLoginAttempt(std::string_view user, int status, std::string_view auth_result, Rng& rng,
                     Event* e) {
  SetRequest(LoginRoute(), 0, rng, e);
  SetOutcome(LoginRoute(), status, rng, e);
  e->user = user;
  e->auth_result = auth_result;
}

// "n" times drawn uniformly from [from, from + span), in order.
std::vector<int64_t> SortedTimes(int64_t n, int64_t from, int64_t span, Rng& rng) {
  std::vector<int64_t> t(static_cast<size_t>(n));
  for (int64_t& x : t) {
    x = from + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(span)));
  }
  std::sort(t.begin(), t.end());
  return t;
}

class CredentialStuffing final : public Scenario {
 public:
  explicit CredentialStuffing(PlanContext& ctx) {
    const int64_t n_users = ctx.Scaled(150, 30);
    const int64_t n_known = n_users * 6 / 10;
    successes_ = std::max<int64_t>(1, n_users * 3 / 100);
    ip_ = ctx.ips->Allocate(IpKind::kDocV4, ctx.rng);
    // A combo list: some addresses belong to real users here, the rest to nobody.
    std::unordered_set<std::string_view> listed;
    for (int64_t i = 0; i < n_users; ++i) {
      std::string_view name;
      if (i < n_known) {
        name = ctx.pop.users[ctx.ClaimUser(false)].name;
      } else {
        std::string s = RandomUserName(ctx.rng);
        while (ctx.pop.user_names.count(s) != 0 || listed.count(s) != 0) {
          s = RandomUserName(ctx.rng);
        }
        name = ctx.pool->Add(std::move(s));
      }
      listed.insert(name);
      targets_.push_back(name);
    }
    std::vector<uint32_t> order(targets_.size());
    for (uint32_t i = 0; i < order.size(); ++i) {
      order[i] = i;
    }
    for (size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1], order[ctx.rng.Below(i)]);
    }
    std::vector<std::pair<uint16_t, uint32_t>> attempts;  // outcome, target
    int64_t succeeded = 0;
    for (uint32_t target : order) {
      const bool known = target < n_known;
      const uint16_t outcome = !known                   ? kUnknownUser
                               : succeeded < successes_ ? kSuccess
                                                        : kWrongPassword;
      succeeded += outcome == kSuccess ? 1 : 0;
      if (outcome != kSuccess && ctx.rng.Below(10) == 0) {
        attempts.emplace_back(outcome, target);  // the tool retries a timed-out attempt
      }
      attempts.emplace_back(outcome, target);
    }
    distinct_users_ = n_users;
    const int64_t span = ctx.timeline.Span(5 * kMinute, 100);
    const std::vector<int64_t> times =
        SortedTimes(static_cast<int64_t>(attempts.size()), ctx.timeline.At(150), span, ctx.rng);
    for (size_t i = 0; i < attempts.size(); ++i) {
      ctx.Add(times[i], attempts[i].first, attempts[i].second);
    }
  }

  void Render(const Scheduled& item, Rng& rng, Event* e) override {
    // Stuffing tools rotate browser user agents to look like many people.
    SetApiClient(ip_, Pick(vocab::BrowserUserAgents(), rng), e);
    const std::string_view user = targets_[item.arg];
    switch (item.variant) {
      case kSuccess:
        SetLoginAttempt(user, 200, "ok", rng, e);
        break;
      case kWrongPassword:
        SetLoginAttempt(user, 401, "invalid_password", rng, e);
        break;
      default:
        SetLoginAttempt(user, 401, "unknown_user", rng, e);
        break;
    }
  }

  TruthEntry Truth(int n) const override {
    TruthEntry t = Header("credential_stuffing", n, true);
    t.entity = {{"client_ip", std::string(ip_)}};
    t.sizes = {{"route", std::string(LoginRoute().route)},
               {"distinct_users", distinct_users_},
               {"failed_distinct_users", distinct_users_ - successes_},
               {"successes", successes_}};
    t.note =
        "one address tries a combo list against the login: many distinct users, almost all "
        "401 invalid_password/unknown_user, a few 200";
    return t;
  }

 private:
  enum : uint16_t { kWrongPassword, kUnknownUser, kSuccess };

  std::string_view ip_;
  std::vector<std::string_view> targets_;
  int64_t distinct_users_ = 0;
  int64_t successes_ = 0;
};

class DistributedBruteForce final : public Scenario {
 public:
  explicit DistributedBruteForce(PlanContext& ctx) {
    const int64_t n_ips = ctx.Scaled(300, 30);
    user_ = ctx.pop.users[ctx.ClaimUser(true)].name;
    uint32_t clusters[8];
    for (uint32_t& c : clusters) {
      c = IpSpace::ResidentialPrefix16(ctx.rng);
    }
    const int64_t span = ctx.timeline.Span(10 * kMinute, 150);
    const int64_t start = ctx.timeline.At(350);
    const uint64_t gap = static_cast<uint64_t>(std::max<int64_t>(1, span * 15 / 100 / 3));
    std::set<std::string> prefixes16;
    for (int64_t k = 0; k < n_ips; ++k) {
      std::string_view ip;
      switch (k % 10) {
        case 0:
          ip = ctx.ips->Allocate(IpKind::kResidentialV6, ctx.rng);
          break;
        case 1:
          ip = ctx.ips->Allocate(IpKind::kDocV6, ctx.rng);
          break;
        case 2:
          ip = ctx.ips->Allocate(IpKind::kDocV4, ctx.rng);
          break;
        case 3:
        case 4:
          ip = ctx.ips->Allocate(IpKind::kResidentialV4, ctx.rng);
          break;
        default:
          ip = ctx.ips->AllocateIn16(clusters[ctx.rng.Below(8)], ctx.rng);
          break;
      }
      if (ip.find(':') != std::string_view::npos) {
        ++ipv6_ips_;
      } else {
        prefixes16.insert(std::string(ip.substr(0, ip.find('.', ip.find('.') + 1))));
      }
      ips_.push_back(ip);
      agents_.push_back(ctx.rng.Below(4) == 0 ? Pick(vocab::ScriptUserAgents(), ctx.rng)
                                              : Pick(vocab::BrowserUserAgents(), ctx.rng));
      const uint64_t u = ctx.rng.Below(100);
      const int attempts = u < 50 ? 1 : u < 85 ? 2 : 3;
      int64_t t =
          start + static_cast<int64_t>(ctx.rng.Below(static_cast<uint64_t>(span * 85 / 100)));
      for (int a = 0; a < attempts; ++a) {
        ctx.Add(t, 0, static_cast<uint32_t>(k));
        t += 1 + static_cast<int64_t>(ctx.rng.Below(gap));
      }
    }
    ipv4_prefixes16_ = static_cast<int64_t>(prefixes16.size());
  }

  void Render(const Scheduled& item, Rng& rng, Event* e) override {
    SetApiClient(ips_[item.arg], agents_[item.arg], e);
    SetLoginAttempt(user_, 401, "invalid_password", rng, e);
  }

  TruthEntry Truth(int n) const override {
    TruthEntry t = Header("distributed_brute_force", n, true);
    t.entity = {{"user", std::string(user_)}};
    t.sizes = {{"route", std::string(LoginRoute().route)},
               {"distinct_ips", static_cast<int64_t>(ips_.size())},
               {"ipv6_ips", ipv6_ips_},
               {"ipv4_prefixes16", ipv4_prefixes16_},
               {"max_attempts_per_ip", int64_t{3}}};
    t.note =
        "many addresses across many ranges each try one user's password 1-3 times: no "
        "address stands out, the user does";
    return t;
  }

 private:
  std::string_view user_;
  std::vector<std::string_view> ips_;
  std::vector<std::string_view> agents_;
  int64_t ipv6_ips_ = 0;
  int64_t ipv4_prefixes16_ = 0;
};

class ApiKeySpike final : public Scenario {
 public:
  static constexpr int64_t kMultiplier = 20;

  explicit ApiKeySpike(PlanContext& ctx) : duration_us_(ctx.timeline.duration_us) {
    profile_.name = "reports-export";
    profile_.api_key = ctx.pool->Add(RandomApiKey(ctx.rng));
    profile_.user_agent = "reports-export/2.1 python-requests/2.31.0";
    profile_.ips = {ctx.ips->Allocate(IpKind::kCloudV4, ctx.rng),
                    ctx.ips->Allocate(IpKind::kCloudV4, ctx.rng)};
    const int64_t baseline_n =
        std::max<int64_t>(20, static_cast<int64_t>(ctx.options.lines) * 5 / 1000);
    const int64_t interval = std::max<int64_t>(1, ctx.timeline.duration_us / baseline_n);
    for (int64_t k = 0; k < baseline_n; ++k) {
      ctx.Add(ctx.timeline.start_us + k * interval +
                  static_cast<int64_t>(ctx.rng.Below(static_cast<uint64_t>(interval))),
              kBaseline, 0);
    }
    const int64_t span = ctx.timeline.Span(5 * kMinute, 100);
    // The window as reported is whole milliseconds, so it reads the same in the log's
    // millisecond timestamps; it covers the span the spike lines are drawn from.
    spike_start_us_ = ctx.timeline.At(600) / 1000 * 1000;
    spike_end_us_ = spike_start_us_ + (span + 999) / 1000 * 1000 - 1;
    const int64_t extra = (kMultiplier - 1) * span / interval;
    for (int64_t t : SortedTimes(extra, spike_start_us_, span, ctx.rng)) {
      ctx.Add(t, kSpike, 0);
    }
  }

  void Render(const Scheduled& item, Rng& rng, Event* e) override {
    e->Reset();
    if (item.variant == kSpike) {
      // The runaway export pages through orders as fast as it can; the gateway throttles some.
      FillPartnerRequest(profile_, PartnerOrdersRoute(), 150000, rng, e);
    } else {
      FillPartnerRequest(profile_, PartnerRoutes().Pick(rng), 5000, rng, e);
    }
  }

  void Record(const Scheduled& item, const Event& e) override {
    Scenario::Record(item, e);
    inside_ += e.ts_us >= spike_start_us_ && e.ts_us <= spike_end_us_ ? 1 : 0;
  }

  TruthEntry Truth(int n) const override {
    TruthEntry t = Header("api_key_spike", n, true);
    t.entity = {{"api_key", std::string(profile_.api_key)}};
    // The spike window is the planned one: a few of its lines are logged late and fall out.
    const int64_t window_us = spike_end_us_ - spike_start_us_ + 1;
    const int64_t outside = static_cast<int64_t>(events_) - inside_;
    const double window_min = static_cast<double>(window_us) / kMinute;
    const double outside_min = static_cast<double>(duration_us_ - window_us) / kMinute;
    t.start_us = spike_start_us_;
    t.end_us = spike_end_us_;
    t.sizes = {
        {"multiplier", kMultiplier},
        {"spike_events", inside_},
        {"baseline_events", outside},
        {"spike_per_min", static_cast<double>(inside_) / window_min},
        // A run no longer than the window (absurdly high --rate) has no outside.
        {"baseline_per_min", outside_min > 0 ? static_cast<double>(outside) / outside_min : 0.0}};
    t.note =
        "a partner-like key with a steady baseline all run jumps to about 20x its own rate "
        "between start and end (some 429), then returns to normal";
    return t;
  }

 private:
  enum : uint16_t { kBaseline, kSpike };

  PartnerProfile profile_;
  int64_t duration_us_;
  int64_t spike_start_us_ = 0;
  int64_t spike_end_us_ = 0;  // inclusive
  int64_t inside_ = 0;        // key lines logged inside the spike window
};

class Enumeration final : public Scenario {
 public:
  explicit Enumeration(PlanContext& ctx) {
    const int64_t n_ids = ctx.Scaled(200, 30);
    const UserProfile& p = ctx.pop.users[ctx.ClaimUser(true)];
    user_ = p.name;
    ip_ = ctx.pop.user_ips[p.first_ip];
    own_id_ = p.account_id;
    first_id_ = own_id_ - static_cast<uint64_t>(n_ids / 4);
    n_ids_ = n_ids;
    salt_ = ctx.rng.Next();
    const int64_t span = ctx.timeline.Span(3 * kMinute, 100);
    const int64_t step = std::max<int64_t>(1, span / n_ids);
    const int64_t start = ctx.timeline.At(800);
    for (int64_t k = 0; k < n_ids; ++k) {
      ctx.Add(start + k * step + static_cast<int64_t>(ctx.rng.Below(step / 2 + 1)), 0,
              static_cast<uint32_t>(k));
    }
  }

  void Render(const Scheduled& item, Rng& rng, Event* e) override {
    SetApiClient(ip_, vocab::kEnumerationUserAgent, e);
    const uint64_t id = first_id_ + item.arg;
    SetRequest(AccountRoute(), id, rng, e);
    // Someone else's account is 403; a gap in the numbering is 404; only their own is 200.
    const int status = id == own_id_ ? 200 : Mix(id ^ salt_) % 100 < 65 ? 403 : 404;
    SetOutcome(AccountRoute(), status, rng, e);
    e->user = user_;
    e->auth_result = status == 403 ? "forbidden" : "ok";
  }

  TruthEntry Truth(int n) const override {
    TruthEntry t = Header("enumeration", n, true);
    t.entity = {{"user", std::string(user_)}, {"client_ip", std::string(ip_)}};
    t.sizes = {{"route", std::string(AccountRoute().route)},
               {"distinct_ids", n_ids_},
               {"denied_distinct_ids", n_ids_ - 1},
               {"first_id", static_cast<int64_t>(first_id_)},
               {"last_id", static_cast<int64_t>(first_id_) + n_ids_ - 1}};
    t.note =
        "a signed-in user's script walks sequential account ids from their usual address; "
        "all but their own answer 403 or 404";
    return t;
  }

 private:
  std::string_view user_;
  std::string_view ip_;
  uint64_t own_id_ = 0;
  uint64_t first_id_ = 0;
  int64_t n_ids_ = 0;
  uint64_t salt_ = 0;
};

}  // namespace

ScenarioPtr PlanCredentialStuffing(PlanContext& ctx) {
  return std::make_unique<CredentialStuffing>(ctx);
}
ScenarioPtr PlanDistributedBruteForce(PlanContext& ctx) {
  return std::make_unique<DistributedBruteForce>(ctx);
}
ScenarioPtr PlanApiKeySpike(PlanContext& ctx) { return std::make_unique<ApiKeySpike>(ctx); }
ScenarioPtr PlanEnumeration(PlanContext& ctx) { return std::make_unique<Enumeration>(ctx); }

}  // namespace gatewatch::gen
