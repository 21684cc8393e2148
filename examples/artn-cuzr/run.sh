#!/usr/bin/env bash
# ART nouveau on a Cu50Zr50 inherent structure: makes the structure (or
# reuses output/cuzr_is.data), runs a campaign of ATTEMPTS attempts (default
# 100) on NP MPI ranks as PARTITIONS partitions (default: 2 and 2, both cores
# of a laptop), then draws the barrier histogram (output/spectrum.png) and
# prints a summary in words.  Builds nothing: uses the pelstat build in
# $PELSTAT_BUILD or the repository's build/.
#   N=8 RATE=50 ATTEMPTS=100 NP=2 PARTITIONS=2 ./run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${PELSTAT_BUILD:-$here/../../build}" && pwd)
lmp=${LMP:-$build/lmp_pelstat}
np=${NP:-2}
parts=${PARTITIONS:-$np}
attempts=${ATTEMPTS:-100}
python=/usr/bin/python3
[ -x "$python" ] || python=python3
export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1} OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
if [ $((np % parts)) -ne 0 ]; then
  echo "run.sh: NP ($np) must be a multiple of PARTITIONS ($parts)" >&2
  exit 2
fi
out=${OUT:-$here/output}
mkdir -p "$out"
cd "$out"
pot="$here/../../potentials/CuZr_mm.eam.fs"
launch=()
[ "$np" -gt 1 ] && launch=(mpirun --oversubscribe -np "$np")
partition=()
[ "$parts" -gt 1 ] && partition=(-partition "${parts}x$((np / parts))")
if [ ! -f cuzr_is.data ]; then
  echo "== making the inherent structure (about a minute)"
  "${launch[@]}" "$lmp" -in "$here/in.make_is" -var POTENTIAL "$pot" \
    -var N "${N:-8}" -var RATE "${RATE:-50}" -log log.make_is -screen none
fi
# a new campaign: no log of an earlier run may join it
rm -f cuzr.events cuzr.events.[0-9]* barriers.dump.*
echo "== $attempts ART attempts on $parts partition(s) ($np MPI ranks); log.lammps*, screen.*"
"${launch[@]}" "$lmp" "${partition[@]}" -in "$here/in.artn" -var PLUGIN "$build/pelstat.so" \
  -var POTENTIAL "$pot" -var ATTEMPTS "$attempts" -log log.lammps
logs=(cuzr.events*)
"$build/pelstat" spectrum --bin 0.1 --bootstrap 200 "${logs[@]}" > spectrum.txt 2>&1
"$python" "$here/../spectrum/plot_spectrum.py" --pelstat "$build/pelstat" --bin 0.1 \
  -o spectrum.png "${logs[@]}" > /dev/null 2>&1
echo
"$python" "$here/summary.py" --pelstat "$build/pelstat" --bin 0.1 --figure "$out/spectrum.png" \
  "${logs[@]}"
echo "(the spectrum as a table: $out/spectrum.txt)"
