#include "daemon/log.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/timestamp.h"
#include "parse/text_repair.h"

namespace gatewatch::daemon {
namespace {

// More distinct (level, message) pairs than this are not rate limited; they are a bug anyway.
constexpr size_t kMaxRateLimitedMessages = 256;

// Each level's name and its syslog priority prefix from sd-daemon.h (SD_DEBUG, SD_INFO,
// SD_WARNING, SD_ERR), indexed by LogLevel.
struct LevelText {
  std::string_view name;
  std::string_view journal_prefix;
};
constexpr LevelText kLevelTexts[] = {
    {"debug", "<7>"}, {"info", "<6>"}, {"warn", "<4>"}, {"error", "<3>"}};

const LevelText& TextOf(LogLevel level) { return kLevelTexts[static_cast<size_t>(level)]; }

bool IsKeyByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

void AppendKey(std::string_view key, std::string* out) {
  if (key.empty()) out->push_back('_');
  for (char c : key) out->push_back(IsKeyByte(c) ? c : '_');
}

// A logfmt value needs quotes when it is empty or holds a space, a control byte, '=', '"' or
// '\'; bytes of UTF-8 sequences do not need them.
bool NeedsQuotes(std::string_view text) {
  if (text.empty()) return true;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || byte == 0x7f || c == '=' || c == '"' || c == '\\') return true;
  }
  return false;
}

// `text` between double quotes, escaped the same way for JSON and logfmt.
void AppendQuoted(std::string_view text, std::string* out) {
  std::string repaired;
  if (!parse::IsValidUtf8(text)) {
    parse::AppendRepairedUtf8(text, &repaired);
    text = repaired;
  }
  out->push_back('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\r') {
      out->append("\\r");
    } else if (c == '\t') {
      out->append("\\t");
    } else if (byte < 0x20 || byte == 0x7f) {
      char escape[8];
      std::snprintf(escape, sizeof(escape), "\\u%04x", byte);
      out->append(escape);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void AppendLogfmtField(std::string_view key, std::string_view value, std::string* out) {
  out->push_back(' ');
  AppendKey(key, out);
  out->push_back('=');
  if (NeedsQuotes(value) || !parse::IsValidUtf8(value)) {
    AppendQuoted(value, out);
  } else {
    out->append(value);
  }
}

void AppendJsonField(std::string_view key, std::string_view value, bool bare, std::string* out) {
  out->push_back(',');
  std::string clean_key;
  AppendKey(key, &clean_key);
  AppendQuoted(clean_key, out);
  out->push_back(':');
  if (bare) {
    out->append(value);
  } else {
    AppendQuoted(value, out);
  }
}

void WriteToStderr(std::string_view record) {
  while (!record.empty()) {
    ssize_t n = write(STDERR_FILENO, record.data(), record.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere left to complain to
    record.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

std::string_view LogLevelName(LogLevel level) { return TextOf(level).name; }

std::optional<LogLevel> LogLevelFromName(std::string_view name) {
  for (LogLevel level : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
    if (name == LogLevelName(level)) return level;
  }
  if (name == "warning") return LogLevel::kWarn;
  return std::nullopt;
}

std::optional<LogFormat> LogFormatFromName(std::string_view name) {
  if (name == "logfmt") return LogFormat::kLogfmt;
  if (name == "json") return LogFormat::kJson;
  return std::nullopt;
}

bool StderrIsJournal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  unsigned long long device = 0;
  unsigned long long inode = 0;
  if (stream == nullptr || std::sscanf(stream, "%llu:%llu", &device, &inode) != 2) return false;
  struct stat st;
  return fstat(STDERR_FILENO, &st) == 0 && static_cast<unsigned long long>(st.st_dev) == device &&
         static_cast<unsigned long long>(st.st_ino) == inode;
}

LogField::LogField(std::string_view key, double value) : key_(key) {
  if (std::isnan(value)) {
    view_ = "NaN";
  } else if (std::isinf(value)) {
    view_ = value > 0 ? "+Inf" : "-Inf";
  } else {
    char text[32];
    auto [end, error] = std::to_chars(text, text + sizeof(text), value);
    owned_.assign(text, error == std::errc() ? end : text);
    bare_ = !owned_.empty();
  }
}

LogField::LogField(std::string_view key, const core::Status& status)
    : key_(key), owned_(status.ToString()) {}

Logger::Logger(LoggerOptions options)
    : options_(std::move(options)), min_level_(options_.min_level) {
  if (options_.clock == nullptr) own_clock_ = std::make_unique<core::RealClock>();
  clock_ = options_.clock != nullptr ? options_.clock : own_clock_.get();
  journal_ = options_.journal.value_or(!options_.output && StderrIsJournal());
  timestamps_ = options_.timestamps.value_or(!journal_);
}

Logger::~Logger() {
  std::lock_guard lock(mutex_);
  FlushWindows(0, /*all=*/true);
}

void Logger::Log(LogLevel level, std::string_view msg, LogFields fields) {
  if (!Enabled(level)) return;
  int64_t now_ns = clock_->MonotonicNs();
  std::lock_guard lock(mutex_);
  if (Admit(level, msg, now_ns)) Write(level, msg, fields);
}

void Logger::FlushSuppressed() {
  int64_t now_ns = clock_->MonotonicNs();
  std::lock_guard lock(mutex_);
  FlushWindows(now_ns, /*all=*/false);
}

bool Logger::Admit(LogLevel level, std::string_view msg, int64_t now_ns) {
  if (options_.rate_limit_burst <= 0 || level < LogLevel::kWarn) return true;
  auto key = std::make_pair(level, std::string(msg));
  auto it = windows_.find(key);
  if (it == windows_.end()) {
    if (windows_.size() >= kMaxRateLimitedMessages) FlushWindows(now_ns, /*all=*/false);
    if (windows_.size() >= kMaxRateLimitedMessages) return true;
    it = windows_.emplace(std::move(key), Window{now_ns, 0, 0}).first;
  } else if (now_ns - it->second.start_ns >= options_.rate_limit_interval_ns) {
    if (it->second.suppressed > 0) Write(level, msg, {{"suppressed", it->second.suppressed}});
    it->second = Window{now_ns, 0, 0};
  }
  Window& window = it->second;
  if (++window.count <= options_.rate_limit_burst) return true;
  ++window.suppressed;
  return false;
}

void Logger::FlushWindows(int64_t now_ns, bool all) {
  for (auto it = windows_.begin(); it != windows_.end();) {
    const Window& window = it->second;
    if (!all && now_ns - window.start_ns < options_.rate_limit_interval_ns) {
      ++it;
      continue;
    }
    if (window.suppressed > 0) {
      Write(it->first.first, it->first.second, {{"suppressed", window.suppressed}});
    }
    it = windows_.erase(it);
  }
}

void Logger::Write(LogLevel level, std::string_view msg, LogFields fields) {
  std::string& out = record_;
  out.clear();
  if (journal_) out.append(TextOf(level).journal_prefix);
  bool json = options_.format == LogFormat::kJson;
  if (json) out.push_back('{');
  if (timestamps_) {
    out.append(json ? "\"ts\":\"" : "ts=");
    out.append(core::FormatRfc3339(clock_->Now()));
    out.append(json ? "\"," : " ");
  }
  out.append(json ? "\"level\":\"" : "level=");
  out.append(LogLevelName(level));
  out.append(json ? "\",\"msg\":" : " msg=");
  AppendQuoted(msg, &out);
  for (const LogField& field : fields) {
    if (json) {
      AppendJsonField(field.key(), field.value(), field.bare(), &out);
    } else {
      AppendLogfmtField(field.key(), field.value(), &out);
    }
  }
  out.append(json ? "}\n" : "\n");
  if (options_.output) {
    options_.output(out);
  } else {
    WriteToStderr(out);
  }
}

}  // namespace gatewatch::daemon
