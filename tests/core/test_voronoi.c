// SPDX-License-Identifier: GPL-2.0-or-later
/* Voronoi cells and polyhedron statistics (pel_voronoi.h) against analytic
 * answers: fcc, bcc, icosahedron, volume sums in periodic boxes (orthogonal
 * and triclinic, plain and radical), Euler's relation, error paths, type
 * tables. */

#include "pel_test.h"
#include "pel_voronoi.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------ */

/* 64-bit LCG (Knuth's MMIX constants); uniform in [0,1). */
static uint64_t lcg_state = 12345u;
static double lcg_uniform(void)
{
  lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(lcg_state >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct {
  int n, cap;
  double *x;
  double *r;
} pointset;

static void ps_init(pointset *s)
{
  s->n = s->cap = 0;
  s->x = NULL;
  s->r = NULL;
}

static void ps_free(pointset *s)
{
  free(s->x);
  free(s->r);
  ps_init(s);
}

static void ps_add(pointset *s, double x, double y, double z, double r)
{
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 256;
    s->x = realloc(s->x, 3 * (size_t)s->cap * sizeof(double));
    s->r = realloc(s->r, (size_t)s->cap * sizeof(double));
    if (!s->x || !s->r) abort();
  }
  s->x[3 * s->n] = x;
  s->x[3 * s->n + 1] = y;
  s->x[3 * s->n + 2] = z;
  s->r[s->n] = r;
  s->n++;
}

/* Periodic images: the n0 points of s (a box with edge vectors a, b, c as
 * rows of h) are followed by their 26 images, so the first n0 points have
 * every neighbour within the smallest width of the box. */
static void ps_add_images(pointset *s, const double h[3][3])
{
  const int n0 = s->n;
  for (int i = -1; i <= 1; i++)
    for (int j = -1; j <= 1; j++)
      for (int k = -1; k <= 1; k++) {
        if (!i && !j && !k) continue;
        double sh[3];
        for (int q = 0; q < 3; q++) sh[q] = i * h[0][q] + j * h[1][q] + k * h[2][q];
        for (int p = 0; p < n0; p++)
          ps_add(s, s->x[3 * p] + sh[0], s->x[3 * p + 1] + sh[1], s->x[3 * p + 2] + sh[2], s->r[p]);
      }
}

/* Smallest distance between opposite faces of the box spanned by h. */
static double box_width(const double h[3][3])
{
  double w = INFINITY;
  for (int q = 0; q < 3; q++) {
    const double *u = h[(q + 1) % 3], *v = h[(q + 2) % 3], *a = h[q];
    double c[3] = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
    double cn = sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    double d = fabs(a[0] * c[0] + a[1] * c[1] + a[2] * c[2]) / cn;
    if (d < w) w = d;
  }
  return w;
}

static double box_volume(const double h[3][3])
{
  return fabs(h[0][0] * (h[1][1] * h[2][2] - h[1][2] * h[2][1]) -
              h[0][1] * (h[1][0] * h[2][2] - h[1][2] * h[2][0]) +
              h[0][2] * (h[1][0] * h[2][1] - h[1][1] * h[2][0]));
}

/* Identifiers handed to pel_voronoi_compute by run() (NULL: none). */
static const long long *run_ids = NULL;

/* Results of one pel_voronoi_compute call. */
typedef struct {
  int ncol;
  int *index;
  int *coord;
  double *vol, *area;
  pel_voronoi_output out;
  pel_error err;
  pel_status st;
} result;

static void run(pel_voronoi_workspace *w, const pel_voronoi_params *p, const pointset *s,
                int use_radius, int ncells, const int *cells, int nwalls,
                const pel_voronoi_wall *walls, double cutoff, result *res)
{
  pel_voronoi_input in;
  memset(&in, 0, sizeof in);
  in.npoints = s->n;
  in.x = s->x;
  in.radius = use_radius ? s->r : NULL;
  in.id = run_ids;
  in.ncells = ncells;
  in.cells = cells;
  in.nwalls = nwalls;
  in.walls = walls;
  in.cutoff = cutoff;
  res->ncol = pel_voronoi_ncolumns(p);
  res->index = calloc((size_t)(ncells ? ncells : 1) * res->ncol, sizeof(int));
  res->coord = calloc((size_t)(ncells ? ncells : 1), sizeof(int));
  res->vol = calloc((size_t)(ncells ? ncells : 1), sizeof(double));
  res->area = calloc((size_t)(ncells ? ncells : 1), sizeof(double));
  memset(&res->out, 0, sizeof res->out);
  res->out.index = res->index;
  res->out.coordination = res->coord;
  res->out.volume = res->vol;
  res->out.area = res->area;
  pel_error_clear(&res->err);
  res->st = pel_voronoi_compute(w, p, &in, &res->out, &res->err);
  if (res->st != PEL_OK && res->st != PEL_ERANGE && res->st != PEL_EINVAL)
    fprintf(stderr, "unexpected status %d: %s\n", (int)res->st, res->err.msg);
}

static void result_free(result *res)
{
  free(res->index);
  free(res->coord);
  free(res->vol);
  free(res->area);
}

static int *range(int n)
{
  int *c = malloc((size_t)n * sizeof(int));
  for (int i = 0; i < n; i++) c[i] = i;
  return c;
}

/* Does row c of the index equal want[0..ncol-1]? */
static int index_is(const result *res, int c, const int *want)
{
  for (int k = 0; k < res->ncol; k++)
    if (res->index[c * res->ncol + k] != want[k]) return 0;
  return 1;
}

/* fcc or bcc lattice of m x m x m conventional cells with lattice constant a;
 * the atoms of the central cell come first (m odd). */
static void lattice(pointset *s, int bcc, int m, double a)
{
  static const double fcc_basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  static const double bcc_basis[2][3] = {{0, 0, 0}, {0.5, 0.5, 0.5}};
  const int nb = bcc ? 2 : 4;
  const int mid = m / 2;
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < m; i++)
      for (int j = 0; j < m; j++)
        for (int k = 0; k < m; k++) {
          int central = (i == mid && j == mid && k == mid);
          if (central != (pass == 0)) continue;
          for (int b = 0; b < nb; b++) {
            const double *f = bcc ? bcc_basis[b] : fcc_basis[b];
            ps_add(s, a * (i + f[0]), a * (j + f[1]), a * (k + f[2]), 1.0);
          }
        }
}

/* ---- tests -------------------------------------------------------------- */

static void test_params(void)
{
  pel_voronoi_params p;
  pel_error err;
  pel_voronoi_params_default(&p);
  CHECK_CLOSE(p.face_threshold, 0.0, 0.0);
  CHECK_CLOSE(p.face_fraction, 0.0, 0.0);
  CHECK_CLOSE(p.edge_threshold, 0.0, 0.0);
  CHECK_INT(p.max_order, 6);
  CHECK_INT(p.top, 10);
  CHECK_INT(pel_voronoi_ncolumns(&p), 5);
  CHECK_INT(pel_voronoi_params_check(&p, &err), PEL_OK);

  pel_voronoi_params q = p;
  q.face_threshold = -0.1;
  CHECK_INT(pel_voronoi_params_check(&q, &err), PEL_EINVAL);
  /* messages name the keyword as a LAMMPS user writes it, and the value */
  CHECK(strstr(err.msg, "keyword face_threshold") != NULL && strstr(err.msg, "got -0.1") != NULL);
  q = p;
  q.face_fraction = 1.5;
  CHECK_INT(pel_voronoi_params_check(&q, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "face_fraction") != NULL);
  q = p;
  q.face_fraction = NAN;
  CHECK_INT(pel_voronoi_params_check(&q, &err), PEL_EINVAL);
  q = p;
  q.edge_threshold = -1.0;
  CHECK_INT(pel_voronoi_params_check(&q, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "edge_threshold") != NULL);
  q = p;
  /* the type <n3,n4,n5,n6> needs its own columns up to n6 */
  q.max_order = PEL_VORONOI_MAX_ORDER_MIN - 1;
  CHECK_INT(PEL_VORONOI_MAX_ORDER_MIN, 6);
  CHECK_INT(pel_voronoi_params_check(&q, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "keyword max_order must be between 6 and 32, got 5") != NULL);
  q.max_order = PEL_VORONOI_MAX_ORDER_MIN;
  CHECK_INT(pel_voronoi_params_check(&q, &err), PEL_OK);
  q.max_order = PEL_VORONOI_MAX_ORDER_LIMIT + 1;
  CHECK_INT(pel_voronoi_params_check(&q, &err), PEL_EINVAL);
  q.max_order = PEL_VORONOI_MAX_ORDER_LIMIT;
  CHECK_INT(pel_voronoi_params_check(&q, &err), PEL_OK);
  CHECK_INT(pel_voronoi_ncolumns(&q), PEL_VORONOI_MAX_ORDER_LIMIT - 1);
  q = p;
  q.top = 0;
  CHECK_INT(pel_voronoi_params_check(&q, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "keyword top must be >= 1, got 0") != NULL);
}

static void test_fcc(pel_voronoi_workspace *w)
{
  const double a = 3.615; /* Cu */
  pointset s;
  ps_init(&s);
  lattice(&s, 0, 3, a);
  CHECK_INT(s.n, 108);
  pel_voronoi_params p;
  pel_voronoi_params_default(&p);
  int *cells = range(4);
  const int want[5] = {0, 12, 0, 0, 0};
  /* with no cutoff and with a cutoff of 1.2 a */
  for (int pass = 0; pass < 2; pass++) {
    result r;
    run(w, &p, &s, 0, 4, cells, 0, NULL, pass ? 1.2 * a : 0.0, &r);
    CHECK_INT(r.st, PEL_OK);
    for (int c = 0; c < 4; c++) {
      CHECK(index_is(&r, c, want));
      CHECK_INT(r.coord[c], 12);
      CHECK_CLOSE(r.vol[c], a * a * a / 4, 1e-9 * a * a * a);
      /* rhombic dodecahedron with edge a sqrt(3)/4: surface 3 sqrt(2)/2 a^2 */
      CHECK_CLOSE(r.area[c], 1.5 * sqrt(2.0) * a * a, 1e-9 * a * a);
    }
    /* farthest vertex (octahedral hole) at a/2: neighbours needed within a */
    CHECK_CLOSE(r.out.needed_cutoff, a, 1e-9 * a);
    result_free(&r);
  }
  /* the 12 nearest neighbours close the cell: exact index, needed > cutoff */
  {
    result r;
    run(w, &p, &s, 0, 4, cells, 0, NULL, 0.8 * a, &r);
    CHECK_INT(r.st, PEL_OK);
    CHECK(index_is(&r, 0, want));
    CHECK(r.out.needed_cutoff > 0.8 * a);
    result_free(&r);
  }
  /* nothing within the cutoff: the cell is open */
  {
    result r;
    run(w, &p, &s, 0, 4, cells, 0, NULL, 0.6 * a, &r);
    CHECK_INT(r.st, PEL_ERANGE);
    CHECK(strstr(r.err.msg, "point 0") != NULL);
    CHECK(strstr(r.err.msg, "not closed") != NULL);
    CHECK(r.out.needed_cutoff > 0.6 * a);
    result_free(&r);
  }
  /* max_order 7: a column for n7, then n_more */
  {
    pel_voronoi_params q = p;
    q.max_order = 7;
    result r;
    run(w, &q, &s, 0, 1, cells, 0, NULL, 0.0, &r);
    const int want7[6] = {0, 12, 0, 0, 0, 0};
    CHECK_INT(r.ncol, 6);
    CHECK(index_is(&r, 0, want7));
    result_free(&r);
  }
  free(cells);
  ps_free(&s);
}

static void test_bcc(pel_voronoi_workspace *w)
{
  const double a = 3.3;
  pointset s;
  ps_init(&s);
  lattice(&s, 1, 3, a);
  pel_voronoi_params p;
  pel_voronoi_params_default(&p);
  int *cells = range(2);
  result r;
  run(w, &p, &s, 0, 2, cells, 0, NULL, 1.5 * a, &r);
  const int want[5] = {0, 6, 0, 8, 0};
  CHECK_INT(r.st, PEL_OK);
  for (int c = 0; c < 2; c++) {
    CHECK(index_is(&r, c, want));
    CHECK_INT(r.coord[c], 14);
    CHECK_CLOSE(r.vol[c], a * a * a / 2, 1e-9 * a * a * a);
    CHECK_CLOSE(r.area[c], (0.75 + 1.5 * sqrt(3.0)) * a * a, 1e-9 * a * a);
  }
  /* truncated octahedron, farthest vertices at a sqrt(5)/4 */
  CHECK_CLOSE(r.out.needed_cutoff, a * sqrt(5.0) / 2, 1e-9 * a);
  result_free(&r);
  /* a face threshold above the square faces' area (a^2/8) keeps the hexagons */
  pel_voronoi_params q = p;
  q.face_threshold = 0.15 * a * a;
  run(w, &q, &s, 0, 2, cells, 0, NULL, 0.0, &r);
  const int want_hex[5] = {0, 0, 0, 8, 0};
  CHECK(index_is(&r, 0, want_hex));
  CHECK_INT(r.coord[0], 8);
  CHECK_CLOSE(r.vol[0], a * a * a / 2, 1e-9 * a * a * a); /* volume is not thresholded */
  result_free(&r);
  q = p;
  q.face_fraction = 0.05; /* a square is a^2/8 of (3/4 + 3 sqrt(3)/2) a^2, 3.7% */
  run(w, &q, &s, 0, 2, cells, 0, NULL, 0.0, &r);
  CHECK(index_is(&r, 0, want_hex));
  result_free(&r);
  free(cells);
  ps_free(&s);
}

static void test_icosahedron(pel_voronoi_workspace *w)
{
  const double phi = 0.5 * (1.0 + sqrt(5.0));
  const double r0 = 2.5;
  pointset s;
  ps_init(&s);
  ps_add(&s, 0.1, -0.2, 0.3, 1.0);
  const double c0[3] = {0.1, -0.2, 0.3};
  for (int q = 0; q < 3; q++)
    for (int s1 = -1; s1 <= 1; s1 += 2)
      for (int s2 = -1; s2 <= 1; s2 += 2) {
        double v[3];
        v[q] = 0.0;
        v[(q + 1) % 3] = s1;
        v[(q + 2) % 3] = s2 * phi;
        double nrm = sqrt(1.0 + phi * phi);
        ps_add(&s, c0[0] + r0 * v[0] / nrm, c0[1] + r0 * v[1] / nrm, c0[2] + r0 * v[2] / nrm, 1.0);
      }
  pel_voronoi_params p;
  pel_voronoi_params_default(&p);
  /* walls: a cube of edge 4 r0 around the cluster */
  pel_voronoi_wall walls[6];
  for (int q = 0; q < 6; q++) {
    int ax = q / 2, sg = (q % 2) ? -1 : 1;
    walls[q].normal[0] = walls[q].normal[1] = walls[q].normal[2] = 0.0;
    walls[q].normal[ax] = 3.0 * sg; /* not unit length on purpose */
    walls[q].d = 3.0 * (sg * c0[ax] + 2.0 * r0);
  }
  int *cells = range(13);
  result r;
  run(w, &p, &s, 0, 13, cells, 6, walls, 0.0, &r);
  CHECK_INT(r.st, PEL_OK);
  const int want[5] = {0, 0, 12, 0, 0};
  CHECK(index_is(&r, 0, want));
  CHECK_INT(r.coord[0], 12);
  /* regular dodecahedron with inradius r0/2 */
  const double edge = (r0 / 2) * 20.0 / sqrt(250.0 + 110.0 * sqrt(5.0));
  CHECK_CLOSE(r.vol[0], (15.0 + 7.0 * sqrt(5.0)) / 4.0 * pow(edge, 3), 1e-9);
  double sum = 0.0;
  for (int c = 0; c < 13; c++) sum += r.vol[c];
  CHECK_CLOSE(sum, pow(4.0 * r0, 3), 1e-9 * pow(4.0 * r0, 3));
  result_free(&r);
  /* the centre alone, without walls: closed by its 12 neighbours */
  run(w, &p, &s, 0, 1, cells, 0, NULL, 0.0, &r);
  CHECK_INT(r.st, PEL_OK);
  CHECK(index_is(&r, 0, want));
  result_free(&r);
  /* an outer atom without walls is open */
  run(w, &p, &s, 0, 1, cells + 5, 0, NULL, 0.0, &r);
  CHECK_INT(r.st, PEL_ERANGE);
  CHECK(strstr(r.err.msg, "point 5") != NULL);
  result_free(&r);
  free(cells);
  ps_free(&s);
}

/* fcc with random displacements of 0.01 a, in a periodic box of 3x3x3 cells */
static void test_fcc_noisy(pel_voronoi_workspace *w)
{
  const double a = 3.615;
  const double h[3][3] = {{3 * a, 0, 0}, {0, 3 * a, 0}, {0, 0, 3 * a}};
  pointset s;
  ps_init(&s);
  lattice(&s, 0, 3, a);
  lcg_state = 2020u;
  for (int i = 0; i < s.n; i++)
    for (int q = 0; q < 3; q++) s.x[3 * i + q] += 0.01 * a * (2.0 * lcg_uniform() - 1.0);
  const int n0 = s.n;
  ps_add_images(&s, h);
  int *cells = range(n0);
  const int want[5] = {0, 12, 0, 0, 0};

  pel_voronoi_params p;
  pel_voronoi_params_default(&p);
  result r;
  run(w, &p, &s, 0, n0, cells, 0, NULL, box_width(h), &r);
  CHECK_INT(r.st, PEL_OK);
  CHECK(r.out.needed_cutoff <= box_width(h));
  int n_perfect = 0, n_more_faces = 0;
  double sum = 0.0;
  for (int c = 0; c < n0; c++) {
    n_perfect += index_is(&r, c, want);
    n_more_faces += r.coord[c] > 12;
    sum += r.vol[c];
  }
  /* without thresholds the split vertices show up as extra faces and edges */
  CHECK(n_perfect < n0 / 2);
  CHECK(n_more_faces > 0);
  CHECK_CLOSE(sum, box_volume(h), 1e-9 * box_volume(h));
  result_free(&r);

  /* tiny faces (~(0.01 a)^2) and short edges (~0.01 a) are ignored */
  p.face_threshold = 0.01 * a * a;
  p.edge_threshold = 0.05 * a;
  run(w, &p, &s, 0, n0, cells, 0, NULL, box_width(h), &r);
  CHECK_INT(r.st, PEL_OK);
  n_perfect = 0;
  int n12 = 0;
  for (int c = 0; c < n0; c++) {
    n_perfect += index_is(&r, c, want);
    n12 += r.coord[c] == 12;
  }
  CHECK_INT(n_perfect, n0);
  CHECK_INT(n12, n0);
  result_free(&r);

  /* a relative face threshold does the same */
  pel_voronoi_params_default(&p);
  p.face_fraction = 0.01;
  p.edge_threshold = 0.05 * a;
  run(w, &p, &s, 0, n0, cells, 0, NULL, box_width(h), &r);
  n_perfect = 0;
  for (int c = 0; c < n0; c++) n_perfect += index_is(&r, c, want);
  CHECK_INT(n_perfect, n0);
  result_free(&r);

  /* the edge threshold alone removes the short edges but not the tiny faces */
  pel_voronoi_params_default(&p);
  p.edge_threshold = 0.05 * a;
  run(w, &p, &s, 0, n0, cells, 0, NULL, box_width(h), &r);
  int nrhombi = 0;
  for (int c = 0; c < n0; c++) nrhombi += r.index[c * r.ncol + 1];
  CHECK_INT(nrhombi, 12 * n0);
  result_free(&r);
  free(cells);
  ps_free(&s);
}

/* Random points in a periodic box given by h: volume sums, Euler relation,
 * radical cells with equal radii equal plain cells. */
static void check_random_box(pel_voronoi_workspace *w, const double h[3][3], int n0, uint64_t seed)
{
  pointset s;
  ps_init(&s);
  lcg_state = seed;
  for (int i = 0; i < n0; i++) {
    double f[3] = {lcg_uniform(), lcg_uniform(), lcg_uniform()};
    double x[3];
    for (int q = 0; q < 3; q++) x[q] = f[0] * h[0][q] + f[1] * h[1][q] + f[2] * h[2][q];
    ps_add(&s, x[0], x[1], x[2], 0.37);
  }
  ps_add_images(&s, h);
  int *cells = range(n0);
  const double width = box_width(h), vbox = box_volume(h);
  pel_voronoi_params p;
  pel_voronoi_params_default(&p);
  p.max_order = PEL_VORONOI_MAX_ORDER_LIMIT;

  result r, rr;
  run(w, &p, &s, 0, n0, cells, 0, NULL, width, &r);
  CHECK_INT(r.st, PEL_OK);
  CHECK(r.out.needed_cutoff > 0.0 && r.out.needed_cutoff <= width);
  double sum = 0.0;
  int euler_ok = 0, nmore = 0;
  for (int c = 0; c < n0; c++) {
    sum += r.vol[c];
    long e = 0;
    int nf = 0;
    for (int k = 0; k < r.ncol - 1; k++) {
      e += (long)(6 - (k + 3)) * r.index[c * r.ncol + k];
      nf += r.index[c * r.ncol + k];
    }
    nmore += r.index[c * r.ncol + r.ncol - 1];
    euler_ok += (e == 12 && nf == r.coord[c]);
  }
  CHECK_CLOSE(sum, vbox, 1e-9 * vbox);
  CHECK_INT(euler_ok, n0);
  CHECK_INT(nmore, 0);

  /* radical tessellation with equal radii is the Voronoi tessellation */
  run(w, &p, &s, 1, n0, cells, 0, NULL, width, &rr);
  CHECK_INT(rr.st, PEL_OK);
  double maxdv = 0.0;
  int same = 0;
  for (int c = 0; c < n0; c++) {
    maxdv = fmax(maxdv, fabs(rr.vol[c] - r.vol[c]));
    same += memcmp(rr.index + c * rr.ncol, r.index + c * r.ncol, sizeof(int) * r.ncol) == 0 &&
            rr.coord[c] == r.coord[c];
  }
  CHECK_CLOSE(maxdv, 0.0, 1e-12 * vbox / n0);
  CHECK_INT(same, n0);
  CHECK_CLOSE(rr.out.needed_cutoff, r.out.needed_cutoff, 1e-12 * width);
  result_free(&rr);

  /* the reported needed cutoff is enough: the same cells with just that */
  const double need = r.out.needed_cutoff;
  run(w, &p, &s, 0, n0, cells, 0, NULL, need * (1 + 1e-9), &rr);
  CHECK_INT(rr.st, PEL_OK);
  maxdv = 0.0;
  same = 0;
  for (int c = 0; c < n0; c++) {
    maxdv = fmax(maxdv, fabs(rr.vol[c] - r.vol[c]));
    same += memcmp(rr.index + c * rr.ncol, r.index + c * r.ncol, sizeof(int) * r.ncol) == 0;
  }
  CHECK_CLOSE(maxdv, 0.0, 1e-12 * vbox / n0);
  CHECK_INT(same, n0);
  CHECK_CLOSE(rr.out.needed_cutoff, need, 1e-12 * width);
  result_free(&rr);
  /* and a cutoff below it is reported as too short (cells may be wrong) */
  run(w, &p, &s, 0, n0, cells, 0, NULL, 0.9 * need, &rr);
  CHECK(rr.st == PEL_ERANGE || (rr.st == PEL_OK && rr.out.needed_cutoff > 0.9 * need));
  result_free(&rr);
  result_free(&r);

  /* binary radical tessellation: volumes still fill the box, and the big
   * points get the bigger cells on average */
  for (int i = 0; i < s.n; i++) s.r[i] = (i % n0) % 2 ? 0.25 : 0.4;
  run(w, &p, &s, 1, n0, cells, 0, NULL, width, &rr);
  CHECK_INT(rr.st, PEL_OK);
  CHECK(rr.out.needed_cutoff <= width);
  double vs[2] = {0, 0};
  sum = 0.0;
  for (int c = 0; c < n0; c++) {
    sum += rr.vol[c];
    vs[c % 2] += rr.vol[c];
  }
  CHECK_CLOSE(sum, vbox, 1e-9 * vbox);
  CHECK(vs[0] > vs[1]);
  result_free(&rr);
  free(cells);
  ps_free(&s);
}

static void test_periodic(pel_voronoi_workspace *w)
{
  const double cubic[3][3] = {{5.0, 0, 0}, {0, 5.0, 0}, {0, 0, 5.0}};
  check_random_box(w, cubic, 400, 7u);
  /* triclinic: LAMMPS-style lower-triangular cell with xy, xz, yz tilts */
  const double tri[3][3] = {{6.0, 0, 0}, {1.7, 5.2, 0}, {-1.1, 0.9, 4.6}};
  check_random_box(w, tri, 400, 99u);
}

/* n random points (radius 1) in the box lo + [0,len], appended to s, and
 * the six walls of the box with normals of length nlen. */
static void random_walled_box(pointset *s, const double lo[3], const double len[3], int n,
                              uint64_t seed, double nlen, pel_voronoi_wall walls[6])
{
  lcg_state = seed;
  for (int i = 0; i < n; i++)
    ps_add(s, lo[0] + len[0] * lcg_uniform(), lo[1] + len[1] * lcg_uniform(),
           lo[2] + len[2] * lcg_uniform(), 1.0);
  for (int q = 0; q < 6; q++) {
    int ax = q / 2;
    double sg = (q % 2) ? -1.0 : 1.0;
    walls[q].normal[0] = walls[q].normal[1] = walls[q].normal[2] = 0.0;
    walls[q].normal[ax] = nlen * sg;
    walls[q].d = nlen * (sg > 0 ? lo[ax] + len[ax] : -lo[ax]);
  }
}

/* Non-periodic box: random points closed by six walls (non-unit normals),
 * with a cutoff; the cells fill the box. */
static void test_walls_box(pel_voronoi_workspace *w)
{
  const double lo[3] = {-1.0, 2.0, 0.5}, len[3] = {5.0, 4.0, 6.0};
  pointset s;
  ps_init(&s);
  pel_voronoi_wall walls[6];
  random_walled_box(&s, lo, len, 300, 555u, 0.5, walls);
  int *cells = range(s.n);
  pel_voronoi_params p;
  pel_voronoi_params_default(&p);
  result r;
  run(w, &p, &s, 0, s.n, cells, 6, walls, 3.5, &r);
  CHECK_INT(r.st, PEL_OK);
  CHECK(r.out.needed_cutoff <= 3.5);
  double sum = 0.0, area = 0.0;
  for (int c = 0; c < s.n; c++) {
    sum += r.vol[c];
    area += r.area[c];
  }
  CHECK_CLOSE(sum, len[0] * len[1] * len[2], 1e-9 * len[0] * len[1] * len[2]);
  CHECK(area > 2 * (len[0] * len[1] + len[1] * len[2] + len[0] * len[2]));
  result_free(&r);
  /* without the walls the surface cells are open */
  run(w, &p, &s, 0, s.n, cells, 0, NULL, 3.5, &r);
  CHECK_INT(r.st, PEL_ERANGE);
  result_free(&r);
  free(cells);
  ps_free(&s);
}

static void test_errors(pel_voronoi_workspace *w)
{
  const double a = 3.615;
  pointset s;
  ps_init(&s);
  lattice(&s, 0, 3, a);
  /* point 108 coincides with point 2 */
  ps_add(&s, s.x[6], s.x[7], s.x[8], 1.0);
  pel_voronoi_params p;
  pel_voronoi_params_default(&p);
  int *cells = range(4);
  result r;
  run(w, &p, &s, 0, 4, cells, 0, NULL, 0.0, &r);
  CHECK_INT(r.st, PEL_EINVAL);
  CHECK(strstr(r.err.msg, "point 2 and point 108 coincide") != NULL);
  result_free(&r);
  /* with identifiers (atom IDs) the message names them, the smaller first,
   * also when neither point is one of the cells asked for */
  long long ids[109];
  for (int i = 0; i < 109; i++) ids[i] = 5000 - i;
  run_ids = ids;
  run(w, &p, &s, 0, 1, cells + 3, 0, NULL, 0.0, &r);
  CHECK_INT(r.st, PEL_EINVAL);
  CHECK(strstr(r.err.msg, "atom 4892 and atom 4998 coincide") != NULL);
  result_free(&r);
  run_ids = NULL;
  /* nearly coincident (1e-13 a apart) is also refused */
  s.x[3 * 108] += 1e-13 * a;
  run(w, &p, &s, 0, 4, cells, 0, NULL, 0.0, &r);
  CHECK_INT(r.st, PEL_EINVAL);
  result_free(&r);
  s.n--;

  /* bad parameters reach the caller through pel_voronoi_compute too */
  p.max_order = 1;
  run(w, &p, &s, 0, 4, cells, 0, NULL, 0.0, &r);
  CHECK_INT(r.st, PEL_EINVAL);
  CHECK(strstr(r.err.msg, "max_order") != NULL);
  result_free(&r);
  pel_voronoi_params_default(&p);

  /* bad cell index, negative radius, zero wall normal */
  int bad = s.n;
  run(w, &p, &s, 0, 1, &bad, 0, NULL, 0.0, &r);
  CHECK_INT(r.st, PEL_EINVAL);
  result_free(&r);
  s.r[5] = -1.0;
  run(w, &p, &s, 1, 4, cells, 0, NULL, 0.0, &r);
  CHECK_INT(r.st, PEL_EINVAL);
  CHECK(strstr(r.err.msg, "keyword radius gives -1 for point 5") != NULL);
  result_free(&r);
  run_ids = ids;
  run(w, &p, &s, 1, 4, cells, 0, NULL, 0.0, &r);
  CHECK(strstr(r.err.msg, "keyword radius gives -1 for atom 4995") != NULL);
  result_free(&r);
  s.r[5] = 1.0;
  /* an open cell is named by its identifier too */
  run(w, &p, &s, 0, 4, cells, 0, NULL, 0.6 * a, &r);
  CHECK_INT(r.st, PEL_ERANGE);
  CHECK(strstr(r.err.msg, "the cell of atom 5000 is not closed") != NULL);
  result_free(&r);
  run_ids = NULL;
  pel_voronoi_wall wall = {{0, 0, 0}, 1.0};
  run(w, &p, &s, 0, 4, cells, 1, &wall, 0.0, &r);
  CHECK_INT(r.st, PEL_EINVAL);
  result_free(&r);
  free(cells);
  ps_free(&s);
}

/* Radii in a radical tessellation: only r^2 differences matter, so equal radii
 * of any size give the plain cells, and large radii close together give the
 * cells of their differences; a spread beyond the limit is an error naming
 * the extreme points. */
static void test_radical_range(pel_voronoi_workspace *w)
{
  const double lo[3] = {0.0, 0.0, 0.0}, len[3] = {5.0, 4.0, 6.0};
  const double vbox = len[0] * len[1] * len[2];
  pointset s;
  ps_init(&s);
  pel_voronoi_wall walls[6];
  random_walled_box(&s, lo, len, 300, 4242u, 1.0, walls);
  int *cells = range(s.n);
  pel_voronoi_params p;
  pel_voronoi_params_default(&p);
  result plain, r;
  run(w, &p, &s, 0, s.n, cells, 6, walls, 0.0, &plain);
  CHECK_INT(plain.st, PEL_OK);

  /* equal radii, however large (their squares overflow from 1.3e154 on) */
  const double big[3] = {1.0, 1e155, 1e300};
  for (int k = 0; k < 3; k++) {
    for (int i = 0; i < s.n; i++) s.r[i] = big[k];
    run(w, &p, &s, 1, s.n, cells, 6, walls, 0.0, &r);
    CHECK_INT(r.st, PEL_OK);
    CHECK(memcmp(r.index, plain.index, sizeof(int) * plain.ncol * s.n) == 0);
    CHECK(memcmp(r.vol, plain.vol, sizeof(double) * s.n) == 0);
    CHECK(memcmp(r.coord, plain.coord, sizeof(int) * s.n) == 0);
    result_free(&r);
  }

  /* one large point among points of radius 0, and the same r^2 differences
   * on top of radii of 100: the same cells (to the rounding of the radii
   * given, 1e-14 relative) */
  const double R = 2.0;
  for (int i = 0; i < s.n; i++) s.r[i] = 0.0;
  s.r[0] = R;
  result rad;
  run(w, &p, &s, 1, s.n, cells, 6, walls, 0.0, &rad);
  CHECK_INT(rad.st, PEL_OK);
  double sum = 0.0;
  for (int c = 0; c < s.n; c++) sum += rad.vol[c];
  CHECK_CLOSE(sum, vbox, 1e-9 * vbox);
  CHECK(rad.vol[0] > 10.0 * plain.vol[0]);
  for (int i = 0; i < s.n; i++) s.r[i] = 100.0;
  s.r[0] = sqrt(100.0 * 100.0 + R * R);
  run(w, &p, &s, 1, s.n, cells, 6, walls, 0.0, &r);
  CHECK_INT(r.st, PEL_OK);
  double maxdv = 0.0;
  for (int c = 0; c < s.n; c++) maxdv = fmax(maxdv, fabs(r.vol[c] - rad.vol[c]));
  CHECK_CLOSE(maxdv, 0.0, 1e-9 * vbox / s.n);
  CHECK(memcmp(r.index, rad.index, sizeof(int) * rad.ncol * s.n) == 0);
  result_free(&r);

  /* a spread near the limit still works: point 0 takes the whole box */
  for (int i = 0; i < s.n; i++) s.r[i] = 1.0;
  s.r[0] = 100.0;
  run(w, &p, &s, 1, s.n, cells, 6, walls, 0.0, &r);
  CHECK_INT(r.st, PEL_OK);
  CHECK_CLOSE(r.vol[0], vbox, 1e-9 * vbox);
  CHECK_INT(r.coord[0], 6);
  result_free(&r);

  /* beyond the limit (about 1000 spacings of the points here): an error that
   * names the keyword, the radii and the points that have them */
  const double wide[2] = {1e5, 3e200};
  for (int k = 0; k < 2; k++) {
    for (int i = 0; i < s.n; i++) s.r[i] = k ? 1e200 : 1.0;
    s.r[7] = wide[k];
    run(w, &p, &s, 1, s.n, cells, 6, walls, 0.0, &r);
    CHECK_INT(r.st, PEL_EINVAL);
    CHECK(strstr(r.err.msg, "keyword radius gives radii from") != NULL);
    CHECK(strstr(r.err.msg, "(point 0) to") != NULL && strstr(r.err.msg, "(point 7)") != NULL);
    CHECK(strstr(r.err.msg, "too far apart") != NULL);
    result_free(&r);
  }
  result_free(&rad);
  result_free(&plain);
  free(cells);
  ps_free(&s);
}

/* Timing-free check that a larger system works with a cutoff: ~2000 atoms of
 * a noisy fcc crystal with ~60 neighbours within the cutoff. */
static void test_larger(pel_voronoi_workspace *w)
{
  const double a = 3.615;
  const int m = 8;
  const double h[3][3] = {{m * a, 0, 0}, {0, m * a, 0}, {0, 0, m * a}};
  pointset s;
  ps_init(&s);
  lcg_state = 31u;
  static const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  for (int i = 0; i < m; i++)
    for (int j = 0; j < m; j++)
      for (int k = 0; k < m; k++)
        for (int b = 0; b < 4; b++)
          ps_add(&s, a * (i + basis[b][0] + 0.05 * (lcg_uniform() - 0.5)),
                 a * (j + basis[b][1] + 0.05 * (lcg_uniform() - 0.5)),
                 a * (k + basis[b][2] + 0.05 * (lcg_uniform() - 0.5)), 1.0);
  const int n0 = s.n;
  ps_add_images(&s, h);
  int *cells = range(n0);
  pel_voronoi_params p;
  pel_voronoi_params_default(&p);
  result r;
  run(w, &p, &s, 0, n0, cells, 0, NULL, 1.5 * a, &r);
  CHECK_INT(r.st, PEL_OK);
  CHECK(r.out.needed_cutoff < 1.5 * a);
  double sum = 0.0;
  for (int c = 0; c < n0; c++) sum += r.vol[c];
  CHECK_CLOSE(sum, box_volume(h), 1e-9 * box_volume(h));
  result_free(&r);
  free(cells);
  ps_free(&s);
}

static void test_table(void)
{
  pel_voronoi_table t, u;
  pel_voronoi_table_init(&t);
  pel_voronoi_table_init(&u);
  const int ico[4] = {0, 0, 12, 0}, a[4] = {0, 2, 8, 2}, b[4] = {0, 3, 6, 4}, c[4] = {0, 1, 10, 2},
            d[4] = {0, 2, 8, 1};
  CHECK_INT(pel_voronoi_table_add(&t, a, 30), PEL_OK);
  CHECK_INT(pel_voronoi_table_add(&t, ico, 20), PEL_OK);
  CHECK_INT(pel_voronoi_table_add(&t, b, 20), PEL_OK);
  CHECK_INT(pel_voronoi_table_add(&t, a, 5), PEL_OK);
  CHECK_INT(pel_voronoi_table_add(&t, c, 17), PEL_OK);
  CHECK_INT(pel_voronoi_table_add(&t, d, 8), PEL_OK);
  CHECK_INT(pel_voronoi_table_add(&t, d, 0), PEL_OK);
  CHECK_INT(pel_voronoi_table_add(&t, d, -1), PEL_EINVAL);
  CHECK_INT(t.ntypes, 5);
  CHECK_INT(t.total, 100);
  CHECK_INT(pel_voronoi_table_count(&t, a), 35);
  CHECK_INT(pel_voronoi_table_count(&t, ico), 20);
  const int absent[4] = {1, 2, 3, 4};
  CHECK_INT(pel_voronoi_table_count(&t, absent), 0);
  /* sorted by type */
  int sorted = 1;
  for (int i = 1; i < t.ntypes; i++)
    sorted &=
        memcmp(t.types[i - 1].n, t.types[i].n, sizeof ico) != 0 &&
        (t.types[i - 1].n[1] < t.types[i].n[1] ||
         (t.types[i - 1].n[1] == t.types[i].n[1] &&
          (t.types[i - 1].n[2] < t.types[i].n[2] ||
           (t.types[i - 1].n[2] == t.types[i].n[2] && t.types[i - 1].n[3] < t.types[i].n[3]))));
  CHECK(sorted);

  /* entropy of counts 35, 20, 20, 17, 8 out of 100, by hand */
  const double hand =
      -(0.35 * log(0.35) + 2 * 0.20 * log(0.20) + 0.17 * log(0.17) + 0.08 * log(0.08));
  CHECK_CLOSE(pel_voronoi_table_entropy(&t), hand, 1e-12);
  CHECK_CLOSE(pel_voronoi_table_entropy(&u), 0.0, 0.0);

  /* top-k: ties (20, 20) broken by type: <0,0,12,0> before <0,3,6,4> */
  pel_voronoi_type top[10];
  int nt = pel_voronoi_table_top(&t, 3, top);
  CHECK_INT(nt, 3);
  CHECK(memcmp(top[0].n, a, sizeof a) == 0 && top[0].count == 35);
  CHECK(memcmp(top[1].n, ico, sizeof a) == 0 && top[1].count == 20);
  CHECK(memcmp(top[2].n, b, sizeof a) == 0 && top[2].count == 20);
  nt = pel_voronoi_table_top(&t, 10, top);
  CHECK_INT(nt, 5);
  CHECK(memcmp(top[3].n, c, sizeof a) == 0 && memcmp(top[4].n, d, sizeof a) == 0);
  CHECK_INT(pel_voronoi_table_top(&u, 3, top), 0);

  /* flatten / merge round trip, and merging twice doubles every count */
  long flat[25];
  pel_voronoi_table_flatten(&t, flat);
  CHECK_INT(pel_voronoi_table_merge_flat(&u, flat, t.ntypes), PEL_OK);
  CHECK_INT(u.ntypes, t.ntypes);
  CHECK_INT(u.total, t.total);
  int same = 1;
  for (int i = 0; i < t.ntypes; i++)
    same &=
        memcmp(u.types[i].n, t.types[i].n, sizeof a) == 0 && u.types[i].count == t.types[i].count;
  CHECK(same);
  CHECK_INT(pel_voronoi_table_merge_flat(&u, flat, t.ntypes), PEL_OK);
  CHECK_INT(u.total, 200);
  CHECK_INT(pel_voronoi_table_count(&u, c), 34);
  CHECK_CLOSE(pel_voronoi_table_entropy(&u), hand, 1e-12);
  /* merging a record of another rank adds a type */
  const long other[5] = {0, 2, 8, 4, 200};
  CHECK_INT(pel_voronoi_table_merge_flat(&u, other, 1), PEL_OK);
  CHECK_INT(u.ntypes, 6);
  /* 200 of <0,2,8,4> and 200 spread like t: S = ln 2 + S_t / 2 */
  CHECK_CLOSE(pel_voronoi_table_entropy(&u), log(2.0) + 0.5 * hand, 1e-12);
  nt = pel_voronoi_table_top(&u, 1, top);
  CHECK_INT(top[0].count, 200);

  /* many types: growth beyond the first allocation keeps the order */
  pel_voronoi_table_free(&u);
  for (int i = 0; i < 50; i++) {
    int n[4] = {0, (i * 7) % 50, 12 - i % 3, 0};
    pel_voronoi_table_add(&u, n, 1 + i % 4);
  }
  CHECK_INT(u.ntypes, 50);
  int ok = 1;
  for (int i = 1; i < u.ntypes; i++)
    ok &= u.types[i - 1].n[1] < u.types[i].n[1] ||
          (u.types[i - 1].n[1] == u.types[i].n[1] && u.types[i - 1].n[2] < u.types[i].n[2]);
  CHECK(ok);
  pel_voronoi_table_free(&t);
  pel_voronoi_table_free(&u);
  CHECK_INT(t.ntypes, 0);
  CHECK(t.types == NULL);
}

int main(void)
{
  pel_voronoi_workspace *w = pel_voronoi_alloc();
  CHECK(w != NULL);
  if (!w) return pel_test_report("test_voronoi");
  test_params();
  test_fcc(w);
  test_bcc(w);
  test_icosahedron(w);
  test_fcc_noisy(w);
  test_periodic(w);
  test_walls_box(w);
  test_errors(w);
  test_radical_range(w);
  test_larger(w);
  test_table();
  pel_voronoi_free(w);
  return pel_test_report("test_voronoi");
}
