// The JSON body of Alertmanager's POST /api/v2/alerts (API v2 "postableAlerts") for a batch of
// gatewatch alerts. Pure functions; the caller has already redacted the alerts.
//
// Per alert:
//   labels       the rule's labels, then the group values (names sanitised, see label_text.h;
//                a group field that would clash with alertname/severity is written
//                group_<name>; two fields that sanitise to one name get _2, _3, ...; empty
//                values are left out, as Prometheus does), then alertname = rule id and
//                severity. Labels are the alert's identity in Alertmanager: no changing value
//                is ever put in one.
//   annotations  the rule's annotations (names sanitised) plus "value" and "threshold" when
//                the rule did not define them.
//   startsAt     the alert's start.
//   endsAt       resolved alerts only: their end, but never after `now` nor before startsAt.
//                Firing alerts carry none; Alertmanager then holds them for its
//                resolve_timeout, so they are re-sent well within it (AlertmanagerSink).
//   generatorURL from the options, when set.
// Every label and annotation value is valid UTF-8 and bounded in length.
#ifndef GATEWATCH_SINKS_ALERTMANAGER_PAYLOAD_H_
#define GATEWATCH_SINKS_ALERTMANAGER_PAYLOAD_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "core/clock.h"

namespace gatewatch::sinks {

struct AlertmanagerPayloadOptions {
  // generatorURL of every alert: a link back to gatewatch, e.g. the daemon's status page
  // "http://gw.example:9464/status#{rule}". "{rule}" is replaced by the URL-escaped rule id.
  // "" = not sent.
  std::string generator_url;
  // Longest label value, in bytes after UTF-8 repair (minimum 32).
  size_t max_label_value_bytes = 1024;
  // Longest annotation value, in bytes after UTF-8 repair (minimum 32).
  size_t max_annotation_value_bytes = 16 * 1024;
};

// The label set of `alert` as Alertmanager will see it.
std::map<std::string, std::string> AlertmanagerLabels(const alert::Alert& alert,
                                                      const AlertmanagerPayloadOptions& options);

// The annotations of `alert` as Alertmanager will see them.
std::map<std::string, std::string> AlertmanagerAnnotations(
    const alert::Alert& alert, const AlertmanagerPayloadOptions& options);

// The request body: a JSON array with one object per alert.
std::string AlertmanagerPayload(const std::vector<alert::Alert>& batch,
                                const AlertmanagerPayloadOptions& options, core::TimestampNs now);

}  // namespace gatewatch::sinks

#endif  // GATEWATCH_SINKS_ALERTMANAGER_PAYLOAD_H_
