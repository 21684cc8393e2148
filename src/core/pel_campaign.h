/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pelstat core: an ART campaign, the policy around single attempts.
 *
 * Which atoms are event centers and in which order, which partition takes
 * which center, how many attempts a center gets (until events_per_center
 * events or max_attempts attempts), the replay of an event log on resume,
 * Metropolis acceptance of a walk's moves, and the progress estimate.  No
 * LAMMPS: the host (fix artn) hands in the center IDs and the outcome of
 * each attempt.  Every decision is a function of the campaign's input (the
 * IDs, the seed, the order, the counts), never of ranks or timing. */
#ifndef PEL_CAMPAIGN_H
#define PEL_CAMPAIGN_H

#include "pel_error.h"
#include "pel_param.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { PEL_ORDER_SEQUENTIAL = 0, PEL_ORDER_RANDOM = 1 };
enum { PEL_MODE_SAMPLE = 0, PEL_MODE_WALK = 1 };

/* The campaign keywords of fix artn (fields named as the keywords). */
typedef struct {
  uint64_t seed;         /* required */
  int order;             /* PEL_ORDER_* */
  int events_per_center; /* events (status saddle) wanted per center */
  int max_attempts;      /* attempts at most per center; 0: 5 x events_per_center */
  int mode;              /* PEL_MODE_* */
  double temperature;    /* walk: Metropolis temperature (0: downhill and level moves only) */
  int resume;            /* continue the event log */
  int progress;          /* a progress line every N attempts (0: never) */
  double init_ftol;      /* force tolerance of the initial relaxation; 0: ftol / 50 */
  int init_maxsteps;     /* force calls of the initial relaxation at most */
} pel_campaign_params;

/* The table of these keywords, plus the words the host keeps itself
 * (centers, file, dump_saddles: type PEL_PARAM_TEXT), in docs order. */
const pel_param *pel_campaign_param_table(int *n);
void pel_campaign_params_default(pel_campaign_params *p);
/* Range checks and the defaults that depend on others: max_attempts from
 * events_per_center, init_ftol from the engine's ftol. */
pel_status pel_campaign_params_finish(pel_campaign_params *p, double ftol, pel_error *err);

/* ---- the campaign ---- */

typedef struct pel_campaign pel_campaign;

/* The centers (IDs of the centers group, any order, no duplicates), ordered
 * by ID or by a hash of (seed, ID); partition `part` of `nparts` takes every
 * nparts-th of them.  PEL_EINVAL (message says why) when the group is empty,
 * holds an ID twice, or leaves this partition without a center. */
pel_campaign *pel_campaign_alloc(const pel_campaign_params *p, const int64_t *ids, size_t n,
                                 int part, int nparts, pel_error *err);
void pel_campaign_free(pel_campaign *c);

/* 1 once every center of this partition is done. */
int pel_campaign_done(const pel_campaign *c);
/* The next attempt: its center and attempt number at that center. */
void pel_campaign_next(const pel_campaign *c, int64_t *center, long *attempt);
/* The outcome of that attempt: event = 1 when it counts (status saddle). */
void pel_campaign_record(pel_campaign *c, int event);
/* A record of a log being resumed: it must be the next attempt, else
 * PEL_EFORMAT naming the record's center and attempt. */
pel_status pel_campaign_replay(pel_campaign *c, int64_t center, long attempt, int event,
                               pel_error *err);

/* Centers of this partition, and how many are done. */
size_t pel_campaign_ncenters(const pel_campaign *c);
size_t pel_campaign_centers_done(const pel_campaign *c);
/* Attempts recorded (replayed ones included), and the current center's. */
long pel_campaign_attempts(const pel_campaign *c);
long pel_campaign_center_attempts(const pel_campaign *c);

/* Seconds left until this partition's centers are done, at `rate` attempts
 * per second: the current center's remainder plus the other centers at the
 * attempts a finished center took on average (max_attempts before any).
 * 0 when done or the rate is not positive. */
double pel_campaign_eta(const pel_campaign *c, double rate);

/* "h:mm" of a number of seconds (rounded to the minute). */
void pel_campaign_format_hm(double seconds, char *buf, size_t size);

/* Metropolis: a move that changes the energy by de is accepted when de is
 * at most `tol` (equivalent minima), else with probability exp(-de / kT)
 * against the uniform number u in (0, 1) (kT <= 0: never). */
int pel_campaign_metropolis(double de, double kT, double tol, double u);

/* The energy resolution of a walk's minima: energy differences below it
 * count as zero (a relaxation to init_ftol leaves each minimum uncertain by
 * about init_ftol x moved_dist / 10). */
double pel_campaign_energy_tolerance(double init_ftol, double moved_dist);

#ifdef __cplusplus
}
#endif
#endif
