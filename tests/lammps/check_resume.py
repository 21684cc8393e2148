#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks for in.artn_resume (run directory): the resumed log part.txt holds
the same records as the uninterrupted full.txt (every column but the wall
time), and the configuration after sample-mode events is bit-identical."""
import sys

fail = 0


def check(cond, what):
    global fail
    print(("CHECK ok: " if cond else "CHECK FAILED: ") + what)
    fail += not cond


def records(path):
    cols, out = None, []
    with open(path) as f:
        text = f.read()
    for line in text.splitlines():
        if line.startswith("# columns:"):
            cols = line.split(":", 1)[1].split()
        elif line and not line.startswith("#"):
            r = dict(zip(cols, line.split("\t")))
            r.pop("seconds")
            out.append(r)
    return out, text


full, _ = records("full.txt")
part, text = records("part.txt")
check(len(full) >= 6, "the uninterrupted campaign has %d attempts" % len(full))


def same(a, b):
    """Equal records: words and integers exactly, energies to 1e-9 (the
    force summation order of a run may differ from another's at 1e-13)."""
    if a.keys() != b.keys():
        return False
    for k in a:
        if a[k] == b[k]:
            continue
        try:
            x, y = float(a[k]), float(b[k])
        except ValueError:
            return False
        if "." not in a[k] or not abs(x - y) <= 1e-9 * max(1.0, abs(x)):
            return False
    return True


check(len(part) == len(full) and all(same(a, b) for a, b in zip(part, full)),
      "resumed log equals the uninterrupted one (%d vs %d records)" % (len(part), len(full)))
check("# resumed after 3 attempts" in text, "the log notes where it was resumed")


def atoms(path):
    with open(path) as f:
        lines = f.read().splitlines()
    i = next(k for k, l in enumerate(lines) if l.startswith("ITEM: ATOMS"))
    return lines[i + 1:]


check(atoms("before.dump") == atoms("after.dump"),
      "positions and image flags bit-identical after sample-mode events")
sys.exit(1 if fail else 0)
