// AlertLogWriter: the bytes it writes, restarts, rotation, torn tails and keys.
#include "alertlog/alert_log_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>

#include "alertlog/alert_log_test_util.h"
#include "alertlog/alert_log_verifier.h"
#include "alertlog/log_files.h"
#include "alertlog/record_format.h"

namespace gatewatch::alertlog {
namespace {

using ::testing::HasSubstr;
using testing::ReadFile;
using testing::ReadLines;
using testing::StoredSeal;
using testing::WriteFile;

class AlertLogWriterTest : public testing::AlertLogTest {};

// The documented canonical bytes, computed here with OpenSSL directly (not the library).
std::string CanonicalBytes(const std::string& line) { return line.substr(0, line.size() - 75); }

std::string Sha256Hex(const std::string& bytes) {
  Digest md;
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), md.data(), &size, EVP_sha256(), nullptr);
  return DigestToHex(md);
}

std::string HmacHex(const std::string& key, const std::string& bytes) {
  Digest md;
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), md.data(), &size);
  return DigestToHex(md);
}

VerifyReport Verify(const std::vector<std::string>& files, VerifyOptions options = {}) {
  auto report = AlertLogVerifier(std::move(options)).Verify(files);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  return report.ok() ? *report : VerifyReport{};
}

TEST_F(AlertLogWriterTest, StartRecordThenChainedAlertsWithTheDocumentedBytes) {
  ChainHead head = WriteLog(Options(), 3);
  std::vector<std::string> lines = ReadLines(Path("alerts.log"));
  ASSERT_EQ(lines.size(), 4u);
  std::string start = R"({"seq":0,"kind":"start","time":"2026-01-15T10:00:00Z","prev":")";
  EXPECT_EQ(lines[0].substr(0, start.size()), start);
  EXPECT_NE(lines[0].find(std::string(64, '0')), std::string::npos);
  std::string prev(64, '0');
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    EXPECT_NE(line.find("{\"seq\":" + std::to_string(i) + ","), std::string::npos) << line;
    EXPECT_NE(line.find("\"prev\":\"" + prev + "\""), std::string::npos) << line;
    std::string seal = Sha256Hex(CanonicalBytes(line));
    EXPECT_EQ(line.substr(line.size() - 75), ",\"hash\":\"" + seal + "\"}");
    prev = seal;
  }
  EXPECT_EQ(head, (ChainHead{3, prev}));
  EXPECT_NE(lines[1].find(R"("kind":"alert","time":"2026-01-15T10:00:01Z")"), std::string::npos);
  EXPECT_NE(lines[1].find(",\"alert\":" + alert::AlertToJson(testing::MakeAlert(0)) + ",\"hash\""),
            std::string::npos)
      << "the payload is AlertToJson verbatim";
}

TEST_F(AlertLogWriterTest, HmacSealUsesTheKeyWithOneTrailingNewlineTrimmed) {
  AlertLogOptions options = Options();
  options.key_file = WriteKeyFile("key", "0123456789abcdef0123456789abcdef\n");
  WriteLog(options, 2);
  for (const std::string& line : ReadLines(options.path)) {
    EXPECT_EQ(
        line.substr(line.size() - 75),
        ",\"hmac\":\"" + HmacHex("0123456789abcdef0123456789abcdef", CanonicalBytes(line)) + "\"}");
  }
}

TEST_F(AlertLogWriterTest, ReopenContinuesTheChainFromDisk) {
  ChainHead first = WriteLog(Options(), 3);
  auto writer = OpenWriter(Options());
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->Head(), first);
  EXPECT_TRUE(writer->TakeWarnings().empty());
  ASSERT_TRUE(writer->Append(testing::MakeAlert(7)).ok());
  EXPECT_EQ(writer->Head().seq, 4u);
  writer.reset();
  std::vector<std::string> lines = ReadLines(Path("alerts.log"));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_NE(lines[4].find("\"prev\":\"" + first.hash + "\""), std::string::npos);
  VerifyReport report = Verify({Path("alerts.log")});
  EXPECT_TRUE(report.intact());
  EXPECT_EQ(report.records, 5u);
}

TEST_F(AlertLogWriterTest, RotationContinuesTheChainAcrossFiles) {
  AlertLogOptions options = Options();
  options.max_file_bytes = 1500;  // a record is about 600 bytes: two per file
  ChainHead head = WriteLog(options, 9);
  auto rotated = RotatedFiles(options.path);
  ASSERT_GE(rotated.size(), 3u);
  auto set = LogSetInDirectory(dir_);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  ASSERT_EQ(set->size(), rotated.size() + 1);
  EXPECT_EQ(set->front(), rotated.back().second) << "oldest first";
  EXPECT_EQ(set->back(), options.path);
  for (size_t f = 1; f < set->size(); ++f) {
    std::vector<std::string> previous = ReadLines((*set)[f - 1]);
    std::vector<std::string> current = ReadLines((*set)[f]);
    ASSERT_FALSE(current.empty());
    EXPECT_LE(ReadFile((*set)[f - 1]).size(), 1500u);
    EXPECT_NE(current.front().find("\"prev\":\"" + DigestToHex(StoredSeal(previous.back()))),
              std::string::npos)
        << "the first record of " << (*set)[f] << " links to the last of " << (*set)[f - 1];
  }
  VerifyReport report = Verify(*set);
  EXPECT_TRUE(report.intact()) << report.damage->detail;
  EXPECT_EQ(report.records, 10u);
  EXPECT_EQ(report.head, head);
}

TEST_F(AlertLogWriterTest, RotationKeepsOnlyMaxRotatedFiles) {
  AlertLogOptions options = Options();
  options.max_file_bytes = 1500;
  options.max_rotated_files = 2;
  ChainHead head = WriteLog(options, 12);
  auto rotated = RotatedFiles(options.path);
  ASSERT_EQ(rotated.size(), 2u);
  EXPECT_EQ(rotated[1].first, 2u);
  auto set = LogSetInDirectory(dir_);
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(Verify(*set).damage->kind, DamageKind::kDeleted) << "the start record is gone";
  VerifyOptions options_partial;
  options_partial.allow_partial = true;
  VerifyReport partial = Verify(*set, options_partial);
  EXPECT_TRUE(partial.intact());
  EXPECT_EQ(partial.head, head);
  EXPECT_GT(partial.first_seq, 0u);
}

TEST_F(AlertLogWriterTest, ResumesFromTheNewestRotatedFileWhenTheActiveOneIsGone) {
  AlertLogOptions options = Options();
  options.max_file_bytes = 1500;
  ChainHead head = WriteLog(options, 4);
  // A crash between renaming alerts.log to alerts.log.1 and creating the new one.
  ASSERT_EQ(RotateFiles(options.path, 0).ok(), true);
  auto writer = OpenWriter(options);
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->Head(), head);
  ASSERT_TRUE(writer->Append(testing::MakeAlert(9)).ok());
  writer.reset();
  auto set = LogSetInDirectory(dir_);
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(Verify(*set).intact());
}

TEST_F(AlertLogWriterTest, TornTailIsCutAndRecordedOnReopen) {
  WriteLog(Options(), 3);
  std::string torn = R"({"seq":4,"kind":"alert","time":"2026-01-15T10:00:0)";
  WriteFile(Path("alerts.log"), ReadFile(Path("alerts.log")) + torn);
  auto writer = OpenWriter(Options());
  ASSERT_NE(writer, nullptr);
  std::vector<std::string> warnings = writer->TakeWarnings();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("incomplete (" + std::to_string(torn.size()) + " bytes"));
  EXPECT_THAT(warnings[0], HasSubstr(Sha256Hex(torn)));
  EXPECT_EQ(writer->Head().seq, 4u) << "the recovery record is seq 4";
  ASSERT_TRUE(writer->Append(testing::MakeAlert(4)).ok());
  writer.reset();
  std::vector<std::string> lines = ReadLines(Path("alerts.log"));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_NE(lines[4].find(R"("kind":"recovery")"), std::string::npos) << lines[4];
  EXPECT_NE(lines[4].find("\"torn_bytes\":" + std::to_string(torn.size()) + ",\"torn_sha256\":\"" +
                          Sha256Hex(torn) + "\""),
            std::string::npos)
      << lines[4];
  VerifyReport report = Verify({Path("alerts.log")});
  EXPECT_TRUE(report.intact());
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_THAT(report.notes[0], HasSubstr("alerts.log:5: the writer cut a torn tail"));
}

TEST_F(AlertLogWriterTest, TornFirstRecordStartsAChainAndRecordsTheCut) {
  WriteFile(Path("alerts.log"), R"({"seq":0,"ki)");
  auto writer = OpenWriter(Options());
  ASSERT_NE(writer, nullptr);
  EXPECT_EQ(writer->TakeWarnings().size(), 1u);
  writer.reset();
  std::vector<std::string> lines = ReadLines(Path("alerts.log"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find(R"("kind":"start")"), std::string::npos);
  EXPECT_NE(lines[1].find(R"("kind":"recovery")"), std::string::npos);
  EXPECT_TRUE(Verify({Path("alerts.log")}).intact());
}

TEST_F(AlertLogWriterTest, ALastRecordThatDoesNotVerifyIsAnError) {
  WriteLog(Options(), 2);
  std::vector<std::string> lines = ReadLines(Path("alerts.log"));
  lines.back().replace(lines.back().find("rule-1"), 6, "rule-X");
  testing::WriteLines(Path("alerts.log"), lines);
  auto writer = AlertLogWriter::Open(Options());
  ASSERT_FALSE(writer.ok());
  EXPECT_THAT(writer.status().message(), HasSubstr("(seq 2) does not verify"));
  EXPECT_THAT(writer.status().message(), HasSubstr("verify-log"));
  EXPECT_EQ(ReadLines(Path("alerts.log")), lines) << "nothing was appended";
}

TEST_F(AlertLogWriterTest, ALastLineThatIsNotARecordIsAnError) {
  WriteLog(Options(), 1);
  WriteFile(Path("alerts.log"), ReadFile(Path("alerts.log")) + "hello\n");
  auto writer = AlertLogWriter::Open(Options());
  ASSERT_FALSE(writer.ok());
  EXPECT_THAT(writer.status().message(), HasSubstr("is damaged (not an alert-log record"));
}

TEST_F(AlertLogWriterTest, ReopeningWithAnotherKeyOrSealIsAnError) {
  AlertLogOptions keyed = Options();
  keyed.key_file = WriteKeyFile("key", std::string(32, 'k'));
  WriteLog(keyed, 1);
  AlertLogOptions other_key = keyed;
  other_key.key_file = WriteKeyFile("other", std::string(32, 'o'));
  auto wrong = AlertLogWriter::Open(other_key);
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.status().message(), HasSubstr("a different key"));
  auto unkeyed = AlertLogWriter::Open(Options());
  ASSERT_FALSE(unkeyed.ok());
  EXPECT_THAT(unkeyed.status().message(),
              HasSubstr("sealed with hmac-sha256 but the writer is configured for sha256"));
}

TEST_F(AlertLogWriterTest, ASecondWriterOnTheSameLogIsRefused) {
  auto first = OpenWriter(Options());
  ASSERT_NE(first, nullptr);
  auto second = AlertLogWriter::Open(Options());
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), HasSubstr("held by another process"));
}

TEST_F(AlertLogWriterTest, KeyFilesThatAreRefused) {
  struct Case {
    std::string key;
    unsigned mode;
    std::string error;
  };
  for (const Case& c : std::vector<Case>{
           {std::string(32, 'k'), 0644, "other users may read it"},
           {std::string(32, 'k'), 0620, "mode 0620"},
           {"\n", 0600, "0-byte key"},
           {"short\n", 0600, "5-byte key"},
           {std::string(5000, 'k'), 0600, "larger than 4096"},
       }) {
    AlertLogOptions options = Options();
    options.key_file = WriteKeyFile("key", c.key, c.mode);
    auto writer = AlertLogWriter::Open(options);
    ASSERT_FALSE(writer.ok()) << c.error;
    EXPECT_THAT(writer.status().message(), HasSubstr(c.error));
  }
  AlertLogOptions group_readable = Options();
  group_readable.key_file = WriteKeyFile("key", std::string(32, 'k'), 0640);
  EXPECT_NE(OpenWriter(group_readable), nullptr);
  AlertLogOptions missing = Options();
  missing.key_file = Path("no-such-key");
  EXPECT_EQ(AlertLogWriter::Open(missing).status().code(), core::Status::Code::kNotFound);
}

TEST_F(AlertLogWriterTest, HeadRecordForPublishing) {
  AlertLogOptions options = Options();
  options.key_file = WriteKeyFile("key", std::string(32, 'k'));
  auto writer = OpenWriter(options);
  ASSERT_NE(writer, nullptr);
  clock_.Set(1'768'471'260'500'000'000);
  ASSERT_TRUE(writer->Append(testing::MakeAlert(1)).ok());
  HeadRecord head = writer->head_record();
  EXPECT_EQ(head.head, writer->Head());
  EXPECT_EQ(HeadRecordToJson(head),
            R"({"kind":"alert_log_head","seq":1,"hash":")" + writer->Head().hash +
                R"(","seal":"hmac-sha256","time":"2026-01-15T10:01:00.5Z","file":")" +
                options.path + "\"}");
  auto parsed = ParseChainHead(FormatChainHead(head.head));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, head.head);
}

// A write that fails half-way (here: the file size limit) leaves no partial record behind.
TEST_F(AlertLogWriterTest, AFailedWriteLeavesNoPartialRecord) {
  auto writer = OpenWriter(Options());
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->Append(testing::MakeAlert(0)).ok());
  std::string before = ReadFile(Path("alerts.log"));
  ChainHead head = writer->Head();
  struct rlimit saved;
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit limit = saved;
  limit.rlim_cur = before.size() + 100;  // room for part of the next record only
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);
  core::Status failed = writer->Append(testing::MakeAlert(1));
  setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.message(), HasSubstr("cannot write alert log"));
  EXPECT_EQ(ReadFile(Path("alerts.log")), before) << "the partial record was cut";
  EXPECT_EQ(writer->Head(), head);
  ASSERT_TRUE(writer->Append(testing::MakeAlert(1)).ok());
  writer.reset();
  EXPECT_TRUE(Verify({Path("alerts.log")}).intact());
}

TEST_F(AlertLogWriterTest, FsyncPoliciesWrite) {
  for (FsyncPolicy policy :
       {FsyncPolicy::kEveryRecord, FsyncPolicy::kInterval, FsyncPolicy::kNever}) {
    AlertLogOptions options = Options("log-" + std::to_string(static_cast<int>(policy)));
    options.fsync = policy;
    WriteLog(options, 3);
    EXPECT_EQ(ReadLines(options.path).size(), 4u);
  }
}

}  // namespace
}  // namespace gatewatch::alertlog
