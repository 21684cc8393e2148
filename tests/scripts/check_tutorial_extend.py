#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A finished glass-transition run (examples/glass-transition/run.sh) extended
by raising CENTERS_PER_IS: run.sh again on its OUT with CENTERS_PER_IS raised
by 2 and FTOL_CENTERS kept, ART stages only.  Then every inherent structure's
campaign has 2 more centers, all complete (`pelstat status --json`: the total
comes from the "# extent" line fix artn writes when it resumes), every log
holds its earlier records unchanged as its first ones, each ART marker
records the extent it reached, and the ftol campaigns are as they were.

usage: check_tutorial_extend.py RUN_SH OUT PELSTAT_BUILD PYTHON"""
import glob
import json
import os
import re
import subprocess
import sys

run_sh, out, build, python = sys.argv[1:5]
pelstat = os.path.join(build, "pelstat")
failures = []


def check(cond, what):
    print("CHECK %s: %s" % ("ok" if cond else "FAILED", what))
    if not cond:
        failures.append(what)


def conf(key):
    with open(os.path.join(out, "run.conf")) as f:
        for line in f:
            if line.startswith(key + "="):
                return line.split("=", 1)[1].strip().strip('"')
    raise SystemExit("run.conf has no %s" % key)


def status(pattern):
    files = sorted(glob.glob(os.path.join(out, pattern)))
    p = subprocess.run([pelstat, "status", "--json"] + files, stdout=subprocess.PIPE,
                       universal_newlines=True, check=True)
    return json.loads(p.stdout)


def records(pattern):
    recs = {}
    for f in sorted(glob.glob(os.path.join(out, pattern))):
        with open(f) as fh:
            recs[f] = [l for l in fh if l.strip() and not l.startswith("#")]
    return recs


temps = conf("IS_TEMPS").split()
centers = int(conf("CENTERS_PER_IS"))
ftols = conf("FTOL_COMPARE").split()
ftol_logs = ["events_%s_ftol%s.log*" % (t, f) for f in ftols for t in (temps[0], temps[-1])]
before = {t: records("events_%s.log*" % t) for t in temps}
ftol_before = {p: status(p) for p in ftol_logs}
# the run's own variables (run.conf), these ones changed
env = dict(os.environ, CONFIG=os.path.join(out, "run.conf"), OUT=out, PELSTAT_BUILD=build,
           PYTHON=python, STAGES="artn",
           CENTERS_PER_IS=str(centers + 2), FTOL_CENTERS=str(centers))
p = subprocess.run(["bash", run_sh], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                   universal_newlines=True)
print(p.stdout[-3000:])
check(p.returncode == 0, "run.sh with CENTERS_PER_IS=%d exits 0 (%d)" % (centers + 2,
                                                                          p.returncode))
for t in temps:
    s = status("events_%s.log*" % t)
    check(s["centers_total"] == centers + 2 and s["centers_complete"] == centers + 2,
          "IS %s: %d of %d centers complete (want %d)" % (t, s["centers_complete"],
                                                           s["centers_total"], centers + 2))
    after = records("events_%s.log*" % t)
    kept = all(after.get(f, [])[:len(r)] == r for f, r in before[t].items())
    grew = sum(map(len, after.values())) > sum(map(len, before[t].values()))
    check(kept and grew, "IS %s: the earlier records kept as the first ones, new ones added "
          "(%d -> %d)" % (t, sum(map(len, before[t].values())), sum(map(len, after.values()))))
    with open(os.path.join(out, "artn_%s.done" % t)) as f:
        marker = f.read().split()
    check(marker[:1] == [str(centers + 2)], "artn_%s.done records the extent %s" % (t, marker))
    logs = sorted(glob.glob(os.path.join(out, "events_%s.log*" % t)))
    ext = [l for f in logs for l in open(f) if l.startswith("# extent ")]
    check(any(re.search(r"\bncenters %d\b" % (centers + 2), l) for l in ext),
          "IS %s: an '# extent' line with ncenters %d (%s)" % (t, centers + 2, ext[-1:]))
for pat in ftol_logs:
    s = status(pat)
    check(s["centers_total"] == ftol_before[pat]["centers_total"] == centers and
          s["attempts"] == ftol_before[pat]["attempts"],
          "%s: as it was (%d centers, %d attempts)" % (pat, s["centers_total"], s["attempts"]))
print("%d failed" % len(failures) if failures else "all checks passed")
sys.exit(1 if failures else 0)
