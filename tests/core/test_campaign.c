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
    increasing &= pel_rng_uniform(4242, rnd[i - 1], -1, -1, 0) <
                  pel_rng_uniform(4242, rnd[i], -1, -1, 0);
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

  /* replay: the same records rebuild the same state; a record out of
   * sequence is an error naming it */
  c = pel_campaign_alloc(&p, ids, N, 0, 1, &err);
  CHECK_INT(pel_campaign_replay(c, 5, 0, 1, &err), PEL_OK);
  CHECK_INT(pel_campaign_replay(c, 5, 1, 1, &err), PEL_OK);
  CHECK_INT(pel_campaign_replay(c, 12, 0, 0, &err), PEL_OK);
  CHECK_INT(pel_campaign_replay(c, 19, 0, 0, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, "center 19 attempt 0") != NULL);
  CHECK(strstr(err.msg, "expected center 12 attempt 1") != NULL);
  CHECK_INT(pel_campaign_attempts(c), 3);
  pel_campaign_free(c);

  /* errors: empty group, an ID twice, a partition without centers */
  CHECK(pel_campaign_alloc(&p, ids, 0, 0, 1, &err) == NULL);
  CHECK(strstr(err.msg, "empty") != NULL);
  int64_t dup[3] = {4, 9, 4};
  CHECK(pel_campaign_alloc(&p, dup, 3, 0, 1, &err) == NULL);
  CHECK(strstr(err.msg, "ID 4 appears twice") != NULL);
  CHECK(pel_campaign_alloc(&p, ids, 2, 2, 3, &err) == NULL);
  CHECK(strstr(err.msg, "partition 2 has no event centers") != NULL);

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
  CHECK_INT(pel_campaign_params_finish(&q, 0.05, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "resume") != NULL);
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
