#include "daemon/daemon_harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace gatewatch::test_support {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/gatewatchd-test-XXXXXX";
  char* made = mkdtemp(pattern.data());
  path_ = made != nullptr ? made : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

NotifySocket::NotifySocket(std::string path) : path_(std::move(path)) {
  fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
  unlink(path_.c_str());
  bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
}

NotifySocket::~NotifySocket() {
  if (fd_ >= 0) close(fd_);
  unlink(path_.c_str());
}

void NotifySocket::Drain(std::chrono::milliseconds wait) {
  pollfd p{fd_, POLLIN, 0};
  int timeout = static_cast<int>(wait.count());
  while (poll(&p, 1, timeout) > 0) {
    char buf[4096];
    ssize_t n = recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) break;
    messages_.emplace_back(buf, static_cast<size_t>(n));
    timeout = 0;
  }
}

const std::vector<std::string>& NotifySocket::messages() {
  Drain(std::chrono::milliseconds(0));
  return messages_;
}

std::string NotifySocket::WaitFor(const std::function<bool(const std::string&)>& match,
                                  std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    Drain(std::chrono::milliseconds(0));
    for (; next_ < messages_.size(); ++next_) {
      if (match(messages_[next_])) return messages_[next_++];
    }
    if (std::chrono::steady_clock::now() >= deadline) return "";
    Drain(std::chrono::milliseconds(50));
  }
}

std::string NotifySocket::LastStatus() {
  Drain(std::chrono::milliseconds(0));
  for (auto it = messages_.rbegin(); it != messages_.rend(); ++it) {
    size_t at = it->find("STATUS=");
    if (at == std::string::npos) continue;
    size_t end = it->find('\n', at);
    return it->substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
  }
  return "";
}

ChildProcess::ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env,
                           std::string stderr_path)
    : stderr_path_(std::move(stderr_path)) {
  pid_ = fork();
  if (pid_ == 0) {
    int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (err >= 0) dup2(err, STDERR_FILENO);
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, STDIN_FILENO);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
}

ChildProcess::~ChildProcess() {
  if (running()) {
    kill(pid_, SIGKILL);
    Wait(std::chrono::milliseconds(5000));
  }
}

void ChildProcess::Signal(int signo) {
  if (pid_ > 0) kill(pid_, signo);
}

bool ChildProcess::running() {
  if (pid_ <= 0 || status_ != -1) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

int ChildProcess::Wait(std::chrono::milliseconds timeout) {
  Eventually([&] { return !running(); }, timeout);
  return status_;
}

std::string ChildProcess::Stderr() const { return ReadFile(stderr_path_); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

bool Eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace gatewatch::test_support
