/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

#include "pelstat_lammps_util.h"

#include "comm.h"
#include "error.h"
#include "utils.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace LAMMPS_NS;

const char *pelstat::value_of(LAMMPS *lmp, const std::string &style, int narg, char **arg, int iarg)
{
  if (iarg + 1 >= narg) lmp->error->all(FLERR, "{}: keyword {} needs a value", style, arg[iarg]);
  return arg[iarg + 1];
}

double pelstat::parse_double(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                             const char *value)
{
  if (!utils::is_double(value))
    lmp->error->all(FLERR, "{}: keyword {} expects a number, got '{}'", style, keyword, value);
  return atof(value);
}

int pelstat::parse_int(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                       const char *value)
{
  if (!utils::is_integer(value))
    lmp->error->all(FLERR, "{}: keyword {} expects an integer, got '{}'", style, keyword, value);
  long v = strtol(value, nullptr, 10);
  if (v > INT_MAX || v < INT_MIN)
    lmp->error->all(FLERR, "{}: keyword {} value {} is out of range", style, keyword, value);
  return (int)v;
}

bool pelstat::parse_bool(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                         const char *value)
{
  std::string v(value);
  if (v == "yes" || v == "on" || v == "true") return true;
  if (v == "no" || v == "off" || v == "false") return false;
  lmp->error->all(FLERR, "{}: keyword {} expects yes or no, got '{}'", style, keyword, value);
  return false;
}

void pelstat::check_all(LAMMPS *lmp, int status, const std::string &message)
{
  int me = lmp->comm->me;
  int mine = status ? me : INT_MAX, first;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, lmp->world);
  if (first == INT_MAX) return;
  int len = (me == first) ? (int)message.size() : 0;
  MPI_Bcast(&len, 1, MPI_INT, first, lmp->world);
  std::vector<char> buf(len + 1, '\0');
  if (me == first) memcpy(buf.data(), message.data(), len);
  MPI_Bcast(buf.data(), len, MPI_CHAR, first, lmp->world);
  lmp->error->all(FLERR, std::string(buf.data()));
}
