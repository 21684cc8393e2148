/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The push geometry of the ART engine (pel_push) on a 5 x 5 x 5 cubic grid
 * (spacing 1, not periodic, atom IDs 1..125 in a shuffled storage order):
 * the random push is confined to the movable atoms within cluster_radius of
 * the center, has unit norm, no net translation (and, when asked, no rigid
 * rotation), is a function of (seed, center, attempt, atom ID) only (the
 * same per ID in any storage order), and a push built from a given vector is
 * that vector's cluster part less its mean. */
#include "pel_push.h"
#include "pel_test.h"

#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#define NA 125
#define NVEC 12

typedef struct {
  int64_t id[NA];
  double x[3 * NA], f[3 * NA];
  double store[NVEC][3 * NA];
  int mask[NA];
  int use_mask;
} host_t;

static int h_nlocal(void *u)
{
  return NA;
}
static int64_t h_id(void *u, int i)
{
  return ((host_t *)u)->id[i];
}
static const int *h_mask(void *u)
{
  host_t *m = u;
  return m->use_mask ? m->mask : NULL;
}
static double *h_vector(void *u, int which)
{
  host_t *m = u;
  if (which == PEL_ARTN_X) return m->x;
  if (which == PEL_ARTN_F) return m->f;
  return m->store[which - PEL_ARTN_X0];
}
static int h_energy_force(void *u, double *e)
{
  *e = 0.0;
  return 0;
}

/* grid point of atom ID k (1-based) */
static void grid(int64_t k, double *r)
{
  int64_t j = k - 1;
  r[0] = (double)(j % 5);
  r[1] = (double)((j / 5) % 5);
  r[2] = (double)(j / 25);
}

/* fill the host with IDs in the order given by a stride permutation */
static void fill(host_t *m, int stride)
{
  memset(m, 0, sizeof *m);
  for (int i = 0; i < NA; i++) {
    m->id[i] = (int64_t)((i * stride) % NA) + 1;
    grid(m->id[i], &m->store[0][3 * i]); /* X0 */
    m->mask[i] = 1;
  }
}

static int index_of(const host_t *m, int64_t id)
{
  for (int i = 0; i < NA; i++)
    if (m->id[i] == id) return i;
  return -1;
}

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  host_t a, b;
  pel_artn_host ha = {.user = &a, .comm = MPI_COMM_SELF, .nlocal = h_nlocal, .id = h_id,
                      .mask = h_mask, .vector = h_vector, .energy_force = h_energy_force};
  pel_artn_host hb = ha;
  hb.user = &b;
  pel_point pa, pb;
  pel_point_init(&pa, &ha, MPI_COMM_SELF, 1e9);
  pel_point_init(&pb, &hb, MPI_COMM_SELF, 1e9);
  const int64_t center = 63; /* the middle of the grid: (2, 2, 2) */
  pel_push_params pp = {1.5, 1, 0};

  /* without translation removal: confined to the cluster */
  pp.remove_translation = 0;
  fill(&a, 1);
  CHECK_INT(pel_push_make(&pa, &pp, 7, center, 0, -1, PEL_ARTN_PUSH), 19);
  {
    double c0[3];
    grid(center, c0);
    int outside = 0;
    for (int i = 0; i < NA; i++) {
      const double *p = &a.store[PEL_ARTN_PUSH - PEL_ARTN_X0][3 * i];
      const double *r = &a.store[0][3 * i];
      double d2 = (r[0] - c0[0]) * (r[0] - c0[0]) + (r[1] - c0[1]) * (r[1] - c0[1]) +
                  (r[2] - c0[2]) * (r[2] - c0[2]);
      if (d2 > 1.5 * 1.5 && (p[0] != 0.0 || p[1] != 0.0 || p[2] != 0.0)) outside++;
    }
    CHECK_INT(outside, 0);
  }
  pp.remove_translation = 1;

  /* with it (no atom frozen): unit norm, no net translation; the mean is
   * taken off every atom, so all atoms outside the cluster share one vector */
  fill(&a, 1);
  long n = pel_push_make(&pa, &pp, 7, center, 0, -1, PEL_ARTN_PUSH);
  CHECK_INT(n, 19); /* the center, 6 at distance 1, 12 at sqrt(2) */
  double c[3];
  grid(center, c);
  double norm = 0.0, net[3] = {0, 0, 0};
  int outside_nonzero = 0;
  for (int i = 0; i < NA; i++) {
    const double *p = &a.store[PEL_ARTN_PUSH - PEL_ARTN_X0][3 * i];
    const double *r = &a.store[0][3 * i];
    double d = sqrt((r[0] - c[0]) * (r[0] - c[0]) + (r[1] - c[1]) * (r[1] - c[1]) +
                    (r[2] - c[2]) * (r[2] - c[2]));
    for (int k = 0; k < 3; k++) {
      norm += p[k] * p[k];
      net[k] += p[k];
    }
    const double *p0 = &a.store[PEL_ARTN_PUSH - PEL_ARTN_X0][0]; /* atom 1: outside */
    if (d > 1.5 && (p[0] != p0[0] || p[1] != p0[1] || p[2] != p0[2])) outside_nonzero++;
  }
  CHECK_CLOSE(norm, 1.0, 1e-12);
  CHECK_INT(outside_nonzero, 0);
  for (int k = 0; k < 3; k++) CHECK_CLOSE(net[k], 0.0, 1e-12);

  /* a function of the atom ID: the same vector per ID in another storage
   * order (the decomposition does not matter) */
  fill(&b, 7); /* 7 is prime to 125: a permutation */
  CHECK(b.id[1] != a.id[1]);
  CHECK_INT(pel_push_make(&pb, &pp, 7, center, 0, -1, PEL_ARTN_PUSH), 19);
  int same = 1;
  for (int i = 0; i < NA; i++) {
    int j = index_of(&b, a.id[i]);
    for (int k = 0; k < 3; k++)
      if (fabs(a.store[PEL_ARTN_PUSH - PEL_ARTN_X0][3 * i + k] -
               b.store[PEL_ARTN_PUSH - PEL_ARTN_X0][3 * j + k]) > 1e-15)
        same = 0;
  }
  CHECK(same);
  /* another attempt or seed: another direction */
  CHECK_INT(pel_push_make(&pb, &pp, 7, center, 1, -1, PEL_ARTN_PUSH), 19);
  CHECK(fabs(pel_vdot(&pb, PEL_ARTN_PUSH, PEL_ARTN_PUSH) - 1.0) < 1e-12);
  {
    int j = index_of(&b, center), i = index_of(&a, center);
    CHECK(b.store[PEL_ARTN_PUSH - PEL_ARTN_X0][3 * j] !=
          a.store[PEL_ARTN_PUSH - PEL_ARTN_X0][3 * i]);
  }

  /* no rigid rotation when asked: sum of r x p over the system is zero */
  pp.remove_rotation = 1;
  fill(&a, 1);
  CHECK_INT(pel_push_make(&pa, &pp, 11, center, 3, -1, PEL_ARTN_PUSH), 19);
  {
    double L[3] = {0, 0, 0}, cm[3] = {2, 2, 2};
    for (int i = 0; i < NA; i++) {
      const double *p = &a.store[PEL_ARTN_PUSH - PEL_ARTN_X0][3 * i];
      const double *x = &a.store[0][3 * i];
      double r[3] = {x[0] - cm[0], x[1] - cm[1], x[2] - cm[2]};
      L[0] += r[1] * p[2] - r[2] * p[1];
      L[1] += r[2] * p[0] - r[0] * p[2];
      L[2] += r[0] * p[1] - r[1] * p[0];
    }
    for (int k = 0; k < 3; k++) CHECK_CLOSE(L[k], 0.0, 1e-12);
  }
  pp.remove_rotation = 0;

  /* frozen atoms: not pushed; with any frozen atom no translation removal */
  fill(&a, 1);
  a.use_mask = 1;
  a.mask[index_of(&a, center + 1)] = 0;
  CHECK_INT(pel_push_make(&pa, &pp, 7, center, 0, -1, PEL_ARTN_PUSH), 18);
  {
    const double *p = &a.store[PEL_ARTN_PUSH - PEL_ARTN_X0][3 * index_of(&a, center + 1)];
    CHECK(p[0] == 0.0 && p[1] == 0.0 && p[2] == 0.0);
  }

  /* a push from a given vector: its cluster part less the mean, unit norm */
  fill(&a, 1);
  {
    double *src = a.store[PEL_ARTN_D - PEL_ARTN_X0];
    for (int k = 0; k < 3 * NA; k++) src[k] = 0.1 + sin(0.7 * k);
    CHECK_INT(pel_push_make(&pa, &pp, 7, center, 0, PEL_ARTN_D, PEL_ARTN_WORK), 19);
    /* expected: cluster atoms' src less their mean, normalized */
    double mean[3] = {0, 0, 0}, nrm = 0.0;
    int in[NA];
    for (int i = 0; i < NA; i++) {
      const double *r = &a.store[0][3 * i];
      in[i] = (r[0] - c[0]) * (r[0] - c[0]) + (r[1] - c[1]) * (r[1] - c[1]) +
                  (r[2] - c[2]) * (r[2] - c[2]) <=
              1.5 * 1.5;
      if (in[i])
        for (int k = 0; k < 3; k++) mean[k] += src[3 * i + k] / 19.0;
    }
    for (int i = 0; i < NA; i++)
      if (in[i])
        for (int k = 0; k < 3; k++) nrm += pow(src[3 * i + k] - mean[k], 2);
    nrm = sqrt(nrm);
    double maxdiff = 0.0;
    for (int i = 0; i < NA; i++)
      for (int k = 0; k < 3; k++) {
        double want = in[i] ? (src[3 * i + k] - mean[k]) / nrm : 0.0;
        maxdiff = fmax(maxdiff, fabs(a.store[PEL_ARTN_WORK - PEL_ARTN_X0][3 * i + k] - want));
      }
    CHECK(maxdiff < 1e-14);
  }

  /* no such center: -1; no movable atom in the cluster: 0 */
  CHECK_INT(pel_push_make(&pa, &pp, 7, 999, 0, -1, PEL_ARTN_PUSH), -1);
  a.use_mask = 1;
  for (int i = 0; i < NA; i++) a.mask[i] = 0;
  CHECK_INT(pel_push_make(&pa, &pp, 7, center, 0, -1, PEL_ARTN_PUSH), 0);

  int rc = pel_test_report("test_push");
  MPI_Finalize();
  return rc;
}
