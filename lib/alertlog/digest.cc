#include "alertlog/digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace gatewatch::alertlog {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string DigestToHex(const Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest.size() * 2);
  for (uint8_t byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

std::optional<Digest> DigestFromHex(std::string_view hex) {
  Digest digest;
  if (hex.size() != digest.size() * 2) return std::nullopt;
  for (size_t i = 0; i < digest.size(); ++i) {
    int high = HexValue(hex[2 * i]);
    int low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    digest[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return digest;
}

Digest Sha256(std::string_view bytes) {
  Digest digest{};
  unsigned int size = 0;
  // EVP_Digest only fails on allocation failure; the zero digest then fails verification.
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return digest;
}

std::string_view SealMemberName(SealKind kind) {
  return kind == SealKind::kHmacSha256 ? "hmac" : "hash";
}

std::string_view SealKindName(SealKind kind) {
  return kind == SealKind::kHmacSha256 ? "hmac-sha256" : "sha256";
}

Digest RecordDigester::Compute(std::string_view bytes) const {
  if (!key_) return Sha256(bytes);
  Digest digest{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), key_->data(), static_cast<int>(key_->size()),
       reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data(), &size);
  return digest;
}

}  // namespace gatewatch::alertlog
