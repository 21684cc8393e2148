#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks of in.artn_local (run directory; standard library only): the
campaign with local force calls (events.txt) against the same campaign with
full calls (full.txt), on a vacancy in Cu:
- every attempt of events.txt made local calls (force_calls_local > 0), and
  its cost lies between its full calls and its full plus local calls (a local
  call costs a share of a full one, 0 < share < 1); full.txt made none (cost
  = force_calls);
- both find connected saddles for at least half of the 12 centers, and their
  lowest barriers (the vacancy hop) agree within TOL eV.
Why TOL = 2e-4 eV: at ftol 0.001 eV/A two converged points of the same saddle
differ in energy by about F^2 / (2 |lambda|) with F <= ftol and |lambda| ~
0.3 eV/A^2 along the softest direction: ~2e-6 eV; the soft rigid-translation
mode of the periodic cell measured ~1e-5 eV (0.688606 against 0.688617 eV).
TOL leaves a factor 20 over that; a local search that stopped short or a
barrier measured without the far atoms' relaxation (~1e-3 eV here) fails.
Usage: check_local.py [--tol 2e-4] [RUN_DIR ...]"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog  # noqa: E402

here = os.getcwd()

ap = argparse.ArgumentParser()
ap.add_argument("--tol", type=float, default=2e-4)
ap.add_argument("dirs", nargs="*", default=["."], help="run directories")
args = ap.parse_args()
fails = 0


def check(ok, what):
    global fails
    print("%s: %s" % ("CHECK ok" if ok else "CHECK FAILED", what), flush=True)
    fails += 0 if ok else 1


for d in args.dirs:
    print("run directory %s" % d)
    os.chdir(d)
    local = pelstat_eventlog.read("events.txt").records
    full = pelstat_eventlog.read("full.txt").records
    check(local and all(r.force_calls_local > 0 for r in local),
          "every one of the %d attempts with active_radius made local calls (%s)"
          % (len(local), sorted(r.force_calls_local for r in local)))
    check(all(r.force_calls < r.cost < r.force_calls + r.force_calls_local for r in local),
          "force_calls < cost < force_calls + force_calls_local in every attempt (cost %s)"
          % sorted(round(r.cost) for r in local))
    check(full and all(r.force_calls_local == 0 and r.cost == r.force_calls for r in full),
          "the %d attempts with full calls: no local call, cost = force_calls" % len(full))
    bl = sorted(r.barrier for r in local if pelstat_eventlog.is_saddle(r))
    bf = sorted(r.barrier for r in full if pelstat_eventlog.is_saddle(r))
    check(len(bl) >= 6 and len(bf) >= 6, "connected saddles: %d local, %d full (>= 6 each)"
          % (len(bl), len(bf)))
    if bl and bf:
        check(abs(bl[0] - bf[0]) <= args.tol, "lowest barrier %.6f eV (local search, refined) vs "
              "%.6f eV (full calls): |diff| %.2g <= %g" % (bl[0], bf[0], abs(bl[0] - bf[0]),
                                                          args.tol))
    cl = sum(r.cost for r in local) / len(local)
    cf = sum(r.cost for r in full) / len(full)
    print("cost per attempt in full-call equivalents: %.0f with active_radius, %.0f without" % (cl, cf))
    os.chdir(here)
sys.exit(1 if fails else 0)
