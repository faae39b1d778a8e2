#include "daemon/file_input.h"

#include <cstdio>
#include <thread>

namespace gatewatch::daemon {

core::Status FileInput::Restore(std::string_view positions) {
  if (positions.empty()) return core::Status::Ok();
  ingest::FileFollower::Position p;
  unsigned long long device = 0, inode = 0, offset = 0;
  std::string text(positions);
  if (std::sscanf(text.c_str(), "%llu %llu %llu", &device, &inode, &offset) != 3) {
    return core::Status::InvalidArgument("file position: malformed \"" + text + "\"");
  }
  p.device = device;
  p.inode = inode;
  p.offset = offset;
  resume_ = p;
  return core::Status::Ok();
}

core::Status FileInput::Start() {
  ingest::FileFollower::Options options;
  options.follow = config_.follow;
  options.start = config_.start_at == "end" ? ingest::FileFollower::Start::kEnd
                                            : ingest::FileFollower::Start::kBeginning;
  options.resume = resume_;
  GW_ASSIGN_OR_RETURN(follower_, ingest::FileFollower::Open(config_.path, options));
  return core::Status::Ok();
}

Input::PollResult FileInput::Poll(core::DurationNs timeout, size_t max_lines,
                                  const LineHandler& handler) {
  size_t delivered = 0;
  ingest::FileFollower::Line line;
  PollResult result = PollResult::kIdle;
  while (delivered < max_lines) {
    ingest::FileFollower::Outcome outcome = follower_->Next(&line);
    if (outcome == ingest::FileFollower::Outcome::kLine) {
      handler(line.text, 0);
      ++delivered;
      continue;
    }
    if (outcome == ingest::FileFollower::Outcome::kEof) result = PollResult::kEnd;
    if (outcome == ingest::FileFollower::Outcome::kError) {
      ++errors_;
      notices_.push_back({true, follower_->status().message()});
    }
    break;
  }
  const auto& stats = follower_->stats();
  if (stats.rotations != rotations_seen_ || stats.truncations != truncations_seen_) {
    notices_.push_back({false, "file " + config_.path + ": rotations " +
                                   std::to_string(stats.rotations) + ", truncations " +
                                   std::to_string(stats.truncations)});
    rotations_seen_ = stats.rotations;
    truncations_seen_ = stats.truncations;
  }
  if (delivered > 0) return PollResult::kLines;
  if (result == PollResult::kIdle) {
    // Nothing new: the follower polls, so wait here rather than spin.
    std::this_thread::sleep_for(std::chrono::nanoseconds(timeout));
  }
  return result;
}

std::string FileInput::Positions() const {
  if (follower_ == nullptr) return "";
  ingest::FileFollower::Position p = follower_->position();
  return std::to_string(p.device) + " " + std::to_string(p.inode) + " " + std::to_string(p.offset);
}

InputStatus FileInput::status() const {
  InputStatus st;
  if (follower_ != nullptr) st.lines = follower_->stats().lines;
  st.errors = errors_;
  return st;
}

std::vector<InputNotice> FileInput::TakeNotices() {
  std::vector<InputNotice> out;
  out.swap(notices_);
  return out;
}

}  // namespace gatewatch::daemon
