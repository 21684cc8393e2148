#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write example.events: an event log in the format of fix artn whose
barriers are drawn from the two-mode model of Han et al., PRB 101, 064205
(2020), Eq. 1 (standard library only, deterministic):

  P(Q) = W (1/eps) exp(-Q/eps) + W' Q exp(-(Q - mu)^2 / (2 sigma^2))

eps = 0.14 eV and sigma = 0.64 eV are the paper's values (Sec. III B: constant
over temperature, 0.14 +- 0.04 eV and 0.64 +- 0.08 eV).  The paper gives mu and
W only as curves in its Fig. 3, so mu = 0.6 eV and a mode-I weight W = 0.1 (a
glass: mode II dominates) are assumptions of this example.  About 10% of the
attempts are written as failures, which every reader skips.

  python3 make_example_log.py [--n 2000] [--W 0.1] [--mu 0.6] [--seed 2020] [-o example.events]
"""
import argparse
import math
import random

COLUMNS = ("event center attempt status e_initial e_saddle barrier e_final asymmetry "
           "eigenvalue dr_saddle dmax_saddle natoms_moved force_calls seconds")


def two_mode(rng, W, eps, mu, sigma):
    if rng.random() < W:  # mode I, exponential with mean eps
        return rng.expovariate(1.0 / eps)
    # mode II, density ~ Q exp(-(Q-mu)^2/(2 sigma^2)) on Q > 0: rejection sampling
    qpeak = 0.5 * (mu + math.sqrt(mu * mu + 4 * sigma * sigma))
    fmax = qpeak * math.exp(-(qpeak - mu) ** 2 / (2 * sigma * sigma))
    while True:
        q = rng.uniform(0.0, mu + 8 * sigma)
        if rng.random() * fmax <= q * math.exp(-(q - mu) ** 2 / (2 * sigma * sigma)):
            return q


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="converged events")
    ap.add_argument("--W", type=float, default=0.1, help="weight of mode I")
    ap.add_argument("--eps", type=float, default=0.14)
    ap.add_argument("--mu", type=float, default=0.6)
    ap.add_argument("--sigma", type=float, default=0.64)
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("-o", "--output", default="example.events")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(a.output, "w") as f:
        f.write("# pelstat event log\n# pelstat_version synthetic (make_example_log.py)\n")
        f.write("# units metal\n")
        f.write("# model two-mode W=%g eps=%g mu=%g sigma=%g seed=%d\n" %
                (a.W, a.eps, a.mu, a.sigma, a.seed))
        f.write("# columns: %s\n" % COLUMNS)
        event, center, done = 0, 0, 0
        while done < a.n:
            center += 1
            for attempt in (1, 2, 3):
                event += 1
                e0 = round(-4321.0 + rng.uniform(-0.5, 0.5), 6)
                if rng.random() < 0.1 and attempt < 3:
                    f.write("%d\t%d\t%d\tfail_activation\t%r\tnan\tnan\tnan\tnan\tnan\t"
                            "%.4f\t%.4f\t0\t%d\t%.3f\n" % (event, center, attempt, e0,
                                                         rng.uniform(0.5, 2), rng.uniform(0.2, 1),
                                                         rng.randint(300, 3000), rng.uniform(0.5, 3)))
                    continue
                q = two_mode(rng, a.W, a.eps, a.mu, a.sigma)
                ef = e0 + rng.uniform(-0.3, 0.3)
                f.write("%d\t%d\t%d\tsaddle\t%r\t%r\t%r\t%.6f\t%.6f\t%.4f\t%.4f\t%.4f\t%d\t%d\t%.3f\n"
                        % (event, center, attempt, e0, e0 + q, q, ef, e0 + q - ef,
                           -rng.uniform(0.1, 3), rng.uniform(0.5, 2), rng.uniform(0.2, 1),
                           rng.randint(2, 40), rng.randint(300, 3000), rng.uniform(0.5, 3)))
                done += 1
                break


if __name__ == "__main__":
    main()
