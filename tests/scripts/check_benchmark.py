#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Smoke check of examples/benchmark/run.sh: the last line of its output is
one JSON object with every key listed in examples/benchmark/README.md, and
the figures that a tiny run determines are consistent.  Nothing about speed
is asserted (the benchmark prints figures; it does not pass or fail on time).

  check_benchmark.py OUTPUT_FILE ATTEMPTS [NPART]

With NPART, the 1-partition reference must have made 2 x NPART attempts and
the two partitions NPART each (the interleaved pieces joined into one
campaign each).
"""
import json
import math
import sys

KEYS = ["force_calls_median", "force_calls_p90", "force_calls_per_attempt",
        "force_calls_per_saddle_all", "success_rate", "connected_rate",
        "force_calls_per_connected_saddle", "first_order_rate", "overhead", "events_per_core_hour",
        "partition_speedup_2", "voronoi_ratio", "rss_mb", "natoms", "attempts"]


def main():
    path, attempts = sys.argv[1], int(sys.argv[2])
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    fig = json.loads(lines[-1])
    bad = [k for k in KEYS if k not in fig]
    if bad:
        sys.exit(f"check_benchmark: keys missing from the JSON line: {bad}")
    fail = []

    def need(cond, what):
        if not cond:
            fail.append(what)

    need(fig["attempts"] == attempts, f"attempts {fig['attempts']} != {attempts}")
    if len(sys.argv) > 3:
        npart = int(sys.argv[3])
        need(fig.get("partition_attempts") == [2 * npart, 2 * npart],
             f"partition_attempts {fig.get('partition_attempts')} != [{2 * npart}, {2 * npart}]")
    need(fig["natoms"] == 1024, f"natoms {fig['natoms']} != 1024")
    # a converged saddle costs at least its basin pushes, Lanczos and activation
    need(fig["force_calls_per_attempt"] and fig["force_calls_per_attempt"] > 10,
         f"force_calls_per_attempt {fig['force_calls_per_attempt']}")
    need(fig["success_rate"] is not None and 0.0 <= fig["success_rate"] <= 1.0,
         f"success_rate {fig['success_rate']}")
    if fig["success_rate"]:
        need(fig["force_calls_per_saddle_all"] >= fig["force_calls_per_attempt"],
             "calls per converged saddle below calls per attempt")
        need(fig["force_calls_median"] <= fig["force_calls_p90"] <= fig["force_calls_per_saddle_all"]
             * attempts, "median / p90 of calls to a saddle inconsistent")
        need(0.0 <= fig["connected_rate"] <= 1.0, f"connected_rate {fig['connected_rate']}")
        # the defaults check the index of every converged point they report
        need(fig["first_order_rate"] == 1.0, f"first_order_rate {fig['first_order_rate']}")
    # the control on a vacancy in Cu: every center is a neighbour of the
    # vacancy, so saddles converge and most border the initial minimum
    ctl = fig.get("control")
    need(isinstance(ctl, dict), f"control {ctl}")
    if isinstance(ctl, dict):
        need(ctl.get("attempts", 0) >= 12, f"control attempts {ctl.get('attempts')}")
        for k in ("success_rate", "connected_rate"):
            v = ctl.get(k)
            need(v is not None and 0.0 < v <= 1.0, f"control {k} = {v}")
        v = ctl.get("force_calls_per_connected_saddle")
        need(v is not None and v > 10, f"control force_calls_per_connected_saddle = {v}")
    # timings exist and are finite (their values are machine-dependent)
    for k in ("overhead", "overhead_engine", "events_per_core_hour", "partition_speedup_2",
              "voronoi_ratio", "rss_mb"):
        v = fig.get(k)
        need(v is not None and math.isfinite(v), f"{k} = {v}")
    if not fail:
        # the fix's force calls are most of the campaign: its own cost cannot
        # be negative, and is far below the force field's
        need(-0.01 <= fig["overhead_engine"] < 1.0, f"overhead_engine {fig['overhead_engine']}")
        need(5 < fig["rss_mb"] < 4096, f"rss_mb {fig['rss_mb']}")
    if fail:
        sys.exit("check_benchmark: " + "; ".join(fail))
    print("check_benchmark: JSON line complete and consistent:", json.dumps(fig))


if __name__ == "__main__":
    main()
