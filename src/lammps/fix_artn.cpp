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
#include "math_extra.h"
#include "memory.h"
#include "modify.h"
#include "pair.h"
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
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <dirent.h>
#include <map>
#include <set>

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
int cb_set_local(void *u, int64_t center, int on, double e_ref)
{
  return ((FixArtn *)u)->host_set_local(center, on, e_ref);
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
  if (fix->local_calls_possible()) h.set_local = cb_set_local;
  return h;
}

// keywords that may change between the runs of one campaign: output only,
// or a campaign extended (these three may only be raised)
bool may_differ(const std::string &k)
{
  return k == "progress" || k == "partition" || k == "lammps_version" || k == "init_maxsteps";
}
bool may_be_raised(const std::string &k)
{
  return k == "events_per_center" || k == "max_attempts" || k == "max_centers" || k == "ncenters";
}
double as_count(const std::string &v)
{
  return v == "0" ? INFINITY : atof(v.c_str()); // 0: no limit
}

} // namespace

namespace {
// the output files of the fix artn instances of this process (absolute
// path -> fix ID)
std::map<std::string, std::string> &outputs_in_use()
{
  static std::map<std::string, std::string> m;
  return m;
}

// path as its folder ("" for the current one, else ending in '/') and name
void split_path(const std::string &path, std::string &dir, std::string &name)
{
  const size_t slash = path.rfind('/');
  dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  name = slash == std::string::npos ? path : path.substr(slash + 1);
}

// the file `prefix + name` next to path: not name.something, so that a glob
// of the logs (name*) does not match it
std::string prefixed_path(const std::string &path, const char *prefix)
{
  std::string dir, name;
  split_path(path, dir, name);
  return dir + prefix + name;
}

// path made absolute through its folder (which must exist), so that two
// spellings of one file compare equal
std::string absolute_path(const std::string &path)
{
  std::string dir, name;
  split_path(path, dir, name);
  char buf[PATH_MAX];
  if (!realpath(dir.empty() ? "." : dir.c_str(), buf)) return path;
  return std::string(buf) + "/" + name;
}
} // namespace

/* ---------------------------------------------------------------------- */

FixArtn::FixArtn(LAMMPS *lmp, int narg, char **arg)
    : Fix(lmp, narg, arg), engine(nullptr), campaign(nullptr), log(nullptr), params(nullptr),
      cparams(nullptr), centers_groupbit(0), logfile("artn.events"), logbase("artn.events"),
      resumed_e_initial(NAN), nstore(0), store(nullptr), stats(nullptr), image0(nullptr),
      pe(nullptr), started(false), finished(false), local_radius(0.0), local_pad(0.0),
      local_kind(LOCAL_NONE), local_mode(false), local_left(false), local_warned(false),
      local_e0(NAN), local_e_full0(0.0), local_from_x0(false), local_reach(0.0), local_grown(0),
      local_redone(0), local_nbuild(-1), local_weight(1.0), calls_local(0), calls_full(0),
      cost_local(0.0), verify_every(0), verify_calls(0), verified(0), verify_worst(0.0), e_min(0.0),
      saddles(0), converged(0), force_calls_total(0), last_barrier(0.0), sum_barrier(0.0),
      last_force_calls(0), wall_start(0.0), run_attempts(0), force_seconds(0.0)
{
  params = new pel_artn_params;
  pel_artn_params_default(&P(params));
  cparams = new pel_campaign_params;
  pel_campaign_params_default(&C(cparams));
  dumps[DUMP_SADDLES].keyword = "dump_saddles";
  dumps[DUMP_EVENTS].keyword = "dump_events";

  restart_global = 1;
  vector_flag = 1;
  size_vector = 13;
  extvector = 0;
  global_freq = 1;
  peratom_flag = 1;
  size_peratom_cols = NSTATS;
  peratom_freq = 1;
  force_reneighbor = 1;
  next_reneighbor = -1;
  time_depend = 1;

  parse(narg, arg);
  local_pad = P(params).active_pad;
  verify_every = P(params).verify_local;

  pel_error err;
  pel_error_clear(&err);
  if (pel_artn_params_check(&P(params), &err) != PEL_OK)
    error->all(FLERR, "{}: {}", STYLE, err.msg);
  nstore = pel_artn_nstorage(&P(params));
  engine = pel_artn_alloc(&P(params), world, &err);
  if (!engine) error->all(FLERR, "{}: {}", STYLE, err.msg);

  // per-atom storage that migrates with the atoms
  // the engine's vectors, plus one of the host's own (walk reference)
  store = new double **[nstore + NHOST];
  for (int k = 0; k < nstore + NHOST; k++) store[k] = nullptr;
  grow_arrays(atom->nmax);
  atom->add_callback(Atom::GROW);
  maxexchange = 3 * (nstore + NHOST) + NSTATS + 1; // what pack_exchange writes
  for (int i = 0; i < atom->nlocal; i++) {
    for (int k = 0; k < nstore + NHOST; k++) store[k][i][0] = store[k][i][1] = store[k][i][2] = 0.0;
    for (int j = 0; j < NSTATS; j++) stats[i][j] = 0.0;
  }
  array_atom = stats;
}

/* ---------------------------------------------------------------------- */

FixArtn::~FixArtn()
{
  for (const std::string &key : registered) outputs_in_use().erase(key);
  atom->delete_callback(id, Atom::GROW);
  pel_eventlog_writer_free(log);
  pel_artn_free(engine);
  pel_campaign_free(campaign);
  if (store)
    for (int k = 0; k < nstore + NHOST; k++) memory->destroy(store[k]);
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
        logfile = logbase = val;
      } else {
        for (Dump &d : dumps)
          if (kw == d.keyword) d.base = d.path = val;
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
  if (!dumps[DUMP_EVENTS].base.empty() && !p.relax)
    error->all(FLERR, "{}: dump_events {} needs relax yes (an event's final minimum)", STYLE,
               dumps[DUMP_EVENTS].base);
  for (const Dump &d : dumps) {
    if (!d.base.empty() && d.base == logfile)
      error->all(FLERR, "{}: {} {} is also the event log (keyword file)", STYLE, d.keyword, d.base);
    if (&d != dumps && !d.base.empty() && d.base == dumps[DUMP_SADDLES].base)
      error->all(FLERR, "{}: {} {} is also the file of dump_saddles", STYLE, d.keyword, d.base);
  }
  if (universe->nworlds > 1) {
    logfile += fmt::format(".{}", universe->iworld);
    for (Dump &d : dumps)
      if (!d.base.empty()) d.path += fmt::format(".{}", universe->iworld);
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
  if (lmp->kokkos)
    error->all(FLERR, "{}: KOKKOS styles are not supported (run without -k on / -sf kk)", STYLE);

  init_local();
  for (int i = 0; i < modify->nfix; i++) {
    Fix *f = modify->fix[i];
    if (f != this && f->time_integrate)
      error->all(FLERR,
                 "{}: fix {} ({}) integrates the atoms; no other fix may move atoms "
                 "during fix artn events (unfix it before the run)",
                 STYLE, f->id, f->style);
    if (modify->fmask[i] & FixConst::MIN_ENERGY)
      error->all(FLERR,
                 "{}: fix {} ({}) adds degrees of freedom to minimizations (e.g. the box); "
                 "fix artn moves atoms only (unfix it before the run)",
                 STYLE, f->id, f->style);
  }
  const int ipe = modify->find_compute("thermo_pe");
  if (ipe < 0) error->all(FLERR, "{}: compute thermo_pe does not exist", STYLE);
  pe = modify->compute[ipe];
  if (!centers_group.empty()) {
    int ig = group->find(centers_group);
    if (ig < 0)
      error->all(FLERR, "{}: group {} for keyword centers does not exist", STYLE, centers_group);
    centers_groupbit = group->bitmask[ig];
  } else {
    centers_groupbit = groupbit;
  }
}

/* ----------------------------------------------------------------------
   local force calls: pair styles whose terms of far atoms can be left out
   exactly (pair and EAM styles: every pair with an atom in the region;
   three-body styles: the whole rows of the atoms in it)
------------------------------------------------------------------------- */

void FixArtn::init_local()
{
  const double radius = P(params).active_radius;
  local_kind = LOCAL_NONE;
  local_radius = radius > 0.0 ? radius : 0.0;
  if (radius == 0.0) return;
  std::string style = force->pair ? force->pair_style : "none";
  for (const char *suffix : {"/opt", "/omp"}) {
    const size_t n = strlen(suffix);
    if (style.size() > n && style.compare(style.size() - n, n, suffix) == 0)
      style.resize(style.size() - n);
  }
  LocalKind kind = LOCAL_NONE;
  if (style == "eam" || style == "eam/alloy" || style == "eam/fs" || style == "lj/cut" ||
      style == "morse")
    kind = LOCAL_HALF;
  else if (style == "sw" || style == "tersoff")
    kind = LOCAL_FULL;
  const bool atomic = atom->molecular == Atom::ATOMIC && !force->kspace;
  if (radius > 0.0) {
    if (kind == LOCAL_NONE)
      error->all(FLERR,
                 "{}: active_radius {} needs a pair style whose force calls can be made local "
                 "(eam, eam/alloy, eam/fs, lj/cut, morse, sw, tersoff), not pair style {}; use "
                 "active_radius 0",
                 STYLE, radius, force->pair ? force->pair_style : "none");
    if (!atomic)
      error->all(FLERR,
                 "{}: active_radius {} needs an atomic system without long-range (kspace) "
                 "terms; use active_radius 0",
                 STYLE, radius);
    local_kind = kind;
  } else {
    local_auto(kind, atomic);
  }
}

/* ----------------------------------------------------------------------
   active_radius auto: the radius and the rule of the core
   (pel_artn_auto_radius) where the pair style and the box allow local
   calls, full calls elsewhere; the choice and why in the log
------------------------------------------------------------------------- */

void FixArtn::local_auto(LocalKind kind, bool atomic)
{
  double R = 0.0, reach = 0.0, share = 0.0;
  const int pays =
      pel_artn_auto_radius(&P(params), force->pair ? force->pair->cutforce : 0.0,
                           domain->xprd * domain->yprd * domain->zprd, &R, &reach, &share);
  std::string why;
  if (kind == LOCAL_NONE)
    why = fmt::format("pair style {} has no local calls", force->pair ? force->pair_style : "none");
  else if (!atomic)
    why = "bonded or long-range (kspace) terms";
  else if (!local_fits(reach))
    why = fmt::format("a region of radius {:.4g} does not fit twice in the {}box", reach,
                      domain->triclinic ? "triclinic " : "");
  else if (!pays)
    why = fmt::format("a region of radius {:.4g} would hold {:.2f} of the box, more than {}", reach,
                      share, PEL_ARTN_AUTO_SHARE);
  if (why.empty()) {
    local_kind = kind;
    local_radius = R;
  }
  if (comm->me == 0)
    utils::logmesg(lmp, "{}: active_radius auto: {}\n", STYLE,
                   why.empty()
                       ? fmt::format("{:.4g} (local force calls; the region, radius {:.4g}, "
                                     "holds {:.2f} of the box)",
                                     R, reach, share)
                       : fmt::format("0, full force calls ({})", why));
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
  MPI_Allgatherv(mine.data(), n, MPI_INT64_T, all.data(), counts.data(), displs.data(), MPI_INT64_T,
                 world);
  pel_error err;
  pel_error_clear(&err);
  pel_campaign_free(campaign);
  campaign =
      pel_campaign_alloc(&C(cparams), all.data(), total, universe->iworld, universe->nworlds, &err);
  if (!campaign) error->all(FLERR, "{}: {}", STYLE, err.msg);
}

/* ----------------------------------------------------------------------
   open the event log (rank 0 of each partition); with resume, replay it
------------------------------------------------------------------------- */

void FixArtn::open_log()
{
  if (C(cparams).resume) replay_log();
  if (pel_campaign_ncenters(campaign) == 0 && !C(cparams).resume)
    error->all(FLERR, "{}: partition {} has no event centers ({} centers for {} partitions)", STYLE,
               universe->iworld, pel_campaign_total_centers(campaign), universe->nworlds);
  finished = pel_campaign_done(campaign);
  if (finished && comm->me == 0)
    utils::logmesg(lmp, "{}: {}\n", STYLE,
                   pel_campaign_complete_centers(campaign) == pel_campaign_total_centers(campaign)
                       ? "the campaign is complete: nothing to do"
                       : "no center of the campaign is left for this partition");

  int status = 0;
  std::string msg;
  if (comm->me == 0) {
    // no two fix artn of this process write the same file; the dump file is
    // created (or, on resume, opened for appending) now, so that a path that
    // cannot be written is an error before the first attempt
    std::vector<std::pair<std::string, std::string>> outputs{{"event log", logfile}};
    for (const Dump &d : dumps) outputs.emplace_back(d.keyword, d.path);
    for (const auto &out : outputs) {
      if (out.second.empty() || status) continue;
      const std::string key = absolute_path(out.second);
      auto it = outputs_in_use().find(key);
      if (it != outputs_in_use().end() && it->second != id) {
        status = 1;
        msg = fmt::format("{}: {} {} is already an output of fix {}", STYLE, out.first, out.second,
                          it->second);
      } else if (it == outputs_in_use().end()) {
        outputs_in_use()[key] = id;
        registered.push_back(key);
      }
    }
    for (const Dump &d : dumps) {
      if (status || d.path.empty()) continue;
      FILE *f = fopen(d.path.c_str(), C(cparams).resume ? "a" : "w");
      if (!f) {
        status = 1;
        msg = fmt::format("{}: cannot write {} file {}: {}", STYLE, d.keyword, d.path,
                          strerror(errno));
      } else {
        fclose(f);
      }
    }
  }
  pelstat::check_all(lmp, status, msg);
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
      // the limits from here on (they may have been raised): pelstat status
      // and a later resume read them from this line
      std::vector<std::string> keys, values;
      header_params(keys, values);
      std::vector<const char *> kp, vp;
      for (size_t i = 0; i < keys.size(); i++)
        if (may_be_raised(keys[i])) {
          kp.push_back(keys[i].c_str());
          vp.push_back(values[i].c_str());
        }
      if (pel_eventlog_writer_comment(
              log,
              fmt::format("resumed after {} attempts", pel_campaign_attempts(campaign)).c_str(),
              &err) != PEL_OK ||
          pel_eventlog_writer_extent(log, (int)kp.size(), kp.data(), vp.data(), &err) != PEL_OK) {
        status = 1;
        msg = fmt::format("{}: {}", STYLE, err.msg);
      }
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
  for (const char *k : {"order", "events_per_center", "max_attempts", "max_centers"})
    add_param(camp, ncamp, k, &c);
  // active_radius as used: auto resolved to its radius or 0
  pel_artn_params used = P(params);
  used.active_radius = local_radius;
  for (int i = 0; i < neng; i++) add_param(eng, neng, eng[i].name, &used);
  for (const char *k : {"mode", "temperature", "init_ftol"}) add_param(camp, ncamp, k, &c);
  add("natoms", std::to_string(atom->natoms));
  if (campaign) add("ncenters", std::to_string(pel_campaign_total_centers(campaign)));
  add("partition", fmt::format("{}/{}", universe->iworld, universe->nworlds));
  add("lammps_version", lmp->version);
}

/* ----------------------------------------------------------------------
   resume: every event log of the campaign (file and file.N, whatever
   partition count wrote them) is read on rank 0 and checked against this
   run's keywords; the records are replayed center by center, and the
   centers not yet complete are shared out among this run's partitions
------------------------------------------------------------------------- */

namespace {
// the files of a campaign: base itself and base.N (N digits), sorted
std::vector<std::string> campaign_logs(const std::string &base)
{
  std::vector<std::string> out;
  std::string dir, name;
  split_path(base, dir, name);
  if (FILE *f = fopen(base.c_str(), "r")) {
    fclose(f);
    out.push_back(base);
  }
  if (DIR *d = opendir(dir.empty() ? "." : dir.c_str())) {
    while (struct dirent *e = readdir(d)) {
      const std::string n = e->d_name;
      if (n.size() <= name.size() + 1 || n.compare(0, name.size(), name) != 0 ||
          n[name.size()] != '.')
        continue;
      const std::string tail = n.substr(name.size() + 1);
      if (tail.find_first_not_of("0123456789") == std::string::npos) out.push_back(dir + n);
    }
    closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Keep, of the dump file `path`, the complete frames whose timestep is the
// event number of a connected saddle in `keep` (the events of the log written
// alongside it), once each, in their order: a killed job may have left a
// frame cut short, or the frame of an attempt whose record it never wrote
// (that attempt runs again).  Rewritten through a temporary file and a
// rename.  Returns an error message, empty on success.
std::string prune_dump(const std::string &path, const std::set<long long> &keep, long *dropped)
{
  *dropped = 0;
  FILE *in = fopen(path.c_str(), "r");
  if (!in) return ""; // nothing written yet
  std::vector<std::string> lines;
  char buf[4096];
  std::string cur;
  while (fgets(buf, sizeof buf, in)) {
    cur += buf;
    if (!cur.empty() && cur.back() == '\n') {
      cur.pop_back();
      lines.push_back(cur);
      cur.clear();
    }
  }
  fclose(in);
  const bool cut = !cur.empty(); // an unterminated last line
  std::string out;
  std::set<long long> seen;
  size_t i = 0;
  while (i < lines.size()) {
    // ITEM: TIMESTEP, step, ITEM: NUMBER OF ATOMS, n, ITEM: BOX BOUNDS + 3, ITEM: ATOMS, n lines
    if (lines[i] != "ITEM: TIMESTEP" || i + 9 >= lines.size()) break;
    const long n = atol(lines[i + 3].c_str());
    if (lines[i + 8].compare(0, 11, "ITEM: ATOMS") != 0 || n < 0 ||
        i + 9 + (size_t)n > lines.size())
      break;
    if (i + 9 + (size_t)n == lines.size() && cut) break;
    const long long event = atoll(lines[i + 1].c_str());
    const size_t next = i + 9 + (size_t)n;
    if (keep.count(event) && seen.insert(event).second) {
      for (size_t k = i; k < next; k++) out += lines[k] + "\n";
    } else {
      (*dropped)++;
    }
    i = next;
  }
  if (i < lines.size() || cut) (*dropped)++; // a frame cut short
  return *dropped ? pelstat::write_file_atomically(path, out) : "";
}

struct Replayed {
  std::string suffix; // of the log: "" or ".N"
  long long event;
  int64_t center;
  long attempt;
  int saddle, converged;
  double barrier, e_initial;
  long force_calls;
};
} // namespace

void FixArtn::replay_log()
{
  std::vector<double> rec; // center, attempt, saddle?, barrier, force_calls, e_initial, converged?
  const int NREC = 7;
  int status = 0;
  std::string msg;
  std::vector<std::string> files, stubs;
  const bool walk = C(cparams).mode == PEL_MODE_WALK;
  if (comm->me == 0) {
    // a walk is continued by the partition that made it: its own log only
    if (!walk) {
      files = campaign_logs(logbase);
    } else if (FILE *f = fopen(logfile.c_str(), "r")) {
      fclose(f);
      files.push_back(logfile);
    }
    std::vector<std::string> keys, values;
    header_params(keys, values);
    keys.push_back("units");
    values.push_back(update->unit_style);
    std::vector<Replayed> all;
    for (const std::string &path : files) {
      if (status) break;
      // a header cut short by a kill holds no record: its partition (if any
      // of this run) writes it afresh; partition 0 removes one nobody owns
      if (pel_eventlog_is_stub(path.c_str())) {
        bool owned = false;
        for (int q = 0; q < universe->nworlds && !owned; q++)
          owned = path == (universe->nworlds > 1 ? fmt::format("{}.{}", logbase, q) : logbase);
        if (!owned && universe->iworld == 0) stubs.push_back(path);
        utils::logmesg(lmp,
                       "{}: resume: {} holds no record, only the start of a header (a job "
                       "killed while writing it){}\n",
                       STYLE, path, owned ? "" : ": removed");
        continue;
      }
      pel_error err;
      pel_error_clear(&err);
      pel_eventlog_reader *r = pel_eventlog_reader_alloc(path.c_str(), &err);
      if (!r) {
        status = 1;
        msg = fmt::format("{}: resume: {}", STYLE, err.msg);
        break;
      }
      const char *part = pel_eventlog_reader_param(r, "partition");
      const std::string here = fmt::format("{}/{}", universe->iworld, universe->nworlds);
      if (walk && (!part || here != part)) {
        status = 1;
        msg = fmt::format("{}: resume: log {} was written by partition {} of a walk, this is "
                          "partition {}: a walk resumes on the number of partitions that made it",
                          STYLE, path, part ? part : "?", here);
      }
      for (size_t i = 0; i < keys.size() && !status; i++) {
        if (may_differ(keys[i])) continue;
        const char *v = pel_eventlog_reader_param(r, keys[i].c_str());
        if (!v) {
          status = 1;
          msg = fmt::format("{}: resume: log {} does not record keyword {} (written by another "
                            "version of pelstat); this run has {} {}",
                            STYLE, path, keys[i], keys[i], values[i]);
        } else if (may_be_raised(keys[i])) {
          continue; // checked after the records: a resumed run may have raised it
        } else if (values[i] != v) {
          status = 1;
          msg = fmt::format("{}: resume: log {} was written with {} {}, this run has {} {}: "
                            "another campaign (use another file, or the same {})",
                            STYLE, path, keys[i], v, keys[i], values[i], keys[i]);
        }
      }
      pel_event ev;
      int got = 1;
      while (!status && got) {
        if (pel_eventlog_reader_next(r, &ev, &got, &err) != PEL_OK) {
          status = 1;
          msg = fmt::format("{}: resume: {}", STYLE, err.msg);
        } else if (got) {
          all.push_back({path.substr(logbase.size()), (long long)ev.event, (int64_t)ev.center,
                         (long)ev.attempt, pel_event_is_saddle(&ev) ? 1 : 0,
                         pel_event_is_converged(&ev), ev.barrier, ev.e_initial, ev.force_calls});
        }
      }
      // the limits the log reached: its header's, or the last "# extent" line's
      for (size_t i = 0; i < keys.size() && !status; i++) {
        if (!may_be_raised(keys[i])) continue;
        const char *v = pel_eventlog_reader_param(r, keys[i].c_str());
        if (v && as_count(values[i]) < as_count(v)) {
          status = 1;
          msg = fmt::format("{}: resume: log {} was written with {} {}, this run has {} {} "
                            "({} may only be raised to extend a campaign)",
                            STYLE, path, keys[i], v, keys[i], values[i], keys[i]);
        }
      }
      pel_eventlog_reader_free(r);
    }
    std::stable_sort(all.begin(), all.end(), [](const Replayed &a, const Replayed &b) {
      return a.center != b.center ? a.center < b.center : a.attempt < b.attempt;
    });
    for (const Replayed &x : all)
      rec.insert(rec.end(), {(double)x.center, (double)x.attempt, (double)x.saddle, x.barrier,
                             (double)x.force_calls, x.e_initial, (double)x.converged});
    // of each dump, this partition's file; partition 0 also those that no
    // partition of this run writes (left by a run on more partitions).  The
    // frames of dump file base.N are the connected saddles of log file.N.
    std::vector<std::pair<std::string, std::string>> mine; // path, suffix
    for (const Dump &d : dumps) {
      if (d.path.empty()) continue;
      mine.emplace_back(d.path, d.path.substr(d.base.size()));
      if (universe->iworld == 0)
        for (const std::string &f : campaign_logs(d.base)) {
          bool owned = universe->nworlds == 1 && f == d.base;
          for (int q = 0; q < universe->nworlds && !owned && universe->nworlds > 1; q++)
            owned = f == fmt::format("{}.{}", d.base, q);
          if (!owned) mine.emplace_back(f, f.substr(d.base.size()));
        }
    }
    if (!status) {
      for (const auto &fs : mine) {
        const std::string &f = fs.first;
        std::set<long long> keep;
        for (const Replayed &x : all)
          if (x.saddle && x.suffix == fs.second) keep.insert(x.event);
        long dropped = 0;
        const std::string e = prune_dump(f, keep, &dropped);
        if (!e.empty()) {
          status = 1;
          msg = fmt::format("{}: resume: {}", STYLE, e);
          break;
        }
        if (dropped)
          utils::logmesg(lmp,
                         "{}: resume: dropped {} frame(s) of {} without a record in the logs (a "
                         "job killed while writing)\n",
                         STYLE, dropped, f);
      }
    }
  }
  // every partition reads every log before any of them writes to its own
  // (a new log's header, a resume comment, the next record)
  pelstat::check_universe(lmp, status, msg);
  for (const std::string &path : stubs) remove(path.c_str()); // no partition reads them now

  int n = rec.size();
  MPI_Bcast(&n, 1, MPI_INT, 0, world);
  rec.resize(n);
  MPI_Bcast(rec.data(), n, MPI_DOUBLE, 0, world);

  resumed_e_initial = NAN;
  for (int k = 0; k < n; k += NREC) {
    const tagint center = (tagint)rec[k];
    const bool ok = rec[k + 2] != 0.0;
    pel_error err;
    pel_error_clear(&err);
    if (pel_campaign_replay(campaign, center, (long)rec[k + 1], ok, &err) != PEL_OK)
      error->all(FLERR, "{}: resume: the logs of {}: {}", STYLE, logbase, err.msg);
    force_calls_total += (long long)rec[k + 4];
    if (ok) add_saddle(center, rec[k + 3]);
    if (rec[k + 6] != 0.0) converged++;
    if (std::isnan(resumed_e_initial)) resumed_e_initial = rec[k + 5];
  }
  pel_campaign_assign(campaign);
  if (walk && n > 0) read_walk_state(pel_campaign_attempts(campaign));
  if (comm->me == 0) {
    if (files.empty())
      error->warning(FLERR,
                     "{}: resume yes, but there is no event log {} or {}.N: a new "
                     "campaign starts",
                     STYLE, logbase, logbase);
    else
      utils::logmesg(lmp,
                     "{}: resuming after {} attempts ({} saddles) in {} log(s) of {}: {} of {} "
                     "centers complete, {} for this partition\n",
                     STYLE, pel_campaign_attempts(campaign), saddles, files.size(), logbase,
                     pel_campaign_complete_centers(campaign), pel_campaign_total_centers(campaign),
                     pel_campaign_ncenters(campaign));
  }
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
      utils::logmesg(lmp,
                     "{}: {} ({} of {} centers complete, {} attempts, {} connected saddles); "
                     "ending the run\n",
                     STYLE,
                     pel_campaign_complete_centers(campaign) == pel_campaign_total_centers(campaign)
                         ? "the campaign is complete"
                         : "this partition's share of the campaign is done",
                     pel_campaign_complete_centers(campaign), pel_campaign_total_centers(campaign),
                     pel_campaign_attempts(campaign), saddles);
    timer->force_timeout();
  }
}

/* ---------------------------------------------------------------------- */

void FixArtn::post_run()
{
  timer->reset_timeout();
}

/* ----------------------------------------------------------------------
   the state of a walk: the minimum it stands on (id x y z ix iy iz and its
   energy) after event E, written by each partition at the start and after
   every accepted move, before the move's record, through a temporary file
   and a rename (current_minimum.<log file name>; the one before is kept as
   .prev); a resumed walk starts from the newest state whose event is in the
   log (a job killed between the two writes redoes that event)
------------------------------------------------------------------------- */

std::string FixArtn::walk_state_path() const
{
  return prefixed_path(logfile, "current_minimum.");
}

void FixArtn::write_walk_state(long long event)
{
  const int nlocal = atom->nlocal;
  std::vector<double> img(3 * (size_t)nlocal + 1);
  std::vector<const double *> rows(nlocal + 1);
  for (int i = 0; i < nlocal; i++) {
    int f[3];
    pelstat::image_flags(atom->image[i], f);
    for (int d = 0; d < 3; d++) img[3 * i + d] = f[d];
    rows[i] = &img[3 * i];
  }
  const std::vector<double> pos = pelstat::gather_atoms(lmp, atom->x);
  const std::vector<double> im = pelstat::gather_atoms(lmp, rows.data());
  int status = 0;
  std::string msg;
  if (comm->me == 0) {
    const std::string path = walk_state_path(), prev = path + ".prev";
    std::string text = fmt::format("# pelstat fix artn: the minimum of the walk of {}\n# event {}\n"
                                   "# energy {:.17g}\n# id x y z ix iy iz\n",
                                   logfile, event, e_min);
    for (size_t k = 0; k < pos.size() / 5; k++)
      text += fmt::format("{:.0f} {:.17g} {:.17g} {:.17g} {:.0f} {:.0f} {:.0f}\n", pos[5 * k],
                          pos[5 * k + 2], pos[5 * k + 3], pos[5 * k + 4], im[5 * k + 2],
                          im[5 * k + 3], im[5 * k + 4]);
    if (FILE *old = fopen(path.c_str(), "r")) {
      fclose(old);
      if (rename(path.c_str(), prev.c_str()) != 0)
        msg = fmt::format("cannot rename {}: {}", path, strerror(errno));
    }
    if (msg.empty()) msg = pelstat::write_file_atomically(path, text);
    if (!msg.empty()) {
      status = 1;
      msg = fmt::format("{}: {}", STYLE, msg);
    }
  }
  pelstat::check_all(lmp, status, msg);
}

void FixArtn::read_walk_state(long long last_event)
{
  std::vector<double> rows; // id x y z ix iy iz
  double energy = NAN;
  int status = 0;
  std::string msg;
  std::string path = walk_state_path();
  if (comm->me == 0) {
    // the state after an event the log does not hold yet: the one before
    long long event = -1;
    if (FILE *f = fopen(path.c_str(), "r")) {
      char line[512];
      while (fgets(line, sizeof line, f) && line[0] == '#') sscanf(line, "# event %lld", &event);
      fclose(f);
    }
    if (event > last_event) path += ".prev";
    FILE *f = fopen(path.c_str(), "r");
    if (!f) {
      status = 1;
      msg =
          fmt::format("{}: resume: the walk's minimum {} is missing: it cannot go on", STYLE, path);
    } else {
      char line[512];
      while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') {
          sscanf(line, "# energy %lf", &energy);
          continue;
        }
        double v[7];
        if (sscanf(line, "%lf %lf %lf %lf %lf %lf %lf", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                   &v[6]) != 7) {
          status = 1;
          msg = fmt::format("{}: resume: {} is not a walk's minimum (line '{}')", STYLE, path,
                            utils::trim(line));
          break;
        }
        rows.insert(rows.end(), v, v + 7);
      }
      fclose(f);
      if (!status && (rows.size() / 7 != (size_t)atom->natoms || std::isnan(energy))) {
        status = 1;
        msg = fmt::format("{}: resume: {} holds {} atoms, this system {}", STYLE, path,
                          rows.size() / 7, atom->natoms);
      }
    }
  }
  pelstat::check_all(lmp, status, msg);
  int n = rows.size();
  MPI_Bcast(&n, 1, MPI_INT, 0, world);
  rows.resize(n);
  MPI_Bcast(rows.data(), n, MPI_DOUBLE, 0, world);
  MPI_Bcast(&energy, 1, MPI_DOUBLE, 0, world);
  for (int k = 0; k < n; k += 7) {
    const int i = atom->map((tagint)rows[k]);
    if (i < 0 || i >= atom->nlocal) continue;
    for (int d = 0; d < 3; d++) atom->x[i][d] = rows[k + 1 + d];
    const int f[3] = {(int)rows[k + 4], (int)rows[k + 5], (int)rows[k + 6]};
    atom->image[i] = pelstat::image_pack(f);
  }
  resumed_e_initial = energy; // relax_start must find this minimum again
}

/* ----------------------------------------------------------------------
   the relaxed initial minimum of a sample campaign is stored next to its log
   (initial_minimum.<log file name>: id x y z, written by partition 0 of a new campaign through a
   temporary file and a rename); a resumed campaign must start from it, every
   atom within 1e-3 (length units; round-off between rank counts is far
   smaller)
------------------------------------------------------------------------- */

void FixArtn::check_or_store_minimum()
{
  if (C(cparams).mode != PEL_MODE_SAMPLE) return;
  const std::string path = prefixed_path(logbase, "initial_minimum.");
  const std::vector<double> all = pelstat::gather_atoms(lmp, atom->x);
  int status = 0;
  std::string msg;
  if (comm->me == 0) {
    const size_t n = all.size() / 5;
    if (!std::isnan(resumed_e_initial)) {
      FILE *f = fopen(path.c_str(), "r");
      if (!f) {
        error->warning(FLERR,
                       "{}: resume: no {} (written by an earlier version?): the initial "
                       "minimum is checked by its energy only",
                       STYLE, path);
      } else {
        char line[512];
        size_t k = 0, worst_atom = 0;
        double worst = 0.0;
        while (fgets(line, sizeof line, f) && !status) {
          if (line[0] == '#') continue;
          double id, r[3];
          if (sscanf(line, "%lf %lf %lf %lf", &id, &r[0], &r[1], &r[2]) != 4 || k >= n ||
              id != all[5 * k]) {
            status = 1;
            msg = fmt::format("{}: resume: {} does not hold the {} atoms of this system by ID: "
                              "another structure (use another file)",
                              STYLE, path, n);
            break;
          }
          double dx[3] = {all[5 * k + 2] - r[0], all[5 * k + 3] - r[1], all[5 * k + 4] - r[2]};
          domain->minimum_image(dx);
          const double d = sqrt(dx[0] * dx[0] + dx[1] * dx[1] + dx[2] * dx[2]);
          if (d > worst) worst = d, worst_atom = (size_t)id;
          k++;
        }
        fclose(f);
        if (!status && k != n) {
          status = 1;
          msg = fmt::format("{}: resume: {} holds {} atoms, this system {}: another structure "
                            "(use another file)",
                            STYLE, path, k, n);
        } else if (!status && !(worst <= 1e-3)) {
          status = 1;
          msg = fmt::format("{}: resume: atom {} of the relaxed initial minimum is {:.3g} away "
                            "from its position in {} (more than 0.001): another structure "
                            "(use another file)",
                            STYLE, worst_atom, worst, path);
        }
      }
    } else if (universe->iworld == 0) {
      std::string text = fmt::format(
          "# pelstat fix artn: the relaxed initial minimum of the campaign of {}\n# id x y z\n",
          logbase);
      for (size_t k = 0; k < n; k++)
        text += fmt::format("{:.0f} {:.17g} {:.17g} {:.17g}\n", all[5 * k], all[5 * k + 2],
                            all[5 * k + 3], all[5 * k + 4]);
      const std::string e = pelstat::write_file_atomically(path, text);
      if (!e.empty()) {
        status = 1;
        msg = fmt::format("{}: {}", STYLE, e);
      }
    }
  }
  pelstat::check_all(lmp, status, msg);
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
  pel_status st = pel_artn_minimize(engine, &h, c.init_ftol, c.init_maxsteps, &energy, &fmax, &dmax,
                                    &calls, &err);
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
  // a resumed campaign must start from the same minimum (another structure,
  // potential or box gives another energy); the tolerance covers the
  // round-off of relaxations on other rank counts
  if (!std::isnan(resumed_e_initial) &&
      !(std::fabs(e_min - resumed_e_initial) <= 1e-6 * std::fabs(resumed_e_initial)))
    error->all(FLERR,
               "{}: resume: the relaxed initial minimum has energy {:.10g}, the records of {} "
               "start from {:.10g}: another structure or force field (use another file)",
               STYLE, e_min, logbase, resumed_e_initial);
  check_or_store_minimum();
  if (C(cparams).mode == PEL_MODE_WALK && std::isnan(resumed_e_initial)) write_walk_state(0);
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
  calls_local = calls_full = 0;
  cost_local = 0.0;
  pel_artn_local_info info;
  pel_status st =
      pel_artn_event_local(engine, &h, C(cparams).seed, center, attempt, e_min, &r, &info, &err);
  local_mode = false;
  restore_images();
  if (info.redone) local_redone++;
  if (st != PEL_OK) {
    if (info.local)
      error->all(FLERR, "{}: event at center {} failed: {} (local force calls, pair style {})",
                 STYLE, center, err.msg, force->pair_style);
    error->all(FLERR, "{}: event at center {} failed: {}", STYLE, center, err.msg);
  }
  // the attempt's force calls as the host made them: full calls, and local
  // calls weighted by their share of the pair terms
  r.force_calls = calls_full;

  const bool ok = r.status == PEL_ARTN_SADDLE;
  run_attempts++;
  if (std::isfinite(r.e_saddle) && r.status != PEL_ARTN_FAIL_INDEX) converged++;
  const double cost = (double)calls_full + cost_local;
  force_calls_total += (long long)llround(cost);
  last_force_calls = (long)llround(cost);
  if (ok) {
    add_saddle(center, r.barrier);
    if (!dumps[DUMP_SADDLES].path.empty()) write_saddle(event);
    if (!dumps[DUMP_EVENTS].path.empty()) write_event(event);
  }
  // a walk's move is decided (and its state stored) before its record
  if (C(cparams).mode == PEL_MODE_WALK && ok) walk_step(h, center, attempt, event);
  write_record(event, r, wall() - t0);

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
    ev.force_calls_local = calls_local;
    ev.cost = (double)calls_full + cost_local;
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
  pel_status ms = pel_artn_minimize(engine, &h, c.init_ftol, c.init_maxsteps, &energy, &fmax, &dmax,
                                    &calls, &err);
  restore_images();
  force_calls_total += calls;
  if (ms != PEL_OK && ms != PEL_ENOCONV)
    error->all(FLERR, "{}: relaxing the final minimum failed: {}", STYLE, err.msg);
  const double de = energy - e_min;
  const bool accept =
      pel_campaign_metropolis(de, force->boltz * c.temperature,
                              pel_campaign_energy_tolerance(c.init_ftol, P(params).moved_dist),
                              pel_rng_uniform(c.seed, center, attempt, -2, 0));
  if (accept) {
    e_min = energy;
    write_walk_state(event);
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
  // this run ends after its steps or with this partition's share, whichever
  // comes first
  const double share_left = pel_campaign_eta(campaign, rate);
  const double steps_left = (double)(update->laststep - update->ntimestep);
  const double run_left = rate > 0.0 ? std::min(share_left, steps_left / rate) : 0.0;
  char eta_run[32], eta_share[32];
  pel_campaign_format_hm(run_left, eta_run, sizeof(eta_run));
  pel_campaign_format_hm(share_left, eta_share, sizeof(eta_share));
  utils::logmesg(lmp,
                 "{}: {} attempts, {} converged, {} connected ({:.1f}%), mean barrier {:.4g}, "
                 "{:.0f} force calls/attempt, {:.1f} attempts/hour; {} of {} centers complete; "
                 "left (h:mm): this run {}, this partition's share of the campaign {}\n",
                 STYLE, attempts, converged, saddles, attempts ? 100.0 * saddles / attempts : 0.0,
                 saddles ? sum_barrier / saddles : 0.0,
                 attempts ? (double)force_calls_total / attempts : 0.0, 3600.0 * rate,
                 pel_campaign_complete_centers(campaign), pel_campaign_total_centers(campaign),
                 eta_run, eta_share);
}

/* ----------------------------------------------------------------------
   append the saddle configuration (reference + saddle displacement) to
   dump_saddles as a LAMMPS text dump frame; the timestep field is the event
------------------------------------------------------------------------- */

void FixArtn::write_saddle(long long event)
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
  const int status = pelstat::write_dump_frame(lmp, dumps[DUMP_SADDLES].path, event, rows.data());
  if (status)
    error->all(FLERR, "{}: cannot write dump_saddles file {}", STYLE, dumps[DUMP_SADDLES].path);
}

/* ----------------------------------------------------------------------
   append the event's final minimum (reference + final displacement) and the
   lowest eigenvector at the saddle (unit norm over all atoms, its sign such
   that it points from the initial minimum over the saddle) to dump_events;
   with dump_moved D > 0 only the atoms displaced by more than D at the
   saddle or at the final minimum
------------------------------------------------------------------------- */

void FixArtn::write_event(long long event)
{
  const int nlocal = atom->nlocal;
  double **x0 = store[0];
  double **ds = store[PEL_ARTN_DSADDLE - PEL_ARTN_X0];
  double **df = store[PEL_ARTN_DFINAL - PEL_ARTN_X0];
  double **ev = store[PEL_ARTN_EIGVEC - PEL_ARTN_X0];
  const double moved = C(cparams).dump_moved;
  double dot = 0.0;
  for (int i = 0; i < nlocal; i++)
    for (int d = 0; d < 3; d++) dot += ev[i][d] * ds[i][d];
  double all_dot = 0.0;
  MPI_Allreduce(&dot, &all_dot, 1, MPI_DOUBLE, MPI_SUM, world);
  const double sgn = all_dot < 0.0 ? -1.0 : 1.0;
  std::vector<double> xf(3 * (size_t)nlocal + 1), e(3 * (size_t)nlocal + 1);
  std::vector<const double *> xrows(nlocal + 1), erows(nlocal + 1);
  std::vector<char> keep(nlocal + 1, 1);
  for (int i = 0; i < nlocal; i++) {
    for (int d = 0; d < 3; d++) {
      xf[3 * i + d] = x0[i][d] + df[i][d];
      e[3 * i + d] = sgn * ev[i][d];
    }
    xrows[i] = &xf[3 * i];
    erows[i] = &e[3 * i];
    if (moved > 0.0) keep[i] = MathExtra::len3(ds[i]) > moved || MathExtra::len3(df[i]) > moved;
  }
  const int status = pelstat::write_dump_frame(lmp, dumps[DUMP_EVENTS].path, event, xrows.data(),
                                               erows.data(), "ex ey ez", keep.data());
  if (status)
    error->all(FLERR, "{}: cannot write dump_events file {}", STYLE, dumps[DUMP_EVENTS].path);
}

/* ----------------------------------------------------------------------
   LAMMPS restart files: the event log this fix writes.  A fix artn with the
   same ID and file defined after read_restart resumes its campaign from the
   logs (and a walk from its stored minimum), as `resume yes` does.
------------------------------------------------------------------------- */

void FixArtn::write_restart(FILE *fp)
{
  if (comm->me != 0) return;
  const std::string data = "pelstat fix artn 1 " + logbase;
  const int size = (int)data.size() + 1;
  fwrite(&size, sizeof(int), 1, fp);
  fwrite(data.c_str(), 1, size, fp);
}

void FixArtn::restart(char *buf)
{
  const std::string data(buf);
  const std::string head = "pelstat fix artn 1 ";
  if (data.compare(0, head.size(), head) != 0) {
    error->warning(FLERR, "{}: restart data of fix {} not understood: not resumed", STYLE, id);
    return;
  }
  const std::string path = data.substr(head.size());
  if (path != logbase) {
    error->warning(FLERR,
                   "{}: the restart file's fix {} wrote event log {}, this one writes {}: a new "
                   "campaign",
                   STYLE, id, path, logbase);
    return;
  }
  C(cparams).resume = 1;
  if (comm->me == 0)
    utils::logmesg(lmp, "{}: fix {} continues the campaign of {} (restart file)\n", STYLE, id,
                   logbase);
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
  case 6: return campaign ? pel_campaign_complete_centers(campaign) : 0;
  case 7: return force_seconds;
  case 8: return converged;
  case 9: return local_grown;
  case 10: return local_redone;
  case 11: return verified;
  case 12: return verify_worst;
  }
  return 0.0;
}

/* ---------------------------------------------------------------------- */

double FixArtn::wall() const
{
  return MPI_Wtime();
}
