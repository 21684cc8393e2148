/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pelstat core: an ART campaign, the policy around single attempts.
 *
 * Which atoms are event centers and in which order, which partition takes
 * which center, how many attempts a center gets (until events_per_center
 * events or max_attempts attempts), the replay of event logs on resume,
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
  int64_t max_centers;   /* only the first max_centers centers of the order; 0: all */
  int mode;              /* PEL_MODE_* */
  double temperature;    /* walk: Metropolis temperature (0: downhill and level moves only) */
  int resume;            /* continue the event log */
  int progress;          /* a progress line every N attempts (0: never) */
  double dump_moved;     /* dump_events: only atoms moved more than this (0: all atoms) */
  double init_ftol;      /* force tolerance of the initial relaxation; 0: ftol / 50 */
  int init_maxsteps;     /* force calls of the initial relaxation at most */
} pel_campaign_params;

/* The table of these keywords, plus the words the host keeps itself
 * (centers, file, dump_saddles, dump_events: type PEL_PARAM_TEXT), in docs
 * order. */
const pel_param *pel_campaign_param_table(int *n);
void pel_campaign_params_default(pel_campaign_params *p);
/* Range checks and the defaults that depend on others: max_attempts from
 * events_per_center, init_ftol from the engine's ftol. */
pel_status pel_campaign_params_finish(pel_campaign_params *p, double ftol, pel_error *err);

/* ---- the campaign ---- */

typedef struct pel_campaign pel_campaign;

/* The campaign's centers: the IDs of the centers group (any order, no
 * duplicates) ordered by ID or by a hash of (seed, ID), the first
 * max_centers of them.  Its content (which attempt of which center) depends
 * on nothing else: records of earlier runs, from any number of partitions,
 * are replayed center by center, and the centers not yet complete are then
 * shared out, partition `part` of `nparts` taking every nparts-th of them in
 * visiting order.  PEL_EINVAL (message says why) when the group is empty or
 * holds an ID twice. */
pel_campaign *pel_campaign_alloc(const pel_campaign_params *p, const int64_t *ids, size_t n,
                                 int part, int nparts, pel_error *err);
void pel_campaign_free(pel_campaign *c);

/* A record of an earlier run: the next attempt of its center, which is not
 * complete, else PEL_EFORMAT naming the record's center and attempt (a
 * record twice, one missing, another campaign's center).  Records of one
 * center in attempt order; centers in any order. */
pel_status pel_campaign_replay(pel_campaign *c, int64_t center, long attempt, int event,
                               pel_error *err);
/* Share the centers that are not complete among the partitions (alloc does
 * it once; call it again after replaying): in sample mode every nparts-th of
 * them, in walk mode those at positions part, part + nparts, ... of the
 * whole list (a walk keeps its centers).  Returns this partition's number of
 * centers, which may be 0. */
size_t pel_campaign_assign(pel_campaign *c);

/* 1 once every center of this partition's share is done. */
int pel_campaign_done(const pel_campaign *c);
/* The next attempt: its center and attempt number at that center. */
void pel_campaign_next(const pel_campaign *c, int64_t *center, long *attempt);
/* The outcome of that attempt: event = 1 when it counts (status saddle). */
void pel_campaign_record(pel_campaign *c, int event);

/* This partition's share of centers, and how many of it are done. */
size_t pel_campaign_ncenters(const pel_campaign *c);
size_t pel_campaign_centers_done(const pel_campaign *c);
/* All centers of the campaign, and those complete (replayed records and
 * this partition's own: other partitions' progress since is not known). */
size_t pel_campaign_total_centers(const pel_campaign *c);
size_t pel_campaign_complete_centers(const pel_campaign *c);
/* Attempts recorded (replayed ones included). */
long pel_campaign_attempts(const pel_campaign *c);

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
