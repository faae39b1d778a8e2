#include "daemon/stdin_input.h"

#include "ingest/line_reader.h"

namespace gatewatch::daemon {

StdinInput::~StdinInput() { Close(); }

core::Status StdinInput::Start() {
  // Detached: a stdin that never closes would block a join forever.
  std::thread([queue = queue_] { ReadLoop(queue); }).detach();
  return core::Status::Ok();
}

void StdinInput::ReadLoop(std::shared_ptr<Queue> q) {
  auto reader = ingest::LineReader::Open("-", size_t{1} << 20);
  std::string_view line;
  while (reader.ok() && (*reader)->Next(&line)) {
    std::unique_lock<std::mutex> lock(q->mu);
    q->not_full.wait(lock, [&] { return q->lines.size() < kQueueLines || q->closing; });
    if (q->closing) return;
    q->lines.emplace_back(line);
    q->not_empty.notify_one();
  }
  std::lock_guard<std::mutex> lock(q->mu);
  if (!reader.ok()) {
    q->notices.push_back({true, reader.status().message()});
  } else if (!(*reader)->status().ok()) {
    q->notices.push_back({true, "stdin: " + (*reader)->status().message()});
  }
  q->eof = true;
  q->not_empty.notify_one();
}

Input::PollResult StdinInput::Poll(core::DurationNs timeout, size_t max_lines,
                                   const LineHandler& handler) {
  Queue& q = *queue_;
  size_t delivered = 0;
  std::unique_lock<std::mutex> lock(q.mu);
  q.not_empty.wait_for(lock, std::chrono::nanoseconds(timeout),
                       [&] { return !q.lines.empty() || q.eof; });
  while (delivered < max_lines && !q.lines.empty()) {
    current_.swap(q.lines.front());
    q.lines.pop_front();
    q.not_full.notify_one();
    lock.unlock();
    handler(current_, 0);
    ++delivered;
    lock.lock();
  }
  lines_ += delivered;
  if (delivered > 0) return PollResult::kLines;
  return q.eof ? PollResult::kEnd : PollResult::kIdle;
}

void StdinInput::Close() {
  std::lock_guard<std::mutex> lock(queue_->mu);
  queue_->closing = true;
  queue_->not_full.notify_all();
}

InputStatus StdinInput::status() const {
  InputStatus st;
  st.lines = lines_;
  return st;
}

std::vector<InputNotice> StdinInput::TakeNotices() {
  std::lock_guard<std::mutex> lock(queue_->mu);
  std::vector<InputNotice> out;
  out.swap(queue_->notices);
  return out;
}

}  // namespace gatewatch::daemon
