/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pel_push.h"

#include "pel_rng.h"

#include <math.h>

/* determinant of a 3 x 3 matrix */
static double det3(const double M[3][3])
{
  return M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) -
         M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
         M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]);
}

void pel_push_remove_rotation(const pel_point *pt, int dst)
{
  const int n = pel_nlocal(pt);
  const double *x0 = pel_vec(pt, PEL_ARTN_X0);
  double *p = pel_vec(pt, dst);
  double loc[4] = {0, 0, 0, 0}, c[4];
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < 3; k++) loc[k] += x0[3 * i + k];
    loc[3] += 1.0;
  }
  MPI_Allreduce(loc, c, 4, MPI_DOUBLE, MPI_SUM, pt->comm);
  for (int k = 0; k < 3; k++) c[k] /= c[3];
  /* generators R_k(i) = e_k x r_i; Gram matrix G (6 unique) and R.p (3) */
  double s[9] = {0}, gs[9];
  for (int i = 0; i < n; i++) {
    double r[3] = {x0[3 * i] - c[0], x0[3 * i + 1] - c[1], x0[3 * i + 2] - c[2]};
    const double *pi = p + 3 * i;
    /* G = |r|^2 I - r r^T; R_k . p = (r x p)_k */
    double r2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
    s[0] += r2 - r[0] * r[0];
    s[1] += -r[0] * r[1];
    s[2] += -r[0] * r[2];
    s[3] += r2 - r[1] * r[1];
    s[4] += -r[1] * r[2];
    s[5] += r2 - r[2] * r[2];
    s[6] += r[1] * pi[2] - r[2] * pi[1];
    s[7] += r[2] * pi[0] - r[0] * pi[2];
    s[8] += r[0] * pi[1] - r[1] * pi[0];
  }
  MPI_Allreduce(s, gs, 9, MPI_DOUBLE, MPI_SUM, pt->comm);
  double G[3][3] = {{gs[0], gs[1], gs[2]}, {gs[1], gs[3], gs[4]}, {gs[2], gs[4], gs[5]}};
  double b[3] = {gs[6], gs[7], gs[8]}, w[3];
  /* solve G w = b by Cramer's rule (G is the inertia tensor, SPD) */
  const double det = det3(G);
  if (!(fabs(det) > 0.0)) return;
  for (int k = 0; k < 3; k++) {
    double M[3][3];
    memcpy(M, G, sizeof M);
    for (int r = 0; r < 3; r++) M[r][k] = b[r];
    w[k] = det3(M) / det;
  }
  /* p -= w x r */
  for (int i = 0; i < n; i++) {
    double r[3] = {x0[3 * i] - c[0], x0[3 * i + 1] - c[1], x0[3 * i + 2] - c[2]};
    p[3 * i] -= w[1] * r[2] - w[2] * r[1];
    p[3 * i + 1] -= w[2] * r[0] - w[0] * r[2];
    p[3 * i + 2] -= w[0] * r[1] - w[1] * r[0];
  }
}

static int in_cluster(const pel_artn_host *h, const double *x, const double *c, double r2)
{
  double dx[3] = {x[0] - c[0], x[1] - c[1], x[2] - c[2]};
  if (h->minimum_image) h->minimum_image(h->user, dx);
  return dx[0] * dx[0] + dx[1] * dx[1] + dx[2] * dx[2] <= r2;
}

long pel_push_make(const pel_point *pt, const pel_push_params *pp, uint64_t seed, int64_t center,
                   long attempt, int src, int dst)
{
  const pel_artn_host *h = pt->h;
  const int n = pel_nlocal(pt);
  const double *x0 = pel_vec(pt, PEL_ARTN_X0);
  const int *m = pel_mask(pt);
  double loc[4] = {0, 0, 0, 0}, c[4];
  for (int i = 0; i < n; i++)
    if (h->id(h->user, i) == center) {
      for (int k = 0; k < 3; k++) loc[k] += x0[3 * i + k];
      loc[3] += 1.0;
    }
  MPI_Allreduce(loc, c, 4, MPI_DOUBLE, MPI_SUM, pt->comm);
  if (c[3] != 1.0) return -1;
  double *p = pel_vec(pt, dst);
  const double *from = src >= 0 ? pel_vec(pt, src) : NULL;
  const double r2 = pp->cluster_radius * pp->cluster_radius;
  /* atoms: in the cluster, movable, frozen; then the sum of p over the
   * cluster (used for a direction taken from src) */
  double cnt[6] = {0, 0, 0, 0, 0, 0}, g[6];
  for (int i = 0; i < n; i++) {
    const int movable = !m || m[i];
    if (movable && in_cluster(h, x0 + 3 * i, c, r2)) {
      const int64_t id = h->id(h->user, i);
      for (int k = 0; k < 3; k++) {
        p[3 * i + k] = from ? from[3 * i + k] : pel_rng_normal(seed, center, attempt, id, k);
        cnt[3 + k] += p[3 * i + k];
      }
      cnt[0] += 1.0;
    } else {
      p[3 * i] = p[3 * i + 1] = p[3 * i + 2] = 0.0;
    }
    if (movable)
      cnt[1] += 1.0;
    else
      cnt[2] += 1.0;
  }
  MPI_Allreduce(cnt, g, 6, MPI_DOUBLE, MPI_SUM, pt->comm);
  if (g[0] < 1.0) return 0;
  if (from) {
    for (int i = 0; i < n; i++)
      if ((!m || m[i]) && in_cluster(h, x0 + 3 * i, c, r2))
        for (int k = 0; k < 3; k++) p[3 * i + k] -= g[3 + k] / g[0];
  } else if (pp->remove_translation && g[2] == 0.0 && g[1] > 1.0) {
    double s[3] = {0, 0, 0}, sg[3];
    for (int i = 0; i < n; i++)
      for (int k = 0; k < 3; k++) s[k] += p[3 * i + k];
    MPI_Allreduce(s, sg, 3, MPI_DOUBLE, MPI_SUM, pt->comm);
    for (int i = 0; i < n; i++)
      for (int k = 0; k < 3; k++) p[3 * i + k] -= sg[k] / g[1];
  }
  if (pp->remove_rotation && g[2] == 0.0 && g[1] > 2.0) pel_push_remove_rotation(pt, dst);
  const double nrm = sqrt(pel_vdot(pt, dst, dst));
  if (!(nrm > 0.0)) return 0;
  pel_vscale(pt, dst, 1.0 / nrm);
  return (long)g[0];
}
