#include "daemon/state_snapshot.h"

#include <zlib.h>

#include <cstring>
#include <filesystem>

#include "core/atomic_file.h"
#include "window/snapshot_codec.h"

namespace gatewatch::daemon {
namespace {

constexpr char kMagic[8] = {'G', 'W', 'D', 'S', 'N', 'A', 'P', '\n'};
constexpr uint32_t kVersion = 1;
// Engine state is bounded by the memory budget; this bounds what a hostile file can make us read.
constexpr size_t kMaxSnapshotBytes = size_t{8} << 30;

uint32_t Crc(std::string_view data) {
  return static_cast<uint32_t>(
      crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<z_size_t>(data.size())));
}

}  // namespace

core::Status WriteDaemonSnapshot(const std::string& path, const DaemonSnapshot& snapshot) {
  std::string out(kMagic, sizeof(kMagic));
  window::SnapshotWriter w(&out);
  w.U64(kVersion);
  w.U64(static_cast<uint64_t>(snapshot.written_at));
  for (const std::string* section :
       {&snapshot.input_kind, &snapshot.input_positions, &snapshot.engine_state}) {
    w.U64(section->size());
    w.Bytes(*section);
  }
  w.U64(Crc(out));
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
  const uint64_t stored_crc =
      window::SnapshotReader(std::string_view(data).substr(body.size())).U64();
  window::SnapshotReader r(body.substr(sizeof(kMagic)));
  const uint64_t version = r.U64();
  if (version != kVersion) {
    return bad("format version " + std::to_string(version) + ", this gatewatchd reads " +
               std::to_string(kVersion));
  }
  if (stored_crc != Crc(body)) return bad("checksum mismatch (corrupt or truncated)");
  DaemonSnapshot snapshot;
  snapshot.written_at = static_cast<core::TimestampNs>(r.U64());
  for (std::string* section :
       {&snapshot.input_kind, &snapshot.input_positions, &snapshot.engine_state}) {
    const uint64_t n = r.U64();
    if (!r.ok() || n > r.remaining()) return bad("sections do not add up");
    section->assign(r.Bytes(n));
  }
  if (!r.ok() || !r.at_end()) return bad("sections do not add up");
  return snapshot;
}

}  // namespace gatewatch::daemon
