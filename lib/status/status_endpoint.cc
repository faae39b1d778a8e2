#include "status/status_endpoint.h"

#include <string>

#include "status/status_json.h"
#include "status/status_page.h"

namespace gatewatch::status {
namespace {

http::HttpResponse Respond(std::string content_type, std::string body) {
  http::HttpResponse response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace

void ServeStatus(const daemon::StatusBoard* board, http::HttpServer* server) {
  const http::HttpHandler page = [](const http::HttpRequest&) {
    return Respond("text/html; charset=utf-8", StatusPageHtml());
  };
  server->Handle("/", page);
  server->Handle("/status", page);
  server->Handle("/api/v1/status", [board](const http::HttpRequest&) {
    return Respond("application/json", StatusViewToJson(*board->Get()));
  });
  server->Handle("/api/v1/alerts", [board](const http::HttpRequest&) {
    return Respond("application/json", FiringAlertsToJson(*board->Get()));
  });
}

}  // namespace gatewatch::status
