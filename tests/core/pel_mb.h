/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Mueller-Brown surface for the core tests: energy, gradient and
 * Hessian, and Newton's method to its stationary points (the reference
 * minima and saddles are computed, not quoted from the literature). */
#ifndef PEL_MB_H
#define PEL_MB_H

#include <math.h>

static const double MB_A[4] = {-200, -100, -170, 15};
static const double MB_a[4] = {-1, -1, -6.5, 0.7};
static const double MB_b[4] = {0, 0, 11, 0.6};
static const double MB_c[4] = {-10, -10, -6.5, 0.7};
static const double MB_x0[4] = {1, 0, -0.5, -1};
static const double MB_y0[4] = {0, 0.5, 1.5, 1};

/* energy; gradient g[2] and Hessian h[3] = (xx, xy, yy) when not NULL */
static inline double mb(double x, double y, double *g, double *h)
{
  double e = 0.0;
  if (g) g[0] = g[1] = 0.0;
  if (h) h[0] = h[1] = h[2] = 0.0;
  for (int k = 0; k < 4; k++) {
    double dx = x - MB_x0[k], dy = y - MB_y0[k];
    double t = MB_A[k] * exp(MB_a[k] * dx * dx + MB_b[k] * dx * dy + MB_c[k] * dy * dy);
    double px = 2 * MB_a[k] * dx + MB_b[k] * dy, py = MB_b[k] * dx + 2 * MB_c[k] * dy;
    e += t;
    if (g) {
      g[0] += t * px;
      g[1] += t * py;
    }
    if (h) {
      h[0] += t * (px * px + 2 * MB_a[k]);
      h[1] += t * (px * py + MB_b[k]);
      h[2] += t * (py * py + 2 * MB_c[k]);
    }
  }
  return e;
}

/* Newton's method to a stationary point, until |grad| < tol; 1 if reached */
static inline int mb_newton(double *x, double *y, double tol)
{
  for (int it = 0; it < 100; it++) {
    double g[2], h[3];
    mb(*x, *y, g, h);
    if (hypot(g[0], g[1]) < tol) return 1;
    double det = h[0] * h[2] - h[1] * h[1];
    *x -= (h[2] * g[0] - h[1] * g[1]) / det;
    *y -= (-h[1] * g[0] + h[0] * g[1]) / det;
  }
  return 0;
}

#endif
