# SPDX-License-Identifier: GPL-2.0-or-later
"""Reading fix artn event logs in the test scripts (standard library only)."""


def read_events(path):
    """The complete records of an event log as dicts, column name -> text.
    A last line without a newline (a job killed mid-write) is left out."""
    cols, rows = None, []
    with open(path) as f:
        for line in f:
            if line.startswith("# columns:"):
                cols = line.split(":", 1)[1].split()
            elif not line.startswith("#") and line.endswith("\n") and line.strip():
                rows.append(dict(zip(cols, line.rstrip("\n").split("\t"))))
    return rows


def same_record(a, b, ignore=("seconds",)):
    """Equal records but for the ignored columns: words and integers exactly,
    decimals to 1e-9 relative (the force summation order of one run may differ
    from another's in the last digits)."""
    keys = set(a) - set(ignore)
    if keys != set(b) - set(ignore):
        return False
    for k in keys:
        if a[k] == b[k]:
            continue
        try:
            x, y = float(a[k]), float(b[k])
        except ValueError:
            return False
        if "." not in a[k] or not abs(x - y) <= 1e-9 * max(1.0, abs(x)):
            return False
    return True
