/* SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Unit tests of the fix artn event log: write/read round trip, append,
 * truncated last line (a killed job), malformed lines (empty fields, unknown
 * statuses), files that are not logs, missing files, logs of an older
 * format (without the optional columns), the cost column (force_calls when
 * not set or absent), several logs pooled (the same file twice, units),
 * header stubs, the limits of a resumed run ("# extent" lines).  Runs in tests/core; writes
 * its files under data/ and removes them when every check passed. */
#define _POSIX_C_SOURCE 200809L

#include "pel_error.h"
#include "pel_eventlog.h"
#include "pel_test.h"
#include "pel_version.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR "data"
#define LOG1 DIR "/eventlog_roundtrip.log"
#define LOG2 DIR "/eventlog_partition.log"
#define BAD DIR "/eventlog_malformed.log"
#define NOTLOG DIR "/eventlog_notalog.txt"
#define EMPTY DIR "/eventlog_empty.log"
#define COLS DIR "/eventlog_columns.log"
#define OLD DIR "/eventlog_old.log"
#define NOUNITS DIR "/eventlog_nounits.log"
#define REAL DIR "/eventlog_real.log"
#define NOCOST DIR "/eventlog_nocost.log"

/* The 15 required columns: the column line of the first logs. */
#define OLD_COLUMNS                                                                                \
  "# columns: event center attempt status e_initial e_saddle barrier e_final asymmetry "           \
  "eigenvalue dr_saddle dmax_saddle natoms_moved force_calls seconds\n"

static pel_event make_event(long i)
{
  pel_event ev;
  pel_event_init(&ev);
  ev.event = i;
  ev.center = 1000 + 7 * i;
  ev.attempt = (int)(i % 3);
  strcpy(ev.status, i % 4 == 3 ? "fail_connect" : "saddle");
  /* large total energies, barriers that must survive to 1e-9 eV and beyond */
  ev.e_initial = -423456.78912345678 - 0.001 * i;
  ev.barrier = 0.123456789012345 * (i + 1) + 1e-13;
  ev.e_saddle = ev.e_initial + ev.barrier;
  ev.asymmetry = -0.0314159265358979 * i;
  ev.e_final = ev.e_initial + ev.asymmetry;
  ev.eigenvalue = -2.718281828459045 / (i + 1);
  ev.dr_saddle = 1.234567890123 * (i + 1);
  ev.dmax_saddle = 0.987654321 * (i + 1);
  ev.natoms_moved = (int)(3 + i);
  ev.force_calls = 1234567890123L + i;
  ev.seconds = 12.345678 + i;
  ev.force_calls_saddle = 700 + 3 * i;
  ev.force_calls_lanczos = 9876543210L + i;
  ev.basin_steps = (int)(5 + i);
  ev.activation_steps = (int)(40 + 2 * i);
  ev.reentries = (int)(i % 2);
  ev.dmax_final = 1.0123456789 * (i + 1);
  if (i % 3 == 1) { /* local calls, and a cost that needs all 17 digits */
    ev.force_calls_local = 50000 + 11 * i;
    ev.cost = (double)ev.force_calls + 0.0123456789 * (double)ev.force_calls_local;
  }                 /* else cost not set: written as force_calls */
  if (i % 4 == 3) { /* a failed attempt: energies not known, no final minimum */
    ev.e_saddle = ev.barrier = ev.e_final = ev.asymmetry = NAN;
    ev.eigenvalue = INFINITY;
    ev.dmax_final = NAN;
  }
  return ev;
}

static int same_double(double a, double b)
{
  return (isnan(a) && isnan(b)) || a == b;
}

/* the cost a record has once written: force_calls when not set */
static double written_cost(const pel_event *ev)
{
  return isnan(ev->cost) ? (double)ev->force_calls : ev->cost;
}

static int rel_close(double a, double b, double tol)
{
  return (isnan(a) && isnan(b)) || a == b || fabs(a - b) <= tol * fabs(b);
}

static int events_equal(const pel_event *a, const pel_event *b)
{
  return a->event == b->event && a->center == b->center && a->attempt == b->attempt &&
         !strcmp(a->status, b->status) && same_double(a->e_initial, b->e_initial) &&
         same_double(a->e_saddle, b->e_saddle) && same_double(a->barrier, b->barrier) &&
         same_double(a->e_final, b->e_final) && same_double(a->asymmetry, b->asymmetry) &&
         rel_close(a->eigenvalue, b->eigenvalue, 1e-9) &&
         rel_close(a->dr_saddle, b->dr_saddle, 1e-9) &&
         rel_close(a->dmax_saddle, b->dmax_saddle, 1e-9) && a->natoms_moved == b->natoms_moved &&
         a->force_calls == b->force_calls && fabs(a->seconds - b->seconds) <= 1e-6 &&
         a->force_calls_saddle == b->force_calls_saddle &&
         a->force_calls_lanczos == b->force_calls_lanczos && a->basin_steps == b->basin_steps &&
         a->activation_steps == b->activation_steps && a->reentries == b->reentries &&
         rel_close(a->dmax_final, b->dmax_final, 1e-9) &&
         rel_close(a->eigenvalue2, b->eigenvalue2, 1e-9) &&
         a->force_calls_local == b->force_calls_local && written_cost(a) == written_cost(b);
}

/* The barriers of one log (pel_eventlog_barriers_read with one path). */
static pel_status read_one(const char *path, pel_eventlog_barriers *b, pel_error *err)
{
  return pel_eventlog_barriers_read(b, 1, &path, NULL, PEL_BARRIERS_CONNECTED, err);
}

static void write_text(const char *path, const char *text)
{
  FILE *fp = fopen(path, "w");
  if (fp) {
    fputs(text, fp);
    fclose(fp);
  }
}

static long file_size(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static const char *keys[] = {"seed", "ftol", "group", "lanczos_size"};
static const char *values[] = {"4711", "0.01", "all", "16"};

/* write n events starting at first; returns the status of the last call */
static pel_status write_events(pel_eventlog_writer *w, long first, long n)
{
  pel_status s = PEL_OK;
  for (long i = first; i < first + n && s == PEL_OK; i++) {
    pel_event ev = make_event(i);
    s = pel_eventlog_writer_write(w, &ev, NULL);
  }
  return s;
}

static void test_roundtrip(void)
{
  pel_error err;
  pel_error_clear(&err);
  pel_eventlog_writer *w = pel_eventlog_writer_alloc(LOG1, PEL_EVENTLOG_CREATE, &err);
  CHECK(w != NULL);
  if (!w) return;
  CHECK(!pel_eventlog_writer_has_header(w));
  CHECK_INT(pel_eventlog_writer_header(w, "metal", 4, keys, values, &err), PEL_OK);
  CHECK_INT(write_events(w, 0, 8), PEL_OK);
  /* a status with a blank, or a word that is not a status, is refused,
   * nothing written */
  pel_event bad = make_event(99);
  strcpy(bad.status, "fail basin");
  CHECK_INT(pel_eventlog_writer_write(w, &bad, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "status") != NULL);
  strcpy(bad.status, "SADDLE");
  CHECK_INT(pel_eventlog_writer_write(w, &bad, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "'SADDLE'") != NULL);
  /* flushed after each record: the file is complete while still open */
  pel_event last;
  int found = 0, trunc = -1;
  long nrec = 0;
  CHECK_INT(pel_eventlog_read_last(LOG1, &last, &found, &nrec, &trunc, &err), PEL_OK);
  CHECK(found);
  CHECK_INT(nrec, 8);
  pel_eventlog_writer_free(w);

  pel_eventlog_reader *r = pel_eventlog_reader_alloc(LOG1, &err);
  CHECK(r != NULL);
  if (!r) return;
  CHECK(pel_eventlog_reader_param(r, "pelstat_version") &&
        !strcmp(pel_eventlog_reader_param(r, "pelstat_version"), PELSTAT_VERSION_STRING));
  CHECK(pel_eventlog_reader_param(r, "units") &&
        !strcmp(pel_eventlog_reader_param(r, "units"), "metal"));
  CHECK(pel_eventlog_reader_param(r, "ftol") &&
        !strcmp(pel_eventlog_reader_param(r, "ftol"), "0.01"));
  CHECK(pel_eventlog_reader_param(r, "no_such_key") == NULL);
  int got, all_equal = 1;
  long count = 0;
  pel_event ev;
  while (pel_eventlog_reader_next(r, &ev, &got, &err) == PEL_OK && got) {
    pel_event want = make_event(count);
    all_equal &= events_equal(&ev, &want);
    /* barriers round-trip exactly (far better than the required 1e-9 eV),
     * and so does e_saddle - e_initial to the precision of the doubles */
    all_equal &= ev.barrier == want.barrier || isnan(want.barrier);
    /* the cost read is never NaN: the one set, exactly, or force_calls */
    all_equal &= ev.cost == (count % 3 == 1 ? want.cost : (double)want.force_calls);
    all_equal &= ev.force_calls_local == (count % 3 == 1 ? 50000 + 11 * count : 0);
    count++;
  }
  CHECK_INT(count, 8);
  CHECK(all_equal);
  CHECK(!pel_eventlog_reader_truncated(r));
  CHECK_INT(pel_eventlog_reader_line(r), 8 + 8); /* 8 header lines */
  pel_eventlog_reader_free(r);

  /* the header as the spec wants it */
  FILE *fp = fopen(LOG1, "r");
  char line[512];
  int has_cols = 0;
  while (fp && fgets(line, sizeof line, fp))
    if (!strcmp(line, "# columns: event center attempt status e_initial e_saddle barrier e_final "
                      "asymmetry eigenvalue dr_saddle dmax_saddle natoms_moved force_calls "
                      "seconds force_calls_saddle force_calls_lanczos basin_steps "
                      "activation_steps reentries dmax_final eigenvalue2 force_calls_local "
                      "cost\n"))
      has_cols = 1;
  if (fp) fclose(fp);
  CHECK(has_cols);
}

static void test_append_and_truncation(void)
{
  pel_error err;
  pel_error_clear(&err);
  /* append: the header is already there */
  pel_eventlog_writer *w = pel_eventlog_writer_alloc(LOG1, PEL_EVENTLOG_APPEND, &err);
  CHECK(w != NULL);
  if (!w) return;
  CHECK(pel_eventlog_writer_has_header(w));
  CHECK_INT(pel_eventlog_writer_dropped_bytes(w), 0);
  CHECK_INT(pel_eventlog_writer_comment(w, "resumed after event 7", &err), PEL_OK);
  CHECK_INT(write_events(w, 8, 3), PEL_OK);
  pel_eventlog_writer_free(w);
  pel_event last, want = make_event(10);
  int found = 0, trunc = -1;
  long nrec = 0;
  CHECK_INT(pel_eventlog_read_last(LOG1, &last, &found, &nrec, &trunc, &err), PEL_OK);
  CHECK_INT(nrec, 11);
  CHECK(found && events_equal(&last, &want));
  CHECK_INT(trunc, 0);

  /* a killed job: the last line stops in the middle */
  long before = file_size(LOG1);
  FILE *fp = fopen(LOG1, "a");
  const char *partial = "11\t1077\t2\tsaddle\t-423456.8001";
  if (fp) {
    fputs(partial, fp);
    fclose(fp);
  }
  CHECK_INT(pel_eventlog_read_last(LOG1, &last, &found, &nrec, &trunc, &err), PEL_OK);
  CHECK_INT(nrec, 11);
  CHECK(found && events_equal(&last, &want)); /* the last complete record */
  CHECK_INT(trunc, 1);
  pel_eventlog_barriers b;
  CHECK_INT(read_one(LOG1, &b, &err), PEL_OK);
  CHECK_INT(b.n, 9); /* events 3 and 7 failed */
  CHECK_INT(b.nother, 2);
  CHECK(b.nfiles == 1 && b.files[0].truncated && b.files[0].nsaddle == 9);
  CHECK(b.warnings && strstr(b.warnings, "last line is incomplete") != NULL);
  CHECK(!strcmp(b.units, "metal"));
  pel_eventlog_barriers_free(&b);

  /* resuming cuts the partial line off before appending */
  w = pel_eventlog_writer_alloc(LOG1, PEL_EVENTLOG_APPEND, &err);
  CHECK(w != NULL);
  if (!w) return;
  CHECK_INT(pel_eventlog_writer_dropped_bytes(w), (long)strlen(partial));
  CHECK_INT(file_size(LOG1), before);
  CHECK_INT(write_events(w, 11, 1), PEL_OK);
  pel_eventlog_writer_free(w);
  want = make_event(11);
  CHECK_INT(pel_eventlog_read_last(LOG1, &last, &found, &nrec, &trunc, &err), PEL_OK);
  CHECK_INT(nrec, 12);
  CHECK(found && events_equal(&last, &want));
  CHECK_INT(trunc, 0);

  /* pel_eventlog_repair on its own, and on a clean file (no-op) */
  long dropped = -1;
  CHECK_INT(pel_eventlog_repair(LOG1, &dropped, &err), PEL_OK);
  CHECK_INT(dropped, 0);

  /* a second log (another partition) combines with the first */
  w = pel_eventlog_writer_alloc(LOG2, PEL_EVENTLOG_CREATE, &err);
  CHECK(w != NULL);
  if (w) {
    CHECK_INT(pel_eventlog_writer_header(w, "metal", 4, keys, values, &err), PEL_OK);
    CHECK_INT(write_events(w, 100, 4), PEL_OK); /* 100..103: 103 failed */
    pel_eventlog_writer_free(w);
  }
  const char *both[] = {LOG1, LOG2};
  CHECK_INT(pel_eventlog_barriers_read(&b, 2, both, NULL, PEL_BARRIERS_CONNECTED, &err), PEL_OK);
  CHECK_INT(b.files[0].nsaddle, 9); /* events 0..11, of which 3, 7, 11 failed */
  CHECK_INT(b.files[1].nsaddle, 3);
  CHECK_INT(b.files[1].nother, 1);
  CHECK_INT(b.n, 12);
  CHECK_INT(b.nother, 4);
  CHECK(b.x && b.x[9] == make_event(100).barrier);
  CHECK(b.warnings == NULL); /* both complete, both in units metal */
  pel_eventlog_barriers_free(&b);
  /* every converged saddle: the same (the failed records have no saddle) */
  CHECK_INT(pel_eventlog_barriers_read(&b, 2, both, NULL, PEL_BARRIERS_CONVERGED, &err), PEL_OK);
  CHECK_INT(b.n, 12);
  CHECK_INT(b.nother, 4);
  pel_eventlog_barriers_free(&b);

  /* a header-only log (a job killed before its first event) */
  write_text(EMPTY, "# pelstat event log\n# units metal\n# columns: event center attempt "
                    "status e_initial e_saddle barrier e_final asymmetry eigenvalue dr_saddle "
                    "dmax_saddle natoms_moved force_calls seconds\n");
  CHECK_INT(pel_eventlog_read_last(EMPTY, &last, &found, &nrec, &trunc, &err), PEL_OK);
  CHECK(!found);
  CHECK_INT(nrec, 0);
  /* append to a file that does not exist yet: no header yet */
  remove(DIR "/eventlog_new.log");
  w = pel_eventlog_writer_alloc(DIR "/eventlog_new.log", PEL_EVENTLOG_APPEND, &err);
  CHECK(w && !pel_eventlog_writer_has_header(w));
  pel_eventlog_writer_free(w);
  remove(DIR "/eventlog_new.log");
}

static void test_errors(void)
{
  pel_error err;
  const char *head = "# pelstat event log\n# units metal\n" OLD_COLUMNS;
  char text[2048];
  pel_eventlog_barriers b;

  /* malformed line 5: a word where a number belongs */
  snprintf(text, sizeof text,
           "%s1\t5\t0\tsaddle\t-10\t-9\t1\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\n"
           "2\t6\t0\tsaddle\t-10\t-9\tabc\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\n",
           head);
  write_text(BAD, text);
  pel_error_clear(&err);
  CHECK_INT(read_one(BAD, &b, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, BAD ":5:") != NULL);
  CHECK(strstr(err.msg, "barrier") != NULL && strstr(err.msg, "abc") != NULL);
  CHECK(b.x == NULL && b.n == 0); /* nothing is left after an error */
  /* too few fields on line 4 */
  snprintf(text, sizeof text, "%s1\t5\t0\tsaddle\t-10\t-9\t1\n", head);
  write_text(BAD, text);
  CHECK_INT(read_one(BAD, &b, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, BAD ":4:") != NULL && strstr(err.msg, "expected 15") != NULL);
  /* an integer column with a fraction */
  snprintf(text, sizeof text,
           "%s1.5\t5\t0\tsaddle\t-10\t-9\t1\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\n", head);
  write_text(BAD, text);
  CHECK_INT(read_one(BAD, &b, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, ":4:") != NULL && strstr(err.msg, "'event'") != NULL);
  /* an empty field (two tabs) is reported against its own column, here the
   * third ('attempt'), not a later one */
  snprintf(text, sizeof text,
           "%s1\t5\t\tsaddle\t-10\t-9\t1\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\n", head);
  write_text(BAD, text);
  CHECK_INT(read_one(BAD, &b, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, BAD ":4: column 'attempt' (field 3) is empty") != NULL);
  /* the same for the last field (a trailing tab) */
  snprintf(text, sizeof text, "%s1\t5\t0\tsaddle\t-10\t-9\t1\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t\n",
           head);
  write_text(BAD, text);
  CHECK_INT(read_one(BAD, &b, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, "column 'seconds' (field 15) is empty") != NULL);
  /* fields separated by blanks instead of tabs */
  snprintf(text, sizeof text, "%s1 5 0 saddle -10 -9 1 -10.5 -0.5 -1 1 0.5 3 100 1.0\n", head);
  write_text(BAD, text);
  CHECK_INT(read_one(BAD, &b, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, "found 1 (fields are separated by tabs)") != NULL);
  /* unknown status words are errors, not silently skipped records */
  const char *unknown[] = {"SADDLE", "garbage", "fail_", "fail_Basin", "fail-basin"};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
    snprintf(text, sizeof text, "%s1\t5\t0\t%s\t-10\t-9\t1\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\n",
             head, unknown[i]);
    write_text(BAD, text);
    char want[64];
    snprintf(want, sizeof want, "unknown status '%s'", unknown[i]);
    CHECK_INT(read_one(BAD, &b, &err), PEL_EFORMAT);
    CHECK(strstr(err.msg, BAD ":4: column 'status'") != NULL && strstr(err.msg, want) != NULL);
  }
  /* every known status, and a failure reason of a later version, read; only
   * saddle counts */
  const char *known[] = {"saddle",
                         "trivial",
                         "fail_basin",
                         "fail_activation",
                         "fail_eigenvalue_lost",
                         "fail_force_blowup",
                         "fail_connect",
                         "fail_relax",
                         "fail_new_reason2"};
  size_t len = (size_t)snprintf(text, sizeof text, "%s", head);
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
    CHECK(pel_eventlog_status_valid(known[i]));
    len += (size_t)snprintf(text + len, sizeof text - len,
                            "%zu\t5\t0\t%s\t-10\t-9\t1\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\n",
                            i + 1, known[i]);
  }
  write_text(BAD, text);
  CHECK_INT(read_one(BAD, &b, &err), PEL_OK);
  CHECK_INT(b.n, 1);
  CHECK_INT(b.nother, 8);
  pel_eventlog_barriers_free(&b);
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
    CHECK(!pel_eventlog_status_valid(unknown[i]));

  /* not an event log: data without a column line; an empty file; a header
   * that lacks a column */
  write_text(NOTLOG, "# some other file\n1 2 3\n");
  pel_eventlog_reader *r = pel_eventlog_reader_alloc(NOTLOG, &err);
  CHECK(r == NULL);
  CHECK_INT(err.code, PEL_EFORMAT);
  CHECK(strstr(err.msg, "not an event log") != NULL && strstr(err.msg, NOTLOG ":2") != NULL);
  write_text(NOTLOG, "");
  CHECK(pel_eventlog_reader_alloc(NOTLOG, &err) == NULL);
  CHECK(err.code == PEL_EFORMAT && strstr(err.msg, "not an event log") != NULL);
  write_text(NOTLOG, "# columns: event center attempt status barrier\n");
  CHECK(pel_eventlog_reader_alloc(NOTLOG, &err) == NULL);
  CHECK(err.code == PEL_EFORMAT && strstr(err.msg, "lacks column 'e_initial'") != NULL);
  /* appending to something that is not a log is refused, the file untouched */
  write_text(NOTLOG, "precious data\n");
  CHECK(pel_eventlog_writer_alloc(NOTLOG, PEL_EVENTLOG_APPEND, &err) == NULL);
  CHECK_INT(err.code, PEL_EFORMAT);
  CHECK_INT(file_size(NOTLOG), 14);

  /* a missing file */
  CHECK(pel_eventlog_reader_alloc(DIR "/no_such_file.log", &err) == NULL);
  CHECK_INT(err.code, PEL_EIO);
  CHECK(strstr(err.msg, DIR "/no_such_file.log") != NULL);
  int found;
  pel_event ev;
  CHECK_INT(pel_eventlog_read_last(DIR "/no_such_file.log", &ev, &found, NULL, NULL, NULL),
            PEL_EIO);
  CHECK(pel_eventlog_writer_alloc(DIR "/no_such_dir/x.log", PEL_EVENTLOG_CREATE, &err) == NULL);
  CHECK_INT(err.code, PEL_EIO);

  /* columns are matched by name: another order and an extra column (empty:
   * a column this version does not know may be) read */
  write_text(COLS, "# columns: status barrier event center attempt e_initial e_saddle "
                   "e_final asymmetry eigenvalue dr_saddle dmax_saddle natoms_moved "
                   "force_calls seconds extra\n"
                   "saddle\t0.75\t1\t5\t0\t-10\t-9.25\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\t\r\n");
  CHECK_INT(read_one(COLS, &b, &err), PEL_OK);
  CHECK(b.n == 1 && b.x[0] == 0.75);
  pel_eventlog_barriers_free(&b);
}

/* A log of the first format (15 columns, or 16 with force_calls_saddle)
 * reads; the optional columns it lacks get their defaults. */
static void test_old_format(void)
{
  pel_error err;
  write_text(OLD, "# pelstat event log\n# units metal\n" OLD_COLUMNS
                  "1\t5\t0\tsaddle\t-10\t-9.25\t0.75\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\n"
                  "# columns: event center attempt status e_initial e_saddle barrier e_final "
                  "asymmetry eigenvalue dr_saddle dmax_saddle natoms_moved force_calls seconds "
                  "force_calls_saddle\n");
  pel_eventlog_reader *r = pel_eventlog_reader_alloc(OLD, &err);
  CHECK(r != NULL);
  if (!r) return;
  pel_event ev;
  int got = 0;
  CHECK_INT(pel_eventlog_reader_next(r, &ev, &got, &err), PEL_OK);
  CHECK(got && ev.event == 1 && ev.center == 5 && ev.barrier == 0.75 && ev.force_calls == 100);
  CHECK(ev.force_calls_saddle == 0 && ev.force_calls_lanczos == 0 && ev.basin_steps == 0 &&
        ev.activation_steps == 0 && ev.reentries == 0 && isnan(ev.dmax_final) &&
        isnan(ev.eigenvalue2) && ev.force_calls_local == 0 && ev.cost == 100.0);
  CHECK_INT(pel_eventlog_reader_next(r, &ev, &got, &err), PEL_OK);
  CHECK(!got);
  pel_eventlog_reader_free(r);
  /* with force_calls_saddle, the column of the second format */
  write_text(OLD, "# columns: event center attempt status e_initial e_saddle barrier e_final "
                  "asymmetry eigenvalue dr_saddle dmax_saddle natoms_moved force_calls seconds "
                  "force_calls_saddle\n"
                  "1\t5\t0\tsaddle\t-10\t-9.25\t0.75\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\t80\n");
  r = pel_eventlog_reader_alloc(OLD, &err);
  CHECK(r != NULL);
  if (!r) return;
  CHECK_INT(pel_eventlog_reader_next(r, &ev, &got, &err), PEL_OK);
  CHECK(got && ev.force_calls_saddle == 80 && ev.force_calls_lanczos == 0 && isnan(ev.dmax_final) &&
        ev.force_calls_local == 0 && ev.cost == 100.0);
  pel_eventlog_reader_free(r);
}

/* The last field of a formatted record (the cost) */
static const char *cost_field(const pel_event *ev, char *buf, size_t size)
{
  pel_eventlog_format(buf, size, ev);
  const char *tab = strrchr(buf, '\t');
  return tab ? tab + 1 : "";
}

/* The cost column: written as force_calls when not set, with as few digits as
 * read back exactly; a log of the previous format (up to eigenvalue2, without
 * force_calls_local and cost) reads with force_calls_local 0 and cost =
 * force_calls; a nan cost reads as force_calls too, whatever the column order. */
static void test_cost(void)
{
  pel_error err;
  char line[1024];
  pel_event ev = make_event(0);
  CHECK(ev.force_calls_local == 0 && isnan(ev.cost)); /* as pel_event_init leaves them */
  CHECK(!strcmp(cost_field(&ev, line, sizeof line), "1234567890123"));
  CHECK(strstr(line, "\tnan\t0\t1234567890123") != NULL); /* eigenvalue2, local, cost */
  ev.cost = 2311.0;
  CHECK(!strcmp(cost_field(&ev, line, sizeof line), "2311"));
  ev.cost = 2311.25;
  CHECK(!strcmp(cost_field(&ev, line, sizeof line), "2311.25"));
  ev.cost = 0.1 + 0.2; /* 0.30000000000000004: 17 digits */
  CHECK(strtod(cost_field(&ev, line, sizeof line), NULL) == 0.1 + 0.2);
  ev.cost = 1.0 / 3.0;
  CHECK(strtod(cost_field(&ev, line, sizeof line), NULL) == 1.0 / 3.0);

  /* the previous format: the 22 columns, the record without its last two
   * fields */
  char text[4096];
  size_t len =
      (size_t)snprintf(text, sizeof text, "# pelstat event log\n# units metal\n# columns:");
  for (int c = 0; c < PEL_EVENTLOG_NCOLUMNS - 2; c++)
    len += (size_t)snprintf(text + len, sizeof text - len, " %s", pel_eventlog_columns[c]);
  len += (size_t)snprintf(text + len, sizeof text - len, "\n");
  pel_event want[2] = {make_event(1), make_event(3)}; /* local calls; a failure */
  for (int k = 0; k < 2; k++) {
    pel_eventlog_format(line, sizeof line, &want[k]);
    for (int cut = 0; cut < 2; cut++) *strrchr(line, '\t') = '\0';
    len += (size_t)snprintf(text + len, sizeof text - len, "%s\n", line);
  }
  write_text(NOCOST, text);
  pel_eventlog_reader *r = pel_eventlog_reader_alloc(NOCOST, &err);
  CHECK(r != NULL);
  if (!r) return;
  int got = 0;
  for (int k = 0; k < 2; k++) {
    CHECK_INT(pel_eventlog_reader_next(r, &ev, &got, &err), PEL_OK);
    CHECK(got && ev.event == want[k].event && ev.force_calls == want[k].force_calls);
    CHECK(ev.force_calls_local == 0 && ev.cost == (double)want[k].force_calls);
    /* the rest as written */
    want[k].force_calls_local = 0;
    want[k].cost = NAN;
    CHECK(events_equal(&ev, &want[k]));
  }
  CHECK_INT(pel_eventlog_reader_next(r, &ev, &got, &err), PEL_OK);
  CHECK(!got);
  pel_eventlog_reader_free(r);

  /* cost and force_calls_local before the required columns; nan reads as
   * force_calls (read after it) */
  write_text(NOCOST, "# columns: cost force_calls_local event center attempt status e_initial "
                     "e_saddle barrier e_final asymmetry eigenvalue dr_saddle dmax_saddle "
                     "natoms_moved force_calls seconds\n"
                     "nan\t0\t1\t5\t0\tsaddle\t-10\t-9\t1\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\n"
                     "137.5\t250\t2\t5\t1\tsaddle\t-10\t-9\t1\t-10.5\t-0.5\t-1\t1\t0.5\t3\t"
                     "100\t1.0\n");
  r = pel_eventlog_reader_alloc(NOCOST, &err);
  CHECK(r != NULL);
  if (!r) return;
  CHECK_INT(pel_eventlog_reader_next(r, &ev, &got, &err), PEL_OK);
  CHECK(got && ev.cost == 100.0 && ev.force_calls_local == 0);
  CHECK_INT(pel_eventlog_reader_next(r, &ev, &got, &err), PEL_OK);
  CHECK(got && ev.cost == 137.5 && ev.force_calls_local == 250 && ev.force_calls == 100);
  pel_eventlog_reader_free(r);
  /* a bad value is reported against the column */
  write_text(NOCOST, "# columns: event center attempt status e_initial e_saddle barrier e_final "
                     "asymmetry eigenvalue dr_saddle dmax_saddle natoms_moved force_calls seconds "
                     "force_calls_local cost\n"
                     "1\t5\t0\tsaddle\t-10\t-9\t1\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\t2.5\t7\n");
  pel_eventlog_barriers b;
  CHECK_INT(read_one(NOCOST, &b, &err), PEL_EFORMAT);
  CHECK(strstr(err.msg, NOCOST ":2: column 'force_calls_local': bad value '2.5'") != NULL);
}

/* Several logs pooled: the same file twice is an error naming it; units
 * lines are compared and their absence is reported against the right log. */
static void test_pool(void)
{
  pel_error err;
  pel_eventlog_barriers b;
  const char *rec = "1\t5\t0\tsaddle\t-10\t-9.5\t0.5\t-10.5\t-0.5\t-1\t1\t0.5\t3\t100\t1.0\n";
  char text[1024];
  snprintf(text, sizeof text, OLD_COLUMNS "%s", rec);
  write_text(NOUNITS, text);
  snprintf(text, sizeof text, "# units real\n" OLD_COLUMNS "%s", rec);
  write_text(REAL, text);

  /* the same file twice, by the same name or by another */
  const char *twice[] = {LOG2, NOUNITS, LOG2};
  CHECK_INT(pel_eventlog_barriers_read(&b, 3, twice, NULL, PEL_BARRIERS_CONNECTED, &err),
            PEL_EINVAL);
  CHECK(strstr(err.msg, "event log '" LOG2 "' is given twice") != NULL);
  CHECK(b.x == NULL && b.n == 0);
  const char *other_name[] = {LOG2, DIR "/../" LOG2};
  CHECK_INT(pel_eventlog_barriers_read(&b, 2, other_name, NULL, PEL_BARRIERS_CONNECTED, &err),
            PEL_EINVAL);
  CHECK(strstr(err.msg, "'" LOG2 "' and '" DIR "/../" LOG2 "' are the same file") != NULL);

  /* a log without units after one with units metal: a warning that names it,
   * the units of the first; a log with other units: a warning naming both */
  const char *mixed[] = {NOUNITS, LOG2, REAL};
  CHECK_INT(pel_eventlog_barriers_read(&b, 3, mixed, NULL, PEL_BARRIERS_CONNECTED, &err), PEL_OK);
  CHECK(!strcmp(b.units, "metal"));
  CHECK_INT(b.n, 5);
  CHECK(b.warnings != NULL);
  if (b.warnings) {
    CHECK(strstr(b.warnings, "event log " NOUNITS " has no units line; its barriers are taken "
                             "to be in units metal, as those of " LOG2 "\n") != NULL);
    CHECK(strstr(b.warnings, "event log " REAL " has units real, but " LOG2 " has units metal") !=
          NULL);
  }
  pel_eventlog_barriers_free(&b);
  /* against the units of a run */
  CHECK_INT(pel_eventlog_barriers_read(&b, 3, mixed, "real", PEL_BARRIERS_CONNECTED, &err), PEL_OK);
  CHECK(!strcmp(b.units, "real"));
  if (b.warnings) {
    CHECK(strstr(b.warnings, "event log " NOUNITS " has no units line; its barriers are taken "
                             "to be in units real\n") != NULL);
    CHECK(strstr(b.warnings, "event log " LOG2 " was written with units metal, this run uses "
                             "units real") != NULL);
    CHECK(strstr(b.warnings, REAL " was") == NULL);
  }
  pel_eventlog_barriers_free(&b);
  /* no log states its units */
  CHECK_INT(read_one(NOUNITS, &b, &err), PEL_OK);
  CHECK(!strcmp(b.units, "") && b.warnings &&
        strstr(b.warnings, "the units of its barriers are unknown") != NULL);
  pel_eventlog_barriers_free(&b);
}

/* converged: a saddle energy and not a higher-order point given up; the
 * records a spectrum takes (needs DIR) */
static void test_converged(void)
{
  pel_event ev;
  pel_event_init(&ev);
  ev.e_saddle = -1.0;
  strcpy(ev.status, "fail_connect");
  CHECK(pel_event_is_converged(&ev) && !pel_event_is_saddle(&ev));
  strcpy(ev.status, "saddle");
  CHECK(pel_event_is_converged(&ev) && pel_event_is_saddle(&ev));
  strcpy(ev.status, "fail_index");
  CHECK(!pel_event_is_converged(&ev));
  strcpy(ev.status, "fail_basin");
  ev.e_saddle = NAN;
  CHECK(!pel_event_is_converged(&ev));

  /* the barriers of a spectrum: the events, or every converged saddle
   * above its initial minimum that is not trivial */
  const struct {
    const char *status;
    double barrier;
    int connected, converged;
  } cases[] = {{"saddle", 0.5, 1, 1},    {"fail_connect", 0.5, 0, 1},  {"fail_relax", 0.5, 0, 1},
               {"trivial", 0.003, 0, 0}, {"fail_connect", -0.2, 0, 0}, {"fail_index", 0.5, 0, 0},
               {"fail_basin", NAN, 0, 0}};
  const size_t ncase = sizeof cases / sizeof cases[0];
  for (size_t i = 0; i < ncase; i++) {
    pel_event_init(&ev);
    strcpy(ev.status, cases[i].status);
    ev.barrier = cases[i].barrier;
    ev.e_saddle = -10.0 + cases[i].barrier;
    CHECK_INT(pel_event_in_barriers(&ev, PEL_BARRIERS_CONNECTED), cases[i].connected);
    CHECK_INT(pel_event_in_barriers(&ev, PEL_BARRIERS_CONVERGED), cases[i].converged);
  }

  /* and through a log: the same records written and read back */
  pel_error err;
  pel_error_clear(&err);
  pel_eventlog_writer *w =
      pel_eventlog_writer_alloc(DIR "/eventlog_which.log", PEL_EVENTLOG_CREATE, &err);
  CHECK(w != NULL);
  if (!w) return;
  CHECK_INT(pel_eventlog_writer_header(w, "metal", 0, NULL, NULL, &err), PEL_OK);
  for (size_t i = 0; i < ncase; i++) {
    pel_event_init(&ev);
    ev.event = (long)i;
    strcpy(ev.status, cases[i].status);
    ev.e_initial = -10.0;
    ev.barrier = cases[i].barrier;
    ev.e_saddle = -10.0 + cases[i].barrier;
    CHECK_INT(pel_eventlog_writer_write(w, &ev, &err), PEL_OK);
  }
  pel_eventlog_writer_free(w);
  const char *path = DIR "/eventlog_which.log";
  pel_eventlog_barriers b;
  CHECK_INT(pel_eventlog_barriers_read(&b, 1, &path, NULL, PEL_BARRIERS_CONNECTED, &err), PEL_OK);
  CHECK(b.n == 1 && b.nother == ncase - 1 && b.x[0] == 0.5);
  pel_eventlog_barriers_free(&b);
  CHECK_INT(pel_eventlog_barriers_read(&b, 1, &path, NULL, PEL_BARRIERS_CONVERGED, &err), PEL_OK);
  CHECK(b.n == 3 && b.nother == ncase - 3 && b.x[0] == 0.5 && b.x[1] == 0.5 && b.x[2] == 0.5);
  pel_eventlog_barriers_free(&b);
}

/* a header cut short by a kill: recognised, and a writer in append mode
 * starts the file afresh */
static void test_stub(void)
{
  const char *path = DIR "/eventlog_stub.log";
  pel_error err;
  pel_error_clear(&err);
  CHECK_INT(pel_eventlog_is_stub(DIR "/no_such_file.log"), 0);
  FILE *f = fopen(path, "w");
  CHECK(f != NULL);
  if (!f) return;
  fputs("# pelstat event log\n# pelstat_version 0.1.0\n# units metal\n# seed 4", f);
  fclose(f);
  CHECK_INT(pel_eventlog_is_stub(path), 1);
  CHECK_INT(pel_eventlog_is_stub(LOG1), 0); /* a whole log */
  /* pooled with a whole log: skipped with a warning that names it (without
   * the skip, its missing column line is an error) */
  {
    pel_eventlog_barriers b, one;
    const char *two[] = {path, LOG1};
    CHECK_INT(pel_eventlog_barriers_read(&b, 2, two, NULL, PEL_BARRIERS_CONNECTED, &err), PEL_OK);
    CHECK_INT(read_one(LOG1, &one, &err), PEL_OK);
    CHECK_INT(b.nfiles, 2);
    CHECK_INT(b.files[0].stub, 1);
    CHECK_INT(b.files[0].nsaddle, 0);
    CHECK_INT(b.n, one.n);
    CHECK(b.n > 0 && b.x && one.x && b.x[b.n - 1] == one.x[one.n - 1]);
    CHECK(!strcmp(b.units, "metal")); /* from the whole log, no units warning for the stub */
    CHECK(b.warnings && strstr(b.warnings, "eventlog_stub.log holds only the start") &&
          !strstr(b.warnings, "units"));
    pel_eventlog_barriers_free(&b);
    pel_eventlog_barriers_free(&one);
  }
  pel_eventlog_writer *w = pel_eventlog_writer_alloc(path, PEL_EVENTLOG_APPEND, &err);
  CHECK(w != NULL);
  if (!w) return;
  CHECK(!pel_eventlog_writer_has_header(w));
  CHECK_INT(pel_eventlog_writer_header(w, "metal", 4, keys, values, &err), PEL_OK);
  CHECK_INT(write_events(w, 0, 2), PEL_OK);
  pel_eventlog_writer_free(w);
  CHECK_INT(pel_eventlog_is_stub(path), 0);
  /* one header, not the stub's lines before a second one */
  int heads = 0;
  char line[512];
  if ((f = fopen(path, "r"))) {
    while (fgets(line, sizeof line, f)) heads += strcmp(line, "# pelstat event log\n") == 0;
    fclose(f);
  }
  CHECK_INT(heads, 1);
  /* read back: the header's values, the two records */
  pel_eventlog_reader *r = pel_eventlog_reader_alloc(path, &err);
  CHECK(r != NULL);
  if (!r) return;
  CHECK(pel_eventlog_reader_param(r, "seed") &&
        !strcmp(pel_eventlog_reader_param(r, "seed"), "4711"));
  pel_event ev;
  int got = 0, n = 0;
  while (pel_eventlog_reader_next(r, &ev, &got, &err) == PEL_OK && got) n++;
  CHECK_INT(n, 2);
  pel_eventlog_reader_free(r);
}

/* A resumed run that raised the campaign's limits writes "# extent ...":
 * a reader finds the header's values until it passes the line, the line's
 * after it (the last one wins); a key without a value is an error naming
 * the line. */
static void test_extent(void)
{
  const char *path = DIR "/eventlog_extent.log";
  pel_error err;
  pel_error_clear(&err);
  const char *hk[] = {"max_centers", "ncenters"}, *hv[] = {"120", "120"};
  const char *ek[] = {"max_centers", "ncenters"}, *ev1[] = {"250", "250"}, *ev2[] = {"0", "500"};
  pel_eventlog_writer *w = pel_eventlog_writer_alloc(path, PEL_EVENTLOG_CREATE, &err);
  CHECK(w != NULL);
  if (!w) return;
  CHECK_INT(pel_eventlog_writer_header(w, "metal", 2, hk, hv, &err), PEL_OK);
  CHECK_INT(write_events(w, 0, 2), PEL_OK);
  CHECK_INT(pel_eventlog_writer_extent(w, 2, ek, ev1, &err), PEL_OK);
  CHECK_INT(write_events(w, 2, 2), PEL_OK);
  CHECK_INT(pel_eventlog_writer_extent(w, 2, ek, ev2, &err), PEL_OK);
  CHECK_INT(write_events(w, 4, 1), PEL_OK);
  const char *bad[] = {"two words"};
  CHECK_INT(pel_eventlog_writer_extent(w, 1, ek, bad, &err), PEL_EINVAL);
  pel_eventlog_writer_free(w);
  pel_eventlog_reader *r = pel_eventlog_reader_alloc(path, &err);
  CHECK(r != NULL);
  if (!r) return;
  const char *v = pel_eventlog_reader_param(r, "ncenters");
  CHECK(v && !strcmp(v, "120"));
  pel_event e;
  int got = 0, n = 0;
  while (pel_eventlog_reader_next(r, &e, &got, &err) == PEL_OK && got) {
    n++;
    v = pel_eventlog_reader_param(r, "ncenters");
    if (n == 2) CHECK(v && !strcmp(v, "120")); /* before the first extent line */
    if (n == 3) CHECK(v && !strcmp(v, "250"));
  }
  CHECK_INT(n, 5);
  v = pel_eventlog_reader_param(r, "ncenters");
  CHECK(v && !strcmp(v, "500"));
  v = pel_eventlog_reader_param(r, "max_centers");
  CHECK(v && !strcmp(v, "0"));
  v = pel_eventlog_reader_param(r, "units");
  CHECK(v && !strcmp(v, "metal"));
  pel_eventlog_reader_free(r);
  /* the barriers are those of the records: extent lines are no records */
  pel_eventlog_barriers b;
  CHECK_INT(read_one(path, &b, &err), PEL_OK);
  CHECK_INT(b.n + b.nother, 5);
  pel_eventlog_barriers_free(&b);
  /* a key without a value */
  FILE *f = fopen(path, "a");
  if (f) {
    fputs("# extent ncenters\n", f);
    fclose(f);
  }
  r = pel_eventlog_reader_alloc(path, &err);
  CHECK(r != NULL);
  if (!r) return;
  pel_status st = PEL_OK;
  while ((st = pel_eventlog_reader_next(r, &e, &got, &err)) == PEL_OK && got) {
  }
  CHECK_INT(st, PEL_EFORMAT);
  CHECK(strstr(err.msg, "eventlog_extent.log:14:") && strstr(err.msg, "without a value"));
  pel_eventlog_reader_free(r);
  if (pel_test_failures == 0) remove(path);
}

int main(void)
{
  if (mkdir(DIR, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "test_eventlog: cannot create %s/: %s\n", DIR, strerror(errno));
    return 1;
  }
  test_converged();
  test_roundtrip();
  test_stub();
  test_extent();
  test_append_and_truncation();
  test_errors();
  test_old_format();
  test_cost();
  test_pool();
  if (pel_test_failures == 0) {
    const char *files[] = {LOG1,
                           LOG2,
                           BAD,
                           NOTLOG,
                           EMPTY,
                           COLS,
                           OLD,
                           NOUNITS,
                           REAL,
                           NOCOST,
                           DIR "/eventlog_which.log",
                           DIR "/eventlog_stub.log"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) remove(files[i]);
    rmdir(DIR); /* only if nothing else lives there */
  }
  return pel_test_report("test_eventlog");
}
