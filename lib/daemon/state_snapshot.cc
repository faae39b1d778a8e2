#include "daemon/state_snapshot.h"

#include <zlib.h>

#include <cstring>
#include <filesystem>

#include "core/atomic_file.h"

namespace gatewatch::daemon {
namespace {

constexpr char kMagic[8] = {'G', 'W', 'D', 'S', 'N', 'A', 'P', '\n'};
constexpr uint32_t kVersion = 1;
// Engine state is bounded by the memory budget; this bounds what a hostile file can make us read.
constexpr size_t kMaxSnapshotBytes = size_t{8} << 30;

void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

uint32_t Crc(std::string_view data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed it in pieces.
  while (!data.empty()) {
    uInt n = static_cast<uInt>(std::min<size_t>(data.size(), 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), n);
    data.remove_prefix(n);
  }
  return static_cast<uint32_t>(crc);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool U64(uint64_t* v) {
    if (data_.size() < 8) return false;
    *v = 0;
    for (int i = 0; i < 8; ++i) *v |= uint64_t{static_cast<uint8_t>(data_[i])} << (8 * i);
    data_.remove_prefix(8);
    return true;
  }
  bool Bytes(std::string* out) {
    uint64_t n = 0;
    if (!U64(&n) || n > data_.size()) return false;
    out->assign(data_.data(), n);
    data_.remove_prefix(n);
    return true;
  }
  bool empty() const { return data_.empty(); }

 private:
  std::string_view data_;
};

}  // namespace

core::Status WriteDaemonSnapshot(const std::string& path, const DaemonSnapshot& snapshot) {
  std::string out(kMagic, sizeof(kMagic));
  PutU64(&out, kVersion);
  PutU64(&out, static_cast<uint64_t>(snapshot.written_at));
  for (const std::string* section :
       {&snapshot.input_kind, &snapshot.input_positions, &snapshot.engine_state}) {
    PutU64(&out, section->size());
    out += *section;
  }
  PutU64(&out, Crc(out));
  return core::WriteFileAtomically(path, out);
}

core::Result<DaemonSnapshot> ReadDaemonSnapshot(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return core::Status::NotFound("no snapshot " + path);
  GW_ASSIGN_OR_RETURN(std::string data, core::ReadWholeFile(path, kMaxSnapshotBytes));
  auto bad = [&](std::string_view what) {
    return core::Status::InvalidArgument("snapshot " + path + ": " + std::string(what));
  };
  if (data.size() < sizeof(kMagic) + 16 || std::memcmp(data.data(), kMagic, sizeof(kMagic)) != 0) {
    return bad("not a gatewatch snapshot");
  }
  std::string_view body(data.data(), data.size() - 8);
  uint64_t stored_crc = 0;
  Reader(std::string_view(data).substr(data.size() - 8)).U64(&stored_crc);
  Reader r(body.substr(sizeof(kMagic)));
  uint64_t version = 0, written_at = 0;
  r.U64(&version);
  if (version != kVersion) {
    return bad("format version " + std::to_string(version) + ", this gatewatchd reads " +
               std::to_string(kVersion));
  }
  if (stored_crc != Crc(body)) return bad("checksum mismatch (corrupt or truncated)");
  DaemonSnapshot snapshot;
  if (!r.U64(&written_at) || !r.Bytes(&snapshot.input_kind) ||
      !r.Bytes(&snapshot.input_positions) || !r.Bytes(&snapshot.engine_state) || !r.empty()) {
    return bad("sections do not add up");
  }
  snapshot.written_at = static_cast<core::TimestampNs>(written_at);
  return snapshot;
}

}  // namespace gatewatch::daemon
