#ifndef GATEWATCH_WINDOW_SNAPSHOT_CODEC_H_
#define GATEWATCH_WINDOW_SNAPSHOT_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// The byte encoding of state snapshots (docs/snapshots.md): little-endian fixed-width integers
// and floats, LEB128 varints, and length-prefixed text. The window types write their own state
// with it; the rule engine frames it in sections.
//
// SnapshotReader never trusts its input: every read is bounds-checked, and a failure is sticky
// (the first error is kept, with its byte offset, and every later read returns zero), so callers
// check ok() where it matters instead of after every field. Counts of things to read are bounded
// by the bytes left, so a hostile count cannot make a caller allocate more than the input holds.
namespace gatewatch::window {

class SnapshotWriter {
 public:
  // Appends to `*out`, which must outlive the writer.
  explicit SnapshotWriter(std::string* out) : out_(out) {}

  void U8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void U32(uint32_t v);
  void U64(uint64_t v);
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void F32(float v);
  void F64(double v);
  void Varint(uint64_t v);
  void SignedVarint(int64_t v);   // zigzag, so small negative numbers stay small
  void Text(std::string_view s);  // varint length, then the bytes
  void Bytes(std::string_view s) { out_->append(s); }

  size_t size() const { return out_->size(); }
  // A fixed 8-byte slot for a length known only later (see Patch).
  size_t ReserveU64();
  void PatchU64(size_t at, uint64_t v);
  void PatchU32(size_t at, uint32_t v);

 private:
  std::string* out_;
};

class SnapshotReader {
 public:
  explicit SnapshotReader(std::string_view data) : data_(data) {}

  uint8_t U8() { return pos_ < data_.size() ? static_cast<uint8_t>(data_[pos_++]) : U8Slow(); }
  uint32_t U32();
  uint64_t U64();
  int64_t I64() { return static_cast<int64_t>(U64()); }
  float F32();
  double F64();
  uint64_t Varint() {
    // One byte is the common case (counts, small deltas); longer ones take the slow path.
    if (pos_ < data_.size() && static_cast<uint8_t>(data_[pos_]) < 0x80) {
      return static_cast<uint8_t>(data_[pos_++]);
    }
    return VarintSlow();
  }
  int64_t SignedVarint();
  // A varint that must fit 32 bits.
  uint32_t Varint32();
  bool Bool();  // one byte, 0 or 1
  std::string_view Text();
  std::string_view Bytes(size_t n);
  // A count of items, each at least `min_item_bytes` (>= 1) long; fails when that many cannot
  // fit in the bytes left. `what` names the items in the error.
  uint64_t Count(size_t min_item_bytes, std::string_view what);

  // Records `what` as the error (unless one is recorded already) and stops reading.
  void Fail(std::string_view what);
  bool ok() const { return error_.empty(); }
  // "<what> at byte <offset>"; empty while ok().
  const std::string& error() const { return error_; }
  size_t offset() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  // The next `n` bytes, or nullptr (and a failure) when fewer are left.
  const char* Take(size_t n, std::string_view what) {
    if (n <= data_.size() - pos_) {
      const char* p = data_.data() + pos_;
      pos_ += n;
      return p;
    }
    return TakeFailed(n, what);
  }
  const char* TakeFailed(size_t n, std::string_view what);
  uint8_t U8Slow();
  uint64_t VarintSlow();

  std::string_view data_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace gatewatch::window

#endif  // GATEWATCH_WINDOW_SNAPSHOT_CODEC_H_
