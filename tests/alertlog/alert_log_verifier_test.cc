// AlertLogVerifier against logs written by the real writer and then tampered with, one way at a
// time: the first bad record and the kind of damage must come out right.
#include "alertlog/alert_log_verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "alertlog/alert_log_test_util.h"
#include "alertlog/log_files.h"
#include "alertlog/record_format.h"

namespace gatewatch::alertlog {
namespace {

using ::testing::HasSubstr;

constexpr char kKey[] = "0123456789abcdef0123456789abcdef";

// A log of 10 alerts: line n holds seq n-1 (line 1 is the start record, line 11 seq 10).
class TamperTest : public testing::AlertLogTest {
 protected:
  void SetUp() override {
    AlertLogTest::SetUp();
    path_ = Path("alerts.log");
    head_ = WriteLog(LogOptions(), 10);
    lines_ = testing::ReadLines(path_);
    ASSERT_EQ(lines_.size(), 11u);
  }
  virtual AlertLogOptions LogOptions() { return Options(); }
  virtual VerifyOptions Verification() { return {}; }

  // Verifies `lines` (written back to the log) and returns the report.
  VerifyReport VerifyLines(const std::vector<std::string>& lines, VerifyOptions options) {
    testing::WriteLines(path_, lines);
    auto report = AlertLogVerifier(std::move(options)).Verify({path_});
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport{};
  }
  VerifyReport VerifyLines(const std::vector<std::string>& lines) {
    return VerifyLines(lines, Verification());
  }
  VerifyOptions ExpectingHead() {
    VerifyOptions options = Verification();
    options.expected_heads = {head_};
    return options;
  }
  // The damage, checked to be of `kind` at `line` of the log.
  Damage ExpectDamage(const VerifyReport& report, DamageKind kind, uint64_t line) {
    EXPECT_FALSE(report.intact());
    if (report.intact()) return {};
    EXPECT_EQ(DamageKindName(report.damage->kind), DamageKindName(kind)) << report.damage->detail;
    EXPECT_EQ(report.damage->file, path_);
    EXPECT_EQ(report.damage->line, line) << report.damage->detail;
    return *report.damage;
  }
  // What an attacker without the key inserts before line `line`: an alert of their own, with
  // the whole chain behind it renumbered and re-sealed with plain SHA-256.
  std::vector<std::string> InsertAndResealChain(size_t line) {
    std::vector<std::string> lines = lines_;
    Digest prev = testing::StoredSeal(lines[line - 2]);
    lines.insert(lines.begin() + static_cast<ptrdiff_t>(line) - 1,
                 testing::ForgeLine(line - 1, prev, ",\"alert\":{\"rule\":\"all-clear\"}",
                                    ResealDigester()));
    testing::Reseal(&lines, line, ResealDigester());
    return lines;
  }
  virtual RecordDigester ResealDigester() { return RecordDigester::Sha256Only(); }

  std::string path_;
  ChainHead head_;
  std::vector<std::string> lines_;
};

TEST_F(TamperTest, IntactLog) {
  VerifyReport report = VerifyLines(lines_, ExpectingHead());
  EXPECT_TRUE(report.intact());
  EXPECT_EQ(report.records, 11u);
  EXPECT_EQ(report.head, head_);
  EXPECT_EQ(report.first_seq, 0u);
  EXPECT_EQ(report.seal, SealKind::kSha256);
}

TEST_F(TamperTest, OneByteOfAValueChanged) {
  std::vector<std::string> lines = lines_;
  lines[4].replace(lines[4].find("user-3"), 6, "user-4");
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kModified, 5);
  EXPECT_THAT(damage.detail, HasSubstr("does not match its bytes"));
}

TEST_F(TamperTest, ChangedAndResealedRecordIsCaughtByTheNextLink) {
  std::vector<std::string> lines = lines_;
  lines[4].replace(lines[4].find("user-3"), 6, "user-4");
  Digest seal;
  lines[4] = SealRecord(std::string(SealedBytes(lines[4])), RecordDigester::Sha256Only(), &seal);
  lines[4].pop_back();
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kModified, 5);
  EXPECT_THAT(damage.detail, HasSubstr("re-sealed"));
}

TEST_F(TamperTest, DeletedLine) {
  std::vector<std::string> lines = lines_;
  lines.erase(lines.begin() + 4);  // seq 4
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kDeleted, 5);
  EXPECT_THAT(damage.detail, HasSubstr("record seq 4 missing before this seq 5"));
}

TEST_F(TamperTest, DeletedStartRecord) {
  std::vector<std::string> lines(lines_.begin() + 1, lines_.end());
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kDeleted, 1);
  EXPECT_THAT(damage.detail, HasSubstr("start record is missing"));
  VerifyOptions partial;
  partial.allow_partial = true;
  EXPECT_TRUE(VerifyLines(lines, partial).intact());
}

TEST_F(TamperTest, InsertedLineWithABadSeal) {
  std::vector<std::string> lines = lines_;
  std::string forged = lines[4];
  forged.replace(forged.find("user-3"), 6, "user-9");
  lines.insert(lines.begin() + 5, forged);
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kInserted, 6);
  EXPECT_THAT(damage.detail, HasSubstr("the chain continues at " + path_ + ":7"));
}

TEST_F(TamperTest, InsertedGarbageLine) {
  std::vector<std::string> lines = lines_;
  lines.insert(lines.begin() + 3, "{\"seq\":3}");
  ExpectDamage(VerifyLines(lines), DamageKind::kInserted, 4);
}

TEST_F(TamperTest, InsertedCopyOfAnEarlierRecord) {
  std::vector<std::string> lines = lines_;
  lines.insert(lines.begin() + 6, lines[2]);
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kInserted, 7);
  EXPECT_THAT(damage.detail, HasSubstr("a copy of seq 2 (" + path_ + ":3)"));
}

TEST_F(TamperTest, InsertedForgeryThatSealsOnlyItself) {
  std::vector<std::string> lines = lines_;
  lines.insert(lines.begin() + 4,
               testing::ForgeLine(4, testing::StoredSeal(lines[3]), ",\"alert\":{}",
                                  RecordDigester::Sha256Only()));
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kInserted, 5);
  EXPECT_THAT(damage.detail, HasSubstr("the rest of the chain follows it"));
}

TEST_F(TamperTest, InsertionWithTheWholeChainResealedNeedsThePublishedHead) {
  std::vector<std::string> lines = InsertAndResealChain(5);
  VerifyReport unanchored = VerifyLines(lines);
  EXPECT_TRUE(unanchored.intact())
      << "plain SHA-256 cannot tell a re-sealed chain from the real one";
  EXPECT_EQ(unanchored.records, 12u);
  Damage damage = ExpectDamage(VerifyLines(lines, ExpectingHead()), DamageKind::kRewritten, 11);
  EXPECT_THAT(damage.detail, HasSubstr("re-sealed"));
}

TEST_F(TamperTest, SwappedLines) {
  std::vector<std::string> lines = lines_;
  std::swap(lines[4], lines[5]);
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kReordered, 5);
  EXPECT_THAT(damage.detail, HasSubstr("seq 5 comes before seq 4 (" + path_ + ":6)"));
}

TEST_F(TamperTest, RecordMovedLater) {
  std::vector<std::string> lines = lines_;
  std::string moved = lines[3];
  lines.erase(lines.begin() + 3);
  lines.insert(lines.begin() + 8, moved);
  ExpectDamage(VerifyLines(lines), DamageKind::kReordered, 4);
}

TEST_F(TamperTest, TruncatedTailNeedsThePublishedHead) {
  std::vector<std::string> lines(lines_.begin(), lines_.end() - 3);
  EXPECT_TRUE(VerifyLines(lines).intact()) << "a cut at a line boundary leaves a valid chain";
  Damage damage = ExpectDamage(VerifyLines(lines, ExpectingHead()), DamageKind::kTruncated, 9);
  EXPECT_THAT(damage.detail, HasSubstr("ends at seq 7 but a published head is seq 10"));
}

TEST_F(TamperTest, TornLastLine) {
  testing::WriteLines(path_, lines_);
  std::string bytes = testing::ReadFile(path_);
  testing::WriteFile(path_, bytes.substr(0, bytes.size() - 40));
  auto report = AlertLogVerifier(Verification()).Verify({path_});
  ASSERT_TRUE(report.ok());
  ExpectDamage(*report, DamageKind::kTornTail, 11);
}

TEST_F(TamperTest, PublishedHeadThatMatchesAnEarlierRecord) {
  VerifyOptions options;
  options.expected_heads = {{3, DigestToHex(testing::StoredSeal(lines_[3]))}, head_};
  EXPECT_TRUE(VerifyLines(lines_, options).intact());
  options.expected_heads = {{3, std::string(64, 'a')}};
  ExpectDamage(VerifyLines(lines_, options), DamageKind::kRewritten, 4);
}

TEST_F(TamperTest, KeyGivenForAPlainLogIsADowngrade) {
  VerifyOptions options;
  options.key = kKey;
  Damage damage = ExpectDamage(VerifyLines(lines_, options), DamageKind::kModified, 1);
  EXPECT_THAT(damage.detail, HasSubstr("sealed with sha256 where the log uses hmac-sha256"));
}

// The same log sealed with HMAC-SHA-256.
class HmacTamperTest : public TamperTest {
 protected:
  AlertLogOptions LogOptions() override {
    AlertLogOptions options = Options();
    options.key_file = WriteKeyFile("key", kKey);
    return options;
  }
  VerifyOptions Verification() override {
    VerifyOptions options;
    options.key = kKey;
    return options;
  }
  // The attacker does not have the key; the best they can do is guess one.
  RecordDigester ResealDigester() override {
    return RecordDigester::Hmac("a guess at the key, 32 bytes....");
  }
};

TEST_F(HmacTamperTest, IntactLog) {
  VerifyReport report = VerifyLines(lines_, ExpectingHead());
  EXPECT_TRUE(report.intact());
  EXPECT_EQ(report.seal, SealKind::kHmacSha256);
  EXPECT_EQ(report.head, head_);
}

TEST_F(HmacTamperTest, InsertionWithTheWholeChainResealedIsCaughtWithoutTheHead) {
  std::vector<std::string> lines = InsertAndResealChain(5);
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kModified, 5);
  EXPECT_THAT(damage.detail, HasSubstr("HMAC does not verify"));
}

TEST_F(HmacTamperTest, ChainResealedWithPlainSha256IsCaught) {
  std::vector<std::string> lines = lines_;
  lines[4].replace(lines[4].find("user-3"), 6, "user-4");
  testing::Reseal(&lines, 4, RecordDigester::Sha256Only());
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kModified, 5);
  EXPECT_THAT(damage.detail, HasSubstr("sealed with sha256 where the log uses hmac-sha256"));
}

TEST_F(HmacTamperTest, ChangedValue) {
  std::vector<std::string> lines = lines_;
  lines[7].replace(lines[7].find("user-6"), 6, "user-0");
  Damage damage = ExpectDamage(VerifyLines(lines), DamageKind::kModified, 8);
  EXPECT_THAT(damage.detail, HasSubstr("HMAC does not verify"));
}

TEST_F(HmacTamperTest, WrongKey) {
  VerifyOptions options;
  options.key = std::string(32, 'w');
  Damage damage = ExpectDamage(VerifyLines(lines_, options), DamageKind::kWrongKey, 1);
  EXPECT_THAT(damage.detail, HasSubstr("no record's HMAC verifies"));
}

TEST_F(HmacTamperTest, NoKeyIsAUsageError) {
  testing::WriteLines(path_, lines_);
  auto report = AlertLogVerifier({}).Verify({path_});
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr(":1: the log is sealed with HMAC-SHA-256"));
}

// A rotated set: alerts.log.N ... alerts.log.1, alerts.log.
class RotatedSetTest : public testing::AlertLogTest {
 protected:
  void SetUp() override {
    AlertLogTest::SetUp();
    AlertLogOptions options = Options();
    options.max_file_bytes = 1500;
    head_ = WriteLog(options, 9);
    auto set = LogSetInDirectory(dir_);
    ASSERT_TRUE(set.ok());
    files_ = *set;
    ASSERT_GE(files_.size(), 4u);
  }
  VerifyReport Verify(const std::vector<std::string>& files) {
    auto report = AlertLogVerifier({}).Verify(files);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : VerifyReport{};
  }
  ChainHead head_;
  std::vector<std::string> files_;
};

TEST_F(RotatedSetTest, VerifiesAcrossFiles) {
  VerifyReport report = Verify(files_);
  EXPECT_TRUE(report.intact());
  EXPECT_EQ(report.head, head_);
}

TEST_F(RotatedSetTest, AMissingMiddleFileIsADeletion) {
  std::vector<std::string> files = files_;
  files.erase(files.begin() + 1);
  VerifyReport report = Verify(files);
  ASSERT_FALSE(report.intact());
  EXPECT_EQ(report.damage->kind, DamageKind::kDeleted);
  EXPECT_EQ(report.damage->file, files[1]);
  EXPECT_EQ(report.damage->line, 1u);
}

TEST_F(RotatedSetTest, FilesOutOfOrderAreAReordering) {
  std::vector<std::string> files = files_;
  std::swap(files[1], files[2]);
  VerifyReport report = Verify(files);
  ASSERT_FALSE(report.intact());
  EXPECT_EQ(report.damage->kind, DamageKind::kReordered);
  EXPECT_EQ(report.damage->file, files[1]);
}

TEST_F(RotatedSetTest, AHeadOlderThanTheFilesGivenIsAUsageError) {
  VerifyOptions options;
  options.allow_partial = true;
  options.expected_heads = {{0, std::string(64, '0')}};
  std::vector<std::string> newest(files_.end() - 2, files_.end());
  auto report = AlertLogVerifier(options).Verify(newest);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("give the older files too"));
}

}  // namespace
}  // namespace gatewatch::alertlog
