// SPDX-License-Identifier: GPL-2.0-or-later
/* pelstat core: Voronoi parameters and statistics of polyhedron types.
 * The cells themselves are computed in pel_voronoi_cells.cpp (voro++). */

#include "pel_voronoi.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void pel_voronoi_params_default(pel_voronoi_params *p)
{
  if (!p) return;
  p->face_threshold = 0.0;
  p->face_fraction = 0.0;
  p->edge_threshold = 0.0;
  p->max_order = 6;
  p->top = 10;
}

pel_status pel_voronoi_params_check(const pel_voronoi_params *p, pel_error *err)
{
  if (!p) return pel_error_set(err, PEL_EINVAL, "no Voronoi parameters given");
  if (!isfinite(p->face_threshold) || p->face_threshold < 0.0)
    return pel_error_set(err, PEL_EINVAL,
                         "keyword face_threshold must be a finite number >= 0, got %.10g",
                         p->face_threshold);
  if (!(p->face_fraction >= 0.0 && p->face_fraction < 1.0))
    return pel_error_set(err, PEL_EINVAL, "keyword face_fraction must be >= 0 and < 1, got %.10g",
                         p->face_fraction);
  if (!isfinite(p->edge_threshold) || p->edge_threshold < 0.0)
    return pel_error_set(err, PEL_EINVAL,
                         "keyword edge_threshold must be a finite number >= 0, got %.10g",
                         p->edge_threshold);
  if (p->max_order < PEL_VORONOI_MAX_ORDER_MIN || p->max_order > PEL_VORONOI_MAX_ORDER_LIMIT)
    return pel_error_set(err, PEL_EINVAL,
                         "keyword max_order must be between %d and %d, got %d (the cell type "
                         "<n3,n4,n5,n6> needs columns up to n6)",
                         PEL_VORONOI_MAX_ORDER_MIN, PEL_VORONOI_MAX_ORDER_LIMIT, p->max_order);
  if (p->top < 1) return pel_error_set(err, PEL_EINVAL, "keyword top must be >= 1, got %d", p->top);
  return PEL_OK;
}

int pel_voronoi_ncolumns(const pel_voronoi_params *p)
{
  /* n3 .. n_max, then n_more */
  return p->max_order - 2 + 1;
}

/* ---- type tables -------------------------------------------------------- */

void pel_voronoi_table_init(pel_voronoi_table *t)
{
  t->types = NULL;
  t->ntypes = 0;
  t->capacity = 0;
  t->total = 0;
}

void pel_voronoi_table_free(pel_voronoi_table *t)
{
  if (!t) return;
  free(t->types);
  pel_voronoi_table_init(t);
}

static int type_cmp(const int a[4], const int b[4])
{
  for (int k = 0; k < 4; k++)
    if (a[k] != b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

/* Position of type n in the sorted table, or where it would be inserted;
 * *found tells which. */
static int table_find(const pel_voronoi_table *t, const int n[4], int *found)
{
  int lo = 0, hi = t->ntypes;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    int c = type_cmp(t->types[mid].n, n);
    if (c == 0) {
      *found = 1;
      return mid;
    }
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  *found = 0;
  return lo;
}

pel_status pel_voronoi_table_add(pel_voronoi_table *t, const int n[4], long count)
{
  if (!t || !n) return PEL_EINVAL;
  if (count < 0) return PEL_EINVAL;
  if (count == 0) return PEL_OK;
  int found;
  int at = table_find(t, n, &found);
  if (found) {
    t->types[at].count += count;
    t->total += count;
    return PEL_OK;
  }
  if (t->ntypes == t->capacity) {
    if (t->capacity > INT_MAX / 2) return PEL_ENOMEM;
    int cap = t->capacity ? 2 * t->capacity : 16;
    pel_voronoi_type *nt = realloc(t->types, (size_t)cap * sizeof *nt);
    if (!nt) return PEL_ENOMEM;
    t->types = nt;
    t->capacity = cap;
  }
  memmove(t->types + at + 1, t->types + at, (size_t)(t->ntypes - at) * sizeof *t->types);
  for (int k = 0; k < 4; k++) t->types[at].n[k] = n[k];
  t->types[at].count = count;
  t->ntypes++;
  t->total += count;
  return PEL_OK;
}

pel_status pel_voronoi_table_merge_flat(pel_voronoi_table *t, const long *flat, int ntypes)
{
  if (!t || ntypes < 0 || (ntypes > 0 && !flat)) return PEL_EINVAL;
  for (int i = 0; i < ntypes; i++) {
    const long *r = flat + 5 * (size_t)i;
    int n[4];
    for (int k = 0; k < 4; k++) {
      if (r[k] < INT_MIN || r[k] > INT_MAX) return PEL_EINVAL;
      n[k] = (int)r[k];
    }
    pel_status st = pel_voronoi_table_add(t, n, r[4]);
    if (st != PEL_OK) return st;
  }
  return PEL_OK;
}

void pel_voronoi_table_flatten(const pel_voronoi_table *t, long *flat)
{
  for (int i = 0; i < t->ntypes; i++) {
    for (int k = 0; k < 4; k++) flat[5 * (size_t)i + k] = t->types[i].n[k];
    flat[5 * (size_t)i + 4] = t->types[i].count;
  }
}

double pel_voronoi_table_entropy(const pel_voronoi_table *t)
{
  if (!t || t->total <= 0) return 0.0;
  const double total = (double)t->total;
  double s = 0.0;
  for (int i = 0; i < t->ntypes; i++) {
    if (t->types[i].count <= 0) continue;
    double pr = (double)t->types[i].count / total;
    s -= pr * log(pr);
  }
  return s;
}

long pel_voronoi_table_count(const pel_voronoi_table *t, const int n[4])
{
  if (!t || !n) return 0;
  int found;
  int at = table_find(t, n, &found);
  return found ? t->types[at].count : 0;
}

/* Ranking for top-k: larger count first, then smaller type.  Returns < 0 when
 * a ranks before b. */
static int rank_cmp(const pel_voronoi_type *a, const pel_voronoi_type *b)
{
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  return type_cmp(a->n, b->n);
}

int pel_voronoi_table_top(const pel_voronoi_table *t, int k, pel_voronoi_type *top)
{
  if (!t || !top || k <= 0) return 0;
  /* k selection passes, no allocation: each pass takes the best type that
   * ranks after the previous pick (the ranking is a strict total order) */
  int nout = 0;
  const pel_voronoi_type *prev = NULL;
  while (nout < k) {
    const pel_voronoi_type *best = NULL;
    for (int i = 0; i < t->ntypes; i++) {
      const pel_voronoi_type *c = &t->types[i];
      if (prev && rank_cmp(c, prev) <= 0) continue;
      if (!best || rank_cmp(c, best) < 0) best = c;
    }
    if (!best) break;
    top[nout++] = *best;
    prev = best;
  }
  return nout;
}
