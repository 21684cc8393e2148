#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`pelstat status --json` on the logs of a campaign (several partitions and
runs) gives its counts exactly: compared with the counts of the same logs read
by src/python/pelstat_eventlog.py (no pelstat C code).  Centers complete:
events_per_center connected saddles or max_attempts attempts (the largest
values of the headers).  Force calls per connected saddle: the summed cost
column (full-system force-call equivalents; force_calls in logs without it)
over the connected saddles.  The same logs with one more that holds only the
start of a header (a job killed while creating it): the same counts, one more
file, and a warning on stderr that names it.  The last log extended by an
"# extent" line (limits raised by a resumed run): the raised total and
completeness rule.
Usage: check_status.py PELSTAT LOG..."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
import pelstat_eventlog  # noqa: E402

exe, logs = sys.argv[1], sys.argv[2:]
read = [pelstat_eventlog.read(p) for p in logs]
records = [r for log in read for r in log.records]
epc = max(int(log.params["events_per_center"]) for log in read)
maxatt = max(int(log.params["max_attempts"]) for log in read)
per_center = {}
for r in records:
    a, c = per_center.get(r.center, (0, 0))
    per_center[r.center] = (a + 1, c + pelstat_eventlog.is_saddle(r))
want = {
    "files": len(logs),
    "centers_total": max(int(log.params["ncenters"]) for log in read),
    "centers_complete": sum(1 for a, c in per_center.values() if c >= epc or a >= maxatt),
    "attempts": len(records),
    "converged": sum(1 for r in records if pelstat_eventlog.is_converged(r)),
    "connected": sum(1 for r in records if pelstat_eventlog.is_saddle(r)),
    "duplicates": len(records) - len(set((r.center, r.attempt) for r in records)),
    "force_calls": sum(r.force_calls for r in records),
    "force_calls_local": sum(r.force_calls_local for r in records),
}
cost = sum(r.cost for r in records)  # the reader gives force_calls where the log has no cost
print("reference (Python reader): %d attempts, %d of %d centers complete"
      % (want["attempts"], want["centers_complete"], want["centers_total"]))
p = subprocess.run([exe, "status", "--json"] + logs, stdout=subprocess.PIPE, check=True,
                   universal_newlines=True)
got = json.loads(p.stdout)
fail = 0
for k, v in want.items():
    ok = got.get(k) == v
    fail += not ok
    print("%s: %s %s (reference %s)" % ("CHECK ok" if ok else "CHECK FAILED", k, got.get(k), v))
fpc = cost / want["connected"]
ok = abs(got["force_calls_per_connected"] - fpc) <= 1e-5 * max(1.0, fpc)
fail += not ok
print("%s: force_calls_per_connected %s (reference %.6g)"
      % ("CHECK ok" if ok else "CHECK FAILED", got["force_calls_per_connected"], fpc))
p = subprocess.run([exe, "status"] + logs, stdout=subprocess.PIPE, check=True,
                   universal_newlines=True)
ok = "centers complete       %d of %d" % (want["centers_complete"], want["centers_total"]) \
    in p.stdout
fail += not ok
print("%s: the table says the centers complete:\n%s" % ("CHECK ok" if ok else "CHECK FAILED",
                                                        p.stdout))
with tempfile.TemporaryDirectory() as tmp:
    stub = os.path.join(tmp, "stub.events")
    with open(stub, "w") as f:
        f.write("# pelstat event log\n# units metal\n# seed 4")
    p = subprocess.run([exe, "status", "--json"] + logs + [stub], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    got = json.loads(p.stdout) if p.returncode == 0 else {}
    ok = p.returncode == 0 and got.get("files") == len(logs) + 1 and \
        all(got.get(k) == v for k, v in want.items() if k != "files") and \
        "stub.events holds only the start of its header" in p.stderr
    fail += not ok
    print("%s: with a header stub beside the logs: exit %d, the same counts, stderr %r"
          % ("CHECK ok" if ok else "CHECK FAILED", p.returncode, p.stderr.strip()))
    # a campaign extended by a later run (its "# extent" line in the last
    # log): the total and the completeness rule are the raised ones
    ext = os.path.join(tmp, "extended.events")
    with open(logs[-1]) as f, open(ext, "w") as g:
        g.write(f.read())
        g.write("# resumed after %d attempts\n# extent events_per_center %d max_attempts %d "
                "max_centers 0 ncenters %d\n" % (want["attempts"], epc + 1, maxatt,
                                                  want["centers_total"] + 7))
    p = subprocess.run([exe, "status", "--json"] + logs[:-1] + [ext], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    got = json.loads(p.stdout) if p.returncode == 0 else {}
    done = sum(1 for a, c in per_center.values() if c >= epc + 1 or a >= maxatt)
    ok = p.returncode == 0 and got.get("centers_total") == want["centers_total"] + 7 and \
        got.get("centers_complete") == done and got.get("attempts") == want["attempts"] and \
        pelstat_eventlog.read(ext).params["ncenters"] == str(want["centers_total"] + 7)
    fail += not ok
    print("%s: the last log extended to %d centers, events_per_center %d, max_attempts %d: "
          "%s of %s centers complete (reference %d of %d)"
          % ("CHECK ok" if ok else "CHECK FAILED", want["centers_total"] + 7, epc + 1,
             maxatt, got.get("centers_complete"), got.get("centers_total"), done,
             want["centers_total"] + 7))
sys.exit(1 if fail else 0)
