#ifndef GATEWATCH_STATUS_STATUS_JSON_H_
#define GATEWATCH_STATUS_STATUS_JSON_H_

#include <string>

#include "daemon/status_board.h"

// The JSON bodies of /api/v1/status and /api/v1/alerts (docs/status-page.md has the schema).
// Always valid JSON and valid UTF-8, whatever the view holds: group values, paths and user
// names are attacker-controlled, so invalid UTF-8 becomes U+FFFD and control characters,
// quotes and backslashes are escaped. Timestamps are RFC 3339 UTC strings, or null when unset
// (0); non-finite numbers are null. Pure functions: safe from any thread.
namespace gatewatch::status {

// The whole view as one JSON object. Each element of "firing" is the alert record every sink
// writes (alert::AlertToJson).
std::string StatusViewToJson(const daemon::StatusView& view);

// {"generated_at": ..., "alerts": [alert records]}: just the firing alerts, newest first.
std::string FiringAlertsToJson(const daemon::StatusView& view);

}  // namespace gatewatch::status

#endif  // GATEWATCH_STATUS_STATUS_JSON_H_
