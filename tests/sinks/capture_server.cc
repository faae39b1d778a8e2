#include "capture_server.h"

#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

namespace gatewatch::sinks::testing {
namespace {

size_t ContentLength(const std::string& head) {
  size_t pos = 0;
  while ((pos = head.find("\r\n", pos)) != std::string::npos) {
    pos += 2;
    if (strncasecmp(head.c_str() + pos, "content-length:", 15) == 0) {
      return std::strtoul(head.c_str() + pos + 15, nullptr, 10);
    }
  }
  return 0;
}

}  // namespace

CaptureServer::CaptureServer() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  listen(listen_fd_, 8);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

CaptureServer::~CaptureServer() {
  stop_ = true;
  thread_.join();
  close(listen_fd_);
}

std::vector<CaptureServer::Request> CaptureServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

void CaptureServer::Serve() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd >= 0) HandleConnection(fd);
  }
}

// Serves requests on one keep-alive connection until the client closes it or the server stops.
void CaptureServer::HandleConnection(int fd) {
  std::string buffer;
  char chunk[65536];
  while (!stop_) {
    size_t head_end = buffer.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      Request r{buffer.substr(0, head_end + 2), ""};
      size_t need = head_end + 4 + ContentLength(r.head);
      if (buffer.size() >= need) {
        r.body = buffer.substr(head_end + 4, need - head_end - 4);
        buffer.erase(0, need);
        {
          std::lock_guard<std::mutex> lock(mu_);
          requests_.push_back(std::move(r));
        }
        std::string reply = "HTTP/1.1 " + std::to_string(status_.load()) +
                            " X\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";
        if (send(fd, reply.data(), reply.size(), MSG_NOSIGNAL) < 0) break;
        continue;
      }
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  close(fd);
}

}  // namespace gatewatch::sinks::testing
