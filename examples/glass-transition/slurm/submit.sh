#!/usr/bin/env bash
# Submit the glass-transition study (run.sh) to Slurm as three dependent jobs,
# each with the allocation it uses:
#   md    quench and inherent structures   NTASKS_MD tasks,  TIME_MD
#   artn  ART campaigns of every IS         NTASKS_ART tasks, TIME_ART, requeues
#                                           itself until every campaign is complete
#   post  walks, heating runs, analysis     NTASKS_MD tasks,  TIME_POST
# Each job starts when the one before has ended successfully (afterok).  From the
# repository or a copy of this folder's parent:
#
#   CONFIG=examples/glass-transition/slurm/paper.conf examples/glass-transition/slurm/submit.sh
#
# Every run.sh variable (CONFIG, OUT, NATOMS, ...) passes through the environment;
# also JOBS (default "md artn post": submit only some, e.g. "artn" to continue a
# campaign on another number of tasks), PELSTAT_BUILD (where pelstat.so and the
# pelstat command are; default build/), LMP (default: lmp on PATH), MARGIN and
# REQUEUE (stage.sbatch), SIGNAL, SBATCH_ARGS (more sbatch options for every job, e.g.
# "--partition=compute --account=abc").  Prints the job IDs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
: "${JOBS:=md artn post}"
: "${NTASKS_MD:=128}" "${NTASKS_ART:=1024}"
: "${TIME_MD:=24:00:00}" "${TIME_ART:=48:00:00}" "${TIME_POST:=24:00:00}"
: "${SIGNAL:=120}"   # USR1 this many seconds before the time limit (--signal; keep it below MARGIN)
: "${OUT:=$repo/examples/glass-transition/output-slurm}"
export OUT PELSTAT_REPO=$repo PELSTAT_BUILD=${PELSTAT_BUILD:-$repo/build}
mkdir -p "$OUT"
read -r -a extra <<< "${SBATCH_ARGS:-}"

dep=()
submit() {  # submit NAME NTASKS TIME STAGES
  local id
  id=$(STAGES=$4 sbatch --parsable --export=ALL --job-name="pelstat-$1" --ntasks="$2" \
    --time="$3" --signal="B:USR1@$SIGNAL" --output="$OUT/slurm-$1-%j.out" "${dep[@]}" "${extra[@]}" \
    "$here/stage.sbatch")
  id=${id%%;*}
  echo "$1 $id"
  dep=(--dependency="afterok:$id")
}
for j in $JOBS; do
  case $j in
  md) submit md "$NTASKS_MD" "$TIME_MD" "quench is" ;;
  artn) submit artn "$NTASKS_ART" "$TIME_ART" "artn" ;;
  post) submit post "$NTASKS_MD" "$TIME_POST" "walk heat analysis figures" ;;
  *) echo "submit.sh: unknown job $j (md, artn, post)" >&2; exit 2 ;;
  esac
done
