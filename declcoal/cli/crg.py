"""``declcoal crg info|success|check|block|core|top GAME``: coalitional resource games.

Thin: parse, call :mod:`declcoal.concepts.crg.core` / :mod:`declcoal.concepts.crg.success`,
render. An unstable σ or an empty core is an answer (exit 0); bad input exits 2.
"""
from __future__ import annotations

import argparse

from ..concepts.crg.core import (
    BLOCK_METHODS,
    CORE_METHODS,
    DEFAULT_ALGORITHM,
    DEFAULT_BLOCK_METHOD,
    DEFAULT_CORE_METHOD,
    core_report,
    find_blocker,
    top_cooperation_structure,
)
from ..concepts.crg.success import listed_successful, success_table
from ..errors import DeclcoalError, InputError
from ..limits import CORE_BITS, FIG1_GOAL_SETS, SOLVE_CRG_AGENTS, SOLVE_CRG_BITS, SUCCESS_TABLE_PAIRS, SUCCESS_TABLE_ROWS, SUCCESSFUL_LISTED
from ..io.crg import read_sigma, sigma_from_game_file
from ..model.coalition import members
from ..model.crg import CRG, null_structure, satisfied
from ..solvers.flow import ALGORITHMS, SCIPY
from ._args import count, add_json_flag, games_from_args
from ._negotiate import add_negotiate_parser
from ._render import print_json, print_table, say
from .solve import Row, section

EPILOG = """\
examples:
  declcoal crg info examples/crg/example2.lp
  declcoal crg success examples/crg/example1.lp          Table 1: feas(C), sf(C)
  declcoal crg check examples/crg/example3.lp --sigma examples/crg/example3_sigma.lp
  declcoal crg block examples/crg/example3.lp --sigma examples/crg/example3_sigma.lp --network
  declcoal crg core examples/crg/example2.lp             empty core, with the refuted candidates
  declcoal crg top examples/crg/example4.lp              top-cooperation structure (§5.6)
  declcoal crg negotiate examples/crg/example6.lp --all-orders --check-properties   bargaining (§5)

Game files: ASP facts (.lp: agent/1 goal/1 resource/1 wants/2 en/3 req/3) or TOML/JSON
with kind = "crg". σ files: sigma_member/2, sigma_goal/2, sigma_xi/3 facts or [[sigma]] tables.
Exit codes: 0 answer (an unstable σ or an empty core is an answer), 2 bad input, 1 solver limit.
"""


def _game(args: argparse.Namespace) -> CRG:
    games = games_from_args(args, CRG)
    if len(games) != 1:  # pragma: no cover - CRG files hold one game
        raise InputError("expected one game")
    return games[0]


def _sigma(args: argparse.Namespace, game: CRG):
    if args.sigma:
        return read_sigma(game, args.sigma), args.sigma
    inside = sigma_from_game_file(game, args.game)
    if inside is not None:
        return inside, f"{args.game} (σ facts in the game file)"
    return null_structure(game), "σ0 (no --sigma given: the grand coalition does nothing)"


def _sigma_lines(game: CRG, sigma) -> list[str]:
    return ["  " + lam.describe(game) for lam in sigma]


# ---------------------------------------------------------------- info
def _info(args: argparse.Namespace) -> int:
    g = _game(args)
    succ, more = listed_successful(g, getattr(args, "max_listed", None))
    if args.json:
        print_json({**g.to_doc(), "V": g.V(),
                    "successful": [[g.agents[i] for i in members(c)] for c in succ],
                    "successful_more": more})
        return 0
    say(f"{g.name}: coalitional resource game with {g.n} agents, {g.m} goals, {g.t} resources")
    for k in ("description", "source"):
        if k in g.meta:
            say(f"  {k}: {g.meta[k]}")
    rows = [[a, g.goal_set(g.wants[i]), *[g.en[i][r] for r in range(g.t)]] for i, a in enumerate(g.agents)]
    print_table("agents: goal sets G_i and endowments en(i, r)", ["agent", "G_i", *g.resources], rows)
    rows = [[x, *[g.req[j][r] for r in range(g.t)]] for j, x in enumerate(g.goals)]
    print_table("requirements req(g, r)", ["goal", *g.resources], rows)
    say(f"V = {g.V()} (the utility constant of §3.3)")
    say("successful coalitions: " + (", ".join(g.agent_set(c) for c in succ) if succ else "none")
        + (f", ... (more than {len(succ)}; --max-listed raises the limit)" if more else ""))
    return 0


# ---------------------------------------------------------------- success
def _success(args: argparse.Namespace) -> int:
    g = _game(args)
    tab = success_table(g, args.method, max_pairs=args.max_pairs, max_rows=args.max_rows)
    if args.json:
        print_json(tab.to_dict())
        return 0

    def sets(ms):
        return "{" + ", ".join(g.goal_set(x) for x in ms) + "}" if ms else "∅"

    rows = [[f"C{r.coalition} = {g.agent_set(r.coalition)}", *r.endowment, sets(r.feasible), sets(r.sf)] for r in tab.rows]
    print_table(f"{g.name}: feasible and satisfying goal sets (Table 1 layout; C_k = agents of the set bits of k, "
                f"{g.agents[0]} = bit 0)", ["coalition", *[f"en(C,{r})" for r in g.resources], "feas(C)", "sf(C)"], rows,
                caption=f"{tab.method}; {tab.guarantee}; {tab.seconds:.3g} s")
    say("successful coalitions: " + (", ".join(g.agent_set(c) for c in tab.successful) or "none"))
    return 0


# ---------------------------------------------------------------- check / block
def _check(args: argparse.Namespace) -> int:
    g = _game(args)
    sigma, where = _sigma(args, g)
    res = find_blocker(g, sigma, args.method, algorithm=args.algorithm, keep_networks=getattr(args, "network", False),
                       max_goal_sets=args.max_goal_sets)
    if args.json:
        print_json(res.to_dict())
        return 0
    say(f"σ from {where}:")
    for line in _sigma_lines(g, sigma):
        say(line)
    if res.stable:
        say("σ is in the core: no cooperation structure blocks it.")
    else:
        say(res.text())
        say(f"so σ is NOT in the core ({res.step}).")
    say(f"[{res.method}: {res.solver}; {res.guarantee}; {res.seconds:.3g} s]")
    return 0


def _block(args: argparse.Namespace) -> int:
    args.network = args.network or args.method in ("flow", "auto")
    g = _game(args)
    sigma, where = _sigma(args, g)
    res = find_blocker(g, sigma, args.method, algorithm=args.algorithm, keep_networks=True,
                       max_goal_sets=args.max_goal_sets)
    if args.json:
        print_json(res.to_dict())
        return 0
    if res.stable:
        say(f"no cooperation structure blocks σ ({where}): σ is stable.")
        return 0
    lam = res.blocker
    say(res.text())
    rows = []
    for i in members(lam.coalition):
        old = [x for x in sigma if x.coalition >> i & 1][0]
        rows.append([g.agents[i], *lam.xi[i], lam.cost(i), old.cost(i),
                     "yes" if satisfied(g, i, lam) else "no", "yes" if satisfied(g, i, old) else "no"])
    print_table(f"ξ of the blocking structure ({res.step})", ["agent", *g.resources, "c_i(λ)", "c_i(σ)", "satisfied in λ", "in σ"], rows)
    if args.network and res.networks:
        net = res.networks[-1]
        print_table(f"flow network G_f for G' = {g.goal_set(net.goals)} (App. B, Fig. 3/4): max flow {net.value} "
                    f"of req(G') = {net.required}", ["edge", "capacity", "flow"],
                    [[f"{u} → {v}", c, f] for u, v, c, f in net.edges])
    return 0


# ---------------------------------------------------------------- core
def _core(args: argparse.Namespace) -> int:
    g = _game(args)
    if args.checker and args.method != "cegar":
        raise InputError(f"--checker applies to --method cegar only (--method {args.method} checks blocking itself)")
    rep = core_report(g, args.method, checker=args.checker, max_bits=args.max_bits)
    core = rep.core
    if args.json:
        print_json(rep.to_dict())
        return 0
    if core.candidates and not args.quiet:
        say(f"refuted candidates (grand-coalition structures, Prop. 3), {len(core.candidates)} in all:")
        for k, (s, b) in enumerate(core.candidates, start=1):
            say(f" {k}. σ = {{{s[0].describe(g)}}}")
            say(f"    blocked by {b.describe(g)}")
    say(core.text() + ("." if core.nonempty or core.candidates else
                       " (--method cegar lists the candidates refuted on the way)."))
    say(f"the core is {'weak: it contains σ0' if rep.is_weak else 'not weak: σ0 is blocked'}"
        + ("" if rep.is_weak else f" (e.g. by {rep.weak.blocker.describe(g)})") + ".")
    say(f"strongly non-empty: {'yes' if rep.strongly_nonempty else 'no'}.")
    say(f"[{core.method} with checker {core.checker}; {core.iterations} iteration(s); {core.guarantee}; {core.seconds:.3g} s]")
    return 0


# ---------------------------------------------------------------- top
def _top(args: argparse.Namespace) -> int:
    g = _game(args)
    res = top_cooperation_structure(g, args.method)
    if args.json:
        print_json(res.to_dict())
        return 0
    say(res.text())
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "crg", help="coalitional resource games: goal sets, blocking, stability, the core",
        description="Coalitional resource games (Dunne, Kraus, Manisterski & Wooldridge 2010): agents with goal sets, "
        "resource endowments and goal requirements; cooperation structures <C, G', xi>, blocking, the core.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    csub = p.add_subparsers(dest="crg_command", metavar="SUBCOMMAND")

    def game_arg(q: argparse.ArgumentParser) -> None:
        q.add_argument("game", metavar="GAME", help="CRG file: .lp facts, or .toml/.json with kind = \"crg\"")
        q.set_defaults(game_name=None)
        add_json_flag(q)

    q = csub.add_parser("info", help="agents, goals, endowments, requirements, successful coalitions")
    game_arg(q)
    q.add_argument("--max-listed", type=count, default=SUCCESSFUL_LISTED, metavar="N",
                   help=f"limit: list at most N successful coalitions (default {SUCCESSFUL_LISTED}), "
                   "then say there are more")
    q.set_defaults(func=_info)

    q = csub.add_parser("success", help="en(C, r), feasible goal sets and sf(C) for every coalition (Table 1)")
    game_arg(q)
    q.add_argument("--method", choices=["python", "asp"], default="python", help="enumeration or feasible.lp/sf.lp")
    q.add_argument("--max-pairs", type=count, default=SUCCESS_TABLE_PAIRS, metavar="N",
                   help=f"limit: refuse games whose table tests more than N coalition × goal-set pairs, "
                   f"2^n * (2^m - 1) (default {SUCCESS_TABLE_PAIRS:,}); 'crg info' lists the successful "
                   "coalitions without the table")
    q.add_argument("--max-rows", type=count, default=SUCCESS_TABLE_ROWS, metavar="N",
                   help=f"limit: refuse games whose table has more than N rows, one per coalition, 2^n "
                   f"(default {SUCCESS_TABLE_ROWS:,}: 12 agents)")
    q.set_defaults(func=_success)

    for name, fn, text in (("check", _check, "is σ in the core? (names a blocking structure if not)"),
                           ("block", _block, "the cooperation structure that blocks σ, with ξ and the flow network")):
        q = csub.add_parser(name, help=text)
        game_arg(q)
        q.add_argument("--sigma", metavar="FILE", help="coalition structure σ (.lp facts or .toml/.json [[sigma]]); "
                       "default: σ facts inside GAME, else σ0")
        q.add_argument("--method", choices=BLOCK_METHODS, default=DEFAULT_BLOCK_METHOD,
                       help="auto (default, the fastest exact method measured: Fig. 1 for 64 max-flows or max(128, n*t) "
                       "goal sets, then block.lp); flow: the paper's Fig. 1 + max-flow over all 2^m - 1 goal sets; "
                       "asp: block.lp; csp: brute force (tiny games; limit: 8 agents, 2,000,000 (xi, G') pairs)")
        q.add_argument("--algorithm", choices=sorted([*ALGORITHMS, *SCIPY]), default=DEFAULT_ALGORITHM,
                       help="max-flow algorithm (default scipy_dinic, compiled; networkx's preflow_push is used "
                       "where numbers exceed int32)")
        q.add_argument("--max-goal-sets", type=int, default=FIG1_GOAL_SETS, metavar="N",
                       help=f"limit: --method flow refuses games with more than N goal sets 2^m - 1 "
                       f"(default {FIG1_GOAL_SETS:,}; auto and asp have no such limit)")
        q.add_argument("--network", action="store_true", help="also show the flow network (Fig. 3)")
        q.set_defaults(func=fn)

    q = csub.add_parser("core", help="is the core non-empty? weak? strongly non-empty?")
    game_arg(q)
    q.add_argument("--method", choices=CORE_METHODS, default=DEFAULT_CORE_METHOD,
                   help="saturation: core_nonempty.lp, one disjunctive program (default, the fastest measured); "
                   "cegar: counter-example loop; brute: brute force (limit: 8 agents, 2,000,000 (xi, G') pairs)")
    q.add_argument("--checker", choices=["flow", "asp"], default=None,
                   help="blocking check inside the cegar loop (default asp; only with --method cegar)")
    q.add_argument("--max-bits", type=int, default=CORE_BITS, metavar="N",
                   help=f"limit: refuse games whose blockers are guessed with more than N binary digits "
                   f"(n + m + sum of bitlen(en(i,r)); default {CORE_BITS:,}): the search space is 2^N")
    q.add_argument("-q", "--quiet", action="store_true", help="do not list the refuted candidates")
    q.set_defaults(func=_core)

    q = csub.add_parser("top", help="the top-cooperation structure (§5.6), if there is one",
                        description="The top-cooperation structure (Definition 5), if there is one. No size limit "
                        "with asp: one best.lp optimisation per agent; above 12 agents the necessary conditions "
                        "of docs/crg.md answer most games at once, else it stops at the first agent that rules a "
                        "top structure out (Prop. 21 (1)). brute: limit 8 agents and 2,000,000 (xi, G') pairs.")
    game_arg(q)
    q.add_argument("--method", choices=["asp", "brute"], default="asp",
                   help="asp: best.lp per agent (default); brute: every structure (limit: 8 agents, 2,000,000 pairs)")
    q.set_defaults(func=_top)

    add_negotiate_parser(csub, game_arg)  # `crg negotiate` (§5), in cli/_negotiate.py



# ---------------------------------------------------------------- solve section
def _is_crg(g) -> bool:
    return isinstance(g, CRG)


@section("CRG", order=60, applies=_is_crg)
def _solve_rows(g: CRG) -> list[Row]:
    rows = []
    succ, more = listed_successful(g)
    rows.append(Row("successful coalitions", None, (", ".join(g.agent_set(c) for c in succ) or "none")
                    + (f", ... (more than {len(succ)})" if more else ""), succ))
    from ..concepts.crg.core import xi_bits

    if g.n > SOLVE_CRG_AGENTS or xi_bits(g) > SOLVE_CRG_BITS:
        why = (f"not computed: {g.n} agents, {xi_bits(g)} guessed digits (the solve table's limits: "
               f"{SOLVE_CRG_AGENTS} agents, {SOLVE_CRG_BITS} digits; run 'declcoal crg core GAME')")
        rows.append(Row("core", None, why))
        from ..concepts.crg.core import top_candidate_goals

        if g.n >= 2 and not top_candidate_goals(g):  # the necessary conditions answer at once (docs/crg.md)
            from ..concepts.crg.core import NO_TOP_GOAL, TopResult

            top = TopResult(g, None, {}, "necessary conditions", 0.0, reason=NO_TOP_GOAL)
            rows.append(Row("top-cooperation structure", None, "none (" + NO_TOP_GOAL.replace(" (docs/crg.md)", "")
                            + ")", top.to_dict()))
        else:
            rows.append(Row("top-cooperation structure", None, why.replace("crg core", "crg top")))
        return rows
    try:
        rep = core_report(g)
    except DeclcoalError as exc:
        rows.append(Row("core", None, f"not computed: {exc.message}"))
        rep = None
    if rep is not None and rep.core.nonempty:
        lam = rep.core.witness[0]
        cells = [f"{'sat' if satisfied(g, i, lam) else 'unsat'}, pays {lam.cost(i)}" for i in range(g.n)]
        rows.append(Row("core (stable σ*)", cells, f"goals {g.goal_set(lam.goals)}; {xi_short(g, lam)}", rep.to_dict()))
    elif rep is not None:
        rows.append(Row("core", None, f"empty ({len(rep.core.candidates)} candidates refuted)", rep.to_dict()))
    if rep is not None:
        rows.append(Row("weak core (σ0 stable)", None, "yes" if rep.is_weak else "no"))
        rows.append(Row("strongly non-empty core", None, "yes" if rep.strongly_nonempty else "no"))
    top = top_cooperation_structure(g)
    rows.append(Row("top-cooperation structure", None, top.top.describe(g) if top.top else "none", top.to_dict()))
    return rows


def xi_short(g: CRG, lam) -> str:
    from ..model.crg import xi_text

    return xi_text(g, lam)
