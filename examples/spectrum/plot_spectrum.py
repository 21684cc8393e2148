#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Histogram of the activation barriers of event logs with the two-mode fit
(Han et al., PRB 101, 064205 (2020), Eq. 1), as a PNG.

  plot_spectrum.py [--bin w] [--range lo hi] [--bootstrap N] [--pelstat PATH]
                   [-o spectrum.png] LOG [LOG ...]

The numbers come from `pelstat spectrum --json` (the same code as compute
barrier/spectrum).  pelstat is found with --pelstat, $PELSTAT, on the PATH,
or in ../../build next to this script.  Needs matplotlib (Debian:
python3-matplotlib); if the python3 that runs this script lacks it, the
script re-runs itself with /usr/bin/python3.
"""
import os
import sys

try:
    import matplotlib
except ImportError:
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and \
            os.access("/usr/bin/python3", os.X_OK):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit("plot_spectrum.py: needs matplotlib (Debian: apt install python3-matplotlib)")

import argparse
import json
import math
import shutil
import subprocess

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def find_pelstat(opt):
    here = os.path.dirname(os.path.abspath(__file__))
    for c in (opt, os.environ.get("PELSTAT"), shutil.which("pelstat"),
              os.path.join(here, "..", "..", "build", "pelstat")):
        if c and os.access(c, os.X_OK):
            return c
    sys.exit("plot_spectrum.py: cannot find the pelstat tool; use --pelstat PATH")


def mode1(q, W, eps):
    return W / eps * math.exp(-q / eps)


def mode2(q, Wp, mu, sigma):
    return Wp * q * math.exp(-(q - mu) ** 2 / (2 * sigma * sigma))


def main():
    ap = argparse.ArgumentParser(description="barrier histogram + two-mode fit as a PNG")
    ap.add_argument("logs", nargs="+", metavar="LOG")
    ap.add_argument("--bin", type=float, help="bin width (default: pelstat's, 0.05)")
    ap.add_argument("--range", type=float, nargs=2, metavar=("LO", "HI"))
    ap.add_argument("--bootstrap", type=int, default=200,
                    help="resamples for the error of S (default 200)")
    ap.add_argument("--pelstat")
    ap.add_argument("-o", "--output", default="spectrum.png")
    ap.add_argument("--title", default=None)
    a = ap.parse_args()

    cmd = [find_pelstat(a.pelstat), "spectrum", "--json", "--bootstrap", str(a.bootstrap)]
    if a.bin:
        cmd += ["--bin", repr(a.bin)]
    if a.range:
        cmd += ["--range", repr(a.range[0]), repr(a.range[1])]
    p = subprocess.run(cmd + a.logs, stdout=subprocess.PIPE, universal_newlines=True)
    if p.returncode != 0:
        sys.exit("plot_spectrum.py: %s failed (exit %d)" % (" ".join(cmd), p.returncode))
    r = json.loads(p.stdout)
    if not r["n"]:
        sys.exit("plot_spectrum.py: no converged barriers in %s" % " ".join(a.logs))

    w = r["bin"]
    centers = [b[0] for b in r["bins"]]
    density = [b[3] for b in r["bins"]]
    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=100)
    ax.bar(centers, density, width=w, color="#9ecae1", edgecolor="#3182bd", linewidth=0.5,
           label="histogram, N = %d, w = %g eV" % (r["n"], w))
    fitted = r["W"] is not None
    if fitted:
        lo, hi = centers[0] - w / 2, centers[-1] + w / 2
        qs = [lo + (hi - lo) * i / 400 for i in range(401)]
        m1 = [mode1(q, r["W"], r["eps"]) for q in qs]
        m2 = [mode2(q, r["Wp"], r["mu"], r["sigma"]) for q in qs]
        ax.plot(qs, [x + y for x, y in zip(m1, m2)], color="k", lw=1.6,
                label="Eq. 1 fit, $R^2$ = %.3f" % r["r2"])
        ax.plot(qs, m1, "--", color="#d95f02", lw=1.1,
                label=r"mode I: $W$ = %.3f, $\varepsilon$ = %.3f eV" % (r["W"], r["eps"]))
        ax.plot(qs, m2, ":", color="#1b9e77", lw=1.4,
                label=r"mode II: $\mu$ = %.3f eV, $\sigma$ = %.3f eV" % (r["mu"], r["sigma"]))
    ax.set_xlabel(r"activation barrier $\Delta Q$ (eV)")
    ax.set_ylabel(r"probability density (eV$^{-1}$)")
    ax.set_xlim(left=0)
    serr = (r" $\pm$ %.3f" % r["S_err"]) if r["S_err"] else ""
    ax.set_title(a.title or "S = %.3f%s nats,  D = e$^S$ = %.1f,  h = S + ln w = %.3f"
                 % (r["S"], serr, r["D"], r["h"]), fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(a.output)
    print("%s: N = %d, S = %.4f%s, D = %.2f, h = %.4f (w = %g)" %
          (a.output, r["n"], r["S"], (" +- %.4f" % r["S_err"]) if r["S_err"] else "", r["D"],
           r["h"], w))


if __name__ == "__main__":
    main()
