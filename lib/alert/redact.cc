#include "alert/redact.h"

#include <openssl/evp.h>

#include <algorithm>
#include <utility>

namespace gatewatch::alert {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Glob match with '*' only, ignoring ASCII case. Iterative, with one backtrack point: linear
// enough for the short names it sees.
bool GlobMatch(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0, star = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_n = n;
    } else if (p < pattern.size() && Lower(pattern[p]) == Lower(name[n])) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++star_n;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// Replaces every occurrence of `from` in `*text` with `to`; allocates only on a hit.
void ReplaceAll(std::string* text, std::string_view from, std::string_view to) {
  size_t pos = text->find(from);
  while (pos != std::string::npos) {
    text->replace(pos, from.size(), to);
    pos = text->find(from, pos + to.size());
  }
}

// The raw secrets found in one alert, each with its stand-in, longest first (so a secret that
// contains another is replaced whole).
class SecretSet {
 public:
  explicit SecretSet(const RedactionPolicy& policy) : policy_(policy) {}

  // Returns the stand-in for `value` and remembers the pair.
  std::string Add(const std::string& value) {
    std::string stand_in = RedactValue(policy_, value);
    if (value.size() >= policy_.min_length_in_text) pairs_.emplace_back(value, stand_in);
    return stand_in;
  }

  void Finish() {
    std::sort(pairs_.begin(), pairs_.end(),
              [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
  }

  void ReplaceIn(std::string* text) const {
    for (const auto& [raw, stand_in] : pairs_) ReplaceAll(text, raw, stand_in);
  }

 private:
  const RedactionPolicy& policy_;
  std::vector<std::pair<std::string, std::string>> pairs_;
};

// Redacts secret-named values in (name, value) pairs; works for the group and both maps.
template <typename Pairs>
void RedactNamed(const RedactionPolicy& policy, Pairs* pairs, SecretSet* secrets) {
  for (auto& [name, value] : *pairs) {
    if (!value.empty() && IsSecretField(policy, name)) value = secrets->Add(value);
  }
}

// "/v1/x?api_key=abc&page=2" -> "/v1/x?api_key=<stand-in>&page=2".
void ScrubQueryParameters(const RedactionPolicy& policy, std::string* text) {
  size_t query = text->find('?');
  while (query != std::string::npos && query < text->size()) {
    size_t name_begin = query + 1;
    size_t end = text->find_first_of("&;# \t\r\n", name_begin);
    if (end == std::string::npos) end = text->size();
    size_t eq = text->find('=', name_begin);
    if (eq != std::string::npos && eq < end &&
        IsSecretField(policy, std::string_view(*text).substr(name_begin, eq - name_begin)) &&
        end > eq + 1) {
      std::string stand_in =
          RedactValue(policy, std::string_view(*text).substr(eq + 1, end - eq - 1));
      text->replace(eq + 1, end - eq - 1, stand_in);
      end = eq + 1 + stand_in.size();
    }
    if (end >= text->size() || ((*text)[end] != '&' && (*text)[end] != ';')) {
      query = text->find('?', end);  // the next URL in the same text, if any
    } else {
      query = end;
    }
  }
}

// A roll-up entry: "field=value,field=value" has its secret parts redacted; a bare "v1,v2"
// cannot tell which value is a secret and is replaced whole.
void RedactTopGroup(const RedactionPolicy& policy, std::string* entry) {
  if (entry->empty()) return;
  size_t first_comma = entry->find(',');
  if (entry->find('=') >= first_comma) {
    *entry = RedactValue(policy, *entry);
    return;
  }
  std::string out;
  size_t begin = 0;
  while (begin <= entry->size()) {
    size_t end = std::min(entry->find(',', begin), entry->size());
    std::string_view part = std::string_view(*entry).substr(begin, end - begin);
    size_t eq = part.find('=');
    if (!out.empty()) out.push_back(',');
    if (eq != std::string_view::npos && IsSecretField(policy, part.substr(0, eq))) {
      out.append(part.substr(0, eq + 1)).append(RedactValue(policy, part.substr(eq + 1)));
    } else {
      out.append(part);
    }
    begin = end + 1;
  }
  *entry = std::move(out);
}

// Cuts at most `max_bytes` off the front of `s` without splitting a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes) {
  size_t n = std::min(max_bytes, s.size());
  while (n > 0 && n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

std::optional<RedactionMode> RedactionModeFromName(std::string_view name) {
  if (name == "hash") return RedactionMode::kHash;
  if (name == "prefix") return RedactionMode::kPrefix;
  if (name == "none") return RedactionMode::kNone;
  return std::nullopt;
}

std::string_view RedactionModeName(RedactionMode mode) {
  switch (mode) {
    case RedactionMode::kHash:
      return "hash";
    case RedactionMode::kPrefix:
      return "prefix";
    case RedactionMode::kNone:
      return "none";
  }
  return "hash";
}

std::vector<std::string> DefaultSecretFields() {
  return {"api_key", "*key*", "*token*", "*secret*", "*password*", "*authorization*", "*cookie*"};
}

bool IsSecretField(const RedactionPolicy& policy, std::string_view name) {
  for (const std::string& pattern : policy.secret_fields) {
    if (GlobMatch(pattern, name)) return true;
  }
  return false;
}

std::string Sha256Hex(std::string_view data, size_t hex_digits) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  hex_digits = std::min<size_t>(hex_digits, 2 * length);
  out.reserve(hex_digits);
  for (size_t i = 0; i < hex_digits; ++i) {
    unsigned char byte = digest[i / 2];
    out.push_back(kHex[(i % 2 == 0) ? (byte >> 4) : (byte & 0xF)]);
  }
  return out;
}

std::string RedactValue(const RedactionPolicy& policy, std::string_view value) {
  switch (policy.mode) {
    case RedactionMode::kNone:
      return std::string(value);
    case RedactionMode::kPrefix: {
      size_t shown = value.size() >= 16 ? 4 : value.size() / 4;
      return std::string(Utf8Prefix(value, shown)) + "\xE2\x80\xA6" + Sha256Hex(value, 8);
    }
    case RedactionMode::kHash:
      break;
  }
  return "sha256:" + Sha256Hex(value, 12);
}

void Redact(const RedactionPolicy& policy, Alert* alert) {
  if (policy.mode == RedactionMode::kNone) return;
  SecretSet secrets(policy);
  RedactNamed(policy, &alert->group, &secrets);
  RedactNamed(policy, &alert->labels, &secrets);
  RedactNamed(policy, &alert->annotations, &secrets);
  secrets.Finish();
  for (auto& [name, value] : alert->group) secrets.ReplaceIn(&value);
  for (auto& [name, value] : alert->labels) secrets.ReplaceIn(&value);
  for (auto& [name, value] : alert->annotations) secrets.ReplaceIn(&value);
  for (std::string& sample : alert->evidence.samples) {
    ScrubQueryParameters(policy, &sample);  // first: it hashes raw values, not stand-ins
    secrets.ReplaceIn(&sample);
  }
  for (auto& [entry, value] : alert->evidence.top_groups) RedactTopGroup(policy, &entry);
}

}  // namespace gatewatch::alert
