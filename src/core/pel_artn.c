/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ART nouveau engine.  One attempt:
 *
 *  1. cluster perturbation: atoms within cluster_radius of the center get a
 *     Gaussian random direction from pel_rng (keyed by seed, center, attempt,
 *     atom ID, component); the net translation (and optionally rotation) is
 *     removed when no atom is frozen; D = push_init * P.
 *  2. basin: FIRE relaxation perpendicular to P (state kept across pushes,
 *     at most basin_relax_steps calls per push), Lanczos from the
 *     basin_lanczos_after-th push on (warm started from the last mode), push
 *     by push_step until the lowest eigenvalue < eig_threshold.  With
 *     push_follow, P is rebuilt before each push from the cluster atoms' part
 *     of D (less its mean over them, unit norm): the push bends with the
 *     relaxation instead of compressing the cluster along a stiff fixed
 *     direction, and leaves the basin lower.
 *  3. activation: a step along the eigenvector, the Newton step
 *     t = (F.v)/lambda (uphill, since lambda < 0) capped to activation_step,
 *     combined with a FIRE step of the perpendicular force; then one force
 *     call.  When the Newton step was uncapped (near the top along v) the
 *     next inner steps do the same; after a capped step they relax only
 *     perpendicular, until the perpendicular force < perp_ratio |F.v|, at
 *     most activation_relax_steps calls.  Then a Lanczos refresh warm started
 *     from the previous mode, its finite differences taken from the force
 *     already known at the current point (one call per product, none to
 *     restore).  Saddle when the largest per-atom force < ftol with
 *     lambda < 0.  A positive eigenvalue is first re-checked with a full
 *     Lanczos basis, then gets max_lost chances (fixed uphill steps along the
 *     last negative mode); lost for good, the attempt goes back to the basin
 *     and pushes on from there (at most max_reentry times).  Basin Lanczos
 *     runs stop as soon as a Ritz value is below eig_threshold.
 *  4. the mode is refined with a full Lanczos basis (a saddle needs
 *     lambda < -lanczos_tol |eig_threshold|), then push_over to each
 *     side, descent_steps steepest-descent moves (no inertia: the descent out
 *     of a saddle can branch), FIRE down to lbfgs_switch x relax_ftol and
 *     L-BFGS to relax_ftol; with connect the backward side (against the
 *     saddle's displacement from X0) is relaxed first and must come back to
 *     the initial minimum (otherwise the forward side is not relaxed at all),
 *     and the forward side must not (a side as low as the initial minimum but
 *     not on it is first relaxed tighter: glasses have soft modes).
 *
 * Every force call goes through pel_artn_eval(), which counts it. */
#include "pel_artn.h"

#include "pel_lanczos.h"
#include "pel_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* FIRE constants (Bitzek et al., PRL 97, 170201 (2006)) */
#define FIRE_NMIN 5
#define FIRE_FINC 1.1
#define FIRE_FDEC 0.5
#define FIRE_ALPHA0 0.1
#define FIRE_FALPHA 0.99

struct pel_artn {
  pel_artn_params p;
  MPI_Comm comm;
  pel_lanczos *lz;
  double **q;    /* lanczos_max basis pointers, refreshed before use */
  double energy; /* at the current point x0 + D */
  double fmax;   /* largest per-atom force norm at the current point */
  long calls, lzcalls;
  double dt, alpha; /* FIRE state */
  int npos;
  int have_final;
  double e_floor; /* an evaluation below it sets `below` (-inf: off) */
  int below;
};

/* ---- parameters ----------------------------------------------------------- */

void pel_artn_params_default(pel_artn_params *p)
{
  memset(p, 0, sizeof *p);
  p->cluster_radius = 3.95;
  p->push_init = 0.10;
  p->push_step = 0.15;
  p->eig_threshold = -0.30;
  p->ftol = 0.05;
  p->lanczos_max = 16;
  p->lanczos_tol = 0.01;
  p->lanczos_disp = 0.005;
  p->max_basin_steps = 50;
  p->max_activation_steps = 500;
  p->relax = 1;
  p->connect = 1;
  p->connect_dist = 0.1;
  p->moved_dist = 0.1;
  p->basin_relax_steps = 4;
  p->basin_lanczos_after = 5;
  p->activation_relax_steps = 4;
  p->activation_step = 0.15;
  p->max_lost = 3;
  p->perp_ratio = 1.0;
  p->push_over = 0.15;
  p->descent_steps = 20;
  p->descent_step = 0.03;
  p->relax_ftol = 0.005;
  p->max_relax_steps = 2000;
  p->trivial_barrier = 0.005;
  p->force_blowup = 1e4;
  p->fire_dt = 0.1;
  p->fire_dtmax = 0.3;
  p->max_disp = 0.1;
  p->remove_translation = 1;
  p->remove_rotation = 0;
  p->lbfgs_memory = 5;
  p->lbfgs_switch = 10.0;
  p->basin_stop_early = 1;
  p->max_reentry = 2;
  p->lanczos_refresh = 16;
  p->reject_margin = 0.05;
  p->push_follow = 1;
}

#define PEL_CHECK_POS(field, word)                                                                 \
  if (!(p->field > 0.0) || !isfinite((double)p->field))                                            \
    return pel_error_set(err, PEL_EINVAL, "fix artn %s must be > 0, got %g", word,                 \
                         (double)p->field);
#define PEL_CHECK_NONNEG_INT(field, word)                                                          \
  if (p->field < 0)                                                                                \
    return pel_error_set(err, PEL_EINVAL, "fix artn %s must be >= 0, got %d", word, p->field);

pel_status pel_artn_params_check(const pel_artn_params *p, pel_error *err)
{
  PEL_CHECK_POS(cluster_radius, "cluster_radius");
  PEL_CHECK_POS(push_init, "push_init");
  PEL_CHECK_POS(push_step, "push_step");
  if (!(p->eig_threshold < 0.0) || !isfinite(p->eig_threshold))
    return pel_error_set(err, PEL_EINVAL, "fix artn eig_threshold must be < 0, got %g",
                         p->eig_threshold);
  PEL_CHECK_POS(ftol, "ftol");
  if (p->lanczos_max < 2)
    return pel_error_set(err, PEL_EINVAL, "fix artn lanczos_max must be >= 2, got %d",
                         p->lanczos_max);
  PEL_CHECK_POS(lanczos_tol, "lanczos_tol");
  if (p->lanczos_tol >= 1.0)
    return pel_error_set(err, PEL_EINVAL, "fix artn lanczos_tol must be < 1, got %g",
                         p->lanczos_tol);
  PEL_CHECK_POS(lanczos_disp, "lanczos_disp");
  if (p->max_basin_steps < 1)
    return pel_error_set(err, PEL_EINVAL, "fix artn max_basin_steps must be >= 1, got %d",
                         p->max_basin_steps);
  if (p->max_activation_steps < 1)
    return pel_error_set(err, PEL_EINVAL, "fix artn max_activation_steps must be >= 1, got %d",
                         p->max_activation_steps);
  if (p->connect && !p->relax)
    return pel_error_set(err, PEL_EINVAL, "fix artn connect yes requires relax yes");
  PEL_CHECK_POS(connect_dist, "connect_dist");
  PEL_CHECK_POS(moved_dist, "moved_dist");
  PEL_CHECK_NONNEG_INT(basin_relax_steps, "basin_relax_steps");
  if (p->basin_lanczos_after < 1)
    return pel_error_set(err, PEL_EINVAL, "fix artn basin_lanczos_after must be >= 1, got %d",
                         p->basin_lanczos_after);
  if (p->activation_relax_steps < 1)
    return pel_error_set(err, PEL_EINVAL, "fix artn activation_relax_steps must be >= 1, got %d",
                         p->activation_relax_steps);
  PEL_CHECK_POS(activation_step, "activation_step");
  PEL_CHECK_NONNEG_INT(max_lost, "max_lost");
  if (!(p->perp_ratio >= 0.0))
    return pel_error_set(err, PEL_EINVAL, "fix artn perp_ratio must be >= 0, got %g",
                         p->perp_ratio);
  PEL_CHECK_POS(push_over, "push_over");
  PEL_CHECK_NONNEG_INT(descent_steps, "descent_steps");
  PEL_CHECK_POS(descent_step, "descent_step");
  PEL_CHECK_POS(relax_ftol, "relax_ftol");
  if (p->max_relax_steps < 1)
    return pel_error_set(err, PEL_EINVAL, "fix artn max_relax_steps must be >= 1, got %d",
                         p->max_relax_steps);
  if (!(p->trivial_barrier >= 0.0))
    return pel_error_set(err, PEL_EINVAL, "fix artn trivial_barrier must be >= 0, got %g",
                         p->trivial_barrier);
  PEL_CHECK_POS(force_blowup, "force_blowup");
  PEL_CHECK_POS(fire_dt, "fire_dt");
  PEL_CHECK_POS(fire_dtmax, "fire_dtmax");
  if (p->fire_dtmax < p->fire_dt)
    return pel_error_set(err, PEL_EINVAL, "fix artn fire_dtmax (%g) must be >= fire_dt (%g)",
                         p->fire_dtmax, p->fire_dt);
  PEL_CHECK_POS(max_disp, "max_disp");
  PEL_CHECK_NONNEG_INT(max_reentry, "max_reentry");
  if (!(p->lbfgs_switch >= 1.0))
    return pel_error_set(err, PEL_EINVAL, "fix artn lbfgs_switch must be >= 1, got %g",
                         p->lbfgs_switch);
  if (p->lanczos_refresh < 2)
    return pel_error_set(err, PEL_EINVAL, "fix artn lanczos_refresh must be >= 2, got %d",
                         p->lanczos_refresh);
  if (!(p->reject_margin >= 0.0) || !isfinite(p->reject_margin))
    return pel_error_set(err, PEL_EINVAL, "fix artn reject_margin must be >= 0, got %g",
                         p->reject_margin);
  if (p->lbfgs_memory < 0 || p->lbfgs_memory > PEL_ARTN_LBFGS_MAX)
    return pel_error_set(err, PEL_EINVAL, "fix artn lbfgs_memory must be between 0 and %d, got %d",
                         PEL_ARTN_LBFGS_MAX, p->lbfgs_memory);
  return PEL_OK;
}

int pel_artn_nstorage(const pel_artn_params *p)
{
  /* the L-BFGS pairs reuse the Lanczos storage (never in use at the same time) */
  const int nl = p->lanczos_max > 2 * p->lbfgs_memory ? p->lanczos_max : 2 * p->lbfgs_memory;
  return PEL_ARTN_LANCZOS - PEL_ARTN_X0 + nl;
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
  }
  return "fail_unknown";
}

/* ---- object --------------------------------------------------------------- */

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
  a->e_floor = -INFINITY;
  a->q = calloc((size_t)p->lanczos_max, sizeof *a->q);
  a->lz = pel_lanczos_alloc(p->lanczos_max, p->lanczos_tol, comm, err);
  if (!a->q || !a->lz) {
    pel_artn_free(a);
    if (err && err->code == PEL_OK)
      pel_error_set(err, PEL_ENOMEM, "cannot allocate the ART engine");
    return NULL;
  }
  pel_lanczos_set_atol(a->lz, p->lanczos_tol * fabs(p->eig_threshold));
  return a;
}

void pel_artn_free(pel_artn *a)
{
  if (!a) return;
  pel_lanczos_free(a->lz);
  free(a->q);
  free(a);
}

/* ---- helpers: every global quantity is a local sum/max + MPI_Allreduce ---- */

static inline double *vec(const pel_artn_host *h, int which)
{
  return h->vector(h->user, which);
}
static inline int nloc(const pel_artn_host *h)
{
  return h->nlocal(h->user);
}
static inline const int *maskp(const pel_artn_host *h)
{
  return h->mask ? h->mask(h->user) : NULL;
}

static double gsum(const pel_artn *a, double x)
{
  double g = 0.0;
  MPI_Allreduce(&x, &g, 1, MPI_DOUBLE, MPI_SUM, a->comm);
  return g;
}

static double gmax(const pel_artn *a, double x)
{
  double g = 0.0;
  MPI_Allreduce(&x, &g, 1, MPI_DOUBLE, MPI_MAX, a->comm);
  return g;
}

static double gdot(const pel_artn *a, const pel_artn_host *h, int wa, int wb)
{
  int n3 = 3 * nloc(h);
  const double *u = vec(h, wa), *v = vec(h, wb);
  double s = 0.0;
  for (int i = 0; i < n3; i++) s += u[i] * v[i];
  return gsum(a, s);
}

static void vcopy(const pel_artn_host *h, int dst, int src)
{
  memcpy(vec(h, dst), vec(h, src), sizeof(double) * 3 * (size_t)nloc(h));
}

static void vzero(const pel_artn_host *h, int dst)
{
  memset(vec(h, dst), 0, sizeof(double) * 3 * (size_t)nloc(h));
}

/* y += s * x */
static void vaxpy(const pel_artn_host *h, int y, double s, int x)
{
  int n3 = 3 * nloc(h);
  double *yy = vec(h, y);
  const double *xx = vec(h, x);
  for (int i = 0; i < n3; i++) yy[i] += s * xx[i];
}

static void vscale(const pel_artn_host *h, int y, double s)
{
  int n3 = 3 * nloc(h);
  double *yy = vec(h, y);
  for (int i = 0; i < n3; i++) yy[i] *= s;
}

/* ---- the only place that calls energy_force --------------------------------
 * x = x0 + D (+ s * vector extra); returns 0, 1 for a force blow-up, -1 for a
 * host failure. */
static int pel_artn_eval(pel_artn *a, const pel_artn_host *h, int extra, double s, pel_error *err)
{
  int n = nloc(h);
  double *x = vec(h, PEL_ARTN_X);
  const double *x0 = vec(h, PEL_ARTN_X0), *d = vec(h, PEL_ARTN_D);
  if (extra >= 0) {
    const double *e = vec(h, extra);
    for (int i = 0; i < 3 * n; i++) x[i] = x0[i] + (d[i] + s * e[i]);
  } else {
    for (int i = 0; i < 3 * n; i++) x[i] = x0[i] + d[i];
  }
  double e = 0.0;
  a->calls++;
  if (h->energy_force(h->user, &e) != 0) {
    pel_error_set(err, PEL_EFAIL, "fix artn: the host's energy/force evaluation failed");
    return -1;
  }
  /* atoms may have migrated: fetch everything again */
  n = nloc(h);
  double *f = vec(h, PEL_ARTN_F);
  const int *m = maskp(h);
  double fm = 0.0;
  int bad = !isfinite(e);
  for (int i = 0; i < n; i++) {
    if (m && !m[i]) {
      f[3 * i] = f[3 * i + 1] = f[3 * i + 2] = 0.0;
      continue;
    }
    double s2 = f[3 * i] * f[3 * i] + f[3 * i + 1] * f[3 * i + 1] + f[3 * i + 2] * f[3 * i + 2];
    if (!isfinite(s2))
      bad = 1;
    else if (s2 > fm)
      fm = s2;
  }
  double loc[2] = {fm, (double)bad}, glob[2];
  MPI_Allreduce(loc, glob, 2, MPI_DOUBLE, MPI_MAX, a->comm);
  a->energy = e;
  a->fmax = sqrt(glob[0]);
  if (e < a->e_floor) a->below = 1;
  if (glob[1] > 0.0 || !(a->fmax <= a->p.force_blowup)) return 1;
  return 0;
}

/* ---- FIRE ------------------------------------------------------------------ */

static void fire_reset(pel_artn *a, const pel_artn_host *h)
{
  a->dt = a->p.fire_dt;
  a->alpha = FIRE_ALPHA0;
  a->npos = 0;
  vzero(h, PEL_ARTN_VEL);
}

/* One FIRE move of D with the force perpendicular to unit vector `perp`
 * (perp < 0: the full force) plus t along `perp`.  Does not evaluate.
 * Returns the largest per-atom norm of the force it used (before moving), so
 * the caller can stop first: when that is below `stop`, nothing moves. */
static double fire_move(pel_artn *a, const pel_artn_host *h, int perp, double t, double stop)
{
  int n = nloc(h);
  double *f = vec(h, PEL_ARTN_F), *v = vec(h, PEL_ARTN_VEL), *d = vec(h, PEL_ARTN_D);
  const double *u = perp >= 0 ? vec(h, perp) : NULL;
  double fu = 0.0, vu = 0.0;
  if (u) {
    double loc[2] = {0.0, 0.0}, glob[2];
    for (int i = 0; i < 3 * n; i++) {
      loc[0] += f[i] * u[i];
      loc[1] += v[i] * u[i];
    }
    MPI_Allreduce(loc, glob, 2, MPI_DOUBLE, MPI_SUM, a->comm);
    fu = glob[0];
    vu = glob[1];
  }
  /* projected force g (computed on the fly), its norms, v.g, |v| */
  double loc[3] = {0.0, 0.0, 0.0}, glob[3], gm = 0.0;
  for (int i = 0; i < n; i++) {
    double g2 = 0.0;
    for (int c = 0; c < 3; c++) {
      int k = 3 * i + c;
      double g = f[k] - (u ? fu * u[k] : 0.0);
      if (u) v[k] -= vu * u[k];
      loc[0] += g * g;
      loc[1] += v[k] * g;
      loc[2] += v[k] * v[k];
      g2 += g * g;
    }
    if (g2 > gm) gm = g2;
  }
  MPI_Allreduce(loc, glob, 3, MPI_DOUBLE, MPI_SUM, a->comm);
  gm = sqrt(gmax(a, gm));
  if (gm < stop && t == 0.0) return gm;
  double gnorm = sqrt(glob[0]), power = glob[1], vnorm = sqrt(glob[2]);
  double mix = 0.0, keep = 1.0;
  if (power > 0.0) {
    if (gnorm > 0.0) {
      keep = 1.0 - a->alpha;
      mix = a->alpha * vnorm / gnorm;
    }
    if (++a->npos > FIRE_NMIN) {
      a->dt = fmin(a->dt * FIRE_FINC, a->p.fire_dtmax);
      a->alpha *= FIRE_FALPHA;
    }
  } else {
    keep = 0.0;
    a->dt *= FIRE_FDEC;
    a->alpha = FIRE_ALPHA0;
    a->npos = 0;
  }
  const double dt = gm < stop ? 0.0 : a->dt;
  double mv = 0.0;
  for (int i = 0; i < n; i++) {
    double s2 = 0.0;
    for (int c = 0; c < 3; c++) {
      int k = 3 * i + c;
      double g = f[k] - (u ? fu * u[k] : 0.0);
      v[k] = keep * v[k] + mix * g + dt * g;
      s2 += v[k] * v[k];
    }
    if (s2 > mv) mv = s2;
  }
  mv = dt * sqrt(gmax(a, mv));
  double scale = mv > a->p.max_disp ? a->p.max_disp / mv : 1.0;
  for (int k = 0; k < 3 * n; k++) d[k] += scale * dt * v[k] + (u ? t * u[k] : 0.0);
  return gm;
}

/* Up to nsteps FIRE steps (one force call each) of the force perpendicular to
 * `perp` (or the full force if perp < 0), stopping when its largest per-atom
 * norm is below stop.  Returns the eval code. */
static int fire_run(pel_artn *a, const pel_artn_host *h, int perp, int nsteps, double stop,
                    int *done, pel_error *err)
{
  if (done) *done = 0;
  for (int s = 0; s < nsteps; s++) {
    double g = fire_move(a, h, perp, 0.0, stop);
    if (g < stop) {
      if (done) *done = 1;
      return 0;
    }
    int rc = pel_artn_eval(a, h, -1, 0.0, err);
    if (rc || a->below) return rc;
  }
  if (done) *done = perp < 0 ? a->fmax < stop : 0;
  return 0;
}

/* Steepest-descent path out of a saddle: up to nsteps moves along the force
 * with the largest per-atom move `step` (no inertia, which cuts corners and
 * can carry the system over a ridge into the wrong valley). */
static int descent_run(pel_artn *a, const pel_artn_host *h, int nsteps, double step, double ftol,
                       pel_error *err)
{
  for (int s = 0; s < nsteps && a->fmax >= ftol; s++) {
    double c = step / a->fmax;
    vaxpy(h, PEL_ARTN_D, c, PEL_ARTN_F);
    int rc = pel_artn_eval(a, h, -1, 0.0, err);
    if (rc || a->below) return rc;
  }
  return 0;
}

/* L-BFGS minimization from the current D (force known) to fmax < ftol, at
 * most maxsteps force calls.  No line search: the quasi-Newton step is
 * capped to a largest per-atom move (trust, at most max_disp); a step that
 * raises the energy is undone (the previous force is kept in FSAVE, so no
 * call is spent twice), the memory is cleared and the trust halved.  The
 * (s, y) pairs live in the Lanczos basis storage, free outside Lanczos;
 * the search direction in WORK. */
static int lbfgs_run(pel_artn *a, const pel_artn_host *h, double ftol, int maxsteps, int *converged,
                     pel_error *err)
{
  const int mem = a->p.lbfgs_memory;
  double rho[PEL_ARTN_LBFGS_MAX], al[PEL_ARTN_LBFGS_MAX];
  int stored = 0, head = 0; /* pairs in use; next slot */
  double trust = a->p.max_disp;
  *converged = 0;
  for (int it = 0; it < maxsteps; it++) {
    if (a->fmax < ftol) {
      *converged = 1;
      return 0;
    }
    int n = nloc(h);
    /* direction d = H f by the two-loop recursion (f = -gradient) */
    double *d = vec(h, PEL_ARTN_WORK);
    memcpy(d, vec(h, PEL_ARTN_F), sizeof(double) * 3 * (size_t)n);
    for (int k = 0; k < stored; k++) {
      int j = (head - 1 - k + mem) % mem;
      const double *sj = vec(h, PEL_ARTN_LANCZOS + 2 * j);
      const double *yj = vec(h, PEL_ARTN_LANCZOS + 2 * j + 1);
      double loc = 0.0;
      for (int i = 0; i < 3 * n; i++) loc += sj[i] * d[i];
      al[j] = rho[j] * gsum(a, loc);
      for (int i = 0; i < 3 * n; i++) d[i] -= al[j] * yj[i];
    }
    double scale;
    if (stored > 0) {
      int j = (head - 1 + mem) % mem;
      double yy = gdot(a, h, PEL_ARTN_LANCZOS + 2 * j + 1, PEL_ARTN_LANCZOS + 2 * j + 1);
      scale = yy > 0.0 ? 1.0 / (rho[j] * yy) : 1.0;
    } else {
      /* first step: steepest descent, largest move min(trust, descent_step) */
      scale = fmin(trust, a->p.descent_step) / a->fmax;
    }
    for (int i = 0; i < 3 * n; i++) d[i] *= scale;
    for (int k = stored - 1; k >= 0; k--) {
      int j = (head - 1 - k + mem) % mem;
      const double *sj = vec(h, PEL_ARTN_LANCZOS + 2 * j);
      const double *yj = vec(h, PEL_ARTN_LANCZOS + 2 * j + 1);
      double loc = 0.0;
      for (int i = 0; i < 3 * n; i++) loc += yj[i] * d[i];
      double b = rho[j] * gsum(a, loc);
      for (int i = 0; i < 3 * n; i++) d[i] += (al[j] - b) * sj[i];
    }
    /* downhill?  otherwise restart from steepest descent */
    double fd = gdot(a, h, PEL_ARTN_F, PEL_ARTN_WORK);
    if (!(fd > 0.0)) {
      stored = 0;
      const double c = fmin(trust, a->p.descent_step) / a->fmax;
      const double *f = vec(h, PEL_ARTN_F);
      for (int i = 0; i < 3 * n; i++) d[i] = c * f[i];
    }
    double dm = 0.0;
    for (int i = 0; i < n; i++) {
      double s2 = d[3 * i] * d[3 * i] + d[3 * i + 1] * d[3 * i + 1] + d[3 * i + 2] * d[3 * i + 2];
      if (s2 > dm) dm = s2;
    }
    dm = sqrt(gmax(a, dm));
    const double c = dm > trust ? trust / dm : 1.0;
    /* step into slot head: s = c d; FSAVE = force before the step */
    {
      double *sj = vec(h, PEL_ARTN_LANCZOS + 2 * head), *dd = vec(h, PEL_ARTN_D);
      for (int i = 0; i < 3 * n; i++) {
        sj[i] = c * d[i];
        dd[i] += sj[i];
      }
    }
    vcopy(h, PEL_ARTN_FSAVE, PEL_ARTN_F);
    const double e_old = a->energy, f_old = a->fmax;
    int rc = pel_artn_eval(a, h, -1, 0.0, err);
    if (rc) return rc;
    n = nloc(h);
    /* the tolerance keeps the decision independent of the order of the
     * host's energy sum (rounding), hence of the decomposition */
    if (a->energy > e_old + 1e-10 * fabs(e_old)) {
      /* uphill: undo the step, forget the curvature, shrink the trust */
      double *dd = vec(h, PEL_ARTN_D);
      const double *sj = vec(h, PEL_ARTN_LANCZOS + 2 * head);
      for (int i = 0; i < 3 * n; i++) dd[i] -= sj[i];
      vcopy(h, PEL_ARTN_F, PEL_ARTN_FSAVE);
      a->energy = e_old;
      a->fmax = f_old;
      stored = 0;
      trust *= 0.5;
      if (trust < 1e-6 * a->p.max_disp) return 0; /* stuck: not converged */
      continue;
    }
    /* y = g_new - g_old = F_old - F_new */
    {
      double *yj = vec(h, PEL_ARTN_LANCZOS + 2 * head + 1);
      const double *f = vec(h, PEL_ARTN_F), *fo = vec(h, PEL_ARTN_FSAVE);
      for (int i = 0; i < 3 * n; i++) yj[i] = fo[i] - f[i];
    }
    double sy = gdot(a, h, PEL_ARTN_LANCZOS + 2 * head, PEL_ARTN_LANCZOS + 2 * head + 1);
    if (sy > 0.0) {
      rho[head] = 1.0 / sy;
      head = (head + 1) % mem;
      if (stored < mem) stored++;
      trust = fmin(a->p.max_disp, 2.0 * trust);
    }
    if (a->below) return 0;
  }
  *converged = a->fmax < ftol;
  return 0;
}

/* Minimize from the current D (force known) to fmax < ftol: FIRE, then,
 * once the largest force is below lbfgs_switch * ftol (deep in the basin of
 * the minimum: the path taken no longer decides which minimum), L-BFGS. */
static int minimize_from(pel_artn *a, const pel_artn_host *h, double ftol, int maxsteps,
                         int *converged, pel_error *err)
{
  *converged = 0;
  const double fswitch = a->p.lbfgs_memory > 0 ? a->p.lbfgs_switch * ftol : ftol;
  const long c0 = a->calls;
  int rc = 0;
  if (a->fmax >= fswitch) {
    fire_reset(a, h);
    rc = fire_run(a, h, -1, maxsteps, fswitch, converged, err);
    if (rc || a->below) return rc;
  }
  if (a->p.lbfgs_memory > 0 && a->fmax >= ftol) {
    int left = maxsteps - (int)(a->calls - c0);
    if (left > 0) rc = lbfgs_run(a, h, ftol, left, converged, err);
  }
  if (!rc) *converged = a->fmax < ftol;
  return rc;
}

/* ---- Lanczos on the finite-difference Hessian ------------------------------
 * H q = -(f(x + h q) - f(x)) / h with f(x) the force already known at the
 * current point: one force call per product.  The eigenvector goes to EIGVEC;
 * on return the current point's force and energy are restored (no call). */
static int lanczos_run(pel_artn *a, const pel_artn_host *h, int start, double *lambda,
                       pel_error *err)
{
  const double hd = a->p.lanczos_disp;
  const double e_here = a->energy, f_here = a->fmax;
  const int kmax = a->p.lanczos_max;
  vcopy(h, PEL_ARTN_FSAVE, PEL_ARTN_F);
  for (int j = 0; j < kmax; j++) a->q[j] = vec(h, PEL_ARTN_LANCZOS + j);
  int n = nloc(h);
  pel_lanczos_state st = pel_lanczos_start(a->lz, 3 * (size_t)n, vec(h, start), a->q[0]);
  int rc = 0;
  while (st == PEL_LANCZOS_CONTINUE) {
    int k = pel_lanczos_size(a->lz) - 1;
    rc = pel_artn_eval(a, h, PEL_ARTN_LANCZOS + k, hd, err);
    a->lzcalls++;
    if (rc) break;
    n = nloc(h);
    const double *f = vec(h, PEL_ARTN_F), *f0 = vec(h, PEL_ARTN_FSAVE);
    double *w = vec(h, PEL_ARTN_WORK);
    for (int i = 0; i < 3 * n; i++) w[i] = -(f[i] - f0[i]) / hd;
    for (int j = 0; j < kmax; j++) a->q[j] = vec(h, PEL_ARTN_LANCZOS + j);
    st = pel_lanczos_step(a->lz, 3 * (size_t)n, a->q, w);
  }
  if (!rc && st == PEL_LANCZOS_ERROR) rc = 1; /* non-finite products */
  n = nloc(h);
  if (!rc) {
    for (int j = 0; j < kmax; j++) a->q[j] = vec(h, PEL_ARTN_LANCZOS + j);
    pel_lanczos_eigenvector(a->lz, 3 * (size_t)n, a->q, vec(h, PEL_ARTN_EIGVEC));
    *lambda = pel_lanczos_eigenvalue(a->lz);
  }
  vcopy(h, PEL_ARTN_F, PEL_ARTN_FSAVE);
  a->energy = e_here;
  a->fmax = f_here;
  return rc;
}

/* ---- geometry of a displacement ------------------------------------------- */

static void displacement_stats(pel_artn *a, const pel_artn_host *h, int which, double thresh,
                               double *norm, double *dmax, long *nmoved)
{
  int n = nloc(h);
  const double *d = vec(h, which);
  double loc[2] = {0.0, 0.0}, glob[2], m = 0.0;
  for (int i = 0; i < n; i++) {
    double s2 = d[3 * i] * d[3 * i] + d[3 * i + 1] * d[3 * i + 1] + d[3 * i + 2] * d[3 * i + 2];
    loc[0] += s2;
    if (s2 > thresh * thresh) loc[1] += 1.0;
    if (s2 > m) m = s2;
  }
  MPI_Allreduce(loc, glob, 2, MPI_DOUBLE, MPI_SUM, a->comm);
  if (norm) *norm = sqrt(glob[0]);
  if (nmoved) *nmoved = (long)glob[1];
  if (dmax) *dmax = sqrt(gmax(a, m));
}

static void restore_reference(const pel_artn_host *h)
{
  vcopy(h, PEL_ARTN_X, PEL_ARTN_X0);
}

/* ---- one attempt ---------------------------------------------------------- */

/* Project the rigid rotations about the centroid of X0 out of push vector
 * dst (free clusters only: X0 must not be wrapped). */
static void remove_rotation(pel_artn *a, const pel_artn_host *h, int dst)
{
  int n = nloc(h);
  const double *x0 = vec(h, PEL_ARTN_X0);
  double *p = vec(h, dst);
  double loc[4] = {0, 0, 0, 0}, c[4];
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < 3; k++) loc[k] += x0[3 * i + k];
    loc[3] += 1.0;
  }
  MPI_Allreduce(loc, c, 4, MPI_DOUBLE, MPI_SUM, a->comm);
  for (int k = 0; k < 3; k++) c[k] /= c[3];
  /* generators R_k(i) = e_k x r_i; Gram matrix G (6 unique) and R.p (3) */
  double s[9] = {0}, gs[9];
  for (int i = 0; i < n; i++) {
    double r[3] = {x0[3 * i] - c[0], x0[3 * i + 1] - c[1], x0[3 * i + 2] - c[2]};
    const double *pi = p + 3 * i;
    /* G = |r|^2 I - r r^T; R_k . p = (r x p)_k */
    double r2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
    s[0] += r2 - r[0] * r[0];
    s[1] += -r[0] * r[1];
    s[2] += -r[0] * r[2];
    s[3] += r2 - r[1] * r[1];
    s[4] += -r[1] * r[2];
    s[5] += r2 - r[2] * r[2];
    s[6] += r[1] * pi[2] - r[2] * pi[1];
    s[7] += r[2] * pi[0] - r[0] * pi[2];
    s[8] += r[0] * pi[1] - r[1] * pi[0];
  }
  MPI_Allreduce(s, gs, 9, MPI_DOUBLE, MPI_SUM, a->comm);
  double G[3][3] = {{gs[0], gs[1], gs[2]}, {gs[1], gs[3], gs[4]}, {gs[2], gs[4], gs[5]}};
  double b[3] = {gs[6], gs[7], gs[8]}, w[3];
  /* solve G w = b by Cramer's rule (G is the inertia tensor, SPD) */
  double det = G[0][0] * (G[1][1] * G[2][2] - G[1][2] * G[2][1]) -
               G[0][1] * (G[1][0] * G[2][2] - G[1][2] * G[2][0]) +
               G[0][2] * (G[1][0] * G[2][1] - G[1][1] * G[2][0]);
  if (!(fabs(det) > 0.0)) return;
  for (int k = 0; k < 3; k++) {
    double M[3][3];
    memcpy(M, G, sizeof M);
    for (int r = 0; r < 3; r++) M[r][k] = b[r];
    w[k] = (M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) -
            M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
            M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0])) /
           det;
  }
  /* p -= w x r */
  for (int i = 0; i < n; i++) {
    double r[3] = {x0[3 * i] - c[0], x0[3 * i + 1] - c[1], x0[3 * i + 2] - c[2]};
    p[3 * i] -= w[1] * r[2] - w[2] * r[1];
    p[3 * i + 1] -= w[2] * r[0] - w[0] * r[2];
    p[3 * i + 2] -= w[0] * r[1] - w[1] * r[0];
  }
}

static int in_cluster(const pel_artn_host *h, const double *x, const double *c, double r2)
{
  double dx[3] = {x[0] - c[0], x[1] - c[1], x[2] - c[2]};
  if (h->minimum_image) h->minimum_image(h->user, dx);
  return dx[0] * dx[0] + dx[1] * dx[1] + dx[2] * dx[2] <= r2;
}

/* A push direction (unit norm) into vector dst, nonzero on the movable atoms
 * within cluster_radius of the center (at X0): a Gaussian random vector when
 * src < 0 (net translation of the system removed when no atom is frozen, as
 * configured), else those atoms' part of vector src less its mean over them
 * (a deformation of the cluster, not a drift of it); the rotation removed as
 * configured.  Returns the number of movable atoms in the cluster (global), 0
 * when there is none or the direction is zero, -1 when the center does not
 * exist. */
static long make_push(pel_artn *a, const pel_artn_host *h, uint64_t seed, int64_t center,
                      long attempt, int src, int dst)
{
  int n = nloc(h);
  const double *x0 = vec(h, PEL_ARTN_X0);
  const int *m = maskp(h);
  double loc[4] = {0, 0, 0, 0}, c[4];
  for (int i = 0; i < n; i++)
    if (h->id(h->user, i) == center) {
      for (int k = 0; k < 3; k++) loc[k] += x0[3 * i + k];
      loc[3] += 1.0;
    }
  MPI_Allreduce(loc, c, 4, MPI_DOUBLE, MPI_SUM, a->comm);
  if (c[3] != 1.0) return -1;
  double *p = vec(h, dst);
  const double *from = src >= 0 ? vec(h, src) : NULL;
  const double r2 = a->p.cluster_radius * a->p.cluster_radius;
  /* atoms: in the cluster, movable, frozen; then the sum of p over the
   * cluster (used for a direction taken from src) */
  double cnt[6] = {0, 0, 0, 0, 0, 0}, g[6];
  for (int i = 0; i < n; i++) {
    int movable = !m || m[i];
    if (movable && in_cluster(h, x0 + 3 * i, c, r2)) {
      int64_t id = h->id(h->user, i);
      for (int k = 0; k < 3; k++) {
        p[3 * i + k] = from ? from[3 * i + k] : pel_rng_normal(seed, center, attempt, id, k);
        cnt[3 + k] += p[3 * i + k];
      }
      cnt[0] += 1.0;
    } else {
      p[3 * i] = p[3 * i + 1] = p[3 * i + 2] = 0.0;
    }
    if (movable)
      cnt[1] += 1.0;
    else
      cnt[2] += 1.0;
  }
  MPI_Allreduce(cnt, g, 6, MPI_DOUBLE, MPI_SUM, a->comm);
  if (g[0] < 1.0) return 0;
  if (from) {
    for (int i = 0; i < n; i++)
      if ((!m || m[i]) && in_cluster(h, x0 + 3 * i, c, r2))
        for (int k = 0; k < 3; k++) p[3 * i + k] -= g[3 + k] / g[0];
  } else if (a->p.remove_translation && g[2] == 0.0 && g[1] > 1.0) {
    double s[3] = {0, 0, 0}, sg[3];
    for (int i = 0; i < n; i++)
      for (int k = 0; k < 3; k++) s[k] += p[3 * i + k];
    MPI_Allreduce(s, sg, 3, MPI_DOUBLE, MPI_SUM, a->comm);
    for (int i = 0; i < n; i++)
      for (int k = 0; k < 3; k++) p[3 * i + k] -= sg[k] / g[1];
  }
  if (a->p.remove_rotation && g[2] == 0.0 && g[1] > 2.0) remove_rotation(a, h, dst);
  double nrm = sqrt(gdot(a, h, dst, dst));
  if (!(nrm > 0.0)) return 0;
  vscale(h, dst, 1.0 / nrm);
  return (long)g[0];
}

/* eval-style return code to the result: 1 = blow-up */
#define PEL_TRY(expr)                                                                              \
  do {                                                                                             \
    int rc_ = (expr);                                                                              \
    if (rc_ < 0) goto host_failure;                                                                \
    if (rc_ > 0) {                                                                                 \
      r->status = PEL_ARTN_FAIL_FORCE_BLOWUP;                                                      \
      goto finish;                                                                                 \
    }                                                                                              \
  } while (0)

/* One side of a saddle: from the saddle (DSADDLE) push by s * push_over
 * along the eigenvector, then steepest descent and minimization to
 * relax_ftol.  A side that ends as low as the initial minimum but not on it
 * is relaxed tighter before it is judged: in a glass a soft mode leaves the
 * minimization short of the minimum at relax_ftol.  Returns the eval code;
 * *conv tells whether the first minimization converged, *energy and *dmax
 * (largest per-atom distance from X0) describe the end point.  With
 * `elsewhere` (the backward side) the relaxation stops as soon as the
 * energy is reject_margin below the initial minimum's: every point of the
 * initial minimum's basin of attraction lies above it, so the side cannot
 * come home; *elsewhere is then 1 and nothing else is set. */
static int relax_side(pel_artn *a, const pel_artn_host *h, double s, double e_initial, int *conv,
                      double *energy, double *dmax, int *elsewhere, pel_error *err)
{
  const pel_artn_params *p = &a->p;
  vcopy(h, PEL_ARTN_D, PEL_ARTN_DSADDLE);
  vaxpy(h, PEL_ARTN_D, s * p->push_over, PEL_ARTN_EIGVEC);
  if (elsewhere) {
    *elsewhere = 0;
    if (p->reject_margin > 0.0) a->e_floor = e_initial - p->reject_margin;
  }
  a->below = 0;
  int rc = pel_artn_eval(a, h, -1, 0.0, err);
  if (!rc && !a->below) rc = descent_run(a, h, p->descent_steps, p->descent_step, p->relax_ftol, err);
  if (!rc && !a->below) rc = minimize_from(a, h, p->relax_ftol, p->max_relax_steps, conv, err);
  a->e_floor = -INFINITY;
  if (a->below) {
    a->below = 0;
    if (elsewhere) *elsewhere = 1;
    return rc;
  }
  if (rc || !*conv) return rc;
  *energy = a->energy;
  displacement_stats(a, h, PEL_ARTN_D, p->moved_dist, NULL, dmax, NULL);
  if (*dmax > p->connect_dist && fabs(*energy - e_initial) < p->trivial_barrier) {
    int tight = 0;
    rc = minimize_from(a, h, 0.1 * p->relax_ftol, p->max_relax_steps, &tight, err);
    if (rc) return rc;
    *energy = a->energy;
    displacement_stats(a, h, PEL_ARTN_D, p->moved_dist, NULL, dmax, NULL);
  }
  return 0;
}

pel_status pel_artn_event(pel_artn *a, const pel_artn_host *h, uint64_t seed, int64_t center,
                          long attempt, double e_initial, pel_artn_result *r, pel_error *err)
{
  const pel_artn_params *p = &a->p;
  memset(r, 0, sizeof *r);
  r->center = center;
  r->attempt = attempt;
  r->e_saddle = r->barrier = r->e_final = r->asymmetry = NAN;
  r->eigenvalue = NAN;
  a->calls = a->lzcalls = 0;
  a->have_final = 0;

  vcopy(h, PEL_ARTN_X0, PEL_ARTN_X);
  vzero(h, PEL_ARTN_D);
  vzero(h, PEL_ARTN_EIGVEC);
  if (isnan(e_initial)) {
    PEL_TRY(pel_artn_eval(a, h, -1, 0.0, err));
    e_initial = a->energy;
  }
  r->e_initial = e_initial;

  long ncl = make_push(a, h, seed, center, attempt, -1, PEL_ARTN_PUSH);
  if (ncl < 0) {
    restore_reference(h);
    return pel_error_set(err, PEL_EINVAL, "fix artn: center atom %lld does not exist",
                         (long long)center);
  }
  if (ncl == 0) {
    restore_reference(h);
    return pel_error_set(err, PEL_EINVAL,
                         "fix artn: no movable atom within cluster_radius of center atom %lld",
                         (long long)center);
  }

  /* ---- basin ---- */
  double lambda = NAN;
  int have_eig = 0, left = 0, step = 0, reentries = 0;
  vaxpy(h, PEL_ARTN_D, p->push_init, PEL_ARTN_PUSH);
  PEL_TRY(pel_artn_eval(a, h, -1, 0.0, err));
basin:
  left = 0;
  fire_reset(a, h);
  while (++step <= p->max_basin_steps) {
    r->basin_steps = step;
    PEL_TRY(fire_run(a, h, PEL_ARTN_PUSH, p->basin_relax_steps, p->ftol, NULL, err));
    if (step >= p->basin_lanczos_after) {
      /* in the basin the question is only whether lambda < eig_threshold */
      pel_lanczos_set_stop_below(a->lz, p->basin_stop_early ? p->eig_threshold : NAN);
      int rc = lanczos_run(a, h, have_eig ? PEL_ARTN_EIGVEC : PEL_ARTN_PUSH, &lambda, err);
      pel_lanczos_set_stop_below(a->lz, NAN);
      PEL_TRY(rc);
      r->lanczos_runs++;
      have_eig = 1;
      if (lambda < p->eig_threshold) {
        left = 1;
        break;
      }
    }
    if (step == p->max_basin_steps) break;
    /* push_follow: the next increment along the cluster's displacement as
     * the perpendicular relaxation has bent it (a fixed random direction
     * compresses the cluster along a stiff direction, electronvolts up) */
    if (p->push_follow && make_push(a, h, seed, center, attempt, PEL_ARTN_D, PEL_ARTN_WORK) > 0)
      vcopy(h, PEL_ARTN_PUSH, PEL_ARTN_WORK);
    vaxpy(h, PEL_ARTN_D, p->push_step, PEL_ARTN_PUSH);
    PEL_TRY(pel_artn_eval(a, h, -1, 0.0, err));
  }
  r->eigenvalue = lambda;
  if (!left) {
    r->status = PEL_ARTN_FAIL_BASIN;
    goto finish;
  }

  /* ---- activation ---- */
  {
    int lost = 0, converged = 0;
    double lam_step = lambda; /* curvature used for the Newton step */
    fire_reset(a, h);
    for (int it = 1; it <= p->max_activation_steps; it++) {
      r->activation_steps = it;
      int capped = 0;
      double perp_stop = p->ftol;
      for (int j = 0; j < p->activation_relax_steps && a->fmax >= p->ftol; j++) {
        double t = 0.0;
        if (j == 0 || !capped) {
          double fpar = gdot(a, h, PEL_ARTN_F, PEL_ARTN_EIGVEC);
          /* relax perpendicular no further than the climb needs: on the way
           * up, a fully relaxed hyperplane slides back into the basin */
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
        /* after a full (capped) step: relax perpendicular only, until the
         * perpendicular force is below ftol */
        double g = fire_move(a, h, PEL_ARTN_EIGVEC, t, t == 0.0 ? perp_stop : 0.0);
        if (t == 0.0 && g < perp_stop) break;
        PEL_TRY(pel_artn_eval(a, h, -1, 0.0, err));
      }
      /* a refresh of a warm start: capped basis (a positive result is
       * re-checked with the full one below) */
      pel_lanczos_set_max_size(a->lz, p->lanczos_refresh);
      int rc = lanczos_run(a, h, PEL_ARTN_EIGVEC, &lambda, err);
      pel_lanczos_set_max_size(a->lz, p->lanczos_max);
      PEL_TRY(rc);
      r->lanczos_runs++;
      r->eigenvalue = lambda;
      if (lambda >= 0.0) {
        /* a warm-started run stopped by a small change can miss the negative
         * mode: check once with a full basis from the previous mode */
        vcopy(h, PEL_ARTN_EIGVEC, PEL_ARTN_LANCZOS);
        vcopy(h, PEL_ARTN_WORK, PEL_ARTN_LANCZOS);
        pel_lanczos_set_min_size(a->lz, p->lanczos_max);
        int rc = lanczos_run(a, h, PEL_ARTN_WORK, &lambda, err);
        pel_lanczos_set_min_size(a->lz, 2);
        PEL_TRY(rc);
        r->lanczos_runs++;
        r->eigenvalue = lambda;
      }
      if (lambda >= 0.0) {
        /* keep following the last negative mode (the start vector Q[0]) */
        if (++lost > p->max_lost) {
          r->status = PEL_ARTN_FAIL_EIGENVALUE_LOST;
          if (reentries < p->max_reentry && step < p->max_basin_steps) {
            /* the negative mode was an artefact of a point off the valley
             * floor: back to the basin, pushing on from here */
            r->reentries = ++reentries;
            r->status = PEL_ARTN_SADDLE;
            vaxpy(h, PEL_ARTN_D, p->push_step, PEL_ARTN_PUSH);
            PEL_TRY(pel_artn_eval(a, h, -1, 0.0, err));
            goto basin;
          }
          goto finish;
        }
        vcopy(h, PEL_ARTN_EIGVEC, PEL_ARTN_LANCZOS);
        continue;
      }
      lost = 0;
      lam_step = lambda;
      if (a->fmax < p->ftol) {
        converged = 1;
        break;
      }
    }
    if (!converged) {
      r->status = PEL_ARTN_FAIL_ACTIVATION;
      goto finish;
    }
  }

  /* ---- saddle ---- */
  r->force_calls_saddle = a->calls;
  r->e_saddle = a->energy;
  r->barrier = r->e_saddle - r->e_initial;
  r->fmax = a->fmax;
  displacement_stats(a, h, PEL_ARTN_D, p->moved_dist, &r->dr_saddle, &r->dmax_saddle,
                     &r->natoms_moved);
  vcopy(h, PEL_ARTN_DSADDLE, PEL_ARTN_D);
  r->status = PEL_ARTN_SADDLE;
  /* a saddle reject_margin below the initial energy cannot border the
   * initial minimum's basin of attraction (no point of it is lower): the
   * test of the backward relaxation (relax_side), applied at its start */
  if (p->connect && p->reject_margin > 0.0 && r->barrier < -p->reject_margin) {
    r->status = PEL_ARTN_FAIL_CONNECT;
    goto finish;
  }
  /* a saddle at the initial energy, or one at which no atom moved, is no
   * event: say so, and spend no relaxation on it */
  r->trivial = fabs(r->barrier) < p->trivial_barrier || r->natoms_moved == 0;
  if (r->trivial) {
    r->status = PEL_ARTN_TRIVIAL;
    goto finish;
  }

  if (p->relax) {
    /* the descent from a saddle can branch on a small error of the mode:
     * refine it with a full Lanczos basis first */
    {
      double lam_fine = lambda;
      vcopy(h, PEL_ARTN_WORK, PEL_ARTN_EIGVEC);
      pel_lanczos_set_min_size(a->lz, p->lanczos_max);
      int rc = lanczos_run(a, h, PEL_ARTN_WORK, &lam_fine, err);
      pel_lanczos_set_min_size(a->lz, 2);
      PEL_TRY(rc);
      r->lanczos_runs++;
      r->eigenvalue = lam_fine;
      /* not a first-order saddle after all, or one whose negative
       * curvature is below what Lanczos resolves (a flat ridge, where the
       * descent to either side is a coin toss) */
      if (!(lam_fine < -p->lanczos_tol * fabs(p->eig_threshold))) {
        r->status = PEL_ARTN_FAIL_EIGENVALUE_LOST;
        goto finish;
      }
    }
    /* forward: away from the initial minimum */
    double sgn = gdot(a, h, PEL_ARTN_EIGVEC, PEL_ARTN_DSADDLE) >= 0.0 ? 1.0 : -1.0;
    int conv = 0;
    if (p->connect) {
      /* the backward side first: a saddle whose backward side (against its
       * displacement from the initial minimum) does not come home does not
       * touch the initial minimum, and is rejected without paying for the
       * forward relaxation */
      double e_bwd = 0.0, d_bwd = 0.0;
      int elsewhere = 0;
      PEL_TRY(relax_side(a, h, -sgn, r->e_initial, &conv, &e_bwd, &d_bwd, &elsewhere, err));
      if (elsewhere) {
        r->status = PEL_ARTN_FAIL_CONNECT;
        goto finish;
      }
      if (!conv) {
        r->status = PEL_ARTN_FAIL_RELAX;
        goto finish;
      }
      if (d_bwd > p->connect_dist) {
        r->status = PEL_ARTN_FAIL_CONNECT;
        goto finish;
      }
    }
    double e_fwd = 0.0, d_fwd = 0.0;
    PEL_TRY(relax_side(a, h, sgn, r->e_initial, &conv, &e_fwd, &d_fwd, NULL, err));
    if (!conv) {
      r->status = PEL_ARTN_FAIL_RELAX;
      goto finish;
    }
    vcopy(h, PEL_ARTN_DFINAL, PEL_ARTN_D);
    r->e_final = e_fwd;
    r->dmax_final = d_fwd;
    /* both sides home: the saddle links the initial minimum to itself */
    if (p->connect && d_fwd <= p->connect_dist) r->status = PEL_ARTN_FAIL_CONNECT;
    r->asymmetry = r->e_final - r->e_initial;
    a->have_final = r->status == PEL_ARTN_SADDLE;
  }

finish:
  if (r->status != PEL_ARTN_SADDLE && r->status != PEL_ARTN_FAIL_CONNECT &&
      r->status != PEL_ARTN_FAIL_RELAX)
    r->fmax = a->fmax;
  r->force_calls = a->calls;
  r->force_calls_lanczos = a->lzcalls;
  restore_reference(h);
  return PEL_OK;

host_failure:
  r->force_calls = a->calls;
  r->force_calls_lanczos = a->lzcalls;
  restore_reference(h);
  return err && err->code != PEL_OK ? err->code : PEL_EFAIL;
}

void pel_artn_goto_final(pel_artn *a, const pel_artn_host *h)
{
  if (!a->have_final) return;
  int n = nloc(h);
  double *x = vec(h, PEL_ARTN_X);
  const double *x0 = vec(h, PEL_ARTN_X0), *d = vec(h, PEL_ARTN_DFINAL);
  for (int i = 0; i < 3 * n; i++) x[i] = x0[i] + d[i];
}

pel_status pel_artn_minimize(pel_artn *a, const pel_artn_host *h, double ftol, int maxsteps,
                             double *energy, double *fmax, double *dmax, long *calls,
                             pel_error *err)
{
  a->calls = 0;
  vcopy(h, PEL_ARTN_X0, PEL_ARTN_X);
  vzero(h, PEL_ARTN_D);
  int conv = 0;
  int rc = pel_artn_eval(a, h, -1, 0.0, err);
  if (!rc) rc = minimize_from(a, h, ftol, maxsteps, &conv, err);
  if (!rc) {
    /* leave x exactly at the last evaluated point */
    int n = nloc(h);
    double *x = vec(h, PEL_ARTN_X);
    const double *x0 = vec(h, PEL_ARTN_X0), *d = vec(h, PEL_ARTN_D);
    for (int i = 0; i < 3 * n; i++) x[i] = x0[i] + d[i];
  }
  if (energy) *energy = a->energy;
  if (fmax) *fmax = a->fmax;
  if (dmax) displacement_stats(a, h, PEL_ARTN_D, 1.0, NULL, dmax, NULL);
  if (calls) *calls = a->calls;
  if (rc < 0) return err && err->code != PEL_OK ? err->code : PEL_EFAIL;
  if (rc > 0) return pel_error_set(err, PEL_ERANGE, "fix artn: force blow-up during minimization");
  if (!conv)
    return pel_error_set(err, PEL_ENOCONV,
                         "fix artn: minimization did not reach force %g in %d steps (now %g)", ftol,
                         maxsteps, a->fmax);
  return PEL_OK;
}
