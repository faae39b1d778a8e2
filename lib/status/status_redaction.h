#ifndef GATEWATCH_STATUS_STATUS_REDACTION_H_
#define GATEWATCH_STATUS_STATUS_REDACTION_H_

#include "alert/redact.h"
#include "daemon/status_board.h"

// The status page and API are an output like any sink: secrets in the view (an alert grouped
// by api_key, a rule's top groups by api_key, a key in a sample path) are redacted under the
// output's RedactionPolicy before they are served (docs/outputs.md, "Redaction of secrets").
// The view on the board holds raw values; only the served copy is rewritten.
namespace gatewatch::status {

// A copy of `view` with every firing alert redacted (alert::Redact) and every secret-named
// group value of the rules' top groups replaced by its stand-in. Unchanged for kNone.
daemon::StatusView RedactedView(const daemon::StatusView& view,
                                const alert::RedactionPolicy& policy);

}  // namespace gatewatch::status

#endif  // GATEWATCH_STATUS_STATUS_REDACTION_H_
