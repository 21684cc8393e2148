#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A fix artn campaign killed with SIGKILL part-way and resumed writes the
same event log as an uninterrupted campaign (standard library only).
Usage: kill_resume.py LMP PLUGIN DATA WORKDIR"""
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "src", "python"))
from pelstat_eventlog import EventLogError, read, same_record  # noqa: E402

lmp, plugin, data, work = sys.argv[1:5]
here = os.path.dirname(os.path.abspath(__file__))
inp = os.path.join(here, "in.artn_campaign")
env = dict(os.environ, OMP_NUM_THREADS="1")


def read_events(path):
    """The complete records of a log; none while its header is still being written."""
    try:
        return read(path).records
    except EventLogError:
        return []


def cmd(resume):
    return [lmp, "-in", inp, "-log", "none", "-screen", "none", "-var", "PLUGIN", plugin,
            "-var", "DATA", data, "-var", "TESTDIR", here, "-var", "RESUME", resume]


full_dir, kill_dir = os.path.join(work, "full"), os.path.join(work, "killed")
for d in (full_dir, kill_dir):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
t0 = time.time()
subprocess.run(cmd("no"), cwd=full_dir, env=env, check=True)
elapsed = time.time() - t0
full = read_events(os.path.join(full_dir, "events.txt"))

# kill when about half of the attempts are logged
p = subprocess.Popen(cmd("no"), cwd=kill_dir, env=env)
log = os.path.join(kill_dir, "events.txt")
deadline = time.time() + 4 * elapsed + 60
while time.time() < deadline and p.poll() is None:
    if os.path.exists(log) and len(read_events(log)) >= len(full) // 2:
        break
    time.sleep(0.05)
p.send_signal(signal.SIGKILL)
p.wait()
before = len(read_events(log))
subprocess.run(cmd("yes"), cwd=kill_dir, env=env, check=True)
resumed = read_events(log)

ok = 0 < before < len(full) and len(resumed) == len(full) and all(
    same_record(a, b) for a, b in zip(resumed, full))
print("%s: killed after %d of %d attempts, resumed log %s the uninterrupted one" %
      ("CHECK ok" if ok else "CHECK FAILED", before, len(full), "equals" if ok else "differs from"))
print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
sys.exit(0 if ok else 1)
