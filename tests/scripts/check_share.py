#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check of examples/benchmark/scaling.sh RADII=...: the last line of its
output is one JSON object {"shares": [...]}, one entry per radius asked for,
and each local call's share of the pair terms equals an independent count
from the structure: the pairs within the pair cutoff + neighbor skin
(the pairs of LAMMPS's neighbor list) that have an atom within R + cutoff +
active_pad of the attempt's center (minimum images), over all of them.
Tolerance 2e-3 relative: the count is made at the data file's positions,
the search's first calls at the same positions after fix artn's own
minimization to init_ftol, which may move a pair across the cutoff.

  check_share.py OUTPUT_FILE DATA_FILE NATOMS "R1 R2 ..." CUTOFF SKIN PAD
"""
import json
import sys

import numpy as np
from scipy.spatial import cKDTree


def read_data(path):
    """ids, positions wrapped into [0, L) and the box lengths of a LAMMPS
    data file with an orthogonal box and an `Atoms # atomic` section"""
    lo, hi = [0.0] * 3, [0.0] * 3
    with open(path) as f:
        lines = f.read().splitlines()
    for k, axis in enumerate("xyz"):
        for line in lines:
            w = line.split()
            if len(w) >= 4 and w[2] == axis + "lo" and w[3] == axis + "hi":
                lo[k], hi[k] = float(w[0]), float(w[1])
    start = next(i for i, l in enumerate(lines) if l.startswith("Atoms"))
    ids, pos = [], []
    for line in lines[start + 1:]:
        w = line.split()
        if not w:
            if ids:
                break
            continue
        if not w[0].lstrip("-").isdigit():
            break
        ids.append(int(w[0]))
        pos.append([float(w[2]), float(w[3]), float(w[4])])
    box = np.array(hi) - np.array(lo)
    x = np.mod(np.array(pos) - np.array(lo), box)
    return np.array(ids), x, box


def reference_share(x, box, center, reach, rlist):
    pairs = cKDTree(x, boxsize=box).query_pairs(rlist, output_type="ndarray")
    d = x - x[center]
    d -= box * np.round(d / box)
    inside = np.einsum("ij,ij->i", d, d) <= reach * reach
    kept = np.count_nonzero(inside[pairs[:, 0]] | inside[pairs[:, 1]])
    return kept / len(pairs)


def main():
    path, data, natoms = sys.argv[1], sys.argv[2], int(sys.argv[3])
    radii = [float(r) for r in sys.argv[4].split()]
    cutoff, skin, pad = (float(v) for v in sys.argv[5:8])
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    fig = json.loads(lines[-1])
    ids, x, box = read_data(data)
    index = {int(i): k for k, i in enumerate(ids)}
    fails = []
    entries = fig.get("shares", [])
    if sorted(e["active_radius"] for e in entries) != sorted(radii):
        fails.append("radii %s, expected %s" % ([e["active_radius"] for e in entries], radii))
    for e in entries:
        if e["natoms"] != natoms or len(ids) != natoms:
            fails.append("natoms %s (data file %d), expected %d" % (e["natoms"], len(ids), natoms))
            continue
        r = e["active_radius"]
        if e["local_call_share"] is None:
            fails.append("R = %g: no local calls" % r)
            continue
        ref = reference_share(x, box, index[e["center"]], r + cutoff + pad, cutoff + skin)
        ok = abs(e["local_call_share"] - ref) <= 2e-3 * ref
        print("R = %g: share %.5f, independent count %.5f%s"
              % (r, e["local_call_share"], ref, "" if ok else "  MISMATCH"))
        if not ok:
            fails.append("R = %g: share %.5f, independent count %.5f" % (r, e["local_call_share"], ref))
    for f in fails:
        print("CHECK FAILED: " + f)
    if not fails:
        print("CHECK ok")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
