"""``declcoal solve GAME``: every concept that applies to the game, in one table.

Concepts join the table by registering a *section* with :func:`section`. A section
is ``(game) -> list[Row]``; it runs only on games for which ``applies(game)`` is true.
Sections live next to their concept's CLI module (e.g. ``cli/tu.py``), so adding a
concept never edits this file.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import DeclcoalError
from ._args import add_csv_flag, add_game_argument, add_json_flag, games_from_args
from ._render import console, print_csv, print_json, print_table, say


@dataclass
class Row:
    """One line of the solve table: a concept, one cell per player, and a note."""

    concept: str
    cells: list[Any] | None = None  # one value per player, or None
    note: str = ""
    data: Any = None  # the result object, for --json


@dataclass
class Section:
    name: str
    order: int
    applies: Callable[[Any], bool]
    run: Callable[[Any], list[Row]]
    needs: str = ""


SECTIONS: list[Section] = []


def section(name: str, order: int, applies: Callable[[Any], bool]):
    """Decorator registering a solve-table section."""

    def deco(fn: Callable[[Any], list[Row]]):
        SECTIONS.append(Section(name, order, applies, fn))
        return fn

    return deco


def solve_rows(game: Any) -> list[Row]:
    """Run every applicable section; a section that fails on this game reports why."""
    rows: list[Row] = []
    for sec in sorted(SECTIONS, key=lambda s: (s.order, s.name)):
        if not sec.applies(game):
            continue
        try:
            out = sec.run(game)
        except DeclcoalError as exc:
            out = [Row(sec.name, None, f"not available: {exc.message}")]
        rows.extend(out)
    return rows


#: above this many players the solve table turns: a row per player, a column per concept
WIDE_PLAYERS = 8


def _print_by_player(name: str, players: list, rows: list[Row]) -> None:
    valued = [r for r in rows if r.cells is not None]
    print_table(f"{name} ({len(players)} players; a row per player)", ["player", *(r.concept for r in valued)],
                [[p, *(r.cells[i] for r in valued)] for i, p in enumerate(players)])
    for r in rows:
        say(f"  {r.concept}: {r.note}" if r.note else f"  {r.concept}")


def _run(args: argparse.Namespace) -> int:
    games = games_from_args(args, allow_field=True)
    payload = []
    for g in games:
        rows = solve_rows(g)
        players = list(getattr(g, "players", getattr(g, "agents", [])))
        if args.json:
            payload.append(
                {"game": g.name, "players": players, "results": [
                    {"concept": r.concept, "values": r.cells, "note": r.note, "result": r.data} for r in rows
                ]}
            )
            continue
        if args.csv:
            print_csv(["game", "concept", *players, "notes"],
                      [[g.name, r.concept, *(r.cells if r.cells is not None else [None] * len(players)), r.note]
                       for r in rows])
            continue
        if len(players) > WIDE_PLAYERS:  # one row per player: wide games stay readable
            _print_by_player(g.name, players, rows)
            continue
        cols = ["concept", *players, "notes"]
        table_rows = []
        for r in rows:
            cells = r.cells if r.cells is not None else [""] * len(players)
            table_rows.append([r.concept, *cells, r.note])
        print_table(f"{g.name} ({len(players)} players)", cols, table_rows)
    if args.json:
        print_json(payload[0] if len(payload) == 1 else payload)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "solve",
        help="run every applicable concept on a game and print one table",
        description="Run every solution concept that applies to the game (Shapley, Banzhaf, and "
        "each concept declcoal knows) and print one table: a row per concept, a column per player.",
    )
    add_game_argument(p)
    add_json_flag(p)
    add_csv_flag(p)
    p.set_defaults(func=_run)
    # import the modules that register sections (the CLI package imports them all anyway)
    _ = console
