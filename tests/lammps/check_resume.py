#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks for in.artn_resume (run directory): the resumed log part.txt holds
the same records as the uninterrupted full.txt (every column but the wall
time), and the configuration after sample-mode events is bit-identical."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
from pelstat_eventlog import read, same_record  # noqa: E402

fail = 0


def check(cond, what):
    global fail
    print(("CHECK ok: " if cond else "CHECK FAILED: ") + what)
    fail += not cond


full = read("full.txt").records
part_log = read("part.txt")
part = part_log.records
check(len(full) >= 6, "the uninterrupted campaign has %d attempts" % len(full))
check(len(part) == len(full) and all(same_record(a, b) for a, b in zip(part, full)),
      "resumed log equals the uninterrupted one (%d vs %d records)" % (len(part), len(full)))
check(any(c.startswith("resumed after 3 attempts") for c in part_log.comments),
      "the log notes where it was resumed")
check(not os.path.exists("part.txt.7"),
      "the sibling log with only the start of a header was skipped and removed")


def atoms(path):
    with open(path) as f:
        lines = f.read().splitlines()
    i = next(k for k, l in enumerate(lines) if l.startswith("ITEM: ATOMS"))
    return lines[i + 1:]


check(atoms("before.dump") == atoms("after.dump"),
      "positions and image flags bit-identical after sample-mode events")
sys.exit(1 if fail else 0)
