#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# pelstat benchmark (README.md next to this script): fix artn with the default parameters
# on a Cu50Zr50 inherent structure, plus the 2-partition case, the Voronoi
# comparison and a control on a crystal defect (the same defaults around a
# vacancy in Cu).  Builds nothing: uses $PELSTAT_BUILD or the repository's
# build/ (lmp_pelstat).  Prints a human summary and, as its last line, one
# JSON object.  A benchmark prints figures; it passes or fails on nothing but
# errors.
#
#   ./run.sh                 # default: 200 attempts, 2 x 50 in partitions
#   QUICK=1 ./run.sh         # 25 attempts, 2 x 6: under 5 minutes on 2 idle
#                            # cores once the data file exists; same keys
#   L=10 ./run.sh            # 2*L^3 atoms (L=8: 1,024), data file made once
#   OUT=dir N=... NPART=... CHUNKS=... PCHUNKS=... EPC=... ./run.sh
#                            # (NF / NFP: steps of the plain force-call timing
#                            # in the campaign / in each partition piece; EPC:
#                            # events per vacancy neighbour in the control,
#                            # default 5, QUICK 2)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${PELSTAT_BUILD:-$here/../../build}
build=$(cd "$build" && pwd)
lmp=${LMP:-$build/lmp_pelstat}
[ -x "$lmp" ] || { echo "run.sh: no LAMMPS executable $lmp (build pelstat first)" >&2; exit 1; }
pot=$here/../../potentials/CuZr_mm.eam.fs
cupot=$here/../../potentials/Cu_mishin1.eam.alloy
export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1}
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
python=/usr/bin/python3
[ -x "$python" ] || python=python3

L=${L:-8}
if [ -n "${QUICK:-}" ]; then
  N=${N:-25} NPART=${NPART:-6} NF=${NF:-50} NV=${NV:-5} CHUNKS=${CHUNKS:-5}
  PCHUNKS=${PCHUNKS:-2} EPC=${EPC:-2}
else
  N=${N:-200} NPART=${NPART:-50} NF=${NF:-200} NV=${NV:-20} CHUNKS=${CHUNKS:-10}
  PCHUNKS=${PCHUNKS:-5} EPC=${EPC:-5}
fi
NFP=${NFP:-20}
[ "$CHUNKS" -gt "$N" ] && CHUNKS=$N
[ "$PCHUNKS" -gt "$NPART" ] && PCHUNKS=$NPART
SEED=${SEED:-2024}
out=${OUT:-$here/output}
mkdir -p "$out"
out=$(cd "$out" && pwd)
data=${DATA:-$here/cuzr_$((2 * L * L * L)).data}

# 1. the inherent structure (made once, ~1 min for 1,024 atoms)
if [ ! -s "$data" ]; then
  echo "== making the Cu50Zr50 inherent structure $data (L=$L)"
  (cd "$out" && "$lmp" -in "$here/in.make_glass" -log make_glass.log -screen none \
    -var L "$L" -var OUT "$data" -var POT "$pot")
fi

common=(-var DATA "$data" -var POT "$pot" -var SEED "$SEED")
timefmt=()
[ -x /usr/bin/time ] && timefmt=(/usr/bin/time -f "%M" -o rss_kb)

# 2. the campaign (1 rank) in CHUNKS pieces, the plain force call timed
#    before, between and after them
echo "== campaign: $N attempts on 1 rank (in $CHUNKS pieces)"
rm -rf "$out/campaign" && mkdir -p "$out/campaign"
(cd "$out/campaign" && "${timefmt[@]}" "$lmp" -in "$here/in.campaign" -log log.lammps \
  -screen none "${common[@]}" -var NF "$NF" -var N "$N" -var CHUNKS "$CHUNKS")

# 3. partitions: 2 x NPART attempts on one partition against NPART on each
#    of two (partition k takes every other center of the same random order,
#    so both visit nearly the same centers).  The two runs are interleaved in
#    PCHUNKS pieces joined by `resume yes` (1 partition, 2 partitions, 1, 2,
#    ...) so that a drift of the machine's speed slows both alike
echo "== partitions: $((2 * NPART)) attempts on 1 partition, $NPART per partition on 2," \
  "interleaved in $PCHUNKS pieces"
rm -rf "$out/single" "$out/partition" && mkdir -p "$out/single" "$out/partition"
for k in $(seq 1 "$PCHUNKS"); do
  n1=$(((2 * NPART * k) / PCHUNKS - (2 * NPART * (k - 1)) / PCHUNKS))
  n2=$(((NPART * k) / PCHUNKS - (NPART * (k - 1)) / PCHUNKS))
  res=no
  [ "$k" -gt 1 ] && res=yes
  (cd "$out/single" && "$lmp" -in "$here/in.campaign" -log "log.$k.lammps" -screen none \
    "${common[@]}" -var NF "$NFP" -var N "$n1" -var RESUME0 "$res")
  (cd "$out/partition" && mpirun --oversubscribe -np 2 "$lmp" -partition 2x1 \
    -in "$here/in.campaign" -log "log.$k.lammps" -screen none "${common[@]}" -var NF "$NFP" \
    -var N "$n2" -var RESUME0 "$res")
done

# 4. Voronoi: compute voronoi/index against compute voronoi/atom
echo "== Voronoi comparison"
rm -rf "$out/voronoi" && mkdir -p "$out/voronoi"
(cd "$out/voronoi" && "$lmp" -in "$here/in.voronoi" -log log.lammps -screen none \
  -var DATA "$data" -var POT "$pot" -var NV "$NV")

# 5. control: the same defaults on a Cu vacancy (centers: its 12
#    neighbours), whose single-hop saddles all border the initial minimum
echo "== control: the same defaults on a vacancy in Cu ($EPC events per neighbour)"
rm -rf "$out/control" && mkdir -p "$out/control"
(cd "$out/control" &&
  "$lmp" -in "$here/../artn-vacancy/in.vacancy" -log log.vacancy -screen none \
    -var POTENTIAL "$cupot" &&
  "$lmp" -in "$here/in.control" -log log.lammps -screen none -var POT "$cupot" \
    -var SEED "$SEED" -var EPC "$EPC")

echo "== figures (output in $out)"
"$python" "$here/bench_parse.py" "$out"
