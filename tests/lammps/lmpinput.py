# SPDX-License-Identifier: GPL-2.0-or-later
"""Small readers the check scripts share: the commands of a LAMMPS input and
the frames of a fix artn dump_saddles file."""
import shlex


def split(text):
    """The words of a LAMMPS command without its comment."""
    try:
        return shlex.split(text, comments=True)
    except ValueError:  # quotes shlex does not understand (LAMMPS's triple quotes)
        return text.split("#")[0].split()


def commands(path):
    """The commands of a LAMMPS input, continuation lines ('&') joined; each as
    (text, words without the comment)."""
    out, buf = [], ""
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.rstrip().endswith("&"):
                buf += line.rstrip()[:-1] + " "
                continue
            text = buf + line
            buf = ""
            out.append((text, split(text)))
    if buf:
        out.append((buf, split(buf)))
    return out


def keyword(words, key, default=None):
    """The value after `key` in a command's words, or default."""
    return words[words.index(key) + 1] if key in words[:-1] else default


def frames(path, all_columns=False):
    """The frames of a dump_saddles file: {timestep: text of the frame without
    the comment of its ATOMS line} (columns id type x y z; with all_columns
    every column of the file).  Raises ValueError on a malformed file."""
    out = {}
    with open(path) as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        if lines[i] != "ITEM: TIMESTEP":
            raise ValueError("%s:%d: expected ITEM: TIMESTEP" % (path, i + 1))
        step, n = int(lines[i + 1]), int(lines[i + 3])
        j = next(k for k in range(i, len(lines)) if lines[k].startswith("ITEM: ATOMS"))
        head = lines[j].split("#")[0].rstrip() if all_columns else "ITEM: ATOMS id type x y z"
        out[step] = "\n".join(lines[i:j] + [head] +
                              lines[j + 1:j + 1 + n]) + "\n"
        i = j + 1 + n
    return out
