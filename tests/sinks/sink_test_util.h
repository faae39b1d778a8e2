// Small helpers shared by the sinks tests.
#ifndef GATEWATCH_TESTS_SINKS_SINK_TEST_UTIL_H_
#define GATEWATCH_TESTS_SINKS_SINK_TEST_UTIL_H_

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "alert/alert.h"

namespace gatewatch::sinks::testing {

// Polls `condition` every 20 ms until it holds or `timeout` passes. A condition, not a timing
// assertion: the timeout only bounds how long a broken build waits.
inline bool WaitUntil(const std::function<bool()>& condition,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// prefix + i, e.g. "10.0.0.7" (built by append: GCC 12 misreports `"x" + std::to_string(i)`
// under -Wrestrict).
inline std::string Numbered(const char* prefix, int i) {
  std::string s = prefix;
  s += std::to_string(i);
  return s;
}

// A firing alert for rule `rule` with one group value.
inline alert::Alert NamedAlert(const std::string& rule, const std::string& ip = "203.0.113.9") {
  alert::Alert a;
  a.rule = rule;
  a.severity = "warning";
  a.group = {{"client_ip", ip}};
  a.fingerprint = alert::Fingerprint(a.rule, a.group);
  return a;
}

}  // namespace gatewatch::sinks::testing

#endif  // GATEWATCH_TESTS_SINKS_SINK_TEST_UTIL_H_
