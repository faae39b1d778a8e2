#include "status/status_endpoint.h"

#include <string>

#include "status/status_json.h"
#include "status/status_page.h"
#include "status/status_redaction.h"

namespace gatewatch::status {
namespace {

http::HttpResponse Respond(std::string content_type, std::string body) {
  http::HttpResponse response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace

void ServeStatus(const daemon::StatusBoard* board, http::HttpServer* server,
                 alert::RedactionPolicy redaction) {
  const http::HttpHandler page = [](const http::HttpRequest&) {
    return Respond("text/html; charset=utf-8", StatusPageHtml());
  };
  server->Handle("/", page);
  server->Handle("/status", page);
  server->Handle("/api/v1/status", [board, redaction](const http::HttpRequest&) {
    return Respond("application/json", StatusViewToJson(RedactedView(*board->Get(), redaction)));
  });
  server->Handle("/api/v1/alerts", [board, redaction](const http::HttpRequest&) {
    return Respond("application/json", FiringAlertsToJson(RedactedView(*board->Get(), redaction)));
  });
}

}  // namespace gatewatch::status
