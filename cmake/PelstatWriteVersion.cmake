# cmake -P script: write OUTPUT from TEMPLATE with the package version and the
# git revision of SOURCE_DIR (configure_file leaves an unchanged file alone).
set(PELSTAT_GIT_REVISION "unknown")
if(GIT_EXECUTABLE)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=10
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE _rev OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE _rc ERROR_QUIET)
  if(_rc EQUAL 0 AND _rev)
    set(PELSTAT_GIT_REVISION "${_rev}")
  endif()
endif()
set(PROJECT_VERSION "${PELSTAT_VERSION}")
set(PELSTAT_VERSION_STRING "${PELSTAT_VERSION} (git ${PELSTAT_GIT_REVISION})")
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
