#!/usr/bin/env bash
# Run the Voronoi example with the pelstat build found in $PELSTAT_BUILD or
# the repository's build/: lmp_pelstat (Debian's LAMMPS) unless LMP names
# another LAMMPS executable (one with the PLUGIN package).
#   NP=2 ./run.sh          # on 2 MPI ranks
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${PELSTAT_BUILD:-$here/../../build}
build=$(cd "$build" && pwd)
lmp=${LMP:-$build/lmp_pelstat}
np=${NP:-1}
export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1} OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
out=${OUT:-$here/output}
mkdir -p "$out"
cd "$out"
launch=()
[ "$np" -gt 1 ] && launch=(mpirun --oversubscribe -np "$np")
"${launch[@]}" "$lmp" -in "$here/in.voronoi" -log log.lammps \
  -var PLUGIN "$build/pelstat.so" -var POTENTIAL "$here/../../potentials/CuZr_mm.eam.fs" "$@"
echo "output in $out: log.lammps, cells.dump, types*.txt"
