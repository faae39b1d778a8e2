#include "daemon/systemd_notifier.h"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

namespace gatewatch::daemon {

SystemdNotifier::SystemdNotifier(const core::Clock* clock) {
  if (clock == nullptr) own_clock_ = std::make_unique<core::RealClock>();
  clock_ = clock != nullptr ? clock : own_clock_.get();
  const char* socket = std::getenv("NOTIFY_SOCKET");
  enabled_ = socket != nullptr && socket[0] != '\0';
  uint64_t usec = 0;
  if (sd_watchdog_enabled(/*unset_environment=*/0, &usec) > 0) {
    watchdog_interval_ = std::chrono::microseconds(usec);
  }
}

SystemdNotifier::~SystemdNotifier() = default;

core::Status SystemdNotifier::Send(std::string_view state) const {
  if (!enabled_) return core::Status::Ok();
  std::string message(state);
  int result = sd_notify(/*unset_environment=*/0, message.c_str());
  if (result < 0) {
    return core::Status::IoError("sd_notify(" + message.substr(0, message.find('=')) +
                                 "): " + std::strerror(-result));
  }
  return core::Status::Ok();
}

core::Status SystemdNotifier::Ready() const { return Send("READY=1"); }

core::Status SystemdNotifier::Reloading() const {
  int64_t monotonic_usec = clock_->MonotonicNs() / 1000;
  return Send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec));
}

core::Status SystemdNotifier::Stopping() const { return Send("STOPPING=1"); }

core::Status SystemdNotifier::Status(std::string_view text) const {
  std::string state = "STATUS=";
  for (char c : text) state.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  return Send(state);
}

core::Status SystemdNotifier::Watchdog() const { return Send("WATCHDOG=1"); }

core::Status SystemdNotifier::ExtendTimeout(std::chrono::microseconds extra) const {
  return Send("EXTEND_TIMEOUT_USEC=" + std::to_string(extra.count()));
}

}  // namespace gatewatch::daemon
