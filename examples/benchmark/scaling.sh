#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Local force calls (fix artn active_radius) against full calls at several
# system sizes: Cu50Zr50 inherent structures of about 1,000 to 35,000 atoms,
# the same attempts (same seed, so the same centers) with full calls and with
# active_radius, the two modes interleaved in pieces joined by `resume yes`
# so that a drift of the machine's speed slows both alike.  One rank per run.
# Prints a table and, as its last line, one JSON object (scaling.py).
# Builds nothing: uses $PELSTAT_BUILD or the repository's build/.
#
#   ./scaling.sh                       # SIZES="1000 4400 11000 35000", 8 attempts
#   SIZES="11000" ATTEMPTS=20 ./scaling.sh
#   QUICK=1 ./scaling.sh               # one size (8,192 atoms), 1 attempt per mode
#   R=12 CHUNKS=4 OUT=dir ./scaling.sh   # R: active_radius of the local mode (auto;
#                                        # QUICK 10), a length or auto
#   KEEP=1 SIZES=11000 ATTEMPTS=50 R=15 OUT=dir ./scaling.sh   # 50 more attempts per mode
#   RADII="8 10 15" SIZES="11000 35000" ./scaling.sh  # what a local call costs, no campaigns
#
# KEEP=1 continues the campaigns of OUT from their logs (resume yes), so that a
# sample large enough to compare the two modes' barrier distributions (the
# Kolmogorov-Smirnov line of scaling.py) can be gathered over several runs;
# without it OUT/nN is started afresh.  RADII runs no campaigns: for each size
# and radius it prints a local call's share of the pair terms (in.share).
#
# Sizes made (the nearest one to each of SIZES is used): 1,024, 4,394
# (in.make_glass, L = 8 and 13), 8,192 and 11,664 (the glasses of L = 8 and 9
# replicated 2 x 2 x 2 by in.replicate), 34,992 (the L = 9 glass replicated
# 3 x 4 x 2) and 35,152 (the L = 13 glass replicated 2 x 2 x 2: SIZES=35152).
# They are made once and
# kept in ${PELSTAT_CACHE:-~/.cache/pelstat}/glasses (the 4,394-atom quench
# takes about 10 minutes on one core).  Potential: CuZr_mm.eam.fs (Mendelev
# et al. 2007).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${PELSTAT_BUILD:-$here/../../build}
build=$(cd "$build" && pwd)
lmp=${LMP:-$build/lmp_pelstat}
[ -x "$lmp" ] || { echo "scaling.sh: no LAMMPS executable $lmp (build pelstat first)" >&2; exit 1; }
pot=$here/../../potentials/CuZr_mm.eam.fs
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
python=/usr/bin/python3
[ -x "$python" ] || python=python3

if [ -n "${QUICK:-}" ]; then
  SIZES=${SIZES:-8000} ATTEMPTS=${ATTEMPTS:-1} R=${R:-10}
else
  SIZES=${SIZES:-1000 4400 11000 35000} ATTEMPTS=${ATTEMPTS:-8}
fi
R=${R:-auto}
SEED=${SEED:-2024}
CHUNKS=${CHUNKS:-4}
[ "$CHUNKS" -gt "$ATTEMPTS" ] && CHUNKS=$ATTEMPTS
for v in "$ATTEMPTS" "$CHUNKS"; do
  case "$v" in '' | *[!0-9]* | 0) echo "scaling.sh: ATTEMPTS and CHUNKS must be positive integers" >&2; exit 2 ;; esac
done
cache=${PELSTAT_CACHE:-$HOME/.cache/pelstat}/glasses
out=${OUT:-$here/scaling-output}
mkdir -p "$cache" "$out"
out=$(cd "$out" && pwd)

# the sizes this script makes: natoms -> "L NX NY NZ" (glass of in.make_glass
# with L cells per edge, replicated NX x NY x NZ)
declare -A recipe=([1024]="8 1 1 1" [4394]="13 1 1 1" [8192]="8 2 2 2" [11664]="9 2 2 2"
  [34992]="9 3 4 2" [35152]="13 2 2 2")
nearest() {
  local want=$1 best="" bd=""
  for n in "${!recipe[@]}"; do
    local d=$((n > want ? n - want : want - n))
    if [ -z "$bd" ] || [ "$d" -lt "$bd" ]; then best=$n bd=$d; fi
  done
  echo "$best"
}

# a glass, made once; written under a temporary name and renamed, so that a
# killed run leaves no half-written file in the cache
glass() {
  local n=$1 L nx ny nz base
  read -r L nx ny nz <<<"${recipe[$n]}"
  base=$cache/cuzr_$((2 * L * L * L)).data
  if [ ! -s "$base" ]; then
    echo "== making the $((2 * L * L * L))-atom Cu50Zr50 inherent structure (in.make_glass, L=$L)" >&2
    (cd "$out" && "$lmp" -in "$here/in.make_glass" -log "make_glass_$L.log" -screen none \
      -var L "$L" -var OUT "$base.tmp$$" -var POT "$pot") && mv "$base.tmp$$" "$base"
  fi
  if [ "$nx$ny$nz" = 111 ]; then echo "$base"; return; fi
  local big=$cache/cuzr_$n.data
  if [ ! -s "$big" ]; then
    echo "== making the $n-atom structure ($((2 * L * L * L)) atoms replicated ${nx}x${ny}x${nz})" >&2
    (cd "$out" && "$lmp" -in "$here/in.replicate" -log "replicate_$n.log" -screen none \
      -var DATA "$base" -var NX "$nx" -var NY "$ny" -var NZ "$nz" -var OUT "$big.tmp$$" \
      -var POT "$pot") &&
      mv "$big.tmp$$" "$big"
  fi
  echo "$big"
}

sizes=()
for s in $SIZES; do
  case "$s" in '' | *[!0-9]*) echo "scaling.sh: SIZES must be atom counts, not '$s'" >&2; exit 2 ;; esac
  n=$(nearest "$s")
  [[ " ${sizes[*]} " == *" $n "* ]] || sizes+=("$n")
done

# RADII: no campaigns; per size and radius what a local call costs (its share
# of the pair terms at the start of a search, in.share)
if [ -n "${RADII:-}" ]; then
  for r in $RADII; do
    [[ "$r" =~ ^[0-9]+(\.[0-9]+)?$ && ! "$r" =~ ^0+(\.0+)?$ ]] ||
      { echo "scaling.sh: RADII must be positive lengths, not '$r'" >&2; exit 2; }
  done
  logs=()
  mkdir -p "$out/share"
  for n in "${sizes[@]}"; do
    data=$(glass "$n")
    for r in $RADII; do
      f=$out/share/n${n}_R$r.events
      rm -f "$f"
      (cd "$out/share" && "$lmp" -in "$here/in.share" -log "n${n}_R$r.log" -screen none \
        -var DATA "$data" -var POT "$pot" -var R "$r" -var SEED "$SEED" -var FILE "$f")
      logs+=("$f")
    done
  done
  exec "$python" "$here/scaling.py" --shares "${logs[@]}"
fi

for n in "${sizes[@]}"; do
  data=$(glass "$n")
  dir=$out/n$n
  keep=no
  if [ "${KEEP:-0}" = 1 ] && [ -s "$dir/full.events" ] && [ -s "$dir/local.events" ]; then
    keep=yes
  else
    rm -rf "$dir" && mkdir -p "$dir"
  fi
  echo "== $n atoms: $ATTEMPTS $([ $keep = yes ] && echo "more ")attempts with full calls and with active_radius $R, in $CHUNKS pieces"
  # the pieces' LAMMPS logs log.MODE.P.lammps are numbered on from those of earlier runs
  p0=0
  while [ -e "$dir/log.full.$((p0 + 1)).lammps" ] || [ -e "$dir/log.local.$((p0 + 1)).lammps" ]; do
    p0=$((p0 + 1))
  done
  for k in $(seq 1 "$CHUNKS"); do
    nk=$(((ATTEMPTS * k) / CHUNKS - (ATTEMPTS * (k - 1)) / CHUNKS))
    res=$keep
    [ "$k" -gt 1 ] && res=yes
    # alternate which mode goes first
    modes=("0 full" "$R local")
    [ $((k % 2)) = 0 ] && modes=("$R local" "0 full")
    for m in "${modes[@]}"; do
      read -r rr name <<<"$m"
      (cd "$dir" && "$lmp" -in "$here/in.scaling" -log "log.$name.$((p0 + k)).lammps" -screen none \
        -var DATA "$data" -var POT "$pot" -var R "$rr" -var N "$nk" -var SEED "$SEED" \
        -var FILE "$name.events" -var RESUME "$res")
    done
  done
done

args=()
for n in "${sizes[@]}"; do args+=("$out/n$n/full.events" "$out/n$n/local.events"); done
"$python" "$here/scaling.py" "${args[@]}"
