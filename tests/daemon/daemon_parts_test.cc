// The daemon's parts on their own: config loading, the alert ledger, the snapshot file.
#include <fstream>

#include "config/daemon_config.h"
#include "daemon/alert_ledger.h"
#include "daemon/daemon_harness.h"
#include "daemon/state_snapshot.h"
#include "gtest/gtest.h"

namespace gatewatch {
namespace {

using test_support::TempDir;

TEST(DaemonConfigTest, ReadsEverySectionAndKeepsDefaults) {
  auto config = config::LoadDaemonConfigText(R"(
input:
  kafka:
    brokers: 127.0.0.1:9092
    topics: [a, b]
    properties: {security.protocol: SASL_SSL}
format: kong
rules: [/r]
engine: {memory_budget: 64MiB, idle_advance_after: 2s}
state: {directory: /s, snapshot_interval: 10s, on_bad_snapshot: refuse}
logging: {format: json}
)",
                                             "t.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->input.kind, config::InputKind::kKafka);
  EXPECT_EQ(config->input.kafka.topics, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(config->input.kafka.properties.at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(config->input.kafka.group_id, "gatewatch");
  EXPECT_EQ(config->engine.memory_budget_bytes, 64u << 20);
  EXPECT_EQ(config->engine.idle_advance_after, 2 * core::kSecond);
  EXPECT_EQ(config->engine.allowed_lateness, 30 * core::kSecond);
  EXPECT_TRUE(config->state.refuse_bad_snapshot);
  EXPECT_EQ(config->logging.format, "json");
}

TEST(DaemonConfigTest, ErrorsNameLineColumnAndSuggest) {
  struct Case {
    const char* text;
    const char* want;
  };
  for (const Case& c : {
           Case{"input:\n  kafka: {brokers: x, topicz: [a]}\n", "t.yaml:2:"},
           Case{"input:\n  kafka: {brokers: x, topicz: [a]}\n", "did you mean \"topics\""},
           Case{"engine:\n  allowed_lateness: 5 minutes\n", "t.yaml:2:21"},
           Case{"state:\n  on_bad_snapshot: ignore\n", "start_fresh, refuse"},
           Case{"input:\n  kafka: {brokers: x, topics: [a], properties: {group.id: y}}\n",
                "set by gatewatch"},
           Case{"input: {file: {path: a}, stdin: {}}\n", "exactly one of"},
           Case{"input:\n  kafka:\n    brokers: x\n    topics: [a]\n    property_files: "
                "{sasl.password: /nonexistent/secret}\n",
                "cannot read /nonexistent/secret"},
       }) {
    auto config = config::LoadDaemonConfigText(c.text, "t.yaml");
    ASSERT_FALSE(config.ok()) << c.text;
    EXPECT_NE(config.status().message().find(c.want), std::string::npos)
        << config.status().message();
  }
}

TEST(DaemonConfigTest, SecretsComeFromFiles) {
  TempDir dir;
  test_support::WriteFile(dir.File("password"), "s3cret\n");
  test_support::WriteFile(dir.File("g.yaml"),
                          "input:\n  kafka:\n    brokers: x\n    topics: [a]\n"
                          "    property_files: {sasl.password: password}\n");
  auto config = config::LoadDaemonConfig(dir.File("g.yaml"));
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->input.kafka.properties.at("sasl.password"), "s3cret");
}

alert::Alert SomeAlert(alert::AlertStatus status) {
  alert::Alert a;
  a.rule = "r";
  a.fingerprint = "0123456789abcdef";
  a.status = status;
  a.starts_at = 1700000000000000000;
  return a;
}

TEST(AlertLedgerTest, RemembersAcrossReopenUntilClearedAndIgnoresATornTail) {
  TempDir dir;
  std::string path = dir.File("ledger");
  {
    auto ledger = daemon::AlertLedger::Open(path);
    ASSERT_TRUE(ledger.ok());
    ASSERT_TRUE((*ledger)->Record(SomeAlert(alert::AlertStatus::kFiring)).ok());
  }
  std::ofstream(path, std::ios::app) << "torn-without-newline";
  auto ledger = daemon::AlertLedger::Open(path);
  ASSERT_TRUE(ledger.ok());
  EXPECT_TRUE((*ledger)->Contains(SomeAlert(alert::AlertStatus::kFiring)));
  EXPECT_FALSE((*ledger)->Contains(SomeAlert(alert::AlertStatus::kResolved)));
  EXPECT_EQ((*ledger)->size(), 1u);
  ASSERT_TRUE((*ledger)->Clear().ok());
  EXPECT_FALSE((*ledger)->Contains(SomeAlert(alert::AlertStatus::kFiring)));
}

TEST(DaemonSnapshotTest, RoundTripsAndRejectsCorruption) {
  TempDir dir;
  std::string path = dir.File("state.snapshot");
  EXPECT_EQ(daemon::ReadDaemonSnapshot(path).status().code(), core::Status::Code::kNotFound);
  daemon::DaemonSnapshot s;
  s.written_at = 42;
  s.input_kind = "kafka";
  s.input_positions = "t\t0\t10\t0\n";
  s.engine_state = std::string(1000, '\x07');
  ASSERT_TRUE(daemon::WriteDaemonSnapshot(path, s).ok());
  auto back = daemon::ReadDaemonSnapshot(path);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->input_positions, s.input_positions);
  EXPECT_EQ(back->engine_state, s.engine_state);

  std::string bytes = test_support::ReadFile(path);
  for (size_t at : {size_t{3}, size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    std::string bad = bytes;
    bad[at] ^= 0x20;
    test_support::WriteFile(path, bad);
    EXPECT_EQ(daemon::ReadDaemonSnapshot(path).status().code(),
              core::Status::Code::kInvalidArgument)
        << at;
  }
  test_support::WriteFile(path, bytes.substr(0, bytes.size() / 3));
  EXPECT_FALSE(daemon::ReadDaemonSnapshot(path).ok());
}

}  // namespace
}  // namespace gatewatch
