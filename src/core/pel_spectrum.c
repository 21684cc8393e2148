/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * pelstat core: spectrum of activation barriers (see pel_spectrum.h). */
#include "pel_spectrum.h"

#include <Random123/philox.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_vector.h>

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#ifndef M_SQRT2
#define M_SQRT2 1.41421356237309504880
#endif

#define NPAR PEL_SPECTRUM_FIT_NPAR

/* Convergence tests of gsl_multifit_nlinear_driver (tight: the fit is small). */
#define FIT_XTOL 1e-12
#define FIT_GTOL 1e-12
#define FIT_FTOL 0.0
/* Largest exponent handed to exp() in the model, to keep it finite. */
#define EXP_MAX 700.0

/* A value whose bin coordinate (v - lo)/w is within EDGE_ULPS units in the
 * last place (of the operands) of a whole number is on that bin edge: the
 * round-off of decimal edges such as 0.3 = 6 x 0.05. */
#define EDGE_ULPS 8.0

/* The bin coordinate (v - lo)/w, put on the nearest whole number when it is
 * within round-off of it, so that the value goes in the bin that starts at
 * that edge. */
static double bin_coord(double v, double lo, double w)
{
  double f = (v - lo) / w, r = nearbyint(f);
  double tol = EDGE_ULPS * DBL_EPSILON * (fabs(v) + fabs(lo)) / w;
  return fabs(f - r) <= tol ? r : f;
}

/* The bin of v among nbins bins from lo (the last one closed), or -1 when v
 * is outside or not finite. */
static long bin_of(double v, double lo, double w, size_t nbins)
{
  if (!isfinite(v) || nbins == 0) return -1;
  double c = bin_coord(v, lo, w);
  if (!(c >= 0.0) || c > (double)nbins) return -1;
  return c >= (double)nbins ? (long)nbins - 1 : (long)c;
}

/* A bin count for a message: whole up to 1e15, then in exponent form. */
static void format_count(char *buf, size_t size, double nb)
{
  if (isfinite(nb))
    snprintf(buf, size, nb <= 1e15 ? "%.0f" : "%.3g", nb);
  else
    snprintf(buf, size, "more than %.3g", DBL_MAX);
}

/* ------------------------------------------------ bootstrap generator */

/* The bootstrap's random numbers: Random123 Philox-4x64-10 keyed with the
 * whole 64-bit seed, as a GSL generator so that gsl_ran_multinomial can draw
 * from it.  Resample b reads the counter stream (b, 0), (b, 1), ...: it is a
 * function of (seed, b) alone.  (GSL's own generators take the seed modulo
 * 2^32 and some map seed 0 to another seed, so distinct seeds would give the
 * same resamples.) */
#define BOOT_TAG UINT64_C(0x626f6f7473747270) /* "bootstrp" */

typedef struct {
  uint64_t seed, stream, ctr;
  uint64_t buf[4];
  int nbuf;
} boot_state;

static void boot_start(boot_state *st, uint64_t seed, uint64_t stream)
{
  st->seed = seed;
  st->stream = stream;
  st->ctr = 0;
  st->nbuf = 0;
}

static uint64_t boot_next(boot_state *st)
{
  if (st->nbuf == 0) {
    philox4x64_ctr_t c = {{st->stream, st->ctr++, 0, 0}};
    philox4x64_key_t k = {{st->seed, BOOT_TAG}};
    philox4x64_ctr_t r = philox4x64(c, k);
    memcpy(st->buf, r.v, sizeof st->buf);
    st->nbuf = 4;
  }
  return st->buf[--st->nbuf];
}

static void boot_set(void *state, unsigned long seed)
{
  boot_start(state, (uint64_t)seed, 0);
}
static unsigned long boot_get(void *state)
{
  return (unsigned long)(boot_next(state) >> 32);
}
static double boot_get_double(void *state)
{
  return (double)(boot_next(state) >> 11) * (1.0 / 9007199254740992.0); /* [0, 1) */
}

static const gsl_rng_type boot_rng_type = {
    "pelstat_philox4x64", 0xffffffffUL, 0, sizeof(boot_state), boot_set, boot_get, boot_get_double};

struct pel_spectrum {
  pel_spectrum_result res;
  size_t cap;
  double *center, *prob, *density, *fitted;
  long *count;
  double *boot_prob;    /* P_i of the nonempty bins */
  unsigned int *boot;   /* counts of a resample, nonempty bins */
  size_t *boot_index;   /* bin of each nonempty bin */
  double *boot_density; /* density of a resample, every bin */
  gsl_rng *rng;
};

/* ============================================================ parameters */

static const struct {
  const char *name;
  int nvalues;
} keywords[] = {{"bin", 1}, {"range", 2}, {"fit", 1}, {"bootstrap", 1}, {"seed", 1}};

int pel_spectrum_keyword_nvalues(const char *word)
{
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
    if (strcmp(word, keywords[i].name) == 0) return keywords[i].nvalues;
  return -1;
}

void pel_spectrum_params_default(pel_spectrum_params *p)
{
  p->bin = 0.05;
  p->auto_range = 1;
  p->lo = 0.0;
  p->hi = 0.0;
  p->fit = 1;
  p->fit_maxiter = 500;
  p->bootstrap = 0;
  p->bootstrap_fit = 0;
  p->seed = 1;
  p->max_bins = PEL_SPECTRUM_MAX_BINS;
  p->prefix = "";
}

pel_status pel_spectrum_params_check(const pel_spectrum_params *p, pel_error *err)
{
  const char *k = p->prefix ? p->prefix : "";
  if (!(p->bin > 0.0))
    return pel_error_set(err, PEL_EINVAL, "%sbin must be > 0, got %g", k, p->bin);
  if (!isfinite(p->bin))
    return pel_error_set(err, PEL_EINVAL, "%sbin must be finite, got %g", k, p->bin);
  if (p->max_bins < 1)
    return pel_error_set(err, PEL_EINVAL, "max_bins must be >= 1, got %ld", p->max_bins);
  if (!p->auto_range) {
    if (!isfinite(p->lo) || !isfinite(p->hi))
      return pel_error_set(err, PEL_EINVAL, "%srange must be finite, got %g %g", k, p->lo, p->hi);
    if (!(p->lo < p->hi))
      return pel_error_set(err, PEL_EINVAL, "%srange needs lo < hi, got lo = %g, hi = %g", k, p->lo,
                           p->hi);
    double nb = ceil(bin_coord(p->hi, p->lo, p->bin));
    if (!(nb <= (double)p->max_bins)) {
      char count[32];
      format_count(count, sizeof count, nb);
      return pel_error_set(err, PEL_ERANGE,
                           "%srange %g %g with %sbin %g needs %s bins; the limit is %ld", k, p->lo,
                           p->hi, k, p->bin, count, p->max_bins);
    }
  }
  if (p->bootstrap < 0 || p->bootstrap > PEL_SPECTRUM_BOOTSTRAP_MAX)
    return pel_error_set(err, PEL_EINVAL, "%sbootstrap must be from 0 to %ld, got %ld", k,
                         PEL_SPECTRUM_BOOTSTRAP_MAX, p->bootstrap);
  if (p->seed < 0)
    return pel_error_set(err, PEL_EINVAL, "%sseed must be >= 0, got %ld", k, p->seed);
  if (p->fit_maxiter < 1)
    return pel_error_set(err, PEL_EINVAL, "fit iterations must be >= 1, got %d", p->fit_maxiter);
  return PEL_OK;
}

pel_spectrum *pel_spectrum_alloc(void)
{
  pel_spectrum *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  gsl_error_handler_t *old = gsl_set_error_handler_off();
  s->rng = gsl_rng_alloc(&boot_rng_type);
  gsl_set_error_handler(old);
  if (!s->rng) {
    free(s);
    return NULL;
  }
  return s;
}

static void free_bins(pel_spectrum *s)
{
  free(s->center);
  free(s->prob);
  free(s->density);
  free(s->fitted);
  free(s->count);
  free(s->boot_prob);
  free(s->boot);
  free(s->boot_index);
  free(s->boot_density);
  s->center = s->prob = s->density = s->fitted = s->boot_prob = s->boot_density = NULL;
  s->count = NULL;
  s->boot = NULL;
  s->boot_index = NULL;
  s->cap = 0;
}

void pel_spectrum_free(pel_spectrum *s)
{
  if (!s) return;
  free_bins(s);
  gsl_rng_free(s->rng);
  free(s);
}

const pel_spectrum_result *pel_spectrum_result_get(const pel_spectrum *s)
{
  return &s->res;
}

static pel_status reserve(pel_spectrum *s, size_t k, pel_error *err)
{
  if (k <= s->cap) return PEL_OK;
  free_bins(s);
  s->center = malloc(k * sizeof(double));
  s->prob = malloc(k * sizeof(double));
  s->density = malloc(k * sizeof(double));
  s->fitted = malloc(k * sizeof(double));
  s->count = malloc(k * sizeof(long));
  s->boot_prob = malloc(k * sizeof(double));
  s->boot = malloc(k * sizeof(unsigned int));
  s->boot_index = malloc(k * sizeof(size_t));
  s->boot_density = malloc(k * sizeof(double));
  if (!s->center || !s->prob || !s->density || !s->fitted || !s->count || !s->boot_prob ||
      !s->boot || !s->boot_index || !s->boot_density) {
    free_bins(s);
    return pel_error_set(err, PEL_ENOMEM, "spectrum: cannot allocate %zu bins", k);
  }
  s->cap = k;
  return PEL_OK;
}

/* ============================================================== entropy */

double pel_spectrum_entropy_counts(const long *c, size_t k)
{
  /* S = ln N - (1/N) sum c ln c, exact for integer counts */
  double n = 0.0, sum = 0.0;
  for (size_t i = 0; i < k; i++) n += (double)c[i];
  if (!(n > 0.0)) return NAN;
  for (size_t i = 0; i < k; i++)
    if (c[i] > 0) sum += (double)c[i] * log((double)c[i]);
  return log(n) - sum / n;
}

static double entropy_uint(const unsigned int *c, size_t k)
{
  double n = 0.0, sum = 0.0;
  for (size_t i = 0; i < k; i++) n += (double)c[i];
  if (!(n > 0.0)) return NAN;
  for (size_t i = 0; i < k; i++)
    if (c[i] > 0) sum += (double)c[i] * log((double)c[i]);
  return log(n) - sum / n;
}

/* ================================================================ model */

static double clamp_exp(double a)
{
  return exp(a > EXP_MAX ? EXP_MAX : a);
}

double pel_spectrum_model(double q, double W, double eps, double Wp, double mu, double sigma)
{
  double d = q - mu;
  return W * clamp_exp(-q / eps - log(eps)) + Wp * q * exp(-d * d / (2.0 * sigma * sigma));
}

/* Integral of q exp(-(q-mu)^2/(2 sigma^2)) over [a, b]. */
static double mode2_integral(double a, double b, double mu, double sigma)
{
  double s2 = sigma * sigma, da = a - mu, db = b - mu;
  double r = s2 * (exp(-da * da / (2.0 * s2)) - exp(-db * db / (2.0 * s2)));
  r += mu * sigma * sqrt(M_PI / 2.0) *
       (gsl_sf_erf(db / (sigma * M_SQRT2)) - gsl_sf_erf(da / (sigma * M_SQRT2)));
  return r;
}

double pel_spectrum_model_integral(double a, double b, double W, double eps, double Wp, double mu,
                                   double sigma)
{
  return W * (clamp_exp(-a / eps) - clamp_exp(-b / eps)) + Wp * mode2_integral(a, b, mu, sigma);
}

/* ================================================================== fit */

/* Fit parameters: W = p0^2, eps = exp(p1), W' = p2^2, mu = p3^2,
 * sigma = sigma_min + p4^2 with sigma_min = w/2: W, W', mu >= 0 and
 * eps, sigma > 0 without bounds in the solver.  Squares reach their bound (a pure mode, or
 * the sigma floor) at a stationary point, so such fits converge.  The floor on
 * sigma: a histogram cannot resolve a mode narrower than a bin, and without
 * it least squares chases one noisy bin with sigma -> 0, an infimum that is
 * never attained (the iteration would run to its limit).  Likewise mu >= 0
 * (mu is the position of the mode-II peak): with mu -> -inf and W' -> inf the
 * mode-II term turns into a Q exp(-Q/lambda) tail, another unattained limit. */
typedef struct {
  size_t k;
  const double *x, *y;
  double sigma_min;
} fit_data;

static void unpack(const gsl_vector *p, double smin, double q[NPAR])
{
  double p0 = gsl_vector_get(p, 0), p2 = gsl_vector_get(p, 2), p4 = gsl_vector_get(p, 4);
  q[0] = p0 * p0;
  q[1] = exp(gsl_vector_get(p, 1));
  q[2] = p2 * p2;
  q[3] = gsl_vector_get(p, 3) * gsl_vector_get(p, 3);
  q[4] = smin + p4 * p4;
}

static int fit_f(const gsl_vector *p, void *data, gsl_vector *f)
{
  const fit_data *d = data;
  double q[NPAR];
  unpack(p, d->sigma_min, q);
  for (size_t i = 0; i < d->k; i++)
    gsl_vector_set(f, i, pel_spectrum_model(d->x[i], q[0], q[1], q[2], q[3], q[4]) - d->y[i]);
  return GSL_SUCCESS;
}

/* Derivatives of the model with respect to the physical parameters
 * (W, eps, W', mu, sigma) at x. */
static void model_grad(double x, const double q[NPAR], double g[NPAR])
{
  double W = q[0], eps = q[1], Wp = q[2], mu = q[3], sig = q[4];
  double e = clamp_exp(-x / eps - log(eps)); /* exp(-x/eps)/eps */
  double d = x - mu, s2 = sig * sig;
  double gg = exp(-d * d / (2.0 * s2));
  g[0] = e;
  g[1] = W * e * (x / eps - 1.0) / eps;
  g[2] = x * gg;
  g[3] = Wp * x * gg * d / s2;
  g[4] = Wp * x * gg * d * d / (s2 * sig);
}

static int fit_df(const gsl_vector *p, void *data, gsl_matrix *J)
{
  const fit_data *d = data;
  double q[NPAR], g[NPAR];
  unpack(p, d->sigma_min, q);
  /* chain rule of the reparametrization */
  double c[NPAR] = {2.0 * gsl_vector_get(p, 0), q[1], 2.0 * gsl_vector_get(p, 2),
                    2.0 * gsl_vector_get(p, 3), 2.0 * gsl_vector_get(p, 4)};
  for (size_t i = 0; i < d->k; i++) {
    model_grad(d->x[i], q, g);
    for (int j = 0; j < NPAR; j++) gsl_matrix_set(J, i, j, g[j] * c[j]);
  }
  return GSL_SUCCESS;
}

static double ssr_of(const gsl_vector *f)
{
  double r = 0.0;
  for (size_t i = 0; i < f->size; i++) {
    double v = gsl_vector_get(f, i);
    r += v * v;
  }
  return r;
}

static int finite_params(const double q[NPAR])
{
  for (int j = 0; j < NPAR; j++)
    if (!isfinite(q[j])) return 0;
  return q[1] > 0.0 && q[4] > 0.0;
}

/* Starting points (W, eps, mu, sigma; W' from normalization) derived from the
 * sample: mean m, standard deviation sd, the peak of the histogram xp. */
static int fit_starts(const pel_spectrum_result *r, double starts[][NPAR], int max)
{
  double m = r->mean, sd = r->std, w = r->bin;
  if (!(sd > 0.0)) sd = w;
  size_t ip = 0;
  for (size_t i = 1; i < r->nbins; i++)
    if (r->density[i] > r->density[ip]) ip = i;
  double xp = r->center[ip];
  double m0 = m > w ? m : w;                         /* a positive scale */
  double mu_peak = xp - sd * sd / (xp > w ? xp : w); /* mode-II mode at xp */
  const double tmpl[][4] = {
      /* W, eps, mu, sigma */
      {0.9, m0, m, sd},          /* mostly mode I */
      {1e-3, 0.25 * m0, xp, sd}, /* mostly mode II, peak at the histogram's */
      {1e-3, 0.25 * m0, mu_peak, sd},
      {1e-3, 0.25 * m0, m, 0.5 * sd},
      {0.3, 0.25 * m0, xp, sd}, /* mixtures */
      {0.5, 0.5 * m0, m, sd},
      {0.3, 0.25 * m0, mu_peak, 0.5 * sd},
      {0.7, 0.5 * m0, m + sd, 0.5 * sd},
  };
  int n = (int)(sizeof tmpl / sizeof tmpl[0]);
  if (n > max) n = max;
  for (int k = 0; k < n; k++) {
    double W = tmpl[k][0], eps = tmpl[k][1], mu = tmpl[k][2], sig = tmpl[k][3];
    double i2 = mode2_integral(r->lo, r->hi, mu, sig);
    double mass1 = W * (clamp_exp(-r->lo / eps) - clamp_exp(-r->hi / eps));
    double Wp = i2 > 0.0 ? (1.0 - mass1) / i2 : 1.0;
    if (!(Wp > 0.0) || !isfinite(Wp)) Wp = 1e-3 / (r->hi > 0 ? r->hi * r->hi : 1.0);
    starts[k][0] = W;
    starts[k][1] = eps;
    starts[k][2] = Wp;
    starts[k][3] = mu;
    starts[k][4] = sig;
  }
  return n;
}

static void set_fit_nan(pel_spectrum *s)
{
  pel_spectrum_result *r = &s->res;
  r->W = r->eps = r->Wp = r->mu = r->sigma = NAN;
  r->W_err = r->eps_err = r->Wp_err = r->mu_err = r->sigma_err = NAN;
  r->Wp_norm = r->r2 = r->ssr = NAN;
  for (size_t i = 0; i < r->nbins; i++) s->fitted[i] = NAN;
}

static void warn(pel_spectrum_result *r, int flag, const char *text)
{
  size_t len = strlen(r->message);
  r->flags |= flag;
  snprintf(r->message + len, sizeof r->message - len, "%s%s", len ? "; " : "", text);
}

/* Why the fit cannot run on this histogram (a sentence into text), or 0 if
 * it can: the sample must determine five parameters, and the work is bounded
 * by the number of bins. */
static int fit_skip_reason(const pel_spectrum *s, char *text, size_t size)
{
  const pel_spectrum_result *r = &s->res;
  size_t nonempty = 0;
  for (size_t i = 0; i < r->nbins; i++) nonempty += s->count[i] > 0;
  if (r->n < PEL_SPECTRUM_FIT_MIN_BARRIERS)
    snprintf(text, size,
             "two-mode fit skipped: %zu barrier%s; fitting the model's %d parameters needs at "
             "least %d barriers (10 per parameter)",
             r->n, r->n == 1 ? "" : "s", NPAR, PEL_SPECTRUM_FIT_MIN_BARRIERS);
  else if (nonempty < PEL_SPECTRUM_FIT_MIN_BINS)
    snprintf(text, size,
             "two-mode fit skipped: the barriers fill %zu bin%s; fitting the model's %d "
             "parameters needs at least %d nonempty bins (a narrower bin)",
             nonempty, nonempty == 1 ? "" : "s", NPAR, PEL_SPECTRUM_FIT_MIN_BINS);
  else if (r->nbins > PEL_SPECTRUM_FIT_MAX_BINS)
    snprintf(text, size,
             "two-mode fit skipped: %zu bins, more than the %d the fit runs over (a wider bin, "
             "or a range that leaves out outlying barriers)",
             r->nbins, PEL_SPECTRUM_FIT_MAX_BINS);
  else
    return 0;
  return 1;
}

static void fit_missing(pel_spectrum_result *r, int flag, const char *text)
{
  snprintf(r->fit_message, sizeof r->fit_message, "%s", text);
  warn(r, flag, text);
}

/* The fit's GSL work space for k bins. */
typedef struct {
  gsl_multifit_nlinear_workspace *ws;
  gsl_vector *p0, *best;
} fitter;

static void fitter_free(fitter *f)
{
  if (f->ws) gsl_multifit_nlinear_free(f->ws);
  if (f->p0) gsl_vector_free(f->p0);
  if (f->best) gsl_vector_free(f->best);
  memset(f, 0, sizeof *f);
}

static int fitter_alloc(fitter *f, size_t k)
{
  gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
  f->ws = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, k, NPAR);
  f->p0 = gsl_vector_alloc(NPAR);
  f->best = gsl_vector_alloc(NPAR);
  if (f->ws && f->p0 && f->best) return 1;
  fitter_free(f);
  return 0;
}

/* Least squares of the model to density[0..nbins-1] at the bins' centers,
 * from the starting points fit_starts derives from r (whose density, mean
 * and std describe the same histogram), the best solution polished once
 * more.  Returns the sum of squared residuals (INFINITY when no start
 * converged) with the physical parameters in q; *nstart and *nconv get the
 * starts tried and those that converged. */
static double fit_density(fitter *f, const pel_spectrum_result *r, const double *density,
                          int maxiter, double q[NPAR], int *nstart, int *nconv)
{
  const double smin = 0.5 * r->bin;
  fit_data data = {r->nbins, r->center, density, smin};
  gsl_multifit_nlinear_fdf fdf;
  fdf.f = fit_f;
  fdf.df = fit_df;
  fdf.fvv = NULL;
  fdf.n = r->nbins;
  fdf.p = NPAR;
  fdf.params = &data;
  double starts[16][NPAR];
  const int ns = fit_starts(r, starts, 16);
  double best_ssr = INFINITY;
  int nc = 0;
  for (int st = 0; st < ns + 1; st++) {
    if (st < ns) {
      gsl_vector_set(f->p0, 0, sqrt(starts[st][0]));
      gsl_vector_set(f->p0, 1, log(starts[st][1]));
      gsl_vector_set(f->p0, 2, sqrt(starts[st][2]));
      gsl_vector_set(f->p0, 3, sqrt(fmax(starts[st][3], smin)));
      gsl_vector_set(f->p0, 4, sqrt(fmax(starts[st][4] - smin, 0.1 * smin)));
    } else {
      if (!isfinite(best_ssr)) break;
      gsl_vector_memcpy(f->p0, f->best); /* polish the best solution once more */
    }
    if (gsl_multifit_nlinear_init(f->p0, &fdf, f->ws) != GSL_SUCCESS) continue;
    int info = 0;
    int status = gsl_multifit_nlinear_driver((size_t)maxiter, FIT_XTOL, FIT_GTOL, FIT_FTOL, NULL,
                                             NULL, &info, f->ws);
    if (status != GSL_SUCCESS && status != GSL_ENOPROG) continue;
    double qq[NPAR];
    unpack(f->ws->x, smin, qq);
    double ssr = ssr_of(f->ws->f);
    if (!finite_params(qq) || !isfinite(ssr)) continue;
    if (st < ns) nc++;
    if (ssr < best_ssr) {
      best_ssr = ssr;
      gsl_vector_memcpy(f->best, f->ws->x);
    }
  }
  if (isfinite(best_ssr)) unpack(f->best, smin, q);
  *nstart = ns;
  *nconv = nc;
  return best_ssr;
}

static pel_status do_fit(pel_spectrum *s, const pel_spectrum_params *p, pel_error *err)
{
  pel_spectrum_result *r = &s->res;
  size_t k = r->nbins;
  set_fit_nan(s);
  char text[256];
  if (fit_skip_reason(s, text, sizeof text)) {
    fit_missing(r, PEL_SPECTRUM_FIT_SKIPPED, text);
    return PEL_OK;
  }

  fitter f = {0};
  gsl_matrix *J = gsl_matrix_alloc(k, NPAR), *cov = gsl_matrix_alloc(NPAR, NPAR);
  if (!fitter_alloc(&f, k) || !J || !cov) {
    fitter_free(&f);
    if (J) gsl_matrix_free(J);
    if (cov) gsl_matrix_free(cov);
    return pel_error_set(err, PEL_ENOMEM, "spectrum fit: out of memory");
  }

  double q[NPAR], g[NPAR];
  int nstart = 0, nconv = 0;
  const double best_ssr = fit_density(&f, r, s->density, p->fit_maxiter, q, &nstart, &nconv);
  r->fit_starts = nstart;
  r->fit_converged = nconv;

  if (isfinite(best_ssr)) {
    r->W = q[0];
    r->eps = q[1];
    r->Wp = q[2];
    r->mu = q[3];
    r->sigma = q[4];
    r->ssr = best_ssr;
    double ymean = 0.0, sst = 0.0;
    for (size_t i = 0; i < k; i++) ymean += s->density[i];
    ymean /= (double)k;
    for (size_t i = 0; i < k; i++) {
      double d = s->density[i] - ymean;
      sst += d * d;
      s->fitted[i] = pel_spectrum_model(s->center[i], q[0], q[1], q[2], q[3], q[4]);
      model_grad(s->center[i], q, g);
      for (int j = 0; j < NPAR; j++) gsl_matrix_set(J, i, j, g[j]);
    }
    r->r2 = sst > 0.0 ? 1.0 - best_ssr / sst : (best_ssr == 0.0 ? 1.0 : NAN);
    double i2 = mode2_integral(r->lo, r->hi, q[3], q[4]);
    double mass1 = q[0] * (clamp_exp(-r->lo / q[1]) - clamp_exp(-r->hi / q[1]));
    r->Wp_norm = i2 > 0.0 ? (1.0 - mass1) / i2 : NAN;
    /* Standard errors of the physical parameters: s^2 (J^T J)^-1 with J the
     * model's Jacobian in (W, eps, W', mu, sigma) and s^2 = SSR / (k - 5).
     * A parameter the data do not determine (mu, sigma when W' = 0) gets NaN. */
    double *errs[NPAR] = {&r->W_err, &r->eps_err, &r->Wp_err, &r->mu_err, &r->sigma_err};
    if (gsl_multifit_nlinear_covar(J, 1e-10, cov) == GSL_SUCCESS) {
      double s2 = best_ssr / (double)(k - NPAR);
      for (int j = 0; j < NPAR; j++) {
        double v = gsl_matrix_get(cov, j, j);
        *errs[j] = v > 0.0 ? sqrt(v * s2) : NAN;
      }
    }
  } else {
    snprintf(text, sizeof text, "two-mode fit did not converge from any of %d starting points",
             nstart);
    fit_missing(r, PEL_SPECTRUM_FIT_FAILED, text);
  }

  fitter_free(&f);
  gsl_matrix_free(J);
  gsl_matrix_free(cov);
  return PEL_OK;
}

/* ============================================================ bootstrap */

static int cmp_double(const void *a, const void *b)
{
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Half the range between the 15.87th and 84.13th percentiles of parameter j
 * of the n fits in vals (sorted in place by that parameter): the standard
 * deviation for a normal distribution, and unmoved by the few resamples whose
 * fit runs off (an eps of 1e30 when mode I vanishes).  Percentiles by linear
 * interpolation between order statistics. */
static double central_spread(double *vals, long n, int j)
{
  double *x = malloc((size_t)n * sizeof *x);
  if (!x) return NAN;
  for (long b = 0; b < n; b++) x[b] = vals[(size_t)b * NPAR + (size_t)j];
  qsort(x, (size_t)n, sizeof *x, cmp_double);
  double q[2], p[2] = {0.158655253931457, 0.841344746068543}; /* Phi(-1), Phi(1) */
  for (int k = 0; k < 2; k++) {
    const double h = p[k] * (double)(n - 1);
    const long i = (long)floor(h);
    q[k] = i + 1 < n ? x[i] + (h - (double)i) * (x[i + 1] - x[i]) : x[n - 1];
  }
  free(x);
  return 0.5 * (q[1] - q[0]);
}

/* Resampling N barriers with replacement and binning them is the same as
 * drawing the bin counts from a multinomial(N, P_i): S depends on the counts
 * only.  Empty bins stay empty, so each resample costs O(nonempty bins), not
 * O(N) or O(bins).  With p->bootstrap_fit (and a fit of the sample) each
 * resample's histogram is fitted too, from starting points derived from the
 * resample (its mean and standard deviation from the bin centers). */
static pel_status bootstrap(pel_spectrum *s, const pel_spectrum_params *p, pel_error *err)
{
  pel_spectrum_result *r = &s->res; /* *_boot NaN, fit_boot_converged 0: set by compute() */
  if (p->bootstrap == 0) {
    r->S_err = 0.0;
    return PEL_OK;
  }
  if (r->n < 2 || r->n > UINT_MAX) {
    r->S_err = NAN;
    warn(r, PEL_SPECTRUM_BOOTSTRAP_SKIPPED,
         r->n < 2 ? "bootstrap skipped: fewer than 2 barriers"
                  : "bootstrap skipped: more than 4294967295 barriers");
    return PEL_OK;
  }
  size_t nz = 0;
  for (size_t i = 0; i < r->nbins; i++)
    if (s->count[i] > 0) {
      s->boot_index[nz] = i;
      s->boot_prob[nz++] = s->prob[i];
    }
  fitter f = {0};
  const int refit = p->bootstrap_fit && isfinite(r->W);
  double *vals = NULL; /* the fitted parameters of resample b: vals[b * NPAR ..] */
  if (refit && (!fitter_alloc(&f, r->nbins) ||
                !(vals = malloc((size_t)p->bootstrap * NPAR * sizeof *vals)))) {
    fitter_free(&f);
    return pel_error_set(err, PEL_ENOMEM, "spectrum bootstrap of the fit: out of memory");
  }
  pel_spectrum_result rb = *r; /* a resample's histogram, for the fit's starting points */
  rb.density = s->boot_density;
  const double N = (double)r->n, w = r->bin;
  double *fit_out[NPAR] = {&r->W_boot, &r->eps_boot, &r->Wp_boot, &r->mu_boot, &r->sigma_boot};
  long nfit = 0;
  boot_state *st = gsl_rng_state(s->rng);
  double mean = 0.0, m2 = 0.0;
  for (long b = 0; b < p->bootstrap; b++) {
    boot_start(st, (uint64_t)p->seed, (uint64_t)b);
    gsl_ran_multinomial(s->rng, nz, (unsigned int)r->n, s->boot_prob, s->boot);
    double v = entropy_uint(s->boot, nz), d = v - mean;
    mean += d / (double)(b + 1);
    m2 += d * (v - mean);
    if (!refit) continue;
    double sx = 0.0, sxx = 0.0;
    for (size_t i = 0; i < r->nbins; i++) s->boot_density[i] = 0.0;
    for (size_t z = 0; z < nz; z++) {
      const double c = (double)s->boot[z], x = s->center[s->boot_index[z]];
      s->boot_density[s->boot_index[z]] = c / (N * w);
      sx += c * x;
      sxx += c * x * x;
    }
    rb.mean = sx / N;
    rb.std = sqrt(fmax(0.0, (sxx - sx * sx / N) / (N - 1.0)));
    double q[NPAR];
    int ns, nc;
    if (!isfinite(fit_density(&f, &rb, s->boot_density, p->fit_maxiter, q, &ns, &nc))) continue;
    memcpy(vals + (size_t)nfit * NPAR, q, sizeof q);
    nfit++;
  }
  r->S_err = p->bootstrap > 1 ? sqrt(m2 / (double)(p->bootstrap - 1)) : 0.0;
  if (refit) {
    fitter_free(&f);
    r->fit_boot_converged = nfit;
    if (nfit > 1)
      for (int j = 0; j < NPAR; j++) *fit_out[j] = central_spread(vals, nfit, j);
    free(vals);
  }
  return PEL_OK;
}

/* =============================================================== driver */

static pel_status compute(pel_spectrum *s, const double *x, size_t n, const pel_spectrum_params *p,
                          pel_error *err)
{
  pel_status st = pel_spectrum_params_check(p, err);
  if (st != PEL_OK) return st;
  const char *k = p->prefix ? p->prefix : "";
  pel_spectrum_result *r = &s->res;
  memset(r, 0, sizeof *r);
  r->bin = p->bin;
  const double w = p->bin;

  /* range and number of bins (see bin_coord for values on an edge) */
  double lo, nb;
  if (p->auto_range) {
    lo = 0.0;
    double xmax = -INFINITY;
    for (size_t i = 0; i < n; i++)
      if (isfinite(x[i]) && x[i] > xmax && bin_coord(x[i], lo, w) >= 0.0) xmax = x[i];
    /* the largest barrier opens the bin that starts at or below it */
    nb = isfinite(xmax) ? floor(bin_coord(xmax, lo, w)) + 1.0 : 0.0;
    if (!(nb <= (double)p->max_bins)) {
      char count[32];
      format_count(count, sizeof count, nb);
      return pel_error_set(err, PEL_ERANGE,
                           "%sbin %g gives %s bins up to the largest barrier %g; "
                           "the limit is %ld",
                           k, w, count, xmax, p->max_bins);
    }
  } else {
    lo = p->lo;
    nb = ceil(bin_coord(p->hi, lo, w)); /* <= max_bins: checked with the parameters */
    if (nb < 1.0) nb = 1.0;
  }
  const size_t nbins = (size_t)nb;
  if ((st = reserve(s, nbins > 0 ? nbins : 1, err)) != PEL_OK) return st;
  r->lo = lo;
  r->hi = lo + (double)nbins * w;
  r->nbins = nbins;
  r->center = s->center;
  r->count = s->count;
  r->prob = s->prob;
  r->density = s->density;
  r->fitted = s->fitted;

  /* histogram */
  for (size_t i = 0; i < nbins; i++) {
    s->center[i] = lo + ((double)i + 0.5) * w;
    s->count[i] = 0;
    s->fitted[i] = NAN;
  }
  double sum = 0.0;
  for (size_t i = 0; i < n; i++) {
    long b = bin_of(x[i], lo, w, nbins);
    if (b < 0) {
      r->outside++;
      continue;
    }
    s->count[b]++;
    r->n++;
    sum += x[i];
  }
  if (r->outside) {
    char text[128];
    snprintf(text, sizeof text, "%zu barriers outside the range [%g, %g]", r->outside, lo, r->hi);
    warn(r, PEL_SPECTRUM_OUTSIDE, text);
  }

  r->S = r->D = r->h = r->mean = r->std = NAN;
  set_fit_nan(s);
  r->S_err = p->bootstrap ? NAN : 0.0;
  r->W_boot = r->eps_boot = r->Wp_boot = r->mu_boot = r->sigma_boot = NAN;
  if (r->n == 0) {
    for (size_t i = 0; i < nbins; i++) s->prob[i] = s->density[i] = 0.0;
    warn(r, PEL_SPECTRUM_EMPTY, "no barriers to analyse: N = 0, statistics are NaN");
    return PEL_OK;
  }

  const double N = (double)r->n;
  for (size_t i = 0; i < nbins; i++) {
    s->prob[i] = (double)s->count[i] / N;
    s->density[i] = s->prob[i] / w;
  }
  r->S = pel_spectrum_entropy_counts(s->count, nbins);
  r->D = exp(r->S);
  r->h = r->S + log(w);
  r->mean = sum / N;
  if (r->n > 1) {
    double ss = 0.0;
    for (size_t i = 0; i < n; i++)
      if (bin_of(x[i], lo, w, nbins) >= 0) ss += (x[i] - r->mean) * (x[i] - r->mean);
    r->std = sqrt(ss / (N - 1.0));
  }

  if (p->fit && (st = do_fit(s, p, err)) != PEL_OK) return st;
  return bootstrap(s, p, err);
}

pel_status pel_spectrum_compute(pel_spectrum *s, const double *x, size_t n,
                                const pel_spectrum_params *p, pel_error *err)
{
  /* GSL reports through return values here; the caller's handler is back
   * in force when this returns */
  gsl_error_handler_t *old = gsl_set_error_handler_off();
  pel_status st = compute(s, x, n, p, err);
  gsl_set_error_handler(old);
  return st;
}

void pel_spectrum_vector(const pel_spectrum_result *r, double v[PEL_SPECTRUM_NVECTOR])
{
  v[0] = (double)r->n;
  v[1] = r->S;
  v[2] = r->D;
  v[3] = r->h;
  v[4] = r->mean;
  v[5] = r->std;
  v[6] = r->W;
  v[7] = r->eps;
  v[8] = r->Wp;
  v[9] = r->mu;
  v[10] = r->sigma;
  v[11] = r->r2;
  v[12] = r->S_err;
  v[13] = (double)r->outside;
}

void pel_spectrum_row(const pel_spectrum_result *r, size_t i, double row[PEL_SPECTRUM_NCOLUMNS])
{
  row[0] = r->center[i];
  row[1] = (double)r->count[i];
  row[2] = r->prob[i];
  row[3] = r->density[i];
  row[4] = r->fitted[i];
}
