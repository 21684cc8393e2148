/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

// compute barrier/spectrum: histogram of activation barriers, Shannon
// entropy, diversity and the two-mode fit of Han et al. (2020), Eq. 1.
// The numerics are in src/core/pel_spectrum (shared with `pelstat spectrum`);
// this file gathers the barriers (from a fix artn or from event logs), runs
// the core on rank 0 and broadcasts the result, so every rank holds the same
// numbers whatever the decomposition.

#include "compute_barrier_spectrum.h"

#include "atom.h"
#include "comm.h"
#include "error.h"
#include "fix.h"
#include "group.h"
#include "memory.h"
#include "modify.h"
#include "update.h"
#include "utils.h"

#include "fix_artn.h"

#include "pel_eventlog.h"
#include "pel_spectrum.h"
#include "pelstat_lammps_util.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

using namespace LAMMPS_NS;

static const char *const STYLE = "Compute barrier/spectrum";

/* ---------------------------------------------------------------------- */

ComputeBarrierSpectrum::ComputeBarrierSpectrum(LAMMPS *lmp, int narg, char **arg)
    : Compute(lmp, narg, arg), source(SOURCE_FIX), nseen(0), seen_fix(nullptr), computed(false),
      last_flags(0), vec(nullptr), rows(nullptr), maxrows(0), spectrum(nullptr)
{
  if (narg < 5)
    error->all(FLERR, "{}: expected 'fix ID' or 'file path [path ...]' after the style name",
               STYLE);

  pel_spectrum_params_default(&params);

  int iarg = 3;
  std::string src = arg[iarg];
  if (src == "fix") {
    source = SOURCE_FIX;
    fix_id = arg[iarg + 1];
    iarg += 2;
  } else if (src == "file") {
    source = SOURCE_FILE;
    iarg++;
    while (iarg < narg && pel_spectrum_keyword_nvalues(arg[iarg]) < 0)
      files.emplace_back(arg[iarg++]);
    if (files.empty()) error->all(FLERR, "{}: source file needs at least one event log", STYLE);
  } else {
    error->all(FLERR, "{}: unknown source '{}': expected 'fix ID' or 'file path [path ...]'", STYLE,
               src);
  }

  // parse only: pel_spectrum_params_check below checks the values
  while (iarg < narg) {
    std::string kw = arg[iarg];
    const int nv = pel_spectrum_keyword_nvalues(arg[iarg]);
    if (nv < 0) error->all(FLERR, "{}: unknown keyword '{}'", STYLE, kw);
    if (nv == 2 && iarg + 2 >= narg)
      error->all(FLERR, "{}: keyword {} needs two values (lo hi)", STYLE, kw);
    const char *val = pelstat::value_of(lmp, STYLE, narg, arg, iarg);
    if (kw == "bin") {
      params.bin = pelstat::parse_double(lmp, STYLE, kw, val);
    } else if (kw == "range") {
      params.lo = pelstat::parse_double(lmp, STYLE, kw, arg[iarg + 1]);
      params.hi = pelstat::parse_double(lmp, STYLE, kw, arg[iarg + 2]);
      params.auto_range = 0;
    } else if (kw == "fit") {
      params.fit = pelstat::parse_bool(lmp, STYLE, kw, val) ? 1 : 0;
    } else if (kw == "bootstrap") {
      params.bootstrap = (long)pelstat::parse_long(lmp, STYLE, kw, val);
    } else if (kw == "seed") {
      params.seed = (long)pelstat::parse_long(lmp, STYLE, kw, val);
    }
    iarg += 1 + nv;
  }
  pel_error err;
  pel_error_clear(&err);
  if (pel_spectrum_params_check(&params, &err) != PEL_OK)
    error->all(FLERR, "{}: {}", STYLE, err.msg);

  if (source == SOURCE_FILE && igroup != 0)
    error->all(FLERR, "{}: the group must be all with the file source, got {}", STYLE, arg[1]);

  vector_flag = 1;
  size_vector = PEL_SPECTRUM_NVECTOR;
  extvector = 0;
  array_flag = 1;
  size_array_cols = PEL_SPECTRUM_NCOLUMNS;
  size_array_rows = 0;
  size_array_rows_variable = 0;
  extarray = 0;

  memory->create(vec, size_vector, "barrier/spectrum:vector");
  for (int i = 0; i < size_vector; i++) vec[i] = 0.0;
  vector = vec;
  allocate_rows(1);

  spectrum = pel_spectrum_alloc();
  if (!spectrum) error->one(FLERR, "{}: out of memory", STYLE);

  if (source == SOURCE_FILE) {
    // a file source is static: read and analyse once, the rows are fixed
    read_files();
    refresh();
  } else if (!params.auto_range) {
    // explicit range: the bins are known now (and fixed)
    pel_spectrum_params q = params;
    q.fit = 0;
    q.bootstrap = 0;
    if (pel_spectrum_compute(spectrum, nullptr, 0, &q, &err) != PEL_OK)
      error->all(FLERR, "{}: {}", STYLE, err.msg);
    const pel_spectrum_result *r = pel_spectrum_result_get(spectrum);
    allocate_rows((int)r->nbins);
    size_array_rows = (int)r->nbins;
    for (int i = 0; i < size_array_rows; i++) {
      pel_spectrum_row(r, i, rows[i]);
      for (int j = 1; j < size_array_cols; j++) rows[i][j] = 0.0;
    }
  } else {
    // the number of bins grows with the largest barrier seen so far
    size_array_rows_variable = 1;
  }
}

/* ---------------------------------------------------------------------- */

ComputeBarrierSpectrum::~ComputeBarrierSpectrum()
{
  memory->destroy(vec);
  memory->destroy(rows);
  pel_spectrum_free(spectrum);
}

/* ---------------------------------------------------------------------- */

void ComputeBarrierSpectrum::init()
{
  if (source == SOURCE_FIX) find_fix_artn();
}

/* ----------------------------------------------------------------------
   the fix artn of the fix source; error if it is gone or of another style
------------------------------------------------------------------------- */

FixArtn *ComputeBarrierSpectrum::find_fix_artn()
{
  int ifix = modify->find_fix(fix_id);
  if (ifix < 0) error->all(FLERR, "{}: fix ID {} does not exist", STYLE, fix_id);
  Fix *f = modify->fix[ifix];
  if (strcmp(f->style, "artn") != 0)
    error->all(FLERR, "{}: fix {} is not a fix artn (it is a fix {})", STYLE, fix_id, f->style);
  auto artn = dynamic_cast<FixArtn *>(f);
  if (!artn) error->all(FLERR, "{}: fix {} is not a fix artn", STYLE, fix_id);
  return artn;
}

/* ----------------------------------------------------------------------
   barriers of the converged events of every log: read on rank 0, broadcast
------------------------------------------------------------------------- */

void ComputeBarrierSpectrum::read_files()
{
  int status = 0;
  std::string msg;
  pel_eventlog_barriers b;
  memset(&b, 0, sizeof(b));

  if (comm->me == 0) {
    std::vector<const char *> paths;
    for (const auto &path : files) paths.push_back(path.c_str());
    pel_error err;
    pel_error_clear(&err);
    if (pel_eventlog_barriers_read(&b, (int)paths.size(), paths.data(), update->unit_style,
                                   PEL_BARRIERS_CONNECTED, &err) != PEL_OK) {
      status = 1;
      msg = fmt::format("{}: {}", STYLE, err.msg);
    }
  }
  pelstat::check_all(lmp, status, msg);

  bigint nall = (bigint)b.n;
  MPI_Bcast(&nall, 1, MPI_LMP_BIGINT, 0, world);
  values.resize((size_t)nall);
  if (comm->me == 0 && nall) memcpy(values.data(), b.x, sizeof(double) * (size_t)nall);
  // in pieces, so a campaign of more than INT_MAX barriers still broadcasts
  const bigint chunk = 1 << 26;
  for (bigint off = 0; off < nall; off += chunk) {
    int len = (int)std::min(chunk, nall - off);
    MPI_Bcast(values.data() + off, len, MPI_DOUBLE, 0, world);
  }

  if (comm->me == 0) {
    for (const char *w = b.warnings; w && *w;) {
      size_t len = strcspn(w, "\n");
      error->warning(FLERR, "{} {}: {}", STYLE, id, std::string(w, len));
      w += len + (w[len] == '\n');
    }
    std::string notes;
    for (int i = 0; i < b.nfiles; i++)
      notes += fmt::format("  {}: {} converged, {} other\n", files[i], b.files[i].nsaddle,
                           b.files[i].nother);
    utils::logmesg(lmp,
                   "{} {}: {} converged barriers from {} event log{} ({} other events "
                   "skipped)\n{}",
                   STYLE, id, nall, files.size(), files.size() == 1 ? "" : "s", b.nother, notes);
  }
  pel_eventlog_barriers_free(&b);
}

/* ----------------------------------------------------------------------
   new converged barriers of the fix; keep those whose center is in the group
------------------------------------------------------------------------- */

void ComputeBarrierSpectrum::collect_from_fix()
{
  FixArtn *artn = find_fix_artn();
  const std::vector<double> &bv = artn->barrier_values();
  const std::vector<tagint> &bc = artn->barrier_centers();
  const size_t total = std::min(bv.size(), bc.size());

  // another fix with this ID, or a list that shrank: start over
  if (artn != seen_fix || total < nseen) {
    values.clear();
    nseen = 0;
    seen_fix = artn;
    computed = false;
  }
  if (total == nseen) return;

  const size_t nnew = total - nseen;
  if (groupbit == 1) { // group all
    values.insert(values.end(), bv.begin() + nseen, bv.begin() + total);
  } else {
    // the rank that owns the center knows its mask; one reduction for all
    std::unordered_multimap<tagint, size_t> wanted;
    wanted.reserve(nnew);
    for (size_t k = 0; k < nnew; k++) wanted.emplace(bc[nseen + k], k);
    std::vector<int> mine(nnew, 0), keep(nnew, 0);
    const int nlocal = atom->nlocal;
    const tagint *tag = atom->tag;
    const int *mask = atom->mask;
    for (int i = 0; i < nlocal; i++) {
      if (!(mask[i] & groupbit)) continue;
      auto range = wanted.equal_range(tag[i]);
      for (auto it = range.first; it != range.second; ++it) mine[it->second] = 1;
    }
    // in pieces of at most INT_MAX entries
    const size_t chunk = 1 << 26;
    for (size_t off = 0; off < nnew; off += chunk) {
      int len = (int)std::min(chunk, nnew - off);
      MPI_Allreduce(mine.data() + off, keep.data() + off, len, MPI_INT, MPI_MAX, world);
    }
    size_t before = values.size();
    for (size_t k = 0; k < nnew; k++)
      if (keep[k]) values.push_back(bv[nseen + k]);
    if (values.size() == before) {
      nseen = total;
      return; // nothing new counted: the cached spectrum stands
    }
  }
  nseen = total;
  computed = false;
}

/* ----------------------------------------------------------------------
   bring vec/rows up to date; the spectrum is recomputed only when the set
   of barriers changed
------------------------------------------------------------------------- */

void ComputeBarrierSpectrum::refresh()
{
  if (source == SOURCE_FIX) collect_from_fix();
  if (computed) return;
  evaluate();
  computed = true;
}

void ComputeBarrierSpectrum::evaluate()
{
  int status = 0;
  std::string msg;
  bigint nbins = 0;
  const pel_spectrum_result *r = nullptr;
  if (comm->me == 0) {
    pel_error err;
    pel_error_clear(&err);
    if (pel_spectrum_compute(spectrum, values.data(), values.size(), &params, &err) != PEL_OK) {
      status = 1;
      msg = fmt::format("{}: {}", STYLE, err.msg);
    } else {
      r = pel_spectrum_result_get(spectrum);
      nbins = (bigint)r->nbins;
      if (nbins > INT_MAX / PEL_SPECTRUM_NCOLUMNS) {
        status = 1;
        msg = fmt::format("{}: {} bins are too many for a global array", STYLE, nbins);
      }
    }
  }
  pelstat::check_all(lmp, status, msg);

  MPI_Bcast(&nbins, 1, MPI_LMP_BIGINT, 0, world);
  allocate_rows((int)nbins);
  if (comm->me == 0) {
    pel_spectrum_vector(r, vec);
    for (int i = 0; i < (int)nbins; i++) pel_spectrum_row(r, i, rows[i]);
    // a warning when a new kind of trouble appears, not at every update
    if (r->flags & ~last_flags) error->warning(FLERR, "{} {}: {}", STYLE, id, r->message);
    last_flags = r->flags;
  }
  MPI_Bcast(vec, size_vector, MPI_DOUBLE, 0, world);
  if (nbins > 0) MPI_Bcast(&rows[0][0], (int)nbins * size_array_cols, MPI_DOUBLE, 0, world);
  size_array_rows = (int)nbins;
}

/* ---------------------------------------------------------------------- */

void ComputeBarrierSpectrum::allocate_rows(int n)
{
  if (n < 1) n = 1;
  if (n <= maxrows) return;
  memory->destroy(rows);
  maxrows = n;
  memory->create(rows, maxrows, size_array_cols, "barrier/spectrum:array");
  for (int i = 0; i < maxrows; i++)
    for (int j = 0; j < size_array_cols; j++) rows[i][j] = 0.0;
  array = rows;
}

/* ---------------------------------------------------------------------- */

void ComputeBarrierSpectrum::compute_vector()
{
  invoked_vector = update->ntimestep;
  refresh();
}

void ComputeBarrierSpectrum::compute_array()
{
  invoked_array = update->ntimestep;
  refresh();
}

/* ----------------------------------------------------------------------
   current number of rows, for fix ave/time with variable-length input
------------------------------------------------------------------------- */

int ComputeBarrierSpectrum::lock_length()
{
  refresh();
  return size_array_rows;
}

/* ---------------------------------------------------------------------- */

double ComputeBarrierSpectrum::memory_usage()
{
  return (double)values.capacity() * sizeof(double) +
         (double)maxrows * size_array_cols * sizeof(double);
}
