/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The campaign unit (pel_campaign): order of the centers, the share of each
 * partition, the per-center counters, replay of a log, the ETA, Metropolis
 * and the campaign keywords. */
#include "pel_campaign.h"
#include "pel_rng.h"
#include "pel_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N 23

static pel_campaign_params params(int order, int epc, int maxatt)
{
  pel_campaign_params p;
  pel_campaign_params_default(&p);
  p.seed = 4242;
  p.order = order;
  p.events_per_center = epc;
  p.max_attempts = maxatt;
  return p;
}

static int cmp64(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* the visiting order of partition part of nparts */
static size_t order_of(const pel_campaign_params *p, const int64_t *ids, int part, int nparts,
                       int64_t *out)
{
  pel_error err;
  pel_campaign *c = pel_campaign_alloc(p, ids, N, part, nparts, &err);
  CHECK(c != NULL);
  if (!c) return 0;
  size_t n = 0;
  while (!pel_campaign_done(c)) {
    long att;
    pel_campaign_next(c, &out[n++], &att);
    CHECK_INT(att, 0);
    pel_campaign_record(c, 1);
  }
  pel_campaign_free(c);
  return n;
}

/* an attempt's outcome, a function of (center, attempt) only, as in sample
 * mode */
static int outcome(int64_t center, long attempt)
{
  return pel_rng_uniform(99, center, attempt, 0, 0) < 0.4;
}

typedef struct {
  int64_t center;
  long attempt;
  int event;
} replay_rec;

static size_t index_of(const int64_t *sorted_ids, int64_t id)
{
  return (size_t)((id - sorted_ids[0]) / 7); /* IDs 5, 12, 19, ... */
}

/* the records of table t ([center index][attempt]: 1 + event), in center
 * order (as a host hands them in after sorting the logs) */
static int collect(long t[N][8], replay_rec *out)
{
  int n = 0;
  for (int i = 0; i < N; i++)
    for (int a = 0; a < 8 && t[i][a]; a++) out[n++] = (replay_rec){5 + 7 * i, a, (int)t[i][a] - 1};
  return n;
}

/* nparts partitions, each replaying the records `log` and then running at
 * most `limit` attempts (-1: to the end); new records go to t */
static void run_parts(const pel_campaign_params *p, const int64_t *ids, int nparts, int limit,
                      const replay_rec *log, int nlog, long t[N][8], int *count)
{
  static const int64_t first[1] = {5};
  for (int part = 0; part < nparts; part++) {
    pel_error err;
    pel_campaign *c = pel_campaign_alloc(p, ids, N, part, nparts, &err);
    CHECK(c != NULL);
    if (!c) return;
    for (int k = 0; k < nlog; k++)
      CHECK_INT(pel_campaign_replay(c, log[k].center, log[k].attempt, log[k].event, &err), PEL_OK);
    pel_campaign_assign(c);
    for (int k = 0; (limit < 0 || k < limit) && !pel_campaign_done(c); k++) {
      int64_t center;
      long att;
      pel_campaign_next(c, &center, &att);
      const int ev = outcome(center, att);
      const size_t i = index_of(first, center);
      CHECK(att < 8 && t[i][att] == 0); /* no attempt made twice */
      if (att < 8) t[i][att] = 1 + ev;
      (*count)++;
      pel_campaign_record(c, ev);
    }
    pel_campaign_free(c);
  }
}

int main(void)
{
  /* IDs 5, 12, 19, ... given in a scrambled order */
  int64_t ids[N], sorted[N];
  for (int i = 0; i < N; i++) sorted[i] = 5 + 7 * i;
  for (int i = 0; i < N; i++) ids[i] = sorted[(i * 5) % N];

  /* sequential: by ID, whatever order they are given in */
  pel_campaign_params p = params(PEL_ORDER_SEQUENTIAL, 1, 5);
  int64_t seq[N];
  CHECK_INT(order_of(&p, ids, 0, 1, seq), N);
  int ok = 1;
  for (int i = 0; i < N; i++) ok &= seq[i] == sorted[i];
  CHECK(ok);

  /* random: a permutation ordered by the hash of (seed, ID) */
  p.order = PEL_ORDER_RANDOM;
  int64_t rnd[N], chk[N];
  CHECK_INT(order_of(&p, ids, 0, 1, rnd), N);
  int differs = 0, increasing = 1;
  for (int i = 0; i < N; i++) differs |= rnd[i] != sorted[i];
  for (int i = 1; i < N; i++)
    increasing &=
        pel_rng_uniform(4242, rnd[i - 1], -1, -1, 0) < pel_rng_uniform(4242, rnd[i], -1, -1, 0);
  CHECK(differs);
  CHECK(increasing);
  memcpy(chk, rnd, sizeof chk);
  qsort(chk, N, sizeof chk[0], cmp64);
  ok = 1;
  for (int i = 0; i < N; i++) ok &= chk[i] == sorted[i];
  CHECK(ok);
  /* another seed, another order */
  p.seed = 4243;
  int64_t rnd2[N];
  order_of(&p, ids, 0, 1, rnd2);
  CHECK(memcmp(rnd, rnd2, sizeof rnd) != 0);
  p.seed = 4242;

  /* partitions: every nparts-th center of the order, disjoint, complete */
  for (int nparts = 2; nparts <= 4; nparts++) {
    int seen = 0, in_order = 1;
    for (int part = 0; part < nparts; part++) {
      int64_t mine[N];
      size_t n = order_of(&p, ids, part, nparts, mine);
      seen += (int)n;
      for (size_t k = 0; k < n; k++) in_order &= mine[k] == rnd[part + k * nparts];
    }
    CHECK_INT(seen, N);
    CHECK(in_order);
  }

  /* counters: 2 events wanted, at most 3 attempts per center */
  p = params(PEL_ORDER_SEQUENTIAL, 2, 3);
  pel_error err;
  pel_campaign *c = pel_campaign_alloc(&p, ids, N, 0, 1, &err);
  int64_t center;
  long att;
  /* center 5: event, fail, event -> done after 3 attempts (2 events) */
  pel_campaign_record(c, 1);
  pel_campaign_record(c, 0);
  pel_campaign_next(c, &center, &att);
  CHECK_INT(center, 5);
  CHECK_INT(att, 2);
  pel_campaign_record(c, 1);
  pel_campaign_next(c, &center, &att);
  CHECK_INT(center, 12);
  CHECK_INT(att, 0);
  /* center 12: two events -> done after 2 */
  pel_campaign_record(c, 1);
  pel_campaign_record(c, 1);
  /* center 19: three failures -> done (max_attempts) */
  for (int k = 0; k < 3; k++) pel_campaign_record(c, 0);
  pel_campaign_next(c, &center, &att);
  CHECK_INT(center, 26);
  CHECK_INT(pel_campaign_centers_done(c), 3);
  CHECK_INT(pel_campaign_attempts(c), 8);
  /* ETA: (23 - 3) centers at 8 / 3 attempts each, at 2 attempts/s */
  CHECK_CLOSE(pel_campaign_eta(c, 2.0), 20.0 * 8.0 / 3.0 / 2.0, 1e-12);
  pel_campaign_record(c, 0);
  CHECK_CLOSE(pel_campaign_eta(c, 2.0), (20.0 * 8.0 / 3.0 - 1.0) / 2.0, 1e-12);
  CHECK_CLOSE(pel_campaign_eta(c, 0.0), 0.0, 0.0);
  pel_campaign_free(c);

  /* replay: records of each center in attempt order, centers in any order;
   * a record twice, one missing, another campaign's center, or one past a
   * complete center is an error naming it */
  c = pel_campaign_alloc(&p, ids, N, 0, 1, &err);
  CHECK_INT(pel_campaign_replay(c, 12, 0, 0, &err), PEL_OK);
  CHECK_INT(pel_campaign_replay(c, 5, 0, 1, &err), PEL_OK);
  CHECK_INT(pel_campaign_replay(c, 5, 1, 1, &err), PEL_OK);
  CHECK_INT(pel_campaign_replay(c, 12, 0, 0, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, "center 12 attempt 0") != NULL);
  CHECK(strstr(err.msg, "appears twice") != NULL);
  CHECK_INT(pel_campaign_replay(c, 19, 1, 0, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, "expected attempt 0") != NULL && strstr(err.msg, "missing") != NULL);
  CHECK_INT(pel_campaign_replay(c, 6, 0, 0, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, "center 6 is not one of the 23 centers") != NULL);
  CHECK_INT(pel_campaign_replay(c, 5, 2, 0, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, "already complete") != NULL);
  CHECK_INT(pel_campaign_attempts(c), 3);
  /* after the replay: center 5 is complete, center 12 goes on at attempt 1 */
  CHECK_INT(pel_campaign_assign(c), N - 1);
  CHECK_INT(pel_campaign_complete_centers(c), 1);
  pel_campaign_next(c, &center, &att);
  CHECK_INT(center, 12);
  CHECK_INT(att, 1);
  pel_campaign_free(c);

  /* a campaign's content does not depend on how it was run: uninterrupted
   * on one partition, against 2 partitions stopped part-way, resumed on 3
   * (stopped again), finished on 1 */
  p = params(PEL_ORDER_RANDOM, 2, 4);
  {
    static long ref[N][8], got[N][8]; /* [center index][attempt]: 1 + event, 0: none */
    memset(ref, 0, sizeof ref);
    memset(got, 0, sizeof got);
    int nref = 0, ngot = 0;
    run_parts(&p, ids, 1, -1, NULL, 0, ref, &nref);
    replay_rec log[8 * N];
    int nlog = 0;
    run_parts(&p, ids, 2, 5, log, 0, got, &ngot); /* 2 partitions, 5 attempts each */
    nlog = collect(got, log);
    run_parts(&p, ids, 3, 4, log, nlog, got, &ngot); /* resumed on 3, 4 attempts each */
    nlog = collect(got, log);
    run_parts(&p, ids, 1, -1, log, nlog, got, &ngot); /* finished on 1 */
    CHECK_INT(ngot, nref);
    CHECK(memcmp(ref, got, sizeof ref) == 0);
  }

  /* max_centers: only the first K centers of the order */
  p = params(PEL_ORDER_RANDOM, 1, 5);
  p.max_centers = 4;
  {
    int64_t first[N];
    CHECK_INT(order_of(&p, ids, 0, 1, first), 4);
    CHECK(memcmp(first, rnd, 4 * sizeof first[0]) == 0);
  }
  p.max_centers = 0;

  /* walk mode: a partition keeps its centers (positions part, part + nparts,
   * ... of the order) whatever is complete */
  p = params(PEL_ORDER_SEQUENTIAL, 1, 1);
  p.mode = PEL_MODE_WALK;
  {
    c = pel_campaign_alloc(&p, ids, N, 1, 2, &err);
    CHECK_INT(pel_campaign_replay(c, 12, 0, 1, &err), PEL_OK); /* center 12 (position 1) done */
    CHECK_INT(pel_campaign_replay(c, 5, 0, 0, &err), PEL_OK);  /* 5 (position 0) done */
    CHECK_INT(pel_campaign_assign(c), N / 2 - 1); /* positions 3, 5, ..., 21 */
    pel_campaign_next(c, &center, &att);
    CHECK_INT(center, 5 + 7 * 3);
    pel_campaign_free(c);
  }
  p.mode = PEL_MODE_SAMPLE;

  /* errors: empty group, an ID twice; a partition without centers is not
   * an error here (a resumed campaign may have none left for it) */
  CHECK(pel_campaign_alloc(&p, ids, 0, 0, 1, &err) == NULL);
  CHECK(strstr(err.msg, "empty") != NULL);
  int64_t dup[3] = {4, 9, 4};
  CHECK(pel_campaign_alloc(&p, dup, 3, 0, 1, &err) == NULL);
  CHECK(strstr(err.msg, "ID 4 appears twice") != NULL);
  c = pel_campaign_alloc(&p, ids, 2, 2, 3, &err);
  CHECK(c != NULL);
  CHECK_INT(pel_campaign_ncenters(c), 0);
  CHECK(pel_campaign_done(c));
  CHECK_INT(pel_campaign_total_centers(c), 2);
  pel_campaign_free(c);

  /* h:mm */
  char buf[32];
  pel_campaign_format_hm(59.0, buf, sizeof buf);
  CHECK(strcmp(buf, "0:01") == 0);
  pel_campaign_format_hm(3599.0, buf, sizeof buf);
  CHECK(strcmp(buf, "1:00") == 0);
  pel_campaign_format_hm(7290.0, buf, sizeof buf);
  CHECK(strcmp(buf, "2:02") == 0);
  pel_campaign_format_hm(NAN, buf, sizeof buf);
  CHECK(strcmp(buf, "0:00") == 0);

  /* Metropolis: level and downhill moves always, uphill with exp(-dE/kT) */
  CHECK(pel_campaign_metropolis(-1.0, 0.0, 1e-6, 0.999));
  CHECK(pel_campaign_metropolis(0.5e-6, 0.0, 1e-6, 0.999));
  CHECK(!pel_campaign_metropolis(0.1, 0.0, 1e-6, 1e-300));
  CHECK(pel_campaign_metropolis(0.1, 0.1, 1e-6, exp(-1.0) * 0.999));
  CHECK(!pel_campaign_metropolis(0.1, 0.1, 1e-6, exp(-1.0) * 1.001));
  /* the acceptance rate of uphill moves over many uniform numbers */
  {
    int acc = 0;
    const int M = 20000;
    for (int k = 0; k < M; k++)
      acc += pel_campaign_metropolis(0.05, 0.025, 0.0, pel_rng_uniform(1, 2, k, 3, 0));
    const double rate = (double)acc / M, want = exp(-2.0);
    CHECK_CLOSE(rate, want, 4.0 * sqrt(want * (1 - want) / M));
  }

  /* keywords: seed required, derived defaults, mode and resume */
  pel_campaign_params q;
  pel_campaign_params_default(&q);
  CHECK_INT(pel_campaign_params_finish(&q, 0.05, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "seed") != NULL);
  q.seed = 1;
  q.events_per_center = 3;
  CHECK_INT(pel_campaign_params_finish(&q, 0.05, &err), PEL_OK);
  CHECK_INT(q.max_attempts, 15);
  CHECK_CLOSE(q.init_ftol, 0.001, 1e-15);
  q.resume = 1;
  q.mode = PEL_MODE_WALK;
  CHECK_INT(pel_campaign_params_finish(&q, 0.05, &err), PEL_OK); /* a walk resumes */
  int n = 0;
  const pel_param *t = pel_campaign_param_table(&n);
  CHECK_INT(pel_param_parse(&t[pel_param_find(t, n, "order")], &q, "shuffled", &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "order must be sequential or random, got 'shuffled'") != NULL);
  CHECK_INT(pel_param_parse(&t[pel_param_find(t, n, "seed")], &q, "-3", &err), PEL_EINVAL);
  CHECK_INT(pel_param_parse(&t[pel_param_find(t, n, "seed")], &q, "0", &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "seed must be") != NULL);
  CHECK_INT(pel_param_parse(&t[pel_param_find(t, n, "seed")], &q, "18446744073709551616", &err),
            PEL_EINVAL); /* 2^64 */
  CHECK_INT(pel_param_parse(&t[pel_param_find(t, n, "seed")], &q, "18446744073709551615", &err),
            PEL_OK);
  CHECK(q.seed == UINT64_MAX);
  CHECK_INT(pel_param_parse(&t[pel_param_find(t, n, "temperature")], &q, "1e-400", &err),
            PEL_EINVAL);
  CHECK(strstr(err.msg, "temperature") != NULL && strstr(err.msg, "1e-400") != NULL);

  return pel_test_report("test_campaign");
}
