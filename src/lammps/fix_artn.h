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
struct pel_artn_host;
struct pel_artn_result;
struct pel_campaign;
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
  void write_restart(FILE *) override;
  void restart(char *) override;
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
  int host_set_local(int64_t center, int on, double e_ref);
  bool local_calls_possible() const { return local_kind != LOCAL_NONE; }

  // for compute barrier/spectrum: converged barriers so far, with their
  // centers, in the order they were found (identical on all ranks)
  const std::vector<double> &barrier_values() const { return barriers; }
  const std::vector<tagint> &barrier_centers() const { return barrier_center; }

private:
  struct pel_artn *engine;
  struct pel_campaign *campaign; // centers, counters, order: the core's campaign
  struct pel_eventlog_writer *log;
  void *params;  // pel_artn_params, kept out of this header
  void *cparams; // pel_campaign_params

  // keywords the fix keeps itself (the others are in params / cparams)
  std::string centers_group;
  int centers_groupbit;
  std::string logfile; // this partition's
  std::string logbase; // the keyword file: the campaign's logs are logbase[.N]
  // the dumps: keyword dump_saddles (DUMP_SADDLES) and dump_events (DUMP_EVENTS)
  enum { DUMP_SADDLES = 0, DUMP_EVENTS, NDUMPS };
  struct Dump {
    std::string keyword; // as the user writes it
    std::string base;    // its value (partition p writes base.p); empty: no dump
    std::string path;    // this partition's
  } dumps[NDUMPS];
  double resumed_e_initial;            // e_initial of the replayed records (NaN: none)
  std::vector<std::string> registered; // this fix's entries among the outputs in use

  // columns of the per-atom statistics
  enum { S_COUNT = 0, S_MIN, S_MEAN, NSTATS };

  // per-atom storage: engine vectors (nstore of them, 3 doubles per atom) and
  // statistics (events, lowest barrier, mean barrier)
  int nstore;         // engine vectors, then NHOST of the host's own:
  enum { NHOST = 2 }; // store[nstore] the walk reference, store[nstore + 1] scratch
  double ***store;
  double **stats;
  imageint *image0; // image flags of the frame the engine's positions refer to
  std::vector<int> movable;
  class Compute *pe; // thermo_pe: the energy a minimization would see

  bool started, finished;

  // local force calls (active_radius > 0, or auto where they pay): only the
  // atoms within local_radius of the center move; a force call evaluates the
  // pair terms of the atoms within local_reach (the region: local_radius +
  // cutoff + active_pad, grown as atoms move farther) from a copy of the pair
  // style's neighbor list filtered to them
  double local_radius, local_pad; // the radius used (0: full calls), active_pad
  enum LocalKind { LOCAL_NONE, LOCAL_HALF, LOCAL_FULL } local_kind; // how the list is filtered
  bool local_mode;                                                  // force calls are local now
  bool local_left;        // an atom left the region, which could not grow: calls refused
  bool local_warned;      // the box-too-small warning was given
  double local_center[3]; // the center atom at the attempt's start
  double local_e0;        // local energy of the reference (NaN: not yet)
  double local_e_full0;   // its full energy
  bool local_from_x0;     // the reference is X0 (the region may grow)
  double local_reach;     // the region: atoms within this of the center
  long long local_grown;  // times a region grew, since the fix was defined
  long long local_redone; // local searches made again with full calls
  bigint local_nbuild;    // neighbor->ncalls when the filter was built
  double local_weight;    // filtered pair terms / all pair terms
  std::vector<int> f_ilist, f_numneigh, f_pool;
  std::vector<int *> f_firstneigh;
  long long calls_local, calls_full; // force calls of the current attempt
  double cost_local;                 // the local calls weighted by local_weight
  void local_filter();
  void local_verify(double e_local);
  void to_frame(int sign);
  int verify_every;       // verify_local
  long long verify_calls; // local calls counted towards verify_local
  long long verified;     // of them checked against a full call
  double verify_worst;    // their largest relative difference
  bool local_grow(double dmax);
  bool local_fits(double reach) const;
  void init_local();
  void local_auto(LocalKind kind, bool atomic);

  // totals
  double e_min;
  long long saddles, converged, force_calls_total; // connected, converged saddles
  double last_barrier, sum_barrier;
  long last_force_calls;
  double wall_start;
  long long run_attempts; // attempts of this run (not replayed)
  double force_seconds;   // wall time inside host_energy_force since the fix was defined
  std::vector<double> barriers;
  std::vector<tagint> barrier_center;

  void parse(int narg, char **arg);
  void build_campaign();
  void open_log();
  void header_params(std::vector<std::string> &keys, std::vector<std::string> &values);
  void replay_log();
  void relax_start();
  void check_or_store_minimum();
  std::string walk_state_path() const;
  void write_walk_state(long long event);
  void read_walk_state(long long last_event);
  void one_attempt();
  void write_record(long long event, const ::pel_artn_result &r, double seconds);
  void walk_step(const ::pel_artn_host &h, tagint center, long attempt, long long event);
  void add_saddle(tagint center, double barrier);
  void write_saddle(long long event);
  void write_event(long long event);
  void progress_line();
  double wall() const;
  void save_images();
  void restore_images();
};

} // namespace LAMMPS_NS

#endif
