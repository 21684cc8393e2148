#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Smoke check of examples/benchmark/scaling.sh: the last line of its output
is one JSON object {"sizes": [...]} with the keys listed in
examples/benchmark/README.md, one entry per size asked for, and figures that
the run determines consistently: the atom count of the size made, the
attempts of both modes, connected saddles not above the attempts, the
figures per connected saddle present exactly when there is one, a speedup
that is the ratio of the two rates, and a local call's share of the pair
terms strictly between 0 and 1 (the QUICK size's region is a part of its
box).  Nothing about speed is asserted.

  check_scaling.py OUTPUT_FILE NATOMS ATTEMPTS
"""
import json
import math
import sys

KEYS = ["natoms", "attempts", "connected_full", "connected_local", "per_core_hour_full",
        "per_core_hour_local", "speedup", "fce_per_connected_full", "fce_per_connected_local",
        "barrier_max_diff"]


def main():
    path, natoms, attempts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    fig = json.loads(lines[-1])
    fails = []
    sizes = fig.get("sizes", [])
    if len(sizes) != 1:
        fails.append("expected one size, got %d" % len(sizes))
    for s in sizes:
        missing = [k for k in KEYS if k not in s]
        if missing:
            fails.append("missing keys %s" % missing)
            continue
        if s["natoms"] != natoms:
            fails.append("natoms %s, expected %d" % (s["natoms"], natoms))
        if s["attempts"] != attempts:
            fails.append("attempts %s, expected %d" % (s["attempts"], attempts))
        for mode in ("full", "local"):
            c = s["connected_" + mode]
            if not 0 <= c <= attempts:
                fails.append("connected_%s %s not in [0, %d]" % (mode, c, attempts))
            if (s["fce_per_connected_" + mode] is None) != (c == 0):
                fails.append("fce_per_connected_%s %s with %d connected"
                             % (mode, s["fce_per_connected_" + mode], c))
            if c and not s["per_core_hour_" + mode] > 0:
                fails.append("per_core_hour_%s %s" % (mode, s["per_core_hour_" + mode]))
        share = s.get("local_call_share")
        if share is None or not 0.0 < share < 1.0:
            fails.append("local_call_share %s not in (0, 1)" % share)
        a, b = s["per_core_hour_full"], s["per_core_hour_local"]
        if a and b is not None:
            if not math.isclose(s["speedup"], b / a, rel_tol=1e-9):
                fails.append("speedup %s != %s / %s" % (s["speedup"], b, a))
        elif s["speedup"] is not None:
            fails.append("speedup %s without both rates" % s["speedup"])
    for f in fails:
        print("CHECK FAILED: " + f)
    if not fails:
        print("CHECK ok: %s" % json.dumps(fig))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
