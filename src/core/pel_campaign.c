/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pel_campaign.h"

#include "pel_rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INF INFINITY
#define K(f, t, d, lo, hi, lop, hop, u, choices, dtext, m)                                         \
  {                                                                                                \
#f, PEL_PARAM_##t, offsetof(pel_campaign_params, f), d, lo, hi, lop, hop, PEL_UNIT_##u, 0,     \
        choices, dtext, m                                                                          \
  }
#define TEXT(name, what, dtext, m)                                                                 \
  {                                                                                                \
    name, PEL_PARAM_TEXT, 0, NAN, 0, 0, 0, 0, PEL_UNIT_NONE, 0, what, dtext, m                     \
  }

static const pel_param table[] = {
    K(seed, U64, NAN, 1, INF, 0, 0, NONE, NULL, "none (required)",
      "seed of every random number (push directions, random order, Metropolis)"),
    TEXT("centers", "a group ID", "the fix group", "group of the atoms that are event centers"),
    K(order, CHOICE, PEL_ORDER_SEQUENTIAL, 0, 1, 0, 0, NONE, "sequential|random", NULL,
      "centers by atom ID, or in an order hashed from seed and ID"),
    K(events_per_center, INT, 1, 1, INF, 0, 0, NONE, NULL, NULL,
      "events (status saddle) wanted per center"),
    K(max_attempts, INT, NAN, 1, INF, 0, 0, NONE, NULL, "5 × events_per_center",
      "attempts at most per center"),
    K(mode, CHOICE, PEL_MODE_SAMPLE, 0, 1, 0, 0, NONE, "sample|walk", NULL,
      "every attempt from the initial minimum, or a walk that moves to accepted minima"),
    K(temperature, DOUBLE, 0.0, 0, INF, 0, 0, TEMPERATURE, NULL, NULL,
      "walk: Metropolis temperature (0: downhill and level moves only)"),
    TEXT("file", "a file path", "artn.events",
         "event log (with partitions: file.p for partition p)"),
    K(resume, BOOL, 0, 0, 1, 0, 0, NONE, NULL, NULL, "continue the event log where it ends"),
    TEXT("dump_saddles", "a file path", "none", "text dump file of every saddle (event)"),
    K(progress, INT, 100, 0, INF, 0, 0, NONE, NULL, NULL,
      "a progress line every N attempts (0: never)"),
    K(init_ftol, DOUBLE, NAN, 0, INF, 1, 0, FORCE, NULL, "ftol / 50",
      "force tolerance of the relaxation of the input"),
    K(init_maxsteps, INT, 10000, 0, INF, 0, 0, NONE, NULL, NULL,
      "force calls at most of that relaxation"),
};
#undef K
#undef TEXT
#undef INF
#define NPARAMS ((int)(sizeof table / sizeof table[0]))

const pel_param *pel_campaign_param_table(int *n)
{
  if (n) *n = NPARAMS;
  return table;
}

void pel_campaign_params_default(pel_campaign_params *p)
{
  memset(p, 0, sizeof *p);
  pel_param_defaults(table, NPARAMS, p);
}

pel_status pel_campaign_params_finish(pel_campaign_params *p, double ftol, pel_error *err)
{
  if (p->seed == 0) return pel_error_set(err, PEL_EINVAL, "keyword seed is required");
  if (p->max_attempts == 0) p->max_attempts = 5 * p->events_per_center;
  if (p->init_ftol == 0.0) p->init_ftol = 0.02 * ftol;
  if (p->resume && p->mode == PEL_MODE_WALK)
    return pel_error_set(err, PEL_EINVAL,
                         "resume yes works in mode sample only (a walk needs the configuration "
                         "it had reached)");
  return pel_param_check_all(table, NPARAMS, p, err);
}

/* ---- the campaign ---- */

struct pel_campaign {
  pel_campaign_params p;
  int64_t *centers;  /* this partition's, in visiting order */
  size_t n, icenter; /* icenter: the current center, = the centers done */
  long center_attempts, center_events;
  long attempts;      /* all recorded */
  long attempts_done; /* of the centers already done */
};

typedef struct {
  double key;
  int64_t id;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
  const keyed *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

pel_campaign *pel_campaign_alloc(const pel_campaign_params *p, const int64_t *ids, size_t n,
                                 int part, int nparts, pel_error *err)
{
  if (n == 0) {
    pel_error_set(err, PEL_EINVAL, "the centers group is empty");
    return NULL;
  }
  keyed *k = malloc(n * sizeof *k);
  pel_campaign *c = calloc(1, sizeof *c);
  if (!k || !c) {
    free(k);
    free(c);
    pel_error_set(err, PEL_ENOMEM, "cannot allocate the campaign");
    return NULL;
  }
  for (size_t i = 0; i < n; i++) k[i] = (keyed){0.0, ids[i]};
  qsort(k, n, sizeof *k, cmp_keyed);
  for (size_t i = 1; i < n; i++)
    if (k[i].id == k[i - 1].id) {
      pel_error_set(err, PEL_EINVAL, "center atom ID %lld appears twice", (long long)k[i].id);
      free(k);
      free(c);
      return NULL;
    }
  if (p->order == PEL_ORDER_RANDOM) {
    for (size_t i = 0; i < n; i++) k[i].key = pel_rng_uniform(p->seed, k[i].id, -1, -1, 0);
    qsort(k, n, sizeof *k, cmp_keyed);
  }
  c->p = *p;
  c->centers = malloc(n * sizeof *c->centers);
  if (!c->centers) {
    free(k);
    free(c);
    pel_error_set(err, PEL_ENOMEM, "cannot allocate the campaign");
    return NULL;
  }
  for (size_t i = (size_t)part; i < n; i += (size_t)nparts) c->centers[c->n++] = k[i].id;
  free(k);
  if (c->n == 0) {
    pel_error_set(err, PEL_EINVAL,
                  "partition %d has no event centers (%zu centers for %d partitions)", part, n,
                  nparts);
    pel_campaign_free(c);
    return NULL;
  }
  return c;
}

void pel_campaign_free(pel_campaign *c)
{
  if (!c) return;
  free(c->centers);
  free(c);
}

int pel_campaign_done(const pel_campaign *c)
{
  return c->icenter >= c->n;
}

void pel_campaign_next(const pel_campaign *c, int64_t *center, long *attempt)
{
  *center = c->icenter < c->n ? c->centers[c->icenter] : -1;
  *attempt = c->center_attempts;
}

void pel_campaign_record(pel_campaign *c, int event)
{
  if (pel_campaign_done(c)) return;
  c->attempts++;
  c->center_attempts++;
  if (event) c->center_events++;
  if (c->center_events >= c->p.events_per_center || c->center_attempts >= c->p.max_attempts) {
    c->icenter++;
    c->attempts_done += c->center_attempts;
    c->center_attempts = c->center_events = 0;
  }
}

pel_status pel_campaign_replay(pel_campaign *c, int64_t center, long attempt, int event,
                               pel_error *err)
{
  int64_t want = 0;
  long want_attempt = 0;
  pel_campaign_next(c, &want, &want_attempt);
  if (pel_campaign_done(c) || center != want || attempt != want_attempt)
    return pel_error_set(err, PEL_EFORMAT,
                         "record of center %lld attempt %ld does not follow this run's sequence "
                         "of centers and attempts (expected center %lld attempt %ld)",
                         (long long)center, attempt, (long long)want, want_attempt);
  pel_campaign_record(c, event);
  return PEL_OK;
}

size_t pel_campaign_ncenters(const pel_campaign *c)
{
  return c->n;
}
size_t pel_campaign_centers_done(const pel_campaign *c)
{
  return c->icenter;
}
long pel_campaign_attempts(const pel_campaign *c)
{
  return c->attempts;
}
long pel_campaign_center_attempts(const pel_campaign *c)
{
  return c->center_attempts;
}

double pel_campaign_eta(const pel_campaign *c, double rate)
{
  if (pel_campaign_done(c) || !(rate > 0.0)) return 0.0;
  const double per_center =
      c->icenter > 0 ? (double)c->attempts_done / c->icenter : (double)c->p.max_attempts;
  double left = (double)(c->n - c->icenter) * per_center - (double)c->center_attempts;
  if (left < 0.0) left = 0.0;
  return left / rate;
}

void pel_campaign_format_hm(double seconds, char *buf, size_t size)
{
  if (!(seconds >= 0.0) || !isfinite(seconds)) seconds = 0.0;
  const long minutes = lround(seconds / 60.0);
  snprintf(buf, size, "%ld:%02ld", minutes / 60, minutes % 60);
}

int pel_campaign_metropolis(double de, double kT, double tol, double u)
{
  if (de <= tol) return 1;
  if (!(kT > 0.0)) return 0;
  return u < exp(-de / kT);
}

double pel_campaign_energy_tolerance(double init_ftol, double moved_dist)
{
  return 0.1 * init_ftol * moved_dist;
}
