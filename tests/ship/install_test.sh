#!/usr/bin/env bash
# `cmake --install` puts every shipped file where the unit and the daemon's defaults expect it:
# under any prefix everything stays inside it; with prefix /usr (into a DESTDIR) the config goes
# to /etc/gatewatch and the unit to /lib/systemd/system. The installed rule packs load and their
# shipped tests pass from where they were installed.
source "$(dirname "$0")/lib.sh"

prefix=$TMP/prefix
cmake --install "$BIN" --prefix "$prefix" >/dev/null
expect_files "$prefix" bin/gatewatchd bin/gatewatch bin/gatewatch-dev-broker bin/gatewatch-gen \
  etc/gatewatch/gatewatch.yaml etc/gatewatch/rules.d lib/systemd/system/gatewatchd.service \
  lib/sysusers.d/gatewatch.conf lib/tmpfiles.d/gatewatch.conf \
  share/gatewatch/rules/auth.yaml share/gatewatch/rules/auth_test.yaml \
  share/doc/gatewatch/operations.md share/doc/gatewatch/configuration.md
outside=$(find "$prefix" -mindepth 1 -maxdepth 1 -printf '%f\n' |
  grep -Ev '^(bin|etc|lib|share)$' || true)
[ -z "$outside" ] || fail "unexpected top-level entries under the prefix: $outside"
pass "cmake --install --prefix DIR keeps everything under DIR"

root=$TMP/root
install_tree "$root"
expect_files "$root" usr/bin/gatewatchd etc/gatewatch/gatewatch.yaml etc/gatewatch/rules.d \
  lib/systemd/system/gatewatchd.service usr/lib/sysusers.d/gatewatch.conf \
  usr/lib/tmpfiles.d/gatewatch.conf usr/share/gatewatch/rules/keys.yaml
[ ! -e "$root/usr/etc" ] || fail "prefix /usr installed a usr/etc"
pass "prefix /usr: /etc/gatewatch, /lib/systemd/system, /usr/lib/sysusers.d"

rules=$prefix/share/gatewatch/rules
out=$("$prefix/bin/gatewatch" check "$rules" "$prefix/etc/gatewatch/rules.d") ||
  fail "gatewatch check on the installed rules: $out"
pass "installed rules: $out"
out=$("$prefix/bin/gatewatch" test "$rules" 2>&1) ||
  fail "gatewatch test on the installed rules: $out"
pass "installed rule tests: $(tail -1 <<<"$out")"
