#!/usr/bin/env bash
# The Debian maintainer scripts (packaging/debian) run with every command they call replaced by
# a stub that logs its arguments, so nothing on this machine changes. Checked: a fresh install
# creates the user and directories and registers the unit without enabling it; an upgrade keeps
# an enabled unit enabled; without systemd-sysusers the user comes from useradd; purge removes
# state and logs. (Whether systemd is PID 1 is read from /run/systemd/system; where it is not,
# no systemctl call may happen.)
source "$(dirname "$0")/lib.sh"
scripts=$SRC/packaging/debian
stubs=$TMP/stubs
calls=$TMP/calls
mkdir -p "$stubs"

# stub NAME [EXIT]: a command that logs "NAME ARGS" and exits EXIT (default 0).
stub() {
  printf '#!/bin/sh\necho "%s $*" >> %s\nexit %s\n' "$1" "$calls" "${2:-0}" >"$stubs/$1"
  chmod +x "$stubs/$1"
}

# run SCRIPT ARGS...: the script under /bin/sh with only the stubs on PATH.
run() {
  : >"$calls"
  PATH=$stubs /bin/sh "$scripts/$1" "${@:2}" || fail "$1 ${*:2} exited $?: $(cat "$calls")"
}

expect_call() {
  grep -qxF "$1" "$calls" || fail "expected call \"$1\"; calls were: $(cat "$calls")"
}

refuse_call() {
  ! grep -q "$1" "$calls" || fail "unexpected call matching \"$1\": $(cat "$calls")"
}

for c in systemd-sysusers systemd-tmpfiles deb-systemd-helper deb-systemd-invoke systemctl \
  useradd install rm; do
  stub "$c"
done
stub getent 2
systemd_running=no
[ -d /run/systemd/system ] && systemd_running=yes

stub deb-systemd-helper 1  # was-enabled: no
run postinst configure
expect_call "systemd-sysusers gatewatch.conf"
expect_call "systemd-tmpfiles --create gatewatch.conf"
expect_call "deb-systemd-helper update-state gatewatchd.service"
refuse_call "deb-systemd-helper enable"
[ $systemd_running = yes ] || refuse_call systemctl
pass "fresh install: user, directories, unit registered, not enabled"

stub deb-systemd-helper 0  # was-enabled: yes
run postinst configure 0.0.9
expect_call "deb-systemd-helper enable gatewatchd.service"
pass "upgrade: an enabled unit stays enabled"

rm "$stubs/systemd-sysusers" "$stubs/systemd-tmpfiles"
run postinst configure
expect_call "useradd --system --user-group --home-dir /var/lib/gatewatch --no-create-home --shell /usr/sbin/nologin --comment gatewatch daemon gatewatch"
expect_call "install -d -m 0750 -o gatewatch -g gatewatch /var/lib/gatewatch /var/log/gatewatch"
pass "without systemd-sysusers: useradd and install -d"

run prerm remove
[ $systemd_running = yes ] || refuse_call deb-systemd-invoke
run postrm remove
expect_call "deb-systemd-helper mask gatewatchd.service"
refuse_call "^rm "
run postrm purge
expect_call "rm -rf /var/lib/gatewatch /var/log/gatewatch"
expect_call "deb-systemd-helper purge gatewatchd.service"
pass "remove masks the unit; purge deletes state and logs"
