#include "gen/vocab.h"

namespace gatewatch::gen::vocab {
namespace {

constexpr std::string_view kFirstNames[] = {
    "anna",   "ben",    "carla",  "david",  "elena",  "felix",  "grace",  "hugo",
    "ines",   "jonas",  "karin",  "lukas",  "maria",  "noah",   "olivia", "paul",
    "quinn",  "rosa",   "samuel", "tara",   "umar",   "vera",   "wei",    "ximena",
    "yusuf",  "zoe",    "aiko",   "bruno",  "chloe",  "diego",  "emma",   "farah",
    "george", "hana",   "ivan",   "julia",  "kofi",   "lea",    "mateo",  "nora",
    "omar",   "priya",  "rafael", "sofia",  "tomas",  "ursula", "victor", "wanda",
    "xavier", "yara",   "zain",   "amelie", "carlos", "dana",   "erik",   "fatima",
    "gustav", "helena", "isaac",  "jana",   "kenji",  "laila",  "milan",  "nadia"};

constexpr std::string_view kLastNames[] = {
    "keller",   "novak",   "garcia",   "smith",   "kowalski",  "rossi",    "muller",    "dubois",
    "jensen",   "silva",   "tanaka",   "nguyen",  "okafor",    "petrov",   "larsen",    "moreau",
    "fischer",  "schmidt", "brown",    "wilson",  "costa",     "ferrari",  "haddad",    "ivanova",
    "kim",      "lopez",   "martin",   "nielsen", "oliveira",  "perez",    "quinto",    "romero",
    "santos",   "tran",    "weber",    "yilmaz",  "zhang",     "andersen", "becker",    "castro",
    "dimitrov", "evans",   "fontaine", "gomez",   "hansen",    "ito",      "jovanovic", "khan",
    "lambert",  "mendes",  "nowak",    "ortega",  "park",      "reyes",    "sato",      "thomsen",
    "vargas",   "walsh",   "xu",       "young",   "zielinski", "bauer",    "chen",      "dahl"};

constexpr std::string_view kMailDomains[] = {"example.com", "example.net", "example.org",
                                             "mail.example", "inbox.example"};

constexpr std::string_view kBrowserUserAgents[] = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/121.0.0.0 Safari/537.36 Edg/121.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.144 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Mobile/15E148 Safari/604.1"};

constexpr std::string_view kAppUserAgents[] = {
    "ShopFront/5.12.1 (iPhone15,2; iOS 17.2.1; Scale/3.00) Alamofire/5.8.1",
    "ShopFront/5.12.1 (iPhone13,2; iOS 16.7.4; Scale/3.00) Alamofire/5.8.1",
    "ShopFront/5.12.0 (Android 14; Pixel 7) okhttp/4.12.0",
    "ShopFront/5.11.3 (Android 13; SM-A536B) okhttp/4.11.0",
    "ShopFront/5.12.1 (iPad13,4; iPadOS 17.1; Scale/2.00) Alamofire/5.8.1",
    "ShopFront/5.10.2 (Android 12; moto g(60)) okhttp/4.10.0"};

constexpr std::string_view kScriptUserAgents[] = {
    "python-requests/2.31.0",
    "Go-http-client/2.0",
    "okhttp/4.12.0",
    "curl/8.5.0",
    "axios/1.6.2",
    "Apache-HttpClient/4.5.14 (Java/17.0.9)",
    "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"};

constexpr std::string_view kCrawlerUserAgents[] = {
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"};

constexpr std::string_view kScannerUserAgents[] = {
    "Mozilla/5.0 zgrab/0.x",
    "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
    "Mozilla/5.0 (compatible; \"Nimbostratus-Bot\"/v1.3.2; +http://cloudsystemnetworks.com)",
    "Expanse, a Palo Alto Networks company, searches across the global IPv4 space"};

constexpr std::string_view kPartnerNames[] = {"logistics-sync", "marketplace-feed", "erp-connector",
                                              "price-monitor", "warehouse-wms"};

constexpr std::string_view kCategorySlugs[] = {"shoes",       "outdoor", "kitchen", "garden",
                                               "electronics", "toys",    "books",   "sports",
                                               "beauty",      "office",  "pets",    "home-decor"};

constexpr std::string_view kSearchTerms[] = {
    "red+shoes", "usb-c+cable", "coffee+grinder", "tent",         "running+jacket", "desk+lamp",
    "yoga+mat",  "headphones",  "gift+card",      "winter+boots", "phone+case",     "backpack"};

constexpr std::string_view kStaticAssets[] = {
    "/static/js/app.3f9a1c.js",      "/static/js/vendor.8b2e77.js",
    "/static/css/main.a41d09.css",   "/static/img/logo.svg",
    "/static/fonts/inter-var.woff2", "/static/js/checkout.91c4d2.js",
    "/static/img/hero-winter.webp",  "/static/favicon.ico"};

constexpr std::string_view kReferers[] = {
    "https://www.shopfront.example/", "https://www.shopfront.example/cart",
    "https://www.shopfront.example/account", "https://www.shopfront.example/search",
    "https://www.google.com/"};

constexpr std::string_view kScannerPaths[] = {"/wp-login.php",
                                              "/.env",
                                              "/admin/",
                                              "/phpmyadmin/index.php",
                                              "/.git/config",
                                              "/actuator/env",
                                              "/server-status",
                                              "/xmlrpc.php",
                                              "/cgi-bin/luci/;stok=/locale",
                                              "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
                                              "/boaform/admin/formLogin",
                                              "/api/v1/pods"};

}  // namespace

List FirstNames() { return kFirstNames; }
List LastNames() { return kLastNames; }
List MailDomains() { return kMailDomains; }
List BrowserUserAgents() { return kBrowserUserAgents; }
List AppUserAgents() { return kAppUserAgents; }
List ScriptUserAgents() { return kScriptUserAgents; }
List CrawlerUserAgents() { return kCrawlerUserAgents; }
List ScannerUserAgents() { return kScannerUserAgents; }
List PartnerNames() { return kPartnerNames; }
List CategorySlugs() { return kCategorySlugs; }
List SearchTerms() { return kSearchTerms; }
List StaticAssets() { return kStaticAssets; }
List Referers() { return kReferers; }
List ScannerPaths() { return kScannerPaths; }

}  // namespace gatewatch::gen::vocab
