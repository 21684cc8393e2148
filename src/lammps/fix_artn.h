/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

#ifndef LMP_FIX_ARTN_H
#define LMP_FIX_ARTN_H

#include "fix.h"

#include <cstdint>
#include <string>
#include <vector>

struct pel_artn;
struct pel_eventlog_writer;

namespace LAMMPS_NS {

class FixArtn : public Fix {
public:
  FixArtn(class LAMMPS *, int, char **);
  ~FixArtn() override;
  int setmask() override;
  void init() override;
  void setup(int) override;
  void pre_exchange() override;
  void post_run() override;
  double compute_vector(int) override;
  double memory_usage() override;

  void grow_arrays(int) override;
  void copy_arrays(int, int, int) override;
  int pack_exchange(int, double *) override;
  int unpack_exchange(int, double *) override;

  // host interface of the ART engine (called through C trampolines)
  int host_nlocal();
  int64_t host_id(int i);
  const int *host_mask();
  double *host_vector(int which);
  int host_energy_force(double *energy);
  void host_minimum_image(double *dx);

  // for compute barrier/spectrum: converged barriers so far, with their
  // centers, in the order they were found (identical on all ranks)
  const std::vector<double> &barrier_values() const { return barriers; }
  const std::vector<tagint> &barrier_centers() const { return barrier_center; }

private:
  struct pel_artn *engine;
  struct pel_eventlog_writer *log;
  void *params; // pel_artn_params, kept out of this header

  // keywords
  uint64_t seed;
  std::string centers_group;
  int centers_groupbit;
  bool order_random;
  int events_per_center, max_attempts;
  bool walk;
  double temperature;
  std::string logfile, dumpfile;
  bool resume;
  int progress_every;
  double init_ftol;
  int init_maxsteps;

  // per-atom storage: engine vectors (nstore of them, 3 doubles per atom) and
  // statistics (events, lowest barrier, mean barrier)
  int nstore; // engine vectors; store[nstore] is the host's walk reference
  double ***store;
  double **stats;
  imageint *image0; // image flags of the frame the engine's positions refer to
  std::vector<int> movable;

  // centers of this partition, in visiting order, and progress through them
  std::vector<tagint> centers;
  size_t icenter;
  int center_attempts, center_successes;
  bool started, finished;

  // totals
  double e_min;
  long long attempts, saddles, event_number, force_calls_total;
  long long centers_done;
  double last_barrier, sum_barrier;
  long last_force_calls;
  double wall_start, wall_events;
  double force_seconds; // wall time inside host_energy_force since the fix was defined
  std::vector<double> barriers;
  std::vector<tagint> barrier_center;

  void parse(int narg, char **arg);
  void build_centers();
  void open_log();
  void replay_log();
  void relax_start();
  void one_attempt();
  void record_stats(tagint center, double barrier);
  void advance_center(bool success);
  void write_saddle(long long event, tagint center, double barrier);
  void progress_line();
  double wall() const;
  void save_images();
  void restore_images();
};

} // namespace LAMMPS_NS

#endif
