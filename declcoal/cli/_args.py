"""Argument helpers shared by subcommands: game files and output switches."""
from __future__ import annotations

import argparse

from ..errors import DeclcoalError, InputError
from ..io import load_games
from ..model.tu import MAX_EXACT_PLAYERS, TUGame


def add_game_argument(p: argparse.ArgumentParser, help_text: str | None = None) -> None:
    p.add_argument(
        "game",
        metavar="GAME",
        help=help_text
        or "game file: .toml / .json (declcoal format) or .pl (Tick's data/3 facts, one or more games)",
    )
    p.add_argument("--game", dest="game_name", metavar="NAME", help="pick one game from a multi-game file")


def add_json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print machine-readable JSON instead of tables")


def add_csv_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--csv", action="store_true", help="print the answer as CSV (exact numbers) instead of a table")


def games_from_args(args: argparse.Namespace, kind: type | None = None, expand: bool = True,
                    allow_field: bool = False) -> list:
    """The games named by GAME [--game NAME], optionally all of one type. Games of the
    field (weighted voting, bankruptcy, ...) become dense TU games (``expand``; refused
    beyond the dense limit, naming it); commands that can use the parameters of a large
    one keep it (``allow_field``), and ``expand=False`` keeps every one as it is."""
    games = load_games(args.game)
    if getattr(args, "game_name", None):
        chosen = [g for g in games if getattr(g, "name", None) == args.game_name]
        if not chosen:
            names = ", ".join(str(getattr(g, "name", "?")) for g in games)
            raise InputError(f"no game named {args.game_name!r} in the file (it has: {names})", file=args.game)
        games = chosen
    games = [_expand(g, kind is TUGame or not allow_field, args.game) if expand else g for g in games]
    if kind is not None:
        for g in games:
            if not isinstance(g, kind):
                raise InputError(
                    f"this command needs a {kind.__name__}, the file holds a {type(g).__name__}", file=args.game
                )
    return games


def _expand(g, force: bool, path: str):
    from ..model.constructors import FieldGame

    if isinstance(g, FieldGame) and (force or g.n <= MAX_EXACT_PLAYERS):
        try:
            return g.to_tu()
        except DeclcoalError as exc:
            raise exc.located(path) from None
    return g


def tu_games_from_args(args: argparse.Namespace) -> list[TUGame]:
    return games_from_args(args, TUGame)


def count(text: str) -> int:
    """argparse type for a count option: a whole number ≥ 0 (a usage error otherwise)."""
    try:
        k = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if k < 0:
        raise argparse.ArgumentTypeError(f"{k} is negative; give a count of 0 or more")
    return k


def dense_limit_epilog() -> str:
    """The ``--help`` line of commands that work on the dense 2^n worth table."""
    from ..model.tu import MAX_EXACT_PLAYERS, MAX_FLOAT_PLAYERS

    return (f"limit: the worth table holds 2^n − 1 coalitions; games of more than {MAX_EXACT_PLAYERS} players "
            f"({MAX_FLOAT_PLAYERS} for float worths) are refused when loaded (docs/limits.md)")
