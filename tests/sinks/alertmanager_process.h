// A real Alertmanager (Debian's /usr/bin/prometheus-alertmanager) as a child process on a
// loopback port, with its config and storage in a temporary directory. Tests only.
//
// The child dies with the test process (PR_SET_PDEATHSIG) and is stopped by the destructor, so
// no Alertmanager outlives a failed or crashed test.
#ifndef GATEWATCH_TESTS_SINKS_ALERTMANAGER_PROCESS_H_
#define GATEWATCH_TESTS_SINKS_ALERTMANAGER_PROCESS_H_

#include <sys/types.h>

#include <string>

namespace gatewatch::sinks::testing {

// A loopback TCP port nothing listens on right now (bound to port 0, then released).
int FreeLoopbackPort();

class AlertmanagerProcess {
 public:
  // Prepares a temp dir and picks `port` (0 = a free one). Does not start anything.
  explicit AlertmanagerProcess(int port = 0);
  ~AlertmanagerProcess();

  // Starts Alertmanager and waits (up to 30 s) until /-/ready answers 200. Extra YAML for the
  // web config file (TLS, basic auth) may be given; "" = plain HTTP.
  bool Start(const std::string& web_config_yaml = "");
  // SIGTERM, then SIGKILL after 5 s; waits for the child.
  void Stop();

  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  // "http://127.0.0.1:<port>" (https when started with a TLS web config).
  std::string url() const;
  // GET /api/v2/alerts (active alerts); "" on error.
  std::string GetAlerts() const;
  // The value of one sample in /metrics, e.g.
  // "alertmanager_alerts_received_total{status=\"firing\",version=\"v2\"}"; -1 if absent.
  double Metric(const std::string& series) const;
  // The tail of Alertmanager's log, for failure messages.
  std::string LogTail() const;

 private:
  std::string Get(const std::string& path) const;

  int port_;
  std::string dir_;
  bool tls_ = false;
  pid_t pid_ = -1;
};

}  // namespace gatewatch::sinks::testing

#endif  // GATEWATCH_TESTS_SINKS_ALERTMANAGER_PROCESS_H_
