#include "alertmanager_process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "sinks/http_client.h"

namespace gatewatch::sinks::testing {
namespace {

constexpr char kBinary[] = "/usr/bin/prometheus-alertmanager";
constexpr char kConfig[] = R"(route:
  receiver: blackhole
  group_wait: 1h
receivers:
  - name: blackhole
)";

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path) << content;
}

bool Exited(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

AlertmanagerProcess::AlertmanagerProcess(int port) : port_(port == 0 ? FreeLoopbackPort() : port) {
  std::string pattern = (std::filesystem::temp_directory_path() / "gw-am-XXXXXX").string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  dir_ = mkdtemp(buf.data());
  WriteFile(dir_ + "/alertmanager.yml", kConfig);
}

AlertmanagerProcess::~AlertmanagerProcess() {
  Stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool AlertmanagerProcess::Start(const std::string& web_config_yaml) {
  std::vector<std::string> args = {
      kBinary,
      "--config.file=" + dir_ + "/alertmanager.yml",
      "--storage.path=" + dir_ + "/data",
      "--web.listen-address=127.0.0.1:" + std::to_string(port_),
      "--cluster.listen-address=",
      "--log.level=warn",
  };
  tls_ = web_config_yaml.find("tls_server_config") != std::string::npos;
  if (!web_config_yaml.empty()) {
    WriteFile(dir_ + "/web.yml", web_config_yaml);
    args.push_back("--web.config.file=" + dir_ + "/web.yml");
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string log_path = dir_ + "/alertmanager.log";
  pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // Only async-signal-safe calls until exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (log >= 0) {
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
    }
    execv(kBinary, argv.data());
    _exit(127);
  }
  if (pid_ < 0) return false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Exited(pid_)) {
      pid_ = -1;
      return false;
    }
    if (Get("/-/ready") == "OK") return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void AlertmanagerProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 500; ++i) {
    if (Exited(pid_)) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string AlertmanagerProcess::url() const {
  return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

std::string AlertmanagerProcess::GetAlerts() const { return Get("/api/v2/alerts"); }

double AlertmanagerProcess::Metric(const std::string& series) const {
  std::istringstream lines(Get("/metrics"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::strtod(line.c_str() + series.size() + 1, nullptr);
    }
  }
  return -1;
}

std::string AlertmanagerProcess::LogTail() const {
  std::ifstream in(dir_ + "/alertmanager.log");
  std::stringstream all;
  all << in.rdbuf();
  std::string text = all.str();
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

std::string AlertmanagerProcess::Get(const std::string& path) const {
  HttpClientOptions options;
  options.connect_timeout = core::kSecond;
  options.total_timeout = 5 * core::kSecond;
  options.insecure_skip_verify = tls_;
  auto client = HttpClient::Create(options);
  if (!client.ok()) return "";
  auto response = (*client)->Get(url() + path);
  if (!response.ok() || response->status != 200) return "";
  return response->body;
}

}  // namespace gatewatch::sinks::testing
