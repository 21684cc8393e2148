/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

// compute voronoi/index: per-atom Voronoi indices <n3,n4,n5,n6,...>,
// coordination and cell volume; structural Shannon entropy of the group.
// The geometry and the statistics are in src/core/pel_voronoi; this file
// gathers positions (owned + ghost atoms), radii and walls, and reduces.

#include "compute_voronoi_index.h"

#include "atom.h"
#include "comm.h"
#include "domain.h"
#include "error.h"
#include "input.h"
#include "memory.h"
#include "neighbor.h"
#include "update.h"
#include "utils.h"
#include "variable.h"

#include "pel_voronoi.h"
#include "pelstat_lammps_util.h"

#include <array>
#include <cmath>
#include <cstring>
#include <map>

using namespace LAMMPS_NS;

static const char *const STYLE = "Compute voronoi/index";

/* ---------------------------------------------------------------------- */

ComputeVoronoiIndex::ComputeVoronoiIndex(LAMMPS *lmp, int narg, char **arg)
    : Compute(lmp, narg, arg), radius_ivar(-1), params(nullptr), nmax(0), peratom(nullptr),
      radius(nullptr), nmax_radius(0), vec(nullptr), top(nullptr), workspace(nullptr)
{
  if (domain->dimension != 3) error->all(FLERR, "{}: requires a 3d system", STYLE);

  // values are parsed here and range-checked once, by the core
  params = new pel_voronoi_params;
  pel_voronoi_params_default(params);
  int iarg = 3;
  while (iarg < narg) {
    std::string kw = arg[iarg];
    const char *val = pelstat::value_of(lmp, STYLE, narg, arg, iarg);
    if (kw == "radius") {
      if (strncmp(val, "v_", 2) != 0 || strlen(val) < 3)
        error->all(FLERR, "{}: keyword radius expects an atom-style variable v_name, got '{}'",
                   STYLE, val);
      radius_var = val + 2;
    } else if (kw == "face_threshold") {
      params->face_threshold = pelstat::parse_double(lmp, STYLE, kw, val);
    } else if (kw == "face_fraction") {
      params->face_fraction = pelstat::parse_double(lmp, STYLE, kw, val);
    } else if (kw == "edge_threshold") {
      params->edge_threshold = pelstat::parse_double(lmp, STYLE, kw, val);
    } else if (kw == "max_order") {
      params->max_order = pelstat::parse_int(lmp, STYLE, kw, val);
    } else if (kw == "top") {
      params->top = pelstat::parse_int(lmp, STYLE, kw, val);
    } else {
      error->all(FLERR, "{}: unknown keyword '{}'", STYLE, kw);
    }
    iarg += 2;
  }
  pel_error err;
  pel_error_clear(&err);
  if (pel_voronoi_params_check(params, &err) != PEL_OK) error->all(FLERR, "{}: {}", STYLE, err.msg);
  ncols_index = pel_voronoi_ncolumns(params);

  // The per-atom array and the global array have the same number of columns:
  // LAMMPS expands c_ID[*] of a compute with a global array to the global
  // array's column count, also in dump custom, compute reduce and fix ave/atom
  // (utils::expand_args), so this is what makes c_ID[*] give every column in
  // both uses.
  peratom_flag = 1;
  size_peratom_cols = ncols_index + 2; // + coordination, volume
  vector_flag = 1;
  size_vector = 6;
  extvector = 0;
  array_flag = 1;
  size_array_rows = params->top;
  size_array_cols = size_peratom_cols; // type, count, fraction, means of n7..n_more
  extarray = 0;
  comm_forward = radius_var.empty() ? 0 : 1;

  memory->create(vec, size_vector, "voronoi/index:vector");
  memory->create(top, size_array_rows, size_array_cols, "voronoi/index:top");
  vector = vec;
  array = top;

  workspace = pel_voronoi_alloc();
  if (!workspace) error->all(FLERR, "{}: out of memory", STYLE);
}

/* ---------------------------------------------------------------------- */

ComputeVoronoiIndex::~ComputeVoronoiIndex()
{
  memory->destroy(peratom);
  memory->destroy(radius);
  memory->destroy(vec);
  memory->destroy(top);
  pel_voronoi_free(workspace);
  delete params;
}

/* ---------------------------------------------------------------------- */

void ComputeVoronoiIndex::init()
{
  if (!radius_var.empty()) {
    radius_ivar = input->variable->find(radius_var.c_str());
    if (radius_ivar < 0)
      error->all(FLERR, "{}: variable {} for keyword radius does not exist", STYLE, radius_var);
    if (!input->variable->atomstyle(radius_ivar))
      error->all(FLERR, "{}: variable {} for keyword radius is not atom-style", STYLE, radius_var);
  }
}

/* ----------------------------------------------------------------------
   distance around every owned atom within which all atoms are present as
   owned or ghost atoms: the ghost cutoff (in Cartesian units for triclinic
   boxes), less the distance atoms may have drifted out of their sub-domain
   since the last re-neighboring
------------------------------------------------------------------------- */

double ComputeVoronoiIndex::guaranteed_cutoff()
{
  double cut;
  if (domain->triclinic) {
    // comm->cutghost is in lamda units: cut * |row d of h_inv|
    const double *h_inv = domain->h_inv;
    double len0 = sqrt(h_inv[0] * h_inv[0] + h_inv[5] * h_inv[5] + h_inv[4] * h_inv[4]);
    double len1 = sqrt(h_inv[1] * h_inv[1] + h_inv[3] * h_inv[3]);
    double len2 = h_inv[2];
    cut = comm->cutghost[0] / len0;
    cut = MIN(cut, comm->cutghost[1] / len1);
    if (domain->dimension == 3) cut = MIN(cut, comm->cutghost[2] / len2);
  } else {
    cut = MIN(comm->cutghost[0], comm->cutghost[1]);
    if (domain->dimension == 3) cut = MIN(cut, comm->cutghost[2]);
  }
  if (neighbor->ago != 0) cut -= 0.5 * neighbor->skin;
  return cut;
}

/* ----------------------------------------------------------------------
   half-space walls n.x <= d at the box faces of non-periodic dimensions
------------------------------------------------------------------------- */

void ComputeVoronoiIndex::build_walls(std::vector<double> &walls)
{
  walls.clear();
  const double *lo = domain->boxlo;
  for (int d = 0; d < 3; d++) {
    if (domain->periodicity[d]) continue;
    double n[3] = {0.0, 0.0, 0.0};
    if (domain->triclinic) {
      const double *h = domain->h_inv; // lamda_d = row_d . (x - boxlo)
      if (d == 0) n[0] = h[0], n[1] = h[5], n[2] = h[4];
      if (d == 1) n[1] = h[1], n[2] = h[3];
      if (d == 2) n[2] = h[2];
    } else {
      n[d] = 1.0 / (domain->boxhi[d] - domain->boxlo[d]);
    }
    double nlo = n[0] * lo[0] + n[1] * lo[1] + n[2] * lo[2];
    // 0 <= n.(x - lo) <= 1
    walls.insert(walls.end(), {n[0], n[1], n[2], 1.0 + nlo});
    walls.insert(walls.end(), {-n[0], -n[1], -n[2], -nlo});
  }
}

/* ---------------------------------------------------------------------- */

void ComputeVoronoiIndex::compute_peratom()
{
  invoked_peratom = update->ntimestep;

  if (atom->nmax > nmax) {
    memory->destroy(peratom);
    nmax = atom->nmax;
    memory->create(peratom, nmax, size_peratom_cols, "voronoi/index:peratom");
    array_atom = peratom;
  }

  const int nlocal = atom->nlocal;
  const int nall = nlocal + atom->nghost;
  const int *mask = atom->mask;

  if (!radius_var.empty()) {
    if (atom->nmax > nmax_radius) {
      memory->destroy(radius);
      nmax_radius = atom->nmax;
      memory->create(radius, nmax_radius, "voronoi/index:radius");
    }
    input->variable->compute_atom(radius_ivar, 0, radius, 1, 0);
    comm->forward_comm_compute(this);
  }

  // atom IDs, for the core's messages
  std::vector<long long> ids(nall);
  for (int i = 0; i < nall; i++) ids[i] = atom->tag[i];

  std::vector<int> cells;
  cells.reserve(nlocal);
  for (int i = 0; i < nlocal; i++)
    if (mask[i] & groupbit) cells.push_back(i);

  std::vector<double> wallbuf;
  build_walls(wallbuf);
  std::vector<pel_voronoi_wall> walls(wallbuf.size() / 4);
  for (size_t k = 0; k < walls.size(); k++) {
    for (int d = 0; d < 3; d++) walls[k].normal[d] = wallbuf[4 * k + d];
    walls[k].d = wallbuf[4 * k + 3];
  }

  // With one rank and no periodic dimension every atom is present, so no
  // cell can miss a neighbour; otherwise the ghost cutoff bounds what is known.
  const bool all_known =
      comm->nprocs == 1 && !domain->xperiodic && !domain->yperiodic && !domain->zperiodic;
  const double cutoff = all_known ? 0.0 : guaranteed_cutoff();

  pel_voronoi_input in;
  memset(&in, 0, sizeof(in));
  in.npoints = nall;
  in.x = nall ? &atom->x[0][0] : nullptr;
  in.radius = radius_var.empty() ? nullptr : radius;
  in.id = ids.data();
  in.ncells = (int)cells.size();
  in.cells = cells.data();
  in.nwalls = (int)walls.size();
  in.walls = walls.data();
  in.cutoff = cutoff;

  const int ncell = in.ncells;
  std::vector<int> index((size_t)ncell * ncols_index + 1), coord(ncell + 1);
  std::vector<double> volume(ncell + 1);
  pel_voronoi_output out;
  memset(&out, 0, sizeof(out));
  out.index = index.data();
  out.coordination = coord.data();
  out.volume = volume.data();
  out.area = nullptr;

  pel_error err;
  pel_error_clear(&err);
  pel_status st = pel_voronoi_compute(workspace, params, &in, &out, &err);
  std::string msg;
  if (st == PEL_ERANGE && cutoff > 0.0)
    msg = fmt::format("{}: {}. The ghost cutoff ({:.4g}) is too short for exact Voronoi cells; "
                      "use comm_modify cutoff with a larger value",
                      STYLE, err.msg, cutoff);
  else if (st != PEL_OK)
    msg = fmt::format("{}: {}", STYLE, err.msg);
  pelstat::check_all(lmp, st != PEL_OK, msg);

  // every cell must have been built from neighbours the ghost cutoff covers
  double needed = out.needed_cutoff, needed_all;
  MPI_Allreduce(&needed, &needed_all, 1, MPI_DOUBLE, MPI_MAX, world);
  if (!all_known && needed_all > cutoff) {
    double margin = (neighbor->ago != 0 || update->setupflag) ? 0.5 * neighbor->skin : 0.0;
    double suggest = ceil(10.0 * (needed_all + 0.5 * neighbor->skin + margin)) / 10.0;
    error->all(FLERR,
               "{}: the ghost cutoff {:.4g} is too short for exact Voronoi cells, which need "
               "neighbours up to {:.4g}; use comm_modify cutoff {:.1f}",
               STYLE, cutoff, needed_all, suggest);
  }

  for (int i = 0; i < nlocal; i++)
    for (int j = 0; j < size_peratom_cols; j++) peratom[i][j] = 0.0;
  for (int c = 0; c < ncell; c++) {
    double *row = peratom[cells[c]];
    for (int j = 0; j < ncols_index; j++) row[j] = index[(size_t)c * ncols_index + j];
    row[ncols_index] = coord[c];
    row[ncols_index + 1] = volume[c];
  }
}

/* ----------------------------------------------------------------------
   global statistics of the group: entropy of the <n3,n4,n5,n6> population
------------------------------------------------------------------------- */

void ComputeVoronoiIndex::compute_statistics()
{
  if (invoked_peratom != update->ntimestep) compute_peratom();

  const int nlocal = atom->nlocal;
  const int *mask = atom->mask;
  pel_voronoi_table table;
  pel_voronoi_table_init(&table);
  int bad = 0;
  double vol = 0.0;
  for (int i = 0; i < nlocal; i++) {
    if (!(mask[i] & groupbit)) continue;
    int n[4];
    for (int k = 0; k < 4; k++) n[k] = (int)peratom[i][k];
    if (pel_voronoi_table_add(&table, n, 1) != PEL_OK) bad = 1;
    vol += peratom[i][ncols_index + 1];
  }
  pelstat::check_all(lmp, bad, fmt::format("{}: out of memory", STYLE));

  // gather every rank's table and merge: the result does not depend on ranks
  int nloc = table.ntypes;
  std::vector<int> counts(comm->nprocs), displs(comm->nprocs);
  int nloc5 = 5 * nloc;
  MPI_Allgather(&nloc5, 1, MPI_INT, counts.data(), 1, MPI_INT, world);
  int total = 0;
  for (int r = 0; r < comm->nprocs; r++) {
    displs[r] = total;
    total += counts[r];
  }
  std::vector<long> mine(nloc5 + 1), all(total + 1);
  pel_voronoi_table_flatten(&table, mine.data());
  MPI_Allgatherv(mine.data(), nloc5, MPI_LONG, all.data(), counts.data(), displs.data(), MPI_LONG,
                 world);
  pel_voronoi_table global;
  pel_voronoi_table_init(&global);
  bad = pel_voronoi_table_merge_flat(&global, all.data(), total / 5) != PEL_OK;
  pel_voronoi_table_free(&table);
  pelstat::check_all(lmp, bad, fmt::format("{}: out of memory", STYLE));

  double vol_all;
  MPI_Allreduce(&vol, &vol_all, 1, MPI_DOUBLE, MPI_SUM, world);

  const double n = (double)global.total;
  const double S = pel_voronoi_table_entropy(&global);
  const int ico[4] = {0, 0, 12, 0};
  vec[0] = n;
  vec[1] = S;
  vec[2] = exp(S);
  vec[3] = global.ntypes;
  vec[4] = n > 0 ? pel_voronoi_table_count(&global, ico) / n : 0.0;
  vec[5] = vol_all;

  const int ntop = size_array_rows;
  std::vector<pel_voronoi_type> best(ntop);
  const int nbest = pel_voronoi_table_top(&global, ntop, best.data());
  pel_voronoi_table_free(&global);

  // the columns after the type, count and fraction: the mean over the cells
  // of each type of the index columns beyond n6 (n7 .. n_max, n_more)
  const int nextra = ncols_index - 4;
  std::map<std::array<int, 4>, int> row_of;
  for (int r = 0; r < nbest; r++)
    row_of[{best[r].n[0], best[r].n[1], best[r].n[2], best[r].n[3]}] = r;
  std::vector<double> sums((size_t)ntop * nextra + 1, 0.0), sums_all(sums.size());
  for (int i = 0; i < nlocal; i++) {
    if (!(mask[i] & groupbit)) continue;
    auto it = row_of.find(
        {(int)peratom[i][0], (int)peratom[i][1], (int)peratom[i][2], (int)peratom[i][3]});
    if (it == row_of.end()) continue;
    for (int e = 0; e < nextra; e++) sums[(size_t)it->second * nextra + e] += peratom[i][4 + e];
  }
  MPI_Allreduce(sums.data(), sums_all.data(), (int)sums.size(), MPI_DOUBLE, MPI_SUM, world);

  for (int r = 0; r < ntop; r++) {
    for (int c = 0; c < size_array_cols; c++) top[r][c] = 0.0;
    if (r >= nbest) continue;
    const double count = (double)best[r].count;
    for (int k = 0; k < 4; k++) top[r][k] = best[r].n[k];
    top[r][4] = count;
    top[r][5] = count / n;
    for (int e = 0; e < nextra; e++) top[r][6 + e] = sums_all[(size_t)r * nextra + e] / count;
  }
}

void ComputeVoronoiIndex::compute_vector()
{
  invoked_vector = update->ntimestep;
  compute_statistics();
}

void ComputeVoronoiIndex::compute_array()
{
  invoked_array = update->ntimestep;
  compute_statistics();
}

/* ---------------------------------------------------------------------- */

int ComputeVoronoiIndex::pack_forward_comm(int n, int *list, double *buf, int /*pbc_flag*/,
                                           int * /*pbc*/)
{
  for (int i = 0; i < n; i++) buf[i] = radius[list[i]];
  return n;
}

void ComputeVoronoiIndex::unpack_forward_comm(int n, int first, double *buf)
{
  for (int i = 0; i < n; i++) radius[first + i] = buf[i];
}

/* ---------------------------------------------------------------------- */

double ComputeVoronoiIndex::memory_usage()
{
  return (double)nmax * size_peratom_cols * sizeof(double) + (double)nmax_radius * sizeof(double);
}
