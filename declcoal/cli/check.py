"""``declcoal check GAME --allocation 35,28.5,13.5``: is this allocation in the core?

Imputation, core membership, ε-core level, the largest excesses and the blocking
coalitions (:func:`declcoal.concepts.tu.allocation.check_allocation`)."""
from __future__ import annotations

import argparse
import re
from fractions import Fraction
from pathlib import Path

from ..concepts.tu.allocation import check_allocation
from ..errors import DeclcoalError, InputError
from ..io.source import Source
from ..model.numbers import fraction_text, to_fraction
from ._args import add_game_argument, add_json_flag, count, dense_limit_epilog, tu_games_from_args
from ._render import print_csv, print_json, print_table, say


def _split(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,;]+", text.strip()) if t]


def allocation_from_text(text: str) -> list[str] | dict[str, str]:
    """``35,28.5,13.5`` (player order) or ``X=35,Y=57/2,Z=13`` (by name)."""
    items = _split(text)
    if items and all("=" in t for t in items):
        return {k.strip(): v.strip() for k, v in (t.split("=", 1) for t in items)}
    if any("=" in t for t in items):
        raise InputError("--allocation: give every payoff as NAME=VALUE, or none (values in player order)")
    return items


def allocation_from_file(path: str) -> tuple[list[Fraction] | dict[str, Fraction], Source]:
    """A file of payoffs: numbers separated by commas/spaces/newlines, or one
    ``NAME VALUE`` / ``NAME,VALUE`` / ``NAME = VALUE`` per line; ``#`` starts a comment.
    Every value is read here, by the number rules of game files, so a bad one is named
    with its file:line."""
    if path != "-" and Path(path).is_dir():
        raise InputError(f"{path} is a directory, expected an allocation file (--allocation-file)")
    src = Source.read(path)
    named: dict[str, Fraction] = {}
    plain: list[Fraction] = []
    for no, raw in enumerate(src.text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = _split(line.replace("=", " "))
        try:
            if len(parts) == 2 and not re.match(r"^[+-]?[\d.]", parts[0]):
                if parts[0] in named:
                    raise InputError(f"payoff of {parts[0]!r} given twice")
                named[parts[0]] = to_fraction(parts[1], f"payoff of {parts[0]}")
            else:
                base = len(plain)
                plain += [to_fraction(v, f"payoff {base + k + 1}") for k, v in enumerate(parts)]
            if named and plain:
                raise InputError("mix of named and plain payoffs; use one style")
        except InputError as exc:
            raise exc.located(src.name, no) from None
    return (named or plain), src


def _run(args: argparse.Namespace) -> int:
    if (args.allocation is None) == (args.allocation_file is None):
        raise InputError("give the allocation with --allocation X1,X2,... or --allocation-file FILE (one of them)")
    games = tu_games_from_args(args)
    if len(games) > 1:
        raise InputError(f"the file holds {len(games)} games; choose one with --game NAME", file=args.game)
    g = games[0]
    src = None
    if args.allocation is not None:
        x = allocation_from_text(args.allocation)
    else:
        x, src = allocation_from_file(args.allocation_file)
    try:
        r = check_allocation(g, x, top=None if args.all else args.top)
    except DeclcoalError as exc:
        if src is not None:  # the line of the unknown name, when it is one
            unknown = isinstance(x, dict) and next((p for p in x if p not in g.players), None)
            raise exc.located(src.name, src.line_of(unknown) if unknown else None) from None
        exc.message = f"--allocation: {exc.message}"
        raise
    if args.json:
        print_json(r)
        return 0
    cols = ["coalition", "v(S)", "x(S)", "excess e(S,x)", "blocks"]
    rows = [[c, v, xs, e, "yes" if e > 0 else ""] for c, v, xs, e in r.excesses]
    if args.csv:
        print_csv(["coalition", "v", "x", "excess", "blocks"], rows)
        return 0
    yes = {True: "yes", False: "NO"}
    say(f"{r.game}: x = ({', '.join(fraction_text(a) for a in r.x)}), x(N) = {fraction_text(r.total)}, "
        f"v(N) = {fraction_text(r.grand_value)}")
    if not r.feasible:
        say(f"  feasible: NO — x(N) = {fraction_text(r.total)} exceeds v(N) = {fraction_text(r.grand_value)} by "
            f"{fraction_text(r.total - r.grand_value)}")
    else:
        say(f"  efficient (x(N) = v(N)): {yes[r.efficient]}"
            + ("" if r.efficient else f" — {fraction_text(r.grand_value - r.total)} left undistributed"))
    say(f"  individually rational: {yes[r.individually_rational]}"
        + ("" if r.individually_rational else f" — below v(i): {', '.join(r.irrational_players)}"))
    say(f"  imputation: {yes[r.imputation]}")
    say(f"  in the core: {yes[r.in_core]}"
        + ("" if r.in_core or not r.efficient else f" — {r.blocking_count} of {r.coalitions} coalitions block"))
    if r.epsilon is not None:
        say(f"  ε-core level (largest excess): {fraction_text(r.epsilon)}"
            + (" — x is in the ε-core for every ε ≥ this" if r.efficient else ""))
    elif r.blocking_count:
        say(f"  {r.blocking_count} of {r.coalitions} coalitions get more than x gives them (e(S,x) > 0)")
    title = (f"the {len(rows)} largest excesses of {r.coalitions}" if len(rows) < r.coalitions
             else f"all {r.coalitions} excesses") + " (e > 0: the coalition blocks x)"
    print_table(title, cols, rows)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check", help="check an allocation: imputation? in the core? its excesses and blocking coalitions",
        description="Check a proposed allocation x of a TU game: feasible and efficient (x(N) vs v(N)), "
        "individually rational, an imputation, in the core; its ε-core level (the largest excess); the excess "
        "e(S,x) = v(S) - x(S) of every coalition, largest first (the top 10 unless --all); the coalitions that "
        "block x (e > 0).")
    p.epilog = dense_limit_epilog()
    add_game_argument(p)
    p.add_argument("--allocation", "-x", metavar="X1,X2,...",
                   help="payoffs in player order (35,28.5,71/2) or by name (X=35,Y=28.5,Z=13)")
    p.add_argument("--allocation-file", metavar="FILE",
                   help="payoffs from a file: numbers, or one 'NAME VALUE' per line ('-' for stdin)")
    p.add_argument("--top", type=count, default=10, metavar="K", help="how many excesses to list (default 10)")
    p.add_argument("--all", action="store_true", help="list every coalition's excess")
    p.add_argument("--csv", action="store_true", help="print the excess table as CSV")
    add_json_flag(p)
    p.set_defaults(func=_run)
