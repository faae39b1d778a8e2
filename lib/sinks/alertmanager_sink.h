// AlertmanagerSink: sends gatewatch alerts to one or more Alertmanagers (API v2), the way
// Prometheus does.
//
// - Every alert goes to EVERY configured URL (an HA pair is given both addresses, never a load
//   balancer). Each URL has its own AsyncSink: its own bounded queue, worker thread, batches,
//   retry/backoff state and stats, so a dead Alertmanager never delays the others.
// - Firing alerts are remembered (up to max_tracked_firing; beyond that they are sent once and
//   counted as untracked) and re-sent every resend_interval: Alertmanager forgets a firing
//   alert that has not been re-sent within its resolve_timeout (default 5m), so
//   resend_interval must stay well below it (default 1m, as Prometheus' resend delay).
// - A resolved alert is sent with endsAt and forgotten.
// - Payload and redaction: alertmanager_payload.h; options.delivery.redaction (default: hash
//   secrets such as api_key) is applied by the per-URL workers.
//
// Threading: Emit (the engine), Tick (the internal timer or the caller), Stats and Flush may
// run on different threads. Emit takes one lock shared with Tick; both enqueue under it, so a
// re-send can never overtake the resolve of the same alert.
#ifndef GATEWATCH_SINKS_ALERTMANAGER_SINK_H_
#define GATEWATCH_SINKS_ALERTMANAGER_SINK_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "alert/alert.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/result.h"
#include "sinks/alertmanager_payload.h"
#include "sinks/async_sink.h"
#include "sinks/http_client.h"

namespace gatewatch::sinks {

// AsyncSinkOptions with name "alertmanager" and the other defaults.
inline AsyncSinkOptions AlertmanagerDeliveryDefaults() {
  AsyncSinkOptions d;
  d.name = "alertmanager";
  return d;
}

struct AlertmanagerSinkOptions {
  // Alertmanager base URLs, e.g. {"http://am-1:9093", "http://am-2:9093"}; at least one. Each
  // receives every alert. No credentials in the URL (use http.basic_auth_*).
  std::vector<std::string> urls;
  // How often a firing alert is re-sent. Must be below Alertmanager's resolve_timeout
  // (default 5m) or Alertmanager resolves alerts that are still firing.
  core::DurationNs resend_interval = core::kMinute;
  // Firing alerts remembered for re-sending. Past it, new firing alerts are still sent once but
  // not re-sent (counted in firing_untracked); Alertmanager resolves them after resolve_timeout.
  size_t max_tracked_firing = 10000;
  // Run a timer thread that calls Tick. false: the owner calls Tick (tests, a shared timer).
  bool resend_timer = true;
  // labels/annotations bounds and generatorURL (alertmanager_payload.h).
  AlertmanagerPayloadOptions payload;
  // TLS, authentication and timeouts, the same for every URL (http_client.h).
  HttpClientOptions http;
  // Queue, batching (max 256 per POST by default), retry and redaction, one AsyncSink per URL
  // (async_sink.h). name defaults to "alertmanager".
  AsyncSinkOptions delivery = AlertmanagerDeliveryDefaults();
};

struct AlertmanagerSinkStats {
  struct Target {
    std::string url;          // as configured
    AsyncSinkStats delivery;  // that URL's queue and delivery counters
  };
  std::vector<Target> targets;    // one per URL, in options order
  size_t firing_tracked = 0;      // firing alerts remembered for re-sending now
  uint64_t firing_untracked = 0;  // firing alerts not remembered because the cap was reached
  uint64_t resent = 0;            // re-sends of firing alerts (one per alert, all URLs)
};

class AlertmanagerSink final : public alert::AlertSink {
 public:
  // Validates the options (URLs, files, resend_interval > 0) and starts the worker threads.
  // `clock` must outlive the sink.
  static core::Result<std::unique_ptr<AlertmanagerSink>> Create(AlertmanagerSinkOptions options,
                                                                const core::Clock& clock);
  ~AlertmanagerSink() override;

  // Remembers (firing) or forgets (resolved) the alert and queues it for every URL. Never
  // waits on the network.
  void Emit(const alert::Alert& alert) override;

  // Re-sends every remembered firing alert last sent at least resend_interval before
  // `now_mono_ns` (the clock's MonotonicNs). Returns how many were re-sent.
  size_t Tick(int64_t now_mono_ns);

  // Stops the timer and flushes every URL's queue until `deadline_mono_ns` (AsyncSink::Flush).
  // True when every queue drained.
  bool Flush(int64_t deadline_mono_ns);

  AlertmanagerSinkStats Stats() const;

 private:
  struct Tracked {
    alert::Alert alert;
    int64_t last_sent_mono_ns = 0;
  };

  AlertmanagerSink(AlertmanagerSinkOptions options, const core::Clock& clock,
                   std::vector<std::unique_ptr<AsyncSink>> targets);
  void SendToAll(const alert::Alert& alert);
  void RunTimer();

  const AlertmanagerSinkOptions options_;
  const core::Clock& clock_;
  const std::vector<std::unique_ptr<AsyncSink>> targets_;

  mutable std::mutex mu_;
  std::unordered_map<std::string, Tracked> firing_;  // by fingerprint; guarded by mu_
  uint64_t firing_untracked_ = 0;                    // guarded by mu_
  uint64_t resent_ = 0;                              // guarded by mu_

  std::mutex timer_mu_;
  std::condition_variable timer_cv_;
  bool timer_stop_ = false;  // guarded by timer_mu_
  std::thread timer_;
};

}  // namespace gatewatch::sinks

#endif  // GATEWATCH_SINKS_ALERTMANAGER_SINK_H_
