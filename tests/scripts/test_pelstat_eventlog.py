#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Tests of src/python/pelstat_eventlog.py, the Python reader of fix artn event
logs (standard library only).

usage: test_pelstat_eventlog.py [PELSTAT_BINARY [LOG...]]

1. On small logs written here: typed fields, header parameters, columns
   matched by name (permuted order, an extra unknown column, the optional
   columns absent), the optional force_calls_local and cost (round trip; a
   log of the previous format without them reads 0 and force_calls; a nan
   cost reads as force_calls), '#' comment lines after the column line
   skipped, "# extent" lines (the limits of a resumed run, the last one
   wins), an unterminated last line dropped and reported, CRLF line ends,
   nan/inf values; errors for a missing required column, a column named
   twice, data before the column line, no column line, a wrong number of
   fields (tab-separated), an empty field, an unknown status, a bad number; the same file given twice to read_many refused;
   a header stub (only '#' lines, an unterminated column line, an empty
   file) read as a log without records, flagged, with one warning naming it;
   barriers(), is_saddle(), same_record() and the command-line summary.
   With PELSTAT_BINARY, `pelstat status --json` on such logs (with and
   without the cost column) gives the force calls per connected saddle as
   the summed cost here over the saddles, and the summed force_calls_local;
   a header stub pooled with a whole log: `pelstat spectrum` counts the
   barriers read here and warns about the stub.
2. With PELSTAT_BINARY (the C command-line tool, whose reader is
   src/core/pel_eventlog.c): on the committed logs (examples/*/*.events,
   tests/lammps/data/spectrum/*.log, one at a time and the partitions pooled)
   `pelstat spectrum --json --no-fit` counts exactly the saddle barriers this
   module reads (n + outside), their sum (n * mean, to 1e-12) and, bin by
   bin, the barriers between the edges of its bins; the table's "other
   events" equals the records of another status and its units the log's; the
   tool warns about an unterminated last line exactly where the module
   reports one; and every test log the module rejects (malformed.log,
   not_a_log.txt, ...) the tool rejects with the same "path:line: ..."
   message.  LOG... (for example the logs a
   run of the LAMMPS tests left in the build tree) are compared the same way.
"""
import glob
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "src", "python"))
import pelstat_eventlog as pel  # noqa: E402

COLS = pel.COLUMNS[:15]
HEADER = "# pelstat event log\n# pelstat_version 0.1.0-test\n# units metal\n# seed 4711\n" \
         "# centers nn\n"
failures = []


def check(cond, what):
    print("CHECK %s: %s" % ("ok" if cond else "FAILED", what))
    if not cond:
        failures.append(what)


def record(event, center, attempt, status, e0, barrier, calls, cols=COLS, extra=None):
    """One data line with the values of a record in the order of cols."""
    es = e0 + barrier if barrier == barrier else float("nan")
    v = {"event": event, "center": center, "attempt": attempt, "status": status,
         "e_initial": e0, "e_saddle": es, "barrier": barrier,
         "e_final": e0 - 0.25 if barrier == barrier else float("nan"),
         "asymmetry": -0.25 if barrier == barrier else float("nan"),
         "eigenvalue": -1.5 if barrier == barrier else float("inf"), "dr_saddle": 1.25,
         "dmax_saddle": 0.5, "natoms_moved": 7, "force_calls": calls, "seconds": 0.125,
         "force_calls_saddle": calls // 2, "force_calls_lanczos": calls // 4, "basin_steps": 3,
         "activation_steps": 40, "reentries": 0,
         "dmax_final": 2.5 if barrier == barrier else float("nan"),
         "eigenvalue2": 0.125 if barrier == barrier else float("nan"),
         "force_calls_local": 0, "cost": calls}
    v.update(extra or {})
    return "\t".join(("%.17g" % v[c]) if isinstance(v[c], float) else str(v[c])
                     for c in cols) + "\n"


def write(path, text):
    with open(path, "w", newline="") as f:
        f.write(text)
    return path


def expect_error(path, pattern):
    try:
        pel.read(path)
    except pel.EventLogError as e:
        check(re.search(pattern, str(e)) is not None,
              "%s: error /%s/ (got: %s)" % (os.path.basename(path), pattern, e))
        return str(e)
    check(False, "%s: error /%s/ expected, read without one" % (os.path.basename(path), pattern))
    return None


def unit_tests(tmp):
    # the standard layout, with a comment line after the column line
    text = HEADER + "# columns: " + " ".join(pel.COLUMNS) + "\n"
    text += record(1, 11, 1, "saddle", -100.0, 0.75, 321, pel.COLUMNS)
    text += "# resumed after 1 attempts\n"
    text += record(2, 12, 1, "fail_activation", -100.5, float("nan"), 99, pel.COLUMNS)
    text += "\n"
    text += record(3, 12, 2, "saddle", -100.25, 1.0000000000000002, 4000000000, pel.COLUMNS)
    log = pel.read(write(os.path.join(tmp, "standard.log"), text))
    r = log.records
    check(len(r) == 3 and not log.truncated, "standard log: 3 records, not truncated")
    check(log.params.get("units") == "metal" and log.units == "metal" and
          log.params.get("seed") == "4711" and log.params.get("centers") == "nn" and
          log.params.get("pelstat_version") == "0.1.0-test", "header parameters %s" % log.params)
    check(log.columns == list(pel.COLUMNS), "column names in file order")
    check(log.comments == ["resumed after 1 attempts"], "comment after the column line kept "
          "apart: %s" % log.comments)
    check([x.line for x in r] == [7, 9, 11], "line numbers of the records %s"
          % [x.line for x in r])
    a = r[0]
    ints = ("event", "center", "attempt", "natoms_moved", "force_calls", "force_calls_saddle",
            "force_calls_lanczos", "basin_steps", "activation_steps", "reentries",
            "force_calls_local")
    check((a.event, a.center, a.attempt, a.status, a.natoms_moved, a.force_calls,
           a.force_calls_saddle, a.force_calls_lanczos, a.basin_steps, a.activation_steps,
           a.reentries, a.dmax_final, a.force_calls_local, a.cost) ==
          (1, 11, 1, "saddle", 7, 321, 160, 80, 3, 40, 0, 2.5, 0, 321.0) and
          all(isinstance(getattr(a, c), int) for c in ints), "integer columns are ints")
    check(all(isinstance(getattr(a, c), float) for c in pel.COLUMNS
              if c not in ints + ("status",)), "energy and length columns are floats")
    check(a.e_initial == -100.0 and a.barrier == 0.75 and a.e_saddle == -99.25 and
          a["barrier"] == 0.75 and a.get("nothere", 5) == 5, "values by attribute and by name")
    check(r[2].barrier == 1.0000000000000002 and r[2].force_calls == 4000000000,
          "17 digits round-trip exactly; force calls beyond 32 bits")
    check(math.isnan(r[1].barrier) and math.isinf(r[1].eigenvalue), "nan and inf values")
    check(pel.is_saddle(r[0]) and not pel.is_saddle(r[1]) and pel.is_saddle({"status": "saddle"}),
          "is_saddle")
    check(pel.is_converged(r[0]) and not pel.is_converged(r[1]) and
          pel.is_converged({"status": "fail_connect", "e_saddle": -1.0}) and
          not pel.is_converged({"status": "fail_index", "e_saddle": -1.0}),
          "is_converged: a saddle energy, and not a higher-order point given up")
    check(pel.barriers(r) == [0.75, 1.0000000000000002], "barriers of the saddles")
    b = pel.barriers(r, status=None)
    check(len(b) == 3 and math.isnan(b[1]), "barriers of every record (status=None)")
    check(len(pel.barriers(r, status="fail_activation")) == 1, "barriers of one other status")
    check(pel.same_record(r[0], r[0]) and not pel.same_record(r[0], r[2]) and
          pel.same_record(r[1], r[1]), "same_record (NaN equals NaN)")

    # columns by name: another order, an unknown column, force_calls_saddle absent
    cols = ["status", "barrier", "event", "center", "attempt", "new_column", "e_initial",
            "e_saddle", "e_final", "asymmetry", "eigenvalue", "dr_saddle", "dmax_saddle",
            "natoms_moved", "force_calls", "seconds"]
    text = HEADER + "# columns: " + " ".join(cols) + "\n"
    text += record(1, 11, 1, "saddle", -100.0, 0.75, 321, cols, {"new_column": "x1"})
    text += record(2, 12, 3, "fail_connect", -100.5, 0.5, 99, cols, {"new_column": "x2"})
    log = pel.read(write(os.path.join(tmp, "permuted.log"), text))
    r = log.records
    check(len(r) == 2 and (r[0].event, r[0].center, r[0].attempt, r[0].status, r[0].barrier,
                           r[0].e_initial, r[0].force_calls) == (1, 11, 1, "saddle", 0.75,
                                                                 -100.0, 321),
          "columns matched by name in another order")
    check(r[1].status == "fail_connect" and r[1].attempt == 3 and r[1].barrier == 0.5,
          "second record by name")
    check(r[0].extra == {"new_column": "x1"} and r[1]["new_column"] == "x2" and
          log.columns == cols, "an unknown column is kept as text in extra")
    check(r[0].force_calls_saddle == 0 and r[0].basin_steps == 0 and
          math.isnan(r[0].dmax_final) and math.isnan(r[0].eigenvalue2) and
          r[0].force_calls_local == 0 and r[0].cost == 321.0 and isinstance(r[0].cost, float) and
          r[1].cost == 99.0, "optional columns absent: 0, NaN for dmax_final and eigenvalue2, "
          "force_calls for cost")

    cost_tests(tmp)

    # a killed job: the unterminated last line is dropped and reported
    text = HEADER + "# columns: " + " ".join(COLS) + "\n"
    text += record(1, 1, 1, "saddle", -1.0, 0.5, 10) + record(2, 2, 1, "saddle", -1.0, 0.5, 10)
    text += record(3, 3, 1, "saddle", -1.0, 0.5, 10)[:25]
    log = pel.read(write(os.path.join(tmp, "killed.log"), text))
    check(len(log.records) == 2 and log.truncated and log.truncated_line == 9,
          "unterminated last line dropped (%d records, truncated %s at line %s)"
          % (len(log.records), log.truncated, log.truncated_line))
    log = pel.read(write(os.path.join(tmp, "killed2.log"), text[:text.rindex("\n") + 1]))
    check(len(log.records) == 2 and not log.truncated, "the same log cut at a newline: complete")

    # CRLF line ends
    text = (HEADER + "# columns: " + " ".join(COLS) + "\n" +
            record(1, 1, 1, "saddle", -1.0, 0.5, 10)).replace("\n", "\r\n")
    log = pel.read(write(os.path.join(tmp, "crlf.log"), text))
    check(len(log.records) == 1 and log.records[0].seconds == 0.125 and
          log.params["units"] == "metal", "CRLF line ends")

    # errors
    missing = [c for c in COLS if c != "barrier"]
    expect_error(write(os.path.join(tmp, "missing.log"),
                       HEADER + "# columns: " + " ".join(missing) + "\n" +
                       record(1, 1, 1, "saddle", -1.0, 0.5, 10, missing)),
                 r"missing\.log:6: column line lacks column 'barrier'")
    expect_error(write(os.path.join(tmp, "twice.log"),
                       HEADER + "# columns: " + " ".join(COLS) + " status\n"),
                 r"twice\.log:6: column 'status' appears twice")
    expect_error(write(os.path.join(tmp, "data_first.log"),
                       "# units metal\n1 2 3\n# columns: " + " ".join(COLS) + "\n"),
                 r"data_first\.log:2: not an event log \(data before a '# columns:' line\)")
    # "# extent" lines: the limits a resumed run raised, the last one wins
    text = HEADER + "# max_centers 120\n# columns: " + " ".join(COLS) + "\n"
    text += record(1, 1, 1, "saddle", -1.0, 0.5, 10)
    text += "# resumed after 1 attempts\n# extent max_centers 250 ncenters 250\n"
    text += record(2, 2, 1, "saddle", -1.0, 0.5, 10)
    text += "# extent max_centers 0 ncenters 500\n"
    log = pel.read(write(os.path.join(tmp, "extent.log"), text))
    check(len(log.records) == 2 and log.params["max_centers"] == "0" and
          log.params["ncenters"] == "500" and log.params["units"] == "metal",
          "extent lines set the limits (%s)" % {k: log.params.get(k) for k in
                                                ("max_centers", "ncenters")})
    expect_error(write(os.path.join(tmp, "extent_bad.log"), text + "# extent ncenters\n"),
                 r"extent_bad\.log:13: '# extent ' line: a key without a value")
    # header stubs (a job killed while writing the header): a log without
    # records, flagged and warned about; a data line still makes a non-log
    for name, text in (("no_columns.log", HEADER), ("cut_header.log", HEADER + "# columns: event"),
                       ("empty_file.log", "")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            log = pel.read(write(os.path.join(tmp, name), text))
        said = [str(c.message) for c in caught if issubclass(c.category, pel.EventLogWarning)]
        check(log.stub and log.records == [] and log.columns == [] and len(said) == 1 and
              name in said[0] and "start of an event log header" in said[0],
              "%s: a header stub, no records, one warning naming it (%s)" % (name, said))
    expect_error(write(os.path.join(tmp, "header_then_data.log"), HEADER + "1\t2\n"),
                 r"header_then_data\.log:6: not an event log \(data before")
    check(not pel.read(os.path.join(tmp, "standard.log")).stub, "a whole log is not a stub")
    good = record(1, 1, 1, "saddle", -1.0, 0.5, 10)
    expect_error(write(os.path.join(tmp, "short.log"), HEADER + "# columns: " + " ".join(COLS) +
                       "\n" + good + good.rsplit("\t", 1)[0] + "\n"),
                 r"short\.log:8: expected 15 fields, found 14")
    expect_error(write(os.path.join(tmp, "long.log"), HEADER + "# columns: " + " ".join(COLS) +
                       "\n" + good.rstrip("\n") + "\t7\n"),
                 r"long\.log:7: expected 15 fields, found 16")
    expect_error(write(os.path.join(tmp, "spaces.log"), HEADER + "# columns: " + " ".join(COLS) +
                       "\n" + good.replace("\t", " ")),
                 r"spaces\.log:7: expected 15 fields, found 1 \(fields are separated by tabs\)")
    expect_error(write(os.path.join(tmp, "empty.log"), HEADER + "# columns: " + " ".join(COLS) +
                       "\n" + good.replace("\t0.125\n", "\t\n")),
                 r"empty\.log:7: column 'seconds' \(field 15\) is empty")
    expect_error(write(os.path.join(tmp, "status.log"), HEADER + "# columns: " + " ".join(COLS) +
                       "\n" + good.replace("saddle", "Saddle")),
                 r"status\.log:7: column 'status': unknown status 'Saddle'")
    check(all(pel.status_valid(w) for w in ("saddle", "trivial", "fail_basin", "fail_new_2")) and
          not any(pel.status_valid(w) for w in ("fail_", "failed", "fail_X", "fail_" + "a" * 27)),
          "status words")
    for name, bad, pattern in (("calls", ("1", "1.5"), "force_calls': bad value '1.5'"),
                               ("center", ("1", "1_0"), "center': bad value '1_0'"),
                               ("energy", ("-1", "-1e999"), "e_initial': bad value '-1e999'"),
                               ("attempt", ("1", "3000000000"), "attempt': bad value")):
        words = good.rstrip("\n").split("\t")
        k = {"calls": 13, "center": 1, "energy": 4, "attempt": 2}[name]
        words[k] = bad[1]
        expect_error(write(os.path.join(tmp, "bad_%s.log" % name), HEADER + "# columns: " +
                           " ".join(COLS) + "\n" + "\t".join(words) + "\n"),
                     r"bad_%s\.log:7: column '%s" % (name, pattern))

    # the same file twice
    p = os.path.join(tmp, "standard.log")
    for other in (p, os.path.join(tmp, ".", "standard.log")):
        try:
            pel.read_many([p, os.path.join(tmp, "permuted.log"), other])
            check(False, "read_many refuses %s after %s" % (other, p))
        except ValueError as e:
            check("twice" in str(e), "read_many refuses the same file twice: %s" % e)
    logs = pel.read_many([p, os.path.join(tmp, "permuted.log")])
    check(len(logs) == 2 and len(logs.records) == 5 and logs.truncated == [],
          "read_many: 2 logs, 5 records")

    # the command-line summary
    out, err = io.StringIO(), io.StringIO()
    rc = pel.main([p, os.path.join(tmp, "killed.log")], out, err)
    text = out.getvalue()
    check(rc == 0 and "saddle 2, fail_activation 1" in text and "no newline" in text and
          "all 2 logs" in text, "command-line summary:\n" + text)
    out = io.StringIO()
    rc = pel.main([p, os.path.join(tmp, "no_columns.log")], out, io.StringIO())
    text = out.getvalue()
    check(rc == 0 and "only the start of a header" in text and "all 2 logs:" in text and
          "units differ" not in text, "command-line summary with a header stub:\n" + text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pel.EventLogWarning)
        logs = pel.read_many([os.path.join(tmp, "no_columns.log"), p])
    check([log.path for log in logs.stubs] == [os.path.join(tmp, "no_columns.log")] and
          len(logs.records) == len(pel.read(p).records), "read_many: the stub counts no record")
    rc = pel.main([os.path.join(tmp, "missing.log")], io.StringIO(), err)
    check(rc == 2 and "lacks column 'barrier'" in err.getvalue(),
          "command line: exit 2 with the reader's message")


def cost_tests(tmp):
    """force_calls_local and cost: round trip, absent (the previous format),
    nan; the defaults of Event."""
    e = pel.Event()
    check(e.force_calls_local == 0 and isinstance(e.force_calls_local, int) and
          math.isnan(e.cost), "Event(): force_calls_local 0, cost NaN (not set), as "
          "pel_event_init")
    # with the columns: local calls and a fractional cost that needs 17 digits
    cost = 1234.0 + 0.1 + 0.2
    text = HEADER + "# columns: " + " ".join(pel.COLUMNS) + "\n"
    text += record(1, 11, 1, "saddle", -100.0, 0.75, 1000, pel.COLUMNS,
                   {"force_calls_local": 4000000000, "cost": cost})
    text += record(2, 12, 1, "fail_connect", -100.0, 0.5, 300, pel.COLUMNS,
                   {"force_calls_local": 20, "cost": 301.5})
    r = pel.read(write(os.path.join(tmp, "cost.log"), text)).records
    check(r[0].force_calls_local == 4000000000 and r[0].cost == cost and
          isinstance(r[0].cost, float) and r[1].force_calls_local == 20 and r[1].cost == 301.5,
          "force_calls_local (beyond 32 bits) and cost round-trip exactly")
    # the previous format: every column up to eigenvalue2
    prev = pel.COLUMNS[:pel.COLUMNS.index("eigenvalue2") + 1]
    check(prev[-1] == "eigenvalue2" and pel.COLUMNS[len(prev):] == ("force_calls_local", "cost"),
          "force_calls_local and cost are the last columns")
    text = HEADER + "# columns: " + " ".join(prev) + "\n"
    text += record(1, 11, 1, "saddle", -100.0, 0.75, 1000, prev)
    text += record(2, 12, 1, "fail_activation", -100.0, float("nan"), 77, prev)
    r = pel.read(write(os.path.join(tmp, "previous.log"), text)).records
    check(len(r) == 2 and all(x.force_calls_local == 0 and x.cost == float(x.force_calls) and
                              isinstance(x.cost, float) for x in r) and
          r[0].eigenvalue2 == 0.125, "a log without force_calls_local and cost: 0 and "
          "force_calls")
    # nan reads as force_calls, in any column order (cost before force_calls)
    cols = ["cost", "force_calls_local"] + list(COLS)
    text = HEADER + "# columns: " + " ".join(cols) + "\n"
    text += record(1, 11, 1, "saddle", -100.0, 0.75, 500, cols, {"cost": float("nan")})
    text += record(2, 11, 2, "saddle", -100.0, 0.75, 500, cols,
                   {"cost": 137.5, "force_calls_local": 250})
    r = pel.read(write(os.path.join(tmp, "nan_cost.log"), text)).records
    check(r[0].cost == 500.0 and r[1].cost == 137.5 and r[1].force_calls_local == 250,
          "a nan cost reads as force_calls; cost matched by name")
    expect_error(write(os.path.join(tmp, "bad_local.log"), HEADER + "# columns: " +
                       " ".join(pel.COLUMNS) + "\n" +
                       record(1, 1, 1, "saddle", -1.0, 0.5, 10, pel.COLUMNS,
                              {"force_calls_local": 2.5})),
                 r"bad_local\.log:7: column 'force_calls_local': bad value '2\.5'")


def status_against_cli(pelstat, tmp):
    """`pelstat status --json` sums the cost column for the force calls per
    connected saddle (force_calls in a log without it) and reports the summed
    force_calls_local."""
    for names in (("cost.log", "previous.log"), ("previous.log",), ("nan_cost.log",)):
        paths = [os.path.join(tmp, n) for n in names]
        recs = pel.read_many(paths).records
        conn = sum(1 for r in recs if pel.is_saddle(r))
        want = math.fsum(r.cost for r in recs) / conn
        p = run([pelstat, "status", "--json"] + paths)
        if p.returncode != 0:
            check(False, "%s: pelstat status exited %d: %s" % (names, p.returncode, p.stderr))
            continue
        js = json.loads(p.stdout)
        check(abs(js["force_calls_per_connected"] - want) <= 1e-5 * want and
              js["force_calls_local"] == sum(r.force_calls_local for r in recs) and
              js["force_calls"] == sum(r.force_calls for r in recs),
              "%s: pelstat status: %s force calls per connected saddle, %s local (here %.6g, %d)"
              % (" + ".join(names), js["force_calls_per_connected"], js["force_calls_local"],
                 want, sum(r.force_calls_local for r in recs)))


def stub_against_cli(pelstat, tmp):
    """A header stub pooled with a whole log: `pelstat spectrum` counts the
    barriers this module reads, and both name the stub (a warning)."""
    stub, whole = os.path.join(tmp, "no_columns.log"), os.path.join(tmp, "standard.log")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pel.EventLogWarning)
        logs = pel.read_many([stub, whole])
    x = pel.barriers(logs.records)
    p = run([pelstat, "spectrum", "--json", "--no-fit", "--bin", "0.05", stub, whole])
    ok = p.returncode == 0
    js = json.loads(p.stdout) if ok else {}
    check(ok and js["n"] + js["outside"] == len(x) and len(x) > 0 and
          [l.path for l in logs.stubs] == [stub] and stub in p.stderr,
          "stub + whole log: %d barriers here, pelstat %s; pelstat's warning: %s"
          % (len(x), js.get("n"), p.stderr.strip()[:200]))
    # "# extent" lines: the same barriers; a malformed one the same error
    x = pel.barriers(pel.read(os.path.join(tmp, "extent.log")).records)
    p = run([pelstat, "spectrum", "--json", "--no-fit", os.path.join(tmp, "extent.log")])
    check(p.returncode == 0 and json.loads(p.stdout)["n"] == len(x) == 2,
          "extent.log: pelstat spectrum counts the %d barriers (%s)" % (len(x), p.stderr.strip()))
    bad = os.path.join(tmp, "extent_bad.log")
    try:
        pel.read(bad)
        mine = None
    except pel.EventLogError as e:
        mine = str(e)
    p = run([pelstat, "spectrum", "--json", bad])
    check(p.returncode != 0 and mine is not None and mine in p.stderr,
          "extent_bad.log: both readers reject it with '%s' (pelstat: %s)"
          % (mine, p.stderr.strip()))


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)


def bins_agree(x, bins, w):
    """The bin counts of pelstat (rows [center, count, ...]) agree with the
    barriers x: below every edge between two bins lie as many barriers as the
    bins before it count, up to barriers within 1e-6 w of that edge (which
    side an edge value falls on is pelstat's choice); the bins hold the
    barriers between the outer edges.  Returns the barriers in range and
    their sum in file order, or None if the counts disagree."""
    if not bins:
        return [], 0.0
    lo, hi = bins[0][0] - 0.5 * w, bins[-1][0] + 0.5 * w
    tol = 1e-6 * w
    inside = [v for v in x if math.isfinite(v) and lo - tol <= v <= hi + tol]
    cum = 0
    for b, nxt in zip(bins, bins[1:]):
        cum += b[1]
        edge = 0.5 * (b[0] + nxt[0])
        below = sum(1 for v in inside if v < edge - tol)
        near = sum(1 for v in inside if edge - tol <= v <= edge + tol)
        if not below <= cum <= below + near:
            return None
    return inside, sum(inside)


def against_cli(pelstat, more):
    logs = sorted(glob.glob(os.path.join(ROOT, "examples", "*", "*.events")))
    data = os.path.join(ROOT, "tests", "lammps", "data", "spectrum")
    parts = [os.path.join(data, "part%d.log" % k) for k in range(3)]
    good, bad = [], []
    for path in sorted(glob.glob(os.path.join(data, "*.log")) + glob.glob(os.path.join(data, "*.txt"))):
        try:
            pel.read(path)
            good.append(path)
        except pel.EventLogError:
            bad.append(path)
    check(all(p in good for p in parts) and os.path.join(data, "malformed.log") in bad and
          os.path.join(data, "not_a_log.txt") in bad, "test logs: %d readable, %d rejected (%s)"
          % (len(good), len(bad), " ".join(os.path.basename(p) for p in bad)))
    sets = [[p] for p in logs + good + more] + [parts]
    check(logs != [], "committed example logs: %s" % [os.path.relpath(p, ROOT) for p in logs])
    for files in sets:
        name = " + ".join(os.path.relpath(f, ROOT) if f.startswith(ROOT) else f for f in files)
        mods = pel.read_many(files)
        recs = mods.records
        x = pel.barriers(recs)
        nother = sum(1 for r in recs if not pel.is_saddle(r))
        w = 0.05
        p = run([pelstat, "spectrum", "--json", "--no-fit", "--bin", repr(w)] + files)
        if p.returncode != 0:
            check(False, "%s: pelstat spectrum exited %d: %s" % (name, p.returncode, p.stderr))
            continue
        js = json.loads(p.stdout)
        check(js["n"] + js["outside"] == len(x),
              "%s: %d saddle barriers read here, pelstat: n %d + outside %d"
              % (name, len(x), js["n"], js["outside"]))
        got = bins_agree(x, js["bins"], w)
        check(got is not None and len(got[0]) == js["n"] == sum(b[1] for b in js["bins"]),
              "%s: pelstat's %d bins count the %d barriers read here in their range"
              % (name, len(js["bins"]), len(got[0]) if got else -1))
        if got and js["n"]:
            n, s = js["n"], got[1]
            check(abs(js["mean"] * n - s) <= 1e-12 * max(1.0, abs(s)),
                  "%s: sum of the barriers %.17g here, pelstat n * mean %.17g"
                  % (name, s, js["mean"] * n))
        t = run([pelstat, "spectrum", "--no-fit", "--bin", repr(w)] + files)
        m = re.search(r"(\d+) other records", t.stdout)
        check(m is not None and int(m.group(1)) == nother,
              "%s: %d records of another status here, pelstat: %s"
              % (name, nother, m.group(1) if m else t.stdout[:300]))
        m = re.search(r"units (\S+)", t.stdout.splitlines()[0] if t.stdout else "")
        check(m is not None and m.group(1).rstrip(",") in (mods[0].units, None if mods[0].units
                                                           else "unknown"),
              "%s: units %s here, pelstat %s" % (name, mods[0].units, m.group(1) if m else None))
        warned = {f for f in files if any(f in l and re.search("incomplete|unterminated|newline", l)
                                          for l in t.stderr.splitlines())}
        check(warned == {log.path for log in mods.truncated},
              "%s: unterminated last line reported for %s here, pelstat warns about %s"
              % (name, [os.path.basename(l.path) for l in mods.truncated],
                 [os.path.basename(f) for f in warned]))
    for path in bad:
        p = run([pelstat, "spectrum", "--json", path])
        try:
            pel.read(path)
            mine = None
        except pel.EventLogError as e:
            mine = str(e)
        check(p.returncode != 0 and mine is not None and mine in p.stderr,
              "%s: both readers reject it with '%s' (pelstat: %s)" % (os.path.basename(path), mine,
                                                                      p.stderr.strip()))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        unit_tests(tmp)
        if len(sys.argv) > 1:
            status_against_cli(sys.argv[1], tmp)
            stub_against_cli(sys.argv[1], tmp)
    if len(sys.argv) > 1:
        against_cli(sys.argv[1], [os.path.abspath(p) for p in sys.argv[2:]])
    else:
        print("(no pelstat binary given: the comparison with the C reader is left out)")
    print("%d failed" % len(failures) if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
