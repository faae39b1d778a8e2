// The gatewatch command line, run as a user would run it.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

struct CliRun {
  int exit_code;
  std::string out;  // stdout
  std::string err;  // stderr
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

CliRun Gatewatch(const std::string& args, const std::string& stdin_text = "") {
  // ctest runs each test in its own process, in parallel: names must not collide.
  static int calls = 0;
  std::string base =
      ::testing::TempDir() + "/gw_cli_" + std::to_string(getpid()) + "_" + std::to_string(++calls);
  std::string in = base + "_in", out = base + "_out", err = base + "_err";
  std::ofstream(in, std::ios::binary) << stdin_text;
  std::string command =
      std::string(GATEWATCH_CLI) + " " + args + " <" + in + " >" + out + " 2>" + err;
  int status = std::system(command.c_str());
  CliRun run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(out), Slurp(err)};
  for (const std::string& path : {in, out, err}) std::remove(path.c_str());
  return run;
}

std::string WriteFile(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + "/" + std::to_string(getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

int CountLines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

const char* kGoodLine =
    R"({"ts":"2026-01-15T10:00:00Z","client_ip":"203.0.113.7","user":"alice","status":401})";

TEST(CliParse, PrintsCanonicalEventsAndSummarisesRejects) {
  std::string path =
      WriteFile("gw_parse.jsonl", std::string(kGoodLine) + "\nnot json\n" + kGoodLine + "\n");
  CliRun r = Gatewatch("parse " + path);
  EXPECT_EQ(r.exit_code, 1) << "rejected lines make the exit status non-zero";
  EXPECT_EQ(CountLines(r.out), 2);
  EXPECT_NE(r.out.find(R"("client_ip":"203.0.113.7")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("status":401)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("lines 3, parsed 2, rejected 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rejected invalid_json: 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 2:"), std::string::npos) << r.err;
}

TEST(CliParse, ReadsStdinAndPrintsExtraFields) {
  CliRun r = Gatewatch("parse --field auth_result -",
                       R"({"ts":1768471200,"client_ip":"::1","auth_result":"expired_token"})"
                       "\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            R"({"ts":"2026-01-15T10:00:00Z","client_ip":"::1","auth_result":"expired_token"})"
            "\n");
}

TEST(CliParse, CombinedFormat) {
  CliRun r = Gatewatch("parse --format combined -",
                       "192.0.2.1 - - [15/Jan/2026:10:00:00 +0000] \"GET /x HTTP/1.1\" 404 9 \"-\" "
                       "\"curl\"\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(R"("path":"/x")"), std::string::npos) << r.out;
}

TEST(CliReplay, RunsTheShippedRulesOverAGzipLog) {
  std::string path = ::testing::TempDir() + "/" + std::to_string(getpid()) + "_gw_replay.jsonl";
  {
    std::ofstream out(path);
    // 30 failed logins in 30 s from one address: the shipped auth-failure burst rule fires.
    for (int i = 0; i < 30; ++i) {
      out << R"({"ts":"2026-01-15T10:00:)" << (i < 10 ? "0" : "") << i
          << R"(Z","client_ip":"203.0.113.7","status":401})"
          << "\n";
    }
    out << "{broken\n";
  }
  ASSERT_EQ(std::system(("gzip -f " + path).c_str()), 0);
  CliRun r = Gatewatch("replay " + path + ".gz");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("lines 31, parsed 30, rejected 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("events/s"), std::string::npos) << r.err;
  EXPECT_EQ(CountLines(r.out), 2) << "one firing and one resolved record:\n" << r.out;
  EXPECT_NE(r.out.find(R"("rule":"auth-failure-burst-ip","status":"firing")"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"("status":"resolved")"), std::string::npos) << r.out;
}

TEST(CliCheck, AcceptsTheShippedRulesAndPositionsErrors) {
  CliRun ok = Gatewatch(std::string("check ") + GATEWATCH_SOURCE_DIR + "/rules");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  std::string path = WriteFile("gw_bad_rules.yaml",
                               "rules:\n  - id: x\n    group_by: [client_ip]\n    window: 1m\n"
                               "    condition: \"> 3\"\n    filter: stauts == 401\n");
  CliRun bad = Gatewatch("check " + path);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find(path + ":6:13: unknown field \"stauts\" (did you mean \"status\"?)"),
            std::string::npos)
      << bad.err;
}

TEST(CliTest, ShippedRuleTestsPass) {
  CliRun r = Gatewatch(std::string("test ") + GATEWATCH_SOURCE_DIR + "/rules");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(", 0 failed"), std::string::npos) << r.out;
}

TEST(CliErrors, OneLineMessagesAndNonZeroExits) {
  CliRun missing = Gatewatch("parse /nonexistent/access.log");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(CountLines(missing.err), 1) << missing.err;
  EXPECT_NE(missing.err.find("cannot open /nonexistent/access.log"), std::string::npos);

  CliRun format = Gatewatch("parse --format kongg -");
  EXPECT_EQ(format.exit_code, 1);
  EXPECT_EQ(CountLines(format.err), 1) << format.err;
  EXPECT_NE(format.err.find("did you mean \"kong\""), std::string::npos) << format.err;

  CliRun usage = Gatewatch("parse --no-such-flag x");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(CountLines(usage.err), 1) << usage.err;

  CliRun nothing = Gatewatch("");
  EXPECT_EQ(nothing.exit_code, 2);
}

TEST(CliErrors, BrokenFieldMapNamesFileLineAndColumn) {
  std::string path = WriteFile("gw_bad_map.yaml", "fields:\n  ts: {path: t, tme: epoch_ms}\n");
  CliRun r = Gatewatch("parse --format " + path + " -");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(path + ":2:17: unknown key \"tme\""), std::string::npos) << r.err;
}

TEST(CliFormats, ListsPresetsAndPrintsOne) {
  CliRun list = Gatewatch("formats");
  EXPECT_EQ(list.exit_code, 0);
  for (const char* preset :
       {"gatewatch", "kong", "envoy", "nginx-json", "aws-apigw", "traefik", "caddy", "combined"}) {
    EXPECT_NE(list.out.find(std::string(preset) + "\n"), std::string::npos) << preset;
  }
  CliRun kong = Gatewatch("formats kong");
  EXPECT_NE(kong.out.find("started_at"), std::string::npos);
}

TEST(CliVersion, PrintsTheVersion) {
  CliRun r = Gatewatch("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("gatewatch "), std::string::npos);
}

}  // namespace
