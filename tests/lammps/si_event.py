#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""After in.si_walk (run directory): write the NEB final-state file (argv[1])
from final.dump and the barrier of the accepted event (argv[2])."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eventlog import read_events  # noqa: E402

rows = read_events("events.txt")
if len(rows) != 1 or rows[0]["status"] != "saddle" or float(rows[0]["asymmetry"]) >= 0:
    sys.exit("si_event.py: expected one downhill saddle, got %s" % rows)
with open("final.dump") as f:
    lines = f.read().splitlines()
i = next(k for k, l in enumerate(lines) if l.startswith("ITEM: ATOMS"))
atoms = lines[i + 1:]
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % len(atoms))
    f.write("\n".join(atoms) + "\n")
with open(sys.argv[2], "w") as f:
    f.write(rows[0]["barrier"] + "\n")
print("ART event: barrier %s eV, asymmetry %s eV" % (rows[0]["barrier"], rows[0]["asymmetry"]))
