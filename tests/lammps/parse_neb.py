#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Read the last line of a LAMMPS NEB universe log (log.lammps in the run
directory) and write the forward barrier EBF to the file argv[1]; with
argv[2] (a file holding a barrier) and argv[3] (a tolerance), also check that
the two barriers agree."""
import sys

rows, head = [], None
with open("log.lammps") as f:
    for line in f:
        w = line.split()
        if w and w[0] == "Step" and "EBF" in w:
            head = w
        elif head and len(w) > 8 and w[0].isdigit():
            rows.append(w)
if not rows:
    sys.exit("parse_neb.py: no NEB table in log.lammps")
last = dict(zip(head[:8], rows[-1][:8]))    # Step MaxReplicaForce ... EBF EBR
ebf, fmax = float(last["EBF"]), float(last["MaxReplicaForce"])
print("NEB: forward barrier %.6f eV, max replica force %.4f eV/A after step %s" %
      (ebf, fmax, last["Step"]))
if not fmax < 0.01 + 1e-12:
    sys.exit("parse_neb.py: NEB did not converge to the force tolerance")
with open(sys.argv[1], "w") as f:
    f.write("%.10f\n" % ebf)
if len(sys.argv) > 3:
    other, tol = float(open(sys.argv[2]).read()), float(sys.argv[3])
    ok = abs(other - ebf) <= tol
    print("%s: ART barrier %.5f eV vs NEB %.5f eV (|diff| %.2g <= %g)" %
          ("CHECK ok" if ok else "CHECK FAILED", other, ebf, abs(other - ebf), tol))
    sys.exit(0 if ok else 1)
