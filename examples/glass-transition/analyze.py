#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Numbers of the glass-transition tutorial (Han et al., PRB 101, 064205 (2020)).

  analyze.py [--pelstat PATH] [--bin w] [--nboot N] [--tg-range LO HI] OUTDIR

Reads what run.sh wrote in OUTDIR (run.conf, quench.dat, is_*.txt, events_*.log*,
walk_*.log, walk_*.events.dump, heat_*.dat, timings.tmp/tsv) and writes
OUTDIR/results.json and OUTDIR/results.tsv:

* Tg from a two-line (hinge) fit of V(T), E(T) and H(T) of the quench (Fig. 1);
* per inherent structure: energy, convergence of the minimization, Voronoi S_struct
  and D_struct (compute voronoi/index), ART statistics, and the barrier spectrum
  of `pelstat spectrum --json` (the code of compute barrier/spectrum): S, its
  bootstrap error, D, the two-mode fit W, eps, W', mu, sigma and their bootstrap
  spread (Figs. 2, 3, 5, 8); twice: of the connected saddles (the events) and,
  keys with the suffix _all, of every converged saddle (`--converged`, the
  spectrum of an ART study without the connectivity check);
* per campaign of the ftol comparison (events_T_ftolF.log*, FTOL_COMPARE of
  run.sh) and of the default campaign on the same structures and the same
  centers (those the comparison visited: the first FTOL_CENTERS of the same
  order): both spectra (results_protocols.tsv);
* per walk: attempts, connected events, accepted moves, and the distinct minima
  told apart by structure (walk_minima.py; by energy for a walk without an events
  dump): "minima" those of the Fig. 7 graph (the start and every connected
  event's final minimum), "minima_visited" those the walk stood on;
* a smooth step fit S(T) = a + c tanh((T - T0)/Delta) and its derivative (Fig. 6);
* the excess entropy of the glass/liquid over B2 CuZr by thermodynamic integration
  of the heating runs, Delta S(T) = int_T0^T (dH_glass - dH_xtal)/T (Fig. 9).

Needs numpy; re-runs itself with /usr/bin/python3 if the python3 that runs it lacks it.
"""
import os
import sys

try:
    import numpy as np
except ImportError:
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and \
            os.access("/usr/bin/python3", os.X_OK):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit("analyze.py: needs numpy (Debian: apt install python3-numpy)")

import argparse
import glob
import json
import math
import shutil
import subprocess
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "python"))
import pelstat_eventlog  # noqa: E402  (the package's reader of event logs)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import walk_minima  # noqa: E402  (the minima of a walk, told apart by structure)

KB = 8.617333262e-5  # eV/K


def read_conf(path):
    conf = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            k, v = line.split("=", 1)
            conf[k] = v.strip().strip('"')
    return conf


def read_keyvals(path):
    d = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.split("=", 1)
                v = v.strip()
                try:
                    d[k.strip()] = float(v)
                except ValueError:
                    d[k.strip()] = v
    return d


def read_thermo(path):
    """step T V E H rows of a fix ave/time file"""
    return np.loadtxt(path, comments="#", ndmin=2)


def binned(T, y, width):
    """averages of y in temperature bins of `width`; returns bin centers, means"""
    lo = math.floor(T.min() / width) * width
    idx = np.floor((T - lo) / width).astype(int)
    tc, ym = [], []
    for k in np.unique(idx):
        m = idx == k
        if m.sum() >= 1:
            tc.append(T[m].mean())
            ym.append(y[m].mean())
    return np.array(tc), np.array(ym)


def hinge_fit(T, y, lo, hi):
    """continuous two-line fit y = a + b T + c max(0, T - Tb); returns Tb and the lines"""
    m = (T >= lo) & (T <= hi)
    T, y = T[m], y[m]
    if len(T) < 8:
        return None
    best = None
    span = hi - lo
    for tb in np.arange(lo + 0.1 * span, hi - 0.1 * span, 2.0):
        A = np.column_stack([np.ones_like(T), T, np.maximum(0.0, T - tb)])
        coef, *_ = np.linalg.lstsq(A, y, rcond=None)
        sse = float(np.sum((A @ coef - y) ** 2))
        if best is None or sse < best[0]:
            best = (sse, tb, coef)
    sse, tb, (a, b, c) = best
    return {"Tg": float(tb), "a": float(a), "b_low": float(b), "b_high": float(b + c),
            "sse": sse, "range": [float(lo), float(hi)]}


def local_slope(T, y, half):
    """dy/dT by a linear fit over T +- half at every point"""
    out = np.full_like(T, np.nan)
    for i, t in enumerate(T):
        m = np.abs(T - t) <= half
        if m.sum() >= 3:
            out[i] = np.polyfit(T[m], y[m], 1)[0]
    return out


def analyze_quench(out, conf, tg_range):
    d = read_thermo(os.path.join(out, "quench.dat"))
    T, V, E, H = d[:, 1], d[:, 2], d[:, 3], d[:, 4]
    tmin, tmelt = float(conf.get("TMIN", 50)), float(conf.get("TMELT", 2000))
    lo, hi = tg_range if tg_range else (max(tmin + 50, 100.0), min(tmelt - 400, 1600.0))
    res = {"T_range": [float(T.min()), float(T.max())], "fit_range": [lo, hi], "fits": {}}
    for name, y in (("V", V), ("E", E), ("H", H)):
        res["fits"][name] = hinge_fit(T, y, lo, hi)
    tgs = [f["Tg"] for f in res["fits"].values() if f]
    res["Tg"] = float(np.mean(tgs)) if tgs else None
    res["Tg_spread"] = float(np.std(tgs)) if tgs else None
    tb, hb = binned(T, H, 50.0)
    cp = local_slope(tb, hb, 100.0) / KB
    res["Cp_T"] = tb.tolist()
    res["Cp_kB"] = [None if not np.isfinite(c) else float(c) for c in cp]
    return res


SPECTRUM_KEYS = ("n", "S", "D", "h", "mean", "std", "W", "eps", "Wp", "mu", "sigma", "r2", "S_err",
                 "W_boot", "eps_boot", "Wp_boot", "mu_boot", "sigma_boot", "fit_message")


def run_pelstat(pelstat, files, w, nboot, converged=False):
    cmd = [pelstat, "spectrum", "--json", "--bin", str(w), "--bootstrap", str(nboot), "--seed", "1"] + \
        (["--converged"] if converged else []) + files
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if p.returncode != 0:
        raise RuntimeError("pelstat spectrum failed: " + p.stderr.strip())
    return json.loads(p.stdout)


def spectra(pelstat, files, w, nboot):
    """both spectra of the logs: the connected saddles (keys as pelstat's) and
    every converged saddle (the same keys with the suffix _all); D_err from S_err"""
    r = {}
    for suffix, conv in (("", False), ("_all", True)):
        sp = run_pelstat(pelstat, files, w, nboot, conv) if files else {}
        for k in SPECTRUM_KEYS:
            r[k + suffix] = sp.get(k)
        d, e = r["D" + suffix], r["S_err" + suffix]
        r["D_err" + suffix] = d * e if d is not None and e is not None else None
        r["bins" + suffix] = sp.get("bins", [])
    return r


def event_stats(files):
    """attempts, converged saddles, force calls, seconds and statuses of the event logs"""
    logs = pelstat_eventlog.read_many(files)
    for log in logs.truncated:
        print("analyze.py: %s: line %d has no newline (a killed job?): left out"
              % (log.path, log.truncated_line))
    ev = logs.records
    att = len(ev)
    sad = sum(1 for r in ev if pelstat_eventlog.is_saddle(r))
    conv = sum(1 for r in ev if pelstat_eventlog.is_converged(r))
    status = {}
    for r in ev:
        status[r.status] = status.get(r.status, 0) + 1
    return {"attempts": att, "centers": len({r.center for r in ev}),
            "saddles": sad, "success_rate": sad / att if att else None,
            "converged_saddles": conv,
            "force_calls": sum(r.force_calls for r in ev), "seconds": math.fsum(r.seconds for r in ev),
            "status": status}


def restrict_log(path, centers, folder):
    """a copy of the event log at path in folder holding only the records of
    the given centers (every '#' line kept); returns its path"""
    log = pelstat_eventlog.read(path)
    col = log.columns.index("center")
    dst = os.path.join(folder, os.path.basename(path))
    with open(path) as f, open(dst, "w") as g:
        for line in f:
            if not line.endswith("\n"):
                break  # an unterminated last line: the reader leaves it out too
            if line.startswith("#") or not line.strip() or int(line.split("\t")[col]) in centers:
                g.write(line)
    return dst


def step_fit(T, S, err):
    """S(T) = a + c tanh((T - T0)/Delta): grid over T0, Delta, weighted linear a, c"""
    T, S = np.asarray(T, float), np.asarray(S, float)
    if len(T) < 4:
        return None
    wt = 1.0 / np.maximum(np.asarray(err, float), 1e-3)
    best = None
    for t0 in np.linspace(T.min(), T.max(), 120):
        for dl in np.linspace(30.0, max(60.0, 0.6 * (T.max() - T.min())), 60):
            A = np.column_stack([np.ones_like(T), np.tanh((T - t0) / dl)])
            coef, *_ = np.linalg.lstsq(A * wt[:, None], S * wt, rcond=None)
            chi2 = float(np.sum(((A @ coef - S) * wt) ** 2))
            if best is None or chi2 < best[0]:
                best = (chi2, t0, dl, coef)
    chi2, t0, dl, (a, c) = best
    return {"a": float(a), "c": float(c), "T0": float(t0), "Delta": float(dl), "chi2": chi2,
            "dSdT_extremum": float(c / dl), "T_extremum": float(t0)}


def thermo_integration(out, conf):
    g = read_thermo(os.path.join(out, "heat_glass.dat"))
    x = read_thermo(os.path.join(out, "heat_xtal.dat"))
    tmin = float(conf.get("TMIN", 50))
    t0 = tmin + 50.0
    tg, hg = binned(g[:, 1], g[:, 4], 25.0)
    tx, hx = binned(x[:, 1], x[:, 4], 25.0)
    mg, mx = tg >= t0, tx >= t0
    tg, hg, tx, hx = tg[mg], hg[mg], tx[mx], hx[mx]
    t0 = float(max(tg[0], tx[0]))  # both integrals start at the same, sampled temperature
    # crystal melting: the best step J*(T > Tm) on top of a quadratic H(T); melted if J > 0.05 eV/atom
    best = None
    for tm in tx[3:-3]:
        A = np.column_stack([np.ones_like(tx), tx, tx * tx, (tx > tm).astype(float)])
        coef, *_ = np.linalg.lstsq(A, hx, rcond=None)
        sse = float(np.sum((A @ coef - hx) ** 2))
        if best is None or sse < best[0]:
            best = (sse, float(tm), float(coef[3]))
    t_melt = best[1] if best and best[2] > 0.05 else None
    solid = tx < (t_melt - 50.0 if t_melt else np.inf)
    p = np.polyfit(tx[solid], hx[solid], 3)   # the solid branch, extrapolated above melting
    # S(T) - S(t0) = int dH/T, trapezoid on the binned glass data, fine grid for the crystal fit
    sg = np.concatenate([[0.0], np.cumsum(np.diff(hg) / (0.5 * (tg[1:] + tg[:-1])))])
    sg = sg - np.interp(t0, tg, sg)
    tt = np.linspace(t0, tg.max(), 2000)
    dh = np.polyval(np.polyder(p), tt)
    sx = np.concatenate([[0.0], np.cumsum(0.5 * (dh[1:] / tt[1:] + dh[:-1] / tt[:-1]) * np.diff(tt))])
    ds = (sg - np.interp(tg, tt, sx)) / KB
    return {"T0": t0, "T": tg.tolist(), "H_glass": hg.tolist(), "S_glass_kB": (sg / KB).tolist(),
            "T_xtal": tx.tolist(), "H_xtal": hx.tolist(), "xtal_fit": p.tolist(),
            "xtal_melt_T": t_melt, "dS_exc_kB": ds.tolist(),
            "natoms_xtal": None}


def fit_words(r, suffix):
    """the fit in words: eps, mu, sigma with their bootstrap spread, or why there is none"""
    if r.get("eps" + suffix) is None:
        why = r.get("fit_message" + suffix) or "no fit"
        return why.split(";")[0].replace("two-mode fit skipped: ", "no fit: ")

    def pm(k):
        v, e = r[k + suffix], r.get(k + "_boot" + suffix)
        return "%.3g" % v + (" +- %.2g" % e if e is not None else "")
    return "eps %s, mu %s, sigma %s eV" % (pm("eps"), pm("mu"), pm("sigma"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--pelstat")
    ap.add_argument("--bin", type=float, default=0.05)
    ap.add_argument("--nboot", type=int, default=200)
    ap.add_argument("--tg-range", type=float, nargs=2)
    a = ap.parse_args()
    out = a.out
    here = os.path.dirname(os.path.abspath(__file__))
    pelstat = a.pelstat or os.environ.get("PELSTAT") or shutil.which("pelstat") or \
        os.path.join(here, "..", "..", "build", "pelstat")
    conf = read_conf(os.path.join(out, "run.conf"))
    temps = sorted(float(t) for t in conf["IS_TEMPS"].split())
    res = {"paper": "Han et al., Phys. Rev. B 101, 064205 (2020)",
           "potential": conf.get("POTENTIAL"), "config": conf, "bin": a.bin}
    res["quench"] = analyze_quench(out, conf, a.tg_range)

    rows = []
    for t in temps:
        tag = "%g" % t
        r = {"T": t}
        r.update({k: v for k, v in read_keyvals(os.path.join(out, "is_%s.txt" % tag)).items() if k != "T_is"})
        r["converged"] = bool(r.get("converged") == 1.0)
        files = sorted(glob.glob(os.path.join(out, "events_%s.log*" % tag)))
        r["event_logs"] = [os.path.basename(f) for f in files]
        r.update(event_stats(files))
        r.update(spectra(pelstat, files, a.bin, a.nboot))
        rows.append(r)
    res["is"] = rows

    for suffix in ("", "_all"):
        good = [r for r in rows if r["S" + suffix] is not None and r["n" + suffix] and r["n" + suffix] >= 2]
        res["S_step_fit" + suffix] = step_fit(
            [r["T"] for r in good], [r["S" + suffix] for r in good],
            [r["S_err" + suffix] or 0.05 for r in good]) if len(good) >= 4 else None

    # the ftol comparison: campaigns events_T_ftolF.log* beside the default one of T
    protocols = []
    default_ftol = None
    for fn in sorted(glob.glob(os.path.join(out, "events_*_ftol*.log*"))):
        base = os.path.basename(fn)
        tag, ftol = base[len("events_"):].split(".log")[0].split("_ftol")
        key = (float(tag), float(ftol))
        if any((p["T"], p["ftol"]) == key for p in protocols):
            continue
        files = sorted(glob.glob(os.path.join(out, "events_%s_ftol%s.log*" % (tag, ftol))))
        p = {"T": key[0], "ftol": key[1], "event_logs": [os.path.basename(f) for f in files]}
        p.update(event_stats(files))
        p.update(spectra(pelstat, files, a.bin, a.nboot))
        protocols.append(p)
    for t in sorted({p["T"] for p in protocols}):
        r = next((r for r in rows if r["T"] == t), None)
        if r and r["event_logs"]:
            default_ftol = float(pelstat_eventlog.read(os.path.join(out, r["event_logs"][0])).params.get(
                "ftol", "nan"))
            # the default campaign on the centers the comparison visited (its first
            # FTOL_CENTERS of the same order when CENTERS_PER_IS is larger)
            centers = set()
            for p in protocols:
                if p["T"] == t and not p.get("default"):
                    centers |= {e.center for e in pelstat_eventlog.read_many(
                        [os.path.join(out, f) for f in p["event_logs"]]).records}
            logs = [os.path.join(out, f) for f in r["event_logs"]]
            own = {e.center for e in pelstat_eventlog.read_many(logs).records}
            if own <= centers:
                protocols.append(dict(r, ftol=default_ftol, default=True))
                continue
            with tempfile.TemporaryDirectory() as tmp:
                files = [restrict_log(f, centers, tmp) for f in logs]
                d = {"T": t, "ftol": default_ftol, "default": True, "event_logs": r["event_logs"]}
                d.update(event_stats(files))
                d.update(spectra(pelstat, files, a.bin, a.nboot))
            protocols.append(d)
    protocols.sort(key=lambda p: (p["T"], p["ftol"]))
    res["protocols"] = [{k: v for k, v in p.items() if k not in ("bins", "bins_all")} for p in protocols]
    res["protocol_bins"] = [{"T": p["T"], "ftol": p["ftol"], "bins": p["bins"], "bins_all": p["bins_all"]}
                            for p in protocols]

    walks = []
    for fn in sorted(glob.glob(os.path.join(out, "walk_*.log"))):
        ev = pelstat_eventlog.read(fn).records
        conv = [e for e in ev if pelstat_eventlog.is_saddle(e)]
        einit = [e.e_initial for e in ev]
        moves = sum(1 for i in range(1, len(einit)) if einit[i] != einit[i - 1])
        g = walk_minima.walk_graph(fn)
        walks.append({"file": os.path.basename(fn), "T_is": float(os.path.basename(fn)[5:-4]),
                      "attempts": len(ev), "converged": len(conv), "moves": moves,
                      "minima": len(g.energies), "minima_visited": len(set(g.visited)),
                      "minima_by": g.method,
                      "e_start": einit[0] if einit else None, "e_lowest": min(einit) if einit else None})
    res["walks"] = walks

    try:
        ti = thermo_integration(out, conf)
        for r in rows:
            r["dS_exc_kB"] = float(np.interp(r["T"], ti["T"], ti["dS_exc_kB"]))
        res["thermo_integration"] = ti
    except (OSError, ValueError, IndexError) as e:
        res["thermo_integration"] = {"error": str(e)}
        for r in rows:
            r["dS_exc_kB"] = None

    tim = {}
    for name in ("timings.tsv", "timings.tmp"):
        p = os.path.join(out, name)
        if os.path.exists(p):
            for line in open(p):
                w = line.split()
                if len(w) == 2:
                    tim[w[0]] = int(w[1])
    res["timings_s"] = tim

    def clean(o):
        if isinstance(o, float) and not math.isfinite(o):
            return None
        if isinstance(o, dict):
            return {k: clean(v) for k, v in o.items()}
        if isinstance(o, list):
            return [clean(v) for v in o]
        return o
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(clean(res), f, indent=1)

    spec = ["n", "S", "S_err", "D", "D_err", "mean", "std", "W", "eps", "eps_boot", "mu", "mu_boot",
            "sigma", "sigma_boot", "r2"]
    keys = ["T", "e_is_per_atom", "vol_per_atom", "fmax", "converged", "attempts", "saddles",
            "converged_saddles", "success_rate"] + spec + [k + "_all" for k in spec] + [
            "S_struct", "D_struct", "S_struct_thresholds", "D_struct_thresholds", "f_icosahedra",
            "dS_exc_kB"]

    def fmt(v):
        if v is None:
            return "nan"
        if isinstance(v, bool):
            return str(int(v))
        if isinstance(v, float):
            return "%.6g" % v
        return str(v)
    q = res["quench"]
    with open(os.path.join(out, "results.tsv"), "w") as f:
        f.write("# glass-transition tutorial, %s atoms, cooling %s K/s, potential %s, bin %g eV\n"
                % (conf.get("NATOMS"), conf.get("COOLING_RATE"), os.path.basename(conf.get("POTENTIAL", "")), a.bin))
        f.write("# Tg (two-line fits of V, E, H) = %s K; V %s, E %s, H %s\n" % (
            fmt(q["Tg"]), *(fmt(q["fits"][k]["Tg"] if q["fits"][k] else None) for k in ("V", "E", "H"))))
        f.write("\t".join(keys) + "\n")
        for r in rows:
            f.write("\t".join(fmt(r.get(k)) for k in keys) + "\n")
    if protocols:
        pkeys = ["T", "ftol", "centers", "attempts", "saddles", "converged_saddles"] + spec + [k + "_all" for k in spec]
        with open(os.path.join(out, "results_protocols.tsv"), "w") as f:
            f.write("# the glass and the liquid inherent structure at each ftol, on the same centers: "
                    "connected saddles (columns n..r2) or every converged saddle (n_all..r2_all), at the "
                    "campaign's ftol; bin %g eV\n" % a.bin)
            f.write("\t".join(pkeys) + "\n")
            for p in protocols:
                f.write("\t".join(fmt(p.get(k)) for k in pkeys) + "\n")
    print("Tg = %s K (V %s, E %s, H %s)" % (fmt(q["Tg"]), *(fmt(q["fits"][k]["Tg"] if q["fits"][k] else None)
                                                          for k in ("V", "E", "H"))))
    for w in walks:
        print("walk %s: %d attempts, %d connected, %d moves; %d minima by %s (%d visited)"
              % (w["file"], w["attempts"], w["converged"], w["moves"], w["minima"], w["minima_by"],
                 w["minima_visited"]))
    for r in rows:
        print("IS %5g K: %3s/%4s events, S = %s +- %s, D = %s, %s; all %s converged: S = %s +- %s; "
              "S_struct %s, dS_exc %s kB"
              % (r["T"], fmt(r["saddles"]), fmt(r["attempts"]), fmt(r["S"]), fmt(r["S_err"]), fmt(r["D"]),
                 fit_words(r, ""), fmt(r["n_all"]), fmt(r["S_all"]), fmt(r["S_err_all"]),
                 fmt(r.get("S_struct")), fmt(r.get("dS_exc_kB"))))
    for p in protocols:
        print("IS %5g K, ftol %g%s: %s/%s connected, S = %s, mean %s eV, %s; %s converged: S = %s, mean %s eV, %s"
              % (p["T"], p["ftol"], " (default)" if p.get("default") else "", fmt(p["saddles"]),
                 fmt(p["attempts"]), fmt(p["S"]), fmt(p["mean"]), fit_words(p, ""), fmt(p["n_all"]),
                 fmt(p["S_all"]), fmt(p["mean_all"]), fit_words(p, "_all")))


if __name__ == "__main__":
    main()
