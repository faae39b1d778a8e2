// The snapshot as bytes: corrupt, truncated, foreign and incompatible input is rejected with a
// clear error and leaves a usable empty engine; the definition hash sees through formatting but
// not through edits; snapshot files are written atomically.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "config/rule_loader.h"
#include "core/atomic_file.h"
#include "engine_test_util.h"
#include "fuzz/snapshot_fuzz_support.h"
#include "rules/group_key.h"
#include "snapshot_test_util.h"

namespace gatewatch::rules {
namespace {

using testing::EngineHarness;

constexpr size_t kHeaderBytes = 24;

// A snapshot of the generated stream's first 15000 events: open alerts, HyperLogLog sketches,
// baselines.
const std::string& RealSnapshot() {
  static const std::string* snapshot = [] {
    EngineHarness h(testing::kSnapshotRules);
    testing::Feed(h, testing::GenerateStream(h), 0, 15000);
    auto* out = new std::string;
    EXPECT_TRUE(h.engine().SaveState(out).ok());
    return out;
  }();
  return *snapshot;
}

// Loads `data` into a fresh engine and returns the error; the engine must be empty after it.
std::string LoadError(std::string_view data) {
  static const auto* set = new std::shared_ptr<const RuleSet>(
      *config::LoadRuleText(testing::kSnapshotRules, "snapshot_rules.yaml"));
  core::FakeClock clock(0);
  RuleEngine engine(*set, EngineOptions{}, clock);
  auto report = engine.LoadState(data);
  if (report.ok()) return "";
  const EngineStats stats = engine.stats();
  EXPECT_EQ(stats.state_bytes, 0u);
  EXPECT_EQ(stats.events, 0u);
  EXPECT_EQ(stats.watermark, 0);
  EXPECT_NE(report.status().message().find("state snapshot: "), std::string::npos);
  return report.status().message();
}

TEST(SnapshotFormat, RealSnapshotLoads) {
  EXPECT_EQ(LoadError(RealSnapshot()), "");
  EXPECT_EQ(LoadError(fuzz::Reframe(RealSnapshot())), "") << "Reframe keeps a good snapshot good";
}

TEST(SnapshotFormat, EmptyForeignAndWrongVersionAreRejected) {
  EXPECT_NE(LoadError("").find("header: truncated"), std::string::npos);
  std::string foreign = RealSnapshot();
  foreign[0] = 'X';
  EXPECT_NE(LoadError(foreign).find("bad magic"), std::string::npos);
  std::string future = RealSnapshot();
  future[8] = 2;
  EXPECT_NE(LoadError(future).find("format version 2, this build reads 1"), std::string::npos);
}

TEST(SnapshotFormat, EveryTruncationIsRejected) {
  const std::string& full = RealSnapshot();
  for (size_t n = 0; n < full.size(); n += (n < 4096 ? 1 : 97)) {
    EXPECT_NE(LoadError(std::string_view(full).substr(0, n)), "") << "truncated to " << n;
  }
  EXPECT_NE(LoadError(full + "x").find("truncated or extended"), std::string::npos);
}

TEST(SnapshotFormat, FlippedBitsFailTheChecksum) {
  const std::string& full = RealSnapshot();
  for (size_t i = kHeaderBytes; i < full.size(); i += full.size() / 300 + 1) {
    std::string bad = full;
    bad[i] = static_cast<char>(bad[i] ^ (1 << (i % 8)));
    EXPECT_NE(LoadError(bad).find("checksum mismatch"), std::string::npos) << "byte " << i;
  }
}

TEST(SnapshotFormat, CorruptionPastTheChecksumIsCaughtByTheParser) {
  // With the checksum recomputed, damage reaches the parser: it must fail cleanly or load
  // something sane, never crash or over-allocate (ASan and UBSan watch this run).
  const std::string& full = RealSnapshot();
  uint64_t rng = 7;
  size_t rejected = 0;
  for (int round = 0; round < 1500; ++rng, ++round) {
    std::string bad = full;
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    const size_t at = kHeaderBytes + (rng >> 33) % (full.size() - kHeaderBytes);
    bad[at] = static_cast<char>(round % 3 == 0 ? 0xFF : bad[at] ^ (1 + (rng >> 20) % 255));
    rejected += !LoadError(fuzz::Reframe(bad)).empty();
  }
  EXPECT_GT(rejected, 100u);
  // Hostile counts: every byte of the body set to 0xFF (huge varints).
  std::string hostile(full.size(), '\xFF');
  hostile.replace(0, kHeaderBytes, full.substr(0, kHeaderBytes));
  EXPECT_NE(LoadError(fuzz::Reframe(hostile)), "");
  EXPECT_NE(LoadError(fuzz::Reframe(full + "junk")).find("bytes after the last section"),
            std::string::npos);
}

TEST(SnapshotFormat, AFailedLoadLeavesAWorkingEngine) {
  // Junk after the last section: every rule's state is loaded before the error is found.
  EngineHarness failed(testing::kSnapshotRules);
  ASSERT_FALSE(failed.engine().LoadState(fuzz::Reframe(RealSnapshot() + "junk")).ok());
  EngineHarness fresh(testing::kSnapshotRules);
  const std::vector<testing::StreamItem> items = testing::GenerateStream(fresh);
  testing::Feed(failed, items, 0, 16000);
  testing::Feed(fresh, items, 0, 16000);
  failed.Finish();
  fresh.Finish();
  EXPECT_FALSE(fresh.alerts().empty());
  EXPECT_EQ(testing::AlertJson(failed.alerts()), testing::AlertJson(fresh.alerts()));
  EXPECT_EQ(testing::StatsText(failed.engine().stats()),
            testing::StatsText(fresh.engine().stats()));
}

uint64_t HashOf(const std::string& yaml, const std::string& id = "r") {
  auto set = config::LoadRuleText(yaml, "test.yaml");
  EXPECT_TRUE(set.ok()) << set.status().ToString();
  if (!set.ok()) return 0;
  for (const Rule& rule : (*set)->rules) {
    if (rule.id == id) return rule.definition_hash;
  }
  ADD_FAILURE() << "no rule " << id;
  return 0;
}

constexpr const char* kBase = R"(
lists:
  office: [198.51.100.0/24]
  unused: [a, b]
rules:
  - id: r
    filter: status == 401 and not client_ip in cidr($office)
    group_by: [client_ip]
    window: 1m
    condition: "> 20"
    labels: {team: sec, tier: one}
)";

TEST(DefinitionHash, IgnoresCommentsFormattingAndKeyOrder) {
  const uint64_t base = HashOf(kBase);
  EXPECT_NE(base, 0u);
  EXPECT_EQ(HashOf(R"(
# A comment, another indentation, flow style, other quoting, keys in another order.
lists:
    unused: [a, b, c]        # a list the rule does not use
    office:
      - "198.51.100.0/24"
rules:
    - labels:
        tier: one
        team: sec
      condition: '> 20'
      window: 1m
      group_by:
        - client_ip
      filter: >-
        status == 401 and not client_ip in cidr($office)
      id: r
)"),
            base);
}

TEST(DefinitionHash, ChangesWithTheFilterTheThresholdOrAUsedList) {
  const uint64_t base = HashOf(kBase);
  auto edited = [](std::string_view from, std::string_view to) {
    std::string yaml = kBase;
    yaml.replace(yaml.find(from), from.size(), to);
    return HashOf(yaml);
  };
  EXPECT_NE(edited("status == 401", "status == 403"), base);
  EXPECT_NE(edited("\"> 20\"", "\"> 21\""), base);
  EXPECT_NE(edited("198.51.100.0/24", "198.51.101.0/24"), base);
  EXPECT_NE(edited("window: 1m", "window: 2m"), base);
  EXPECT_NE(edited("tier: one", "tier: two"), base);
  EXPECT_EQ(edited("[a, b]", "[a]"), base) << "the rule does not use that list";
}

class SnapshotFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gatewatch-snapshot-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(SnapshotFile, WritesAtomicallyWithMode0600AndReadsBack) {
  const std::string path = (dir_ / "state.bin").string();
  ASSERT_TRUE(core::WriteFileAtomically(path, "old").ok());
  ASSERT_TRUE(core::WriteFileAtomically(path, RealSnapshot()).ok());
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1u) << "no temporary file is left behind";

  auto data = core::ReadWholeFile(path, 64 << 20);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(*data, RealSnapshot());
  EngineHarness h(testing::kSnapshotRules);
  EXPECT_TRUE(h.engine().LoadState(*data).ok());
}

TEST_F(SnapshotFile, ReadErrorsSayWhatIsWrong) {
  const std::string path = (dir_ / "state.bin").string();
  auto missing = core::ReadWholeFile(path, 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), core::Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find(path), std::string::npos);

  ASSERT_TRUE(core::WriteFileAtomically(path, std::string(101, 'x')).ok());
  auto big = core::ReadWholeFile(path, 100);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), core::Status::Code::kOutOfRange);
  EXPECT_TRUE(core::ReadWholeFile(path, 101).ok());
}

TEST_F(SnapshotFile, WriteIntoAMissingDirectoryFailsCleanly) {
  const std::string path = (dir_ / "no-such-dir" / "state.bin").string();
  core::Status status = core::WriteFileAtomically(path, "data");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
}

TEST(SnapshotFormat, GroupKeysAreTheSameInEveryProcess) {
  // Snapshots store group keys and distinct-value hashes: these functions are part of the
  // format (a change needs a new format version) and must not depend on a per-process seed.
  EXPECT_EQ(GroupKeyHashBytes("192.0.2.1", 9, 7), 0x8cdbd09a1f7e96a9ull);
  core::AccessEvent e(0);
  e.set_client_ip(*core::IpAddress::Parse("192.0.2.1"));
  e.SetString(core::kFieldUser, "alice");
  EXPECT_EQ(GroupKeyHash(e, {core::kFieldClientIp, core::kFieldUser}), 0xb865954108193d56ull);
}

// The fuzz target's seed is a real snapshot in the current format. After a format change,
// regenerate it: GATEWATCH_REGENERATE_SNAPSHOT_SEED=1 engine_test
// --gtest_filter='SnapshotFuzzSeed*'
TEST(SnapshotFuzzSeed, CommittedSeedIsARealSnapshot) {
  const std::string path = GATEWATCH_SOURCE_DIR "/tests/fuzz/corpus/snapshot_fuzz/seed-mid-stream";
  if (std::getenv("GATEWATCH_REGENERATE_SNAPSHOT_SEED") != nullptr) {
    ASSERT_TRUE(core::WriteFileAtomically(path, fuzz::MakeSnapshotSeed()).ok());
    chmod(path.c_str(), 0644);
    core::FakeClock clock(0);
    RuleEngine empty(fuzz::SnapshotFuzzRuleSet(), EngineOptions{}, clock);
    std::string snapshot;
    ASSERT_TRUE(empty.SaveState(&snapshot).ok());
    const std::string empty_path =
        GATEWATCH_SOURCE_DIR "/tests/fuzz/corpus/snapshot_fuzz/seed-empty";
    ASSERT_TRUE(core::WriteFileAtomically(empty_path, snapshot).ok());
    chmod(empty_path.c_str(), 0644);
  }
  auto seed = core::ReadWholeFile(path, 1 << 20);
  ASSERT_TRUE(seed.ok()) << seed.status().ToString();
  core::FakeClock clock(0);
  RuleEngine engine(fuzz::SnapshotFuzzRuleSet(), EngineOptions{}, clock);
  auto report = engine.LoadState(*seed);
  ASSERT_TRUE(report.ok()) << report.status().ToString() << " (regenerate the seed)";
  EXPECT_EQ(report->restored.size(), 4u);
  EXPECT_GT(report->groups, 10u);
  EXPECT_GT(report->baselines, 0u);
  EXPECT_GT(report->alerts, 0u);
}

}  // namespace
}  // namespace gatewatch::rules
