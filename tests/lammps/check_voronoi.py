#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks for the files written by in.voronoi_cuzr (run in the run directory;
standard library only).  Columns of cells.dump:
 id type | vi: n3 n4 n5 n6 n_more coord vol | va: vol nfaces |
 ve (max_order 10): n3..n10 n_more coord vol
Columns of top.txt (vi) and top10.txt (ve), after the row number:
 n3 n4 n5 n6 count fraction, then the mean n7 .. n_max, n_more of the type"""
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

# c_vi[*] and c_ve[*] in the dump: every per-atom column (7 and 11)
header = lines[start - 1].split()[2:]
want = (["id", "type"] + ["c_vi[%d]" % k for k in range(1, 8)] + ["c_va[1]", "c_va[2]"] +
        ["c_ve[%d]" % k for k in range(1, 12)])
check(header == want and all(len(r) == len(want) for r in rows),
      "c_ID[*] in dump custom gives all per-atom columns: " + " ".join(header))

dvol = max(abs(r[8] - r[9]) for r in rows)
check(dvol < 1e-9, "per-atom volumes (c_vi[*] column 7) equal voronoi/atom (max diff %.2e)" % dvol)
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


def check_top(path, ntop, first, ncols):
    """The top-ntop types of the per-atom columns first.. (ncols of them) of
    cells.dump: type, count, fraction, then the mean of the columns after n6
    up to n_more."""
    top = [[float(x) for x in r] for r in table(path) if len(r) == ncols + 1]
    types = collections.defaultdict(list)
    for r in rows:
        types[tuple(int(x) for x in r[first:first + 4])].append(r[first + 4:first + ncols - 2])
    expect = sorted(types.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:ntop]
    ok = len(top) == len(expect)
    for r, (t, members) in zip(top, expect):
        c = len(members)
        means = [sum(m[k] for m in members) / c for k in range(ncols - 6)]
        ok = ok and tuple(int(x) for x in r[1:5]) == t and int(r[5]) == c
        ok = ok and abs(r[6] - c / n) < 1e-12
        ok = ok and all(abs(a - b) < 1e-9 for a, b in zip(r[7:], means))
    check(ok, "%s: %d columns (c_ID[*]), top-%d types, counts, fractions, mean n7..n_more" %
          (path, ncols, ntop))


check_top("top.txt", 8, 2, 7)
check_top("top10.txt", 10, 11, 11)
sys.exit(1 if fail else 0)
