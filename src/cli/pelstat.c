/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * pelstat command-line tool: analysis of fix artn event logs.
 *
 *   pelstat spectrum [--bin w] [--range lo hi] [--no-fit] [--bootstrap N]
 *                    [--seed S] [--json] FILE...
 *
 * Exit status: 0 success (warnings go to stderr), 2 bad usage or input. */
#include "pel_error.h"
#include "pel_eventlog.h"
#include "pel_spectrum.h"
#include "pel_version.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
  fprintf(out,
          "usage: pelstat <command> [options] FILE...\n"
          "\n"
          "commands:\n"
          "  spectrum    barrier histogram, Shannon entropy and two-mode fit of event logs\n"
          "  version     print the version and exit\n"
          "  help        print this message\n"
          "\n"
          "pelstat spectrum [--bin w] [--range lo hi] [--no-fit] [--bootstrap N] [--seed S]\n"
          "                 [--json] FILE...\n"
          "  FILE...         event logs of fix artn (for example one per partition);\n"
          "                  only events with status 'saddle' count\n"
          "  --bin w         bin width in energy units (default 0.05)\n"
          "  --range lo hi   histogram range; barriers outside are counted, not binned\n"
          "                  (default 0 to the largest barrier rounded up to a bin)\n"
          "  --no-fit        skip the two-mode fit W/eps exp(-Q/eps) + W' Q exp(-(Q-mu)^2/2s^2)\n"
          "  --bootstrap N   resamples for the standard error of S (default 0, off)\n"
          "  --seed S        seed of the bootstrap (default 1)\n"
          "  --json          one JSON object instead of the table\n");
}

/* ------------------------------------------------------------ parsing */

static int parse_number(const char *opt, const char *s, double *v)
{
  char *end;
  errno = 0;
  double x = strtod(s, &end);
  if (end == s || *end || errno == ERANGE || !isfinite(x)) {
    fprintf(stderr, "pelstat spectrum: %s: '%s' is not a finite number\n", opt, s);
    return 0;
  }
  *v = x;
  return 1;
}

static int parse_count(const char *opt, const char *s, long max, long *v)
{
  char *end;
  errno = 0;
  long x = strtol(s, &end, 10);
  if (end == s || *end || errno == ERANGE || x < 0 || x > max) {
    fprintf(stderr, "pelstat spectrum: %s: '%s' is not an integer from 0 to %ld\n", opt, s, max);
    return 0;
  }
  *v = x;
  return 1;
}

/* ------------------------------------------------------------- output */

static void json_number(FILE *out, double v)
{
  if (isfinite(v))
    fprintf(out, "%.17g", v);
  else
    fputs("null", out);
}

static void print_json(FILE *out, const pel_spectrum_result *r)
{
  const char *keys[PEL_SPECTRUM_NVECTOR] = {"n",   "S",  "D",  "h",     "mean", "std",   "W",
                                            "eps", "Wp", "mu", "sigma", "r2",   "S_err", "outside"};
  double v[PEL_SPECTRUM_NVECTOR];
  pel_spectrum_vector(r, v);
  fputc('{', out);
  for (int i = 0; i < PEL_SPECTRUM_NVECTOR; i++) {
    fprintf(out, "\"%s\": ", keys[i]);
    json_number(out, v[i]);
    fputs(", ", out);
  }
  fputs("\"bin\": ", out);
  json_number(out, r->bin);
  fputs(", \"bins\": [", out);
  for (size_t i = 0; i < r->nbins; i++) {
    double row[PEL_SPECTRUM_NCOLUMNS];
    pel_spectrum_row(r, i, row);
    fputs(i ? ", [" : "[", out);
    for (int j = 0; j < PEL_SPECTRUM_NCOLUMNS; j++) {
      if (j) fputs(", ", out);
      if (j == 1)
        fprintf(out, "%ld", r->count[i]);
      else
        json_number(out, row[j]);
    }
    fputc(']', out);
  }
  fputs("]}\n", out);
}

static void print_table(FILE *out, const pel_spectrum_result *r, int nfiles, size_t nother,
                        const char *units, int fitted, long bootstrap)
{
  const char *u = units ? units : "?";
  fprintf(out, "# pelstat %s spectrum: %d file%s, units %s\n", PELSTAT_VERSION_STRING, nfiles,
          nfiles == 1 ? "" : "s", u);
  fprintf(out,
          "N          %zu   (saddle events binned; %zu outside [%g, %g]; %zu other "
          "events skipped)\n",
          r->n, r->outside, r->lo, r->hi, nother);
  fprintf(out, "bin w      %g\n", r->bin);
  fprintf(out, "S          %.6f nats", r->S);
  if (bootstrap > 0) fprintf(out, " +- %.6f (bootstrap, %ld resamples)", r->S_err, bootstrap);
  fputc('\n', out);
  fprintf(out, "D = e^S    %.6f\n", r->D);
  fprintf(out, "h = S+ln w %.6f\n", r->h);
  fprintf(out, "mean       %.6f\n", r->mean);
  fprintf(out, "std        %.6f\n", r->std);
  if (fitted) {
    fprintf(out, "fit        P(Q) = W/eps exp(-Q/eps) + W' Q exp(-(Q-mu)^2/(2 sigma^2))\n");
    fprintf(out, "  W        %.6f +- %.6f\n", r->W, r->W_err);
    fprintf(out, "  eps      %.6f +- %.6f\n", r->eps, r->eps_err);
    fprintf(out, "  W'       %.6f +- %.6f   (fitted; %.6f from normalization)\n", r->Wp, r->Wp_err,
            r->Wp_norm);
    fprintf(out, "  mu       %.6f +- %.6f\n", r->mu, r->mu_err);
    fprintf(out, "  sigma    %.6f +- %.6f\n", r->sigma, r->sigma_err);
    fprintf(out, "  R^2      %.6f\n", r->r2);
    fprintf(out, "  (errors from the fit covariance, unweighted least squares)\n");
  }
  fprintf(out, "\n%12s %10s %12s %12s %12s\n", "center", "count", "P", "density", "fit");
  for (size_t i = 0; i < r->nbins; i++)
    fprintf(out, "%12.6g %10ld %12.6g %12.6g %12.6g\n", r->center[i], r->count[i], r->prob[i],
            r->density[i], r->fitted[i]);
}

/* ------------------------------------------------------------ spectrum */

static int cmd_spectrum(int argc, char **argv)
{
  pel_spectrum_params p;
  pel_spectrum_params_default(&p);
  int json = 0, nfiles = 0;
  long nboot = 0, seed = 1;
  char **files = calloc((size_t)argc + 1, sizeof *files);
  if (!files) return 2;
  int only_files = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (only_files || a[0] != '-' || !a[1]) {
      files[nfiles++] = argv[i];
    } else if (!strcmp(a, "--")) {
      only_files = 1;
    } else if (!strcmp(a, "--bin")) {
      if (i + 1 >= argc) goto missing;
      if (!parse_number(a, argv[++i], &p.bin)) goto fail;
      if (!(p.bin > 0)) {
        fprintf(stderr, "pelstat spectrum: --bin: the bin width must be > 0, got '%s'\n", argv[i]);
        goto fail;
      }
    } else if (!strcmp(a, "--range")) {
      if (i + 2 >= argc) goto missing;
      if (!parse_number(a, argv[i + 1], &p.lo) || !parse_number(a, argv[i + 2], &p.hi)) goto fail;
      if (!(p.lo < p.hi)) {
        fprintf(stderr, "pelstat spectrum: --range: needs lo < hi, got lo = '%s', hi = '%s'\n",
                argv[i + 1], argv[i + 2]);
        goto fail;
      }
      p.auto_range = 0;
      i += 2;
    } else if (!strcmp(a, "--no-fit")) {
      p.fit = 0;
    } else if (!strcmp(a, "--bootstrap")) {
      if (i + 1 >= argc) goto missing;
      if (!parse_count(a, argv[++i], 10000000L, &nboot)) goto fail;
      p.bootstrap = (int)nboot;
    } else if (!strcmp(a, "--seed")) {
      if (i + 1 >= argc) goto missing;
      if (!parse_count(a, argv[++i], LONG_MAX, &seed)) goto fail;
      p.seed = (unsigned long)seed;
    } else if (!strcmp(a, "--json")) {
      json = 1;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      free(files);
      return 0;
    } else {
      fprintf(stderr, "pelstat spectrum: unknown option '%s'\n", a);
      goto fail;
    }
    continue;
  missing:
    fprintf(stderr, "pelstat spectrum: %s needs %s\n", a,
            !strcmp(a, "--range") ? "two values (lo hi)" : "a value");
    goto fail;
  }
  if (nfiles == 0) {
    fprintf(stderr, "pelstat spectrum: no event log given\n");
    goto fail;
  }

  /* read the barriers of the converged events of every log */
  double *x = NULL;
  size_t n = 0, cap = 0, nother = 0;
  const char *units = NULL;
  char units_buf[64] = "";
  pel_error err;
  pel_error_clear(&err);
  for (int f = 0; f < nfiles; f++) {
    pel_eventlog_reader *r = pel_eventlog_reader_alloc(files[f], &err);
    if (!r) {
      fprintf(stderr, "pelstat spectrum: %s\n", err.msg);
      free(x);
      goto fail;
    }
    const char *u = pel_eventlog_reader_param(r, "units");
    if (u && !units) {
      snprintf(units_buf, sizeof units_buf, "%s", u);
      units = units_buf;
    } else if (u && strcmp(u, units))
      fprintf(stderr, "pelstat spectrum: warning: %s has units %s, the first log %s\n", files[f], u,
              units);
    pel_event ev;
    int got;
    pel_status st;
    while ((st = pel_eventlog_reader_next(r, &ev, &got, &err)) == PEL_OK && got) {
      if (!pel_event_is_saddle(&ev)) {
        nother++;
        continue;
      }
      if (n == cap) {
        size_t nc = cap ? 2 * cap : 4096;
        double *nx = realloc(x, nc * sizeof *nx);
        if (!nx) {
          st = pel_error_set(&err, PEL_ENOMEM, "out of memory");
          break;
        }
        x = nx;
        cap = nc;
      }
      x[n++] = ev.barrier;
    }
    if (st == PEL_OK && pel_eventlog_reader_truncated(r))
      fprintf(stderr,
              "pelstat spectrum: warning: %s: the last line is incomplete (a killed job?) "
              "and was ignored\n",
              files[f]);
    pel_eventlog_reader_free(r);
    if (st != PEL_OK) {
      fprintf(stderr, "pelstat spectrum: %s\n", err.msg);
      free(x);
      goto fail;
    }
  }

  pel_spectrum *sp = pel_spectrum_alloc();
  if (!sp) {
    fprintf(stderr, "pelstat spectrum: out of memory\n");
    free(x);
    goto fail;
  }
  pel_status st = pel_spectrum_compute(sp, x, n, &p, &err);
  free(x);
  if (st != PEL_OK) {
    fprintf(stderr, "pelstat spectrum: %s\n", err.msg);
    pel_spectrum_free(sp);
    goto fail;
  }
  const pel_spectrum_result *res = pel_spectrum_result_get(sp);
  if (res->flags) fprintf(stderr, "pelstat spectrum: warning: %s\n", res->message);
  if (json)
    print_json(stdout, res);
  else
    print_table(stdout, res, nfiles, nother, units, p.fit, nboot);
  pel_spectrum_free(sp);
  free(files);
  return fflush(stdout) == 0 ? 0 : 2;

fail:
  free(files);
  return 2;
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
    printf("pelstat %s\n", PELSTAT_VERSION_STRING);
    return 0;
  }
  if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(argv[1], "spectrum")) return cmd_spectrum(argc - 2, argv + 2);
  fprintf(stderr, "pelstat: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
