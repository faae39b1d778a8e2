#include "ingest/file_follower.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"

namespace gatewatch::ingest {
namespace {

using Outcome = FileFollower::Outcome;
using Lines = std::vector<std::string>;

constexpr int64_t kSecond = 1'000'000'000;

// A log writer that keeps its descriptor open, as a gateway does across a rename.
class Writer {
 public:
  explicit Writer(const std::string& path)
      : fd_(open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) {}
  ~Writer() { close(fd_); }
  void Write(const std::string& text) {
    ASSERT_EQ(write(fd_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

 private:
  int fd_;
};

class FileFollowerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = ::testing::TempDir() + "/gatewatch_follower_XXXXXX";
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    path_ = dir_ + "/access.log";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static void Append(const std::string& path, const std::string& text) { Writer(path).Write(text); }
  // Renames the log away, as logrotate does before the writer reopens.
  void Rotate(const std::string& suffix = ".1") {
    ASSERT_EQ(std::rename(path_.c_str(), (path_ + suffix).c_str()), 0);
  }
  static uint64_t InodeOf(const std::string& path) {
    struct stat st;
    return stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_ino) : 0;
  }

  std::unique_ptr<FileFollower> Follow(FileFollower::Options options = {}) {
    options.clock = &clock_;
    auto follower = FileFollower::Open(path_, options);
    EXPECT_TRUE(follower.ok()) << follower.status().ToString();
    return follower.ok() ? std::move(*follower) : nullptr;
  }

  // Writes `content`, starts following and expects `complete`: the lines complete so far.
  std::unique_ptr<FileFollower> StartWith(const std::string& content, const Lines& complete,
                                          FileFollower::Options options = {}) {
    Append(path_, content);
    auto follower = Follow(options);
    EXPECT_EQ(Drain(*follower), complete);
    return follower;
  }

  // Every line available now, until kIdle or kEof (which `last` receives).
  static Lines Drain(FileFollower& follower, Outcome* last = nullptr) {
    Lines lines;
    FileFollower::Line line;
    Outcome outcome;
    while ((outcome = follower.Next(&line)) == Outcome::kLine) lines.emplace_back(line.text);
    EXPECT_NE(outcome, Outcome::kError) << follower.status().ToString();
    if (last != nullptr) *last = outcome;
    return lines;
  }

  core::FakeClock clock_{1000 * kSecond};
  std::string dir_;
  std::string path_;
};

TEST_F(FileFollowerTest, ReadsLinesAsTheyAreAppended) {
  Append(path_, "a\nbb\n");
  auto follower = Follow();
  Outcome last;
  EXPECT_EQ(Drain(*follower, &last), (Lines{"a", "bb"}));
  EXPECT_EQ(last, Outcome::kIdle);
  Append(path_, "\nccc\n");
  EXPECT_EQ(Drain(*follower), (Lines{"", "ccc"}));
  EXPECT_EQ(follower->position().offset, 10u);
  EXPECT_EQ(follower->stats().lines, 4u);
}

TEST_F(FileFollowerTest, PartialLineWaitsForItsNewline) {
  auto follower = StartWith("one\npar", Lines{"one"});
  EXPECT_EQ(follower->position().offset, 4u);  // not past the partial line
  clock_.Advance(3600 * kSecond);
  EXPECT_EQ(Drain(*follower), Lines{});
  Append(path_, "tial\ntwo\n");
  EXPECT_EQ(Drain(*follower), (Lines{"partial", "two"}));
  EXPECT_EQ(follower->stats().partial_lines, 0u);
}

TEST_F(FileFollowerTest, PartialLineIsDeliveredAfterTheOptionalTimeout) {
  Append(path_, "done\nunfinished");
  FileFollower::Options options;
  options.partial_line_timeout_ns = 5 * kSecond;
  auto follower = Follow(options);
  EXPECT_EQ(Drain(*follower), (Lines{"done"}));
  clock_.Advance(5 * kSecond);
  EXPECT_EQ(Drain(*follower), (Lines{"unfinished"}));
  EXPECT_EQ(follower->position().offset, 15u);
  EXPECT_EQ(follower->stats().partial_lines, 1u);
  Append(path_, " rest\n");
  EXPECT_EQ(Drain(*follower), (Lines{" rest"}));
}

TEST_F(FileFollowerTest, RotationByRenameFinishesTheOldFileFirst) {
  auto writer = std::make_unique<Writer>(path_);
  writer->Write("1\n2\n");
  auto follower = Follow();
  EXPECT_EQ(Drain(*follower), (Lines{"1", "2"}));
  FileFollower::Position old_position = follower->position();

  Rotate();
  writer->Write("3\n4");  // the gateway has not reopened yet
  EXPECT_EQ(Drain(*follower), (Lines{"3"}));
  writer->Write("\n");
  EXPECT_EQ(Drain(*follower), (Lines{"4"}));

  writer = std::make_unique<Writer>(path_);  // reopened: a new file at the path
  writer->Write("5\n6\n");
  EXPECT_EQ(Drain(*follower), (Lines{"5", "6"}));
  EXPECT_EQ(follower->stats().rotations, 1u);
  EXPECT_NE(follower->position().inode, old_position.inode);
  EXPECT_EQ(follower->position().offset, 4u);
}

TEST_F(FileFollowerTest, EmptyNewFileIsSwitchedToAfterTheGrace) {
  auto follower = StartWith("old\n", Lines{"old"});
  Rotate();
  Append(path_, "");
  EXPECT_EQ(Drain(*follower), Lines{});
  EXPECT_EQ(follower->stats().rotations, 0u);
  clock_.Advance(FileFollower::Options{}.rotation_grace_ns);
  EXPECT_EQ(Drain(*follower), Lines{});
  EXPECT_EQ(follower->stats().rotations, 1u);
  EXPECT_EQ(follower->position().inode, InodeOf(path_));
  EXPECT_EQ(follower->position().offset, 0u);
}

TEST_F(FileFollowerTest, UnfinishedLastLineOfARotatedFileIsDelivered) {
  auto follower = StartWith("a\nb", Lines{"a"});
  Rotate();
  Append(path_, "c\n");
  EXPECT_EQ(Drain(*follower), (Lines{"b", "c"}));
  EXPECT_EQ(follower->stats().partial_lines, 1u);
}

TEST_F(FileFollowerTest, DeletedFileIsFollowedByItsReplacement) {
  auto follower = StartWith("a\n", Lines{"a"});
  ASSERT_EQ(unlink(path_.c_str()), 0);
  EXPECT_EQ(Drain(*follower), Lines{});
  Append(path_, "b\n");
  EXPECT_EQ(Drain(*follower), (Lines{"b"}));
  EXPECT_EQ(follower->stats().rotations, 1u);
}

TEST_F(FileFollowerTest, CopyTruncateStartsOverAtZero) {
  auto follower = StartWith("first line\nsecond line\n", Lines{"first line", "second line"});
  ASSERT_EQ(truncate(path_.c_str(), 0), 0);
  Append(path_, "x\ny\n");
  EXPECT_EQ(Drain(*follower), (Lines{"x", "y"}));
  EXPECT_EQ(follower->stats().truncations, 1u);
  EXPECT_EQ(follower->stats().rotations, 0u);
  EXPECT_EQ(follower->position().offset, 4u);
}

TEST_F(FileFollowerTest, ResumeGivesExactlyTheRemainingLines) {
  Append(path_, "1\n2\n3\n4\n");
  FileFollower::Position saved;
  {
    auto follower = Follow();
    FileFollower::Line line;
    ASSERT_EQ(follower->Next(&line), Outcome::kLine);
    ASSERT_EQ(follower->Next(&line), Outcome::kLine);
    ASSERT_EQ(line.text, "2");
    saved = follower->position();
  }
  EXPECT_EQ(saved.offset, 4u);
  Append(path_, "5\n");
  FileFollower::Options options;
  options.resume = saved;
  options.start = FileFollower::Start::kEnd;  // the saved position wins
  auto follower = Follow(options);
  EXPECT_EQ(Drain(*follower), (Lines{"3", "4", "5"}));
  EXPECT_EQ(follower->stats().resume_misses, 0u);
}

TEST_F(FileFollowerTest, ResumeFindsTheFileRotatedWhileStopped) {
  Append(path_, "1\n2\n");
  FileFollower::Position saved;
  {
    auto follower = Follow();
    EXPECT_EQ(Drain(*follower), (Lines{"1", "2"}));
    saved = follower->position();
  }
  Append(path_, "3\n");
  Rotate("-20240501");
  Append(path_ + ".gz", "unrelated\n");
  Append(path_, "4\n");
  FileFollower::Options options;
  options.resume = saved;
  auto follower = Follow(options);
  EXPECT_EQ(Drain(*follower), (Lines{"3", "4"}));
  EXPECT_EQ(follower->stats().resume_misses, 0u);
  EXPECT_EQ(follower->stats().rotations, 1u);
}

TEST_F(FileFollowerTest, ResumeFromAVanishedFileReadsThePathFromItsStart) {
  Append(path_, "1\n2\n");
  FileFollower::Options options;
  options.resume = FileFollower::Position{1, 999999999, 2};
  auto follower = Follow(options);
  EXPECT_EQ(Drain(*follower), (Lines{"1", "2"}));
  EXPECT_EQ(follower->stats().resume_misses, 1u);
}

TEST_F(FileFollowerTest, MissingFileIsWaitedFor) {
  FileFollower::Options options;
  options.start = FileFollower::Start::kEnd;  // a file that appears later is read whole
  auto follower = Follow(options);
  ASSERT_NE(follower, nullptr);
  Outcome last;
  EXPECT_EQ(Drain(*follower, &last), Lines{});
  EXPECT_EQ(last, Outcome::kIdle);
  EXPECT_EQ(follower->position(), FileFollower::Position{});
  Append(path_, "hello\n");
  EXPECT_EQ(Drain(*follower), (Lines{"hello"}));
}

TEST_F(FileFollowerTest, WithoutFollowAMissingFileIsAnErrorAndTheEndIsEof) {
  FileFollower::Options options;
  options.follow = false;
  auto missing = FileFollower::Open(path_, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), core::Status::Code::kNotFound);

  Append(path_, "a\nlast");
  auto follower = Follow(options);
  Outcome last;
  EXPECT_EQ(Drain(*follower, &last), (Lines{"a", "last"}));
  EXPECT_EQ(last, Outcome::kEof);
  EXPECT_EQ(follower->position().offset, 6u);
}

TEST_F(FileFollowerTest, StartAtEndKeepsTheLineBeingWritten) {
  Append(path_, "old1\nold2\npart");
  FileFollower::Options options;
  options.start = FileFollower::Start::kEnd;
  auto follower = Follow(options);
  EXPECT_EQ(Drain(*follower), Lines{});
  Append(path_, "ial\nnew\n");
  EXPECT_EQ(Drain(*follower), (Lines{"partial", "new"}));
}

TEST_F(FileFollowerTest, OverLongLineIsCutFlaggedAndItsTailSkipped) {
  FileFollower::Options options;
  options.max_line_bytes = 16;
  // Written in pieces, larger than the read chunk, with polls in between; the first piece
  // shares its chunk with a short line.
  std::string piece(100 * 1000, 'x');
  piece[0] = 'A';
  Append(path_, "short\n" + piece);
  auto follower = Follow(options);
  EXPECT_EQ(Drain(*follower), (Lines{"short"}));
  for (int i = 0; i < 2; ++i) {
    Append(path_, piece);
    EXPECT_EQ(Drain(*follower), Lines{});
  }
  Append(path_, "\nafter\n");
  FileFollower::Line line;
  ASSERT_EQ(follower->Next(&line), Outcome::kLine);
  EXPECT_EQ(line.text, "A" + std::string(16, 'x'));
  EXPECT_TRUE(line.truncated);
  EXPECT_EQ(follower->position().offset, 6u + 300000u + 1u);
  ASSERT_EQ(follower->Next(&line), Outcome::kLine);
  EXPECT_EQ(line.text, "after");
  EXPECT_FALSE(line.truncated);
  EXPECT_EQ(follower->stats().truncated_lines, 1u);
}

TEST_F(FileFollowerTest, OverLongLinesWithinOneChunkAreCut) {
  FileFollower::Options options;
  options.max_line_bytes = 4;
  options.follow = false;
  Append(path_, "123456789\n1234\n12345\n");
  auto follower = Follow(options);
  FileFollower::Line line;
  std::vector<std::pair<std::string, bool>> seen;
  while (follower->Next(&line) == Outcome::kLine) seen.emplace_back(line.text, line.truncated);
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, bool>>{
                      {"12345", true}, {"1234", false}, {"12345", true}}));
}

// A writer appending in random pieces, renaming the file now and then (at line boundaries, as
// a gateway reopens), and a reader polling at random and restarting from saved positions: the
// lines read are exactly the lines written.
TEST_F(FileFollowerTest, RandomWritesRotationsAndRestartsLoseAndRepeatNothing) {
  std::mt19937 random(20240501);
  Lines written;
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    size_t padding = i % 500 == 499 ? 150 * 1000 : random() % 200;
    written.push_back("line " + std::to_string(i) + " " + std::string(padding, 'a' + i % 26));
    text += written.back() + "\n";
  }
  auto writer = std::make_unique<Writer>(path_);
  auto follower = Follow();
  Lines read;
  int rotations = 0;
  int restarts = 0;
  size_t at = 0;
  while (at < text.size()) {
    size_t piece = std::min<size_t>(1 + random() % 5000, text.size() - at);
    writer->Write(text.substr(at, piece));
    at += piece;
    if (random() % 3 == 0) {
      Lines lines = Drain(*follower);
      read.insert(read.end(), lines.begin(), lines.end());
    }
    if (random() % 100 == 0 && follower->position().inode == InodeOf(path_)) {
      // Rotate: the gateway still finishes its line in the old file, then reopens.
      Rotate("." + std::to_string(++rotations));
      size_t line_end = text.find('\n', at) + 1;
      writer->Write(text.substr(at, line_end - at));
      at = line_end;
      writer = std::make_unique<Writer>(path_);
    }
    if (random() % 150 == 0) {
      FileFollower::Options options;
      options.resume = follower->position();
      follower = Follow(options);
      ++restarts;
    }
  }
  Lines lines = Drain(*follower);
  read.insert(read.end(), lines.begin(), lines.end());
  ASSERT_EQ(read.size(), written.size());
  EXPECT_EQ(read, written);
  EXPECT_GE(rotations, 3);
  EXPECT_GE(restarts, 3);
}

}  // namespace
}  // namespace gatewatch::ingest
