#include "sinks/alertmanager_sink.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "sinks/alertmanager_delivery.h"

namespace gatewatch::sinks {
namespace {

// How often the timer looks for alerts due for a re-send: a quarter of the interval, so a
// re-send is at most 25% late, and not busier than every 10 ms nor lazier than every second.
core::DurationNs TimerPeriod(core::DurationNs resend_interval) {
  return std::clamp<core::DurationNs>(resend_interval / 4, 10 * core::kMillisecond, core::kSecond);
}

const std::string& KeyOf(const alert::Alert& alert, std::string* scratch) {
  if (!alert.fingerprint.empty()) return alert.fingerprint;
  *scratch = alert::Fingerprint(alert.rule, alert.group);
  return *scratch;
}

}  // namespace

core::Result<std::unique_ptr<AlertmanagerSink>> AlertmanagerSink::Create(
    AlertmanagerSinkOptions options, const core::Clock& clock) {
  if (options.urls.empty()) {
    return core::Status::InvalidArgument("alertmanager: no URL configured");
  }
  if (options.resend_interval <= 0) {
    return core::Status::InvalidArgument("alertmanager: resend_interval must be positive");
  }
  std::vector<std::unique_ptr<AsyncSink>> targets;
  for (const std::string& url : options.urls) {
    auto delivery = AlertmanagerDelivery::Create(url, options.http, options.payload, clock);
    if (!delivery.ok()) return delivery.status().WithPrefix("alertmanager " + url);
    targets.push_back(std::make_unique<AsyncSink>(std::move(*delivery), options.delivery, clock));
  }
  return std::unique_ptr<AlertmanagerSink>(
      new AlertmanagerSink(std::move(options), clock, std::move(targets)));
}

AlertmanagerSink::AlertmanagerSink(AlertmanagerSinkOptions options, const core::Clock& clock,
                                   std::vector<std::unique_ptr<AsyncSink>> targets)
    : options_(std::move(options)), clock_(clock), targets_(std::move(targets)) {
  if (options_.resend_timer) timer_ = std::thread([this] { RunTimer(); });
}

AlertmanagerSink::~AlertmanagerSink() { Flush(clock_.MonotonicNs()); }

void AlertmanagerSink::Emit(const alert::Alert& alert) {
  std::string scratch;
  const std::string& key = KeyOf(alert, &scratch);
  std::lock_guard<std::mutex> lock(mu_);
  if (alert.status == alert::AlertStatus::kResolved) {
    firing_.erase(key);
  } else if (auto it = firing_.find(key); it != firing_.end()) {
    it->second = Tracked{alert, clock_.MonotonicNs()};
  } else if (firing_.size() < options_.max_tracked_firing) {
    firing_.emplace(key, Tracked{alert, clock_.MonotonicNs()});
  } else {
    ++firing_untracked_;
  }
  SendToAll(alert);
}

size_t AlertmanagerSink::Tick(int64_t now_mono_ns) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t sent = 0;
  for (auto& [key, tracked] : firing_) {
    if (now_mono_ns - tracked.last_sent_mono_ns < options_.resend_interval) continue;
    tracked.last_sent_mono_ns = now_mono_ns;
    SendToAll(tracked.alert);
    ++sent;
  }
  resent_ += sent;
  return sent;
}

bool AlertmanagerSink::Flush(int64_t deadline_mono_ns) {
  {
    std::lock_guard<std::mutex> lock(timer_mu_);
    timer_stop_ = true;
  }
  timer_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  bool drained = true;
  for (const auto& target : targets_) drained = target->Flush(deadline_mono_ns) && drained;
  return drained;
}

AlertmanagerSinkStats AlertmanagerSink::Stats() const {
  AlertmanagerSinkStats stats;
  for (size_t i = 0; i < targets_.size(); ++i) {
    stats.targets.push_back({options_.urls[i], targets_[i]->Stats()});
  }
  std::lock_guard<std::mutex> lock(mu_);
  stats.firing_tracked = firing_.size();
  stats.firing_untracked = firing_untracked_;
  stats.resent = resent_;
  return stats;
}

void AlertmanagerSink::SendToAll(const alert::Alert& alert) {
  for (const auto& target : targets_) target->Emit(alert);
}

void AlertmanagerSink::RunTimer() {
  const auto period = std::chrono::nanoseconds(TimerPeriod(options_.resend_interval));
  std::unique_lock<std::mutex> lock(timer_mu_);
  while (!timer_cv_.wait_for(lock, period, [this] { return timer_stop_; })) {
    lock.unlock();
    Tick(clock_.MonotonicNs());
    lock.lock();
  }
}

}  // namespace gatewatch::sinks
