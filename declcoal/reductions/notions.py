"""Blocking and the core under the two readings of "agent i prefers" (Dunne et al.
2010, §3.3), as the reduction verifier needs them.

* ``preference`` — the relation ≻_i of §3.3 (satisfied first, then lower cost): the
  definition, used everywhere else in declcoal (:mod:`declcoal.concepts.crg.core`).
* ``utility`` — ``u_i(λ) = V − c_i(λ)`` if i is satisfied, ``−c_i(λ)`` otherwise, with
  ``V = Σ_i Σ_r max_{g∈G_i} req(g, r)``; i prefers λ to λ' iff ``u_i(λ) > u_i(λ')``. The
  paper says the two "directly correspond"; they do not when a satisfied outcome costs
  V or more than an unsatisfied one (docs/crg.md, "Utility versus preference").

For ``utility`` we adapt the paper's algorithm of Fig. 1: an agent with ``u_i(σ) < 0``
is blocked alone by ``⟨{i}, ∅, 0⟩`` (line 1); otherwise every member of a blocker must be
satisfied by it (an unsatisfied member would have ``u ≤ 0 ≤ u_i(σ)``), so for each goal
set G' the candidates are ``succ(G')`` with the cap ``max c(i) = min(en(i), V − u_i(σ) − 1)``
and the max-flow of Prop. 12 decides. A second method, ASP with
``encodings/crg/block_utility.lp``, cross-checks it. Core non-emptiness under
``utility`` is the counter-example-guided loop of :func:`declcoal.concepts.crg.core.core_nonempty`
with the cuts of ``encodings/crg/utility_cuts.lp``.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..concepts.crg.core import check_asp_range, find_blocker, goal_sets_in_order, core_nonempty as _core_pref
from ..errors import SolverLimitError
from ..io.crg import crg_to_facts, sigma_to_facts
from ..model.coalition import members
from ..model.crg import CRG, Coop, Sigma, coop_of, null_structure, satisfied, utility, zero_xi
from ..solvers.flow import preferred_contribution_vector, quick_infeasible

NOTIONS = ("preference", "utility")


def u_blocks(game: CRG, lam: Coop, sigma: Sequence[Coop], V: int | None = None) -> bool:
    """λ blocks σ under the utility reading: C_λ ≠ ∅ and u_i(λ) > u_i(λ_{σ,i}) for all i ∈ C_λ."""
    from ..model.crg import is_coop

    V = game.V() if V is None else V
    if lam.coalition == 0 or not is_coop(game, lam):
        return False
    return all(utility(game, i, lam, V) > utility(game, i, coop_of(sigma, i), V) for i in members(lam.coalition))


def blocks_under(game: CRG, lam: Coop, sigma: Sequence[Coop], notion: str) -> bool:
    from ..model.crg import blocks

    return blocks(game, lam, sigma) if notion == "preference" else u_blocks(game, lam, sigma)


def utility_blocker_flow(game: CRG, sigma: Sequence[Coop]) -> Coop | None:
    """Fig. 1 adapted to the utility reading (see the module docstring)."""
    V = game.V()
    us = [utility(game, i, coop_of(sigma, i), V) for i in range(game.n)]
    for i, u in enumerate(us):
        if u < 0:
            return Coop(1 << i, 0, zero_xi(game))
    for goals in goal_sets_in_order(game.m):
        caps = {}
        for i in members(game.succ(goals)):
            cap = min(game.endowment(i), V - us[i] - 1)
            if cap >= 0:
                caps[i] = cap
        if not caps or quick_infeasible(game, goals, caps):
            continue
        lam, _ = preferred_contribution_vector(game, goals, caps)
        if lam is not None:
            return lam
    return None


def utility_blocker_asp(game: CRG, sigma: Sequence[Coop]) -> Coop | None:
    """A blocker under the utility reading found by ``block_utility.lp`` (clingo)."""
    from ..concepts.crg.core import _coop_from_symbols
    from ..solvers.clingo_adapter import solve

    check_asp_range(game)
    ans = solve(["crg/block_utility.lp"], crg_to_facts(game) + sigma_to_facts(game, sigma),
                args=["-c", f"v={game.V()}"])
    return _coop_from_symbols(game, ans.models[0]) if ans.models else None


#: the verifier's default checker: one clingo call refutes all goal sets at once, while
#: Fig. 1 visits up to 2^|G| goal sets (Prop. 9's games have |G| = literals + 6);
#: ``flow`` stays available and the tests compare the two on the constructions' games
METHOD = "asp"


def blocker(game: CRG, sigma: Sequence[Coop], notion: str, method: str = METHOD) -> Coop | None:
    """A cooperation structure blocking σ under ``notion`` (verified), or None (σ stable).
    ``method``: ``flow`` (Fig. 1 / its utility variant) or ``asp`` (block.lp /
    block_utility.lp)."""
    if notion == "preference":
        lam = find_blocker(game, sigma, "auto" if method == "flow" else method, validate=False).blocker
    elif method == "flow":
        lam = utility_blocker_flow(game, sigma)
    else:
        lam = utility_blocker_asp(game, sigma)
    if lam is not None and not blocks_under(game, lam, sigma, notion):
        raise RuntimeError(f"internal error: {method} returned a non-blocking structure under {notion}")
    return lam


def is_stable_under(game: CRG, sigma: Sequence[Coop], notion: str, method: str = METHOD) -> bool:
    return blocker(game, sigma, notion, method) is None


def core_witness(game: CRG, notion: str, *, method: str = METHOD,
                 max_iterations: int = 100_000) -> tuple[Sigma | None, list[tuple[Sigma, Coop]]]:
    """A stable grand-coalition structure σ* under ``notion`` (Prop. 3 holds under both
    readings: the disjoint union leaves every member's cost and satisfaction, hence its
    utility, unchanged), or None; with the candidates refuted on the way and their blockers."""
    if notion == "preference":
        # no guess-size refusal here: campaigns bound the time per instance instead (--limit)
        res = _core_pref(game, "cegar", checker=method, max_iterations=max_iterations, max_bits=10**9)
        return res.witness, res.candidates
    return _utility_cegar(game, method, max_iterations)


def _utility_cegar(game: CRG, method: str, max_iterations: int):
    from clingo import Number

    from ..concepts.crg.core import _star
    from ..solvers.clingo_adapter import Session

    check_asp_range(game)
    V = game.V()
    # prop5 (unsatisfied agents pay nothing in a stable σ) and exact payment hold under the
    # utility reading too: paying less raises u_i, and u_i < 0 is blocked by ⟨{i}, ∅, 0⟩.
    sess = Session(["crg/grand.lp", "crg/utility_cuts.lp"], crg_to_facts(game), ["-c", "prop5=1", "-c", f"v={V}"])
    cands: list[tuple[Sigma, Coop]] = []
    for k in range(1, max_iterations + 1):
        model = sess.first_model()
        if model is None:
            return None, cands
        sigma = _star(game, model)
        lam = utility_blocker_flow(game, sigma) if method == "flow" else utility_blocker_asp(game, sigma)
        if lam is None:
            return sigma, cands
        cands.append((sigma, lam))
        cut = " ".join(f"ucut({k},{game.agents[i]},{1 if satisfied(game, i, lam) else 0},{lam.cost(i)})."
                       for i in members(lam.coalition))
        sess.add_and_ground("ublocker", [Number(k)], cut)
    raise SolverLimitError(f"no answer after {max_iterations} counter-example iterations")


def sigma0_blocker(game: CRG, notion: str, method: str = METHOD) -> Coop | None:
    """A blocker of σ0 (the core is weak, Prop. 10, iff there is none)."""
    return blocker(game, null_structure(game), notion, method)
