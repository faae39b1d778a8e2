// Fixed word lists the generator draws from: names, user agents, catalog words, scanner paths.
#ifndef GATEWATCH_TOOLS_GEN_VOCAB_H_
#define GATEWATCH_TOOLS_GEN_VOCAB_H_

#include <span>
#include <string_view>

#include "gen/rng.h"

namespace gatewatch::gen::vocab {

using List = std::span<const std::string_view>;

// An entry of "list", drawn uniformly.
inline std::string_view Pick(List list, Rng& rng) { return list[rng.Below(list.size())]; }

List FirstNames();
List LastNames();
List MailDomains();

List BrowserUserAgents();  // desktop and mobile browsers (sent with a Referer, HTTP/2)
List AppUserAgents();      // the shop's own mobile apps
List ScriptUserAgents();   // HTTP libraries and tools
List CrawlerUserAgents();  // search and SEO bots
List ScannerUserAgents();  // internet-wide scanners; one contains a double quote on purpose
List PartnerNames();       // integration names behind the partner API keys

List CategorySlugs();
List SearchTerms();
List StaticAssets();  // concrete paths under /static/
List Referers();
List ScannerPaths();  // paths no route matches (probes for well-known software)

inline constexpr std::string_view kApiHost = "api.shopfront.example";
inline constexpr std::string_view kPartnerHost = "partner-api.shopfront.example";
inline constexpr std::string_view kWebHost = "www.shopfront.example";
inline constexpr std::string_view kHealthUserAgent = "kube-probe/1.28";
inline constexpr std::string_view kEnumerationUserAgent = "python-requests/2.31.0";
inline constexpr std::string_view kStaleAppUserAgent =
    "ShopFront/4.2.0 (Android 9; SM-T580) okhttp/3.12.1";

}  // namespace gatewatch::gen::vocab

#endif  // GATEWATCH_TOOLS_GEN_VOCAB_H_
