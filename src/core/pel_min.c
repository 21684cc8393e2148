/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pel_min.h"

#include <math.h>

/* FIRE constants (Bitzek et al., PRL 97, 170201 (2006)) */
#define FIRE_NMIN 5
#define FIRE_FINC 1.1
#define FIRE_FDEC 0.5
#define FIRE_ALPHA0 0.1
#define FIRE_FALPHA 0.99

void pel_min_init(pel_min *m, const pel_min_params *p, pel_point *pt)
{
  memset(m, 0, sizeof *m);
  m->p = *p;
  m->pt = pt;
  m->dt = p->fire_dt;
  m->alpha = FIRE_ALPHA0;
}

void pel_fire_reset(pel_min *m)
{
  m->dt = m->p.fire_dt;
  m->alpha = FIRE_ALPHA0;
  m->npos = 0;
  pel_vzero(m->pt, PEL_ARTN_VEL);
}

double pel_fire_move(pel_min *m, int perp, double t, double stop)
{
  const pel_point *pt = m->pt;
  const int n = pel_nlocal(pt);
  double *f = pel_vec(pt, PEL_ARTN_F), *v = pel_vec(pt, PEL_ARTN_VEL), *d = pel_vec(pt, PEL_ARTN_D);
  const double *u = perp >= 0 ? pel_vec(pt, perp) : NULL;
  double fu = 0.0, vu = 0.0;
  if (u) {
    double loc[2] = {0.0, 0.0}, glob[2];
    for (int i = 0; i < 3 * n; i++) {
      loc[0] += f[i] * u[i];
      loc[1] += v[i] * u[i];
    }
    MPI_Allreduce(loc, glob, 2, MPI_DOUBLE, MPI_SUM, pt->comm);
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
  MPI_Allreduce(loc, glob, 3, MPI_DOUBLE, MPI_SUM, pt->comm);
  gm = sqrt(pel_gmax(pt, gm));
  if (gm < stop && t == 0.0) return gm;
  double gnorm = sqrt(glob[0]), power = glob[1], vnorm = sqrt(glob[2]);
  double mix = 0.0, keep = 1.0;
  if (power > 0.0) {
    if (gnorm > 0.0) {
      keep = 1.0 - m->alpha;
      mix = m->alpha * vnorm / gnorm;
    }
    if (++m->npos > FIRE_NMIN) {
      m->dt = fmin(m->dt * FIRE_FINC, m->p.fire_dtmax);
      m->alpha *= FIRE_FALPHA;
    }
  } else {
    keep = 0.0;
    m->dt *= FIRE_FDEC;
    m->alpha = FIRE_ALPHA0;
    m->npos = 0;
  }
  const double dt = gm < stop ? 0.0 : m->dt;
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
  mv = dt * sqrt(pel_gmax(pt, mv));
  double scale = mv > m->p.max_disp ? m->p.max_disp / mv : 1.0;
  for (int k = 0; k < 3 * n; k++) d[k] += scale * dt * v[k] + (u ? t * u[k] : 0.0);
  return gm;
}

pel_eval_code pel_fire_run(pel_min *m, int perp, int nsteps, double stop, int *done,
                           pel_error *err)
{
  if (done) *done = 0;
  for (int s = 0; s < nsteps; s++) {
    double g = pel_fire_move(m, perp, 0.0, stop);
    if (g < stop) {
      if (done) *done = 1;
      return PEL_EVAL_OK;
    }
    pel_eval_code rc = pel_point_eval(m->pt, -1, 0.0, err);
    if (rc != PEL_EVAL_OK) return rc;
  }
  if (done) *done = perp < 0 ? m->pt->fmax < stop : 0;
  return PEL_EVAL_OK;
}

pel_eval_code pel_descent_run(pel_min *m, int nsteps, double step, double ftol, pel_error *err)
{
  pel_point *pt = m->pt;
  for (int s = 0; s < nsteps && pt->fmax >= ftol; s++) {
    pel_vaxpy(pt, PEL_ARTN_D, step / pt->fmax, PEL_ARTN_F);
    pel_eval_code rc = pel_point_eval(pt, -1, 0.0, err);
    if (rc != PEL_EVAL_OK) return rc;
  }
  return PEL_EVAL_OK;
}

/* pair j of the L-BFGS memory: s in slot 2j, y in 2j + 1 */
#define LB_S(j) (PEL_ARTN_LANCZOS + 2 * (j))
#define LB_Y(j) (PEL_ARTN_LANCZOS + 2 * (j) + 1)

/* d = H f by the two-loop recursion over the stored pairs (f = -gradient),
 * into WORK; the first step (no pair) is steepest descent with the largest
 * move min(trust, descent_step) */
static void lbfgs_direction(pel_min *m, const double *rho, int stored, int head, double trust)
{
  const pel_point *pt = m->pt;
  const int mem = m->p.lbfgs_memory, n = pel_nlocal(pt);
  double al[PEL_ARTN_LBFGS_MAX];
  double *d = pel_vec(pt, PEL_ARTN_WORK);
  memcpy(d, pel_vec(pt, PEL_ARTN_F), sizeof(double) * 3 * (size_t)n);
  for (int k = 0; k < stored; k++) {
    int j = (head - 1 - k + mem) % mem;
    const double *sj = pel_vec(pt, LB_S(j)), *yj = pel_vec(pt, LB_Y(j));
    double loc = 0.0;
    for (int i = 0; i < 3 * n; i++) loc += sj[i] * d[i];
    al[j] = rho[j] * pel_gsum(pt, loc);
    for (int i = 0; i < 3 * n; i++) d[i] -= al[j] * yj[i];
  }
  double scale;
  if (stored > 0) {
    int j = (head - 1 + mem) % mem;
    double yy = pel_vdot(pt, LB_Y(j), LB_Y(j));
    scale = yy > 0.0 ? 1.0 / (rho[j] * yy) : 1.0;
  } else {
    scale = fmin(trust, m->p.descent_step) / pt->fmax;
  }
  for (int i = 0; i < 3 * n; i++) d[i] *= scale;
  for (int k = stored - 1; k >= 0; k--) {
    int j = (head - 1 - k + mem) % mem;
    const double *sj = pel_vec(pt, LB_S(j)), *yj = pel_vec(pt, LB_Y(j));
    double loc = 0.0;
    for (int i = 0; i < 3 * n; i++) loc += yj[i] * d[i];
    double b = rho[j] * pel_gsum(pt, loc);
    for (int i = 0; i < 3 * n; i++) d[i] += (al[j] - b) * sj[i];
  }
}

pel_eval_code pel_lbfgs_run(pel_min *m, double ftol, int maxsteps, int *converged,
                            pel_error *err)
{
  pel_point *pt = m->pt;
  const int mem = m->p.lbfgs_memory;
  double rho[PEL_ARTN_LBFGS_MAX];
  int stored = 0, head = 0; /* pairs in use; next slot */
  double trust = m->p.max_disp;
  *converged = 0;
  for (int it = 0; it < maxsteps; it++) {
    if (pt->fmax < ftol) {
      *converged = 1;
      return PEL_EVAL_OK;
    }
    lbfgs_direction(m, rho, stored, head, trust);
    int n = pel_nlocal(pt);
    double *d = pel_vec(pt, PEL_ARTN_WORK);
    /* downhill?  otherwise restart from steepest descent */
    if (!(pel_vdot(pt, PEL_ARTN_F, PEL_ARTN_WORK) > 0.0)) {
      stored = 0;
      const double c = fmin(trust, m->p.descent_step) / pt->fmax;
      const double *f = pel_vec(pt, PEL_ARTN_F);
      for (int i = 0; i < 3 * n; i++) d[i] = c * f[i];
    }
    double dm = 0.0;
    for (int i = 0; i < n; i++) {
      double s2 = d[3 * i] * d[3 * i] + d[3 * i + 1] * d[3 * i + 1] + d[3 * i + 2] * d[3 * i + 2];
      if (s2 > dm) dm = s2;
    }
    dm = sqrt(pel_gmax(pt, dm));
    const double c = dm > trust ? trust / dm : 1.0;
    /* step into slot head: s = c d; FSAVE = force before the step */
    {
      double *sj = pel_vec(pt, LB_S(head)), *dd = pel_vec(pt, PEL_ARTN_D);
      for (int i = 0; i < 3 * n; i++) {
        sj[i] = c * d[i];
        dd[i] += sj[i];
      }
    }
    pel_vcopy(pt, PEL_ARTN_FSAVE, PEL_ARTN_F);
    const double e_old = pt->energy, f_old = pt->fmax;
    pel_eval_code rc = pel_point_eval(pt, -1, 0.0, err);
    if (rc != PEL_EVAL_OK) return rc;
    n = pel_nlocal(pt);
    /* the tolerance keeps the decision independent of the order of the
     * host's energy sum (rounding), hence of the decomposition */
    if (pt->energy > e_old + 1e-10 * fabs(e_old)) {
      /* uphill: undo the step, forget the curvature, shrink the trust */
      pel_vaxpy(pt, PEL_ARTN_D, -1.0, LB_S(head));
      pel_vcopy(pt, PEL_ARTN_F, PEL_ARTN_FSAVE);
      pt->energy = e_old;
      pt->fmax = f_old;
      stored = 0;
      trust *= 0.5;
      if (trust < 1e-6 * m->p.max_disp) return PEL_EVAL_OK; /* stuck: not converged */
      continue;
    }
    /* y = g_new - g_old = F_old - F_new */
    {
      double *yj = pel_vec(pt, LB_Y(head));
      const double *f = pel_vec(pt, PEL_ARTN_F), *fo = pel_vec(pt, PEL_ARTN_FSAVE);
      for (int i = 0; i < 3 * n; i++) yj[i] = fo[i] - f[i];
    }
    double sy = pel_vdot(pt, LB_S(head), LB_Y(head));
    if (sy > 0.0) {
      rho[head] = 1.0 / sy;
      head = (head + 1) % mem;
      if (stored < mem) stored++;
      trust = fmin(m->p.max_disp, 2.0 * trust);
    }
  }
  *converged = pt->fmax < ftol;
  return PEL_EVAL_OK;
}

pel_eval_code pel_minimize_from(pel_min *m, double ftol, int maxsteps, int *converged,
                                pel_error *err)
{
  pel_point *pt = m->pt;
  *converged = 0;
  const double fswitch = m->p.lbfgs_memory > 0 ? m->p.lbfgs_switch * ftol : ftol;
  const long c0 = pt->calls;
  pel_eval_code rc = PEL_EVAL_OK;
  if (pt->fmax >= fswitch) {
    pel_fire_reset(m);
    rc = pel_fire_run(m, -1, maxsteps, fswitch, converged, err);
    if (rc != PEL_EVAL_OK) return rc;
  }
  if (m->p.lbfgs_memory > 0 && pt->fmax >= ftol) {
    int left = maxsteps - (int)(pt->calls - c0);
    if (left > 0) rc = pel_lbfgs_run(m, ftol, left, converged, err);
  }
  if (rc == PEL_EVAL_OK) *converged = pt->fmax < ftol;
  return rc;
}
