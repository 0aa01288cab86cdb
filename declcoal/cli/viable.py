"""``declcoal viable MODEL-OR-FILE``: Nash-in-Nash viable coalition structures (Ray & Vohra
2025, §3–4) of a built-in model (``cournot``, ``environment``, ``rnd``) or of a
``kind = "partition"`` game file; and the solve-table rows of partition games.

The CLI parses, calls :func:`declcoal.concepts.bargaining.viable.viable_structures`, and
renders: the lattice of structures as a table (coarse to fine) and a tree of levels, the
coarsest viable structures with their payoffs, ``--explain STRUCTURE`` with every
threat Θ*(T, π) and each block's Nash solution or the threats that cannot be met jointly.
"""
from __future__ import annotations

import argparse
import re
from fractions import Fraction

from .. import progress
from ..concepts.bargaining.nash import METHODS
from ..concepts.bargaining.viable import ViabilityResult, viable_structures
from ..errors import InputError
from ..model.numbers import fraction_text, to_fraction
from ..model.partition import MAX_PLAYERS, PartitionGame, bell
from ._render import print_json, print_table, say, value_text
from ._reproduce import add_reproduction, ensure_parser  # noqa: F401 (ray-vohra is extended in reproduce/)
from .solve import Row, section

MODEL_NAMES = ("cournot", "environment", "rnd")

#: the solve table computes viability up to this many players
SOLVE_MAX_PLAYERS = 5


def _numbers(text: str | None, what: str) -> list[Fraction] | None:
    if text is None:
        return None
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if not parts:
        raise InputError(f"{what}: give a comma-separated list of numbers")
    return [to_fraction(p, what) for p in parts]


def _one(text: str | None, what: str, default: object = None) -> Fraction | None:
    if text is None:
        return None if default is None else to_fraction(default, what)
    return to_fraction(text, what)


def game_from_args(args: argparse.Namespace) -> PartitionGame:
    """A built-in model with its parameters, or the partition game in a file."""
    from ..model import pfg_models as M

    src = args.model
    weights = _numbers(args.weights, "--weights")
    if src == "cournot":
        A = _one(args.A, "--A")
        costs = _numbers(args.costs, "--costs")
        if A is None or costs is None:
            raise InputError("cournot needs --A (demand intercept) and --costs c1,c2,... (one unit cost per firm)")
        return M.cournot(A, costs, weights=weights)
    if src == "environment":
        a = _numbers(args.a, "--a")
        if a is None:
            raise InputError("environment needs --a a1,a2,... (one a_i > 0 per country)")
        return M.environment(a, digits=args.digits, weights=weights)
    if src == "rnd":
        r, alpha = _one(args.r, "--r"), _one(args.alpha, "--alpha")
        if r is None or alpha is None:
            raise InputError("rnd needs --r (discount rate > 0) and --alpha (synergy >= 1); --n firms (default 3)")
        return M.rnd(r, alpha, args.n if args.n is not None else 3, digits=args.digits, weights=weights)
    from ..io import load_game

    game = load_game(src, getattr(args, "game_name", None))
    if not isinstance(game, PartitionGame):
        raise InputError(f"'declcoal viable' needs a partition-function game (kind = \"partition\") or a model "
                         f"name ({', '.join(MODEL_NAMES)}); the file holds a {type(game).__name__}", file=src)
    if weights is not None:
        if len(weights) != game.n:
            raise InputError(f"--weights: expected {game.n} weights (one per player), got {len(weights)}")
        game = PartitionGame.build(game.players, {pi: [dict(zip(pi, e)) for e in eqs] for pi, eqs in game.table.items()},
                                   weights=weights, coalition_weights=game.coalition_weights, name=game.name)
    return game


# ---------------------------------------------------------------- rendering
def _pt(p) -> str:
    return "(" + ", ".join(fraction_text(q) if isinstance(q, Fraction) else str(q) for q in p) + ")"


def _pt_dec(p, approx: bool) -> str:
    if approx:
        return "(" + ", ".join(f"{float(q):.6g}" for q in p) + ")"
    return _pt(p)


def _num(q, approx: bool) -> str:
    if isinstance(q, tuple):  # a block without transfers: its finite set of payoff vectors
        return "{" + ", ".join(_pt_dec(p, approx) for p in q) + "}"
    return f"{float(q):.6g}" if approx else value_text(q)


def _why(r: ViabilityResult, pi) -> str:
    g = r.game
    rep = r.reports[pi]
    approx = r.guarantee != "exact"
    if len(pi) == g.n:
        return "finest structure: a Nash equilibrium, viable by definition (§3.2)"
    if rep.viable:
        parts = []
        for eq in rep.equilibria:
            if not eq.viable:
                continue
            for b in eq.blocks:
                if b.coalition.bit_count() < 2:
                    continue
                bs = {(g.coalition(T), y) for pts in b.binding for T, y in pts}
                if bs:
                    parts.append(f"{g.coalition(b.coalition)}: binding " +
                                 ", ".join(f"{{{T}}} {_pt_dec(y, approx)}" for T, y in sorted(bs)))
            break
        return "; ".join(parts) if parts else "no threat binds"
    out = []
    for eq in rep.equilibria:
        for b in eq.blocks:
            if b.points:
                continue
            if b.conflict is None:
                out.append(f"{g.coalition(b.coalition)}: unblocked set empty")
            else:
                th = ", ".join(f"{{{g.coalition(T)}}} {_pt_dec(y, approx)}" for T, y in b.conflict)
                if b.required is None:  # a block without transfers
                    out.append(f"{g.coalition(b.coalition)}: {th} block every point of F = {_num(b.worth, approx)}")
                else:
                    out.append(f"{g.coalition(b.coalition)} cannot meet {th}: needs {_num(b.required, approx)} > "
                               f"v = {_num(b.worth, approx)}")
        if len(rep.equilibria) > 1:
            out[-1:] = [f"eq. {eq.index + 1}: " + o for o in out[-1:]]
    return "; ".join(out)


#: above this many players the table lists only viable structures (and N) unless --all
FULL_TABLE_PLAYERS = 5


def _render_lattice(r: ViabilityResult, everything: bool) -> None:
    g = r.game
    approx = r.guarantee != "exact"
    rows = []
    shown = [pi for pi in sorted(r.reports, key=lambda p: (len(p), p))
             if everything or r.reports[pi].viable or len(pi) == 1]
    if len(shown) < len(r.reports):
        say(f"{len(r.reports) - len(shown)} non-viable structures not listed (--all lists every structure)")
    for pi in shown:
        rep = r.reports[pi]
        worths = "; ".join(", ".join(f"{g.coalition(S)}: {_num(w, approx)}" for S, w in zip(pi, e))
                           for e in g.equilibria(pi))
        pays = r.payoffs(pi) if rep.viable else []
        pay = " or ".join(_pt_dec(p, approx) for p in pays[:3]) + (f" (+{len(pays) - 3} more)" if len(pays) > 3 else "")
        mark = "yes ★" if pi in r.coarsest else ("yes" if rep.viable else "no")
        rows.append([g.label(pi), mark, worths, pay or "—", _why(r, pi)])
    print_table(None, ["structure", "viable", "v(S, π)", "Nash-in-Nash payoffs", "why"], rows,
                caption="★ coarsest viable (the prediction); rows from the grand coalition down to the finest structure")


def _render_tree(r: ViabilityResult, everything: bool) -> None:
    g = r.game
    say("lattice by number of blocks (✓ viable, ✗ not viable, ★ coarsest viable):")
    coarsest = set(r.coarsest)
    for k in range(1, g.n + 1):
        items = [pi for pi in sorted(r.reports) if len(pi) == k]
        if not items:
            continue
        if not everything:  # large lattices: counts, and the viable structures only
            ok = [pi for pi in items if r.reports[pi].viable]
            listed = "  ".join(f"{g.label(pi)} {'★' if pi in coarsest else '✓'}" for pi in ok[:12])
            more = f"  … +{len(ok) - 12} more" if len(ok) > 12 else ""
            say(f"  {k} block{'s' if k > 1 else ' '} │ {len(ok)} of {len(items)} viable: {listed}{more}")
            continue
        marks = "  ".join(f"{g.label(pi)} {'★' if pi in coarsest else ('✓' if r.reports[pi].viable else '✗')}"
                          for pi in items)
        say(f"  {k} block{'s' if k > 1 else ' '} │ {marks}")


#: coarsest viable structures printed without --all
MAX_PREDICTION_LINES = 30


def _render_prediction(r: ViabilityResult, everything: bool = False) -> None:
    g = r.game
    approx = r.guarantee != "exact"
    grand = r.reports.get((g.grand,))
    if grand is not None:
        say(f"grand coalition {'viable' if grand.viable else 'NOT viable'}")
    say(f"coarsest viable structures (the Nash-in-Nash prediction, §3.2): {len(r.coarsest)}")
    shown = r.coarsest if everything else r.coarsest[:MAX_PREDICTION_LINES]
    for pi in shown:
        say(f"  {g.label(pi)}: payoffs " + " or ".join(_pt_dec(p, approx) for p in r.payoffs(pi)))
    if len(shown) < len(r.coarsest):
        say(f"  … and {len(r.coarsest) - len(shown)} more (--all or --json lists them all)")


def explain_lines(r: ViabilityResult, pi) -> list[str]:
    """The explanation of one structure: worths, every threat Θ*(T, π) with where it comes
    from, and each block's Nash solution with its binding threats or the threats that
    cannot be met jointly."""
    g = r.game
    approx = r.guarantee != "exact"
    rep = r.reports[pi]
    out = [f"structure {g.label(pi)} ({len(pi)} block{'s' if len(pi) > 1 else ''}): "
           f"{'VIABLE' if rep.viable else 'NOT VIABLE'}" + (" — coarsest viable" if pi in r.coarsest else "")]
    for eq in rep.equilibria:
        head = f"  coalitional equilibrium {eq.index + 1}: " if len(rep.equilibria) > 1 else "  "
        out.append(head + "; ".join(f"{'F' if isinstance(b.worth, tuple) else 'v'}({g.coalition(b.coalition)}, π) = "
                                    f"{_num(b.worth, approx)}" for b in eq.blocks))
    if not rep.threats:
        out.append("  no breakaways (every block is a singleton): a Nash equilibrium, viable by definition")
    for t in rep.threats:
        where = (f"π^T = {g.label(t.induced)} is viable (eq. (8))" if t.induced_viable else
                 f"π^T = {g.label(t.induced)} is not viable; its coarsest viable refinements "
                 f"{', '.join(g.label(s) for s in t.sources)} (eq. (9))")
        pts = ", ".join(_pt_dec(p, approx) for p in t.points) or "∅"
        out.append(f"  threat Θ*({{{g.coalition(t.breakaway)}}}, π) from {{{g.coalition(t.parent)}}}: {where}: {{{pts}}}")
    for eq in rep.equilibria:
        tag = f" (equilibrium {eq.index + 1})" if len(rep.equilibria) > 1 else ""
        for b in eq.blocks:
            if b.coalition.bit_count() < 2:
                continue
            name = g.coalition(b.coalition) + tag
            if b.points:
                for p, bind in zip(b.points, b.binding):
                    bs = ", ".join(f"{{{g.coalition(T)}}} at {_pt_dec(y, approx)}" for T, y in bind) or "none"
                    out.append(f"  {name}: coalitional Nash solution {_pt_dec(p, approx)} (γ = {_pt(g.gamma(b.coalition))});"
                               f" binding threats: {bs}")
            else:
                if b.conflict is None:
                    out.append(f"  {name}: unblocked set empty")
                else:
                    th = ", ".join(f"{{{g.coalition(T)}}} {_pt_dec(y, approx)}" for T, y in b.conflict)
                    if b.required is None:  # a block without transfers
                        out.append(f"  {name}: unblocked set EMPTY — the threats {th} block every point of "
                                   f"F({g.coalition(b.coalition)}, π) = {_num(b.worth, approx)}")
                        continue
                    out.append(f"  {name}: unblocked set EMPTY — the threats {th} cannot be met jointly: meeting "
                               f"them needs a total of {_num(b.required, approx)} > v({g.coalition(b.coalition)}, π) = "
                               f"{_num(b.worth, approx)}")
    if rep.viable:
        out.append("  Nash-in-Nash payoffs: " + " or ".join(_pt_dec(p, approx) for p in r.payoffs(pi)))
    return out


def _viable(args: argparse.Namespace) -> int:
    game = game_from_args(args)
    explain = True if args.explain else "auto"
    if args.explain:
        game.parse(args.explain)  # a typo fails before the run
    with progress.task("structures", bell(game.n)) as bar:  # the CLI draws it on a terminal
        r = viable_structures(game, method=args.method, memo=not args.no_memo, explain=explain,
                              progress=lambda done, total: bar.advance(done - bar.done))
    target = game.parse(args.explain) if args.explain else None
    if args.plot and not r.interrupted:
        from ..viz.lattice import plot_lattice

        plot_lattice(r, args.plot)
    if args.json:
        d = r.to_dict()
        if target is not None and target in r.reports:
            d["explain"] = r.structure_dict(target)
        print_json(d)
        return 130 if r.interrupted else 0
    exact = "exact rationals" if r.guarantee == "exact" else f"{r.guarantee}: " + "; ".join(r.notes)
    say(f"Nash-in-Nash viable coalition structures (Ray & Vohra 2025, §3.2): {game.name}")
    say(f"{game.n} players, Bell({game.n}) = {len(game.table)} structures; weights γ = {_pt(game.weights)}"
        + (" (+ per-coalition weights)" if game.coalition_weights else "") + f"; {exact}")
    if r.interrupted:
        say(f"interrupted: {len(r.reports)} structures finished (finest first) — shown below")
    if target is None or args.all:
        everything = args.all or game.n <= FULL_TABLE_PLAYERS
        _render_lattice(r, everything)
        _render_tree(r, everything)
    if target is not None and target in r.reports:
        for line in explain_lines(r, target):
            say(line)
    if not r.interrupted:
        _render_prediction(r, args.all)
    say(f"{r.nash_solves} Nash problems solved ({r.nash_cache_hits} reused), {r.seconds:.3g} s")
    if args.plot:
        say(f"wrote {args.plot}")
    return 130 if r.interrupted else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "viable", help="Nash-in-Nash viable coalition structures of a partition-function game (Ray & Vohra 2025, §3-4)",
        description="Viable coalition structures with externalities (Ray & Vohra 2025, §3.2, eqs. (7)-(9)): from "
        "the finest structure up, each breakaway's threats come from the Nash-in-Nash payoffs of the structure it "
        "induces (or of that structure's coarsest viable refinements); a structure is viable if every block has "
        "an unblocked allocation. Prints every structure with the reason, and the coarsest viable structures "
        "with their payoffs. MODEL-OR-FILE: cournot (--A, --costs), environment (--a), rnd (--r, --alpha, --n), "
        "or a kind = \"partition\" TOML/JSON file.",
        epilog="examples:\n  declcoal viable cournot --A 10 --costs 2,3,4\n  declcoal viable environment --a 1,1,1\n"
        "  declcoal viable rnd --r 0.01 --alpha 4 --explain 123\n  declcoal viable examples/ray-vohra/cournot-10.toml "
        "--plot lattice.png\n\nlimit: every coalition structure is enumerated, Bell(n) of them; games of more than "
        f"{MAX_PLAYERS} players (Bell({MAX_PLAYERS}) = {bell(MAX_PLAYERS):,} structures) are refused at once "
        "(docs/limits.md)",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", metavar="MODEL-OR-FILE", help="cournot, environment, rnd, or a partition game file")
    p.add_argument("--game", dest="game_name", metavar="NAME", help=argparse.SUPPRESS)
    p.add_argument("--A", metavar="A", help="cournot: demand intercept, p = A - x")
    p.add_argument("--costs", metavar="C1,C2,...", help="cournot: unit costs, one per firm")
    p.add_argument("--a", metavar="A1,A2,...", help="environment: a_i > 0 per country (eq. (10))")
    p.add_argument("--r", metavar="R", help="rnd: discount rate r > 0")
    p.add_argument("--alpha", metavar="ALPHA", help="rnd: synergy alpha >= 1 (eq. (14))")
    p.add_argument("--n", type=int, metavar="N", help="rnd: number of symmetric firms (default 3)")
    p.add_argument("--digits", type=int, default=40, help="environment/rnd: decimals kept in the worths (default 40)")
    p.add_argument("--weights", metavar="W1,W2,...", help="consistent bargaining weights γ_i > 0 (default all 1)")
    p.add_argument("--explain", metavar="STRUCTURE", help="explain one structure, e.g. \"1|23\": its threats and solutions")
    p.add_argument("--all", action="store_true", help="list every structure (default up to 5 players; beyond, "
                   "only the viable ones); with --explain, print the lattice too")
    p.add_argument("--plot", metavar="FILE.png", help="draw the structure lattice (needs the 'plot' extra)")
    p.add_argument("--method", choices=METHODS, default="bnb", help="exact Nash solver (default bnb)")
    p.add_argument("--no-memo", action="store_true", help="recompute refinements and Nash problems (for timing)")
    p.add_argument("--json", action="store_true", help="print machine-readable JSON instead of tables")
    p.set_defaults(func=_viable)


# ---------------------------------------------------------------- solve rows
def _applies(g) -> bool:
    return isinstance(g, PartitionGame)


@section("viable-structures", order=45, applies=_applies)
def _viable_rows(game: PartitionGame) -> list[Row]:
    name = "Nash-in-Nash (Ray-Vohra §3)"
    if game.n > SOLVE_MAX_PLAYERS:
        return [Row(name, None, f"skipped: more than {SOLVE_MAX_PLAYERS} players (use 'declcoal viable')")]
    r = viable_structures(game)
    grand = r.reports[(game.grand,)].viable
    rows = []
    for k, (pi, pts) in enumerate(r.prediction):
        for j, p in enumerate(pts[:3]):
            note = f"coarsest viable {game.label(pi)}" + ("" if j else f"; grand coalition {'viable' if grand else 'not viable'}; {r.guarantee}")
            rows.append(Row(name if not rows else "", list(p), note, r.to_dict() if not rows else None))
    rows.append(Row("viable structures", None, f"{len(r.viable_structures)} of {len(game.table)}: " +
                    ", ".join(game.label(p) for p in sorted(r.viable_structures, key=lambda p: (len(p), p)))))
    return rows
