// A tiny HTTP/1.1 server on a loopback port that records every request and answers with a
// status the test chooses. Lets tests see exactly what goes over the wire (headers, body).
// Tests only; one connection at a time; Content-Length bodies only.
#ifndef GATEWATCH_TESTS_SINKS_CAPTURE_SERVER_H_
#define GATEWATCH_TESTS_SINKS_CAPTURE_SERVER_H_

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gatewatch::sinks::testing {

class CaptureServer {
 public:
  struct Request {
    std::string head;  // request line and headers
    std::string body;
  };

  CaptureServer();  // listens on 127.0.0.1:<free port>
  ~CaptureServer();

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void set_status(int status) { status_ = status; }
  std::vector<Request> requests() const;

 private:
  void Serve();
  void HandleConnection(int fd);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> status_{200};
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<Request> requests_;
  std::thread thread_;
};

}  // namespace gatewatch::sinks::testing

#endif  // GATEWATCH_TESTS_SINKS_CAPTURE_SERVER_H_
