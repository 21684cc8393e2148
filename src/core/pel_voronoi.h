/* pelstat core: Voronoi / radical (power) cells and polyhedron statistics.
 *
 * Cells are computed one at a time from a point and the positions of the
 * points around it (voro++ plane cutting), so the same code serves a serial
 * run, an MPI rank with ghost atoms, and the unit tests.  A cell is exact only
 * if every point that could cut it was supplied: pel_voronoi_compute reports,
 * per cell, the distance within which neighbours must be known
 * (needed_cutoff); the caller compares it with what it supplied.
 *
 * Statistics of Voronoi indices <n3,n4,n5,n6> (type tables, Shannon entropy)
 * are plain C and can be merged across MPI ranks by the caller. */
#ifndef PEL_VORONOI_H
#define PEL_VORONOI_H

#include "pel_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Range of max_order.  The type of a cell for the statistics is
 * <n3,n4,n5,n6>, so the index needs its own columns up to n6 at least. */
#define PEL_VORONOI_MAX_ORDER_MIN 6
#define PEL_VORONOI_MAX_ORDER_LIMIT 32

/* Radical tessellation: the spread of the radii, sqrt(r_max^2 - r_min^2), may
 * be at most this many times the length scale of the points (about the cube
 * root of the volume per point).  Beyond it the cells depend on the radii
 * alone and the planes, the initial cell and voro++'s absolute tolerance no
 * longer fit in double precision; within it the cells are exact. */
#define PEL_VORONOI_RADIUS_SPREAD_LIMIT 1000.0

/* The parameters of compute voronoi/index, named as its keywords. */
typedef struct pel_voronoi_params {
  double face_threshold; /* faces with area <= this are ignored (>= 0) */
  double face_fraction;  /* faces with area <= this x total cell surface are ignored (0 <= f < 1) */
  double edge_threshold; /* edges not longer than this do not count in a face's edge count (>= 0) */
  int max_order; /* largest edge count with its own column, PEL_VORONOI_MAX_ORDER_MIN..LIMIT */
  int top;       /* rows of the table of the most common types (>= 1) */
} pel_voronoi_params;

/* Defaults: no thresholds, max_order 6, top 10. */
void pel_voronoi_params_default(pel_voronoi_params *p);
/* PEL_EINVAL when a value is out of range, with a message that names the
 * keyword and the value ("keyword max_order must be between 6 and 32, got 5"),
 * ready to show after the style's name. */
pel_status pel_voronoi_params_check(const pel_voronoi_params *p, pel_error *err);

/* Number of per-atom index columns for these parameters: n3..n_max plus n_more. */
int pel_voronoi_ncolumns(const pel_voronoi_params *p);

typedef struct pel_voronoi_workspace pel_voronoi_workspace;

pel_voronoi_workspace *pel_voronoi_alloc(void);
void pel_voronoi_free(pel_voronoi_workspace *w);

/* A half-space wall n.x <= d that bounds every cell (non-periodic box faces).
 * normal need not be unit length. */
typedef struct {
  double normal[3];
  double d;
} pel_voronoi_wall;

typedef struct {
  /* input points: npoints positions x[3*i..3*i+2] (owned atoms and ghosts) */
  int npoints;
  const double *x;
  const double *radius; /* per-point radius for a radical tessellation, or NULL */
  const long long *id;  /* per-point identifier named in messages (atom IDs), or NULL
                         * (messages then give the point's index) */
  /* the cells to compute: indices into x */
  int ncells;
  const int *cells;
  /* optional walls (non-periodic dimensions) */
  int nwalls;
  const pel_voronoi_wall *walls;
  /* Points farther than this from a cell's point are never considered
   * (the ghost cutoff); <= 0 means no limit. */
  double cutoff;
} pel_voronoi_input;

typedef struct {
  /* per cell, ncells rows */
  int *index;        /* ncells x pel_voronoi_ncolumns(): n3..n_max, n_more */
  int *coordination; /* faces kept */
  double *volume;    /* cell volume (all faces, thresholds do not change it) */
  double *area;      /* total surface of the cell, or NULL */
  /* largest over the cells of the distance within which all neighbours must
   * have been supplied for the cells to be exact (2 x largest vertex distance,
   * adjusted for radii); compare with input->cutoff */
  double needed_cutoff;
} pel_voronoi_output;

/* Compute the cells.  Messages name points by id (or index).  Returns
 * PEL_ERANGE (with the needed cutoff in the message) if a cell is not closed
 * by the supplied points and walls; PEL_EINVAL if two points coincide (voro++
 * cannot handle that; checked over all points before any cell), if a radius is
 * negative or not finite, or if the radii spread beyond
 * PEL_VORONOI_RADIUS_SPREAD_LIMIT; PEL_ENOMEM on allocation failure.
 * Only differences of squared radii matter (a power diagram does not change
 * when the same number is added to every r^2), so equal radii of any size give
 * exactly the cells of radius == NULL. */
pel_status pel_voronoi_compute(pel_voronoi_workspace *w, const pel_voronoi_params *p,
                               const pel_voronoi_input *in, pel_voronoi_output *out,
                               pel_error *err);

/* ---- statistics of Voronoi indices ------------------------------------- */

/* one polyhedron type <n3,n4,n5,n6> and its count */
typedef struct {
  int n[4];
  long count;
} pel_voronoi_type;

/* A table of types, sorted by (n3,n4,n5,n6) after pel_voronoi_table_add. */
typedef struct {
  pel_voronoi_type *types;
  int ntypes;
  int capacity;
  long total;
} pel_voronoi_table;

void pel_voronoi_table_init(pel_voronoi_table *t);
void pel_voronoi_table_free(pel_voronoi_table *t);
/* Add count occurrences of type n[4]. */
pel_status pel_voronoi_table_add(pel_voronoi_table *t, const int n[4], long count);
/* Merge a flat array of ntypes records (n3 n4 n5 n6 count as 5 longs each),
 * e.g. gathered from other ranks. */
pel_status pel_voronoi_table_merge_flat(pel_voronoi_table *t, const long *flat, int ntypes);
/* Write the table as 5 longs per type (size 5*ntypes). */
void pel_voronoi_table_flatten(const pel_voronoi_table *t, long *flat);
/* Shannon entropy -sum p ln p of the type population, in nats (0 if empty). */
double pel_voronoi_table_entropy(const pel_voronoi_table *t);
/* Count of the given type (0 if absent). */
long pel_voronoi_table_count(const pel_voronoi_table *t, const int n[4]);
/* The k most common types, most common first, ties broken by the type
 * (lexicographic n3,n4,n5,n6) so the order is reproducible; returns how many
 * were written (<= k). */
int pel_voronoi_table_top(const pel_voronoi_table *t, int k, pel_voronoi_type *top);

#ifdef __cplusplus
}
#endif
#endif
