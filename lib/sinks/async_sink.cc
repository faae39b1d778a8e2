#include "sinks/async_sink.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <utility>

namespace gatewatch::sinks {
namespace {

std::chrono::nanoseconds Ns(int64_t ns) {
  return std::chrono::nanoseconds(std::max<int64_t>(ns, 0));
}

}  // namespace

AsyncSink::AsyncSink(std::unique_ptr<Delivery> delivery, AsyncSinkOptions options,
                     const core::Clock& clock)
    : delivery_(std::move(delivery)), options_(std::move(options)), clock_(clock) {
  worker_ = std::thread([this] { Run(); });
  std::string thread_name = options_.name.substr(0, 15);
  pthread_setname_np(worker_.native_handle(), thread_name.c_str());
}

AsyncSink::~AsyncSink() { Flush(clock_.MonotonicNs()); }

void AsyncSink::Emit(const alert::Alert& alert) {
  alert::Alert copy = alert;  // allocate outside the lock
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) {
    dropped_at_shutdown_.fetch_add(1);
    return;
  }
  if (queue_.size() >= std::max<size_t>(options_.queue_capacity, 1)) {
    dropped_queue_full_.fetch_add(1);
    if (options_.when_full == OverflowPolicy::kDropNewest) return;
    queue_.pop_front();
  }
  queue_.push_back(std::move(copy));
  accepted_.fetch_add(1);
  queue_depth_.store(queue_.size() + in_flight_);
  work_cv_.notify_one();
}

bool AsyncSink::Flush(int64_t deadline_mono_ns) {
  std::lock_guard<std::mutex> flush_lock(flush_mu_);
  std::unique_lock<std::mutex> lock(mu_);
  closed_ = true;
  auto drained = [this] { return queue_.empty() && in_flight_ == 0; };
  while (!drained() && !stop_) {
    int64_t left = deadline_mono_ns - clock_.MonotonicNs();
    if (left <= 0) break;
    idle_cv_.wait_for(lock, Ns(left));
  }
  bool all_done = drained();
  if (!worker_.joinable()) return all_done;
  stop_ = true;
  work_cv_.notify_all();
  lock.unlock();
  if (!all_done) delivery_->Abort();
  worker_.join();
  lock.lock();
  dropped_at_shutdown_.fetch_add(queue_.size());
  queue_.clear();
  queue_depth_.store(0);
  return all_done;
}

AsyncSinkStats AsyncSink::Stats() const {
  // Outcomes before `accepted` (all sequentially consistent): an alert is accepted before its
  // outcome is counted, so a snapshot never shows more outcomes than acceptances.
  AsyncSinkStats s;
  s.delivered = delivered_.load();
  s.failed_attempts = failed_attempts_.load();
  s.rejected = rejected_.load();
  s.dropped_queue_full = dropped_queue_full_.load();
  s.dropped_retries_exhausted = dropped_retries_exhausted_.load();
  s.dropped_at_shutdown = dropped_at_shutdown_.load();
  s.queue_depth = queue_depth_.load();
  s.accepted = accepted_.load();
  s.queue_capacity = options_.queue_capacity;
  s.last_success = last_success_.load();
  std::lock_guard<std::mutex> lock(error_mu_);
  s.last_error = last_error_;
  return s;
}

void AsyncSink::Run() {
  std::vector<alert::Alert> batch;
  while (TakeBatch(&batch)) {
    for (alert::Alert& a : batch) alert::Redact(options_.redaction, &a);
    DeliverWithRetry(batch);
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_ = 0;
    queue_depth_.store(queue_.size());
    idle_cv_.notify_all();
  }
}

bool AsyncSink::TakeBatch(std::vector<alert::Alert>* batch) {
  batch->clear();
  std::unique_lock<std::mutex> lock(mu_);
  work_cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
  if (stop_) return false;
  size_t n = std::min(queue_.size(), std::max<size_t>(options_.max_batch_size, 1));
  for (size_t i = 0; i < n; ++i) {
    batch->push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  in_flight_ = n;
  return true;
}

void AsyncSink::DeliverWithRetry(const std::vector<alert::Alert>& batch) {
  const int64_t first_attempt = clock_.MonotonicNs();
  Backoff backoff(options_.backoff, std::random_device{}());
  for (int attempt = 1;; ++attempt) {
    core::Status status = delivery_->Deliver(batch);
    if (status.ok()) {
      delivered_.fetch_add(batch.size());
      last_success_.store(clock_.Now());
      return;
    }
    failed_attempts_.fetch_add(1);
    SetLastError(status.ToString());
    if (status.code() == core::Status::Code::kInvalidArgument) {
      rejected_.fetch_add(batch.size());
      return;
    }
    bool too_many = options_.max_attempts > 0 && attempt >= options_.max_attempts;
    bool too_old = clock_.MonotonicNs() - first_attempt >= options_.max_retry_age;
    if (too_many || too_old) {
      dropped_retries_exhausted_.fetch_add(batch.size());
      return;
    }
    if (!WaitUnlessStopped(backoff.Next())) {
      dropped_at_shutdown_.fetch_add(batch.size());
      return;
    }
  }
}

bool AsyncSink::WaitUnlessStopped(core::DurationNs delay) {
  std::unique_lock<std::mutex> lock(mu_);
  work_cv_.wait_for(lock, Ns(delay), [this] { return stop_; });
  return !stop_;
}

void AsyncSink::SetLastError(const std::string& message) {
  std::lock_guard<std::mutex> lock(error_mu_);
  last_error_ = options_.name + ": " + message;
}

}  // namespace gatewatch::sinks
