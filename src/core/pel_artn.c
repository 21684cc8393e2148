/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ART nouveau engine: the phases of one attempt.
 *
 *  start       X0 = the current positions (the initial minimum), D = 0; the
 *              cluster push P (pel_push): movable atoms within
 *              cluster_radius of the center, a Gaussian random direction
 *              keyed by (seed, center, attempt, atom ID); D = push_init P.
 *  basin       FIRE relaxation perpendicular to P (state kept across pushes,
 *              at most basin_relax_steps calls per push), Lanczos from the
 *              basin_lanczos_after-th push on (warm started from the last
 *              mode, stopped as soon as a Ritz value is below
 *              eig_threshold), push by push_step until the lowest eigenvalue
 *              is below eig_threshold.  With push_follow, P is rebuilt
 *              before each push from the cluster atoms' part of D (less its
 *              mean): the push bends with the relaxation instead of
 *              compressing the cluster along a stiff fixed direction.
 *  activation  a step along the eigenvector v, the Newton step
 *              t = (F.v)/lambda capped to activation_step, with a FIRE step
 *              of the perpendicular force; after a capped step, perpendicular
 *              relaxation only, until the perpendicular force is below
 *              perp_ratio |F.v| (at most activation_relax_steps calls); then
 *              a Lanczos refresh warm started from the previous mode.  Done
 *              when the largest per-atom force is below ftol with
 *              lambda < 0.  A positive eigenvalue is re-checked with a full
 *              basis, then gets max_lost fixed uphill steps along the last
 *              negative mode; lost for good, the attempt goes back to the
 *              basin and pushes on (at most max_reentry times).
 *  saddle      the converged point: a saddle reject_margin below the initial
 *              energy cannot border its basin (fail_connect); one within
 *              trivial_barrier of it, or at which no atom moved, is trivial.
 *  refinement  the mode recomputed with a full Lanczos basis: a saddle needs
 *              lambda < -lanczos_tol |eig_threshold|.
 *  index       (first_order) the second mode: Lanczos on the space
 *              orthogonal to the refined one, restarted until it settles.
 *              A second eigenvalue below -index_tol makes a higher-order
 *              saddle: it is left downhill along the second mode and the
 *              activation goes on (at most max_index_steps times, then
 *              fail_index).
 *  connection  push_over to each side along the mode, descent_steps
 *              steepest-descent moves, FIRE then L-BFGS to relax_ftol
 *              (pel_min).  With connect the backward side (against the
 *              saddle's displacement from X0) goes first and must come back
 *              to the initial minimum, else the forward side is not relaxed
 *              at all; the forward side must not come back.  A side as low
 *              as the initial minimum but not on it is relaxed tighter
 *              first (glasses have soft modes).
 *
 * Each phase returns one outcome: go on, the attempt ended (its status is in
 * the result), back to the basin (activation only), or a host failure.  A
 * physical failure of a force call (blow-up) ends the attempt with
 * fail_force_blowup wherever it happens. */
#include "pel_artn.h"

#include "pel_lanczos.h"
#include "pel_min.h"
#include "pel_point.h"
#include "pel_push.h"
#include "pel_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pel_artn {
  pel_artn_params p;
  MPI_Comm comm;
  pel_lanczos *lz;
  double **q; /* lanczos_max basis pointers, refreshed before use */
  pel_point pt;
  pel_min min;
  int have_final;
  /* the refinement of a local saddle relaxes with local calls first */
  const pel_artn_host *local_host; /* NULL: full relaxations */
  int64_t local_center;
};

/* what a phase tells the attempt */
typedef enum {
  PHASE_ON = 0,   /* the phase succeeded: next phase */
  PHASE_ENDED,    /* the attempt is over: r->status says how */
  PHASE_REENTER,  /* activation lost its mode: back to the basin */
  PHASE_CLIMB,    /* a higher-order saddle, left along its second mode: activation again */
  PHASE_HOST_FAIL /* the host's energy_force failed: err is set */
} phase_outcome;

/* the state of one attempt that outlives a phase */
typedef struct {
  uint64_t seed;
  int64_t center;
  long attempt;
  int step;        /* basin pushes, counted across re-entries */
  int have_eig;    /* EIGVEC holds a mode */
  int reentries;   /* returns to the basin */
  int can_reenter; /* a push direction exists (not for pel_artn_activate) */
  double lambda;   /* last lowest eigenvalue */
  int have_eig2;   /* EIGVEC2 holds a second mode */
  int index_steps; /* descents from higher-order saddles */
} attempt_state;

/* ---- object ---------------------------------------------------------------- */

pel_artn *pel_artn_alloc(const pel_artn_params *p, MPI_Comm comm, pel_error *err)
{
  if (pel_artn_params_check(p, err) != PEL_OK) return NULL;
  pel_artn *a = calloc(1, sizeof *a);
  if (!a) {
    pel_error_set(err, PEL_ENOMEM, "cannot allocate the ART engine");
    return NULL;
  }
  a->p = *p;
  a->comm = comm;
  a->q = calloc((size_t)p->lanczos_max, sizeof *a->q);
  a->lz = pel_lanczos_alloc(p->lanczos_max, p->lanczos_tol, comm, err);
  if (!a->q || !a->lz) {
    pel_artn_free(a);
    if (err && err->code == PEL_OK)
      pel_error_set(err, PEL_ENOMEM, "cannot allocate the ART engine");
    return NULL;
  }
  pel_lanczos_set_atol(a->lz, p->lanczos_tol * fabs(p->eig_threshold));
  const pel_min_params mp = {p->fire_dt,      p->fire_dtmax,   p->max_disp,
                             p->descent_step, p->lbfgs_memory, p->lbfgs_switch};
  pel_min_init(&a->min, &mp, &a->pt);
  return a;
}

void pel_artn_free(pel_artn *a)
{
  if (!a) return;
  pel_lanczos_free(a->lz);
  free(a->q);
  free(a);
}

/* bind the host for one call of the API; counters zero */
static void bind(pel_artn *a, const pel_artn_host *h)
{
  pel_point_init(&a->pt, h, a->comm, a->p.force_blowup);
}

/* ---- helpers of the phases ------------------------------------------------- */

static phase_outcome ended(pel_artn_result *r, pel_artn_status s)
{
  r->status = s;
  return PHASE_ENDED;
}

/* an evaluation code as a phase outcome (no floor is set outside the
 * connection phase, so PEL_EVAL_BELOW does not occur here) */
static phase_outcome outcome_of(pel_eval_code rc, pel_artn_result *r)
{
  switch (rc) {
  case PEL_EVAL_OK: return PHASE_ON;
  case PEL_EVAL_HOST: return PHASE_HOST_FAIL;
  default: return ended(r, PEL_ARTN_FAIL_FORCE_BLOWUP);
  }
}

static phase_outcome eval_here(pel_artn *a, pel_artn_result *r, pel_error *err)
{
  return outcome_of(pel_point_eval(&a->pt, -1, 0.0, err), r);
}

/* the lowest mode, into vector `out`, of H (deflate < 0) or of H on the
 * complement of vector `deflate`, from vector `start`; the basis at least
 * min_size (2: the tolerance decides), at most max_size vectors; a run may
 * stop as soon as a Ritz value is below stop_below (NAN: never) */
static pel_eval_code lanczos_run(pel_artn *a, int start, int deflate, int out, int min_size,
                                 int max_size, double stop_below, double *lambda, pel_error *err)
{
  pel_lanczos_set_min_size(a->lz, min_size);
  pel_lanczos_set_max_size(a->lz, max_size);
  pel_lanczos_set_stop_below(a->lz, stop_below);
  pel_eval_code rc = pel_point_lowest_mode(&a->pt, a->lz, a->q, a->p.lanczos_max, a->p.lanczos_disp,
                                           start, deflate, out, lambda, err);
  pel_lanczos_set_min_size(a->lz, 2);
  pel_lanczos_set_max_size(a->lz, a->p.lanczos_max);
  pel_lanczos_set_stop_below(a->lz, NAN);
  return rc;
}

/* the lowest mode into EIGVEC */
static pel_eval_code lowest_mode(pel_artn *a, int start, int min_size, int max_size,
                                 double stop_below, double *lambda, pel_error *err)
{
  return lanczos_run(a, start, -1, PEL_ARTN_EIGVEC, min_size, max_size, stop_below, lambda, err);
}

/* ---- basin ------------------------------------------------------------------
 * Push on from the current point until the lowest eigenvalue is below
 * eig_threshold (PHASE_ON, EIGVEC the mode) or max_basin_steps pushes. */
static phase_outcome phase_basin(pel_artn *a, attempt_state *s, pel_artn_result *r, pel_error *err)
{
  const pel_artn_params *p = &a->p;
  const pel_point *pt = &a->pt;
  pel_fire_reset(&a->min);
  while (++s->step <= p->max_basin_steps) {
    r->basin_steps = s->step;
    phase_outcome o = outcome_of(
        pel_fire_run(&a->min, PEL_ARTN_PUSH, p->basin_relax_steps, p->ftol, NULL, err), r);
    if (o != PHASE_ON) return o;
    if (s->step >= p->basin_lanczos_after) {
      /* in the basin the question is only whether lambda < eig_threshold */
      o = outcome_of(lowest_mode(a, s->have_eig ? PEL_ARTN_EIGVEC : PEL_ARTN_PUSH, 2,
                                 p->lanczos_max, p->basin_stop_early ? p->eig_threshold : NAN,
                                 &s->lambda, err),
                     r);
      if (o != PHASE_ON) return o;
      s->have_eig = 1;
      r->eigenvalue = s->lambda;
      if (s->lambda < p->eig_threshold) return PHASE_ON;
    }
    if (s->step == p->max_basin_steps) break;
    /* push_follow: the next increment along the cluster's displacement as
     * the perpendicular relaxation has bent it */
    const pel_push_params pp = {p->cluster_radius, p->remove_translation, p->remove_rotation};
    if (p->push_follow &&
        pel_push_make(pt, &pp, s->seed, s->center, s->attempt, PEL_ARTN_D, PEL_ARTN_WORK) > 0)
      pel_vcopy(pt, PEL_ARTN_PUSH, PEL_ARTN_WORK);
    pel_vaxpy(pt, PEL_ARTN_D, p->push_step, PEL_ARTN_PUSH);
    o = eval_here(a, r, err);
    if (o != PHASE_ON) return o;
  }
  return ended(r, PEL_ARTN_FAIL_BASIN);
}

/* ---- activation ---------------------------------------------------------- */

/* The moves between two Lanczos refreshes: Newton (or fixed uphill) steps
 * along the mode with FIRE perpendicular, then, after a capped step,
 * perpendicular relaxation only. */
static phase_outcome activation_moves(pel_artn *a, int lost, double lam_step, pel_artn_result *r,
                                      pel_error *err)
{
  const pel_artn_params *p = &a->p;
  int capped = 0;
  double perp_stop = p->ftol;
  for (int j = 0; j < p->activation_relax_steps && a->pt.fmax >= p->ftol; j++) {
    double t = 0.0;
    if (j == 0 || !capped) {
      const double fpar = pel_vdot(&a->pt, PEL_ARTN_F, PEL_ARTN_EIGVEC);
      /* relax perpendicular no further than the climb needs: on the way up,
       * a fully relaxed hyperplane slides back into the basin */
      perp_stop = fmax(p->ftol, p->perp_ratio * fabs(fpar));
      if (lost == 0 && lam_step < 0.0) {
        t = fpar / lam_step;
        if (fabs(t) > p->activation_step) {
          t = copysign(p->activation_step, t);
          capped = 1;
        }
      } else {
        t = -copysign(p->activation_step, fpar);
        capped = 1;
      }
    }
    const double g = pel_fire_move(&a->min, PEL_ARTN_EIGVEC, t, t == 0.0 ? perp_stop : 0.0);
    if (t == 0.0 && g < perp_stop) break;
    phase_outcome o = eval_here(a, r, err);
    if (o != PHASE_ON) return o;
  }
  return PHASE_ON;
}

/* Climb from the current point, EIGVEC its mode of eigenvalue s->lambda,
 * until the largest force is below ftol with a negative eigenvalue
 * (PHASE_ON). */
static phase_outcome phase_activation(pel_artn *a, attempt_state *s, pel_artn_result *r,
                                      pel_error *err)
{
  const pel_artn_params *p = &a->p;
  int lost = 0;
  double lam_step = s->lambda; /* curvature used for the Newton step */
  pel_fire_reset(&a->min);
  for (int it = 1; it <= p->max_activation_steps; it++) {
    r->activation_steps = it;
    phase_outcome o = activation_moves(a, lost, lam_step, r, err);
    if (o != PHASE_ON) return o;
    /* a refresh of a warm start: capped basis */
    o = outcome_of(lowest_mode(a, PEL_ARTN_EIGVEC, 2, p->lanczos_refresh, NAN, &s->lambda, err), r);
    if (o != PHASE_ON) return o;
    r->eigenvalue = s->lambda;
    if (s->lambda >= 0.0) {
      /* a warm-started run stopped by a small change can miss the negative
       * mode: check once with a full basis from the previous mode */
      pel_vcopy(&a->pt, PEL_ARTN_EIGVEC, PEL_ARTN_LANCZOS);
      pel_vcopy(&a->pt, PEL_ARTN_WORK, PEL_ARTN_LANCZOS);
      o = outcome_of(
          lowest_mode(a, PEL_ARTN_WORK, p->lanczos_max, p->lanczos_max, NAN, &s->lambda, err), r);
      if (o != PHASE_ON) return o;
      r->eigenvalue = s->lambda;
    }
    if (s->lambda >= 0.0) {
      /* keep following the last negative mode (the start vector Q[0]) */
      if (++lost > p->max_lost) {
        /* the negative mode was an artefact of a point off the valley
         * floor: back to the basin, pushing on from here */
        if (s->can_reenter && s->reentries < p->max_reentry && s->step < p->max_basin_steps)
          return PHASE_REENTER;
        return ended(r, PEL_ARTN_FAIL_EIGENVALUE_LOST);
      }
      pel_vcopy(&a->pt, PEL_ARTN_EIGVEC, PEL_ARTN_LANCZOS);
      continue;
    }
    lost = 0;
    lam_step = s->lambda;
    if (a->pt.fmax < p->ftol) return PHASE_ON;
  }
  return ended(r, PEL_ARTN_FAIL_ACTIVATION);
}

/* ---- saddle ---------------------------------------------------------------
 * Record the converged point; end the attempt when it cannot be an event. */
static phase_outcome phase_saddle(pel_artn *a, pel_artn_result *r)
{
  const pel_artn_params *p = &a->p;
  r->force_calls_saddle = a->pt.calls;
  r->e_saddle = a->pt.energy;
  r->barrier = r->e_saddle - r->e_initial;
  r->fmax = a->pt.fmax;
  pel_point_displacement(&a->pt, PEL_ARTN_D, p->moved_dist, &r->dr_saddle, &r->dmax_saddle,
                         &r->natoms_moved);
  pel_vcopy(&a->pt, PEL_ARTN_DSADDLE, PEL_ARTN_D);
  r->status = PEL_ARTN_SADDLE;
  /* a saddle reject_margin below the initial energy cannot border the
   * initial minimum's basin of attraction (no point of it is lower): the
   * test of the backward relaxation, applied at its start */
  if (p->connect && p->reject_margin > 0.0 && r->barrier < -p->reject_margin)
    return ended(r, PEL_ARTN_FAIL_CONNECT);
  /* a saddle at the initial energy, or one at which no atom moved, is no
   * event: say so, and spend no relaxation on it */
  if (fabs(r->barrier) < p->trivial_barrier || r->natoms_moved == 0)
    return ended(r, PEL_ARTN_TRIVIAL);
  return PHASE_ON;
}

/* ---- refinement -------------------------------------------------------------
 * The descent from a saddle can branch on a small error of the mode: refine
 * it with a full Lanczos basis. */
static phase_outcome phase_refine(pel_artn *a, attempt_state *s, pel_artn_result *r, pel_error *err)
{
  const pel_artn_params *p = &a->p;
  double lam_fine = s->lambda;
  pel_vcopy(&a->pt, PEL_ARTN_WORK, PEL_ARTN_EIGVEC);
  phase_outcome o = outcome_of(
      lowest_mode(a, PEL_ARTN_WORK, p->lanczos_max, p->lanczos_max, NAN, &lam_fine, err), r);
  if (o != PHASE_ON) return o;
  r->eigenvalue = lam_fine;
  /* not a first-order saddle after all, or one whose negative curvature is
   * below what Lanczos resolves (a flat ridge, where the descent to either
   * side is a coin toss) */
  if (!(lam_fine < -p->lanczos_tol * fabs(p->eig_threshold)))
    return ended(r, PEL_ARTN_FAIL_EIGENVALUE_LOST);
  return PHASE_ON;
}

/* ---- index ------------------------------------------------------------------
 * A converged point is a first-order saddle when its second-lowest
 * eigenvalue (the lowest of H restricted to the complement of the refined
 * mode) is not below -index_tol. */

/* Lanczos runs of the second mode (each from the last Ritz vector) */
#define INDEX_RESTARTS 8
/* largest number of activation_step moves of one descent along the second mode */
#define INDEX_DESCENT_MOVES 20

/* A start vector for the second mode when none is known: the force at the
 * converged point (the relaxation perpendicular to the mode leaves its
 * residual along the softest directions, a second negative one above all),
 * plus, at a fifth of its norm, Gaussian random components (keyed like the
 * push) weighted towards the atoms the event moves; none on frozen atoms.
 * second_mode() projects out the lowest mode. */
static void index_start(pel_artn *a, const attempt_state *s)
{
  const pel_point *pt = &a->pt;
  double dmax = 0.0;
  pel_point_displacement(pt, PEL_ARTN_D, 1.0, NULL, &dmax, NULL);
  const int n = pel_nlocal(pt);
  const int *m = pel_mask(pt);
  const double *d = pel_vec(pt, PEL_ARTN_D);
  double *v = pel_vec(pt, PEL_ARTN_EIGVEC2);
  const double *f = pel_vec(pt, PEL_ARTN_F);
  double rr = 0.0, ff = 0.0;
  for (int i = 0; i < n; i++) {
    const double di =
        sqrt(d[3 * i] * d[3 * i] + d[3 * i + 1] * d[3 * i + 1] + d[3 * i + 2] * d[3 * i + 2]);
    const double w = (m && !m[i]) ? 0.0 : (dmax > 0.0 ? di / dmax : 0.0) + 0.1;
    const int64_t id = pt->h->id(pt->h->user, i);
    for (int c = 0; c < 3; c++) {
      v[3 * i + c] = w * pel_rng_normal(s->seed, s->center, s->attempt, id, 16 + c);
      rr += v[3 * i + c] * v[3 * i + c];
      ff += f[3 * i + c] * f[3 * i + c];
    }
  }
  rr = sqrt(pel_gsum(pt, rr));
  ff = sqrt(pel_gsum(pt, ff));
  const double cr = rr > 0.0 ? (ff > 0.0 ? 0.2 : 1.0) / rr : 0.0, cf = ff > 0.0 ? 1.0 / ff : 0.0;
  for (int i = 0; i < 3 * n; i++) v[i] = cf * f[i] + cr * v[i];
}

/* The second mode into EIGVEC2 and *lam2: Lanczos runs restarted from their
 * Ritz vector until two agree to a tenth of index_tol, or one is below
 * -index_tol (an upper bound: the answer is then certain). */
static pel_eval_code second_mode(pel_artn *a, attempt_state *s, double *lam2, pel_error *err)
{
  const pel_artn_params *p = &a->p;
  if (!s->have_eig2) index_start(a, s);
  double prev = NAN;
  pel_eval_code rc = PEL_EVAL_OK;
  for (int k = 0; k < INDEX_RESTARTS; k++) {
    /* every run to a full basis: the second mode of a glass saddle lies in
     * a dense soft spectrum, where the Ritz value creeps down by less than
     * the tolerance per vector long before it has converged */
    pel_vcopy(&a->pt, PEL_ARTN_WORK, PEL_ARTN_EIGVEC2);
    rc = lanczos_run(a, PEL_ARTN_WORK, PEL_ARTN_EIGVEC, PEL_ARTN_EIGVEC2, p->lanczos_max,
                     p->lanczos_max, -p->index_tol, lam2, err);
    if (rc != PEL_EVAL_OK) break;
    s->have_eig2 = 1;
    if (*lam2 < -p->index_tol) break;
    if (fabs(*lam2 - prev) <= 0.1 * p->index_tol) break;
    prev = *lam2;
  }
  return rc;
}

/* Leave a higher-order saddle downhill along its second mode: moves of
 * activation_step while the energy falls (the last, uphill, one undone). */
static phase_outcome descend_second_mode(pel_artn *a, pel_artn_result *r, pel_error *err)
{
  pel_point *pt = &a->pt;
  const double step = pel_vdot(pt, PEL_ARTN_F, PEL_ARTN_EIGVEC2) >= 0.0 ? a->p.activation_step
                                                                        : -a->p.activation_step;
  double e_prev = pt->energy;
  for (int k = 0; k < INDEX_DESCENT_MOVES; k++) {
    pel_vaxpy(pt, PEL_ARTN_D, step, PEL_ARTN_EIGVEC2);
    phase_outcome o = eval_here(a, r, err);
    if (o != PHASE_ON) return o;
    if (pt->energy >= e_prev) {
      pel_vaxpy(pt, PEL_ARTN_D, -step, PEL_ARTN_EIGVEC2);
      o = eval_here(a, r, err);
      if (o != PHASE_ON) return o;
      break;
    }
    e_prev = pt->energy;
  }
  return PHASE_CLIMB;
}

static phase_outcome phase_index(pel_artn *a, attempt_state *s, pel_artn_result *r, pel_error *err)
{
  double lam2 = NAN;
  phase_outcome o = outcome_of(second_mode(a, s, &lam2, err), r);
  if (o != PHASE_ON) return o;
  r->eigenvalue2 = lam2;
  if (lam2 >= -a->p.index_tol) return PHASE_ON;
  if (++s->index_steps > a->p.max_index_steps) return ended(r, PEL_ARTN_FAIL_INDEX);
  /* the point is given up: should the attempt fail from here on, its record
   * must not describe it as a converged saddle */
  r->e_saddle = r->barrier = r->eigenvalue2 = NAN;
  r->dr_saddle = r->dmax_saddle = 0.0;
  r->natoms_moved = 0;
  r->force_calls_saddle = 0;
  return descend_second_mode(a, r, err);
}

/* Activation until a converged point passes the saddle checks: the saddle's
 * quick rejections, the refined mode (when it is needed: relax or
 * first_order) and, with first_order, the index; a higher-order saddle is
 * left along its second mode and the activation goes on. */
static phase_outcome climb(pel_artn *a, attempt_state *s, pel_artn_result *r, pel_error *err)
{
  const pel_artn_params *p = &a->p;
  phase_outcome o;
  do {
    o = phase_activation(a, s, r, err);
    if (o == PHASE_ON) o = phase_saddle(a, r);
    if (o == PHASE_ON && (p->relax || p->first_order)) o = phase_refine(a, s, r, err);
    if (o == PHASE_ON && p->first_order) o = phase_index(a, s, r, err);
  } while (o == PHASE_CLIMB);
  return o;
}

/* ---- connection ------------------------------------------------------------ */

/* where one side of a saddle ended */
typedef struct {
  int elsewhere; /* stopped reject_margin below the initial energy */
  int converged; /* the first minimization converged */
  double energy; /* of the end point */
  double dmax;   /* its largest per-atom distance from X0 */
} side_end;

/* The first part of a side's relaxation in the refinement of a local saddle
 * (a->local_host set): from the pushed point D (its full energy from one full
 * call) descent and minimization with local calls, the atoms near the center
 * free and the others where the refined saddle has them; then one full call
 * there, from which the caller's full minimization goes on (every step of
 * the path lowers the full energy: a local call gives its exact change; the
 * full call checks it).
 * *done = 0 when the local part could not be made (an atom moved more than
 * active_pad, or the local minimization did not converge): D is then back at
 * the pushed point and the caller relaxes with full calls from there. */
static pel_eval_code relax_local(pel_artn *a, double sgn, int floor, double e_initial, int *done,
                                 pel_error *err)
{
  const pel_artn_params *p = &a->p;
  const pel_artn_host *h = a->local_host;
  pel_point *pt = &a->pt;
  *done = 0;
  pel_eval_code rc = pel_point_eval(pt, -1, 0.0, err);
  if (rc != PEL_EVAL_OK) return rc;
  if (h->set_local(h->user, a->local_center, 2, pt->energy) != 0) return PEL_EVAL_OK;
  if (floor && p->reject_margin > 0.0) pt->e_floor = e_initial - p->reject_margin;
  int conv = 0;
  rc = pel_point_eval(pt, -1, 0.0, err);
  if (rc == PEL_EVAL_OK)
    rc = pel_descent_run(&a->min, p->descent_steps, p->descent_step, p->relax_ftol, err);
  if (rc == PEL_EVAL_OK)
    rc = pel_minimize_from(&a->min, p->relax_ftol, p->max_relax_steps, &conv, err);
  pt->e_floor = -INFINITY;
  const int left = h->set_local(h->user, a->local_center, 0, 0.0);
  if ((rc == PEL_EVAL_HOST && left) || (rc == PEL_EVAL_OK && !conv)) {
    if (err) pel_error_clear(err);
    pel_vcopy(pt, PEL_ARTN_D, PEL_ARTN_DSADDLE);
    pel_vaxpy(pt, PEL_ARTN_D, sgn * p->push_over, PEL_ARTN_EIGVEC);
    return PEL_EVAL_OK;
  }
  *done = 1;
  if (rc != PEL_EVAL_OK && rc != PEL_EVAL_BELOW) return rc;
  /* the full call where the local part ended (converged, or below the
   * floor: the side went elsewhere) checks that part's energy */
  const double e_local = pt->energy;
  if (floor && p->reject_margin > 0.0) pt->e_floor = e_initial - p->reject_margin;
  const pel_eval_code rf = pel_point_eval(pt, -1, 0.0, err);
  if (rf != PEL_EVAL_OK && rf != PEL_EVAL_BELOW) return rf;
  if (!(fabs(pt->energy - e_local) <= 1e-9 * fmax(1.0, fabs(pt->energy)))) {
    pel_error_set(err, PEL_EFAIL,
                  "local force calls are not exact: a relaxation from the refined saddle "
                  "ended at local energy %.10g, full energy %.10g",
                  e_local, pt->energy);
    return PEL_EVAL_HOST;
  }
  return rf;
}

/* One side of a saddle: from the saddle (DSADDLE) push by sgn * push_over
 * along the mode, then steepest descent and minimization to relax_ftol.  A
 * side that ends as low as the initial minimum but not on it is relaxed
 * tighter before it is judged: in a glass a soft mode leaves the
 * minimization short of the minimum at relax_ftol.  With `floor` (the
 * backward side) the relaxation stops as soon as the energy is reject_margin
 * below the initial minimum's: every point of the initial minimum's basin of
 * attraction lies above it, so the side cannot come home. */
static phase_outcome relax_side(pel_artn *a, double sgn, int floor, double e_initial, side_end *end,
                                pel_artn_result *r, pel_error *err)
{
  const pel_artn_params *p = &a->p;
  pel_point *pt = &a->pt;
  memset(end, 0, sizeof *end);
  pel_vcopy(pt, PEL_ARTN_D, PEL_ARTN_DSADDLE);
  pel_vaxpy(pt, PEL_ARTN_D, sgn * p->push_over, PEL_ARTN_EIGVEC);
  pel_eval_code rc = PEL_EVAL_OK;
  int local_done = 0;
  if (a->local_host) rc = relax_local(a, sgn, floor, e_initial, &local_done, err);
  if (rc == PEL_EVAL_OK && !local_done) {
    if (floor && p->reject_margin > 0.0) pt->e_floor = e_initial - p->reject_margin;
    rc = pel_point_eval(pt, -1, 0.0, err);
    if (rc == PEL_EVAL_OK)
      rc = pel_descent_run(&a->min, p->descent_steps, p->descent_step, p->relax_ftol, err);
  }
  if (rc == PEL_EVAL_OK)
    rc = pel_minimize_from(&a->min, p->relax_ftol, p->max_relax_steps, &end->converged, err);
  pt->e_floor = -INFINITY;
  if (rc == PEL_EVAL_BELOW) {
    end->elsewhere = 1;
    return PHASE_ON;
  }
  if (rc != PEL_EVAL_OK) return outcome_of(rc, r);
  if (!end->converged) return PHASE_ON;
  end->energy = pt->energy;
  pel_point_displacement(pt, PEL_ARTN_D, p->moved_dist, NULL, &end->dmax, NULL);
  if (end->dmax > p->connect_dist && fabs(end->energy - e_initial) < p->trivial_barrier) {
    int tight = 0;
    rc = pel_minimize_from(&a->min, 0.1 * p->relax_ftol, p->max_relax_steps, &tight, err);
    if (rc != PEL_EVAL_OK) return outcome_of(rc, r);
    end->energy = pt->energy;
    pel_point_displacement(pt, PEL_ARTN_D, p->moved_dist, NULL, &end->dmax, NULL);
  }
  return PHASE_ON;
}

/* Relax both sides of the saddle; with connect the backward side first. */
static phase_outcome phase_connect(pel_artn *a, pel_artn_result *r, pel_error *err)
{
  const pel_artn_params *p = &a->p;
  /* forward: away from the initial minimum */
  const double sgn = pel_vdot(&a->pt, PEL_ARTN_EIGVEC, PEL_ARTN_DSADDLE) >= 0.0 ? 1.0 : -1.0;
  side_end end;
  phase_outcome o;
  if (p->connect) {
    /* a saddle whose backward side does not come home does not touch the
     * initial minimum, and is rejected without the forward relaxation */
    o = relax_side(a, -sgn, 1, r->e_initial, &end, r, err);
    if (o != PHASE_ON) return o;
    if (end.elsewhere) return ended(r, PEL_ARTN_FAIL_CONNECT);
    if (!end.converged) return ended(r, PEL_ARTN_FAIL_RELAX);
    if (end.dmax > p->connect_dist) return ended(r, PEL_ARTN_FAIL_CONNECT);
  }
  o = relax_side(a, sgn, 0, r->e_initial, &end, r, err);
  if (o != PHASE_ON) return o;
  if (!end.converged) return ended(r, PEL_ARTN_FAIL_RELAX);
  pel_vcopy(&a->pt, PEL_ARTN_DFINAL, PEL_ARTN_D);
  r->e_final = end.energy;
  r->dmax_final = end.dmax;
  r->asymmetry = r->e_final - r->e_initial;
  /* both sides home: the saddle links the initial minimum to itself */
  if (p->connect && end.dmax <= p->connect_dist) return ended(r, PEL_ARTN_FAIL_CONNECT);
  a->have_final = 1;
  return ended(r, PEL_ARTN_SADDLE);
}

/* ---- one attempt ------------------------------------------------------------ */

static void result_init(pel_artn_result *r, int64_t center, long attempt)
{
  memset(r, 0, sizeof *r);
  r->center = center;
  r->attempt = attempt;
  r->e_saddle = r->barrier = r->e_final = r->asymmetry = NAN;
  r->eigenvalue = r->eigenvalue2 = NAN;
  r->dmax_final = NAN;
}

/* The end of every attempt: counters, the positions back at X0. */
static pel_status finish(pel_artn *a, phase_outcome o, pel_artn_result *r, pel_error *err)
{
  if (o == PHASE_ON) r->status = PEL_ARTN_SADDLE; /* converged, not relaxed (relax no) */
  if (r->status != PEL_ARTN_SADDLE && r->status != PEL_ARTN_FAIL_CONNECT &&
      r->status != PEL_ARTN_FAIL_RELAX)
    r->fmax = a->pt.fmax;
  r->force_calls = a->pt.calls;
  r->force_calls_lanczos = a->pt.lzcalls;
  pel_vcopy(&a->pt, PEL_ARTN_X, PEL_ARTN_X0);
  if (o == PHASE_HOST_FAIL) return err && err->code != PEL_OK ? err->code : PEL_EFAIL;
  return PEL_OK;
}

pel_status pel_artn_event(pel_artn *a, const pel_artn_host *h, uint64_t seed, int64_t center,
                          long attempt, double e_initial, pel_artn_result *r, pel_error *err)
{
  const pel_artn_params *p = &a->p;
  const pel_point *pt = &a->pt;
  bind(a, h);
  result_init(r, center, attempt);
  a->have_final = 0;
  attempt_state s = {seed, center, attempt, 0, 0, 0, 1, NAN, 0, 0};

  pel_vcopy(pt, PEL_ARTN_X0, PEL_ARTN_X);
  pel_vzero(pt, PEL_ARTN_D);
  pel_vzero(pt, PEL_ARTN_EIGVEC);
  phase_outcome o = PHASE_ON;
  if (isnan(e_initial)) {
    o = eval_here(a, r, err);
    e_initial = pt->energy;
  }
  r->e_initial = e_initial;
  if (o != PHASE_ON) return finish(a, o, r, err);

  const pel_push_params pp = {p->cluster_radius, p->remove_translation, p->remove_rotation};
  const long ncl = pel_push_make(pt, &pp, seed, center, attempt, -1, PEL_ARTN_PUSH);
  if (ncl <= 0) {
    pel_vcopy(pt, PEL_ARTN_X, PEL_ARTN_X0);
    if (ncl < 0)
      return pel_error_set(err, PEL_EINVAL, "center atom %lld does not exist", (long long)center);
    return pel_error_set(err, PEL_EINVAL,
                         "no movable atom within cluster_radius of center atom %lld",
                         (long long)center);
  }

  pel_vaxpy(pt, PEL_ARTN_D, p->push_init, PEL_ARTN_PUSH);
  o = eval_here(a, r, err);
  while (o == PHASE_ON) {
    o = phase_basin(a, &s, r, err);
    if (o != PHASE_ON) break;
    o = climb(a, &s, r, err);
    if (o != PHASE_REENTER) break;
    /* back to the basin, pushing on from here */
    r->reentries = ++s.reentries;
    pel_vaxpy(pt, PEL_ARTN_D, p->push_step, PEL_ARTN_PUSH);
    o = eval_here(a, r, err);
  }
  if (o == PHASE_ON && p->relax) o = phase_connect(a, r, err);
  return finish(a, o, r, err);
}

pel_status pel_artn_activate(pel_artn *a, const pel_artn_host *h, double e_initial,
                             pel_artn_result *r, pel_error *err)
{
  const pel_point *pt = &a->pt;
  bind(a, h);
  result_init(r, -1, 0);
  a->have_final = 0;
  attempt_state s = {0, -1, 0, 0, 1, 0, 0, NAN, 0, 0};

  /* the start point X - X0, kept in DSADDLE until D takes it */
  pel_vcopy(pt, PEL_ARTN_DSADDLE, PEL_ARTN_X);
  pel_vaxpy(pt, PEL_ARTN_DSADDLE, -1.0, PEL_ARTN_X0);
  if (!(pel_vdot(pt, PEL_ARTN_EIGVEC, PEL_ARTN_EIGVEC) > 0.0)) {
    pel_vcopy(pt, PEL_ARTN_X, PEL_ARTN_X0);
    return pel_error_set(err, PEL_EINVAL, "the start vector of an activation is zero");
  }
  phase_outcome o = PHASE_ON;
  if (isnan(e_initial)) {
    pel_vzero(pt, PEL_ARTN_D);
    o = eval_here(a, r, err);
    e_initial = pt->energy;
  }
  r->e_initial = e_initial;
  pel_vcopy(pt, PEL_ARTN_D, PEL_ARTN_DSADDLE);
  if (o == PHASE_ON) o = eval_here(a, r, err);
  if (o == PHASE_ON)
    o = outcome_of(lowest_mode(a, PEL_ARTN_EIGVEC, 2, a->p.lanczos_max, NAN, &s.lambda, err), r);
  if (o == PHASE_ON) {
    r->eigenvalue = s.lambda;
    o = climb(a, &s, r, err);
  }
  if (o == PHASE_ON && a->p.relax) o = phase_connect(a, r, err);
  return finish(a, o, r, err);
}

/* ---- local force calls ------------------------------------------------------ */

pel_status pel_artn_event_local(pel_artn *a, const pel_artn_host *h, uint64_t seed, int64_t center,
                                long attempt, double e_initial, pel_artn_result *r,
                                pel_artn_local_info *info, pel_error *err)
{
  pel_artn_local_info none = {0, 0, 0, NAN, NAN};
  if (!info) info = &none;
  *info = none;
  if (a->p.active_radius == 0.0 || !h->set_local || isnan(e_initial))
    return pel_artn_event(a, h, seed, center, attempt, e_initial, r, err);
  const int on = h->set_local(h->user, center, 1, e_initial);
  if (on < 0)
    return pel_error_set(err, PEL_EFAIL,
                         "the host could not set up local force calls at center %lld",
                         (long long)center);
  if (on > 0) return pel_artn_event(a, h, seed, center, attempt, e_initial, r, err);
  info->local = 1;

  pel_status st = pel_artn_event(a, h, seed, center, attempt, e_initial, r, err);
  if (st != PEL_OK || r->status != PEL_ARTN_SADDLE) {
    const int left = h->set_local(h->user, center, 0, 0.0);
    if (st != PEL_OK && left == 1) {
      /* an atom left the region where local calls are exact, and the
       * region could not grow: the attempt again, with full calls */
      pel_error_clear(err);
      info->redone = 1;
      return pel_artn_event(a, h, seed, center, attempt, e_initial, r, err);
    }
    return st;
  }

  /* a connected local saddle.  Exactness: the local forces there on the
   * movable atoms (kept in FSAVE, the mask in WORK) against the full ones */
  pel_point *pt = &a->pt;
  pel_vcopy(pt, PEL_ARTN_D, PEL_ARTN_DSADDLE);
  pel_eval_code ec = pel_point_eval(pt, -1, 0.0, err);
  const double e_local = pt->energy;
  if (ec == PEL_EVAL_OK) {
    pel_vcopy(pt, PEL_ARTN_FSAVE, PEL_ARTN_F);
    const int n = pel_nlocal(pt);
    const int *m = pel_mask(pt);
    double *w = pel_vec(pt, PEL_ARTN_WORK);
    for (int i = 0; i < n; i++) w[3 * i] = (!m || m[i]) ? 1.0 : 0.0;
  }
  h->set_local(h->user, center, 0, 0.0);
  if (ec == PEL_EVAL_OK) ec = pel_point_eval(pt, -1, 0.0, err);
  if (ec != PEL_EVAL_OK) {
    pel_vcopy(pt, PEL_ARTN_X, PEL_ARTN_X0);
    if (ec == PEL_EVAL_HOST) return err && err->code != PEL_OK ? err->code : PEL_EFAIL;
    return pel_error_set(err, PEL_EFAIL,
                         "no finite energy and forces at the local saddle of center %lld",
                         (long long)center);
  }
  {
    const int n = pel_nlocal(pt);
    const double *f = pel_vec(pt, PEL_ARTN_F), *fl = pel_vec(pt, PEL_ARTN_FSAVE);
    const double *w = pel_vec(pt, PEL_ARTN_WORK);
    double d = 0.0;
    for (int i = 0; i < n; i++)
      if (w[3 * i] != 0.0)
        for (int c = 0; c < 3; c++) d = fmax(d, fabs(f[3 * i + c] - fl[3 * i + c]));
    info->force_diff = pel_gmax(pt, d);
    info->energy_diff = fabs(pt->energy - e_local);
  }
  const double tol_f = 1e-6 * a->p.ftol, tol_e = 1e-9 * fmax(1.0, fabs(pt->energy));
  if (!(info->force_diff <= tol_f) || !(info->energy_diff <= tol_e)) {
    pel_vcopy(pt, PEL_ARTN_X, PEL_ARTN_X0);
    return pel_error_set(err, PEL_EFAIL,
                         "local force calls are not exact: at the local saddle of center %lld the "
                         "forces on the movable atoms differ from the full ones by up to %g "
                         "(tolerance %g) and the energies by %g (tolerance %g)",
                         (long long)center, info->force_diff, tol_f, info->energy_diff, tol_e);
  }

  /* the refinement on the whole system, from the local saddle along its
   * mode; its relaxations start with local calls */
  pel_point_place(pt, PEL_ARTN_DSADDLE);
  a->local_host = h;
  a->local_center = center;
  st = pel_artn_activate(a, h, e_initial, r, err);
  a->local_host = NULL;
  r->center = center;
  r->attempt = attempt;
  info->refined = 1;
  return st;
}

void pel_artn_goto_final(pel_artn *a, const pel_artn_host *h)
{
  if (!a->have_final) return;
  bind(a, h);
  pel_point_place(&a->pt, PEL_ARTN_DFINAL);
}

pel_status pel_artn_minimize(pel_artn *a, const pel_artn_host *h, double ftol, int maxsteps,
                             double *energy, double *fmax, double *dmax, long *calls,
                             pel_error *err)
{
  pel_point *pt = &a->pt;
  bind(a, h);
  pel_vcopy(pt, PEL_ARTN_X0, PEL_ARTN_X);
  pel_vzero(pt, PEL_ARTN_D);
  int conv = 0;
  pel_eval_code rc = pel_point_eval(pt, -1, 0.0, err);
  if (rc == PEL_EVAL_OK) rc = pel_minimize_from(&a->min, ftol, maxsteps, &conv, err);
  /* leave x exactly at the last evaluated point */
  if (rc == PEL_EVAL_OK) pel_point_place(pt, PEL_ARTN_D);
  if (energy) *energy = pt->energy;
  if (fmax) *fmax = pt->fmax;
  if (dmax) pel_point_displacement(pt, PEL_ARTN_D, 1.0, NULL, dmax, NULL);
  if (calls) *calls = pt->calls;
  if (rc == PEL_EVAL_HOST) return err && err->code != PEL_OK ? err->code : PEL_EFAIL;
  if (rc != PEL_EVAL_OK) return pel_error_set(err, PEL_ERANGE, "force blow-up during minimization");
  if (!conv)
    return pel_error_set(err, PEL_ENOCONV,
                         "minimization did not reach force %g in %d steps (now %g)", ftol, maxsteps,
                         pt->fmax);
  return PEL_OK;
}
