# Smoke run of the benchmark (examples/benchmark/run.sh) on the committed
# 1,024-atom glass: 3 attempts in 2 pieces, 1 per partition, short timings, into the build
# tree; check_benchmark.py checks the JSON line (every key listed in
# examples/benchmark/README.md, consistent counts).  It asserts nothing about speed.
# Label `benchmark` (about a minute); then a smoke run of scaling.sh.
if(TARGET lmp_pelstat)
  find_program(PELSTAT_BENCH_BASH NAMES bash)
  find_program(PELSTAT_BENCH_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
  set(_bm_out ${CMAKE_BINARY_DIR}/tests/benchmark-smoke)
  if(PELSTAT_BENCH_BASH AND PELSTAT_BENCH_PYTHON)
    add_test(NAME benchmark.smoke
             COMMAND ${PELSTAT_BENCH_BASH} -c
                     "QUICK=1 N=3 CHUNKS=2 NPART=2 NF=20 NV=1 OUT='${_bm_out}' PELSTAT_BUILD='$<TARGET_FILE_DIR:lmp_pelstat>' '${PROJECT_SOURCE_DIR}/examples/benchmark/run.sh' > '${_bm_out}.txt' && cat '${_bm_out}.txt' && '${PELSTAT_BENCH_PYTHON}' '${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_benchmark.py' '${_bm_out}.txt' 3 2")
    set_tests_properties(benchmark.smoke PROPERTIES LABELS benchmark TIMEOUT 900)
    # examples/benchmark/scaling.sh, QUICK=1: the 8,192-atom glass (made once
    # into the cache), one attempt with full and one with local calls
    set(_sc_out ${CMAKE_BINARY_DIR}/tests/scaling-smoke)
    add_test(NAME benchmark.scaling_smoke
             COMMAND ${PELSTAT_BENCH_BASH} -c
                     "QUICK=1 OUT='${_sc_out}' PELSTAT_BUILD='$<TARGET_FILE_DIR:lmp_pelstat>' '${PROJECT_SOURCE_DIR}/examples/benchmark/scaling.sh' > '${_sc_out}.txt' && cat '${_sc_out}.txt' && '${PELSTAT_BENCH_PYTHON}' '${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_scaling.py' '${_sc_out}.txt' 8192 1")
    set_tests_properties(benchmark.scaling_smoke PROPERTIES LABELS benchmark TIMEOUT 1200)
    # scaling.sh RADII: a local call's share of the pair terms on the same
    # glass at two radii against an independent count of the pairs
    # (check_share.py; scipy); after the smoke run, which makes the glass
    set(_sh_out ${CMAKE_BINARY_DIR}/tests/scaling-share)
    add_test(NAME benchmark.scaling_share
             COMMAND ${PELSTAT_BENCH_BASH} -c
                     "RADII='8 12' SIZES=8000 OUT='${_sh_out}' PELSTAT_BUILD='$<TARGET_FILE_DIR:lmp_pelstat>' '${PROJECT_SOURCE_DIR}/examples/benchmark/scaling.sh' > '${_sh_out}.txt' && cat '${_sh_out}.txt' && '${PELSTAT_BENCH_PYTHON}' '${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_share.py' '${_sh_out}.txt' \"\${PELSTAT_CACHE:-\$HOME/.cache/pelstat}/glasses/cuzr_8192.data\" 8192 '8 12' 7.6 1.0 3.0")
    set_tests_properties(benchmark.scaling_share PROPERTIES LABELS benchmark TIMEOUT 1200
                         DEPENDS benchmark.scaling_smoke)
  endif()
endif()
