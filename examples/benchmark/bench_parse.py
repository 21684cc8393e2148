#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Figures of the pelstat benchmark (the JSON keys are listed in README.md next
to this script) from the LAMMPS logs and fix artn event logs that run.sh leaves
in its output folder.

Standard library only; the event logs are read with the package's reader,
src/python/pelstat_eventlog.py.  Prints a human summary, then one JSON object as the
last line.

  bench_parse.py OUTDIR [--np1-cores 1]

OUTDIR holds
  campaign/log.lammps (Loop times, each after a "BENCH phase" line: plain
    force calls, then pieces of the campaign each followed by plain force
    calls; BENCH values per piece), campaign/bench.events, campaign/rss_kb
  partition/log.K.lammps.0 .1 (per-partition logs of piece K = 1, 2, ...),
    partition/bench.events.0 .1
  single/log.K.lammps (the 1-partition reference of the same length, in
    pieces interleaved with those of the partitions), single/bench.events
  voronoi/log.lammps
  control/log.lammps, control/control.events (the same defaults around a
    vacancy in Cu; optional)
"""
import json
import math
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "python"))
import pelstat_eventlog  # noqa: E402

LOOP = re.compile(r"^Loop time of ([0-9.eE+-]+) on (\d+) procs for (\d+) steps")


def parse_log(path):
    """The "Loop time" lines of a LAMMPS log, each as (phase, seconds, procs,
    steps) with the phase of the "BENCH phase" line before it, and the other
    BENCH values, as lists in the order printed."""
    loops, vals, phase = [], {}, None
    with open(path) as f:
        for line in f:
            m = LOOP.match(line)
            if m:
                loops.append((phase, float(m.group(1)), int(m.group(2)), int(m.group(3))))
            elif line.startswith("BENCH "):
                _, k, v = line.split()
                if k == "phase":
                    phase = v
                else:
                    vals.setdefault(k, []).append(float(v))
    return loops, vals


def campaign_loops(loops):
    return [lp for lp in loops if lp[0] == "campaign"]


def read_events(path):
    """The column names and the complete records of an event log (a last line
    without a newline, from a killed job, is left out and reported)."""
    log = pelstat_eventlog.read(path)
    if log.truncated:
        print(f"bench_parse: {path}: line {log.truncated_line} has no newline (a killed job?): "
              "left out")
    return log.columns, log.records


def percentile(xs, q):
    """Linear interpolation between closest ranks (numpy's default)."""
    if not xs:
        return float("nan")
    xs = sorted(xs)
    pos = (len(xs) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def converged(row):
    """A converged saddle, connected or not (pelstat_eventlog.is_converged)."""
    return pelstat_eventlog.is_converged(row)


def first_order_share(rows, index_tol):
    """The share of the rows whose logged second eigenvalue is not below
    -index_tol, among those that have one (NaN when none has: a log written
    with first_order no, or by an older version)."""
    known = [r.eigenvalue2 for r in rows if math.isfinite(r.eigenvalue2)]
    return sum(1 for v in known if v >= -index_tol) / len(known) if known else float("nan")


def campaign_figures(d):
    log = os.path.join(d, "log.lammps")
    lp, bv = parse_log(log)
    plain = [(t / n) for ph, t, _, n in lp if ph == "plain" and n > 0]
    camp = campaign_loops(lp)
    # per piece: force calls of the campaign so far (resume counts the
    # earlier pieces), seconds inside the force calls of this piece's fix
    cum_calls = bv.get("force_calls_total", [])
    chunk_sec = bv.get("force_seconds", [])
    if not camp or len(plain) != len(camp) + 1 or len(cum_calls) != len(camp):
        sys.exit(f"bench_parse: {log} lacks the plain force timings around each piece of "
                 "the campaign (in.campaign of another version?)")
    nprocs = camp[0][2]
    tc = sum(c[1] for c in camp)
    # each piece of the campaign against the plain force call timed just
    # before and just after it: a shared machine drifts in speed
    expected, prev = 0.0, 0.0
    for k, c in enumerate(cum_calls):
        expected += (c - prev) * 0.5 * (plain[k] + plain[k + 1])
        prev = c
    t_force = sum(plain) / len(plain)
    t_force_before, t_after = plain[0], plain[-1]
    cols, rows = read_events(os.path.join(d, "bench.events"))
    index_tol = float(pelstat_eventlog.read(os.path.join(d, "bench.events")).params.get(
        "index_tol", "0.01"))
    attempts = len(rows)
    conv = [r for r in rows if converged(r)]
    connected = [r for r in conv if pelstat_eventlog.is_saddle(r)]
    calls_events = sum(r.force_calls for r in rows)
    calls_total = int(cum_calls[-1])
    have_col = "force_calls_saddle" in cols
    fcs = [r.force_calls_saddle for r in conv if have_col and r.force_calls_saddle > 0]
    status = {}
    for r in rows:
        status[r.status] = status.get(r.status, 0) + 1
    nconv, ncon = len(conv), len(connected)
    fig = {
        "force_calls_median": percentile(fcs, 0.5),
        "force_calls_p90": percentile(fcs, 0.9),
        "force_calls_per_attempt": calls_total / attempts if attempts else float("nan"),
        "force_calls_per_saddle_all": calls_total / nconv if nconv else float("nan"),
        "success_rate": nconv / attempts if attempts else float("nan"),
        "connected_rate": ncon / nconv if nconv else float("nan"),
        "force_calls_per_connected_saddle": calls_total / ncon if ncon else float("nan"),
        "first_order_rate": first_order_share(conv, index_tol),
        "overhead": tc / expected - 1.0 if expected > 0 else float("nan"),
        "events_per_core_hour": nconv / (tc * nprocs / 3600.0),
    }
    # the engine's own cost measured by the fix itself: campaign wall time /
    # wall time inside its force calls (neighbor rebuilds included) - 1;
    # immune to a drift of the machine's speed
    fsec = sum(chunk_sec) if chunk_sec else float("nan")
    fig["overhead_engine"] = tc / fsec - 1.0 if fsec > 0 else float("nan")
    extra = {
        "t_force_ms": 1e3 * t_force,
        "t_force_before_ms": 1e3 * t_force_before,
        "t_force_after_ms": 1e3 * t_after,
        "t_force_inside_ms": 1e3 * fsec / calls_total if fsec > 0 and calls_total else float("nan"),
        "campaign_s": tc,
        "calls_total": calls_total,
        "calls_initial_relax": calls_total - calls_events,
        "converged": nconv,
        "connected": ncon,
        "status": status,
        "natoms": int(bv.get("natoms", [0])[-1]),
        "pieces": len(camp),
        "t_force_spread": (max(plain) - min(plain)) / t_force,
        "attempts": attempts,
        "saddle_calls_known": len(fcs),
        "barriers": sorted(pelstat_eventlog.barriers(connected)),
    }
    return fig, extra


def control_figures(d):
    """Connectivity and cost of the control campaign (a vacancy in Cu), or
    None when run.sh did not make it."""
    ev, log = os.path.join(d, "control.events"), os.path.join(d, "log.lammps")
    if not (os.path.exists(ev) and os.path.exists(log)):
        return None
    cols, rows = read_events(ev)
    total = parse_log(log)[1].get("control_force_calls_total")
    if not rows or not total:
        return None
    conv = [r for r in rows if converged(r)]
    ncon = sum(1 for r in conv if pelstat_eventlog.is_saddle(r))
    fcs = [r.force_calls_saddle for r in conv
           if "force_calls_saddle" in cols and r.force_calls_saddle > 0]
    return {
        "attempts": len(rows),
        "success_rate": len(conv) / len(rows),
        "connected_rate": ncon / len(conv) if conv else float("nan"),
        "force_calls_per_connected_saddle": total[-1] / ncon if ncon else float("nan"),
        "force_calls_median": percentile(fcs, 0.5),
        "barriers": sorted(pelstat_eventlog.barriers(conv)),
    }


def per_hour(parts):
    """(attempts, force calls) per wall-hour, and attempts: all of the partitions / the
    slowest partition's campaign time.  parts: one (log files, event log)
    pair per partition; a partition's campaign time is the sum of the
    campaign Loop times of all its logs (the pieces of an interleaved run)."""
    n, calls, wall = 0, 0, 0.0
    for logs, ev in parts:
        wall = max(wall, sum(c[1] for log in logs for c in campaign_loops(parse_log(log)[0])))
        rows = read_events(ev)[1]
        n += len(rows)
        calls += sum(r.force_calls for r in rows)
    if wall <= 0:
        return float("nan"), float("nan"), n
    return n / wall * 3600.0, calls / wall * 3600.0, n


def piece_logs(d, suffix=""):
    """The logs of the pieces of an interleaved run (log.K.lammps, K = 1, 2,
    ...), in order; the single log.lammps of an older run.sh otherwise."""
    ks = sorted(int(m.group(1)) for m in
                (re.match(r"^log\.(\d+)\.lammps" + re.escape(suffix) + "$", f)
                 for f in os.listdir(d)) if m)
    if ks:
        return [os.path.join(d, f"log.{k}.lammps{suffix}") for k in ks]
    return [os.path.join(d, "log.lammps" + suffix)]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    fig, extra = campaign_figures(os.path.join(out, "campaign"))
    # partitions
    speedup = speedup_calls = float("nan")
    part_attempts = None
    pdir, sdir = os.path.join(out, "partition"), os.path.join(out, "single")
    if os.path.isdir(pdir) and os.path.isdir(sdir):
        try:
            r2 = per_hour([(piece_logs(pdir, f".{k}"), os.path.join(pdir, f"bench.events.{k}"))
                           for k in (0, 1)])
            r1 = per_hour([(piece_logs(sdir), os.path.join(sdir, "bench.events"))])
            part_attempts = [r1[2], r2[2]]
            speedup = r2[0] / r1[0]
            speedup_calls = r2[1] / r1[1]
        except (OSError, IndexError) as e:
            print(f"bench_parse: partition figures unavailable: {e}")
    # Voronoi
    vratio = float("nan")
    vlog = os.path.join(out, "voronoi", "log.lammps")
    if os.path.exists(vlog):
        lp = parse_log(vlog)[0]
        if len(lp) >= 3:
            base, vatom, vindex = lp[0][1], lp[1][1], lp[2][1]
            vratio = (vindex - base) / (vatom - base)
    rss = float("nan")
    try:
        with open(os.path.join(out, "campaign", "rss_kb")) as f:
            rss = int(f.read().split()[0]) / 1024.0
    except (OSError, ValueError, IndexError):
        pass
    ctl = control_figures(os.path.join(out, "control"))
    res = dict(fig)
    res.update({"partition_speedup_2": speedup, "voronoi_ratio": vratio, "rss_mb": rss,
                "natoms": extra["natoms"], "attempts": extra["attempts"],
                "partition_attempts": part_attempts})
    if ctl:
        res["control"] = {k: v for k, v in ctl.items() if k != "barriers"}

    # human summary
    print("pelstat benchmark: Cu50Zr50 inherent structure, %d atoms, default fix artn parameters"
          % extra["natoms"])
    print("  attempts %d: converged saddles %d, connected %d; status %s"
          % (extra["attempts"], extra["converged"], extra["connected"],
             ", ".join(f"{k} {v}" for k, v in sorted(extra["status"].items()))))
    print("  force calls: %d in all (%d for the initial relaxation); per attempt %.0f,"
          " per converged saddle %.0f, per connected saddle %.0f"
          % (extra["calls_total"], extra["calls_initial_relax"], res["force_calls_per_attempt"],
             res["force_calls_per_saddle_all"], res["force_calls_per_connected_saddle"]))
    print("  force calls to a converged saddle: median %.0f, 90th percentile %.0f (%d saddles with"
          " the count logged)" % (res["force_calls_median"], res["force_calls_p90"],
                                  extra["saddle_calls_known"]))
    print("  one plain force call %.3f ms on average (%.3f before, %.3f after the campaign,"
          " timed %d times: spread %.0f %% of the mean; %.3f on average inside it); campaign"
          " %.1f s in %d pieces" % (extra["t_force_ms"], extra["t_force_before_ms"],
                                    extra["t_force_after_ms"], extra["pieces"] + 1,
                                    100 * extra["t_force_spread"], extra["t_force_inside_ms"],
                                    extra["campaign_s"], extra["pieces"]))
    print("  overhead %.3f (against plain force calls), %.3f (against the campaign's own force"
          " calls); %.0f converged saddles per core-hour"
          % (res["overhead"], res["overhead_engine"], res["events_per_core_hour"]))
    b = extra["barriers"]
    if b:
        print("  barriers of connected saddles (eV): min %.3f median %.3f max %.3f"
              % (b[0], percentile(b, 0.5), b[-1]))
    print("  partition_speedup_2 %.2f (events per wall-hour; force calls per wall-hour: %.2f);"
          " voronoi_ratio %.2f; peak RSS %.0f MB" % (speedup, speedup_calls, vratio, rss))
    if part_attempts:
        print("  (attempts: %d on 1 partition, %d on 2, the two runs interleaved piece by piece)"
              % tuple(part_attempts))

    if ctl:
        b = ctl["barriers"]
        print("  control (the same defaults around a vacancy in Cu, centers its 12 neighbours):"
              " %d attempts, success %.2f, connected %.2f, %.0f force calls per connected saddle,"
              " median %.0f to a saddle; connected barriers %.3f-%.3f eV"
              % (ctl["attempts"], ctl["success_rate"], ctl["connected_rate"],
                 ctl["force_calls_per_connected_saddle"], ctl["force_calls_median"],
                 b[0] if b else float("nan"), b[-1] if b else float("nan")))

    def clean(v):
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        if isinstance(v, list):
            return [clean(x) for x in v]
        if isinstance(v, float):
            return None if not math.isfinite(v) else round(v, 4)
        return v

    print(json.dumps({k: clean(v) for k, v in res.items()}))


if __name__ == "__main__":
    main()
