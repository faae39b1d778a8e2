// Runs the built gatewatch-gen and checks its output: determinism, exact sizes, the two line
// formats, and that every attack and benign entity the truth file names is really in the log.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr char kGen[] = GATEWATCH_GEN_PATH;

// Per-process names: ctest runs the discovered tests in parallel processes.
std::string TempPath(const std::string& name) {
  return testing::TempDir() + "gatewatch_gen_test_" + std::to_string(getpid()) + "_" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs gatewatch-gen with "args" (no shell metacharacters); returns its exit status.
int RunGen(const std::string& args, std::string* stderr_text = nullptr) {
  const std::string err = TempPath("stderr.txt");
  const std::string cmd = std::string(kGen) + " " + args + " 2>" + err;
  const int rc = std::system(cmd.c_str());
  if (stderr_text != nullptr) {
    *stderr_text = ReadFile(err);
  }
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

struct Output {
  std::string log;
  std::string truth;
};

// Generates into temporary files named after "tag" and returns both.
Output Generate(const std::string& tag, const std::string& args) {
  const std::string log = TempPath(tag + ".log");
  const std::string truth = TempPath(tag + ".truth.json");
  EXPECT_EQ(RunGen(args + " --out " + log + " --truth " + truth), 0) << args;
  return {ReadFile(log), ReadFile(truth)};
}

std::vector<std::string_view> SplitLines(const std::string& text) {
  std::vector<std::string_view> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t end = text.find('\n', begin);
    if (end == std::string::npos) {
      lines.push_back(std::string_view(text).substr(begin));
      break;
    }
    lines.push_back(std::string_view(text).substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

// "2026-01-15T00:00:00.123Z" -> milliseconds since the epoch; -1 if malformed. By hand, not
// std::regex: it runs on every line of every generated log.
int64_t ParseTsMs(std::string_view s) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (s.size() != kShape.size()) {
    return -1;
  }
  for (size_t i = 0; i < s.size(); ++i) {
    if (kShape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != kShape[i]) {
      return -1;
    }
  }
  auto num = [&](size_t pos, size_t len) {
    int64_t v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int64_t y = num(0, 4);
  const int64_t mo = num(5, 2);
  const int64_t d = num(8, 2);
  y -= mo <= 2 ? 1 : 0;
  const int64_t era = y / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + doe - 719468;
  return ((days * 24 + num(11, 2)) * 60 + num(14, 2)) * 60000 + num(17, 2) * 1000 + num(20, 3);
}

// The fields the checks below look at, from one gatewatch JSON line.
struct Line {
  int64_t ts_ms = 0;
  std::string client_ip;
  std::string user;  // empty: anonymous
  std::string api_key;
  std::string method;
  std::string path;
  std::string route;  // empty: null
  std::string auth;   // empty: absent
  int status = 0;
};

std::string StringOr(const rapidjson::Value& obj, const char* key) {
  return obj.HasMember(key) && obj[key].IsString() ? obj[key].GetString() : "";
}

std::vector<Line> ParseLog(const std::string& log) {
  std::vector<Line> out;
  for (std::string_view text : SplitLines(log)) {
    rapidjson::Document d;
    d.Parse(text.data(), text.size());
    if (d.HasParseError() || !d.IsObject()) {
      ADD_FAILURE() << "not a JSON object: " << text;
      continue;
    }
    Line l;
    l.ts_ms = ParseTsMs(StringOr(d, "ts"));
    l.client_ip = StringOr(d, "client_ip");
    l.user = StringOr(d, "user");
    l.api_key = StringOr(d, "api_key");
    l.method = StringOr(d, "method");
    l.path = StringOr(d, "path");
    l.route = StringOr(d, "route");
    l.auth = StringOr(d, "auth_result");
    l.status = d["status"].GetInt();
    out.push_back(std::move(l));
  }
  return out;
}

rapidjson::Document ParseTruth(const std::string& text) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  EXPECT_FALSE(d.HasParseError());
  EXPECT_TRUE(d.IsObject());
  return d;
}

int64_t TruthTime(const rapidjson::Value& entry, const char* key) {
  return ParseTsMs(entry[key].GetString());
}

// --- determinism and sizes -----------------------------------------------------------------

TEST(GenDeterminismTest, SameSeedGivesIdenticalBytes) {
  const Output a = Generate("det_a", "--lines 20000 --seed 7");
  const Output b = Generate("det_b", "--lines 20000 --seed 7");
  EXPECT_TRUE(a.log == b.log);
  EXPECT_EQ(a.truth, b.truth);
  const Output c = Generate("det_c", "--lines 20000 --seed 8");
  EXPECT_FALSE(a.log == c.log);
  EXPECT_NE(a.truth, c.truth);
}

TEST(GenDeterminismTest, StdoutMatchesFile) {
  const std::string out = TempPath("stdout.log");
  ASSERT_EQ(std::system((std::string(kGen) + " --lines 3000 --seed 3 > " + out).c_str()), 0);
  EXPECT_TRUE(ReadFile(out) == Generate("stdout_file", "--lines 3000 --seed 3").log);
}

TEST(GenSizeTest, LineCountsAreExact) {
  for (const char* format : {"gatewatch", "combined"}) {
    for (int lines : {1000, 1001, 4321, 54321}) {
      const Output o = Generate("count", "--format " + std::string(format) + " --lines " +
                                             std::to_string(lines) + " --seed 11");
      EXPECT_EQ(std::count(o.log.begin(), o.log.end(), '\n'), lines) << format << " " << lines;
      ASSERT_FALSE(o.log.empty());
      EXPECT_EQ(o.log.back(), '\n');
      EXPECT_EQ(ParseTruth(o.truth)["lines"].GetInt(), lines);
    }
  }
}

// --- the gatewatch JSON shape --------------------------------------------------------------

TEST(GenJsonTest, EveryLineHasTheCanonicalFields) {
  const Output o = Generate("json", "--lines 30000 --seed 5");
  static const std::regex kUuid(
      "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  static const std::regex kKey("^k_live_[0-9a-f]{24}$");
  const std::set<std::string> known = {
      "ts",     "client_ip",  "user",      "api_key",    "method",      "path",       "route",
      "status", "latency_ms", "bytes_out", "user_agent", "auth_result", "request_id", "host"};
  const std::set<std::string> methods = {"GET", "POST", "PUT", "DELETE", "OPTIONS"};
  const std::set<std::string> auth_results = {
      "ok", "invalid_password", "unknown_user", "expired_token", "invalid_key", "forbidden"};
  size_t omitted_user = 0, null_user = 0, ipv6 = 0, bytes = 0;
  const std::vector<std::string_view> lines = SplitLines(o.log);
  for (std::string_view text : lines) {
    bytes += text.size() + 1;
    rapidjson::Document d;
    d.Parse(text.data(), text.size());
    ASSERT_FALSE(d.HasParseError()) << text;
    ASSERT_TRUE(d.IsObject()) << text;
    // By index: Clang warns that C++20 finds RapidJSON's iterator != ambiguous.
    for (rapidjson::SizeType i = 0; i < d.MemberCount(); ++i) {
      const char* name = (d.MemberBegin() + i)->name.GetString();
      EXPECT_EQ(known.count(name), 1u) << name;
    }
    ASSERT_TRUE(d.HasMember("ts") && d["ts"].IsString()) << text;
    EXPECT_GT(ParseTsMs(d["ts"].GetString()), 0) << text;
    ASSERT_TRUE(d.HasMember("client_ip") && d["client_ip"].IsString()) << text;
    const std::string ip = d["client_ip"].GetString();
    ipv6 += ip.find(':') != std::string::npos ? 1 : 0;
    if (!d.HasMember("user")) {
      ++omitted_user;
    } else if (d["user"].IsNull()) {
      ++null_user;
    } else {
      EXPECT_TRUE(d["user"].IsString() && d["user"].GetStringLength() > 0) << text;
    }
    if (d.HasMember("api_key")) {
      EXPECT_TRUE(std::regex_match(std::string(d["api_key"].GetString()), kKey)) << text;
    }
    ASSERT_TRUE(d.HasMember("method") && d["method"].IsString()) << text;
    EXPECT_EQ(methods.count(d["method"].GetString()), 1u) << text;
    ASSERT_TRUE(d.HasMember("path") && d["path"].IsString()) << text;
    EXPECT_EQ(d["path"].GetString()[0], '/') << text;
    ASSERT_TRUE(d.HasMember("route")) << text;
    EXPECT_TRUE(d["route"].IsString() || d["route"].IsNull()) << text;
    ASSERT_TRUE(d.HasMember("status") && d["status"].IsInt()) << text;
    EXPECT_GE(d["status"].GetInt(), 200) << text;
    EXPECT_LE(d["status"].GetInt(), 599) << text;
    ASSERT_TRUE(d.HasMember("latency_ms") && d["latency_ms"].IsNumber()) << text;
    EXPECT_GT(d["latency_ms"].GetDouble(), 0.0) << text;
    ASSERT_TRUE(d.HasMember("bytes_out") && d["bytes_out"].IsInt64()) << text;
    EXPECT_GE(d["bytes_out"].GetInt64(), 0) << text;
    ASSERT_TRUE(d.HasMember("user_agent") && d["user_agent"].IsString()) << text;
    if (d.HasMember("auth_result")) {
      EXPECT_EQ(auth_results.count(d["auth_result"].GetString()), 1u) << text;
    }
    ASSERT_TRUE(d.HasMember("request_id") && d["request_id"].IsString()) << text;
    EXPECT_TRUE(std::regex_match(std::string(d["request_id"].GetString()), kUuid)) << text;
    ASSERT_TRUE(d.HasMember("host") && d["host"].IsString()) << text;
  }
  // Both spellings of "anonymous" occur, about a tenth of clients use IPv6, lines are
  // gateway-sized.
  EXPECT_GT(omitted_user, lines.size() / 20);
  EXPECT_GT(null_user, lines.size() / 100);
  EXPECT_GT(ipv6, lines.size() * 5 / 100);
  EXPECT_LT(ipv6, lines.size() * 15 / 100);
  EXPECT_GE(bytes / lines.size(), 300u);
  EXPECT_LE(bytes / lines.size(), 450u);
}

TEST(GenJsonTest, TimestampsAreOrderedWithinOneSecond) {
  const Output o = Generate("order", "--lines 50000 --seed 9");
  const std::vector<Line> lines = ParseLog(o.log);
  const rapidjson::Document truth = ParseTruth(o.truth);
  int64_t high = 0, low = INT64_MAX, late = 0;
  for (const Line& l : lines) {
    ASSERT_GT(l.ts_ms, 0);
    EXPECT_GT(l.ts_ms, high - 1000) << "more than 1 s out of order";
    late += l.ts_ms < high ? 1 : 0;
    high = std::max(high, l.ts_ms);
    low = std::min(low, l.ts_ms);
  }
  EXPECT_GT(late, 0);                                        // some realism
  EXPECT_LT(late, static_cast<int64_t>(lines.size()) / 20);  // but bounded
  EXPECT_EQ(low, TruthTime(truth, "start"));
  EXPECT_EQ(high, TruthTime(truth, "end"));
  // The first line falls in the first slot after the default --start.
  EXPECT_GE(low, ParseTsMs("2026-01-15T00:00:00.000Z"));
  EXPECT_LT(low, ParseTsMs("2026-01-15T00:00:01.000Z"));
  // 50,000 lines at the default 200 events/s cover about 250 s.
  EXPECT_NEAR(static_cast<double>(high - low) / 1000, 250.0, 2.0);
}

TEST(GenJsonTest, StatusMixIsRealistic) {
  const std::vector<Line> lines = ParseLog(Generate("mix", "--lines 200000 --seed 21").log);
  std::map<int, double> share;
  size_t logins = 0, failed_logins = 0;
  for (const Line& l : lines) {
    share[l.status / 100] += 100.0 / static_cast<double>(lines.size());
    if (l.route == "/v1/auth/login") {
      ++logins;
      failed_logins += l.status == 401 ? 1 : 0;
    }
  }
  EXPECT_GE(share[2], 85.0);
  EXPECT_LE(share[2], 92.0);
  EXPECT_GE(share[3], 3.0);
  EXPECT_LE(share[3], 5.5);
  EXPECT_GE(share[4], 3.5);
  EXPECT_LE(share[4], 7.0);
  EXPECT_GE(share[5], 0.4);
  EXPECT_LE(share[5], 1.2);
  // Normal users fail ~6.5% of logins; the attacks add a few hundred failures on top.
  EXPECT_GT(failed_logins * 100, logins * 5);
  EXPECT_LT(failed_logins * 100, logins * 20);
}

TEST(GenJsonTest, StartAndRateSetTheTimeline) {
  const Output o = Generate("rate", "--lines 2000 --rate 10 --start 2024-02-29T23:59:30Z");
  const rapidjson::Document truth = ParseTruth(o.truth);
  const int64_t start = ParseTsMs("2024-02-29T23:59:30.000Z");
  EXPECT_GE(TruthTime(truth, "start"), start);
  EXPECT_LT(TruthTime(truth, "start"), start + 1000);
  EXPECT_NEAR(static_cast<double>(TruthTime(truth, "end") - start) / 1000, 200.0, 2.0);
  EXPECT_NE(o.log.find("\"ts\":\"2024-03-01T00:"), std::string::npos);  // a leap day rolls over
}

// --- the combined shape --------------------------------------------------------------------

TEST(GenCombinedTest, EveryLineMatchesTheCombinedFormat) {
  static const std::regex kCombined(
      R"re(^(\S+) - (\S+) \[(\d{2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) \+0000\] )re"
      R"re("([A-Z]+) (/\S*) (HTTP/1\.1|HTTP/2\.0)" (\d{3}) (\d+) "((?:[^"\\]|\\.)*)" )re"
      R"re("((?:[^"\\]|\\.)*)"$)re");
  const Output text = Generate("combined", "--lines 20000 --seed 4 --format combined");
  const Output json = Generate("combined_json", "--lines 20000 --seed 4");
  const std::vector<std::string_view> lines = SplitLines(text.log);
  const std::vector<Line> events = ParseLog(json.log);
  ASSERT_EQ(lines.size(), events.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    std::match_results<std::string_view::const_iterator> m;
    ASSERT_TRUE(std::regex_match(lines[i].begin(), lines[i].end(), m, kCombined)) << lines[i];
    // The same seed describes the same requests in both formats.
    const Line& e = events[i];
    EXPECT_EQ(m[1].str(), e.client_ip);
    EXPECT_EQ(m[2].str(), e.user.empty() ? "-" : e.user);
    EXPECT_EQ(m[9].str(), e.method);
    EXPECT_EQ(m[10].str(), e.path);
    EXPECT_EQ(std::stoi(m[12].str()), e.status);
  }
  // The truth describes the same world; only "format" differs.
  rapidjson::Document a = ParseTruth(text.truth);
  rapidjson::Document b = ParseTruth(json.truth);
  EXPECT_STREQ(a["format"].GetString(), "combined");
  a["format"].SetString("gatewatch");
  EXPECT_TRUE(a == b);
}

// --- command line --------------------------------------------------------------------------

TEST(GenCliTest, UsageErrorsExitTwoWithOneLine) {
  for (const char* args :
       {"", "--lines", "--lines 999", "--lines abc", "--lines 5000 --format xml",
        "--lines 5000 --start yesterday", "--lines 5000 --rate 0", "--lines 5000 --bogus",
        "--lines 5000 --seed -1", "--lines 5000 --seed 18446744073709551616"}) {
    std::string err;
    EXPECT_EQ(RunGen(std::string(args) + " --out /dev/null", &err), 2) << args;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << args << ": " << err;
  }
}

TEST(GenCliTest, UnwritableOutputFails) {
  EXPECT_EQ(RunGen("--lines 1000 --out /nonexistent-dir/x.log"), 1);
  EXPECT_EQ(RunGen("--lines 1000 --out /dev/null --truth /nonexistent-dir/t.json"), 1);
}

// --- ground truth against the log ----------------------------------------------------------

class GenTruthTest : public testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    const Output o = Generate(
        "truth" + std::to_string(GetParam()),
        "--lines " + std::to_string(GetParam()) + " --seed " + std::to_string(GetParam() % 97));
    lines_ = ParseLog(o.log);
    truth_ = ParseTruth(o.truth);
    ASSERT_EQ(lines_.size(), static_cast<size_t>(GetParam()));
  }

  // Lines for which "pred" holds, inside the entry's [start, end] when "in_window".
  template <typename Pred>
  std::vector<const Line*> Select(const rapidjson::Value& entry, bool in_window, Pred pred) const {
    std::vector<const Line*> out;
    const int64_t start = in_window ? TruthTime(entry, "start") : INT64_MIN;
    const int64_t end = in_window ? TruthTime(entry, "end") : INT64_MAX;
    for (const Line& l : lines_) {
      if (l.ts_ms >= start && l.ts_ms <= end && pred(l)) {
        out.push_back(&l);
      }
    }
    return out;
  }

  std::vector<Line> lines_;
  rapidjson::Document truth_;
};

std::string Entity(const rapidjson::Value& entry, const char* field) {
  return entry["entity"][field].GetString();
}

int64_t Int(const rapidjson::Value& entry, const char* key) { return entry[key].GetInt64(); }

TEST_P(GenTruthTest, ListsEveryFamily) {
  std::set<std::string> attacks, benign;
  for (const auto& e : truth_["attacks"].GetArray()) {
    attacks.insert(e["kind"].GetString());
    EXPECT_STREQ(e["expected"].GetString(), "alert");
  }
  for (const auto& e : truth_["benign"].GetArray()) {
    benign.insert(e["kind"].GetString());
    EXPECT_STREQ(e["expected"].GetString(), "no_alert");
  }
  EXPECT_EQ(attacks, (std::set<std::string>{"credential_stuffing", "distributed_brute_force",
                                            "api_key_spike", "enumeration"}));
  EXPECT_EQ(benign, (std::set<std::string>{"partner_key", "nat_ip", "expired_token_retry",
                                           "health_check"}));
}

TEST_P(GenTruthTest, AttacksAreInTheLog) {
  const bool full = GetParam() >= 100000;
  for (const auto& a : truth_["attacks"].GetArray()) {
    const std::string kind = a["kind"].GetString();
    SCOPED_TRACE(kind);
    const int64_t events = Int(a, "events");
    if (kind == "credential_stuffing") {
      const std::string ip = Entity(a, "client_ip");
      const auto all = Select(a, false, [&](const Line& l) { return l.client_ip == ip; });
      const auto in = Select(a, true, [&](const Line& l) { return l.client_ip == ip; });
      EXPECT_EQ(static_cast<int64_t>(all.size()), events);
      EXPECT_EQ(in.size(), all.size());
      std::set<std::string> users, failed;
      int64_t ok = 0;
      for (const Line* l : in) {
        EXPECT_EQ(l->route, "/v1/auth/login");
        EXPECT_EQ(l->method, "POST");
        users.insert(l->user);
        if (l->status == 401) {
          EXPECT_TRUE(l->auth == "invalid_password" || l->auth == "unknown_user") << l->auth;
          failed.insert(l->user);
        } else {
          EXPECT_EQ(l->status, 200);
          ++ok;
        }
      }
      EXPECT_EQ(static_cast<int64_t>(users.size()), Int(a, "distinct_users"));
      EXPECT_EQ(static_cast<int64_t>(failed.size()), Int(a, "failed_distinct_users"));
      EXPECT_EQ(ok, Int(a, "successes"));
      EXPECT_GE(Int(a, "distinct_users"), full ? 150 : 30);
      EXPECT_GE((events - ok) * 100, events * 90);  // ~97% failures
      EXPECT_LE(TruthTime(a, "end") - TruthTime(a, "start"), 5 * 60 * 1000 + 1000);
    } else if (kind == "distributed_brute_force") {
      const std::string user = Entity(a, "user");
      const auto in = Select(a, true, [&](const Line& l) {
        return l.user == user && l.route == "/v1/auth/login" && l.status == 401 &&
               l.auth == "invalid_password";
      });
      EXPECT_GE(static_cast<int64_t>(in.size()), events);
      std::map<std::string, int> per_ip;
      std::set<std::string> prefixes;
      int64_t v6 = 0;
      for (const Line* l : in) {
        if (per_ip[l->client_ip]++ == 0) {
          if (l->client_ip.find(':') != std::string::npos) {
            ++v6;
          } else {
            prefixes.insert(
                l->client_ip.substr(0, l->client_ip.find('.', l->client_ip.find('.') + 1)));
          }
        }
      }
      int64_t few = 0;
      for (const auto& [ip, n] : per_ip) {
        few += n <= Int(a, "max_attempts_per_ip") ? 1 : 0;
      }
      EXPECT_GE(few, Int(a, "distinct_ips"));
      EXPECT_GE(Int(a, "distinct_ips"), full ? 300 : 30);
      EXPECT_GE(v6, Int(a, "ipv6_ips"));
      EXPECT_GT(Int(a, "ipv6_ips"), 0);
      EXPECT_GE(static_cast<int64_t>(prefixes.size()), Int(a, "ipv4_prefixes16"));
      EXPECT_GE(Int(a, "ipv4_prefixes16"), 5);
      EXPECT_LE(TruthTime(a, "end") - TruthTime(a, "start"), 10 * 60 * 1000 + 1000);
    } else if (kind == "api_key_spike") {
      const std::string key = Entity(a, "api_key");
      const auto all = Select(a, false, [&](const Line& l) { return l.api_key == key; });
      const auto in = Select(a, true, [&](const Line& l) { return l.api_key == key; });
      EXPECT_EQ(static_cast<int64_t>(all.size()), events);
      EXPECT_EQ(static_cast<int64_t>(in.size()), Int(a, "spike_events"));
      EXPECT_EQ(static_cast<int64_t>(all.size() - in.size()), Int(a, "baseline_events"));
      // Compare rates: the window against the rest of the file.
      const double window = static_cast<double>(TruthTime(a, "end") - TruthTime(a, "start") + 1);
      const double rest =
          static_cast<double>(TruthTime(truth_, "end") - TruthTime(truth_, "start")) - window;
      const double inside_rate = static_cast<double>(in.size()) / window;
      const double outside_rate = static_cast<double>(all.size() - in.size()) / rest;
      EXPECT_GE(inside_rate, 10 * outside_rate);
      EXPECT_GE(a["spike_per_min"].GetDouble(), 10 * a["baseline_per_min"].GetDouble());
      EXPECT_GT(outside_rate, 0);  // an established baseline
    } else if (kind == "enumeration") {
      const std::string user = Entity(a, "user");
      const std::string ip = Entity(a, "client_ip");
      const auto in = Select(a, true, [&](const Line& l) {
        return l.user == user && l.client_ip == ip && l.route == "/v1/accounts/{id}";
      });
      std::set<int64_t> denied;
      int64_t denied_lines = 0;
      for (const Line* l : in) {
        if (l->status == 403 || l->status == 404) {
          ++denied_lines;
          const int64_t id = std::stoll(l->path.substr(l->path.rfind('/') + 1));
          EXPECT_GE(id, Int(a, "first_id"));
          EXPECT_LE(id, Int(a, "last_id"));
          denied.insert(id);
        }
      }
      EXPECT_EQ(static_cast<int64_t>(denied.size()), Int(a, "denied_distinct_ids"));
      EXPECT_GE(static_cast<int64_t>(in.size()), events);
      EXPECT_GE(denied_lines * 100, static_cast<int64_t>(in.size()) * 90);
      EXPECT_GE(Int(a, "distinct_ids"), full ? 200 : 30);
      EXPECT_LE(TruthTime(a, "end") - TruthTime(a, "start"), 3 * 60 * 1000 + 1000);
    } else {
      ADD_FAILURE() << "unknown attack kind " << kind;
    }
  }
}

TEST_P(GenTruthTest, BenignEntitiesAreInTheLog) {
  for (const auto& b : truth_["benign"].GetArray()) {
    const std::string kind = b["kind"].GetString();
    SCOPED_TRACE(kind);
    const int64_t events = Int(b, "events");
    if (kind == "partner_key") {
      const std::string key = Entity(b, "api_key");
      std::set<std::string> ips;
      for (const auto& ip : b["client_ips"].GetArray()) {
        ips.insert(ip.GetString());
      }
      const auto all = Select(b, false, [&](const Line& l) { return l.api_key == key; });
      EXPECT_EQ(static_cast<int64_t>(all.size()), events);
      int64_t ok = 0;
      for (const Line* l : all) {
        EXPECT_EQ(ips.count(l->client_ip), 1u) << l->client_ip;
        ok += l->status < 300 ? 1 : 0;
      }
      EXPECT_GE(ok * 100, events * 90);
      EXPECT_GE(b["share"].GetDouble(), 0.01);
    } else if (kind == "nat_ip") {
      const std::string ip = Entity(b, "client_ip");
      const auto all = Select(b, false, [&](const Line& l) { return l.client_ip == ip; });
      EXPECT_EQ(static_cast<int64_t>(all.size()), events);
      std::set<std::string> users;
      for (const Line* l : all) {
        if (!l->user.empty() && l->auth != "unknown_user") {
          users.insert(l->user);
        }
      }
      EXPECT_LE(static_cast<int64_t>(users.size()), Int(b, "users"));
      EXPECT_GE(Int(b, "users"), 4);
      if (GetParam() >= 100000) {
        EXPECT_GE(static_cast<int64_t>(users.size()), Int(b, "users") / 2);
      }
    } else if (kind == "expired_token_retry") {
      const std::string user = Entity(b, "user");
      const std::string ip = Entity(b, "client_ip");
      const auto all = Select(b, false, [&](const Line& l) { return l.client_ip == ip; });
      EXPECT_EQ(static_cast<int64_t>(all.size()), events);
      EXPECT_GE(events, 1);
      std::vector<int64_t> ts;
      for (const Line* l : all) {
        EXPECT_EQ(l->user, user);
        EXPECT_EQ(l->path, b["path"].GetString());
        EXPECT_EQ(l->status, 401);
        EXPECT_EQ(l->auth, "expired_token");
        ts.push_back(l->ts_ms);
      }
      if (ts.size() >= 3) {
        std::sort(ts.begin(), ts.end());
        std::vector<int64_t> gaps;
        for (size_t i = 1; i < ts.size(); ++i) {
          gaps.push_back(ts[i] - ts[i - 1]);
        }
        std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
        EXPECT_NEAR(static_cast<double>(gaps[gaps.size() / 2]), Int(b, "interval_ms"),
                    Int(b, "interval_ms") / 10.0);
      }
    } else if (kind == "health_check") {
      const std::string ip = Entity(b, "client_ip");
      const auto all = Select(b, false, [&](const Line& l) { return l.client_ip == ip; });
      EXPECT_EQ(static_cast<int64_t>(all.size()), events);
      for (const Line* l : all) {
        EXPECT_EQ(l->path, "/health");
        EXPECT_EQ(l->status, 200);
      }
    } else {
      ADD_FAILURE() << "unknown benign kind " << kind;
    }
  }
}

// The NAT addresses are noisy, but never look like credential stuffing: few distinct users fail
// from one of them in any five minutes, while the stuffing address has 30 to 150.
TEST_P(GenTruthTest, NatAddressesDoNotLookLikeStuffing) {
  for (const auto& b : truth_["benign"].GetArray()) {
    if (std::string(b["kind"].GetString()) != "nat_ip") {
      continue;
    }
    const std::string ip = Entity(b, "client_ip");
    std::vector<std::pair<int64_t, std::string>> failures;
    for (const Line& l : lines_) {
      if (l.client_ip == ip && l.status == 401 && l.route == "/v1/auth/login") {
        failures.emplace_back(l.ts_ms, l.user);
      }
    }
    std::sort(failures.begin(), failures.end());
    for (size_t i = 0; i < failures.size(); ++i) {
      std::set<std::string> users;
      for (size_t j = i; j < failures.size() && failures[j].first < failures[i].first + 300000;
           ++j) {
        users.insert(failures[j].second);
      }
      EXPECT_LE(users.size(), 10u) << ip;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, GenTruthTest, testing::Values(1000, 10000, 150000),
                         [](const testing::TestParamInfo<int>& info) {
                           return "Lines" + std::to_string(info.param);
                         });

}  // namespace
