#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# How the barriers of the same events move as ftol tightens: the default
# campaign of in.campaign (same seed, same glass) at each ftol of FTOLS, then
# ftol_study.py matches the attempts (center, attempt) that gave a connected
# saddle at every ftol and prints the change of each barrier against the
# tightest ftol (median, 90th percentile), the share of first-order saddles
# and the force calls per attempt.  A study prints figures; it passes or fails
# on nothing but errors.
#
#   ./ftol_study.sh                       # 100 attempts at 0.05 0.02 0.01 0.005 0.0025
#   N=200 FTOLS="0.05 0.01" EXTRA="first_order no" OUT=dir ./ftol_study.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${PELSTAT_BUILD:-$here/../../build}
lmp=${LMP:-$build/lmp_pelstat}
[ -x "$lmp" ] || { echo "ftol_study.sh: no LAMMPS executable $lmp (build pelstat first)" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1}
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
python=/usr/bin/python3
[ -x "$python" ] || python=python3
N=${N:-100}
FTOLS=${FTOLS:-0.05 0.02 0.01 0.005 0.0025}
SEED=${SEED:-2024}
L=${L:-8}
pot=$here/../../potentials/CuZr_mm.eam.fs
out=${OUT:-$here/output/ftol}
mkdir -p "$out"
out=$(cd "$out" && pwd)
data=${DATA:-$here/cuzr_$((2 * L * L * L)).data}
if [ ! -s "$data" ]; then
  echo "== making the Cu50Zr50 inherent structure $data (L=$L)"
  (cd "$out" && "$lmp" -in "$here/in.make_glass" -log make_glass.log -screen none \
    -var L "$L" -var OUT "$data" -var POT "$pot")
fi
logs=()
for f in $FTOLS; do
  echo "== ftol $f: $N attempts"
  mkdir -p "$out/ftol_$f"
  (cd "$out/ftol_$f" && "$lmp" -in "$here/in.campaign" -log log.lammps -screen none \
    -var DATA "$data" -var POT "$pot" -var SEED "$SEED" -var N "$N" -var NF 1 \
    -var EXTRA "ftol $f ${EXTRA:-}")
  logs+=("$out/ftol_$f/bench.events")
done
"$python" "$here/ftol_study.py" "${logs[@]}"
