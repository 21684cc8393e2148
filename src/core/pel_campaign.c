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
    K(max_centers, I64, 0, 0, INF, 0, 0, NONE, NULL, "0 (all)",
      "only this many centers, the first of the order, are visited (0: all)"),
    K(mode, CHOICE, PEL_MODE_SAMPLE, 0, 1, 0, 0, NONE, "sample|walk", NULL,
      "every attempt from the initial minimum, or a walk that moves to accepted minima"),
    K(temperature, DOUBLE, 0.0, 0, INF, 0, 0, TEMPERATURE, NULL, NULL,
      "walk: Metropolis temperature (0: downhill and level moves only)"),
    TEXT("file", "a file path", "artn.events",
         "event log (with partitions: file.p for partition p)"),
    K(resume, BOOL, 0, 0, 1, 0, 0, NONE, NULL, NULL,
      "continue the campaign of the event logs (file and file.N)"),
    TEXT("dump_saddles", "a file path", "none",
         "text dump of every connected saddle's configuration"),
    TEXT("dump_events", "a file path", "none",
         "text dump of every connected saddle's final minimum and lowest eigenvector"),
    K(dump_moved, DOUBLE, 0.0, 0, INF, 0, 0, LENGTH, NULL, "0 (all atoms)",
      "dump_events: only the atoms displaced by more than this at the saddle or final minimum"),
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
  return pel_param_check_all(table, NPARAMS, p, err);
}

/* ---- the campaign ---- */

/* Every center of the campaign in visiting order, with what the records
 * (replayed and new) say of it; this partition's share is a list of indices
 * into it, drawn from the centers that were not complete when it was
 * assigned. */
struct pel_campaign {
  pel_campaign_params p;
  int64_t *centers; /* all, in visiting order */
  size_t nall;
  long *c_attempts, *c_events; /* per center */
  size_t *byid;                /* indices of centers sorted by ID (lookup) */
  size_t *share, n, icenter;   /* this partition's centers; icenter: the current one */
  int part, nparts;
  size_t complete; /* centers complete, over the whole campaign (as known here) */
  long attempts;   /* all recorded, replayed ones included */
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

typedef struct {
  int64_t id;
  size_t index;
} id_index;

static int cmp_id_index(const void *a, const void *b)
{
  const id_index *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int center_complete(const pel_campaign *c, size_t k)
{
  return c->c_events[k] >= c->p.events_per_center || c->c_attempts[k] >= c->p.max_attempts;
}

/* the index of center `id`, or nall */
static size_t find_center(const pel_campaign *c, int64_t id)
{
  size_t lo = 0, hi = c->nall;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const int64_t v = c->centers[c->byid[mid]];
    if (v == id) return c->byid[mid];
    if (v < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return c->nall;
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
  c->part = part;
  c->nparts = nparts > 0 ? nparts : 1;
  c->nall = p->max_centers > 0 && (size_t)p->max_centers < n ? (size_t)p->max_centers : n;
  c->centers = malloc(c->nall * sizeof *c->centers);
  c->c_attempts = calloc(c->nall, sizeof *c->c_attempts);
  c->c_events = calloc(c->nall, sizeof *c->c_events);
  c->byid = malloc(c->nall * sizeof *c->byid);
  c->share = malloc(c->nall * sizeof *c->share);
  if (!c->centers || !c->c_attempts || !c->c_events || !c->byid || !c->share) {
    free(k);
    pel_campaign_free(c);
    pel_error_set(err, PEL_ENOMEM, "cannot allocate the campaign");
    return NULL;
  }
  for (size_t i = 0; i < c->nall; i++) c->centers[i] = k[i].id;
  free(k);
  /* the lookup by ID: the visiting-order indices sorted by their center's ID */
  id_index *tmp = malloc(c->nall * sizeof *tmp);
  if (!tmp) {
    pel_campaign_free(c);
    pel_error_set(err, PEL_ENOMEM, "cannot allocate the campaign");
    return NULL;
  }
  for (size_t i = 0; i < c->nall; i++) tmp[i] = (id_index){c->centers[i], i};
  qsort(tmp, c->nall, sizeof *tmp, cmp_id_index);
  for (size_t i = 0; i < c->nall; i++) c->byid[i] = tmp[i].index;
  free(tmp);
  pel_campaign_assign(c);
  return c;
}

void pel_campaign_free(pel_campaign *c)
{
  if (!c) return;
  free(c->centers);
  free(c->c_attempts);
  free(c->c_events);
  free(c->byid);
  free(c->share);
  free(c);
}

size_t pel_campaign_assign(pel_campaign *c)
{
  /* sample mode: the centers not complete, dealt out in turn; walk mode:
   * each partition's walk keeps its centers (part, part + nparts, ...) */
  const int walk = c->p.mode == PEL_MODE_WALK;
  size_t r = 0;
  c->n = c->icenter = 0;
  c->complete = 0;
  for (size_t i = 0; i < c->nall; i++) {
    if (center_complete(c, i)) {
      c->complete++;
      continue;
    }
    const size_t k = walk ? i : r++;
    if (k % (size_t)c->nparts == (size_t)c->part) c->share[c->n++] = i;
  }
  return c->n;
}

int pel_campaign_done(const pel_campaign *c)
{
  return c->icenter >= c->n;
}

void pel_campaign_next(const pel_campaign *c, int64_t *center, long *attempt)
{
  if (pel_campaign_done(c)) {
    *center = -1;
    *attempt = 0;
    return;
  }
  const size_t k = c->share[c->icenter];
  *center = c->centers[k];
  *attempt = c->c_attempts[k];
}

void pel_campaign_record(pel_campaign *c, int event)
{
  if (pel_campaign_done(c)) return;
  const size_t k = c->share[c->icenter];
  c->attempts++;
  c->c_attempts[k]++;
  if (event) c->c_events[k]++;
  if (center_complete(c, k)) {
    c->icenter++;
    c->complete++;
  }
}

pel_status pel_campaign_replay(pel_campaign *c, int64_t center, long attempt, int event,
                               pel_error *err)
{
  const size_t k = find_center(c, center);
  if (k == c->nall)
    return pel_error_set(err, PEL_EFORMAT,
                         "center %lld is not one of the %zu centers of this campaign",
                         (long long)center, c->nall);
  if (attempt != c->c_attempts[k])
    return pel_error_set(
        err, PEL_EFORMAT, "center %lld attempt %ld: expected attempt %ld of that center (%s)",
        (long long)center, attempt, c->c_attempts[k],
        attempt < c->c_attempts[k] ? "a record appears twice" : "a record is missing");
  if (center_complete(c, k))
    return pel_error_set(err, PEL_EFORMAT,
                         "center %lld attempt %ld: that center was already complete "
                         "(events_per_center %d, max_attempts %d)",
                         (long long)center, attempt, c->p.events_per_center, c->p.max_attempts);
  c->attempts++;
  c->c_attempts[k]++;
  if (event) c->c_events[k]++;
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
size_t pel_campaign_total_centers(const pel_campaign *c)
{
  return c->nall;
}
size_t pel_campaign_complete_centers(const pel_campaign *c)
{
  return c->complete;
}
long pel_campaign_attempts(const pel_campaign *c)
{
  return c->attempts;
}

double pel_campaign_eta(const pel_campaign *c, double rate)
{
  if (pel_campaign_done(c) || !(rate > 0.0)) return 0.0;
  /* attempts per center: those of this share's centers done so far, else
   * max_attempts */
  long done = 0;
  for (size_t i = 0; i < c->icenter; i++) done += c->c_attempts[c->share[i]];
  const double per_center = c->icenter > 0 ? (double)done / c->icenter : (double)c->p.max_attempts;
  double left =
      (double)(c->n - c->icenter) * per_center - (double)c->c_attempts[c->share[c->icenter]];
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
