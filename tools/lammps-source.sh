#!/usr/bin/env bash
# Print the path of the LAMMPS source tree (its src/ directory) that matches
# Debian's packaged LAMMPS, downloading and unpacking it on first use.
#
# The download uses apt's source download with a private sources list and
# state directory under the cache, so the system's apt configuration is never
# touched.  Cache: ${PELSTAT_CACHE:-$HOME/.cache/pelstat}.
set -euo pipefail

cache=${PELSTAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pelstat}
suite=${PELSTAT_DEBIAN_SUITE:-bookworm}
mirror=${PELSTAT_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# Version of the installed liblammps0 (the library lmp_pelstat links to).
ver=$(dpkg-query -W -f='${Version}' liblammps0 2>/dev/null || true)
if [ -z "$ver" ]; then
  echo "lammps-source.sh: liblammps0 is not installed (apt-get install liblammps-dev)" >&2
  exit 1
fi
srcver=${ver%+b*}            # binNMU suffix is not part of the source version
dest="$cache/lammps-src/$srcver"
if [ -f "$dest/.complete" ]; then
  echo "$dest/src"
  exit 0
fi

for tool in apt-get dpkg-source; do
  if ! command -v "$tool" >/dev/null; then
    echo "lammps-source.sh: '$tool' not found (apt-get install dpkg-dev)" >&2
    exit 1
  fi
done

apt="$cache/apt"
mkdir -p "$apt/sources" "$apt/lists/partial" "$apt/cache/archives/partial" "$cache/lammps-src"
echo "deb-src $mirror $suite main" >"$apt/sources/pelstat-src.list"
aptopts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt/sources"
         -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
         -o APT::Sandbox::User=root -o Debug::NoLocking=1)
echo "lammps-source.sh: downloading the source of lammps $srcver into $cache" >&2
apt-get "${aptopts[@]}" -qq update >&2
work=$(mktemp -d "$cache/lammps-src/tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get "${aptopts[@]}" -qq source --download-only "lammps=$srcver" >&2)
(cd "$work" && dpkg-source -q --no-check -x ./*.dsc tree >&2)
rm -rf "$dest"
mv "$work/tree" "$dest"
touch "$dest/.complete"
echo "$dest/src"
