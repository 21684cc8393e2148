// SPDX-License-Identifier: GPL-2.0-or-later
/* pelstat core: Voronoi and radical (power) cells, one at a time, with voro++.
 *
 * This is the only C++ file of the core.  It exposes the C functions
 * pel_voronoi_alloc, pel_voronoi_free and pel_voronoi_compute declared in
 * pel_voronoi.h; no C++ exception crosses that boundary.
 *
 * Method, per cell i:
 *   1. start from a cube much larger than the cell (its six faces carry the
 *      neighbour ids -1..-6 in voro++) and cut it with the walls (ids -7-k);
 *   2. visit the points around i in shells of a cell list built once per call,
 *      and cut with their planes in order of increasing distance d;
 *   3. stop as soon as no remaining point can cut the cell: for plain Voronoi
 *      when d >= 2 R (R = largest vertex distance from i), for radical cells
 *      when the plane of a point at d with the largest weight in the input,
 *      t = (d^2 + w_i - w_max) / (2 d), lies beyond R.
 * The distance at which step 3 becomes true is the cell's needed cutoff.  A
 * cell that still has a face of the initial cube when the candidates run out
 * is not closed (PEL_ERANGE).
 *
 * Coordinates are divided by a length scale L of the order of the spacing
 * between points before they reach voro++, whose tolerances are absolute
 * (1e-11); volumes, areas and lengths are scaled back.  Radical cells use the
 * weights w = (r^2 - r_min^2) / L^2, computed as a difference of squares: a
 * power diagram does not change when every r^2 is shifted by the same amount,
 * so equal radii of any size give weights 0 and the plain Voronoi cells, and
 * the weights stay small when the radii are large but close together.  The
 * spread sqrt(w_max) is limited to PEL_VORONOI_RADIUS_SPREAD_LIMIT: it sets the
 * size of the initial cube (about 8 sqrt(w_max)) and the rounding of the
 * planes (about 1e-16 w_max), which must both stay well inside voro++'s
 * tolerance. */

#include "pel_voronoi.h"

#include <voro++/voro++.hh>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <new>
#include <vector>

namespace {

struct candidate {
  double d; /* distance from the cell's point (scaled units) */
  double dx, dy, dz;
  int id;
};

inline bool candidate_less(const candidate &a, const candidate &b)
{
  if (a.d != b.d) return a.d < b.d;
  return a.id < b.id;
}

/* Smallest distance beyond which no point can cut a cell whose vertices are
 * all within r of its point: 2 r for Voronoi cells; for radical cells the
 * root of d^2 - 2 r d + w_i - w_max = 0 (scaled units). */
inline double needed_distance(double r, bool radical, double wi, double wmax)
{
  if (!radical) return 2.0 * r;
  double disc = r * r - wi + wmax;
  if (disc < 0.0) disc = 0.0;
  return r + std::sqrt(disc);
}

} // namespace

struct pel_voronoi_workspace {
  voro::voronoicell_neighbor cell;
  /* cell list over all input points */
  std::vector<int> binstart;  /* nbins + 1 offsets into binpts */
  std::vector<int> binpts;    /* point indices, grouped by bin */
  std::vector<int> pointbin;  /* bin of each point */
  std::vector<double> weight; /* radical weights (r^2 - r_min^2) / L^2 */
  /* per cell, grow-only */
  std::vector<candidate> cand;
  std::vector<double> areas, verts;
  std::vector<int> fverts, neigh;
};

namespace {

/* Everything about one call that the per-cell routine needs. */
struct call_context {
  const pel_voronoi_params *p;
  const pel_voronoi_input *in;
  int ncol;
  double scale, inv;      /* length scale L and 1/L */
  double lo[3];           /* lower corner of the cell list */
  double h;               /* bin edge, scaled units */
  int nb[3];              /* bins per direction */
  double limit;           /* cutoff in scaled units (infinity if none) */
  double box;             /* half edge of the initial cube, scaled units */
  bool radical;           /* some weight is not 0 */
  const double *weight;   /* per point, when radical */
  double wmax;            /* largest weight */
  std::vector<double> wn; /* unit wall normals, 3 per wall */
  std::vector<double> wd; /* wall offsets for unit normals (original units) */
};

enum cell_result { CELL_OK, CELL_EMPTY, CELL_OPEN };

/* Squared distance, in scaled units, below which two points coincide. */
const double COINCIDENT_SQ = 1e-20;

/* How messages name point i: "atom <id>" or "point <i>". */
struct point_name {
  char s[40];
  point_name(const pel_voronoi_input *in, int i)
  {
    if (in->id)
      snprintf(s, sizeof s, "atom %lld", in->id[i]);
    else
      snprintf(s, sizeof s, "point %d", i);
  }
};

/* Bin of a coordinate along one axis. */
inline int bin_of(double x, double lo, double inv_h_orig, int n)
{
  double f = (x - lo) * inv_h_orig;
  int b = f <= 0.0 ? 0 : (f >= n ? n - 1 : (int)f);
  return b < n ? b : n - 1;
}

/* Build the cell list; h (scaled) and nb are chosen so that a bin holds about
 * one point and there are at most about 8 npoints bins. */
void build_bins(pel_voronoi_workspace *w, call_context &c)
{
  const pel_voronoi_input *in = c.in;
  const int n = in->npoints;
  double hi[3];
  for (int k = 0; k < 3; k++) c.lo[k] = hi[k] = n > 0 ? in->x[k] : 0.0;
  for (int i = 1; i < n; i++)
    for (int k = 0; k < 3; k++) {
      double v = in->x[3 * i + k];
      if (v < c.lo[k]) c.lo[k] = v;
      if (v > hi[k]) hi[k] = v;
    }
  double ext[3], emax = 0.0;
  for (int k = 0; k < 3; k++) {
    ext[k] = hi[k] - c.lo[k];
    emax = std::max(emax, ext[k]);
  }
  const double np = n > 0 ? (double)n : 1.0;
  double h;
  if (emax <= 0.0) {
    h = 1.0;
  } else {
    double vol = 1.0;
    for (int k = 0; k < 3; k++) vol *= std::max(ext[k], 1e-3 * emax);
    h = std::cbrt(vol / np);
  }
  const double maxbins = 8.0 * np + 64.0;
  for (;;) {
    double tot = 1.0;
    for (int k = 0; k < 3; k++) tot *= std::floor(ext[k] / h) + 1.0;
    if (tot <= maxbins) break;
    h *= 1.25;
  }
  for (int k = 0; k < 3; k++) c.nb[k] = (int)std::floor(ext[k] / h) + 1;
  /* the length scale handed to voro++ is the bin edge */
  c.scale = h;
  c.inv = 1.0 / h;
  c.h = 1.0;

  const int nbins = c.nb[0] * c.nb[1] * c.nb[2];
  w->binstart.assign(nbins + 1, 0);
  w->binpts.resize(n);
  w->pointbin.resize(n);
  for (int i = 0; i < n; i++) {
    const double *xi = in->x + 3 * i;
    int b0 = bin_of(xi[0], c.lo[0], c.inv, c.nb[0]);
    int b1 = bin_of(xi[1], c.lo[1], c.inv, c.nb[1]);
    int b2 = bin_of(xi[2], c.lo[2], c.inv, c.nb[2]);
    int b = (b2 * c.nb[1] + b1) * c.nb[0] + b0;
    w->pointbin[i] = b;
    w->binstart[b + 1]++;
  }
  for (int b = 0; b < nbins; b++) w->binstart[b + 1] += w->binstart[b];
  /* stable fill: points of a bin stay in index order */
  std::vector<int> &fill = w->neigh; /* borrowed as a cursor array */
  fill.assign(w->binstart.begin(), w->binstart.end() - 1);
  for (int i = 0; i < n; i++) w->binpts[fill[w->pointbin[i]]++] = i;
}

/* Append the points of the bins at Chebyshev distance s from bin cb,
 * within the cutoff, to w->cand. */
void gather_shell(pel_voronoi_workspace *w, const call_context &c, int i, const int cb[3], int s)
{
  const double *x = c.in->x;
  const double *xi = x + 3 * i;
  int lo[3], hi[3];
  for (int k = 0; k < 3; k++) {
    lo[k] = std::max(cb[k] - s, 0);
    hi[k] = std::min(cb[k] + s, c.nb[k] - 1);
  }
  for (int b2 = lo[2]; b2 <= hi[2]; b2++) {
    const bool f2 = (b2 == cb[2] - s || b2 == cb[2] + s);
    for (int b1 = lo[1]; b1 <= hi[1]; b1++) {
      const bool f1 = f2 || (b1 == cb[1] - s || b1 == cb[1] + s);
      /* inside the shell only the two x-faces are visited */
      const int step = f1 ? 1 : 2 * s;
      for (int b0 = f1 ? lo[0] : cb[0] - s; b0 <= hi[0]; b0 += step) {
        if (b0 < lo[0]) continue;
        const int b = (b2 * c.nb[1] + b1) * c.nb[0] + b0;
        for (int q = w->binstart[b]; q < w->binstart[b + 1]; q++) {
          const int j = w->binpts[q];
          if (j == i) continue;
          candidate cd;
          cd.dx = (x[3 * j] - xi[0]) * c.inv;
          cd.dy = (x[3 * j + 1] - xi[1]) * c.inv;
          cd.dz = (x[3 * j + 2] - xi[2]) * c.inv;
          cd.d = std::sqrt(cd.dx * cd.dx + cd.dy * cd.dy + cd.dz * cd.dz);
          if (cd.d > c.limit) continue;
          cd.id = j;
          w->cand.push_back(cd);
        }
      }
    }
  }
}

/* A pair of coinciding points (i < j), searched over all points in their own
 * and the adjacent bins (bins are much larger than COINCIDENT_SQ); false if
 * there is none. */
bool find_coincident(const pel_voronoi_workspace *w, const call_context &c, int *pi, int *pj)
{
  const double *x = c.in->x;
  for (int i = 0; i < c.in->npoints; i++) {
    const int home = w->pointbin[i];
    const int cb[3] = {home % c.nb[0], (home / c.nb[0]) % c.nb[1], home / (c.nb[0] * c.nb[1])};
    for (int b2 = std::max(cb[2] - 1, 0); b2 <= std::min(cb[2] + 1, c.nb[2] - 1); b2++)
      for (int b1 = std::max(cb[1] - 1, 0); b1 <= std::min(cb[1] + 1, c.nb[1] - 1); b1++)
        for (int b0 = std::max(cb[0] - 1, 0); b0 <= std::min(cb[0] + 1, c.nb[0] - 1); b0++) {
          const int b = (b2 * c.nb[1] + b1) * c.nb[0] + b0;
          for (int q = w->binstart[b]; q < w->binstart[b + 1]; q++) {
            const int j = w->binpts[q];
            if (j <= i) continue;
            double d2 = 0.0;
            for (int k = 0; k < 3; k++) {
              const double dk = (x[3 * j + k] - x[3 * i + k]) * c.inv;
              d2 += dk * dk;
            }
            if (d2 < COINCIDENT_SQ) {
              *pi = i;
              *pj = j;
              return true;
            }
          }
        }
  }
  return false;
}

/* Compute the cell of point i into w->cell.  On return *need holds the
 * needed cutoff (scaled units). */
cell_result compute_cell(pel_voronoi_workspace *w, const call_context &c, int i, double *need)
{
  voro::voronoicell_neighbor &cell = w->cell;
  const double *xi = c.in->x + 3 * i;
  const double wi = c.radical ? c.weight[i] : 0.0;
  const double B = c.box;
  *need = 0.0;
  cell.init(-B, B, -B, B, -B, B);
  for (int k = 0; k < c.in->nwalls; k++) {
    const double *nk = &c.wn[3 * k];
    const double hgt = (c.wd[k] - (nk[0] * xi[0] + nk[1] * xi[1] + nk[2] * xi[2])) * c.inv;
    if (!cell.nplane(nk[0], nk[1], nk[2], 2.0 * hgt, -7 - k)) return CELL_EMPTY;
  }
  int cb[3];
  const int home = w->pointbin[i];
  cb[0] = home % c.nb[0];
  cb[1] = (home / c.nb[0]) % c.nb[1];
  cb[2] = home / (c.nb[0] * c.nb[1]);
  double u[3]; /* position in bin units */
  for (int k = 0; k < 3; k++) u[k] = (xi[k] - c.lo[k]) * c.inv;
  const double inf = std::numeric_limits<double>::infinity();

  w->cand.clear();
  size_t pos = 0;
  /* voro++ returns the squared distance in its doubled coordinates */
  double r = 0.5 * std::sqrt(cell.max_radius_squared());
  for (int s = 0;; s++) {
    gather_shell(w, c, i, cb, s);
    /* every point closer than this has been gathered: distance to the
     * nearest face of the gathered block of bins that has bins beyond it */
    double covered = inf;
    for (int k = 0; k < 3; k++) {
      if (cb[k] - s > 0) covered = std::min(covered, u[k] - (cb[k] - s));
      if (cb[k] + s < c.nb[k] - 1) covered = std::min(covered, (cb[k] + s + 1) - u[k]);
    }
    const bool full = covered == inf;
    const double avail = std::min(covered, c.limit);
    /* sort only the candidates that can be used now */
    std::vector<candidate>::iterator mid =
        std::partition(w->cand.begin() + pos, w->cand.end(),
                       [avail](const candidate &cd) { return cd.d <= avail; });
    std::sort(w->cand.begin() + pos, mid, candidate_less);
    while (pos < w->cand.size() && w->cand[pos].d <= avail) {
      const candidate &cd = w->cand[pos];
      const double nd = needed_distance(r, c.radical, wi, c.wmax);
      if (cd.d >= nd) {
        *need = nd;
        return CELL_OK;
      }
      double rsq = cd.d * cd.d;
      if (c.radical) rsq += wi - c.weight[cd.id];
      if (!cell.nplane(cd.dx, cd.dy, cd.dz, rsq, cd.id)) return CELL_EMPTY;
      r = 0.5 * std::sqrt(cell.max_radius_squared());
      pos++;
    }
    const double nd = needed_distance(r, c.radical, wi, c.wmax);
    if (full || covered >= c.limit) {
      /* candidates exhausted: closed only if no face of the cube is left */
      *need = nd;
      cell.neighbors(w->neigh);
      for (size_t f = 0; f < w->neigh.size(); f++)
        if (w->neigh[f] < 0 && w->neigh[f] >= -6) return CELL_OPEN;
      return CELL_OK;
    }
    if (nd <= avail) {
      *need = nd;
      return CELL_OK;
    }
  }
}

/* Faces, edges and index of the cell now in w->cell. */
void analyse_cell(pel_voronoi_workspace *w, const call_context &c, int *row, int *coord,
                  double *volume, double *area)
{
  voro::voronoicell_neighbor &cell = w->cell;
  const pel_voronoi_params *p = c.p;
  const double L = c.scale;
  *volume = cell.volume() * L * L * L;
  cell.face_areas(w->areas);
  double total = 0.0;
  for (size_t f = 0; f < w->areas.size(); f++) total += w->areas[f];
  *area = total * L * L;
  const double athr = p->face_threshold > 0.0 ? p->face_threshold / (L * L) : -1.0;
  const double fthr = p->face_fraction > 0.0 ? p->face_fraction * total : -1.0;
  const bool use_edges = p->edge_threshold > 0.0;
  const double e2 = use_edges ? (p->edge_threshold * c.inv) * (p->edge_threshold * c.inv) : 0.0;
  if (use_edges) cell.vertices(w->verts);
  cell.face_vertices(w->fverts);
  for (int k = 0; k < c.ncol; k++) row[k] = 0;
  int kept = 0;
  size_t at = 0;
  for (size_t f = 0; f < w->areas.size() && at < w->fverts.size(); f++) {
    const int nv = w->fverts[at];
    const int *vl = &w->fverts[at + 1];
    at += (size_t)nv + 1;
    const double a = w->areas[f];
    if (athr >= 0.0 && !(a > athr)) continue;
    if (fthr >= 0.0 && !(a > fthr)) continue;
    kept++;
    int ne = nv;
    if (use_edges) {
      ne = 0;
      for (int k = 0; k < nv; k++) {
        const double *va = &w->verts[3 * vl[k]];
        const double *vb = &w->verts[3 * vl[(k + 1) % nv]];
        const double dx = va[0] - vb[0], dy = va[1] - vb[1], dz = va[2] - vb[2];
        if (dx * dx + dy * dy + dz * dz > e2) ne++;
      }
    }
    if (ne < 3) continue;
    if (ne <= p->max_order)
      row[ne - 3]++;
    else
      row[c.ncol - 1]++;
  }
  *coord = kept;
}

pel_status check_input(const pel_voronoi_input *in, const pel_voronoi_output *out, pel_error *err)
{
  if (!in || !out) return pel_error_set(err, PEL_EINVAL, "no Voronoi input or output given");
  if (in->npoints < 0 || in->ncells < 0 || in->nwalls < 0)
    return pel_error_set(err, PEL_EINVAL, "negative number of Voronoi points, cells or walls");
  if (in->npoints > 0 && !in->x)
    return pel_error_set(err, PEL_EINVAL, "no Voronoi point coordinates given");
  if (in->ncells > 0 && !in->cells)
    return pel_error_set(err, PEL_EINVAL, "no Voronoi cell list given");
  if (in->nwalls > 0 && !in->walls) return pel_error_set(err, PEL_EINVAL, "no Voronoi walls given");
  if (!(in->cutoff == in->cutoff))
    return pel_error_set(err, PEL_EINVAL, "the Voronoi cutoff is not a number");
  for (int i = 0; i < in->npoints; i++)
    for (int k = 0; k < 3; k++)
      if (!std::isfinite(in->x[3 * i + k]))
        return pel_error_set(err, PEL_EINVAL, "%s has a non-finite coordinate",
                             point_name(in, i).s);
  if (in->radius)
    for (int i = 0; i < in->npoints; i++)
      if (!std::isfinite(in->radius[i]) || in->radius[i] < 0.0)
        return pel_error_set(err, PEL_EINVAL,
                             "keyword radius gives %g for %s: radii must be finite and >= 0",
                             in->radius[i], point_name(in, i).s);
  for (int c = 0; c < in->ncells; c++)
    if (in->cells[c] < 0 || in->cells[c] >= in->npoints)
      return pel_error_set(err, PEL_EINVAL, "Voronoi cell %d refers to point %d, outside 0..%d", c,
                           in->cells[c], in->npoints - 1);
  for (int k = 0; k < in->nwalls; k++) {
    const pel_voronoi_wall &wl = in->walls[k];
    const double n2 =
        wl.normal[0] * wl.normal[0] + wl.normal[1] * wl.normal[1] + wl.normal[2] * wl.normal[2];
    if (!std::isfinite(n2) || !(n2 > 0.0) || !std::isfinite(wl.d))
      return pel_error_set(err, PEL_EINVAL,
                           "Voronoi wall %d needs a finite non-zero normal and offset", k);
  }
  return PEL_OK;
}

/* The radical weights (r^2 - r_min^2) / L^2 as differences of squares, their
 * largest value, and the check of their spread. */
pel_status set_weights(pel_voronoi_workspace *w, call_context &c, pel_error *err)
{
  const pel_voronoi_input *in = c.in;
  c.radical = false;
  c.weight = NULL;
  c.wmax = 0.0;
  if (!in->radius || in->npoints == 0) return PEL_OK;
  int imin = 0, imax = 0;
  for (int i = 1; i < in->npoints; i++) {
    if (in->radius[i] < in->radius[imin]) imin = i;
    if (in->radius[i] > in->radius[imax]) imax = i;
  }
  const double rmin = in->radius[imin], rmax = in->radius[imax];
  if (rmax == rmin) return PEL_OK; /* equal radii: the plain Voronoi cells */
  /* spread sqrt(r_max^2 - r_min^2) without forming a square that may overflow */
  const double spread = std::sqrt(rmax - rmin) * std::sqrt(rmax + rmin);
  const double limit = PEL_VORONOI_RADIUS_SPREAD_LIMIT * c.scale;
  if (!(spread <= limit))
    return pel_error_set(err, PEL_EINVAL,
                         "keyword radius gives radii from %g (%s) to %g (%s), too far apart for "
                         "a radical tessellation: sqrt(r_max^2 - r_min^2) = %g must not exceed "
                         "%g (%g times the spacing of the points, %g)",
                         rmin, point_name(in, imin).s, rmax, point_name(in, imax).s, spread, limit,
                         PEL_VORONOI_RADIUS_SPREAD_LIMIT, c.scale);
  w->weight.resize(in->npoints);
  for (int i = 0; i < in->npoints; i++) {
    const double a = (in->radius[i] - rmin) * c.inv, b = (in->radius[i] + rmin) * c.inv;
    w->weight[i] = a * b;
    c.wmax = std::max(c.wmax, w->weight[i]);
  }
  c.radical = true;
  c.weight = w->weight.data();
  return PEL_OK;
}

pel_status compute_all(pel_voronoi_workspace *w, const pel_voronoi_params *p,
                       const pel_voronoi_input *in, pel_voronoi_output *out, pel_error *err)
{
  call_context c;
  c.p = p;
  c.in = in;
  c.ncol = pel_voronoi_ncolumns(p);
  build_bins(w, c);
  int ci, cj;
  if (find_coincident(w, c, &ci, &cj)) {
    /* the smaller id first, so the message does not depend on the order */
    if (in->id && in->id[cj] < in->id[ci]) std::swap(ci, cj);
    double d2 = 0.0;
    for (int k = 0; k < 3; k++) d2 += std::pow(in->x[3 * ci + k] - in->x[3 * cj + k], 2);
    return pel_error_set(err, PEL_EINVAL,
                         "%s and %s coincide (distance %g): Voronoi cells need distinct positions",
                         point_name(in, ci).s, point_name(in, cj).s, std::sqrt(d2));
  }
  pel_status st = set_weights(w, c, err);
  if (st != PEL_OK) return st;
  const double inf = std::numeric_limits<double>::infinity();
  c.limit = in->cutoff > 0.0 ? in->cutoff * c.inv : inf;
  if (in->cutoff > 0.0) {
    c.box = 4.0 * c.limit;
  } else {
    /* all points are available: any cube around all of them will do */
    double span = 0.0;
    for (int k = 0; k < 3; k++) span += c.nb[k] * c.h;
    c.box = 4.0 * span + 4.0;
  }
  c.box = std::max(c.box, 4.0 * (1.0 + 2.0 * std::sqrt(c.wmax)));
  c.wn.resize(3 * (size_t)in->nwalls);
  c.wd.resize((size_t)in->nwalls);
  for (int k = 0; k < in->nwalls; k++) {
    const pel_voronoi_wall &wl = in->walls[k];
    const double nn = std::sqrt(wl.normal[0] * wl.normal[0] + wl.normal[1] * wl.normal[1] +
                                wl.normal[2] * wl.normal[2]);
    for (int q = 0; q < 3; q++) c.wn[3 * k + q] = wl.normal[q] / nn;
    c.wd[k] = wl.d / nn;
  }

  double needed = 0.0;
  for (int ic = 0; ic < in->ncells; ic++) {
    const int i = in->cells[ic];
    double need = 0.0;
    const cell_result res = compute_cell(w, c, i, &need);
    int *row = out->index ? out->index + (size_t)ic * c.ncol : NULL;
    int coord = 0;
    double vol = 0.0, ar = 0.0;
    needed = std::max(needed, need);
    if (res == CELL_OPEN) {
      out->needed_cutoff = needed * c.scale;
      if (in->cutoff > 0.0)
        return pel_error_set(err, PEL_ERANGE,
                             "the cell of %s is not closed by the points within the cutoff %g "
                             "and the walls; it needs a cutoff of at least %g",
                             point_name(in, i).s, in->cutoff, need * c.scale);
      return pel_error_set(err, PEL_ERANGE,
                           "the cell of %s is not closed by the points and walls supplied (open "
                           "surface: add walls or points)",
                           point_name(in, i).s);
    }
    if (res == CELL_OK) {
      int dummy[PEL_VORONOI_MAX_ORDER_LIMIT];
      analyse_cell(w, c, row ? row : dummy, &coord, &vol, &ar);
    } else if (row) {
      for (int k = 0; k < c.ncol; k++) row[k] = 0;
    }
    if (out->coordination) out->coordination[ic] = coord;
    if (out->volume) out->volume[ic] = vol;
    if (out->area) out->area[ic] = ar;
  }
  out->needed_cutoff = needed * c.scale;
  return PEL_OK;
}

} // namespace

extern "C" {

pel_voronoi_workspace *pel_voronoi_alloc(void)
{
  try {
    return new pel_voronoi_workspace();
  } catch (...) {
    return NULL;
  }
}

void pel_voronoi_free(pel_voronoi_workspace *w)
{
  delete w;
}

pel_status pel_voronoi_compute(pel_voronoi_workspace *w, const pel_voronoi_params *p,
                               const pel_voronoi_input *in, pel_voronoi_output *out, pel_error *err)
{
  if (!w) return pel_error_set(err, PEL_EINVAL, "no Voronoi workspace given");
  pel_status st = pel_voronoi_params_check(p, err);
  if (st != PEL_OK) return st;
  st = check_input(in, out, err);
  if (st != PEL_OK) return st;
  out->needed_cutoff = 0.0;
  try {
    return compute_all(w, p, in, out, err);
  } catch (const std::bad_alloc &) {
    return pel_error_set(err, PEL_ENOMEM, "out of memory for Voronoi cells");
  } catch (const std::exception &e) {
    return pel_error_set(err, PEL_EFAIL, "Voronoi cells: %s", e.what());
  } catch (...) {
    return pel_error_set(err, PEL_EFAIL, "unexpected failure in voro++");
  }
}

} // extern "C"
