#ifndef GATEWATCH_TESTS_HTTP_CHILD_PROCESS_H_
#define GATEWATCH_TESTS_HTTP_CHILD_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

// Real programs as children of a test (promtool, prometheus): run one to completion with some
// stdin, or keep one running in the background until the test ends. Output goes to files, so
// a chatty child can never block on a full pipe.
namespace gatewatch::test_http {

struct RunResult {
  int exit_code = -1;  // -1 if it could not be started or died of a signal
  std::string output;  // stdout and stderr, interleaved
};

// Runs argv[0] (a path) with `input` on stdin and waits for it.
RunResult RunToCompletion(const std::vector<std::string>& argv, const std::string& input);

// A child that runs until Stop() or destruction (SIGTERM, then SIGKILL after 5 s), so a failing
// test never leaves it behind. Its stdout and stderr go to `log_path`.
class BackgroundProcess {
 public:
  BackgroundProcess() = default;
  ~BackgroundProcess() { Stop(); }
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // False if it could not be spawned.
  bool Start(const std::vector<std::string>& argv, const std::string& log_path);
  bool running() const;
  void Stop();

 private:
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int FreeLoopbackPort();

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `content` to path()/name and returns the full path.
  std::string WriteFile(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace gatewatch::test_http

#endif  // GATEWATCH_TESTS_HTTP_CHILD_PROCESS_H_
