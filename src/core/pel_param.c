/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pel_param.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pel_param_find(const pel_param *table, int n, const char *name)
{
  for (int i = 0; i < n; i++)
    if (strcmp(table[i].name, name) == 0) return i;
  return -1;
}

/* the i-th word of "a|b|c" into buf; 0 when there is none */
static int choice_word(const char *choices, int i, char *buf, size_t size)
{
  const char *s = choices;
  for (int k = 0; k < i && s; k++) {
    s = strchr(s, '|');
    if (s) s++;
  }
  if (!s || !*s) return 0;
  size_t len = strcspn(s, "|");
  if (len >= size) len = size - 1;
  memcpy(buf, s, len);
  buf[len] = '\0';
  return 1;
}

static int choice_index(const char *choices, const char *word)
{
  char w[64];
  for (int i = 0; choice_word(choices, i, w, sizeof w); i++)
    if (strcmp(w, word) == 0) return i;
  return -1;
}

/* "a, b or c" */
static void choice_list(const char *choices, char *buf, size_t size)
{
  char w[64];
  int n = 0;
  while (choice_word(choices, n, w, sizeof w)) n++;
  buf[0] = '\0';
  size_t len = 0;
  for (int i = 0; i < n && choice_word(choices, i, w, sizeof w); i++) {
    const char *sep = i == 0 ? "" : (i == n - 1 ? " or " : ", ");
    int m = snprintf(buf + len, size - len, "%s%s", sep, w);
    if (m < 0 || (size_t)m >= size - len) return;
    len += (size_t)m;
  }
}

int pel_param_word_index(const pel_param *k, double v)
{
  char w[64];
  if (k->type != PEL_PARAM_DOUBLE || !k->choices || !(v < 0.0) || !(v >= -64.0) || v != floor(v))
    return -1;
  const int i = (int)(-1.0 - v);
  return choice_word(k->choices, i, w, sizeof w) ? i : -1;
}

/* a DOUBLE's word i, or its value, into buf */
static void format_double(const pel_param *k, double v, char *buf, size_t size)
{
  const int i = pel_param_word_index(k, v);
  if (i >= 0)
    choice_word(k->choices, i, buf, size);
  else
    snprintf(buf, size, "%.10g", v);
}

static int is_number_type(pel_param_type t)
{
  return t == PEL_PARAM_DOUBLE || t == PEL_PARAM_INT || t == PEL_PARAM_U64 || t == PEL_PARAM_I64;
}

static int in_range(const pel_param *k, double v)
{
  if (k->lo_open ? !(v > k->lo) : !(v >= k->lo)) return 0;
  if (k->hi_open ? !(v < k->hi) : !(v <= k->hi)) return 0;
  return 1;
}

void pel_param_format_range(const pel_param *k, char *buf, size_t size)
{
  if (k->type == PEL_PARAM_BOOL) {
    snprintf(buf, size, "yes or no");
    return;
  }
  if (k->type == PEL_PARAM_CHOICE) {
    choice_list(k->choices, buf, size);
    return;
  }
  if (!is_number_type(k->type)) {
    snprintf(buf, size, "%s", k->choices ? k->choices : "a word");
    return;
  }
  const int has_lo = isfinite(k->lo), has_hi = isfinite(k->hi);
  if (has_lo && has_hi && !k->lo_open && !k->hi_open)
    snprintf(buf, size, "%.10g to %.10g", k->lo, k->hi);
  else if (has_lo && has_hi)
    snprintf(buf, size, "%s %.10g and %s %.10g", k->lo_open ? ">" : ">=", k->lo,
             k->hi_open ? "<" : "<=", k->hi);
  else if (has_lo)
    snprintf(buf, size, "%s %.10g", k->lo_open ? ">" : ">=", k->lo);
  else if (has_hi)
    snprintf(buf, size, "%s %.10g", k->hi_open ? "<" : "<=", k->hi);
  else
    snprintf(buf, size, "any number");
  if (k->type == PEL_PARAM_DOUBLE && k->choices) {
    char w[128];
    choice_list(k->choices, w, sizeof w);
    const size_t len = strlen(buf);
    if (len < size) snprintf(buf + len, size - len, " or %s", w);
  }
}

static pel_status range_error(const pel_param *k, const char *got, pel_error *err)
{
  char r[128];
  pel_param_format_range(k, r, sizeof r);
  if (!isfinite(k->lo) && !isfinite(k->hi))
    return pel_error_set(err, PEL_EINVAL, "%s: %s is out of range", k->name, got);
  /* "2 to 100" reads "must be from 2 to 100" */
  const int from = isfinite(k->lo) && isfinite(k->hi) && !k->lo_open && !k->hi_open;
  return pel_error_set(err, PEL_EINVAL, "%s must be %s%s, got %s", k->name, from ? "from " : "", r,
                       got);
}

pel_status pel_param_check(const pel_param *k, const void *obj, pel_error *err)
{
  const char *field = (const char *)obj + k->offset;
  char got[64];
  switch (k->type) {
  case PEL_PARAM_DOUBLE: {
    const double v = *(const double *)field;
    if ((isfinite(v) && in_range(k, v)) || pel_param_word_index(k, v) >= 0) return PEL_OK;
    snprintf(got, sizeof got, "%.10g", v);
    return range_error(k, got, err);
  }
  case PEL_PARAM_INT: {
    const int v = *(const int *)field;
    if (in_range(k, (double)v)) return PEL_OK;
    snprintf(got, sizeof got, "%d", v);
    return range_error(k, got, err);
  }
  case PEL_PARAM_U64: {
    const uint64_t v = *(const uint64_t *)field;
    if (in_range(k, (double)v)) return PEL_OK;
    snprintf(got, sizeof got, "%llu", (unsigned long long)v);
    return range_error(k, got, err);
  }
  case PEL_PARAM_I64: {
    const int64_t v = *(const int64_t *)field;
    if (in_range(k, (double)v)) return PEL_OK;
    snprintf(got, sizeof got, "%lld", (long long)v);
    return range_error(k, got, err);
  }
  case PEL_PARAM_BOOL: {
    const int v = *(const int *)field;
    if (v == 0 || v == 1) return PEL_OK;
    return pel_error_set(err, PEL_EINVAL, "%s must be yes or no, got %d", k->name, v);
  }
  case PEL_PARAM_CHOICE: {
    const int v = *(const int *)field;
    char w[64];
    if (v >= 0 && choice_word(k->choices, v, w, sizeof w)) return PEL_OK;
    return pel_error_set(err, PEL_EINVAL, "%s has no choice number %d", k->name, v);
  }
  case PEL_PARAM_TEXT: return PEL_OK;
  }
  return PEL_OK;
}

pel_status pel_param_parse(const pel_param *k, void *obj, const char *text, pel_error *err)
{
  char *field = (char *)obj + k->offset;
  char *end = NULL;
  errno = 0;
  switch (k->type) {
  case PEL_PARAM_DOUBLE: {
    if (k->choices) {
      const int i = choice_index(k->choices, text);
      if (i >= 0) {
        *(double *)field = -1.0 - i;
        return PEL_OK;
      }
    }
    const double v = strtod(text, &end);
    if (end == text || *end != '\0') {
      if (!k->choices)
        return pel_error_set(err, PEL_EINVAL, "%s expects a number, got '%s'", k->name, text);
      char r[128];
      choice_list(k->choices, r, sizeof r);
      return pel_error_set(err, PEL_EINVAL, "%s expects a number or %s, got '%s'", k->name, r,
                           text);
    }
    if (!isfinite(v))
      return pel_error_set(err, PEL_EINVAL, "%s must be a finite number, got '%s'", k->name, text);
    if (errno == ERANGE && v == 0.0)
      return pel_error_set(err, PEL_EINVAL,
                           "%s: '%s' is too small for a double (it would become 0)", k->name, text);
    if (!in_range(k, v)) return range_error(k, text, err);
    *(double *)field = v;
    return PEL_OK;
  }
  case PEL_PARAM_INT: {
    const long v = strtol(text, &end, 10);
    if (end == text || *end != '\0')
      return pel_error_set(err, PEL_EINVAL, "%s expects an integer, got '%s'", k->name, text);
    if (errno == ERANGE || v > INT_MAX || v < INT_MIN || !in_range(k, (double)v))
      return range_error(k, text, err);
    *(int *)field = (int)v;
    return PEL_OK;
  }
  case PEL_PARAM_U64: {
    if (text[0] < '0' || text[0] > '9')
      return pel_error_set(err, PEL_EINVAL, "%s expects a non-negative integer, got '%s'", k->name,
                           text);
    const unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0')
      return pel_error_set(err, PEL_EINVAL, "%s expects a non-negative integer, got '%s'", k->name,
                           text);
    if (errno == ERANGE || !in_range(k, (double)v)) return range_error(k, text, err);
    *(uint64_t *)field = (uint64_t)v;
    return PEL_OK;
  }
  case PEL_PARAM_I64: {
    const long long v = strtoll(text, &end, 10);
    if (end == text || *end != '\0')
      return pel_error_set(err, PEL_EINVAL, "%s expects an integer, got '%s'", k->name, text);
    if (errno == ERANGE || !in_range(k, (double)v)) return range_error(k, text, err);
    *(int64_t *)field = (int64_t)v;
    return PEL_OK;
  }
  case PEL_PARAM_BOOL:
    if (!strcmp(text, "yes") || !strcmp(text, "on") || !strcmp(text, "true"))
      *(int *)field = 1;
    else if (!strcmp(text, "no") || !strcmp(text, "off") || !strcmp(text, "false"))
      *(int *)field = 0;
    else
      return pel_error_set(err, PEL_EINVAL, "%s expects yes or no, got '%s'", k->name, text);
    return PEL_OK;
  case PEL_PARAM_CHOICE: {
    const int i = choice_index(k->choices, text);
    if (i < 0) {
      char r[128];
      choice_list(k->choices, r, sizeof r);
      return pel_error_set(err, PEL_EINVAL, "%s must be %s, got '%s'", k->name, r, text);
    }
    *(int *)field = i;
    return PEL_OK;
  }
  case PEL_PARAM_TEXT: return PEL_OK;
  }
  return PEL_OK;
}

void pel_param_defaults(const pel_param *table, int n, void *obj)
{
  for (int i = 0; i < n; i++) {
    const pel_param *k = &table[i];
    char *field = (char *)obj + k->offset;
    if (k->type == PEL_PARAM_TEXT || isnan(k->def)) continue;
    switch (k->type) {
    case PEL_PARAM_DOUBLE: *(double *)field = k->def; break;
    case PEL_PARAM_U64: *(uint64_t *)field = (uint64_t)k->def; break;
    case PEL_PARAM_I64: *(int64_t *)field = (int64_t)k->def; break;
    default: *(int *)field = (int)k->def; break;
    }
  }
}

pel_status pel_param_check_all(const pel_param *table, int n, const void *obj, pel_error *err)
{
  for (int i = 0; i < n; i++) {
    pel_status st = pel_param_check(&table[i], obj, err);
    if (st != PEL_OK) return st;
  }
  return PEL_OK;
}

void pel_param_format(const pel_param *k, const void *obj, char *buf, size_t size)
{
  if (size == 0) return;
  const char *field = (const char *)obj + k->offset;
  buf[0] = '\0';
  switch (k->type) {
  case PEL_PARAM_DOUBLE: format_double(k, *(const double *)field, buf, size); break;
  case PEL_PARAM_INT: snprintf(buf, size, "%d", *(const int *)field); break;
  case PEL_PARAM_U64:
    snprintf(buf, size, "%llu", (unsigned long long)*(const uint64_t *)field);
    break;
  case PEL_PARAM_I64: snprintf(buf, size, "%lld", (long long)*(const int64_t *)field); break;
  case PEL_PARAM_BOOL: snprintf(buf, size, "%s", *(const int *)field ? "yes" : "no"); break;
  case PEL_PARAM_CHOICE: choice_word(k->choices, *(const int *)field, buf, size); break;
  case PEL_PARAM_TEXT: break;
  }
}

void pel_param_format_default(const pel_param *k, char *buf, size_t size)
{
  if (k->def_text) {
    snprintf(buf, size, "%s", k->def_text);
    return;
  }
  switch (k->type) {
  case PEL_PARAM_DOUBLE: format_double(k, k->def, buf, size); break;
  case PEL_PARAM_INT:
  case PEL_PARAM_U64:
  case PEL_PARAM_I64: snprintf(buf, size, "%.0f", k->def); break;
  case PEL_PARAM_BOOL: snprintf(buf, size, "%s", k->def != 0.0 ? "yes" : "no"); break;
  case PEL_PARAM_CHOICE: choice_word(k->choices, (int)k->def, buf, size); break;
  case PEL_PARAM_TEXT: snprintf(buf, size, "none"); break;
  }
}

int pel_param_markdown(const pel_param *table, int n, char *buf, size_t size)
{
  size_t len = 0;
  int need = 0;
#define PUT(...)                                                                                   \
  do {                                                                                             \
    int m_ = snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0, __VA_ARGS__);    \
    if (m_ > 0) {                                                                                  \
      need += m_;                                                                                  \
      len += (size_t)m_;                                                                           \
    }                                                                                              \
  } while (0)
  if (size) buf[0] = '\0';
  PUT("| keyword | default | allowed values | meaning |\n|---|---|---|---|\n");
  for (int i = 0; i < n; i++) {
    char d[96], r[128];
    pel_param_format_default(&table[i], d, sizeof d);
    pel_param_format_range(&table[i], r, sizeof r);
    PUT("| `%s` | %s | %s | %s |\n", table[i].name, d, r, table[i].meaning);
  }
#undef PUT
  return need;
}

pel_status pel_param_parse_value(const char *name, pel_param_type type, const char *text, void *out,
                                 pel_error *err)
{
  const pel_param k = {name, type,          0, NAN,  -INFINITY, INFINITY, 0,
                       0,    PEL_UNIT_NONE, 0, NULL, NULL,      NULL};
  return pel_param_parse(&k, out, text, err);
}
