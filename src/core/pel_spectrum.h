/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * pelstat core: spectrum of activation barriers (Han et al., PRB 101, 064205
 * (2020), Sec. III B and D; docs/compute_barrier_spectrum.md).
 *
 * From a list of barriers: the histogram with bin width w on [lo, hi], the
 * Shannon entropy S = -sum_i P_i ln P_i (nats) of the binned distribution, the
 * diversity D = exp(S), the bin-width-free estimate h = S + ln w, mean and
 * standard deviation, the two-mode fit (Eq. 1)
 *
 *   P(Q) = W (1/eps) exp(-Q/eps) + W' Q exp(-(Q - mu)^2 / (2 sigma^2))
 *
 * to the normalized density counts / (N w), and a bootstrap standard error of
 * S (and, on request, the bootstrap spread of the fit's parameters).  One implementation for the
 * LAMMPS compute (a live list of barriers from fix artn, or barriers read from logs) and the
 * `pelstat spectrum` tool, and one table of parameters (pel_spectrum_params) that both fill and
 * this file checks.
 *
 * Conventions:
 * - Bins are half-open, [lo + i w, lo + (i+1) w): a barrier that equals an
 *   edge goes in the bin that starts at that edge.  "Equals" allows for the
 *   round-off of decimal numbers (0.3 / 0.05 is 5.999999999999999 in binary
 *   floating point, but 0.3 belongs to the bin [0.3, 0.35)): a value whose
 *   bin coordinate (v - lo)/w is within a few units in the last place of a
 *   whole number is on that edge.  With an explicit range the last bin is
 *   closed at hi, so a barrier equal to hi is counted in it.
 * - Automatic range (the default): lo = 0, hi = the first bin edge above the
 *   largest barrier (a largest barrier on an edge opens the bin that starts
 *   there).  An explicit range with (hi - lo)/w not a whole number is
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
 *   II into a Q exp(-Q/lambda) tail).  Several starting points are derived
 *   from the data (mean, standard deviation, peak of the histogram); the
 *   solution with the smallest sum of squares is kept.  "W'" (result.Wp, the
 *   global vector's entry 9) is the fitted amplitude; result.Wp_norm is the W'
 *   implied by normalization: the value that makes the model integrate to 1
 *   over [lo, hi] given the fitted W, eps, mu, sigma.
 * - The fit is skipped, with a sentence in result.fit_message saying why, when
 *   the sample cannot determine its 5 parameters or the work would be out of
 *   proportion: fewer than PEL_SPECTRUM_FIT_MIN_BARRIERS barriers (10 per
 *   parameter), fewer than PEL_SPECTRUM_FIT_MIN_BINS nonempty bins (one more
 *   than the parameters), or more than PEL_SPECTRUM_FIT_MAX_BINS bins.
 * - The bootstrap costs O(resamples x nonempty bins), and a fit per resample
 *   with bootstrap_fit; resamples are capped at PEL_SPECTRUM_BOOTSTRAP_MAX.
 * - Warnings are not errors: no barriers (N = 0, NaN statistics), a fit that
 *   is skipped or fails (NaN fit entries) return PEL_OK with result.flags set
 *   and result.message describing it; the caller shows it as a warning.
 * - GSL's error handler is switched off inside the calls of this module and
 *   the caller's handler restored before they return. */
#ifndef PEL_SPECTRUM_H
#define PEL_SPECTRUM_H

#include "pel_error.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Limits of the work. */
#define PEL_SPECTRUM_MAX_BINS 10000000L      /* bins of a histogram */
#define PEL_SPECTRUM_BOOTSTRAP_MAX 10000000L /* bootstrap resamples */
#define PEL_SPECTRUM_FIT_NPAR 5              /* parameters of the two-mode model */
#define PEL_SPECTRUM_FIT_MIN_BARRIERS 50     /* 10 barriers per fitted parameter */
#define PEL_SPECTRUM_FIT_MIN_BINS 6          /* nonempty bins: one more than the parameters */
#define PEL_SPECTRUM_FIT_MAX_BINS 2000       /* bins the fit runs over (work ~ bins) */

/* The parameters of a spectrum, one table for compute barrier/spectrum and
 * `pelstat spectrum`: the adaptors parse their words into it and call
 * pel_spectrum_params_check, which is the only place the values are checked.
 * Keywords (the compute's; the command line writes "--" before each, and
 * "--no-fit" for "fit no"): bin w, range lo hi, fit yes/no, bootstrap N,
 * seed S. */
typedef struct {
  double bin;         /* bin w: bin width > 0 (energy units); default 0.05 */
  int auto_range;     /* 1 (default): lo = 0, hi = above the largest barrier */
  double lo, hi;      /* range lo hi, when auto_range = 0: lo < hi, finite */
  int fit;            /* fit: 1 (default) fits the two-mode model */
  int fit_maxiter;    /* iterations per start of the fit; default 500 */
  long bootstrap;     /* bootstrap N: resamples for the error of S, 0 (default, off)
                         to PEL_SPECTRUM_BOOTSTRAP_MAX */
  int bootstrap_fit;  /* 1: the bootstrap also refits every resample (result *_boot);
                         default 0 */
  long seed;          /* seed S of the bootstrap, >= 0 (all 63 bits count); default 1 */
  long max_bins;      /* refuse more bins than this; default PEL_SPECTRUM_MAX_BINS */
  const char *prefix; /* written before keyword names in messages: "" (default,
                         the compute's keywords) or "--" (the command line's) */
} pel_spectrum_params;

/* Fill p with the defaults above. */
void pel_spectrum_params_default(pel_spectrum_params *p);
/* PEL_EINVAL with a message that names the keyword as the user writes it
 * (p->prefix + "bin", ...) and its value when p is not usable; PEL_ERANGE
 * when an explicit range needs more than max_bins bins. */
pel_status pel_spectrum_params_check(const pel_spectrum_params *p, pel_error *err);
/* Number of values that keyword `word` takes (bin 1, range 2, fit 1,
 * bootstrap 1, seed 1), or -1 if it is not a keyword of the spectrum. */
int pel_spectrum_keyword_nvalues(const char *word);

/* result.flags */
enum {
  PEL_SPECTRUM_EMPTY = 1,             /* no barrier inside the range: N = 0, NaN statistics */
  PEL_SPECTRUM_FIT_FAILED = 2,        /* fit requested but failed: NaN fit entries */
  PEL_SPECTRUM_OUTSIDE = 4,           /* some barriers were outside the range */
  PEL_SPECTRUM_BOOTSTRAP_SKIPPED = 8, /* bootstrap requested but N < 2 */
  PEL_SPECTRUM_FIT_SKIPPED = 16       /* fit requested but not run (result.fit_message says why) */
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
  /* with bootstrap_fit: the spread of W, eps, W', mu, sigma over the
   * resamples whose fit converged, half the range between their 15.87th and
   * 84.13th percentiles (the standard deviation of a normal distribution;
   * robust to a resample whose fit runs off); NaN without a fit or with fewer
   * than 2 */
  double W_boot, eps_boot, Wp_boot, mu_boot, sigma_boot;
  long fit_boot_converged; /* resamples whose fit converged */
  /* warnings */
  int flags;
  char message[512];     /* every warning, "; "-separated */
  char fit_message[256]; /* why there is no fit (skipped or failed), "" otherwise */
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

/* The compute's global vector (entry i of docs/compute_barrier_spectrum.md is
 * v[i-1]): N, S, D, h, mean,
 * std, W, eps, W', mu, sigma, R^2, S_err, outside. */
void pel_spectrum_vector(const pel_spectrum_result *r, double v[PEL_SPECTRUM_NVECTOR]);
/* Row i (0-based) of the compute's global array: center, count, P_i, density,
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
