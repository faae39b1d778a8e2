#ifndef GATEWATCH_DAEMON_SYSTEMD_NOTIFIER_H_
#define GATEWATCH_DAEMON_SYSTEMD_NOTIFIER_H_

#include <chrono>
#include <memory>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace gatewatch::daemon {

// Tells systemd how the service is doing (sd_notify(3) over libsystemd), for a Type=notify unit:
//
//   READY=1       once config is valid, inputs are subscribed, ports are bound, state restored
//   RELOADING=1   at the start of a SIGHUP reload, with MONOTONIC_USEC=<CLOCK_MONOTONIC µs>,
//                 which Type=notify-reload (systemd >= 253) requires; call Ready() when done
//   STOPPING=1    at the start of a graceful shutdown
//   STATUS=...    one line of human-readable progress (systemctl status)
//   WATCHDOG=1    from the main loop while it makes progress, every watchdog_ping_interval()
//
// When NOTIFY_SOCKET is unset (not run by systemd, or Type=simple) every call does nothing and
// returns OK. The environment is read once, at construction; it is left in place, so children
// started later would inherit it (the daemon starts none).
//
// Thread-safe: each call sends one datagram and keeps no state.
class SystemdNotifier {
 public:
  // `clock` (not owned; nullptr: the real clock) gives MONOTONIC_USEC.
  explicit SystemdNotifier(const core::Clock* clock = nullptr);
  ~SystemdNotifier();

  // Whether NOTIFY_SOCKET was set: whether anyone is listening.
  bool enabled() const { return enabled_; }

  core::Status Ready() const;
  core::Status Reloading() const;
  core::Status Stopping() const;
  // Control characters in `text` become spaces: a status cannot add assignments of its own.
  core::Status Status(std::string_view text) const;
  core::Status Watchdog() const;
  // Asks for `extra` more time for the current start, reload or stop (EXTEND_TIMEOUT_USEC).
  core::Status ExtendTimeout(std::chrono::microseconds extra) const;

  // WatchdogSec= of the unit (WATCHDOG_USEC, when WATCHDOG_PID is unset or this process); zero
  // when the watchdog is off.
  std::chrono::microseconds watchdog_interval() const { return watchdog_interval_; }
  // How often to call Watchdog(): half the interval, as sd_watchdog_enabled(3) advises.
  std::chrono::microseconds watchdog_ping_interval() const { return watchdog_interval_ / 2; }

 private:
  core::Status Send(std::string_view state) const;

  std::unique_ptr<core::Clock> own_clock_;
  const core::Clock* clock_;
  bool enabled_ = false;
  std::chrono::microseconds watchdog_interval_{0};
};

}  // namespace gatewatch::daemon

#endif  // GATEWATCH_DAEMON_SYSTEMD_NOTIFIER_H_
