# Generates C glue and headers for Wayland protocol XML with wayland-scanner.
pkg_check_modules(WAYLAND_SCANNER REQUIRED IMPORTED_TARGET wayland-scanner)
pkg_get_variable(WAYLAND_SCANNER_BIN wayland-scanner wayland_scanner)
pkg_check_modules(WAYLAND_PROTOCOLS REQUIRED wayland-protocols)
pkg_get_variable(WAYLAND_PROTOCOLS_DIR wayland-protocols pkgdatadir)

# Debian ships the wlr XML only inside a Rust crate package; scripts/devroot.sh copies it here.
find_path(WLR_PROTOCOLS_DIR wlr-screencopy-unstable-v1.xml
  PATHS /usr/share/wrd/wlr-protocols NO_DEFAULT_PATH REQUIRED)

# wrd_protocol(<target> SERVER|CLIENT <xml>...) adds a static C library with the glue
# code and the server- or client-side headers for each XML file.
function(wrd_protocol target side)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target})
  set(sources)
  foreach(xml ${ARGN})
    get_filename_component(name ${xml} NAME_WE)
    if(side STREQUAL "SERVER")
      set(header ${out}/${name}-protocol.h)
      set(mode server-header)
    else()
      set(header ${out}/${name}-client-protocol.h)
      set(mode client-header)
    endif()
    add_custom_command(
      OUTPUT ${header} ${out}/${name}-protocol.c
      COMMAND ${CMAKE_COMMAND} -E make_directory ${out}
      COMMAND ${WAYLAND_SCANNER_BIN} ${mode} ${xml} ${header}
      COMMAND ${WAYLAND_SCANNER_BIN} private-code ${xml} ${out}/${name}-protocol.c
      DEPENDS ${xml} VERBATIM)
    list(APPEND sources ${header} ${out}/${name}-protocol.c)
  endforeach()
  add_library(${target} STATIC ${sources})
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${target} SYSTEM PUBLIC ${out})
  if(side STREQUAL "SERVER")
    pkg_check_modules(WAYLAND_SERVER REQUIRED IMPORTED_TARGET wayland-server)
    target_link_libraries(${target} PUBLIC PkgConfig::WAYLAND_SERVER)
  else()
    pkg_check_modules(WAYLAND_CLIENT REQUIRED IMPORTED_TARGET wayland-client)
    target_link_libraries(${target} PUBLIC PkgConfig::WAYLAND_CLIENT)
  endif()
endfunction()
