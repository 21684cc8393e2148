#!/usr/bin/env bash
# Set up everything pelstat needs on Debian 12 and build it.
#   tools/setup.sh [--plugin-lammps]
# 1. apt packages: installed when run as root; otherwise the exact apt-get
#    line is printed and the script stops if any is missing;
# 2. the LAMMPS source matching Debian's liblammps (cached, tools/lammps-source.sh);
# 3. with --plugin-lammps, a PLUGIN-enabled LAMMPS built from that source
#    (cached, about 7 minutes on 2 cores; tools/build-lammps-plugin.sh);
# 4. pelstat itself, configured and built in ${PELSTAT_BUILD:-build}.
# Caches live in ${PELSTAT_CACHE:-~/.cache/pelstat}.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${PELSTAT_BUILD:-$top/build}
want_plugin=0
for a in "$@"; do
  case "$a" in
  --plugin-lammps) want_plugin=1 ;;
  *) echo "setup.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

packages=(build-essential cmake git pkg-config xz-utils dpkg-dev
  libopenmpi-dev openmpi-bin libgsl-dev voro++ voro++-dev librandom123-dev
  lammps liblammps-dev lammps-data lammps-examples
  python3 python3-numpy python3-scipy python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup.sh: missing Debian packages. Install them with:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

src=$("$top/tools/lammps-source.sh")
cmake_args=(-DLAMMPS_SOURCE_DIR="$src")
if [ $want_plugin = 1 ]; then
  lmp=$("$top/tools/build-lammps-plugin.sh")
  cmake_args+=(-DPELSTAT_LMP_PLUGIN_EXE="$lmp")
fi
jobs=${PELSTAT_JOBS:-$(nproc)}
cmake -S "$top" -B "$build" "${cmake_args[@]}" >/dev/null
cmake --build "$build" -j "$jobs" >/dev/null || cmake --build "$build" -j 1
echo "setup.sh: pelstat built in $build"
