# Installation layout and the Debian package (docs/operations.md, "Installing").
#
#   cmake --install build --prefix /usr       # the system layout, like the package
#   cmake --install build --prefix /tmp/x     # everything under /tmp/x (etc/, lib/systemd/...)
#   (cd build && cpack)                       # build/gatewatch_<version>_<arch>.deb
#
# The binaries install from their own directories (daemon/, tools/dev_broker/); the rest here.
include(GNUInstallDirs)

install(TARGETS gatewatch-gen RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Rule packs with their tests beside them: the loader skips *_test.yaml, and
# `gatewatch test /usr/share/gatewatch/rules` runs them (they name their rule file relatively).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${CMAKE_INSTALL_DATADIR}/gatewatch/rules
        FILES_MATCHING PATTERN "*.yaml")

install(FILES ${PROJECT_SOURCE_DIR}/systemd/gatewatch.sysusers
        DESTINATION lib/sysusers.d RENAME gatewatch.conf)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/gatewatch.tmpfiles
        DESTINATION lib/tmpfiles.d RENAME gatewatch.conf)

install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
        FILES_MATCHING PATTERN "*.md")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# The configuration and the unit have fixed homes outside the prefix when the prefix is /usr
# (/etc/gatewatch, /lib/systemd/system: where the unit's paths and the daemon's defaults
# point); under any other prefix they stay inside it. The choice is made at install time, so
# that `cmake --install --prefix DIR` and cpack (which installs with prefix /usr into a
# DESTDIR) both get it right whatever prefix the build was configured with.
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(_gw_etc /etc/gatewatch)
    set(_gw_units /lib/systemd/system)
  else()
    set(_gw_etc \"\${CMAKE_INSTALL_PREFIX}/etc/gatewatch\")
    set(_gw_units \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\")
  endif()
  file(INSTALL DESTINATION \"\${_gw_units}\" TYPE FILE
       FILES \"${PROJECT_SOURCE_DIR}/systemd/gatewatchd.service\")
  file(INSTALL DESTINATION \"\${_gw_etc}\" TYPE FILE
       FILES \"${PROJECT_SOURCE_DIR}/packaging/gatewatch.yaml\")
  file(MAKE_DIRECTORY \"\$ENV{DESTDIR}\${_gw_etc}/rules.d\")
")

# --- CPack: one .deb ------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gatewatch)
set(CPACK_PACKAGE_VENDOR "gatewatch")
set(CPACK_PACKAGE_CONTACT "gatewatch maintainers <gatewatch@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "sliding-window rules over API gateway access logs, with alerts")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "gatewatchd reads API gateway access logs from Kafka or a file, evaluates YAML rules over\n\
sliding windows per user, IP address and API key, and sends alerts to Alertmanager, a\n\
tamper-evident alert log and Kafka. The gatewatch command checks, tests and replays rules.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)    # gatewatch_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Install with DESTDIR, so that the install(CODE) above sees the prefix /usr.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
# Runtime dependencies from the linked libraries (dpkg-shlibdeps, package dpkg-dev); without
# it, the list dpkg-shlibdeps gives on Debian 12.
find_program(GATEWATCH_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(GATEWATCH_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  string(JOIN ", " CPACK_DEBIAN_PACKAGE_DEPENDS libabsl20220623 "libc6 (>= 2.34)" libcivetweb1
         libcurl4 libgcc-s1 libprometheus-cpp-core1.0 librdkafka1 libre2-9 libsimdjson14 libssl3
         "libstdc++6 (>= 12)" libsystemd0 libyaml-cpp0.7 zlib1g)
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
