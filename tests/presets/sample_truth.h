#ifndef GATEWATCH_TESTS_PRESETS_SAMPLE_TRUTH_H_
#define GATEWATCH_TESTS_PRESETS_SAMPLE_TRUTH_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Readers for the ground truth that ships with the shared sample logs (shared/testdata): the
// CrowdSec hub's parser.assert / scenario.assert files and fail2ban's "# failJSON:" comments.
// They read only the few assertion shapes these files use; anything else is skipped.
namespace gatewatch::testing {

// The lines of a file, without their '\n'. A final empty piece after the last newline is not
// a line. Fails the calling test (and returns nothing) when the file cannot be read.
std::vector<std::string> ReadLines(const std::string& path);

// What CrowdSec's parsers made of one non-empty line of a hub test's log.
struct CrowdsecLine {
  bool success = false;  // the s01-parse parser accepted the line
  // Evt.Meta of the s01-parse result: source_ip, http_status, http_verb, http_path,
  // http_user_agent, log_type ("http_access-log" or "http_error-log")...
  std::map<std::string, std::string> meta;
  // Evt.Meta["timestamp"] from s02-enrich/dateparse-enrich; empty when the test has none.
  std::string timestamp;
};

// Reads a hub test's parser.assert. Element i describes the i-th non-empty line of the log
// (CrowdSec skips empty lines): results["s01-parse"][<the one parser>][i], and the timestamp
// of the k-th accepted line from results["s02-enrich"]["crowdsecurity/dateparse-enrich"][k].
std::vector<CrowdsecLine> ReadCrowdsecParserAssert(const std::string& path);

// The Meta of the events of each alert in a hub test's scenario.assert
// (results[a].Overflow.Alert.Events[e].GetMeta("key") == "value"): one vector per alert.
using CrowdsecEvent = std::map<std::string, std::string>;
std::vector<std::vector<CrowdsecEvent>> ReadCrowdsecAlerts(const std::string& path);

// One sample line of a fail2ban filter test log and the "# failJSON:" comment above it.
struct Fail2banSample {
  size_t line_no = 0;  // 1-based line number of the sample in the log
  std::string line;
  bool match = false;
  std::string host;  // empty when the comment names none
  std::string time;  // "2013-06-27T11:55:44", local time of the test suite; may be empty
};
std::vector<Fail2banSample> ReadFail2banSamples(const std::string& path);

// Unquotes a Go string literal ("a\"b" -> a"b); std::nullopt when it is not one.
std::optional<std::string> UnquoteGoString(std::string_view quoted);

}  // namespace gatewatch::testing

#endif  // GATEWATCH_TESTS_PRESETS_SAMPLE_TRUTH_H_
