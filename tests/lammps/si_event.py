#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""After in.si_walk (run directory): write the NEB final-state file (argv[1])
from final.dump and the barrier of the accepted event (argv[2])."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog  # noqa: E402

rows = pelstat_eventlog.read("events.txt").records
if len(rows) != 1 or not pelstat_eventlog.is_saddle(rows[0]) or rows[0].asymmetry >= 0:
    sys.exit("si_event.py: expected one downhill saddle, got %s" % rows)
with open("final.dump") as f:
    lines = f.read().splitlines()
i = next(k for k, l in enumerate(lines) if l.startswith("ITEM: ATOMS"))
atoms = lines[i + 1:]
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % len(atoms))
    f.write("\n".join(atoms) + "\n")
with open(sys.argv[2], "w") as f:
    f.write("%.17g\n" % rows[0].barrier)
print("ART event: barrier %.6f eV, asymmetry %.6f eV" % (rows[0].barrier, rows[0].asymmetry))
