// The record digest of the alert log: SHA-256 of a record's canonical bytes, or HMAC-SHA-256 of
// them under a secret key (docs/alert-log.md). Only this file knows OpenSSL.
//
// Thread-safety: a RecordDigester is immutable after construction; Compute() may be called from
// several threads.
#ifndef GATEWATCH_ALERTLOG_DIGEST_H_
#define GATEWATCH_ALERTLOG_DIGEST_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gatewatch::alertlog {

// A 32-byte SHA-256 or HMAC-SHA-256 value.
using Digest = std::array<uint8_t, 32>;

// The all-zero digest: the "prev" of the first record of a chain.
inline constexpr Digest kZeroDigest{};

// 64 lowercase hex digits.
std::string DigestToHex(const Digest& digest);
// Parses exactly 64 lowercase hex digits; std::nullopt otherwise (upper case is not accepted, so
// one digest has one spelling).
std::optional<Digest> DigestFromHex(std::string_view hex);

// Plain SHA-256 of `bytes` (also used for the torn-tail bytes a recovery record names).
Digest Sha256(std::string_view bytes);

// How records are sealed. The JSON member that carries the value is named after it.
enum class SealKind : uint8_t {
  kSha256,      // member "hash": anyone can recompute it; protects against accidents, and
                // against tampering only together with a head published off-host
  kHmacSha256,  // member "hmac": needs the key to recompute
};
// "hash" or "hmac": the member name, 4 letters either way so the suffix length is fixed.
std::string_view SealMemberName(SealKind kind);
// "sha256" or "hmac-sha256", for messages and the published head.
std::string_view SealKindName(SealKind kind);

class RecordDigester {
 public:
  static RecordDigester Sha256Only() { return RecordDigester(std::nullopt); }
  static RecordDigester Hmac(std::string key) { return RecordDigester(std::move(key)); }

  SealKind kind() const { return key_ ? SealKind::kHmacSha256 : SealKind::kSha256; }
  Digest Compute(std::string_view bytes) const;

 private:
  explicit RecordDigester(std::optional<std::string> key) : key_(std::move(key)) {}
  std::optional<std::string> key_;
};

}  // namespace gatewatch::alertlog

#endif  // GATEWATCH_ALERTLOG_DIGEST_H_
