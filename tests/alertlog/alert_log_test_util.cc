#include "alertlog/alert_log_test_util.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "alertlog/record_format.h"

namespace gatewatch::alertlog::testing {

void AlertLogTest::SetUp() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = ::testing::TempDir() + "alertlog_" + std::to_string(getpid()) + "_" +
         info->test_suite_name() + "_" + info->name();
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
}

void AlertLogTest::TearDown() {
  std::error_code error;
  std::filesystem::remove_all(dir_, error);
}

std::string AlertLogTest::WriteKeyFile(const std::string& name, const std::string& key,
                                       unsigned mode) {
  std::string path = Path(name);
  WriteFile(path, key);
  chmod(path.c_str(), mode);
  return path;
}

AlertLogOptions AlertLogTest::Options(const std::string& name) const {
  AlertLogOptions options;
  options.path = Path(name);
  options.fsync = FsyncPolicy::kNever;
  options.clock = &clock_;
  return options;
}

std::unique_ptr<AlertLogWriter> AlertLogTest::OpenWriter(const AlertLogOptions& options) {
  auto writer = AlertLogWriter::Open(options);
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  return writer.ok() ? std::move(*writer) : nullptr;
}

ChainHead AlertLogTest::WriteLog(const AlertLogOptions& options, int alerts, int first_alert) {
  auto writer = OpenWriter(options);
  if (writer == nullptr) return {};
  for (int i = first_alert; i < first_alert + alerts; ++i) {
    clock_.Advance(1'000'000'000);
    EXPECT_TRUE(writer->Append(MakeAlert(i)).ok());
  }
  return writer->Head();
}

alert::Alert MakeAlert(int i) {
  alert::Alert a;
  a.rule = "rule-" + std::to_string(i);
  a.severity = "warning";
  a.group = {{"user", "user-" + std::to_string(i)}};
  a.value = 10 + i;
  a.threshold = 5;
  a.starts_at = 1'768'471'200'000'000'000;
  a.labels = {{"team", "api"}};
  a.annotations = {{"summary", "burst of 401s"}};
  a.fingerprint = alert::Fingerprint(a.rule, a.group);
  a.evidence.window = 60'000'000'000;
  a.evidence.events = 42;
  a.evidence.samples = {"/login"};
  return a;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::istringstream in(ReadFile(path));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::string bytes;
  for (const std::string& line : lines) bytes += line + "\n";
  WriteFile(path, bytes);
}

Digest StoredSeal(const std::string& line) {
  return *DigestFromHex(line.substr(line.size() - 66, 64));
}

std::string ForgeLine(uint64_t seq, const Digest& prev, const std::string& members,
                      const RecordDigester& digester) {
  RecordHeader header{seq, kKindAlert, 1'768'471'300'000'000'000, prev};
  Digest seal;
  std::string line = SealRecord(RecordBody(header, members), digester, &seal);
  line.pop_back();  // '\n'
  return line;
}

void Reseal(std::vector<std::string>* lines, size_t from, const RecordDigester& digester) {
  RecordParser parser;
  auto previous = parser.Parse((*lines)[from - 1]);
  ASSERT_TRUE(previous.ok());
  uint64_t seq = previous->seq;
  Digest prev = previous->seal;
  for (size_t i = from; i < lines->size(); ++i) {
    std::string& line = (*lines)[i];
    std::string body(SealedBytes(line));
    size_t kind = body.find(",\"kind\":");
    size_t prev_value = body.find("\"prev\":\"") + 8;
    std::string renumbered = "{\"seq\":" + std::to_string(++seq) +
                             body.substr(kind, prev_value - kind) + DigestToHex(prev) +
                             body.substr(prev_value + 64);
    line = SealRecord(renumbered, digester, &prev);
    line.pop_back();
  }
}

}  // namespace gatewatch::alertlog::testing
