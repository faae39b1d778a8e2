#include "gen/traffic_model.h"

#include <algorithm>
#include <numeric>

#include "gen/vocab.h"

namespace gatewatch::gen {
namespace {

constexpr uint32_t kPublicPpm = 220000;
constexpr uint32_t kScannerPpm = 5000;
constexpr uint32_t kInvalidKeyPpm = 1500;
// Signed-in requests refused because the access token expired (the client then refreshes).
constexpr uint32_t kExpiredTokenPpm = 18000;
constexpr uint32_t kUserRateLimitedPpm = 6000;
constexpr uint32_t kPartnerRateLimitedPpm = 15000;
constexpr uint32_t kPublicRateLimitedPpm = 5000;

using vocab::Pick;

void SetClient(bool browser, Rng& rng, Event* e) {
  e->protocol = browser ? "HTTP/2.0" : "HTTP/1.1";
  e->referer = browser && rng.Below(10) < 7 ? Pick(vocab::Referers(), rng) : std::string_view();
}

// Client addresses are mostly IPv4 from consumer ranges; about one in ten is IPv6, and a few
// come from the documentation ranges the attackers also use, so a range alone proves nothing.
// "doc_v4_left" caps the IPv4 ones: those two /24s must keep room for the attackers.
IpKind ClientIpKind(Rng& rng, int* doc_v4_left) {
  const uint64_t u = rng.Below(1000);
  if (u >= 97 && u < 99 && *doc_v4_left > 0) {
    --*doc_v4_left;
    return IpKind::kDocV4;
  }
  return u < 95 ? IpKind::kResidentialV6 : u < 97 ? IpKind::kDocV6 : IpKind::kResidentialV4;
}

std::string_view ClientUserAgent(Rng& rng, bool* browser) {
  const uint64_t u = rng.Below(100);
  *browser = u < 55;
  if (u < 55) {
    return Pick(vocab::BrowserUserAgents(), rng);
  }
  return u < 96 ? Pick(vocab::AppUserAgents(), rng) : Pick(vocab::ScriptUserAgents(), rng);
}

}  // namespace

std::string RandomUserName(Rng& rng) {
  const std::string_view first = Pick(vocab::FirstNames(), rng);
  const std::string_view last = Pick(vocab::LastNames(), rng);
  std::string s;
  switch (rng.Below(5)) {
    case 0:
      s.append(first).append(".").append(last);
      break;
    case 1:
      s.append(first).append(".").append(last).append(std::to_string(rng.Between(1, 99)));
      break;
    case 2:
      s.append(first.substr(0, 1)).append(last).append(std::to_string(rng.Between(1, 999)));
      break;
    case 3:
      s.append(first).append("_").append(last);
      break;
    default:
      s.append(first).append(std::to_string(rng.Between(1960, 2006)));
      break;
  }
  s.append("@").append(Pick(vocab::MailDomains(), rng));
  return s;
}

std::string RandomApiKey(Rng& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string key = "k_live_";
  for (int i = 0; i < 24; ++i) {
    key.push_back(kHex[rng.Below(16)]);
  }
  return key;
}

Population BuildPopulation(uint64_t lines, StringPool* pool, IpSpace* ips, Rng& rng) {
  Population pop;
  int doc_v4_left = 64;
  const size_t n_users = std::clamp<uint64_t>(lines / 200, 50, 50000);
  const size_t n_nat = std::clamp<size_t>(n_users / 400, 2, 6);
  for (size_t i = 0; i < n_nat; ++i) {
    pop.nat_ips.push_back(ips->Allocate(IpKind::kResidentialV4, rng));
  }
  pop.nat_user_counts.assign(n_nat, 0);

  // About 5% of users sit behind a NAT: a random set, so busy and quiet users share addresses.
  std::vector<int32_t> nat_of(n_users, -1);
  std::vector<uint32_t> order(n_users);
  std::iota(order.begin(), order.end(), 0);
  const size_t n_nat_users = std::max(n_users / 20, n_nat * 4);
  for (size_t k = 0; k < n_nat_users; ++k) {
    std::swap(order[k], order[k + rng.Below(n_users - k)]);
    nat_of[order[k]] = static_cast<int32_t>(k % n_nat);
  }

  pop.users.resize(n_users);
  for (size_t u = 0; u < n_users; ++u) {
    UserProfile& p = pop.users[u];
    std::string name = RandomUserName(rng);
    while (pop.user_names.count(name) != 0) {
      name = RandomUserName(rng);
    }
    p.name = pool->Add(std::move(name));
    pop.user_names.insert(p.name);
    p.user_agent = ClientUserAgent(rng, &p.browser);
    const uint64_t k = rng.Below(100);
    p.ip_count = k < 45 ? 1 : k < 75 ? 2 : k < 90 ? 3 : 4;
    p.first_ip = static_cast<uint32_t>(pop.user_ips.size());
    p.nat = nat_of[u];
    for (int i = 0; i < p.ip_count; ++i) {
      if (i == 0 && p.nat >= 0) {
        pop.user_ips.push_back(pop.nat_ips[p.nat]);
        ++pop.nat_user_counts[p.nat];
      } else {
        pop.user_ips.push_back(ips->Allocate(ClientIpKind(rng, &doc_v4_left), rng));
      }
    }
    p.account_id = 100000 + u * 13 + rng.Below(13);
  }
  pop.user_activity = ZipfWeights(n_users, 10);

  const size_t n_visitors = std::clamp<uint64_t>(lines / 150, 100, 100000);
  pop.visitors.resize(n_visitors);
  for (Visitor& v : pop.visitors) {
    v.ip = ips->Allocate(ClientIpKind(rng, &doc_v4_left), rng);
    const uint64_t k = rng.Below(100);
    v.browser = k < 75;
    v.user_agent = k < 75   ? Pick(vocab::BrowserUserAgents(), rng)
                   : k < 88 ? Pick(vocab::CrawlerUserAgents(), rng)
                            : Pick(vocab::ScriptUserAgents(), rng);
  }
  pop.visitor_activity = ZipfWeights(n_visitors, 5);

  const size_t n_scanners = std::clamp<uint64_t>(lines / 2000, 20, 5000);
  for (size_t i = 0; i < n_scanners; ++i) {
    pop.scanner_ips.push_back(
        ips->Allocate(rng.Below(3) == 0 ? IpKind::kResidentialV4 : IpKind::kCloudV4, rng));
  }

  const size_t n_partners = 3 + rng.Below(3);
  for (size_t i = 0; i < n_partners; ++i) {
    PartnerProfile p;
    p.name = vocab::PartnerNames()[i];
    p.api_key = pool->Add(RandomApiKey(rng));
    std::string agent(p.name);
    agent.append("/").append(std::to_string(rng.Between(1, 4)));
    agent.append(".").append(std::to_string(rng.Between(0, 12)));
    agent.append(" ").append(Pick(vocab::ScriptUserAgents(), rng));
    p.user_agent = pool->Add(std::move(agent));
    const size_t n_ips = 2 + rng.Below(3);
    for (size_t j = 0; j < n_ips; ++j) {
      p.ips.push_back(ips->Allocate(j == 2 ? IpKind::kCloudV6 : IpKind::kCloudV4, rng));
    }
    p.share_ppm = static_cast<uint32_t>(rng.Between(20000, 45000));
    pop.partners.push_back(std::move(p));
  }
  return pop;
}

void FillPartnerRequest(const PartnerProfile& partner, const RouteSpec& spec,
                        uint32_t rate_limited_ppm, Rng& rng, Event* e) {
  e->client_ip = partner.ips[rng.Below(partner.ips.size())];
  e->api_key = partner.api_key;
  e->user_agent = partner.user_agent;
  e->host = vocab::kPartnerHost;
  e->protocol = "HTTP/1.1";
  SetRequest(spec, 0, rng, e);
  const int status = DrawStatus(spec, rate_limited_ppm, rng);
  SetOutcome(spec, status, rng, e);
  e->auth_result = status == 403 ? "forbidden" : "ok";
}

BackgroundModel::BackgroundModel(const Population& pop)
    : pop_(pop), partner_events_(pop.partners.size()), nat_events_(pop.nat_ips.size()) {
  std::vector<uint64_t> weights;
  uint64_t partners = 0;
  for (const PartnerProfile& p : pop.partners) {
    weights.push_back(p.share_ppm);
    partners += p.share_ppm;
  }
  weights.push_back(1000000 - partners - kPublicPpm - kScannerPpm - kInvalidKeyPpm);
  weights.push_back(kPublicPpm);
  weights.push_back(kScannerPpm);
  weights.push_back(kInvalidKeyPpm);
  kind_ = WeightedIndex(weights);
}

void BackgroundModel::Fill(Rng& rng, Event* e) {
  e->Reset();
  const size_t kind = kind_.Sample(rng);
  const size_t n_partners = pop_.partners.size();
  if (kind < n_partners) {
    ++partner_events_[kind];
    FillPartnerRequest(pop_.partners[kind], PartnerRoutes().Pick(rng), kPartnerRateLimitedPpm, rng,
                       e);
  } else if (kind == n_partners) {
    FillUser(rng, e);
  } else if (kind == n_partners + 1) {
    FillPublic(rng, e);
  } else if (kind == n_partners + 2) {
    FillScanner(rng, e);
  } else {
    FillInvalidKey(rng, e);
  }
}

void BackgroundModel::FillUser(Rng& rng, Event* e) {
  const UserProfile& p = pop_.users[pop_.user_activity.Sample(rng)];
  const size_t slot = (p.ip_count == 1 || rng.Below(10) < 7) ? 0 : 1 + rng.Below(p.ip_count - 1);
  e->client_ip = pop_.user_ips[p.first_ip + slot];
  if (p.nat >= 0 && slot == 0) {
    ++nat_events_[p.nat];
  }
  e->user_agent = p.user_agent;
  e->host = vocab::kApiHost;
  SetClient(p.browser, rng, e);
  const RouteSpec& spec = UserRoutes().Pick(rng);
  SetRequest(spec, p.account_id, rng, e);

  if (p.browser && rng.Below(100) < 3) {
    // CORS preflight: the browser asks before the real call and sends no credentials.
    e->method = "OPTIONS";
    SetOutcome(spec, 204, rng, e);
    e->user_null = rng.Below(4) == 0;
    return;
  }
  e->user = p.name;
  if (&spec == &LoginRoute()) {
    const uint64_t u = rng.Below(1000);
    if (u < 65) {
      // A normal failed login: mostly a wrong password, sometimes a mistyped name.
      e->auth_result = "invalid_password";
      if (u >= 55) {
        scratch_.assign(p.name);
        scratch_.erase(rng.Below(scratch_.find('@')), 1);
        if (pop_.user_names.count(scratch_) != 0) {
          scratch_[0] = scratch_[0] == 'q' ? 'z' : 'q';  // the typo hit a real name; make another
        }
        e->user = scratch_;
        e->auth_result = "unknown_user";
      }
      SetOutcome(spec, 401, rng, e);
      return;
    }
    const int status = DrawStatus(spec, kUserRateLimitedPpm, rng);
    SetOutcome(spec, status, rng, e);
    e->auth_result = status < 400 ? "ok" : "";
    return;
  }
  const int status = rng.Ppm(kExpiredTokenPpm) ? 401 : DrawStatus(spec, kUserRateLimitedPpm, rng);
  SetOutcome(spec, status, rng, e);
  e->auth_result = status == 401 ? "expired_token" : status == 403 ? "forbidden" : "ok";
}

void BackgroundModel::FillPublic(Rng& rng, Event* e) {
  const Visitor& v = pop_.visitors[pop_.visitor_activity.Sample(rng)];
  e->client_ip = v.ip;
  e->user_agent = v.user_agent;
  SetClient(v.browser, rng, e);
  const RouteSpec& spec = PublicRoutes().Pick(rng);
  e->host = spec.id == IdKind::kStatic ? vocab::kWebHost : vocab::kApiHost;
  SetRequest(spec, 0, rng, e);
  SetOutcome(spec, DrawStatus(spec, kPublicRateLimitedPpm, rng), rng, e);
  e->user_null = rng.Below(4) == 0;
}

void BackgroundModel::FillScanner(Rng& rng, Event* e) {
  e->client_ip = pop_.scanner_ips[rng.Below(pop_.scanner_ips.size())];
  e->user_agent = Pick(vocab::ScannerUserAgents(), rng);
  e->host = vocab::kApiHost;
  e->protocol = "HTTP/1.1";
  e->method = rng.Below(10) == 0 ? "POST" : "GET";
  e->route = {};  // no route matches a probe
  e->path.Clear();
  e->path.Add(Pick(vocab::ScannerPaths(), rng));
  e->status = 404;
  e->latency_us = HeavyTailedLatency(700, rng);
  e->bytes_out = rng.Between(60, 180);
  e->user_null = rng.Below(4) == 0;
}

void BackgroundModel::FillInvalidKey(Rng& rng, Event* e) {
  // A script with a revoked or mistyped key: each key shows up once, from anywhere.
  e->client_ip = pop_.visitors[rng.Below(pop_.visitors.size())].ip;
  e->user_agent = Pick(vocab::ScriptUserAgents(), rng);
  e->host = vocab::kPartnerHost;
  e->protocol = "HTTP/1.1";
  scratch_ = RandomApiKey(rng);
  e->api_key = scratch_;
  const RouteSpec& spec = PartnerRoutes().Pick(rng);
  SetRequest(spec, 0, rng, e);
  SetOutcome(spec, 401, rng, e);
  e->auth_result = "invalid_key";
}

}  // namespace gatewatch::gen
