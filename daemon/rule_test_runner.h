#ifndef GATEWATCH_DAEMON_RULE_TEST_RUNNER_H_
#define GATEWATCH_DAEMON_RULE_TEST_RUNNER_H_

#include <string>
#include <vector>

#include "core/result.h"

// Rule tests (docs/rule-tests.md): YAML files of input events at relative times and the alert
// notifications they must produce, in the spirit of `promtool test rules` and CrowdSec's hub
// tests.
//
//   rules: [auth.yaml]
//   tests:
//     - name: twenty-one failures in a minute fire
//       events:
//         - {at: 0s, count: 21, every: 2s, client_ip: 203.0.113.7, status: 401, user: "u{i}"}
//       expect:
//         - {rule: auth-failure-burst-ip, status: firing, group: {client_ip: 203.0.113.7}, at: 45s}
//         - {rule: auth-failure-burst-ip, status: resolved, group: {client_ip: 203.0.113.7}}
//     - name: twenty do not
//       events: [{at: 0s, count: 20, every: 2s, client_ip: 203.0.113.7, status: 401}]
//       expect: []
//       expect_no_alerts: true
namespace gatewatch::cli {

struct RuleTestOutcome {
  std::string file;
  std::string name;
  bool passed = false;
  std::string detail;  // expected vs got, when failed
};

// Runs every test of every file. Fails (as a Status) only when a file cannot be read or is
// malformed; failing tests are outcomes.
core::Result<std::vector<RuleTestOutcome>> RunRuleTests(const std::vector<std::string>& files);

// Test files under `paths`: files as given, directories searched for *_test.yaml.
core::Result<std::vector<std::string>> FindRuleTestFiles(const std::vector<std::string>& paths);

}  // namespace gatewatch::cli

#endif  // GATEWATCH_DAEMON_RULE_TEST_RUNNER_H_
