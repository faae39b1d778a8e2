#include "daemon/alert_ledger.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gatewatch::daemon {
namespace {

core::Status Errno(const std::string& what, const std::string& path) {
  return core::Status::IoError(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

std::string AlertLedger::KeyOf(const alert::Alert& alert) {
  return alert.fingerprint + (alert.status == alert::AlertStatus::kFiring ? " F " : " R ") +
         std::to_string(alert.starts_at);
}

core::Result<std::unique_ptr<AlertLedger>> AlertLedger::Open(const std::string& path) {
  std::unique_ptr<AlertLedger> ledger(new AlertLedger());
  ledger->path_ = path;
  ledger->fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (ledger->fd_ < 0) return Errno("cannot open alert ledger", path);
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::pread(ledger->fd_, buf, sizeof(buf), static_cast<off_t>(text.size()));
    if (n < 0) return Errno("cannot read alert ledger", path);
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    ledger->entries_.insert(text.substr(start, nl - start));
  }
  if (start != text.size()) {
    // Cut the torn tail so the next record starts on a line of its own.
    if (::ftruncate(ledger->fd_, static_cast<off_t>(start)) != 0) {
      return Errno("cannot repair alert ledger", path);
    }
  }
  return ledger;
}

AlertLedger::~AlertLedger() {
  if (fd_ >= 0) ::close(fd_);
}

bool AlertLedger::Contains(const alert::Alert& alert) const {
  return entries_.contains(KeyOf(alert));
}

core::Status AlertLedger::Record(const alert::Alert& alert) {
  std::string key = KeyOf(alert);
  std::string line = key + "\n";
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
      ::fdatasync(fd_) != 0) {
    return Errno("cannot write alert ledger", path_);
  }
  entries_.insert(std::move(key));
  return core::Status::Ok();
}

core::Status AlertLedger::Clear() {
  if (::ftruncate(fd_, 0) != 0 || ::fdatasync(fd_) != 0) {
    return Errno("cannot clear alert ledger", path_);
  }
  entries_.clear();
  return core::Status::Ok();
}

}  // namespace gatewatch::daemon
