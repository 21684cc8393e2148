#!/usr/bin/env bash
# ART nouveau vs NEB for a vacancy in Cu: builds nothing, uses the pelstat
# build in $PELSTAT_BUILD or the repository's build/.  About 15 s.
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
# the event log read with the package's reader (src/python/pelstat_eventlog.py)
"${PYTHON:-python3}" - "$here/../../src/python" "$neb" vacancy.events <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
import pelstat_eventlog as pel
log = pel.read(sys.argv[3])
q, neb = pel.barriers(log.records), float(sys.argv[2])
conv = sum(pel.is_converged(r) for r in log.records)
print("\n%d attempts, %d converged saddles, %d of them connected"
      % (len(log.records), conv, len(q)))
if q:
    print("lowest ART barrier  %.4f eV\nNEB barrier         %.4f eV\ndifference          %.1f meV"
          % (min(q), neb, 1000 * (min(q) - neb)))
EOF
