// gatewatchd end to end through Kafka: the real daemon binary consuming from the dev broker
// (librdkafka's mock cluster on loopback TCP), watched through NOTIFY_SOCKET as systemd would.
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <thread>

#include "daemon/daemon_harness.h"
#include "gtest/gtest.h"
#include "kafka/dev_broker.h"
#include "kafka/kafka_test_support.h"
#include "kafka/producer.h"

namespace gatewatch {
namespace {

using std::chrono::milliseconds;
using test_support::ChildProcess;
using test_support::Eventually;
using test_support::NotifySocket;
using test_support::ReadLines;
using test_support::TempDir;

constexpr char kTopic[] = "access-logs";
constexpr milliseconds kWait(60000);

class KafkaDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kafka::DevBrokerOptions options;
    options.topics = {{kTopic, 1}};
    auto broker = kafka::DevBroker::Start(options);
    ASSERT_TRUE(broker.ok()) << broker.status().message();
    broker_ = std::move(*broker);
    log_ = dir_.File("traffic.jsonl");
    ChildProcess gen({GATEWATCH_GEN, "--lines", "11000", "--seed", "7", "--out", log_, "--truth",
                      dir_.File("truth.json")},
                     {}, dir_.File("gen.err"));
    ASSERT_EQ(gen.Wait(kWait), 0);
    lines_ = ReadLines(log_);
    ASSERT_EQ(lines_.size(), 11000u);  // 4.5 MB: within what the dev broker keeps
  }

  // Idle input never moves time here: the alerts must equal a replay with --keep-open.
  std::string WriteConfig(const std::string& more_outputs = "",
                          const std::string& idle_advance_after = "1h") {
    std::string path = dir_.File("gatewatch.yaml");
    test_support::WriteFile(path,
                            "input:\n"
                            "  kafka:\n"
                            "    brokers: " +
                                broker_->bootstrap() +
                                "\n"
                                "    topics: [" +
                                kTopic +
                                "]\n"
                                "    group_id: gatewatch-test\n"
                                "    start_at: earliest\n"
                                // A killed member leaves the group after this, not 45 s.
                                "    properties: {session.timeout.ms: '6000', "
                                "heartbeat.interval.ms: '500'}\n"
                                "format: gatewatch\n"
                                "http: {listen: '127.0.0.1:0'}\n"
                                "rules: [" GATEWATCH_SOURCE_DIR
                                "/rules]\n"
                                "state:\n"
                                "  directory: " +
                                dir_.File("state") +
                                "\n"
                                "  snapshot_interval: 1h\n"
                                "engine:\n"
                                "  idle_advance_after: " +
                                idle_advance_after +
                                "\n"
                                "output:\n"
                                "  json: {path: " +
                                dir_.File("alerts.jsonl") + ", redaction: {mode: none}}\n" +
                                more_outputs);
    return path;
  }

  std::unique_ptr<ChildProcess> StartDaemon(const std::string& config, const std::string& err,
                                            bool wait_for_assignment = true) {
    auto child = std::make_unique<ChildProcess>(
        std::vector<std::string>{GATEWATCHD, "--config", config},
        std::map<std::string, std::string>{{"NOTIFY_SOCKET", notify_.path()}}, err);
    EXPECT_NE(notify_.WaitFor([](const std::string& m) { return m.find("READY=1") == 0; }, kWait),
              "")
        << child->Stderr();
    if (wait_for_assignment) WaitForAssignment(*child);
    return child;
  }

  // Produce only once the partition is assigned: the dev broker keeps only the newest ~5 MB.
  static void WaitForAssignment(ChildProcess& child) {
    EXPECT_TRUE(Eventually(
        [&] { return child.Stderr().find("kafka: assigned") != std::string::npos; }, kWait))
        << child.Stderr();
  }

  void Produce(size_t from, size_t to) {
    auto producer = kafka::Producer::Create({broker_->bootstrap(), {}});
    ASSERT_TRUE(producer.ok());
    for (size_t i = from; i < to; ++i) {
      while ((*producer)->Produce(kTopic, "", lines_[i]) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        (*producer)->Poll(milliseconds(10));
      }
    }
    ASSERT_TRUE((*producer)->Flush(kWait));
    ASSERT_EQ((*producer)->failed(), 0u);
  }

  // STATUS= carries "<n> events": wait for the count the daemon has applied.
  bool WaitForEvents(size_t n) {
    std::string want = " " + std::to_string(n) + " events,";
    bool seen =
        notify_.WaitFor([&](const std::string& m) { return m.find(want) != std::string::npos; },
                        kWait) != "";
    if (!seen) ADD_FAILURE() << "last status: " << notify_.LastStatus();
    return seen;
  }

  std::vector<std::string> Replay(bool keep_open = true) {
    std::string out = dir_.File("replay.jsonl");
    std::vector<std::string> argv = {
        GATEWATCH_CLI,  "replay", "--rules", GATEWATCH_SOURCE_DIR "/rules",
        "--alerts-out", out,      log_};
    if (keep_open) argv.push_back("--keep-open");
    ChildProcess replay(argv, {}, dir_.File("replay.err"));
    EXPECT_EQ(replay.Wait(kWait), 0);
    return ReadLines(out);
  }

  TempDir dir_;
  NotifySocket notify_{dir_.File("notify.sock")};
  std::unique_ptr<kafka::DevBroker> broker_;
  std::string log_;
  std::vector<std::string> lines_;
};

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(KafkaDaemonTest, AlertsFromKafkaEqualReplayOfTheSameEvents) {
  ASSERT_TRUE(broker_->CreateTopic("gatewatch-alerts", 1).ok());
  std::string outputs =
      "  kafka: {topic: gatewatch-alerts}\n  alert_log: {path: " + dir_.File("alerts.log") + "}\n";
  auto daemon = StartDaemon(WriteConfig(outputs), dir_.File("run.err"));
  Produce(0, lines_.size());
  ASSERT_TRUE(WaitForEvents(lines_.size())) << daemon->Stderr();
  daemon->Signal(SIGTERM);
  ASSERT_EQ(daemon->Wait(kWait), 0) << daemon->Stderr();

  std::vector<std::string> replay = Replay();
  std::vector<std::string> got = ReadLines(dir_.File("alerts.jsonl"));
  ASSERT_GE(replay.size(), 3u) << "the generated attacks must fire";
  EXPECT_EQ(Sorted(got), Sorted(replay));
  std::string err = daemon->Stderr();
  EXPECT_NE(err.find("msg=\"stopped\""), std::string::npos) << err;

  // The alert topic carries the same records as the alert log, and the log's chain head.
  std::vector<kafka::testing::Record> topic =
      kafka::testing::ConsumeFromStart(broker_->bootstrap(), "gatewatch-alerts", got.size() + 1);
  std::string alert_log = test_support::ReadFile(dir_.File("alerts.log"));
  size_t alerts = 0, heads = 0;
  for (const kafka::testing::Record& r : topic) {
    if (r.key == "alert-log-head") {
      ++heads;
      EXPECT_NE(r.value.find("\"kind\":\"alert_log_head\""), std::string::npos) << r.value;
      continue;
    }
    ++alerts;
    EXPECT_NE(alert_log.find("\"alert\":" + r.value), std::string::npos) << r.value;
  }
  EXPECT_EQ(alerts, got.size());
  EXPECT_GE(heads, 1u);
}

TEST_F(KafkaDaemonTest, KillNineMidStreamResumesFromTheSnapshotWithoutLossOrDuplicates) {
  std::string config = WriteConfig();
  const size_t half = lines_.size() / 2;
  auto first = StartDaemon(config, dir_.File("first.err"));
  Produce(0, half);
  ASSERT_TRUE(WaitForEvents(half)) << first->Stderr();
  first->Signal(SIGUSR1);  // snapshot now: state and offset `half`
  ASSERT_TRUE(Eventually([&] { return std::filesystem::exists(dir_.File("state/state.snapshot")); },
                         kWait));
  Produce(half, lines_.size());
  ASSERT_TRUE(WaitForEvents(lines_.size())) << first->Stderr();
  first->Signal(SIGKILL);
  ASSERT_EQ(first->Wait(kWait), 128 + SIGKILL);

  // Now idle input moves time on: not while the restarted consumer waits for its partitions
  // (that would make every re-read event late), only once it has caught up; then every alert
  // resolves, as at the end of a replay.
  WriteConfig("", "2s");
  auto second = StartDaemon(config, dir_.File("second.err"));
  // The events after the snapshot are read again: from the snapshot's offset, not 0, not the end.
  ASSERT_TRUE(WaitForEvents(lines_.size() - half)) << second->Stderr();
  std::vector<std::string> replay = Replay(/*keep_open=*/false);
  ASSERT_GE(replay.size(), 6u);
  EXPECT_TRUE(Eventually(
      [&] { return ReadLines(dir_.File("alerts.jsonl")).size() >= replay.size(); }, kWait));
  std::string err = second->Stderr();
  EXPECT_NE(err.find(std::string("access-logs\\t0\\t") + std::to_string(half)), std::string::npos)
      << err;
  EXPECT_NE(err.find("access-logs/0@" + std::to_string(half)), std::string::npos) << err;
  second->Signal(SIGTERM);
  ASSERT_EQ(second->Wait(kWait), 0) << second->Stderr();

  std::vector<std::string> got = ReadLines(dir_.File("alerts.jsonl"));
  EXPECT_EQ(Sorted(got), Sorted(replay)) << "none missing, none twice, none late";
  EXPECT_EQ(second->Stderr().find("late"), std::string::npos);
}

TEST_F(KafkaDaemonTest, CleanRestartKeepsWindowsAndFiresNothingAgain) {
  std::string config = WriteConfig();
  const size_t cut = lines_.size() * 2 / 5;
  auto first = StartDaemon(config, dir_.File("first.err"));
  Produce(0, cut);
  ASSERT_TRUE(WaitForEvents(cut)) << first->Stderr();
  first->Signal(SIGTERM);
  ASSERT_EQ(first->Wait(kWait), 0) << first->Stderr();

  auto second = StartDaemon(config, dir_.File("second.err"));
  Produce(cut, lines_.size());
  ASSERT_TRUE(WaitForEvents(lines_.size() - cut)) << second->Stderr();
  second->Signal(SIGTERM);
  ASSERT_EQ(second->Wait(kWait), 0) << second->Stderr();
  EXPECT_EQ(Sorted(ReadLines(dir_.File("alerts.jsonl"))), Sorted(Replay()));
}

TEST_F(KafkaDaemonTest, BrokerDownAtStartAndMidStreamTheDaemonWaitsAndResumes) {
  ASSERT_TRUE(broker_->SetAllDown().ok());
  auto daemon = StartDaemon(WriteConfig(), dir_.File("run.err"), false);
  std::this_thread::sleep_for(milliseconds(1500));
  ASSERT_TRUE(daemon->running());
  ASSERT_TRUE(broker_->SetAllUp().ok());
  WaitForAssignment(*daemon);
  Produce(0, 1000);
  ASSERT_TRUE(WaitForEvents(1000)) << daemon->Stderr();

  ASSERT_TRUE(broker_->SetAllDown().ok());
  std::this_thread::sleep_for(milliseconds(1500));
  ASSERT_TRUE(daemon->running());
  ASSERT_TRUE(broker_->SetAllUp().ok());
  Produce(1000, 2000);
  ASSERT_TRUE(WaitForEvents(2000)) << daemon->Stderr();
  daemon->Signal(SIGTERM);
  EXPECT_EQ(daemon->Wait(kWait), 0);
}

TEST_F(KafkaDaemonTest, HostileLinesThroughKafkaAreCountedAndTheDaemonStaysUp) {
  std::vector<std::string> hostile =
      ReadLines(GATEWATCH_SOURCE_DIR "/tests/testdata/malformed/gatewatch.txt");
  ASSERT_GT(hostile.size(), 10u);
  hostile.push_back(std::string(900 << 10, 'x'));  // longer than any line limit
  hostile.push_back("\xff\xfe{\"ts\":");
  lines_ = hostile;
  auto daemon = StartDaemon(WriteConfig(), dir_.File("run.err"));
  Produce(0, lines_.size());
  ASSERT_TRUE(WaitForEvents(lines_.size())) << daemon->Stderr();
  EXPECT_TRUE(daemon->running());
  EXPECT_EQ(notify_.LastStatus().find(" 0 rejected"), std::string::npos) << notify_.LastStatus();
  daemon->Signal(SIGTERM);
  EXPECT_EQ(daemon->Wait(kWait), 0);
}

}  // namespace
}  // namespace gatewatch
