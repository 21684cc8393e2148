#!/usr/bin/env bash
# ART nouveau on a Cu50Zr50 inherent structure: makes the structure (or
# reuses output/cuzr_is.data), runs ATTEMPTS attempts (default 100), then
# summarizes the event log with `pelstat spectrum`.  Builds nothing: uses the
# pelstat build in $PELSTAT_BUILD or the repository's build/.
#   N=8 RATE=50 ATTEMPTS=100 NP=1 ./run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PELSTAT_BUILD:-$here/../../build}" && pwd)
lmp=${LMP:-$build/lmp_pelstat}
np=${NP:-1}
export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1} OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
out=${OUT:-$here/output}
mkdir -p "$out"
cd "$out"
pot="$here/../../potentials/CuZr_mm.eam.fs"
launch=()
[ "$np" -gt 1 ] && launch=(mpirun --oversubscribe -np "$np")
if [ ! -f cuzr_is.data ]; then
  "${launch[@]}" "$lmp" -in "$here/in.make_is" -var POTENTIAL "$pot" \
    -var N "${N:-8}" -var RATE "${RATE:-50}" -log log.make_is -screen none
fi
"${launch[@]}" "$lmp" -in "$here/in.artn" -var PLUGIN "$build/pelstat.so" -var POTENTIAL "$pot" \
  -var ATTEMPTS "${ATTEMPTS:-100}" -log log.lammps
"$build/pelstat" spectrum --bin 0.1 cuzr.events
