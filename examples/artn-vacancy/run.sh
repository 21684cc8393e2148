#!/usr/bin/env bash
# ART nouveau vs NEB for a vacancy in Cu: builds nothing, uses the pelstat
# build in $PELSTAT_BUILD or the repository's build/.  About a minute.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PELSTAT_BUILD:-$here/../../build}" && pwd)
lmp=${LMP:-$build/lmp_pelstat}
export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1} OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
out=${OUT:-$here/output}
mkdir -p "$out"
cd "$out"
pot="$here/../../potentials/Cu_mishin1.eam.alloy"
"$lmp" -in "$here/in.vacancy" -var POTENTIAL "$pot" -log log.vacancy -screen none
mpirun --oversubscribe -np 7 "$lmp" -partition 7x1 -in "$here/in.neb" -var POTENTIAL "$pot" \
  -log log.neb -screen none
"$lmp" -in "$here/in.artn" -var PLUGIN "$build/pelstat.so" -var POTENTIAL "$pot" -log log.lammps
neb=$(awk '$1 ~ /^[0-9]+$/ && NF > 8 {b = $7} END {print b}' log.neb)
awk -F'\t' -v neb="$neb" '
  /^#/ {next}
  {n++; if ($4 == "saddle") {s++; if (min == "" || $7 < min) min = $7}}
  END {printf "\n%d attempts, %d converged saddles\nlowest ART barrier  %.4f eV\nNEB barrier         %.4f eV\ndifference          %.1f meV\n", n, s, min, neb, 1000 * (min - neb)}
' vacancy.events
