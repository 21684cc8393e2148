# compute barrier/spectrum: LAMMPS-level tests (included from CMakeLists.txt).
# The event logs under data/spectrum/ are made by data/spectrum/make_spectrum_logs.py.

set(SPECTRUM_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data/spectrum)
set(SPECTRUM_PARTS ${SPECTRUM_DATA}/part0.log ${SPECTRUM_DATA}/part1.log ${SPECTRUM_DATA}/part2.log)
string(REPLACE ";" " " SPECTRUM_PARTS_STR "${SPECTRUM_PARTS}")
set(SPECTRUM_CHECK "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_spectrum.py $<TARGET_FILE:pelstat>")

# ---- file source: the compute equals `pelstat spectrum --json` on the same logs,
# serial and on 4 ranks (identical numbers), for several keyword sets
# name | logs | LAMMPS keywords | extra check options
set(SPECTRUM_FILE_CASES
  "default|${SPECTRUM_PARTS_STR}||"
  "one_log|${SPECTRUM_DATA}/part0.log|bin 0.1|"
  "bins_bootstrap|${SPECTRUM_PARTS_STR}|bin 0.025 bootstrap 200 seed 7|"
  "no_fit|${SPECTRUM_PARTS_STR}|fit no bin 0.2|"
  "range|${SPECTRUM_PARTS_STR}|range 0.1 1.93 bin 0.1|--warning barriers.outside.the.range"
  "empty|${SPECTRUM_DATA}/only_failed.log|bootstrap 10|--no-bins --warning no.barriers.to.analyse")
foreach(case ${SPECTRUM_FILE_CASES})
  string(REPLACE "|" ";" c "${case}")
  list(GET c 0 cname)
  list(GET c 1 cfiles)
  list(GET c 2 cargs)
  list(GET c 3 cextra)
  set(bins yes)
  set(cmp vector.txt bins.txt)
  if(cextra MATCHES "--no-bins")
    set(bins no)
    set(cmp vector.txt)
  endif()
  set(vars FILES "${cfiles}" BINS ${bins})
  if(cargs)
    list(APPEND vars ARGS "${cargs}")
  endif()
  pelstat_lammps_test(spectrum_file_${cname} in.spectrum_file RUNS launcher:1 launcher:4
                      VARS ${vars} COMPARE ${cmp} LABELS spectrum
                      CHECK "${SPECTRUM_CHECK} ${cextra} --files ${cfiles} --args ${cargs}")
endforeach()
# the plugin load path, where a PLUGIN-enabled LAMMPS is available
pelstat_lammps_test(spectrum_file_plugin in.spectrum_file RUNS plugin:1 plugin:2
                    VARS FILES "${SPECTRUM_PARTS_STR}" ARGS "bootstrap 50" BINS yes
                    COMPARE vector.txt bins.txt LABELS spectrum
                    CHECK "${SPECTRUM_CHECK} --files ${SPECTRUM_PARTS_STR} --args bootstrap 50")

# ---- every error message, serial and on 4 ranks (an error must reach all ranks)
# name | compute arguments after the style | expected message (regex)
pelstat_error_tests(spectrum_error in.spectrum_error
  "no_source|fix|expected 'fix ID' or 'file path .path ....' after the style name"
  "unknown_source|bogus x|unknown source 'bogus'"
  "no_files|file bin 0.1|source file needs at least one event log"
  "unknown_keyword_fix|fix art foo 1|Compute barrier/spectrum: unknown keyword 'foo'"
  "unknown_keyword_file|file ${SPECTRUM_DATA}/part0.log bin 0.1 foo 1|Compute barrier/spectrum: unknown keyword 'foo'"
  "missing_value|fix art bin|Compute barrier/spectrum: keyword bin needs a value"
  "bin_zero|fix art bin 0|Compute barrier/spectrum: bin must be > 0, got 0"
  "bin_negative|fix art bin -0.05|Compute barrier/spectrum: bin must be > 0, got -0.05"
  "bin_not_a_number|fix art bin abc|keyword bin expects a number, got 'abc'"
  "range_reversed|fix art range 2 1|Compute barrier/spectrum: range needs lo < hi, got lo = 2, hi = 1"
  "range_equal|fix art range 1 1|range needs lo < hi, got lo = 1, hi = 1"
  "range_one_value|fix art range 1|keyword range needs two values .lo hi."
  "fit_not_bool|fix art fit maybe|keyword fit expects yes or no, got 'maybe'"
  "bootstrap_negative|fix art bootstrap -5|Compute barrier/spectrum: bootstrap must be >= 0, got -5"
  "bootstrap_not_int|fix art bootstrap 2.5|keyword bootstrap expects an integer, got '2.5'"
  "seed_negative|fix art seed -1|seed must be >= 0, got -1"
  "missing_file|file ${SPECTRUM_DATA}/nothere.log|Compute barrier/spectrum: cannot open event log '.*nothere.log'"
  "not_a_log|file ${SPECTRUM_DATA}/not_a_log.txt|Compute barrier/spectrum: .*not_a_log.txt:1: not an event log"
  "malformed|file ${SPECTRUM_DATA}/part0.log ${SPECTRUM_DATA}/malformed.log|Compute barrier/spectrum: .*malformed.log:12: column 'force_calls': bad value"
  "fix_missing|fix nothere|Compute barrier/spectrum: fix ID nothere does not exist"
  "fix_wrong_style|fix nv|Compute barrier/spectrum: fix nv is not a fix artn"
  LABELS spectrum)
pelstat_lammps_test(spectrum_error_group_not_all in.spectrum_error RUNS launcher:1 launcher:4
                    VARS GROUP mobile ARGS "file ${SPECTRUM_DATA}/part0.log"
                    EXPECT_ERROR "Compute barrier/spectrum: the group must be all with the file source, got mobile"
                    LABELS spectrum)

# ---- fix source: live barriers of a fix artn (needs src/lammps/fix_artn.cpp)
if(EXISTS ${PROJECT_SOURCE_DIR}/src/lammps/fix_artn.cpp)
  # barriers agree across decompositions up to the reduction order (as in artn_cu_vacancy)
  pelstat_lammps_test(spectrum_fix in.spectrum_fix RUNS launcher:1 launcher:4
                      VARS DATA ${CMAKE_BINARY_DIR}/tests/cu_vacancy.data
                      COMPARE vector.txt bins.txt RTOL 1e-6 ATOL 1e-8
                      CHECK "${SPECTRUM_CHECK} --files artn.events --args bin 0.1 fit no"
                      FIXTURES_REQUIRED cu_vacancy LABELS spectrum)
endif()
