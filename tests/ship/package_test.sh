#!/usr/bin/env bash
# The Debian package: cpack builds gatewatch_<version>_<arch>.deb from the built tree; apt can
# resolve its dependencies; it holds the expected files, conffile and maintainer scripts; and
# what it unpacks runs: gatewatchd --version, gatewatch check/test on the shipped rules, and
# gatewatchd --check on the shipped configuration with its paths moved into the scratch root.
source "$(dirname "$0")/lib.sh"

version=$(project_version)
[ -n "$version" ] || fail "no CPACK_PACKAGE_VERSION in $BIN/CPackConfig.cmake"
out=$(cpack --config "$BIN/CPackConfig.cmake" -B "$TMP/pkg" 2>&1) || fail "cpack: $out"
deb=$TMP/pkg/gatewatch_${version}_$(dpkg --print-architecture).deb
[ -f "$deb" ] || fail "no $(basename "$deb") in: $(ls "$TMP/pkg")"
pass "cpack built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

depends=$(dpkg-deb -f "$deb" Depends)
names=$(sed -e 's/ ([^)]*)//g' -e 's/, /\n/g' <<<"$depends")
for lib in librdkafka1 libyaml-cpp0.7 libre2-9 libabsl20220623 libcurl4 libssl3 libsystemd0 \
  libcivetweb1 libprometheus-cpp-core1.0 libsimdjson14 zlib1g; do
  grep -qxF "$lib" <<<"$names" || fail "Depends lacks $lib: $depends"
done
out=$(apt-get install --simulate "$deb" 2>&1) || fail "apt-get install --simulate: $out"
grep -q '^Inst gatewatch ' <<<"$out" || fail "apt would not install gatewatch: $out"
pass "apt-get install --simulate resolves Depends: $depends"

listing=$(dpkg-deb -c "$deb" | awk '{print $NF}')
for f in ./usr/bin/gatewatchd ./usr/bin/gatewatch ./usr/bin/gatewatch-dev-broker \
  ./usr/bin/gatewatch-gen ./etc/gatewatch/gatewatch.yaml ./etc/gatewatch/rules.d/ \
  ./lib/systemd/system/gatewatchd.service ./usr/lib/sysusers.d/gatewatch.conf \
  ./usr/lib/tmpfiles.d/gatewatch.conf ./usr/share/gatewatch/rules/auth.yaml \
  ./usr/share/gatewatch/rules/auth_test.yaml ./usr/share/doc/gatewatch/operations.md; do
  grep -qxF "$f" <<<"$listing" || fail "the package lacks $f"
done
dpkg-deb -e "$deb" "$TMP/control"
grep -qx /etc/gatewatch/gatewatch.yaml "$TMP/control/conffiles" ||
  fail "gatewatch.yaml is no conffile"
for script in postinst prerm postrm; do
  [ -x "$TMP/control/$script" ] || fail "no executable $script"
done
pass "dpkg-deb -c: files, conffile, maintainer scripts"

root=$TMP/root
dpkg -x "$deb" "$root"
out=$("$root/usr/bin/gatewatchd" --version) || fail "gatewatchd --version"
[ "$out" = "gatewatchd $version" ] || fail "gatewatchd --version said: $out"
rules_dir=$root/usr/share/gatewatch/rules
out=$("$root/usr/bin/gatewatch" check "$rules_dir" "$root/etc/gatewatch/rules.d") ||
  fail "gatewatch check on the unpacked rules: $out"
"$root/usr/bin/gatewatch" test "$rules_dir" >/dev/null 2>&1 ||
  fail "gatewatch test on the unpacked rules"
pass "unpacked: $("$root/usr/bin/gatewatchd" --version); rules $out; rule tests pass"

# The shipped configuration as it is, with its absolute paths moved into the scratch root and
# the HTTP port picked by the kernel (9464 may be taken on this machine).
config=$root/etc/gatewatch/gatewatch.yaml
sed -i -e "s#/usr/share/gatewatch/#$root/usr/share/gatewatch/#g" \
  -e "s#/etc/gatewatch/#$root/etc/gatewatch/#g" \
  -e "s#/var/lib/gatewatch#$TMP/var/lib/gatewatch#g" \
  -e "s#/var/log/gatewatch/#$TMP/var/log/gatewatch/#g" \
  -e "s#127.0.0.1:9464#127.0.0.1:0#" "$config"
[ "$(grep -c "$TMP" "$config")" -ge 4 ] || fail "the config's paths were not moved: $(cat "$config")"
mkdir -p "$TMP/var/log/gatewatch"
out=$("$root/usr/bin/gatewatchd" --check --config "$config" 2>&1) || fail "gatewatchd --check: $out"
rules=$("$root/usr/bin/gatewatch" check "$rules_dir" | sed -n 's/^ok: \([0-9]*\) rules.*/\1/p')
grep -q "is valid ($rules rules)" <<<"$out" ||
  fail "gatewatchd --check did not load the $rules shipped rules: $out"
pass "gatewatchd --check on the shipped configuration: $(tail -1 <<<"$out")"
