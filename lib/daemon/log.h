#ifndef GATEWATCH_DAEMON_LOG_H_
#define GATEWATCH_DAEMON_LOG_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/clock.h"
#include "core/status.h"

// The daemon's own log: one record per line on stderr, for journald or a terminal.
//
//   logfmt: level=info msg="consuming" topic=access-logs partitions=3
//   json:   {"level":"info","msg":"consuming","topic":"access-logs","partitions":3}
//
//   logger.Info("consuming", {{"topic", topic}, {"partitions", n}});
//
// Values are escaped so that no input can break a record: quotes, backslashes and control
// characters become \" \\ \n \r \t \u00XX (the same in both formats), invalid UTF-8 becomes
// U+FFFD, and keys keep only [A-Za-z0-9_.-]. Under journald (detected from JOURNAL_STREAM) records
// carry no timestamp, journald stamps them itself, and start with a "<N>" syslog priority, which
// journald strips and turns into the PRIORITY field (`journalctl -p warning` works).
//
// Repeated warnings and errors are rate limited: beyond `rate_limit_burst` records with the same
// level and message within `rate_limit_interval_ns`, records are dropped and counted; when the
// interval is over, one record with that level and message and `suppressed=K` says how many.
//
// There is no global logger: the daemon creates one and hands out references. Thread-safe: any
// thread may log; records never interleave.
namespace gatewatch::daemon {

enum class LogLevel : uint8_t { kDebug, kInfo, kWarn, kError };
enum class LogFormat : uint8_t { kLogfmt, kJson };

// "debug", "info", "warn", "error"; parsing also accepts "warning".
std::string_view LogLevelName(LogLevel level);
std::optional<LogLevel> LogLevelFromName(std::string_view name);
// "logfmt", "json".
std::optional<LogFormat> LogFormatFromName(std::string_view name);

// True when stderr is the journald stream systemd connected (JOURNAL_STREAM names its device
// and inode).
bool StderrIsJournal();

// One key=value of a record. Strings are quoted in JSON; numbers and booleans are not.
// Holds views of the caller's strings: build fields in the logging call's argument list.
class LogField {
 public:
  LogField(std::string_view key, std::string_view value) : key_(key), view_(value) {}
  LogField(std::string_view key, const char* value) : LogField(key, std::string_view(value)) {}
  LogField(std::string_view key, const std::string& value)
      : LogField(key, std::string_view(value)) {}
  template <typename Integer>
  requires(std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>)
      LogField(std::string_view key, Integer value)
      : key_(key), bare_(true) {
    if constexpr (std::is_signed_v<Integer>) {
      owned_ = std::to_string(static_cast<long long>(value));
    } else {
      owned_ = std::to_string(static_cast<unsigned long long>(value));
    }
  }
  LogField(std::string_view key, bool value)
      : key_(key), view_(value ? "true" : "false"), bare_(true) {}
  // Shortest text that reads back as `value`; NaN and infinities as strings.
  LogField(std::string_view key, double value);
  // "ok" or "<code>: <message>".
  LogField(std::string_view key, const core::Status& status);

  std::string_view key() const { return key_; }
  std::string_view value() const { return owned_.empty() ? view_ : owned_; }
  bool bare() const { return bare_; }

 private:
  std::string_view key_;
  std::string_view view_;
  std::string owned_;  // the value when it had to be formatted
  bool bare_ = false;  // written without quotes in JSON
};

using LogFields = std::initializer_list<LogField>;

struct LoggerOptions {
  LogLevel min_level = LogLevel::kInfo;
  LogFormat format = LogFormat::kLogfmt;
  // Whether records go to journald; unset: StderrIsJournal() when writing to stderr.
  std::optional<bool> journal;
  // Whether records start with ts=<RFC 3339 UTC>; unset: only when not under journald.
  std::optional<bool> timestamps;
  // Warnings and errors with the same level and message beyond this many per interval are
  // suppressed and counted; 0 turns rate limiting off.
  int rate_limit_burst = 10;
  int64_t rate_limit_interval_ns = 30'000'000'000;
  // Time source for timestamps and rate limiting; nullptr means the real clock. Not owned.
  const core::Clock* clock = nullptr;
  // Receives each record, "\n" included, under the logger's lock (so it must not log);
  // unset: written to stderr with one write(2).
  std::function<void(std::string_view record)> output;
};

class Logger {
 public:
  explicit Logger(LoggerOptions options = {});
  // Writes the summaries of suppressed records still pending.
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void Log(LogLevel level, std::string_view msg, LogFields fields = {});
  void Debug(std::string_view msg, LogFields fields = {}) { Log(LogLevel::kDebug, msg, fields); }
  void Info(std::string_view msg, LogFields fields = {}) { Log(LogLevel::kInfo, msg, fields); }
  void Warn(std::string_view msg, LogFields fields = {}) { Log(LogLevel::kWarn, msg, fields); }
  void Error(std::string_view msg, LogFields fields = {}) { Log(LogLevel::kError, msg, fields); }

  bool Enabled(LogLevel level) const { return level >= min_level_.load(std::memory_order_relaxed); }
  // For a reload that changes the level.
  void set_min_level(LogLevel level) { min_level_.store(level, std::memory_order_relaxed); }

  // Writes the `suppressed=K` summary of every rate-limit interval that has ended. Log() does
  // this for its own message; call it about once a second so that a burst that stopped is
  // still reported.
  void FlushSuppressed();

 private:
  struct Window {
    int64_t start_ns = 0;
    int count = 0;
    uint64_t suppressed = 0;
  };

  // Whether a record may be written now; false if it is suppressed. Holds mutex_.
  bool Admit(LogLevel level, std::string_view msg, int64_t now_ns);
  // Writes and forgets the summaries of windows that ended before `now_ns` (all when `all`).
  void FlushWindows(int64_t now_ns, bool all);
  void Write(LogLevel level, std::string_view msg, LogFields fields);

  LoggerOptions options_;
  std::unique_ptr<core::Clock> own_clock_;
  const core::Clock* clock_;
  bool journal_;
  bool timestamps_;
  std::atomic<LogLevel> min_level_;

  std::mutex mutex_;
  std::map<std::pair<LogLevel, std::string>, Window> windows_;  // guarded by mutex_
  std::string record_;                                          // guarded by mutex_; reused buffer
};

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_LOG_H_
