/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Unit tests of the barrier spectrum: histogram (half-open bins with decimal
 * edges), Shannon entropy, the two-mode fit (Han et al. 2020, Eq. 1) and when
 * it is skipped, bootstrap (seeds), the parameter table, warnings and
 * errors. */
#include "pel_error.h"
#include "pel_spectrum.h"
#include "pel_test.h"

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_erf.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static pel_spectrum_params params(double w, double lo, double hi)
{
  pel_spectrum_params p;
  pel_spectrum_params_default(&p);
  p.bin = w;
  if (hi > lo) {
    p.auto_range = 0;
    p.lo = lo;
    p.hi = hi;
  }
  return p;
}

/* ------------------------------------------------------------ sampling */

typedef struct {
  const char *name;
  double W, eps, mu, sigma; /* W' follows from normalization on [0, inf) */
} model_set;

/* Integral of q exp(-(q-mu)^2/(2 s^2)) over [0, inf), written out here
 * independently of the library. */
static double mode2_norm(double mu, double s)
{
  return s * s * exp(-mu * mu / (2 * s * s)) +
         mu * s * sqrt(M_PI / 2) * (1.0 + gsl_sf_erf(mu / (s * sqrt(2.0))));
}

static double true_wp(const model_set *m)
{
  return (1.0 - m->W) / mode2_norm(m->mu, m->sigma);
}

/* Mode II by inverse CDF: F(q) = 1 - [s^2 g(q) + mu s sqrt(pi/2) erfc((q-mu)/(s sqrt2))] / Z,
 * solved by bisection to double precision. */
static double draw_mode2(gsl_rng *r, double mu, double s)
{
  double u = gsl_rng_uniform_pos(r), z = mode2_norm(mu, s);
  double a = 0.0, b = (mu > 0 ? mu : 0) + 40.0 * s;
  for (int it = 0; it < 60; it++) {
    double q = 0.5 * (a + b), d = q - mu;
    double tail = s * s * exp(-d * d / (2 * s * s)) +
                  mu * s * sqrt(M_PI / 2) * gsl_sf_erfc(d / (s * sqrt(2.0)));
    if (1.0 - tail / z < u)
      a = q;
    else
      b = q;
  }
  return 0.5 * (a + b);
}

static void draw(gsl_rng *r, const model_set *m, double *x, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    if (gsl_rng_uniform(r) < m->W)
      x[i] = -m->eps * log(gsl_rng_uniform_pos(r)); /* inverse CDF of mode I */
    else
      x[i] = draw_mode2(r, m->mu, m->sigma);
  }
}

/* ------------------------------------------------------------- entropy */

static void test_uniform(pel_spectrum *sp)
{
  /* 20 bins of width 0.05 on [0, 1], 7 barriers at each bin center */
  enum { K = 20, M = 7 };
  double x[K * M];
  for (int i = 0; i < K; i++)
    for (int j = 0; j < M; j++) x[i * M + j] = (i + 0.5) * 0.05;
  pel_spectrum_params p = params(0.05, 0.0, 1.0);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, x, K * M, &p, NULL), PEL_OK);
  const pel_spectrum_result *r = pel_spectrum_result_get(sp);
  CHECK_INT(r->n, K * M);
  CHECK_INT(r->nbins, K);
  CHECK_CLOSE(r->S, log(K), 1e-12);
  CHECK_CLOSE(r->D, K, 1e-10);
  CHECK_CLOSE(r->h, log(K) + log(0.05), 1e-12);
  CHECK(isnan(r->W) && isnan(r->fitted[0])); /* fit off: NaN fit entries */
  CHECK_INT(r->S_err, 0);                    /* bootstrap off: 0, as in the spec */

  /* the automatic range gives the same bins: hi = 0.975 rounded up to 1.0 */
  p = params(0.05, 0, 0);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, x, K * M, &p, NULL), PEL_OK);
  CHECK_INT(r->nbins, K);
  CHECK_CLOSE(r->hi, 1.0, 1e-12);
  CHECK_CLOSE(r->S, log(K), 1e-12);
}

static void test_binary(pel_spectrum *sp)
{
  /* p = 0.2385 in [0, 0.05), 1 - p in [0.05, 0.1] */
  enum { N = 10000, N0 = 2385 };
  static double x[N];
  for (int i = 0; i < N; i++) x[i] = i < N0 ? 0.01 + 1e-6 * i : 0.1 - 1e-6 * (i - N0);
  pel_spectrum_params p = params(0.05, 0.0, 0.1);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  const pel_spectrum_result *r = pel_spectrum_result_get(sp);
  double q = 0.2385, Hb = -q * log(q) - (1 - q) * log(1 - q);
  CHECK_INT(r->nbins, 2);
  CHECK_INT(r->count[0], N0);
  CHECK_INT(r->count[1], N - N0); /* x = 0.1 = hi lands in the closed last bin */
  CHECK_CLOSE(r->S, Hb, 1e-12);
  CHECK_CLOSE(r->S, 0.549344732235547262, 1e-12); /* mpmath, 30 digits */
  CHECK_INT(r->outside, 0);
}

static void test_known_histogram(pel_spectrum *sp)
{
  /* counts 3 1 4 1 5 9 2 6 in bins of width 0.1 on [0.2, 1.0] */
  const long c[8] = {3, 1, 4, 1, 5, 9, 2, 6};
  double x[31];
  int k = 0;
  double sum = 0;
  for (int b = 0; b < 8; b++)
    for (int j = 0; j < c[b]; j++) {
      x[k] = 0.2 + 0.1 * b + 0.02 + 0.009 * j; /* inside bin b, away from its edges */
      sum += x[k++];
    }
  pel_spectrum_params p = params(0.1, 0.2, 1.0);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, x, 31, &p, NULL), PEL_OK);
  const pel_spectrum_result *r = pel_spectrum_result_get(sp);
  /* by hand: S = ln 31 - (3 ln 3 + 4 ln 4 + 5 ln 5 + 9 ln 9 + 2 ln 2 + 6 ln 6)/31,
   * = 1.85979119657648210... (mpmath, 30 digits) */
  CHECK_CLOSE(r->S, 1.85979119657648210104686974369, 1e-12);
  CHECK_CLOSE(pel_spectrum_entropy_counts(c, 8), 1.85979119657648210104686974369, 1e-12);
  CHECK_CLOSE(r->D, exp(1.85979119657648210104686974369), 1e-11);
  CHECK_CLOSE(r->h, 1.85979119657648210104686974369 + log(0.1), 1e-12);
  CHECK_INT(r->nbins, 8);
  int counts_ok = 1;
  for (int b = 0; b < 8; b++) {
    counts_ok &= r->count[b] == c[b];
    counts_ok &= fabs(r->prob[b] - c[b] / 31.0) < 1e-15;
    counts_ok &= fabs(r->density[b] - c[b] / 3.1) < 1e-13;
    counts_ok &= fabs(r->center[b] - (0.25 + 0.1 * b)) < 1e-13;
  }
  CHECK(counts_ok);
  double mean = sum / 31, ss = 0;
  for (int i = 0; i < 31; i++) ss += (x[i] - mean) * (x[i] - mean);
  CHECK_CLOSE(r->mean, mean, 1e-14);
  CHECK_CLOSE(r->std, sqrt(ss / 30), 1e-14);

  /* the spec's global vector and array */
  double v[PEL_SPECTRUM_NVECTOR], row[PEL_SPECTRUM_NCOLUMNS];
  pel_spectrum_vector(r, v);
  CHECK_INT(v[0], 31);
  CHECK_CLOSE(v[1], r->S, 0);
  CHECK_CLOSE(v[3], r->h, 0);
  CHECK(isnan(v[6]) && isnan(v[11]));
  CHECK_INT(v[12], 0);
  CHECK_INT(v[13], 0);
  pel_spectrum_row(r, 5, row);
  CHECK_CLOSE(row[0], 0.75, 1e-13);
  CHECK_INT(row[1], 9);
  CHECK_CLOSE(row[2], 9 / 31.0, 1e-15);
  CHECK_CLOSE(row[3], 9 / 3.1, 1e-13);
  CHECK(isnan(row[4]));
}

/* h = S + ln w barely moves when w halves, while S moves by ln 2.
 * Expected deviation: the binning error of h is about w^2/24 * int f'^2/f
 * (about 1e-3 for w = 0.05 and this density, whose Fisher information is
 * ~ 1/sigma^2 ~ 10) plus the finite-sample bias (bins - 1)/(2N) ~ 1e-4 and
 * sampling noise ~ 1e-3/sqrt(N)*... (tiny at N = 10^6).  Tolerance 5e-3:
 * over 100 times smaller than the ln 2 = 0.69 change of S itself. */
static void test_h_invariance(pel_spectrum *sp, gsl_rng *rng)
{
  enum { N = 1000000 };
  double *x = malloc(N * sizeof *x);
  model_set m = {"smooth", 0.3, 0.3, 1.0, 0.3};
  draw(rng, &m, x, N);
  pel_spectrum_params p = params(0.05, 0, 0);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  double S1 = pel_spectrum_result_get(sp)->S, h1 = pel_spectrum_result_get(sp)->h;
  p.bin = 0.025;
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  double S2 = pel_spectrum_result_get(sp)->S, h2 = pel_spectrum_result_get(sp)->h;
  CHECK_CLOSE(S2 - S1, log(2.0), 0.01);
  CHECK_CLOSE(h1, h2, 5e-3);
  /* and h approaches the differential entropy -int f ln f of the density
   * (midpoint rule on a 1e-4 grid), within the same tolerance */
  double wp = true_wp(&m), hdiff = 0;
  for (double q = 0.5e-4; q < 10.0; q += 1e-4) {
    double f = pel_spectrum_model(q, m.W, m.eps, wp, m.mu, m.sigma);
    if (f > 0) hdiff -= f * log(f) * 1e-4;
  }
  CHECK_CLOSE(h2, hdiff, 5e-3);
  free(x);
}

/* ----------------------------------------------------------------- fit */

static void test_model_integral(void)
{
  /* the analytic integral against a fine midpoint rule */
  double W = 0.4, eps = 0.2, Wp = 1.3, mu = 0.7, s = 0.4, sum = 0;
  for (double q = 0.1 + 0.5e-5; q < 2.5; q += 1e-5)
    sum += pel_spectrum_model(q, W, eps, Wp, mu, s) * 1e-5;
  CHECK_CLOSE(pel_spectrum_model_integral(0.1, 2.5, W, eps, Wp, mu, s), sum, 1e-8);
  model_set m = {"n", 0.25, 0.14, 0.8, 0.64};
  CHECK_CLOSE(pel_spectrum_model_integral(0, 1e3, m.W, m.eps, true_wp(&m), m.mu, m.sigma), 1.0,
              1e-12);
}

/* Samples of N barriers drawn from the model with known parameters are fitted
 * R times (independent samples from one seeded generator).
 *
 * Standard errors, honestly: "sd" is the spread of the R estimates (repeated
 * samples), the real sampling error of one fit; sem = sd/sqrt(R).  Checks:
 * (a) a single fit (the first sample) is within 3 sd of the truth;
 * (b) the mean of the R fits is within 3 sem of the truth (no bias beyond
 *     noise), except in pure mode I, see below;
 * (c) the fit's own covariance error (s^2 (J^T J)^-1 with the pooled residual
 *     variance of unweighted least squares) is within a factor 2.5 of sd.  It
 *     is not exact: the residuals are Poisson, larger where the density is
 *     high, so the pooled variance underestimates the errors of eps and mu
 *     (observed ratio 0.55-0.65 for them) and overestimates others.
 *
 * For a pure mode the parameters of the absent mode are not identifiable
 * (W' with any mu, sigma; W with eps << w is invisible on the bins), so the
 * test there is on the absent mode's share of the fitted density on the
 * bins, sum_i w * term(center_i): mean below 0.05, each fit below 0.1.  The
 * amplitudes are >= 0, so in pure mode I the spurious mode II absorbs part of
 * the noise and W is biased low by that share (about 0.02 here): (b) becomes
 * |<W> - 1| <= 3 sem + <share II>. */
static void test_fit_recovery(pel_spectrum *sp, gsl_rng *rng, const model_set *m)
{
  enum { N = 20000, R = 12, NQ = 7 };
  double *x = malloc(N * sizeof *x);
  double est[R][NQ], cerr[R][NQ];
  int has1 = m->W > 0, has2 = m->W < 1;
  /* W, eps, W', mu, sigma, share of mode I, share of mode II */
  double truth[NQ] = {m->W, m->eps, true_wp(m), m->mu, m->sigma, 0, 0};
  const char *names[NQ] = {"W", "eps", "Wp", "mu", "sigma", "share I", "share II"};
  int use[NQ] = {has1, has1, has2, has2, has2, !has1, !has2};
  int ok = 1;
  pel_spectrum_params p = params(0.05, 0, 0);
  for (int k = 0; k < R; k++) {
    draw(rng, m, x, N);
    pel_status st = pel_spectrum_compute(sp, x, N, &p, NULL);
    const pel_spectrum_result *r = pel_spectrum_result_get(sp);
    ok &= st == PEL_OK && !(r->flags & PEL_SPECTRUM_FIT_FAILED) && r->r2 > 0.9;
    double share1 = 0, share2 = 0;
    for (size_t i = 0; i < r->nbins; i++) {
      share1 += r->bin * pel_spectrum_model(r->center[i], r->W, r->eps, 0, 1, 1);
      share2 += r->bin * pel_spectrum_model(r->center[i], 0, 1, r->Wp, r->mu, r->sigma);
    }
    double e[NQ] = {r->W, r->eps, r->Wp, r->mu, r->sigma, share1, share2};
    double c[NQ] = {r->W_err, r->eps_err, r->Wp_err, r->mu_err, r->sigma_err, NAN, NAN};
    memcpy(est[k], e, sizeof e);
    memcpy(cerr[k], c, sizeof c);
  }
  CHECK(ok);
  double share_absent = 0;
  for (int k = 0; k < R; k++) share_absent += est[k][has1 ? 6 : 5] / R;
  for (int j = 0; j < NQ; j++) {
    if (!use[j]) continue;
    double mean = 0, ss = 0, cmean = 0, maxv = 0;
    for (int k = 0; k < R; k++) mean += est[k][j] / R;
    for (int k = 0; k < R; k++) ss += (est[k][j] - mean) * (est[k][j] - mean);
    for (int k = 0; k < R; k++) cmean += cerr[k][j] / R;
    for (int k = 0; k < R; k++) maxv = fmax(maxv, est[k][j]);
    double sd = sqrt(ss / (R - 1)), sem = sd / sqrt((double)R);
    if (getenv("PEL_TEST_VERBOSE"))
      fprintf(stderr, "%-20s %-8s true %-9.4g mean %-9.4g sd %-9.3g cov-err %-9.3g first %.4g\n",
              m->name, names[j], truth[j], mean, sd, cmean, est[0][j]);
    if (j >= 5) { /* share of an absent mode */
      CHECK(mean < 0.05);
      CHECK(maxv < 0.1);
      continue;
    }
    CHECK(fabs(est[0][j] - truth[j]) <= 3 * sd);         /* (a) */
    double allow = (has1 && !has2) ? share_absent : 0.0; /* boundary bias */
    CHECK(fabs(mean - truth[j]) <= 3 * sem + allow);     /* (b) */
    CHECK(cmean / sd > 1 / 2.5 && cmean / sd < 2.5);     /* (c) */
  }
  free(x);
}

static void test_fit_failure(pel_spectrum *sp, gsl_rng *rng)
{
  enum { N = 5000 };
  double *x = malloc(N * sizeof *x);
  model_set m = {"fail", 0.3, 0.14, 0.8, 0.64};
  draw(rng, &m, x, N);
  pel_spectrum_params p = params(0.05, 0, 0);
  p.fit_maxiter = 1; /* no start can converge in one iteration */
  pel_error err;
  pel_error_clear(&err);
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, &err), PEL_OK);
  const pel_spectrum_result *r = pel_spectrum_result_get(sp);
  CHECK(r->flags & PEL_SPECTRUM_FIT_FAILED);
  CHECK(strstr(r->message, "did not converge") != NULL);
  CHECK(isnan(r->W) && isnan(r->eps) && isnan(r->Wp) && isnan(r->mu) && isnan(r->sigma));
  CHECK(isnan(r->r2) && isnan(r->fitted[3]));
  CHECK(isfinite(r->S) && r->n == N); /* the rest is still there */

  /* too few barriers for five parameters: skipped, with a sentence */
  double few[3] = {0.01, 0.02, 0.07};
  p.fit_maxiter = 500;
  CHECK_INT(pel_spectrum_compute(sp, few, 3, &p, NULL), PEL_OK);
  CHECK(r->flags & PEL_SPECTRUM_FIT_SKIPPED);
  CHECK(!(r->flags & PEL_SPECTRUM_FIT_FAILED));
  CHECK(isnan(r->W) && isnan(r->r2));
  CHECK_CLOSE(r->S, -(2.0 / 3) * log(2.0 / 3) - (1.0 / 3) * log(1.0 / 3), 1e-12);

  /* a fit on data that are one spike: must not abort (the result may be
   * NaN or a degenerate fit, either is fine) */
  double spike[100];
  for (int i = 0; i < 100; i++) spike[i] = i < 99 ? 0.52 : 2.0;
  CHECK_INT(pel_spectrum_compute(sp, spike, 100, &p, NULL), PEL_OK);
  free(x);
}

static void test_empty_outside_errors(pel_spectrum *sp)
{
  pel_spectrum_params p = params(0.05, 0, 0);
  pel_error err;
  pel_error_clear(&err);
  CHECK_INT(pel_spectrum_compute(sp, NULL, 0, &p, &err), PEL_OK);
  const pel_spectrum_result *r = pel_spectrum_result_get(sp);
  CHECK_INT(r->n, 0);
  CHECK(r->flags & PEL_SPECTRUM_EMPTY);
  CHECK(isnan(r->S) && isnan(r->D) && isnan(r->h) && isnan(r->mean) && isnan(r->std));
  CHECK(isnan(r->W) && isnan(r->r2));
  CHECK_INT(r->nbins, 0);

  /* explicit range: values outside (and NaN) are counted, not binned */
  double x[8] = {-0.1, 0.55, 0.6, 0.65, 0.7, 1.2, NAN, 0.5};
  p = params(0.05, 0.5, 0.7);
  p.fit = 0;
  p.bootstrap = 100;
  CHECK_INT(pel_spectrum_compute(sp, x, 8, &p, NULL), PEL_OK);
  CHECK_INT(r->n, 5);
  CHECK_INT(r->outside, 3);
  CHECK(r->flags & PEL_SPECTRUM_OUTSIDE);
  CHECK_INT(r->nbins, 4);
  CHECK_INT(r->count[0] + r->count[1] + r->count[2] + r->count[3], 5);
  CHECK_INT(r->count[3], 2); /* 0.65 and hi = 0.7 */
  CHECK(r->S_err > 0);
  /* all outside: N = 0 with a warning */
  p = params(0.05, 2.0, 3.0);
  CHECK_INT(pel_spectrum_compute(sp, x, 8, &p, NULL), PEL_OK);
  CHECK(r->flags & PEL_SPECTRUM_EMPTY);
  CHECK(isnan(r->S));
  CHECK_INT(r->outside, 8);

  /* a range that is not a whole number of bins is widened */
  p = params(0.3, 0.0, 1.0);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, x, 8, &p, NULL), PEL_OK);
  CHECK_INT(r->nbins, 4);
  CHECK_CLOSE(r->hi, 1.2, 1e-12);

  /* bad parameters: errors that name the parameter */
  p = params(0.0, 0, 0);
  CHECK_INT(pel_spectrum_compute(sp, x, 8, &p, &err), PEL_EINVAL);
  CHECK(!strcmp(err.msg, "bin must be > 0, got 0"));
  p = params(-1.0, 0, 0);
  CHECK_INT(pel_spectrum_params_check(&p, &err), PEL_EINVAL);
  p = params(0.05, 0, 0);
  p.auto_range = 0;
  p.lo = 1.0;
  p.hi = 1.0;
  CHECK_INT(pel_spectrum_compute(sp, x, 8, &p, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "range") != NULL);
  p = params(0.05, 0, 0);
  p.bootstrap = -1;
  CHECK_INT(pel_spectrum_params_check(&p, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "bootstrap") != NULL);
  p = params(1e-12, 0, 0); /* 10^12 bins: refused, not attempted */
  CHECK_INT(pel_spectrum_compute(sp, x, 8, &p, &err), PEL_ERANGE);
}

/* Bin assignment with decimal edges: w = 0.05 and the barriers 0.1 ... 0.9,
 * each exactly on an edge as written in decimal (in binary, 0.3/0.05 is
 * 5.999999999999999 and 0.1/0.05 is 2): each goes in the bin that starts at
 * its edge. */
static void test_half_open_bins(pel_spectrum *sp)
{
  const double x[9] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  const pel_spectrum_result *r = pel_spectrum_result_get(sp);
  pel_spectrum_params p = params(0.05, 0.0, 1.0);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, x, 9, &p, NULL), PEL_OK);
  CHECK_INT(r->nbins, 20);
  int ok = 1;
  for (size_t i = 0; i < r->nbins; i++) ok &= r->count[i] == (i % 2 == 0 && i >= 2 && i <= 18);
  CHECK(ok);
  for (int k = 0; k < 9; k++) CHECK_INT(r->count[2 * (k + 1)], 1);

  /* the automatic range: the largest barrier, 0.9, opens the bin [0.9, 0.95) */
  p = params(0.05, 0, 0);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, x, 9, &p, NULL), PEL_OK);
  CHECK_INT(r->nbins, 19);
  CHECK_CLOSE(r->hi, 0.95, 1e-15);
  for (int k = 0; k < 9; k++) CHECK_INT(r->count[2 * (k + 1)], 1);
  CHECK_INT(r->outside, 0);

  /* an explicit range from an edge value: 0.1 is in the first bin; the last
   * bin is closed, so 0.9 = hi is in it */
  p = params(0.05, 0.1, 0.9);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, x, 9, &p, NULL), PEL_OK);
  CHECK_INT(r->nbins, 16);
  CHECK_INT(r->outside, 0);
  CHECK_INT(r->count[0], 1);
  CHECK_INT(r->count[2], 1);  /* 0.2 */
  CHECK_INT(r->count[10], 1); /* 0.6 */
  CHECK_INT(r->count[15], 1); /* 0.9 = hi */
  CHECK_INT(r->count[14], 1); /* 0.8 */

  /* far from the origin, where the coordinate has more round-off */
  const double far[3] = {123.456, 999.999, 432.15};
  p = params(0.001, 0, 0);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, far, 3, &p, NULL), PEL_OK);
  CHECK_INT(r->nbins, 1000000);
  CHECK_INT(r->count[123456], 1);
  CHECK_INT(r->count[999999], 1);
  CHECK_INT(r->count[432150], 1);
  /* a value just off an edge (by much more than round-off) stays in its bin */
  const double off[2] = {0.3 - 1e-12, 0.3 + 1e-12};
  p = params(0.05, 0.0, 1.0);
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, off, 2, &p, NULL), PEL_OK);
  CHECK_INT(r->count[5], 1);
  CHECK_INT(r->count[6], 1);
}

/* When the fit is skipped, why, and that the work stays bounded. */
static void test_fit_bounds(pel_spectrum *sp, gsl_rng *rng)
{
  const pel_spectrum_result *r = pel_spectrum_result_get(sp);
  pel_spectrum_params p = params(0.05, 0, 0);
  /* 10 barriers: a sentence that says how many the fit needs, no NaN fit */
  double ten[10];
  for (int i = 0; i < 10; i++) ten[i] = 0.1 + 0.08 * i;
  CHECK_INT(pel_spectrum_compute(sp, ten, 10, &p, NULL), PEL_OK);
  CHECK_INT(r->flags, PEL_SPECTRUM_FIT_SKIPPED);
  CHECK(strstr(r->fit_message, "10 barriers") != NULL);
  CHECK(strstr(r->fit_message, "needs at least 50 barriers") != NULL);
  CHECK(strstr(r->message, r->fit_message) != NULL);
  CHECK(isnan(r->W) && isnan(r->fitted[0]) && r->fit_starts == 0);
  /* the same sample with bins of 1e-5 (about 90,000 bins): skipped at once */
  p.bin = 1e-5;
  CHECK_INT(pel_spectrum_compute(sp, ten, 10, &p, NULL), PEL_OK);
  CHECK(r->nbins > 80000 && (r->flags & PEL_SPECTRUM_FIT_SKIPPED) && r->fit_starts == 0);
  CHECK_INT(r->n, 10);

  /* 5000 barriers and one outlier at 1000: 20,001 bins, more than the fit
   * runs over */
  enum { N = 5001 };
  double *x = malloc(N * sizeof *x);
  for (int i = 0; i < N - 1; i++) x[i] = -0.3 * log(gsl_rng_uniform_pos(rng));
  x[N - 1] = 1000.0;
  p.bin = 0.05;
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  CHECK_INT(r->nbins, 20001);
  CHECK(r->flags & PEL_SPECTRUM_FIT_SKIPPED);
  CHECK(strstr(r->fit_message, "20001 bins, more than the 2000") != NULL);
  /* a range that leaves the outlier out: fitted */
  p = params(0.05, 0.0, 5.0);
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  CHECK_INT(r->outside, 1);
  CHECK(!(r->flags & (PEL_SPECTRUM_FIT_SKIPPED | PEL_SPECTRUM_FIT_FAILED)) && isfinite(r->W));
  CHECK_INT(r->fit_message[0], 0);

  /* 60 barriers in 3 bins: enough barriers, too few nonempty bins */
  for (int i = 0; i < 60; i++) x[i] = 0.01 + 0.1 * (i % 3);
  p = params(0.1, 0, 0);
  CHECK_INT(pel_spectrum_compute(sp, x, 60, &p, NULL), PEL_OK);
  CHECK(r->flags & PEL_SPECTRUM_FIT_SKIPPED);
  CHECK(strstr(r->fit_message, "fill 3 bins") != NULL &&
        strstr(r->fit_message, "at least 6 nonempty bins") != NULL);
  /* fit no: no fit, no sentence */
  p.fit = 0;
  CHECK_INT(pel_spectrum_compute(sp, ten, 10, &p, NULL), PEL_OK);
  CHECK_INT(r->flags, 0);
  CHECK_INT(r->fit_message[0], 0);
  free(x);
}

/* The parameter table: keywords, defaults and the one check, whose messages
 * name the keyword as the user writes it and the value. */
static void test_params(pel_spectrum *sp)
{
  pel_spectrum_params p;
  pel_spectrum_params_default(&p);
  CHECK_CLOSE(p.bin, 0.05, 0);
  CHECK(p.auto_range == 1 && p.fit == 1 && p.bootstrap == 0 && p.seed == 1);
  CHECK_INT(p.max_bins, PEL_SPECTRUM_MAX_BINS);
  CHECK(!strcmp(p.prefix, ""));
  CHECK_INT(pel_spectrum_params_check(&p, NULL), PEL_OK);
  CHECK_INT(pel_spectrum_keyword_nvalues("bin"), 1);
  CHECK_INT(pel_spectrum_keyword_nvalues("range"), 2);
  CHECK_INT(pel_spectrum_keyword_nvalues("fit"), 1);
  CHECK_INT(pel_spectrum_keyword_nvalues("bootstrap"), 1);
  CHECK_INT(pel_spectrum_keyword_nvalues("seed"), 1);
  CHECK_INT(pel_spectrum_keyword_nvalues("bins"), -1);
  CHECK_INT(pel_spectrum_keyword_nvalues("--bin"), -1);

  pel_error err;
  struct {
    const char *prefix;
    double bin, lo, hi;
    long boot, seed;
    pel_status code;
    const char *msg;
  } cases[] = {
      {"", 0.0, 0, 0, 0, 1, PEL_EINVAL, "bin must be > 0, got 0"},
      {"--", -0.05, 0, 0, 0, 1, PEL_EINVAL, "--bin must be > 0, got -0.05"},
      {"", INFINITY, 0, 0, 0, 1, PEL_EINVAL, "bin must be finite, got inf"},
      {"", NAN, 0, 0, 0, 1, PEL_EINVAL, "bin must be > 0, got nan"},
      {"", 0.05, 2, 1, 0, 1, PEL_EINVAL, "range needs lo < hi, got lo = 2, hi = 1"},
      {"--", 0.05, 1, 1, 0, 1, PEL_EINVAL, "--range needs lo < hi, got lo = 1, hi = 1"},
      {"", 0.05, 0, INFINITY, 0, 1, PEL_EINVAL, "range must be finite, got 0 inf"},
      {"", 1e-8, 0, 1, 0, 1, PEL_ERANGE,
       "range 0 1 with bin 1e-08 needs 100000000 bins; the limit is 10000000"},
      {"--", 1e-300, 0, 1, 0, 1, PEL_ERANGE,
       "--range 0 1 with --bin 1e-300 needs 1e+300 bins; the limit is 10000000"},
      {"", 0.05, 0, 0, -5, 1, PEL_EINVAL, "bootstrap must be from 0 to 10000000, got -5"},
      {"--", 0.05, 0, 0, 2000000000L, 1, PEL_EINVAL,
       "--bootstrap must be from 0 to 10000000, got 2000000000"},
      {"", 0.05, 0, 0, 10000000L, 1, PEL_OK, ""},
      {"", 0.05, 0, 0, 0, -1, PEL_EINVAL, "seed must be >= 0, got -1"},
      {"--", 0.05, 0, 0, 0, 0, PEL_OK, ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    pel_spectrum_params_default(&p);
    p.prefix = cases[i].prefix;
    p.bin = cases[i].bin;
    if (cases[i].hi != 0 || cases[i].lo != 0) {
      p.auto_range = 0;
      p.lo = cases[i].lo;
      p.hi = cases[i].hi;
    }
    p.bootstrap = cases[i].boot;
    p.seed = cases[i].seed;
    pel_error_clear(&err);
    pel_status st = pel_spectrum_params_check(&p, &err);
    CHECK_INT(st, cases[i].code);
    if (strcmp(err.msg, cases[i].msg) != 0) {
      CHECK(!"message");
      fprintf(stderr, "  case %zu: got '%s', expected '%s'\n", i, err.msg, cases[i].msg);
    }
  }
  /* the automatic range with a tiny bin: a bin count in a few digits, not 300 */
  double x[2] = {0.5, 1.2};
  pel_spectrum_params_default(&p);
  p.prefix = "--";
  p.bin = 1e-300;
  CHECK_INT(pel_spectrum_compute(sp, x, 2, &p, &err), PEL_ERANGE);
  CHECK(!strcmp(err.msg, "--bin 1e-300 gives 1.2e+300 bins up to the largest barrier 1.2; the "
                         "limit is 10000000"));
  p.bin = 1e-320; /* subnormal: a number, refused for its bins */
  CHECK_INT(pel_spectrum_compute(sp, x, 2, &p, &err), PEL_ERANGE);
  CHECK(strstr(err.msg, "gives more than 1.8e+308 bins up to the largest barrier 1.2") != NULL);
}

/* The bootstrap error of S: reproducible for a seed, and close to the
 * delta-method error sqrt((sum_i P_i ln^2 P_i - S^2)/N). */
static void test_bootstrap(pel_spectrum *sp, gsl_rng *rng)
{
  enum { N = 5000 };
  double *x = malloc(N * sizeof *x);
  model_set m = {"boot", 0.3, 0.14, 0.8, 0.64};
  draw(rng, &m, x, N);
  pel_spectrum_params p = params(0.05, 0, 0);
  p.fit = 0;
  p.bootstrap = 2000;
  p.seed = 7;
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  const pel_spectrum_result *r = pel_spectrum_result_get(sp);
  double e1 = r->S_err, S = r->S, m2 = 0;
  for (size_t i = 0; i < r->nbins; i++)
    if (r->prob[i] > 0) m2 += r->prob[i] * log(r->prob[i]) * log(r->prob[i]);
  double delta = sqrt((m2 - S * S) / N);
  CHECK(e1 > 0);
  CHECK_CLOSE(e1 / delta, 1.0, 0.15); /* 2000 resamples: ~3% noise on an sd */
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  CHECK(r->S_err == e1); /* same seed, same answer, bit for bit */
  p.seed = 8;
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  CHECK(r->S_err != e1);
  CHECK_CLOSE(r->S_err, e1, 0.15 * e1);

  /* distinct seeds give distinct resamples: 0 and 4357 (one seed for GSL's
   * MT19937), and seeds that differ only above bit 31 */
  const long seeds[] = {0, 4357, 1, 1 + (1L << 32), 1 + (1L << 62), 7 + (1L << 40)};
  enum { NS = sizeof seeds / sizeof seeds[0] };
  double e[NS];
  p.bootstrap = 50;
  for (int i = 0; i < NS; i++) {
    p.seed = seeds[i];
    CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
    e[i] = r->S_err;
  }
  int distinct = 1;
  for (int i = 0; i < NS; i++)
    for (int j = 0; j < i; j++) distinct &= e[i] != e[j];
  CHECK(distinct);
  p.seed = 1 + (1L << 62);
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  CHECK(r->S_err == e[4]);
  /* the first resamples of a longer run are those of a shorter one: resample
   * b depends on (seed, b) only; a single resample has S_err 0 */
  p.bootstrap = 1;
  CHECK_INT(pel_spectrum_compute(sp, x, N, &p, NULL), PEL_OK);
  CHECK_INT(r->S_err, 0);
  free(x);
}

int main(void)
{
  pel_spectrum *sp = pel_spectrum_alloc();
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(rng, 2385);
  CHECK(sp != NULL);

  test_uniform(sp);
  test_binary(sp);
  test_known_histogram(sp);
  test_model_integral();
  test_empty_outside_errors(sp);
  test_half_open_bins(sp);
  test_params(sp);
  test_h_invariance(sp, rng);
  test_bootstrap(sp, rng);
  test_fit_failure(sp, rng);
  test_fit_bounds(sp, rng);

  /* Parameter sets in the range of the paper's Fig. 3 (eps ~ 0.14 eV,
   * sigma ~ 0.5-0.64 eV), plus pure modes. */
  const model_set mixed_glass = {"mixed, glass-like", 0.15, 0.14, 0.9, 0.55};
  const model_set mixed_liquid = {"mixed, liquid-like", 0.6, 0.2, 1.2, 0.4};
  const model_set pure1 = {"pure mode I", 1.0, 0.3, 1.0, 0.5};
  const model_set pure2 = {"pure mode II", 0.0, 0.2, 1.0, 0.5};
  gsl_rng_set(rng, 20200205);
  test_fit_recovery(sp, rng, &mixed_glass);
  test_fit_recovery(sp, rng, &mixed_liquid);
  test_fit_recovery(sp, rng, &pure1);
  test_fit_recovery(sp, rng, &pure2);

  gsl_rng_free(rng);
  pel_spectrum_free(sp);
  return pel_test_report("test_spectrum");
}
