/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pelstat core: the geometry of an ART push.
 *
 * A push direction is nonzero only on the movable atoms within
 * cluster_radius of the event center (at the reference positions X0, minimum
 * image when the host is periodic).  Either a Gaussian random vector, a pure
 * function of (seed, center, attempt, atom ID, component) so that it does not
 * depend on the decomposition, or the cluster atoms' part of a given vector
 * less its mean over them (a deformation of the cluster, not a drift).  Net
 * translation and rigid rotation can be projected out. */
#ifndef PEL_PUSH_H
#define PEL_PUSH_H

#include "pel_point.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  double cluster_radius;  /* atoms within it of the center are pushed */
  int remove_translation; /* random push: zero net translation when no atom is frozen */
  int remove_rotation;    /* no rigid rotation about the centroid of X0 (free clusters only) */
} pel_push_params;

/* A push direction of unit norm into vector dst: random when src < 0, else
 * built from vector src.  Returns the number of movable atoms in the cluster
 * (global), 0 when there is none or the direction is zero, -1 when no atom
 * (or more than one) has the ID `center`. */
long pel_push_make(const pel_point *pt, const pel_push_params *p, uint64_t seed, int64_t center,
                   long attempt, int src, int dst);

/* Project the rigid rotations about the centroid of X0 out of vector dst
 * (X0 must not be wrapped). */
void pel_push_remove_rotation(const pel_point *pt, int dst);

#ifdef __cplusplus
}
#endif
#endif
