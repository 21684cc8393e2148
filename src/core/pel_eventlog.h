/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * pelstat core: the event log of fix artn.
 *
 * One line per event attempt, fields separated by single tabs, in the order
 * of pel_eventlog_columns:
 *
 *   event center attempt status e_initial e_saddle barrier e_final asymmetry
 *   eigenvalue dr_saddle dmax_saddle natoms_moved force_calls seconds
 *   force_calls_saddle force_calls_lanczos basin_steps activation_steps
 *   reentries dmax_final eigenvalue2 force_calls_local cost
 *
 * The first 15 are required in a log; the others were added later and are
 * optional for reading (a log without them, written by an older version,
 * reads with their defaults, see pel_event).  Readers match columns by name,
 * so a log with more columns (a newer version) reads too.
 *
 * The status is one word: "saddle" (a converged, accepted saddle: the only
 * records whose barrier counts in a spectrum), "trivial" (a converged saddle
 * within trivial_barrier of the minimum, or no atom moved), or a failure
 * "fail_<reason>": fail_basin, fail_activation, fail_eigenvalue_lost,
 * fail_force_blowup, fail_connect, fail_relax today.  Any "fail_" followed
 * by lower-case letters, digits and '_' is read as a failure, so a log that
 * names a reason added by a later version still reads; any other word is a
 * malformed line.
 *
 * Header lines start with '#':
 *
 *   # pelstat event log
 *   # pelstat_version 0.1.0-g1234abc
 *   # units metal
 *   # <key> <value>          one line per parameter of the fix
 *   # columns: event center attempt status ...
 *
 * The writer flushes after every record, so a job that is killed loses at
 * most the record in flight; such a job may leave an unterminated last line.
 * Readers treat a last line without '\n' as truncated: it is not returned
 * (pel_eventlog_reader_truncated says so), and opening a log for append cuts
 * it off before new records are written.  Energies are written with 17
 * significant digits, so every double round-trips exactly.
 *
 * '#' lines may also appear after the column line (for example a note that a
 * run was resumed); readers skip them.  A data line before any column line
 * means the file is not an event log. */
#ifndef PEL_EVENTLOG_H
#define PEL_EVENTLOG_H

#include "pel_error.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Columns a writer writes; the first PEL_EVENTLOG_NREQUIRED must be present
 * in a log, later ones are optional. */
#define PEL_EVENTLOG_NCOLUMNS 24
#define PEL_EVENTLOG_NREQUIRED 15
#define PEL_EVENTLOG_STATUS_LEN 32

/* The column names in file order; PEL_EVENTLOG_NCOLUMNS entries. */
extern const char *const pel_eventlog_columns[PEL_EVENTLOG_NCOLUMNS];

/* The status of a converged, accepted saddle; anything else is a failure. */
#define PEL_EVENTLOG_STATUS_SADDLE "saddle"

/* 1 if s is a status word a log may hold ("saddle", "trivial" or
 * "fail_<reason>", see above), 0 otherwise. */
int pel_eventlog_status_valid(const char *s);

typedef struct pel_event {
  long event;                                              /* running event number */
  long center;                                             /* atom ID of the event center */
  int attempt;                                             /* attempt number at this center */
  char status[PEL_EVENTLOG_STATUS_LEN];                    /* "saddle" or "fail_..." (no blanks) */
  double e_initial, e_saddle, barrier, e_final, asymmetry; /* energy units */
  double eigenvalue;  /* lowest Hessian eigenvalue at the saddle */
  double dr_saddle;   /* norm of the total displacement initial -> saddle */
  double dmax_saddle; /* largest single-atom displacement initial -> saddle */
  int natoms_moved;   /* atoms displaced by more than 0.1 length units */
  long force_calls;   /* force calls on the whole system (local ones: force_calls_local) */
  double seconds;     /* wall time of the attempt */
  /* optional columns: the value given is the one a reader returns when the
   * log lacks the column */
  long force_calls_saddle;  /* force calls from the start of the attempt to the converged saddle
                               (0 if absent or no saddle) */
  long force_calls_lanczos; /* force calls spent in Hessian-vector products (0 if absent) */
  int basin_steps;          /* steps of the basin phase (0 if absent) */
  int activation_steps;     /* steps of the activation phase (0 if absent) */
  int reentries;            /* re-entries into the basin during activation (0 if absent) */
  double dmax_final;        /* largest per-atom distance between the final and the initial
                               minimum; NaN when there is no final minimum (or absent) */
  double eigenvalue2;       /* second-lowest Hessian eigenvalue at the saddle; NaN when it was
                               not computed (or absent) */
  long force_calls_local;   /* force calls on a local neighbourhood of the event only (a cheap
                               partial evaluation), not counted in force_calls (0 if absent) */
  double cost;              /* the attempt's cost in full-system force-call equivalents:
                               force_calls plus force_calls_local weighted by their share of the
                               work.  NaN means "not set": the writer writes force_calls then,
                               and a reader returns force_calls when the column is absent (or
                               holds nan), so a record read from a log never has a NaN cost */
} pel_event;

/* Clear ev: zeros, an empty status, and NaN where NaN means "not known"
 * (dmax_final, eigenvalue2) or "not set" (cost: force_calls when written or
 * read). */
void pel_event_init(pel_event *ev);

/* 1 if ev->status is "saddle". */
int pel_event_is_saddle(const pel_event *ev);
/* 1 if the attempt converged to a saddle (connected or not): e_saddle is a
 * number and the status is not fail_index (a higher-order point given up
 * keeps its energy in the record). */
int pel_event_is_converged(const pel_event *ev);

/* ---------------------------------------------------------------- writer */

typedef struct pel_eventlog_writer pel_eventlog_writer;

typedef enum {
  PEL_EVENTLOG_CREATE = 0, /* create or truncate */
  PEL_EVENTLOG_APPEND = 1  /* append; an unterminated last line is cut off first */
} pel_eventlog_mode;

/* Open path for writing.  Returns NULL and sets err (PEL_EIO naming the path,
 * PEL_ENOMEM) on failure. */
pel_eventlog_writer *pel_eventlog_writer_alloc(const char *path, pel_eventlog_mode mode,
                                               pel_error *err);
/* Close the file and release w (NULL is allowed). */
void pel_eventlog_writer_free(pel_eventlog_writer *w);

/* 1 if the file already held a complete '# columns:' line when it was opened
 * (append mode): the caller then skips pel_eventlog_writer_header. */
int pel_eventlog_writer_has_header(const pel_eventlog_writer *w);
/* Bytes of an unterminated last line removed when opening for append. */
long pel_eventlog_writer_dropped_bytes(const pel_eventlog_writer *w);

/* Write the header: title, package version, "# units <units>", one
 * "# <key> <value>" line per parameter, and the column line.  Keys must be
 * single words; values may not contain newlines.  units may be NULL. */
pel_status pel_eventlog_writer_header(pel_eventlog_writer *w, const char *units, int nparams,
                                      const char *const *keys, const char *const *values,
                                      pel_error *err);
/* Write "# <text>" (text without newlines) and flush. */
pel_status pel_eventlog_writer_comment(pel_eventlog_writer *w, const char *text, pel_error *err);
/* Write "# extent <key> <value> ..." and flush: limits of the campaign that
 * hold from this line on (a resumed run that raised them); a reader that has
 * read past the line finds them with pel_eventlog_reader_param.  Keys and
 * values single words. */
pel_status pel_eventlog_writer_extent(pel_eventlog_writer *w, int nparams, const char *const *keys,
                                      const char *const *values, pel_error *err);
/* Write one record and flush (a NaN cost is written as force_calls).
 * PEL_EINVAL if ev->status is not a status word (pel_eventlog_status_valid);
 * PEL_EIO if the write or flush fails. */
pel_status pel_eventlog_writer_write(pel_eventlog_writer *w, const pel_event *ev, pel_error *err);

/* Format one record (no trailing newline) into buf; returns the length that
 * the full line needs, like snprintf.  A NaN cost is written as force_calls;
 * cost is written with as few digits as read back exactly (at most 17). */
int pel_eventlog_format(char *buf, size_t size, const pel_event *ev);

/* ---------------------------------------------------------------- reader */

typedef struct pel_eventlog_reader pel_eventlog_reader;

/* Open path and read the header up to the column line.  Returns NULL and
 * sets err: PEL_EIO if the file cannot be opened (message names the path),
 * PEL_EFORMAT if it is not an event log (no '# columns:' line before the first
 * data line or the end of the file, or a column line that lacks a required
 * column; message names the file and line). */
pel_eventlog_reader *pel_eventlog_reader_alloc(const char *path, pel_error *err);
void pel_eventlog_reader_free(pel_eventlog_reader *r);

/* Read the next record into ev.  *got = 1 if a record was read, 0 at the end
 * of the file.  A malformed line (wrong number of fields, an empty field, a
 * value that does not parse, an unknown status) gives PEL_EFORMAT with a
 * message "path:line: ..." that names the column.  Columns are matched by
 * name, so a log with extra columns (a newer version) still reads; optional
 * columns the log lacks get the defaults of pel_event_init, but for cost,
 * which gets the record's force_calls (see pel_event). */
pel_status pel_eventlog_reader_next(pel_eventlog_reader *r, pel_event *ev, int *got,
                                    pel_error *err);

/* Line number (1-based) of the record last returned. */
long pel_eventlog_reader_line(const pel_eventlog_reader *r);
/* 1 once the end was reached and the last line had no newline (ignored). */
int pel_eventlog_reader_truncated(const pel_eventlog_reader *r);
/* Value of the header line "# key value" (the last one if repeated), or NULL.
 * "units" and "pelstat_version" are found this way too.  The "# extent" lines
 * the reader has passed (pel_eventlog_reader_next) override the header: after
 * the last record, the campaign's limits as its last run raised them. */
const char *pel_eventlog_reader_param(const pel_eventlog_reader *r, const char *key);

/* ------------------------------------------------------------ whole files */

/* The last complete record of a log, for resuming: *found = 0 if the log has a
 * header but no records.  *nrecords (may be NULL) gets the number of records;
 * *truncated (may be NULL) is 1 if an unterminated last line was ignored.
 * Errors as for the reader. */
pel_status pel_eventlog_read_last(const char *path, pel_event *ev, int *found, long *nrecords,
                                  int *truncated, pel_error *err);

/* Cut an unterminated last line off the file; *dropped (may be NULL) gets the
 * number of bytes removed.  PEL_EIO on failure. */
pel_status pel_eventlog_repair(const char *path, long *dropped, pel_error *err);

/* 1 if the file at path exists and its complete lines are '#' or blank lines
 * without a column line: the start of a header whose writer was killed before
 * the column line (no record can follow it); 0 otherwise.  A writer opened
 * with PEL_EVENTLOG_APPEND on such a file starts it afresh. */
int pel_eventlog_is_stub(const char *path);

/* ------------------------------------------------- barriers of several logs */

#define PEL_EVENTLOG_UNITS_LEN 32

typedef struct {
  size_t nsaddle, nother;             /* records taken / not taken */
  int truncated;                      /* an unterminated last line was ignored */
  int stub;                           /* only the start of a header (pel_eventlog_is_stub):
                                         skipped, with a warning */
  char units[PEL_EVENTLOG_UNITS_LEN]; /* the log's "# units", "" without one */
} pel_eventlog_file_info;

typedef struct {
  double *x;                          /* barriers of the records taken, every log, in order */
  size_t n;                           /* entries of x */
  size_t cap;                         /* capacity of x */
  size_t nother;                      /* records not taken, all logs */
  char units[PEL_EVENTLOG_UNITS_LEN]; /* units of the barriers: the expected units, or
                                         the first ones a log states; "" if none */
  int nfiles;
  pel_eventlog_file_info *files; /* nfiles entries, in the order given */
  char *warnings;                /* sentences, each ending with '\n', for the caller to show as
                                    warnings; NULL when there is none */
} pel_eventlog_barriers;

/* Which records pel_eventlog_barriers_read takes. */
typedef enum {
  PEL_BARRIERS_CONNECTED = 0, /* the events: status "saddle" */
  PEL_BARRIERS_CONVERGED = 1  /* every converged, non-trivial saddle with a positive barrier,
                                 connected or not: "saddle", "fail_connect", "fail_relax" */
} pel_barriers_which;

/* 1 if the record's barrier belongs to the `which` set. */
int pel_event_in_barriers(const pel_event *ev, pel_barriers_which which);

/* Read the barriers of the records `which` selects of the logs
 * paths[0..npaths-1], pooled, into b (b's previous content is not looked at;
 * release it with pel_eventlog_barriers_free).  Errors: PEL_EINVAL if two
 * paths name the same file (the message names both), and those of the
 * reader; b is then empty.  Warnings (PEL_OK) in b->warnings: an ignored
 * unterminated last line; a log that is only the start of a header
 * (pel_eventlog_is_stub: skipped); a log without a units line; a log whose units
 * differ from `units` (the units the barriers should be in, such as the
 * run's) or, when `units` is NULL, from the first log that states them. */
pel_status pel_eventlog_barriers_read(pel_eventlog_barriers *b, int npaths,
                                      const char *const *paths, const char *units,
                                      pel_barriers_which which, pel_error *err);
void pel_eventlog_barriers_free(pel_eventlog_barriers *b);

#ifdef __cplusplus
}
#endif
#endif
