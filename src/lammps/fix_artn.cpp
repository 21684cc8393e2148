/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

// fix artn: ART nouveau event searches.  The algorithm is the engine in
// src/core/pel_artn; this fix is its host: it owns the per-atom vectors
// (migrated with the atoms like fix_minimize's), evaluates the full LAMMPS
// energy and forces, chooses the event centers, and writes the event log.
// One event attempt per timestep, in pre_exchange() (as fix atom/swap does),
// so LAMMPS re-neighbors right after every event.

#include "fix_artn.h"

#include "angle.h"
#include "atom.h"
#include "bond.h"
#include "comm.h"
#include "dihedral.h"
#include "domain.h"
#include "error.h"
#include "force.h"
#include "group.h"
#include "improper.h"
#include "kspace.h"
#include "memory.h"
#include "modify.h"
#include "neighbor.h"
#include "pair.h"
#include "timer.h"
#include "universe.h"
#include "update.h"
#include "utils.h"

#include "pel_artn.h"
#include "pel_artn_keywords.h"
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

// a core message without the "fix artn" the LAMMPS error already names
const char *core_msg(const pel_error &err)
{
  const char *m = err.msg;
  if (strncmp(m, "fix artn: ", 10) == 0) return m + 10;
  if (strncmp(m, "fix artn ", 9) == 0) return m + 9;
  return m;
}

// columns of the per-atom statistics
enum { S_COUNT = 0, S_MIN, S_MEAN, NSTATS };

} // namespace

/* ---------------------------------------------------------------------- */

FixArtn::FixArtn(LAMMPS *lmp, int narg, char **arg)
    : Fix(lmp, narg, arg), engine(nullptr), log(nullptr), params(nullptr), seed(0),
      centers_groupbit(0), order_random(false), events_per_center(1), max_attempts(-1), walk(false),
      temperature(0.0), logfile("artn.events"), resume(false), progress_every(100), init_ftol(-1.0),
      init_maxsteps(10000), nstore(0), store(nullptr), stats(nullptr), image0(nullptr), icenter(0),
      center_attempts(0), center_successes(0), started(false), finished(false), e_min(0.0),
      attempts(0), saddles(0), event_number(0), force_calls_total(0), centers_done(0),
      last_barrier(0.0), sum_barrier(0.0), last_force_calls(0), wall_start(0.0), wall_events(0.0),
      force_seconds(0.0)
{
  params = new pel_artn_params;
  pel_artn_params_default(&P(params));

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
    error->all(FLERR, "{}: {}", STYLE, core_msg(err));
  nstore = pel_artn_nstorage(&P(params));
  engine = pel_artn_alloc(&P(params), world, &err);
  if (!engine) error->all(FLERR, "{}: {}", STYLE, core_msg(err));

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
  if (store)
    for (int k = 0; k <= nstore; k++) memory->destroy(store[k]);
  delete[] store;
  memory->destroy(stats);
  memory->destroy(image0);
  delete (pel_artn_params *)params;
}

/* ---------------------------------------------------------------------- */

void FixArtn::parse(int narg, char **arg)
{
  const bool metal = strcmp(update->unit_style, "metal") == 0;
  std::vector<int> given(pel_artn_keyword_count(), 0);
  bool have_seed = false;
  pel_artn_params &p = P(params);

  int iarg = 3;
  while (iarg < narg) {
    std::string kw = arg[iarg];
    const char *val = pelstat::value_of(lmp, STYLE, narg, arg, iarg);
    int ik = pel_artn_keyword_find(kw.c_str());
    if (ik >= 0) {
      pel_error err;
      pel_error_clear(&err);
      if (pel_artn_keyword_set(&p, ik, val, &err) != PEL_OK)
        error->all(FLERR, "{}: {}", STYLE, core_msg(err));
      given[ik] = 1;
    } else if (kw == "seed") {
      if (!utils::is_integer(val) || val[0] == '-' || strtoull(val, nullptr, 10) == 0)
        error->all(FLERR, "{}: seed must be a positive integer, got '{}'", STYLE, val);
      seed = strtoull(val, nullptr, 10);
      have_seed = true;
    } else if (kw == "centers") {
      centers_group = val;
      if (group->find(val) < 0)
        error->all(FLERR, "{}: group {} for keyword centers does not exist", STYLE, val);
    } else if (kw == "order") {
      if (strcmp(val, "sequential") == 0)
        order_random = false;
      else if (strcmp(val, "random") == 0)
        order_random = true;
      else
        error->all(FLERR, "{}: order must be sequential or random, got '{}'", STYLE, val);
    } else if (kw == "events_per_center") {
      events_per_center = pelstat::parse_int(lmp, STYLE, kw, val);
      if (events_per_center < 1)
        error->all(FLERR, "{}: events_per_center must be >= 1, got {}", STYLE, val);
    } else if (kw == "max_attempts") {
      max_attempts = pelstat::parse_int(lmp, STYLE, kw, val);
      if (max_attempts < 1) error->all(FLERR, "{}: max_attempts must be >= 1, got {}", STYLE, val);
    } else if (kw == "mode") {
      if (strcmp(val, "sample") == 0)
        walk = false;
      else if (strcmp(val, "walk") == 0)
        walk = true;
      else
        error->all(FLERR, "{}: mode must be sample or walk, got '{}'", STYLE, val);
    } else if (kw == "temperature") {
      temperature = pelstat::parse_double(lmp, STYLE, kw, val);
      if (temperature < 0.0) error->all(FLERR, "{}: temperature must be >= 0, got {}", STYLE, val);
    } else if (kw == "file") {
      logfile = val;
    } else if (kw == "resume") {
      resume = pelstat::parse_bool(lmp, STYLE, kw, val);
    } else if (kw == "dump_saddles") {
      dumpfile = val;
    } else if (kw == "progress") {
      progress_every = pelstat::parse_int(lmp, STYLE, kw, val);
      if (progress_every < 0) error->all(FLERR, "{}: progress must be >= 0, got {}", STYLE, val);
    } else if (kw == "init_ftol") {
      init_ftol = pelstat::parse_double(lmp, STYLE, kw, val);
      if (!(init_ftol > 0.0)) error->all(FLERR, "{}: init_ftol must be > 0, got {}", STYLE, val);
    } else if (kw == "init_maxsteps") {
      init_maxsteps = pelstat::parse_int(lmp, STYLE, kw, val);
      if (init_maxsteps < 0)
        error->all(FLERR, "{}: init_maxsteps must be >= 0, got {}", STYLE, val);
    } else {
      error->all(FLERR, "{}: unknown keyword '{}'", STYLE, kw);
    }
    iarg += 2;
  }

  if (!have_seed) error->all(FLERR, "{}: keyword seed is required", STYLE);
  if (max_attempts < 0) max_attempts = 5 * events_per_center;
  if (resume && walk)
    error->all(FLERR,
               "{}: resume yes works in mode sample only (a walk needs the configuration "
               "it had reached)",
               STYLE);
  if (universe->nworlds > 1) logfile += fmt::format(".{}", universe->iworld);

  // outside metal units the length and energy keywords have no defaults;
  // the engine's own tuning lengths and energies follow the given ones
  if (!metal) {
    for (int i = 0; i < pel_artn_keyword_count(); i++) {
      const pel_artn_keyword *k = pel_artn_keyword_at(i);
      if (k->required_nonmetal && !given[i])
        error->all(FLERR, "{}: keyword {} is required with units {} (defaults are for metal units)",
                   STYLE, k->name, update->unit_style);
    }
    pel_artn_params_derive_units(&p, given.data());
  }
  if (init_ftol < 0.0) init_ftol = 0.02 * p.ftol;
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
    build_centers();
    open_log();
    wall_start = wall();
  }
}

/* ----------------------------------------------------------------------
   the event centers of this partition, in visiting order: all atoms of the
   centers group sorted by ID (or by a hash of seed and ID), every nworlds-th
   one taken by partition iworld
------------------------------------------------------------------------- */

void FixArtn::build_centers()
{
  std::vector<tagint> mine;
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
  std::vector<tagint> all(total + 1);
  MPI_Allgatherv(mine.data(), n, MPI_LMP_TAGINT, all.data(), counts.data(), displs.data(),
                 MPI_LMP_TAGINT, world);
  all.resize(total);
  if (total == 0) error->all(FLERR, "{}: the centers group is empty", STYLE);
  std::sort(all.begin(), all.end());
  if (order_random) {
    std::vector<std::pair<double, tagint>> key(total);
    for (int k = 0; k < total; k++) key[k] = {pel_rng_uniform(seed, all[k], -1, -1, 0), all[k]};
    std::sort(key.begin(), key.end());
    for (int k = 0; k < total; k++) all[k] = key[k].second;
  }
  centers.clear();
  for (int k = universe->iworld; k < total; k += universe->nworlds) centers.push_back(all[k]);
  if (centers.empty())
    error->all(FLERR, "{}: partition {} has no event centers ({} centers for {} partitions)", STYLE,
               universe->iworld, total, universe->nworlds);
}

/* ----------------------------------------------------------------------
   open the event log (rank 0 of each partition); with resume, replay it
------------------------------------------------------------------------- */

void FixArtn::open_log()
{
  if (resume) replay_log();

  int status = 0;
  std::string msg;
  if (comm->me == 0) {
    pel_error err;
    pel_error_clear(&err);
    log = pel_eventlog_writer_alloc(logfile.c_str(),
                                    resume ? PEL_EVENTLOG_APPEND : PEL_EVENTLOG_CREATE, &err);
    if (!log) {
      status = 1;
      msg = fmt::format("{}: {}", STYLE, err.msg);
    } else if (!pel_eventlog_writer_has_header(log)) {
      const pel_artn_params &p = P(params);
      std::vector<std::string> keys, values;
      auto add = [&](const std::string &k, const std::string &v) {
        keys.push_back(k);
        values.push_back(v);
      };
      add("seed", std::to_string(seed));
      add("group", group->names[igroup]);
      add("centers", centers_group.empty() ? group->names[igroup] : centers_group);
      add("order", order_random ? "random" : "sequential");
      add("events_per_center", std::to_string(events_per_center));
      add("max_attempts", std::to_string(max_attempts));
      for (int i = 0; i < pel_artn_keyword_count(); i++) {
        char buf[64];
        pel_artn_keyword_format(&p, i, buf, sizeof(buf));
        add(pel_artn_keyword_at(i)->name, buf);
      }
      add("mode", walk ? "walk" : "sample");
      add("temperature", fmt::format("{:.10g}", temperature));
      add("init_ftol", fmt::format("{:.10g}", init_ftol));
      add("natoms", std::to_string(atom->natoms));
      add("partition", fmt::format("{}/{}", universe->iworld, universe->nworlds));
      add("lammps_version", lmp->version);
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
      pel_eventlog_writer_comment(log, fmt::format("resumed after {} attempts", attempts).c_str(),
                                  &err);
    }
  }
  pelstat::check_all(lmp, status, msg);
}

/* ----------------------------------------------------------------------
   resume: count what the log already holds, so the run continues exactly
   where it ended (the same centers and attempt numbers, hence the same
   random numbers); per-atom statistics are rebuilt from the saddles
------------------------------------------------------------------------- */

void FixArtn::replay_log()
{
  std::vector<double> rec; // center, attempt, saddle?, barrier, force_calls
  int status = 0;
  std::string msg;
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
        if (s && std::to_string(seed) != s) {
          status = 1;
          msg = fmt::format("{}: resume: log {} was written with seed {}, this run has seed {}",
                            STYLE, logfile, s, seed);
        } else if (o && std::string(o) != (order_random ? "random" : "sequential")) {
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
    tagint c = (tagint)rec[k];
    int att = (int)rec[k + 1];
    bool ok = rec[k + 2] != 0.0;
    if (icenter >= centers.size() || centers[icenter] != c || att != center_attempts)
      error->all(FLERR,
                 "{}: resume: log {} does not match this run's sequence of centers and "
                 "attempts (record {}: center {} attempt {})",
                 STYLE, logfile, k / 5 + 1, c, att);
    attempts++;
    event_number++;
    force_calls_total += (long long)rec[k + 4];
    if (ok) {
      saddles++;
      last_barrier = rec[k + 3];
      sum_barrier += last_barrier;
      barriers.push_back(last_barrier);
      barrier_center.push_back(c);
      record_stats(c, last_barrier);
    }
    center_attempts++;
    advance_center(ok);
  }
  if (comm->me == 0 && n)
    utils::logmesg(lmp, "{}: resuming after {} attempts ({} saddles) found in {}\n", STYLE,
                   attempts, saddles, logfile);
}

/* ---------------------------------------------------------------------- */

void FixArtn::advance_center(bool success)
{
  if (success) center_successes++;
  if (center_successes >= events_per_center || center_attempts >= max_attempts) {
    icenter++;
    centers_done++;
    center_attempts = center_successes = 0;
  }
  if (icenter >= centers.size()) finished = true;
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
                     STYLE, centers.size(), attempts, saddles);
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
  pel_error err;
  pel_error_clear(&err);
  double energy = 0.0, fmax = 0.0, dmax = 0.0;
  long calls = 0;
  save_images();
  pel_status st =
      pel_artn_minimize(engine, &h, init_ftol, init_maxsteps, &energy, &fmax, &dmax, &calls, &err);
  restore_images();
  force_calls_total += calls;
  if (st == PEL_ENOCONV) {
    error->all(FLERR,
               "{}: could not relax the input to a minimum (largest force {:.3g} after "
               "{} steps, init_ftol {:.3g}); minimize it first",
               STYLE, fmax, calls, init_ftol);
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
                   STYLE, energy, fmax, calls, dmax, centers.size());
  }
}

/* ---------------------------------------------------------------------- */

void FixArtn::one_attempt()
{
  const pel_artn_host h = make_host(this, world);
  const tagint center = centers[icenter];
  const int attempt = center_attempts;
  const double t0 = wall();

  pel_artn_result r;
  memset(&r, 0, sizeof(r));
  pel_error err;
  pel_error_clear(&err);
  save_images();
  pel_status st = pel_artn_event(engine, &h, seed, center, attempt, e_min, &r, &err);
  restore_images();
  if (st != PEL_OK)
    error->all(FLERR, "{}: event at center {} failed: {}", STYLE, center, core_msg(err));

  const bool ok = r.status == PEL_ARTN_SADDLE;
  attempts++;
  event_number++;
  center_attempts++;
  force_calls_total += r.force_calls;
  last_force_calls = r.force_calls;
  if (ok) {
    saddles++;
    last_barrier = r.barrier;
    sum_barrier += r.barrier;
    barriers.push_back(r.barrier);
    barrier_center.push_back(center);
    record_stats(center, r.barrier);
    if (!dumpfile.empty()) write_saddle(event_number, center, r.barrier);
  }
  const double seconds = wall() - t0;
  wall_events += seconds;

  // log (rank 0 of the partition), flushed per record
  int status = 0;
  std::string msg;
  if (comm->me == 0) {
    pel_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.event = event_number;
    ev.center = center;
    ev.attempt = attempt;
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
    if (pel_eventlog_writer_write(log, &ev, &err) != PEL_OK) {
      status = 1;
      msg = fmt::format("{}: {}", STYLE, err.msg);
    }
  }
  pelstat::check_all(lmp, status, msg);

  // walk: relax the final minimum as tightly as the initial one, then let
  // Metropolis decide on that energy difference (the event's e_final comes
  // from a looser relaxation); a rejected move restores the reference
  if (walk && ok) {
    const int nlocal = atom->nlocal;
    double **x = atom->x, **xref = store[nstore];
    for (int i = 0; i < nlocal; i++)
      for (int d = 0; d < 3; d++) xref[i][d] = x[i][d];
    pel_artn_goto_final(engine, &h);
    double energy = 0.0, fmax = 0.0, dmax = 0.0;
    long calls = 0;
    save_images();
    pel_status ms = pel_artn_minimize(engine, &h, init_ftol, init_maxsteps, &energy, &fmax, &dmax,
                                      &calls, &err);
    restore_images();
    force_calls_total += calls;
    if (ms != PEL_OK && ms != PEL_ENOCONV)
      error->all(FLERR, "{}: relaxing the final minimum failed: {}", STYLE, err.msg);
    // energy differences below what a relaxation to init_ftol resolves count
    // as zero: equivalent minima (a vacancy jump) are then accepted at T = 0
    const double de = energy - e_min;
    const double eres = 0.1 * init_ftol * P(params).moved_dist;
    bool accept = de <= eres;
    if (!accept && temperature > 0.0)
      accept =
          pel_rng_uniform(seed, center, attempt, -2, 0) < exp(-de / (force->boltz * temperature));
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
      utils::logmesg(lmp, "{}: walk: event {} {} (E = {:.10g}, change {:.4g})\n", STYLE,
                     event_number, accept ? "accepted" : "rejected", energy, de);
  }

  advance_center(ok);
  if (progress_every > 0 && attempts % progress_every == 0) progress_line();
}

/* ---------------------------------------------------------------------- */

void FixArtn::record_stats(tagint center, double barrier)
{
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
  double elapsed = wall() - wall_start;
  double rate = elapsed > 0.0 ? attempts / elapsed : 0.0;
  // attempts left: the current center's remainder plus the others at the
  // average number of attempts a finished center took
  double per_center =
      centers_done > 0 ? (double)(attempts - center_attempts) / centers_done : (double)max_attempts;
  double left = (centers.size() - icenter) * per_center - center_attempts;
  if (left < 0.0) left = 0.0;
  double eta = rate > 0.0 ? left / rate : 0.0;
  utils::logmesg(lmp,
                 "{}: {} attempts, {} saddles ({:.1f}%), mean barrier {:.4g}, {:.0f} force "
                 "calls/attempt, {:.1f} attempts/hour, {}/{} centers done, about {:.2g} h left\n",
                 STYLE, attempts, saddles, attempts ? 100.0 * saddles / attempts : 0.0,
                 saddles ? sum_barrier / saddles : 0.0,
                 attempts ? (double)force_calls_total / attempts : 0.0, 3600.0 * rate, centers_done,
                 centers.size(), eta / 3600.0);
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
  std::vector<double> buf(5 * nlocal);
  for (int i = 0; i < nlocal; i++) {
    buf[5 * i] = atom->tag[i];
    buf[5 * i + 1] = atom->type[i];
    for (int d = 0; d < 3; d++) buf[5 * i + 2 + d] = x0[i][d] + ds[i][d];
  }
  int n = 5 * nlocal;
  std::vector<int> counts(comm->nprocs), displs(comm->nprocs);
  MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, world);
  int total = 0;
  if (comm->me == 0)
    for (int r = 0; r < comm->nprocs; r++) {
      displs[r] = total;
      total += counts[r];
    }
  std::vector<double> all(comm->me == 0 ? total + 1 : 1);
  MPI_Gatherv(buf.data(), n, MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
              world);
  int status = 0;
  if (comm->me == 0) {
    std::vector<int> order(total / 5);
    for (size_t k = 0; k < order.size(); k++) order[k] = k;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return all[5 * a] < all[5 * b]; });
    FILE *fp = fopen(dumpfile.c_str(), event_number == 1 || saddles == 1 ? "w" : "a");
    if (!fp) {
      status = 1;
    } else {
      fprintf(fp, "ITEM: TIMESTEP\n%lld\nITEM: NUMBER OF ATOMS\n%d\n", event, total / 5);
      if (domain->triclinic) {
        fprintf(fp, "ITEM: BOX BOUNDS xy xz yz pp pp pp\n");
        double xlo = domain->boxlo[0], xhi = domain->boxhi[0];
        double ylo = domain->boxlo[1], yhi = domain->boxhi[1];
        double xy = domain->xy, xz = domain->xz, yz = domain->yz;
        fprintf(fp, "%.16g %.16g %.16g\n", xlo + MIN(MIN(0.0, xy), MIN(xz, xy + xz)),
                xhi + MAX(MAX(0.0, xy), MAX(xz, xy + xz)), xy);
        fprintf(fp, "%.16g %.16g %.16g\n", ylo + MIN(0.0, yz), yhi + MAX(0.0, yz), xz);
        fprintf(fp, "%.16g %.16g %.16g\n", domain->boxlo[2], domain->boxhi[2], yz);
      } else {
        fprintf(fp, "ITEM: BOX BOUNDS pp pp pp\n");
        for (int d = 0; d < 3; d++)
          fprintf(fp, "%.16g %.16g\n", domain->boxlo[d], domain->boxhi[d]);
      }
      fprintf(fp, "ITEM: ATOMS id type x y z # center %ld barrier %.10g\n", (long)center, barrier);
      for (int k : order)
        fprintf(fp, "%.0f %.0f %.12g %.12g %.12g\n", all[5 * k], all[5 * k + 1], all[5 * k + 2],
                all[5 * k + 3], all[5 * k + 4]);
      fclose(fp);
    }
  }
  pelstat::check_all(lmp, status,
                     fmt::format("{}: cannot write dump_saddles file {}", STYLE, dumpfile));
}

/* ---------------------------------------------------------------------- */

double FixArtn::compute_vector(int n)
{
  switch (n) {
  case 0: return attempts;
  case 1: return saddles;
  case 2: return last_barrier;
  case 3: return last_force_calls;
  case 4: return saddles ? sum_barrier / saddles : 0.0;
  case 5: return force_calls_total;
  case 6: return centers_done;
  case 7: return force_seconds;
  }
  return 0.0;
}

/* ----------------------------------------------------------------------
   host interface
------------------------------------------------------------------------- */

int FixArtn::host_nlocal()
{
  return atom->nlocal;
}

int64_t FixArtn::host_id(int i)
{
  return atom->tag[i];
}

const int *FixArtn::host_mask()
{
  const int nlocal = atom->nlocal;
  movable.resize(nlocal + 1);
  for (int i = 0; i < nlocal; i++) movable[i] = (atom->mask[i] & groupbit) ? 1 : 0;
  return movable.data();
}

double *FixArtn::host_vector(int which)
{
  if (which == PEL_ARTN_X) return atom->nmax ? &atom->x[0][0] : nullptr;
  if (which == PEL_ARTN_F) return atom->nmax ? &atom->f[0][0] : nullptr;
  int k = which - PEL_ARTN_X0;
  if (k < 0 || k >= nstore) return nullptr;
  return atom->nmax ? &store[k][0][0] : nullptr;
}

/* ----------------------------------------------------------------------
   energy and forces at the current positions, as LAMMPS's minimizer does:
   re-neighbor when an atom moved more than half the skin (atoms may migrate
   here), otherwise only update the ghosts; the energy is the full potential
   energy of compute pe (pair incl. tail correction, bonded, kspace)
------------------------------------------------------------------------- */

int FixArtn::host_energy_force(double *energy)
{
  const double t_start = MPI_Wtime();
  const int triclinic = domain->triclinic;

  // The engine wrote x = x0 + D in the periodic frame of image0; atoms that
  // LAMMPS has wrapped since then carry other image flags: express x in
  // their current frame so that nothing jumps by a box vector.
  const int nlocal = atom->nlocal;
  double **x = atom->x;
  const imageint *image = atom->image;
  const double *h = domain->h;
  for (int i = 0; i < nlocal; i++) {
    if (image[i] == image0[i]) continue;
    int dx = (int)((image[i] & IMGMASK) - IMGMAX) - (int)((image0[i] & IMGMASK) - IMGMAX);
    int dy = (int)((image[i] >> IMGBITS & IMGMASK) - IMGMAX) -
             (int)((image0[i] >> IMGBITS & IMGMASK) - IMGMAX);
    int dz = (int)((image[i] >> IMG2BITS) - IMGMAX) - (int)((image0[i] >> IMG2BITS) - IMGMAX);
    x[i][0] -= dx * h[0] + dy * h[5] + dz * h[4];
    x[i][1] -= dy * h[1] + dz * h[3];
    x[i][2] -= dz * h[2];
  }

  int rebuild = neighbor->dist_check ? neighbor->check_distance() : 1;
  if (!rebuild) {
    comm->forward_comm();
  } else {
    if (triclinic) domain->x2lamda(atom->nlocal);
    domain->pbc();
    comm->exchange();
    atom->nghost = 0;
    comm->borders();
    if (triclinic) domain->lamda2x(atom->nlocal + atom->nghost);
    neighbor->build(1);
  }

  const int eflag = 1, vflag = 0;
  size_t nbytes = sizeof(double) * atom->nlocal;
  if (force->newton) nbytes += sizeof(double) * atom->nghost;
  if (nbytes) memset(&atom->f[0][0], 0, 3 * nbytes);

  if (force->pair) force->pair->compute(eflag, vflag);
  if (atom->molecular != Atom::ATOMIC) {
    if (force->bond) force->bond->compute(eflag, vflag);
    if (force->angle) force->angle->compute(eflag, vflag);
    if (force->dihedral) force->dihedral->compute(eflag, vflag);
    if (force->improper) force->improper->compute(eflag, vflag);
  }
  if (force->kspace) force->kspace->compute(eflag, vflag);
  if (force->newton) comm->reverse_comm();

  double one = 0.0, all = 0.0;
  if (force->pair) one += force->pair->eng_vdwl + force->pair->eng_coul;
  if (atom->molecular != Atom::ATOMIC) {
    if (force->bond) one += force->bond->energy;
    if (force->angle) one += force->angle->energy;
    if (force->dihedral) one += force->dihedral->energy;
    if (force->improper) one += force->improper->energy;
  }
  MPI_Allreduce(&one, &all, 1, MPI_DOUBLE, MPI_SUM, world);
  if (force->kspace) all += force->kspace->energy;
  if (force->pair && force->pair->tail_flag)
    all += force->pair->etail / (domain->xprd * domain->yprd * domain->zprd);
  *energy = all;
  force_seconds += MPI_Wtime() - t_start;
  return 0;
}

/* ----------------------------------------------------------------------
   image flags around engine calls: positions the engine sets (x0, x0 + D)
   are in the frame of the image flags the atoms had when it took x0
------------------------------------------------------------------------- */

void FixArtn::save_images()
{
  for (int i = 0; i < atom->nlocal; i++) image0[i] = atom->image[i];
}

void FixArtn::restore_images()
{
  for (int i = 0; i < atom->nlocal; i++) atom->image[i] = image0[i];
}

void FixArtn::host_minimum_image(double *dx)
{
  domain->minimum_image(dx);
}

/* ---------------------------------------------------------------------- */

double FixArtn::wall() const
{
  return MPI_Wtime();
}

/* ----------------------------------------------------------------------
   per-atom storage: grow, copy, migrate
------------------------------------------------------------------------- */

void FixArtn::grow_arrays(int nmax)
{
  for (int k = 0; k <= nstore; k++) memory->grow(store[k], nmax, 3, "artn:store");
  memory->grow(stats, nmax, NSTATS, "artn:stats");
  memory->grow(image0, nmax, "artn:image0");
  array_atom = stats;
}

void FixArtn::copy_arrays(int i, int j, int /*delflag*/)
{
  for (int k = 0; k <= nstore; k++)
    for (int d = 0; d < 3; d++) store[k][j][d] = store[k][i][d];
  for (int s = 0; s < NSTATS; s++) stats[j][s] = stats[i][s];
  image0[j] = image0[i];
}

int FixArtn::pack_exchange(int i, double *buf)
{
  int m = 0;
  for (int k = 0; k <= nstore; k++)
    for (int d = 0; d < 3; d++) buf[m++] = store[k][i][d];
  for (int s = 0; s < NSTATS; s++) buf[m++] = stats[i][s];
  buf[m++] = ubuf(image0[i]).d;
  return m;
}

int FixArtn::unpack_exchange(int nlocal, double *buf)
{
  int m = 0;
  for (int k = 0; k <= nstore; k++)
    for (int d = 0; d < 3; d++) store[k][nlocal][d] = buf[m++];
  for (int s = 0; s < NSTATS; s++) stats[nlocal][s] = buf[m++];
  image0[nlocal] = (imageint)ubuf(buf[m++]).i;
  return m;
}

double FixArtn::memory_usage()
{
  return (double)atom->nmax * ((3.0 * (nstore + 1) + NSTATS) * sizeof(double) + sizeof(imageint));
}
