/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

// Plugin entry point: registers every pelstat style with LAMMPS.

#include "lammpsplugin.h"
#include "version.h"

#include "pel_version.h"

#include "compute_barrier_spectrum.h"
#include "compute_voronoi_index.h"
#include "fix_artn.h"

using namespace LAMMPS_NS;

namespace {
template <class T> Compute *compute_creator(LAMMPS *lmp, int narg, char **arg)
{
  return new T(lmp, narg, arg);
}
template <class T> Fix *fix_creator(LAMMPS *lmp, int narg, char **arg)
{
  return new T(lmp, narg, arg);
}

const char *const author = "pelstat developers";
} // namespace

extern "C" void lammpsplugin_init(void *lmp, void *handle, void *regfunc)
{
  auto register_plugin = (lammpsplugin_regfunc)regfunc;
  lammpsplugin_t plugin;
  plugin.version = LAMMPS_VERSION;
  plugin.author = author;
  plugin.handle = handle;

  plugin.style = "compute";
  plugin.name = "voronoi/index";
  plugin.info = "pelstat " PELSTAT_VERSION_STRING ": per-atom Voronoi indices, structural entropy";
  plugin.creator.v2 = (lammpsplugin_factory2 *)&compute_creator<ComputeVoronoiIndex>;
  (*register_plugin)(&plugin, lmp);

  plugin.style = "compute";
  plugin.name = "barrier/spectrum";
  plugin.info = "pelstat " PELSTAT_VERSION_STRING ": barrier histogram, Shannon entropy, "
                "two-mode fit";
  plugin.creator.v2 = (lammpsplugin_factory2 *)&compute_creator<ComputeBarrierSpectrum>;
  (*register_plugin)(&plugin, lmp);

  plugin.style = "fix";
  plugin.name = "artn";
  plugin.info = "pelstat " PELSTAT_VERSION_STRING ": ART nouveau saddle searches";
  plugin.creator.v2 = (lammpsplugin_factory2 *)&fix_creator<FixArtn>;
  (*register_plugin)(&plugin, lmp);
}
