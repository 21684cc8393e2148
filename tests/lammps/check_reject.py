#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks for in.artn_reject (run directory): early.txt (default
reject_margin) and full.txt (reject_margin 0: every backward side relaxed to
its minimum) hold the same attempts with the same verdicts, saddles and final
minima; the early stop never costs force calls, saves some on at least one
attempt, and only on rejected saddles (fail_connect)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
from pelstat_eventlog import read  # noqa: E402

failures = []


def check(cond, what):
    """Print one verdict; remember the failed ones for the exit status."""
    print("CHECK %s: %s" % ("ok" if cond else "FAILED", what))
    if not cond:
        failures.append(what)


early = read("early.txt").records
full = read("full.txt").records
check(len(early) == len(full) >= 4, "%d and %d attempts" % (len(early), len(full)))


def same_event(a, b):
    """Same attempt, verdict and saddle, energies bit for bit: both campaigns
    start from the same data read the same way (in.artn_reject), so on any
    number of ranks they sum forces alike up to the early stop."""
    if any(a[k] != b[k] for k in ("center", "attempt", "status", "force_calls_saddle")):
        return False
    for k in ("barrier", "e_final"):
        x, y = a[k], b[k]
        if not (x == y or (x != x and y != y)):
            return False
    return True


for a, b in zip(early, full):
    ev = "event %d (center %d attempt %d, %s)" % (a.event, a.center, a.attempt, a.status)
    check(same_event(a, b), ev + ": same verdict and saddle (barrier %.10g and %.10g eV)"
          % (a.barrier, b.barrier))
    ca, cb = a.force_calls, b.force_calls
    check(ca <= cb, ev + ": %d force calls with the early stop, %d without" % (ca, cb))
    if ca < cb:
        check(a.status == "fail_connect", ev + ": calls saved only on a rejected saddle")
saved = [b.force_calls - a.force_calls for a, b in zip(early, full)]
check(sum(1 for s in saved if s > 0) >= 1,
      "the early stop saved force calls on %d attempts (%d calls)"
      % (sum(1 for s in saved if s > 0), sum(saved)))
sys.exit(1 if failures else 0)
