#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Walk mode at T = 0.

  check_walk.py
      in a run directory: e_initial never increases from one attempt to the
      next (fix artn counts energy changes below 0.1 init_ftol moved_dist,
      2e-6 eV with the defaults, as zero), at least 4 attempts; writes
      events.cmp for comparisons across ranks.  With --local, every attempt
      made local force calls (active_radius > 0 in the header).

  check_walk.py --lmp LMP --plugin PLUGIN --input IN [--var NAME VALUE ...] RUNDIR...
      the walk really moves the structure: IN is run again, serially, in
      RUNDIR[0]/../structure with a dump of the configuration after every
      step (one attempt per step) and must log the same attempts as every
      RUNDIR.  Between consecutive frames an atom moves by more than
      connect_dist (minimum image) exactly when an event was accepted: every
      such move follows a converged saddle that does not go uphill
      (asymmetry <= 1e-4 eV), every saddle that goes down by more than 1e-4 eV
      is followed by a move, every failed attempt and every uphill saddle by
      none; and at least one attempt moves the structure.
"""
import argparse
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog  # noqa: E402

ZERO = 2e-6    # eV: energy differences fix artn counts as zero (defaults)
UPHILL = 1e-4  # eV: asymmetries clearly above or below zero


def verdict(cond, what):
    print(("CHECK ok: " if cond else "CHECK FAILED: ") + what)
    return bool(cond)


def run_dir_checks(local):
    log = pelstat_eventlog.read("events.txt")
    rows = log.records
    e = [r.e_initial for r in rows]
    ok = verdict(all(b <= a + ZERO for a, b in zip(e, e[1:])),
                 "e_initial never increases (%d attempts, %d converged saddles)"
                 % (len(rows), sum(1 for r in rows if pelstat_eventlog.is_saddle(r))))
    ok &= verdict(len(rows) >= 4, "%d attempts >= 4" % len(rows))
    if local:
        ok &= verdict(float(log.params.get("active_radius", "0")) > 0 and
                      all(r.force_calls_local > 0 for r in rows),
                      "active_radius %s: every attempt made local calls (%s)"
                      % (log.params.get("active_radius"), [r.force_calls_local for r in rows]))
    with open("events.cmp", "w") as f:
        for r in rows:
            f.write("%d %d %s %.10f %d\n" % (r.center, r.attempt, r.status, r.e_initial,
                                             r.force_calls))
    return ok


def commands(lines):
    """(index of the first line, words without the comment) of each command of
    a LAMMPS input given as lines; continuation lines ('&') joined."""
    out, buf, first = [], "", None
    for k, line in enumerate(lines):
        first = k if first is None else first
        if line.rstrip().endswith("&"):
            buf += line.rstrip()[:-1] + " "
            continue
        text, buf = buf + line, ""
        try:
            words = shlex.split(text, comments=True)
        except ValueError:
            words = text.split("#")[0].split()
        out.append((first, words))
        first = None
    return out


def dump_frames(path):
    """(step, box lengths, {id: (x, y, z)}) for each frame of a text dump of an
    orthogonal box."""
    out = []
    with open(path) as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        step = int(lines[i + 1])
        n = int(lines[i + 3])
        box = [float(w[1]) - float(w[0]) for w in (lines[i + 5 + d].split() for d in range(3))]
        atoms = {}
        for l in lines[i + 9:i + 9 + n]:
            w = l.split()
            atoms[int(w[0])] = tuple(float(v) for v in w[1:4])
        out.append((step, box, atoms))
        i += 9 + n
    return out


def largest_displacement(a, b, box):
    worst = 0.0
    for k, p in a.items():
        q = b[k]
        d2 = 0.0
        for x, y, L in zip(p, q, box):
            d = y - x
            d -= L * round(d / L)
            d2 += d * d
        worst = max(worst, d2)
    return worst ** 0.5


def structure_checks(args):
    here = os.path.dirname(os.path.abspath(args.input))
    text = open(args.input).read().splitlines()
    cmds = commands(text)
    fix = next((c for c in cmds if len(c[1]) >= 4 and c[1][0] == "fix" and c[1][3] == "artn"),
               None)
    run = next((c for c in cmds if fix and c[0] > fix[0] and c[1][:1] == ["run"]), None)
    if not run:
        return verdict(False, "%s has a fix artn command and a run after it" % args.input)
    connect = float(fix[1][fix[1].index("connect_dist") + 1]) \
        if "connect_dist" in fix[1][:-1] else 0.1
    text[run[0]:run[0]] = ["dump pelstat_walk all custom 1 walk.dump id x y z",
                           "dump_modify pelstat_walk sort id format float %.17g"]
    work = os.path.join(os.path.dirname(os.path.abspath(args.dirs[0])), "structure")
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "in.walk_dump"), "w") as f:
        f.write("\n".join(text) + "\n")
    cmd = [args.lmp, "-in", "in.walk_dump", "-log", "log.lammps", "-var", "PLUGIN", args.plugin,
           "-var", "TESTDIR", here]
    for name, value in args.var:
        cmd += ["-var", name, value]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    p = subprocess.run(cmd, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if p.returncode != 0 or "PELSTAT_TEST_OK" not in p.stdout:
        return verdict(False, "the walk with a dump in %s (exit %d):\n%s"
                       % (work, p.returncode, p.stdout[-3000:]))
    rows = pelstat_eventlog.read(os.path.join(work, "events.txt")).records
    ok = True
    for d in args.dirs:
        ref = pelstat_eventlog.read(os.path.join(d, "events.txt")).records
        ok &= verdict(len(ref) == len(rows) and all(
            (a.center, a.attempt, a.status) == (b.center, b.attempt, b.status) and
            abs(a.e_initial - b.e_initial) <= 1e-5 for a, b in zip(rows, ref)),
            "the walk with a dump made the same %d attempts as %s" % (len(rows), d))
    frames = dump_frames(os.path.join(work, "walk.dump"))
    if not verdict(len(frames) == len(rows) + 1 and
                   [f[0] for f in frames] == list(range(frames[0][0], frames[0][0] + len(frames))),
                   "%d frames, one before the first attempt and one after each of %d"
                   % (len(frames), len(rows))):
        return False
    moves = 0
    for r, (_, box, a), (_, _, b) in zip(rows, frames, frames[1:]):
        dmax = largest_displacement(a, b, box)
        moved = dmax > connect
        moves += moved
        saddle = pelstat_eventlog.is_saddle(r)
        what = "attempt %d (center %d, %s, asymmetry %.3g eV): largest displacement %.3g A" % (
            r.event, r.center, r.status, r.asymmetry, dmax)
        if moved:
            ok &= verdict(saddle and r.asymmetry <= UPHILL,
                          what + ": a move, after a saddle that does not go uphill")
        elif saddle and r.asymmetry < -UPHILL:
            ok &= verdict(False, what + ": a downhill saddle, yet no move")
        elif saddle and r.asymmetry > UPHILL or not saddle:
            ok &= verdict(True, what + ": no move (%s)" % ("uphill" if saddle else "failed"))
        else:
            print("CHECK ok: " + what + ": no move (level within %g eV)" % UPHILL)
    ok &= verdict(moves >= 1, "the walk moved the structure %d times in %d attempts (an atom by "
                  "more than connect_dist %g A)" % (moves, len(rows), connect))
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lmp")
    ap.add_argument("--plugin")
    ap.add_argument("--input")
    ap.add_argument("--var", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    ap.add_argument("--local", action="store_true", help="every attempt made local calls")
    ap.add_argument("dirs", nargs="*")
    args = ap.parse_args()
    if args.lmp:
        if not (args.plugin and args.input and args.dirs):
            sys.exit("check_walk.py: --lmp needs --plugin, --input and run directories")
        return 0 if structure_checks(args) else 1
    return 0 if run_dir_checks(args.local) else 1


if __name__ == "__main__":
    sys.exit(main())
