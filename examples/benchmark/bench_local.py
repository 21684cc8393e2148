#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compare event logs of in.local (standard library and
src/python/pelstat_eventlog.py): per log the attempts, connected saddles, full
and local force calls, the cost in full-call equivalents per attempt and per
connected saddle, and the share of a full call that one local call costs;
then one JSON line.
Usage: bench_local.py ev_0.txt ev_10.txt [...]"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog  # noqa: E402

out = {}
for path in sys.argv[1:]:
    log = pelstat_eventlog.read(path)
    recs = log.records
    conn = [r for r in recs if pelstat_eventlog.is_saddle(r)]
    full = sum(r.force_calls for r in recs)
    local = sum(r.force_calls_local for r in recs)
    cost = sum(r.cost for r in recs)
    share = (cost - full) / local if local else 0.0
    row = {"active_radius": float(log.params.get("active_radius", "0")),
           "natoms": int(log.params.get("natoms", "0")), "attempts": len(recs),
           "connected": len(conn), "full_calls": full, "local_calls": local,
           "cost_per_attempt": cost / len(recs) if recs else None,
           "cost_per_connected": cost / len(conn) if conn else None, "local_call_share": share}
    out[path] = row
    print("%s: %d atoms, active_radius %g: %d attempts, %d connected; %d full + %d local calls "
          "(a local call = %.3f full), cost %.0f per attempt, %s per connected saddle"
          % (path, row["natoms"], row["active_radius"], len(recs), len(conn), full, local, share,
             row["cost_per_attempt"] or 0,
             "%.0f" % row["cost_per_connected"] if conn else "-"))
    for r in recs:
        print("  center %6d  %-16s barrier %8.4f  full %5d  local %5d  cost %7.1f"
              % (r.center, r.status, r.barrier, r.force_calls, r.force_calls_local, r.cost))
print(json.dumps(out))
