#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks the output of examples/glass-transition/run.sh (used by the `tutorial`
ctest on the QUICK=1 run):

  check_results.py [--min-events N] OUTDIR

* every stage produced its files (quench, snapshots, inherent structures, event
  logs and per-atom dumps, walks, heating runs, results, figures);
* every walk made attempts, and a walk with an events dump has its number of
  distinct minima, told apart by structure, in results.json ("minima" >= 1);
* every inherent structure converged (largest force <= the threshold of in.is);
* the numbers are sane: Tg finite and inside the quench range, S finite and > 0
  with at least N converged events per inherent structure, S_struct finite and
  > 0, excess entropies finite;
* the barrier spectrum of every inherent structure recomputed here from its
  event logs (read with src/python/pelstat_eventlog.py; histogram from 0 in
  bins of the stated width, as `pelstat spectrum` bins by default): the
  attempts and converged saddles, N, the mean barrier, S = -sum P ln P
  (to 1e-9) and D = exp(S) of this S equal what analyze.py wrote; the same
  for the spectrum of every converged saddle (keys *_all: statuses other than
  trivial and fail_index with a saddle energy and a positive barrier);
* the ftol comparison: for every value of FTOL_COMPARE, campaigns of the
  glass and the liquid IS whose logs record that ftol, and their spectra in
  results.json as recomputed here; figure 10.

Exit status 0 when all checks pass, 1 otherwise (each failure is printed).
Standard library only.
"""
import argparse
import glob
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "python"))
import pelstat_eventlog  # noqa: E402


def spectrum(x, w):
    """N, mean and S = -sum P ln P of the barriers x in bins of width w from 0
    up to the largest barrier rounded up to a bin (values < 0 or not finite
    left out), computed here without pelstat."""
    q = [v for v in x if math.isfinite(v) and v >= 0.0]
    if not q:
        return 0, None, None
    nb = max(1, math.ceil(max(q) / w - 1e-9))
    counts = [0] * nb
    for v in q:
        counts[min(nb - 1, int(math.floor(v / w)))] += 1
    n = len(q)
    return n, math.fsum(q) / n, -math.fsum(c / n * math.log(c / n) for c in counts if c)


def fmt_ftol(conf, f):
    """the ftol as run.sh wrote it into the file names (the FTOL_COMPARE word)"""
    return next(w for w in conf["FTOL_COMPARE"].split() if float(w) == f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--min-events", type=int, default=2)
    a = ap.parse_args()
    out = a.out
    bad = []

    def need(cond, msg):
        if not cond:
            bad.append(msg)
        return cond

    def exists(name):
        return need(os.path.exists(os.path.join(out, name)) and os.path.getsize(os.path.join(out, name)) > 0,
                    "missing or empty: " + name)

    if not exists("results.json"):
        print("\n".join(bad))
        return 1
    with open(os.path.join(out, "results.json")) as f:
        res = json.load(f)
    conf = res["config"]
    temps = [float(t) for t in conf["IS_TEMPS"].split()]
    for name in ("run.conf", "quench.dat", "log.quench", "glass_final.data", "heat_glass.dat", "heat_xtal.dat",
                 "results.tsv", "timings.tsv"):
        exists(name)
    for t in temps:
        tag = "%g" % t
        for name in ("snap_%s.data", "is_%s.data", "is_%s.txt", "barriers_%s.dump.0"):
            exists(name % tag)
        need(glob.glob(os.path.join(out, "events_%s.log*" % tag)), "no event log for IS %s K" % tag)
    walks = glob.glob(os.path.join(out, "walk_*.log"))
    need(len(walks) == 2, "expected 2 walk logs, found %d" % len(walks))
    for w in res.get("walks", []):
        need(w["attempts"] > 0, "%s: no attempts" % w["file"])
        if os.path.exists(os.path.join(out, w["file"][:-4] + ".events.dump")):
            # the minima of the walk told apart by structure (walk_minima.py)
            need(isinstance(w.get("minima"), int) and w["minima"] >= 1 and w.get("minima_by") == "structure",
                 "%s: %s distinct minima by %s in results.json (expected >= 1 by structure)"
                 % (w["file"], w.get("minima"), w.get("minima_by")))
    for k in range(1, 11 if conf.get("FTOL_COMPARE", "").split() else 10):
        need(glob.glob(os.path.join(out, "fig%d_*.png" % k)), "figure %d missing" % k)

    def finite(x):
        return isinstance(x, (int, float)) and math.isfinite(x)

    def check_spectra(r, what, files):
        """both spectra of r against the event logs files, recomputed here"""
        ev = pelstat_eventlog.read_many(files).records
        x = pelstat_eventlog.barriers(ev)
        xall = [e.barrier for e in ev if pelstat_eventlog.is_converged(e) and e.status != "trivial"
                and e.barrier > 0]
        need(r.get("attempts") == len(ev) and r.get("saddles") == len(x),
             "%s: %s attempts, %s saddles in results.json; the event logs hold %d and %d"
             % (what, r.get("attempts"), r.get("saddles"), len(ev), len(x)))
        need((r.get("n") or 0) >= a.min_events, "%s: %s converged events (< %d)" % (what, r.get("n"), a.min_events))
        for suffix, xs in (("", x), ("_all", xall)):
            n, mean, S = spectrum(xs, res["bin"])
            need(r.get("n" + suffix) == n, "%s: n%s = %s in results.json, %d barriers in the logs"
                 % (what, suffix, r.get("n" + suffix), n))
            if n == 0:
                continue
            Sr, Dr, mr = r.get("S" + suffix), r.get("D" + suffix), r.get("mean" + suffix)
            need(finite(Sr) and Sr >= 0 and abs(Sr - S) <= 1e-9 * max(1.0, S),
                 "%s: S%s = %s in results.json, %.12g from the event logs (bin %g)" % (what, suffix, Sr, S, res["bin"]))
            need(finite(Dr) and abs(Dr - math.exp(S)) <= 1e-9 * math.exp(S),
                 "%s: D%s = %s in results.json, exp(S) of the event logs %.12g" % (what, suffix, Dr, math.exp(S)))
            need(finite(mr) and mr > 0 and abs(mr - mean) <= 1e-12 * mean,
                 "%s: mean%s %s in results.json, %.15g from the event logs" % (what, suffix, mr, mean))
            need(finite(r.get("S_err" + suffix)) and r["S_err" + suffix] >= 0,
                 "%s: bootstrap error%s %s" % (what, suffix, r.get("S_err" + suffix)))
        need((r.get("n_all") or 0) >= (r.get("n") or 0), "%s: fewer converged saddles (%s) than connected ones (%s)"
             % (what, r.get("n_all"), r.get("n")))

    q = res["quench"]
    tlo, thi = float(conf["TMIN"]), float(conf["TMELT"])
    need(finite(q.get("Tg")) and tlo < q["Tg"] < thi, "Tg = %s not inside the quench range [%g, %g] K"
         % (q.get("Tg"), tlo, thi))
    for k in ("V", "E", "H"):
        f = q["fits"].get(k)
        need(f and finite(f["Tg"]) and tlo < f["Tg"] < thi, "two-line fit of %s failed or outside the range" % k)
    need(len(res["is"]) == len(temps), "results for %d of %d inherent structures" % (len(res["is"]), len(temps)))
    for r in res["is"]:
        T = r["T"]
        need(r.get("converged") is True, "IS %g K: minimization not converged (fmax %s)" % (T, r.get("fmax")))
        need(finite(r.get("e_is_per_atom")) and -7 < r["e_is_per_atom"] < -3,
             "IS %g K: energy %s eV/atom" % (T, r.get("e_is_per_atom")))
        need(finite(r.get("S_struct")) and r["S_struct"] > 0, "IS %g K: S_struct %s" % (T, r.get("S_struct")))
        need(r.get("attempts", 0) > 0, "IS %g K: no ART attempts" % T)
        check_spectra(r, "IS %g K" % T, sorted(glob.glob(os.path.join(out, "events_%g.log*" % T))))
        need(r.get("dS_exc_kB") is None or finite(r["dS_exc_kB"]), "IS %g K: excess entropy not finite" % T)
    ftols = [float(f) for f in conf.get("FTOL_COMPARE", "").split()]
    for f in ftols:
        for T in (min(temps), max(temps)):
            files = sorted(glob.glob(os.path.join(out, "events_%g_ftol%s.log*" % (T, fmt_ftol(conf, f)))))
            if not need(files, "no event log of the ftol %g campaign of IS %g K" % (f, T)):
                continue
            logged = {float(pelstat_eventlog.read(fn).params.get("ftol", "nan")) for fn in files}
            need(logged == {f}, "IS %g K: the ftol %g campaign's logs record ftol %s" % (T, f, sorted(logged)))
            p = [p for p in res.get("protocols", []) if p["T"] == T and p["ftol"] == f and not p.get("default")]
            if need(len(p) == 1, "IS %g K: %d protocol rows of ftol %g in results.json" % (T, len(p), f)):
                check_spectra(p[0], "IS %g K, ftol %g" % (T, f), files)
    ti = res.get("thermo_integration", {})
    need("error" not in ti, "thermodynamic integration failed: %s" % ti.get("error"))
    need(all(finite(x) for x in ti.get("dS_exc_kB", [float("nan")])), "excess entropy curve not finite")

    for b in bad:
        print("FAIL:", b)
    n_ev = sum(r.get("n") or 0 for r in res["is"])
    print("%s: %d inherent structures, %d converged events, Tg = %.0f K, %s" %
          (out, len(res["is"]), n_ev, q.get("Tg") or float("nan"), "OK" if not bad else "%d failures" % len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
