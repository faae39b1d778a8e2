# shellcheck shell=bash disable=SC2034  # sourced: SRC and BIN are used by the tests
# Shared by the tests/ship/*.sh tests: paths, a scratch directory removed on exit, and checks
# that name what failed. Source it; GATEWATCH_SOURCE_DIR and GATEWATCH_BINARY_DIR come from
# ctest (tests/ship/CMakeLists.txt) or the caller.
set -euo pipefail

SRC=${GATEWATCH_SOURCE_DIR:?set GATEWATCH_SOURCE_DIR to the source tree}
BIN=${GATEWATCH_BINARY_DIR:?set GATEWATCH_BINARY_DIR to a built tree}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gatewatch-ship.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

pass() {
  echo "ok: $*"
}

# expect_file ROOT PATH...: each PATH exists under ROOT.
expect_files() {
  local root=$1
  shift
  for f in "$@"; do
    [ -e "$root/$f" ] || fail "$f is missing under $root"
  done
}

# install_tree DESTDIR: `cmake --install` with prefix /usr into DESTDIR, the package layout.
install_tree() {
  DESTDIR=$1 cmake --install "$BIN" --prefix /usr >/dev/null
}

# The project version, from the build tree's CPack configuration.
project_version() {
  sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$BIN/CPackConfig.cmake"
}
