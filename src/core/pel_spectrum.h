/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * pelstat core: spectrum of activation barriers (Han et al., PRB 101, 064205
 * (2020), Sec. III B and D; spec/compute_barrier_spectrum.md).
 *
 * From a list of barriers: the histogram with bin width w on [lo, hi], the
 * Shannon entropy S = -sum_i P_i ln P_i (nats) of the binned distribution, the
 * diversity D = exp(S), the bin-width-free estimate h = S + ln w, mean and
 * standard deviation, the two-mode fit (Eq. 1)
 *
 *   P(Q) = W (1/eps) exp(-Q/eps) + W' Q exp(-(Q - mu)^2 / (2 sigma^2))
 *
 * to the normalized density counts / (N w), and a bootstrap standard error of
 * S.  One implementation for the LAMMPS compute (a live list of barriers from
 * fix artn, or barriers read from logs) and the `pelstat spectrum` tool.
 *
 * Conventions:
 * - Bins are [lo + i w, lo + (i+1) w), the last one closed at hi.
 * - Automatic range (the default): lo = 0, hi = the largest barrier rounded up
 *   to a whole bin.  An explicit range with (hi - lo)/w not a whole number is
 *   widened: hi becomes lo + ceil((hi - lo)/w) w (result.hi says so).
 * - Barriers outside [lo, hi] and non-finite ones are counted in
 *   result.outside and not binned.  Every statistic (N, P_i, S, mean, std,
 *   fit) refers to the N barriers inside the range, so sum_i P_i = 1 and the
 *   density integrates to 1 over [lo, hi].
 * - The fit is unweighted least squares on (bin center, density) over all bins
 *   of the range, empty ones included, with W, W' >= 0, eps > 0, mu >= 0 and
 *   sigma >= w/2 (a histogram cannot resolve a mode narrower than a bin;
 *   without the floor least squares can chase a single noisy bin with
 *   sigma -> 0; with mu < 0 allowed, mu -> -inf and W' -> inf would turn mode
 *   II into a Q exp(-Q/lambda) tail).  Several starting points are derived from the data (mean,
 *   standard deviation, peak of the histogram); the solution with the
 *   smallest sum of squares is kept.  "W'" (result.Wp, the global vector's
 *   entry 9) is the fitted amplitude; result.Wp_norm is the W' implied by
 *   normalization: the value that makes the model integrate to 1 over
 *   [lo, hi] given the fitted W, eps, mu, sigma.
 * - Warnings are not errors: no barriers (N = 0, NaN statistics) or a fit that
 *   fails (NaN fit entries) return PEL_OK with result.flags set and
 *   result.message describing it; the caller shows it as a warning. */
#ifndef PEL_SPECTRUM_H
#define PEL_SPECTRUM_H

#include "pel_error.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  double bin;         /* bin width w > 0 (energy units); default 0.05 */
  int auto_range;     /* 1 (default): lo = 0, hi = largest barrier rounded up */
  double lo, hi;      /* explicit range when auto_range = 0; lo < hi */
  int fit;            /* 1 (default): fit the two-mode model */
  int fit_maxiter;    /* iterations per start of the fit; default 500 */
  int bootstrap;      /* number of resamples for the error of S; 0 (default) = off */
  unsigned long seed; /* seed of the bootstrap generator; default 1 */
  size_t max_bins;    /* refuse more bins than this; default 10^7 */
} pel_spectrum_params;

/* Fill p with the defaults above. */
void pel_spectrum_params_default(pel_spectrum_params *p);
/* PEL_EINVAL with a message naming the parameter ("bin", "range",
 * "bootstrap", ...) and its value when p is not usable. */
pel_status pel_spectrum_params_check(const pel_spectrum_params *p, pel_error *err);

/* result.flags */
enum {
  PEL_SPECTRUM_EMPTY = 1,            /* no barrier inside the range: N = 0, NaN statistics */
  PEL_SPECTRUM_FIT_FAILED = 2,       /* fit requested but failed: NaN fit entries */
  PEL_SPECTRUM_OUTSIDE = 4,          /* some barriers were outside the range */
  PEL_SPECTRUM_BOOTSTRAP_SKIPPED = 8 /* bootstrap requested but N < 2 */
};

/* Number of entries of the global vector / columns of the per-bin array. */
#define PEL_SPECTRUM_NVECTOR 14
#define PEL_SPECTRUM_NCOLUMNS 5

typedef struct {
  /* histogram */
  size_t n;           /* barriers inside the range (binned) */
  size_t outside;     /* barriers outside the range or not finite */
  double bin, lo, hi; /* the bins actually used */
  size_t nbins;
  /* statistics of the binned barriers (NaN if n = 0; std is NaN if n < 2) */
  double S, D, h;   /* nats; D = exp(S); h = S + ln w */
  double mean, std; /* std with the n - 1 denominator */
  /* two-mode fit (NaN when off or failed) */
  double W, eps, Wp, mu, sigma;
  double W_err, eps_err, Wp_err, mu_err, sigma_err; /* from the fit covariance */
  double Wp_norm;                                   /* W' implied by normalization over [lo, hi] */
  double r2;                                        /* 1 - SSR / sum (y - <y>)^2 */
  double ssr;                                       /* sum of squared residuals of the density */
  int fit_starts, fit_converged;                    /* starting points tried / that converged */
  /* bootstrap */
  double S_err; /* standard deviation of S over the resamples; 0 when off */
  /* warnings */
  int flags;
  char message[256];
  /* per bin, nbins entries each, owned by the pel_spectrum object and valid
   * until the next pel_spectrum_compute or pel_spectrum_free */
  const double *center;
  const long *count;
  const double *prob;    /* P_i = count / N */
  const double *density; /* P_i / w */
  const double *fitted;  /* model density at the center (NaN without a fit) */
} pel_spectrum_result;

typedef struct pel_spectrum pel_spectrum;

/* Workspace and result storage; reusable across calls (buffers only grow). */
pel_spectrum *pel_spectrum_alloc(void);
void pel_spectrum_free(pel_spectrum *s);

/* Analyse n barriers x[0..n-1].  Returns PEL_EINVAL for bad parameters,
 * PEL_ERANGE if the range needs more than max_bins bins, PEL_ENOMEM; warnings
 * (empty input, failed fit) return PEL_OK with result flags.  The result stays
 * valid until the next call. */
pel_status pel_spectrum_compute(pel_spectrum *s, const double *x, size_t n,
                                const pel_spectrum_params *p, pel_error *err);
const pel_spectrum_result *pel_spectrum_result_get(const pel_spectrum *s);

/* The spec's global vector (1-based i in the spec = v[i-1]): N, S, D, h, mean,
 * std, W, eps, W', mu, sigma, R^2, S_err, outside. */
void pel_spectrum_vector(const pel_spectrum_result *r, double v[PEL_SPECTRUM_NVECTOR]);
/* Row i (0-based) of the spec's global array: center, count, P_i, density,
 * fitted density. */
void pel_spectrum_row(const pel_spectrum_result *r, size_t i, double row[PEL_SPECTRUM_NCOLUMNS]);

/* The model density at q, and its integral over [a, b]. */
double pel_spectrum_model(double q, double W, double eps, double Wp, double mu, double sigma);
double pel_spectrum_model_integral(double a, double b, double W, double eps, double Wp, double mu,
                                   double sigma);

/* Shannon entropy -sum p_i ln p_i of counts c[0..k-1] normalized by their sum
 * (0 ln 0 = 0); NaN if the sum is 0. */
double pel_spectrum_entropy_counts(const long *c, size_t k);

#ifdef __cplusplus
}
#endif
#endif
