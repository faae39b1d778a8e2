#include "sinks/async_sink.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "alert/redact.h"
#include "sink_test_util.h"
#include "sinks/backoff.h"

namespace gatewatch::sinks {
namespace {

using testing::NamedAlert;
using testing::Numbered;
using testing::WaitUntil;

// A destination in memory that fails on demand and can hold a Deliver call until released.
class MemoryDelivery final : public Delivery {
 public:
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<std::vector<std::string>> batches;  // rule ids per accepted batch
    std::vector<alert::Alert> received;
    int calls = 0;
    int fail_first = 0;  // calls that fail before one succeeds
    core::Status failure = core::Status::IoError("destination down");
    bool hold = false;     // Deliver waits while true
    bool holding = false;  // a Deliver call is waiting
    std::atomic<int> aborts{0};
  };

  explicit MemoryDelivery(State* state) : s_(state) {}

  core::Status Deliver(const std::vector<alert::Alert>& batch) override {
    std::unique_lock<std::mutex> lock(s_->mu);
    ++s_->calls;
    s_->holding = true;
    s_->cv.notify_all();
    s_->cv.wait(lock, [this] { return !s_->hold || s_->aborts > 0; });
    s_->holding = false;
    if (s_->aborts > 0) return core::Status::IoError("aborted");
    if (s_->fail_first < 0 || s_->calls <= s_->fail_first) return s_->failure;
    std::vector<std::string> ids;
    for (const alert::Alert& a : batch) {
      ids.push_back(a.rule);
      s_->received.push_back(a);
    }
    s_->batches.push_back(std::move(ids));
    return core::Status::Ok();
  }

  void Abort() override {
    ++s_->aborts;
    s_->cv.notify_all();
  }

 private:
  State* s_;
};

AsyncSinkOptions FastOptions() {
  AsyncSinkOptions o;
  o.name = "test";
  o.backoff.initial = core::kMillisecond;
  o.backoff.max = 5 * core::kMillisecond;
  return o;
}

class AsyncSinkTest : public ::testing::Test {
 protected:
  std::unique_ptr<AsyncSink> Make(AsyncSinkOptions options) {
    return std::make_unique<AsyncSink>(std::make_unique<MemoryDelivery>(&state_),
                                       std::move(options), clock_);
  }

  void Hold() {
    std::lock_guard<std::mutex> lock(state_.mu);
    state_.hold = true;
  }
  void Release() {
    std::lock_guard<std::mutex> lock(state_.mu);
    state_.hold = false;
    state_.cv.notify_all();
  }
  void WaitHolding() {
    std::unique_lock<std::mutex> lock(state_.mu);
    state_.cv.wait(lock, [this] { return state_.holding; });
  }
  std::vector<std::string> ReceivedRules() {
    std::lock_guard<std::mutex> lock(state_.mu);
    std::vector<std::string> out;
    for (const alert::Alert& a : state_.received) out.push_back(a.rule);
    return out;
  }
  int64_t Deadline(int seconds) { return clock_.MonotonicNs() + seconds * core::kSecond; }

  core::RealClock clock_;
  MemoryDelivery::State state_;
};

TEST_F(AsyncSinkTest, DeliversInOrderInBatches) {
  AsyncSinkOptions o = FastOptions();
  o.max_batch_size = 3;
  auto sink = Make(o);
  Hold();
  sink->Emit(NamedAlert("a0"));
  WaitHolding();  // the worker holds a batch of one; the next seven queue up
  for (int i = 1; i < 8; ++i) sink->Emit(NamedAlert(Numbered("a", i)));
  EXPECT_EQ(sink->Stats().queue_depth, 8u);
  Release();
  ASSERT_TRUE(sink->Flush(Deadline(10)));
  std::lock_guard<std::mutex> lock(state_.mu);
  ASSERT_EQ(state_.batches.size(), 4u);
  EXPECT_EQ(state_.batches[0], (std::vector<std::string>{"a0"}));
  EXPECT_EQ(state_.batches[1], (std::vector<std::string>{"a1", "a2", "a3"}));
  EXPECT_EQ(state_.batches[2], (std::vector<std::string>{"a4", "a5", "a6"}));
  EXPECT_EQ(state_.batches[3], (std::vector<std::string>{"a7"}));
  AsyncSinkStats s = sink->Stats();
  EXPECT_EQ(s.accepted, 8u);
  EXPECT_EQ(s.delivered, 8u);
  EXPECT_EQ(s.queue_depth, 0u);
  EXPECT_GT(s.last_success, 0);
  EXPECT_EQ(s.dropped(), 0u);
}

TEST_F(AsyncSinkTest, EmitReturnsWhileDeliveryIsStuck) {
  auto sink = Make(FastOptions());
  Hold();
  sink->Emit(NamedAlert("first"));
  WaitHolding();
  // The destination is stuck inside Deliver; Emit still returns every time and the queue grows.
  for (int i = 0; i < 1000; ++i) sink->Emit(NamedAlert("x"));
  EXPECT_EQ(sink->Stats().queue_depth, 1001u);
  EXPECT_EQ(sink->Stats().accepted, 1001u);
  Release();
  EXPECT_TRUE(sink->Flush(Deadline(10)));
  EXPECT_EQ(sink->Stats().delivered, 1001u);
}

TEST_F(AsyncSinkTest, FullQueueDropsOldestAndCounts) {
  AsyncSinkOptions o = FastOptions();
  o.queue_capacity = 4;
  auto sink = Make(o);
  Hold();
  sink->Emit(NamedAlert("in-flight"));
  WaitHolding();
  for (int i = 0; i < 10; ++i) sink->Emit(NamedAlert(Numbered("q", i)));
  AsyncSinkStats s = sink->Stats();
  EXPECT_EQ(s.dropped_queue_full, 6u);
  EXPECT_EQ(s.queue_depth, 5u);  // 4 queued + 1 in delivery
  Release();
  ASSERT_TRUE(sink->Flush(Deadline(10)));
  EXPECT_EQ(ReceivedRules(), (std::vector<std::string>{"in-flight", "q6", "q7", "q8", "q9"}));
}

TEST_F(AsyncSinkTest, FullQueueCanDropNewestInstead) {
  AsyncSinkOptions o = FastOptions();
  o.queue_capacity = 4;
  o.when_full = OverflowPolicy::kDropNewest;
  auto sink = Make(o);
  Hold();
  sink->Emit(NamedAlert("in-flight"));
  WaitHolding();
  for (int i = 0; i < 10; ++i) sink->Emit(NamedAlert(Numbered("q", i)));
  EXPECT_EQ(sink->Stats().dropped_queue_full, 6u);
  Release();
  ASSERT_TRUE(sink->Flush(Deadline(10)));
  EXPECT_EQ(ReceivedRules(), (std::vector<std::string>{"in-flight", "q0", "q1", "q2", "q3"}));
}

TEST_F(AsyncSinkTest, RetriesUntilTheDestinationRecovers) {
  state_.fail_first = 3;
  auto sink = Make(FastOptions());
  sink->Emit(NamedAlert("a"));
  ASSERT_TRUE(sink->Flush(Deadline(10)));
  AsyncSinkStats s = sink->Stats();
  EXPECT_EQ(s.failed_attempts, 3u);
  EXPECT_EQ(s.delivered, 1u);
  EXPECT_EQ(s.last_error, "test: " + core::Status::IoError("destination down").ToString());
  EXPECT_EQ(state_.calls, 4);
}

TEST_F(AsyncSinkTest, GivesUpAfterMaxAttemptsAndMovesOn) {
  state_.fail_first = 3;
  AsyncSinkOptions o = FastOptions();
  o.max_attempts = 3;
  o.max_batch_size = 1;
  auto sink = Make(o);
  sink->Emit(NamedAlert("lost"));
  sink->Emit(NamedAlert("kept"));
  ASSERT_TRUE(sink->Flush(Deadline(10)));
  AsyncSinkStats s = sink->Stats();
  EXPECT_EQ(s.dropped_retries_exhausted, 1u);
  EXPECT_EQ(s.delivered, 1u);
  EXPECT_EQ(ReceivedRules(), (std::vector<std::string>{"kept"}));
}

TEST_F(AsyncSinkTest, GivesUpAfterMaxRetryAge) {
  state_.fail_first = -1;  // always fails
  AsyncSinkOptions o = FastOptions();
  o.max_retry_age = 20 * core::kMillisecond;
  auto sink = Make(o);
  sink->Emit(NamedAlert("lost"));
  ASSERT_TRUE(WaitUntil([&] { return sink->Stats().dropped_retries_exhausted == 1; }));
  EXPECT_GE(sink->Stats().failed_attempts, 2u);
  EXPECT_EQ(sink->Stats().queue_depth, 0u);
}

TEST_F(AsyncSinkTest, InvalidBatchIsRejectedNotRetried) {
  state_.fail_first = 1;
  state_.failure = core::Status::InvalidArgument("HTTP 400");
  auto sink = Make(FastOptions());
  sink->Emit(NamedAlert("bad"));
  ASSERT_TRUE(sink->Flush(Deadline(10)));
  EXPECT_EQ(sink->Stats().rejected, 1u);
  EXPECT_EQ(state_.calls, 1);
}

TEST_F(AsyncSinkTest, FlushStopsAtTheDeadlineAndCountsWhatWasLeft) {
  state_.fail_first = -1;
  auto sink = Make(FastOptions());
  for (int i = 0; i < 5; ++i) sink->Emit(NamedAlert("a"));
  ASSERT_TRUE(WaitUntil([&] { return sink->Stats().failed_attempts >= 2; }));
  EXPECT_FALSE(sink->Flush(clock_.MonotonicNs() + 50 * core::kMillisecond));
  AsyncSinkStats s = sink->Stats();
  EXPECT_EQ(s.dropped_at_shutdown, 5u);
  EXPECT_EQ(s.queue_depth, 0u);
  EXPECT_EQ(s.delivered, 0u);
  EXPECT_EQ(state_.aborts.load(), 1);
  sink->Emit(NamedAlert("late"));  // after Flush: counted, not queued
  EXPECT_EQ(sink->Stats().dropped_at_shutdown, 6u);
  sink->Flush(Deadline(1));  // idempotent: returns at once
}

TEST_F(AsyncSinkTest, FlushAbortsADeliveryStuckPastTheDeadline) {
  auto sink = Make(FastOptions());
  Hold();
  sink->Emit(NamedAlert("stuck"));
  WaitHolding();
  EXPECT_FALSE(sink->Flush(clock_.MonotonicNs() + 20 * core::kMillisecond));
  EXPECT_EQ(sink->Stats().dropped_at_shutdown, 1u);
}

TEST_F(AsyncSinkTest, RedactsInTheWorkerWithTheSinksPolicy) {
  auto sink = Make(FastOptions());
  alert::Alert a = NamedAlert("key-spike");
  a.group = {{"api_key", "k-live-secret-value"}};
  sink->Emit(a);
  ASSERT_TRUE(sink->Flush(Deadline(10)));
  std::lock_guard<std::mutex> lock(state_.mu);
  ASSERT_EQ(state_.received.size(), 1u);
  EXPECT_EQ(state_.received[0].group[0].second,
            "sha256:" + alert::Sha256Hex("k-live-secret-value", 12));
}

TEST_F(AsyncSinkTest, RawValueWhenTheOperatorTurnsRedactionOff) {
  AsyncSinkOptions o = FastOptions();
  o.redaction.mode = alert::RedactionMode::kNone;
  auto sink = Make(o);
  alert::Alert a = NamedAlert("key-spike");
  a.group = {{"api_key", "k-live-secret-value"}};
  sink->Emit(a);
  ASSERT_TRUE(sink->Flush(Deadline(10)));
  std::lock_guard<std::mutex> lock(state_.mu);
  EXPECT_EQ(state_.received.at(0).group[0].second, "k-live-secret-value");
}

TEST_F(AsyncSinkTest, StatsAreReadableWhileEmitting) {
  auto sink = Make(FastOptions());
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done) {
      AsyncSinkStats s = sink->Stats();
      ASSERT_LE(s.delivered, s.accepted);
    }
  });
  for (int i = 0; i < 2000; ++i) sink->Emit(NamedAlert("a"));
  EXPECT_TRUE(sink->Flush(Deadline(10)));
  done = true;
  reader.join();
  EXPECT_EQ(sink->Stats().delivered, 2000u);
}

TEST_F(AsyncSinkTest, DestructorStopsWithoutFlush) {
  state_.fail_first = -1;
  auto sink = Make(FastOptions());
  sink->Emit(NamedAlert("a"));
  sink.reset();  // must not hang on the always-failing destination
  SUCCEED();
}

TEST(Backoff, GrowsWithJitterUpToTheMax) {
  BackoffPolicy policy;
  policy.initial = 100;
  policy.max = 1000;
  policy.multiplier = 2;
  Backoff backoff(policy, 42);
  const core::DurationNs steps[] = {100, 200, 400, 800, 1000, 1000};
  for (core::DurationNs step : steps) {
    core::DurationNs d = backoff.Next();
    EXPECT_GE(d, step / 2);
    EXPECT_LE(d, step);
  }
  backoff.Reset();
  EXPECT_LE(backoff.Next(), 100);
}

TEST(Backoff, JitterSpreadsSendersThatFailedTogether) {
  BackoffPolicy policy;
  policy.initial = core::kSecond;
  Backoff a(policy, 1), b(policy, 2);
  EXPECT_NE(a.Next(), b.Next());
}

}  // namespace
}  // namespace gatewatch::sinks
