# The glass-transition tutorial (examples/glass-transition) end to end at toy size:
# `QUICK=1 run.sh` (about 10-15 minutes on one core) into the build tree, then a
# checker that every stage produced its files and the numbers are sane (finite,
# S > 0, Tg inside the quench range, every inherent structure converged), then
# the finished run extended by raising CENTERS_PER_IS.
# Label `tutorial`: run with `ctest -L tutorial`; excluded by `ctest -LE tutorial`.
# Included from tests/CMakeLists.txt with
#   include(${CMAKE_CURRENT_SOURCE_DIR}/glass_transition.cmake)
if(TARGET lmp_pelstat)
  find_program(PELSTAT_BASH NAMES bash)
  find_program(PELSTAT_TUTORIAL_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
  set(_gt_dir ${PROJECT_SOURCE_DIR}/examples/glass-transition)
  set(_gt_out ${CMAKE_BINARY_DIR}/tests/glass-transition-quick)
  if(PELSTAT_BASH AND PELSTAT_TUTORIAL_PYTHON)
    add_test(NAME tutorial.glass_transition.run
             COMMAND ${CMAKE_COMMAND} -E env QUICK=1 FRESH=1 OUT=${_gt_out}
                     PELSTAT_BUILD=$<TARGET_FILE_DIR:lmp_pelstat> PYTHON=${PELSTAT_TUTORIAL_PYTHON}
                     ${PELSTAT_BASH} ${_gt_dir}/run.sh)
    set_tests_properties(tutorial.glass_transition.run PROPERTIES
                         LABELS tutorial TIMEOUT 1800 FIXTURES_SETUP glass_transition_quick)
    add_test(NAME tutorial.glass_transition.check
             COMMAND ${PELSTAT_TUTORIAL_PYTHON} ${_gt_dir}/check_results.py ${_gt_out})
    set_tests_properties(tutorial.glass_transition.check PROPERTIES
                         LABELS tutorial FIXTURES_REQUIRED glass_transition_quick)
    # the finished run extended by 2 centers per inherent structure (after the
    # check, which reads the run as it was)
    add_test(NAME tutorial.glass_transition.extend
             COMMAND ${PELSTAT_TUTORIAL_PYTHON} ${PROJECT_SOURCE_DIR}/tests/scripts/check_tutorial_extend.py
                     ${_gt_dir}/run.sh ${_gt_out} $<TARGET_FILE_DIR:lmp_pelstat>
                     ${PELSTAT_TUTORIAL_PYTHON})
    set_tests_properties(tutorial.glass_transition.extend PROPERTIES
                         LABELS tutorial TIMEOUT 900 FIXTURES_REQUIRED glass_transition_quick
                         DEPENDS tutorial.glass_transition.check)
  endif()
endif()
