// The alert record in Elastic Common Schema (ECS) form, so that Elasticsearch, OpenSearch and
// SIEMs built on them index gatewatch's alerts without an ingest pipeline.
//
// Mapping (ECS 8.11):
//   @timestamp      starts_at when firing, ends_at when resolved
//   event.*         kind "alert", category ["intrusion_detection"], type ["info"], severity (a
//                   number: info 1, low 21, medium 47, high 73, critical 99, the risk scores of
//                   Elastic's detection rules), start, end and duration (ns) when resolved,
//                   module "gatewatch", dataset "gatewatch.alerts"
//   rule.*          id and name = the rule id, ruleset "gatewatch", description = the
//                   "description" annotation if any
//   source.ip       the group's client_ip, only when it is an IP address (the ECS type is ip;
//                   a non-address would make the index reject the document)
//   user.name       the group's user
//   labels.*        the alert's labels
//   message         the "summary" annotation, else "<rule> <status>"
//   observer        product "gatewatch"
//   gatewatch.*     the rest of the native record (docs/alerts.md) as AlertToJson writes it:
//                   status, severity, group, value, threshold, starts_at, ends_at, annotations,
//                   fingerprint, evidence
//
// The output is one JSON object without a newline, valid UTF-8 whatever bytes the alert holds
// (invalid sequences become U+FFFD). Pure function; thread-safe.
#ifndef GATEWATCH_KAFKA_ECS_ALERT_H_
#define GATEWATCH_KAFKA_ECS_ALERT_H_

#include <string>
#include <string_view>

#include "alert/alert.h"

namespace gatewatch::kafka {

std::string AlertToEcsJson(const alert::Alert& alert);

// The ECS event.severity for a gatewatch severity name (0 for an unknown name).
int EcsSeverity(std::string_view severity);

// `text` with every invalid UTF-8 sequence replaced by U+FFFD. Applied to a serialized JSON
// record it keeps the record valid: such bytes only ever occur inside its strings.
std::string WithValidUtf8(std::string text);

}  // namespace gatewatch::kafka

#endif  // GATEWATCH_KAFKA_ECS_ALERT_H_
