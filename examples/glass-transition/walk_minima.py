# SPDX-License-Identifier: GPL-2.0-or-later
"""The minima of an ART walk told apart by their structure (used by analyze.py
and plot_figures.py for Fig. 7).

    import walk_minima
    g = walk_minima.walk_graph("walk_100.log")   # reads walk_100.events.dump too
    g.energies, g.edges, g.visited, g.method

A walk (fix artn mode walk, in.walk) writes its event log walk_T.log and, with
`dump_events`, walk_T.events.dump: for every connected saddle (status `saddle`)
a LAMMPS text dump frame whose TIMESTEP is the record's `event` and whose
atoms (id type x y z ex ey ez, sorted by id, all atoms) hold the event's final
minimum.  The walk starts on minimum 0, the relaxed input; every record starts
from the walk's current minimum; a connected event links the current minimum
through its saddle to its final minimum, and when Metropolis accepts the move
the final minimum becomes the current one.

Two minima are the same when no atom is farther apart than the log header's
`connect_dist` (minimum image in the frame's periodic box), the criterion fix
artn uses itself.  The energy of a minimum the walk stood on is the walk's
energy there (the `e_initial` of its first record on it: the walk relaxes an
accepted final minimum to `init_ftol`, tighter than the event's `e_final`,
which can be 1e-4 to 1e-3 eV higher); that of any other minimum is the
`e_final` of the event that found it first.

The configuration of minimum 0 is fix artn's walk state of event 0
(current_minimum.walk_T.log, or its .prev), which survives only until the
second accepted move: without it, minimum 0 is matched by its energy (within
`energy_tol`) until an event's final minimum is found to be it, whose
configuration it then takes.  Events without a frame (a dump added on resume)
and walks without a dump (older outputs) are matched by energy alone.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "python"))
import pelstat_eventlog  # noqa: E402  (the package's reader of event logs)

ENERGY_TOL = 1e-4  # eV: the energy-only fallback (minima closer in energy are the same)


class Frame:
    """One dump frame: ids (sorted), x (N x 3), H (3 x 3 box rows a, b, c),
    periodic (3 bools)."""

    def __init__(self, ids, x, H, periodic):
        self.ids, self.x, self.H, self.periodic = ids, x, H, periodic


def _box(bounds_line, rows):
    """box rows (a, b, c) and periodicity from a BOX BOUNDS item and its 3 lines"""
    w = bounds_line.split()[3:]
    tilt = len(w) == 6 and w[:3] == ["xy", "xz", "yz"]
    flags = w[3:] if tilt else w
    periodic = np.array([f == "pp" for f in flags] + [True] * (3 - len(flags)))[:3]
    v = [[float(t) for t in r.split()] for r in rows]
    if tilt:
        xy, xz, yz = v[0][2], v[1][2], v[2][2]
        xlo = v[0][0] - min(0.0, xy, xz, xy + xz)
        xhi = v[0][1] - max(0.0, xy, xz, xy + xz)
        ylo, yhi = v[1][0] - min(0.0, yz), v[1][1] - max(0.0, yz)
    else:
        xy = xz = yz = 0.0
        (xlo, xhi), (ylo, yhi) = v[0][:2], v[1][:2]
    zlo, zhi = v[2][:2]
    H = np.array([[xhi - xlo, 0.0, 0.0], [xy, yhi - ylo, 0.0], [xz, yz, zhi - zlo]])
    return H, periodic


def read_events_dump(path):
    """{event: Frame} of a dump_events file (the last frame of an event wins);
    a frame cut short at the end (a killed job) is left out"""
    frames = {}
    with open(path) as f:
        lines = f.read().split("\n")
    i, n = 0, len(lines)
    while i < n:
        if lines[i] != "ITEM: TIMESTEP":
            i += 1
            continue
        if i + 9 > n:
            break
        event = int(lines[i + 1])
        natoms = int(lines[i + 3])
        H, periodic = _box(lines[i + 4], lines[i + 5:i + 8])
        cols = lines[i + 8].split()[2:]
        body = lines[i + 9:i + 9 + natoms]
        if len(body) < natoms or (natoms and (not body[-1].strip() or i + 9 + natoms >= n)):
            break  # cut short (the last line of a complete frame ends with a newline)
        a = np.array(" ".join(body).split(), dtype=float).reshape(natoms, len(cols))
        ids = a[:, cols.index("id")].astype(np.int64)
        x = a[:, [cols.index("x"), cols.index("y"), cols.index("z")]]
        order = np.argsort(ids, kind="stable")
        frames[event] = Frame(ids[order], x[order], H, periodic)
        i += 9 + natoms
    return frames


def read_walk_state(log_path, box_from):
    """minimum 0 of a walk (fix artn's walk state of event 0, kept in
    current_minimum.<log> or its .prev) as a Frame in the box of box_from, or None"""
    d, b = os.path.split(log_path)
    base = os.path.join(d, "current_minimum." + b)
    for path in (base, base + ".prev"):
        try:
            with open(path) as f:
                text = f.read().splitlines()
        except OSError:
            continue
        event = None
        rows = []
        for line in text:
            if line.startswith("# event"):
                event = int(line.split()[2])
            elif line and not line.startswith("#"):
                rows.append(line.split()[:4])
        if event != 0 or not rows:
            continue
        a = np.array(rows, dtype=float)
        ids = a[:, 0].astype(np.int64)
        order = np.argsort(ids, kind="stable")
        return Frame(ids[order], a[order, 1:4], box_from.H, box_from.periodic)
    return None


class _Store:
    """distinct configurations (M x N x 3, grown by doubling) and the largest
    minimum-image atomic distance of a new one to each"""

    def __init__(self, frame, rng_seed=1):
        self.ids = frame.ids
        self.H = frame.H
        self.Hinv = np.linalg.inv(frame.H)
        self.periodic = frame.periodic
        self.buf = np.empty((4,) + frame.x.shape)
        self.owner = []  # minimum index of each stored configuration
        n = len(frame.ids)
        # a subset of atoms screens the candidates first (its largest distance
        # is a lower bound of the largest over all atoms: an exact filter)
        self.sub = np.sort(np.random.default_rng(rng_seed).permutation(n)[:min(n, 64)])

    def _maxdist(self, x, idx, atoms=None):
        if atoms is None:
            d = self.buf[idx] - x[None, :, :]
        else:
            d = self.buf[np.ix_(idx, atoms)] - x[atoms][None, :, :]
        s = d @ self.Hinv
        s[..., self.periodic] -= np.round(s[..., self.periodic])
        return np.sqrt(((s @ self.H) ** 2).sum(axis=-1)).max(axis=-1)

    def match(self, frame, dist):
        """the index of the first stored configuration within dist of frame, or None"""
        m = len(self.owner)
        if m == 0:
            return None
        x = self._aligned(frame)
        idx = np.arange(m)
        cand = idx[self._maxdist(x, idx, self.sub) < dist]
        if len(cand) == 0:
            return None
        full = self._maxdist(x, cand)
        hit = np.nonzero(full < dist)[0]
        return int(cand[hit[np.argmin(full[hit])]]) if len(hit) else None

    def add(self, frame, minimum):
        m = len(self.owner)
        if m == len(self.buf):
            self.buf = np.concatenate([self.buf, np.empty_like(self.buf)])
        self.buf[m] = self._aligned(frame)
        self.owner.append(minimum)

    def _aligned(self, frame):
        if len(frame.ids) != len(self.ids) or not np.array_equal(frame.ids, self.ids):
            raise ValueError("walk_minima: the frames hold other atoms (dump_moved? use all atoms)")
        return frame.x


class WalkGraph:
    """energies (array, one per minimum: the walk's energy on a minimum it
    stood on, else e_final of the event that found it; minimum 0 the start), edges [(i, j, e_saddle)], visited (the minima the walk
    stood on, in the order of the moves), method ("structure" or "energy"),
    energy_values (per minimum, every e_final / e_initial seen on it),
    start_known (minimum 0's configuration was on file), no_frame (connected
    events without a frame), connect_dist"""


def _accepted(rows, i, resumed_at):
    """was the move of connected record i accepted: the next record starts
    elsewhere.  A rejected move keeps the walk's energy bit for bit; after a
    resume the minimum is relaxed again (round-off), so there the next
    e_initial must be closer to this event's e_final than to its e_initial."""
    if i + 1 >= len(rows):
        return False  # the walk's last record: nothing comes after it
    a, b = rows[i].e_initial, rows[i + 1].e_initial
    if b == a:
        return False
    if i + 1 in resumed_at:
        return abs(b - rows[i].e_final) < abs(b - a)
    return True


def walk_graph(log_path, dump_path=None, energy_tol=ENERGY_TOL, structure=True, quiet=False):
    """the minima and connecting saddles of a walk (see the module's doc);
    dump_path defaults to walk_T.events.dump next to walk_T.log; structure=False
    ignores the dump (every minimum matched by energy)"""
    log = pelstat_eventlog.read(log_path)
    rows = log.records
    connect_dist = float(log.params.get("connect_dist", 0.1))
    resumed_at = set()
    for c in log.comments:
        w = c.split()
        if len(w) == 4 and w[0] == "resumed" and w[1] == "after" and w[3] == "attempts":
            resumed_at.add(int(w[2]))
    if dump_path is None:
        root = log_path[:-4] if log_path.endswith(".log") else log_path
        dump_path = root + ".events.dump"
    frames = read_events_dump(dump_path) if structure and os.path.exists(dump_path) else {}
    g = WalkGraph()
    g.connect_dist = connect_dist
    g.method = "structure" if frames else "energy"
    if not frames and structure and not quiet:
        print("walk_minima: %s: no events dump (%s): minima identified by energy (within %g eV)"
              % (log_path, os.path.basename(dump_path), energy_tol))
    energies, structured, values = [], [], []
    store = _Store(next(iter(frames.values()))) if frames else None

    def new(e, frame):
        energies.append(e)
        values.append([e])
        structured.append(frame is not None)
        if frame is not None:
            store.add(frame, len(energies) - 1)
        return len(energies) - 1

    def find(e, frame, cur):
        """the minimum of (energy e, configuration frame or None), the final
        minimum of an event from minimum cur: with `connect yes` (the default)
        fix artn only logs a connected event whose final minimum differs from
        its initial one, so cur is never matched by energy"""
        if frame is not None:
            k = store.match(frame, connect_dist)
            if k is not None:
                values[store.owner[k]].append(e)
                return store.owner[k]
            # a minimum whose configuration is not known (minimum 0, events
            # without a frame) can only be matched by energy; it takes this
            # configuration from then on
            for j, ej in enumerate(energies):
                if j != cur and not structured[j] and abs(ej - e) < energy_tol:
                    store.add(frame, j)
                    structured[j] = True
                    values[j].append(e)
                    return j
            return new(e, frame)
        for j, ej in enumerate(energies):
            if j != cur and abs(ej - e) < energy_tol:
                values[j].append(e)
                return j
        return new(e, None)

    g.start_known = False
    g.no_frame = 0
    edges, visited, stood = [], [], set()
    if rows:
        start = read_walk_state(log_path, store) if store is not None else None
        g.start_known = start is not None
        cur = new(rows[0].e_initial, start)
        visited.append(cur)
        for i, r in enumerate(rows):
            if cur not in stood:
                # the walk's own energy of the minimum it stands on (relaxed to
                # init_ftol, tighter than the event's e_final): the energy the
                # barriers of its events are measured from
                stood.add(cur)
                energies[cur] = r.e_initial
            if r.e_initial != values[cur][-1]:
                values[cur].append(r.e_initial)
            if not pelstat_eventlog.is_saddle(r):
                continue
            frame = frames.get(r.event)
            if frame is None and frames:
                g.no_frame += 1
            b = find(r.e_final, frame, cur)
            if b != cur:
                edges.append((cur, b, r.e_saddle))
            if _accepted(rows, i, resumed_at) and b != cur:
                cur = b
                visited.append(cur)
    if frames and not g.start_known and not quiet:
        print("walk_minima: %s: the walk's start configuration is not on file (current_minimum.* "
              "holds a later state): minimum 0 is matched by its energy" % log_path)
    if g.no_frame and not quiet:
        print("walk_minima: %s: %d connected events have no frame in %s: matched by energy"
              % (log_path, g.no_frame, os.path.basename(dump_path)))
    g.energies = np.array(energies)
    g.edges = edges
    g.visited = visited
    g.energy_values = values
    g.structured = structured
    return g


def energy_only_count(log_path, energy_tol=ENERGY_TOL):
    """the number of minima when they are told apart by energy alone"""
    return len(walk_graph(log_path, energy_tol=energy_tol, structure=False).energies)
