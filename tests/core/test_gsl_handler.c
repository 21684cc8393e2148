/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The core switches GSL's error handler off only inside its own calls: the
 * handler in force before a call (the program's own, or GSL's default) is in
 * force after it.  A LAMMPS run that loads pelstat keeps the GSL behaviour
 * its other parts expect.  Each call of the core that uses GSL (Lanczos,
 * spectrum with fit and bootstrap) is made with a handler of this test set,
 * which must never be called (the core checks return values instead), and
 * must still be set afterwards. */
#include "pel_lanczos.h"
#include "pel_spectrum.h"
#include "pel_test.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <mpi.h>
#include <stdlib.h>

static int handler_calls = 0;

static void test_handler(const char *reason, const char *file, int line, int gsl_errno)
{
  handler_calls++;
}

/* 1 if `want` is the handler in force (set it back after looking). */
static int handler_is(gsl_error_handler_t *want)
{
  gsl_error_handler_t *now = gsl_set_error_handler(want);
  return now == want;
}

/* diagonal operator diag(1, 2, ..., n) - 3 */
static void matvec(void *ctx, size_t n, const double *q, double *w)
{
  for (size_t i = 0; i < n; i++) w[i] = ((double)i + 1.0 - 3.0) * q[i];
}

static void lanczos_calls(gsl_error_handler_t *h)
{
  enum { N = 12, KMAX = 8 };
  gsl_set_error_handler(h);
  pel_error err;
  pel_lanczos *lz = pel_lanczos_alloc(KMAX, 1e-10, MPI_COMM_SELF, &err);
  CHECK(lz != NULL);
  CHECK(handler_is(h));
  if (!lz) return;
  double *store = malloc((KMAX + 3) * N * sizeof(double));
  double *Q[KMAX];
  for (int k = 0; k < KMAX; k++) Q[k] = store + k * N;
  double *w = store + KMAX * N, *v0 = w + N, *v = v0 + N, lambda = 0.0;
  for (int i = 0; i < N; i++) v0[i] = 1.0 + 0.1 * i;
  pel_lanczos_solve(lz, N, v0, Q, w, matvec, NULL, &lambda, v);
  CHECK(lambda < -1.9 && lambda > -2.0 - 1e-9); /* a Ritz value of the lowest, -2 */
  CHECK(handler_is(h));
  pel_lanczos_free(lz);
  free(store);
}

static void spectrum_calls(gsl_error_handler_t *h)
{
  enum { N = 400 };
  gsl_set_error_handler(h);
  pel_spectrum *sp = pel_spectrum_alloc();
  CHECK(sp != NULL);
  CHECK(handler_is(h));
  if (!sp) return;
  double *x = malloc(N * sizeof *x);
  for (int i = 0; i < N; i++) x[i] = 0.2 + 1.5 * fabs(sin(0.37 * i)) * fabs(cos(0.11 * i));
  pel_spectrum_params p;
  pel_spectrum_params_default(&p);
  p.bootstrap = 20;
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  CHECK(handler_is(h));
  /* a fit that fails (one iteration per start) and bad parameters */
  p.fit_maxiter = 1;
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  CHECK(handler_is(h));
  p.bin = -1.0;
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_EINVAL);
  CHECK(handler_is(h));
  pel_spectrum_free(sp);
  free(x);
}

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  /* the program's own handler */
  lanczos_calls(test_handler);
  spectrum_calls(test_handler);
  CHECK_INT(handler_calls, 0);
  /* GSL's default (NULL: print and abort), as in a program that never set one */
  lanczos_calls(NULL);
  spectrum_calls(NULL);
  /* handler off, as a program that checks return values itself */
  gsl_set_error_handler_off();
  gsl_error_handler_t *off = gsl_set_error_handler_off();
  lanczos_calls(off);
  spectrum_calls(off);
  MPI_Finalize();
  return pel_test_report("test_gsl_handler");
}
