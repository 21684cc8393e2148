#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Cross-check `pelstat spectrum --json` against scipy on the same bins.

usage: check_spectrum_scipy.py PELSTAT_BINARY

Generates barriers from the two-mode model (Han et al. 2020, Eq. 1) with a
seeded generator, writes them as two fix artn event logs (partitions, with
failed events and '#' lines that must be skipped), runs pelstat and checks:
  - the bin counts equal numpy.histogram's on the same edges;
  - S equals scipy.stats.entropy of the counts to 1e-9;
  - the fit's sum of squared residuals on the density is no worse than
    scipy.optimize.curve_fit's (bounds W, W' >= 0, eps, sigma > 0), up to
    1e-9 relative; curve_fit is started from data-derived values and from
    pelstat's own solution, and its best is used;
  - --converged also takes the fail_connect and fail_relax records that have
    a positive barrier (not the trivial ones, not those below the minimum):
    their count and their mean against numpy's on the same records;
  - the bootstrap spread of eps, mu and sigma (--bootstrap) of one sample of
    1,000 barriers is the spread of the fits of 40 independent samples of
    1,000 drawn from the same model, within a factor 1.6: the bootstrap's
    estimate from one sample scatters by 12-23 % (measured on 12 samples,
    whose mean bootstrap spreads were within 8 % of the spread over
    samples), the standard deviation of 40 samples by 11 %; the seeds are
    fixed, and this sample's ratios are 0.75-1.06.
Exit status: 0 pass, 1 fail, 77 skip (numpy/scipy missing; run it with
Debian's /usr/bin/python3, which has python3-numpy and python3-scipy).
"""
import json
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from scipy.optimize import curve_fit
    from scipy.stats import entropy
except ImportError as e:
    print(f"SKIP: numpy/scipy not available to {sys.executable} ({e}); "
          "run with /usr/bin/python3 (Debian python3-scipy)")
    sys.exit(77)

COLUMNS = ("event center attempt status e_initial e_saddle barrier e_final asymmetry "
           "eigenvalue dr_saddle dmax_saddle natoms_moved force_calls seconds")


def model(q, W, eps, Wp, mu, sigma):
    return W / eps * np.exp(-q / eps) + Wp * q * np.exp(-(q - mu) ** 2 / (2 * sigma ** 2))


def draw(rng, n, W, eps, mu, sigma):
    """Mode I by inverse CDF, mode II by rejection from a normal (weight q)."""
    out = np.empty(n)
    mode1 = rng.random(n) < W
    out[mode1] = -eps * np.log1p(-rng.random(mode1.sum()))
    need = int((~mode1).sum())
    got = []
    qmax = mu + 8 * sigma
    while len(got) < need:
        q = rng.normal(mu, sigma, 4 * need)
        keep = (q > 0) & (rng.random(q.size) * qmax < q) & (q < qmax)
        got.extend(q[keep].tolist())
    out[~mode1] = got[:need]
    return out


def write_log(path, barriers, rng, first_event):
    with open(path, "w") as f:
        f.write("# pelstat event log\n# units metal\n# seed 4711\n# columns: " + COLUMNS + "\n")
        for i, q in enumerate(barriers):
            ev = first_event + i
            if rng.random() < 0.1:  # a failed attempt, must be skipped
                f.write(f"{ev}\t{ev}\t1\tfail_connect\t-1000.0\tnan\tnan\tnan\tnan\t"
                        "0.1\t0\t0\t0\t50\t0.5\n")
            if i == 10:
                f.write("# resumed after event 9\n")
            f.write(f"{ev}\t{ev}\t0\tsaddle\t-1000.0\t{-1000.0 + q!r}\t{q!r}\t-1000.5\t-0.5\t"
                    "-1.2\t1.5\t0.6\t4\t120\t1.25\n")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    pelstat = sys.argv[1]
    rng = np.random.default_rng(20200205)
    barriers = draw(rng, 8000, W=0.3, eps=0.14, mu=0.9, sigma=0.55)
    w = 0.05
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        logs = [os.path.join(tmp, "events.log.0"), os.path.join(tmp, "events.log.1")]
        write_log(logs[0], barriers[:5000], rng, 0)
        write_log(logs[1], barriers[5000:], rng, 100000)
        run = subprocess.run([pelstat, "spectrum", "--json", "--bin", repr(w)] + logs,
                             capture_output=True, text=True)
    if run.returncode != 0:
        print(f"FAIL: pelstat exited with {run.returncode}: {run.stderr.strip()}")
        return 1
    res = json.loads(run.stdout)
    keys = {"n", "S", "D", "h", "mean", "std", "W", "eps", "Wp", "mu", "sigma", "r2",
            "S_err", "outside", "bin", "bins", "W_err", "eps_err", "Wp_err", "mu_err",
            "sigma_err", "W_boot", "eps_boot", "Wp_boot", "mu_boot", "sigma_boot",
            "fit_boot_converged", "barriers", "fit_message"}
    if set(res) != keys:
        failures.append(f"JSON keys {sorted(res)} != {sorted(keys)}")

    bins = np.array(res["bins"], dtype=float)
    centers, counts, dens, fit = bins[:, 0], bins[:, 1], bins[:, 3], bins[:, 4]
    edges = np.append(centers - w / 2, centers[-1] + w / 2)
    ref_counts, _ = np.histogram(barriers, bins=edges)
    if res["n"] != len(barriers) or not np.array_equal(ref_counts, counts):
        failures.append(f"counts differ from numpy.histogram (n = {res['n']})")

    S_ref = entropy(counts)  # natural log, normalizes the counts
    if not abs(res["S"] - S_ref) <= 1e-9:
        failures.append(f"S = {res['S']!r}, scipy.stats.entropy = {S_ref!r}")
    if not abs(res["h"] - (S_ref + np.log(w))) <= 1e-9:
        failures.append(f"h = {res['h']!r}, S + ln w = {S_ref + np.log(w)!r}")

    ssr_pel = float(np.sum((dens - fit) ** 2))
    mean, std = barriers.mean(), barriers.std()
    peak = centers[np.argmax(dens)]
    starts = [[0.5, mean / 2, 1.0, peak, std],
              [res["W"], res["eps"], res["Wp"], res["mu"], res["sigma"]]]
    lower = [0, 1e-12, 0, -np.inf, 1e-12]
    ssr_sci = np.inf
    for p0 in starts:
        p0 = [min(max(v, lo + 1e-9), 1e6) for v, lo in zip(p0, lower)]
        try:
            popt, _ = curve_fit(model, centers, dens, p0=p0, bounds=(lower, np.inf),
                                method="trf", maxfev=20000, xtol=1e-15, ftol=1e-15, gtol=1e-15)
        except RuntimeError:
            continue
        ssr_sci = min(ssr_sci, float(np.sum((dens - model(centers, *popt)) ** 2)))
    if not np.isfinite(ssr_sci):
        failures.append("scipy's curve_fit failed from every start")
    elif not ssr_pel <= ssr_sci * (1 + 1e-9):
        failures.append(f"pelstat's SSR {ssr_pel!r} > scipy's {ssr_sci!r}")

    print(f"pelstat S = {res['S']:.12f}, scipy S = {S_ref:.12f}; "
          f"SSR pelstat = {ssr_pel:.12g}, scipy = {ssr_sci:.12g}; R^2 = {res['r2']:.6f}")

    # --converged: connected saddles, then records converged but not connected
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "events.log")
        write_log(log, barriers[:500], rng, 0)
        extra = [("fail_connect", 0.7), ("fail_relax", 1.3), ("fail_connect", 0.25),
                 ("trivial", 0.003), ("fail_connect", -0.4), ("fail_index", 0.9)]
        with open(log, "a") as f:
            for k, (status, q) in enumerate(extra):
                ev = 10000 + k
                f.write(f"{ev}\t{ev}\t0\t{status}\t-1000.0\t{-1000.0 + q!r}\t{q!r}\tnan\tnan\t"
                        "-1.2\t1.5\t0.6\t4\t120\t1.25\n")
        got = {}
        for flag in ([], ["--converged"]):
            run = subprocess.run([pelstat, "spectrum", "--json", "--no-fit"] + flag + [log],
                                 capture_output=True, text=True)
            got[bool(flag)] = json.loads(run.stdout) if run.returncode == 0 else None
    want = np.concatenate([barriers[:500], [0.7, 1.3, 0.25]])
    if not got[False] or got[False]["n"] != 500 or got[False]["barriers"] != "connected":
        failures.append(f"without --converged: {got[False] and got[False]['n']} barriers, not 500")
    if not got[True] or got[True]["n"] != want.size or got[True]["barriers"] != "converged" or \
            not abs(got[True]["mean"] - want.mean()) <= 1e-12 * want.mean():
        failures.append(f"--converged: {got[True] and got[True]['n']} barriers, mean "
                        f"{got[True] and got[True]['mean']!r}; want {want.size}, {want.mean()!r}")
    else:
        print(f"--converged: {got[True]['n']} barriers (500 connected, 3 more converged), mean "
              f"{got[True]['mean']:.12f} = numpy's")

    # the bootstrap spread of the fit against the spread over independent samples
    names = ("eps", "mu", "sigma")
    fits = []
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "events.log")
        for k in range(41):
            x = draw(rng, 1000, W=0.3, eps=0.14, mu=0.9, sigma=0.55)
            write_log(log, x, np.random.default_rng(k), 0)
            run = subprocess.run([pelstat, "spectrum", "--json", "--bin", repr(w)]
                                 + (["--bootstrap", "200"] if k == 0 else []) + [log],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                failures.append(f"sample {k}: pelstat exited with {run.returncode}")
                break
            fits.append(json.loads(run.stdout))
    if len(fits) == 41:
        boot = fits[0]
        spread = {n: float(np.std([f[n] for f in fits[1:]], ddof=1)) for n in names}
        for n in names:
            b = boot[n + "_boot"]
            ok = b is not None and spread[n] / 1.6 <= b <= 1.6 * spread[n]
            print(f"{n}: bootstrap spread {b!r} ({boot['fit_boot_converged']} of 200 resamples), "
                  f"over 40 samples {spread[n]:.6f}" + ("" if ok else "  <- FAIL"))
            if not ok:
                failures.append(f"bootstrap spread of {n} {b!r} is not within a factor 1.6 of "
                                f"the spread over independent samples {spread[n]!r}")
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print("PASS: check_spectrum_scipy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
