#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks on a fix artn event log (run directory): every converged saddle has
a negative eigenvalue, barrier = e_saddle - e_initial, a positive barrier; and,
with --neb REF, the lowest barrier equals the NEB barrier within --tol eV.
With --min-connected F, at least a fraction F of the converged saddles must be
connected.
Usage: check_artn.py [--log events.txt] [--neb ref.txt] [--tol 0.003]
                     [--min-saddles N] [--min-connected F] [--same-as events.cmp]"""
import argparse
import glob
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eventlog import read_events  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--log", default="events.txt*")
ap.add_argument("--neb")
ap.add_argument("--tol", type=float, default=0.003)
ap.add_argument("--min-saddles", type=int, default=1)
ap.add_argument("--min-connected", type=float, default=0.0,
                help="least fraction of the converged saddles that are connected (status saddle)")
ap.add_argument("--same-as", help="events.cmp of a reference run: same attempts, statuses, "
                "force calls, barriers within 1e-5")
args = ap.parse_args()

rows = [r for path in sorted(glob.glob(args.log)) for r in read_events(path)]
fail = 0


def check(cond, what):
    global fail
    print(("CHECK ok: " if cond else "CHECK FAILED: ") + what)
    fail += not cond


sad = [r for r in rows if r["status"] == "saddle"]
check(len(sad) >= args.min_saddles, "%d converged saddles in %d attempts" % (len(sad), len(rows)))
check(all(float(r["eigenvalue"]) < 0 for r in sad), "negative eigenvalue at every saddle")
check(all(abs(float(r["e_saddle"]) - float(r["e_initial"]) - float(r["barrier"])) < 1e-9
          for r in sad), "barrier = e_saddle - e_initial")
check(all(float(r["barrier"]) > 0 for r in sad), "positive barriers")
check(all(abs(float(r["e_final"]) - float(r["e_initial"]) - float(r["asymmetry"])) < 1e-9
          for r in sad), "asymmetry = e_final - e_initial")
check(all(math.isfinite(float(r["barrier"])) for r in sad), "finite barriers")
if args.neb and sad:
    ref = float(open(args.neb).read())
    low = min(float(r["barrier"]) for r in sad)
    check(abs(low - ref) <= args.tol,
          "lowest barrier %.5f eV vs NEB %.5f eV (|diff| %.2g <= %g)" % (low, ref, abs(low - ref),
                                                                       args.tol))
if args.min_connected > 0:
    nconv = sum(1 for r in rows if math.isfinite(float(r["e_saddle"])))
    frac = len(sad) / nconv if nconv else 0.0
    check(frac >= args.min_connected, "%d connected of %d converged saddles (%.2f >= %.2f)"
          % (len(sad), nconv, frac, args.min_connected))
# the events without timings, for comparisons across runs (ranks, load paths)
with open("events.cmp", "w") as f:
    for r in sorted(rows, key=lambda r: (int(r["center"]), int(r["attempt"]))):
        f.write("%s %s %s %.10f %s\n" % (r["center"], r["attempt"], r["status"],
                                          float(r["barrier"]) if r["status"] == "saddle" else 0.0,
                                          r["force_calls"]))
if args.same_as:
    mine = [l.split() for l in open("events.cmp")]
    ref = [l.split() for l in open(args.same_as)]
    same = len(mine) == len(ref) and all(
        a[:3] == b[:3] and a[4] == b[4] and abs(float(a[3]) - float(b[3])) <= 1e-5
        for a, b in zip(mine, ref))
    check(same, "the same %d events as %s" % (len(ref), args.same_as))
sys.exit(1 if fail else 0)
