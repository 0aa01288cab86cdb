"""LP(i, t): the integer program an agent solves to make its proposal (Dunne et al. 2010, §5.3).

In round ``t`` of the negotiation protocol (Algorithm 1) the active agents are
``C = {a'_t, …, a'_n}`` and every cooperation structure proposed is ``⟨C, G', ξ⟩``. Agent
``a'_i`` chooses its proposal ``λ_t(i)`` by solving LP(i, t), eqs. (1)–(7)::

    maximise   s_i·V − Σ_r x_ir                                          (1)
    subject to Σ_{g_l ∈ G_j} y_l ≥ s_j                  for t ≤ j ≤ n     (2)
               s_j·V − Σ_r x_jr ≥ u(j, t)               for t ≤ j ≤ i−1   (3)
               s_i·V − Σ_r x_ir ≥ u_i({i}) if i = t, u(i, t+1) otherwise  (4)
               s_j·V − Σ_r x_jr ≥ u(j, t+1)             for i+1 ≤ j ≤ n   (5)
               0 ≤ x_jr ≤ en(j, r)                      for t ≤ j ≤ n, r  (6)
               Σ_{t ≤ j ≤ n} x_jr ≥ Σ_{g_l} y_l·req(g_l, r)   for r ∈ R   (7)
               y_l, s_j ∈ {0, 1},  x_jr ∈ ℤ

Constraints (3)–(5) are all of one shape, "agent j's utility is at least b_j", with the
bound b_j taken from earlier proposals (3), the proposer's fallback (4) or later rounds
(5). So an instance of LP(i, t) is fully described by :class:`ProposalLP`: the active
set C, the proposer i, and one lower bound per active agent. The protocol
(:mod:`declcoal.concepts.crg.negotiation`) fills in the bounds.

Three independent solvers (all exact, integers only):

* ``flow`` — the paper's own route (Prop. 20, App. B): enumerate the goal sets G'; for
  each, every agent's admissible cost is ``V·[j satisfied by G'] − b_j``, and the least
  the proposer must pay is ``req(G') − F`` where F is the maximum flow the other agents
  can route in the network of Fig. 2 (source → agent, capped by its admissible cost;
  agent → resource, capped by ``en``; resource → sink, capped by ``req(G', r)``). One
  max-flow per goal set, exponential only in the number of goals;
* ``z3`` — eqs. (1)–(7) verbatim as a Z3 integer optimisation;
* ``asp`` — ``encodings/crg/proposal.lp``, the same program as clingo weak constraints.

Ties (several optimal proposals) are broken deterministically; the *value* u(i, t) of
LP(i, t) never depends on the tie-break, and neither do the final utilities
(docs/negotiation.md, "Ties").
"""
from __future__ import annotations

from dataclasses import dataclass

from ...errors import InputError, SolverLimitError
from ...model.coalition import members
from ...model.crg import CRG, Coop, satisfied

LP_METHODS = ("flow", "z3", "asp")
INT32 = 2**31 - 1
#: the flow solver gives up (a solver limit, exit 1) beyond this many goal sets per LP(i, t)
MAX_GOAL_SETS = 200_000


@dataclass(frozen=True)
class ProposalLP:
    """One instance of LP(i, t) (§5.3): the active agents ``C`` (bitmask), the proposer
    ``i`` and ``bounds[j]``, the right-hand side of (3), (4) or (5) for every j ∈ C
    (``None`` for agents outside C). Hashable: the protocol caches solutions by it."""

    active: int
    proposer: int
    bounds: tuple[int | None, ...]
    #: a variant, not the paper's LP: proposals realise at most this many goals
    #: (``--max-goals 1`` makes Example 6 come out as the paper says; docs/negotiation.md)
    max_goals: int | None = None

    def bound(self, j: int) -> int:
        b = self.bounds[j]
        assert b is not None, "bound of an inactive agent"
        return b


@dataclass(frozen=True)
class ProposalSolution:
    """A solution of LP(i, t): its value u(i, t) = s_i·V − Σ_r x_ir and the proposal
    λ_t(i) = ⟨C, G', ξ⟩ (``value is None``: LP(i, t) is empty, the agent rejects)."""

    value: int | None
    coop: Coop | None
    method: str

    @property
    def feasible(self) -> bool:
        return self.value is not None


def utility_of(game: CRG, j: int, lam: Coop, V: int) -> int:
    """u_j(λ) = s_j·V − Σ_r ξ_{j,r} with s_j = 1 iff some goal of G_j is in G' (§5.3)."""
    return (V if satisfied(game, j, lam) else 0) - lam.cost(j)


def admissible(game: CRG, lp: ProposalLP, lam: Coop, V: int) -> bool:
    """Whether λ satisfies (2)–(7) of LP(i, t) (coalition C, ξ within endowments, paid
    for, every bound met) — used to re-check every solution a solver returns."""
    if lam.coalition != lp.active:
        return False
    for i in range(game.n):
        for r in range(game.t):
            v = lam.xi[i][r]
            if v < 0 or v > game.en[i][r] or (v and not lp.active >> i & 1):
                return False
    if any(lam.contributed(r) < game.req_of(lam.goals, r) for r in range(game.t)):
        return False
    if lp.max_goals is not None and bin(lam.goals).count("1") > lp.max_goals:
        return False
    return all(utility_of(game, j, lam, V) >= lp.bound(j) for j in members(lp.active))


def singleton_utility(game: CRG, i: int, V: int | None = None) -> int:
    """u_i({i}) = max{u_i(λ) | λ = ⟨{i}, G', ξ⟩} (§5.3): V minus the cheapest goal of G_i
    that i can pay for alone, or 0 (do nothing) if there is none."""
    V = game.V() if V is None else V
    best = 0
    for j in members(game.wants[i]):
        if all(game.en[i][r] >= game.req[j][r] for r in range(game.t)):
            best = max(best, V - game.req_total(1 << j))
    return best


def singleton_structure(game: CRG, i: int, V: int | None = None) -> Coop:
    """A cooperation structure ⟨{i}, G', ξ⟩ achieving u_i({i}): the cheapest own goal i
    can afford alone (first in goal order on ties), paid exactly, else nothing."""
    V = game.V() if V is None else V
    best, choice = 0, 0
    for j in members(game.wants[i]):
        if all(game.en[i][r] >= game.req[j][r] for r in range(game.t)):
            u = V - game.req_total(1 << j)
            if u > best:
                best, choice = u, 1 << j
    rows = [[0] * game.t for _ in range(game.n)]
    rows[i] = [game.req_of(choice, r) for r in range(game.t)]
    return Coop(1 << i, choice, tuple(map(tuple, rows)))


# ====================================================================== flow per goal set
def _max_flow(game: CRG, need: dict[int, int], caps: dict[int, int]) -> tuple[int, dict[int, list[int]]]:
    """Max flow of the network of App. B / Fig. 2 for a goal set with requirements
    ``need`` (resource -> req(G', r) > 0) and source capacities ``caps`` (agent -> most
    it may pay); returns the value and the ξ rows of the agents that pay.

    scipy's compiled Dinic (exact int32 arithmetic) for the common case; networkx's
    preflow-push (Python integers) when a capacity does not fit in 32 bits."""
    res = list(need)
    en = game.en
    agents = [i for i in caps if caps[i] > 0 and any(en[i][r] for r in res)]
    if not res or not agents:
        return 0, {}
    k = len(agents)
    sink = k + len(res) + 1
    rows, cols, cap, cells = [], [], [], []
    for a, i in enumerate(agents, start=1):
        rows.append(0), cols.append(a), cap.append(caps[i]), cells.append(None)
        for b, r in enumerate(res, start=k + 1):
            if en[i][r] > 0:
                rows.append(a), cols.append(b), cap.append(en[i][r]), cells.append((i, r))
    for b, r in enumerate(res, start=k + 1):
        rows.append(b), cols.append(sink), cap.append(need[r]), cells.append(None)
    out: dict[int, list[int]] = {}
    if max(cap) <= INT32:
        import numpy as np
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import maximum_flow

        m = csr_matrix((np.array(cap, dtype=np.int32), (rows, cols)), shape=(sink + 1, sink + 1))
        sol = maximum_flow(m, 0, sink, method="dinic")
        flow = sol.flow.tocsr()
        vals = np.asarray(flow[np.array(rows), np.array(cols)]).ravel().tolist()
        value = int(sol.flow_value)
    else:  # pragma: no cover - huge endowments
        import networkx as nx

        g = nx.DiGraph()
        for u, v, c in zip(rows, cols, cap):
            g.add_edge(u, v, capacity=c)
        value, fl = nx.maximum_flow(g, 0, sink)
        vals = [fl[u].get(v, 0) for u, v in zip(rows, cols)]
    for cell, f in zip(cells, vals):
        if cell is not None and f:
            i, r = cell
            out.setdefault(i, [0] * game.t)[r] = int(f)
    return int(value), out


def _goal_sets(game: CRG, lp: ProposalLP) -> list[tuple[int, dict[int, int]]]:
    """The goal sets worth trying, with their requirements ``{r: req(G', r) > 0}``: the
    *irredundant* ones — every goal of G' is the only goal of G' satisfying some
    active agent. If g ∈ G' satisfies no active agent that G' ∖ {g} does not, dropping
    g keeps every s_j and lowers every requirement, so the same ξ stays feasible with
    the same utilities: an optimum is always attained on an irredundant set (at most
    |C| goals). Redundancy is inherited by supersets and so is infeasibility
    (req(G', r) > en(C, r)), so a depth-first search over goals in index order prunes
    both. Kept at the leaves: sets that satisfy every agent whose bound is positive (an
    unsatisfied agent has utility −cost ≤ 0)."""
    act = lp.active
    cover = [game.succ(1 << g) & act for g in range(game.m)]
    useful = [g for g in range(game.m) if cover[g]]
    must = 0
    for j in members(act):
        if lp.bound(j) > 0:
            must |= 1 << j
    en_c = [game.en_of(act, r) for r in range(game.t)]
    req = [{r: q for r, q in enumerate(game.req[g]) if q} for g in range(game.m)]
    out: list[tuple[int, dict[int, int]]] = []

    def dfs(start: int, gs: int, chosen: list[int], sat: int, need: dict[int, int]) -> None:
        if sat & must == must:
            out.append((gs, need))
            if len(out) > MAX_GOAL_SETS:
                raise SolverLimitError(f"LP(i, t) by goal sets: more than {MAX_GOAL_SETS} irredundant goal sets "
                                       f"({game.m} goals); use --method asp or --method z3")
        if lp.max_goals is not None and len(chosen) >= lp.max_goals:
            return
        for k in range(start, len(useful)):
            g = useful[k]
            if cover[g] & ~sat == 0:  # g would be redundant itself
                continue
            need2 = dict(need)
            for r, q in req[g].items():
                need2[r] = need2.get(r, 0) + q
            if any(q > en_c[r] for r, q in need2.items()):
                continue
            chosen2 = chosen + [g]
            if not _irredundant(chosen2, cover):
                continue
            dfs(k + 1, gs | 1 << g, chosen2, sat | cover[g], need2)

    dfs(0, 0, [], 0, {})
    out.sort(key=lambda x: x[0])
    return out


def _irredundant(chosen: list[int], cover: list[int]) -> bool:
    """Every goal of ``chosen`` satisfies an agent no other chosen goal satisfies."""
    for a in chosen:
        rest = 0
        for b in chosen:
            if b != a:
                rest |= cover[b]
        if cover[a] & ~rest == 0:
            return False
    return True


def solve_flow(game: CRG, lp: ProposalLP, V: int) -> ProposalSolution:
    """LP(i, t) by goal-set enumeration with one max-flow per goal set (Prop. 20).

    For a goal set G', agent j ≠ i may pay at most ``V·[j ∈ succ(G')] − b_j``. With F the
    maximum flow of the other agents alone, every feasible ξ has i paying at least
    ``req(G') − F`` (the others' part of any flow is a flow of theirs), and that much is
    enough whenever the network with i capped at its own admissible cost carries
    ``req(G')``: starting from the others' maximum flow every augmenting path must
    leave the source through i. So one max-flow gives i's least payment; a second one,
    only for the winning goal set, gives ξ. Goal sets are tried most promising first
    (by a cheap upper bound on i's value) and skipped once the bound cannot beat the
    best so far. Ties: the largest value, then a solution that satisfies i (u_i = 0 both
    for "unsatisfied, pays nothing" and "satisfied, pays exactly V", and ≻_i of §3.3
    prefers the latter), then the smallest goal bitmask."""
    i = lp.proposer
    act = members(lp.active)
    en = game.en
    total_en = {j: sum(en[j]) for j in act}
    cands = []
    for gs, need in _goal_sets(game, lp):
        caps = {}
        for j in act:
            c = (V if game.wants[j] & gs else 0) - lp.bound(j)
            if c < 0:
                break
            caps[j] = min(c, total_en[j])
        else:
            # cheap lower bounds on i's payment: per resource, what the others do not
            # own; in total, what the others may not or cannot pay
            lo1 = sum(max(0, q - sum(en[j][r] for j in act if j != i)) for r, q in need.items())
            lo2 = sum(need.values()) - sum(min(caps[j], sum(min(en[j][r], q) for r, q in need.items()))
                                           for j in act if j != i)
            lo = max(lo1, lo2, 0)
            if lo > caps[i]:
                continue
            own = V if game.wants[i] & gs else 0
            cands.append((own - lo, gs, caps, need, own))
    # key: value, then i satisfied (≻_i breaks u-ties: satisfied beats unsatisfied),
    # then the smallest goal bitmask; most promising first, pruned by the bound
    cands.sort(key=lambda c: (-c[0], -(c[4] > 0), c[1]))
    best = None  # (key, pay, caps, need)
    for upper, gs, caps, need, own in cands:
        if best is not None and (upper, own > 0, -gs) < best[0]:
            continue
        total = sum(need.values())
        others = {j: c for j, c in caps.items() if j != i}
        f_o, _ = _max_flow(game, need, others) if total else (0, {})
        pay = total - f_o
        if pay > caps[i]:
            continue
        key = (own - pay, own > 0, -gs)
        if best is not None and key < best[0]:
            continue
        if pay > 0:  # can i really cover the rest? (its edges are capped by en(i, r))
            f_all, _ = _max_flow(game, need, {**others, i: pay})
            if f_all < total:
                continue
        best = (key, pay, caps, need)
    if best is None:
        return ProposalSolution(None, None, "flow")
    (value, _, neg_gs), pay, caps, need = best
    gs = -neg_gs
    total = sum(need.values())
    f, rows = _max_flow(game, need, {**caps, i: pay}) if total else (0, {})
    assert f == total
    xi = tuple(tuple(rows.get(j, [0] * game.t)) for j in range(game.n))
    return ProposalSolution(value, Coop(lp.active, gs, xi), "flow")


# ====================================================================== Z3
def solve_z3(game: CRG, lp: ProposalLP, V: int) -> ProposalSolution:
    """LP(i, t) verbatim: eqs. (1)–(7) as a Z3 integer optimisation (``z3.Optimize``)."""
    import z3

    act = members(lp.active)
    opt = z3.Optimize()
    y = [z3.Int(f"y_{g}") for g in game.goals]
    s = {j: z3.Int(f"s_{game.agents[j]}") for j in act}
    x = {(j, r): z3.Int(f"x_{game.agents[j]}_{game.resources[r]}") for j in act for r in range(game.t)}
    for v in y:
        opt.add(v >= 0, v <= 1)
    for j in act:
        opt.add(s[j] >= 0, s[j] <= 1)
        opt.add(z3.Sum([y[g] for g in members(game.wants[j])] or [z3.IntVal(0)]) >= s[j])  # (2)
        opt.add(s[j] * V - z3.Sum([x[j, r] for r in range(game.t)]) >= lp.bound(j))  # (3), (4), (5)
        for r in range(game.t):
            opt.add(x[j, r] >= 0, x[j, r] <= game.en[j][r])  # (6)
    for r in range(game.t):  # (7)
        need = [y[g] * game.req[g][r] for g in range(game.m) if game.req[g][r]]
        opt.add(z3.Sum([x[j, r] for j in act]) >= z3.Sum(need or [z3.IntVal(0)]))
    if lp.max_goals is not None:  # the variant, not the paper's LP
        opt.add(z3.Sum(y or [z3.IntVal(0)]) <= lp.max_goals)
    i = lp.proposer
    obj = s[i] * V - z3.Sum([x[i, r] for r in range(game.t)])  # (1)
    h = opt.maximize(obj)
    res = opt.check()
    if res == z3.unsat:
        return ProposalSolution(None, None, "z3")
    if res != z3.sat:  # pragma: no cover
        raise SolverLimitError(f"z3 gave no answer for LP({game.agents[i]}, t): {opt.reason_unknown()}")
    mdl = opt.model()
    gs = sum(1 << g for g in range(game.m) if mdl.eval(y[g]).as_long() == 1)
    rows = [[0] * game.t for _ in range(game.n)]
    for (j, r), v in x.items():
        rows[j][r] = mdl.eval(v).as_long()
    lam = Coop(lp.active, gs, tuple(map(tuple, rows)))
    value = utility_of(game, i, lam, V)
    assert value == h.value().as_long()
    return ProposalSolution(value, lam, "z3")


# ====================================================================== clingo
def lp_facts(game: CRG, lp: ProposalLP, V: int) -> str:
    """The instance facts proposal.lp reads next to the game facts."""
    out = [f"value({V}).", f"proposer({game.agents[lp.proposer]})."]
    for j in members(lp.active):
        out.append(f"active({game.agents[j]}). bound({game.agents[j]},{lp.bound(j)}).")
    if lp.max_goals is not None:
        out.append(f"max_goals({lp.max_goals}).")
    return "\n".join(out) + "\n"


def solve_asp(game: CRG, lp: ProposalLP, V: int) -> ProposalSolution:
    """LP(i, t) as the clingo program ``encodings/crg/proposal.lp`` (weak constraints)."""
    from ...io.crg import crg_to_facts
    from ...solvers.clingo_adapter import solve
    from .core import _coop_from_symbols, check_asp_range

    check_asp_range(game)
    if V + sum(sum(row) for row in game.en) > INT32 or any(abs(b) > INT32 for b in lp.bounds if b is not None):
        raise SolverLimitError("LP(i, t) is outside clingo's 32-bit integers: use --method flow or z3")
    ans = solve(["crg/proposal.lp"], crg_to_facts(game) + lp_facts(game, lp, V), optimal_only=True, models=1)
    if not ans.models:
        return ProposalSolution(None, None, "asp")
    lam = _coop_from_symbols(game, ans.models[0])
    lam = Coop(lp.active, lam.goals, lam.xi)
    return ProposalSolution(utility_of(game, lp.proposer, lam, V), lam, "asp")


SOLVERS = {"flow": solve_flow, "z3": solve_z3, "asp": solve_asp}


def solve_lp(game: CRG, lp: ProposalLP, V: int, method: str = "flow") -> ProposalSolution:
    """Solve LP(i, t) with ``method`` (flow, z3, asp); every proposal is re-checked
    against (2)–(7) before it is returned."""
    if method not in SOLVERS:
        raise InputError(f"unknown LP(i, t) method {method!r} (use {', '.join(LP_METHODS)})")
    sol = SOLVERS[method](game, lp, V)
    if sol.coop is not None and not admissible(game, lp, sol.coop, V):  # pragma: no cover - a solver bug
        raise SolverLimitError(f"{method} returned a proposal violating LP(i, t): {sol.coop.describe(game)}")
    return sol
