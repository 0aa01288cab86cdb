"""Games of the field on the command line: ``power`` (weighted voting power indices),
``rules`` (bankruptcy division rules); Shapley/Banzhaf by closed forms; solve rows."""
from __future__ import annotations

import argparse

from ..concepts.tu.shapley import banzhaf, shapley
from ..errors import InputError, UnsupportedError
from ..limits import WEIGHT_DP_WORK
from ..model.constructors import AdditiveGame, AirportGame, BankruptcyGame, FieldGame, UnanimityGame, WeightedVotingGame
from ..model.tu import MAX_EXACT_PLAYERS, TUGame
from ..results import EXACT
from ._args import add_game_argument, add_json_flag, count, games_from_args
from ._render import print_json, print_table, say
from .solve import Row, section


def _field(g) -> FieldGame | None:
    """The parameters behind a game: the game itself, or the constructor of its TU table."""
    if isinstance(g, FieldGame):
        return g
    if isinstance(g, TUGame):
        c = g.meta.get("constructor")
        return c if isinstance(c, FieldGame) else None
    return None


def _closed_form(fg: FieldGame, concept: str, max_dp_work: int | None = None):
    """A result from the parameters (any n), or None when the concept has no formula."""
    from ..concepts.tu.shapley import ValueResult

    if isinstance(fg, WeightedVotingGame):
        from ..concepts.tu.power import banzhaf_index, shapley_shubik_index

        return shapley_shubik_index(fg, max_dp_work) if concept == "shapley" else banzhaf_index(fg, max_work=max_dp_work)
    if isinstance(fg, AirportGame) and concept == "shapley":
        from ..concepts.tu.airport import airport_shapley

        return airport_shapley(fg)
    if isinstance(fg, AdditiveGame):
        return ValueResult(concept, "closed form: an additive game pays its values", EXACT, fg.name, fg.players,
                           list(fg.values))
    if isinstance(fg, UnanimityGame) and concept == "shapley":
        k = fg.carrier.bit_count()
        vals = [fg.worth / k if fg.carrier >> i & 1 else fg.worth * 0 for i in range(fg.n)]
        return ValueResult(concept, "closed form: worth/|T| to each member of the carrier T (Shapley 1953)", EXACT,
                           fg.name, fg.players, vals)
    return None


def value_of(g, fn, method: str, path: str, max_dp_work: int | None = None):
    """Shapley or Banzhaf (``fn``) of any game: closed form from the parameters when
    one exists and the method is auto, else the dense table (refused past its limit)."""
    concept = "shapley" if fn is shapley else "banzhaf"
    fg = _field(g)
    if fg is not None and method == "auto":
        r = _closed_form(fg, concept, max_dp_work)
        if r is not None:
            return r
    if isinstance(g, FieldGame):
        try:
            g = g.to_tu()
        except InputError as exc:
            raise exc.located(path) from None
    if not isinstance(g, TUGame):
        raise InputError(f"this command needs a TU game, the file holds a {type(g).__name__}", file=path)
    return fn(g, method)


def describe_field(g, args: argparse.Namespace) -> bool:
    """``info`` on a game of the field too large for the table: its parameters and what
    can be computed from them (True when it printed)."""
    if not isinstance(g, FieldGame):
        return False
    fg = g
    kinds = {WeightedVotingGame: "shapley, banzhaf, power", AirportGame: "shapley", UnanimityGame: "shapley",
             AdditiveGame: "shapley, banzhaf", BankruptcyGame: "rules"}
    avail = next((v for k, v in kinds.items() if isinstance(fg, k)), "")
    if args.json:
        print_json({"name": fg.name, "kind": fg.kind, "players": list(fg.players), "n": fg.n,
                    "parameters": fg.params(), "dense_limit": MAX_EXACT_PLAYERS,
                    "commands": [c.strip() for c in avail.split(",") if c.strip()]})
        return True
    say(f"{fg.name}: {fg.kind} game, {fg.n} players ({', '.join(fg.players[:10])}{', ...' if fg.n > 10 else ''})")
    for k, v in fg.params().items():
        text = ", ".join(map(str, v)) if isinstance(v, list) else str(v)
        say(f"  {k}: {text[:200]}{' ...' if len(text) > 200 else ''}")
    say(f"  more than {MAX_EXACT_PLAYERS} players: no dense worth table"
        + (f"; from the parameters: declcoal {avail.replace(', ', ' | ')}" if avail else ""))
    return True


# ---------------------------------------------------------------- power
def _power(args: argparse.Namespace) -> int:
    from ..concepts.tu.power import power_indices

    games = games_from_args(args, expand=False)
    out = []
    for g in games:
        fg = _field(g)
        if not isinstance(fg, WeightedVotingGame):
            raise InputError("'power' needs a weighted voting game (kind = \"weighted-voting\")", file=args.game)
        out.append((fg, power_indices(fg, args.max_dp_work)))
    if args.json:
        data = [{"game": fg.name, "quota": fg.quota, "players": list(fg.players),
                 "indices": {p: {"weight": w, "shapley_shubik": a, "banzhaf": b, "banzhaf_normalized": c, "swings": s}
                             for p, w, a, b, c, s in zip(fg.players, fg.weights, r.shapley_shubik, r.banzhaf,
                                                         r.banzhaf_normalized, r.swings)},
                 "method": "dynamic programme over weights", "guarantee": EXACT, "seconds": r.seconds}
                for fg, r in out]
        print_json(data[0] if len(data) == 1 else data)
        return 0
    from ._render import print_csv

    for fg, r in out:
        rows = [[p, w, a, b, c, s] for p, w, a, b, c, s in zip(fg.players, fg.weights, r.shapley_shubik, r.banzhaf,
                                                               r.banzhaf_normalized, r.swings)]
        cols = ["player", "weight", "Shapley–Shubik", "Banzhaf value", "Banzhaf index", "swings"]
        if args.csv:
            print_csv(cols, rows)
            continue
        say(f"{fg.name}: [{fg.params()['quota']}; {', '.join(str(x) for x in fg.params()['weights'][:12])}"
            f"{', ...' if fg.n > 12 else ''}], {fg.n} players — exact, dynamic programme over weights, "
            f"{r.seconds:.3g} s")
        print_table(None, cols, rows)
    return 0


# ---------------------------------------------------------------- rules
def _rules(args: argparse.Namespace) -> int:
    from ..concepts.tu.bankruptcy import bankruptcy_rules

    games = games_from_args(args, expand=False)
    out = []
    for g in games:
        fg = _field(g)
        if not isinstance(fg, BankruptcyGame):
            raise InputError("'rules' needs a bankruptcy game (kind = \"bankruptcy\")", file=args.game)
        out.append((fg, bankruptcy_rules(fg)))
    if args.json:
        data = [{"game": fg.name, "estate": fg.estate, "claims": dict(zip(fg.players, fg.claims)),
                 "rules": {r.concept: dict(zip(r.players, r.values)) for r in rs}} for fg, rs in out]
        print_json(data[0] if len(data) == 1 else data)
        return 0
    from ._render import print_csv

    for fg, rs in out:
        cols = ["player", "claim"] + [r.concept.replace(" rule", "") for r in rs]
        rows = [[p, c, *(r.values[i] for r in rs)] for i, (p, c) in enumerate(zip(fg.players, fg.claims))]
        if args.csv:
            print_csv(cols, rows)
            continue
        say(f"{fg.name}: estate {fg.params()['estate']}, total claims {sum(fg.claims)} — exact")
        print_table(None, cols, rows)
    return 0


def add_max_dp_work(p: argparse.ArgumentParser) -> None:
    """``--max-dp-work N``: the limit of the weight dynamic programme (weighted voting games)."""
    p.add_argument("--max-dp-work", type=count, default=WEIGHT_DP_WORK, metavar="N",
                   help=f"limit: on a weighted voting game, refuse at once a weight dynamic programme touching more "
                   f"than N bits (n · min(n, q/w_min) · q · (n+1); default {WEIGHT_DP_WORK:.0e}, some 15 s)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("power", help="power indices of a weighted voting game (Shapley–Shubik, Banzhaf), any size",
                       description="Shapley–Shubik index, Banzhaf value and normalised Banzhaf index of a weighted "
                       "voting game [q; w1..wn], exact, by the pseudo-polynomial dynamic programme over weights "
                       "(hundreds of players; never the 2^n table; equal weights by a closed form, any n).")
    add_game_argument(p)
    add_max_dp_work(p)
    add_json_flag(p)
    p.add_argument("--csv", action="store_true", help="print the table as CSV")
    p.set_defaults(func=_power)
    p = sub.add_parser("rules", help="bankruptcy division rules: proportional, CEA, CEL, Talmud",
                       description="The classic division rules of a bankruptcy problem (estate, claims), exact: "
                       "proportional, constrained equal awards, constrained equal losses and the Talmud rule "
                       "(Aumann & Maschler 1985: the Talmud rule is the nucleolus of the bankruptcy game).")
    add_game_argument(p)
    add_json_flag(p)
    p.add_argument("--csv", action="store_true", help="print the table as CSV")
    p.set_defaults(func=_rules)


# ---------------------------------------------------------------- solve rows
def _has_field(g) -> bool:
    return _field(g) is not None


@section("games of the field", order=5, applies=_has_field)
def _field_rows(g) -> list[Row]:
    fg = _field(g)
    rows = []
    if isinstance(fg, AirportGame) and fg.form == "cost" or fg.kind == "mst":
        rows.append(Row("note", None, "a cost game: core, nucleolus and tightening below read c(S) as a worth; "
                        "for cost sharing use the savings game (airport: form = \"savings\")"))
    if isinstance(fg, BankruptcyGame):
        from ..concepts.tu.bankruptcy import bankruptcy_rules

        rows += [Row(r.concept, list(r.values), "bankruptcy rule", r) for r in bankruptcy_rules(fg)]
    if isinstance(g, FieldGame):  # too large for the dense table: what the parameters allow
        for concept in ("shapley", "banzhaf"):
            try:
                r = _closed_form(fg, concept)
            except UnsupportedError as exc:  # above a limit: the row says so and names the command
                cmd = "power" if concept == "shapley" else "banzhaf"
                rows.append(Row(f"{concept.capitalize()} value", None,
                                f"not computed: {exc.message}; run 'declcoal {cmd} FILE --max-dp-work N'"))
                continue
            if r is not None:
                rows.append(Row(f"{concept.capitalize()} value", list(r.values), f"{r.method}; {r.guarantee}", r))
        if isinstance(fg, WeightedVotingGame):
            from ..concepts.tu.power import banzhaf_index

            try:
                r = banzhaf_index(fg, normalized=True)
                rows.append(Row("Banzhaf index", list(r.values), "normalised", r))
            except UnsupportedError as exc:
                rows.append(Row("Banzhaf index", None, f"not computed: {exc.message}; run 'declcoal power FILE "
                                "--max-dp-work N'"))
        rows.append(Row("other concepts", None, f"need the dense table: {fg.n} players > the limit of {MAX_EXACT_PLAYERS}"))
    return rows
