/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pelstat core: minimizers of the ART engine, on a pel_point (x = X0 + D).
 *
 *  - FIRE (Bitzek et al., PRL 97, 170201 (2006)), optionally on the force
 *    perpendicular to a unit vector and with a fixed step along it (the
 *    basin's and the activation's perpendicular relaxation);
 *  - steepest descent with a capped per-atom move (the path out of a saddle:
 *    no inertia, which cuts corners and can carry the system over a ridge);
 *  - L-BFGS without line search: the quasi-Newton step is capped to a trust
 *    radius; an uphill step is undone (the force before it is kept, so no
 *    call is spent twice), the memory cleared and the trust halved;
 *  - minimize: FIRE down to lbfgs_switch x ftol, then L-BFGS.
 *
 * Every function moves D and evaluates through pel_point_eval, so every call
 * is counted there; the force at the current point must be known on entry.
 * Each returns the evaluation code of pel_point_eval: anything but
 * PEL_EVAL_OK (a blow-up, an energy below the point's floor, a host failure)
 * stops it at once and is handed up unchanged.
 *
 * Storage: FIRE velocities in PEL_ARTN_VEL; L-BFGS keeps its search
 * direction in PEL_ARTN_WORK, the force before a step in PEL_ARTN_FSAVE and
 * its (s, y) pairs in PEL_ARTN_LANCZOS + 2j, + 2j + 1 (never used while a
 * Lanczos basis is). */
#ifndef PEL_MIN_H
#define PEL_MIN_H

#include "pel_point.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  double fire_dt;      /* initial FIRE time step (unit masses) */
  double fire_dtmax;   /* largest FIRE time step */
  double max_disp;     /* largest per-atom move of one FIRE or L-BFGS step */
  double descent_step; /* largest per-atom move of the first L-BFGS step */
  int lbfgs_memory;    /* L-BFGS pairs (0: FIRE only), at most PEL_ARTN_LBFGS_MAX */
  double lbfgs_switch; /* FIRE until the largest force < lbfgs_switch x the tolerance */
} pel_min_params;

/* A minimizer: its parameters, the FIRE state, and the point it moves. */
typedef struct {
  pel_min_params p;
  pel_point *pt;
  double dt, alpha; /* FIRE */
  int npos;
} pel_min;

void pel_min_init(pel_min *m, const pel_min_params *p, pel_point *pt);

/* FIRE: velocities zero, time step fire_dt. */
void pel_fire_reset(pel_min *m);

/* One FIRE move of D with the force perpendicular to unit vector `perp`
 * (perp < 0: the full force) plus t along `perp`; no evaluation.  Returns the
 * largest per-atom norm of the force it used (before moving); when that is
 * below `stop` and t == 0 nothing moves. */
double pel_fire_move(pel_min *m, int perp, double t, double stop);

/* Up to nsteps FIRE steps (one call each) of the force perpendicular to
 * `perp` (or the full force if perp < 0) until its largest per-atom norm is
 * below stop; *done (may be NULL) says whether it got there. */
pel_eval_code pel_fire_run(pel_min *m, int perp, int nsteps, double stop, int *done,
                           pel_error *err);

/* Up to nsteps steepest-descent moves, the largest per-atom move `step`,
 * until the largest force is below ftol. */
pel_eval_code pel_descent_run(pel_min *m, int nsteps, double step, double ftol, pel_error *err);

/* L-BFGS to the largest force < ftol in at most maxsteps calls. */
pel_eval_code pel_lbfgs_run(pel_min *m, double ftol, int maxsteps, int *converged,
                            pel_error *err);

/* FIRE, then (lbfgs_memory > 0) L-BFGS once the largest force is below
 * lbfgs_switch x ftol, to the largest force < ftol in at most maxsteps calls. */
pel_eval_code pel_minimize_from(pel_min *m, double ftol, int maxsteps, int *converged,
                                pel_error *err);

#ifdef __cplusplus
}
#endif
#endif
