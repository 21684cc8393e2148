/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

// fix artn: ART nouveau event searches.  The algorithm is the engine in
// src/core/pel_artn, the campaign (centers, order, counters, acceptance) is
// src/core/pel_campaign; this file parses the keywords, drives one attempt
// per timestep and writes the output.  The engine's host interface (per-atom
// vectors, energy and forces) is in fix_artn_host.cpp.
// One event attempt per timestep, in pre_exchange() (as fix atom/swap does),
// so LAMMPS re-neighbors right after every event.

#include "fix_artn.h"

#include "atom.h"
#include "comm.h"
#include "domain.h"
#include "error.h"
#include "force.h"
#include "group.h"
#include "memory.h"
#include "modify.h"
#include "timer.h"
#include "universe.h"
#include "update.h"
#include "utils.h"

#include "pel_artn.h"
#include "pel_campaign.h"
#include "pel_eventlog.h"
#include "pel_rng.h"
#include "pel_version.h"
#include "pelstat_lammps_util.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>

using namespace LAMMPS_NS;
using namespace FixConst;

static const char *const STYLE = "Fix artn";

namespace {

// ---- C trampolines for the engine's host interface -------------------------
int cb_nlocal(void *u)
{
  return ((FixArtn *)u)->host_nlocal();
}
int64_t cb_id(void *u, int i)
{
  return ((FixArtn *)u)->host_id(i);
}
const int *cb_mask(void *u)
{
  return ((FixArtn *)u)->host_mask();
}
double *cb_vector(void *u, int which)
{
  return ((FixArtn *)u)->host_vector(which);
}
int cb_energy_force(void *u, double *e)
{
  return ((FixArtn *)u)->host_energy_force(e);
}
void cb_minimum_image(void *u, double *dx)
{
  ((FixArtn *)u)->host_minimum_image(dx);
}

inline pel_artn_params &P(void *p)
{
  return *(pel_artn_params *)p;
}
inline pel_campaign_params &C(void *p)
{
  return *(pel_campaign_params *)p;
}

pel_artn_host make_host(FixArtn *fix, MPI_Comm comm)
{
  pel_artn_host h;
  memset(&h, 0, sizeof(h));
  h.user = fix;
  h.comm = comm;
  h.nlocal = cb_nlocal;
  h.id = cb_id;
  h.mask = cb_mask;
  h.vector = cb_vector;
  h.energy_force = cb_energy_force;
  h.minimum_image = cb_minimum_image;
  return h;
}

} // namespace

/* ---------------------------------------------------------------------- */

FixArtn::FixArtn(LAMMPS *lmp, int narg, char **arg)
    : Fix(lmp, narg, arg), engine(nullptr), campaign(nullptr), log(nullptr), params(nullptr),
      cparams(nullptr), centers_groupbit(0), logfile("artn.events"), nstore(0), store(nullptr),
      stats(nullptr), image0(nullptr), started(false), finished(false), e_min(0.0),
      saddles(0), force_calls_total(0), last_barrier(0.0), sum_barrier(0.0),
      last_force_calls(0), wall_start(0.0), run_attempts(0), force_seconds(0.0)
{
  params = new pel_artn_params;
  pel_artn_params_default(&P(params));
  cparams = new pel_campaign_params;
  pel_campaign_params_default(&C(cparams));

  vector_flag = 1;
  size_vector = 8;
  extvector = 0;
  global_freq = 1;
  peratom_flag = 1;
  size_peratom_cols = NSTATS;
  peratom_freq = 1;
  force_reneighbor = 1;
  next_reneighbor = -1;
  time_depend = 1;

  parse(narg, arg);

  pel_error err;
  pel_error_clear(&err);
  if (pel_artn_params_check(&P(params), &err) != PEL_OK)
    error->all(FLERR, "{}: {}", STYLE, err.msg);
  nstore = pel_artn_nstorage(&P(params));
  engine = pel_artn_alloc(&P(params), world, &err);
  if (!engine) error->all(FLERR, "{}: {}", STYLE, err.msg);

  // per-atom storage that migrates with the atoms
  // the engine's vectors, plus one of the host's own (walk reference)
  store = new double **[nstore + 1];
  for (int k = 0; k <= nstore; k++) store[k] = nullptr;
  grow_arrays(atom->nmax);
  atom->add_callback(Atom::GROW);
  for (int i = 0; i < atom->nlocal; i++) {
    for (int k = 0; k <= nstore; k++) store[k][i][0] = store[k][i][1] = store[k][i][2] = 0.0;
    for (int j = 0; j < NSTATS; j++) stats[i][j] = 0.0;
  }
  array_atom = stats;
}

/* ---------------------------------------------------------------------- */

FixArtn::~FixArtn()
{
  atom->delete_callback(id, Atom::GROW);
  pel_eventlog_writer_free(log);
  pel_artn_free(engine);
  pel_campaign_free(campaign);
  if (store)
    for (int k = 0; k <= nstore; k++) memory->destroy(store[k]);
  delete[] store;
  memory->destroy(stats);
  memory->destroy(image0);
  delete (pel_artn_params *)params;
  delete (pel_campaign_params *)cparams;
}

/* ---------------------------------------------------------------------- */

void FixArtn::parse(int narg, char **arg)
{
  const bool metal = strcmp(update->unit_style, "metal") == 0;
  int neng = 0, ncamp = 0;
  const pel_param *eng = pel_artn_param_table(&neng);
  const pel_param *camp = pel_campaign_param_table(&ncamp);
  std::vector<int> given(neng, 0);
  pel_artn_params &p = P(params);
  pel_campaign_params &c = C(cparams);
  pel_error err;
  pel_error_clear(&err);

  // every keyword and its value come from the tables: the engine's, then the
  // campaign's (whose words centers, file and dump_saddles the fix keeps)
  for (int iarg = 3; iarg < narg; iarg += 2) {
    const std::string kw = arg[iarg];
    const char *val = pelstat::value_of(lmp, STYLE, narg, arg, iarg);
    int ik = pel_param_find(eng, neng, kw.c_str());
    pel_status st = PEL_OK;
    if (ik >= 0) {
      st = pel_param_parse(&eng[ik], &p, val, &err);
      given[ik] = 1;
    } else if ((ik = pel_param_find(camp, ncamp, kw.c_str())) >= 0) {
      st = pel_param_parse(&camp[ik], &c, val, &err);
      if (kw == "centers") {
        centers_group = val;
        if (group->find(val) < 0)
          error->all(FLERR, "{}: group {} for keyword centers does not exist", STYLE, val);
      } else if (kw == "file") {
        logfile = val;
      } else if (kw == "dump_saddles") {
        dumpfile = val;
      }
    } else {
      error->all(FLERR, "{}: unknown keyword '{}'", STYLE, kw);
    }
    if (st != PEL_OK) error->all(FLERR, "{}: {}", STYLE, err.msg);
  }

  // outside metal units the length and energy keywords have no defaults;
  // the engine's own tuning lengths and energies follow the given ones
  if (!metal) {
    for (int i = 0; i < neng; i++)
      if (eng[i].required_nonmetal && !given[i])
        error->all(FLERR, "{}: keyword {} is required with units {} (defaults are for metal units)",
                   STYLE, eng[i].name, update->unit_style);
    pel_artn_params_derive_units(&p, given.data());
  }
  if (pel_campaign_params_finish(&c, p.ftol, &err) != PEL_OK)
    error->all(FLERR, "{}: {}", STYLE, err.msg);
  if (!dumpfile.empty() && dumpfile == logfile)
    error->all(FLERR, "{}: dump_saddles {} is also the event log (keyword file)", STYLE, dumpfile);
  if (universe->nworlds > 1) {
    logfile += fmt::format(".{}", universe->iworld);
    if (!dumpfile.empty()) dumpfile += fmt::format(".{}", universe->iworld);
  }
}

/* ---------------------------------------------------------------------- */

int FixArtn::setmask()
{
  return PRE_EXCHANGE;
}

/* ---------------------------------------------------------------------- */

void FixArtn::init()
{
  if (domain->dimension != 3) error->all(FLERR, "{}: requires a 3d system", STYLE);
  if (!atom->tag_enable) error->all(FLERR, "{}: requires atom IDs", STYLE);
  if (atom->map_style == Atom::MAP_NONE)
    error->all(FLERR, "{}: requires an atom map (atom_modify map array or hash)", STYLE);
  if (!force->pair && !force->bond)
    error->all(FLERR, "{}: requires a pair style or bonded interactions", STYLE);
  if (domain->box_change)
    error->all(FLERR, "{}: the box may not change during events (remove fixes that change it)",
               STYLE);
  for (int i = 0; i < modify->nfix; i++) {
    Fix *f = modify->fix[i];
    if (f != this && f->time_integrate)
      error->all(FLERR,
                 "{}: fix {} ({}) integrates the atoms; no other fix may move atoms "
                 "during fix artn events (unfix it before the run)",
                 STYLE, f->id, f->style);
  }
  if (!centers_group.empty()) {
    int ig = group->find(centers_group);
    if (ig < 0)
      error->all(FLERR, "{}: group {} for keyword centers does not exist", STYLE, centers_group);
    centers_groupbit = group->bitmask[ig];
  } else {
    centers_groupbit = groupbit;
  }
}

/* ---------------------------------------------------------------------- */

void FixArtn::setup(int /*vflag*/)
{
  next_reneighbor = update->ntimestep + 1;
  if (!started) {
    build_campaign();
    open_log();
    wall_start = wall();
  }
}

/* ----------------------------------------------------------------------
   the campaign of this partition: the IDs of the centers group, ordered and
   shared out by the core (pel_campaign)
------------------------------------------------------------------------- */

void FixArtn::build_campaign()
{
  std::vector<int64_t> mine;
  for (int i = 0; i < atom->nlocal; i++)
    if (atom->mask[i] & centers_groupbit) mine.push_back(atom->tag[i]);
  int n = mine.size();
  std::vector<int> counts(comm->nprocs), displs(comm->nprocs);
  MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, world);
  int total = 0;
  for (int r = 0; r < comm->nprocs; r++) {
    displs[r] = total;
    total += counts[r];
  }
  std::vector<int64_t> all(total + 1);
  MPI_Allgatherv(mine.data(), n, MPI_INT64_T, all.data(), counts.data(), displs.data(),
                 MPI_INT64_T, world);
  pel_error err;
  pel_error_clear(&err);
  pel_campaign_free(campaign);
  campaign = pel_campaign_alloc(&C(cparams), all.data(), total, universe->iworld,
                                universe->nworlds, &err);
  if (!campaign) error->all(FLERR, "{}: {}", STYLE, err.msg);
}

/* ----------------------------------------------------------------------
   open the event log (rank 0 of each partition); with resume, replay it
------------------------------------------------------------------------- */

void FixArtn::open_log()
{
  if (C(cparams).resume) replay_log();

  int status = 0;
  std::string msg;
  if (comm->me == 0) {
    pel_error err;
    pel_error_clear(&err);
    log = pel_eventlog_writer_alloc(
        logfile.c_str(), C(cparams).resume ? PEL_EVENTLOG_APPEND : PEL_EVENTLOG_CREATE, &err);
    if (!log) {
      status = 1;
      msg = fmt::format("{}: {}", STYLE, err.msg);
    } else if (!pel_eventlog_writer_has_header(log)) {
      std::vector<std::string> keys, values;
      header_params(keys, values);
      std::vector<const char *> kp, vp;
      for (size_t i = 0; i < keys.size(); i++) {
        kp.push_back(keys[i].c_str());
        vp.push_back(values[i].c_str());
      }
      if (pel_eventlog_writer_header(log, update->unit_style, (int)keys.size(), kp.data(),
                                     vp.data(), &err) != PEL_OK) {
        status = 1;
        msg = fmt::format("{}: {}", STYLE, err.msg);
      }
    } else {
      pel_eventlog_writer_comment(
          log,
          fmt::format("resumed after {} attempts", pel_campaign_attempts(campaign)).c_str(),
          &err);
    }
  }
  pelstat::check_all(lmp, status, msg);
}

/* ----------------------------------------------------------------------
   the parameters in the event-log header: the campaign's and the engine's
   keywords from their tables, then what describes the system and the run
------------------------------------------------------------------------- */

void FixArtn::header_params(std::vector<std::string> &keys, std::vector<std::string> &values)
{
  auto add = [&](const std::string &k, const std::string &v) {
    keys.push_back(k);
    values.push_back(v);
  };
  auto add_param = [&](const pel_param *t, int n, const char *name, const void *obj) {
    char buf[64];
    pel_param_format(&t[pel_param_find(t, n, name)], obj, buf, sizeof(buf));
    add(name, buf);
  };
  int neng = 0, ncamp = 0;
  const pel_param *eng = pel_artn_param_table(&neng);
  const pel_param *camp = pel_campaign_param_table(&ncamp);
  const pel_campaign_params &c = C(cparams);
  add_param(camp, ncamp, "seed", &c);
  add("group", group->names[igroup]);
  add("centers", centers_group.empty() ? group->names[igroup] : centers_group);
  for (const char *k : {"order", "events_per_center", "max_attempts"})
    add_param(camp, ncamp, k, &c);
  for (int i = 0; i < neng; i++) add_param(eng, neng, eng[i].name, params);
  for (const char *k : {"mode", "temperature", "init_ftol"}) add_param(camp, ncamp, k, &c);
  add("natoms", std::to_string(atom->natoms));
  add("partition", fmt::format("{}/{}", universe->iworld, universe->nworlds));
  add("lammps_version", lmp->version);
}

/* ----------------------------------------------------------------------
   resume: replay what the log already holds, so the run continues exactly
   where it ended (the same centers and attempt numbers, hence the same
   random numbers); per-atom statistics are rebuilt from the saddles
------------------------------------------------------------------------- */

void FixArtn::replay_log()
{
  std::vector<double> rec; // center, attempt, saddle?, barrier, force_calls
  int status = 0;
  std::string msg;
  const pel_campaign_params &c = C(cparams);
  if (comm->me == 0) {
    pel_error err;
    pel_error_clear(&err);
    FILE *probe = fopen(logfile.c_str(), "r");
    if (probe) {
      fclose(probe);
      pel_eventlog_reader *r = pel_eventlog_reader_alloc(logfile.c_str(), &err);
      if (!r) {
        status = 1;
        msg = fmt::format("{}: resume: {}", STYLE, err.msg);
      } else {
        const char *s = pel_eventlog_reader_param(r, "seed");
        const char *o = pel_eventlog_reader_param(r, "order");
        const char *order = c.order == PEL_ORDER_RANDOM ? "random" : "sequential";
        if (s && std::to_string(c.seed) != s) {
          status = 1;
          msg = fmt::format("{}: resume: log {} was written with seed {}, this run has seed {}",
                            STYLE, logfile, s, c.seed);
        } else if (o && std::string(o) != order) {
          status = 1;
          msg = fmt::format("{}: resume: log {} was written with order {}", STYLE, logfile, o);
        }
        pel_event ev;
        int got = 1;
        while (!status && got) {
          if (pel_eventlog_reader_next(r, &ev, &got, &err) != PEL_OK) {
            status = 1;
            msg = fmt::format("{}: resume: {}", STYLE, err.msg);
          } else if (got) {
            rec.insert(rec.end(),
                       {(double)ev.center, (double)ev.attempt, pel_event_is_saddle(&ev) ? 1.0 : 0.0,
                        ev.barrier, (double)ev.force_calls});
          }
        }
        pel_eventlog_reader_free(r);
      }
    }
  }
  pelstat::check_all(lmp, status, msg);

  int n = rec.size();
  MPI_Bcast(&n, 1, MPI_INT, 0, world);
  rec.resize(n);
  MPI_Bcast(rec.data(), n, MPI_DOUBLE, 0, world);

  for (int k = 0; k < n; k += 5) {
    const tagint center = (tagint)rec[k];
    const bool ok = rec[k + 2] != 0.0;
    pel_error err;
    pel_error_clear(&err);
    if (pel_campaign_replay(campaign, center, (long)rec[k + 1], ok, &err) != PEL_OK)
      error->all(FLERR, "{}: resume: log {}, record {}: {}", STYLE, logfile, k / 5 + 1, err.msg);
    force_calls_total += (long long)rec[k + 4];
    if (ok) add_saddle(center, rec[k + 3]);
  }
  if (comm->me == 0 && n)
    utils::logmesg(lmp, "{}: resuming after {} attempts ({} saddles) found in {}\n", STYLE,
                   pel_campaign_attempts(campaign), saddles, logfile);
  finished = pel_campaign_done(campaign);
}

/* ---------------------------------------------------------------------- */

void FixArtn::pre_exchange()
{
  if (next_reneighbor != update->ntimestep) return;
  next_reneighbor = update->ntimestep + 1;

  if (!started) {
    relax_start();
    started = true;
  }
  if (finished) {
    timer->force_timeout();
    return;
  }
  one_attempt();
  if (finished) {
    if (comm->me == 0)
      utils::logmesg(lmp, "{}: all {} centers done ({} attempts, {} saddles); ending the run\n",
                     STYLE, pel_campaign_ncenters(campaign), pel_campaign_attempts(campaign),
                     saddles);
    timer->force_timeout();
  }
}

/* ---------------------------------------------------------------------- */

void FixArtn::post_run()
{
  timer->reset_timeout();
}

/* ----------------------------------------------------------------------
   relax the input to a minimum much tighter than ftol: every barrier is
   measured from it; say so if the input was not a minimum
------------------------------------------------------------------------- */

void FixArtn::relax_start()
{
  const pel_artn_host h = make_host(this, world);
  const pel_campaign_params &c = C(cparams);
  pel_error err;
  pel_error_clear(&err);
  double energy = 0.0, fmax = 0.0, dmax = 0.0;
  long calls = 0;
  save_images();
  pel_status st = pel_artn_minimize(engine, &h, c.init_ftol, c.init_maxsteps, &energy, &fmax,
                                    &dmax, &calls, &err);
  restore_images();
  force_calls_total += calls;
  if (st == PEL_ENOCONV) {
    error->all(FLERR,
               "{}: could not relax the input to a minimum (largest force {:.3g} after "
               "{} steps, init_ftol {:.3g}); minimize it first",
               STYLE, fmax, calls, c.init_ftol);
  } else if (st != PEL_OK) {
    error->all(FLERR, "{}: relaxing the input failed: {}", STYLE, err.msg);
  }
  e_min = energy;
  if (comm->me == 0) {
    const double ftol = P(params).ftol;
    if (dmax > 0.1 * P(params).moved_dist || fmax > ftol)
      error->warning(FLERR,
                     "{}: the input was not a minimum: relaxing it moved an atom by {:.3g} "
                     "(energy now {:.10g} after {} force calls); barriers are measured from the "
                     "relaxed configuration",
                     STYLE, dmax, energy, calls);
    utils::logmesg(lmp,
                   "{}: initial minimum E = {:.10g}, largest force {:.3g} ({} force calls, "
                   "largest move {:.3g}); {} centers in this partition\n",
                   STYLE, energy, fmax, calls, dmax, pel_campaign_ncenters(campaign));
  }
}

/* ---------------------------------------------------------------------- */

void FixArtn::one_attempt()
{
  const pel_artn_host h = make_host(this, world);
  int64_t center = 0;
  long attempt = 0;
  pel_campaign_next(campaign, &center, &attempt);
  const long long event = pel_campaign_attempts(campaign) + 1;
  const double t0 = wall();

  pel_artn_result r;
  memset(&r, 0, sizeof(r));
  pel_error err;
  pel_error_clear(&err);
  save_images();
  pel_status st = pel_artn_event(engine, &h, C(cparams).seed, center, attempt, e_min, &r, &err);
  restore_images();
  if (st != PEL_OK) error->all(FLERR, "{}: event at center {} failed: {}", STYLE, center, err.msg);

  const bool ok = r.status == PEL_ARTN_SADDLE;
  run_attempts++;
  force_calls_total += r.force_calls;
  last_force_calls = r.force_calls;
  if (ok) {
    add_saddle(center, r.barrier);
    if (!dumpfile.empty()) write_saddle(event, center, r.barrier);
  }
  write_record(event, r, wall() - t0);
  if (C(cparams).mode == PEL_MODE_WALK && ok) walk_step(h, center, attempt, event);

  pel_campaign_record(campaign, ok);
  finished = pel_campaign_done(campaign);
  const int every = C(cparams).progress;
  if (every > 0 && pel_campaign_attempts(campaign) % every == 0) progress_line();
}

/* ----------------------------------------------------------------------
   the event-log record of one attempt (rank 0 of the partition), flushed
------------------------------------------------------------------------- */

void FixArtn::write_record(long long event, const pel_artn_result &r, double seconds)
{
  int status = 0;
  std::string msg;
  if (comm->me == 0) {
    pel_event ev;
    pel_event_init(&ev);
    ev.event = event;
    ev.center = r.center;
    ev.attempt = r.attempt;
    snprintf(ev.status, sizeof(ev.status), "%s", pel_artn_status_name(r.status));
    ev.e_initial = r.e_initial;
    ev.e_saddle = r.e_saddle;
    ev.barrier = r.barrier;
    ev.e_final = r.e_final;
    ev.asymmetry = r.asymmetry;
    ev.eigenvalue = r.eigenvalue;
    ev.dr_saddle = r.dr_saddle;
    ev.dmax_saddle = r.dmax_saddle;
    ev.natoms_moved = (int)r.natoms_moved;
    ev.force_calls = r.force_calls;
    ev.seconds = seconds;
    ev.force_calls_saddle = r.force_calls_saddle;
    ev.force_calls_lanczos = r.force_calls_lanczos;
    ev.basin_steps = r.basin_steps;
    ev.activation_steps = r.activation_steps;
    ev.reentries = r.reentries;
    ev.dmax_final = r.dmax_final;
    ev.eigenvalue2 = r.eigenvalue2;
    pel_error err;
    pel_error_clear(&err);
    if (pel_eventlog_writer_write(log, &ev, &err) != PEL_OK) {
      status = 1;
      msg = fmt::format("{}: {}", STYLE, err.msg);
    }
  }
  pelstat::check_all(lmp, status, msg);
}

/* ----------------------------------------------------------------------
   walk: relax the final minimum as tightly as the initial one, then let
   Metropolis decide on that energy difference (the event's e_final comes
   from a looser relaxation); a rejected move restores the reference
------------------------------------------------------------------------- */

void FixArtn::walk_step(const pel_artn_host &h, tagint center, long attempt, long long event)
{
  const pel_campaign_params &c = C(cparams);
  const int nlocal = atom->nlocal;
  double **x = atom->x, **xref = store[nstore];
  for (int i = 0; i < nlocal; i++)
    for (int d = 0; d < 3; d++) xref[i][d] = x[i][d];
  pel_artn_goto_final(engine, &h);
  double energy = 0.0, fmax = 0.0, dmax = 0.0;
  long calls = 0;
  pel_error err;
  pel_error_clear(&err);
  save_images();
  pel_status ms = pel_artn_minimize(engine, &h, c.init_ftol, c.init_maxsteps, &energy, &fmax,
                                    &dmax, &calls, &err);
  restore_images();
  force_calls_total += calls;
  if (ms != PEL_OK && ms != PEL_ENOCONV)
    error->all(FLERR, "{}: relaxing the final minimum failed: {}", STYLE, err.msg);
  const double de = energy - e_min;
  const bool accept = pel_campaign_metropolis(
      de, force->boltz * c.temperature,
      pel_campaign_energy_tolerance(c.init_ftol, P(params).moved_dist),
      pel_rng_uniform(c.seed, center, attempt, -2, 0));
  if (accept) {
    e_min = energy;
  } else {
    // back to the reference, in the frame of the current image flags
    x = atom->x;
    xref = store[nstore];
    for (int i = 0; i < atom->nlocal; i++)
      for (int d = 0; d < 3; d++) x[i][d] = xref[i][d];
  }
  if (comm->me == 0)
    utils::logmesg(lmp, "{}: walk: event {} {} (E = {:.10g}, change {:.4g})\n", STYLE, event,
                   accept ? "accepted" : "rejected", energy, de);
}

/* ---------------------------------------------------------------------- */

void FixArtn::add_saddle(tagint center, double barrier)
{
  saddles++;
  last_barrier = barrier;
  sum_barrier += barrier;
  barriers.push_back(barrier);
  barrier_center.push_back(center);
  int i = atom->map(center);
  if (i < 0 || i >= atom->nlocal) return;
  double *s = stats[i];
  s[S_COUNT] += 1.0;
  s[S_MIN] = (s[S_COUNT] == 1.0) ? barrier : MIN(s[S_MIN], barrier);
  s[S_MEAN] += (barrier - s[S_MEAN]) / s[S_COUNT];
}

/* ---------------------------------------------------------------------- */

void FixArtn::progress_line()
{
  if (comm->me != 0) return;
  const double elapsed = wall() - wall_start;
  const double rate = elapsed > 0.0 ? run_attempts / elapsed : 0.0;
  const long attempts = pel_campaign_attempts(campaign);
  char eta[32];
  pel_campaign_format_hm(pel_campaign_eta(campaign, rate), eta, sizeof(eta));
  utils::logmesg(lmp,
                 "{}: {} attempts, {} saddles ({:.1f}%), mean barrier {:.4g}, {:.0f} force "
                 "calls/attempt, {:.1f} attempts/hour, {}/{} centers done, {} (h:mm) left\n",
                 STYLE, attempts, saddles, attempts ? 100.0 * saddles / attempts : 0.0,
                 saddles ? sum_barrier / saddles : 0.0,
                 attempts ? (double)force_calls_total / attempts : 0.0, 3600.0 * rate,
                 pel_campaign_centers_done(campaign), pel_campaign_ncenters(campaign), eta);
}

/* ----------------------------------------------------------------------
   append the saddle configuration (reference + saddle displacement) to
   dump_saddles as a LAMMPS text dump frame; the timestep field is the event
------------------------------------------------------------------------- */

void FixArtn::write_saddle(long long event, tagint center, double barrier)
{
  const int nlocal = atom->nlocal;
  double **x0 = store[0];
  double **ds = store[PEL_ARTN_DSADDLE - PEL_ARTN_X0];
  std::vector<double> xs(3 * (size_t)nlocal + 1);
  std::vector<const double *> rows(nlocal + 1);
  for (int i = 0; i < nlocal; i++) {
    for (int d = 0; d < 3; d++) xs[3 * i + d] = x0[i][d] + ds[i][d];
    rows[i] = &xs[3 * i];
  }
  const int status = pelstat::write_dump_frame(
      lmp, dumpfile, saddles == 1, event, rows.data(),
      fmt::format("center {} barrier {:.10g}", (long)center, barrier));
  if (status)
    error->all(FLERR, "{}: cannot write dump_saddles file {}", STYLE, dumpfile);
}

/* ---------------------------------------------------------------------- */

double FixArtn::compute_vector(int n)
{
  switch (n) {
  case 0: return campaign ? pel_campaign_attempts(campaign) : 0;
  case 1: return saddles;
  case 2: return last_barrier;
  case 3: return last_force_calls;
  case 4: return saddles ? sum_barrier / saddles : 0.0;
  case 5: return force_calls_total;
  case 6: return campaign ? pel_campaign_centers_done(campaign) : 0;
  case 7: return force_seconds;
  }
  return 0.0;
}

/* ---------------------------------------------------------------------- */

double FixArtn::wall() const
{
  return MPI_Wtime();
}
