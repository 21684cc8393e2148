#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Barriers of the same events at several ftol (ftol_study.sh): the event
logs of one campaign (same seed, same structure) run at each ftol, the
tightest last.  An event is an attempt (center, attempt number) that gave a
connected saddle (status saddle) in every log and moved about the same atoms
(dmax_saddle within 0.5 A of the tightest run's: the same saddle, not another
one found from the same push).  For each looser ftol it prints the change of
those barriers against the tightest (median and 90th percentile of the
absolute change, median signed change), and for every log the connected
saddles, the share of converged points whose logged second eigenvalue is not
below -index_tol, and the force calls per attempt.

    ftol_study.py LOG_0.05 LOG_0.02 LOG_0.01 LOG_0.005"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog as pel  # noqa: E402

SAME_DMAX = 0.5  # Angstrom


def percentile(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    pos = q * (len(xs) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def main(paths):
    if len(paths) < 2:
        sys.exit(__doc__)
    logs = [pel.read(p) for p in paths]
    ftols = [float(log.params.get("ftol", "nan")) for log in logs]
    for log, f in zip(logs, ftols):
        recs = log.records
        conv = [r for r in recs if pel.is_converged(r)]
        tol = float(log.params.get("index_tol", "0.01"))
        known = [r.eigenvalue2 for r in conv if math.isfinite(r.eigenvalue2)]
        fo = sum(1 for v in known if v >= -tol) / len(known) if known else float("nan")
        print("ftol %-6g first_order %-3s: %d attempts, %d connected saddles, first-order share "
              "%.2f, %.0f force calls per attempt"
              % (f, log.params.get("first_order", "?"), len(recs),
                 sum(1 for r in recs if pel.is_saddle(r)), fo,
                 sum(r.force_calls for r in recs) / max(1, len(recs))))
    ref = {(r.center, r.attempt): r for r in logs[-1].records if pel.is_saddle(r)}
    for log, f in zip(logs[:-1], ftols[:-1]):
        d = []
        for r in log.records:
            t = ref.get((r.center, r.attempt))
            if t and pel.is_saddle(r) and abs(r.dmax_saddle - t.dmax_saddle) < SAME_DMAX:
                d.append(r.barrier - t.barrier)
        a = [abs(x) for x in d]
        print("ftol %g against %g: %d same events, |change| median %.4f eV, 90th percentile "
              "%.4f eV, signed median %+.4f eV"
              % (f, ftols[-1], len(d), percentile(a, 0.5), percentile(a, 0.9),
                 percentile(d, 0.5)))


if __name__ == "__main__":
    main(sys.argv[1:])
