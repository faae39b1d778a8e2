#include "http/http_auth.h"

#include <absl/strings/escaping.h>

#include <cctype>
#include <fstream>
#include <sstream>

namespace gatewatch::http {
namespace {

// The file's content without trailing CR/LF; an error if unreadable or empty.
core::Status ReadSecret(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::Status::IoError("cannot read " + path);
  }
  std::ostringstream content;
  content << in.rdbuf();
  std::string secret = content.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
    secret.pop_back();
  }
  if (secret.empty()) {
    return core::Status::InvalidArgument(path + " is empty");
  }
  *out = std::move(secret);
  return core::Status::Ok();
}

// Compares in time that depends only on the lengths, so a guess leaks nothing through timing.
bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

// Sets `rest` to what follows "<scheme> " (scheme matched case-insensitively); false if the
// header uses another scheme.
bool StripScheme(std::string_view header, std::string_view scheme, std::string_view* rest) {
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ') {
    return false;
  }
  for (size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) {
      return false;
    }
  }
  *rest = header.substr(scheme.size() + 1);
  while (!rest->empty() && rest->front() == ' ') {
    rest->remove_prefix(1);
  }
  return true;
}

}  // namespace

core::Status Authenticator::Load(const AuthOptions& options) {
  *this = Authenticator();
  if (options.basic_auth_user.empty() != options.basic_auth_password_file.empty()) {
    return core::Status::InvalidArgument("basic auth needs both a user and a password file");
  }
  if (options.basic_auth_user.find(':') != std::string::npos) {
    return core::Status::InvalidArgument("basic auth user must not contain ':'");
  }
  if (!options.basic_auth_user.empty()) {
    std::string password;
    GW_RETURN_IF_ERROR(ReadSecret(options.basic_auth_password_file, &password));
    expected_basic_ = options.basic_auth_user + ":" + password;
    basic_ = true;
  }
  if (!options.bearer_token_file.empty()) {
    GW_RETURN_IF_ERROR(ReadSecret(options.bearer_token_file, &token_));
    bearer_ = true;
  }
  return core::Status::Ok();
}

bool Authenticator::Allows(std::string_view authorization) const {
  if (!enabled()) {
    return true;
  }
  std::string_view credentials;
  if (basic_ && StripScheme(authorization, "basic", &credentials)) {
    std::string decoded;
    return absl::Base64Unescape(absl::string_view(credentials.data(), credentials.size()),
                                &decoded) &&
           ConstantTimeEquals(decoded, expected_basic_);
  }
  if (bearer_ && StripScheme(authorization, "bearer", &credentials)) {
    return ConstantTimeEquals(credentials, token_);
  }
  return false;
}

std::string Authenticator::Challenge() const {
  return basic_ ? "Basic realm=\"gatewatch\", charset=\"UTF-8\"" : "Bearer realm=\"gatewatch\"";
}

}  // namespace gatewatch::http
