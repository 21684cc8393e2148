# compute barrier/spectrum: LAMMPS-level tests (included from CMakeLists.txt).
# The event logs under data/spectrum/ are made by data/spectrum/make_spectrum_logs.py.

set(SPECTRUM_DATA ${CMAKE_CURRENT_SOURCE_DIR}/data/spectrum)
set(SPECTRUM_PARTS ${SPECTRUM_DATA}/part0.log ${SPECTRUM_DATA}/part1.log ${SPECTRUM_DATA}/part2.log)
string(REPLACE ";" " " SPECTRUM_PARTS_STR "${SPECTRUM_PARTS}")
set(SPECTRUM_CHECK "${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/check_spectrum.py $<TARGET_FILE:pelstat>")

# spectrum_case(CASE VAR...): the "|"-separated fields of CASE into VAR...
# (empty fields included)
macro(spectrum_case case)
  string(REPLACE "|" ";" _spectrum_fields "${case}")
  set(_spectrum_i 0)
  foreach(_spectrum_var ${ARGN})
    list(GET _spectrum_fields ${_spectrum_i} ${_spectrum_var})
    math(EXPR _spectrum_i "${_spectrum_i} + 1")
  endforeach()
endmacro()

# ---- file source: the compute equals `pelstat spectrum --json` on the same logs,
# serial and on 4 ranks (identical numbers), for several keyword sets
# name | logs | LAMMPS keywords | extra check options
set(SPECTRUM_FILE_CASES
  "default|${SPECTRUM_PARTS_STR}||"
  "one_log|${SPECTRUM_DATA}/part0.log|bin 0.1|"
  "bins_bootstrap|${SPECTRUM_PARTS_STR}|bin 0.025 bootstrap 200 seed 7|"
  "no_fit|${SPECTRUM_PARTS_STR}|fit no bin 0.2|"
  "range|${SPECTRUM_PARTS_STR}|range 0.1 1.93 bin 0.1|--warning barriers.outside.the.range"
  "empty|${SPECTRUM_DATA}/only_failed.log|bootstrap 10|--no-bins --warning no.barriers.to.analyse"
  "small|${SPECTRUM_DATA}/small.log|bin 0.1|--warning two-mode.fit.skipped:.10.barriers.*needs.at.least.50.barriers"
  "edges|${SPECTRUM_DATA}/edges.log|bin 0.05 range 0 1 fit no|"
  "outlier|${SPECTRUM_DATA}/part0.log ${SPECTRUM_DATA}/outlier.log||--warning two-mode.fit.skipped:.20001.bins,.more.than.the.2000"
  "no_units|${SPECTRUM_DATA}/nounits.log ${SPECTRUM_DATA}/part0.log|fit no|--warning event.log.*nounits.log.has.no.units.line.*taken.to.be.in.units.metal"
  "seed_high_bits|${SPECTRUM_PARTS_STR}|bootstrap 20 seed 4294967297|")
foreach(case ${SPECTRUM_FILE_CASES})
  spectrum_case("${case}" cname cfiles cargs cextra)
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
  "bin_not_a_number|fix art bin abc|Compute barrier/spectrum: bin expects a number, got 'abc'"
  "bin_infinite|fix art bin 1e999|Compute barrier/spectrum: bin must be a finite number, got '1e999'"
  "range_reversed|fix art range 2 1|Compute barrier/spectrum: range needs lo < hi, got lo = 2, hi = 1"
  "range_equal|fix art range 1 1|range needs lo < hi, got lo = 1, hi = 1"
  "range_one_value|fix art range 1|keyword range needs two values .lo hi."
  "fit_not_bool|fix art fit maybe|Compute barrier/spectrum: fit expects yes or no, got 'maybe'"
  "bootstrap_negative|fix art bootstrap -5|Compute barrier/spectrum: bootstrap must be from 0 to 10000000, got -5"
  "bootstrap_cap|fix art bootstrap 2000000000|Compute barrier/spectrum: bootstrap must be from 0 to 10000000, got 2000000000"
  "bootstrap_not_int|fix art bootstrap 2.5|Compute barrier/spectrum: bootstrap expects an integer, got '2.5'"
  "seed_negative|fix art seed -1|Compute barrier/spectrum: seed must be >= 0, got -1"
  "range_too_many_bins|fix art range 0 1 bin 1e-8|Compute barrier/spectrum: range 0 1 with bin 1e-08 needs 100000000 bins. the limit is 10000000"
  "missing_file|file ${SPECTRUM_DATA}/nothere.log|Compute barrier/spectrum: cannot open event log '.*nothere.log'"
  "not_a_log|file ${SPECTRUM_DATA}/not_a_log.txt|Compute barrier/spectrum: .*not_a_log.txt:1: not an event log"
  "malformed|file ${SPECTRUM_DATA}/part0.log ${SPECTRUM_DATA}/malformed.log|Compute barrier/spectrum: .*malformed.log:12: expected 15 fields, found 14"
  "empty_field|file ${SPECTRUM_DATA}/empty_field.log|Compute barrier/spectrum: .*empty_field.log:8: column 'attempt' .field 3. is empty"
  "unknown_status|file ${SPECTRUM_DATA}/bad_status.log|Compute barrier/spectrum: .*bad_status.log:9: column 'status': unknown status 'SADDLE'"
  "same_file|file ${SPECTRUM_DATA}/part0.log ${SPECTRUM_DATA}/part1.log ${SPECTRUM_DATA}/part0.log|Compute barrier/spectrum: event log '.*part0.log' is given twice"
  "same_file_other_name|file ${SPECTRUM_DATA}/part0.log ${SPECTRUM_DATA}/../spectrum/part0.log|Compute barrier/spectrum: event logs '.*part0.log' and '.*/../spectrum/part0.log' are the same file"
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
                      CHECK "${SPECTRUM_CHECK} --warning two-mode.fit.skipped:.*needs.at.least.50.barriers --files artn.events --args bin 0.1 fit no"
                      FIXTURES_REQUIRED cu_vacancy LABELS spectrum)
endif()

# ---- pelstat spectrum on the command line: messages and output that the
# compute shares (the numbers themselves are compared above)
# name | arguments | expected output (regex, stdout and stderr)
set(SPECTRUM_CLI_CASES
  "small_sample|${SPECTRUM_DATA}/small.log|two-mode fit skipped: 10 barriers. fitting the model's 5 parameters needs at least 50 barriers"
  "tiny_bin|--bin 1e-5 ${SPECTRUM_DATA}/small.log|N          10 .*two-mode fit skipped: 10 barriers"
  "outlier|${SPECTRUM_DATA}/part0.log ${SPECTRUM_DATA}/outlier.log|two-mode fit skipped: 20001 bins, more than the 2000"
  "edges|--bin 0.05 ${SPECTRUM_DATA}/edges.log|0.075 +0 [^\n]*\n +0.125 +1 [^\n]*\n +0.175 +0 .* 0.275 +0 [^\n]*\n +0.325 +1 [^\n]*\n +0.375 +0 .* 0.875 +0 [^\n]*\n +0.925 +1 "
  "bin_zero|--bin 0 ${SPECTRUM_DATA}/part0.log|pelstat spectrum: --bin must be > 0, got 0"
  "bin_word|--bin abc ${SPECTRUM_DATA}/part0.log|pelstat spectrum: --bin expects a number, got 'abc'"
  "bin_inf|--bin inf ${SPECTRUM_DATA}/part0.log|pelstat spectrum: --bin must be a finite number, got 'inf'"
  "bin_underflow|--bin 1e-400 ${SPECTRUM_DATA}/part0.log|pelstat spectrum: --bin: '1e-400' is too small for a double"
  "seed_word|--seed 1.5 ${SPECTRUM_DATA}/part0.log|pelstat spectrum: --seed expects an integer, got '1.5'"
  "bin_subnormal|--bin 1e-320 ${SPECTRUM_DATA}/part0.log|pelstat spectrum: --bin [0-9.e-]+ gives more than 1.8e.308 bins up to the largest barrier [0-9.]+. the limit is 10000000"
  "bin_tiny|--bin 1e-300 ${SPECTRUM_DATA}/part0.log|pelstat spectrum: --bin 1e-300 gives 2.45e.300 bins"
  "range_reversed|--range 2 1 ${SPECTRUM_DATA}/part0.log|pelstat spectrum: --range needs lo < hi, got lo = 2, hi = 1"
  "bootstrap_cap|--bootstrap 2000000000 ${SPECTRUM_DATA}/part0.log|pelstat spectrum: --bootstrap must be from 0 to 10000000, got 2000000000"
  "seed_negative|--seed -1 ${SPECTRUM_DATA}/part0.log|pelstat spectrum: --seed must be >= 0, got -1"
  "same_file|${SPECTRUM_DATA}/part0.log ${SPECTRUM_DATA}/part0.log|pelstat spectrum: event log '.*part0.log' is given twice"
  "no_units|${SPECTRUM_DATA}/nounits.log ${SPECTRUM_DATA}/part0.log|warning: event log .*nounits.log has no units line. its barriers are taken to be in units metal, as those of .*part0.log"
  "unknown_status|${SPECTRUM_DATA}/bad_status.log|bad_status.log:9: column 'status': unknown status 'SADDLE'"
  "empty_field|${SPECTRUM_DATA}/empty_field.log|empty_field.log:8: column 'attempt' .field 3. is empty")
foreach(case ${SPECTRUM_CLI_CASES})
  spectrum_case("${case}" cname cargs cregex)
  separate_arguments(cargs)
  add_test(NAME spectrum.cli_${cname} COMMAND pelstat spectrum ${cargs})
  # a table without nan, within seconds however many bins
  set_tests_properties(spectrum.cli_${cname} PROPERTIES PASS_REGULAR_EXPRESSION "${cregex}"
                       FAIL_REGULAR_EXPRESSION "[ (]nan" TIMEOUT 20 LABELS "spectrum")
endforeach()
