/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pel_point.h"

#include <math.h>

void pel_point_init(pel_point *pt, const pel_artn_host *h, MPI_Comm comm, double force_blowup)
{
  memset(pt, 0, sizeof *pt);
  pt->h = h;
  pt->comm = comm;
  pt->force_blowup = force_blowup;
  pt->e_floor = -INFINITY;
}

double pel_gsum(const pel_point *pt, double x)
{
  double g = 0.0;
  MPI_Allreduce(&x, &g, 1, MPI_DOUBLE, MPI_SUM, pt->comm);
  return g;
}

double pel_gmax(const pel_point *pt, double x)
{
  double g = 0.0;
  MPI_Allreduce(&x, &g, 1, MPI_DOUBLE, MPI_MAX, pt->comm);
  return g;
}

double pel_vdot(const pel_point *pt, int wa, int wb)
{
  const int n3 = 3 * pel_nlocal(pt);
  const double *u = pel_vec(pt, wa), *v = pel_vec(pt, wb);
  double s = 0.0;
  for (int i = 0; i < n3; i++) s += u[i] * v[i];
  return pel_gsum(pt, s);
}

void pel_vcopy(const pel_point *pt, int dst, int src)
{
  memcpy(pel_vec(pt, dst), pel_vec(pt, src), sizeof(double) * 3 * (size_t)pel_nlocal(pt));
}

void pel_vzero(const pel_point *pt, int dst)
{
  memset(pel_vec(pt, dst), 0, sizeof(double) * 3 * (size_t)pel_nlocal(pt));
}

void pel_vaxpy(const pel_point *pt, int y, double s, int x)
{
  const int n3 = 3 * pel_nlocal(pt);
  double *yy = pel_vec(pt, y);
  const double *xx = pel_vec(pt, x);
  for (int i = 0; i < n3; i++) yy[i] += s * xx[i];
}

void pel_vscale(const pel_point *pt, int y, double s)
{
  const int n3 = 3 * pel_nlocal(pt);
  double *yy = pel_vec(pt, y);
  for (int i = 0; i < n3; i++) yy[i] *= s;
}

void pel_point_place(const pel_point *pt, int which)
{
  const int n3 = 3 * pel_nlocal(pt);
  double *x = pel_vec(pt, PEL_ARTN_X);
  const double *x0 = pel_vec(pt, PEL_ARTN_X0), *d = pel_vec(pt, which);
  for (int i = 0; i < n3; i++) x[i] = x0[i] + d[i];
}

pel_eval_code pel_point_eval(pel_point *pt, int extra, double s, pel_error *err)
{
  int n = pel_nlocal(pt);
  if (extra >= 0) {
    double *x = pel_vec(pt, PEL_ARTN_X);
    const double *x0 = pel_vec(pt, PEL_ARTN_X0), *d = pel_vec(pt, PEL_ARTN_D);
    const double *e = pel_vec(pt, extra);
    for (int i = 0; i < 3 * n; i++) x[i] = x0[i] + (d[i] + s * e[i]);
  } else {
    pel_point_place(pt, PEL_ARTN_D);
  }
  double e = 0.0;
  pt->calls++;
  if (pt->h->energy_force(pt->h->user, &e) != 0) {
    pel_error_set(err, PEL_EFAIL, "the host's energy/force evaluation failed");
    return PEL_EVAL_HOST;
  }
  /* atoms may have migrated: fetch everything again */
  n = pel_nlocal(pt);
  double *f = pel_vec(pt, PEL_ARTN_F);
  const int *m = pel_mask(pt);
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
  MPI_Allreduce(loc, glob, 2, MPI_DOUBLE, MPI_MAX, pt->comm);
  pt->energy = e;
  pt->fmax = sqrt(glob[0]);
  if (glob[1] > 0.0 || !(pt->fmax <= pt->force_blowup)) return PEL_EVAL_BLOWUP;
  if (e < pt->e_floor) return PEL_EVAL_BELOW;
  return PEL_EVAL_OK;
}

void pel_point_displacement(const pel_point *pt, int which, double thresh, double *norm,
                            double *dmax, long *nmoved)
{
  const int n = pel_nlocal(pt);
  const double *d = pel_vec(pt, which);
  double loc[2] = {0.0, 0.0}, glob[2], m = 0.0;
  for (int i = 0; i < n; i++) {
    double s2 = d[3 * i] * d[3 * i] + d[3 * i + 1] * d[3 * i + 1] + d[3 * i + 2] * d[3 * i + 2];
    loc[0] += s2;
    if (s2 > thresh * thresh) loc[1] += 1.0;
    if (s2 > m) m = s2;
  }
  MPI_Allreduce(loc, glob, 2, MPI_DOUBLE, MPI_SUM, pt->comm);
  if (norm) *norm = sqrt(glob[0]);
  if (nmoved) *nmoved = (long)glob[1];
  if (dmax) *dmax = sqrt(pel_gmax(pt, m));
}

/* v -= (u . v) u for unit u (global dot product) */
static void project_out(const pel_point *pt, double *v, const double *u, int n3)
{
  double s = 0.0;
  for (int i = 0; i < n3; i++) s += u[i] * v[i];
  s = pel_gsum(pt, s);
  for (int i = 0; i < n3; i++) v[i] -= s * u[i];
}

/* v less its mean over the atoms (the uniform translations projected out);
 * natoms is the global number of atoms */
static void remove_mean(const pel_point *pt, double *v, int n, double natoms)
{
  double loc[3] = {0.0, 0.0, 0.0}, glob[3];
  for (int i = 0; i < n; i++)
    for (int c = 0; c < 3; c++) loc[c] += v[3 * i + c];
  MPI_Allreduce(loc, glob, 3, MPI_DOUBLE, MPI_SUM, pt->comm);
  for (int i = 0; i < n; i++)
    for (int c = 0; c < 3; c++) v[3 * i + c] -= glob[c] / natoms;
}

/* the deflations of a run: the uniform translations (when natoms > 0), then
 * the vector `deflate` (when >= 0) */
static void deflate_all(const pel_point *pt, double *v, int n, int deflate, double natoms)
{
  if (natoms > 0.0) remove_mean(pt, v, n, natoms);
  if (deflate >= 0) project_out(pt, v, pel_vec(pt, deflate), 3 * n);
}

pel_eval_code pel_point_lowest_mode(pel_point *pt, pel_lanczos *lz, double **q, int kmax,
                                    double hd, int start, int deflate, int out, double *lambda,
                                    pel_error *err)
{
  /* with deflation, and every atom movable, the uniform translations (zero
   * modes of a free or periodic system) are left out as well */
  double natoms = 0.0;
  if (deflate >= 0) {
    const int nl = pel_nlocal(pt);
    const int *m = pel_mask(pt);
    double cnt[2] = {(double)nl, 0.0}, g[2];
    for (int i = 0; m && i < nl; i++) cnt[1] += m[i] ? 0.0 : 1.0;
    MPI_Allreduce(cnt, g, 2, MPI_DOUBLE, MPI_SUM, pt->comm);
    if (g[1] == 0.0 && g[0] > 1.0) natoms = g[0];
  }
  const double e_here = pt->energy, f_here = pt->fmax;
  pel_vcopy(pt, PEL_ARTN_FSAVE, PEL_ARTN_F);
  for (int j = 0; j < kmax; j++) q[j] = pel_vec(pt, PEL_ARTN_LANCZOS + j);
  int n = pel_nlocal(pt);
  if (deflate >= 0) deflate_all(pt, pel_vec(pt, start), n, deflate, natoms);
  pel_lanczos_state st = pel_lanczos_start(lz, 3 * (size_t)n, pel_vec(pt, start), q[0]);
  pel_eval_code rc = PEL_EVAL_OK;
  while (st == PEL_LANCZOS_CONTINUE) {
    const int k = pel_lanczos_size(lz) - 1;
    rc = pel_point_eval(pt, PEL_ARTN_LANCZOS + k, hd, err);
    pt->lzcalls++;
    if (rc != PEL_EVAL_OK) break;
    n = pel_nlocal(pt);
    const double *f = pel_vec(pt, PEL_ARTN_F), *f0 = pel_vec(pt, PEL_ARTN_FSAVE);
    double *w = pel_vec(pt, PEL_ARTN_WORK);
    for (int i = 0; i < 3 * n; i++) w[i] = -(f[i] - f0[i]) / hd;
    /* the operator restricted to the complement of `deflate`: the basis
     * stays orthogonal to it */
    if (deflate >= 0) deflate_all(pt, w, n, deflate, natoms);
    for (int j = 0; j < kmax; j++) q[j] = pel_vec(pt, PEL_ARTN_LANCZOS + j);
    st = pel_lanczos_step(lz, 3 * (size_t)n, q, w);
  }
  if (rc == PEL_EVAL_OK && st == PEL_LANCZOS_ERROR) rc = PEL_EVAL_BLOWUP; /* non-finite products */
  n = pel_nlocal(pt);
  if (rc == PEL_EVAL_OK) {
    for (int j = 0; j < kmax; j++) q[j] = pel_vec(pt, PEL_ARTN_LANCZOS + j);
    pel_lanczos_eigenvector(lz, 3 * (size_t)n, q, pel_vec(pt, out));
    *lambda = pel_lanczos_eigenvalue(lz);
  }
  pel_vcopy(pt, PEL_ARTN_F, PEL_ARTN_FSAVE);
  pt->energy = e_here;
  pt->fmax = f_here;
  return rc;
}
