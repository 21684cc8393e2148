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
#include "pel_param.h"

#include <mpi.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- parameters ------------------------------------------------------------ */

typedef struct {
  /* the search (fields named as the keywords; defaults, allowed values and
   * meanings are in the parameter table, pel_artn_params.c) */
  double cluster_radius;
  double push_init;
  double push_step;
  double eig_threshold;
  double ftol;
  int lanczos_max;
  double lanczos_tol;
  double lanczos_disp;
  int max_basin_steps;
  int max_activation_steps;
  int relax;
  int connect;
  double connect_dist;
  /* engine tuning */
  double moved_dist;
  int basin_relax_steps;
  int basin_lanczos_after;
  int activation_relax_steps;
  double activation_step;
  int max_lost;
  double perp_ratio;
  double push_over;
  int descent_steps;
  double descent_step;
  double relax_ftol;
  int max_relax_steps;
  double trivial_barrier;
  double force_blowup;
  double fire_dt;
  double fire_dtmax;
  double max_disp;
  int remove_translation;
  int remove_rotation;
  int lbfgs_memory;
  double lbfgs_switch;
  int basin_stop_early;
  int max_reentry;
  int lanczos_refresh;
  double reject_margin;
  int push_follow;
  /* first-order saddles */
  int first_order;
  double index_tol;
  int max_index_steps;
  /* local force calls */
  double active_radius; /* > 0, 0 (full calls) or -1: auto (the host chooses) */
  double active_pad;
  int verify_local;
} pel_artn_params;

/* largest lbfgs_memory */
#define PEL_ARTN_LBFGS_MAX 16

/* The parameter table (pel_param.h): every field above, in the order of the
 * event-log header, with its default, allowed values and meaning. */
const pel_param *pel_artn_param_table(int *n);

/* Fill p with the defaults of the table. */
void pel_artn_params_default(pel_artn_params *p);

/* Check every value against the table, then the relations between them; the
 * message names the keyword as a LAMMPS user writes it ("ftol must be > 0,
 * got -1"). */
pel_status pel_artn_params_check(const pel_artn_params *p, pel_error *err);

/* Outside metal units: the tuning lengths, energies, forces and times that
 * were not given (given[i] == 0 for table entry i) are derived from the
 * required ones (push_step, ftol) in the same proportions as the metal
 * defaults. */
void pel_artn_params_derive_units(pel_artn_params *p, const int *given);

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
  PEL_ARTN_EIGVEC2, /* second eigenvector (unit norm, orthogonal to EIGVEC) */
  PEL_ARTN_LANCZOS  /* first Lanczos basis vector */
};

/* Number of storage vectors the host must provide (X0 onwards). */
int pel_artn_nstorage(const pel_artn_params *p);

/* active_radius auto (a negative active_radius): local force calls pay when
 * the region holds at most this share of the box volume.  A local call costs
 * about the region's share of the pair terms, a local search makes about as
 * many calls as a full one, and the refinement on the whole system adds
 * about a seventh of a full search: at 0.45 an attempt costs about 0.6 of a
 * full one (docs/performance.md). */
#define PEL_ARTN_AUTO_SHARE 0.45

/* The radius auto takes, R = max(2 cutoff, cluster_radius), its region
 * R + cutoff + active_pad (reach) and the region's share of a box of the
 * given volume; 1 when local calls pay (share <= PEL_ARTN_AUTO_SHARE).
 * Whether the region fits in the box is the host's to check. */
int pel_artn_auto_radius(const pel_artn_params *p, double cutoff, double volume, double *radius,
                         double *reach, double *share);

typedef struct pel_artn_host {
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
  /* Local force calls (NULL: none; pel_artn_event_local).  on = 1 (the
   * current positions are the attempt's initial minimum, the engine's X0 to
   * be) or 2 (X0 holds that minimum, the positions are elsewhere): from now
   * on only the atoms near `center` at X0 are movable (mask), energy_force
   * evaluates only their neighbourhood and returns e_ref, the full energy of
   * the current positions, plus the change since; returns 0, 1 when no local
   * calls can be made here (full calls then), -1 on error.  on = 0: full
   * calls and the whole mask again; returns 1 when energy_force failed since
   * the last switch because an atom left the region where local calls are
   * exact, else 0. */
  int (*set_local)(void *user, int64_t center, int on, double e_ref);
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
  PEL_ARTN_TRIVIAL,              /* converged saddle with a barrier within trivial_barrier of 0
                                    or no atom moved: logged, not an event, not relaxed */
  PEL_ARTN_FAIL_INDEX            /* still a higher-order saddle after max_index_steps */
} pel_artn_status;

/* Event log word: "saddle", "fail_basin", ..., "trivial" */
const char *pel_artn_status_name(pel_artn_status s);

typedef struct pel_artn_result {
  pel_artn_status status;
  int64_t center;
  long attempt;
  double e_initial, e_saddle, barrier, e_final, asymmetry;
  double eigenvalue;        /* lowest eigenvalue at the saddle (last one on failure) */
  double eigenvalue2;       /* second-lowest eigenvalue at the saddle (first_order; NAN if
                               not computed) */
  double fmax;              /* largest per-atom force at the saddle (last point on failure) */
  double dr_saddle;         /* |D| at the saddle */
  double dmax_saddle;       /* largest per-atom |D| at the saddle */
  long natoms_moved;        /* atoms with |D| > moved_dist at the saddle */
  double dmax_final;        /* largest per-atom distance final minimum - initial (NAN: none) */
  long force_calls;         /* all force calls of the attempt */
  long force_calls_saddle;  /* force calls until the saddle converged */
  long force_calls_lanczos; /* of which Hessian-vector products */
  int basin_steps;          /* pushes in the basin (across re-entries) */
  int activation_steps;     /* Lanczos refreshes of the last activation */
  int reentries;            /* returns to the basin after a lost eigenvalue */
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

/* Activation from a given point, then the same saddle checks, refinement
 * and (as the parameters say) connection as an event: the host's X0 holds
 * the reference minimum of energy e_initial (NAN: one force call computes
 * it), X the start configuration in the same periodic frame, and
 * PEL_ARTN_EIGVEC the start vector (nonzero; a Lanczos run warm started
 * from it begins the activation).  No basin and no re-entry: a mode lost for
 * good ends with fail_eigenvalue_lost.  r->center is -1.  Returns as
 * pel_artn_event; afterwards x equals X0. */
pel_status pel_artn_activate(pel_artn *a, const pel_artn_host *h, double e_initial,
                             pel_artn_result *r, pel_error *err);

/* What pel_artn_event_local did besides the result. */
typedef struct {
  int local;          /* 1: the search was local (else full calls throughout) */
  int redone;         /* 1: the local search left its region; redone with full calls */
  int refined;        /* 1: a connected local saddle was refined on the whole system */
  double force_diff;  /* at the local saddle: largest |local - full force| on a movable atom */
  double energy_diff; /* and |local - full energy| there */
} pel_artn_local_info;

/* An event with local force calls (host->set_local, active_radius not 0): the
 * search of pel_artn_event with only the atoms near the center free and
 * local calls; a saddle that the local relaxation finds not connected (any
 * other outcome) is the result, without a full call.  A connected local
 * saddle is checked (one local and one full call there: the forces on the
 * movable atoms must agree to 1e-6 ftol, the energies to 1e-9 relative, else
 * PEL_EFAIL: the pair style is not exact in local calls) and refined on the
 * whole system (pel_artn_activate from it, its mode the start vector): the
 * result is that of the refinement (r->force_calls its full calls), with
 * the attempt's center and number.  With active_radius 0, no set_local, or a
 * center the host cannot search locally: pel_artn_event. */
pel_status pel_artn_event_local(pel_artn *a, const pel_artn_host *h, uint64_t seed, int64_t center,
                                long attempt, double e_initial, pel_artn_result *r,
                                pel_artn_local_info *info, pel_error *err);

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
