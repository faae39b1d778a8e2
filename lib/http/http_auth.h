#ifndef GATEWATCH_HTTP_HTTP_AUTH_H_
#define GATEWATCH_HTTP_HTTP_AUTH_H_

#include <string>
#include <string_view>

#include "core/status.h"

// Who may read gatewatch's HTTP endpoint: nobody needs credentials (the default, with the
// listener on loopback), or HTTP basic auth (one user, password in a file), or a bearer token
// (in a file), or either of the two. Secrets live in files so they stay out of the config and
// the process list; a file's trailing newline is ignored. Comparisons take constant time.
//
// Load once, then Allows() is const and safe from any thread.
namespace gatewatch::http {

struct AuthOptions {
  std::string basic_auth_user = {};           // basic auth on when set...
  std::string basic_auth_password_file = {};  // ...with the password read from here
  std::string bearer_token_file = {};         // bearer token on when set
};

class Authenticator {
 public:
  // Reads the files named in `options`. Fails if one is unreadable or empty, or if a user is
  // given without a password file (or the reverse).
  core::Status Load(const AuthOptions& options);

  // False when no credentials are configured: every request is allowed.
  bool enabled() const { return basic_ || bearer_; }

  // Whether an "Authorization" header value (possibly empty) carries valid credentials.
  bool Allows(std::string_view authorization) const;

  // The WWW-Authenticate value for a 401 response.
  std::string Challenge() const;

 private:
  bool basic_ = false;
  bool bearer_ = false;
  std::string expected_basic_;  // "user:password"
  std::string token_;
};

}  // namespace gatewatch::http

#endif  // GATEWATCH_HTTP_HTTP_AUTH_H_
