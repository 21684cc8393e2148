/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * pelstat command-line tool: analysis of fix artn event logs.
 *
 *   pelstat spectrum [--bin w] [--range lo hi] [--no-fit] [--bootstrap N]
 *                    [--seed S] [--converged] [--json] FILE...
 *   pelstat status [--json] FILE...
 *
 * Exit status: 0 success (warnings go to stderr), 2 bad usage or input. */
#include "pel_error.h"
#include "pel_eventlog.h"
#include "pel_param.h"
#include "pel_spectrum.h"
#include "pel_version.h"
#include "pelstat_cli.h"

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
          "  status      progress of a campaign from its event logs\n"
          "  version     print the version and exit\n"
          "  help        print this message\n"
          "\n"
          "pelstat spectrum [--bin w] [--range lo hi] [--no-fit] [--bootstrap N] [--seed S]\n"
          "                 [--converged] [--json] FILE...\n"
          "  FILE...         event logs of fix artn (for example one per partition), each\n"
          "                  file once; only events (status 'saddle') count, unless\n"
          "                  --converged\n"
          "  --bin w         bin width in energy units, > 0 (default 0.05)\n"
          "  --range lo hi   histogram range, lo < hi; barriers outside are counted, not\n"
          "                  binned (default 0 to the first bin edge above the largest barrier)\n"
          "  --no-fit        skip the two-mode fit W/eps exp(-Q/eps) + W' Q exp(-(Q-mu)^2/2s^2)\n"
          "                  (the fit needs at least %d barriers in %d nonempty bins, and at\n"
          "                  most %d bins)\n"
          "  --bootstrap N   resamples for the standard error of S and the spread of the\n"
          "                  fit's parameters, 0 (default, off) to %ld\n"
          "  --seed S        seed of the bootstrap, >= 0 (default 1)\n"
          "  --converged     every converged saddle with a positive barrier, connected or\n"
          "                  not (statuses saddle, fail_connect, fail_relax), instead of\n"
          "                  the events only\n"
          "  --json          one JSON object instead of the table\n",
          PEL_SPECTRUM_FIT_MIN_BARRIERS, PEL_SPECTRUM_FIT_MIN_BINS, PEL_SPECTRUM_FIT_MAX_BINS,
          PEL_SPECTRUM_BOOTSTRAP_MAX);
  fputc('\n', out);
  pelstat_status_usage(out);
}

/* ------------------------------------------------------------ parsing */

/* The values are only parsed here, by the core's one rule for numbers;
 * pel_spectrum_params_check checks them. */
static int parse_number(const char *opt, const char *s, double *v)
{
  pel_error err;
  pel_error_clear(&err);
  if (pel_param_parse_value(opt, PEL_PARAM_DOUBLE, s, v, &err) == PEL_OK) return 1;
  fprintf(stderr, "pelstat spectrum: %s\n", err.msg);
  return 0;
}

static int parse_integer(const char *opt, const char *s, long *v)
{
  pel_error err;
  pel_error_clear(&err);
  int64_t x = 0;
  if (pel_param_parse_value(opt, PEL_PARAM_I64, s, &x, &err) == PEL_OK) {
    *v = (long)x;
    return 1;
  }
  fprintf(stderr, "pelstat spectrum: %s\n", err.msg);
  return 0;
}

/* ------------------------------------------------------------- output */

static void json_number(FILE *out, double v)
{
  if (isfinite(v))
    fprintf(out, "%.17g", v);
  else
    fputs("null", out);
}

static void print_json(FILE *out, const pel_spectrum_result *r, pel_barriers_which which)
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
  const char *more[] = {"W_err",  "eps_err",  "Wp_err",  "mu_err",  "sigma_err",
                        "W_boot", "eps_boot", "Wp_boot", "mu_boot", "sigma_boot"};
  const double mv[] = {r->W_err,  r->eps_err,  r->Wp_err,  r->mu_err,  r->sigma_err,
                       r->W_boot, r->eps_boot, r->Wp_boot, r->mu_boot, r->sigma_boot};
  for (size_t i = 0; i < sizeof mv / sizeof mv[0]; i++) {
    fprintf(out, "\"%s\": ", more[i]);
    json_number(out, mv[i]);
    fputs(", ", out);
  }
  fprintf(out, "\"fit_boot_converged\": %ld, \"barriers\": \"%s\", ", r->fit_boot_converged,
          which == PEL_BARRIERS_CONVERGED ? "converged" : "connected");
  fputs("\"fit_message\": \"", out); /* why there is no fit, "" when there is one */
  for (const char *c = r->fit_message; *c; c++)
    if (*c == '"' || *c == '\\')
      fprintf(out, "\\%c", *c);
    else if ((unsigned char)*c >= 0x20)
      fputc(*c, out);
  fputs("\", ", out);
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

/* "%.6f", or the reason the value is not defined */
static void print_value(FILE *out, const char *label, double v, const char *why)
{
  if (isfinite(v))
    fprintf(out, "%-10s %.6f\n", label, v);
  else
    fprintf(out, "%-10s undefined (%s)\n", label, why);
}

static void print_table(FILE *out, const pel_spectrum_result *r, const pel_eventlog_barriers *b,
                        const pel_spectrum_params *p, pel_barriers_which which)
{
  const char *u = b->units[0] ? b->units : "unknown";
  fprintf(out, "# pelstat %s spectrum: %d file%s, units %s\n", PELSTAT_VERSION_STRING, b->nfiles,
          b->nfiles == 1 ? "" : "s", u);
  fprintf(out, "N          %zu   (%s binned; %zu outside [%g, %g]; %zu other records skipped)\n",
          r->n, which == PEL_BARRIERS_CONVERGED ? "converged saddles" : "saddle events", r->outside,
          r->lo, r->hi, b->nother);
  fprintf(out, "bin w      %g\n", r->bin);
  if (r->n == 0) {
    fprintf(out, "no barriers in the range: nothing to analyse\n");
  } else {
    fprintf(out, "S          %.6f nats", r->S);
    if (p->bootstrap > 0 && isfinite(r->S_err))
      fprintf(out, " +- %.6f (bootstrap, %ld resamples)", r->S_err, p->bootstrap);
    fputc('\n', out);
    fprintf(out, "D = e^S    %.6f\n", r->D);
    fprintf(out, "h = S+ln w %.6f\n", r->h);
    fprintf(out, "mean       %.6f\n", r->mean);
    print_value(out, "std", r->std, "1 barrier");
  }
  const int fitted = p->fit && isfinite(r->W);
  if (fitted) {
    fprintf(out, "fit        P(Q) = W/eps exp(-Q/eps) + W' Q exp(-(Q-mu)^2/(2 sigma^2))\n");
    const int boot = r->fit_boot_converged > 1;
    const char *names[] = {"W", "eps", "W'", "mu", "sigma"};
    const double v[][3] = {{r->W, r->W_err, r->W_boot},
                           {r->eps, r->eps_err, r->eps_boot},
                           {r->Wp, r->Wp_err, r->Wp_boot},
                           {r->mu, r->mu_err, r->mu_boot},
                           {r->sigma, r->sigma_err, r->sigma_boot}};
    for (int j = 0; j < 5; j++) {
      fprintf(out, "  %-8s %.6f +- %.6f", names[j], v[j][0], v[j][1]);
      if (boot) fprintf(out, "   (bootstrap %.6f)", v[j][2]);
      if (j == 2) fprintf(out, "   (fitted; %.6f from normalization)", r->Wp_norm);
      fputc('\n', out);
    }
    fprintf(out, "  R^2      %.6f\n", r->r2);
    fprintf(out, "  (errors from the fit covariance, unweighted least squares");
    if (boot)
      fprintf(out,
              "; bootstrap: half the central 68 %% range over the %ld of %ld resamples "
              "whose fit converged",
              r->fit_boot_converged, p->bootstrap);
    fprintf(out, ")\n");
  } else if (p->fit && r->fit_message[0]) {
    fprintf(out, "%s\n", r->fit_message);
  }
  fprintf(out, "\n%12s %10s %12s %12s", "center", "count", "P", "density");
  fprintf(out, fitted ? " %12s\n" : "\n", "fit");
  for (size_t i = 0; i < r->nbins; i++) {
    fprintf(out, "%12.6g %10ld %12.6g %12.6g", r->center[i], r->count[i], r->prob[i],
            r->density[i]);
    if (fitted)
      fprintf(out, " %12.6g\n", r->fitted[i]);
    else
      fputc('\n', out);
  }
}

/* Each line of a text (sentences ending with '\n') as a warning. */
static void print_warnings(const char *text)
{
  while (text && *text) {
    size_t len = strcspn(text, "\n");
    fprintf(stderr, "pelstat spectrum: warning: %.*s\n", (int)len, text);
    text += len + (text[len] == '\n');
  }
}

/* ------------------------------------------------------------ spectrum */

static int cmd_spectrum(int argc, char **argv)
{
  pel_spectrum_params p;
  pel_spectrum_params_default(&p);
  p.prefix = "--"; /* messages name the options as written here */
  int json = 0, nfiles = 0, status = 2;
  pel_barriers_which which = PEL_BARRIERS_CONNECTED;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
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
      if (!parse_number(a, argv[++i], &p.bin)) goto done;
    } else if (!strcmp(a, "--range")) {
      if (i + 2 >= argc) goto missing;
      if (!parse_number(a, argv[i + 1], &p.lo) || !parse_number(a, argv[i + 2], &p.hi)) goto done;
      p.auto_range = 0;
      i += 2;
    } else if (!strcmp(a, "--no-fit")) {
      p.fit = 0;
    } else if (!strcmp(a, "--bootstrap")) {
      if (i + 1 >= argc) goto missing;
      if (!parse_integer(a, argv[++i], &p.bootstrap)) goto done;
    } else if (!strcmp(a, "--seed")) {
      if (i + 1 >= argc) goto missing;
      if (!parse_integer(a, argv[++i], &p.seed)) goto done;
    } else if (!strcmp(a, "--json")) {
      json = 1;
    } else if (!strcmp(a, "--converged")) {
      which = PEL_BARRIERS_CONVERGED;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      status = 0;
      goto done;
    } else {
      fprintf(stderr, "pelstat spectrum: unknown option '%s'\n", a);
      goto done;
    }
    continue;
  missing:
    fprintf(stderr, "pelstat spectrum: %s needs %s\n", a,
            !strcmp(a, "--range") ? "two values (lo hi)" : "a value");
    goto done;
  }
  pel_error err;
  pel_error_clear(&err);
  if (pel_spectrum_params_check(&p, &err) != PEL_OK) {
    fprintf(stderr, "pelstat spectrum: %s\n", err.msg);
    goto done;
  }
  if (nfiles == 0) {
    fprintf(stderr, "pelstat spectrum: no event log given\n");
    goto done;
  }

  /* the barriers of the events (or of every converged saddle) of every log */
  p.bootstrap_fit = 1;
  pel_eventlog_barriers b;
  if (pel_eventlog_barriers_read(&b, nfiles, files, NULL, which, &err) != PEL_OK) {
    fprintf(stderr, "pelstat spectrum: %s\n", err.msg);
    goto done;
  }
  print_warnings(b.warnings);
  pel_spectrum *sp = pel_spectrum_alloc();
  pel_status st = sp ? pel_spectrum_compute(sp, b.x, b.n, &p, &err)
                     : pel_error_set(&err, PEL_ENOMEM, "out of memory");
  if (st == PEL_OK) {
    const pel_spectrum_result *res = pel_spectrum_result_get(sp);
    if (res->flags) fprintf(stderr, "pelstat spectrum: warning: %s\n", res->message);
    if (json)
      print_json(stdout, res, which);
    else
      print_table(stdout, res, &b, &p, which);
    status = fflush(stdout) == 0 ? 0 : 2;
  } else {
    fprintf(stderr, "pelstat spectrum: %s\n", err.msg);
  }
  pel_spectrum_free(sp);
  pel_eventlog_barriers_free(&b);
done:
  free(files);
  return status;
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
  if (!strcmp(argv[1], "status")) return pelstat_status(argc - 2, argv + 2);
  fprintf(stderr, "pelstat: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
