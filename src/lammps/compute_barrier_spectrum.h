/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

#ifndef LMP_COMPUTE_BARRIER_SPECTRUM_H
#define LMP_COMPUTE_BARRIER_SPECTRUM_H

#include "compute.h"

#include "pel_spectrum.h"

#include <string>
#include <vector>

namespace LAMMPS_NS {

class ComputeBarrierSpectrum : public Compute {
public:
  ComputeBarrierSpectrum(class LAMMPS *, int, char **);
  ~ComputeBarrierSpectrum() override;
  void init() override;
  void compute_vector() override;
  void compute_array() override;
  int lock_length() override;
  double memory_usage() override;

private:
  enum { SOURCE_FIX, SOURCE_FILE };
  int source;
  std::string fix_id;
  std::vector<std::string> files;

  // keywords, checked by the core (pel_spectrum_params_check)
  pel_spectrum_params params;

  // barriers counted so far; with the fix source, nseen of the fix's list
  // have been examined (a barrier is kept if its center is in the group)
  std::vector<double> values;
  size_t nseen;
  const class Fix *seen_fix; // the fix whose list nseen refers to
  bool computed;             // vec/rows hold the spectrum of `values`
  int last_flags;            // warnings of the previous evaluation (rank 0)

  double *vec;
  double **rows;
  int maxrows;
  struct pel_spectrum *spectrum;

  class FixArtn *find_fix_artn();
  void read_files();
  void collect_from_fix();
  void refresh();
  void evaluate();
  void allocate_rows(int n);
};

} // namespace LAMMPS_NS

#endif
