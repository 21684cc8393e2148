#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare two fix artn event logs line by line, as one does after changing
the engine without meaning to change its results:

    tools/compare-eventlogs.py BEFORE AFTER [--etol 1e-9]

Every record must have the same event, center, attempt, status, force_calls,
force_calls_saddle and natoms_moved; the energies (e_initial, e_saddle,
barrier, e_final, asymmetry) must agree within --etol (energy units) and the
eigenvalue, dr_saddle and dmax_saddle within --rtol relative.  Columns one of
the logs lacks (older versions write fewer) are not compared.  Prints the
first differences and a summary; exit status 1 if the logs differ."""
import argparse
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src",
                                "python"))
import pelstat_eventlog as pel  # noqa: E402

EXACT = ("event", "center", "attempt", "status", "force_calls", "force_calls_saddle",
         "natoms_moved")
ENERGY = ("e_initial", "e_saddle", "barrier", "e_final", "asymmetry")
RELATIVE = ("eigenvalue", "dr_saddle", "dmax_saddle")


def close(a, b, tol):
    if math.isnan(a) and math.isnan(b):
        return True
    return abs(a - b) <= tol


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--etol", type=float, default=1e-9, help="energies (default 1e-9)")
    ap.add_argument("--rtol", type=float, default=1e-6,
                    help="eigenvalue and distances, relative (default 1e-6)")
    ap.add_argument("--show", type=int, default=10, help="differences printed (default 10)")
    a = ap.parse_args()
    before, after = pel.read(a.before), pel.read(a.after)
    common = set(before.columns) & set(after.columns)
    diffs = []
    if len(before.records) != len(after.records):
        diffs.append("%d records against %d" % (len(before.records), len(after.records)))
    worst = {c: 0.0 for c in ENERGY + RELATIVE}
    for r, s in zip(before.records, after.records):
        for c in EXACT:
            if c in common and r[c] != s[c]:
                diffs.append("line %d/%d: %s %r against %r" % (r.line, s.line, c, r[c], s[c]))
        for c in ENERGY + RELATIVE:
            if c not in common:
                continue
            x, y = r[c], s[c]
            tol = a.etol if c in ENERGY else a.rtol * max(1.0, abs(x))
            if not close(x, y, tol):
                diffs.append("line %d/%d: %s %.17g against %.17g" % (r.line, s.line, c, x, y))
            elif not math.isnan(x):
                worst[c] = max(worst[c], abs(x - y))
    for d in diffs[:a.show]:
        print(d)
    statuses = {}
    for r in after.records:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    print("%s against %s: %d records (%s), %d differences; largest |diff| of the energies %.2g, "
          "of eigenvalue %.2g, dr_saddle %.2g, dmax_saddle %.2g"
          % (a.before, a.after, len(after.records),
             ", ".join("%s %d" % kv for kv in sorted(statuses.items())), len(diffs),
             max(worst[c] for c in ENERGY), worst["eigenvalue"], worst["dr_saddle"],
             worst["dmax_saddle"]))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
