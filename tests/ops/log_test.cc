#include "daemon/log.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"

namespace gatewatch::daemon {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

class LoggerTest : public ::testing::Test {
 protected:
  // A logger writing into records_, without timestamps unless asked, on the fake clock.
  std::unique_ptr<Logger> Make(LoggerOptions options = {}) {
    options.clock = &clock_;
    if (!options.timestamps) options.timestamps = false;
    options.output = [this](std::string_view record) { records_.emplace_back(record); };
    return std::make_unique<Logger>(std::move(options));
  }
  static LoggerOptions Json() {
    LoggerOptions options;
    options.format = LogFormat::kJson;
    return options;
  }

  core::FakeClock clock_{1'686'411'388'123'000'000};
  std::vector<std::string> records_;
};

TEST_F(LoggerTest, WritesLogfmt) {
  auto log = Make();
  log->Info("consuming", {{"topic", "access-logs"}, {"partitions", 3}});
  EXPECT_EQ(records_.at(0), "level=info msg=\"consuming\" topic=access-logs partitions=3\n");
}

TEST_F(LoggerTest, WritesJson) {
  auto log = Make(Json());
  std::string topic = "access-logs";
  log->Warn("consuming", {{"topic", topic}, {"partitions", 3}});
  EXPECT_EQ(
      records_.at(0),
      "{\"level\":\"warn\",\"msg\":\"consuming\",\"topic\":\"access-logs\",\"partitions\":3}\n");
}

TEST_F(LoggerTest, NumbersBooleansAndStatusesAreWrittenAsTheyAre) {
  auto log = Make();
  log->Error("values", {{"neg", -7},
                        {"big", uint64_t{18446744073709551615u}},
                        {"ratio", 0.25},
                        {"nan", std::nan("")},
                        {"ok", true},
                        {"error", core::Status::NotFound("no such rule")}});
  EXPECT_EQ(records_.at(0),
            "level=error msg=\"values\" neg=-7 big=18446744073709551615 ratio=0.25 nan=NaN "
            "ok=true error=\"not found: no such rule\"\n");
  auto json = Make(Json());
  json->Error("values", {{"ratio", 0.25},
                         {"inf", -std::numeric_limits<double>::infinity()},
                         {"ok", false},
                         {"n", 1}});
  EXPECT_EQ(records_.at(1),
            "{\"level\":\"error\",\"msg\":\"values\",\"ratio\":0.25,\"inf\":\"-Inf\",\"ok\":false,"
            "\"n\":1}\n");
}

TEST_F(LoggerTest, LogfmtQuotesAndEscapesWhatWouldBreakTheLine) {
  auto log = Make();
  log->Info("a \"quoted\"\nmessage", {{"path", "/x y"},
                                      {"ua", "say \"hi\"\\"},
                                      {"nl", "a\nlevel=error\r\t\x01\x7f"},
                                      {"eq", "a=b"},
                                      {"empty", ""},
                                      {"utf8", "caf\xc3\xa9"},
                                      {"bad", "x\xff"},
                                      {"bad key=\"", "v"}});
  EXPECT_EQ(records_.at(0),
            "level=info msg=\"a \\\"quoted\\\"\\nmessage\" path=\"/x y\" ua=\"say \\\"hi\\\"\\\\\" "
            "nl=\"a\\nlevel=error\\r\\t\\u0001\\u007f\" eq=\"a=b\" empty=\"\" utf8=caf\xc3\xa9 "
            "bad=\"x\xef\xbf\xbd\" bad_key__=v\n");
  EXPECT_EQ(records_.at(0).find('\n'), records_.at(0).size() - 1);
}

TEST_F(LoggerTest, JsonEscapingRoundTrips) {
  auto log = Make(Json());
  const std::string hostile = "say \"hi\"\\ \n\r\t\b\x01\x1f\x7f caf\xc3\xa9 \xff\xfe end";
  log->Error(hostile, {{"ua", hostile}, {"key\"\n", 1}});
  ASSERT_EQ(records_.size(), 1u);
  EXPECT_EQ(records_[0].find('\n'), records_[0].size() - 1);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(records_[0]).get(doc), simdjson::SUCCESS) << records_[0];  // checks UTF-8
  const std::string repaired =
      "say \"hi\"\\ \n\r\t\b\x01\x1f\x7f caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd end";
  EXPECT_EQ(std::string_view(doc["msg"]), repaired);
  EXPECT_EQ(std::string_view(doc["ua"]), repaired);
  EXPECT_EQ(int64_t(doc["key__"]), 1);
}

TEST_F(LoggerTest, TimestampsComeFirstInUtc) {
  LoggerOptions options;
  options.timestamps = true;
  auto log = Make(options);
  log->Info("started");
  EXPECT_EQ(records_.at(0), "ts=2023-06-10T15:36:28.123Z level=info msg=\"started\"\n");
  options = Json();
  options.timestamps = true;
  Make(options)->Info("started");
  EXPECT_EQ(records_.at(1),
            "{\"ts\":\"2023-06-10T15:36:28.123Z\",\"level\":\"info\",\"msg\":\"started\"}\n");
}

TEST_F(LoggerTest, UnderJournaldRecordsCarryAPriorityAndNoTimestamp) {
  LoggerOptions options;
  options.journal = true;
  options.timestamps.reset();
  options.clock = &clock_;
  options.output = [this](std::string_view record) { records_.emplace_back(record); };
  Logger log(std::move(options));
  log.Error("sink failed");
  log.Warn("lagging");
  log.Info("ready");
  EXPECT_EQ(records_, (std::vector<std::string>{"<3>level=error msg=\"sink failed\"\n",
                                                "<4>level=warn msg=\"lagging\"\n",
                                                "<6>level=info msg=\"ready\"\n"}));
}

TEST(StderrIsJournalTest, MatchesJournalStreamAgainstStderr) {
  struct stat st;
  ASSERT_EQ(fstat(STDERR_FILENO, &st), 0);
  const char* saved = std::getenv("JOURNAL_STREAM");
  std::string original = saved != nullptr ? saved : "";
  setenv("JOURNAL_STREAM", (std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino)).c_str(),
         1);
  EXPECT_TRUE(StderrIsJournal());
  setenv("JOURNAL_STREAM", (std::to_string(st.st_dev) + ":1").c_str(), 1);
  EXPECT_FALSE(StderrIsJournal());  // inherited by a child whose stderr went elsewhere
  unsetenv("JOURNAL_STREAM");
  EXPECT_FALSE(StderrIsJournal());
  if (saved != nullptr) setenv("JOURNAL_STREAM", original.c_str(), 1);
}

TEST_F(LoggerTest, RecordsBelowTheMinimumLevelAreDropped) {
  auto log = Make();
  EXPECT_FALSE(log->Enabled(LogLevel::kDebug));
  log->Debug("hidden");
  log->set_min_level(LogLevel::kDebug);
  log->Debug("shown");
  log->set_min_level(LogLevel::kError);
  log->Warn("hidden");
  EXPECT_EQ(records_, (std::vector<std::string>{"level=debug msg=\"shown\"\n"}));
}

TEST_F(LoggerTest, RepeatedErrorsAreSuppressedAndSummarized) {
  LoggerOptions options;
  options.rate_limit_burst = 3;
  options.rate_limit_interval_ns = 10 * kSecond;
  auto log = Make(options);
  for (int i = 0; i < 5; ++i) log->Error("sink down", {{"attempt", i}});
  log->Error("other failure");
  log->Warn("sink down");  // another level, another key
  ASSERT_EQ(records_.size(), 5u);
  EXPECT_EQ(records_[2], "level=error msg=\"sink down\" attempt=2\n");

  clock_.Advance(10 * kSecond - 1);
  log->FlushSuppressed();
  EXPECT_EQ(records_.size(), 5u);
  clock_.Advance(1);
  log->FlushSuppressed();
  ASSERT_EQ(records_.size(), 6u);
  EXPECT_EQ(records_[5], "level=error msg=\"sink down\" suppressed=2\n");
  log->FlushSuppressed();
  EXPECT_EQ(records_.size(), 6u);

  log->Error("sink down", {{"attempt", 5}});  // a new interval
  EXPECT_EQ(records_.back(), "level=error msg=\"sink down\" attempt=5\n");
}

TEST_F(LoggerTest, NextRecordAfterTheIntervalBringsTheSummaryFirst) {
  LoggerOptions options;
  options.rate_limit_burst = 1;
  options.rate_limit_interval_ns = kSecond;
  auto log = Make(options);
  log->Warn("slow");
  log->Warn("slow");
  log->Warn("slow");
  clock_.Advance(kSecond);
  log->Warn("slow");
  EXPECT_EQ(records_, (std::vector<std::string>{"level=warn msg=\"slow\"\n",
                                                "level=warn msg=\"slow\" suppressed=2\n",
                                                "level=warn msg=\"slow\"\n"}));
}

TEST_F(LoggerTest, InfoIsNotRateLimitedAndPendingSummariesAreWrittenAtTheEnd) {
  LoggerOptions options;
  options.rate_limit_burst = 1;
  auto log = Make(options);
  for (int i = 0; i < 3; ++i) log->Info("tick");
  log->Error("boom");
  log->Error("boom");
  EXPECT_EQ(records_.size(), 4u);
  log.reset();
  EXPECT_EQ(records_.back(), "level=error msg=\"boom\" suppressed=1\n");
}

TEST_F(LoggerTest, ZeroBurstTurnsRateLimitingOff) {
  LoggerOptions options;
  options.rate_limit_burst = 0;
  auto log = Make(options);
  for (int i = 0; i < 100; ++i) log->Error("boom");
  EXPECT_EQ(records_.size(), 100u);
}

TEST_F(LoggerTest, ThreadsNeverInterleaveRecords) {
  auto log = Make(Json());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&log, t] {
      for (int i = 0; i < 500; ++i) log->Info("from a thread", {{"thread", t}, {"i", i}});
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(records_.size(), 2000u);
  simdjson::dom::parser parser;
  for (const std::string& record : records_) {
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(record).get(doc), simdjson::SUCCESS) << record;
  }
}

TEST(LogNamesTest, ParseAndPrint) {
  EXPECT_EQ(LogLevelFromName("warning"), LogLevel::kWarn);
  EXPECT_EQ(LogLevelFromName("error"), LogLevel::kError);
  EXPECT_EQ(LogLevelFromName("verbose"), std::nullopt);
  EXPECT_EQ(LogLevelName(LogLevel::kDebug), "debug");
  EXPECT_EQ(LogFormatFromName("json"), LogFormat::kJson);
  EXPECT_EQ(LogFormatFromName("text"), std::nullopt);
}

}  // namespace
}  // namespace gatewatch::daemon
