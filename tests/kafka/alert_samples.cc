#include "alert_samples.h"

#include "rapidjson/document.h"

namespace gatewatch::kafka::testing {

alert::Alert SampleAlert(int n) {
  alert::Alert a;
  a.rule = "credential-stuffing-ip";
  a.severity = "high";
  a.group = {{"client_ip", "203.0.113." + std::to_string(n)}, {"user", "alice"}};
  a.value = 42;
  a.threshold = 30.5;
  a.starts_at = 1768471200123000000;  // 2026-01-15T10:00:00.123Z
  a.labels = {{"team", "identity"}, {"mitre", "T1110"}};
  a.annotations = {{"summary", "203.0.113." + std::to_string(n) + ": 42 failed logins"},
                   {"description", "Many failed logins from one address"}};
  a.fingerprint = alert::Fingerprint(a.rule, a.group);
  a.evidence.window = 300000000000;
  a.evidence.first_event = a.starts_at - 300000000000;
  a.evidence.last_event = a.starts_at;
  a.evidence.events = 42;
  a.evidence.samples = {"/login", "/login?next=%2F"};
  return a;
}

alert::Alert HostileAlert() {
  const std::string hostile = std::string("q\"uote b\\ack n\nl r\rt\t c\x01\x1f del\x7f nul") +
                              std::string(1, '\0') + " bad\xff\xfe utf\xc3(8 cut\xe2\x82";
  alert::Alert a = SampleAlert(1);
  a.rule = "rule " + hostile;
  a.severity = hostile;
  a.group = {{"client_ip", hostile}, {"user", hostile}, {hostile, "key"}};
  a.labels = {{hostile, hostile}};
  a.annotations = {{"summary", hostile}, {"big", std::string(100 * 1024, 'x') + hostile}};
  a.evidence.samples = {hostile, std::string(100 * 1024, '\\')};
  a.fingerprint = alert::Fingerprint(a.rule, a.group);
  return a;
}

bool IsStrictJson(const std::string& json) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
  return !document.HasParseError();
}

}  // namespace gatewatch::kafka::testing
