#!/usr/bin/env bash
# systemd/gatewatchd.service is clean for `systemd-analyze verify` and scores <= 1.5 on
# `systemd-analyze security`.
#   unit_test.sh verify     verify against an installed tree (--root), so that the unit's
#                           /usr/bin and /bin/kill paths are checked for real
#   unit_test.sh security   offline security score, threshold 1.5 (--threshold is exposure x 10)
source "$(dirname "$0")/lib.sh"
unit=$SRC/systemd/gatewatchd.service

# The unit under ROOT, plus what verify resolves: the targets it orders against, /bin/kill.
prepare_root() {
  local root=$1
  install_tree "$root"
  mkdir -p "$root/bin"
  cp /bin/kill "$root/bin/kill"
  cp /lib/systemd/system/*.target "$root/lib/systemd/system/"
}

verify() {
  local root=$TMP/root out
  prepare_root "$root"
  out=$(systemd-analyze verify --root="$root" gatewatchd.service 2>&1) ||
    fail "systemd-analyze verify failed: $out"
  [ -z "$out" ] || fail "systemd-analyze verify is not clean: $out"
  pass "systemd-analyze verify --root: clean"

  # The check can fail: a unit naming a missing binary is reported.
  rm "$root/usr/bin/gatewatchd"
  out=$(systemd-analyze verify --root="$root" gatewatchd.service 2>&1) || true
  [[ $out == *"/usr/bin/gatewatchd is not executable"* ]] ||
    fail "verify did not notice a missing /usr/bin/gatewatchd: $out"
  pass "systemd-analyze verify notices a missing binary"
}

security() {
  local out score
  out=$(systemd-analyze security --offline=yes --threshold=15 "$unit" 2>&1) ||
    fail "exposure above 1.5: $(grep -E 'Overall|✗' <<<"$out")"
  score=$(sed -n 's/.*Overall exposure level for gatewatchd.service: \([0-9.]*\).*/\1/p' <<<"$out")
  [ -n "$score" ] || fail "no overall exposure in: $out"
  grep '✗' <<<"$out" | sed 's/^/  remaining: /' | tr -s ' '
  pass "systemd-analyze security --offline: exposure $score (limit 1.5)"
}

case "${1:-}" in
  verify) verify ;;
  security) security ;;
  *) fail "usage: unit_test.sh verify|security" ;;
esac
