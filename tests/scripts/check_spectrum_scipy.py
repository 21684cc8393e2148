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
    pelstat's own solution, and its best is used.
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
            "S_err", "outside", "bin", "bins"}
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
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print("PASS: check_spectrum_scipy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
