# The Slurm workflow of examples/glass-transition under a real single-node Slurm
# (tests/slurm/slurm-cluster.sh installs and starts it as root; skipped, exit
# code 77, when it cannot): a job killed by its time limit part-way through an
# ART campaign, resubmitted on another number of tasks, requeueing itself,
# ends with exactly the events of an uninterrupted run.  Label `slurm`.
# Included from tests/CMakeLists.txt.
if(PELSTAT_LMP_PLUGIN_EXE AND PELSTAT_DEBIAN_PYTHON)
  add_test(NAME slurm.glass_workflow
           COMMAND ${PELSTAT_DEBIAN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/slurm/slurm_workflow.py
                   ${CMAKE_BINARY_DIR} ${PELSTAT_LMP_PLUGIN_EXE}
                   ${CMAKE_BINARY_DIR}/tests/slurm-workflow)
  set_tests_properties(slurm.glass_workflow PROPERTIES LABELS slurm SKIP_RETURN_CODE 77
                       TIMEOUT 3000)
endif()
