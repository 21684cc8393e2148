/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pelstat core: parameter tables.
 *
 * A style's keywords are described once, in a table of pel_param: the name a
 * LAMMPS user writes, the type, where the value lives in the style's
 * parameter struct, the default, the allowed range, the physical dimension
 * and a one-line meaning.  Parsing, range checks, defaults, the event-log
 * header and the keyword tables of the docs all come from it, with one rule
 * for every number: the whole word must be a finite number that a double (or
 * the integer type) represents, inside the keyword's range. */
#ifndef PEL_PARAM_H
#define PEL_PARAM_H

#include "pel_error.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  PEL_PARAM_DOUBLE, /* double */
  PEL_PARAM_INT,    /* int */
  PEL_PARAM_BOOL,   /* int 0/1: yes/no (also on/off, true/false) */
  PEL_PARAM_U64,    /* uint64_t (seeds) */
  PEL_PARAM_I64,    /* int64_t (counts and seeds whose range the style checks itself) */
  PEL_PARAM_CHOICE, /* int: index of the word in `choices` ("sequential|random") */
  PEL_PARAM_TEXT    /* a word the style keeps itself (file, group): no storage here */
} pel_param_type;

/* physical dimension: outside metal units dimensioned keywords scale */
typedef enum {
  PEL_UNIT_NONE = 0,
  PEL_UNIT_LENGTH,
  PEL_UNIT_ENERGY,
  PEL_UNIT_FORCE,     /* energy / length */
  PEL_UNIT_CURVATURE, /* energy / length^2 */
  PEL_UNIT_TIME,      /* FIRE time step with unit masses: sqrt(length / force) */
  PEL_UNIT_TEMPERATURE
} pel_param_unit;

typedef struct {
  const char *name;    /* as the user writes it */
  pel_param_type type;
  size_t offset;       /* of the field in the style's struct (not for TEXT) */
  double def;          /* default (metal units); NAN with def_text: derived or none */
  double lo, hi;       /* allowed range of numbers (lo <= hi) */
  unsigned char lo_open, hi_open; /* the bound itself is excluded */
  pel_param_unit unit;
  int required_nonmetal; /* no default outside metal units */
  const char *choices;   /* CHOICE: the words, '|'-separated; TEXT: what the word names;
                            DOUBLE: words taken in place of a number, word i kept as the
                            value -1 - i (the range must leave those out) */
  const char *def_text;  /* the default as the docs say it, when not a plain value */
  const char *meaning;   /* one line */
} pel_param;

/* Index of `name` in the table of n entries, or -1. */
int pel_param_find(const pel_param *table, int n, const char *name);

/* Parse `text` into the field of entry k of obj, range-checked.  PEL_EINVAL
 * with a message naming the keyword and the text ("ftol must be > 0, got
 * -1", "ftol expects a number, got 'abc'"). */
pel_status pel_param_parse(const pel_param *k, void *obj, const char *text, pel_error *err);

/* One value of a keyword that has no table (the computes' and the CLI's,
 * whose checks live in their core parameter functions): the same parsing
 * rule, no range.  out is a double (DOUBLE), int (INT, BOOL: 0/1),
 * uint64_t (U64) or int64_t (I64); messages name `name`. */
pel_status pel_param_parse_value(const char *name, pel_param_type type, const char *text,
                                 void *out, pel_error *err);

/* The word a DOUBLE value stands for (its index in k->choices), or -1 for a
 * number. */
int pel_param_word_index(const pel_param *k, double v);

/* Range check of the value in obj (numbers and choices). */
pel_status pel_param_check(const pel_param *k, const void *obj, pel_error *err);

/* Every entry's default into obj (TEXT and NAN defaults are left alone). */
void pel_param_defaults(const pel_param *table, int n, void *obj);

/* Check every entry of the table. */
pel_status pel_param_check_all(const pel_param *table, int n, const void *obj, pel_error *err);

/* The value of entry k in obj as text ("%.10g", an integer, yes/no, the word). */
void pel_param_format(const pel_param *k, const void *obj, char *buf, size_t size);

/* The default as the docs say it, and the allowed values ("> 0", "2 to 200",
 * "yes or no", "sequential or random"). */
void pel_param_format_default(const pel_param *k, char *buf, size_t size);
void pel_param_format_range(const pel_param *k, char *buf, size_t size);

/* The table as Markdown rows: | keyword | default | allowed | meaning |,
 * into buf (returns the length needed, like snprintf). */
int pel_param_markdown(const pel_param *table, int n, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
