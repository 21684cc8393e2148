/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Lanczos against a dense GSL eigensolver on matrices with known spectra
 * A = U diag(lambda) U^T (U a random orthogonal matrix).  The vectors are
 * distributed over the ranks of MPI_COMM_WORLD (run it with mpirun -np 2 to
 * exercise the reductions); serially every rank holds the whole vector. */
#include "pel_lanczos.h"
#include "pel_rng.h"
#include "pel_test.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <mpi.h>
#include <stdlib.h>

typedef struct {
  int n, lo, hi;   /* global size, this rank's rows [lo, hi) */
  const double *a; /* n x n, row-major, same on every rank */
  double *full;    /* n scratch: the gathered vector */
  int *counts, *displs;
} op_ctx;

static void op_matvec(void *ctx, size_t nloc, const double *q, double *w)
{
  op_ctx *c = ctx;
  MPI_Allgatherv(q, (int)nloc, MPI_DOUBLE, c->full, c->counts, c->displs, MPI_DOUBLE,
                 MPI_COMM_WORLD);
  for (int i = c->lo; i < c->hi; i++) {
    double s = 0.0;
    for (int j = 0; j < c->n; j++) s += c->a[(size_t)i * c->n + j] * c->full[j];
    w[i - c->lo] = s;
  }
}

/* A = U diag(lam) U^T with U from the QR decomposition of a Gaussian matrix. */
static void make_matrix(int n, const double *lam, uint64_t seed, double *a)
{
  gsl_matrix *g = gsl_matrix_alloc(n, n), *u = gsl_matrix_alloc(n, n), *r = gsl_matrix_alloc(n, n);
  gsl_vector *tau = gsl_vector_alloc(n);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) gsl_matrix_set(g, i, j, pel_rng_normal(seed, n, 0, i, j));
  gsl_linalg_QR_decomp(g, tau);
  gsl_linalg_QR_unpack(g, tau, u, r);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double s = 0.0;
      for (int k = 0; k < n; k++) s += gsl_matrix_get(u, i, k) * lam[k] * gsl_matrix_get(u, j, k);
      a[(size_t)i * n + j] = s;
    }
  gsl_matrix_free(g);
  gsl_matrix_free(u);
  gsl_matrix_free(r);
  gsl_vector_free(tau);
}

/* Lowest eigenpair by GSL's dense symmetric solver. */
static double dense_lowest(int n, const double *a, double *vec)
{
  gsl_matrix *m = gsl_matrix_alloc(n, n), *ev = gsl_matrix_alloc(n, n);
  gsl_vector *e = gsl_vector_alloc(n);
  gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(n);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) gsl_matrix_set(m, i, j, a[(size_t)i * n + j]);
  gsl_eigen_symmv(m, e, ev, w);
  gsl_eigen_symmv_sort(e, ev, GSL_EIGEN_SORT_VAL_ASC);
  double l = gsl_vector_get(e, 0);
  for (int i = 0; i < n; i++) vec[i] = gsl_matrix_get(ev, i, 0);
  gsl_eigen_symmv_free(w);
  gsl_vector_free(e);
  gsl_matrix_free(ev);
  gsl_matrix_free(m);
  return l;
}

typedef struct {
  int iterations;
  double lambda;
} run_out;

/* Run Lanczos from start vector v0 (global, length n); returns eigenvalue and
 * size, stores the global Ritz vector in vglob. */
static run_out run(int n, const double *a, int kmax, double tol, const double *v0, double *vglob)
{
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  op_ctx c = {.n = n, .a = a};
  c.full = malloc(sizeof(double) * n);
  c.counts = malloc(sizeof(int) * size);
  c.displs = malloc(sizeof(int) * size);
  for (int p = 0; p < size; p++) {
    c.displs[p] = (int)((long)n * p / size);
    c.counts[p] = (int)((long)n * (p + 1) / size) - c.displs[p];
  }
  c.lo = c.displs[rank];
  c.hi = c.lo + c.counts[rank];
  size_t nloc = (size_t)(c.hi - c.lo);
  double *store = malloc(sizeof(double) * (nloc + 1) * (kmax + 2));
  double **Q = malloc(sizeof(double *) * kmax);
  for (int j = 0; j < kmax; j++) Q[j] = store + (size_t)j * (nloc + 1);
  double *w = store + (size_t)kmax * (nloc + 1);
  double *v = store + (size_t)(kmax + 1) * (nloc + 1);

  pel_error err;
  pel_lanczos *lz = pel_lanczos_alloc(kmax, tol, MPI_COMM_WORLD, &err);
  run_out out = {0, NAN};
  pel_lanczos_state st =
      pel_lanczos_solve(lz, nloc, v0 + c.lo, Q, w, op_matvec, &c, &out.lambda, v);
  CHECK(st == PEL_LANCZOS_CONVERGED || st == PEL_LANCZOS_INVARIANT || st == PEL_LANCZOS_MAXITER);
  out.iterations = pel_lanczos_size(lz);
  MPI_Allgatherv(v, (int)nloc, MPI_DOUBLE, vglob, c.counts, c.displs, MPI_DOUBLE, MPI_COMM_WORLD);
  pel_lanczos_free(lz);
  free(Q);
  free(store);
  free(c.full);
  free(c.counts);
  free(c.displs);
  return out;
}

static double residual(int n, const double *a, double lambda, const double *v)
{
  double r2 = 0.0;
  for (int i = 0; i < n; i++) {
    double s = -lambda * v[i];
    for (int j = 0; j < n; j++) s += a[(size_t)i * n + j] * v[j];
    r2 += s * s;
  }
  return sqrt(r2);
}

/* One spectrum: Lanczos with a full basis and a tight tolerance must give the
 * lowest eigenvalue of the dense solver (which must give lam[0]). */
static void check_spectrum(int n, double *lam, int kmax, int degenerate)
{
  double *a = malloc(sizeof(double) * n * n), *v0 = malloc(sizeof(double) * n),
         *v = malloc(sizeof(double) * n), *vd = malloc(sizeof(double) * n);
  make_matrix(n, lam, 17 + (uint64_t)n, a);
  double ld = dense_lowest(n, a, vd);
  double lmin = lam[0];
  for (int i = 1; i < n; i++) lmin = fmin(lmin, lam[i]);
  CHECK_CLOSE(ld, lmin, 1e-10);
  for (int i = 0; i < n; i++) v0[i] = pel_rng_normal(99, n, 1, i, 0);
  run_out o = run(n, a, kmax, 1e-13, v0, v);
  /* a near-degenerate pair is resolved only to its gap (1e-7) */
  CHECK_CLOSE(o.lambda, ld, degenerate == 2 ? 2e-7 : 1e-9);
  CHECK(residual(n, a, o.lambda, v) < (degenerate == 2 ? 1e-3 : 1e-5));
  if (!degenerate) {
    double ov = 0.0;
    for (int i = 0; i < n; i++) ov += v[i] * vd[i];
    CHECK_CLOSE(fabs(ov), 1.0, 1e-8);
  }
  free(a);
  free(v0);
  free(v);
  free(vd);
}

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  double lam[200];

  /* well separated, n = 10, full basis (the Krylov space becomes invariant) */
  for (int i = 0; i < 10; i++) lam[i] = -2.385 + 0.7 * i * i;
  check_spectrum(10, lam, 10, 0);

  /* n = 60, lowest not first in the list, kmax 40 */
  for (int i = 0; i < 60; i++) lam[i] = 0.3 + 0.17 * i;
  lam[37] = -0.731;
  check_spectrum(60, lam, 40, 0);

  /* n = 200, indefinite spectrum of an activated Hessian: one negative mode */
  for (int i = 0; i < 200; i++) lam[i] = 0.05 + 12.0 * i / 199.0;
  lam[0] = -1.618;
  check_spectrum(200, lam, 60, 0);

  /* exactly degenerate lowest pair: any vector of the eigenspace */
  for (int i = 0; i < 40; i++) lam[i] = 1.0 + 0.25 * i;
  lam[0] = lam[1] = -1.5;
  check_spectrum(40, lam, 40, 1);

  /* near-degenerate pair (gap 1e-7): eigenvalue still matches */
  for (int i = 0; i < 40; i++) lam[i] = 1.0 + 0.25 * i;
  lam[0] = -1.5;
  lam[1] = -1.5 + 1e-7;
  check_spectrum(40, lam, 40, 2);

  /* warm start: a start vector near the eigenvector converges in fewer
   * iterations than a random one, to the same eigenvalue */
  {
    int n = 120;
    for (int i = 0; i < n; i++) lam[i] = 0.2 + 0.1 * i;
    lam[5] = -0.95;
    double *a = malloc(sizeof(double) * n * n), *v0 = malloc(sizeof(double) * n),
           *v = malloc(sizeof(double) * n), *vd = malloc(sizeof(double) * n);
    make_matrix(n, lam, 4242, a);
    double ld = dense_lowest(n, a, vd);
    for (int i = 0; i < n; i++) v0[i] = pel_rng_normal(7, 1, 2, i, 0);
    run_out cold = run(n, a, 50, 1e-8, v0, v);
    for (int i = 0; i < n; i++) v0[i] = vd[i] + 1e-3 * pel_rng_normal(7, 1, 3, i, 0);
    run_out warm = run(n, a, 50, 1e-8, v0, v);
    CHECK_CLOSE(cold.lambda, ld, 1e-6);
    CHECK_CLOSE(warm.lambda, ld, 1e-6);
    CHECK(warm.iterations < cold.iterations);
    printf("warm start: %d products, cold start: %d\n", warm.iterations, cold.iterations);
    CHECK(2 * warm.iterations <= cold.iterations + 2);
    /* default engine tolerance 0.01: a handful of products from a warm start */
    run_out w2 = run(n, a, 16, 0.01, v0, v);
    CHECK(w2.iterations <= 3);
    CHECK_CLOSE(w2.lambda, ld, 0.01 * fabs(ld));
    free(a);
    free(v0);
    free(v);
    free(vd);
  }

  /* misuse is reported, not fatal */
  {
    pel_error err;
    CHECK(pel_lanczos_alloc(0, 0.01, MPI_COMM_SELF, &err) == NULL);
    CHECK_INT(err.code, PEL_EINVAL);
    pel_lanczos *lz = pel_lanczos_alloc(4, 0.01, MPI_COMM_SELF, &err);
    double z[3] = {0, 0, 0}, q[3];
    CHECK(pel_lanczos_start(lz, 3, z, q) == PEL_LANCZOS_ERROR);
    pel_lanczos_free(lz);
  }

  int rc = pel_test_report("test_lanczos");
  MPI_Finalize();
  return rc;
}
