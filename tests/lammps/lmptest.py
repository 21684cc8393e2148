#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run a LAMMPS input script as a pelstat test (standard library only).

Each run happens in a fresh directory under the build tree, with
-var PLUGIN <pelstat.so> -var TESTDIR <tests/lammps> plus any --var.
A passing run exits 0 and prints 'PELSTAT_TEST_OK' (the input's last line),
and prints no 'CHECK FAILED'.  With --expect-error, the run must instead fail
with an 'ERROR' line that matches the regular expression.  With several
--run entries, the files named by --compare must agree across runs (numbers to
--rtol/--atol; words exactly), e.g. 1 vs 4 MPI ranks, or lmp_pelstat vs
`plugin load` in a PLUGIN-enabled LAMMPS.

  lmptest.py --name NAME --input in.x --plugin build/pelstat.so
             --run EXE:NP [--run EXE:NP ...] [--var k v ...] [--lmp-args ARGS]
             [--expect-error REGEX] [--compare FILE ...] [--check SCRIPT]
             [--check-all SCRIPT]
"""
import argparse
import math
import os
import re
import shutil
import subprocess
import sys


def mpi_env():
    env = dict(os.environ)
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    env.setdefault("OMPI_MCA_rmaps_base_oversubscribe", "1")
    env.setdefault("OMP_NUM_THREADS", "1")
    return env


def run_one(args, exe, nprocs, workdir):
    if os.path.isdir(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    cmd = []
    if nprocs > 1:
        cmd += [args.mpirun, "--oversubscribe", "-np", str(nprocs)]
    cmd += [exe, "-in", os.path.abspath(args.input), "-log", "log.lammps",
            "-var", "PLUGIN", os.path.abspath(args.plugin),
            "-var", "TESTDIR", os.path.dirname(os.path.abspath(args.input))]
    for k, v in args.var:
        cmd += ["-var", k, v]
    cmd += args.lmp_args.split()
    print("+ (cd %s && %s)" % (workdir, " ".join(cmd)), flush=True)
    try:
        p = subprocess.run(cmd, cwd=workdir, env=mpi_env(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        print("FAIL: timed out after %d s" % args.timeout)
        return None, ""
    out = p.stdout.decode(errors="replace")
    with open(os.path.join(workdir, "output.txt"), "w") as f:
        f.write(out)
    return p.returncode, out


def tokens(path):
    with open(path) as f:
        return [line.split() for line in f if line.strip() and not line.startswith("#")]


def same_files(a, b, rtol, atol):
    ta, tb = tokens(a), tokens(b)
    if len(ta) != len(tb):
        return "line counts differ: %d vs %d" % (len(ta), len(tb))
    for n, (la, lb) in enumerate(zip(ta, tb)):
        if len(la) != len(lb):
            return "line %d: %d vs %d fields" % (n + 1, len(la), len(lb))
        for x, y in zip(la, lb):
            try:
                fx, fy = float(x), float(y)
            except ValueError:
                if x != y:
                    return "line %d: '%s' vs '%s'" % (n + 1, x, y)
                continue
            if math.isnan(fx) and math.isnan(fy):
                continue  # "nan" and "-nan" both mean not a number
            if fx != fy and not abs(fx - fy) <= atol + rtol * max(abs(fx), abs(fy)):
                return "line %d: %s vs %s" % (n + 1, x, y)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--run", action="append", required=True, help="EXE:NP")
    ap.add_argument("--var", nargs=2, action="append", default=[])
    ap.add_argument("--expect-error")
    ap.add_argument("--compare", nargs="+", default=[])
    ap.add_argument("--rtol", type=float, default=1e-10)
    ap.add_argument("--atol", type=float, default=1e-10)
    ap.add_argument("--check", help="program run in each run directory after the run")
    ap.add_argument("--check-all", help="program run once after all runs, with the run "
                    "directories as arguments")
    ap.add_argument("--lmp-args", default="", help="extra LAMMPS command-line arguments, "
                    "e.g. '-partition 2x1'")
    ap.add_argument("--workroot", default=os.path.join(os.getcwd(), "lmptest"))
    ap.add_argument("--mpirun", default=shutil.which("mpirun") or "mpirun")
    ap.add_argument("--timeout", type=int, default=1200)
    args = ap.parse_args()

    failures = 0
    dirs = []
    for i, spec in enumerate(args.run):
        exe, _, np = spec.rpartition(":")
        workdir = os.path.join(args.workroot, args.name, "run%d-np%s" % (i, np))
        dirs.append(workdir)
        rc, out = run_one(args, exe, int(np), workdir)
        if rc is None:
            failures += 1
            continue
        if args.expect_error:
            errs = [l for l in out.splitlines() if l.startswith("ERROR")]
            if rc == 0:
                print("FAIL: expected an error matching /%s/, but the run succeeded" % args.expect_error)
                failures += 1
            elif not any(re.search(args.expect_error, l) for l in errs):
                print("FAIL: expected an error matching /%s/, got:\n%s" %
                      (args.expect_error, "\n".join(errs) or out[-3000:]))
                failures += 1
            else:
                print("ok: %s" % [l for l in errs if re.search(args.expect_error, l)][0])
            if "Segmentation fault" in out or "signal 11" in out:
                print("FAIL: crashed")
                failures += 1
            continue
        bad = [l for l in out.splitlines() if "CHECK FAILED" in l]
        if rc != 0 or bad or "PELSTAT_TEST_OK" not in out:
            print("FAIL: exit %d, %d failed checks\n%s" % (rc, len(bad), out[-4000:]))
            failures += 1
            continue
        for l in out.splitlines():
            if l.startswith("CHECK"):
                print(l)
        if args.check:
            c = subprocess.run(args.check.split(), cwd=workdir)
            if c.returncode != 0:
                print("FAIL: check %s failed in %s" % (args.check, workdir))
                failures += 1

    if not failures:
        for f in args.compare:
            for d in dirs[1:]:
                why = same_files(os.path.join(dirs[0], f), os.path.join(d, f), args.rtol, args.atol)
                if why:
                    print("FAIL: %s differs between %s and %s: %s" % (f, dirs[0], d, why))
                    failures += 1
                else:
                    print("ok: %s identical in %s and %s" % (f, os.path.basename(dirs[0]),
                                                              os.path.basename(d)))
    if not failures and args.check_all:
        c = subprocess.run(args.check_all.split() + dirs)
        if c.returncode != 0:
            print("FAIL: check %s failed" % args.check_all)
            failures += 1
    print("%s: %s" % (args.name, "passed" if not failures else "FAILED"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
