# CPack: a .deb and a .tar.gz with both executables, the .desktop file and the icon.
# Included last from the top-level CMakeLists.txt, so every target is already defined.
# The executables install themselves (install(TARGETS) beside each target); this file adds
# the desktop integration and the package metadata.
#
#   cmake --build <build> && cpack --config <build>/CPackConfig.cmake   (or: cd <build> && cpack)

include(GNUInstallDirs)

# The desktop entry, AppStream data and icon describe the GUI: without the `quiver`
# executable (QUIVER_BUILD_GUI OFF) they would point at nothing, so they ship with it only.
if(TARGET quiver)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/quiver.desktop
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/applications)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/io.quiver.Quiver.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/metainfo)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/quiver.svg
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/scalable/apps)
endif()

set(CPACK_GENERATOR DEB TGZ)
set(CPACK_PACKAGE_NAME quiver)
set(CPACK_PACKAGE_VENDOR "Quiver developers")
set(CPACK_PACKAGE_CONTACT "Quiver developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
  "Quiver edits and sends HTTP requests, runs local mock servers built from an ordered\n"
  "middleware chain, holds WebSocket sessions and load-tests any request. It ships the\n"
  "desktop application (quiver) and a Qt-free command-line tool (quiver-cli).")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
# Release packages are built from a clean tree; never sweep build trees or VCS data in.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build/" "/\\\\.cache/" "__pycache__")

# Debian: /usr prefix, dependencies computed from the linked libraries by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_NAME quiver)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Quiver developers")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(TARGET quiver)
  # Loaded as plugins, so dpkg-shlibdeps cannot see them: the SVG icon engine and image
  # format (libqt6svg6; the icons are SVG). The xcb platform plugin ships in libqt6gui6,
  # which shlibdeps finds; native Wayland is a recommendation.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6 (>= 6.4)")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

include(CPack)
