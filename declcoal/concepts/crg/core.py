"""Blocking, stability and the core of coalitional resource games (Dunne et al. 2010, §4, §5.6).

Pure functions of a :class:`~declcoal.model.crg.CRG` and coalition structures; results
are dataclasses with ``to_dict()``. Each question has several independent methods:

* **blocking / stability of σ** (§4, Prop. 8 co-NP-complete): ``flow`` — the paper's
  algorithm of Fig. 1 with the max-flow of Prop. 12 / Fig. 4 (polynomial in agents
  and resources for a fixed number of goals); ``asp`` — ``encodings/crg/block.lp``;
  ``csp`` — brute force with python-constraint (tiny games only).
* **core non-emptiness** (∃σ ∀λ, Prop. 9): ``cegar`` — a counter-example-guided loop
  driven through clingo's multi-shot API (guess a grand-coalition σ* with
  ``grand.lp``, check it with the flow algorithm or ``block.lp``, add the blocker as
  a cut, repeat); ``saturation`` — one disjunctive program,
  ``core_nonempty.lp``; ``brute`` — all grand-coalition structures × all blockers.
* **weak core** (contains σ0, Prop. 10), **strongly non-empty core** (Prop. 11),
  **top-cooperation structures** (§5.6, Definition 5, Prop. 21).

Preferences are always the relation ≻_i of §3.3 (:func:`declcoal.model.crg.prefers`),
not the utility u_i (the two differ, see :func:`declcoal.model.crg.utility_agrees`).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ...errors import InputError, SolverLimitError
from ...io.crg import crg_to_facts, sigma_to_doc, sigma_to_facts
from ...model.coalition import members
from ...model.crg import (
    asp_term, name_of,
    CRG,
    Coop,
    Sigma,
    blocks,
    check_sigma,
    coop_of,
    null_structure,
    rank,
    satisfied,
    why_blocks,
    zero_xi,
)
from ...limits import AUTO_GOAL_SETS, CORE_BITS, FIG1_GOAL_SETS, refuse
from ...results import EXACT, timed
from ...solvers.flow import FlowNetwork, preferred_contribution_vector, quick_infeasible

BLOCK_METHODS = ("flow", "asp", "csp", "auto")
#: defaults chosen by measurement (benchmarks/crg.py, docs/crg.md "Choosing the defaults"):
#: the fastest methods that are exact on every instance
DEFAULT_BLOCK_METHOD = "auto"
DEFAULT_ALGORITHM = "scipy_dinic"
DEFAULT_CORE_METHOD = "saturation"
DEFAULT_CHECKER = "asp"
#: ``auto``: max-flows Fig. 1 may try before block.lp settles the rest (a count, so
#: the choice is deterministic)
AUTO_FLOW_BUDGET = 64
CORE_METHODS = ("cegar", "saturation", "brute")
INT_LIMIT = 2**31 - 1


# ====================================================================== helpers
def check_asp_range(game: CRG) -> None:
    """clingo integers are 32-bit and clasp refuses an aggregate whose weights sum beyond
    2^31-1 (or, worse, a sum can wrap around).  The largest aggregates of the encodings
    are, per resource r, all bits of r plus all requirements of r (``en(Ag,r) +
    req(G,r)``: block.lp, grand.lp, feasible.lp, strong.lp) and, per agent, its cost in
    λ plus its slack in σ (``2·Σ_r en(i,r)``: block.lp, forall_noblock.lp).  Checking
    only the per-resource totals let a game with one rich agent through: block.lp then
    called a blocked σ stable (the cost sum wrapped) and grand.lp/best.lp crashed."""
    for r in range(game.t):
        if game.en_of(game.grand, r) + game.req_of(game.all_goals, r) > INT_LIMIT:
            raise SolverLimitError(
                f"en(Ag,{game.resources[r]}) + req(G,{game.resources[r]}) exceeds 2^31-1, clingo's integer range: "
                "the ASP methods cannot take this game (check/block --method flow can)"
            )
    for i in range(game.n):
        if 2 * game.endowment(i) > INT_LIMIT:
            raise SolverLimitError(
                f"twice the total endowment of {game.agents[i]} exceeds 2^31-1, clingo's integer range: "
                "the ASP methods cannot take this game (check/block --method flow can)"
            )


def goal_sets_in_order(m: int) -> Iterator[int]:
    """2^G in the order Fig. 1 visits it in our implementation: larger sets first, then
    lexicographically by goal index (Example 3 lists {g1,g2,g3}, then the pairs, then
    the singletons; ∅ satisfies nobody and is skipped). Generated lazily: nothing of
    size 2^m is ever held in memory (the first max-flow starts at once)."""
    for k in range(m, 0, -1):
        for combo in combinations(range(m), k):  # lexicographic, as the paper lists them
            mask = 0
            for j in combo:
                mask |= 1 << j
            yield mask


def max_cost(game: CRG, sigma: Sequence[Coop], i: int) -> int:
    """max c(i) (App. B): c_i(λ_{σ,i}) − 1 if i is satisfied in σ, else en(i)."""
    lam = coop_of(sigma, i)
    return lam.cost(i) - 1 if satisfied(game, i, lam) else game.endowment(i)


def candidate_agents(game: CRG, sigma: Sequence[Coop], goals: int) -> int:
    """C' of Fig. 1 line 2.1 / (B.1): i ∈ succ(G') and (i ∉ succ(λ_{σ,i}) or c_i(λ_{σ,i}) > 0)."""
    out = 0
    for i in members(game.succ(goals)):
        lam = coop_of(sigma, i)
        if not satisfied(game, i, lam) or lam.cost(i) > 0:
            out |= 1 << i
    return out


# ====================================================================== blocking
@dataclass
class BlockResult:
    """Whether σ is stable, and if not a cooperation structure λ that blocks it."""

    game: CRG
    sigma: Sigma
    blocker: Coop | None
    method: str
    solver: str
    seconds: float
    step: str = ""
    networks: list[FlowNetwork] = field(default_factory=list)
    guarantee: str = EXACT

    @property
    def stable(self) -> bool:
        return self.blocker is None

    def reasons(self) -> list[str]:
        return why_blocks(self.game, self.blocker, self.sigma) if self.blocker else []

    def text(self) -> str:
        if self.stable:
            return "σ is stable: no cooperation structure blocks it (σ is in the core)"
        return f"σ is blocked by {self.blocker.describe(self.game)}, because " + " and ".join(self.reasons())

    def to_dict(self) -> dict:
        d = {
            "concept": "blocking / core membership",
            "reference": "Dunne et al. 2010, §4 (Fig. 1, Prop. 12-13)",
            "game": self.game.name,
            "sigma": sigma_to_doc(self.game, self.sigma),
            "stable": self.stable,
            "blocker": self.blocker.to_dict(self.game) if self.blocker else None,
            "because": self.reasons(),
            "method": self.method, "solver": self.solver, "step": self.step,
            "guarantee": self.guarantee, "seconds": self.seconds,
        }
        if self.networks:
            d["flow_networks"] = [
                {"goals": [self.game.goals[j] for j in members(n.goals)],
                 "coalition": [self.game.agents[i] for i in members(n.coalition)],
                 "max_flow": n.value, "required": n.required,
                 "edges": [{"from": u, "to": v, "capacity": c, "flow": f} for u, v, c, f in n.edges]}
                for n in self.networks
            ]
        return d


def find_blocker(
    game: CRG, sigma: Sequence[Coop], method: str = DEFAULT_BLOCK_METHOD, *, algorithm: str = DEFAULT_ALGORITHM,
    keep_networks: bool = False, validate: bool = True, prune: bool = True, max_goal_sets: int = FIG1_GOAL_SETS,
) -> BlockResult:
    """A cooperation structure that blocks σ, or none (σ is stable / in the core).

    ``method``: ``flow`` (Fig. 1 + Prop. 12), ``asp`` (block.lp), ``csp`` (brute force),
    or ``auto``: Fig. 1 for its first :data:`AUTO_FLOW_BUDGET` max-flows (a blocked σ is
    usually found there, in milliseconds), then block.lp, which refutes all remaining goal
    sets at once (a stable σ forces Fig. 1 through every goal set; see docs/crg.md).
    ``keep_networks`` records the flow networks built (Fig. 3 shows one); ``prune=False``
    runs a max-flow for every candidate goal set (no cheap cut pre-check).

    The default (``auto`` with scipy's Dinic) was chosen by measurement:
    ``benchmarks/crg.py`` compares every method on blocked and stable σ (docs/crg.md).
    ``flow`` refuses games whose 2^m − 1 goal sets exceed ``max_goal_sets``
    (:data:`declcoal.limits.FIG1_GOAL_SETS`); ``auto`` and ``asp`` have no such limit."""
    sigma = tuple(sigma)
    if validate:
        check_sigma(game, sigma)
    if method not in BLOCK_METHODS:
        raise InputError(f"unknown method {method!r} (use {', '.join(BLOCK_METHODS)})")
    if method == "flow" and (1 << game.m) - 1 > max_goal_sets:
        raise refuse(f"Fig. 1 visits up to 2^{game.m} − 1 goal sets", (1 << game.m) - 1, max_goal_sets,
                     "--max-goal-sets", "--method auto or asp avoid the enumeration")
    with timed() as t:
        if method == "flow":
            lam, step, nets = _fig1(game, sigma, algorithm, keep_networks, prune)
            solver = f"scipy {algorithm[6:]}" if algorithm.startswith("scipy_") else f"networkx {algorithm}"
        elif method == "asp":
            lam, step, nets, solver = _asp_blocker(game, sigma), "block.lp", [], "clingo"
        elif method == "auto":
            lam, step, nets, solver = _auto_blocker(game, sigma, algorithm, keep_networks, prune)
        else:
            from ...solvers.csp import csp_blocker

            lam, step, nets, solver = csp_blocker(game, sigma), "brute force", [], "python-constraint"
    if lam is not None and not blocks(game, lam, sigma):  # every answer is verified
        raise RuntimeError(f"internal error: {method} returned a non-blocking structure {lam}")
    return BlockResult(game, sigma, lam, method, solver, t.seconds, step, nets)


def _auto_blocker(game: CRG, sigma: Sigma, algorithm: str, keep: bool, prune: bool):
    """Fig. 1 within a budget of max-flows, then block.lp (or Fig. 1 to the end when the
    game is outside clingo's integer range)."""
    solver = f"scipy {algorithm[6:]}" if algorithm.startswith("scipy_") else f"networkx {algorithm}"
    visits = auto_goal_sets(game)
    flows = AUTO_FLOW_BUDGET * max(1, 400 // (game.n * game.t))  # small networks cost microseconds
    lam, step, nets = _fig1(game, sigma, algorithm, keep, prune, budget=flows, visits=visits)
    if step != _OVER_BUDGET:
        return lam, step, nets, solver
    try:
        check_asp_range(game)
    except SolverLimitError:
        lam, step, nets = _fig1(game, sigma, algorithm, keep, prune)
        return lam, step, nets, solver
    lam = _asp_blocker(game, sigma)
    return lam, f"Fig. 1 for {flows} max-flows or {visits} goal sets, then block.lp", nets, \
        f"{solver} + clingo"


def auto_goal_sets(game: CRG) -> int:
    """Goal sets ``auto`` lets Fig. 1 visit before block.lp: n·t, at least AUTO_GOAL_SETS
    (128 visits cost less than block.lp's start-up). Measured (benchmarks/crg.py,
    section 3): a visit costs microseconds to a fraction of a millisecond, block.lp a
    start-up plus ~n·t to ground, so Fig. 1 gets about as much time as block.lp would
    need before block.lp takes over."""
    visits = max(AUTO_GOAL_SETS, game.n * game.t)
    return (1 << game.m) if (1 << game.m) - 1 <= 2 * visits else visits  # few goal sets: all of them


_OVER_BUDGET = "over budget"


def _fig1(game: CRG, sigma: Sigma, algorithm: str, keep: bool, prune: bool = True,
          budget: int | None = None, visits: int | None = None) -> tuple[Coop | None, str, list[FlowNetwork]]:
    """The algorithm of Fig. 1 (with ``budget``: stop after that many max-flows without
    an answer, or with ``visits`` after that many goal sets, reporting the step
    ``_OVER_BUDGET``)."""
    # line 1: an unsatisfied agent that pays something is blocked by ⟨{i}, ∅, ξ0⟩ (Prop. 5)
    for i in range(game.n):
        lam = coop_of(sigma, i)
        if not satisfied(game, i, lam) and lam.cost(i) > 0:
            return Coop(1 << i, 0, zero_xi(game)), f"Fig. 1 line 1 ({game.agents[i]} unsatisfied but pays)", []
    # once per σ: who may join a blocking coalition (B.1) and the most each may pay (App. B)
    eligible, caps_all = 0, {}
    for lam in sigma:
        for i in members(lam.coalition):
            sat, cost = satisfied(game, i, lam), lam.cost(i)
            if not sat or cost > 0:
                eligible |= 1 << i
            caps_all[i] = cost - 1 if sat else game.endowment(i)
    wanters = [sum(1 << i for i in range(game.n) if game.wants[i] >> j & 1) for j in range(game.m)]
    nets: list[FlowNetwork] = []
    # line 2: every goal set G', its candidate coalition C' and a preferred ξ (streamed in
    # Fig. 1's order; reported to declcoal.progress in steps of 1,024 visits)
    from ... import progress

    total = (1 << game.m) - 1 if visits is None else min(visits, (1 << game.m) - 1)
    with progress.task("goal sets (Fig. 1)", total) as task:
        return _fig1_visit(game, algorithm, keep, prune, budget, visits, eligible, caps_all, wanters, nets, task)


def _fig1_visit(game, algorithm, keep, prune, budget, visits, eligible, caps_all, wanters, nets, task):
    """Fig. 1 line 2 over the goal sets, largest first (see :func:`_fig1`)."""
    for count, goals in enumerate(goal_sets_in_order(game.m)):
        if visits is not None and count >= visits:
            return None, _OVER_BUDGET, nets
        if count & 1023 == 1023:
            task.advance(1024)
        succ = 0
        for j in members(goals):
            succ |= wanters[j]
        cand = succ & eligible  # C' of line 2.1 (candidate_agents)
        if not cand:
            continue
        caps = {i: caps_all[i] for i in members(cand)}  # max c(i) (max_cost)
        if prune and quick_infeasible(game, goals, caps):
            continue
        if budget is not None:
            if budget == 0:
                return None, _OVER_BUDGET, nets
            budget -= 1
        lam, net = preferred_contribution_vector(game, goals, caps, algorithm=algorithm)
        if keep:
            nets.append(net)
        if lam is not None:
            return lam, f"Fig. 1 line 2 with G' = {game.goal_set(goals)}", nets
    return None, "Fig. 1 line 3", nets


def _coop_from_symbols(game: CRG, syms, *, member="in", goal="achieve", xi="pays") -> Coop:
    """λ from an answer set: ``xi`` atoms are binary digits ``pays(A,R,W)``, summed."""
    ai = {a: i for i, a in enumerate(game.agents)}
    gi = {g: j for j, g in enumerate(game.goals)}
    ri = {r: k for k, r in enumerate(game.resources)}
    C = G = 0
    rows = [[0] * game.t for _ in range(game.n)]
    for s in syms:
        if s.name == member:
            C |= 1 << ai[name_of(s.arguments[0])]
        elif s.name == goal:
            G |= 1 << gi[name_of(s.arguments[0])]
        elif s.name == xi:
            a, r, v = s.arguments
            rows[ai[name_of(a)]][ri[name_of(r)]] += v.number
    if member is None:
        C = game.grand
    return Coop(C, G, tuple(map(tuple, rows)))


def _asp_blocker(game: CRG, sigma: Sigma) -> Coop | None:
    from ...solvers.clingo_adapter import solve

    check_asp_range(game)
    ans = solve(["crg/block.lp"], crg_to_facts(game) + sigma_to_facts(game, sigma))
    return _coop_from_symbols(game, ans.models[0]) if ans.models else None


def is_stable(game: CRG, sigma: Sequence[Coop], method: str = DEFAULT_BLOCK_METHOD) -> bool:
    """σ is in the core: no cooperation structure blocks it (§4)."""
    return find_blocker(game, sigma, method).stable


# ====================================================================== core non-emptiness
@dataclass
class CoreResult:
    """Is the core non-empty?  With a stable σ* if so, and the candidates refuted on the way."""

    game: CRG
    nonempty: bool
    witness: Sigma | None
    candidates: list[tuple[Sigma, Coop]]
    method: str
    checker: str
    seconds: float
    iterations: int
    guarantee: str = EXACT

    def text(self) -> str:
        if self.nonempty:
            return "the core is non-empty; it contains σ* = {" + self.witness[0].describe(self.game) + "}"
        return "the core is empty: no coalition structure is stable"

    def to_dict(self) -> dict:
        g = self.game
        return {
            "concept": "core non-emptiness",
            "reference": "Dunne et al. 2010, §4.1 (Prop. 3, Prop. 9)",
            "game": g.name,
            "nonempty": self.nonempty,
            "witness": sigma_to_doc(g, self.witness) if self.witness else None,
            "refuted_candidates": [
                {"sigma": sigma_to_doc(g, s), "blocked_by": b.to_dict(g), "because": why_blocks(g, b, s)}
                for s, b in self.candidates
            ],
            "method": self.method, "checker": self.checker, "iterations": self.iterations,
            "guarantee": self.guarantee, "seconds": self.seconds,
        }


def core_nonempty(game: CRG, method: str = DEFAULT_CORE_METHOD, *, checker: str | None = None, prop5: bool = True,
                  strong_cuts: bool = False, max_iterations: int = 100_000, max_bits: int = CORE_BITS) -> CoreResult:
    """Whether the core is non-empty (∃σ ∀λ: λ does not block σ; Dunne et al. 2010, §4), with a witness.

    All methods search grand-coalition structures σ* = {⟨Ag, G*, ξ*⟩} only, which is
    complete by Prop. 3 (tests check Prop. 3 against all coalition structures)."""
    if method not in CORE_METHODS:
        raise InputError(f"unknown method {method!r} (use {', '.join(CORE_METHODS)})")
    checker = checker or DEFAULT_CHECKER
    if method in ("cegar", "saturation") and xi_bits(game) > max_bits:
        raise refuse("the core search guesses n + m + Σ bitlen(en(i,r)) binary digits", xi_bits(game), max_bits,
                     "--max-bits", "core non-emptiness is Σ2-complete (Prop. 9): no method avoids the search")
    with timed() as t:
        if method == "cegar":
            witness, cands, iters = _cegar(game, checker, prop5, strong_cuts, max_iterations)
        elif method == "saturation":
            witness, cands, iters, checker = _saturation(game, "crg/core_nonempty.lp"), [], 1, "saturation"
        else:
            witness, cands, iters, checker = _brute_core(game), [], 0, "csp"
    return CoreResult(game, witness is not None, witness, cands, method, checker, t.seconds, iters)


def xi_bits(game: CRG) -> int:
    """n + m + Σ_i Σ_r bitlen(en(i, r)): the binary digits a blocker is guessed by in the
    encodings (in/out per agent, achieve/skip per goal, ``bit/4`` of common.lp per digit
    of ξ); the core search space is 2^(this)."""
    return game.n + game.m + sum(e.bit_length() for row in game.en for e in row)


def _star(game: CRG, syms) -> Sigma:
    lam = _coop_from_symbols(game, syms, member=None, goal="star_goal", xi="star_pays")
    return (lam,)


def _cegar(game: CRG, checker: str, prop5: bool, strong_cuts: bool, max_iterations: int):
    from clingo import Number

    from ...solvers.clingo_adapter import Session

    check_asp_range(game)
    if checker not in ("flow", "asp"):
        raise InputError(f"unknown checker {checker!r} (flow or asp)")
    sess = Session(["crg/grand.lp"], crg_to_facts(game), ["-c", f"prop5={1 if prop5 else 0}"])
    cands: list[tuple[Sigma, Coop]] = []
    from ... import progress

    with progress.task("candidates refuted (CEGAR)") as task:
        return _cegar_loop(game, sess, checker, strong_cuts, max_iterations, cands, task)


def _cegar_loop(game: CRG, sess, checker: str, strong_cuts: bool, max_iterations: int, cands, task):
    from clingo import Number

    for k in range(1, max_iterations + 1):
        if k > 1:
            task.advance()
        model = sess.first_model()
        if model is None:
            return None, cands, k
        sigma = _star(game, model)
        res = find_blocker(game, sigma, checker, validate=False)
        if res.stable:
            return sigma, cands, k
        lam = strengthen(game, sigma, res.blocker) if strong_cuts else res.blocker
        cands.append((sigma, lam))
        cut = " ".join(
            f"cut({k},{asp_term(game.agents[i])},{1 if satisfied(game, i, lam) else 0},{lam.cost(i)})."
            for i in members(lam.coalition)
        )
        sess.add_and_ground("blocker", [Number(k)], cut)
    from ...errors import SolverLimitError

    raise SolverLimitError(f"no answer after {max_iterations} counter-example iterations")


def strengthen(game: CRG, sigma: Sigma, lam: Coop) -> Coop:
    """A blocker of σ that refutes as many other candidates as possible (for CEGAR cuts).

    A cut "σ** is blocked by λ" fires when *every* member of λ strictly prefers λ, so
    fewer members and lower costs make stronger cuts. Keeping G' fixed, we lower each
    member's cap (in agent order) to the least value for which the flow network of
    Prop. 12 still carries req(G'), then drop members that pay nothing (they stay
    satisfied members' business: the others' preferences do not change)."""
    goals = lam.goals
    if not goals:
        return lam
    caps = {i: lam.cost(i) for i in members(lam.coalition)}
    best = lam
    for i in list(caps):
        lo, hi = 0, caps[i]
        while lo < hi:
            mid = (lo + hi) // 2
            trial, _ = preferred_contribution_vector(game, goals, {**caps, i: mid})
            if trial is None:
                lo = mid + 1
            else:
                hi = mid
        caps[i] = lo
    trial, _ = preferred_contribution_vector(game, goals, caps)
    if trial is not None:
        best = trial
    keep = sum(1 << i for i in members(best.coalition) if best.cost(i) > 0)
    if keep and keep != best.coalition:
        cand = Coop(keep, goals, best.xi)
        if blocks(game, cand, sigma):
            best = cand
    return best if blocks(game, best, sigma) else lam


def _saturation(game: CRG, encoding: str) -> Sigma | None:
    from ...solvers.clingo_adapter import solve

    check_asp_range(game)
    ans = solve([encoding], crg_to_facts(game))
    return _star(game, ans.models[0]) if ans.models else None


def _brute_core(game: CRG) -> Sigma | None:
    from ...solvers.csp import brute_blocker, grand_structures, profiles

    table = profiles(game)
    for lam in grand_structures(game):
        if brute_blocker(game, (lam,), table) is None:
            return (lam,)
    return None


def brute_core(game: CRG, *, all_structures: bool = False) -> list[Sigma]:
    """Every stable coalition structure (all of them with ``all_structures``, else the
    grand-coalition ones). Brute force, tiny games only."""
    from ...solvers.csp import brute_blocker, coalition_structures, grand_structures, profiles

    table = profiles(game)
    cands = coalition_structures(game) if all_structures else ((lam,) for lam in grand_structures(game))
    return [s for s in cands if brute_blocker(game, s, table) is None]


# ====================================================================== weak / strong
@dataclass
class CoreReport:
    """Non-empty, weak (contains σ0) and strongly non-empty (non-empty without σ0)."""

    core: CoreResult
    weak: BlockResult

    @property
    def is_weak(self) -> bool:
        return self.weak.stable

    @property
    def strongly_nonempty(self) -> bool:
        return self.core.nonempty and not self.is_weak

    def to_dict(self) -> dict:
        return {
            **self.core.to_dict(),
            "weak": self.is_weak,
            "sigma0_blocked_by": self.weak.blocker.to_dict(self.core.game) if self.weak.blocker else None,
            "strongly_nonempty": self.strongly_nonempty,
        }


def weak_core(game: CRG, method: str = DEFAULT_BLOCK_METHOD) -> BlockResult:
    """The core is weak iff σ0 is stable (§4.1, Prop. 10); the result names a blocker of σ0
    otherwise."""
    return find_blocker(game, null_structure(game), method)


def core_report(game: CRG, method: str = DEFAULT_CORE_METHOD, *, checker: str | None = None,
                max_bits: int = CORE_BITS) -> CoreReport:
    """Core non-emptiness, weakness and strong non-emptiness in one report (Dunne et al. 2010, §4)."""
    core = core_nonempty(game, method, checker=checker, max_bits=max_bits)
    weak_method = {"cegar": core.checker, "saturation": DEFAULT_BLOCK_METHOD, "brute": "csp"}[method]
    return CoreReport(core, weak_core(game, weak_method))


def strongly_nonempty(game: CRG, method: str = DEFAULT_CORE_METHOD) -> bool:
    """Non-empty and σ0 ∉ core (§4.1). ``saturation`` runs strong.lp in one call."""
    if method == "saturation":
        return _saturation(game, "crg/strong.lp") is not None
    return core_report(game, method).strongly_nonempty


# ====================================================================== top structures (§5.6)
@dataclass
class TopResult:
    game: CRG
    top: Coop | None
    best: dict[int, list[Coop]]
    method: str
    seconds: float
    guarantee: str = EXACT
    #: why there is none, when the agents were not all examined (many agents)
    reason: str = ""

    def text(self) -> str:
        g = self.game
        if self.top is not None:
            return f"top-cooperation structure: {self.top.describe(g)}"
        if self.reason:
            return f"no top-cooperation structure: {self.reason}"
        parts = []
        for i, bs in self.best.items():
            if len(bs) > 1:
                parts.append(f"{g.agents[i]} has several best structures")
            else:
                parts.append(f"{g.agents[i]}'s unique best is {bs[0].describe(g)}")
        return "no top-cooperation structure: " + "; ".join(parts)

    def to_dict(self) -> dict:
        g = self.game
        return {
            "concept": "top-cooperation structure",
            "reference": "Dunne et al. 2010, §5.6, Definition 5, Prop. 21",
            "game": g.name,
            "exists": self.top is not None,
            "top": self.top.to_dict(g) if self.top else None,
            "best_per_agent": {g.agents[i]: [b.to_dict(g) for b in bs] for i, bs in self.best.items()},
            **({"reason": self.reason} if self.reason else {}),
            "method": self.method, "guarantee": self.guarantee, "seconds": self.seconds,
        }


def best_structures(game: CRG, i: int, method: str = "asp", limit: int = 2) -> list[Coop]:
    """Up to ``limit`` of the ≻_i-best cooperation structures containing agent i."""
    if method == "asp":
        from ...solvers.clingo_adapter import solve

        check_asp_range(game)
        ans = solve(["crg/best.lp"], crg_to_facts(game), args=["-c", f"who={asp_term(game.agents[i])}"],
                    models=limit, project=True, optimal_only=True)
        return [_coop_from_symbols(game, m) for m in ans.models]
    if method == "brute":
        from ...solvers.csp import all_structures

        best, key = [], None
        for lam in all_structures(game):
            if not lam.coalition >> i & 1:
                continue
            k = rank(game, i, lam)
            if key is None or k > key:
                best, key = [lam], k
            elif k == key:
                best.append(lam)
        return best[:limit]
    raise InputError(f"unknown method {method!r} (asp or brute)")


#: ``crg top`` lists every agent's best structures up to this many agents; beyond, it
#: stops at the first agent that rules a top structure out (Prop. 21 (1): a top structure
#: contains every agent, so every agent's unique best must be the same one)
TOP_FULL_AGENTS = 12


NO_TOP_GOAL = ("no goal is wanted by every agent, needs at least n units and draws on a resource of every agent, "
               "as a top structure's single goal must (docs/crg.md)")


def top_candidate_goals(game: CRG) -> int:
    """The goals a top-cooperation structure could achieve (a goal bitmask), for n ≥ 2.

    If λ = ⟨C, G', ξ⟩ is top (Definition 5), every member's unique ≻_i-best structure is
    λ, and any *other* structure that gives some member i the same satisfaction and cost
    contradicts it. With n ≥ 2 this forces (docs/crg.md, "Top structures: necessary
    conditions"):

    1. C = Ag (Prop. 21 (1)): else adding an agent with ξ = 0 is another such structure;
    2. every agent contributes something: an agent j with ξ_j = 0 could leave (for any
       member i ≠ j);
    3. hence every member pays, so each is satisfied (an unsatisfied one would prefer
       ⟨{i}, ∅, 0⟩ at cost 0);
    4. G' = {g} with g ∈ G_i for every i: a goal whose removal leaves i satisfied could
       be dropped;
    5. ξ pays exactly req(g, r) for every r: any surplus unit of j could be withheld.

    So g is wanted by every agent, req(g) = Σ_r req(g, r) ≥ n (each agent pays at least
    one unit of g's requirements), and every agent holds a resource g needs. The goals
    that pass these tests are returned; none means no top structure."""
    out = 0
    for j in range(game.m):
        if game.succ(1 << j) != game.grand or game.req_total(1 << j) < game.n:
            continue
        needed = [r for r in range(game.t) if game.req[j][r] > 0]
        if all(any(game.en[i][r] > 0 for r in needed) for i in range(game.n)) and game.feasible(game.grand, 1 << j):
            out |= 1 << j
    return out


def top_cooperation_structure(game: CRG, method: str = "asp") -> TopResult:
    """The top-cooperation structure (Definition 5), if any: λ such that every member i
    strictly prefers λ (by ≻_i) to every other cooperation structure containing i.

    λ is top iff for each i ∈ C_λ, λ is the unique ≻_i-best structure containing i; we
    compute up to two best structures per agent and combine them. Above
    :data:`TOP_FULL_AGENTS` agents, ``asp`` first applies the necessary conditions of
    :func:`top_candidate_goals` (most games fail them: the answer is then immediate) and
    then stops at the first agent whose best structures rule a top structure out
    (Prop. 21 (1)); ``best`` then holds the agents examined, ``reason`` says why."""
    from ... import progress

    if game.n > TOP_FULL_AGENTS and method == "asp":
        with timed() as t:
            top, best, reason = _top_large(game)
        return TopResult(game, top, best, method, t.seconds, reason=reason)
    with timed() as t:
        best = {}
        for i in progress.iterate(range(game.n), "agents' best structures", game.n):
            best[i] = best_structures(game, i, method)
        top = None
        for i, bs in best.items():
            if len(bs) != 1:
                continue
            lam = bs[0]
            if all(len(best[j]) == 1 and best[j][0] == lam for j in members(lam.coalition)):
                top = lam
                break
    return TopResult(game, top, best, method, t.seconds)


def _top_large(game: CRG) -> tuple[Coop | None, dict[int, list[Coop]], str]:
    """:func:`top_cooperation_structure` for many agents: necessary conditions, then the
    agents one by one until one rules a top structure out."""
    from ... import progress

    check_asp_range(game)
    if not top_candidate_goals(game):
        return None, {}, NO_TOP_GOAL
    best: dict[int, list[Coop]] = {}
    with progress.task("agents' best structures", game.n) as task:
        for i in range(game.n):
            best[i] = best_structures(game, i, "asp")
            task.advance()
            if len(best[i]) != 1:
                return None, best, f"{game.agents[i]} has several best structures"
            if best[i][0] != best[0][0]:
                return None, best, (f"{game.agents[0]} and {game.agents[i]} have different unique best structures "
                                    "(a top structure contains every agent, Prop. 21 (1))")
    lam = best[0][0]
    return (lam if lam.coalition == game.grand else None), best, ""
