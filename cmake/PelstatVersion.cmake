# Package version plus git revision, for the plugin's info string and logs.
# generated/pel_version.h is rewritten at every build (by the target
# pelstat_version, only when its content changes), so the revision that event
# logs and the plugin report is the one the binaries were built from, not the
# one of the last configure.
find_package(Git QUIET)
set(PELSTAT_VERSION_HEADER ${CMAKE_BINARY_DIR}/generated/pel_version.h)
set(_pelstat_version_args
    -DPELSTAT_VERSION=${PROJECT_VERSION}
    -DGIT_EXECUTABLE=${GIT_EXECUTABLE}
    -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}
    -DTEMPLATE=${CMAKE_CURRENT_SOURCE_DIR}/src/core/pel_version.h.in
    -DOUTPUT=${PELSTAT_VERSION_HEADER})
# once at configure time (so the header exists), then at every build
execute_process(COMMAND ${CMAKE_COMMAND} ${_pelstat_version_args}
                        -P ${CMAKE_CURRENT_LIST_DIR}/PelstatWriteVersion.cmake)
add_custom_target(pelstat_version ALL
                  COMMAND ${CMAKE_COMMAND} ${_pelstat_version_args}
                          -P ${CMAKE_CURRENT_LIST_DIR}/PelstatWriteVersion.cmake
                  BYPRODUCTS ${PELSTAT_VERSION_HEADER}
                  COMMENT "pelstat version header"
                  VERBATIM)
