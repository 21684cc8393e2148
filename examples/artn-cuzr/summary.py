#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""One screen, in words, on an ART campaign of this example: attempts,
converged and connected saddles, the barrier entropy S with its bootstrap
error and what S and D mean, the two-mode fit (or how many barriers it
needs), where the figure is, and what to run next.

  summary.py --pelstat PATH --bin W --figure PNG LOG [LOG ...]

Standard library only; the numbers come from the package's reader of event
logs (src/python/pelstat_eventlog.py) and from `pelstat spectrum --json`."""
import argparse
import json
import math
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "src", "python"))
import pelstat_eventlog  # noqa: E402

MIN_FIT = 50  # barriers the two-mode fit needs (pelstat: 10 per fitted parameter)

ap = argparse.ArgumentParser()
ap.add_argument("logs", nargs="+")
ap.add_argument("--pelstat", required=True)
ap.add_argument("--bin", type=float, default=0.1)
ap.add_argument("--bootstrap", type=int, default=200)
ap.add_argument("--figure", required=True)
a = ap.parse_args()

recs = pelstat_eventlog.read_many(a.logs).records
params = pelstat_eventlog.read(a.logs[0]).params
attempts = len(recs)
converged = sum(1 for r in recs if pelstat_eventlog.is_converged(r))
connected = [r for r in recs if pelstat_eventlog.is_saddle(r)]
p = subprocess.run([a.pelstat, "spectrum", "--json", "--bin", repr(a.bin), "--bootstrap",
                    str(a.bootstrap)] + a.logs, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                   universal_newlines=True, check=True)
s = json.loads(p.stdout)
pct = lambda k: 100.0 * k / attempts if attempts else 0.0  # noqa: E731
out = []
out.append("== pelstat: ART nouveau on a %s-atom Cu50Zr50 glass (CuZr_mm.eam.fs, Mendelev 2007), "
           "%d event log(s)" % (params.get("natoms", "?"), len(a.logs)))
out.append("attempts      %d, one at each of %d centers drawn at random" % (attempts, attempts))
out.append("converged     %d saddles (%.0f %%): every atom's force below %s eV/A and exactly one "
           "negative curvature" % (converged, pct(converged), params.get("ftol", "?")))
out.append("connected     %d events (%.0f %%): saddles that link the initial minimum to another "
           "minimum; their barriers are the spectrum" % (len(connected), pct(len(connected))))
if connected:
    q = sorted(r.barrier for r in connected)
    out.append("barriers      mean %.2f eV, median %.2f eV, from %.2f to %.2f eV"
               % (sum(q) / len(q), q[len(q) // 2], q[0], q[-1]))
    err = (" +- %.2f" % s["S_err"]) if s.get("S_err") else ""
    out.append("entropy       S = %.2f%s nats (bootstrap error) over %g eV bins: the Shannon entropy "
               "of the barrier histogram;" % (s["S"], err, s["bin"]))
    out.append("              D = e^S = %.1f, the number of equally likely bins that would give "
               "the same S (the diversity of barriers)" % s["D"])
    if s.get("W") is not None:
        out.append("two-mode fit  mode I (W = %.2f, eps = %.2f eV), mode II (mu = %.2f eV, "
                   "sigma = %.2f eV), R^2 = %.2f" % (s["W"], s["eps"], s["mu"], s["sigma"],
                                                     s["r2"]))
    else:
        need = max(MIN_FIT, 1)
        per = len(connected) / attempts if attempts else 0.0
        more = (", about ATTEMPTS=%d" % (int(math.ceil(need / per / 100.0)) * 100)) if per else ""
        out.append("two-mode fit  not made: it fits 5 parameters and needs at least %d barriers; "
                   "this run has %d (more attempts%s)" % (need, len(connected), more))
else:
    out.append("barriers      none connected: no spectrum (more attempts)")
out.append("figure        %s" % a.figure)
out.append("next          ATTEMPTS=1000 ./run.sh for a larger sample (the structure is reused);")
out.append("              examples/glass-transition for the paper's study, S(T) across the "
           "glass transition (docs/tutorial.md)")
print("\n".join(out))
