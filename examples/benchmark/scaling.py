#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Figures of scaling.sh from its event logs (standard library and
src/python/pelstat_eventlog.py): per size the attempts and connected saddles
of the full-call and the local campaign, connected saddles per core-hour
(one rank: the sum of the attempts' `seconds`), their ratio, the cost in
full-call equivalents per connected saddle (the log's `cost`, independent of
the machine's speed), and the largest barrier difference of the saddles both
campaigns found: the same center, connected in both, the same final minimum
energy within 0.01 eV and the same saddle displacement `dr_saddle` within
0.05 A.  And whether the two campaigns draw their connected barriers from one
distribution: the connected fraction of each with its binomial standard
error, and the two-sample Kolmogorov-Smirnov statistic D of the connected
barriers with its p-value (scipy.stats.ks_2samp when scipy is there; else
the asymptotic one, Kolmogorov's series at (sqrt(m) + 0.12 + 0.11 / sqrt(m))
D with m = n1 n2 / (n1 + n2), which differs from scipy's exact value by up to
0.04 on 20-300 barriers per campaign); pairs of logs of the same size (runs
with other seeds) also pooled.  And where the local campaign's cost goes: a
local call's share of the pair terms (its full-call equivalents per call) and
of a full call's time, its local calls per attempt, and the part of its cost
spent in full calls (the refinements); the full campaign's full-call
equivalents per attempt over the local calls' part of the local campaign's
bounds its gain per attempt.  Prints a table, then one JSON line.

Usage: scaling.py FULL.events LOCAL.events [FULL2.events LOCAL2.events ...]
       scaling.py --shares SHARE.events ...

With --shares, the logs of in.share (scaling.sh RADII=...): per log the
size, active_radius, the center of its attempt and a local call's share of
the pair terms there (null when the region did not fit and the calls were
full ones).
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog as pel  # noqa: E402


def per_hour(count, seconds):
    return count / (seconds / 3600.0) if seconds > 0 else None


def fraction(count, total):
    """count / total and its binomial standard error (None, None for no total)"""
    if not total:
        return None, None
    f = count / total
    return f, math.sqrt(f * (1 - f) / total)


def ks_2samp(x, y):
    """Two-sample Kolmogorov-Smirnov statistic D and its p-value (scipy's,
    else the asymptotic one)."""
    if x and y:
        try:
            from scipy.stats import ks_2samp as scipy_ks
            r = scipy_ks(x, y)
            return float(r.statistic), float(r.pvalue)
        except ImportError:
            pass
    return ks_2samp_asymptotic(x, y)


def ks_2samp_asymptotic(x, y):
    """Two-sample Kolmogorov-Smirnov statistic D and its asymptotic p-value."""
    x, y = sorted(x), sorted(y)
    n1, n2 = len(x), len(y)
    if not n1 or not n2:
        return None, None
    i = j = 0
    d = 0.0
    while i < n1 and j < n2:
        v = min(x[i], y[j])
        while i < n1 and x[i] == v:
            i += 1
        while j < n2 and y[j] == v:
            j += 1
        d = max(d, abs(i / n1 - j / n2))
    m = n1 * n2 / (n1 + n2)
    lam = (math.sqrt(m) + 0.12 + 0.11 / math.sqrt(m)) * d
    if lam < 0.2:
        return d, 1.0
    p = 2.0 * sum((-1) ** (k - 1) * math.exp(-2.0 * k * k * lam * lam) for k in range(1, 101))
    return d, min(1.0, max(0.0, p))


def row(full_path, local_path):
    full, local = pel.read(full_path), pel.read(local_path)
    natoms = int(full.params.get("natoms", "0"))
    out = {"natoms": natoms, "active_radius": float(local.params.get("active_radius", "0"))}
    conn = {}
    for name, log in (("full", full), ("local", local)):
        recs = log.records
        c = [r for r in recs if pel.is_saddle(r)]
        sec = sum(r.seconds for r in recs)
        cost = sum(r.cost for r in recs)
        conn[name] = {r.center: r for r in c}
        out["attempts_" + name] = len(recs)
        out["connected_" + name] = len(c)
        out["seconds_" + name] = sec
        out["per_core_hour_" + name] = per_hour(len(c), sec)
        out["fce_per_connected_" + name] = cost / len(c) if c else None
        out["seconds_per_connected_" + name] = sec / len(c) if c else None
        out["fce_per_attempt_" + name] = cost / len(recs) if recs else None
        out["seconds_per_attempt_" + name] = sec / len(recs) if recs else None
        out["connected_fraction_" + name], out["connected_fraction_err_" + name] = \
            fraction(len(c), len(recs))
    out["attempts"] = min(out["attempts_full"], out["attempts_local"])
    out.update(local_costs(full.records, local.records))
    a, b = out["per_core_hour_full"], out["per_core_hour_local"]
    out["speedup"] = b / a if a and b is not None else None
    diffs = []
    for center, rf in conn["full"].items():
        rl = conn["local"].get(center)
        if rl is None:
            continue
        if abs(rf.e_final - rl.e_final) < 0.01 and abs(rf.dr_saddle - rl.dr_saddle) < 0.05:
            diffs.append(abs(rf.barrier - rl.barrier))
    out["ks_d"], out["ks_p"] = ks_2samp([r.barrier for r in conn["full"].values()],
                                        [r.barrier for r in conn["local"].values()])
    out["same_saddles"] = len(diffs)
    out["barrier_max_diff"] = max(diffs) if diffs else None
    out["_barriers"] = {k: [r.barrier for r in v.values()] for k, v in conn.items()}
    return out


def local_costs(full, local):
    """where the local campaign's cost goes (None where it has no local
    call): a local call's share of the pair terms and of a full call's time
    (that of the full campaign's calls), local calls per attempt, the share of
    the cost in full calls, and the bound on the gain per attempt"""
    out = dict.fromkeys(("local_call_share", "local_call_time_share", "local_calls_per_attempt",
                         "local_full_call_fraction", "local_gain_bound"))
    nl = sum(r.force_calls_local for r in local)
    if not nl or not local:
        return out
    fl = sum(r.force_calls for r in local)
    cost = sum(r.cost for r in local)
    share = (cost - fl) / nl
    out["local_call_share"] = share
    out["local_calls_per_attempt"] = nl / len(local)
    out["local_full_call_fraction"] = fl / cost if cost > 0 else None
    nf = sum(r.force_calls for r in full)
    if full and nf:
        t_full = sum(r.seconds for r in full) / nf
        t_local = (sum(r.seconds for r in local) - fl * t_full) / nl
        out["local_call_time_share"] = t_local / t_full if t_full > 0 else None
        out["local_gain_bound"] = (sum(r.cost for r in full) / len(full)) / (share * nl / len(local))
    return out


def pooled(rows):
    """the runs of one size pooled (several seeds: other centers): attempts,
    connected fractions and the KS test over all their connected barriers"""
    out = []
    for n in sorted({r["natoms"] for r in rows}):
        group = [r for r in rows if r["natoms"] == n]
        if len(group) < 2:
            continue
        p = {"natoms": n, "runs": len(group)}
        for m in ("full", "local"):
            att = sum(r["attempts_" + m] for r in group)
            c = sum(r["connected_" + m] for r in group)
            f, e = fraction(c, att)
            p.update({"attempts_" + m: att, "connected_" + m: c, "connected_fraction_" + m: f,
                      "connected_fraction_err_" + m: e})
        p["ks_d"], p["ks_p"] = ks_2samp([x for r in group for x in r["_barriers"]["full"]],
                                        [x for r in group for x in r["_barriers"]["local"]])
        out.append(p)
    return out


def fmt(v, f):
    return "-" if v is None else f % v


def shares(paths):
    out = []
    for path in paths:
        log = pel.read(path)
        recs = log.records
        e = {"natoms": int(log.params.get("natoms", "0")),
             "active_radius": float(log.params.get("active_radius", "0")),
             "center": recs[0].center if recs else None, "local_calls": 0,
             "local_call_share": None}
        if recs and recs[0].force_calls_local:
            r = recs[0]
            e["local_calls"] = r.force_calls_local
            e["local_call_share"] = (r.cost - r.force_calls) / r.force_calls_local
        out.append(e)
    print("%7s %6s %7s %6s %9s" % ("atoms", "R", "center", "calls", "share"))
    for e in out:
        print("%7d %6g %7s %6d %9s" % (e["natoms"], e["active_radius"], fmt(e["center"], "%d"),
                                        e["local_calls"], fmt(e["local_call_share"], "%.4f")))
    print("(share: a local call's full-call equivalents, its share of the pair terms at the "
          "start of a search; - : the region does not fit twice in the box, full calls)")
    print(json.dumps({"shares": out}))


def main():
    if sys.argv[1:2] == ["--shares"]:
        if not sys.argv[2:]:
            sys.exit(__doc__)
        return shares(sys.argv[2:])
    paths = sys.argv[1:]
    if not paths or len(paths) % 2:
        sys.exit(__doc__)
    rows = [row(paths[i], paths[i + 1]) for i in range(0, len(paths), 2)]
    print("%7s %8s | %9s %9s | %12s %12s %7s | %9s %9s | %10s %10s | %9s %9s | %8s %8s "
          "| %5s %9s"
          % ("atoms", "attempts", "conn full", "conn loc", "per h full", "per h local",
             "speedup", "fce/c full", "fce/c loc", "s/c full", "s/c local", "fce/a full",
             "fce/a loc", "s/a full", "s/a loc", "same", "max dE_b"))
    for r in rows:
        print("%7d %8d | %9d %9d | %12s %12s %7s | %9s %9s | %10s %10s | %9s %9s | %8s %8s "
              "| %5d %9s"
              % (r["natoms"], r["attempts"], r["connected_full"], r["connected_local"],
                 fmt(r["per_core_hour_full"], "%.1f"), fmt(r["per_core_hour_local"], "%.1f"),
                 fmt(r["speedup"], "%.2f"), fmt(r["fce_per_connected_full"], "%.0f"),
                 fmt(r["fce_per_connected_local"], "%.0f"),
                 fmt(r["seconds_per_connected_full"], "%.1f"),
                 fmt(r["seconds_per_connected_local"], "%.1f"),
                 fmt(r["fce_per_attempt_full"], "%.0f"), fmt(r["fce_per_attempt_local"], "%.0f"),
                 fmt(r["seconds_per_attempt_full"], "%.1f"),
                 fmt(r["seconds_per_attempt_local"], "%.1f"), r["same_saddles"],
                 fmt(r["barrier_max_diff"], "%.2g")))
    for r in rows:
        if r["connected_full"] and r["connected_local"]:
            print("%d atoms: connected fraction full %.3f +- %.3f, local %.3f +- %.3f; "
                  "connected barriers KS D = %.3f, p = %.3g (%d and %d barriers)"
                  % (r["natoms"], r["connected_fraction_full"], r["connected_fraction_err_full"],
                     r["connected_fraction_local"], r["connected_fraction_err_local"],
                     r["ks_d"], r["ks_p"], r["connected_full"], r["connected_local"]))
    for r in rows:
        if r["local_call_share"] is not None:
            print("%d atoms: a local call is %.3f of a full one in pair terms (%s in time), "
                  "%.0f local calls per attempt; full calls (refinements) %s of the local "
                  "campaign's cost; its local calls alone bound the gain per attempt to %sx"
                  % (r["natoms"], r["local_call_share"], fmt(r["local_call_time_share"], "%.3f"),
                     r["local_calls_per_attempt"], fmt(r["local_full_call_fraction"], "%.2f"),
                     fmt(r["local_gain_bound"], "%.2f")))
    pools = pooled(rows)
    for p in pools:
        print("%d atoms, %d runs pooled: %d / %d attempts, connected fraction full %.3f +- %.3f, "
              "local %.3f +- %.3f; connected barriers KS D = %.3f, p = %.3g (%d and %d barriers)"
              % (p["natoms"], p["runs"], p["attempts_full"], p["attempts_local"],
                 p["connected_fraction_full"], p["connected_fraction_err_full"],
                 p["connected_fraction_local"], p["connected_fraction_err_local"],
                 p["ks_d"] if p["ks_d"] is not None else float("nan"),
                 p["ks_p"] if p["ks_p"] is not None else float("nan"),
                 p["connected_full"], p["connected_local"]))
    print("(per h: connected saddles per core-hour; fce/c, fce/a: full-call equivalents per "
          "connected saddle, per attempt; s/c, s/a: core-seconds per connected saddle, per "
          "attempt; same: saddles both modes found, max dE_b their largest barrier difference "
          "in eV)")
    keys = ["natoms", "attempts", "connected_full", "connected_local", "per_core_hour_full",
            "per_core_hour_local", "speedup", "fce_per_connected_full",
            "fce_per_connected_local", "barrier_max_diff", "seconds_per_connected_full",
            "seconds_per_connected_local", "fce_per_attempt_full", "fce_per_attempt_local",
            "seconds_per_attempt_full", "seconds_per_attempt_local", "same_saddles",
            "active_radius", "connected_fraction_full", "connected_fraction_err_full",
            "connected_fraction_local", "connected_fraction_err_local", "ks_d", "ks_p",
            "local_call_share", "local_call_time_share", "local_calls_per_attempt",
            "local_full_call_fraction", "local_gain_bound"]
    print(json.dumps({"sizes": [{k: r[k] for k in keys} for r in rows], "pooled": pools}))


if __name__ == "__main__":
    main()
