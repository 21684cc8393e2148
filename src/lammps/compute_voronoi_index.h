/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

#ifndef LMP_COMPUTE_VORONOI_INDEX_H
#define LMP_COMPUTE_VORONOI_INDEX_H

#include "compute.h"

#include <string>
#include <vector>

struct pel_voronoi_workspace;
struct pel_voronoi_params;

namespace LAMMPS_NS {

class ComputeVoronoiIndex : public Compute {
public:
  ComputeVoronoiIndex(class LAMMPS *, int, char **);
  ~ComputeVoronoiIndex() override;
  void init() override;
  void compute_peratom() override;
  void compute_vector() override;
  void compute_array() override;
  int pack_forward_comm(int, int *, double *, int, int *) override;
  void unpack_forward_comm(int, int, double *) override;
  double memory_usage() override;

private:
  // keywords: the radius variable here, all others in the core's parameters
  std::string radius_var; // atom-style variable name (without v_), empty = plain Voronoi
  int radius_ivar;
  struct pel_voronoi_params *params;

  int ncols_index; // n3..n_max + n_more
  int nmax;        // allocated per-atom rows
  double **peratom;
  double *radius; // per-atom radii (owned + ghost) when radius_var is set
  int nmax_radius;
  double *vec;
  double **top; // params->top rows, size_array_cols columns
  struct pel_voronoi_workspace *workspace;

  double guaranteed_cutoff();
  void build_walls(std::vector<double> &walls);
  void compute_statistics();
};

} // namespace LAMMPS_NS

#endif
