#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks on a fix artn event log (run directory): every converged saddle has
a negative eigenvalue and a finite positive barrier, asymmetry = e_final -
e_initial; with --neb REF, the lowest barrier equals the NEB barrier within
--tol eV; with --min-connected F, at least a fraction F of the converged
saddles are connected; with --same-as, the same events as a reference run.

With --input IN --lmp LMP, energies are recomputed by LAMMPS alone, without
fix artn: the commands of IN before its `fix ... artn` command (plugin
commands left out) set up the same system in a plain LAMMPS run (in
recompute/), which
- evaluates the starting configuration: in sample mode every attempt's
  e_initial equals its potential energy;
- if the fix writes dump_saddles FILE: reads every saddle frame into that
  system with read_dump and runs 0 steps: the potential energy equals the
  logged e_saddle, minus the starting energy the logged barrier, and the
  largest per-atom force of the fix group is below the fix's ftol; every
  converged saddle of the log has a frame and every frame a saddle record.
Energies agree within ETOL = 1e-6 energy units (about 1e-9 of the total
energy of these systems; the dump holds positions to 12 digits).

Usage: check_artn.py [--log events.txt*] [--neb ref.txt] [--tol 0.003] [--differs-from ref2]
                     [--min-saddles N] [--min-connected F] [--same-as events.cmp]
                     [--input in.x --lmp LMP [--var NAME VALUE ...]]"""
import argparse
import glob
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog  # noqa: E402
from lmpinput import commands, frames, keyword  # noqa: E402

ETOL = 1e-6  # energy units
FTOL_SLACK = 1e-6  # relative: the dump rounds positions to 12 digits

ap = argparse.ArgumentParser()
ap.add_argument("--log", default="events.txt*")
ap.add_argument("--neb")
ap.add_argument("--tol", type=float, default=0.003)
ap.add_argument("--differs-from", metavar="REF",
                help="a barrier file (another system's NEB): the lowest barrier differs from it "
                "by more than 10 x --tol (so that --neb tells the two systems apart)")
ap.add_argument("--pair-share", type=float, default=0.0,
                help="least share of the loop time under Pair in LAMMPS's timing breakdown "
                "(log.lammps): the force calls are timed as LAMMPS times its own")
ap.add_argument("--min-saddles", type=int, default=1)
ap.add_argument("--min-connected", type=float, default=0.0,
                help="least fraction of the converged saddles that are connected (status saddle)")
ap.add_argument("--same-as", help="events.cmp of a reference run: same attempts, statuses, "
                "force calls, barriers within 1e-5")
ap.add_argument("--input", help="the LAMMPS input of the test, for the recomputation")
ap.add_argument("--lmp", help="a LAMMPS executable for the recomputation (no plugin needed)")
ap.add_argument("--var", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                help="index variables the input needs (TESTDIR is its own folder)")
args = ap.parse_args()

paths = sorted(glob.glob(args.log))
rows = pelstat_eventlog.read_many(paths).records
fail = 0


def check(cond, what):
    global fail
    print(("CHECK ok: " if cond else "CHECK FAILED: ") + what)
    fail += not cond


sad = [r for r in rows if pelstat_eventlog.is_saddle(r)]
check(len(sad) >= args.min_saddles, "%d converged saddles in %d attempts" % (len(sad), len(rows)))
check(all(r.eigenvalue < 0 for r in sad), "negative eigenvalue at every saddle")
check(all(math.isfinite(r.barrier) for r in sad), "finite barriers")
check(all(r.barrier > 0 for r in sad), "positive barriers")
check(all(abs(r.e_final - r.e_initial - r.asymmetry) < 1e-9 for r in sad),
      "asymmetry = e_final - e_initial")
if args.neb and sad:
    ref = float(open(args.neb).read())
    low = min(r.barrier for r in sad)
    check(abs(low - ref) <= args.tol,
          "lowest barrier %.5f eV vs NEB %.5f eV (|diff| %.2g <= %g)" % (low, ref, abs(low - ref),
                                                                       args.tol))
if args.differs_from and sad:
    other = float(open(args.differs_from).read())
    low = min(r.barrier for r in sad)
    check(abs(low - other) > 10 * args.tol,
          "lowest barrier %.5f eV differs from %.5f eV of %s by %.3g > %g" %
          (low, other, args.differs_from, abs(low - other), 10 * args.tol))
if args.pair_share > 0:
    shares = [float(m.group(1)) / 100 for m in
              re.finditer(r"^Pair\s*\|.*\|\s*([0-9.]+)\s*$", open("log.lammps").read(), re.M)]
    check(bool(shares) and shares[-1] >= args.pair_share,
          "Pair's share of the loop time in LAMMPS's timing breakdown %s >= %g"
          % ("%.3f" % shares[-1] if shares else "(no breakdown)", args.pair_share))
if args.min_connected > 0:
    nconv = sum(1 for r in rows if pelstat_eventlog.is_converged(r))
    frac = len(sad) / nconv if nconv else 0.0
    check(frac >= args.min_connected, "%d connected of %d converged saddles (%.2f >= %.2f)"
          % (len(sad), nconv, frac, args.min_connected))


# ---------------------------------------------------------------- recomputation

def recompute():
    cmds = commands(args.input)
    k = next((k for k, (_, w) in enumerate(cmds) if len(w) >= 4 and w[0] == "fix" and
              w[3] == "artn"), None)
    if k is None:
        check(False, "%s has a fix artn command" % args.input)
        return
    fix = cmds[k][1]
    group = fix[2]
    # the ftol the run used, from the event log's header (it records every keyword)
    ftol = float(pelstat_eventlog.read(paths[0]).params.get("ftol", "nan")) if paths else math.nan
    mode = keyword(fix, "mode", "sample")
    dump = keyword(fix, "dump_saddles")
    setup = [text for text, w in cmds[:k] if w[:1] != ["plugin"]]
    frame = {}
    if dump:
        if len(paths) != 1:
            check(False, "dump_saddles with %d event logs: one expected" % len(paths))
            return
        frame = frames(dump)
    work = "recompute"
    os.makedirs(work, exist_ok=True)
    script = setup + [
        "# ---- check_artn.py: energies and forces without fix artn",
        "variable pelstat_fn atom sqrt(fx*fx+fy*fy+fz*fz)",
        "compute pelstat_fmax %s reduce max v_pelstat_fn" % group,
        "compute pelstat_pe all pe",  # the total, never normalized by the atom count
        "thermo_style custom step c_pelstat_pe c_pelstat_fmax",
        "run 0",
        'print "PELSTAT_E0 $(c_pelstat_pe:%.17g)"']
    if frame:
        with open(os.path.join(work, "saddles.dump"), "w") as f:
            for step in sorted(frame):
                f.write(frame[step])
        for step in sorted(frame):
            script += ["read_dump saddles.dump %d x y z box no replace yes purge no trim no add no"
                       % step,
                       "run 0",
                       'print "PELSTAT_SADDLE %d $(c_pelstat_pe:%%.17g) $(c_pelstat_fmax:%%.17g)"'
                       % step]
    with open(os.path.join(work, "in.recompute"), "w") as f:
        f.write("\n".join(script) + "\n")
    cmd = [args.lmp, "-in", "in.recompute", "-log", "log.lammps", "-var", "TESTDIR",
           os.path.dirname(os.path.abspath(args.input))]
    for name, value in args.var:
        cmd += ["-var", name, value]
    p = subprocess.run(cmd, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    e0 = [float(m.group(1)) for m in re.finditer(r"^PELSTAT_E0 (\S+)$", p.stdout, re.M)]
    got = {int(m.group(1)): (float(m.group(2)), float(m.group(3)))
           for m in re.finditer(r"^PELSTAT_SADDLE (\d+) (\S+) (\S+)$", p.stdout, re.M)}
    if p.returncode != 0 or len(e0) != 1 or len(got) != len(frame):
        check(False, "LAMMPS recomputation in %s (exit %d):\n%s" % (os.path.abspath(work),
                                                                   p.returncode, p.stdout[-3000:]))
        return
    e0 = e0[0]
    if mode == "sample":
        worst = max((abs(r.e_initial - e0) for r in rows), default=0.0)
        check(bool(rows) and worst <= ETOL,
              "e_initial of %d attempts = energy of the starting configuration by LAMMPS "
              "%.10f (largest |diff| %.2g <= %g)" % (len(rows), e0, worst, ETOL))
    if not dump:
        return
    steps = sorted(r.event for r in sad)
    check(steps == sorted(frame), "one frame of %s for each of the %d saddle records (%d frames)"
          % (dump, len(sad), len(frame)))
    de = db = fm = 0.0
    for r in sad:
        if r.event not in got:
            continue
        pe, fmax = got[r.event]
        de = max(de, abs(pe - r.e_saddle))
        db = max(db, abs(pe - e0 - r.barrier))
        fm = max(fm, fmax)
    check(de <= ETOL, "e_saddle = energy of the dumped saddle by LAMMPS (largest |diff| %.2g <= %g)"
          % (de, ETOL))
    check(db <= ETOL, "barrier = energy of the dumped saddle - that of the starting configuration"
          " by LAMMPS (largest |diff| %.2g <= %g)" % (db, ETOL))
    check(fm < ftol * (1 + FTOL_SLACK), "largest per-atom force of group %s at the dumped saddles "
          "%.3g < ftol %g" % (group, fm, ftol))


if args.input:
    if not args.lmp:
        sys.exit("check_artn.py: --input needs --lmp")
    recompute()

# the events without timings, for comparisons across runs (ranks, load paths)
with open("events.cmp", "w") as f:
    for r in sorted(rows, key=lambda r: (r.center, r.attempt)):
        f.write("%d %d %s %.10f %d\n" % (r.center, r.attempt, r.status,
                                         r.barrier if pelstat_eventlog.is_saddle(r) else 0.0,
                                         r.force_calls))
if args.same_as:
    mine = [l.split() for l in open("events.cmp")]
    ref = [l.split() for l in open(args.same_as)]
    same = len(mine) == len(ref) and all(
        a[:3] == b[:3] and a[4] == b[4] and abs(float(a[3]) - float(b[3])) <= 1e-5
        for a, b in zip(mine, ref))
    check(same, "the same %d events as %s" % (len(ref), args.same_as))
sys.exit(1 if fail else 0)
