#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check a compute barrier/spectrum run (in.spectrum_file) in its run directory
(standard library only):

  check_spectrum.py PELSTAT [--warning REGEX] [--no-bins] --files LOG... [--args KEYWORD...]

- vector.txt and bins.txt (fix ave/time, 17 digits) equal `pelstat spectrum
  --json` on the same logs with the same options to 1e-12 relative (NaN where
  the CLI prints null);
- N, the number of values outside the range and the mean equal an independent
  reading of the logs with src/python/pelstat_eventlog.py (converged `saddle`
  records only; '#' lines, failed attempts and an unterminated last line
  skipped);
- the bins: counts sum to N, P = count/N, density = P/w, S = -sum P ln P;
- with --warning, output.txt has a LAMMPS WARNING line matching REGEX.
The LAMMPS keywords after --args are translated to the CLI's options.
"""
import json
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog  # noqa: E402

RTOL = 1e-12
KEYS = ["n", "S", "D", "h", "mean", "std", "W", "eps", "Wp", "mu", "sigma", "r2", "S_err",
        "outside"]
failures = []


def fail(msg):
    failures.append(msg)
    print("CHECK FAILED: " + msg)


def close(a, b, rtol=RTOL, atol=0.0):
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        na = a is None or math.isnan(a)
        nb = b is None or math.isnan(b)
        return na and nb
    return a == b or abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def ave_time_rows(path):
    """Rows of the last block of a fix ave/time mode vector file."""
    rows, block = [], None
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            w = line.split()
            if block is None or len(block) == block_len:
                block, block_len = [], int(w[1])
                rows = block
                continue
            block.append([float(x) for x in w[1:]])
    return rows


def cli_options(kw):
    opts, i = [], 0
    while i < len(kw):
        k = kw[i]
        if k == "bin":
            opts += ["--bin", kw[i + 1]]
            i += 2
        elif k == "range":
            opts += ["--range", kw[i + 1], kw[i + 2]]
            i += 3
        elif k == "fit":
            if kw[i + 1] in ("no", "off", "false"):
                opts.append("--no-fit")
            i += 2
        elif k == "bootstrap":
            opts += ["--bootstrap", kw[i + 1]]
            i += 2
        elif k == "seed":
            opts += ["--seed", kw[i + 1]]
            i += 2
        else:
            sys.exit("check_spectrum.py: unknown keyword %s" % k)
    return opts


def main():
    argv = sys.argv[1:]
    pelstat = argv.pop(0)
    warning, bins_expected, files, kw = None, True, [], []
    while argv:
        a = argv.pop(0)
        if a == "--warning":
            warning = argv.pop(0)
        elif a == "--no-bins":
            bins_expected = False
        elif a == "--files":
            while argv and not argv[0].startswith("--"):
                files.append(argv.pop(0))
        elif a == "--args":
            kw, argv = argv, []
    cmd = [pelstat, "spectrum", "--json"] + cli_options(kw) + files
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode != 0:
        fail("%s exited with %d: %s" % (" ".join(cmd), p.returncode, p.stderr))
        return 1
    ref = json.loads(p.stdout)

    vec = [r[0] for r in ave_time_rows("vector.txt")]
    if len(vec) != 14:
        fail("vector.txt has %d entries, expected 14" % len(vec))
        return 1
    nfail = len(failures)
    for k, v in zip(KEYS, vec):
        if not close(v, ref[k]):
            fail("vector entry %s: compute %r, pelstat %r" % (k, v, ref[k]))
    if len(failures) == nfail:
        print("CHECK ok: vector equals pelstat spectrum --json to %g" % RTOL)

    # independent reading of the logs (src/python/pelstat_eventlog.py)
    x = pelstat_eventlog.barriers(pelstat_eventlog.read_many(files).records)
    w = ref["bin"]
    n = vec[0]
    if ref["bins"]:
        lo = ref["bins"][0][0] - 0.5 * w
        hi = ref["bins"][-1][0] + 0.5 * w
        inside = [q for q in x if lo - 1e-9 * w <= q <= hi + 1e-9 * w]
    else:
        inside = []
    if n != len(inside) or vec[13] != len(x) - len(inside):
        fail("N = %g, outside = %g; the logs hold %d saddles, %d in range" %
             (n, vec[13], len(x), len(inside)))
    elif inside and not close(vec[4], math.fsum(inside) / len(inside), 1e-12):
        fail("mean %r, logs give %r" % (vec[4], math.fsum(inside) / len(inside)))
    else:
        print("CHECK ok: N = %d and the mean agree with the %d saddle records of %d logs" %
              (n, len(x), len(files)))

    if bins_expected:
        nfail = len(failures)
        rows = ave_time_rows("bins.txt")
        if len(rows) != len(ref["bins"]):
            fail("bins.txt has %d rows, pelstat %d" % (len(rows), len(ref["bins"])))
            return 1
        for i, (a, b) in enumerate(zip(rows, ref["bins"])):
            for j in range(5):
                if not close(a[j], b[j]):
                    fail("bin %d column %d: compute %r, pelstat %r" % (i + 1, j + 1, a[j], b[j]))
        counts = [r[1] for r in rows]
        if sum(counts) != n:
            fail("bin counts sum to %g, N = %g" % (sum(counts), n))
        if n > 0:
            S = -math.fsum(c / n * math.log(c / n) for c in counts if c > 0)
            if not close(S, vec[1], 1e-12):
                fail("S = %r, -sum P ln P of the bins = %r" % (vec[1], S))
            for r in rows:
                if not (close(r[2], r[1] / n, 1e-14) and close(r[3], r[2] / w, 1e-14)):
                    fail("bin at %g: P or density inconsistent with the count" % r[0])
                    break
        if len(failures) == nfail:
            print("CHECK ok: %d bins equal pelstat spectrum --json; counts, P, density, S "
                  "consistent" % len(rows))

    if warning:
        with open("output.txt") as f:
            warns = [l for l in f if l.startswith("WARNING")]
        if any(re.search(warning, l) for l in warns):
            print("CHECK ok: warning /%s/" % warning)
        else:
            fail("no WARNING matching /%s/ (warnings: %s)" % (warning, warns))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
