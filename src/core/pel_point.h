/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pelstat core: the current point of a search, x = X0 + D, on an ART host.
 *
 * A pel_point is what the minimizers (pel_min) and the phases of an ART
 * attempt (pel_artn) share: the host, the energy and largest per-atom force
 * at the current point, the force-call counters, and the one function that
 * calls the host's energy_force (pel_point_eval).  The vector operations act
 * on the host's numbered per-atom vectors (PEL_ARTN_X, PEL_ARTN_D, ...); every
 * global quantity is a local sum or maximum followed by MPI_Allreduce on the
 * point's communicator.  Vectors are fetched from the host at every use: an
 * evaluation may migrate atoms, so no raw pointer is kept across it.
 *
 * Core-internal: the LAMMPS adaptors use pel_artn.h only. */
#ifndef PEL_POINT_H
#define PEL_POINT_H

#include "pel_artn.h"
#include "pel_error.h"
#include "pel_lanczos.h"

#include <mpi.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  const pel_artn_host *h;
  MPI_Comm comm;
  double energy;       /* at the current point x0 + D (last evaluation) */
  double fmax;         /* largest per-atom force norm there (movable atoms) */
  long calls;          /* force calls since the counters were reset */
  long lzcalls;        /* of which Hessian-vector products */
  double force_blowup; /* a larger per-atom force ends an evaluation with PEL_EVAL_BLOWUP */
  double e_floor;      /* an energy below it ends an evaluation with PEL_EVAL_BELOW (-inf: off) */
} pel_point;

/* Outcome of an evaluation and of everything built on it (minimizers, Lanczos
 * runs): one code travels up unchanged. */
typedef enum {
  PEL_EVAL_HOST = -1,  /* the host's energy_force failed (err is set) */
  PEL_EVAL_OK = 0,     /* evaluated */
  PEL_EVAL_BLOWUP = 1, /* non-finite energy or force, or a force above force_blowup */
  PEL_EVAL_BELOW = 2   /* energy below e_floor */
} pel_eval_code;

/* Bind pt to host h (counters zero, no floor). */
void pel_point_init(pel_point *pt, const pel_artn_host *h, MPI_Comm comm, double force_blowup);

/* The only caller of energy_force: x = x0 + D (+ s * vector extra when
 * extra >= 0), then energy, largest force, forces of frozen atoms zeroed. */
pel_eval_code pel_point_eval(pel_point *pt, int extra, double s, pel_error *err);

/* x = x0 + vector `which` (no call) */
void pel_point_place(const pel_point *pt, int which);

/* ---- vectors (nlocal x 3 doubles each) ---- */

static inline double *pel_vec(const pel_point *pt, int which)
{
  return pt->h->vector(pt->h->user, which);
}
static inline int pel_nlocal(const pel_point *pt)
{
  return pt->h->nlocal(pt->h->user);
}
static inline const int *pel_mask(const pel_point *pt)
{
  return pt->h->mask ? pt->h->mask(pt->h->user) : NULL;
}

double pel_gsum(const pel_point *pt, double x);
double pel_gmax(const pel_point *pt, double x);
/* global dot product of two vectors */
double pel_vdot(const pel_point *pt, int wa, int wb);
void pel_vcopy(const pel_point *pt, int dst, int src);
void pel_vzero(const pel_point *pt, int dst);
/* y += s * x */
void pel_vaxpy(const pel_point *pt, int y, double s, int x);
void pel_vscale(const pel_point *pt, int y, double s);

/* Norm, largest per-atom norm and number of atoms whose norm exceeds thresh,
 * of vector `which` (each output may be NULL). */
void pel_point_displacement(const pel_point *pt, int which, double thresh, double *norm,
                            double *dmax, long *nmoved);

/* ---- the lowest Hessian mode at the current point ----
 * Lanczos on H q = -(f(x + hd q) - f(x)) / hd, f(x) the force already known
 * at the current point: one force call per product.  q holds kmax basis
 * pointer slots (refreshed from PEL_ARTN_LANCZOS + j before every use).
 * With deflate >= 0 (a unit vector) the operator is H restricted to the
 * space orthogonal to that vector (the start vector and every product are
 * projected on it): its lowest eigenpair is the second mode when deflate is
 * the lowest.  With deflate, and no atom frozen, the uniform translations
 * (zero modes) are projected out too.  The start vector `start` is projected in place.  The
 * eigenvector goes to vector `out`, the eigenvalue to *lambda; the current
 * point's force and energy are restored afterwards (no call).  A non-finite
 * product gives PEL_EVAL_BLOWUP. */
pel_eval_code pel_point_lowest_mode(pel_point *pt, pel_lanczos *lz, double **q, int kmax,
                                    double hd, int start, int deflate, int out, double *lambda,
                                    pel_error *err);

#ifdef __cplusplus
}
#endif
#endif
