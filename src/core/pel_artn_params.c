/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The parameters of the ART engine: one table, the single source of every
 * engine keyword of fix artn (name, default, allowed values, dimension,
 * meaning).  Defaults are for metal units (Angstrom, eV). */
#include "pel_artn.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define INF INFINITY
/* K(field, type, default, lo, hi, lo_open, hi_open, unit, required outside metal, meaning) */
#define K(f, t, d, lo, hi, lop, hop, u, req, m)                                                    \
  {                                                                                                \
#f, PEL_PARAM_##t, offsetof(pel_artn_params, f), d, lo, hi, lop, hop, PEL_UNIT_##u, req, NULL, \
        NULL, m                                                                                    \
  }
#define B(f, d, m) K(f, BOOL, d, 0, 1, 0, 0, NONE, 0, m)

static const pel_param table[] = {
    /* the search */
    K(cluster_radius, DOUBLE, 3.95, 0, INF, 1, 0, LENGTH, 1,
      "atoms within this distance of the center are pushed"),
    K(push_init, DOUBLE, 0.10, 0, INF, 1, 0, LENGTH, 1, "norm of the initial cluster push"),
    K(push_step, DOUBLE, 0.15, 0, INF, 1, 0, LENGTH, 1, "norm of each further push in the basin"),
    K(eig_threshold, DOUBLE, -0.30, -INF, 0, 0, 1, CURVATURE, 1,
      "the basin is left when the lowest eigenvalue is below this"),
    K(ftol, DOUBLE, 0.005, 0, INF, 1, 0, FORCE, 1,
      "a saddle: largest per-atom force below this (with a negative eigenvalue)"),
    K(lanczos_max, INT, 16, 2, 100, 0, 0, NONE, 0, "largest Lanczos basis"),
    K(lanczos_tol, DOUBLE, 0.01, 0, 1, 1, 1, NONE, 0,
      "Lanczos stops when the eigenvalue changes by less than this (relative)"),
    K(lanczos_disp, DOUBLE, 0.005, 0, INF, 1, 0, LENGTH, 1,
      "finite-difference step of the Hessian-vector products"),
    K(max_basin_steps, INT, 50, 1, INF, 0, 0, NONE, 0, "pushes before fail_basin"),
    K(max_activation_steps, INT, 500, 1, INF, 0, 0, NONE, 0,
      "Lanczos refreshes before fail_activation"),
    B(relax, 1, "relax from the saddle to the minima on both sides"),
    B(connect, 1, "keep only saddles that link the initial minimum to another (needs relax)"),
    K(connect_dist, DOUBLE, 0.1, 0, INF, 1, 0, LENGTH, 0,
      "two minima differ when an atom is farther apart than this"),
    /* engine tuning */
    K(moved_dist, DOUBLE, 0.1, 0, INF, 1, 0, LENGTH, 0,
      "natoms_moved counts atoms displaced more than this at the saddle"),
    K(basin_relax_steps, INT, 4, 0, INF, 0, 0, NONE, 0,
      "FIRE steps perpendicular to the push after each push"),
    K(basin_lanczos_after, INT, 5, 1, INF, 0, 0, NONE, 0,
      "pushes before the first Lanczos run in the basin"),
    K(activation_relax_steps, INT, 4, 1, INF, 0, 0, NONE, 0,
      "force calls between two Lanczos refreshes in activation"),
    K(activation_step, DOUBLE, 0.15, 0, INF, 1, 0, LENGTH, 0,
      "largest step along the eigenvector in activation"),
    K(max_lost, INT, 3, 0, INF, 0, 0, NONE, 0,
      "refreshes with a positive eigenvalue tolerated in activation"),
    K(perp_ratio, DOUBLE, 1.0, 0, INF, 0, 0, NONE, 0,
      "after a full step, relax perpendicular until that force < perp_ratio x the force along the "
      "mode"),
    K(push_over, DOUBLE, 0.15, 0, INF, 1, 0, LENGTH, 0,
      "step from the saddle along the mode to each side"),
    K(descent_steps, INT, 20, 0, INF, 0, 0, NONE, 0,
      "steepest-descent moves out of the saddle on each side"),
    K(descent_step, DOUBLE, 0.03, 0, INF, 1, 0, LENGTH, 0,
      "largest per-atom move of one such descent move"),
    K(relax_ftol, DOUBLE, 0.005, 0, INF, 1, 0, FORCE, 0,
      "force tolerance of the relaxations from the saddle"),
    K(max_relax_steps, INT, 2000, 1, INF, 0, 0, NONE, 0, "force calls per relaxation"),
    K(trivial_barrier, DOUBLE, 0.005, 0, INF, 0, 0, ENERGY, 0,
      "a saddle within this of the initial energy is trivial (no event)"),
    K(force_blowup, DOUBLE, 1e4, 0, INF, 1, 0, FORCE, 0,
      "a larger per-atom force fails the attempt (fail_force_blowup)"),
    K(fire_dt, DOUBLE, 0.1, 0, INF, 1, 0, TIME, 0, "initial FIRE time step (unit masses)"),
    K(fire_dtmax, DOUBLE, 0.3, 0, INF, 1, 0, TIME, 0, "largest FIRE time step (>= fire_dt)"),
    K(max_disp, DOUBLE, 0.1, 0, INF, 1, 0, LENGTH, 0,
      "largest per-atom move of one FIRE or L-BFGS step"),
    B(remove_translation, 1, "no net translation in the push when no atom is frozen"),
    B(remove_rotation, 0, "no rigid rotation in the push (free clusters, unwrapped positions)"),
    K(lbfgs_memory, INT, 5, 0, PEL_ARTN_LBFGS_MAX, 0, 0, NONE, 0,
      "L-BFGS pairs of the relaxations (0: FIRE only)"),
    K(lbfgs_switch, DOUBLE, 10.0, 1, INF, 0, 0, NONE, 0,
      "FIRE until the largest force < lbfgs_switch x the tolerance, then L-BFGS"),
    B(basin_stop_early, 1, "a basin Lanczos run stops once a Ritz value is below eig_threshold"),
    K(max_reentry, INT, 2, 0, INF, 0, 0, NONE, 0,
      "returns to the basin after an eigenvalue lost for good"),
    K(lanczos_refresh, INT, 16, 2, 100, 0, 0, NONE, 0,
      "largest basis of the warm-started refreshes (capped by lanczos_max)"),
    K(reject_margin, DOUBLE, 0.05, 0, INF, 0, 0, ENERGY, 0,
      "the backward relaxation rejects a saddle this far below the initial energy (0: off)"),
    B(push_follow, 1, "each push after the first along the cluster's current displacement"),
    /* first-order saddles */
    B(first_order, 1,
      "a saddle must have exactly one eigenvalue below -index_tol (no: the force criterion only)"),
    K(index_tol, DOUBLE, 0.01, 0, INF, 1, 0, CURVATURE, 0,
      "a second eigenvalue below -index_tol makes a higher-order saddle"),
    K(max_index_steps, INT, 5, 0, INF, 0, 0, NONE, 0,
      "descents along the second mode from higher-order saddles before fail_index"),
    /* local force calls */
    {"active_radius", PEL_PARAM_DOUBLE, offsetof(pel_artn_params, active_radius), -1.0, 0, INF, 0,
     0, PEL_UNIT_LENGTH, 0, "auto", NULL,
     "search with only the atoms within this distance of the center free and local force calls, "
     "then refine on the whole system (0: full calls only; auto: see Local force calls)"},
    K(active_pad, DOUBLE, 3.0, 0, INF, 1, 0, LENGTH, 0,
      "margin of the local region for the moves of its atoms (a larger move grows the region)"),
    K(verify_local, INT, 0, 0, INF, 0, 0, NONE, 0,
      "every this many local force calls, a full call at the same point checks it (0: none)"),
};
#undef K
#undef B
#undef INF

#define NPARAMS ((int)(sizeof table / sizeof table[0]))

const pel_param *pel_artn_param_table(int *n)
{
  if (n) *n = NPARAMS;
  return table;
}

void pel_artn_params_default(pel_artn_params *p)
{
  memset(p, 0, sizeof *p);
  pel_param_defaults(table, NPARAMS, p);
}

pel_status pel_artn_params_check(const pel_artn_params *p, pel_error *err)
{
  pel_status st = pel_param_check_all(table, NPARAMS, p, err);
  if (st != PEL_OK) return st;
  if (p->connect && !p->relax)
    return pel_error_set(err, PEL_EINVAL, "connect yes requires relax yes");
  if (p->active_radius > 0.0 && p->active_radius < p->cluster_radius)
    return pel_error_set(err, PEL_EINVAL,
                         "active_radius (%g) must be 0 or at least cluster_radius (%g)",
                         p->active_radius, p->cluster_radius);
  if (p->fire_dtmax < p->fire_dt)
    return pel_error_set(err, PEL_EINVAL, "fire_dtmax (%g) must be >= fire_dt (%g)", p->fire_dtmax,
                         p->fire_dt);
  return PEL_OK;
}

void pel_artn_params_derive_units(pel_artn_params *p, const int *given)
{
  pel_artn_params m;
  pel_artn_params_default(&m);
  /* a length scale and a force scale from the required keywords, relative to
   * the metal defaults; energies scale as force x length */
  const double L = p->push_step / m.push_step, F = p->ftol / m.ftol, E = F * L;
  for (int i = 0; i < NPARAMS; i++) {
    const pel_param *k = &table[i];
    if (given[i] || k->required_nonmetal || k->type != PEL_PARAM_DOUBLE) continue;
    double *v = (double *)((char *)p + k->offset);
    const double d = *(const double *)((const char *)&m + k->offset);
    if (pel_param_word_index(k, d) >= 0) continue; /* a word (auto): no scale */
    switch (k->unit) {
    case PEL_UNIT_LENGTH: *v = d * L; break;
    case PEL_UNIT_FORCE: *v = d * F; break;
    case PEL_UNIT_ENERGY: *v = d * E; break;
    case PEL_UNIT_CURVATURE: *v = d * F / L; break;
    case PEL_UNIT_TIME: *v = d * sqrt(L / F); break;
    default: break;
    }
  }
}

int pel_artn_nstorage(const pel_artn_params *p)
{
  /* the L-BFGS pairs reuse the Lanczos storage (never in use at the same time) */
  const int nl = p->lanczos_max > 2 * p->lbfgs_memory ? p->lanczos_max : 2 * p->lbfgs_memory;
  return PEL_ARTN_LANCZOS - PEL_ARTN_X0 + nl;
}

int pel_artn_auto_radius(const pel_artn_params *p, double cutoff, double volume, double *radius,
                         double *reach, double *share)
{
  *radius = fmax(2.0 * cutoff, p->cluster_radius);
  *reach = *radius + cutoff + p->active_pad;
  *share = volume > 0.0 ? 4.0 * M_PI / 3.0 * pow(*reach, 3) / volume : INFINITY;
  return *share <= PEL_ARTN_AUTO_SHARE;
}

const char *pel_artn_status_name(pel_artn_status s)
{
  switch (s) {
  case PEL_ARTN_SADDLE: return "saddle";
  case PEL_ARTN_FAIL_BASIN: return "fail_basin";
  case PEL_ARTN_FAIL_ACTIVATION: return "fail_activation";
  case PEL_ARTN_FAIL_EIGENVALUE_LOST: return "fail_eigenvalue_lost";
  case PEL_ARTN_FAIL_FORCE_BLOWUP: return "fail_force_blowup";
  case PEL_ARTN_FAIL_CONNECT: return "fail_connect";
  case PEL_ARTN_FAIL_RELAX: return "fail_relax";
  case PEL_ARTN_TRIVIAL: return "trivial";
  case PEL_ARTN_FAIL_INDEX: return "fail_index";
  }
  return "fail_unknown";
}
