/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

// fix artn, the host side of the ART engine (src/core/pel_artn.h): the
// per-atom vectors it works on (migrated with the atoms like fix_minimize's),
// the energy and forces at its positions, and the image flags that keep
// those positions in one periodic frame.  Campaign, keywords and output are
// in fix_artn.cpp.

#include "fix_artn.h"

#include "angle.h"
#include "atom.h"
#include "bond.h"
#include "comm.h"
#include "compute.h"
#include "dihedral.h"
#include "domain.h"
#include "error.h"
#include "force.h"
#include "improper.h"
#include "kspace.h"
#include "memory.h"
#include "modify.h"
#include "neigh_list.h"
#include "neighbor.h"
#include "pair.h"
#include "timer.h"
#include "update.h"

#include "pel_artn.h"
#include "pelstat_lammps_util.h"

#include <cstring>

using namespace LAMMPS_NS;

namespace {
// squared distance of the points a and b, minimum image
double dist2(Domain *domain, const double *a, const double *b)
{
  double d[3] = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
  domain->minimum_image(d);
  return d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
}
} // namespace

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
  if (local_mode) {
    // the atoms of the group within active_radius of the center, at the
    // attempt's initial minimum
    double **x0 = store[0];
    for (int i = 0; i < nlocal; i++)
      if (movable[i])
        movable[i] = dist2(domain, x0[i], local_center) <= local_radius * local_radius;
  }
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

// x between the periodic frame of image0, in which the engine writes it
// (sign +1), and the frame of each atom's current image flags (sign -1).  A
// call that the host makes at positions a force call has already expressed
// in the current frame takes them back first (sign +1).
void FixArtn::to_frame(int sign)
{
  double **x = atom->x;
  const imageint *image = atom->image;
  const double *h = domain->h;
  for (int i = 0; i < atom->nlocal; i++) {
    if (image[i] == image0[i]) continue;
    int now[3], then[3];
    pelstat::image_flags(image[i], now);
    pelstat::image_flags(image0[i], then);
    const int dx = sign * (now[0] - then[0]), dy = sign * (now[1] - then[1]),
              dz = sign * (now[2] - then[2]);
    x[i][0] += dx * h[0] + dy * h[5] + dz * h[4];
    x[i][1] += dy * h[1] + dz * h[3];
    x[i][2] += dz * h[2];
  }
}

/* ----------------------------------------------------------------------
   energy and forces at the current positions, as LAMMPS's minimizer makes
   them (Min::energy_force): re-neighbor when an atom moved more than half
   the skin (atoms may migrate here), otherwise only update the ghosts; the
   force hooks of other fixes that take part in minimizations (min_pre_force,
   min_pre_reverse, min_post_force: fix omp, spring/self, efield, walls, ...);
   LAMMPS's timer sections; the energy of compute pe (thermo_pe): pair with
   tail correction, bonded, kspace and the fixes with fix_modify energy yes
------------------------------------------------------------------------- */

int FixArtn::host_energy_force(double *energy)
{
  const double t_start = MPI_Wtime();
  const int triclinic = domain->triclinic;
  timer->stamp(Timer::MODIFY); // the engine's own work since the last stamp

  // local calls are exact while the region holds every neighbour of a
  // movable atom: no atom farther from X0 than the region's pad; beyond it
  // the region grows (with X0 as reference) or the calls stop
  if (local_mode) {
    double **x0 = store[0];
    double dmax2 = 0.0;
    for (int i = 0; i < atom->nlocal; i++) dmax2 = MAX(dmax2, dist2(domain, atom->x[i], x0[i]));
    double all = 0.0;
    MPI_Allreduce(&dmax2, &all, 1, MPI_DOUBLE, MPI_MAX, world);
    const double pad = local_reach - local_radius - force->pair->cutforce;
    if (all > pad * pad && !local_grow(sqrt(all))) {
      local_left = true;
      force_seconds += MPI_Wtime() - t_start;
      return 1;
    }
  }

  // The engine wrote x = x0 + D in the periodic frame of image0; atoms that
  // LAMMPS has wrapped since then carry other image flags: express x in
  // their current frame so that nothing jumps by a box vector.
  to_frame(-1);

  int rebuild = neighbor->dist_check ? neighbor->check_distance() : 1;
  if (!rebuild) {
    comm->forward_comm();
    timer->stamp(Timer::COMM);
  } else {
    if (modify->n_min_pre_exchange) {
      modify->min_pre_exchange();
      timer->stamp(Timer::MODIFY);
    }
    if (triclinic) domain->x2lamda(atom->nlocal);
    domain->pbc();
    comm->exchange();
    atom->nghost = 0;
    comm->borders();
    if (triclinic) domain->lamda2x(atom->nlocal + atom->nghost);
    timer->stamp(Timer::COMM);
    if (modify->n_min_pre_neighbor) {
      modify->min_pre_neighbor();
      timer->stamp(Timer::MODIFY);
    }
    neighbor->build(1);
    timer->stamp(Timer::NEIGH);
    if (modify->n_min_post_neighbor) {
      modify->min_post_neighbor();
      timer->stamp(Timer::MODIFY);
    }
  }

  // energy is tallied on this step (what Integrate::ev_set records)
  const int eflag = 1, vflag = 0;
  update->eflag_global = update->ntimestep;
  size_t nbytes = sizeof(double) * atom->nlocal;
  if (force->newton) nbytes += sizeof(double) * atom->nghost;
  if (nbytes) memset(&atom->f[0][0], 0, 3 * nbytes);
  timer->stamp();

  if (modify->n_min_pre_force) {
    modify->min_pre_force(vflag);
    timer->stamp(Timer::MODIFY);
  }
  if (force->pair && force->pair->compute_flag) {
    NeighList *list = force->pair->list;
    if (local_mode) {
      // the pair style sees the filtered list during this call
      if (local_nbuild != neighbor->ncalls) local_filter();
      int inum = list->inum, *ilist = list->ilist, *numneigh = list->numneigh;
      int **firstneigh = list->firstneigh;
      list->inum = (int)f_ilist.size();
      list->ilist = f_ilist.data();
      list->numneigh = f_numneigh.data();
      list->firstneigh = f_firstneigh.data();
      force->pair->compute(eflag, vflag);
      list->inum = inum;
      list->ilist = ilist;
      list->numneigh = numneigh;
      list->firstneigh = firstneigh;
    } else {
      force->pair->compute(eflag, vflag);
    }
    timer->stamp(Timer::PAIR);
  }
  if (atom->molecular != Atom::ATOMIC) {
    if (force->bond) force->bond->compute(eflag, vflag);
    if (force->angle) force->angle->compute(eflag, vflag);
    if (force->dihedral) force->dihedral->compute(eflag, vflag);
    if (force->improper) force->improper->compute(eflag, vflag);
    timer->stamp(Timer::BOND);
  }
  if (force->kspace && force->kspace->compute_flag) {
    force->kspace->compute(eflag, vflag);
    timer->stamp(Timer::KSPACE);
  }
  if (modify->n_min_pre_reverse) {
    modify->min_pre_reverse(eflag, vflag);
    timer->stamp(Timer::MODIFY);
  }
  if (force->newton) {
    comm->reverse_comm();
    timer->stamp(Timer::COMM);
  }
  if (modify->n_min_post_force) {
    modify->min_post_force(vflag);
    timer->stamp(Timer::MODIFY);
  }

  *energy = pe->compute_scalar();
  if (local_mode) {
    // relative to the initial minimum: the terms left out do not change
    const bool reference = std::isnan(local_e0);
    if (reference)
      local_e0 = *energy;
    else
      *energy = local_e_full0 + (*energy - local_e0);
    calls_local++;
    cost_local += local_weight;
    if (!reference && verify_every > 0 && ++verify_calls % verify_every == 0) local_verify(*energy);
  } else {
    calls_full++;
  }
  timer->stamp(Timer::MODIFY);
  force_seconds += MPI_Wtime() - t_start;
  return 0;
}

/* ----------------------------------------------------------------------
   local force calls.  on = 1 at the start of an attempt (positions at its
   initial minimum), 2 later (X0 holds it): the center's position at X0,
   the filter, and the local energy of the current positions (one local
   call), whose full energy is e_ref; 1 when the region does not fit in the
   box or an atom is already farther than active_pad from X0 (full calls).
   on = 0: full calls again; 1 if a call was refused because an atom moved
   out of the region and it could not grow (local_grow).
------------------------------------------------------------------------- */

int FixArtn::host_set_local(int64_t center, int on, double e_ref)
{
  if (!on) {
    local_mode = false;
    return local_left ? 1 : 0;
  }
  const double reach = local_radius + force->pair->cutforce + local_pad;
  if (!local_fits(reach)) {
    if (!local_warned && comm->me == 0)
      error->warning(FLERR,
                     "{}: active_radius + pair cutoff + active_pad = {} does not fit twice in the "
                     "{}box: full force calls",
                     "Fix artn", reach, domain->triclinic ? "triclinic " : "");
    local_warned = true;
    return 1;
  }
  // the reference the mask and the pad check use: at the start of an
  // attempt the current positions (the engine takes the same X0)
  if (on == 1)
    for (int i = 0; i < atom->nlocal; i++)
      for (int d = 0; d < 3; d++) store[0][i][d] = atom->x[i][d];
  double c[4] = {0.0, 0.0, 0.0, 0.0}, all[4];
  const int m = atom->map((tagint)center);
  if (m >= 0 && m < atom->nlocal) {
    for (int d = 0; d < 3; d++) c[d] = store[0][m][d];
    c[3] = 1.0;
  }
  MPI_Allreduce(c, all, 4, MPI_DOUBLE, MPI_SUM, world);
  if (all[3] != 1.0) return -1;
  for (int d = 0; d < 3; d++) local_center[d] = all[d];
  local_mode = true;
  local_left = false;
  local_nbuild = -1;
  local_e0 = NAN;
  local_e_full0 = e_ref;
  local_reach = reach;
  local_from_x0 = on == 1;
  double e = 0.0;
  if (on == 2) to_frame(1); // after a force call at these positions
  if (host_energy_force(&e) == 0) return 0;
  local_mode = false;
  return local_left ? 1 : -1;
}

// verify_local: a full call at the point of this local call (the positions
// have not moved, taken back to the engine's frame: no re-neighboring, no
// migration) must give the forces on the movable atoms and the energy the
// local call gave, to 1e-10 relative (forces to the largest force component
// of the full call, energy to its magnitude); otherwise an error naming the
// pair style.  The engine goes on with the full call's forces, equal on the
// atoms it moves.
void FixArtn::local_verify(double e_local)
{
  const int nlocal = atom->nlocal;
  const int *m = host_mask();
  std::vector<double> fl(3 * (size_t)nlocal + 1);
  for (int i = 0; i < nlocal; i++)
    for (int d = 0; d < 3; d++) fl[3 * i + d] = atom->f[i][d];
  const double seconds = force_seconds; // the caller counts this call's time
  local_mode = false;
  double e_full = 0.0;
  to_frame(1);
  host_energy_force(&e_full);
  local_mode = true;
  force_seconds = seconds;
  double loc[2] = {0.0, 0.0}, all[2]; // largest force difference, largest force
  for (int i = 0; i < nlocal; i++)
    for (int d = 0; d < 3; d++) {
      loc[1] = MAX(loc[1], fabs(atom->f[i][d]));
      if (m[i]) loc[0] = MAX(loc[0], fabs(atom->f[i][d] - fl[3 * i + d]));
    }
  MPI_Allreduce(loc, all, 2, MPI_DOUBLE, MPI_MAX, world);
  const double df = all[1] > 0.0 ? all[0] / all[1] : all[0];
  const double de = fabs(e_local - e_full) / MAX(fabs(e_full), 1e-300);
  verified++;
  verify_worst = MAX(verify_worst, MAX(df, de));
  if (!(df <= 1e-10) || !(de <= 1e-10))
    error->all(FLERR,
               "Fix artn verify_local: a local force call differs from the full call at the same "
               "point (pair style {}): forces on the movable atoms by {:.3g}, energy by {:.3g} "
               "(relative; tolerance 1e-10)",
               force->pair_style, df, de);
}

// The region (a sphere about the center) fits when the box holds it twice:
// no atom or image of one is in it twice.
bool FixArtn::local_fits(double reach) const
{
  const double *prd = domain->prd;
  return !domain->triclinic && 2.0 * reach < MIN(prd[0], MIN(prd[1], prd[2]));
}

// An atom moved dmax > the pad from X0: grow the region to a pad of dmax +
// active_pad when it fits and X0 is the reference.  The reference energy of
// the new filter is a local call at X0 (its full energy is known); the
// current positions wait meanwhile in the host's scratch vector, which
// migrates with the atoms should the call at X0 re-neighbor.
bool FixArtn::local_grow(double dmax)
{
  const double reach = local_radius + force->pair->cutforce + dmax + local_pad;
  if (!local_from_x0 || !local_fits(reach)) return false;
  double **xs = store[nstore + 1];
  for (int i = 0; i < atom->nlocal; i++)
    for (int d = 0; d < 3; d++) {
      xs[i][d] = atom->x[i][d];
      atom->x[i][d] = store[0][i][d];
    }
  local_reach = reach;
  local_nbuild = -1;
  local_e0 = NAN;
  local_grown++;
  double e = 0.0;
  const double seconds = force_seconds; // the caller counts this call's time
  const int rc = host_energy_force(&e);
  force_seconds = seconds;
  for (int i = 0; i < atom->nlocal; i++)
    for (int d = 0; d < 3; d++) atom->x[i][d] = xs[i][d];
  return rc == 0;
}

// The pair style's list filtered to the region (atoms within local_reach of
// the center, local and ghost): a half list keeps every pair with an atom in
// the region (whole rows of the atoms in it) and a row, empty or not, for
// every local atom: a pair style with per-atom terms (the embedding energy
// of EAM) then computes them for every atom from the same pairs whichever
// atom of a pair owns it, so that a rebuild that moves pairs between rows
// changes nothing.  A full list (three-body styles) keeps the whole rows of
// the atoms in the region.  Rebuilt after every neighbor list build.
void FixArtn::local_filter()
{
  NeighList *list = force->pair->list;
  const int nall = atom->nlocal + atom->nghost;
  const double reach = local_reach;
  double **x = atom->x;
  std::vector<char> in(nall + 1);
  for (int i = 0; i < nall; i++) in[i] = dist2(domain, x[i], local_center) <= reach * reach;
  f_ilist.clear();
  f_numneigh.assign(atom->nmax + 1, 0);
  f_firstneigh.assign(atom->nmax + 1, nullptr);
  double counts[2] = {0.0, 0.0}; // pair terms kept, all
  size_t pool = 0;
  for (int ii = 0; ii < list->inum; ii++) {
    const int i = list->ilist[ii];
    const int *jlist = list->firstneigh[i];
    const int jnum = list->numneigh[i];
    counts[1] += jnum;
    if (in[i] || local_kind != LOCAL_HALF) continue;
    for (int jj = 0; jj < jnum; jj++) pool += in[jlist[jj] & NEIGHMASK];
  }
  f_pool.resize(pool + 1);
  size_t used = 0;
  for (int ii = 0; ii < list->inum; ii++) {
    const int i = list->ilist[ii];
    int *jlist = list->firstneigh[i];
    const int jnum = list->numneigh[i];
    if (in[i]) {
      f_ilist.push_back(i);
      f_numneigh[i] = jnum;
      f_firstneigh[i] = jlist;
      counts[0] += jnum;
    } else if (local_kind == LOCAL_HALF) {
      int *row = &f_pool[used];
      int n = 0;
      for (int jj = 0; jj < jnum; jj++)
        if (in[jlist[jj] & NEIGHMASK]) row[n++] = jlist[jj];
      used += n;
      f_ilist.push_back(i);
      f_numneigh[i] = n;
      f_firstneigh[i] = row;
      counts[0] += n;
    }
  }
  double all[2];
  MPI_Allreduce(counts, all, 2, MPI_DOUBLE, MPI_SUM, world);
  local_weight = all[1] > 0.0 ? all[0] / all[1] : 1.0;
  local_nbuild = neighbor->ncalls;
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

/* ----------------------------------------------------------------------
   per-atom storage: grow, copy, migrate
------------------------------------------------------------------------- */

void FixArtn::grow_arrays(int nmax)
{
  for (int k = 0; k < nstore + NHOST; k++) memory->grow(store[k], nmax, 3, "artn:store");
  memory->grow(stats, nmax, NSTATS, "artn:stats");
  memory->grow(image0, nmax, "artn:image0");
  array_atom = stats;
}

void FixArtn::copy_arrays(int i, int j, int /*delflag*/)
{
  for (int k = 0; k < nstore + NHOST; k++)
    for (int d = 0; d < 3; d++) store[k][j][d] = store[k][i][d];
  for (int s = 0; s < NSTATS; s++) stats[j][s] = stats[i][s];
  image0[j] = image0[i];
}

int FixArtn::pack_exchange(int i, double *buf)
{
  int m = 0;
  for (int k = 0; k < nstore + NHOST; k++)
    for (int d = 0; d < 3; d++) buf[m++] = store[k][i][d];
  for (int s = 0; s < NSTATS; s++) buf[m++] = stats[i][s];
  buf[m++] = ubuf(image0[i]).d;
  return m;
}

int FixArtn::unpack_exchange(int nlocal, double *buf)
{
  int m = 0;
  for (int k = 0; k < nstore + NHOST; k++)
    for (int d = 0; d < 3; d++) store[k][nlocal][d] = buf[m++];
  for (int s = 0; s < NSTATS; s++) stats[nlocal][s] = buf[m++];
  image0[nlocal] = (imageint)ubuf(buf[m++]).i;
  return m;
}

double FixArtn::memory_usage()
{
  return (double)atom->nmax *
         ((3.0 * (nstore + NHOST) + NSTATS) * sizeof(double) + sizeof(imageint));
}
