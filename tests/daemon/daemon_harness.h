#ifndef GATEWATCH_TESTS_DAEMON_DAEMON_HARNESS_H_
#define GATEWATCH_TESTS_DAEMON_DAEMON_HARNESS_H_

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

// What the gatewatchd integration tests need to run the real daemon as a child process and
// watch it the way systemd does: through the datagrams it sends to NOTIFY_SOCKET.
namespace gatewatch::test_support {

// A fresh directory under $TMPDIR, removed with everything in it at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A unix datagram socket standing in for systemd's notification socket.
class NotifySocket {
 public:
  explicit NotifySocket(std::string path);
  ~NotifySocket();
  const std::string& path() const { return path_; }
  // Every datagram received so far (each is "KEY=VALUE\n..." as sent), oldest first.
  const std::vector<std::string>& messages();
  // Waits until a datagram satisfies `match` (checking those not seen by earlier waits
  // first); returns it, or "" on timeout.
  std::string WaitFor(const std::function<bool(const std::string&)>& match,
                      std::chrono::milliseconds timeout);
  // The newest STATUS= text, or "".
  std::string LastStatus();

 private:
  void Drain(std::chrono::milliseconds wait);

  std::string path_;
  int fd_ = -1;
  std::vector<std::string> messages_;
  size_t next_ = 0;
};

// gatewatchd (or any program) as a child process with stderr captured to a file.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env,
               std::string stderr_path);
  ~ChildProcess();  // SIGKILLs a child still running
  pid_t pid() const { return pid_; }
  void Signal(int signo);
  // Waits for the exit; the exit code, 128+signal when killed, or -1 on timeout.
  int Wait(std::chrono::milliseconds timeout);
  bool running();
  std::string Stderr() const;

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  std::string stderr_path_;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);
std::vector<std::string> ReadLines(const std::string& path);

// Polls `done` every 20 ms until it holds or `timeout` passes.
bool Eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout);

}  // namespace gatewatch::test_support

#endif  // GATEWATCH_TESTS_DAEMON_DAEMON_HARNESS_H_
