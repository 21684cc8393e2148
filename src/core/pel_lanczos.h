/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pelstat core: lowest eigenpair of a symmetric operator by Lanczos.
 *
 * The operator is known only through products w = H q computed by the
 * caller (reverse communication), so H may be a finite-difference Hessian
 * whose products cost one force call each.  The vectors are distributed:
 * each rank passes its local slice of length n, and every dot product is a
 * local sum followed by MPI_Allreduce on the communicator stored in the
 * object (MPI_COMM_SELF for a serial problem).  The object never keeps a
 * pointer to a vector between calls: the caller passes the basis again at
 * each call, so the host may move its storage (atom migration) in between.
 *
 * Usage:
 *   pel_lanczos_start(lz, n, v0, Q[0]);             // Q[0] = v0 / |v0|
 *   do {
 *     w = H Q[k]  (k = pel_lanczos_size(lz) - 1)    // by the caller
 *     st = pel_lanczos_step(lz, n, Q, w);           // fills Q[k+1] if it continues
 *   } while (st == PEL_LANCZOS_CONTINUE);
 *   pel_lanczos_eigenvector(lz, n, Q, v);           // Ritz vector, unit norm
 *
 * Full reorthogonalization (two classical Gram-Schmidt passes, one reduction
 * each).  The iteration stops when the lowest Ritz value changes by less than
 * tol * |lambda| (or less than an absolute floor atol), when the basis holds
 * kmax vectors, or when the Krylov space is invariant.  The tridiagonal
 * problem is solved with GSL. */
#ifndef PEL_LANCZOS_H
#define PEL_LANCZOS_H

#include "pel_error.h"

#include <mpi.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pel_lanczos pel_lanczos;

typedef enum {
  PEL_LANCZOS_CONTINUE = 0, /* Q[k+1] holds the next vector to multiply */
  PEL_LANCZOS_CONVERGED,    /* relative change of the lowest Ritz value < tol */
  PEL_LANCZOS_MAXITER,      /* basis full (kmax vectors) without convergence */
  PEL_LANCZOS_INVARIANT,    /* Krylov space invariant: Ritz pair exact */
  PEL_LANCZOS_ERROR         /* non-finite input, or misuse (see pel_lanczos_error) */
} pel_lanczos_state;

/* kmax >= 1 basis vectors, tolerance tol > 0 on the relative change of the
 * lowest eigenvalue.  Returns NULL (and sets err) on failure. */
pel_lanczos *pel_lanczos_alloc(int kmax, double tol, MPI_Comm comm, pel_error *err);
void pel_lanczos_free(pel_lanczos *lz);

/* Absolute floor of the convergence test: also converged when the change
 * is below atol (useful when lambda is close to zero).  Default 0. */
void pel_lanczos_set_atol(pel_lanczos *lz, double atol);

/* Largest basis of a run, 1..kmax (default kmax): a warm-started run
 * that needs only a refresh can be capped below kmax. */
void pel_lanczos_set_max_size(pel_lanczos *lz, int m);

/* Also stop (PEL_LANCZOS_CONVERGED) as soon as the lowest Ritz value is
 * below `value`: it bounds the lowest eigenvalue from above, so a question
 * "is lambda below value?" is answered yes.  NAN: off (default). */
void pel_lanczos_set_stop_below(pel_lanczos *lz, double value);

/* Smallest basis before the convergence test may stop the iteration
 * (default 2; kmax, invariance and errors still stop it). */
void pel_lanczos_set_min_size(pel_lanczos *lz, int m);

/* Begin with start vector v0 (any norm, not zero); writes v0/|v0| to q0.
 * v0 and q0 may be the same array.  Returns PEL_LANCZOS_CONTINUE or
 * PEL_LANCZOS_ERROR (zero or non-finite start vector). */
pel_lanczos_state pel_lanczos_start(pel_lanczos *lz, size_t n, const double *v0, double *q0);

/* Take w = H Q[k] for the newest basis vector Q[k]; w is overwritten.
 * Q[0..k] must be the vectors of this run; Q[k+1] (if k+1 < kmax) receives
 * the next basis vector when the state is PEL_LANCZOS_CONTINUE. */
pel_lanczos_state pel_lanczos_step(pel_lanczos *lz, size_t n, double *const *Q, double *w);

/* Lowest Ritz value of the current basis. */
double pel_lanczos_eigenvalue(const pel_lanczos *lz);

/* Ritz vector of the lowest Ritz value, normalized, into v (length n). */
void pel_lanczos_eigenvector(const pel_lanczos *lz, size_t n, double *const *Q, double *v);

/* Number of basis vectors = number of operator products taken so far. */
int pel_lanczos_size(const pel_lanczos *lz);

/* Global dot product of two distributed vectors on the object's communicator. */
double pel_lanczos_dot(const pel_lanczos *lz, size_t n, const double *a, const double *b);

/* Convenience driver for operators available as a callback (no migration):
 * runs start/step until done, writes the Ritz vector to v, returns the final
 * state and stores the eigenvalue in *lambda.  Q holds kmax vectors, w one. */
typedef void (*pel_lanczos_matvec)(void *ctx, size_t n, const double *q, double *w);
pel_lanczos_state pel_lanczos_solve(pel_lanczos *lz, size_t n, const double *v0, double *const *Q,
                                    double *w, pel_lanczos_matvec matvec, void *ctx, double *lambda,
                                    double *v);

#ifdef __cplusplus
}
#endif
#endif
