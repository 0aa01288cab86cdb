"""Rendering for the CLI: tables on a terminal, JSON for machines. No computing here."""
from __future__ import annotations

import json
import sys
from fractions import Fraction
from typing import Any, Iterable, Sequence

from rich.console import Console
from rich.table import Table

from ..model.numbers import decimal_text, fraction_text
from ..results import jsonable

#: width when stdout is not a terminal: tables are as wide as their content, never wrapped
PIPE_WIDTH = 100_000


def _width() -> int | None:
    """Terminal width on a terminal; unlimited when piped (whatever COLUMNS says), so
    no table wraps and no number is broken across lines (rich would use 80 columns)."""
    if sys.stdout.isatty():
        return None
    return PIPE_WIDTH


class _Console(Console):
    """rich's Console, but a closed pipe (``declcoal ... | head``) raises BrokenPipeError
    for the CLI to end quietly with exit 0 (rich itself would exit 1)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


console = _Console(highlight=False, soft_wrap=True, width=_width())
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def value_text(x: Any, places: int = 6) -> str:
    """``71/2 (35.5)`` for Fractions, ``13`` for integral ones, decimals for floats."""
    if isinstance(x, Fraction):
        if x.denominator == 1:
            return str(x.numerator)
        return f"{fraction_text(x)} ({decimal_text(x, places)})"
    if isinstance(x, float):
        return decimal_text(x, places)
    return str(x)


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]], caption: str | None = None) -> None:
    """A table; columns holding only numbers are right-aligned and never wrapped (a
    number is never broken across lines), text columns left-aligned and folded."""
    rows = [list(r) for r in rows]
    table = Table(title=title, caption=caption, show_lines=False, title_justify="left")
    for i, c in enumerate(columns):
        numeric = i > 0 and all(_is_number_cell(r[i]) for r in rows if i < len(r))
        if numeric:
            table.add_column(c, justify="right", no_wrap=True)
        else:
            table.add_column(c, justify="left", overflow="fold")
    for r in rows:
        table.add_row(*[value_text(c) if not isinstance(c, str) else c for c in r])
    console.print(table)


def _is_number_cell(x: Any) -> bool:
    if isinstance(x, (Fraction, float, int)) and not isinstance(x, bool):
        return True
    return isinstance(x, str) and (x == "" or x.replace("/", "").replace(".", "").replace("-", "").replace(" ", "").replace("(", "").replace(")", "").isdigit())


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(jsonable(obj), indent=2, ensure_ascii=False) + "\n")


def say(text: str = "") -> None:
    console.print(text, markup=False)


def csv_cell(x: Any) -> str:
    """Exact text for CSV: ``71/2``, ``13``; floats as decimals."""
    if isinstance(x, Fraction):
        return fraction_text(x)
    if isinstance(x, float):
        return repr(x)
    return "" if x is None else str(x)


def print_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A table as CSV on stdout (RFC 4180 quoting; exact numbers)."""
    import csv

    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(list(columns))
    for r in rows:
        w.writerow([csv_cell(c) for c in r])


def error_json(exc: BaseException, exit_code: int) -> str:
    """An error as one JSON object (for ``--json`` runs): message, file, line, exit code."""
    return json.dumps({"error": getattr(exc, "message", str(exc)), "type": type(exc).__name__,
                       "file": getattr(exc, "file", None), "line": getattr(exc, "line", None),
                       "exit_code": exit_code}, ensure_ascii=False)
