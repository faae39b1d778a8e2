// Alerts for the sink tests: an ordinary one and one full of hostile strings.
#ifndef GATEWATCH_TESTS_KAFKA_ALERT_SAMPLES_H_
#define GATEWATCH_TESTS_KAFKA_ALERT_SAMPLES_H_

#include <string>

#include "alert/alert.h"

namespace gatewatch::kafka::testing {

// A firing credential-stuffing alert grouped by client_ip and user, with labels, a summary and
// evidence; `n` varies the group so that fingerprints differ.
alert::Alert SampleAlert(int n);

// Quotes, backslashes, newlines, control characters, NUL, invalid UTF-8 and a 100 KB value in
// every string the alert carries.
alert::Alert HostileAlert();

// True if `json` is one valid JSON value in valid UTF-8.
bool IsStrictJson(const std::string& json);

}  // namespace gatewatch::kafka::testing

#endif  // GATEWATCH_TESTS_KAFKA_ALERT_SAMPLES_H_
