"""Tick (1995) constraint tightening and the TU core toolkit on the command line:
``tighten``, ``core``, ``least-core``, ``nucleolus``, ``reproduce tick``; solve rows."""
from __future__ import annotations

import argparse
from fractions import Fraction

from ..concepts.tu.tightening import FAMILIES, MODES, TighteningResult, tighten
from ..concepts.tu.core import core, least_core, nucleolus
from ..model.numbers import decimal_text, fraction_text, to_fraction
from ..model.tu import TUGame
from ..limits import TIGHTEN_COALITIONS, TIGHTEN_FAITHFUL_COALITIONS
from ._args import add_csv_flag, add_game_argument, add_json_flag, count, dense_limit_epilog, tu_games_from_args
from ._render import print_csv, print_json, print_table, say
from ._reproduce import add_reproduction, ensure_parser
from .solve import Row, section


def _is_tu3(g) -> bool:
    return isinstance(g, TUGame) and g.exact and 2 <= g.n <= 8


def _is_tu(g) -> bool:
    return isinstance(g, TUGame) and g.exact and g.n <= 12


def _k(x: Fraction | None, places: int = 6) -> str:
    return "" if x is None else decimal_text(x, places)


# ---------------------------------------------------------------- tighten
def _print_tightening(r: TighteningResult, trace: bool) -> None:
    head = f"{r.game}: {r.family} tightening γ = {r.gamma}, {r.mode} mode"
    say(head)
    if r.status == "inconsistent":
        say(f"  {r.explanation}")
        say("  conflicting constraints (a minimal infeasible subset):")
        for c in r.conflict:
            say(f"    {c}")
        return
    if r.allocation is None:
        say(f"  no allocation: {r.explanation}")
        return
    print_table(None, ["player", "allocation"], [[p, x] for p, x in zip(r.players, r.allocation)],
                caption=f"{r.point_rule}; {r.guarantee}; {r.solver_calls} solver calls; {r.seconds:.3g} s")
    if r.status == "stalled":
        say(f"  note: iteration {len(r.trace)} fixed no parameter; further iterations repeat it unchanged "
            "(Tick's go1 would run its remaining count identically)")
    if r.dimension:
        say(f"  the final region had dimension {r.dimension}")
    if r.equalities:
        say(f"  Phase III equalities: {', '.join('{' + c + '}' for c in r.equalities)}")
    if trace:
        rows = [[str(it.iteration), _k(it.level), ", ".join("{" + c + "}" for c in it.newly_fixed[:8])
                 + (f" ... (+{len(it.newly_fixed) - 8})" if len(it.newly_fixed) > 8 else ""), str(it.solver_calls)]
                for it in r.trace]
        print_table("trace: Phases I-II per iteration", ["iteration", "level reached", "fixed in this iteration",
                                                         "solver calls"], rows)
        if len(r.coalitions) <= 15 and r.trace:
            shown = r.trace[-5:]
            pl = 6 if len(shown) <= 4 else 4
            cols = ["K", "coalition"] + [f"it {it.iteration}" for it in shown]
            rows = []
            for j, c in enumerate(r.coalitions):
                rows.append([f"K{j + 1}", "{" + c + "}"] + [_k(it.K[j], pl) + ("*" if it.fixed[j] else "") for it in shown])
            title = "tightening vector after each iteration (* = fixed)"
            if len(shown) < len(r.trace):
                title += f"; last {len(shown)} of {len(r.trace)} iterations"
            print_table(title, cols, rows)


def _tighten(args: argparse.Namespace) -> int:
    games = tu_games_from_args(args)
    kw = dict(iterations=args.iterations, nonnegative=not args.allow_negative, max_coalitions=args.max_coalitions)
    if args.epsilon is not None:
        kw["epsilon"] = to_fraction(args.epsilon, "--epsilon")
    if args.delta_max is not None:
        kw["delta_max"] = to_fraction(args.delta_max, "--delta-max")
    if args.lp:
        kw["lp_method"] = args.lp
    if args.phase3_order:
        kw["phase3_order"] = args.phase3_order
    results = [tighten(g, args.gamma, args.mode, **kw) for g in games]
    if args.json:
        print_json(results[0] if len(results) == 1 else results)
        return 0
    for r in results:
        _print_tightening(r, args.trace)
    return 0


# ---------------------------------------------------------------- core & co
def _point_csv(res, column: str) -> None:
    multi = len(res) > 1
    print_csv((["game"] if multi else []) + ["player", column],
              [([r.game] if multi else []) + [p, x] for r in res if r.point is not None
               for p, x in zip(r.players, r.point)])


def _core(args: argparse.Namespace) -> int:
    res = [core(g, _lp_method(args)) for g in tu_games_from_args(args)]
    if args.json:
        print_json(res[0] if len(res) == 1 else res)
        return 0
    if args.csv:  # a core point (no rows when the core is empty)
        _point_csv(res, "core point")
        return 0
    for r in res:
        if r.nonempty:
            say(f"{r.game}: the core is non-empty; a core point:")
            print_table(None, ["player", "x"], [[p, x] for p, x in zip(r.players, r.point)])
        else:
            say(f"{r.game}: the core is EMPTY.")
            say(f"  Bondareva–Shapley certificate: a balanced collection with weights whose weighted worth "
                f"{fraction_text(r.balanced_value)} exceeds v(N) = {fraction_text(r.grand_value)}:")
            print_table(None, ["coalition", "weight λ_S"], [["{" + c + "}", w] for c, w in r.balanced])
            from ..concepts.tu.core import Z3_CONFLICT_PLAYERS

            how = "Z3 unsat core" if len(r.players) <= Z3_CONFLICT_PLAYERS else "the certificate's coalitions"
            say(f"  conflicting constraints ({how}): " + "; ".join(r.conflict))
    return 0


def _least_core(args: argparse.Namespace) -> int:
    res = [least_core(g, _lp_method(args)) for g in tu_games_from_args(args)]
    if args.json:
        print_json(res[0] if len(res) == 1 else res)
        return 0
    if args.csv:
        _point_csv(res, "least core point")
        return 0
    for r in res:
        say(f"{r.game}: least core = the ε-core with ε* = {fraction_text(r.epsilon)} ({decimal_text(r.epsilon)})"
            + ("  (ε* <= 0: the core is non-empty)" if r.epsilon <= 0 else "  (ε* > 0: the core is empty)"))
        print_table(None, ["player", "a point"], [[p, x] for p, x in zip(r.players, r.point)])
    return 0


def _nucleolus(args: argparse.Namespace) -> int:
    res = [nucleolus(g, imputations=not args.pre, method=_lp_method(args)) for g in tu_games_from_args(args)]
    if args.json:
        print_json(res[0] if len(res) == 1 else res)
        return 0
    if args.csv:
        _point_csv(res, res[0].kind)
        return 0
    for r in res:
        say(f"{r.game}: {r.kind} ({r.lps} LPs, {r.method}, {r.guarantee})")
        print_table(None, ["player", r.kind], [[p, x] for p, x in zip(r.players, r.point)])
        if args.verbose:
            print_table("sequential LPs", ["stage", "excess level", "coalitions fixed"],
                        [[str(k + 1), e, ", ".join("{" + c + "}" for c in cs)] for k, (e, cs) in enumerate(r.levels)])
    return 0


def _lp_method(args: argparse.Namespace) -> str:
    return "float" if getattr(args, "float", False) else getattr(args, "method", None) or "auto"


def _add_lp_method_args(p: argparse.ArgumentParser) -> None:
    from ..concepts.tu.core import LP_METHODS

    g = p.add_mutually_exclusive_group()
    g.add_argument("--float", action="store_true",
                   help="floating-point fast path (constraint generation, no certificate): says 'approximate'")
    g.add_argument("--method", choices=LP_METHODS,
                   help="auto (default: constraint generation + exact certificate), float, all-rows (every "
                   "coalition a row: the reference), highs / z3 (all-rows with that LP path)")


# ---------------------------------------------------------------- reproduce tick
def _mark(ok: bool) -> str:
    return "=" if ok else "≠"


def _diff_note(exact: list[Fraction], faithful: list[Fraction]) -> str:
    d = max(abs(a - b) for a, b in zip(exact, faithful))
    return "exact mode (no ε): same as faithful" if d == 0 else f"exact mode (no ε): max |exact − faithful| = {decimal_text(d, 4)}"


def _reproduce_tick(args: argparse.Namespace) -> int:
    from ..reproduce.tick import reproduce

    rep = reproduce()
    if args.json:
        print_json(rep)
        return 0
    say("Tick (1995), Table 2 — Scandinavian Cement, relative tightening, faithful mode "
        "(Δmax = 1000, ε = 0.0001, 4 iterations). Cells: declcoal [paper]; * = fixed; ≠ marks a difference.")
    cols = ["iteration"] + [f"K{j}" for j in range(1, 7)]
    rows = []
    for row in rep.table2:
        cells = [str(row["iteration"])]
        for c, fx, pf in zip(row["K"], row["fixed"], row["paper_fixed"]):
            ours = decimal_text(Fraction(c["ours_rounded"]), 6) + ("*" if fx else "")
            paper = c["paper"] + ("*" if pf else "")
            mark = "" if (c["match"] and fx == pf) else " ≠"
            cells.append(f"{ours} [{paper}]{mark}")
        rows.append(cells)
    print_table(None, cols, rows)
    say("  " + rep.table2_note)
    say("")
    say("Tick (1995), Table 3 — Shapley vs. tightening (faithful mode). Each cell: declcoal at the paper's "
        "rounding [paper]; ≠ marks a difference.")
    for g in rep.games:
        def cellrow(cells):
            return ", ".join(f"{decimal_text(c.ours, 3) if c.ours.denominator != 1 else c.ours}"
                             f"[{c.paper}]{'' if c.match else '≠'}" for c in cells)
        rows = [
            ["Shapley", cellrow(g.shapley), ""],
            ["relative", cellrow(g.relative), g.evidence.get("relative", "")],
            ["absolute", cellrow(g.absolute), g.evidence.get("absolute", "")],
            ["exact relative", ", ".join(decimal_text(x, 3) for x in g.exact_relative),
             _diff_note(g.exact_relative, g.faithful["relative"].allocation)],
            ["exact absolute", ", ".join(decimal_text(x, 3) for x in g.exact_absolute),
             _diff_note(g.exact_absolute, g.faithful["absolute"].allocation)],
        ]
        for fam, cell, exact in (("relative", g.mse_relative, g.mse_exact[0]),
                                 ("absolute", g.mse_absolute, g.mse_exact[1])):
            rows.append([f"MSE {fam}", f"{decimal_text(cell.ours, 3)}[{cell.paper}]{'' if cell.match else '≠'}",
                         f"vs Shapley as printed (1 decimal); vs exact Shapley: {decimal_text(exact, 3)}"])
        print_table(f"{g.game} ({', '.join(g.players)})", ["row", "values", "notes"], rows)
    if rep.claims:  # Sections 2 and 7: rows built in declcoal/reproduce/tick.py (section_claims)
        say("")
        print_table("Tick (1995), Sections 2 and 7 — the text's quantitative claims (docs/tightening.md)",
                    ["ref", "claim", "paper", "declcoal", "verdict"],
                    [[c.ref, c.claim, c.paper, c.ours, c.verdict] for c in rep.claims])
        for c in rep.claims:
            if c.verdict != "holds":
                say(f"  {c.id} ({c.verdict}): {c.note}")
    n_alloc = sum(c.match for g in rep.games for c in g.relative + g.absolute)
    tot = sum(len(g.relative) + len(g.absolute) for g in rep.games)
    n_mse = sum(g.mse_relative.match + g.mse_absolute.match for g in rep.games)
    say(f"Table 2: K values {'all equal' if rep.table2_match else 'DIFFER'}; Table 3: allocations {n_alloc}/{tot} "
        f"entries equal at the paper's rounding, MSE {n_mse}/{2 * len(rep.games)}"
        + ("; §2/§7 claims: " + ", ".join(f"{sum(c.verdict == v for c in rep.claims)} {v}"
                                          for v in ("holds", "fails", "ambiguous")) if rep.claims else "")
        + f". {rep.seconds:.2f} s")
    return 0


add_reproduction("tick", "Tick (1995): Table 2 (cement, relative) and Table 3 (eight games, relative and absolute "
                 "tightening vs Shapley) beside the paper's numbers", _reproduce_tick, configure=add_json_flag)


# ---------------------------------------------------------------- register
def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "tighten", help="Tick's fair allocation by constraint tightening (faithful or exact)",
        description="Tick (1995), Figure 1: inflate every coalition constraint x(S) >= v(S) to "
        "x(S) >= gamma(v(S), K_S) and raise the K's as far as the constraints stay satisfiable, fixing the "
        "critical ones, until all are fixed; then pick a point. gamma: absolute RHS+K, relative RHS(1+K), "
        "hybrid RHS(1+K)+K. Mode faithful runs the paper's CLP(R) program (binary search with delta-max and "
        "epsilon; Z3 decides satisfiability); mode exact solves each phase as a linear program (no epsilon).")
    add_game_argument(p)
    p.add_argument("--gamma", choices=FAMILIES, default="relative", help="tightening family (default relative)")
    p.add_argument("--mode", choices=MODES, default="exact", help="exact (LPs, default) or faithful (the paper's search)")
    p.add_argument("--trace", action="store_true", help="print the per-iteration table (K values, * = fixed)")
    p.add_argument("--iterations", type=int, metavar="N", help="stop after N iterations (appendix tick(Data, N, Answer))")
    p.add_argument("--epsilon", metavar="E", help="faithful mode: termination granularity (default 0.0001)")
    p.add_argument("--delta-max", metavar="D", help="faithful mode: first increment (default 1000)")
    p.add_argument("--allow-negative", action="store_true", help="drop the constraints X_i >= 0 (Section 2)")
    p.add_argument("--lp", choices=["auto", "z3"], help="exact mode LP path: HiGHS + exact certificate (auto) or Z3")
    p.add_argument("--phase3-order", choices=["reverse", "template"],
                   help="faithful mode: order in which Phase III tries equalities (default reverse: reproduces Table 3)")
    p.add_argument("--max-coalitions", type=count, metavar="N",
                   help=f"limit: refuse at once a game with more than N proper coalitions (2^n − 2; default "
                   f"{TIGHTEN_COALITIONS:,}, 14 players; faithful mode's ε search {TIGHTEN_FAITHFUL_COALITIONS:,}, "
                   f"8 players)")
    add_json_flag(p)
    p.set_defaults(func=_tighten)

    p = sub.add_parser("core", help="is the core non-empty? a core point, or a Bondareva–Shapley certificate",
                       description="The core {x : x(N) = v(N), x(S) >= v(S)}: a point when non-empty; when empty, "
                       "a balanced collection with weights (Bondareva–Shapley) and the conflicting constraints.")
    p.epilog = dense_limit_epilog()
    add_game_argument(p)
    add_json_flag(p)
    add_csv_flag(p)
    _add_lp_method_args(p)
    p.set_defaults(func=_core)

    p = sub.add_parser("least-core", help="the least core: the smallest ε with a non-empty ε-core, and a point",
                       description="Least core (Maschler, Peleg & Shapley 1979): eps* = min eps such that "
                       "x(S) >= v(S) - eps for every coalition, x(N) = v(N).")
    p.epilog = dense_limit_epilog()
    add_game_argument(p)
    add_json_flag(p)
    add_csv_flag(p)
    _add_lp_method_args(p)
    p.set_defaults(func=_least_core)

    p = sub.add_parser("nucleolus", help="the nucleolus (exact, sequential LPs)",
                       description="The nucleolus (Schmeidler 1969) by sequential linear programs "
                       "(Maschler, Peleg & Shapley 1979), exact.")
    p.epilog = dense_limit_epilog()
    add_game_argument(p)
    p.add_argument("--pre", action="store_true", help="the prenucleolus (no imputation bounds x_i >= v(i))")
    p.add_argument("-v", "--verbose", action="store_true", help="print the excess level of each LP stage")
    add_json_flag(p)
    add_csv_flag(p)
    _add_lp_method_args(p)
    p.set_defaults(func=_nucleolus)

    ensure_parser(sub)


# ---------------------------------------------------------------- solve rows
@section("tightening", order=30, applies=_is_tu3)
def _tighten_rows(game: TUGame) -> list[Row]:
    rows = []
    for fam in ("relative", "absolute"):
        r = tighten(game, fam, "exact")
        if r.status == "inconsistent":
            rows.append(Row(f"Tick {fam} tightening", None, "core constraints inconsistent", r))
        else:
            rows.append(Row(f"Tick {fam} tightening", list(r.allocation), f"exact mode; {r.guarantee}", r))
    return rows


@section("core", order=31, applies=_is_tu)
def _core_rows(game: TUGame) -> list[Row]:
    r = core(game)
    if r.nonempty:
        return [Row("core point", list(r.point), "core non-empty", r)]
    cert = ", ".join(f"{fraction_text(w)}·{{{c}}}" for c, w in r.balanced)
    return [Row("core", None, f"EMPTY: balanced {cert} gives {fraction_text(r.balanced_value)} > v(N)", r)]


@section("least core", order=32, applies=_is_tu)
def _least_core_rows(game: TUGame) -> list[Row]:
    r = least_core(game)
    return [Row("least core point", list(r.point), f"ε* = {fraction_text(r.epsilon)}", r)]


@section("nucleolus", order=33, applies=_is_tu)
def _nucleolus_rows(game: TUGame) -> list[Row]:
    try:
        r = nucleolus(game)
    except Exception as exc:  # noqa: BLE001 - e.g. empty imputation set: fall back to the prenucleolus
        from ..errors import DeclcoalError

        if not isinstance(exc, DeclcoalError):
            raise
        r = nucleolus(game, imputations=False)
    return [Row(r.kind, list(r.point), r.guarantee, r)]
