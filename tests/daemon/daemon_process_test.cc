// gatewatchd as systemd runs it, on a followed file: reload (good and broken), the watchdog,
// resuming a file after a restart. The real binary, watched through NOTIFY_SOCKET.
#include <signal.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "daemon/daemon_harness.h"
#include "gtest/gtest.h"

namespace gatewatch {
namespace {

using std::chrono::milliseconds;
using test_support::ChildProcess;
using test_support::Eventually;
using test_support::NotifySocket;
using test_support::ReadLines;
using test_support::TempDir;

constexpr milliseconds kWait(30000);

constexpr char kBurstRule[] = R"(rules:
  - id: failures-per-ip
    severity: high
    filter: status >= 400
    group_by: [client_ip]
    window: 1m
    aggregate: count
    condition: "> 5"
)";

constexpr char kSecondRule[] = R"(rules:
  - id: failures-per-user
    severity: medium
    filter: status >= 400 and exists(user)
    group_by: [user]
    window: 1m
    aggregate: count
    condition: "> 5"
)";

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buf;
}

class DaemonProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.File("rules"));
    test_support::WriteFile(dir_.File("rules/burst.yaml"), kBurstRule);
    test_support::WriteFile(dir_.File("access.log"), "");
    test_support::WriteFile(
        config_, "input:\n  file: {path: " + dir_.File("access.log") + "}\nrules: [" +
                     dir_.File("rules") + "]\nstate: {directory: " + dir_.File("state") +
                     "}\nengine: {idle_advance_after: 1h}\nhttp: {listen: '127.0.0.1:0'}\n" +
                     "output:\n  json: {path: " + dir_.File("alerts.jsonl") + "}\n");
  }

  std::unique_ptr<ChildProcess> Start(std::map<std::string, std::string> env = {}) {
    env["NOTIFY_SOCKET"] = notify_.path();
    auto child = std::make_unique<ChildProcess>(
        std::vector<std::string>{GATEWATCHD, "--config", config_}, env, dir_.File("run.err"));
    EXPECT_NE(WaitFor("READY=1"), "") << child->Stderr();
    return child;
  }

  std::string WaitFor(const std::string& text, milliseconds timeout = kWait) {
    return notify_.WaitFor([&](const std::string& m) { return m.find(text) != std::string::npos; },
                           timeout);
  }

  void Append(const std::string& ip, const std::string& user, int count) {
    std::ofstream out(dir_.File("access.log"), std::ios::app);
    for (int i = 0; i < count; ++i) {
      out << R"({"ts":")" << NowRfc3339() << R"(","client_ip":")" << ip << R"(","user":")" << user
          << R"(","method":"POST","path":"/v1/login","status":401})"
          << "\n";
    }
  }

  size_t AlertsFor(const std::string& needle) {
    size_t n = 0;
    for (const std::string& line : ReadLines(dir_.File("alerts.jsonl"))) {
      n += line.find(needle) != std::string::npos;
    }
    return n;
  }

  TempDir dir_;
  std::string config_ = dir_.File("gatewatch.yaml");
  NotifySocket notify_{dir_.File("notify.sock")};
};

TEST_F(DaemonProcessTest, BrokenReloadKeepsTheRunningRulesAndAGoodOneApplies) {
  auto daemon = Start();
  Append("198.51.100.7", "alice", 8);
  ASSERT_TRUE(Eventually([&] { return AlertsFor("198.51.100.7") == 1; }, kWait))
      << daemon->Stderr();

  // A broken rule file: the reload is refused with file:line:col, the old rules keep running.
  test_support::WriteFile(dir_.File("rules/second.yaml"),
                          "rules:\n  - id: broken\n    filter: status >>= 400\n");
  daemon->Signal(SIGHUP);
  ASSERT_NE(WaitFor("RELOADING=1"), "");
  std::string failed = WaitFor("last reload failed");
  EXPECT_NE(failed.find("second.yaml:2:5: a rule needs group_by"), std::string::npos) << failed;
  Append("198.51.100.8", "bob", 8);
  ASSERT_TRUE(Eventually([&] { return AlertsFor("198.51.100.8") == 1; }, kWait))
      << daemon->Stderr();

  // Fixed: the new rule applies, the unchanged one keeps its state (no second alert for .7).
  test_support::WriteFile(dir_.File("rules/second.yaml"), kSecondRule);
  daemon->Signal(SIGHUP);
  ASSERT_NE(WaitFor("READY=1"), "");
  Append("198.51.100.7", "carol", 8);
  ASSERT_TRUE(Eventually([&] { return AlertsFor("failures-per-user") == 1; }, kWait))
      << daemon->Stderr();
  EXPECT_EQ(AlertsFor("198.51.100.7"), 1u) << "unchanged rule kept its firing alert";
  EXPECT_EQ(notify_.LastStatus().find("reload failed"), std::string::npos);
  std::string err = daemon->Stderr();
  EXPECT_NE(err.find("reload rejected"), std::string::npos) << err;
  EXPECT_NE(err.find("msg=\"reloaded\""), std::string::npos) << err;
  daemon->Signal(SIGTERM);
  EXPECT_EQ(daemon->Wait(kWait), 0);
  EXPECT_NE(notify_.WaitFor([](const std::string& m) { return m == "STOPPING=1"; }, kWait), "");
}

TEST_F(DaemonProcessTest, AStalledLoopStopsTheWatchdogPings) {
  std::string stall = dir_.File("stall");
  auto daemon = Start({{"WATCHDOG_USEC", "400000"}, {"GATEWATCH_TEST_STALL_FILE", stall}});
  ASSERT_NE(WaitFor("WATCHDOG=1"), "");
  test_support::WriteFile(stall, "");
  std::this_thread::sleep_for(milliseconds(500));  // a ping may be in flight
  WaitFor("never", milliseconds(1));               // skip what arrived so far
  EXPECT_EQ(WaitFor("WATCHDOG=1", milliseconds(1500)), "") << "pings went on while stalled";
  std::filesystem::remove(stall);
  EXPECT_NE(WaitFor("WATCHDOG=1"), "");
  daemon->Signal(SIGTERM);
  EXPECT_EQ(daemon->Wait(kWait), 0);
}

TEST_F(DaemonProcessTest, ARestartResumesTheFileWhereTheStateIs) {
  auto first = Start();
  Append("203.0.113.5", "dave", 4);
  ASSERT_NE(WaitFor(" 4 events,"), "") << first->Stderr();
  first->Signal(SIGTERM);
  ASSERT_EQ(first->Wait(kWait), 0);
  // Two more while it is down: with the window carried over, 4 + 2 crosses "> 5".
  Append("203.0.113.5", "dave", 2);
  auto second = Start();
  ASSERT_NE(WaitFor(" 2 events,"), "") << second->Stderr();
  ASSERT_TRUE(Eventually([&] { return AlertsFor("203.0.113.5") == 1; }, kWait)) << second->Stderr();
  second->Signal(SIGTERM);
  EXPECT_EQ(second->Wait(kWait), 0);
}

TEST_F(DaemonProcessTest, ACorruptSnapshotIsReportedAndTheDaemonStartsFreshOrRefuses) {
  std::filesystem::create_directories(dir_.File("state"));
  test_support::WriteFile(dir_.File("state/state.snapshot"), "GWDSNAP\nthis is not a snapshot");
  auto daemon = Start();  // READY=1 regardless: a lost state must not keep detection down
  Append("198.51.100.9", "erin", 8);
  ASSERT_TRUE(Eventually([&] { return AlertsFor("198.51.100.9") == 1; }, kWait))
      << daemon->Stderr();
  EXPECT_NE(daemon->Stderr().find("snapshot unusable"), std::string::npos) << daemon->Stderr();
  daemon->Signal(SIGTERM);
  ASSERT_EQ(daemon->Wait(kWait), 0);

  // With on_bad_snapshot: refuse, the operator chose to look first.
  test_support::WriteFile(dir_.File("state/state.snapshot"), "garbage");
  test_support::WriteFile(config_, test_support::ReadFile(config_) + "state: {directory: " +
                                       dir_.File("state") + ", on_bad_snapshot: refuse}\n");
  std::string text = test_support::ReadFile(config_);
  // The second `state:` key replaces the first: drop the first one.
  text.erase(text.find("state: {directory: " + dir_.File("state") + "}\n"),
             std::string("state: {directory: " + dir_.File("state") + "}\n").size());
  test_support::WriteFile(config_, text);
  ChildProcess refused({GATEWATCHD, "--config", config_}, {}, dir_.File("refused.err"));
  EXPECT_EQ(refused.Wait(kWait), 1);
  EXPECT_NE(refused.Stderr().find("not a gatewatch snapshot"), std::string::npos)
      << refused.Stderr();
}

TEST_F(DaemonProcessTest, CheckValidatesConfigAndRulesBesideARunningDaemon) {
  auto daemon = Start();
  ChildProcess check({GATEWATCHD, "--check", "--config", config_}, {}, dir_.File("check.err"));
  EXPECT_EQ(check.Wait(kWait), 0) << check.Stderr();
  ChildProcess cli({GATEWATCH_CLI, "check", "--config", config_}, {}, dir_.File("cli.err"));
  EXPECT_EQ(cli.Wait(kWait), 0) << cli.Stderr();

  test_support::WriteFile(dir_.File("rules/second.yaml"),
                          "rules:\n  - id: broken\n    group_by: [client_ip]\n"
                          "    filter: status >>= 400\n    window: 1m\n    condition: \"> 1\"\n");
  ChildProcess bad({GATEWATCH_CLI, "check", "--config", config_}, {}, dir_.File("bad.err"));
  EXPECT_EQ(bad.Wait(kWait), 1);
  EXPECT_NE(bad.Stderr().find("second.yaml:4:"), std::string::npos) << bad.Stderr();
  EXPECT_TRUE(daemon->running());
  daemon->Signal(SIGTERM);
  EXPECT_EQ(daemon->Wait(kWait), 0);
}

TEST_F(DaemonProcessTest, ABadConfigStopsTheStartNamingFileLineAndColumn) {
  test_support::WriteFile(config_, "input:\n  file: {path: /x}\nengine:\n  memory_budgt: 1MiB\n");
  ChildProcess bad({GATEWATCHD, "--config", config_}, {}, dir_.File("bad.err"));
  EXPECT_EQ(bad.Wait(kWait), 1);
  std::string err = bad.Stderr();
  EXPECT_NE(err.find("gatewatch.yaml:4:3"), std::string::npos) << err;
  EXPECT_NE(err.find("memory_budget"), std::string::npos) << err;
}

}  // namespace
}  // namespace gatewatch
