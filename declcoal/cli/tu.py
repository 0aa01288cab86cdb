"""TU-game commands: ``info``, ``shapley``, ``banzhaf``, ``convert``; and their solve rows."""
from __future__ import annotations

import argparse
import sys

from ..concepts.tu.properties import game_properties
from ..concepts.tu.shapley import BANZHAF_METHODS, SHAPLEY_METHODS, banzhaf, shapley
from ..errors import InputError
from ..io import dumps_game, write_atomic
from ..model.numbers import fraction_text
from ..model.tu import TUGame
from ._args import add_game_argument, add_json_flag, games_from_args, tu_games_from_args
from ._render import print_json, print_table, say
from .solve import Row, section


def _is_tu(g) -> bool:
    return isinstance(g, TUGame)


# ---------------------------------------------------------------- info
#: non-TU game types whose own command describes them: type name -> (module:function, hint)
OTHER_INFO = {
    "CRG": ("declcoal.cli.crg:_info", None),
    "BargainingGame": (None, "declcoal nash FILE"),
    "CoalitionalGame": (None, "declcoal nash FILE"),
}


def _info(args: argparse.Namespace) -> int:
    games = games_from_args(args)
    kinds = {type(g).__name__ for g in games}
    if kinds != {"TUGame"}:
        kind = sorted(kinds - {"TUGame"})[0]
        target, hint = OTHER_INFO.get(kind, (None, None))
        if target:  # e.g. a coalitional resource game: `declcoal crg info`
            import importlib

            module, func = target.split(":")
            return getattr(importlib.import_module(module), func)(args)
        raise InputError(f"'info' describes TU games; the file holds a {kind}" + (f" (try: {hint})" if hint else ""),
                         file=args.game)
    out = []
    for g in games:
        props = game_properties(g) if g.exact else None
        if args.json:
            out.append({
                "name": g.name, "players": list(g.players), "n": g.n,
                "worths": {g.label(m): g.values[m] for m in range(1, 2**g.n)},
                "properties": props.to_dict()["properties"] if props else None,
                **{k: v for k, v in g.meta.items() if k in ("description", "source")},
            })
            continue
        say(f"{g.name}: {g.n} players ({', '.join(g.players)}), v(N) = {fraction_text(g.values[g.grand])}")
        for k in ("description", "source"):
            if k in g.meta:
                say(f"  {k}: {g.meta[k]}")
        if g.n <= 6 or args.all:
            rows = [[g.label(m), g.values[m]] for m in sorted(range(1, 2**g.n), key=lambda m: (m.bit_count(), m))]
            print_table(None, ["coalition", "worth"], rows)
        else:
            say(f"  ({2**g.n - 1} coalitions; --all lists them)")
        if props:
            print_table(None, ["property", "holds", "why not"], [[c.name, "yes" if c.holds else "no", c.witness] for c in props.checks])
    if args.json:
        print_json(out[0] if len(out) == 1 else out)
    return 0


# ---------------------------------------------------------------- shapley / banzhaf
def _method(args: argparse.Namespace) -> str:
    return args.method or ("fast" if args.fast else "exact" if args.exact else "auto")


def _values(args: argparse.Namespace, fn) -> int:
    from .field import value_of

    games = games_from_args(args, expand=False)
    results = [value_of(g, fn, _method(args), args.game) for g in games]
    if args.json:
        print_json([r.to_dict() for r in results] if len(results) > 1 else results[0].to_dict())
        return 0
    for r in results:
        say(f"{r.game}: {r.text()}" if len(results) > 1 else r.text())
        if args.verbose:
            print_table(None, ["player", r.concept], [[p, x] for p, x in zip(r.players, r.values)],
                        caption=f"{r.method}; {r.guarantee}; {r.seconds:.3g} s")
    return 0


def _shapley(args: argparse.Namespace) -> int:
    return _values(args, shapley)


def _banzhaf(args: argparse.Namespace) -> int:
    return _values(args, banzhaf)


def _add_method_args(p: argparse.ArgumentParser, methods: dict) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--exact", action="store_true", help="exact rational arithmetic (default for exact games)")
    g.add_argument("--fast", action="store_true", help="vectorised numpy float64 (for large n; approximate)")
    g.add_argument("--method", choices=sorted(methods), help="choose the method by name")
    p.add_argument("-v", "--verbose", action="store_true", help="also print a table with method and time")
    add_json_flag(p)


# ---------------------------------------------------------------- convert
def _convert(args: argparse.Namespace) -> int:
    games = games_from_args(args)
    fmt = args.to or {".toml": "toml", ".json": "json", ".pl": "prolog"}.get(
        (args.output or "").rsplit(".", 1)[-1:] and "." + (args.output or "").rsplit(".", 1)[-1].lower(), None
    )
    if fmt is None:
        raise InputError("say the output format with --to toml|json|prolog (or an -o file ending in .toml/.json/.pl)")
    if fmt == "prolog":
        from ..io.prolog import write_prolog

        text = write_prolog(games)
    else:
        if len(games) > 1:
            raise InputError(f"the file holds {len(games)} games; {fmt} holds one — choose with --game NAME")
        text = dumps_game(games[0], fmt, style=args.style)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="describe a game: players, worths, properties",
                       description="Describe a game: players, worths (for n <= 6 or with --all) and the properties "
                       "superadditive, convex, monotone, grand-coalition superadditive, essential (with a witness "
                       "when one fails).")
    add_game_argument(p)
    p.add_argument("--all", action="store_true", help="list every coalition's worth even for large games")
    add_json_flag(p)
    p.set_defaults(func=_info)

    p = sub.add_parser("shapley", help="Shapley value (exact, fast, or Tick's permutation method)",
                       description="Shapley value phi_i = sum over S not containing i of |S|!(n-|S|-1)!/n! "
                       "(v(S+i) - v(S)). Methods: exact (rationals, O(n 2^n)), fast (numpy float64, for large n), "
                       "permutation (Tick 1995: average marginal contribution over all n! orders).")
    add_game_argument(p)
    _add_method_args(p, SHAPLEY_METHODS)
    p.set_defaults(func=_shapley)

    p = sub.add_parser("banzhaf", help="Banzhaf value (exact or fast)",
                       description="Banzhaf value beta_i = 2^-(n-1) sum over S not containing i of (v(S+i) - v(S)).")
    add_game_argument(p)
    _add_method_args(p, BANZHAF_METHODS)
    p.set_defaults(func=_banzhaf)

    p = sub.add_parser("convert", help="convert a game file between TOML, JSON and Tick's Prolog facts",
                       description="Read a game file and write it in another format, losslessly.")
    add_game_argument(p)
    p.add_argument("--to", choices=["toml", "json", "prolog"], help="output format (default: from -o's extension)")
    p.add_argument("--style", choices=["table", "list"], default="table",
                   help="TOML/JSON worths as a table keyed by coalition (default) or a list in Tick's binary order")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of to standard output")
    p.set_defaults(func=_convert)


# ---------------------------------------------------------------- solve rows
@section("shapley", order=10, applies=_is_tu)
def _shapley_row(game: TUGame) -> list[Row]:
    r = shapley(game)
    return [Row("Shapley value", list(r.values), r.guarantee, r)]


@section("banzhaf", order=11, applies=_is_tu)
def _banzhaf_row(game: TUGame) -> list[Row]:
    r = banzhaf(game)
    return [Row("Banzhaf value", list(r.values), r.guarantee, r)]
