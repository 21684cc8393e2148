/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * pelstat status [--json] FILE...: the progress of a fix artn campaign from
 * its event logs (any number of partitions, any number of runs). */
#include "pelstat_cli.h"

#include "pel_error.h"
#include "pel_eventlog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
  long center, attempt;
  int connected;
} rec_key;

static int cmp_rec(const void *a, const void *b)
{
  const rec_key *x = a, *y = b;
  if (x->center != y->center) return x->center < y->center ? -1 : 1;
  return x->attempt < y->attempt ? -1 : x->attempt > y->attempt;
}

/* room for element n of the array *p of *cap elements of `size` bytes
 * (doubling); 0 when out of memory (*p unchanged) */
static int room(void **p, size_t *cap, size_t n, size_t size)
{
  if (n < *cap) return 1;
  const size_t c = *cap ? 2 * *cap : 1024;
  void *q = realloc(*p, c * size);
  if (!q) return 0;
  *p = q;
  *cap = c;
  return 1;
}

/* a header value as a number, or def */
static double header_number(const pel_eventlog_reader *r, const char *key, double def)
{
  const char *v = pel_eventlog_reader_param(r, key);
  if (!v) return def;
  char *end = NULL;
  const double x = strtod(v, &end);
  return end != v && *end == '\0' ? x : def;
}

typedef struct {
  long attempts, converged, connected, force_calls, force_calls_local, duplicates;
  double cost; /* the attempts' cost in full-system force calls (the logs' cost column) */
  long centers_complete, total_centers; /* total: -1 unknown */
  long attempts_at_complete;            /* attempts of the complete centers */
  long attempts_at_open;                /* attempts of centers not complete */
  double recent_rate; /* attempts per hour over each log's last hour, summed over live logs */
  double eta_hours;   /* NAN unknown */
  int nfiles;
} status_t;

void pelstat_status_usage(FILE *out)
{
  fprintf(out, "pelstat status [--json] FILE...\n"
               "  FILE...         the event logs of one campaign (file and file.N of every\n"
               "                  partition); prints centers complete / total, attempts,\n"
               "                  converged and connected saddles, force calls per connected\n"
               "                  saddle (full-system equivalents: the cost column), the\n"
               "                  attempt rate over the last hour and the time left\n"
               "  --json          one JSON object instead of the table\n");
}

int pelstat_status(int argc, char **argv)
{
  int json = 0, nfiles = 0;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  if (!files) return 2;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--json"))
      json = 1;
    else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "pelstat status: unknown option '%s'\n", argv[i]);
      free(files);
      return 2;
    } else
      files[nfiles++] = argv[i];
  }
  if (nfiles == 0) {
    fprintf(stderr, "pelstat status: no event log given\n");
    pelstat_status_usage(stderr);
    free(files);
    return 2;
  }
  status_t s;
  memset(&s, 0, sizeof s);
  s.total_centers = -1;
  s.nfiles = nfiles;
  double epc = 0.0, maxatt = 0.0;
  size_t nrec = 0, cap = 0;
  rec_key *recs = NULL;
  const time_t now = time(NULL);
  int status = 0;
  for (int f = 0; f < nfiles && !status; f++) {
    pel_error err;
    pel_error_clear(&err);
    if (pel_eventlog_is_stub(files[f])) {
      fprintf(stderr,
              "pelstat status: warning: %s holds only the start of its header (a job killed "
              "while creating it): no records\n",
              files[f]);
      continue;
    }
    pel_eventlog_reader *r = pel_eventlog_reader_alloc(files[f], &err);
    if (!r) {
      fprintf(stderr, "pelstat status: %s\n", err.msg);
      status = 2;
      break;
    }
    /* this log's rate: the attempts of its last hour of attempt time */
    double *secs = NULL;
    size_t ns = 0, cs = 0;
    pel_event ev;
    int got = 1;
    while (got) {
      if (pel_eventlog_reader_next(r, &ev, &got, &err) != PEL_OK) {
        fprintf(stderr, "pelstat status: %s\n", err.msg);
        status = 2;
        break;
      }
      if (!got) break;
      if (!room((void **)&recs, &cap, nrec, sizeof *recs) ||
          !room((void **)&secs, &cs, ns, sizeof *secs)) {
        fprintf(stderr, "pelstat status: out of memory\n");
        status = 2;
        break;
      }
      recs[nrec++] = (rec_key){ev.center, ev.attempt, pel_event_is_saddle(&ev)};
      s.attempts++;
      s.force_calls += ev.force_calls;
      s.force_calls_local += ev.force_calls_local;
      s.cost += ev.cost; /* force_calls in logs without the column */
      if (pel_event_is_converged(&ev)) s.converged++;
      if (pel_event_is_saddle(&ev)) s.connected++;
      secs[ns++] = ev.seconds;
    }
    /* a campaign's limits may have been raised between runs (a log's last
     * "# extent" line, else its header): the largest of the logs */
    const double e = header_number(r, "events_per_center", 0.0);
    const double m = header_number(r, "max_attempts", 0.0);
    const double nc = header_number(r, "ncenters", -1.0);
    if (e > epc) epc = e;
    if (m > maxatt) maxatt = m;
    if (nc > s.total_centers) s.total_centers = (long)nc;
    pel_eventlog_reader_free(r);
    /* logs written in the last hour are running: their recent rates add */
    struct stat st;
    if (!status && ns > 0 && stat(files[f], &st) == 0 && difftime(now, st.st_mtime) < 3600.0) {
      double t = 0.0;
      size_t k = ns;
      while (k > 0 && t < 3600.0) t += secs[--k];
      if (t > 0.0) s.recent_rate += 3600.0 * (double)(ns - k) / t;
    }
    free(secs);
  }
  if (!status) {
    qsort(recs, nrec, sizeof *recs, cmp_rec);
    for (size_t i = 0; i < nrec;) {
      size_t j = i;
      long att = 0, conn = 0;
      for (; j < nrec && recs[j].center == recs[i].center; j++) {
        if (j > i && recs[j].attempt == recs[j - 1].attempt)
          s.duplicates++;
        else {
          att++;
          conn += recs[j].connected;
        }
      }
      if ((epc > 0 && conn >= epc) || (maxatt > 0 && att >= maxatt)) {
        s.centers_complete++;
        s.attempts_at_complete += att;
      } else {
        s.attempts_at_open += att;
      }
      i = j;
    }
    s.eta_hours = NAN;
    if (s.total_centers >= 0 && s.recent_rate > 0.0) {
      const double per_center =
          s.centers_complete > 0 ? (double)s.attempts_at_complete / s.centers_complete : maxatt;
      double left =
          (double)(s.total_centers - s.centers_complete) * per_center - (double)s.attempts_at_open;
      if (left < 0.0) left = 0.0;
      s.eta_hours = left / s.recent_rate;
    }
    const double a = (double)s.attempts;
    const double fpc = s.connected ? s.cost / s.connected : NAN;
    if (json) {
      printf("{\"files\": %d, \"centers_total\": ", s.nfiles);
      if (s.total_centers >= 0)
        printf("%ld", s.total_centers);
      else
        printf("null");
      printf(
          ", \"centers_complete\": %ld, \"attempts\": %ld, \"converged\": %ld, "
          "\"connected\": %ld, \"duplicates\": %ld, \"force_calls\": %ld, \"force_calls_local\": "
          "%ld, ",
          s.centers_complete, s.attempts, s.converged, s.connected, s.duplicates, s.force_calls,
          s.force_calls_local);
      printf("\"converged_rate\": %.6g, \"connected_rate\": %.6g, ", a > 0 ? s.converged / a : 0.0,
             a > 0 ? s.connected / a : 0.0);
      printf("\"force_calls_per_connected\": ");
      isfinite(fpc) ? printf("%.6g", fpc) : printf("null");
      printf(", \"attempts_per_hour\": %.6g, \"eta_hours\": ", s.recent_rate);
      isfinite(s.eta_hours) ? printf("%.6g", s.eta_hours) : printf("null");
      printf("}\n");
    } else {
      printf("campaign of %d event log(s)\n", s.nfiles);
      if (s.total_centers >= 0)
        printf("centers complete       %ld of %ld (%.1f %%)\n", s.centers_complete, s.total_centers,
               s.total_centers ? 100.0 * s.centers_complete / s.total_centers : 0.0);
      else
        printf("centers complete       %ld (the logs do not record the number of centers)\n",
               s.centers_complete);
      printf("attempts               %ld\n", s.attempts);
      printf("converged saddles      %ld (%.1f %% of the attempts)\n", s.converged,
             a > 0 ? 100.0 * s.converged / a : 0.0);
      printf("connected saddles      %ld (%.1f %% of the attempts): the events\n", s.connected,
             a > 0 ? 100.0 * s.connected / a : 0.0);
      if (isfinite(fpc)) {
        printf("force calls            %.0f per connected saddle", fpc);
        if (s.force_calls_local > 0)
          printf(" (full-system equivalents; %ld local calls counted at their share of the work)",
                 s.force_calls_local);
        printf("\n");
      }
      if (s.recent_rate > 0.0)
        printf("rate                   %.1f attempts per hour (last hour of the logs written in "
               "the last hour)\n",
               s.recent_rate);
      else
        printf("rate                   no log was written in the last hour\n");
      if (isfinite(s.eta_hours)) {
        const long minutes = lround(60.0 * s.eta_hours);
        printf("time left              %ld:%02ld (h:mm) at that rate\n", minutes / 60,
               minutes % 60);
      }
      if (s.duplicates)
        printf("warning: %ld records appear twice (the same center and attempt)\n", s.duplicates);
    }
  }
  free(recs);
  free(files);
  return status;
}
