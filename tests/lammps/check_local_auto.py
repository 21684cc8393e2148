#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks of in.artn_local_auto, in its run directory (standard library only):
- the 11x11x11-cell box: auto chose full calls (header active_radius 0) and
  said why in the LAMMPS log (the region would hold 0.50 of the box);
- the 12x12x12-cell box: auto chose R = twice the pair cutoff (header
  active_radius 11.01358), said so, and every attempt made local calls;
- the same campaign with that radius given as a number (given.txt): the
  same records but for the timing columns (the same computation: barriers to
  1e-9 relative);
- the same centers with active_radius 0 (full.txt): no local call, and the
  barriers of the centers where both found a connected saddle (the vacancy
  hop; a search may end otherwise in one mode, the two take other paths)
  within TOL = 2e-4 eV (check_local.py says why: two converged points of one
  saddle at ftol 0.001);
- writes auto.cmp (center, status, barrier of auto.txt) for the comparison
  across rank counts.
Usage: check_local_auto.py [--tol 2e-4]"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog  # noqa: E402

CUTOFF = 5.50679  # Cu_mishin1.eam.alloy

ap = argparse.ArgumentParser()
ap.add_argument("--tol", type=float, default=2e-4)
args = ap.parse_args()
verdicts = []


def check(ok, what):
    """print the verdict on `what`, keep it for the exit status"""
    verdicts.append(bool(ok))
    print("CHECK %s: %s" % ("ok" if ok else "FAILED", what), flush=True)


with open("log.lammps") as f:
    said = [l.strip() for l in f if "active_radius auto:" in l]
check(any("active_radius auto: 0, full force calls (a region of radius 19.52 would hold 0.50 "
          "of the box, more than 0.45)" in l for l in said),
      "11 cells: auto said full calls, and why (%s)" % said[:1])
check(any("active_radius auto: 11.01 (local force calls; the region, radius 19.52, holds 0.38 "
          "of the box)" in l for l in said),
      "12 cells: auto said local calls with R = 11.01 (%s)" % said[-1:])

a11 = pelstat_eventlog.read("auto11.txt")
check(a11.params.get("active_radius") == "0" and a11.params.get("natoms") == "5324",
      "auto11.txt: 5324 atoms, active_radius 0 in the header (%s)"
      % a11.params.get("active_radius"))

auto = pelstat_eventlog.read("auto.txt")
given = pelstat_eventlog.read("given.txt")
full = pelstat_eventlog.read("full.txt")
r_auto = float(auto.params.get("active_radius", "nan"))
check(abs(r_auto - 2.0 * CUTOFF) < 1e-9 and auto.params.get("natoms") == "6911",
      "auto.txt: 6911 atoms, active_radius %.10g = twice the cutoff" % r_auto)
check(abs(float(given.params.get("active_radius", "nan")) - r_auto) < 1e-9,
      "given.txt: the same radius in the header")
ra, rg, rf = auto.records, given.records, full.records
check(len(ra) == 2 and all(r.force_calls_local > 0 for r in ra),
      "auto.txt: %d attempts (2), all with local calls (%s)"
      % (len(ra), [r.force_calls_local for r in ra]))
check(len(rg) == len(ra) and all(
    pelstat_eventlog.same_record(x, y, ignore=("seconds",)) for x, y in zip(ra, rg)),
      "given.txt: the records of auto.txt")
check(len(rf) == len(ra) and all(r.force_calls_local == 0 for r in rf),
      "full.txt: %d attempts, no local call" % len(rf))
pairs = [(x, y) for x, y in zip(ra, rf) if x.center == y.center]
check(len(pairs) == len(ra), "auto and full: the same centers (statuses %s / %s)"
      % ([x.status for x in ra], [y.status for y in rf]))
conn = [(x.barrier, y.barrier) for x, y in pairs if pelstat_eventlog.is_saddle(x)
        and pelstat_eventlog.is_saddle(y)]
check(conn and all(abs(x - y) <= args.tol for x, y in conn),
      "connected barriers auto / full within %g eV: %s" % (args.tol, conn))

with open("auto.cmp", "w") as f:
    for r in ra:
        f.write("%d %s %.8f\n" % (r.center, r.status, r.barrier))
sys.exit(0 if all(verdicts) else 1)
