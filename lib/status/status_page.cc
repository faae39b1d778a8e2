#include "status/status_page.h"

#include <openssl/evp.h>

namespace gatewatch::status {
namespace {

constexpr std::string_view kPolicyPlaceholder = "@CONTENT_SECURITY_POLICY@";

// The text between the first `open` tag and the `close` tag after it: exactly what a browser
// hashes for a CSP 'sha256-...' source. Empty if the element is missing.
std::string_view ElementText(std::string_view html, std::string_view open, std::string_view close) {
  const size_t start = html.find(open);
  if (start == std::string_view::npos) {
    return {};
  }
  const size_t begin = start + open.size();
  const size_t end = html.find(close, begin);
  return end == std::string_view::npos ? std::string_view() : html.substr(begin, end - begin);
}

// "'sha256-<base64>'" of `text`.
std::string HashSource(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_Digest(text.data(), text.size(), digest, &digest_size, EVP_sha256(), nullptr);
  unsigned char base64[2 * EVP_MAX_MD_SIZE];
  const int base64_size = EVP_EncodeBlock(base64, digest, static_cast<int>(digest_size));
  return "'sha256-" + std::string(reinterpret_cast<const char*>(base64), base64_size) + "'";
}

// Nothing but the page's own style and script, and fetches to its own origin: markup that
// slipped in through a value could neither run script nor load or send anything.
std::string ContentSecurityPolicy(std::string_view page) {
  return "default-src 'none'; script-src " +
         HashSource(ElementText(page, "<script>", "</script>")) + "; style-src " +
         HashSource(ElementText(page, "<style>", "</style>")) +
         "; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";
}

std::string BuildPage() {
  std::string page(StatusPageTemplate());
  const size_t at = page.find(kPolicyPlaceholder);
  if (at != std::string::npos) {
    page.replace(at, kPolicyPlaceholder.size(), ContentSecurityPolicy(StatusPageTemplate()));
  }
  return page;
}

}  // namespace

const std::string& StatusPageHtml() {
  static const std::string page = BuildPage();
  return page;
}

}  // namespace gatewatch::status
