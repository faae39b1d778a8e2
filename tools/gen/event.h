// One generated access-log event, as the writers see it.
#ifndef GATEWATCH_TOOLS_GEN_EVENT_H_
#define GATEWATCH_TOOLS_GEN_EVENT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gatewatch::gen {

// A concrete request path built per event (e.g. "/v1/orders/48213"), without allocating.
class PathBuffer {
 public:
  void Clear() { len_ = 0; }
  PathBuffer& Add(std::string_view s) {
    const size_t n = s.size() < sizeof(data_) - len_ ? s.size() : sizeof(data_) - len_;
    s.copy(data_ + len_, n);
    len_ += n;
    return *this;
  }
  PathBuffer& AddUint(uint64_t v) {
    char tmp[20];
    size_t n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0 && len_ < sizeof(data_)) {
      data_[len_++] = tmp[--n];
    }
    return *this;
  }
  std::string_view view() const { return {data_, len_}; }

 private:
  char data_[192];
  size_t len_ = 0;
};

// Field meanings follow the gatewatch canonical shape (tools/gen/README.md). Views point into the
// population's StringPool or into static tables; they must outlive the write of the event.
struct Event {
  int64_t ts_us = 0;  // event time, microseconds since the epoch
  std::string_view client_ip;
  std::string_view user;     // empty: anonymous
  bool user_null = false;    // anonymous written as "user":null instead of leaving it out
  std::string_view api_key;  // empty: no key sent
  std::string_view method;
  PathBuffer path;         // concrete path, may carry a query string
  std::string_view route;  // template; empty: no route matched (written as null)
  int status = 200;
  int64_t latency_us = 0;
  int64_t bytes_out = 0;
  std::string_view user_agent;
  std::string_view auth_result;  // empty: not evaluated (public route)
  std::string_view host;
  std::string_view referer;    // combined only; empty: "-"
  std::string_view protocol;   // combined only, e.g. "HTTP/1.1"
  uint64_t request_id_hi = 0;  // 128 random bits, written as a UUIDv4
  uint64_t request_id_lo = 0;

  // Clears the per-event optional fields so a filler sets only what applies.
  void Reset() {
    user = {};
    user_null = false;
    api_key = {};
    auth_result = {};
    referer = {};
    path.Clear();
  }
};

}  // namespace gatewatch::gen

#endif  // GATEWATCH_TOOLS_GEN_EVENT_H_
