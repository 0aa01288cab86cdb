"""Commands ``nash`` and ``egalitarian`` (Ray & Vohra 2025), and their solve-table rows.

The CLI only parses, calls :mod:`declcoal.concepts.bargaining.nash`, :mod:`~declcoal.concepts.bargaining.nash_tu`
or :mod:`~declcoal.concepts.bargaining.egalitarian`, and renders the answer with its reasons: the
binding threats of every solution point ("threats are conventional constraints"), the
ineffective coalitions, the unconstrained Nash point and what blocks it.
"""
from __future__ import annotations

import argparse
import re
from fractions import Fraction

from ..concepts.bargaining.egalitarian import EgalitarianResult, constrained_egalitarian
from ..concepts.bargaining.nash import METHODS, NashResult, coalitional_nash_solution
from ..concepts.bargaining.nash_tu import (CoalitionalNashResult, Comparison, compare_paths, naive_nash, recursive_nash,
                                theorem3_allocation)
from ..errors import DeclcoalError, InputError
from ..io.source import Source
from ..limits import NASH_PAIRS
from ..model.bargaining import BargainingGame, CoalitionalGame
from ..model.numbers import fraction_text, to_fraction
from ..model.tu import TUGame
from ._args import add_game_argument, add_json_flag, count, games_from_args
from ._render import print_json, print_table, say, value_text
from ._reproduce import add_reproduction, ensure_parser
from .solve import Row, section

#: the solve table runs the naive path (Theorem 2) up to this many players
SOLVE_MAX_NASH = 10
SOLVE_MAX_EGAL = 6
SOLVE_MAX_ROWS = 6


def parse_weights(text: str | None, n: int) -> list[Fraction] | None:
    """``--weights 1,2,1`` (or spaces) → positive exact weights, one per player."""
    if text is None:
        return None
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if len(parts) != n:
        raise InputError(f"--weights: expected {n} weights (one per player), got {len(parts)}")
    ws = [to_fraction(p, "--weights") for p in parts]
    for w in ws:
        if w <= 0:
            raise InputError(f"--weights: every weight must be positive, got {fraction_text(w)}")
    return ws


def _vec(p) -> str:
    return "(" + ", ".join(value_text(q) for q in p) + ")"


def _short(p) -> str:
    return "(" + ", ".join(fraction_text(q) for q in p) + ")"


# ---------------------------------------------------------------- rendering
def _render_nash(r: NashResult, title: str) -> None:
    say(f"{title}: {r.game} ({len(r.players)} players; F: {r.feasible}; d = {_short(r.disagreement)}; "
        f"γ = {_short(r.weights)})")
    if r.empty:
        say("  no unblocked allocation x ≥ d: U(G) ∩ {x ≥ d} is empty, so σ(G) = ∅ (the coalition is ineffective)")
    else:
        prod = "Nash product" if r.exponent == 1 else f"Nash product^{r.exponent}"
        rows = [[f"x{k}", *p, r.value_power] for k, p in enumerate(r.solutions, start=1)]
        print_table(None, ["point", *r.players, prod], rows)
        say("threats are conventional constraints — the ones that bind at each point "
            "(some member of S gets exactly y_i, none more):")
        for k, (p, binds) in enumerate(zip(r.solutions, r.binding), start=1):
            if not binds:
                say(f"  x{k}: no threat binds (the point is interior to the unblocked set)")
            for b in binds:
                say(f"  x{k}: threat of {{{b.coalition}}} y = {_short(b.point)} binds; defended by "
                    f"{', '.join(b.defenders)} at exactly y_i")
    if r.unconstrained:
        u = r.unconstrained[0]
        if r.unconstrained_blocked_by:
            why = "; ".join(f"{{{b.coalition}}} with {_short(b.point)}" for b in r.unconstrained_blocked_by)
            say(f"unconstrained Nash point (threats ignored): {_short(u)} — blocked by {why}")
        else:
            say(f"unconstrained Nash point (threats ignored): {_short(u)} — unblocked, so no threat matters")
    for p, c, y in r.blocked:
        say(f"blocked alternative {_short(p)}: {{{c}}} threatens {_short(y)} ≫ it")
    for p in r.below_d:
        say(f"excluded {_short(p)}: below the disagreement point d")
    say(f"[{r.method}; {r.solver}; {r.pieces} pieces examined; {r.seconds:.3g} s; {r.guarantee}]")


def _render_coalitional(r: CoalitionalNashResult, show_all: bool) -> None:
    what = ("recursive threats Θ*(T) = σ*(T) (§5.1)" if r.mode == "recursive"
            else "naive threats ψ(T), Theorem 2 (§5.2)")
    wt = "consistent" if r.consistent else "per-coalition"
    say(f"coalitional Nash solution σ*(N) of {r.game}: {what}; {wt} weights γ = {_short(r.weights)}")
    for note in r.notes:
        say(f"note: {note}")
    if r.grand is not None:
        _render_nash(r.grand, "grand coalition")
    if r.ineffective:
        say("ineffective coalitions (U*(S) = ∅, so Θ*(S) = {0} and they threaten nobody): "
            + ", ".join("{" + c + "}" for c in r.ineffective))
    elif r.mode == "recursive":
        say("every coalition is effective")
    if show_all:
        rows = []
        for c in r.coalitions:
            rows.append([c.label, "yes" if c.effective else "no",
                         "; ".join(_short(p) for p in c.points) if c.points else "∅", str(c.threats), str(c.pieces)])
        print_table(f"σ*(S) for every coalition ({r.mode})", ["coalition", "effective", "σ*(S)", "threats", "pieces"],
                    rows)
    say(f"[{r.mode}; {r.pieces} pieces examined in total; {r.seconds:.3g} s; {r.guarantee}]")


def _render_comparison(c: Comparison, show_all: bool) -> None:
    _render_coalitional(c.recursive, show_all)
    say("")
    say(f"naive path (Theorem 2): σ over U^naive(S) for every coalition — {c.naive.pieces} pieces, "
        f"{c.naive.seconds:.3g} s")
    if c.equal:
        say("Theorem 2 check: recursive σ*(S) = naive σ(S) for every coalition — equal")
    else:
        say("Theorem 2 check: DIFFERENT for " + str(len(c.differences)) + " coalitions:")
        for d in c.differences:
            say("  " + d)
    if c.naive.seconds > 0:
        say(f"time ratio recursive / naive: {c.recursive.seconds / c.naive.seconds:.3g}")


def _render_theorem3(t) -> None:
    say("")
    say(f"Theorem 3 (GCS TU game, consistent weights ⇒ viable, efficient grand coalition): "
        f"GCS {'yes' if t.gcs else 'no — ' + t.gcs_witness}; consistent weights {'yes' if t.consistent else 'no'}")
    say("  partition by α(S) = v(S)/γ_S: " + " ".join(f"{S} (α = {fraction_text(a)})" for S, a in zip(t.partition, t.alphas)))
    if t.x is None:  # Σy > v(N): no efficient, feasible point to show
        say(f"  stacked Nash payoffs y = {_short(t.y)}; {t.blocking}")
        say(f"  grand coalition viable: {'yes' if t.grand_viable else 'no'}; "
            f"σ*(N) efficient: {'yes' if t.sigma_efficient else 'no'}")
        return
    say(f"  stacked Nash payoffs y = {_short(t.y)}; efficient x ≥ y: {_short(t.x)}")
    say(f"  x unblocked by every ψ(T): {'yes' if t.unblocked_naive else 'no — ' + t.blocking}; "
        f"grand coalition viable: {'yes' if t.grand_viable else 'no'}; "
        f"σ*(N) efficient: {'yes' if t.sigma_efficient else 'no'}")


# ---------------------------------------------------------------- locating errors
def _locate(exc: DeclcoalError, path: str, game_name: str | None = None, key: str | None = None) -> DeclcoalError:
    """Attach ``path:line`` to an error raised after loading (principle 6: bad input gets
    ``file:line``). The line is that of the coalition named in the message ({A,B} → key
    "A B"), else of ``key``, else of the ``values`` list or the game's Prolog fact."""
    if exc.file is not None:
        return exc
    try:
        src = Source.read(path)
    except DeclcoalError:
        return exc.located(path)
    line = None
    m = re.search(r"\{([^{}]*)\}", exc.message)
    if m:
        line = src.line_of_key(" ".join(p.strip() for p in m.group(1).split(",")))
    if line is None and key:
        line = src.line_of_key(key) or src.line_of(f"[{key}]")
    if line is None:
        line = src.line_of_key("values")
    if line is None:
        pat = re.compile(r"data\(\s*" + (re.escape(game_name) if game_name else "") + r"\s*,")
        line = next((no for no, text in enumerate(src.text.splitlines(), start=1) if pat.search(text)), None)
    return exc.located(path, line or 1)


def _from_tu(g: TUGame, w, path: str) -> CoalitionalGame:
    """The §5.1 characteristic function of a TU game; a worth §5.1 rejects (v(S) < 0)
    is reported with the file and the line that holds it."""
    try:
        return CoalitionalGame.from_tu(g, w)
    except DeclcoalError as exc:
        raise _locate(exc, path, g.name) from None


def _wrong_kind(message: str, path: str) -> InputError:
    return _locate(InputError(message), path, key="feasible")  # type: ignore[return-value]


# ---------------------------------------------------------------- commands
def _mode(args: argparse.Namespace) -> str:
    return "naive" if args.naive else "recursive" if args.recursive else "both" if args.both else "auto"


def _no_partition(games: list, path: str) -> None:
    from ..model.partition import PartitionGame

    if any(isinstance(g, PartitionGame) for g in games):
        raise _wrong_kind("the file holds a partition-function game (kind = \"partition\"): use "
                          "'declcoal viable' for its viable coalition structures", path)


def _nash(args: argparse.Namespace) -> int:
    games = games_from_args(args)
    _no_partition(games, args.game)
    out = []
    for g in games:
        if not isinstance(g, (BargainingGame, CoalitionalGame, TUGame)):
            hint = " (try: declcoal viable FILE)" if type(g).__name__ == "PartitionGame" else ""
            raise InputError(f"'nash' needs a bargaining game or a characteristic function; the file holds a "
                             f"{type(g).__name__}{hint}", file=args.game)
        n = len(g.players)
        w = parse_weights(args.weights, n)
        mode = _mode(args)
        if isinstance(g, BargainingGame):
            if mode != "auto":
                raise _wrong_kind(f"--{mode} applies to characteristic-function games; this file holds a game "
                                  "G = (F, Θ, d) with exogenous threats", args.game)
            if args.theorem3:
                raise _wrong_kind("--theorem3 applies to TU games", args.game)
            if w is not None:
                from dataclasses import replace

                g = replace(g, weights=tuple(w))
            r = coalitional_nash_solution(g, args.method)
            out.append(r)
            if not args.json:
                _render_nash(r, "coalitional Nash solution σ(G)")
            continue
        if isinstance(g, TUGame):
            g.require_exact("the coalitional Nash solution")
        cg = _from_tu(g, w, args.game) if isinstance(g, TUGame) else g
        if w is not None and isinstance(g, CoalitionalGame):
            cg = CoalitionalGame(cg.players, cg.feasible, tuple(w), {}, name=cg.name, meta=cg.meta)
        if mode == "auto":
            mode = "recursive" if n <= 6 else "naive"
        show_all = args.coalitions or (n <= 3 and mode != "naive")
        if mode == "recursive":
            r = recursive_nash(cg, method=args.method, max_pairs=args.max_pairs)
        elif mode == "naive":
            r = naive_nash(cg, method=args.method, coalitions="all" if args.coalitions else "grand",
                           max_pairs=args.max_pairs)
        else:
            r = compare_paths(cg, max_pairs=args.max_pairs)
        t3 = None
        if args.theorem3:
            if not cg.is_tu:
                raise _wrong_kind("--theorem3 applies to TU games", args.game)
            tu = g if isinstance(g, TUGame) else TUGame.from_function(
                cg.players, lambda m: cg.worth(m) if m else 0, name=cg.name)
            t3 = theorem3_allocation(tu, cg.weights, max_pairs=args.max_pairs)
        out.append({"result": r.to_dict(), "theorem3": t3.to_dict()} if t3 else r)
        if not args.json:
            if isinstance(r, Comparison):
                _render_comparison(r, show_all)
            else:
                _render_coalitional(r, show_all)
            if t3:
                _render_theorem3(t3)
    if args.json:
        print_json(out[0] if len(out) == 1 else out)
    return 0


def _render_egalitarian(r: EgalitarianResult, show_all: bool) -> None:
    what = "recursive threats E(T)" if r.threats == "recursive" else "equal-division threats e(T) (Dutta–Ray 1991, Thm 1)"
    say(f"constrained egalitarian solution E(N) of {r.game} (Dutta–Ray; Ray & Vohra §5.4), {what}:")
    if not r.solutions:
        say("  U^e(N) is empty: the grand coalition is ineffective")
    else:
        print_table(None, ["point", *r.players], [[f"e{k}", *p] for k, p in enumerate(r.solutions, start=1)])
    ineff = [c.label for c in r.coalitions if not c.effective]
    if ineff:
        say("ineffective coalitions (U^e(S) = ∅): " + ", ".join("{" + c + "}" for c in ineff))
    if show_all:
        print_table("E(S) for every coalition", ["coalition", "E(S)", "pieces"],
                    [[c.label, "; ".join(_short(p) for p in c.points) or "∅", str(c.pieces)] for c in r.coalitions])
    if r.theorem4:
        bad = [c for c, ok, _ in r.theorem4 if not ok]
        grand = r.theorem4[-1][2]
        say(f"symmetric coalitional Nash solution σ_sym(N): {'; '.join(_short(p) for p in grand) or '∅'}")
        say("Theorem 4 check σ_sym(S) ⊆ E(S) for every coalition: "
            + ("holds" if not bad else "FAILS for " + ", ".join("{" + c + "}" for c in bad)))
        zero = [c for c, ok, sig in r.theorem4 if not ok and all(any(q == 0 for q in p) for p in sig)]
        if zero:
            say("  where it fails every point of σ_sym(S) has a zero payoff: the Nash product is 0 on all of "
                "U*(S), so every unblocked point maximises it, while E(S) keeps only the Lorenz-maximal ones; "
                "the paper's proof needs a positive maximum (docs/egalitarian.md)")
    say(f"[branch and bound over pieces, exact Lorenz dominance; {r.seconds:.3g} s; {r.guarantee}]")


def _egalitarian(args: argparse.Namespace) -> int:
    games = games_from_args(args)
    _no_partition(games, args.game)
    out = []
    for g in games:
        if not isinstance(g, (BargainingGame, CoalitionalGame, TUGame)):
            raise InputError(f"the constrained egalitarian solution needs a TU characteristic function; the file "
                             f"holds a {type(g).__name__}", file=args.game)
        if isinstance(g, BargainingGame):
            raise _wrong_kind("the constrained egalitarian solution needs a TU characteristic function "
                              "(kind = \"tu\" or a bargaining table of worths)", args.game)
        if isinstance(g, TUGame):
            g.require_exact("the constrained egalitarian solution")
            _from_tu(g, None, args.game)  # §5.1/§5.4 need v(S) >= 0: report a bad worth with its line
        elif not g.is_tu:
            raise _wrong_kind("the constrained egalitarian solution is defined for TU games; this game has finite "
                              "(NTU) feasible sets", args.game)
        r = constrained_egalitarian(g, threats="naive" if args.naive else "recursive", check_theorem4=not args.no_check,
                                    max_pairs=args.max_pairs)
        out.append(r)
        if not args.json:
            _render_egalitarian(r, args.coalitions or len(g.players) <= 3)
    if args.json:
        print_json(out[0] if len(out) == 1 else out)
    return 0


def _reproduce_ray_vohra(args: argparse.Namespace) -> int:
    from ..reproduce.ray_vohra import reproduce

    rows = reproduce()
    if args.json:
        print_json([r.to_dict() for r in rows])
        return 0
    say("Ray & Vohra (2025), Nash Bargaining in Coalitional Games — examples recomputed exactly. "
        "'=' the paper's claim holds, '≠' it does not.")
    print_table(None, ["claim", "paper", "declcoal", ""], [[r.item, r.paper, r.ours, "=" if r.ok else "≠"] for r in rows])
    n_ok = sum(r.ok for r in rows)
    say(f"{n_ok}/{len(rows)} claims reproduced")
    return 0


add_reproduction("ray-vohra", "Ray & Vohra (2025): Example 1 with the alternative solution φ and [Exp], "
                 "Examples 5 and 6 with core and Compte–Jehiel point, the roommate game of footnote 28; "
                 "§4 Examples 2-4 (viable coalition structures)",
                 _reproduce_ray_vohra, configure=add_json_flag)


def _add_max_pairs(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-pairs", type=count, default=NASH_PAIRS, metavar="N",
                   help=f"limit: on a characteristic function, refuse at once a run examining more than N (S, T ⊂ S) "
                   f"threat pairs: 3^n − 2^(n+1) + 1 for the recursion, 2^n − 2 for the naive path of N "
                   f"(default {NASH_PAIRS:,}: the recursion up to 10 players, the naive path up to 16)")


def register(sub: argparse._SubParsersAction) -> None:
    ensure_parser(sub)
    p = sub.add_parser(
        "nash", help="coalitional Nash bargaining solution (Ray & Vohra 2025): exact, every maximiser",
        description="Coalitional Nash solution: maximise the (weighted) Nash product of gains over the allocations "
        "no coalitional threat blocks (Ray & Vohra 2025, Theorem 1). For a game file with exogenous threats "
        "(kind = \"bargaining\" with a feasible list) it solves G = (F, Θ, d); for TU games and characteristic "
        "functions it builds the threats bottom-up (§5.1) or from unconstrained Nash solutions (Theorem 2). "
        "Every maximiser is printed, with the threats that bind at it.")
    add_game_argument(p)
    p.add_argument("--weights", metavar="W1,W2,...", help="consistent bargaining weights γ_i > 0 (default: all 1)")
    m = p.add_mutually_exclusive_group()
    m.add_argument("--recursive", action="store_true", help="threats σ*(T) built bottom-up (§5.1; default up to 6 players)")
    m.add_argument("--naive", action="store_true", help="threats ψ(T) = unconstrained Nash solutions (Theorem 2; fast)")
    m.add_argument("--both", action="store_true", help="run both and compare coalition by coalition (Theorem 2)")
    p.add_argument("--method", choices=METHODS, default="bnb",
                   help="bnb: branch and bound over convex pieces (default); z3: enumerate the pieces with Z3")
    p.add_argument("--coalitions", action="store_true", help="list σ*(S) for every coalition")
    p.add_argument("--theorem3", action="store_true", help="also print the constructive efficient allocation of Theorem 3")
    _add_max_pairs(p)
    add_json_flag(p)
    p.set_defaults(func=_nash)

    p = sub.add_parser(
        "egalitarian", help="Dutta–Ray constrained egalitarian solution E(N) (Ray & Vohra 2025, §5.4)",
        description="Constrained egalitarian solution: the Lorenz-maximal efficient allocations among those no "
        "coalition blocks with its own egalitarian allocation, built bottom-up. Also checks Theorem 4 "
        "(σ_sym(S) ⊆ E(S)).")
    add_game_argument(p)
    p.add_argument("--naive", action="store_true", help="threats = equal division e(T) (Dutta–Ray 1991, Theorem 1)")
    p.add_argument("--coalitions", action="store_true", help="list E(S) for every coalition")
    p.add_argument("--no-check", action="store_true", help="skip the Theorem 4 check (σ_sym ⊆ E)")
    _add_max_pairs(p)
    add_json_flag(p)
    p.set_defaults(func=_egalitarian)


# ---------------------------------------------------------------- solve rows
def _tu_applies(g) -> bool:
    return isinstance(g, TUGame)


def _points_rows(name: str, points, note: str, data) -> list[Row]:
    rows = [Row(name if k == 0 else "", list(p), note if k == 0 else "", data if k == 0 else None)
            for k, p in enumerate(points[:SOLVE_MAX_ROWS])]
    if len(points) > SOLVE_MAX_ROWS:
        rows.append(Row("", None, f"… and {len(points) - SOLVE_MAX_ROWS} more points"))
    return rows


@section("coalitional-nash", order=40, applies=_tu_applies)
def _nash_rows(game: TUGame) -> list[Row]:
    if not game.exact:
        return [Row("coalitional Nash (Ray-Vohra)", None, "not available: needs exact worths")]
    if game.n > SOLVE_MAX_NASH:
        return [Row("coalitional Nash (Ray-Vohra)", None, f"skipped: more than {SOLVE_MAX_NASH} players "
                    "(not computed here; run 'declcoal nash FILE', limit --max-pairs)")]
    r = naive_nash(game)
    if not r.solutions:
        return [Row("coalitional Nash (Ray-Vohra)", None, "U*(N) empty: the grand coalition is not viable", r)]
    k = len(r.solutions)
    note = f"σ(N), equal weights; {k} point{'s' if k > 1 else ''}; exact"
    return _points_rows("coalitional Nash (Ray-Vohra)", r.solutions, note, r)


@section("constrained-egalitarian", order=41, applies=_tu_applies)
def _egal_rows(game: TUGame) -> list[Row]:
    if not game.exact:
        return [Row("constrained egalitarian", None, "not available: needs exact worths")]
    if game.n > SOLVE_MAX_EGAL:
        return [Row("constrained egalitarian", None, f"skipped: more than {SOLVE_MAX_EGAL} players "
                    "(not computed here; run 'declcoal egalitarian FILE', limit --max-pairs)")]
    r = constrained_egalitarian(game, threats="naive")
    if not r.solutions:
        return [Row("constrained egalitarian", None, "U^e(N) empty", r)]
    k = len(r.solutions)
    return _points_rows("constrained egalitarian", r.solutions, f"E(N), Dutta-Ray; {k} point{'s' if k > 1 else ''}; exact", r)


def _exogenous_applies(g) -> bool:
    return isinstance(g, BargainingGame)


@section("coalitional-nash-exogenous", order=40, applies=_exogenous_applies)
def _exogenous_rows(game: BargainingGame) -> list[Row]:
    """σ(G) of a game G = (F, Θ, d) with exogenous threats (Theorem 1, eq. (2))."""
    r = coalitional_nash_solution(game)
    if not r.solutions:
        return [Row("coalitional Nash σ(G)", None, "U(G) ∩ {x ≥ d} is empty: σ(G) = ∅", r)]
    k = len(r.solutions)
    return _points_rows("coalitional Nash σ(G)", r.solutions, f"Theorem 1, eq. (2); {k} point{'s' if k > 1 else ''}; "
                        f"{r.guarantee}", r)


def _characteristic_applies(g) -> bool:
    return isinstance(g, CoalitionalGame)


@section("coalitional-nash-characteristic", order=40, applies=_characteristic_applies)
def _characteristic_rows(game: CoalitionalGame) -> list[Row]:
    """σ*(N) of a characteristic function with endogenous threats (§5.1; Theorem 2's path)."""
    if game.n > SOLVE_MAX_NASH:
        return [Row("coalitional Nash σ*(N)", None, f"skipped: more than {SOLVE_MAX_NASH} players "
                    "(not computed here; run 'declcoal nash FILE', limit --max-pairs)")]
    r = naive_nash(game)
    if not r.solutions:
        return [Row("coalitional Nash σ*(N)", None, "U*(N) empty: the grand coalition is not viable", r)]
    k = len(r.solutions)
    return _points_rows("coalitional Nash σ*(N)", r.solutions, f"§5, Theorem 2; {k} point{'s' if k > 1 else ''}; exact", r)
