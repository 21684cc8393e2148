/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pelstat core: the ART nouveau engine, one event attempt at a time.
 *
 * The engine sees the system only through a host (struct pel_artn_host):
 * per-atom 3-vectors that the host stores and migrates with its atoms, a
 * mask of movable atoms, atom IDs, a minimum-image function and
 * energy_force().  Under domain decomposition energy_force() may migrate
 * atoms, so the engine asks for every vector again after each call and never
 * keeps a raw pointer across it.  All global quantities are local sums or
 * maxima followed by MPI_Allreduce on host->comm.
 *
 * Positions are never read back after the start of an attempt: the engine
 * keeps the displacement D from the reference positions X0 and writes
 * x = x0 + D before every force call, so periodic wrapping by the host cannot
 * corrupt the state.  At the end of an attempt x is restored to X0 bit for bit
 * (no force call); the host's force array is then stale.
 *
 * The engine never prints; an attempt fills a pel_artn_result whose fields
 * are the columns of the fix artn event log. */
#ifndef PEL_ARTN_H
#define PEL_ARTN_H

#include "pel_error.h"

#include <mpi.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- parameters (defaults: the fix artn keywords, metal units) ---------- */

typedef struct {
  /* keywords of spec/fix_artn.md */
  double cluster_radius;    /* cluster_radius: atoms within r of the center are perturbed (3.95) */
  double push_init;         /* push_init: norm of the initial displacement (0.10) */
  double push_step;         /* push_step: push increment in the basin (0.15) */
  double eig_threshold;     /* eig_threshold: leave the basin below this eigenvalue (-0.30) */
  double ftol;              /* ftol: saddle when the largest per-atom force norm < ftol (0.05) */
  int lanczos_max;          /* lanczos_max: largest Lanczos subspace (16) */
  double lanczos_tol;       /* lanczos_tol: relative change of the eigenvalue (0.01) */
  double lanczos_disp;      /* lanczos_disp: finite-difference step (0.005) */
  int max_basin_steps;      /* max_basin_steps (50) */
  int max_activation_steps; /* max_activation_steps (500) */
  int relax;                /* relax yes/no: relax from the saddle to the final minimum (1) */
  int connect;              /* connect yes/no: both sides, one must be the initial minimum (1) */
  double connect_dist;      /* connect_dist: two minima differ when an atom moved more (0.1) */
  /* engine tuning (keywords of the same names) */
  double moved_dist;          /* moved_dist: natoms_moved counts atoms displaced more (0.1) */
  int basin_relax_steps;      /* basin_relax_steps: FIRE steps after each push (4) */
  int basin_lanczos_after;    /* basin_lanczos_after: pushes before Lanczos starts (5) */
  int activation_relax_steps; /* activation_relax_steps: steps between Lanczos refreshes (4) */
  double activation_step;     /* activation_step: largest step along the eigenvector (0.15) */
  int max_lost;               /* max_lost: positive eigenvalues tolerated in activation (3) */
  double perp_ratio;          /* perp_ratio: after a full step, relax perpendicular until the
                                 largest perpendicular force < perp_ratio |F.v| (0.5) */
  double push_over;           /* push_over: displacement from the saddle to each side (0.15) */
  int descent_steps;          /* descent_steps: steepest-descent moves out of the saddle before
                                 FIRE, on each side (20) */
  double descent_step;        /* descent_step: largest per-atom move of one of them (0.03) */
  double relax_ftol;          /* relax_ftol: force tolerance of the minimizations (0.005) */
  int max_relax_steps;        /* max_relax_steps: force calls per minimization (2000) */
  double trivial_barrier;     /* trivial_barrier: a saddle below this barrier is trivial (0.005) */
  double force_blowup;        /* force_blowup: a larger per-atom force fails the attempt (1e4) */
  double fire_dt;             /* fire_dt: initial FIRE time step, unit masses (0.1) */
  double fire_dtmax;          /* fire_dtmax: largest FIRE time step (0.3) */
  double max_disp;            /* max_disp: largest per-atom move of one FIRE step (0.1) */
  int remove_translation;     /* remove_translation: zero net push when no atom is frozen (1) */
  int remove_rotation;        /* remove_rotation: no rigid rotation in the push (0); only for
                                 free clusters, positions must not be wrapped */
  int lbfgs_memory;           /* lbfgs_memory: L-BFGS pairs of the minimizations, 0 = FIRE (5),
                                 at most PEL_ARTN_LBFGS_MAX */
  double lbfgs_switch;        /* lbfgs_switch: FIRE until the largest force < lbfgs_switch x
                                 the tolerance, then L-BFGS (10) */
  int max_reentry;            /* max_reentry: an eigenvalue lost for good sends the attempt back
                                 to the basin (pushing on) at most this often (2) */
  int basin_stop_early;       /* basin_stop_early: a basin Lanczos run stops as soon as a Ritz
                                 value is below eig_threshold (yes) */
  int lanczos_refresh;        /* lanczos_refresh: largest basis of the warm-started refreshes
                                 in activation (16; capped by lanczos_max) */
  double reject_margin;       /* reject_margin: the backward relaxation of a saddle stops, and
                                 the saddle is rejected, once the energy is this far below the
                                 initial minimum (0.05; 0 = relax to the end) */
  int push_follow;            /* push_follow: each push after the first along the cluster's
                                 current displacement from X0, not the initial random
                                 direction (yes) */
} pel_artn_params;

/* largest lbfgs_memory */
#define PEL_ARTN_LBFGS_MAX 16

/* Fill p with the defaults above. */
void pel_artn_params_default(pel_artn_params *p);

/* Check ranges; the message names the keyword as a LAMMPS user writes it
 * ("fix artn ftol must be > 0, got -1"). */
pel_status pel_artn_params_check(const pel_artn_params *p, pel_error *err);

/* ---- host interface ------------------------------------------------------ */

/* Per-atom 3-vectors (nlocal * 3 doubles, contiguous, x y z per atom).
 * PEL_ARTN_X and PEL_ARTN_F are the host's own positions and forces; the
 * others are storage the host allocates and migrates with its atoms,
 * pel_artn_nstorage() of them, numbered PEL_ARTN_X0 .. PEL_ARTN_X0 + n - 1.
 * The Lanczos basis vector j is PEL_ARTN_LANCZOS + j, j < lanczos_max; the
 * L-BFGS minimizer keeps its (s, y) pairs in the same range (2 lbfgs_memory
 * vectors), never while a Lanczos basis is in use. */
enum {
  PEL_ARTN_X = 0,   /* positions (host) */
  PEL_ARTN_F,       /* forces (host); the engine zeroes those of frozen atoms */
  PEL_ARTN_X0,      /* reference positions: the initial minimum */
  PEL_ARTN_D,       /* displacement of the current point from X0 */
  PEL_ARTN_PUSH,    /* push direction (unit norm) */
  PEL_ARTN_EIGVEC,  /* lowest eigenvector (unit norm) */
  PEL_ARTN_VEL,     /* FIRE velocities */
  PEL_ARTN_FSAVE,   /* force at the current point during a Lanczos run */
  PEL_ARTN_WORK,    /* Hessian-vector product */
  PEL_ARTN_DSADDLE, /* displacement of the saddle */
  PEL_ARTN_DFINAL,  /* displacement of the final minimum */
  PEL_ARTN_LANCZOS  /* first Lanczos basis vector */
};

/* Number of storage vectors the host must provide (X0 onwards). */
int pel_artn_nstorage(const pel_artn_params *p);

typedef struct {
  void *user;    /* passed to every callback */
  MPI_Comm comm; /* ranks sharing the system: the communicator given to pel_artn_alloc */
  /* local atoms; may change after energy_force (migration) */
  int (*nlocal)(void *user);
  /* global ID of local atom i */
  int64_t (*id)(void *user, int i);
  /* nonzero for movable atoms; NULL callback or NULL return: all movable.
   * Valid until the next energy_force. */
  const int *(*mask)(void *user);
  /* pointer to vector `which`; valid until the next energy_force */
  double *(*vector)(void *user, int which);
  /* energy (global, all ranks) and forces at the current positions; may
   * migrate atoms.  Returns 0 on success. */
  int (*energy_force)(void *user, double *energy);
  /* replace the 3-vector dx by its minimum image (NULL: not periodic) */
  void (*minimum_image)(void *user, double *dx);
} pel_artn_host;

/* ---- results ------------------------------------------------------------- */

typedef enum {
  PEL_ARTN_SADDLE = 0,           /* converged, accepted saddle */
  PEL_ARTN_FAIL_BASIN,           /* eigenvalue never fell below eig_threshold */
  PEL_ARTN_FAIL_ACTIVATION,      /* no convergence in max_activation_steps */
  PEL_ARTN_FAIL_EIGENVALUE_LOST, /* lowest eigenvalue stayed positive in activation */
  PEL_ARTN_FAIL_FORCE_BLOWUP,    /* non-finite energy/force or force > force_blowup */
  PEL_ARTN_FAIL_CONNECT,         /* saddle does not link the initial minimum to another */
  PEL_ARTN_FAIL_RELAX,           /* a minimization from the saddle did not converge */
  PEL_ARTN_TRIVIAL               /* converged saddle with a barrier within trivial_barrier of 0
                                    or no atom moved: logged, not an event, not relaxed */
} pel_artn_status;

/* Event log word: "saddle", "fail_basin", ..., "trivial" */
const char *pel_artn_status_name(pel_artn_status s);

typedef struct {
  pel_artn_status status;
  int trivial; /* barrier < trivial_barrier or no atom moved */
  int64_t center;
  long attempt;
  double e_initial, e_saddle, barrier, e_final, asymmetry;
  double eigenvalue;        /* lowest eigenvalue at the saddle (last one on failure) */
  double fmax;              /* largest per-atom force at the saddle (last point on failure) */
  double dr_saddle;         /* |D| at the saddle */
  double dmax_saddle;       /* largest per-atom |D| at the saddle */
  long natoms_moved;        /* atoms with |D| > moved_dist at the saddle */
  double dmax_final;        /* largest per-atom distance final minimum - initial */
  long force_calls;         /* all force calls of the attempt */
  long force_calls_saddle;  /* force calls until the saddle converged */
  long force_calls_lanczos; /* of which Hessian-vector products */
  int basin_steps, activation_steps, lanczos_runs;
  int reentries; /* returns to the basin after a lost eigenvalue */
} pel_artn_result;

/* ---- the engine ---------------------------------------------------------- */

typedef struct pel_artn pel_artn;

pel_artn *pel_artn_alloc(const pel_artn_params *p, MPI_Comm comm, pel_error *err);
void pel_artn_free(pel_artn *a);

/* One event attempt around the atom with global ID `center`, attempt number
 * `attempt` (both key the random numbers, with `seed`).  The current positions
 * must be a relaxed minimum of energy e_initial (pass NAN to have it
 * computed: one force call).  Returns PEL_OK when the attempt ran, whatever
 * its physical outcome (in r->status); an error status when the host failed
 * or the center does not exist.  Afterwards x equals the reference again. */
pel_status pel_artn_event(pel_artn *a, const pel_artn_host *h, uint64_t seed, int64_t center,
                          long attempt, double e_initial, pel_artn_result *r, pel_error *err);

/* After an event with status saddle: move the host's positions to the final
 * minimum (walk mode).  No force call. */
void pel_artn_goto_final(pel_artn *a, const pel_artn_host *h);

/* FIRE minimization of the current positions to the largest per-atom force
 * < ftol, at most maxsteps force calls.  Uses the X0, D and VEL storage.  On
 * return x is the minimum; *energy, *fmax, *dmax (largest per-atom move) and
 * *calls are set.  PEL_ENOCONV if not converged, other codes on host or force
 * failure. */
pel_status pel_artn_minimize(pel_artn *a, const pel_artn_host *h, double ftol, int maxsteps,
                             double *energy, double *fmax, double *dmax, long *calls,
                             pel_error *err);

#ifdef __cplusplus
}
#endif
#endif
