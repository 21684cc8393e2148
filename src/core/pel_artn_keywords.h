/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pelstat core: the fix artn keywords that set fields of pel_artn_params.
 *
 * One table serves parsing, the event-log header and the unit handling, so a
 * new engine parameter is added in exactly one place (pel_artn_keywords.c). */
#ifndef PEL_ARTN_KEYWORDS_H
#define PEL_ARTN_KEYWORDS_H

#include "pel_artn.h"
#include "pel_error.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PEL_KW_DOUBLE, PEL_KW_INT, PEL_KW_BOOL } pel_artn_kw_type;

/* The physical dimension of a keyword's value: outside metal units the
 * length/energy keywords have no default. */
typedef enum {
  PEL_KW_NONE = 0,
  PEL_KW_LENGTH,
  PEL_KW_ENERGY,
  PEL_KW_FORCE,     /* energy / length */
  PEL_KW_CURVATURE, /* energy / length^2 */
  PEL_KW_TIME       /* FIRE time step with unit masses: sqrt(length / force) */
} pel_artn_kw_unit;

typedef struct {
  const char *name;      /* as the LAMMPS user writes it */
  pel_artn_kw_type type; /* double, int, or yes/no stored as int */
  size_t offset;         /* of the field in pel_artn_params */
  pel_artn_kw_unit unit;
  int required_nonmetal; /* must be given outside metal units */
} pel_artn_keyword;

/* Number of keywords and the i-th one. */
int pel_artn_keyword_count(void);
const pel_artn_keyword *pel_artn_keyword_at(int i);
/* Index of the keyword `name`, or -1. */
int pel_artn_keyword_find(const char *name);

/* Set keyword i of p from the text value.  PEL_EINVAL with a message naming
 * the keyword and the value when it is not a number / integer / yes-no. */
pel_status pel_artn_keyword_set(pel_artn_params *p, int i, const char *value, pel_error *err);
/* The value of keyword i of p as text (%.10g, an integer, or yes/no). */
void pel_artn_keyword_format(const pel_artn_params *p, int i, char *buf, size_t size);

/* Outside metal units: the engine's tuning lengths, energies and forces that
 * were not given (given[i] == 0 for keyword i) are derived from the required
 * ones (push_step, ftol) in the same proportions as the metal defaults. */
void pel_artn_params_derive_units(pel_artn_params *p, const int *given);

#ifdef __cplusplus
}
#endif
#endif
