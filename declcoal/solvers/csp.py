"""Brute force with python-constraint (``import constraint``, package python-constraint2).

An independent, naive second method for differential tests (DESIGN.md principle 4):
it shares no code with the max-flow algorithm or the ASP encodings — only the game
data and the §3.3 preference relation from :mod:`declcoal.model.crg`. Exponential in
everything; meant for tiny games (a few agents, goals, resources, small endowments).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import constraint

from ..errors import UnsupportedError
from ..model.coalition import members
from ..model.crg import CRG, Coop, coop_of, prefers

#: refuse brute force beyond this many contribution vectors per coalition
LIMIT = 20_000
#: ... and beyond this many (ξ, G') pairs over all coalitions (Example 2 has 1,755,888)
TOTAL_LIMIT = 2_000_000
#: ... and beyond this many agents (2^n − 1 coalitions, one CSP each: about 2 ms apiece,
#: and ``crg top --method brute`` enumerates them once per agent — 6 s at 8 agents)
MAX_AGENTS = 8


def total_pairs(game: CRG) -> int:
    """Σ_{C ≠ ∅} Π_{i∈C, r} (en(i, r) + 1) · 2^m = (Π_i (1 + Π_r (en(i, r) + 1)) − 1) · 2^m:
    every (ξ, G') pair of every coalition, what enumerating all structures visits."""
    prod = 1
    for row in game.en:
        w = 1
        for e in row:
            w *= e + 1
        prod *= 1 + w
    return (prod - 1) << game.m


def check_total(game: CRG) -> None:
    """Refuse at once when brute force would build more than 2^:data:`MAX_AGENTS` − 1
    coalitions' problems or visit more than :data:`TOTAL_LIMIT` pairs."""
    if game.n > MAX_AGENTS:
        raise UnsupportedError(
            f"brute force builds one problem per coalition, 2^{game.n} − 1 = {(1 << game.n) - 1:,}, above the limit "
            f"{(1 << MAX_AGENTS) - 1:,} ({MAX_AGENTS} agents; brute force is for tiny games: the asp, flow and "
            "saturation methods avoid it)"
        )
    size = total_pairs(game)
    if size > TOTAL_LIMIT:
        raise UnsupportedError(
            f"brute force visits Σ_C Π(en(i,r)+1) · 2^m = {size:,} (ξ, G') pairs over all coalitions, above the "
            f"limit {TOTAL_LIMIT:,} (brute force is for tiny games: the asp, flow and saturation methods avoid it)"
        )


def _size_ok(game: CRG, coalition: int) -> None:
    cells = 1
    for i in members(coalition):
        for r in range(game.t):
            cells *= game.en[i][r] + 1
    if cells << game.m > LIMIT:
        raise UnsupportedError(
            f"brute force over {cells << game.m} (ξ, G') pairs is too large (limit {LIMIT}); use the flow or ASP method"
        )


def _problem(game: CRG, coalition: int) -> tuple[constraint.Problem, list[str], list[str]]:
    """Variables x_i_r ∈ 0..en(i,r) (members only) and goal bits; §3.2 feasibility."""
    p = constraint.Problem(constraint.BacktrackingSolver())
    xs, gs = [], []
    for i in members(coalition):
        for r in range(game.t):
            v = f"x_{i}_{r}"
            p.addVariable(v, list(range(game.en[i][r] + 1)))
            xs.append(v)
    for j in range(game.m):
        p.addVariable(f"g_{j}", [0, 1])
        gs.append(f"g_{j}")
    for r in range(game.t):
        rx = [f"x_{i}_{r}" for i in members(coalition)]
        need = [game.req[j][r] for j in range(game.m)]
        if not any(need):
            continue

        def pays(*vals, _n=len(rx), _need=need):
            return sum(vals[:_n]) >= sum(q for q, b in zip(_need, vals[_n:]) if b)

        p.addConstraint(constraint.FunctionConstraint(pays), [*rx, *gs])
    return p, xs, gs


def _coop(game: CRG, coalition: int, sol: dict) -> Coop:
    rows = [[0] * game.t for _ in range(game.n)]
    for i in members(coalition):
        for r in range(game.t):
            rows[i][r] = sol[f"x_{i}_{r}"]
    goals = sum(1 << j for j in range(game.m) if sol[f"g_{j}"])
    return Coop(coalition, goals, tuple(map(tuple, rows)))


def structures(game: CRG, coalition: int) -> Iterator[Coop]:
    """Every cooperation structure ⟨C, G', ξ⟩ for a fixed coalition C (as CSP solutions)."""
    _size_ok(game, coalition)
    p, _, _ = _problem(game, coalition)
    sols = p.getSolutions()
    for sol in sorted(sols, key=lambda s: sorted(s.items())):
        yield _coop(game, coalition, sol)


def all_structures(game: CRG) -> Iterator[Coop]:
    """Every cooperation structure of the game, all non-empty coalitions."""
    check_total(game)
    for c in range(1, 1 << game.n):
        yield from structures(game, c)


def profiles(game: CRG) -> list[tuple[int, tuple[tuple[int, bool, int], ...], Coop]]:
    """Distinct (coalition, ((i, satisfied, cost), ...)) profiles with one witness each:
    all that matters for blocking (§4)."""
    seen: dict = {}
    for lam in all_structures(game):
        key = (lam.coalition, tuple((i, bool(game.wants[i] & lam.goals), lam.cost(i)) for i in members(lam.coalition)))
        seen.setdefault(key, lam)
    return [(k[0], k[1], lam) for k, lam in seen.items()]


def csp_blocker(game: CRG, sigma: Sequence[Coop]) -> Coop | None:
    """A cooperation structure blocking σ, by CSP search per coalition, or None."""
    check_total(game)
    for c in range(1, 1 << game.n):
        _size_ok(game, c)
        p, _, _ = _problem(game, c)
        for i in members(c):
            old = coop_of(sigma, i)
            s_old, c_old = bool(game.wants[i] & old.goals), old.cost(i)
            wanted = [f"g_{j}" for j in members(game.wants[i])]
            xi = [f"x_{i}_{r}" for r in range(game.t)]

            def better(*vals, _k=len(wanted), _s=s_old, _c=c_old):
                s_new = any(vals[:_k])
                cost = sum(vals[_k:])
                return (s_new and not _s) or (s_new == _s and cost < _c)

            p.addConstraint(constraint.FunctionConstraint(better), [*wanted, *xi])
        sol = p.getSolution()
        if sol:
            return _coop(game, c, sol)
    return None


def brute_blocker(game: CRG, sigma: Sequence[Coop], table=None) -> Coop | None:
    """A blocker of σ by scanning all profiles (``table`` = :func:`profiles`, reusable)."""
    table = profiles(game) if table is None else table
    for _, prof, lam in table:
        if all(prefers(game, i, lam, coop_of(sigma, i)) for i, _, _ in prof):
            return lam
    return None


def grand_structures(game: CRG) -> list[Coop]:
    """Every grand-coalition cooperation structure ⟨Ag, G', ξ⟩."""
    return list(structures(game, game.grand))


def coalition_structures(game: CRG) -> Iterator[tuple[Coop, ...]]:
    """Every coalition structure σ (all partitions × all structures per block). Tiny only."""
    from itertools import product

    from ..model.coalition import partitions

    per: dict[int, list[Coop]] = {}
    for blocks in partitions(game.grand):
        lists = []
        for b in blocks:
            if b not in per:
                per[b] = list(structures(game, b))
            lists.append(per[b])
        yield from product(*lists)
