#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The Slurm workflow of examples/glass-transition under a real Slurm (a
single-node cluster started by slurm-cluster.sh), at toy size, against an
uninterrupted run (standard library only):

1. submit.sh submits the MD job (1 task) and the ART job (2 tasks, one
   partition each, 1 minute, no timer timeout, no requeue): the ART job is
   killed by its time limit part-way through its campaign (state TIMEOUT);
2. submit.sh submits the ART job again on 1 task (1 partition), 2 minutes,
   MARGIN 75 s: its LAMMPS run ends before the limit and the job requeues
   itself (at least once) until the campaign is complete (state COMPLETED);
3. the same campaign run by run.sh outside Slurm, uninterrupted, from the same
   inherent structure: the union of the Slurm run's event logs holds the same
   (center, attempt) records, with the same statuses and barriers within
   1e-9 eV, no duplicate and no missing one.

Usage: slurm_workflow.py BUILD LMP WORKDIR
(BUILD: pelstat's build folder with pelstat.so and pelstat; LMP: a
PLUGIN-enabled lmp.)  Exit code 77 (skipped) when Slurm cannot be set up."""
import math
import os
import shutil
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.abspath(os.path.join(here, "..", ".."))
sys.path.insert(0, os.path.join(repo, "src", "python"))
from pelstat_eventlog import read  # noqa: E402

build, lmp, work = (os.path.abspath(a) for a in sys.argv[1:4])
gt = os.path.join(repo, "examples", "glass-transition")
cluster = os.path.join(work, "cluster")
out = os.path.join(work, "slurm")
ref = os.path.join(work, "reference")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)

# the campaign: 256 atoms, one inherent structure (100 K), 150 centers (about
# 300 attempts, 2-3 minutes of ART on 2 cores), so that a 1-minute job (which
# Slurm ends 60-90 s after its start: it checks time limits every 30 s) stops
# it part-way
python = shutil.which("python3", path="/usr/bin") or sys.executable
toy = dict(QUICK="1", IS_TEMPS="100", CENTERS="all", CENTERS_PER_IS="150", NBOOT="20", FTOL_COMPARE="",
           PYTHON=python, LMP=lmp, PELSTAT_BUILD=build, MPIRUN="mpirun --oversubscribe",
           OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMP_NUM_THREADS="1")
fails = 0


def check(ok, what):
    global fails
    print("%s: %s" % ("CHECK ok" if ok else "CHECK FAILED", what), flush=True)
    fails += 0 if ok else 1


start = subprocess.run(["bash", os.path.join(here, "slurm-cluster.sh"), "start", cluster],
                       stdout=subprocess.PIPE, universal_newlines=True)
if start.returncode == 77:
    print(start.stdout)
    sys.exit(77)
if start.returncode != 0:
    print(start.stdout)
    sys.exit("slurm_workflow.py: could not start Slurm")
conf = os.path.join(cluster, "slurm.conf")
env = dict(os.environ, SLURM_CONF=conf, OUT=out, **toy)


def job_state(jid):
    """(JobState, Restarts) of a job, from scontrol."""
    p = subprocess.run(["scontrol", "-o", "show", "job", jid], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, universal_newlines=True)
    fields = dict(w.split("=", 1) for w in p.stdout.split() if "=" in w)
    return fields.get("JobState", "UNKNOWN"), int(fields.get("Restarts", "0") or 0)


def wait_for(jid, timeout):
    """Wait until job jid has ended for good; its final (state, restarts)."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        state = job_state(jid)
        if state != last:
            print("  job %s: %s (restarts %d)" % (jid, state[0], state[1]), flush=True)
            last = state
        if state[0] in ("COMPLETED", "FAILED", "TIMEOUT", "CANCELLED", "NODE_FAIL",
                        "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE"):
            return state
        time.sleep(2)
    return ("STILL_RUNNING", last[1] if last else 0)


def submit(**kw):
    p = subprocess.run(["bash", os.path.join(gt, "slurm", "submit.sh")],
                       env=dict(env, **kw), stdout=subprocess.PIPE, universal_newlines=True,
                       check=True)
    print(p.stdout, end="")
    return dict(line.split() for line in p.stdout.splitlines())


def union(folder):
    recs = []
    for name in sorted(os.listdir(folder)):
        if name == "events_100.log" or name.startswith("events_100.log."):
            recs += read(os.path.join(folder, name)).records
    return recs


def show_outputs():
    for name in sorted(os.listdir(out)):
        if name.startswith("slurm-"):
            print("---- %s" % name)
            print(open(os.path.join(out, name)).read()[-3000:])


try:
    t0 = time.time()
    jobs = submit(JOBS="md artn", NTASKS_MD="1", NTASKS_ART="2", TIME_MD="10",
                  TIME_ART="1", MARGIN="none", REQUEUE="0", SIGNAL="5")
    md_state = wait_for(jobs["md"], 900)
    check(md_state[0] == "COMPLETED", "MD job (quench, inherent structure): %s" % md_state[0])
    art_state = wait_for(jobs["artn"], 600)
    killed = union(out) if os.path.isdir(out) else []
    check(art_state[0] == "TIMEOUT" and killed and not os.path.exists(
        os.path.join(out, "artn_100.done")),
        "ART job on 2 tasks, 1 minute: %s after %d attempts, campaign not complete"
        % (art_state[0], len(killed)))

    # LAMMPS stops 75 s before the 2-minute limit, after ~45 s of work (the
    # rest of the campaign takes longer: at least one requeue); USR1 (5 s
    # before the limit, up to a 30 s check early) comes after that
    jobs = submit(JOBS="artn", NTASKS_ART="1", TIME_ART="2", MARGIN="75", REQUEUE="1",
                  SIGNAL="5")
    art2 = wait_for(jobs["artn"], 1800)
    check(art2[0] == "COMPLETED" and art2[1] >= 1 and
          os.path.exists(os.path.join(out, "artn_100.done")),
          "ART job resubmitted on 1 task, 2 minutes, requeued by itself %d time(s): %s, "
          "campaign complete" % (art2[1], art2[0]))
    print("Slurm part: %.0f s" % (time.time() - t0))
    if fails:
        show_outputs()
finally:
    subprocess.run(["bash", os.path.join(here, "slurm-cluster.sh"), "stop", cluster])

# the same campaign, uninterrupted, outside Slurm, from the same inherent structure
os.makedirs(ref)
for f in ("is_100.data", "is_100.txt", "glass_final.data", "quench.dat", "snap_100.data"):
    if os.path.exists(os.path.join(out, f)):
        shutil.copy(os.path.join(out, f), ref)
t0 = time.time()
subprocess.run(["bash", os.path.join(gt, "run.sh")], check=True,
               env=dict(os.environ, OUT=ref, STAGES="artn", NP="2", PARTITIONS="2", **toy))
print("uninterrupted campaign: %.0f s" % (time.time() - t0))
key = lambda r: (r.center, r.attempt)  # noqa: E731
mine = sorted(union(out), key=key)
full = sorted(union(ref), key=key)
dups = len(mine) - len(set(map(key, mine)))
def same_barrier(a, b):
    return a == b or abs(a - b) <= 1e-9 or (math.isnan(a) and math.isnan(b))


same = len(mine) == len(full) and all(
    key(a) == key(b) and a.status == b.status and same_barrier(a.barrier, b.barrier)
    for a, b in zip(mine, full))
check(dups == 0 and same and len(killed) < len(full),
      "the Slurm run's logs (%s) hold %d records, %d duplicates: %s the %d of the "
      "uninterrupted campaign" % (", ".join(n for n in sorted(os.listdir(out))
                                          if n.startswith("events_100.log")),
                                  len(mine), dups, "equal to" if same else "different from",
                                  len(full)))
print("%d failed" % fails)
sys.exit(1 if fails else 0)
