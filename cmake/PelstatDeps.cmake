# Find pelstat's dependencies; a missing one stops configuration with the
# Debian package that provides it.

function(pelstat_missing what pkg)
  message(FATAL_ERROR "pelstat: ${what} not found. On Debian/Ubuntu: apt-get install ${pkg}")
endfunction()

find_package(MPI COMPONENTS C CXX QUIET)
if(NOT MPI_C_FOUND OR NOT MPI_CXX_FOUND)
  pelstat_missing("MPI (C and C++)" "libopenmpi-dev openmpi-bin")
endif()

find_package(GSL QUIET)
if(NOT GSL_FOUND)
  pelstat_missing("GSL" "libgsl-dev")
endif()

find_path(VORO_INCLUDE_DIR voro++.hh PATH_SUFFIXES voro++)
find_library(VORO_LIBRARY NAMES voro++)
if(NOT VORO_INCLUDE_DIR OR NOT VORO_LIBRARY)
  pelstat_missing("voro++" "voro++-dev")
endif()
add_library(pelstat::voro UNKNOWN IMPORTED)
set_target_properties(pelstat::voro PROPERTIES IMPORTED_LOCATION ${VORO_LIBRARY}
                      INTERFACE_INCLUDE_DIRECTORIES ${VORO_INCLUDE_DIR})

find_path(RANDOM123_INCLUDE_DIR Random123/philox.h)
if(NOT RANDOM123_INCLUDE_DIR)
  pelstat_missing("Random123" "librandom123-dev")
endif()
add_library(pelstat::random123 INTERFACE IMPORTED)
set_target_properties(pelstat::random123 PROPERTIES
                      INTERFACE_INCLUDE_DIRECTORIES ${RANDOM123_INCLUDE_DIR})
