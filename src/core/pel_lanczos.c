/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pel_lanczos.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>

struct pel_lanczos {
  int kmax;
  double tol, atol;
  MPI_Comm comm;
  int m;                          /* basis vectors of the current run */
  double *alpha;                  /* kmax diagonal of T */
  double *beta;                   /* kmax off-diagonal (beta[j] couples j and j+1) */
  double *dots;                   /* kmax overlaps for the reorthogonalization */
  double *loc;                    /* kmax local partial sums of the overlaps */
  int mt;                         /* size of the tridiagonal problem last solved */
  int mmin;                       /* smallest size at which convergence may be declared */
  int mmax;                       /* largest basis of a run (<= kmax) */
  double below;                   /* stop once the lowest Ritz value is below this */
  double *tbuf;                   /* kmax*kmax tridiagonal matrix, overwritten by GSL */
  double *ebuf;                   /* kmax*kmax eigenvectors of T */
  double *eval;                   /* kmax eigenvalues of T */
  double *y;                      /* kmax Ritz coefficients of the lowest pair */
  gsl_eigen_symmv_workspace **ws; /* one per size 1..kmax */
  double lambda, lambda_prev;
};

pel_lanczos *pel_lanczos_alloc(int kmax, double tol, MPI_Comm comm, pel_error *err)
{
  if (kmax < 1) {
    pel_error_set(err, PEL_EINVAL, "Lanczos subspace size must be >= 1, got %d", kmax);
    return NULL;
  }
  if (!(tol > 0.0)) {
    pel_error_set(err, PEL_EINVAL, "Lanczos tolerance must be > 0, got %g", tol);
    return NULL;
  }
  pel_lanczos *lz = calloc(1, sizeof *lz);
  if (!lz) goto nomem;
  lz->kmax = kmax;
  lz->tol = tol;
  lz->comm = comm;
  lz->mmin = 2;
  lz->mmax = kmax;
  lz->below = -INFINITY;
  size_t k = (size_t)kmax;
  lz->alpha = calloc(k, sizeof(double));
  lz->beta = calloc(k, sizeof(double));
  lz->dots = calloc(k, sizeof(double));
  lz->loc = calloc(k, sizeof(double));
  lz->tbuf = calloc(k * k, sizeof(double));
  lz->ebuf = calloc(k * k, sizeof(double));
  lz->eval = calloc(k, sizeof(double));
  lz->y = calloc(k, sizeof(double));
  lz->ws = calloc(k, sizeof *lz->ws);
  if (!lz->alpha || !lz->beta || !lz->dots || !lz->loc || !lz->tbuf || !lz->ebuf || !lz->eval ||
      !lz->y || !lz->ws)
    goto nomem;
  gsl_error_handler_t *old = gsl_set_error_handler_off();
  for (size_t j = 0; j < k; j++) {
    lz->ws[j] = gsl_eigen_symmv_alloc(j + 1);
    if (!lz->ws[j]) break;
  }
  gsl_set_error_handler(old);
  if (!lz->ws[k - 1]) goto nomem;
  return lz;
nomem:
  pel_lanczos_free(lz);
  pel_error_set(err, PEL_ENOMEM, "cannot allocate Lanczos workspace for %d vectors", kmax);
  return NULL;
}

void pel_lanczos_free(pel_lanczos *lz)
{
  if (!lz) return;
  if (lz->ws)
    for (int j = 0; j < lz->kmax; j++)
      if (lz->ws[j]) gsl_eigen_symmv_free(lz->ws[j]);
  free(lz->ws);
  free(lz->alpha);
  free(lz->beta);
  free(lz->dots);
  free(lz->loc);
  free(lz->tbuf);
  free(lz->ebuf);
  free(lz->eval);
  free(lz->y);
  free(lz);
}

void pel_lanczos_set_min_size(pel_lanczos *lz, int m)
{
  lz->mmin = m < 2 ? 2 : m;
}

void pel_lanczos_set_max_size(pel_lanczos *lz, int m)
{
  lz->mmax = m < 1 || m > lz->kmax ? lz->kmax : m;
}

void pel_lanczos_set_stop_below(pel_lanczos *lz, double value)
{
  lz->below = isnan(value) ? -INFINITY : value;
}

void pel_lanczos_set_atol(pel_lanczos *lz, double atol)
{
  lz->atol = atol > 0.0 ? atol : 0.0;
}

double pel_lanczos_eigenvalue(const pel_lanczos *lz)
{
  return lz->lambda;
}
int pel_lanczos_size(const pel_lanczos *lz)
{
  return lz->m;
}

double pel_lanczos_dot(const pel_lanczos *lz, size_t n, const double *a, const double *b)
{
  double s = 0.0, g = 0.0;
  for (size_t i = 0; i < n; i++) s += a[i] * b[i];
  MPI_Allreduce(&s, &g, 1, MPI_DOUBLE, MPI_SUM, lz->comm);
  return g;
}

pel_lanczos_state pel_lanczos_start(pel_lanczos *lz, size_t n, const double *v0, double *q0)
{
  lz->m = lz->mt = 0;
  lz->lambda = lz->lambda_prev = NAN;
  double nrm = sqrt(pel_lanczos_dot(lz, n, v0, v0));
  if (!(nrm > 0.0) || !isfinite(nrm)) return PEL_LANCZOS_ERROR;
  for (size_t i = 0; i < n; i++) q0[i] = v0[i] / nrm;
  lz->m = 1;
  return PEL_LANCZOS_CONTINUE;
}

/* Lowest eigenpair of the m x m tridiagonal T into lambda and y. */
static int pel_lanczos_tridiag(pel_lanczos *lz, int m)
{
  size_t mm = (size_t)m;
  for (size_t i = 0; i < mm * mm; i++) lz->tbuf[i] = 0.0;
  for (size_t i = 0; i < mm; i++) {
    lz->tbuf[i * mm + i] = lz->alpha[i];
    if (i + 1 < mm) lz->tbuf[i * mm + i + 1] = lz->tbuf[(i + 1) * mm + i] = lz->beta[i];
  }
  gsl_matrix_view t = gsl_matrix_view_array(lz->tbuf, mm, mm);
  gsl_matrix_view e = gsl_matrix_view_array(lz->ebuf, mm, mm);
  gsl_vector_view ev = gsl_vector_view_array(lz->eval, mm);
  gsl_error_handler_t *old = gsl_set_error_handler_off();
  int status = gsl_eigen_symmv(&t.matrix, &ev.vector, &e.matrix, lz->ws[m - 1]);
  gsl_set_error_handler(old);
  if (status != GSL_SUCCESS) return -1;
  size_t jmin = 0;
  for (size_t j = 1; j < mm; j++)
    if (lz->eval[j] < lz->eval[jmin]) jmin = j;
  lz->lambda_prev = lz->lambda;
  lz->lambda = lz->eval[jmin];
  lz->mt = m;
  for (size_t i = 0; i < mm; i++) lz->y[i] = lz->ebuf[i * mm + jmin];
  return isfinite(lz->lambda) ? 0 : -1;
}

pel_lanczos_state pel_lanczos_step(pel_lanczos *lz, size_t n, double *const *Q, double *w)
{
  int k = lz->m - 1;
  if (k < 0 || k >= lz->kmax) return PEL_LANCZOS_ERROR;
  const double *qk = Q[k];
  double a = pel_lanczos_dot(lz, n, qk, w);
  double b = k > 0 ? lz->beta[k - 1] : 0.0;
  if (k > 0) {
    const double *qp = Q[k - 1];
    for (size_t i = 0; i < n; i++) w[i] -= a * qk[i] + b * qp[i];
  } else {
    for (size_t i = 0; i < n; i++) w[i] -= a * qk[i];
  }
  /* Full reorthogonalization: two classical Gram-Schmidt passes, each with a
   * single reduction of the k+1 overlaps. */
  for (int pass = 0; pass < 2; pass++) {
    double *loc = lz->loc;
    for (int j = 0; j <= k; j++) {
      double s = 0.0;
      const double *qj = Q[j];
      for (size_t i = 0; i < n; i++) s += qj[i] * w[i];
      loc[j] = s;
    }
    MPI_Allreduce(loc, lz->dots, k + 1, MPI_DOUBLE, MPI_SUM, lz->comm);
    for (int j = 0; j <= k; j++) {
      const double c = lz->dots[j];
      const double *qj = Q[j];
      for (size_t i = 0; i < n; i++) w[i] -= c * qj[i];
    }
    a += lz->dots[k];
  }
  double bnew = sqrt(pel_lanczos_dot(lz, n, w, w));
  if (!isfinite(a) || !isfinite(bnew)) return PEL_LANCZOS_ERROR;
  lz->alpha[k] = a;
  lz->beta[k] = bnew;
  int m = k + 1;
  if (pel_lanczos_tridiag(lz, m) != 0) return PEL_LANCZOS_ERROR;

  if (m >= lz->mmin) {
    double d = fabs(lz->lambda - lz->lambda_prev);
    if (d <= lz->tol * fabs(lz->lambda) || d <= lz->atol) return PEL_LANCZOS_CONVERGED;
  }
  /* the lowest Ritz value bounds the lowest eigenvalue from above */
  if (lz->lambda < lz->below) return PEL_LANCZOS_CONVERGED;
  double scale = 0.0;
  for (int j = 0; j < m; j++) scale = fmax(scale, fabs(lz->alpha[j]) + fabs(lz->beta[j]));
  if (bnew <= 1e-12 * scale || bnew == 0.0) return PEL_LANCZOS_INVARIANT;
  if (m >= lz->kmax || m >= lz->mmax) return PEL_LANCZOS_MAXITER;
  double *qn = Q[m];
  for (size_t i = 0; i < n; i++) qn[i] = w[i] / bnew;
  lz->m = m + 1;
  return PEL_LANCZOS_CONTINUE;
}

void pel_lanczos_eigenvector(const pel_lanczos *lz, size_t n, double *const *Q, double *v)
{
  int m = lz->mt; /* basis vectors that entered T */
  for (size_t i = 0; i < n; i++) v[i] = 0.0;
  for (int j = 0; j < m; j++) {
    const double c = lz->y[j];
    const double *qj = Q[j];
    for (size_t i = 0; i < n; i++) v[i] += c * qj[i];
  }
  double nrm = sqrt(pel_lanczos_dot(lz, n, v, v));
  if (nrm > 0.0)
    for (size_t i = 0; i < n; i++) v[i] /= nrm;
}

pel_lanczos_state pel_lanczos_solve(pel_lanczos *lz, size_t n, const double *v0, double *const *Q,
                                    double *w, pel_lanczos_matvec matvec, void *ctx, double *lambda,
                                    double *v)
{
  pel_lanczos_state st = pel_lanczos_start(lz, n, v0, Q[0]);
  while (st == PEL_LANCZOS_CONTINUE) {
    matvec(ctx, n, Q[lz->m - 1], w);
    st = pel_lanczos_step(lz, n, Q, w);
  }
  if (st != PEL_LANCZOS_ERROR) {
    if (lambda) *lambda = lz->lambda;
    if (v) pel_lanczos_eigenvector(lz, n, Q, v);
  }
  return st;
}
