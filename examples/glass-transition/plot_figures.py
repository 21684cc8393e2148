#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Figures 1-9 of the glass-transition tutorial (Han et al., PRB 101, 064205 (2020)).

  plot_figures.py [--only N ...] OUTDIR

Reads OUTDIR/results.json (written by analyze.py) and the raw files of run.sh
(quench.dat, barriers_*.dump.*, is_*.data, walk_*.log and walk_*.events.dump,
heat_*.dat) and writes
fig1_thermo.png ... fig9_excess_entropy.png and, with an ftol comparison,
fig10_protocols.png into OUTDIR.  Two spectra throughout: of the connected
saddles (the events; filled symbols, bars) and of every converged saddle
(open symbols, outlines).  Needs Debian's
python3-matplotlib and numpy; if the python3 that runs it lacks them, it re-runs
itself with /usr/bin/python3.
"""
import os
import sys

try:
    import matplotlib
    import numpy as np
except ImportError:
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and \
            os.access("/usr/bin/python3", os.X_OK):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:])
    sys.exit("plot_figures.py: needs matplotlib and numpy (Debian: apt install python3-matplotlib)")

import argparse
import glob
import json
import math

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import walk_minima  # noqa: E402  (the minima of a walk, told apart by structure)

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

KB = 8.617333262e-5
SLAB = 3.95  # A, the slab of Fig. 4 (first minimum of g(r))


def label(res):
    c = res["config"]
    pot = os.path.basename(c.get("POTENTIAL", ""))
    if pot == "CuZr_mm.eam.fs":
        pot += " (Mendelev 2007, not the paper's 2009 potential)"
    s = "Cu50Zr50, %s atoms, %s K/s, %s" % (c.get("NATOMS"), c.get("COOLING_RATE"), pot)
    if c.get("QUICK") == "1":
        s = "TOY SIZE (QUICK=1): " + s
    return s


def finish(fig, res, out, name):
    fig.text(0.5, 0.005, label(res), ha="center", va="bottom", fontsize=7, color="0.35")
    fig.savefig(os.path.join(out, name), dpi=75)
    plt.close(fig)
    print("wrote", os.path.join(out, name))


def tg_line(ax, res):
    tg = res["quench"].get("Tg")
    if tg:
        ax.axvline(tg, ls="--", color="0.4", lw=1)


def fig1(res, out):
    d = np.loadtxt(os.path.join(out, "quench.dat"), comments="#", ndmin=2)
    T = d[:, 1]
    q = res["quench"]
    fig, axs = plt.subplots(2, 2, figsize=(8, 6.2))
    for ax, col, key, lab in ((axs[0, 0], 2, "V", "V (Å$^3$/atom)"), (axs[0, 1], 3, "E", "E (eV/atom)"),
                              (axs[1, 0], 4, "H", "H (eV/atom)")):
        ax.plot(T, d[:, col], ".", ms=2, color="C0", alpha=0.5)
        f = q["fits"].get(key)
        if f:
            lo, hi = f["range"]
            tt = np.linspace(lo, hi, 200)
            ax.plot(tt, f["a"] + f["b_low"] * tt + (f["b_high"] - f["b_low"]) * np.maximum(0, tt - f["Tg"]),
                    "r-", lw=1.2)
            ax.axvline(f["Tg"], ls="--", color="r", lw=0.8)
            ax.text(0.04, 0.9, "T$_g$ = %.0f K" % f["Tg"], transform=ax.transAxes, color="r")
        ax.set_xlabel("T (K)")
        ax.set_ylabel(lab)
    ax = axs[1, 1]
    cp = np.array([np.nan if c is None else c for c in q["Cp_kB"]])
    ax.plot(q["Cp_T"], cp, "o-", ms=3)
    tg_line(ax, res)
    ax.set_xlabel("T (K)")
    ax.set_ylabel("C$_p$ = dH/dT (k$_B$/atom)")
    ax.set_ylim(max(0, np.nanmin(cp) - 1), np.nanmax(cp) + 1)
    fig.suptitle("Fig. 1: glass transition on cooling, T$_g$ = %.0f ± %.0f K (two-line fits of V, E, H)"
                 % (q["Tg"], q["Tg_spread"]), fontsize=10)
    fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    finish(fig, res, out, "fig1_thermo.png")


def mode1(q, W, eps):
    return W / eps * np.exp(-q / eps)


def mode2(q, Wp, mu, sigma):
    return Wp * q * np.exp(-(q - mu) ** 2 / (2 * sigma * sigma))


def fig2(res, out):
    rows = res["is"]
    n = len(rows)
    nc = min(4, n)
    nr = int(math.ceil(n / nc))
    fig, axs = plt.subplots(nr, nc, figsize=(3.0 * nc, 2.5 * nr + 0.6), squeeze=False)
    qmax = max([b[0] for r in rows for b in r["bins"]] + [1.0]) + res["bin"]
    for ax, r in zip(axs.flat, rows):
        b = np.array(r["bins"]) if r["bins"] else np.zeros((0, 5))
        if len(b):
            ax.bar(b[:, 0], b[:, 3], width=res["bin"], color="C0", alpha=0.6, label="connected")
        ba = np.array(r["bins_all"]) if r.get("bins_all") else np.zeros((0, 5))
        if len(ba):
            ax.step(ba[:, 0], ba[:, 3], where="mid", color="0.25", lw=0.8, label="all converged")
        if r.get("W") is not None:
            q = np.linspace(0, qmax, 300)
            ax.plot(q, mode1(q, r["W"], r["eps"]), "g--", lw=1, label="mode I")
            ax.plot(q, mode2(q, r["Wp"], r["mu"], r["sigma"]), "m--", lw=1, label="mode II")
            ax.plot(q, mode1(q, r["W"], r["eps"]) + mode2(q, r["Wp"], r["mu"], r["sigma"]), "r-", lw=1.2,
                    label="Eq. (1)")
        ax.set_title("IS %g K: N = %s (%s), S = %s (%s)"
                     % (r["T"], r["n"], r.get("n_all"), "%.2f" % r["S"] if r["S"] is not None else "-",
                        "%.2f" % r["S_all"] if r.get("S_all") is not None else "-"), fontsize=7)
        ax.set_xlim(0, qmax)
    for ax in axs.flat[n:]:
        ax.axis("off")
    for k, ax in enumerate(axs.flat[:n]):
        if k + nc >= n:
            ax.set_xlabel("barrier ΔQ (eV)")
    for ax in axs[:, 0]:
        ax.set_ylabel("P(ΔQ) (1/eV)")
    axs.flat[0].legend(fontsize=6)
    fig.suptitle("Fig. 2: barrier spectra of the inherent structures: connected saddles (bars, two-mode fit) "
                 "and all converged ones (line; N and S in parentheses); bin %g eV" % res["bin"], fontsize=9)
    fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    finish(fig, res, out, "fig2_spectra.png")


def fig3(res, out):
    fig, axs = plt.subplots(1, 2, figsize=(8.5, 3.6))
    for suffix, fill, lab in (("", None, ""), ("_all", "none", ", all converged")):
        rows = [r for r in res["is"] if r.get("W" + suffix) is not None]
        T = np.array([r["T"] for r in rows]) + (8 if suffix else 0)  # side by side

        def sane(key, lim=5.0):  # a degenerate fit (tiny samples) can run off to 1e300: leave it out
            k = key + suffix
            return np.array([r[k] if r[k] is not None and -lim <= r[k] <= lim else np.nan for r in rows])

        def err(key):  # the bootstrap spread, where there is one
            k = key + "_boot" + suffix
            return np.array([r.get(k) if r.get(k) is not None and r.get(k) < 5 else np.nan for r in rows])
        ls = "-" if not suffix else ":"
        axs[0].errorbar(T, sane("mu"), yerr=err("mu"), fmt="o" + ls, mfc=fill, color="C0", capsize=2,
                        label="μ (eV)" + lab)
        axs[0].errorbar(T, sane("W"), yerr=err("W"), fmt="s" + ls, mfc=fill, color="C1", capsize=2, label="W" + lab)
        axs[1].errorbar(T, sane("sigma"), yerr=err("sigma"), fmt="o" + ls, mfc=fill, color="C0", capsize=2,
                        label="σ (eV)" + lab)
        axs[1].errorbar(T, sane("eps"), yerr=err("eps"), fmt="s" + ls, mfc=fill, color="C1", capsize=2,
                        label="ε (eV)" + lab)
    axs[1].axhline(0.14, color="C1", ls=":", lw=1)
    axs[1].axhline(0.64, color="C0", ls=":", lw=1)
    axs[1].text(0.02, 0.02, "dotted: paper's ε ≈ 0.14, σ ≈ 0.64 eV", transform=axs[1].transAxes, fontsize=7)
    for ax in axs:
        tg_line(ax, res)
        ax.set_xlabel("T of the inherent structure (K)")
        ax.legend(fontsize=6)
    fig.suptitle("Fig. 3: two-mode fit (Eq. 1) versus temperature, bootstrap spread as error bars;\n"
                 "connected saddles (filled) and all converged ones (open); values outside ±5 omitted",
                 fontsize=9)
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))
    finish(fig, res, out, "fig3_fit_params.png")


def read_box(datafile):
    box = {}
    with open(datafile) as f:
        for line in f:
            w = line.split()
            if len(w) >= 4 and w[2] in ("xlo", "ylo", "zlo"):
                box[w[2][0]] = (float(w[0]), float(w[1]))
            if line.startswith("Atoms"):
                break
    return box


def read_barrier_dumps(out, tag):
    """per-atom (x, y, z, count, lowest) merged over the partitions' dumps: the
    largest count (a partition that resumed a campaign counts the replayed
    events of every partition, and its own) and the lowest barrier"""
    data = {}
    for fn in sorted(glob.glob(os.path.join(out, "barriers_%s.dump.*" % tag))):
        with open(fn) as f:
            lines = f.read().splitlines()
        i = next(k for k, l in enumerate(lines) if l.startswith("ITEM: ATOMS"))
        for l in lines[i + 1:]:
            w = l.split()
            aid = int(w[0])
            x, y, z, cnt, low = float(w[2]), float(w[3]), float(w[4]), float(w[5]), float(w[6])
            if aid not in data:
                data[aid] = [x, y, z, 0.0, np.inf]
            if cnt > 0:
                data[aid][3] = max(data[aid][3], cnt)
                data[aid][4] = min(data[aid][4], low)
    return np.array([data[k] for k in sorted(data)])


def fig4(res, out):
    rows = res["is"]
    pick = [rows[0], rows[-1]]
    fig, axs = plt.subplots(1, 2, figsize=(9.4, 4.4))
    vals = []
    maps = []
    for r in pick:
        tag = "%g" % r["T"]
        a = read_barrier_dumps(out, tag)
        box = read_box(os.path.join(out, "is_%s.data" % tag))
        zc = 0.5 * sum(box["z"])
        sl = a[np.abs(a[:, 2] - zc) <= SLAB / 2]
        maps.append((r, box, sl))
        vals += list(sl[sl[:, 3] > 0, 4])
    vmin, vmax = (0.0, max(vals)) if vals else (0.0, 1.0)
    im = None
    for ax, (r, box, sl) in zip(axs, maps):
        lx, ly = box["x"][1] - box["x"][0], box["y"][1] - box["y"][0]
        s = sl[sl[:, 3] > 0]
        if len(s):
            gx, gy = np.meshgrid(np.linspace(box["x"][0], box["x"][1], 90), np.linspace(box["y"][0], box["y"][1], 90))
            num = np.zeros_like(gx)
            den = np.zeros_like(gx)
            for x, y, _, _, b in s:
                dx = gx - x
                dx -= lx * np.round(dx / lx)
                dy = gy - y
                dy -= ly * np.round(dy / ly)
                w = np.exp(-(dx * dx + dy * dy) / (2 * 1.3 ** 2))
                num += w * b
                den += w
            field = np.where(den > 0.05, num / np.maximum(den, 1e-12), np.nan)
            im = ax.imshow(field, origin="lower", extent=(box["x"][0], box["x"][1], box["y"][0], box["y"][1]),
                           cmap="jet", vmin=vmin, vmax=vmax, interpolation="bilinear")
            ax.scatter(s[:, 0], s[:, 1], c=s[:, 4], cmap="jet", vmin=vmin, vmax=vmax, edgecolors="k", s=28)
        u = sl[sl[:, 3] == 0]
        ax.scatter(u[:, 0], u[:, 1], facecolors="none", edgecolors="0.5", s=20)
        ax.set_xlim(*box["x"])
        ax.set_ylim(*box["y"])
        ax.set_aspect("equal")
        ax.set_xlabel("x (Å)")
        ax.set_ylabel("y (Å)")
        ax.set_title("IS %g K: %d of %d slab atoms with events" % (r["T"], len(s), len(sl)), fontsize=9)
    if im is not None:
        fig.colorbar(im, ax=axs, label="lowest barrier of events centred on the atom (eV)", shrink=0.85)
    fig.suptitle("Fig. 4: per-atom lowest barrier (f_ID[2] of fix artn) in a %.2f Å slab; open circles: no event"
                 % SLAB, fontsize=9)
    finish(fig, res, out, "fig4_barrier_map.png")


def fig5_6(res, out):
    rows = [r for r in res["is"] if r["S"] is not None]
    T = np.array([r["T"] for r in rows])
    S = np.array([r["S"] for r in rows])
    Se = np.array([r["S_err"] or 0 for r in rows])
    D = np.exp(S)
    fit = res.get("S_step_fit")
    tt = np.linspace(T.min(), T.max(), 300) if len(T) else np.array([])
    fig, axs = plt.subplots(1, 2, figsize=(8.5, 3.7))
    axs[0].errorbar(T, S, yerr=Se, fmt="o", capsize=3, color="C0", label="connected")
    axs[1].errorbar(T, D, yerr=D * Se, fmt="s", capsize=3, color="C1", label="connected")
    ra = [r for r in rows if r.get("S_all") is not None]
    if ra:
        Ta = np.array([r["T"] for r in ra])
        Sa = np.array([r["S_all"] for r in ra])
        Sea = np.array([r["S_err_all"] or 0 for r in ra])
        axs[0].errorbar(Ta, Sa, yerr=Sea, fmt="o", mfc="none", capsize=3, color="C0", label="all converged")
        axs[1].errorbar(Ta, np.exp(Sa), yerr=np.exp(Sa) * Sea, fmt="s", mfc="none", capsize=3, color="C1",
                        label="all converged")
    for p in (q for q in res.get("protocols", []) if not q.get("default")):
        for suffix, fill in (("", None), ("_all", "none")):
            if p.get("S" + suffix) is not None:
                lab = "ftol %g%s" % (p["ftol"], "" if not suffix else ", all") if p["T"] == rows[0]["T"] else None
                mk = "^" if p["ftol"] >= 0.05 else "v"
                axs[0].plot(p["T"] + (15 if suffix else -15), p["S" + suffix], mk, mfc=fill, color="C2", label=lab)
                axs[1].plot(p["T"] + (15 if suffix else -15), math.exp(p["S" + suffix]), mk, mfc=fill, color="C2",
                            label=lab)
    if fit:
        sf = fit["a"] + fit["c"] * np.tanh((tt - fit["T0"]) / fit["Delta"])
        axs[0].plot(tt, sf, "r-", lw=1)
        axs[1].plot(tt, np.exp(sf), "r-", lw=1)
    axs[0].set_ylabel("dynamic Shannon entropy S (nats)")
    axs[1].set_ylabel("barrier diversity D = e$^S$")
    for ax in axs:
        tg_line(ax, res)
        ax.set_xlabel("T of the inherent structure (K)")
        ax.legend(fontsize=6)
    fig.suptitle("Fig. 5: S(T) and D(T), bootstrap errors, T$_g$ dashed (paper: S 3.7 → 3.0, D 50 → 25);\n"
                 "connected saddles (filled), all converged ones (open), other ftol (green triangles)", fontsize=9)
    fig.tight_layout(rect=(0, 0.03, 1, 0.94))
    finish(fig, res, out, "fig5_entropy.png")

    fig, axs = plt.subplots(1, 2, figsize=(8.5, 3.4))
    if len(T) >= 2:
        tm = 0.5 * (T[1:] + T[:-1])
        axs[0].plot(tm, np.diff(S) / np.diff(T) * 1e3, "o", label="finite differences")
        axs[1].plot(tm, np.diff(D) / np.diff(T) * 1e3, "s", color="C1", label="finite differences")
    if fit:
        sech2 = 1.0 / np.cosh((tt - fit["T0"]) / fit["Delta"]) ** 2
        ds = fit["c"] / fit["Delta"] * sech2
        sf = fit["a"] + fit["c"] * np.tanh((tt - fit["T0"]) / fit["Delta"])
        axs[0].plot(tt, ds * 1e3, "r-", lw=1, label="derivative of the fit")
        axs[1].plot(tt, np.exp(sf) * ds * 1e3, "r-", lw=1, label="derivative of the fit")
    axs[0].set_ylabel("dS/dT (10$^{-3}$ nats/K)")
    axs[1].set_ylabel("dD/dT (10$^{-3}$ /K)")
    for ax in axs:
        tg_line(ax, res)
        ax.set_xlabel("T (K)")
        ax.legend(fontsize=7)
    fig.suptitle("Fig. 6: temperature derivatives of S and D", fontsize=10)
    fig.tight_layout(rect=(0, 0.03, 1, 0.94))
    finish(fig, res, out, "fig6_dSdT.png")


def draw_disconnectivity(ax, minima, edges):
    """merge tree (Kruskal over saddles sorted by energy) drawn as a dendrogram"""
    n = len(minima)
    parent = list(range(n))
    node_of = {i: ("leaf", i) for i in range(n)}  # component root -> tree node
    children, energy = {}, {}
    for i in range(n):
        energy[("leaf", i)] = minima[i]

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    k = 0
    for a, b, es in sorted(edges, key=lambda e: e[2]):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        node = ("merge", k)
        k += 1
        children[node] = [node_of[ra], node_of[rb]]
        energy[node] = max(es, energy[node_of[ra]], energy[node_of[rb]])
        parent[rb] = ra
        node_of[ra] = node
    roots = sorted({find(i) for i in range(n)})
    top = max(energy.values()) + 0.05 * (max(energy.values()) - minima.min() + 1e-9)
    if len(roots) > 1:
        node = ("merge", k)
        children[node] = [node_of[r] for r in roots]
        energy[node] = top
        root = node
    else:
        root = node_of[roots[0]]
    xs = {}
    counter = [0]

    def lowest(nd):
        return energy[nd] if nd not in children else min(lowest(c) for c in children[nd])

    def place(nd):
        if nd not in children:
            xs[nd] = counter[0]
            counter[0] += 1
            return xs[nd]
        cx = [place(c) for c in sorted(children[nd], key=lowest)]
        xs[nd] = 0.5 * (min(cx) + max(cx))
        return xs[nd]
    place(root)
    e0 = minima.min()

    def draw(nd, ytop):
        ax.plot([xs[nd], xs[nd]], [energy[nd] - e0, ytop - e0], "k-", lw=0.7)
        if nd in children:
            cx = [xs[c] for c in children[nd]]
            ax.plot([min(cx), max(cx)], [energy[nd] - e0] * 2, "k-", lw=0.7)
            for c in children[nd]:
                draw(c, energy[nd])
    draw(root, max(energy[root], top))
    ax.set_xticks([])
    ax.set_ylabel("E − E$_{min}$ (eV)")


def fig7(res, out):
    walks = sorted(glob.glob(os.path.join(out, "walk_*.log")), key=lambda f: float(os.path.basename(f)[5:-4]))
    if not walks:
        return
    fig, axs = plt.subplots(1, len(walks), figsize=(4.5 * len(walks), 4.2), squeeze=False)
    natoms = float(res["config"].get("NATOMS", 1))
    for ax, fn in zip(axs[0], reversed(walks)):
        g = walk_minima.walk_graph(fn)
        minima, edges = g.energies, g.edges
        t = float(os.path.basename(fn)[5:-4])
        if len(minima) > 1 and edges:
            draw_disconnectivity(ax, minima, edges)
        depth = (minima.max() - minima.min()) / natoms if len(minima) else 0
        ax.set_title("IS %g K: %d minima (by %s), %d connecting saddles\n(minima span %.4f eV/atom)"
                     % (t, len(minima), g.method, len(edges), depth), fontsize=9)
    fig.suptitle("Fig. 7: disconnectivity graphs of ART walks (liquid IS left, glass IS right)", fontsize=10)
    fig.tight_layout(rect=(0, 0.03, 1, 0.93))
    finish(fig, res, out, "fig7_disconnectivity.png")


def colored_scatter(ax, x, y, T, cmap="coolwarm"):
    return ax.scatter(x, y, c=T, cmap=cmap, s=45, edgecolors="k", vmin=min(T), vmax=max(T))


def fig8(res, out):
    rows = [r for r in res["is"] if r["S"] is not None]
    T = [r["T"] for r in rows]
    fig, axs = plt.subplots(1, 2, figsize=(8.8, 3.7))
    sc = colored_scatter(axs[0], [r["S_struct"] for r in rows], [r["S"] for r in rows], T)
    colored_scatter(axs[1], [r["D_struct"] for r in rows], [r["D"] for r in rows], T)
    axs[0].set_xlabel("structural entropy S$_{struct}$ (nats)")
    axs[0].set_ylabel("dynamic entropy S (nats)")
    axs[1].set_xlabel("structural diversity D$_{struct}$")
    axs[1].set_ylabel("barrier diversity D")
    fig.subplots_adjust(left=0.08, right=0.8, bottom=0.2, top=0.88, wspace=0.35)
    fig.colorbar(sc, ax=axs, label="T of the inherent structure (K)")
    fig.suptitle("Fig. 8: dynamic vs structural heterogeneity (Voronoi <n3,n4,n5,n6>, compute voronoi/index)",
                 fontsize=9)
    finish(fig, res, out, "fig8_structure.png")


def fig9(res, out):
    rows = [r for r in res["is"] if r["S"] is not None and r.get("dS_exc_kB") is not None]
    ti = res.get("thermo_integration", {})
    fig, axs = plt.subplots(1, 2, figsize=(9.4, 3.8))
    if rows:
        T = [r["T"] for r in rows]
        sc = colored_scatter(axs[0], [r["S"] for r in rows], [r["dS_exc_kB"] for r in rows], T)
        fig.colorbar(sc, ax=axs[0], label="T (K)")
    axs[0].set_xlabel("dynamic entropy S (nats)")
    axs[0].set_ylabel("excess entropy ΔS$_{tot}$ (k$_B$/atom)")
    if "T" in ti:
        ax = axs[1]
        ax.plot(ti["T"], ti["dS_exc_kB"], "k-", lw=1, label="ΔS$_{tot}$ glass/liquid − B2")
        ax.set_xlabel("T (K)")
        ax.set_ylabel("ΔS$_{tot}$ (k$_B$/atom)")
        ax2 = ax.twinx()
        ax2.plot([r["T"] for r in res["is"] if r["S"] is not None],
                 [r["S"] for r in res["is"] if r["S"] is not None], "o", color="C0", label="S")
        ax2.set_ylabel("S (nats)", color="C0")
        tg_line(ax, res)
        if ti.get("xtal_melt_T"):
            ax.axvline(ti["xtal_melt_T"], color="C3", ls=":", lw=1)
            ax.text(ti["xtal_melt_T"], ax.get_ylim()[0], " B2 melts", color="C3", fontsize=7, rotation=90,
                    va="bottom")
        ax.legend(fontsize=7, loc="upper left")
    fig.suptitle("Fig. 9: excess entropy over B2 CuZr (∫dH/T of heating runs from %.0f K) vs S"
                 % ti.get("T0", float("nan")), fontsize=9)
    fig.tight_layout(rect=(0, 0.03, 1, 0.93))
    finish(fig, res, out, "fig9_excess_entropy.png")


def fig10(res, out):
    """the glass and the liquid IS under the protocols: connected or all converged saddles, each ftol"""
    prot = res.get("protocols", [])
    if not any(not p.get("default") for p in prot):
        return
    temps = sorted({p["T"] for p in prot})
    bins = {(b["T"], b["ftol"]): b for b in res.get("protocol_bins", [])}
    fig, axs = plt.subplots(len(temps), 2, figsize=(9.0, 3.0 * len(temps) + 0.6), squeeze=False)
    for i, t in enumerate(temps):
        for j, (suffix, what) in enumerate((("", "connected saddles"), ("_all", "all converged saddles"))):
            ax = axs[i, j]
            for k, p in enumerate(sorted((p for p in prot if p["T"] == t), key=lambda p: p["ftol"])):
                b = np.array(bins[(t, p["ftol"])]["bins" + suffix] or np.zeros((0, 5)))
                if not len(b):
                    continue
                ax.step(b[:, 0], b[:, 3], where="mid", color="C%d" % k, lw=1.1,
                        label="ftol %g%s: N %d, mean %.2f eV, S %.2f" % (
                            p["ftol"], " (default)" if p.get("default") else "", p["n" + suffix],
                            p["mean" + suffix], p["S" + suffix]))
            ax.set_title("IS %g K, %s" % (t, what), fontsize=9)
            ax.set_xlabel("barrier ΔQ (eV)")
            ax.set_ylabel("P(ΔQ) (1/eV)")
            ax.legend(fontsize=6)
    fig.suptitle("Fig. 10: the glass and the liquid inherent structure: connected or all converged saddles, "
                 "at each ftol; bin %g eV" % res["bin"], fontsize=9)
    fig.tight_layout(rect=(0, 0.02, 1, 0.96))
    finish(fig, res, out, "fig10_protocols.png")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--only", type=int, nargs="*")
    a = ap.parse_args()
    with open(os.path.join(a.out, "results.json")) as f:
        res = json.load(f)
    figs = {1: fig1, 2: fig2, 3: fig3, 4: fig4, 5: fig5_6, 7: fig7, 8: fig8, 9: fig9, 10: fig10}
    for k, fn in figs.items():
        if a.only and k not in a.only and not (k == 5 and 6 in a.only):
            continue
        fn(res, a.out)


if __name__ == "__main__":
    main()
