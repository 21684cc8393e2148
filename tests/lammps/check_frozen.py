#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""in.artn_lj: atoms outside the fix group (frozen.dump) sit at their initial
positions (before.dump) in every saddle of saddles.dump, and some mobile atom
did move.  Arguments: run directories (default: the current one)."""
import os
import sys


def frames(path):
    with open(path) as f:
        lines = f.read().splitlines()
    out, i = [], 0
    while i < len(lines):
        if lines[i].startswith("ITEM: NUMBER OF ATOMS"):
            n = int(lines[i + 1])
            j = next(k for k in range(i, len(lines)) if lines[k].startswith("ITEM: ATOMS"))
            out.append({int(w[0]): [float(v) for v in w[2:5]]
                        for w in (l.split() for l in lines[j + 1:j + 1 + n])})
            i = j + 1 + n
        else:
            i += 1
    return out


def check_dir():
    before = frames("before.dump")[0]
    with open("frozen.dump") as f:
        lines = f.read().splitlines()
    i = next(k for k, l in enumerate(lines) if l.startswith("ITEM: ATOMS"))
    frozen = [int(l.split()[0]) for l in lines[i + 1:]]
    saddles = frames("saddles.dump")
    ok = len(saddles) > 0 and len(frozen) > 0
    worst, moved = 0.0, 0.0
    for s in saddles:
        for a in frozen:
            worst = max(worst, max(abs(p - q) for p, q in zip(s[a], before[a])))
        moved = max(moved, max(max(abs(p - q) for p, q in zip(s[a], before[a])) for a in s))
    ok = ok and worst < 1e-9 and moved > 0.1
    print(("CHECK ok: " if ok else "CHECK FAILED: ") +
          "%d saddles: %d frozen atoms moved at most %.2g, mobile atoms up to %.3g" %
          (len(saddles), len(frozen), worst, moved))
    return ok


fails = 0
for d in sys.argv[1:] or ["."]:
    cwd = os.getcwd()
    os.chdir(d)
    fails += not check_dir()
    os.chdir(cwd)
sys.exit(1 if fails else 0)
