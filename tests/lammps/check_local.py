#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks of in.artn_local (run directory; standard library only): the
campaign with local force calls (events.txt) against the same campaign with
full calls (full.txt), on a vacancy in Cu:
- every attempt of events.txt made local calls (force_calls_local > 0), and
  its cost lies between its full calls and its full plus local calls (a local
  call costs a share of a full one, 0 < share < 1); full.txt made none (cost
  = force_calls): the default, active_radius auto, chose full calls, its
  region (19.5 A) not fitting twice in the box;
- every one of the 12 local attempts ends as a connected saddle (the hop of
  a nearest neighbour into the vacancy borders the initial minimum; a
  relaxation on inexact local energies, an EAM embedding term counted in some
  calls and not in others, rejected 4 of them); the campaign with full calls
  finds connected saddles for at least half of the centers, and the lowest
  barriers (the vacancy hop) agree within TOL eV;
- the campaign with active_pad 0.3 (grow.txt), whose regions grow as the
  hopping atom moves (grown.txt: the count, > 0), and every fifth local call
  checked against a full call (verify_local: at least 100 checks, none
  beyond 1e-10 relative, or fix artn stops), logs the same events as
  the default pad: the same status per center and barriers within 1e-6 eV
  (the same search with a larger region: forces on the moving atoms are the
  same sums, energies differ by round-off; measured 1e-11 eV).
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
    full_log = pelstat_eventlog.read("full.txt")
    full = full_log.records
    check(full_log.params.get("active_radius") == "0",
          "the default (auto) made full calls in the 32.5 A box: active_radius %s in the header"
          % full_log.params.get("active_radius"))
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
    check(len(local) == 12 and len(bl) == 12 and len(bf) >= 6,
          "connected saddles: %d of %d local (all 12), %d full (>= 6)"
          % (len(bl), len(local), len(bf)))
    grow = pelstat_eventlog.read("grow.txt").records
    with open("grown.txt") as f:
        grown = [float(w) for w in f.read().split()[1:5]]
    check(grown[0] > 0 and grown[1] == 0,
          "active_pad 0.3: the regions grew %d times, no search made again with full calls (%d)"
          % (grown[0], grown[1]))
    check(grown[2] >= 100 and grown[3] <= 1e-10,
          "verify_local 5: %d local calls checked against full calls (>= 100), largest relative "
          "difference %.2g (<= 1e-10)" % (grown[2], grown[3]))
    same = len(grow) == len(local) and all(
        a.center == b.center and a.status == b.status
        and (not pelstat_eventlog.is_saddle(a) or abs(a.barrier - b.barrier) <= 1e-6)
        for a, b in zip(local, grow))
    check(same, "active_pad 0.3 gives the events of active_pad 3 (status per center, barriers "
          "within 1e-6 eV): %s" % [(b.center, b.status, round(b.barrier - a.barrier, 9))
                                   for a, b in zip(local, grow)])
    if bl and bf:
        check(abs(bl[0] - bf[0]) <= args.tol, "lowest barrier %.6f eV (local search, refined) vs "
              "%.6f eV (full calls): |diff| %.2g <= %g" % (bl[0], bf[0], abs(bl[0] - bf[0]),
                                                          args.tol))
    cl = sum(r.cost for r in local) / len(local)
    cf = sum(r.cost for r in full) / len(full)
    print("cost per attempt in full-call equivalents: %.0f with active_radius, %.0f without" % (cl, cf))
    os.chdir(here)
sys.exit(1 if fails else 0)
