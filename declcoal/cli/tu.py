"""TU-game commands: ``info``, ``shapley``, ``banzhaf``, ``convert``; and their solve rows."""
from __future__ import annotations

import argparse
import sys

from ..concepts.tu.properties import game_properties
from ..concepts.tu.shapley import BANZHAF_METHODS, SHAPLEY_METHODS, banzhaf, shapley
from ..errors import InputError
from ..limits import INFO_LISTED, PROPERTY_WORK
from ..io import dumps_game, write_atomic
from ..model.numbers import fraction_text
from ..model.tu import TUGame
from ._args import add_csv_flag, add_game_argument, add_json_flag, count, dense_limit_epilog, games_from_args, tu_games_from_args
from ._render import print_csv, print_json, print_table, say
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
    from .field import describe_field

    games = games_from_args(args, allow_field=True)
    if any(describe_field(g, args) for g in games):
        return 0
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
    limit = getattr(args, "max_listed", INFO_LISTED)
    for g in games:
        props = game_properties(g, getattr(args, "max_work", None)) if g.exact else None
        total = 2**g.n - 1
        if args.json:
            listed = min(total, limit)
            out.append({
                "name": g.name, "players": list(g.players), "n": g.n,
                "worths": {g.label(m): g.values[m] for m in range(1, listed + 1)},
                **({"worths_not_listed": total - listed, "limit": _listed_note(total, limit)} if listed < total else {}),
                "properties": props.to_dict()["properties"] if props else None,
                **{k: v for k, v in g.meta.items() if k in ("description", "source")},
            })
            continue
        say(f"{g.name}: {g.n} players ({', '.join(g.players)}), v(N) = {fraction_text(g.values[g.grand])}")
        for k in ("description", "source"):
            if k in g.meta:
                say(f"  {k}: {g.meta[k]}")
        built = g.meta.get("constructor")
        if built is not None and hasattr(built, "params"):
            say(f"  a {built.kind} game: " + "; ".join(f"{k} = {v}" for k, v in built.params().items()))
        if g.n <= 6 or args.all:
            order = sorted(range(1, 2**g.n), key=lambda m: (m.bit_count(), m)) if total <= limit else \
                _smallest_first(g.n, limit)
            print_table(None, ["coalition", "worth"], [[g.label(m), g.values[m]] for m in order])
            if total > limit:
                say(f"  … {total - limit:,} more coalitions not listed: {_listed_note(total, limit)}")
        else:
            say(f"  ({2**g.n - 1} coalitions; --all lists them)")
        if props:
            print_table(None, ["property", "holds", "why not"], [[c.name, "?" if c.holds is None else "yes" if c.holds else "no", c.witness] for c in props.checks])
    if args.json:
        print_json(out[0] if len(out) == 1 else out)
    return 0


def _listed_note(total: int, limit: int) -> str:
    return (f"coalitions = {total:,}, above the limit {limit:,} listed (raise it with --max-listed N; "
            f"'declcoal convert FILE --to csv' writes every worth)")


def _smallest_first(n: int, limit: int) -> list[int]:
    """The first ``limit`` coalitions by size, then binary order, without sorting all 2^n."""
    from itertools import combinations

    out: list[int] = []
    for k in range(1, n + 1):
        for c in combinations(range(n), k):
            if len(out) == limit:
                return sorted(out, key=lambda m: (m.bit_count(), m))
            out.append(sum(1 << i for i in c))
    return sorted(out, key=lambda m: (m.bit_count(), m))


# ---------------------------------------------------------------- shapley / banzhaf
def _method(args: argparse.Namespace) -> str:
    return args.method or ("fast" if args.fast else "exact" if args.exact else "auto")


def _values(args: argparse.Namespace, fn) -> int:
    from .field import value_of

    games = games_from_args(args, expand=False)
    results = [value_of(g, fn, _method(args), args.game, args.max_dp_work) for g in games]
    if args.json:
        print_json([r.to_dict() for r in results] if len(results) > 1 else results[0].to_dict())
        return 0
    if args.csv:
        multi = len(results) > 1
        print_csv((["game"] if multi else []) + ["player", results[0].concept],
                  [([r.game] if multi else []) + [p, x] for r in results for p, x in zip(r.players, r.values)])
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
    from .field import add_max_dp_work

    add_max_dp_work(p)
    add_json_flag(p)
    add_csv_flag(p)


# ---------------------------------------------------------------- convert
def _convert(args: argparse.Namespace) -> int:
    from ..io import WRITE_EXTENSIONS

    games = games_from_args(args, expand=False)
    out = args.output if args.output not in (None, "-") else None
    fmt = args.to
    if fmt is None and out is not None:
        fmt = WRITE_EXTENSIONS.get("." + out.rsplit(".", 1)[-1].lower() if "." in out else "")
    if fmt is None:
        raise InputError("say the output format with --to (toml, json, prolog, lp, coopgame, csv) or an -o file "
                         "ending in .toml/.json/.pl/.lp/.csv")
    if args.order != "binary" and args.style != "list":
        args.style = "list"  # an order is a property of the list style
    if fmt == "prolog":
        from ..io.prolog import write_prolog

        text = write_prolog([_dense(g, args.game) for g in games])
    else:
        if len(games) > 1:
            raise InputError(f"the file holds {len(games)} games; {fmt} holds one — choose with --game NAME")
        try:
            if args.numbered and fmt in ("coopgame", "csv"):
                from ..io.coopgame import coopgame_csv, coopgame_json

                g = _dense(games[0], args.game)
                text = coopgame_json(g, True) if fmt == "coopgame" else coopgame_csv(g, True)
            else:
                text = dumps_game(games[0], fmt, style=args.style, order=args.order)
        except InputError as exc:
            raise exc.located(args.game) from None
    if out:
        write_atomic(out, text)
        if args.json and out != "-":
            print_json({"wrote": out, "format": fmt, "games": len(games)})
    else:
        sys.stdout.write(text)
    return 0


def _dense(g, path: str) -> TUGame:
    from ..model.constructors import FieldGame

    if isinstance(g, FieldGame):
        try:
            return g.to_tu()
        except InputError as exc:
            raise exc.located(path) from None
    if not isinstance(g, TUGame):
        raise InputError(f"Prolog data/3 facts hold TU games only, not a {type(g).__name__}", file=path)
    return g


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="describe a game: players, worths, properties",
                       description="Describe a game: players, worths (for n <= 6 or with --all) and the properties "
                       "superadditive, convex, monotone, grand-coalition superadditive, essential (with a witness "
                       "when one fails).")
    add_game_argument(p)
    p.add_argument("--all", action="store_true", help=f"list every coalition's worth even for large games (limit: "
                   f"at most --max-listed of them)")
    p.add_argument("--max-listed", type=count, default=INFO_LISTED, metavar="N",
                   help=f"limit: --all and --json list at most N worths (default {INFO_LISTED:,}: every coalition "
                   f"up to 12 players), then say how many more there are")
    p.add_argument("--max-work", type=int, default=PROPERTY_WORK, metavar="N",
                   help=f"limit: a property check visiting more than N steps (3^n pairs for superadditivity, "
                   f"n^2/2 2^n for convexity) says 'not checked: too large' (default {PROPERTY_WORK:,})")
    add_json_flag(p)
    p.set_defaults(func=_info)

    p = sub.add_parser("shapley", help="Shapley value (exact, fast, or Tick's permutation method)",
                       description="Shapley value phi_i = sum over S not containing i of |S|!(n-|S|-1)!/n! "
                       "(v(S+i) - v(S)). Methods: exact (rationals, O(n 2^n)), fast (numpy float64, for large n), "
                       "permutation (Tick 1995: average marginal contribution over all n! orders).")
    p.epilog = dense_limit_epilog() + "; weighted voting games: see --max-dp-work"
    add_game_argument(p)
    _add_method_args(p, SHAPLEY_METHODS)
    p.set_defaults(func=_shapley)

    p = sub.add_parser("banzhaf", help="Banzhaf value (exact or fast)",
                       description="Banzhaf value beta_i = 2^-(n-1) sum over S not containing i of (v(S+i) - v(S)).")
    p.epilog = dense_limit_epilog() + "; weighted voting games: see --max-dp-work"
    add_game_argument(p)
    _add_method_args(p, BANZHAF_METHODS)
    p.set_defaults(func=_banzhaf)

    p = sub.add_parser("convert", help="convert a game file: TOML, JSON, Tick's Prolog facts, CRG facts, coopgame",
                       description="Read a game file (or '-' for standard input) and write it in another format, "
                       "losslessly: toml, json (declcoal's), prolog (Tick's data/3), lp (a CRG's ASP facts), "
                       "coopgame (coopgame's JSON) or csv (coopgame's CSV). Games of the field keep their "
                       "parameters in TOML/JSON and are expanded to their 2^n worths elsewhere.")
    add_game_argument(p)
    p.add_argument("--to", choices=["toml", "json", "prolog", "lp", "coopgame", "csv"],
                   help="output format (default: from -o's extension)")
    p.add_argument("--style", choices=["table", "list"], default="table",
                   help="TOML/JSON worths as a table keyed by coalition (default) or a list (see --order)")
    p.add_argument("--order", choices=["binary", "lex"], default="binary",
                   help="order of a worth list: binary (Tick's, default) or lex (CoopGame for R, TUGlab); "
                   "implies --style list")
    p.add_argument("--numbered", action="store_true",
                   help="coopgame/csv: players as numbers 0..n-1 (what coopgame-py 0.3 reads) instead of names")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (atomically; '-' is standard output) "
                   "instead of to standard output")
    p.add_argument("--json", action="store_true", help="with -o: report what was written as JSON")
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
