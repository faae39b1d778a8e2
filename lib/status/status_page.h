#ifndef GATEWATCH_STATUS_STATUS_PAGE_H_
#define GATEWATCH_STATUS_STATUS_PAGE_H_

#include <string>
#include <string_view>

// The live status page: one self-contained HTML document (inline CSS and JavaScript, no
// external assets) that polls api/v1/status every 2 s and renders it with text nodes only.
// Its source is lib/status/status_page.html, embedded into the binary at build time.
namespace gatewatch::status {

// status_page.html as written, with the placeholder @CONTENT_SECURITY_POLICY@ unfilled.
std::string_view StatusPageTemplate();

// The page as served: the template with a Content-Security-Policy that allows only the page's
// own inline style and script (by SHA-256 hash) and requests to its own origin. Built once;
// safe from any thread.
const std::string& StatusPageHtml();

}  // namespace gatewatch::status

#endif  // GATEWATCH_STATUS_STATUS_PAGE_H_
