/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

#include "pelstat_lammps_util.h"

#include "atom.h"
#include "comm.h"
#include "domain.h"
#include "error.h"
#include "universe.h"
#include "utils.h"

#include "pel_param.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace LAMMPS_NS;

const char *pelstat::value_of(LAMMPS *lmp, const std::string &style, int narg, char **arg, int iarg)
{
  if (iarg + 1 >= narg) lmp->error->all(FLERR, "{}: keyword {} needs a value", style, arg[iarg]);
  return arg[iarg + 1];
}

// the core's parsing rule (pel_param_parse_value); errors name the style and
// the keyword
static void parse_value(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                        pel_param_type type, const char *value, void *out)
{
  pel_error err;
  pel_error_clear(&err);
  if (pel_param_parse_value(keyword.c_str(), type, value, out, &err) != PEL_OK)
    lmp->error->all(FLERR, "{}: {}", style, err.msg);
}

double pelstat::parse_double(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                             const char *value)
{
  double v = 0.0;
  parse_value(lmp, style, keyword, PEL_PARAM_DOUBLE, value, &v);
  return v;
}

int pelstat::parse_int(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                       const char *value)
{
  int v = 0;
  parse_value(lmp, style, keyword, PEL_PARAM_INT, value, &v);
  return v;
}

long long pelstat::parse_long(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                              const char *value)
{
  int64_t v = 0;
  parse_value(lmp, style, keyword, PEL_PARAM_I64, value, &v);
  return (long long)v;
}

bool pelstat::parse_bool(LAMMPS *lmp, const std::string &style, const std::string &keyword,
                         const char *value)
{
  int v = 0;
  parse_value(lmp, style, keyword, PEL_PARAM_BOOL, value, &v);
  return v != 0;
}

namespace {
// The lowest rank of comm whose status is not 0, and its message, on every
// rank of comm; -1 when every status is 0.
int first_failure(MPI_Comm comm, int me, int status, const std::string &message, std::string &text)
{
  int mine = status ? me : INT_MAX, first;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm);
  if (first == INT_MAX) return -1;
  int len = (me == first) ? (int)message.size() : 0;
  MPI_Bcast(&len, 1, MPI_INT, first, comm);
  std::vector<char> buf(len + 1, '\0');
  if (me == first) memcpy(buf.data(), message.data(), len);
  MPI_Bcast(buf.data(), len, MPI_CHAR, first, comm);
  text = buf.data();
  return first;
}
} // namespace

void pelstat::check_all(LAMMPS *lmp, int status, const std::string &message)
{
  std::string text;
  if (first_failure(lmp->world, lmp->comm->me, status, message, text) >= 0)
    lmp->error->all(FLERR, text);
}

void pelstat::check_universe(LAMMPS *lmp, int status, const std::string &message)
{
  Universe *u = lmp->universe;
  std::string text;
  const int first = first_failure(u->uworld, u->me, status, message, text);
  if (first < 0) return;
  if (u->nworlds > 1) {
    int world_of_first = 0;
    for (int w = 0; w < u->nworlds; w++)
      if (first >= u->root_proc[w]) world_of_first = w;
    text += fmt::format(" (partition {})", world_of_first);
  }
  lmp->error->all(FLERR, text);
}

std::vector<double> pelstat::gather_atoms(LAMMPS *lmp, const double *const *x,
                                          const double *const *v, const char *keep)
{
  Atom *atom = lmp->atom;
  MPI_Comm world = lmp->world;
  const int me = lmp->comm->me, nprocs = lmp->comm->nprocs;
  const int nlocal = atom->nlocal;
  const int w = v ? 8 : 5; // doubles per row
  std::vector<double> buf((size_t)w * nlocal + 1);
  int n = 0;
  for (int i = 0; i < nlocal; i++) {
    if (keep && !keep[i]) continue;
    double *row = &buf[n];
    row[0] = atom->tag[i];
    row[1] = atom->type[i];
    for (int d = 0; d < 3; d++) row[2 + d] = x[i][d];
    if (v)
      for (int d = 0; d < 3; d++) row[5 + d] = v[i][d];
    n += w;
  }
  std::vector<int> counts(nprocs), displs(nprocs);
  MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, world);
  int total = 0;
  if (me == 0)
    for (int r = 0; r < nprocs; r++) {
      displs[r] = total;
      total += counts[r];
    }
  std::vector<double> all(me == 0 ? total + 1 : 1);
  MPI_Gatherv(buf.data(), n, MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
              world);
  std::vector<double> out;
  if (me == 0) {
    std::vector<int> order(total / w);
    for (size_t k = 0; k < order.size(); k++) order[k] = (int)k;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return all[w * a] < all[w * b]; });
    out.reserve(total);
    for (int k : order) out.insert(out.end(), &all[w * k], &all[w * k] + w);
  }
  return out;
}

int pelstat::write_dump_frame(LAMMPS *lmp, const std::string &path, bigint timestep,
                              const double *const *x, const double *const *v, const char *vnames,
                              const char *keep)
{
  Domain *domain = lmp->domain;
  MPI_Comm world = lmp->world;
  const std::vector<double> all = gather_atoms(lmp, x, v, keep);
  const int w = v ? 8 : 5;
  const int rows = (int)all.size() / w;
  int status = 0;
  if (lmp->comm->me == 0) {
    FILE *fp = fopen(path.c_str(), "a");
    if (!fp) {
      status = 1;
    } else {
      int bad = fprintf(fp, "ITEM: TIMESTEP\n" BIGINT_FORMAT "\nITEM: NUMBER OF ATOMS\n%d\n",
                        timestep, rows) < 0;
      const double *lo = domain->boxlo, *hi = domain->boxhi;
      if (domain->triclinic) {
        const double xy = domain->xy, xz = domain->xz, yz = domain->yz;
        bad |= fprintf(fp, "ITEM: BOX BOUNDS xy xz yz pp pp pp\n") < 0;
        bad |= fprintf(fp, "%.16g %.16g %.16g\n", lo[0] + MIN(MIN(0.0, xy), MIN(xz, xy + xz)),
                       hi[0] + MAX(MAX(0.0, xy), MAX(xz, xy + xz)), xy) < 0;
        bad |=
            fprintf(fp, "%.16g %.16g %.16g\n", lo[1] + MIN(0.0, yz), hi[1] + MAX(0.0, yz), xz) < 0;
        bad |= fprintf(fp, "%.16g %.16g %.16g\n", lo[2], hi[2], yz) < 0;
      } else {
        bad |= fprintf(fp, "ITEM: BOX BOUNDS pp pp pp\n") < 0;
        for (int d = 0; d < 3; d++) bad |= fprintf(fp, "%.16g %.16g\n", lo[d], hi[d]) < 0;
      }
      bad |= fprintf(fp, "ITEM: ATOMS id type x y z%s%s\n", v ? " " : "", v ? vnames : "") < 0;
      for (int k = 0; k < rows; k++) {
        const double *r = &all[(size_t)w * k];
        bad |= fprintf(fp, "%.0f %.0f %.12g %.12g %.12g", r[0], r[1], r[2], r[3], r[4]) < 0;
        if (v) bad |= fprintf(fp, " %.12g %.12g %.12g", r[5], r[6], r[7]) < 0;
        bad |= fputc('\n', fp) == EOF;
      }
      bad |= fclose(fp) != 0;
      status = bad ? 1 : 0;
    }
  }
  MPI_Bcast(&status, 1, MPI_INT, 0, world);
  return status;
}

void pelstat::image_flags(imageint m, int f[3])
{
  f[0] = (int)(m & IMGMASK) - IMGMAX;
  f[1] = (int)(m >> IMGBITS & IMGMASK) - IMGMAX;
  f[2] = (int)(m >> IMG2BITS) - IMGMAX;
}

imageint pelstat::image_pack(const int f[3])
{
  return ((imageint)(f[0] + IMGMAX) & IMGMASK) |
         (((imageint)(f[1] + IMGMAX) & IMGMASK) << IMGBITS) |
         (((imageint)(f[2] + IMGMAX) & IMGMASK) << IMG2BITS);
}

std::string pelstat::write_file_atomically(const std::string &path, const std::string &text)
{
  const std::string tmp = path + ".tmp";
  FILE *f = fopen(tmp.c_str(), "w");
  if (!f) return fmt::format("cannot write {}: {}", tmp, strerror(errno));
  const bool bad = fwrite(text.data(), 1, text.size(), f) != text.size();
  if ((fclose(f) != 0) || bad || rename(tmp.c_str(), path.c_str()) != 0)
    return fmt::format("cannot write {}: {}", path, strerror(errno));
  return "";
}
