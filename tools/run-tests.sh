#!/usr/bin/env bash
# The whole pelstat test suite on a fresh Debian 12 machine:
# installs what it needs (see tools/setup.sh), builds pelstat and a
# PLUGIN-enabled LAMMPS (cached), then runs ctest: core unit tests,
# LAMMPS-level tests through lmp_pelstat and through `plugin load`, serial and
# on 4 MPI ranks.  Extra arguments go to ctest (e.g. -L core, -R voronoi).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${PELSTAT_BUILD:-$top/build}
"$top/tools/setup.sh" --plugin-lammps
cd "$build"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
ctest --output-on-failure -j "${PELSTAT_TEST_JOBS:-2}" "$@"
