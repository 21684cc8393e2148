#!/usr/bin/env bash
# The glass-transition study of Han et al., Phys. Rev. B 101, 064205 (2020), end to
# end: from a Cu-Zr EAM potential file to Figs. 1-9 and a results table.
#
#   ./run.sh                       # default size (500 atoms; about 1.5 hours on 2 cores)
#   QUICK=1 ./run.sh               # toy size, the whole pipeline in about 10 minutes
#   CONFIG=paper.conf ./run.sh     # variables from a file (see slurm/paper.conf)
#   ./run.sh /path/to/CuZr.eam.fs  # another potential (default potentials/CuZr_mm.eam.fs)
#
# Every variable below can be set in the environment or in the CONFIG file (a
# shell file of VAR=value lines; the environment wins over the file).  Stages
# whose outputs exist are skipped, so an interrupted run continues where it
# stopped; FRESH=1 deletes OUT first.  The pelstat build is found through
# $PELSTAT_BUILD or the repository's build/ (so a copy of this folder works too).
#
# Potential: the default CuZr_mm.eam.fs is Mendelev et al., J. Appl. Phys. 102,
# 043501 (2007).  The paper used the 2009 version (Phil. Mag. 89, 967): results are
# not expected to match the paper number for number (see docs/tutorial.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

vars="POTENTIAL NATOMS COOLING_RATE HEATING_RATE TMELT TMIN MELT_PS IS_TEMPS EVENTS_PER_ATOM
MAX_ATTEMPTS CENTERS_PER_IS FTOL_CENTERS CENTERS WALK_ATTEMPTS WALK_T NP PARTITIONS MPIRUN BIN NBOOT
SEED OUT THERMO_EVERY LMP PELSTAT_BUILD PYTHON QUICK NP_MD ARTN_KEYWORDS FTOL_COMPARE STAGES TIMEOUT"
# environment > CONFIG file > defaults
declare -A from_env=()
for v in $vars; do [ -n "${!v+x}" ] && from_env[$v]=${!v}; done
if [ -n "${CONFIG:-}" ]; then
  # shellcheck disable=SC1090
  . "$CONFIG"
  for v in "${!from_env[@]}"; do printf -v "$v" '%s' "${from_env[$v]}"; done
fi
[ $# -ge 1 ] && POTENTIAL=$1

QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  # toy size: 256 atoms, 5 inherent structures, 30 ART centers each, short walks
  : "${NATOMS:=256}" "${COOLING_RATE:=2e13}" "${HEATING_RATE:=5e13}" "${MELT_PS:=10}"
  : "${IS_TEMPS:=100 500 800 1200 1900}" "${CENTERS_PER_IS:=30}" "${CENTERS:=slab}"
  : "${WALK_ATTEMPTS:=60}" "${NP:=1}" "${PARTITIONS:=1}" "${NBOOT:=100}" "${THERMO_EVERY:=250}"
  : "${FTOL_COMPARE=0.05}"
  : "${OUT:=$here/output-quick}"
fi
: "${POTENTIAL:=$here/../../potentials/CuZr_mm.eam.fs}"
: "${NATOMS:=500}"             # rounded to 4*n^3 (fcc sites): 256, 500, 864, 2048, 4000, 10976
: "${COOLING_RATE:=1e13}"      # K/s (paper: 1e10)
: "${HEATING_RATE:=2e13}"      # K/s, heating runs of glass and B2 crystal
: "${TMELT:=2000}" "${TMIN:=50}" "${MELT_PS:=50}"
: "${IS_TEMPS:=100 300 500 600 700 800 900 1000 1300 1900}"
: "${EVENTS_PER_ATOM:=1}"      # events_per_center (paper: 20)
: "${MAX_ATTEMPTS:=$((5 * EVENTS_PER_ATOM))}"  # attempts per center
: "${CENTERS_PER_IS:=120}"     # centers visited per IS (fix artn max_centers); 'all' = every center;
                                # raised on a finished run, the campaigns are extended
: "${CENTERS:=all}"            # all | slab (only atoms of the Fig. 4 slab are centers)
: "${WALK_ATTEMPTS:=300}"      # attempts of each walk (paper: 2900 events)
: "${WALK_T:=}"                # Metropolis temperature of the walks; empty = the IS temperature
: "${NP:=2}" "${PARTITIONS:=2}" # MPI ranks; ART partitions (NP must be a multiple)
: "${NP_MD:=$NP}"               # MPI ranks of the MD, minimization and walk stages
: "${MPIRUN:=mpirun --oversubscribe}"
: "${BIN:=0.05}" "${NBOOT:=200}" "${SEED:=2020}" "${THERMO_EVERY:=500}"
: "${ARTN_KEYWORDS:=}"          # more fix artn keywords for the sampling and the walks,
                                # e.g. "ftol 0.01" (see docs/fix_artn.md, "How converged")
: "${FTOL_COMPARE=0.01 0.05}"   # the glass and the liquid IS also sampled at these ftol
                                # (eV/A; 0.05 is the paper's), the same centers; empty: none
: "${FTOL_CENTERS:=$CENTERS_PER_IS}" # centers of those campaigns
: "${OUT:=$here/output}"
: "${STAGES:=quench is artn walk heat analysis figures}"  # the stages this invocation may run
: "${TIMEOUT:=none}"            # wall time of each ART and walk run (LAMMPS timer timeout:
                                # seconds or [HH:]MM:SS); a campaign cut short exits with code 75

build=$(cd "${PELSTAT_BUILD:-$here/../../build}" && pwd)
lmp=${LMP:-$build/lmp_pelstat}
plugin=$build/pelstat.so
pelstat=$build/pelstat
POTENTIAL=$(cd "$(dirname "$POTENTIAL")" && pwd)/$(basename "$POTENTIAL")
for f in "$lmp" "$plugin" "$pelstat" "$POTENTIAL"; do
  [ -e "$f" ] || { echo "run.sh: missing $f (set PELSTAT_BUILD or POTENTIAL)" >&2; exit 2; }
done
if [ -z "${PYTHON:-}" ]; then
  for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import matplotlib, numpy' 2>/dev/null; then PYTHON=$p; break; fi
  done
fi
[ -n "${PYTHON:-}" ] || { echo "run.sh: needs a python3 with numpy and matplotlib (Debian: python3-matplotlib)" >&2; exit 2; }
(( NP % PARTITIONS == 0 )) || { echo "run.sh: NP=$NP is not a multiple of PARTITIONS=$PARTITIONS" >&2; exit 2; }

export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1} OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}

# derived quantities
cells=$(awk -v n="$NATOMS" 'BEGIN{c=int((n/4)^(1/3)+0.5); if(c<3)c=3; print c}')
natoms=$((4 * cells * cells * cells))
xcells=$(awk -v n="$natoms" 'BEGIN{c=int((n/2)^(1/3)+0.5); if(c<3)c=3; print c}')
krate=$(awk -v r="$COOLING_RATE" 'BEGIN{printf "%.6g", r*1e-12}')   # K/ps
hrate=$(awk -v r="$HEATING_RATE" 'BEGIN{printf "%.6g", r*1e-12}')
melt_steps=$(awk -v p="$MELT_PS" 'BEGIN{printf "%d", p/0.002+0.5}')
tis_desc=$(printf '%s\n' $IS_TEMPS | sort -gr | xargs)
tis_asc=$(printf '%s\n' $IS_TEMPS | sort -g | xargs)
for t in $tis_desc; do
  awk -v t="$t" -v lo="$TMIN" -v hi="$TMELT" 'BEGIN{exit !(t>=lo && t<=hi)}' ||
    { echo "run.sh: IS temperature $t outside [$TMIN, $TMELT]" >&2; exit 2; }
done
t_glass=$(echo $tis_asc | awk '{print $1}'); t_liquid=$(echo $tis_asc | awk '{print $NF}')
# the campaign of an IS: its first max_centers centers, each until EVENTS_PER_ATOM
# events or MAX_ATTEMPTS attempts; the run is long enough for all of them, and
# fix artn ends it when the campaign is complete
for v in CENTERS_PER_IS FTOL_CENTERS; do
  case "${!v}" in all) ;; '' | *[!0-9]* | 0*) echo "run.sh: $v=${!v} is not 'all' or a positive integer" >&2; exit 2 ;; esac
done
max_centers_of() { if [ "$1" = all ]; then echo 0; else echo "$1"; fi; }  # fix artn max_centers (0: all)
# TIMEOUT in seconds for LAMMPS's timer (0: none)
timeout_s=$(awk -v t="$TIMEOUT" 'BEGIN { if (t == "none") { print 0; exit }
  if (t !~ /^[0-9]+(:[0-9]+)?(:[0-9]+)?$/) { print "bad"; exit }
  n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = 60 * s + p[i]; print s }')
[ "$timeout_s" != bad ] || { echo "run.sh: TIMEOUT=$TIMEOUT is not none, seconds or [HH:]MM:SS" >&2; exit 2; }
walk_per_center=$(( (WALK_ATTEMPTS + natoms - 1) / natoms ))
walk_centers=$(( (WALK_ATTEMPTS + walk_per_center - 1) / walk_per_center ))  # a walk of WALK_ATTEMPTS attempts
pids=$(seq -s ' ' 0 $((PARTITIONS - 1)))

[ "${FRESH:-0}" = 1 ] && rm -rf "$OUT"
mkdir -p "$OUT"
cd "$OUT"
cat > run.conf <<EOF
# variables of this run ($(date -u +%Y-%m-%dT%H:%MZ), $(hostname))
POTENTIAL=$POTENTIAL
NATOMS=$natoms
COOLING_RATE=$COOLING_RATE
HEATING_RATE=$HEATING_RATE
TMELT=$TMELT
TMIN=$TMIN
MELT_PS=$MELT_PS
IS_TEMPS="$tis_asc"
EVENTS_PER_ATOM=$EVENTS_PER_ATOM
MAX_ATTEMPTS=$MAX_ATTEMPTS
CENTERS_PER_IS=$CENTERS_PER_IS
FTOL_CENTERS=$FTOL_CENTERS
CENTERS=$CENTERS
WALK_ATTEMPTS=$WALK_ATTEMPTS
WALK_T="$WALK_T"
NP=$NP
NP_MD=$NP_MD
PARTITIONS=$PARTITIONS
BIN=$BIN
NBOOT=$NBOOT
SEED=$SEED
QUICK=$QUICK
ARTN_KEYWORDS="$ARTN_KEYWORDS"
FTOL_COMPARE="$FTOL_COMPARE"
EOF
echo "glass-transition: $natoms atoms, cooling $COOLING_RATE K/s, IS at $tis_asc K, output in $OUT"

run_lmp() {  # run_lmp NRANKS LOG INPUT [lammps args...]
  local n=$1 log=$2 in=$3; shift 3
  local launch=()
  [ "$n" -gt 1 ] && read -r -a launch <<< "$MPIRUN -n $n"
  "${launch[@]}" "$lmp" -in "$here/$in" -log "$log" -screen none -var POTENTIAL "$POTENTIAL" "$@"
}
# the stage times of earlier invocations: of a finished run (timings.tsv), or
# of one that stopped before its end (timings.tmp)
if [ -f timings.tsv ]; then
  grep -v -E '^(total|analysis|figures)[[:space:]]' timings.tsv > timings.tmp || true
elif [ ! -f timings.tmp ]; then
  : > timings.tmp
fi
stage() {  # stage NAME MARKER command...: run unless MARKER exists or NAME is not in STAGES, time it
  local name=$1 marker=$2; shift 2
  case " $STAGES " in *" ${name%%_*} "*) ;; *) echo "  [skip] $name (not in STAGES)"; return ;; esac
  if [ -n "$marker" ] && [ -e "$marker" ] && [ "${FORCE:-0}" != 1 ]; then echo "  [skip] $name ($marker exists)"; return; fi
  local t0=$SECONDS
  echo "  [run ] $name"
  "$@"
  [ -z "$marker" ] || [ -e "$marker" ] || touch "$marker"
  printf '%s\t%d\n' "$name" $((SECONDS - t0)) >> timings.tmp
  echo "         $((SECONDS - t0)) s"
}
t_start=$SECONDS

# 1. quench with snapshots at the IS temperatures (Fig. 1)
stage quench glass_final.data run_lmp "$NP_MD" log.quench in.quench -var CELLS "$cells" -var RATE "$krate" \
  -var TMELT "$TMELT" -var TMIN "$TMIN" -var MELT_STEPS "$melt_steps" -var THERMO_EVERY "$THERMO_EVERY" \
  -var SEED "$SEED" -var TIS $tis_desc

# 2. inherent structures + Voronoi statistics (Fig. 8)
for t in $tis_asc; do
  stage "is_$t" "is_$t.txt" run_lmp "$NP_MD" "log.is_$t" in.is -var PLUGIN "$plugin" -var TIS "$t"
done

require_complete() {  # require_complete WHAT LOG...: exit 75 unless every center of the campaign is complete
  local what=$1; shift
  if ! "$pelstat" status --json "$@" | "$PYTHON" -c 'import json, sys
d = json.load(sys.stdin)
sys.exit(0 if d["centers_total"] and d["centers_complete"] == d["centers_total"] else 1)'; then
    echo "run.sh: $what is not complete (TIMEOUT $TIMEOUT); run again to continue it" >&2
    exit 75
  fi
}

# 3. ART sampling on every IS (Figs. 2-6, 4 from the per-atom dump)
# A finished campaign's marker artn_T*.done holds its extent "max_centers
# events_per_center max_attempts"; a larger one asked for extends the campaign
# from its logs (a marker without an extent: a campaign of an earlier run.sh).
covers() {  # covers MARKER MAX_CENTERS EVENTS MAX_ATTEMPTS: the campaign of MARKER went at least that far
  local c e a
  [ -s "$1" ] && read -r c e a < "$1" || return 1
  { [ "$c" = 0 ] || { [ "$2" != 0 ] && [ "$c" -ge "$2" ]; }; } && [ "$e" -ge "$3" ] && [ "$a" -ge "$4" ]
}
artn_is() {  # artn_is T MAX_CENTERS [FTOL]: the campaign of IS T (at FTOL: files *_T_ftolFTOL*), continued from its logs if any
  local t=$1 maxc=$2 ftol=${3:-} part=() resume=no tag="" keywords=$ARTN_KEYWORDS
  local natt_run=$(( (maxc > 0 ? maxc : natoms) * MAX_ATTEMPTS ))
  [ -n "$ftol" ] && { tag=_ftol$ftol; keywords="$ARTN_KEYWORDS ftol $ftol"; }
  if [ "$PARTITIONS" -gt 1 ]; then part=(-partition "${PARTITIONS}x$((NP / PARTITIONS))" -plog "log.artn_$t$tag" -pscreen none); fi
  # an interrupted campaign resumes from its logs, on any number of partitions
  compgen -G "events_$t$tag.log*" >/dev/null && resume=yes
  rm -f "barriers_$t$tag.dump."*   # per-partition dumps of an earlier, other partition count
  run_lmp "$NP" "log.artn_$t$tag" in.artn "${part[@]}" \
    -var PLUGIN "$plugin" -var TIS "$t" -var TAG "$tag" -var SEED "$((SEED + ${t%.*}))" -var EVENTS "$EVENTS_PER_ATOM" \
    -var MAX_ATT "$MAX_ATTEMPTS" -var MAX_CENTERS "$maxc" -var NATT "$natt_run" \
    -var CENTERS "$CENTERS" -var BIN "$BIN" -var PIDS "$pids" -var RESUME "$resume" \
    -var TIMEOUT "$timeout_s" -var ARTN_KEYWORDS "$keywords"
  require_complete "the ART campaign of IS $t$tag" events_"$t$tag".log*
  echo "$maxc $EVENTS_PER_ATOM $MAX_ATTEMPTS" > "artn_$t$tag.done"
}
max_centers=$(max_centers_of "$CENTERS_PER_IS")
for t in $tis_asc; do
  covers "artn_$t.done" "$max_centers" "$EVENTS_PER_ATOM" "$MAX_ATTEMPTS" || rm -f "artn_$t.done"
  stage "artn_$t" "artn_$t.done" artn_is "$t" "$max_centers"
done
# the ftol comparison: the glass and the liquid IS, the same seed and centers
ftol_temps=$t_glass; [ "$t_liquid" = "$t_glass" ] || ftol_temps="$t_glass $t_liquid"
ftol_centers=$(max_centers_of "$FTOL_CENTERS")
for f in $FTOL_COMPARE; do
  for t in $ftol_temps; do
    covers "artn_${t}_ftol$f.done" "$ftol_centers" "$EVENTS_PER_ATOM" "$MAX_ATTEMPTS" || rm -f "artn_${t}_ftol$f.done"
    stage "artn_${t}_ftol$f" "artn_${t}_ftol$f.done" artn_is "$t" "$ftol_centers" "$f"
  done
done

# 4. walks from the glass and the liquid IS (Fig. 7); one partition, NP_MD ranks
walk_is() {  # walk_is T: the walk from IS T, continued from its log if any
  local t=$1 resume=no
  [ -e "walk_$t.log" ] && resume=yes
  run_lmp "$NP_MD" "log.walk_$t" in.walk \
    -var PLUGIN "$plugin" -var TIS "$t" -var WALK_T "${WALK_T:-$t}" -var SEED "$((SEED + 7))" \
    -var NATT "$((walk_centers * walk_per_center))" -var PER_CENTER "$walk_per_center" -var MAX_CENTERS "$walk_centers" \
    -var RESUME "$resume" -var TIMEOUT "$timeout_s" -var ARTN_KEYWORDS "$ARTN_KEYWORDS"
  require_complete "the walk from IS $t" "walk_$t.log"
}
for t in $t_glass $t_liquid; do
  stage "walk_$t" "walk_$t.done" walk_is "$t"
done

# 5. heating runs of the glass and of B2 CuZr (Fig. 9)
stage heat_glass heat_glass.done run_lmp "$NP_MD" log.heat_glass in.heat \
  -var PHASE glass -var RATE "$hrate" -var TLOW "$TMIN" -var THIGH "$TMELT" -var THERMO_EVERY "$THERMO_EVERY" -var SEED "$SEED"
stage heat_xtal heat_xtal.done run_lmp "$NP_MD" log.heat_xtal in.heat \
  -var PHASE xtal -var XCELLS "$xcells" -var RATE "$hrate" -var TLOW "$TMIN" -var THIGH "$TMELT" -var THERMO_EVERY "$THERMO_EVERY" -var SEED "$SEED"

# 6. numbers (results.json, results.tsv) and figures (fig1..fig9 PNG)
stage analysis "" "$PYTHON" "$here/analyze.py" --pelstat "$pelstat" --bin "$BIN" --nboot "$NBOOT" .
stage figures "" "$PYTHON" "$here/plot_figures.py" .
mv timings.tmp timings.tsv
printf 'total\t%d\n' "$(awk '{s += $2} END {print s}' timings.tsv)" >> timings.tsv   # all stages, also of earlier invocations
echo "done in $((SECONDS - t_start)) s: $OUT/results.tsv, $OUT/fig*.png"
