#ifndef GATEWATCH_STATUS_STATUS_ENDPOINT_H_
#define GATEWATCH_STATUS_STATUS_ENDPOINT_H_

#include "alert/redact.h"
#include "daemon/status_board.h"
#include "http/http_server.h"

// Mounts the live status page and its JSON API on `server` (docs/status-page.md):
//
//   /, /status       the HTML page (text/html), which polls /api/v1/status
//   /api/v1/status   the latest published StatusView as JSON (application/json)
//   /api/v1/alerts   just its firing alerts, as the alert records every sink writes
//
// Secrets in the view are redacted under `redaction` before they are served, as every output
// does (default: the default secret fields, hashed); publish raw values on the board.
//
// Read-only: the server answers only GET and HEAD, and applies its auth (basic or bearer) to
// these paths like to any other. Each request reads board->Get() once, so a response is one
// consistent view. `board` must outlive the server's handlers (stop the server first). Call
// before or after Start().
namespace gatewatch::status {

void ServeStatus(const daemon::StatusBoard* board, http::HttpServer* server,
                 alert::RedactionPolicy redaction = {});

}  // namespace gatewatch::status

#endif  // GATEWATCH_STATUS_STATUS_ENDPOINT_H_
