#include "window/snapshot_codec.h"

#include <bit>
#include <cstring>

namespace gatewatch::window {
namespace {

// Bytes are assembled with shifts, so the encoding is little-endian on any host.
template <typename T>
void PutLittleEndian(std::string* out, T v) {
  for (size_t i = 0; i < sizeof(T); ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

template <typename T>
T GetLittleEndian(const char* p) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    v |= static_cast<T>(static_cast<T>(static_cast<uint8_t>(p[i])) << (8 * i));
  }
  return v;
}

}  // namespace

void SnapshotWriter::U32(uint32_t v) { PutLittleEndian(out_, v); }
void SnapshotWriter::U64(uint64_t v) { PutLittleEndian(out_, v); }
void SnapshotWriter::F32(float v) { U32(std::bit_cast<uint32_t>(v)); }
void SnapshotWriter::F64(double v) { U64(std::bit_cast<uint64_t>(v)); }

void SnapshotWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out_->push_back(static_cast<char>(v));
}

void SnapshotWriter::SignedVarint(int64_t v) {
  Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

void SnapshotWriter::Text(std::string_view s) {
  Varint(s.size());
  out_->append(s);
}

size_t SnapshotWriter::ReserveU64() {
  size_t at = out_->size();
  U64(0);
  return at;
}

void SnapshotWriter::PatchU64(size_t at, uint64_t v) {
  for (size_t i = 0; i < 8; ++i) (*out_)[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

void SnapshotWriter::PatchU32(size_t at, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) (*out_)[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

const char* SnapshotReader::TakeFailed(size_t n, std::string_view what) {
  // After a failure pos_ is at the end, so every read lands here and the first error stays.
  Fail("truncated " + std::string(what) + " (" + std::to_string(n) + " bytes needed, " +
       std::to_string(remaining()) + " left)");
  return nullptr;
}

uint8_t SnapshotReader::U8Slow() {
  const char* p = Take(1, "byte");
  return p == nullptr ? 0 : static_cast<uint8_t>(*p);
}

uint32_t SnapshotReader::U32() {
  const char* p = Take(4, "u32");
  return p == nullptr ? 0 : GetLittleEndian<uint32_t>(p);
}

uint64_t SnapshotReader::U64() {
  const char* p = Take(8, "u64");
  return p == nullptr ? 0 : GetLittleEndian<uint64_t>(p);
}

float SnapshotReader::F32() { return std::bit_cast<float>(U32()); }
double SnapshotReader::F64() { return std::bit_cast<double>(U64()); }

uint64_t SnapshotReader::VarintSlow() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const char* p = Take(1, "varint");
    if (p == nullptr) return 0;
    const auto byte = static_cast<uint8_t>(*p);
    if (shift == 63 && byte > 1) break;  // more than 64 bits
    v |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return v;
  }
  Fail("varint longer than 64 bits");
  return 0;
}

int64_t SnapshotReader::SignedVarint() {
  uint64_t z = Varint();
  return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
}

uint32_t SnapshotReader::Varint32() {
  uint64_t v = Varint();
  if (v > UINT32_MAX) {
    Fail("value " + std::to_string(v) + " does not fit 32 bits");
    return 0;
  }
  return static_cast<uint32_t>(v);
}

bool SnapshotReader::Bool() {
  uint8_t b = U8();
  if (b > 1) Fail("flag byte " + std::to_string(b) + " is neither 0 nor 1");
  return b == 1;
}

std::string_view SnapshotReader::Bytes(size_t n) {
  const char* p = Take(n, "bytes");
  return p == nullptr ? std::string_view() : std::string_view(p, n);
}

std::string_view SnapshotReader::Text() {
  uint64_t n = Varint();
  if (n > remaining()) {
    Fail("text of " + std::to_string(n) + " bytes with " + std::to_string(remaining()) + " left");
    return {};
  }
  return Bytes(static_cast<size_t>(n));
}

uint64_t SnapshotReader::Count(size_t min_item_bytes, std::string_view what) {
  uint64_t n = Varint();
  if (ok() && n > remaining() / (min_item_bytes == 0 ? 1 : min_item_bytes)) {
    Fail(std::to_string(n) + " " + std::string(what) + " cannot fit in the " +
         std::to_string(remaining()) + " bytes left");
  }
  return ok() ? n : 0;
}

void SnapshotReader::Fail(std::string_view what) {
  if (!ok()) return;
  error_ = std::string(what) + " at byte " + std::to_string(pos_);
  pos_ = data_.size();  // nothing more will be read
}

}  // namespace gatewatch::window
