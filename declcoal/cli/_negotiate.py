"""``declcoal crg negotiate GAME``: the bargaining protocol of Dunne et al. (2010), §5.

Thin: parse, call :mod:`declcoal.concepts.crg.negotiation`, render. Hooked into the
``crg`` command group by :mod:`declcoal.cli.crg` (this module has no ``register`` of
its own, so it is not a top-level command).
"""
from __future__ import annotations

import argparse
from math import factorial

from .. import progress
from ..concepts.crg.negotiation import (
    MAX_ORDERS,
    Negotiator,
    check_outcome,
    describe_outcome,
    dummy_agents,
    expected_utilities,
    interchangeable,
    order_text,
    orders_to_run,
    parse_order,
)
from ..concepts.crg.proposal_lp import LP_METHODS, singleton_utility
from ..errors import DeclcoalError, InputError, UnsupportedError
from ..limits import NEGOTIATION_LPS
from ..model.crg import CRG, satisfied
from ._render import print_json, print_table, say, value_text
from .solve import Row, section

CHECK_NAMES = {"individually_rational": "IR (P15)", "pareto_optimal": "Pareto (P16)", "dummy": "dummy (P18)",
               "in_core": "in core", "top_implies_core": "top⇒core (P22)"}
#: Definition 4 is tested by enumeration only on games this small (contribution vectors × goal sets)
DEF4_LIMIT = 200_000


def add_negotiate_parser(csub, game_arg) -> None:
    q = csub.add_parser(
        "negotiate", help="the bargaining protocol of §5 (Algorithm 1, LP(i,t), Prop. 14) for one, all or sampled orders",
        description="Play Dunne et al.'s negotiation protocol (Algorithm 1) with the subgame-perfect strategies of "
        "Prop. 14: each agent's proposal solves LP(i,t), eqs. (1)-(7). Default order: the agents as listed.")
    game_arg(q)
    who = q.add_mutually_exclusive_group()
    who.add_argument("--order", metavar="A,B,...", help="the order of the agents, e.g. a3,a1,a2")
    who.add_argument("--all-orders", action="store_true", help=f"every order (n!; refused above --max-orders, "
                     f"default {MAX_ORDERS})")
    who.add_argument("--sample", type=int, metavar="N", help="N distinct random orders (seeded by --seed)")
    q.add_argument("--seed", type=int, default=0, help="seed for --sample (default 0)")
    q.add_argument("--max-orders", type=int, default=MAX_ORDERS, metavar="K",
                   help=f"most orders --all-orders may run (default {MAX_ORDERS} = 8!)")
    q.add_argument("--max-lps", type=int, default=NEGOTIATION_LPS, metavar="N",
                   help=f"limit: refuse games whose one order needs more than N LP(i,t) solutions, n(n+1)/2 "
                   f"(default {NEGOTIATION_LPS:,}: 31 agents)")
    q.add_argument("--trace", action="store_true", help="show every proposal, acceptance, rejection and the "
                   "u(j,t) of the backward induction")
    q.add_argument("--check-properties", action="store_true",
                   help="check Props. 15, 16, 18, core membership, 22 per order (and 19 over all orders)")
    q.add_argument("--method", choices=LP_METHODS, default="flow",
                   help="LP(i,t) solver: flow (goal sets + max-flow, default), z3, asp (proposal.lp)")
    q.add_argument("--max-goals", type=int, metavar="K", help="a VARIANT of LP(i,t), not the paper's: proposals "
                   "realise at most K goals (with K = 1, Example 6 behaves as the paper says)")
    q.add_argument("--core-method", choices=["asp", "flow", "auto", "csp"], default="asp",
                   help="blocking check for 'in core' (default asp: block.lp)")
    q.set_defaults(func=_negotiate)


# ---------------------------------------------------------------- helpers
def _checks(g: CRG, outcome, args, top_state):
    if not args.check_properties:
        return None
    if top_state[0] is None:
        from ..concepts.crg.core import top_cooperation_structure

        top_state[0] = (top_cooperation_structure(g).top,)
    return check_outcome(outcome, top=top_state[0][0], top_known=True, core_method=args.core_method)


def _check_cells(checks) -> list[str]:
    return ["yes" if checks[k]["ok"] else "NO" for k in CHECK_NAMES if k in checks]


def _outcome_table(g: CRG, o) -> None:
    V = o.V
    rows = []
    for i in range(g.n):
        lam = o.structure_of(i)
        gives = ", ".join(f"{g.resources[r]}={v}" for r, v in enumerate(lam.xi[i]) if v) or "nothing"
        rows.append([g.agents[i], g.agent_set(lam.coalition), "yes" if satisfied(g, i, lam) else "no", gives,
                     lam.cost(i), o.utilities[i], singleton_utility(g, i, V)])
    print_table(f"outcome for order {order_text(g, o.order)} (V = {V})",
                ["agent", "coalition", "satisfied", "contributes ξ_i", "c_i", "u_i", "u_i({i})"], rows)


def _values_table(g: CRG, o) -> None:
    rows = []
    for t, vals in enumerate(o.values, start=1):
        rows.append([f"t = {t}", *[vals.get(i, "") for i in o.order]])
    print_table("backward induction (§5.3): u(j, t), the value of LP(j, t) in the sub-game starting at round t",
                ["round", *[g.agents[i] for i in o.order]], rows)


def _say_checks(g: CRG, checks) -> None:
    for k, name in CHECK_NAMES.items():
        if k not in checks:
            continue
        c = checks[k]
        extra = ""
        if k == "in_core" and not c["ok"]:
            extra = f" — blocked by {c['text']}"
        if k == "pareto_optimal" and not c["ok"]:
            extra = f" — improved (nobody worse, someone better) by {c['text']}"
        if k == "dummy":
            extra = f" (dummies: {', '.join(c['dummies']) or 'none'})"
        if k == "top_implies_core":
            extra = " (a top-cooperation structure exists)" if c.get("applies") else " (no top-cooperation structure: vacuous)"
        say(f"  {name}: {'holds' if c['ok'] else 'FAILS'}{extra}")


# ---------------------------------------------------------------- the command
def _negotiate(args: argparse.Namespace) -> int:
    from .crg import _game

    g = _game(args)
    if args.max_orders < 1:
        raise InputError(f"--max-orders must be at least 1, got {args.max_orders}")
    neg = Negotiator(g, args.method, max_goals=args.max_goals, max_lps=args.max_lps)
    if args.max_goals is not None and not args.json:
        say(f"variant: proposals realise at most {args.max_goals} goal(s) — not the paper's LP(i,t) (eqs. (1)-(7))")
    if not args.all_orders and args.sample is None:
        order = parse_order(g, args.order) if args.order else tuple(range(g.n))
        return _one(g, neg, order, args)
    orders, total = orders_to_run(g, sample=args.sample, seed=args.seed, max_orders=args.max_orders)
    return _many(g, neg, orders, total, args)


def _one(g: CRG, neg: Negotiator, order, args) -> int:
    o = neg.play(order)
    checks = _checks(g, o, args, [None])
    if args.json:
        print_json({"game": g.name, "reference": "Dunne et al. 2010, §5", **o.to_dict()})
        return 0
    say(f"{g.name}: negotiation (Algorithm 1, subgame-perfect strategies of Prop. 14) for order {order_text(g, order)}")
    if args.trace:
        _values_table(g, o)
        for line in o.trace_lines():
            say(line)
    say(f"agreement: {describe_outcome(o)}")
    _outcome_table(g, o)
    if checks:
        say("properties:")
        _say_checks(g, checks)
    say(f"[LP(i,t) by {neg.method}; {neg.lp_solved} LP(i,t) solved; exact; {o.seconds:.3g} s]")
    return 0


def _many(g: CRG, neg: Negotiator, orders, total: int, args) -> int:
    done = []
    interrupted = False
    top_state = [None]
    try:
        with progress.task("orders", total) as bar:  # the CLI draws it on a terminal
            for order in orders:
                o = neg.play(order)
                _checks(g, o, args, top_state)
                done.append(o)
                bar.advance()
    except KeyboardInterrupt:
        interrupted = True
    complete = len(done) == factorial(g.n)
    eu = expected_utilities(done) if done else ()
    sym = _symmetry(g, eu, args) if (complete and args.check_properties) else None
    if args.json:
        print_json({
            "game": g.name, "reference": "Dunne et al. 2010, §5", "V": neg.V, "method": neg.method,
            "max_goals": neg.max_goals,
            "orders_requested": total, "orders_done": len(done), "interrupted": interrupted,
            "all_orders": complete, "lp_solved": neg.lp_solved,
            "expected_utilities": {g.agents[i]: str(x) for i, x in enumerate(eu)},
            **({"pseudo_symmetry": sym} if sym is not None else {}),
            "outcomes": [o.to_dict() for o in done],
        })
        return 130 if interrupted else 0
    for o in done if args.trace else ():
        say(f"order {order_text(g, o.order)}:")
        for line in o.trace_lines():
            say(line)
    cols = ["order", "goals", *g.agents]
    if args.check_properties:
        cols += [CHECK_NAMES[k] for k in CHECK_NAMES]
    rows = []
    for o in done:
        row = [order_text(g, o.order), " + ".join(g.goal_set(lam.goals) for lam in o.sigma), *o.utilities]
        if o.checks:
            row += _check_cells(o.checks)
        rows.append(row)
    what = "all orders" if complete else (f"{len(done)} sampled orders (seed {args.seed})" if args.sample else "orders")
    print_table(f"{g.name}: negotiation outcomes, u_i per agent, {what} (V = {neg.V})", cols, rows)
    if done:
        say(("EU_i over all n! orders (§5.4): " if complete else f"mean utility over these {len(done)} orders: ")
            + ", ".join(f"{g.agents[i]} = {value_text(x)}" for i, x in enumerate(eu)))
    if sym is not None:
        _say_symmetry(g, sym)
    if args.check_properties and done:
        bad = [o for o in done if not all(c["ok"] for c in o.checks.values())]
        say(f"properties hold in {len(done) - len(bad)} of {len(done)} orders"
            + (f"; fail in: {', '.join(order_text(g, o.order) for o in bad)}" if bad else "."))
    say(f"[LP(i,t) by {neg.method}; {neg.lp_solved} LP(i,t) solved, sub-games memoised by ordered suffix; exact]")
    if interrupted:
        say(f"interrupted: {len(done)} of {total} orders finished (shown above).")
        return 130
    return 0


def _symmetry(g: CRG, eu, args) -> dict:
    """Prop. 19 over all orders: Definition 4 tested for every pair (tiny games only)."""
    pairs, untested = [], None
    try:
        for i in range(g.n):
            for j in range(i + 1, g.n):
                if interchangeable(g, i, j, limit=DEF4_LIMIT):
                    pairs.append((i, j))
    except UnsupportedError as exc:
        untested = exc.message
    return {
        "interchangeable_pairs": [[g.agents[i], g.agents[j]] for i, j in pairs],
        "equal_expected_utility": {f"{g.agents[i]},{g.agents[j]}": eu[i] == eu[j] for i, j in pairs},
        "ok": all(eu[i] == eu[j] for i, j in pairs),
        "definition4_not_tested": untested,
    }


def _say_symmetry(g: CRG, sym: dict) -> None:
    if sym["definition4_not_tested"]:
        say(f"pseudo-symmetry (P19): not tested — {sym['definition4_not_tested']}")
        return
    pairs = sym["interchangeable_pairs"]
    if not pairs:
        say("pseudo-symmetry (P19): no interchangeable pair of agents (Definition 4): vacuous.")
        return
    verdicts = ", ".join(f"{k}: {'EU equal' if v else 'EU DIFFER'}" for k, v in sym["equal_expected_utility"].items())
    say(f"pseudo-symmetry (P19): interchangeable pairs (Definition 4) {verdicts}.")


# ---------------------------------------------------------------- solve section
def _small_crg(g) -> bool:
    return isinstance(g, CRG)


@section("CRG negotiation", order=61, applies=_small_crg)
def _solve_rows(g: CRG) -> list[Row]:
    """The negotiation outcome for the listed order, and EU_i over all orders when n ≤ 5."""
    rows = []
    from ..limits import SOLVE_CRG_AGENTS, SOLVE_NEGOTIATION_GOALS

    if g.n > SOLVE_CRG_AGENTS or g.m > SOLVE_NEGOTIATION_GOALS:  # n(n+1)/2 LPs over goal sets: keep `solve` quick
        return [Row("negotiation (§5)", None, f"not computed: {g.n} agents, {g.m} goals (the solve table's limits: "
                    f"{SOLVE_CRG_AGENTS} agents, {SOLVE_NEGOTIATION_GOALS} goals; run 'declcoal crg negotiate GAME')")]
    try:
        neg = Negotiator(g)
        o = neg.play(tuple(range(g.n)))
    except DeclcoalError as exc:  # pragma: no cover
        return [Row("negotiation (§5)", None, f"not available: {exc.message}")]
    rows.append(Row("negotiation u_i (§5)", list(o.utilities),
                    f"order as listed; goals {' + '.join(g.goal_set(lam.goals) for lam in o.sigma)}", o.to_dict()))
    if g.n <= 5:
        outs = [neg.play(p) for p in __import__("itertools").permutations(range(g.n))]
        eu = expected_utilities(outs)
        rows.append(Row("negotiation EU_i (§5.4)", [str(x) for x in eu], f"all {len(outs)} orders",
                        {g.agents[i]: str(x) for i, x in enumerate(eu)}))
    dm = dummy_agents(g)
    rows.append(Row("dummy agents", None, ", ".join(g.agents[i] for i in dm) or "none"))
    return rows


__all__ = ["add_negotiate_parser"]
