#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks for the files written by in.voronoi_cuzr (run in the run directory;
standard library only).  Columns of cells.dump:
 id type | vi: n3 n4 n5 n6 n_more coord vol | va: vol nfaces |
 ve (max_order 10): n3..n10 n_more coord vol"""
import collections
import math
import sys

fail = 0


def check(cond, what):
    global fail
    print(("CHECK ok: " if cond else "CHECK FAILED: ") + what)
    fail += not cond


def table(path):
    with open(path) as f:
        return [l.split() for l in f if l.strip() and not l.startswith("#")]


with open("cells.dump") as f:
    lines = f.read().splitlines()
start = next(i for i, l in enumerate(lines) if l.startswith("ITEM: ATOMS")) + 1
box = [list(map(float, lines[i].split())) for i in range(5, 8)]
rows = [list(map(float, l.split())) for l in lines[start:]]
n = len(rows)

dvol = max(abs(r[8] - r[9]) for r in rows)
check(dvol < 1e-9, "per-atom volumes equal voronoi/atom (max diff %.2e)" % dvol)
check(all(r[7] == r[10] for r in rows), "per-atom face counts equal voronoi/atom")
euler = [3 * r[11] + 2 * r[12] + r[13] - r[15] - 2 * r[16] - 3 * r[17] - 4 * r[18] for r in rows]
check(all(e == 12 for e in euler) and all(r[19] == 0 for r in rows),
      "sum_k (6-k) n_k = 12 for every cell")
check(all(r[2:6] == r[11:15] and r[6] == sum(r[15:20]) for r in rows),
      "max_order 10 refines max_order 6 (n_more of 6 = n7+...)")

edges = table("edges.txt")[1:]   # after the "step nrows" line
hist = [float(r[1]) for r in edges]   # faces with 1..10 edges, then more
ours = [sum(r[11 + k] for r in rows) for k in range(8)]   # 3..10 edges
check(hist[2:10] == ours and hist[10] == sum(r[19] for r in rows),
      "faces per edge count equal voronoi/atom edge_histo")

types = collections.Counter(tuple(int(x) for x in r[2:6]) for r in rows)
S = -sum(c / n * math.log(c / n) for c in types.values())
g = [float(x) for x in table("global.txt")[-1]]
check(g[1] == n, "atoms analysed")
check(abs(g[2] - S) < 1e-9, "S_struct %.10f equals %.10f from the dump" % (g[2], S))
check(abs(g[3] - math.exp(S)) < 1e-9 * g[3], "D_struct = exp(S_struct)")
check(g[4] == len(types), "distinct types")
check(abs(g[5] - types[(0, 0, 12, 0)] / n) < 1e-12, "fraction of <0,0,12,0>")
vol = (box[0][1] - box[0][0]) * (box[1][1] - box[1][0]) * (box[2][1] - box[2][0])
check(abs(g[6] - vol) < 1e-8 * vol, "volumes sum to the box volume")
top = [r for r in table("top.txt") if len(r) == 7]
expect = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
check(len(top) == 8 and all(
    tuple(int(float(x)) for x in r[1:5]) == t and int(float(r[5])) == c and
    abs(float(r[6]) - c / n) < 1e-12 for r, (t, c) in zip(top, expect)),
    "top-8 types, counts and fractions")
sys.exit(1 if fail else 0)
