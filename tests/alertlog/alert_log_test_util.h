// Helpers for the alert-log tests: a temp directory per test, alerts to write, and the line
// surgery an attacker would do on a log.
#ifndef GATEWATCH_TESTS_ALERTLOG_ALERT_LOG_TEST_UTIL_H_
#define GATEWATCH_TESTS_ALERTLOG_ALERT_LOG_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "alertlog/alert_log_writer.h"
#include "alertlog/digest.h"
#include "core/clock.h"

namespace gatewatch::alertlog::testing {

// A fresh directory under the gtest temp dir, removed when the test ends.
class AlertLogTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  // Writes `key` to `name` with `mode` and returns its path.
  std::string WriteKeyFile(const std::string& name, const std::string& key, unsigned mode = 0600);
  AlertLogOptions Options(const std::string& name = "alerts.log") const;
  // Opens a writer, failing the test on error.
  std::unique_ptr<AlertLogWriter> OpenWriter(const AlertLogOptions& options);
  // A log of `alerts` alerts (plus its start record) under `options`; returns the head.
  ChainHead WriteLog(const AlertLogOptions& options, int alerts, int first_alert = 0);

  std::string dir_;
  core::FakeClock clock_{1'768'471'200'000'000'000};  // 2026-01-15T10:00:00Z
};

// A firing alert for rule "rule-<i>" with user "user-<i>".
alert::Alert MakeAlert(int i);

std::vector<std::string> ReadLines(const std::string& path);  // without the '\n's
std::string ReadFile(const std::string& path);
void WriteLines(const std::string& path, const std::vector<std::string>& lines);
void WriteFile(const std::string& path, const std::string& bytes);

// What an attacker who knows the format does: renumbers lines[from..] to follow lines[from-1]
// (seq + 1, prev = its seal) and seals each again with `digester`.
void Reseal(std::vector<std::string>* lines, size_t from, const RecordDigester& digester);

// A record line (no '\n') of `kind` at `seq` after `prev`, sealed with `digester`.
std::string ForgeLine(uint64_t seq, const Digest& prev, const std::string& members,
                      const RecordDigester& digester);

// The seal stored in a record line (its last 64 hex digits before '"}').
Digest StoredSeal(const std::string& line);

}  // namespace gatewatch::alertlog::testing

#endif  // GATEWATCH_TESTS_ALERTLOG_ALERT_LOG_TEST_UTIL_H_
