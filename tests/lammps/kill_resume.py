#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A fix artn campaign killed with SIGKILL part-way and resumed writes the
same event log as an uninterrupted campaign; and a campaign run on 2
partitions killed with SIGKILL mid-attempt, resumed on 3 partitions for a few
attempts, then finished on 1, holds in the union of its logs exactly the
records of the uninterrupted campaign: the same (center, attempt) pairs, no
duplicate, no missing one, the same statuses and barriers within 1e-9 eV;
the dump_saddles and dump_events files of both hold complete frames, one per
connected saddle of the logs, and with dump_moved only the atoms that moved
(against an all-atom dump_events of the uninterrupted run); and a walk killed part-way and resumed writes the log of the
uninterrupted walk; both also through write_restart / read_restart (standard
library only).
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
for k, v in (("OMPI_ALLOW_RUN_AS_ROOT", "1"), ("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1"),
             ("OMPI_MCA_rmaps_base_oversubscribe", "1")):
    env.setdefault(k, v)


def dump_frames(folder, base):
    """{(center, attempt): (box lengths, {id: row of floats after id})} of
    every frame of the dump files base and base.N in folder, and their keys in
    file order: a frame's timestep is the event number of its record in the
    log written alongside (events.txt with base, events.txt.N with base.N);
    raises ValueError on a frame cut short or without a record."""
    frames, keys = {}, []
    for name in sorted(os.listdir(folder)):
        if not (name == base or name.startswith(base + ".")):
            continue
        logname = "events.txt" + name[len(base):]
        byevent = {r.event: (r.center, r.attempt)
                   for r in (read_events(os.path.join(folder, logname))
                             if os.path.exists(os.path.join(folder, logname)) else [])}
        lines = open(os.path.join(folder, name)).read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        i = 0
        while i < len(lines):
            if lines[i] != "ITEM: TIMESTEP":
                raise ValueError("%s: line %d: no frame starts here" % (name, i + 1))
            n = int(lines[i + 3])
            head = lines[i + 8].split()
            if len(lines) < i + 9 + n or not head[:2] == ["ITEM:", "ATOMS"]:
                raise ValueError("%s: a frame cut short at line %d" % (name, i + 1))
            ncol = len(head) - 2
            rows = {}
            for k in range(i + 9, i + 9 + n):
                w = lines[k].split()
                if len(w) != ncol:
                    raise ValueError("%s: an atom line cut short in the frame at line %d"
                                     % (name, i + 1))
                rows[int(w[0])] = [float(v) for v in w[2:]]
            box = [float(lines[i + 5 + d].split()[1]) - float(lines[i + 5 + d].split()[0])
                   for d in range(3)]
            if int(lines[i + 1]) not in byevent:
                raise ValueError("%s: frame of event %s has no record in %s"
                                 % (name, lines[i + 1], logname))
            key = byevent[int(lines[i + 1])]
            keys.append(key)
            frames[key] = (box, rows)
            i += 9 + n
    return frames, keys


def dump_matches(folder, recs, base="saddles.dump"):
    """Every frame complete, the frames exactly the connected saddles, once."""
    try:
        keys = dump_frames(folder, base)[1]
    except (ValueError, IndexError) as e:
        return False, str(e)
    want = sorted((r.center, r.attempt) for r in recs if r.status == "saddle")
    return sorted(keys) == want, "%d frames for %d connected saddles" % (len(keys), len(want))


def moved_only(folder, ref_folder, dist):
    """dump_events of folder (dump_moved dist) against the all-atom frames of
    ref_folder: each frame holds exactly the atoms displaced by more than dist
    from the initial minimum (initial_minimum.events.txt) at the saddle
    (saddles.dump) or the final minimum, with the reference's values."""
    frames = dump_frames(folder, "events.dump")[0]
    ref = dump_frames(ref_folder, "events.dump")[0]
    sad = dump_frames(ref_folder, "saddles.dump")[0]
    x0 = {}
    for line in open(os.path.join(ref_folder, "initial_minimum.events.txt")):
        w = line.split()
        if len(w) == 4 and not line.startswith("#"):
            x0[int(w[0])] = [float(v) for v in w[1:]]

    def dist_to(box, a, b):
        d = [a[k] - b[k] for k in range(3)]
        d = [v - box[k] * round(v / box[k]) for k, v in enumerate(d)]
        return sum(v * v for v in d) ** 0.5

    natoms, sizes, worst = len(x0), [], 0.0
    for key, (box, rows) in frames.items():
        if key not in ref or key not in sad:
            return False, "frame %s has no all-atom reference" % (key,)
        rrows, srows = ref[key][1], sad[key][1]
        disp = {i: max(dist_to(box, rrows[i], x0[i]), dist_to(box, srows[i], x0[i]))
                for i in rrows}
        moved = {i for i in rrows if disp[i] > dist}
        near = {i for i in rrows if abs(disp[i] - dist) < 1e-6}
        if (set(rows) ^ moved) - near:
            return False, "frame %s: atoms %s, moved %s" % (key, sorted(rows), sorted(moved))
        worst = max([worst] + [abs(a - b) for i in rows for a, b in zip(rows[i], rrows[i])])
        sizes.append(len(rows))
    ok = bool(frames) and worst < 1e-6 and all(0 < n < natoms for n in sizes)
    return ok, ("%d frames of %s atoms (of %d), values within %.1g of the all-atom frames"
                % (len(frames), sorted(set(sizes)), natoms, worst))


def read_events(path):
    """The complete records of a log; none while its header is still being written."""
    try:
        return read(path).records
    except EventLogError:
        return []


def cmd(resume, nparts=1, nrun=100, mode="sample", restart="none", moved=0):
    mpi = []
    if nparts > 1:
        mpi = [shutil.which("mpirun") or "mpirun", "--oversubscribe", "-np", str(nparts)]
    return mpi + [lmp, "-in", inp, "-log", "none", "-screen", "none", "-var", "PLUGIN", plugin,
                  "-var", "DATA", data, "-var", "TESTDIR", here, "-var", "RESUME", resume,
                  "-var", "NRUN", str(nrun), "-var", "MODE", mode,
                  "-var", "RESTART", restart, "-var", "MOVED", str(moved)] + (["-partition", "%dx1" % nparts]
                                               if nparts > 1 else [])


full_dir, kill_dir = os.path.join(work, "full"), os.path.join(work, "killed")
for d in (full_dir, kill_dir):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
t0 = time.time()
subprocess.run(cmd("no"), cwd=full_dir, env=env, check=True)
elapsed = time.time() - t0
full = read_events(os.path.join(full_dir, "events.txt"))


def kill_and_resume(folder, nfull, mode="sample"):
    """Run the campaign in folder, SIGKILL it when about half of its nfull
    attempts are logged, resume it; the records logged before the resume, and
    the final log."""
    p = subprocess.Popen(cmd("no", mode=mode), cwd=folder, env=env)
    log = os.path.join(folder, "events.txt")
    deadline = time.time() + 4 * elapsed + 60
    while time.time() < deadline and p.poll() is None:
        if os.path.exists(log) and len(read_events(log)) >= nfull // 2:
            break
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait()
    before = len(read_events(log))
    subprocess.run(cmd("yes", mode=mode), cwd=folder, env=env, check=True)
    return before, read_events(log)


before, resumed = kill_and_resume(kill_dir, len(full))

ok = 0 < before < len(full) and len(resumed) == len(full) and all(
    same_record(a, b) for a, b in zip(resumed, full))
print("%s: killed after %d of %d attempts, resumed log %s the uninterrupted one" %
      ("CHECK ok" if ok else "CHECK FAILED", before, len(full), "equals" if ok else "differs from"))
fails = 0 if ok else 1
ok, what = dump_matches(kill_dir, resumed)
print("%s: dump_saddles after the kill and resume: %s" % ("CHECK ok" if ok else "CHECK FAILED",
                                                          what))
fails += 0 if ok else 1
ok, what = dump_matches(kill_dir, resumed, "events.dump")
print("%s: dump_events after the kill and resume: %s" % ("CHECK ok" if ok else "CHECK FAILED",
                                                         what))
fails += 0 if ok else 1

# partitions: 2 (killed), 3 (a few attempts each), 1 (to the end); their
# dump_events holds only the atoms that moved more than MOVED
MOVED = 0.1
part_dir = os.path.join(work, "partitions")
shutil.rmtree(part_dir, ignore_errors=True)
os.makedirs(part_dir)


def union():
    recs = []
    for name in sorted(os.listdir(part_dir)):
        if name == "events.txt" or name.startswith("events.txt."):
            recs += read_events(os.path.join(part_dir, name))
    return recs


p = subprocess.Popen(cmd("no", 2, moved=MOVED), cwd=part_dir, env=env, start_new_session=True)
deadline = time.time() + 4 * elapsed + 60
while time.time() < deadline and p.poll() is None:
    if len(union()) >= len(full) // 4:
        break
    time.sleep(0.05)
try:
    os.killpg(p.pid, signal.SIGKILL)  # mpirun and its ranks, as a scheduler kills a job
except ProcessLookupError:
    pass  # it had ended: the check below finds that it was not killed part-way
p.wait()
time.sleep(0.5)
after2 = len(union())
subprocess.run(cmd("yes", 3, 1, moved=MOVED), cwd=part_dir, env=env, check=True)
after3 = len(union())
subprocess.run(cmd("yes", 1, moved=MOVED), cwd=part_dir, env=env, check=True)
recs = union()
key = lambda r: (r.center, r.attempt)  # noqa: E731
mine = sorted(recs, key=key)
ref = sorted(full, key=key)
dups = len(mine) - len(set(map(key, mine)))
same = len(mine) == len(ref) and all(
    key(a) == key(b) and a.status == b.status and
    (a.barrier == b.barrier or abs(a.barrier - b.barrier) <= 1e-9) for a, b in zip(mine, ref))
ok2 = 0 < after2 < after3 < len(full) and dups == 0 and same
print("%s: 2 partitions killed after %d records, 3 partitions to %d, 1 to the end: %d records "
      "in %s, %d duplicates, %s the %d of the uninterrupted campaign" %
      ("CHECK ok" if ok2 else "CHECK FAILED", after2, after3, len(mine),
       ", ".join(sorted(n for n in os.listdir(part_dir) if n.startswith("events.txt"))), dups,
       "equal to" if same else "different from", len(ref)))
fails += 0 if ok2 else 1
ok, what = dump_matches(part_dir, recs)
print("%s: dump_saddles of the 2, 3 and 1 partitions: %s" % ("CHECK ok" if ok else "CHECK FAILED",
                                                             what))
fails += 0 if ok else 1
ok, what = dump_matches(part_dir, recs, "events.dump")
if ok:
    try:
        ok, what = moved_only(part_dir, full_dir, MOVED)
    except (ValueError, IndexError, KeyError) as e:
        ok, what = False, "unreadable: %s" % e
print("%s: dump_events (dump_moved %g) of the 2, 3 and 1 partitions: %s"
      % ("CHECK ok" if ok else "CHECK FAILED", MOVED, what))
fails += 0 if ok else 1

# a walk (temperature 0) killed part-way and resumed: the log of the
# uninterrupted walk, every record (e_initial is the energy of the minimum
# the walk stood on)
walk_full, walk_kill = os.path.join(work, "walk_full"), os.path.join(work, "walk_killed")
for d in (walk_full, walk_kill):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
subprocess.run(cmd("no", mode="walk"), cwd=walk_full, env=env, check=True)
wfull = read_events(os.path.join(walk_full, "events.txt"))
wbefore, wres = kill_and_resume(walk_kill, len(wfull), "walk")
moves = len(set(r.e_initial for r in wfull))
ok = 0 < wbefore < len(wfull) and moves > 1 and len(wres) == len(wfull) and all(
    same_record(a, b) for a, b in zip(wres, wfull))
print("%s: a walk killed after %d of %d attempts (%d minima visited), resumed log %s the "
      "uninterrupted one" % ("CHECK ok" if ok else "CHECK FAILED", wbefore, len(wfull), moves,
                             "equals" if ok else "differs from"))
fails += 0 if ok else 1

# through LAMMPS restart files: a run stopped after some attempts writes a
# restart file; a fix artn with the same ID after read_restart continues
for mode, ref in (("sample", full), ("walk", wfull)):
    d = os.path.join(work, "restart_" + mode)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    half = len(ref) // 2
    subprocess.run(cmd("no", nrun=half, mode=mode, restart="write"), cwd=d, env=env, check=True)
    subprocess.run(cmd("no", mode=mode, restart="read"), cwd=d, env=env, check=True)
    got = read_events(os.path.join(d, "events.txt"))
    ok = len(got) == len(ref) and all(same_record(a, b) for a, b in zip(got, ref))
    print("%s: %s: %d attempts, write_restart, read_restart, the rest: the log %s the "
          "uninterrupted one" % ("CHECK ok" if ok else "CHECK FAILED", mode, half,
                                 "equals" if ok else "differs from"))
    fails += 0 if ok else 1
print("%d passed, %d failed" % (9 - fails, fails))
sys.exit(1 if fails else 0)
