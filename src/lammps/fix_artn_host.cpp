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
#include "dihedral.h"
#include "domain.h"
#include "force.h"
#include "improper.h"
#include "kspace.h"
#include "memory.h"
#include "neighbor.h"
#include "pair.h"

#include "pel_artn.h"

#include <cstring>

using namespace LAMMPS_NS;

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
