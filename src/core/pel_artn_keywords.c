/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pel_artn_keywords.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KW(field, type, unit, req)                                                                 \
  {                                                                                                \
#field, type, offsetof(pel_artn_params, field), unit, req                                      \
  }

static const pel_artn_keyword keywords[] = {
    /* the keywords of spec/fix_artn.md */
    KW(cluster_radius, PEL_KW_DOUBLE, PEL_KW_LENGTH, 1),
    KW(push_init, PEL_KW_DOUBLE, PEL_KW_LENGTH, 1),
    KW(push_step, PEL_KW_DOUBLE, PEL_KW_LENGTH, 1),
    KW(eig_threshold, PEL_KW_DOUBLE, PEL_KW_CURVATURE, 1),
    KW(ftol, PEL_KW_DOUBLE, PEL_KW_FORCE, 1),
    KW(lanczos_max, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(lanczos_tol, PEL_KW_DOUBLE, PEL_KW_NONE, 0),
    KW(lanczos_disp, PEL_KW_DOUBLE, PEL_KW_LENGTH, 1),
    KW(max_basin_steps, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(max_activation_steps, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(relax, PEL_KW_BOOL, PEL_KW_NONE, 0),
    KW(connect, PEL_KW_BOOL, PEL_KW_NONE, 0),
    KW(connect_dist, PEL_KW_DOUBLE, PEL_KW_LENGTH, 0),
    /* engine tuning */
    KW(moved_dist, PEL_KW_DOUBLE, PEL_KW_LENGTH, 0),
    KW(basin_relax_steps, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(basin_lanczos_after, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(activation_relax_steps, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(activation_step, PEL_KW_DOUBLE, PEL_KW_LENGTH, 0),
    KW(max_lost, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(perp_ratio, PEL_KW_DOUBLE, PEL_KW_NONE, 0),
    KW(push_over, PEL_KW_DOUBLE, PEL_KW_LENGTH, 0),
    KW(descent_steps, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(descent_step, PEL_KW_DOUBLE, PEL_KW_LENGTH, 0),
    KW(relax_ftol, PEL_KW_DOUBLE, PEL_KW_FORCE, 0),
    KW(max_relax_steps, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(trivial_barrier, PEL_KW_DOUBLE, PEL_KW_ENERGY, 0),
    KW(force_blowup, PEL_KW_DOUBLE, PEL_KW_FORCE, 0),
    KW(fire_dt, PEL_KW_DOUBLE, PEL_KW_TIME, 0),
    KW(fire_dtmax, PEL_KW_DOUBLE, PEL_KW_TIME, 0),
    KW(max_disp, PEL_KW_DOUBLE, PEL_KW_LENGTH, 0),
    KW(remove_translation, PEL_KW_BOOL, PEL_KW_NONE, 0),
    KW(remove_rotation, PEL_KW_BOOL, PEL_KW_NONE, 0),
    KW(lbfgs_memory, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(lbfgs_switch, PEL_KW_DOUBLE, PEL_KW_NONE, 0),
    KW(basin_stop_early, PEL_KW_BOOL, PEL_KW_NONE, 0),
    KW(max_reentry, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(lanczos_refresh, PEL_KW_INT, PEL_KW_NONE, 0),
    KW(reject_margin, PEL_KW_DOUBLE, PEL_KW_ENERGY, 0),
    KW(push_follow, PEL_KW_BOOL, PEL_KW_NONE, 0),
};
#undef KW

#define NKEYWORDS ((int)(sizeof keywords / sizeof keywords[0]))

int pel_artn_keyword_count(void)
{
  return NKEYWORDS;
}

const pel_artn_keyword *pel_artn_keyword_at(int i)
{
  return (i >= 0 && i < NKEYWORDS) ? &keywords[i] : NULL;
}

int pel_artn_keyword_find(const char *name)
{
  for (int i = 0; i < NKEYWORDS; i++)
    if (strcmp(keywords[i].name, name) == 0) return i;
  return -1;
}

pel_status pel_artn_keyword_set(pel_artn_params *p, int i, const char *value, pel_error *err)
{
  const pel_artn_keyword *k = pel_artn_keyword_at(i);
  if (!k) return pel_error_set(err, PEL_EINVAL, "fix artn: no keyword number %d", i);
  char *field = (char *)p + k->offset;
  char *end = NULL;
  errno = 0;
  switch (k->type) {
  case PEL_KW_DOUBLE: {
    double v = strtod(value, &end);
    if (end == value || *end != '\0' || errno == ERANGE)
      return pel_error_set(err, PEL_EINVAL, "keyword %s expects a number, got '%s'", k->name,
                           value);
    *(double *)field = v;
    break;
  }
  case PEL_KW_INT: {
    long v = strtol(value, &end, 10);
    if (end == value || *end != '\0' || errno == ERANGE || v > INT_MAX || v < INT_MIN)
      return pel_error_set(err, PEL_EINVAL, "keyword %s expects an integer, got '%s'", k->name,
                           value);
    *(int *)field = (int)v;
    break;
  }
  case PEL_KW_BOOL:
    if (!strcmp(value, "yes") || !strcmp(value, "on") || !strcmp(value, "true"))
      *(int *)field = 1;
    else if (!strcmp(value, "no") || !strcmp(value, "off") || !strcmp(value, "false"))
      *(int *)field = 0;
    else
      return pel_error_set(err, PEL_EINVAL, "keyword %s expects yes or no, got '%s'", k->name,
                           value);
    break;
  }
  return PEL_OK;
}

void pel_artn_keyword_format(const pel_artn_params *p, int i, char *buf, size_t size)
{
  const pel_artn_keyword *k = pel_artn_keyword_at(i);
  if (!k || size == 0) return;
  const char *field = (const char *)p + k->offset;
  switch (k->type) {
  case PEL_KW_DOUBLE: snprintf(buf, size, "%.10g", *(const double *)field); break;
  case PEL_KW_INT: snprintf(buf, size, "%d", *(const int *)field); break;
  case PEL_KW_BOOL: snprintf(buf, size, "%s", *(const int *)field ? "yes" : "no"); break;
  }
}

void pel_artn_params_derive_units(pel_artn_params *p, const int *given)
{
  pel_artn_params m;
  pel_artn_params_default(&m);
  /* a length scale and a force scale from the required keywords, relative to
   * the metal defaults; energies scale as force x length */
  const double L = p->push_step / m.push_step, F = p->ftol / m.ftol, E = F * L;
  for (int i = 0; i < NKEYWORDS; i++) {
    const pel_artn_keyword *k = &keywords[i];
    if (given[i] || k->required_nonmetal || k->type != PEL_KW_DOUBLE) continue;
    double *v = (double *)((char *)p + k->offset);
    const double *d = (const double *)((const char *)&m + k->offset);
    switch (k->unit) {
    case PEL_KW_LENGTH: *v = *d * L; break;
    case PEL_KW_FORCE: *v = *d * F; break;
    case PEL_KW_ENERGY: *v = *d * E; break;
    case PEL_KW_CURVATURE: *v = *d * F / L; break;
    case PEL_KW_TIME: *v = *d * sqrt(L / F); break;
    case PEL_KW_NONE: break;
    }
  }
}
