"""DIMACS CNF files (the standard SAT competition format).

::

    c a comment
    p cnf 3 2
    1 -2 0
    2 3 -1 0

A clause is a list of non-zero integers ended by ``0`` and may span lines; ``%`` ends
the file (as in the SATLIB benchmarks). Every error names ``file:line``.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model.cnf import CNF
from .atomic import write_atomic
from .source import Source

_INT = re.compile(r"^-?\d+$")


def parse_dimacs(text: str, name: str = "<text>") -> CNF:
    """A :class:`CNF` from DIMACS text; errors say ``name:line``."""
    header: tuple[int, int, int] | None = None  # (nvars, nclauses, line)
    clauses: list[list[int]] = []
    current: list[int] = []
    current_line = 0
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("c"):
            continue
        if line.startswith("%"):
            break
        if line.startswith("p"):
            parts = line.split()
            if header is not None:
                raise InputError("a second 'p cnf' header", file=name, line=no)
            if clauses or current:
                raise InputError("the 'p cnf' header must come before the clauses", file=name, line=no)
            if len(parts) != 4 or parts[1] != "cnf" or not all(_INT.match(x) for x in parts[2:]):
                raise InputError(f"malformed header {line!r} (expected 'p cnf VARIABLES CLAUSES')", file=name, line=no)
            nv, nc = int(parts[2]), int(parts[3])
            if nv < 0 or nc < 0:
                raise InputError(f"negative count in header {line!r}", file=name, line=no)
            header = (nv, nc, no)
            continue
        if header is None:
            raise InputError("clause before the 'p cnf VARIABLES CLAUSES' header", file=name, line=no)
        for tok in line.split():
            if not _INT.match(tok):
                raise InputError(f"{tok!r} is not an integer literal", file=name, line=no)
            lit = int(tok)
            if not current:
                current_line = no
            if lit == 0:
                clauses.append(current)
                current = []
                continue
            if abs(lit) > header[0]:
                raise InputError(f"literal {lit} names variable {abs(lit)} but the header declares {header[0]} variables",
                                 file=name, line=no)
            current.append(lit)
    if header is None:
        raise InputError("no 'p cnf VARIABLES CLAUSES' header", file=name, line=1)
    if current:
        raise InputError("the last clause is not terminated by 0", file=name, line=current_line)
    if len(clauses) != header[1]:
        raise InputError(f"the header declares {header[1]} clauses but the file has {len(clauses)}",
                         file=name, line=header[2])
    return CNF.build(header[0], clauses)


def read_dimacs(path: str | Path) -> CNF:
    """Read a DIMACS CNF file (errors say ``file:line``; docs/reductions.md)."""
    src = Source.read(path)
    return parse_dimacs(src.text, src.name)


def dimacs_text(cnf: CNF, comments: list[str] | tuple[str, ...] = ()) -> str:
    """DIMACS text for Φ (comments first, one clause per line)."""
    lines = [f"c {c}" for c in comments]
    lines.append(f"p cnf {cnf.nvars} {cnf.k}")
    lines += [" ".join(map(str, (*c, 0))) for c in cnf.clauses]
    return "\n".join(lines) + "\n"


def write_dimacs(cnf: CNF, path: str | Path, comments: list[str] | tuple[str, ...] = ()) -> None:
    """Write Φ as DIMACS CNF atomically (temporary file, then rename; docs/reductions.md)."""
    write_atomic(path, dimacs_text(cnf, comments))
