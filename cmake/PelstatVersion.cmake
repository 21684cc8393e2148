# Package version plus git revision, for the plugin's info string and logs.
set(PELSTAT_GIT_REVISION "unknown")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=10
                  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
                  OUTPUT_VARIABLE _rev OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE _rc ERROR_QUIET)
  if(_rc EQUAL 0 AND _rev)
    set(PELSTAT_GIT_REVISION "${_rev}")
  endif()
endif()
set(PELSTAT_VERSION_STRING "${PROJECT_VERSION} (git ${PELSTAT_GIT_REVISION})")
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/src/core/pel_version.h.in
               ${CMAKE_BINARY_DIR}/generated/pel_version.h @ONLY)
