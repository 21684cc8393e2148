#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Regenerate the small event logs used by the compute barrier/spectrum tests
(standard library only, deterministic):

  python3 make_spectrum_logs.py [OUTDIR]

part0.log, part1.log, part2.log  three "partitions" of one campaign: barriers
    drawn from the two-mode model of Han et al. (2020), Eq. 1 (W = 0.3,
    eps = 0.14 eV, mu = 0.6 eV, sigma = 0.64 eV), with failed attempts, '#'
    lines after the column line (a resume note) and, in part2.log, an
    unterminated last line (a killed job) that readers must ignore.
only_failed.log   a valid log whose attempts all failed: N = 0.
malformed.log     a log whose line 12 has a missing column.
not_a_log.txt     a text file that is not an event log.
small.log         10 saddles (and 2 failures): too few for the two-mode fit.
edges.log         9 saddles with the barriers 0.1, 0.2, ..., 0.9: each on a bin
    edge for bins of 0.05 eV (half-open bins).
outlier.log       one saddle with a barrier of 1000 eV (with part0.log: 20001
    bins of 0.05 eV, too many for the fit).
nounits.log       a log without a '# units' line (3 saddles).
bad_status.log    line 9 has the status SADDLE, which is not a status word.
empty_field.log   line 8 has an empty 'attempt' field (two tabs).
"""
import math
import os
import random
import sys

COLUMNS = ("event center attempt status e_initial e_saddle barrier e_final asymmetry "
           "eigenvalue dr_saddle dmax_saddle natoms_moved force_calls seconds").split()
FAILS = ["fail_basin", "fail_activation", "fail_connect"]


def header(partition, units="metal"):
    return ("# pelstat event log\n"
            "# pelstat_version 0.1.0-test\n" +
            ("# units %s\n" % units if units else "") +
            "# seed %d\n"
            "# partition %d\n"
            "# columns: %s\n" % (1234 + partition, partition, " ".join(COLUMNS)))


def simple_log(path, barriers, rng, units="metal", fails=0, edit=None):
    """A header and one saddle per barrier (then `fails` failed attempts);
    edit(fields) may change the fields of record number 3 (line 9 with units,
    line 8 without)."""
    lines = [header(0, units)]
    for e, q in enumerate(barriers, 1):
        rec = record(e, e, 1, "saddle", q, rng)
        if edit and e == 3:
            rec = "\t".join(edit(rec.split("\t")))
        lines.append(rec + "\n")
    for e in range(len(barriers) + 1, len(barriers) + 1 + fails):
        lines.append(record(e, e, 1, FAILS[e % 3], 0, rng) + "\n")
    with open(path, "w") as f:
        f.write("".join(lines))


def two_mode(rng, W, eps, mu, sigma):
    """One barrier from P(Q) ~ W/eps exp(-Q/eps) + W' Q exp(-(Q-mu)^2/(2 sigma^2)),
    W the weight of mode I."""
    if rng.random() < W:
        return rng.expovariate(1.0 / eps)
    qpeak = 0.5 * (mu + math.sqrt(mu * mu + 4 * sigma * sigma))
    fmax = qpeak * math.exp(-(qpeak - mu) ** 2 / (2 * sigma * sigma))
    while True:  # rejection sampling of the shifted Rayleigh mode on [0, mu + 8 sigma]
        q = rng.uniform(0.0, mu + 8 * sigma)
        if rng.random() * fmax <= q * math.exp(-(q - mu) ** 2 / (2 * sigma * sigma)):
            return q


def record(event, center, attempt, status, barrier, rng):
    e0 = -4321.0 + rng.uniform(-1, 1)
    if status == "saddle":
        es, ef = e0 + barrier, e0 + rng.uniform(-0.3, 0.3)
        vals = [e0, es, barrier, ef, es - ef, -rng.uniform(0.1, 3.0)]
    else:
        vals = [e0, float("nan"), float("nan"), float("nan"), float("nan"), float("nan")]
    vals += [rng.uniform(0.5, 2.0), rng.uniform(0.2, 1.0)]
    fields = [str(event), str(center), str(attempt), status]
    fields += [repr(v) if math.isfinite(v) else "nan" for v in vals]
    fields += [str(rng.randint(1, 40)), str(rng.randint(100, 3000)), "%.6f" % rng.uniform(0.1, 2)]
    return "\t".join(fields)


def partition_log(path, partition, nevents, truncate_last):
    rng = random.Random(20200205 + partition)
    lines = [header(partition)]
    event = 0
    for center in range(1 + partition * 1000, 1 + partition * 1000 + nevents):
        attempt = 0
        while True:
            attempt += 1
            event += 1
            if rng.random() < 0.15 and attempt < 3:
                lines.append(record(event, center, attempt, rng.choice(FAILS), 0, rng) + "\n")
                continue
            q = two_mode(rng, 0.3, 0.14, 0.6, 0.64)
            lines.append(record(event, center, attempt, "saddle", q, rng) + "\n")
            break
        if center == 1 + partition * 1000 + nevents // 2:
            lines.append("# resumed: %d records kept\n" % event)
    if truncate_last:
        # a killed job: the last record has no newline; readers ignore it
        lines.append(record(event + 1, 99999, 1, "saddle", 42.0, rng))
    with open(path, "w") as f:
        f.write("".join(lines))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    partition_log(os.path.join(out, "part0.log"), 0, 150, False)
    partition_log(os.path.join(out, "part1.log"), 1, 120, False)
    partition_log(os.path.join(out, "part2.log"), 2, 130, True)

    rng = random.Random(7)
    with open(os.path.join(out, "only_failed.log"), "w") as f:
        f.write(header(0))
        for e in range(1, 6):
            f.write(record(e, e, 1, FAILS[e % 3], 0, rng) + "\n")

    with open(os.path.join(out, "malformed.log"), "w") as f:
        f.write(header(0))  # 6 lines
        for e in range(1, 6):  # lines 7-11
            f.write(record(e, e, 1, "saddle", 0.5 + 0.1 * e, rng) + "\n")
        bad = record(6, 6, 1, "saddle", 0.9, rng).split("\t")
        del bad[7]  # line 12: one column missing
        f.write("\t".join(bad) + "\n")
        f.write(record(7, 7, 1, "saddle", 1.1, rng) + "\n")

    with open(os.path.join(out, "not_a_log.txt"), "w") as f:
        f.write("This is not an event log.\n0.5 0.7 0.9\n")

    rng = random.Random(11)
    simple_log(os.path.join(out, "small.log"), [round(rng.uniform(0.1, 1.5), 4) for _ in range(10)],
               rng, fails=2)
    simple_log(os.path.join(out, "edges.log"), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], rng)
    simple_log(os.path.join(out, "outlier.log"), [1000.0], rng)
    simple_log(os.path.join(out, "nounits.log"), [0.45, 0.55, 0.65], rng, units=None)

    def upper_status(fields):
        fields[3] = "SADDLE"
        return fields

    def empty_attempt(fields):
        fields[2] = ""
        return fields

    simple_log(os.path.join(out, "bad_status.log"), [0.4, 0.5, 0.6, 0.7], rng, edit=upper_status)
    simple_log(os.path.join(out, "empty_field.log"), [0.4, 0.5, 0.6, 0.7], rng, units=None,
               edit=empty_attempt)


if __name__ == "__main__":
    main()
