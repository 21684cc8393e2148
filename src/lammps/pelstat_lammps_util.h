/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

// Helpers shared by the pelstat styles: keyword parsing that names the
// keyword in every error, and collective errors from per-rank core statuses.

#ifndef LMP_PELSTAT_LAMMPS_UTIL_H
#define LMP_PELSTAT_LAMMPS_UTIL_H

#include "lmptype.h"
#include "pointers.h"

#include <string>
#include <vector>

namespace LAMMPS_NS {
namespace pelstat {

// The value following keyword arg[iarg]; error naming the keyword if missing.
const char *value_of(LAMMPS *lmp, const std::string &style, int narg, char **arg, int iarg);

// Parse a floating point / integer / yes-no value of a keyword by the core's
// one rule (pel_param_parse_value: the whole word, finite, representable);
// errors name the style, the keyword and the offending value.  Ranges are
// the core's parameter checks.
double parse_double(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                    const char *value);
int parse_int(LAMMPS *lmp, const std::string &style, const std::string &keyword, const char *value);
// A 64-bit integer (a value the core checks, such as a seed of 63 bits).
long long parse_long(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                     const char *value);
bool parse_bool(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                const char *value);

// Collective error: every rank passes its own status (0 = ok) and message;
// if any rank failed, all ranks stop with the message of the lowest failing
// rank (error->all), so an MPI job never hangs or dies silently.
void check_all(LAMMPS *lmp, int status, const std::string &message);
// The same over all partitions (the universe): a synchronization point of
// every partition, and an error in one of them an error in all, with its message.
void check_universe(LAMMPS *lmp, int status, const std::string &message);

// The local atoms' (id, type, x, y, z) at positions x[i], gathered on rank 0
// in ID order (5 doubles per atom; empty on the other ranks); with v, also
// v[i] (8 doubles per atom); with keep, only the atoms i with keep[i] != 0.
// All ranks call.
std::vector<double> gather_atoms(LAMMPS *lmp, const double *const *x,
                                 const double *const *v = nullptr, const char *keep = nullptr);

// Append one frame of a LAMMPS text dump (id type x y z, sorted by ID) of the
// local atoms at positions x[i] to path (all ranks call; rank 0 writes), as
// read_dump and rerun read it.  With v, three more columns v[i] named vnames
// ("ex ey ez"); with keep, only the atoms i with keep[i] != 0.  Returns 0, or
// 1 on every rank if rank 0 could not write path.
int write_dump_frame(LAMMPS *lmp, const std::string &path, bigint timestep, const double *const *x,
                     const double *const *v = nullptr, const char *vnames = "",
                     const char *keep = nullptr);

// The image flags (ix, iy, iz) packed in m, and m from them.
void image_flags(imageint m, int f[3]);
imageint image_pack(const int f[3]);

// Write text to path through path.tmp and a rename, so that path is never
// half written.  Returns an error message, empty on success.
std::string write_file_atomically(const std::string &path, const std::string &text);

} // namespace pelstat
} // namespace LAMMPS_NS

#endif
