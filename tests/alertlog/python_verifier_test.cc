// docs/alert-log.md promises that a third party can verify the log with a few lines of Python;
// this runs the script printed there against logs the writer produced.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "alertlog/alert_log_test_util.h"
#include "alertlog/log_files.h"

namespace gatewatch::alertlog {
namespace {

using ::testing::HasSubstr;

class PythonVerifierTest : public testing::AlertLogTest {
 protected:
  void SetUp() override {
    AlertLogTest::SetUp();
    if (std::system("python3 --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
    std::string doc = testing::ReadFile(std::string(GATEWATCH_SOURCE_DIR) + "/docs/alert-log.md");
    size_t start = doc.find("```python\n");
    ASSERT_NE(start, std::string::npos) << "docs/alert-log.md lost its Python block";
    start += 10;
    size_t end = doc.find("```", start);
    script_ = Path("verify.py");
    testing::WriteFile(script_, doc.substr(start, end - start));
  }
  // Exit status and stdout+stderr of the documented script.
  std::pair<int, std::string> Run(const std::string& args) {
    std::string out = Path("py.out");
    int status = std::system(("python3 " + script_ + " " + args + " >" + out + " 2>&1").c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, testing::ReadFile(out)};
  }
  std::string script_;
};

TEST_F(PythonVerifierTest, AcceptsARotatedHmacLogAndFindsAChange) {
  AlertLogOptions options = Options();
  options.key_file = WriteKeyFile("key", std::string(32, 'k') + "\n");
  options.max_file_bytes = 1500;
  ChainHead head = WriteLog(options, 7);
  auto set = LogSetInDirectory(dir_);
  ASSERT_TRUE(set.ok());
  std::string files;
  for (const std::string& file : *set) files += " " + file;
  auto [code, output] = Run("--key-file " + options.key_file + files);
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(output, "ok: head " + FormatChainHead(head) + "\n");

  std::vector<std::string> lines = testing::ReadLines(options.path);
  lines.back().replace(lines.back().find("user-6"), 6, "user-1");
  testing::WriteLines(options.path, lines);
  auto [damaged_code, damaged_output] = Run("--key-file " + options.key_file + files);
  EXPECT_NE(damaged_code, 0);
  EXPECT_THAT(damaged_output, HasSubstr("seal does not match"));
}

TEST_F(PythonVerifierTest, AcceptsAPlainLogAndFindsADeletion) {
  ChainHead head = WriteLog(Options(), 4);
  auto [code, output] = Run(Path("alerts.log"));
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(output, "ok: head " + FormatChainHead(head) + "\n");
  std::vector<std::string> lines = testing::ReadLines(Path("alerts.log"));
  lines.erase(lines.begin() + 2);
  testing::WriteLines(Path("alerts.log"), lines);
  auto [damaged_code, damaged_output] = Run(Path("alerts.log"));
  EXPECT_NE(damaged_code, 0);
  EXPECT_THAT(damaged_output, HasSubstr("alerts.log:3: chain broken (seq 3, expected 2)"));
}

}  // namespace
}  // namespace gatewatch::alertlog
