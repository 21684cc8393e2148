#!/usr/bin/env bash
# Build (once, cached) a LAMMPS with the PLUGIN package from the same source
# as Debian's packaged LAMMPS, so that `plugin load pelstat.so` can be tested.
# Prints the path of the resulting executable.
#   packages: MANYBODY VORONOI REPLICA PLUGIN MISC EXTRA-PAIR OPT OPENMP,
#   shared library, MPI, OpenMP threads (for `-sf opt` and `-sf omp`).
#   The cache directory names the package set: changing it rebuilds.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${PELSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pelstat}
src=$("$here/lammps-source.sh")
top=$(dirname "$src")
ver=$(basename "$top")
config=(-DCMAKE_BUILD_TYPE=Release
  -DBUILD_SHARED_LIBS=ON -DBUILD_MPI=ON -DBUILD_OMP=ON -DLAMMPS_SIZES=smallbig
  -DWITH_JPEG=OFF -DWITH_PNG=OFF -DWITH_GZIP=ON -DWITH_FFMPEG=OFF
  -DPKG_MANYBODY=ON -DPKG_VORONOI=ON -DDOWNLOAD_VORO=OFF -DPKG_REPLICA=ON
  -DPKG_PLUGIN=ON -DPKG_MISC=ON -DPKG_EXTRA-PAIR=ON -DPKG_OPT=ON -DPKG_OPENMP=ON
  -DBUILD_DOC=OFF -DBUILD_TOOLS=OFF)
tag=$(printf '%s\n' "${config[@]}" | cksum | cut -c1-8)
prefix="$cache/lammps-plugin/$ver-$tag"
if [ -x "$prefix/bin/lmp" ] && [ -f "$prefix/.complete" ]; then
  echo "$prefix/bin/lmp"
  exit 0
fi
jobs=${PELSTAT_JOBS:-$(nproc)}
build="$cache/lammps-plugin/build-$ver-$tag"
rm -rf "$build" "$prefix"
mkdir -p "$cache/lammps-plugin"
echo "build-lammps-plugin.sh: building LAMMPS ($ver) with PLUGIN in $build" >&2
cmake -S "$top/cmake" -B "$build" "${config[@]}" \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_RPATH="$prefix/lib" \
  >"$build.log" 2>&1 || { tail -30 "$build.log" >&2; exit 1; }
cmake --build "$build" -j "$jobs" >>"$build.log" 2>&1 || { tail -30 "$build.log" >&2; exit 1; }
cmake --install "$build" >>"$build.log" 2>&1 || { tail -30 "$build.log" >&2; exit 1; }
rm -rf "$build"
touch "$prefix/.complete"
echo "$prefix/bin/lmp"
