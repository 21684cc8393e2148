#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Reading fix artn event logs in Python (standard library only).

The reader follows the C reader of the package (src/core/pel_eventlog.c):

* header lines ``# key value`` before the column line are the parameters of
  the run (``units``, ``seed``, ``pelstat_version``, ...; the last one wins
  when a key is repeated);
* ``# columns: ...`` names the columns; they are matched BY NAME, so a log
  with extra columns (a newer version) still reads, and the optional columns
  (those after ``seconds``) take their defaults when absent (0; NaN for
  ``dmax_final`` and ``eigenvalue2``; the record's ``force_calls`` for
  ``cost``, which is also what a ``nan`` cost reads as); a column line that
  lacks one of the required columns, or names a known column twice, is an
  error;
* data lines are one record each, fields separated by single tabs; each must
  have exactly as many fields as the column line, no known column may be
  empty, and the status is ``saddle``, ``trivial`` or ``fail_<reason>``
  (lower-case letters, digits, '_');
* ``#`` lines after the column line (such as a note that a run was resumed)
  and blank lines are skipped; they are kept in ``Log.comments``; an
  ``# extent key value ...`` line (a resumed run that raised the campaign's
  limits, such as ``max_centers``) sets those parameters, the last one wins;
* a last line without a newline is what a killed job leaves: it is not
  returned, and ``Log.truncated`` says so;
* a data line before any column line means the file is not an event log;
* a file whose complete lines are all ``#`` lines or blank, none of them the
  column line, holds only the start of a header (a job killed while creating
  it, or an empty file): it reads as a log without records whose ``stub`` is
  True, with an ``EventLogWarning`` naming it, as the C tools skip it with a
  warning.

API::

    import pelstat_eventlog as pel
    log = pel.read("art.events")       # Log: .path .params .columns .records
                                       #      .truncated .comments .units
    for ev in log.records:             # Event: typed fields, ev.barrier, ev["barrier"]
        if pel.is_saddle(ev): ...
    q = pel.barriers(log.records)      # barriers of the status "saddle" records
    logs = pel.read_many(paths)        # LogSet (list of Log); .records of all
                                       # of them in order; the same file twice
                                       # is an error; .stubs the header stubs

Scripts outside this folder find it relative to their own location, e.g.
``sys.path.insert(0, os.path.join(<repository>, "src", "python"))``.

As a command, ``python3 pelstat_eventlog.py FILE...`` prints a summary of
each log (records per status, barriers of the converged saddles) for people;
exit status 2 if a file cannot be read as an event log.
"""
import math
import os
import re
import sys
import warnings

__all__ = ["COLUMNS", "REQUIRED", "OPTIONAL", "STATUS_SADDLE", "EventLogError", "EventLogWarning",
           "Event", "Log",
           "LogSet", "read", "read_many", "status_valid", "is_saddle", "barriers", "same_record",
           "main"]

#: The columns a writer writes, in file order (pel_eventlog_columns).
COLUMNS = ("event", "center", "attempt", "status", "e_initial", "e_saddle", "barrier",
           "e_final", "asymmetry", "eigenvalue", "dr_saddle", "dmax_saddle", "natoms_moved",
           "force_calls", "seconds", "force_calls_saddle", "force_calls_lanczos", "basin_steps",
           "activation_steps", "reentries", "dmax_final", "eigenvalue2", "force_calls_local",
           "cost")
#: Columns every event log must have (PEL_EVENTLOG_NREQUIRED).
REQUIRED = COLUMNS[:15]
#: Columns that may be absent (added by later versions); their value is then
#: the default of pel_event_init: 0, NaN for dmax_final and eigenvalue2; and
#: for cost (NaN in pel_event_init: "not set") the record's force_calls.
OPTIONAL = COLUMNS[15:]
#: The status of a converged, accepted saddle; anything else is a failure.
STATUS_SADDLE = "saddle"
STATUS_LEN = 32  # status words are shorter than this (PEL_EVENTLOG_STATUS_LEN)

COLUMNS_PREFIX = "# columns:"
EXTENT_PREFIX = "# extent "
_LONG = {"event", "center", "force_calls", "force_calls_saddle",
         "force_calls_lanczos", "force_calls_local"}                    # C long (64 bit)
_INT = {"attempt", "natoms_moved", "basin_steps", "activation_steps", "reentries"}  # C int
_INTEGER = _LONG | _INT
_NAN_DEFAULT = {"dmax_final", "eigenvalue2",  # not known unless logged
                "cost"}  # not set: read as force_calls (a Log's records never hold NaN)
_BLANKS = " \t\r\n"
_CSPACE = " \t\n\v\f\r"  # what strtol and strtod skip before a number
_SPLIT = re.compile(r"[ \t\r\n]+")
_STATUS = re.compile(r"(saddle|trivial|fail_[a-z0-9_]+)\Z")
_INT_TEXT = re.compile(r"[+-]?[0-9]+\Z")
_HEX_TEXT = re.compile(r"[+-]?0[xX]")
_NAN_TEXT = re.compile(r"[+-]?nan(\([0-9A-Za-z_]*\))?\Z", re.IGNORECASE)
_INF_TEXT = re.compile(r"[+-]?inf(inity)?\Z", re.IGNORECASE)


class EventLogError(ValueError):
    """A file that is not an event log, or a malformed line; the message names
    the file and the line as the C reader does ("path:line: ...")."""

    def __init__(self, message, path=None, line=None):
        super().__init__(message)
        self.path = path
        self.line = line


class EventLogWarning(UserWarning):
    """A log that holds only the start of its header, read as a log without
    records."""


class Event:
    """One record of an event log.  Fields are typed: ints for event, center,
    attempt, natoms_moved and the counts (force_calls, force_calls_saddle,
    force_calls_lanczos, force_calls_local, basin_steps, activation_steps,
    reentries); str for status; floats for the energies and the rest (cost
    too).  ``line`` is its line in the file, ``path`` the file; columns the
    reader does not know are in ``extra`` (name -> text).  ``ev["barrier"]``
    and ``ev.get(name)`` reach known and extra columns alike.  Fields not
    given take the defaults of pel_event_init (cost NaN: "not set"; the
    reader sets it to force_calls)."""

    __slots__ = COLUMNS + ("line", "path", "extra")

    def __init__(self, **fields):
        for c in COLUMNS:
            setattr(self, c, fields.pop(c, "" if c == "status" else 0 if c in _INTEGER else
                                        float("nan") if c in _NAN_DEFAULT else 0.0))
        self.line = fields.pop("line", 0)
        self.path = fields.pop("path", None)
        self.extra = fields.pop("extra", None) or {}
        if fields:
            raise TypeError("unknown event fields: %s" % ", ".join(sorted(fields)))

    def __getitem__(self, name):
        if name in COLUMNS:
            return getattr(self, name)
        return self.extra[name]

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name):
        return name in COLUMNS or name in self.extra

    def as_dict(self):
        """The columns (known ones, then extra ones) as a dict."""
        d = {c: getattr(self, c) for c in COLUMNS}
        d.update(self.extra)
        return d

    def __repr__(self):
        return "Event(%s)" % ", ".join("%s=%r" % (c, getattr(self, c)) for c in COLUMNS)


class Log:
    """An event log read by read(): path, params (header key -> value text),
    columns (names in file order, unknown ones included), records (Event
    list), truncated (a last line without newline was dropped; its line
    number is truncated_line), comments ('#' lines after the column line,
    without the '#'), stub (the file holds only the start of a header: no
    column line, no record)."""

    def __init__(self, path):
        self.path = path
        self.params = {}
        self.columns = []
        self.records = []
        self.comments = []
        self.truncated = False
        self.truncated_line = None
        self.stub = False

    @property
    def units(self):
        """The units of the log ("# units metal"), or None."""
        return self.params.get("units")

    def __len__(self):
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    def __repr__(self):
        return "<event log %s: %d records%s>" % (
            self.path, len(self.records),
            ", header stub" if self.stub else ", truncated" if self.truncated else "")


class LogSet(list):
    """The logs of read_many(), in the order given."""

    @property
    def records(self):
        """The records of every log, log after log."""
        return [r for log in self for r in log.records]

    @property
    def truncated(self):
        """The logs whose unterminated last line was dropped."""
        return [log for log in self if log.truncated]

    @property
    def stubs(self):
        """The logs that hold only the start of a header."""
        return [log for log in self if log.stub]


# ---------------------------------------------------------------- parsing

def _parse_integer(text, bits):
    text = text.lstrip(_CSPACE)
    if not _INT_TEXT.match(text):
        return None
    v = int(text)
    lim = 1 << (bits - 1)
    return v if -lim <= v < lim else None


def _parse_float(text):
    """strtod's grammar: decimal, hexadecimal, inf, nan; overflow is an error,
    underflow is not."""
    text = text.lstrip(_CSPACE)
    if "_" in text or not text or text != text.rstrip(_CSPACE):
        return None
    try:
        v = float(text)
    except ValueError:
        if _HEX_TEXT.match(text):
            try:
                return float.fromhex(text)
            except (ValueError, OverflowError):
                return None
        if _NAN_TEXT.match(text):
            return float("nan")
        return None
    if math.isinf(v) and not _INF_TEXT.match(text):
        return None  # out of range for a double
    return v


def _lines(f):
    """(line number, text without the newline and one '\\r', complete) for each
    line of the binary file f."""
    for n, raw in enumerate(f, 1):
        complete = raw.endswith(b"\n")
        if complete:
            raw = raw[:-1]
            if raw.endswith(b"\r"):
                raw = raw[:-1]
        yield n, raw.decode("utf-8", "surrogateescape"), complete


def _add_param(params, text):
    text = text.lstrip(" \t")
    m = re.match(r"[^ \t]*", text)
    key = m.group(0)
    if not key:
        return
    params[key] = text[len(key):].lstrip(" \t").rstrip(_BLANKS)


def _parse_columns(path, lineno, text):
    names = [w for w in _SPLIT.split(text) if w]
    seen = set()
    for name in names:
        if name in COLUMNS:
            if name in seen:
                raise EventLogError("%s:%d: column '%s' appears twice" % (path, lineno, name),
                                    path, lineno)
            seen.add(name)
    for c in REQUIRED:
        if c not in seen:
            raise EventLogError("%s:%d: column line lacks column '%s'" % (path, lineno, c),
                                path, lineno)
    return names


def _parse_record(path, lineno, names, text):
    words = text.split("\t")
    if len(words) != len(names):
        raise EventLogError("%s:%d: expected %d fields, found %d%s"
                            % (path, lineno, len(names), len(words),
                               " (fields are separated by tabs)" if len(words) == 1 else ""),
                            path, lineno)
    ev = Event(line=lineno, path=path)
    for k, (name, w) in enumerate(zip(names, words)):
        if name not in COLUMNS:
            ev.extra[name] = w
            continue
        if not w:
            raise EventLogError("%s:%d: column '%s' (field %d) is empty" % (path, lineno, name,
                                                                           k + 1), path, lineno)
        if name == "status":
            if not (_STATUS.match(w) and len(w) < STATUS_LEN):
                raise EventLogError("%s:%d: column 'status': unknown status '%s' (a log holds "
                                    "saddle, trivial or fail_<reason>)" % (path, lineno, w),
                                    path, lineno)
            v = w
        elif name in _INTEGER:
            v = _parse_integer(w, 64 if name in _LONG else 32)
        else:
            v = _parse_float(w)
        if v is None:
            raise EventLogError("%s:%d: column '%s': bad value '%s'" % (path, lineno, name, w),
                                path, lineno)
        setattr(ev, name, v)
    if math.isnan(ev.cost):  # absent (an older log) or nan: as the writer writes it
        ev.cost = float(ev.force_calls)
    return ev


def read(path):
    """Read the event log at path; returns a Log.  Raises OSError if the file
    cannot be read and EventLogError if it is not an event log or holds a
    malformed line.  A header stub (only '#' and blank lines before the end
    or an unterminated last line, no column line) gives a Log without records
    whose stub is True, and an EventLogWarning."""
    path = os.fspath(path)
    log = Log(path)
    names = None
    with open(path, "rb") as f:
        for lineno, text, complete in _lines(f):
            if not complete:
                log.truncated = True
                log.truncated_line = lineno
                break
            if names is None:
                if text.startswith("#"):
                    if text.startswith(COLUMNS_PREFIX):
                        names = _parse_columns(path, lineno, text[len(COLUMNS_PREFIX):])
                        log.columns = names
                    else:
                        _add_param(log.params, text[1:])
                    continue
                if not text.strip(_BLANKS):
                    continue
                raise EventLogError("%s:%d: not an event log (data before a '%s' line)"
                                    % (path, lineno, COLUMNS_PREFIX), path, lineno)
            if text.startswith("#"):
                log.comments.append(text[1:].strip(_BLANKS))
                if text.startswith(EXTENT_PREFIX):
                    words = text[len(EXTENT_PREFIX):].split()
                    if len(words) % 2:
                        raise EventLogError("%s:%d: '%s' line: a key without a value"
                                            % (path, lineno, EXTENT_PREFIX), path, lineno)
                    log.params.update(zip(words[0::2], words[1::2]))
                continue
            if not text.strip(_BLANKS):
                continue
            log.records.append(_parse_record(path, lineno, names, text))
    if names is None:
        # only '#' and blank lines: the start of a header (a data line before
        # the column line has raised above)
        log.stub = True
        log.params = {}
        warnings.warn("%s holds only the start of an event log header (a job killed while "
                      "creating it?): no records" % path, EventLogWarning, stacklevel=2)
    return log


def read_many(paths):
    """Read several logs (for example one per partition); returns a LogSet.
    Naming the same file twice (under any name) is an error: its events
    would count twice."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    seen = {}
    for p in paths:
        key = os.path.realpath(p)
        try:
            st = os.stat(p)
            key = (st.st_dev, st.st_ino)
        except OSError:
            pass  # read() reports it
        if key in seen:
            if seen[key] == p:
                raise ValueError("event log '%s' is given twice: its events would count twice"
                                 % p)
            raise ValueError("event logs '%s' and '%s' are the same file: its events would "
                             "count twice" % (seen[key], p))
        seen[key] = p
    return LogSet(read(p) for p in paths)


# ---------------------------------------------------------------- helpers

def status_valid(word):
    """True for a status word a log may hold: "saddle", "trivial" or
    "fail_<reason>" (lower-case letters, digits and '_', under 32 characters)."""
    return bool(_STATUS.match(word)) and len(word) < STATUS_LEN


def is_saddle(rec):
    """True for a converged, accepted saddle (status "saddle"); rec is an
    Event or a dict with a "status" entry."""
    return rec["status"] == STATUS_SADDLE


def is_converged(rec):
    """True when the attempt converged to a saddle, connected or not:
    e_saddle is a number and the status is not "fail_index" (a higher-order
    point given up keeps its energy in the record)."""
    return math.isfinite(rec["e_saddle"]) and rec["status"] != "fail_index"


def barriers(records, status=(STATUS_SADDLE,)):
    """The barriers of the records whose status is in status (a word or a
    sequence of words; None for every record), in order."""
    if isinstance(status, str):
        status = (status,)
    return [r["barrier"] for r in records if status is None or r["status"] in status]


def same_record(a, b, ignore=("seconds",), rtol=1e-9):
    """Equal records but for the ignored columns: words and integers exactly,
    floating-point columns to rtol relative (the force summation order of one
    run may differ from another's in the last digits); NaN equals NaN."""
    da = a.as_dict() if isinstance(a, Event) else dict(a)
    db = b.as_dict() if isinstance(b, Event) else dict(b)
    keys = set(da) - set(ignore)
    if keys != set(db) - set(ignore):
        return False
    for k in keys:
        x, y = da[k], db[k]
        if x == y:
            continue
        if isinstance(x, float) and isinstance(y, float):
            if math.isnan(x) and math.isnan(y):
                continue
            if abs(x - y) <= rtol * max(1.0, abs(x)):
                continue
        return False
    return True


# ---------------------------------------------------------------- command

def _summary(records, out):
    status = {}
    for r in records:
        status[r.status] = status.get(r.status, 0) + 1
    q = [x for x in barriers(records) if math.isfinite(x)]
    out.write("  records %d: %s\n" % (len(records), ", ".join(
        "%s %d" % (k, v) for k, v in sorted(status.items(), key=lambda kv: (-kv[1], kv[0])))
        or "none"))
    if q:
        out.write("  saddle barriers %d: min %.6g, mean %.6g, max %.6g\n"
                  % (len(q), min(q), math.fsum(q) / len(q), max(q)))


def main(argv=None, out=sys.stdout, err=sys.stderr):
    """python3 pelstat_eventlog.py FILE...: a summary of each log."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        out.write("usage: pelstat_eventlog.py FILE...\n"
                  "Prints, for each fix artn event log, its units and parameters count, the\n"
                  "records per status and the barriers of the converged saddles.\n")
        return 0 if argv else 2
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EventLogWarning)  # said below, for each stub
            logs = read_many(argv)
    except (OSError, ValueError) as e:
        err.write("pelstat_eventlog: %s\n" % e)
        return 2
    for log in logs:
        out.write("%s: units %s, %d header parameters, %d columns%s\n"
                  % (log.path, log.units or "?", len(log.params), len(log.columns),
                     " (unknown: %s)" % " ".join(c for c in log.columns if c not in COLUMNS)
                     if any(c not in COLUMNS for c in log.columns) else ""))
        if log.stub:
            out.write("  only the start of a header (a job killed while creating it?): "
                      "no records\n")
            continue
        _summary(log.records, out)
        if log.truncated:
            out.write("  line %d has no newline (a killed job?): left out\n" % log.truncated_line)
    if len(logs) > 1:
        units = sorted({log.units or "?" for log in logs if not log.stub}) or ["?"]
        out.write("all %d logs%s:\n" % (len(logs), "" if len(units) == 1 else
                                         " (units differ: %s)" % " ".join(units)))
        _summary(logs.records, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
