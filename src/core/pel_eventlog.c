/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * pelstat core: the event log of fix artn (see pel_eventlog.h). */
#define _POSIX_C_SOURCE 200809L

#include "pel_eventlog.h"
#include "pel_version.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const pel_eventlog_columns[PEL_EVENTLOG_NCOLUMNS] = {"event",
                                                                 "center",
                                                                 "attempt",
                                                                 "status",
                                                                 "e_initial",
                                                                 "e_saddle",
                                                                 "barrier",
                                                                 "e_final",
                                                                 "asymmetry",
                                                                 "eigenvalue",
                                                                 "dr_saddle",
                                                                 "dmax_saddle",
                                                                 "natoms_moved",
                                                                 "force_calls",
                                                                 "seconds",
                                                                 "force_calls_saddle",
                                                                 "force_calls_lanczos",
                                                                 "basin_steps",
                                                                 "activation_steps",
                                                                 "reentries",
                                                                 "dmax_final",
                                                                 "eigenvalue2",
                                                                 "force_calls_local",
                                                                 "cost"};

enum {
  COL_EVENT,
  COL_CENTER,
  COL_ATTEMPT,
  COL_STATUS,
  COL_E_INITIAL,
  COL_E_SADDLE,
  COL_BARRIER,
  COL_E_FINAL,
  COL_ASYMMETRY,
  COL_EIGENVALUE,
  COL_DR_SADDLE,
  COL_DMAX_SADDLE,
  COL_NATOMS_MOVED,
  COL_FORCE_CALLS,
  COL_SECONDS,
  COL_FORCE_CALLS_SADDLE,
  COL_FORCE_CALLS_LANCZOS,
  COL_BASIN_STEPS,
  COL_ACTIVATION_STEPS,
  COL_REENTRIES,
  COL_DMAX_FINAL,
  COL_EIGENVALUE2,
  COL_FORCE_CALLS_LOCAL,
  COL_COST
};

#define COLUMNS_PREFIX "# columns:"
#define EXTENT_PREFIX "# extent "
#define BLANKS " \t\r\n"

int pel_event_is_saddle(const pel_event *ev)
{
  return ev && strcmp(ev->status, PEL_EVENTLOG_STATUS_SADDLE) == 0;
}

int pel_event_is_converged(const pel_event *ev)
{
  return ev && isfinite(ev->e_saddle) && strcmp(ev->status, "fail_index") != 0;
}

int pel_event_in_barriers(const pel_event *ev, pel_barriers_which which)
{
  if (which == PEL_BARRIERS_CONNECTED) return pel_event_is_saddle(ev);
  return pel_event_is_converged(ev) && strcmp(ev->status, "trivial") != 0 && ev->barrier > 0.0;
}

void pel_event_init(pel_event *ev)
{
  memset(ev, 0, sizeof *ev);
  ev->dmax_final = NAN;
  ev->eigenvalue2 = NAN;
  ev->cost = NAN; /* not set: force_calls */
}

int pel_eventlog_status_valid(const char *s)
{
  if (!strcmp(s, PEL_EVENTLOG_STATUS_SADDLE) || !strcmp(s, "trivial")) return 1;
  if (strncmp(s, "fail_", 5) != 0 || !s[5] || strlen(s) >= PEL_EVENTLOG_STATUS_LEN) return 0;
  for (const char *c = s + 5; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_')) return 0;
  return 1;
}

static int has_blank(const char *s)
{
  return strpbrk(s, BLANKS) != NULL;
}

/* ================================================================ writer */

struct pel_eventlog_writer {
  FILE *fp;
  char *path;
  int has_header;
  long dropped;
};

static char *dup_string(const char *s)
{
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

/* Position just after the last '\n' of fp (0 if none); -1 on a read error.
 * *size gets the file size. */
static long last_newline_end(FILE *fp, long *size)
{
  char buf[65536];
  long pos = 0, end = 0;
  size_t got;
  while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
    for (size_t i = 0; i < got; i++)
      if (buf[i] == '\n') end = pos + (long)i + 1;
    pos += (long)got;
  }
  if (ferror(fp)) return -1;
  *size = pos;
  return end;
}

pel_status pel_eventlog_repair(const char *path, long *dropped, pel_error *err)
{
  if (dropped) *dropped = 0;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return pel_error_set(err, PEL_EIO, "cannot open event log '%s': %s", path, strerror(errno));
  long size = 0, end = last_newline_end(fp, &size);
  fclose(fp);
  if (end < 0) return pel_error_set(err, PEL_EIO, "cannot read event log '%s'", path);
  if (end < size) {
    if (truncate(path, (off_t)end) != 0)
      return pel_error_set(err, PEL_EIO, "cannot truncate the partial last line of '%s': %s", path,
                           strerror(errno));
    if (dropped) *dropped = size - end;
  }
  return PEL_OK;
}

/* 1 if the file holds a column line, 0 if not; sets *nonheader if a
 * non-comment, non-blank line was seen.  An unterminated last line (a writer
 * killed part-way through it) is not looked at. */
static int scan_for_header(FILE *fp, int *nonheader)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int found = 0;
  *nonheader = 0;
  while ((len = getline(&line, &cap, fp)) > 0 && line[len - 1] == '\n') {
    if (strncmp(line, COLUMNS_PREFIX, strlen(COLUMNS_PREFIX)) == 0) {
      found = 1;
      break;
    }
    if (line[0] != '#' && line[strspn(line, BLANKS)] != '\0') *nonheader = 1;
  }
  free(line);
  return found;
}

int pel_eventlog_is_stub(const char *path)
{
  FILE *fp = fopen(path, "r");
  if (!fp) return 0;
  int nonheader = 0;
  const int found = scan_for_header(fp, &nonheader);
  fclose(fp);
  return !found && !nonheader;
}

pel_eventlog_writer *pel_eventlog_writer_alloc(const char *path, pel_eventlog_mode mode,
                                               pel_error *err)
{
  if (!path || !*path) {
    pel_error_set(err, PEL_EINVAL, "event log: empty file name");
    return NULL;
  }
  pel_eventlog_writer *w = calloc(1, sizeof *w);
  if (!w || !(w->path = dup_string(path))) {
    free(w);
    pel_error_set(err, PEL_ENOMEM, "event log '%s': out of memory", path);
    return NULL;
  }
  if (mode == PEL_EVENTLOG_APPEND && access(path, F_OK) == 0) {
    if (pel_eventlog_repair(path, &w->dropped, err) != PEL_OK) {
      pel_eventlog_writer_free(w);
      return NULL;
    }
    FILE *fp = fopen(path, "r");
    if (fp) {
      int nonheader = 0;
      w->has_header = scan_for_header(fp, &nonheader);
      fclose(fp);
      if (!w->has_header && nonheader) {
        pel_error_set(err, PEL_EFORMAT,
                      "cannot append to '%s': it exists and is not an event log "
                      "(no '%s' line)",
                      path, COLUMNS_PREFIX);
        pel_eventlog_writer_free(w);
        return NULL;
      }
    }
  }
  /* a header cut short (no column line, no record) is written again */
  w->fp = fopen(path, mode == PEL_EVENTLOG_APPEND && w->has_header ? "a" : "w");
  if (!w->fp) {
    pel_error_set(err, PEL_EIO, "cannot open event log '%s' for writing: %s", path,
                  strerror(errno));
    pel_eventlog_writer_free(w);
    return NULL;
  }
  return w;
}

void pel_eventlog_writer_free(pel_eventlog_writer *w)
{
  if (!w) return;
  if (w->fp) fclose(w->fp);
  free(w->path);
  free(w);
}

int pel_eventlog_writer_has_header(const pel_eventlog_writer *w)
{
  return w->has_header;
}
long pel_eventlog_writer_dropped_bytes(const pel_eventlog_writer *w)
{
  return w->dropped;
}

static pel_status flush_or_fail(pel_eventlog_writer *w, int wrote, pel_error *err)
{
  if (wrote < 0 || fflush(w->fp) != 0)
    return pel_error_set(err, PEL_EIO, "cannot write event log '%s': %s", w->path, strerror(errno));
  return PEL_OK;
}

pel_status pel_eventlog_writer_header(pel_eventlog_writer *w, const char *units, int nparams,
                                      const char *const *keys, const char *const *values,
                                      pel_error *err)
{
  for (int i = 0; i < nparams; i++) {
    if (!keys[i] || !*keys[i] || has_blank(keys[i]) || strchr(keys[i], ':'))
      return pel_error_set(err, PEL_EINVAL,
                           "event log '%s': parameter name '%s' must be one word without ':'",
                           w->path, keys[i] ? keys[i] : "(null)");
    if (values[i] && strpbrk(values[i], "\r\n"))
      return pel_error_set(err, PEL_EINVAL, "event log '%s': value of '%s' holds a newline",
                           w->path, keys[i]);
  }
  if (units && (!*units || has_blank(units)))
    return pel_error_set(err, PEL_EINVAL, "event log '%s': bad units '%s'", w->path, units);
  int bad = 0;
  bad |= fprintf(w->fp, "# pelstat event log\n# pelstat_version %s\n", PELSTAT_VERSION_STRING) < 0;
  if (units) bad |= fprintf(w->fp, "# units %s\n", units) < 0;
  for (int i = 0; i < nparams; i++)
    bad |= fprintf(w->fp, "# %s %s\n", keys[i], values[i] ? values[i] : "") < 0;
  bad |= fputs(COLUMNS_PREFIX, w->fp) < 0;
  for (int c = 0; c < PEL_EVENTLOG_NCOLUMNS; c++)
    bad |= fprintf(w->fp, " %s", pel_eventlog_columns[c]) < 0;
  bad |= fputc('\n', w->fp) == EOF;
  pel_status s = flush_or_fail(w, bad ? -1 : 0, err);
  if (s == PEL_OK) w->has_header = 1;
  return s;
}

pel_status pel_eventlog_writer_comment(pel_eventlog_writer *w, const char *text, pel_error *err)
{
  if (strpbrk(text, "\r\n"))
    return pel_error_set(err, PEL_EINVAL, "event log '%s': comment holds a newline", w->path);
  return flush_or_fail(w, fprintf(w->fp, "# %s\n", text), err);
}

pel_status pel_eventlog_writer_extent(pel_eventlog_writer *w, int nparams, const char *const *keys,
                                      const char *const *values, pel_error *err)
{
  for (int i = 0; i < nparams; i++)
    if (!keys[i][0] || !values[i][0] || strpbrk(keys[i], BLANKS) || strpbrk(values[i], BLANKS))
      return pel_error_set(err, PEL_EINVAL, "event log '%s': extent '%s' '%s' is not two words",
                           w->path, keys[i], values[i]);
  int rc = fprintf(w->fp, "%s", EXTENT_PREFIX);
  for (int i = 0; i < nparams && rc >= 0; i++)
    rc = fprintf(w->fp, "%s%s %s", i ? " " : "", keys[i], values[i]);
  if (rc >= 0) rc = fprintf(w->fp, "\n");
  return flush_or_fail(w, rc, err);
}

/* x with the fewest significant digits (15 to 17) that read back as x:
 * "1234" rather than "1234.0000000000002" for a whole number. */
static void format_exact(char *buf, size_t size, double x)
{
  for (int digits = 15; digits <= 17; digits++) {
    snprintf(buf, size, "%.*g", digits, x);
    if (digits == 17 || !isfinite(x) || strtod(buf, NULL) == x) return;
  }
}

int pel_eventlog_format(char *buf, size_t size, const pel_event *ev)
{
  /* A cost never set is that of the full calls alone. */
  char cost[32];
  format_exact(cost, sizeof cost, isnan(ev->cost) ? (double)ev->force_calls : ev->cost);
  /* Energies with 17 significant digits: exact round trip of a double. */
  return snprintf(buf, size,
                  "%ld\t%ld\t%d\t%s\t%.17g\t%.17g\t%.17g\t%.17g\t%.17g\t%.10g\t%.10g\t%.10g\t%d\t%"
                  "ld\t%.6f\t%ld\t%ld\t%d\t%d\t%d\t%.10g\t%.10g\t%ld\t%s",
                  ev->event, ev->center, ev->attempt, ev->status, ev->e_initial, ev->e_saddle,
                  ev->barrier, ev->e_final, ev->asymmetry, ev->eigenvalue, ev->dr_saddle,
                  ev->dmax_saddle, ev->natoms_moved, ev->force_calls, ev->seconds,
                  ev->force_calls_saddle, ev->force_calls_lanczos, ev->basin_steps,
                  ev->activation_steps, ev->reentries, ev->dmax_final, ev->eigenvalue2,
                  ev->force_calls_local, cost);
}

pel_status pel_eventlog_writer_write(pel_eventlog_writer *w, const pel_event *ev, pel_error *err)
{
  if (strnlen(ev->status, PEL_EVENTLOG_STATUS_LEN) == PEL_EVENTLOG_STATUS_LEN ||
      !pel_eventlog_status_valid(ev->status))
    return pel_error_set(err, PEL_EINVAL,
                         "event log '%s': event %ld: status '%.*s' is not saddle, trivial or "
                         "fail_<reason> (lower-case letters, digits, '_'; at most %d characters)",
                         w->path, ev->event, PEL_EVENTLOG_STATUS_LEN - 1, ev->status,
                         PEL_EVENTLOG_STATUS_LEN - 1);
  char buf[1024];
  int n = pel_eventlog_format(buf, sizeof buf - 1, ev);
  if (n < 0 || (size_t)n >= sizeof buf - 1)
    return pel_error_set(err, PEL_EFAIL, "event log '%s': record too long", w->path);
  buf[n] = '\n';
  buf[n + 1] = '\0';
  /* One write of the whole line, then flush: a kill leaves at most one
   * partial line, which readers recognise by its missing newline. */
  int wrote = fwrite(buf, 1, (size_t)n + 1, w->fp) == (size_t)n + 1 ? 0 : -1;
  return flush_or_fail(w, wrote, err);
}

/* ================================================================ reader */

typedef struct {
  char *key, *value;
} kv_pair;

struct pel_eventlog_reader {
  FILE *fp;
  char *path;
  char *line;
  size_t cap;
  long lineno; /* lines read so far */
  long record_line;
  int truncated;
  int ncols;    /* fields per data line */
  int *field;   /* for each field: column id (COL_...) or -1 */
  char **names; /* for each field: its name in the column line */
  kv_pair *params;
  int nparams, capparams;
};

long pel_eventlog_reader_line(const pel_eventlog_reader *r)
{
  return r->record_line;
}
int pel_eventlog_reader_truncated(const pel_eventlog_reader *r)
{
  return r->truncated;
}

const char *pel_eventlog_reader_param(const pel_eventlog_reader *r, const char *key)
{
  for (int i = r->nparams - 1; i >= 0; i--)
    if (strcmp(r->params[i].key, key) == 0) return r->params[i].value;
  return NULL;
}

void pel_eventlog_reader_free(pel_eventlog_reader *r)
{
  if (!r) return;
  if (r->fp) fclose(r->fp);
  for (int i = 0; i < r->nparams; i++) {
    free(r->params[i].key);
    free(r->params[i].value);
  }
  free(r->params);
  for (int i = 0; i < r->ncols; i++) free(r->names[i]);
  free(r->names);
  free(r->field);
  free(r->line);
  free(r->path);
  free(r);
}

/* Read one complete line into r->line (newline stripped).  Returns 1 for a
 * line, 0 at the end; an unterminated last line sets r->truncated and counts
 * as the end.  -1 on a read error. */
static int read_line(pel_eventlog_reader *r)
{
  errno = 0;
  ssize_t n = getline(&r->line, &r->cap, r->fp);
  if (n < 0) return ferror(r->fp) ? -1 : 0;
  r->lineno++;
  if (r->line[n - 1] != '\n') {
    r->truncated = 1;
    return 0;
  }
  r->line[--n] = '\0';
  if (n > 0 && r->line[n - 1] == '\r') r->line[--n] = '\0';
  return 1;
}

/* Append the parameter key = value (klen and vlen characters). */
static pel_status add_kv(pel_eventlog_reader *r, const char *key, size_t klen, const char *v,
                         size_t vlen, pel_error *err)
{
  if (r->nparams == r->capparams) {
    int cap = r->capparams ? 2 * r->capparams : 16;
    kv_pair *p = realloc(r->params, (size_t)cap * sizeof *p);
    if (!p) return pel_error_set(err, PEL_ENOMEM, "%s: out of memory", r->path);
    r->params = p;
    r->capparams = cap;
  }
  kv_pair *p = &r->params[r->nparams];
  p->key = malloc(klen + 1);
  p->value = malloc(vlen + 1);
  if (!p->key || !p->value) {
    free(p->key);
    free(p->value);
    return pel_error_set(err, PEL_ENOMEM, "%s: out of memory", r->path);
  }
  memcpy(p->key, key, klen);
  p->key[klen] = '\0';
  memcpy(p->value, v, vlen);
  p->value[vlen] = '\0';
  r->nparams++;
  return PEL_OK;
}

/* A header line "key value ..." (after the '#'): the value is the rest of
 * the line, trailing blanks cut. */
static pel_status add_param(pel_eventlog_reader *r, const char *text, pel_error *err)
{
  text += strspn(text, " \t");
  size_t klen = strcspn(text, " \t");
  if (klen == 0) return PEL_OK;
  const char *v = text + klen;
  v += strspn(v, " \t");
  size_t vlen = strlen(v);
  while (vlen > 0 && strchr(BLANKS, v[vlen - 1])) vlen--;
  return add_kv(r, text, klen, v, vlen, err);
}

static pel_status parse_columns(pel_eventlog_reader *r, const char *text, pel_error *err)
{
  int seen[PEL_EVENTLOG_NCOLUMNS] = {0};
  int cap = 0;
  const char *p = text;
  for (;;) {
    p += strspn(p, BLANKS);
    if (!*p) break;
    size_t len = strcspn(p, BLANKS);
    int id = -1;
    for (int c = 0; c < PEL_EVENTLOG_NCOLUMNS; c++)
      if (strlen(pel_eventlog_columns[c]) == len && strncmp(p, pel_eventlog_columns[c], len) == 0)
        id = c;
    if (id >= 0 && seen[id]++)
      return pel_error_set(err, PEL_EFORMAT, "%s:%ld: column '%s' appears twice", r->path,
                           r->lineno, pel_eventlog_columns[id]);
    if (r->ncols == cap) {
      cap = cap ? 2 * cap : 32;
      int *f = realloc(r->field, (size_t)cap * sizeof *f);
      if (f) r->field = f;
      char **nm = realloc(r->names, (size_t)cap * sizeof *nm);
      if (nm) r->names = nm;
      if (!f || !nm) return pel_error_set(err, PEL_ENOMEM, "%s: out of memory", r->path);
    }
    char *name = malloc(len + 1);
    if (!name) return pel_error_set(err, PEL_ENOMEM, "%s: out of memory", r->path);
    memcpy(name, p, len);
    name[len] = '\0';
    r->names[r->ncols] = name;
    r->field[r->ncols++] = id;
    p += len;
  }
  for (int c = 0; c < PEL_EVENTLOG_NREQUIRED; c++)
    if (!seen[c])
      return pel_error_set(err, PEL_EFORMAT, "%s:%ld: column line lacks column '%s'", r->path,
                           r->lineno, pel_eventlog_columns[c]);
  return PEL_OK;
}

pel_eventlog_reader *pel_eventlog_reader_alloc(const char *path, pel_error *err)
{
  pel_eventlog_reader *r = calloc(1, sizeof *r);
  if (!r || !(r->path = dup_string(path))) {
    free(r);
    pel_error_set(err, PEL_ENOMEM, "event log '%s': out of memory", path);
    return NULL;
  }
  r->fp = fopen(path, "r");
  if (!r->fp) {
    pel_error_set(err, PEL_EIO, "cannot open event log '%s': %s", path, strerror(errno));
    pel_eventlog_reader_free(r);
    return NULL;
  }
  for (;;) {
    int got = read_line(r);
    if (got < 0) {
      pel_error_set(err, PEL_EIO, "cannot read '%s': %s", path, strerror(errno));
      break;
    }
    if (got == 0) {
      pel_error_set(err, PEL_EFORMAT, "%s: not an event log (no '%s' line)", path, COLUMNS_PREFIX);
      break;
    }
    const char *s = r->line;
    if (s[0] == '#') {
      pel_status st;
      if (strncmp(s, COLUMNS_PREFIX, strlen(COLUMNS_PREFIX)) == 0) {
        if (parse_columns(r, s + strlen(COLUMNS_PREFIX), err) != PEL_OK) break;
        return r;
      }
      st = add_param(r, s + 1, err);
      if (st != PEL_OK) break;
      continue;
    }
    if (s[strspn(s, BLANKS)] == '\0') continue; /* blank line */
    pel_error_set(err, PEL_EFORMAT, "%s:%ld: not an event log (data before a '%s' line)", path,
                  r->lineno, COLUMNS_PREFIX);
    break;
  }
  pel_eventlog_reader_free(r);
  return NULL;
}

static int parse_long(const char *s, long *v)
{
  char *end;
  errno = 0;
  long x = strtol(s, &end, 10);
  if (end == s || *end || errno) return 0;
  *v = x;
  return 1;
}

static int parse_int(const char *s, int *v)
{
  long x;
  if (!parse_long(s, &x) || x < INT_MIN || x > INT_MAX) return 0;
  *v = (int)x;
  return 1;
}

static int parse_double(const char *s, double *v)
{
  char *end;
  errno = 0;
  double x = strtod(s, &end);
  if (end == s || *end) return 0;
  if (errno == ERANGE && (x > 1.0 || x < -1.0)) return 0; /* overflow; underflow is fine */
  *v = x;
  return 1;
}

static pel_status parse_record(pel_eventlog_reader *r, char *s, pel_event *ev, pel_error *err)
{
  pel_event_init(ev);
  int nfields = 1;
  for (const char *c = s; *c; c++) nfields += *c == '\t';
  if (nfields != r->ncols)
    return pel_error_set(err, PEL_EFORMAT, "%s:%ld: expected %d fields, found %d%s", r->path,
                         r->lineno, r->ncols, nfields,
                         nfields == 1 ? " (fields are separated by tabs)" : "");
  char *tok = s;
  for (int k = 0; k < r->ncols; k++) {
    char *tab = strchr(tok, '\t');
    if (tab) *tab = '\0';
    int id = r->field[k], ok = 1;
    if (id >= 0 && !*tok)
      return pel_error_set(err, PEL_EFORMAT, "%s:%ld: column '%s' (field %d) is empty", r->path,
                           r->lineno, r->names[k], k + 1);
    switch (id) {
    case -1: break;
    case COL_EVENT: ok = parse_long(tok, &ev->event); break;
    case COL_CENTER: ok = parse_long(tok, &ev->center); break;
    case COL_ATTEMPT: ok = parse_int(tok, &ev->attempt); break;
    case COL_STATUS:
      if (!pel_eventlog_status_valid(tok))
        return pel_error_set(err, PEL_EFORMAT,
                             "%s:%ld: column 'status': unknown status '%s' (a log holds saddle, "
                             "trivial or fail_<reason>)",
                             r->path, r->lineno, tok);
      strcpy(ev->status, tok); /* shorter than the field: checked by status_valid */
      break;
    case COL_E_INITIAL: ok = parse_double(tok, &ev->e_initial); break;
    case COL_E_SADDLE: ok = parse_double(tok, &ev->e_saddle); break;
    case COL_BARRIER: ok = parse_double(tok, &ev->barrier); break;
    case COL_E_FINAL: ok = parse_double(tok, &ev->e_final); break;
    case COL_ASYMMETRY: ok = parse_double(tok, &ev->asymmetry); break;
    case COL_EIGENVALUE: ok = parse_double(tok, &ev->eigenvalue); break;
    case COL_DR_SADDLE: ok = parse_double(tok, &ev->dr_saddle); break;
    case COL_DMAX_SADDLE: ok = parse_double(tok, &ev->dmax_saddle); break;
    case COL_NATOMS_MOVED: ok = parse_int(tok, &ev->natoms_moved); break;
    case COL_FORCE_CALLS: ok = parse_long(tok, &ev->force_calls); break;
    case COL_SECONDS: ok = parse_double(tok, &ev->seconds); break;
    case COL_FORCE_CALLS_SADDLE: ok = parse_long(tok, &ev->force_calls_saddle); break;
    case COL_FORCE_CALLS_LANCZOS: ok = parse_long(tok, &ev->force_calls_lanczos); break;
    case COL_BASIN_STEPS: ok = parse_int(tok, &ev->basin_steps); break;
    case COL_ACTIVATION_STEPS: ok = parse_int(tok, &ev->activation_steps); break;
    case COL_REENTRIES: ok = parse_int(tok, &ev->reentries); break;
    case COL_DMAX_FINAL: ok = parse_double(tok, &ev->dmax_final); break;
    case COL_EIGENVALUE2: ok = parse_double(tok, &ev->eigenvalue2); break;
    case COL_FORCE_CALLS_LOCAL: ok = parse_long(tok, &ev->force_calls_local); break;
    case COL_COST: ok = parse_double(tok, &ev->cost); break;
    }
    if (!ok)
      return pel_error_set(err, PEL_EFORMAT, "%s:%ld: column '%s': bad value '%s'", r->path,
                           r->lineno, r->names[k], tok);
    if (tab) tok = tab + 1;
  }
  /* cost absent (an older log) or nan: as the writer writes a cost not set */
  if (isnan(ev->cost)) ev->cost = (double)ev->force_calls;
  return PEL_OK;
}

/* "# extent key value key value ...": the campaign's limits from here on
 * (a resumed run that raised them); each pair is a parameter, the last wins */
static pel_status add_extent(pel_eventlog_reader *r, const char *s, pel_error *err)
{
  for (;;) {
    s += strspn(s, " \t");
    const size_t k = strcspn(s, " \t");
    if (k == 0) return PEL_OK;
    const char *v = s + k + strspn(s + k, " \t");
    const size_t n = strcspn(v, " \t");
    if (n == 0)
      return pel_error_set(err, PEL_EFORMAT, "%s:%ld: '%s' line: a key without a value", r->path,
                           r->lineno, EXTENT_PREFIX);
    pel_status st = add_kv(r, s, k, v, n, err);
    if (st != PEL_OK) return st;
    s = v + n;
  }
}

pel_status pel_eventlog_reader_next(pel_eventlog_reader *r, pel_event *ev, int *got, pel_error *err)
{
  *got = 0;
  for (;;) {
    int st = read_line(r);
    if (st < 0)
      return pel_error_set(err, PEL_EIO, "cannot read '%s': %s", r->path, strerror(errno));
    if (st == 0) return PEL_OK;
    char *s = r->line;
    if (strncmp(s, EXTENT_PREFIX, strlen(EXTENT_PREFIX)) == 0) {
      pel_status ps = add_extent(r, s + strlen(EXTENT_PREFIX), err);
      if (ps != PEL_OK) return ps;
      continue;
    }
    if (s[0] == '#' || s[strspn(s, BLANKS)] == '\0') continue;
    pel_status ps = parse_record(r, s, ev, err);
    if (ps != PEL_OK) return ps;
    r->record_line = r->lineno;
    *got = 1;
    return PEL_OK;
  }
}

/* ============================================================ whole files */

pel_status pel_eventlog_read_last(const char *path, pel_event *ev, int *found, long *nrecords,
                                  int *truncated, pel_error *err)
{
  *found = 0;
  if (nrecords) *nrecords = 0;
  if (truncated) *truncated = 0;
  pel_error local;
  if (!err) err = &local;
  pel_eventlog_reader *r = pel_eventlog_reader_alloc(path, err);
  if (!r) return err->code;
  pel_event tmp;
  long count = 0;
  pel_status s;
  int got;
  while ((s = pel_eventlog_reader_next(r, &tmp, &got, err)) == PEL_OK && got) {
    *ev = tmp;
    count++;
  }
  if (s == PEL_OK) {
    *found = count > 0;
    if (nrecords) *nrecords = count;
    if (truncated) *truncated = r->truncated;
  }
  pel_eventlog_reader_free(r);
  return s;
}

/* ================================================== barriers of several logs */

/* Append a warning sentence (printf-style) and '\n' to b->warnings. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static pel_status
add_warning(pel_eventlog_barriers *b, const char *fmt, ...)
{
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  size_t old = b->warnings ? strlen(b->warnings) : 0, len = strlen(line);
  char *w = realloc(b->warnings, old + len + 2);
  if (!w) return PEL_ENOMEM;
  memcpy(w + old, line, len);
  w[old + len] = '\n';
  w[old + len + 1] = '\0';
  b->warnings = w;
  return PEL_OK;
}

void pel_eventlog_barriers_free(pel_eventlog_barriers *b)
{
  if (!b) return;
  free(b->x);
  free(b->files);
  free(b->warnings);
  memset(b, 0, sizeof *b);
}

/* Error if two of the paths name the same file (the same device and inode:
 * "a.log" and "./a.log" too).  Paths that cannot be examined are left to the
 * reader, which reports them. */
static pel_status check_distinct(int npaths, const char *const *paths, pel_error *err)
{
  struct stat *st = calloc((size_t)npaths + 1, sizeof *st);
  int *ok = calloc((size_t)npaths + 1, sizeof *ok);
  pel_status s = PEL_OK;
  if (!st || !ok) s = pel_error_set(err, PEL_ENOMEM, "event logs: out of memory");
  for (int i = 0; s == PEL_OK && i < npaths; i++) {
    ok[i] = stat(paths[i], &st[i]) == 0;
    for (int j = 0; s == PEL_OK && j < i; j++) {
      int same = ok[i] && ok[j] ? st[i].st_dev == st[j].st_dev && st[i].st_ino == st[j].st_ino
                                : strcmp(paths[i], paths[j]) == 0;
      if (!same) continue;
      if (strcmp(paths[i], paths[j]) == 0)
        s = pel_error_set(err, PEL_EINVAL,
                          "event log '%s' is given twice: its events would count twice", paths[i]);
      else
        s = pel_error_set(err, PEL_EINVAL,
                          "event logs '%s' and '%s' are the same file: its events would count "
                          "twice",
                          paths[j], paths[i]);
    }
  }
  free(st);
  free(ok);
  return s;
}

static pel_status read_one(pel_eventlog_barriers *b, const char *path, pel_eventlog_file_info *fi,
                           pel_barriers_which which, pel_error *err)
{
  pel_eventlog_reader *r = pel_eventlog_reader_alloc(path, err);
  if (!r) return err->code;
  const char *u = pel_eventlog_reader_param(r, "units");
  if (u) snprintf(fi->units, sizeof fi->units, "%s", u);
  pel_event ev;
  pel_status s;
  int got;
  while ((s = pel_eventlog_reader_next(r, &ev, &got, err)) == PEL_OK && got) {
    if (!pel_event_in_barriers(&ev, which)) {
      fi->nother++;
      continue;
    }
    if (b->n == b->cap) {
      size_t nc = b->cap ? 2 * b->cap : 1024;
      double *nx = realloc(b->x, nc * sizeof *nx);
      if (!nx) {
        s = pel_error_set(err, PEL_ENOMEM, "%s: out of memory", path);
        break;
      }
      b->x = nx;
      b->cap = nc;
    }
    b->x[b->n++] = ev.barrier;
    fi->nsaddle++;
  }
  fi->truncated = r->truncated;
  pel_eventlog_reader_free(r);
  return s;
}

/* The warnings about units, once every log has been read. */
static pel_status units_warnings(pel_eventlog_barriers *b, const char *const *paths,
                                 const char *units)
{
  int ref = -1; /* the log whose units are the reference, without `units` */
  if (units)
    snprintf(b->units, sizeof b->units, "%s", units);
  else
    for (int i = 0; i < b->nfiles && ref < 0; i++)
      if (b->files[i].units[0]) {
        ref = i;
        snprintf(b->units, sizeof b->units, "%s", b->files[i].units);
      }
  pel_status s = PEL_OK;
  for (int i = 0; i < b->nfiles && s == PEL_OK; i++) {
    const char *u = b->files[i].units;
    if (b->files[i].stub) continue;
    if (!u[0]) {
      if (units)
        s = add_warning(b,
                        "event log %s has no units line; its barriers are taken to be in units %s",
                        paths[i], units);
      else if (ref >= 0)
        s = add_warning(b,
                        "event log %s has no units line; its barriers are taken to be in units %s, "
                        "as those of %s",
                        paths[i], b->units, paths[ref]);
      else
        s = add_warning(b, "event log %s has no units line; the units of its barriers are unknown",
                        paths[i]);
    } else if (strcmp(u, b->units) != 0) {
      if (units)
        s = add_warning(b,
                        "event log %s was written with units %s, this run uses units %s (barriers "
                        "are not converted)",
                        paths[i], u, units);
      else
        s = add_warning(
            b, "event log %s has units %s, but %s has units %s (barriers are not converted)",
            paths[i], u, paths[ref], b->units);
    }
  }
  return s;
}

pel_status pel_eventlog_barriers_read(pel_eventlog_barriers *b, int npaths,
                                      const char *const *paths, const char *units,
                                      pel_barriers_which which, pel_error *err)
{
  pel_error local;
  if (!err) err = &local;
  memset(b, 0, sizeof *b);
  pel_status s = check_distinct(npaths, paths, err);
  if (s == PEL_OK && npaths > 0 && !(b->files = calloc((size_t)npaths, sizeof *b->files)))
    s = pel_error_set(err, PEL_ENOMEM, "event logs: out of memory");
  for (int i = 0; s == PEL_OK && i < npaths; i++) {
    b->nfiles = i + 1;
    if (pel_eventlog_is_stub(paths[i])) {
      /* a job killed while creating the log: no record can follow */
      b->files[i].stub = 1;
      if (add_warning(b,
                      "event log %s holds only the start of its header (a job killed while "
                      "creating it): no records",
                      paths[i]) != PEL_OK)
        s = pel_error_set(err, PEL_ENOMEM, "event logs: out of memory");
      continue;
    }
    s = read_one(b, paths[i], &b->files[i], which, err);
    b->nother += b->files[i].nother;
    if (s == PEL_OK && b->files[i].truncated &&
        add_warning(b, "event log %s: the last line is incomplete (a killed job?) and was ignored",
                    paths[i]) != PEL_OK)
      s = pel_error_set(err, PEL_ENOMEM, "event logs: out of memory");
  }
  if (s == PEL_OK && units_warnings(b, paths, units) != PEL_OK)
    s = pel_error_set(err, PEL_ENOMEM, "event logs: out of memory");
  if (s != PEL_OK) pel_eventlog_barriers_free(b);
  return s;
}
