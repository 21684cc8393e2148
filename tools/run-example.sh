#!/usr/bin/env bash
# The main pelstat example, end to end, on a fresh Debian 12 machine:
# installs what it needs (tools/setup.sh), builds pelstat, runs the example.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/tools/setup.sh"
export PELSTAT_BUILD=${PELSTAT_BUILD:-$top/build}
exec "$top/examples/artn-cuzr/run.sh" "$@"
