# LAMMPS headers and library.
#
# The plugin is compiled against a LAMMPS *source* tree, since installed
# headers are incomplete (Debian's liblammps-dev lacks fmt/ and others):
#   -DLAMMPS_SOURCE_DIR=/path/to/lammps/src     your own tree, or by default
#   the source of Debian's packaged LAMMPS, fetched with apt's source download
#   through a private sources list (tools/lammps-source.sh), cached under
#   ~/.cache/pelstat (PELSTAT_CACHE overrides).

set(LAMMPS_SOURCE_DIR "" CACHE PATH "LAMMPS src/ directory to compile against")
if(NOT LAMMPS_SOURCE_DIR)
  execute_process(COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tools/lammps-source.sh
                  OUTPUT_VARIABLE _lmp_src OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE _lmp_rc)
  if(NOT _lmp_rc EQUAL 0 OR NOT EXISTS "${_lmp_src}/lammps.h")
    message(FATAL_ERROR "pelstat: could not obtain the LAMMPS source. Install the "
      "packaged LAMMPS and the source tools (apt-get install liblammps-dev dpkg-dev) "
      "or pass -DLAMMPS_SOURCE_DIR=/path/to/lammps/src")
  endif()
  set(LAMMPS_SOURCE_DIR "${_lmp_src}" CACHE PATH "LAMMPS src/ directory to compile against" FORCE)
endif()
if(NOT EXISTS "${LAMMPS_SOURCE_DIR}/lammps.h" OR NOT EXISTS "${LAMMPS_SOURCE_DIR}/lammpsplugin.h")
  message(FATAL_ERROR "pelstat: LAMMPS_SOURCE_DIR=${LAMMPS_SOURCE_DIR} is not a LAMMPS src/ directory")
endif()
message(STATUS "pelstat: LAMMPS source: ${LAMMPS_SOURCE_DIR}")

# lmp_pelstat links to the system's liblammps (Debian: liblammps-dev).
if(PELSTAT_BUILD_LAUNCHER)
  find_library(LAMMPS_LIBRARY NAMES lammps)
  if(NOT LAMMPS_LIBRARY)
    message(FATAL_ERROR "pelstat: liblammps not found for lmp_pelstat. On Debian: "
      "apt-get install liblammps-dev (or -DPELSTAT_BUILD_LAUNCHER=OFF)")
  endif()
endif()
