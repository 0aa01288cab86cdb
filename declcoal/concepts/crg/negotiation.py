"""The negotiation protocol for CRG bargaining (Dunne, Kraus, Manisterski & Wooldridge 2010, §5).

* :func:`negotiate` plays Algorithm 1 for one order ``(a'_1, …, a'_n)`` with the
  subgame-perfect strategies of Prop. 14: in round t agent a'_t proposes λ_t(t), every
  later agent a'_j solves LP(j, t) (:mod:`.proposal_lp`) and accepts (λ_t(j) = λ_t(j−1)),
  counter-proposes λ_t(j), or rejects (LP(j, t) empty); after a rejection a'_t leaves as a
  singleton and round t+1 starts.
* The values u(j, t) are computed by the backward induction of §5.3: round t needs
  u(j, t+1), the values of the sub-game on the suffix ``(a'_{t+1}, …, a'_n)``.
  :class:`Negotiator` memoises rounds by that suffix (the sub-game is determined by the
  *ordered* suffix, not by the set of active agents alone — docs/negotiation.md) and
  LP(i, t) solutions by their instance.
* :func:`negotiate_all` runs every order (n!) or a seeded sample; :func:`expected_utilities`
  is EU_i of §5.4.
* The properties of §5.4/§5.6 as checks: :func:`individually_rational` (Prop. 15),
  :func:`pareto_optimal` (Prop. 16, an independent Z3 optimisation), :func:`dummy_agents` /
  :func:`dummies_get_nothing` (Definition 3, Prop. 18), :func:`interchangeable`
  (Definition 4) and :func:`pseudo_symmetric` (Prop. 19), :func:`outcome_in_core`
  and :func:`top_structure_check` (Prop. 22).

Utility is u_i(λ) = s_i·V − c_i(λ) with the §3.3 constant V (:meth:`CRG.V`), exactly as
eqs. (1)–(5) use it; the core checks use ≻_i (§3.3) as everywhere in declcoal. On the
protocol's outcomes the two agree except for an agent that pays exactly V to be
satisfied (docs/negotiation.md, "Utility").
"""
from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import permutations
from math import factorial

from ...errors import InputError, UnsupportedError
from ...model.coalition import members
from ...model.crg import CRG, Coop, Sigma, satisfied, xi_text
from ...results import EXACT, timed
from .proposal_lp import (
    LP_METHODS,
    ProposalLP,
    ProposalSolution,
    singleton_structure,
    singleton_utility,
    solve_lp,
    utility_of,
)

#: --all-orders refuses more orders than this unless the caller raises the limit
MAX_ORDERS = 40320  # 8!
REFERENCE = "Dunne, Kraus, Manisterski & Wooldridge 2010, §5 (Algorithm 1, eqs. (1)-(7), Prop. 14)"


# ====================================================================== orders
def parse_order(game: CRG, text: str | Sequence[str]) -> tuple[int, ...]:
    """An order ``a3,a1,a2`` of Algorithm 1 (§5.1) as agent indices; unknown, repeated or
    missing agents are input errors (one line)."""
    names = [x.strip() for x in text.split(",")] if isinstance(text, str) else list(text)
    idx = {a: k for k, a in enumerate(game.agents)}
    out: list[int] = []
    for a in names:
        if a not in idx:
            raise InputError(f"--order: unknown agent {a!r} (agents: {', '.join(game.agents)})")
        if idx[a] in out:
            raise InputError(f"--order: agent {a!r} appears twice")
        out.append(idx[a])
    missing = [a for k, a in enumerate(game.agents) if k not in out]
    if missing:
        raise InputError(f"--order: missing agent(s) {', '.join(missing)} (an order lists every agent once)")
    return tuple(out)


def order_text(game: CRG, order: Sequence[int]) -> str:
    return ",".join(game.agents[i] for i in order)


# ====================================================================== trace data
@dataclass(frozen=True)
class Step:
    """One move of Algorithm 1 in round t: agent a'_j ``proposes`` (j = t),
    ``counter-proposes``, ``accepts`` or ``rejects``; ``value`` is u(j, t) (None when it
    rejects), ``bounds`` the right-hand sides of (3)–(5) it faced, ``coop`` λ_t(j)."""

    agent: int
    action: str
    value: int | None
    bounds: tuple[int | None, ...]
    coop: Coop | None


@dataclass
class Round:
    """Round t of the sub-game on ``suffix`` = (a'_t, …, a'_n): its moves and u(j, t)."""

    suffix: tuple[int, ...]
    steps: list[Step]
    values: dict[int, int]
    accepted: bool
    agreement: Coop | None  # λ_t(n) if accepted


@dataclass
class Outcome:
    """The result of Algorithm 1 for one order: the rounds played (on the equilibrium
    path), the final coalition structure σ (λ_t(n) plus the singletons of agents who left)
    and every agent's utility u_i(σ); ``values[t][j]`` is u(j, t) of the backward
    induction for every round t (1-based) of this order's sub-games."""

    game: CRG
    order: tuple[int, ...]
    rounds: list[Round]
    sigma: Sigma
    utilities: tuple[int, ...]
    values: list[dict[int, int]]
    V: int
    method: str
    seconds: float = 0.0
    max_goals: int | None = None
    checks: dict = field(default_factory=dict)

    @property
    def agreement(self) -> Coop:
        return self.sigma[0]

    def structure_of(self, i: int) -> Coop:
        for lam in self.sigma:
            if lam.coalition >> i & 1:
                return lam
        raise AssertionError("σ covers every agent")

    def to_dict(self) -> dict:
        g = self.game
        return {
            "order": [g.agents[i] for i in self.order],
            "V": self.V,
            "rounds": [{
                "round": len(self.order) - len(r.suffix) + 1,
                "active": [g.agents[i] for i in r.suffix],
                "steps": [{"agent": g.agents[s.agent], "action": s.action, "u(j,t)": s.value,
                           "bounds": {g.agents[j]: b for j, b in enumerate(s.bounds) if b is not None},
                           "proposal": s.coop.to_dict(g) if s.coop is not None else None} for s in r.steps],
                "accepted": r.accepted,
            } for r in self.rounds],
            "sigma": [lam.to_dict(g) for lam in self.sigma],
            "utilities": {g.agents[i]: u for i, u in enumerate(self.utilities)},
            "values": [{g.agents[j]: v for j, v in sorted(vals.items())} for vals in self.values],
            "method": self.method, "max_goals": self.max_goals, "guarantee": EXACT, "seconds": self.seconds,
            **({"checks": self.checks} if self.checks else {}),
        }

    def trace_lines(self) -> list[str]:
        """The play-out as readable lines (each proposal, acceptance, rejection,
        departure), in the words of Algorithm 1."""
        g = self.game
        n = len(self.order)
        parts = []
        for t in range(n, 0, -1):
            vals = self.values[t - 1]
            parts.append(f"t={t}: " + (", ".join(f"{g.agents[j]}={vals[j]}" for j in self.order[t - 1:] if j in vals)
                                       or "round fails"))
        out = ["backward induction u(j,t): " + "; ".join(parts)]
        for r in self.rounds:
            t = n - len(r.suffix) + 1
            out.append(f"round {t}: active {g.agent_set(sum(1 << i for i in r.suffix))}")
            for s in r.steps:
                a = g.agents[s.agent]
                bnd = ", ".join(f"{g.agents[j]}≥{b}" for j, b in enumerate(s.bounds) if b is not None)
                if s.action == "rejects":
                    out.append(f"  {a} rejects: LP({a},{t}) is empty under {bnd}")
                elif s.action == "cannot propose":
                    out.append(f"  {a} cannot propose: LP({a},{t}) is empty under {bnd}")
                elif s.action == "accepts":
                    out.append(f"  {a} accepts (u({a},{t}) = {s.value}; bounds {bnd})")
                else:
                    out.append(f"  {a} {s.action} {s.coop.describe(g)}  (u({a},{t}) = {s.value}; bounds {bnd})")
            if not r.accepted:
                out.append(f"  {g.agents[r.suffix[0]]} leaves negotiation and forms its singleton coalition")
        return out


def check_negotiation_size(game: CRG, max_lps: int | None = None) -> None:
    """Refuse at once (exit 2) when one order's backward induction (§5.3) would solve more
    than ``max_lps`` instances of LP(i, t) — n(n+1)/2 of them, one per agent of every
    round's suffix (default :data:`declcoal.limits.NEGOTIATION_LPS`; docs/limits.md)."""
    from ...limits import NEGOTIATION_LPS, refuse

    limit = NEGOTIATION_LPS if max_lps is None else max_lps
    lps = game.n * (game.n + 1) // 2
    if lps > limit:
        raise refuse(f"one order's backward induction solves n(n+1)/2 instances of LP(i,t) for {game.n} agents", lps,
                     limit, "--max-lps", "no method avoids them: every u(j,t) needs the later rounds (§5.3)")


# ====================================================================== the negotiator
class Negotiator:
    """Backward induction (§5.3, Prop. 14) with memoised sub-games.

    ``rounds`` maps an ordered suffix (a'_t, …, a'_n) to its :class:`Round`; ``cache``
    maps an LP(i, t) instance to its solution. ``memo=False`` forgets both after each
    order (the baseline of ``benchmarks/negotiation.py``)."""

    def __init__(self, game: CRG, method: str = "flow", *, memo: bool = True, max_goals: int | None = None,
                 max_lps: int | None = None):
        check_negotiation_size(game, max_lps)
        if max_goals is not None and max_goals < 1:
            raise InputError(f"--max-goals must be at least 1, got {max_goals}")
        if method not in LP_METHODS:
            raise InputError(f"unknown LP(i, t) method {method!r} (use {', '.join(LP_METHODS)})")
        self.game = game
        self.method = method
        self.memo = memo
        self.max_goals = max_goals  # a variant of LP(i, t), not the paper's (docs/negotiation.md)
        self.V = game.V()
        self.single = tuple(singleton_utility(game, i, self.V) for i in range(game.n))
        self.rounds: dict[tuple[int, ...], Round] = {}
        self.cache: dict[ProposalLP, ProposalSolution] = {}
        self.lp_solved = 0
        self._task = None  # the progress task of the order being played

    # ---------------------------------------------------------------- LP(i, t)
    def solve(self, lp: ProposalLP) -> ProposalSolution:
        sol = self.cache.get(lp)
        if sol is None:
            sol = solve_lp(self.game, lp, self.V, self.method)
            self.lp_solved += 1
            self.cache[lp] = sol
        return sol

    # ---------------------------------------------------------------- one round
    def continuation(self, suffix: tuple[int, ...]) -> dict[int, int]:
        """u(j, t+1) for the agents of suffix[1:]: what each could secure if round t
        failed. If round t+1 itself fails (never on the equilibrium path), its proposer
        gets u_j({j}) and the others their values of round t+2, and so on."""
        rest = suffix[1:]
        if not rest:
            return {}
        r = self.round(rest)
        if r.accepted:
            return r.values
        return {rest[0]: self.single[rest[0]], **self.continuation(rest)}

    def round(self, suffix: tuple[int, ...]) -> Round:
        """Round t of the sub-game whose active agents, in order, are ``suffix``."""
        got = self.rounds.get(suffix)
        if got is not None:
            return got
        g = self.game
        active = sum(1 << i for i in suffix)
        later = self.continuation(suffix)  # u(j, t+1)
        values: dict[int, int] = {}
        steps: list[Step] = []
        prev: Coop | None = None
        accepted = True
        for pos, i in enumerate(suffix):
            bounds: list[int | None] = [None] * g.n
            for j in suffix[:pos]:
                bounds[j] = values[j]  # (3)
            bounds[i] = self.single[i] if pos == 0 else later[i]  # (4)
            for j in suffix[pos + 1:]:
                bounds[j] = later[j]  # (5)
            lp = ProposalLP(active, i, tuple(bounds), self.max_goals)
            sol = self.solve(lp)
            if not sol.feasible:  # never with the paper's LP (docs/negotiation.md, "Ties")
                steps.append(Step(i, "rejects" if pos else "cannot propose", None, lp.bounds, None))
                accepted = False
                break
            values[i] = sol.value
            if prev is not None and utility_of(g, i, prev, self.V) == sol.value and (
                    satisfied(g, i, prev) or not satisfied(g, i, sol.coop)):  # as good by u, then by ≻_i
                steps.append(Step(i, "accepts", sol.value, lp.bounds, prev))
            else:
                prev = sol.coop
                steps.append(Step(i, "proposes" if pos == 0 else "counter-proposes", sol.value, lp.bounds, prev))
        rnd = Round(suffix, steps, values, accepted, prev if accepted else None)
        if self._task is not None:
            self._task.advance()
        self.rounds[suffix] = rnd  # within one order always; across orders only with memo
        return rnd

    # ---------------------------------------------------------------- Algorithm 1
    def play(self, order: Sequence[int]) -> Outcome:
        """Algorithm 1 for ``order`` with the strategies of Prop. 14."""
        g = self.game
        order = tuple(order)
        if sorted(order) != list(range(g.n)):
            raise InputError("an order must list every agent exactly once")
        from ... import progress

        with timed() as tm, progress.task("rounds of the backward induction", g.n) as self._task:
            if not self.memo:
                self.rounds.clear()
                self.cache.clear()
            played: list[Round] = []
            left: list[Coop] = []
            for t in range(g.n):
                r = self.round(order[t:])
                played.append(r)
                if r.accepted:
                    break
                left.append(singleton_structure(g, order[t], self.V))
            final = played[-1]
            assert final.accepted, "the last agent alone always has a solution of LP(n, n)"
            sigma = (final.agreement, *left)
            utilities = []
            for i in range(g.n):
                lam = next(x for x in sigma if x.coalition >> i & 1)
                utilities.append(utility_of(g, i, lam, self.V))
            values = [dict(self.round(order[t:]).values) for t in range(g.n)]
        self._task = None
        return Outcome(g, order, played, sigma, tuple(utilities), values, self.V, self.method, tm.seconds,
                       max_goals=self.max_goals)


def negotiate(game: CRG, order: Sequence[int] | None = None, method: str = "flow") -> Outcome:
    """Algorithm 1 (Dunne et al. 2010, §5.1) with the strategies of Prop. 14 for one order
    (default: the agents as listed in the game); returns the :class:`Outcome`."""
    return Negotiator(game, method).play(tuple(range(game.n)) if order is None else order)


def orders_to_run(game: CRG, *, sample: int | None = None, seed: int = 0,
                  max_orders: int = MAX_ORDERS) -> tuple[list[tuple[int, ...]] | Iterator[tuple[int, ...]], int]:
    """All n! orders (lexicographic) — refused above ``max_orders`` — or ``sample``
    distinct orders drawn with ``random.Random(seed)``. Returns (orders, how many)."""
    n = game.n
    total = factorial(n)
    if sample is None:
        if total > max_orders:
            raise UnsupportedError(
                f"{n} agents have {total} orders, more than the limit {max_orders}: "
                f"use --sample N --seed S, or raise the limit with --max-orders {total}")
        return permutations(range(n)), total
    if sample < 1:
        raise InputError(f"--sample must be at least 1, got {sample}")
    if sample >= total:
        if total > max_orders:
            raise UnsupportedError(f"--sample {sample} asks for all {total} orders, more than the limit {max_orders}")
        return permutations(range(n)), total
    rng = random.Random(seed)
    seen: set[tuple[int, ...]] = set()
    out: list[tuple[int, ...]] = []
    while len(out) < sample:
        p = list(range(n))
        rng.shuffle(p)
        tp = tuple(p)
        if tp not in seen:
            seen.add(tp)
            out.append(tp)
    return out, sample


def negotiate_all(game: CRG, orders: Iterable[Sequence[int]] | None = None, method: str = "flow", *,
                  memo: bool = True, progress: Callable[[Outcome], None] | None = None) -> Iterator[Outcome]:
    """Algorithm 1 (§5.1) for every order in ``orders`` (default all n!, in lexicographic
    order), sharing sub-games between orders; a generator, so an interrupted run keeps
    what it yielded."""
    neg = Negotiator(game, method, memo=memo)
    for order in (permutations(range(game.n)) if orders is None else orders):
        out = neg.play(tuple(order))
        if progress is not None:
            progress(out)
        yield out


def expected_utilities(outcomes: Sequence[Outcome]):
    """EU_i = (1/|orders|) Σ_orders u_i(λ^ς_1(n)) (§5.4; over all n! orders it is the
    paper's EU_i), as exact fractions."""
    from fractions import Fraction

    if not outcomes:
        return ()
    n = outcomes[0].game.n
    return tuple(Fraction(sum(o.utilities[i] for o in outcomes), len(outcomes)) for i in range(n))


# ====================================================================== checks (§5.4, §5.6)
def individually_rational(outcome: Outcome) -> list[int]:
    """Prop. 15: u_i(outcome) ≥ u_i({i}) for every agent; returns the agents violating it."""
    g = outcome.game
    return [i for i in range(g.n) if outcome.utilities[i] < singleton_utility(g, i, outcome.V)]


def pareto_improvement(game: CRG, utilities: Sequence[int], V: int | None = None) -> Coop | None:
    """Prop. 16 (§5.4), checked independently of LP(i, t): a cooperation structure
    λ = ⟨Ag, G', ξ'⟩ of the grand coalition with u_j(λ) ≥ utilities[j] for all j and
    Σ_j u_j(λ) > Σ_j utilities[j] (so some agent strictly gains), found by a Z3 integer
    program of its own (maximising Σ_j u_j(λ), so the improvement shown is a best one); None if there is none, i.e. the outcome is Pareto optimal
    among the grand coalition's cooperation structures (the set Prop. 16 ranges over)."""
    import z3

    V = game.V() if V is None else V
    s = z3.Optimize()
    y = [z3.Bool(f"y{g}") for g in range(game.m)]
    x = [[z3.Int(f"x{i}_{r}") for r in range(game.t)] for i in range(game.n)]
    u = []
    for i in range(game.n):
        for r in range(game.t):
            s.add(x[i][r] >= 0, x[i][r] <= game.en[i][r])
        sat = z3.Or([y[g] for g in members(game.wants[i])]) if game.wants[i] else z3.BoolVal(False)
        u.append(z3.If(sat, V, 0) - z3.Sum([x[i][r] for r in range(game.t)]))
    for r in range(game.t):
        s.add(z3.Sum([x[i][r] for i in range(game.n)])
              >= z3.Sum([z3.If(y[g], game.req[g][r], 0) for g in range(game.m)] or [z3.IntVal(0)]))
    for i in range(game.n):
        s.add(u[i] >= utilities[i])
    s.add(z3.Sum(u) > sum(utilities))
    s.maximize(z3.Sum(u))  # the best improvement (so no agent pays for nothing)
    if s.check() != z3.sat:
        return None
    mdl = s.model()
    gs = sum(1 << g for g in range(game.m) if z3.is_true(mdl.eval(y[g], model_completion=True)))
    xi = tuple(tuple(mdl.eval(x[i][r], model_completion=True).as_long() for r in range(game.t)) for i in range(game.n))
    return Coop(game.grand, gs, xi)


def pareto_optimal(outcome: Outcome) -> bool:
    """Prop. 16 for this outcome (see :func:`pareto_improvement`)."""
    return pareto_improvement(outcome.game, outcome.utilities, outcome.V) is None


def dummy_agents(game: CRG) -> list[int]:
    """Definition 3: i is a dummy iff no coalition containing i is successful. i is not a
    dummy iff some goal set G' that contains a goal of i is feasible for succ(G') — the
    largest coalition G' satisfies (feasibility only grows with the coalition)."""
    out = []
    for i in range(game.n):
        ok = False
        for gs in range(1, 1 << game.m):
            if game.wants[i] & gs:
                c = game.succ(gs)
                if game.feasible(c, gs):
                    ok = True
                    break
        if not ok:
            out.append(i)
    return out


def dummies_get_nothing(outcome: Outcome) -> list[int]:
    """Prop. 18: dummy agents have utility 0; returns the dummies that do not."""
    return [i for i in dummy_agents(outcome.game) if outcome.utilities[i] != 0]


def outcome_in_core(outcome: Outcome, method: str = "asp"):
    """Whether the outcome σ is in the core (§4, the existing blocking checks with ≻_i);
    returns the :class:`~declcoal.concepts.crg.core.BlockResult`."""
    from .core import find_blocker

    return find_blocker(outcome.game, outcome.sigma, method)


def top_structure_check(outcome: Outcome, top: Coop | None) -> dict:
    """Prop. 22: if a top-cooperation structure λ* exists, the outcome is λ* (same goals,
    same ξ) — and so in the core. Returns {"applies", "equals_top", "same_utilities"}."""
    if top is None:
        return {"applies": False}
    g = outcome.game
    lam = outcome.agreement
    same_u = all(utility_of(g, i, top, outcome.V) == outcome.utilities[i] for i in range(g.n))
    return {"applies": True, "equals_top": len(outcome.sigma) == 1 and lam == top, "same_utilities": same_u}


# ---------------------------------------------------------------- Definition 4, Prop. 19
def utility_profiles(game: CRG, coalition: int, V: int, limit: int = 200_000) -> set[tuple[int, ...]]:
    """{(u_k(λ))_{k∈C} : λ = ⟨C, G', ξ⟩} by enumeration (tiny games; Definition 4)."""
    from ...model.crg import count_cells, cooperation_structures

    if count_cells(game, coalition) * (1 << game.m) > limit:
        raise UnsupportedError(f"Definition 4 needs every cooperation structure of {game.agent_set(coalition)}: "
                               f"too many ({count_cells(game, coalition)} contribution vectors × 2^{game.m} goal sets)")
    mem = members(coalition)
    return {tuple(utility_of(game, k, lam, V) for k in mem) for lam in cooperation_structures(game, coalition)}


def interchangeable(game: CRG, i: int, j: int, *, limit: int = 200_000) -> bool:
    """Definition 4, by enumerating utility profiles (tiny games only):

    1. u_i({i}) = u_j({j});
    2. for every C ∋ i, j the profiles of C are closed under swapping i and j;
    3. for every C ∌ i, j the profiles of C ∪ {i}, with i renamed j, are profiles of
       C ∪ {j} — and conversely (we read 3 symmetrically: "i, j are interchangeable"
       is symmetric; the paper states one direction)."""
    V = game.V()
    if i == j:
        return True
    if singleton_utility(game, i, V) != singleton_utility(game, j, V):
        return False
    others = [k for k in range(game.n) if k not in (i, j)]
    for bits in range(1 << len(others)):
        rest = sum(1 << others[k] for k in range(len(others)) if bits >> k & 1)
        both = rest | 1 << i | 1 << j
        mem = members(both)
        pi, pj = mem.index(i), mem.index(j)
        prof = utility_profiles(game, both, V, limit)
        for p in prof:
            q = list(p)
            q[pi], q[pj] = p[pj], p[pi]
            if tuple(q) not in prof:
                return False
        with_i = utility_profiles(game, rest | 1 << i, V, limit)
        with_j = utility_profiles(game, rest | 1 << j, V, limit)
        if {_rename(p, members(rest | 1 << i), i, j) for p in with_i} != {_rename(p, members(rest | 1 << j), j, j)
                                                                             for p in with_j}:
            return False
    return True


def _rename(profile: tuple[int, ...], mem: list[int], old: int, new: int) -> tuple:
    """A profile as a sorted tuple of (agent, utility) with ``old`` renamed ``new``."""
    return tuple(sorted(((new if k == old else k), u) for k, u in zip(mem, profile)))


def pseudo_symmetric(outcomes: Sequence[Outcome], pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Prop. 19: EU_i = EU_j for the given interchangeable pairs (over all n! orders);
    returns the pairs violating it."""
    eu = expected_utilities(outcomes)
    return [(i, j) for i, j in pairs if eu[i] != eu[j]]


def check_outcome(outcome: Outcome, *, top: Coop | None = None, top_known: bool = False,
                  core_method: str = "asp") -> dict:
    """Props. 15, 16, 18 (§5.4), core membership and Prop. 22 (§5.6) for one outcome, as a dict of
    plain values (``ok`` per property plus the evidence)."""
    g = outcome.game
    ir = individually_rational(outcome)
    imp = pareto_improvement(g, outcome.utilities, outcome.V)
    dm = dummy_agents(g)
    bad_dm = [i for i in dm if outcome.utilities[i] != 0]
    core = outcome_in_core(outcome, core_method)
    checks = {
        "individually_rational": {"ok": not ir, "violated_by": [g.agents[i] for i in ir]},
        "pareto_optimal": {"ok": imp is None, "improvement": imp.to_dict(g) if imp is not None else None,
                           "text": imp.describe(g) if imp is not None else None},
        "dummy": {"ok": not bad_dm, "dummies": [g.agents[i] for i in dm], "violated_by": [g.agents[i] for i in bad_dm]},
        "in_core": {"ok": bool(core.stable), "blocker": core.blocker.to_dict(g) if core.blocker is not None else None,
                    "text": core.blocker.describe(g) if core.blocker is not None else None},
    }
    if top_known:
        tc = top_structure_check(outcome, top)
        checks["top_implies_core"] = {**tc, "ok": (not tc["applies"]) or (tc["equals_top"] and bool(core.stable))}
    outcome.checks = checks
    return checks


def describe_outcome(outcome: Outcome) -> str:
    g = outcome.game
    parts = [lam.describe(g) for lam in outcome.sigma]
    return "σ = {" + "; ".join(parts) + "}"


__all__ = [
    "MAX_ORDERS", "Negotiator", "Outcome", "Round", "Step", "check_outcome", "describe_outcome", "dummy_agents",
    "dummies_get_nothing", "expected_utilities", "individually_rational", "interchangeable", "negotiate",
    "negotiate_all", "order_text", "orders_to_run", "outcome_in_core", "pareto_improvement", "pareto_optimal",
    "parse_order", "pseudo_symmetric", "satisfied", "top_structure_check", "utility_profiles", "xi_text",
]
