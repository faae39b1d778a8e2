// `gatewatch verify-log`, run as an operator would run it: exit codes and messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "alertlog/alert_log_test_util.h"

namespace gatewatch::alertlog {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class VerifyLogCliTest : public testing::AlertLogTest {
 protected:
  CliRun VerifyLog(const std::string& args) {
    std::string out = Path("cli.out"), err = Path("cli.err");
    std::string command = std::string(GATEWATCH_CLI) + " verify-log " + args + " >" + out + " 2>" +
                          err + " </dev/null";
    int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, testing::ReadFile(out),
            testing::ReadFile(err)};
  }
  // The log's path, for the command line.
  std::string Log() { return Path("alerts.log"); }
};

TEST_F(VerifyLogCliTest, IntactLogExitsZeroWithOneSummaryLine) {
  ChainHead head = WriteLog(Options(), 3);
  CliRun run = VerifyLog(Log());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "ok: 4 records, head 3:" + head.hash + ", sealed sha256\n");
  EXPECT_EQ(run.err, "");
}

TEST_F(VerifyLogCliTest, DamagedLogExitsOneNamingFileLineAndKind) {
  WriteLog(Options(), 3);
  std::vector<std::string> lines = testing::ReadLines(Log());
  lines[2].replace(lines[2].find("user-1"), 6, "user-7");
  testing::WriteLines(Log(), lines);
  CliRun run = VerifyLog(Log());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, StartsWith("damaged: " + Log() + ":3: modified: "));
  EXPECT_THAT(run.out, HasSubstr("(2 records verified before it)\n"));
}

TEST_F(VerifyLogCliTest, PublishedHeadCatchesATruncatedTail) {
  ChainHead head = WriteLog(Options(), 3);
  CliRun matched = VerifyLog("--expect-head " + FormatChainHead(head) + " " + Log());
  EXPECT_EQ(matched.exit_code, 0) << matched.out << matched.err;
  EXPECT_THAT(matched.out, HasSubstr(", 1 published head(s) matched"));
  std::vector<std::string> lines = testing::ReadLines(Log());
  lines.pop_back();
  testing::WriteLines(Log(), lines);
  EXPECT_EQ(VerifyLog(Log()).exit_code, 0) << "without the head a clean cut is invisible";
  CliRun cut = VerifyLog("--expect-head " + FormatChainHead(head) + " " + Log());
  EXPECT_EQ(cut.exit_code, 1);
  EXPECT_THAT(cut.out, StartsWith("damaged: " + Log() + ":4: truncated: "));
}

TEST_F(VerifyLogCliTest, TornTailExitsOne) {
  WriteLog(Options(), 2);
  std::string bytes = testing::ReadFile(Log());
  testing::WriteFile(Log(), bytes.substr(0, bytes.size() - 10));
  CliRun run = VerifyLog(Log());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, StartsWith("damaged: " + Log() + ":3: torn_tail: "));
}

TEST_F(VerifyLogCliTest, TornTailCutByTheWriterIsANote) {
  WriteLog(Options(), 2);
  testing::WriteFile(Log(), testing::ReadFile(Log()) + "{\"seq\":3,");
  WriteLog(Options(), 1);
  CliRun run = VerifyLog(Log());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_THAT(run.out, HasSubstr(", 1 torn tail(s) cut on restart\n"));
  EXPECT_THAT(run.err, StartsWith("note: " + Log() + ":4: the writer cut a torn tail of 9 bytes"));
}

TEST_F(VerifyLogCliTest, HmacLogNeedsItsKey) {
  AlertLogOptions options = Options();
  options.key_file = WriteKeyFile("key", std::string(32, 'k'));
  WriteLog(options, 2);
  CliRun no_key = VerifyLog(Log());
  EXPECT_EQ(no_key.exit_code, 2);
  EXPECT_THAT(no_key.err, HasSubstr("sealed with HMAC-SHA-256: give its key (--key-file)"));
  CliRun keyed = VerifyLog("--key-file " + options.key_file + " " + Log());
  EXPECT_EQ(keyed.exit_code, 0) << keyed.err;
  EXPECT_THAT(keyed.out, HasSubstr("sealed hmac-sha256"));
  std::string wrong = WriteKeyFile("wrong", std::string(32, 'w'), 0644);
  CliRun wrong_key = VerifyLog("--key-file " + wrong + " " + Log());
  EXPECT_EQ(wrong_key.exit_code, 1);
  EXPECT_THAT(wrong_key.out, StartsWith("damaged: " + Log() + ":1: wrong_key: "));
  EXPECT_THAT(wrong_key.err, HasSubstr("warning: key file " + wrong + " has mode 0644"));
}

TEST_F(VerifyLogCliTest, ADirectoryStandsForItsRotatedSet) {
  AlertLogOptions options = Options();
  options.max_file_bytes = 1500;
  ChainHead head = WriteLog(options, 9);
  WriteKeyFile("unrelated.key", std::string(32, 'k'));
  CliRun run = VerifyLog(dir_);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out, "ok: 10 records, head 9:" + head.hash + ", sealed sha256\n");
  CliRun wrong_order = VerifyLog("--partial " + Log() + ".1 " + Log() + ".2");
  EXPECT_EQ(wrong_order.exit_code, 1);
  EXPECT_THAT(wrong_order.out, HasSubstr(": reordered: "));
}

TEST_F(VerifyLogCliTest, UsageErrorsExitTwo) {
  WriteLog(Options(), 1);
  EXPECT_EQ(VerifyLog("").exit_code, 2);
  CliRun missing = VerifyLog(Path("nope.log"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("nope.log is not a regular file"));
  CliRun bad_head = VerifyLog("--expect-head 12 " + Log());
  EXPECT_EQ(bad_head.exit_code, 2);
  EXPECT_THAT(bad_head.err, HasSubstr("is not SEQ:HASH"));
  EXPECT_EQ(VerifyLog("--key-file " + Path("nokey") + " " + Log()).exit_code, 2);
}

}  // namespace
}  // namespace gatewatch::alertlog
