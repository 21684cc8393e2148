#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks for the files written by in.voronoi_radical.  Columns of cells.dump:
 id type | plain: n3 n4 n5 n6 n_more coord vol | equal radii: same 7 |
 radii by type: coord vol | voronoi/atom radius: vol nfaces |
 radii 1e155: same 7 | radii 1e300: same 7"""
import sys

fail = 0


def check(cond, what):
    global fail
    print(("CHECK ok: " if cond else "CHECK FAILED: ") + what)
    fail += not cond


with open("cells.dump") as f:
    lines = f.read().splitlines()
start = next(i for i, l in enumerate(lines) if l.startswith("ITEM: ATOMS")) + 1
rows = [list(map(float, l.split())) for l in lines[start:]]
check(all(len(r) == 34 for r in rows), "c_ID[*] in dump custom gives all 7 per-atom columns")
check(all(r[2:8] == r[9:15] and abs(r[8] - r[15]) < 1e-9 for r in rows),
      "equal radii give the plain Voronoi cells")
check(all(r[2:9] == r[20:27] and r[2:9] == r[27:34] for r in rows),
      "equal radii of 1e155 and 1e300 give the plain Voronoi cells")
d = max(abs(r[17] - r[18]) for r in rows)
check(d < 1e-9 and all(r[16] == r[19] for r in rows),
      "radical cells equal voronoi/atom radius (max volume diff %.2e)" % d)
with open("global.txt") as f:
    total = float([l for l in f if not l.startswith("#")][-1].split()[1])
check(abs(sum(r[17] for r in rows) - total) < 1e-9 * total, "global volume = sum of cells")
small = [r[17] for r in rows if r[1] == 1]
large = [r[17] for r in rows if r[1] == 2]
check(sum(large) / len(large) > sum(small) / len(small), "larger radii get larger cells")
sys.exit(1 if fail else 0)
