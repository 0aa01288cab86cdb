"""The Dutta–Ray constrained egalitarian solution E(S) (Ray & Vohra 2025, §5.4).

E({i}) = {v(i)}. Bottom-up, for every coalition S:

    U^e(S) = {x ∈ F(S) : x unblocked by every (T, y), T ⊂ S, y ∈ E(T)}
    E(S)   = L(U^e(S))          (Lorenz-maximal elements, equal totals)

Decisions (documented in ``docs/egalitarian.md``): L is taken over the efficient
allocations of U^e(S) (Σ x = v(S)) — the paper compares allocations "adding to the same
total", and every unblocked x can be raised to the efficient face without becoming
blocked; if U^e(S) = ∅, S is ineffective (E(S) = ∅, no threat).

Computation. U^e(S) is a union of convex pieces {x ≥ L, Σ x = v(S)}; on each piece the
water-filling point max(L_i, t) (the *leximin representative*) Lorenz-dominates every
other point, and it is the piece's unique Lorenz-maximal point. A branch and bound over
pieces (as for the Nash solution, :mod:`declcoal.concepts.bargaining.nash`) collects the
representatives that are unblocked, pruning a node when a found unblocked point strictly
Lorenz-dominates its representative; E(S) = the Lorenz-maximal representatives.
``threats="naive"`` uses equal division e(T) = v(T)/|T| as the only threats (Dutta–Ray
1991, Theorem 1: E(S) = L(U^naive(S)), eq. (42)) — a second, independent path.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from fractions import Fraction

from ... import progress
from ...errors import SolverLimitError, UnsupportedError
from ...model.bargaining import BargainingGame, CoalitionalGame, Point, TUSet
from ...model.coalition import label, members
from ...model.tu import TUGame
from ...results import EXACT, jsonable, timed
from .lorenz import leximin_point, lorenz_dominates, lorenz_maximal
from .nash import MAX_NODES
from .nash_tu import check_pairs, coalition_game, recursive_nash


def _proper_submasks(S: int):
    """The non-empty T ⊂ S, T ≠ S (the coalitions that can threaten inside S)."""
    T = (S - 1) & S
    while T:
        yield T
        T = (T - 1) & S


def lorenz_maximal_unblocked(game: BargainingGame) -> tuple[list[Point], int]:
    """L(U(G) ∩ {Σ x = v}) for a TU bargaining game with d = 0; with the pieces examined."""
    if not isinstance(game.feasible, TUSet):
        raise UnsupportedError("the constrained egalitarian solution needs TU feasible sets")
    v = game.feasible.worth
    n = game.n
    threats = [(members(t.coalition), t.point) for t in game.threats]
    heap: list = []
    seen: set[Point] = set()
    counter = 0

    def push(L: Point) -> None:
        nonlocal counter
        if L in seen:
            return
        seen.add(L)
        r = leximin_point(L, v)
        if r is None:
            return
        counter += 1
        heapq.heappush(heap, (tuple(-q for q in sorted(r)), counter, L, r))

    push((Fraction(0),) * n)
    cands: list[Point] = []
    examined = 0
    while heap:
        _, _, L, r = heapq.heappop(heap)
        examined += 1
        if examined > MAX_NODES:
            raise SolverLimitError(f"egalitarian branch and bound examined {MAX_NODES:,} pieces without finishing")
        if any(lorenz_dominates(c, r) for c in cands):
            continue
        blocker = next((t for t in threats if all(yi > r[i] for i, yi in zip(*t))), None)
        if blocker is None:
            cands.append(r)
            continue
        for i, y in zip(*blocker):
            if y > L[i]:
                push(L[:i] + (y,) + L[i + 1 :])
    return lorenz_maximal(cands), examined


@dataclass
class EgalitarianCoalition:
    coalition: int
    label: str
    effective: bool
    points: list[Point]
    pieces: int = 0

    def to_dict(self) -> dict:
        return jsonable({"coalition": self.label, "effective": self.effective,
                         "solution": [list(p) for p in self.points], "pieces_examined": self.pieces})


@dataclass
class EgalitarianResult:
    """E(S) for every coalition, and (optionally) the Theorem 4 check σ_sym(S) ⊆ E(S)."""

    game: str
    players: list[str]
    threats: str
    coalitions: list[EgalitarianCoalition]
    theorem4: list[tuple[str, bool, list[Point]]] = field(default_factory=list)
    seconds: float = 0.0
    guarantee: str = EXACT

    concept = "constrained egalitarian solution"

    @property
    def solutions(self) -> list[Point]:
        return list(self.coalitions[-1].points) if self.coalitions else []

    @property
    def theorem4_holds(self) -> bool | None:
        return all(ok for _, ok, _ in self.theorem4) if self.theorem4 else None

    def of(self, S: int) -> EgalitarianCoalition | None:
        return next((c for c in self.coalitions if c.coalition == S), None)

    def to_dict(self) -> dict:
        return jsonable({
            "concept": self.concept, "game": self.game, "players": self.players, "threats": self.threats,
            "solutions": [list(p) for p in self.solutions],
            "coalitions": [c.to_dict() for c in self.coalitions],
            "theorem4": [{"coalition": c, "sigma_subset_of_E": ok, "sigma": [list(p) for p in s]}
                         for c, ok, s in self.theorem4],
            "theorem4_holds": self.theorem4_holds, "seconds": self.seconds, "guarantee": self.guarantee,
        })


def constrained_egalitarian(game: TUGame | CoalitionalGame, threats: str = "recursive",
                            check_theorem4: bool = False, max_pairs: int | None = None) -> EgalitarianResult:
    """E(S) for every coalition S (§5.4). ``threats``: ``"recursive"`` (y ∈ E(T), the
    definition) or ``"naive"`` (equal division e(T), Dutta–Ray 1991 Theorem 1).
    ``check_theorem4`` also computes σ_sym(S) with equal weights and tests σ_sym(S) ⊆ E(S).
    Both paths examine 3^n − 2^(n+1) + 1 (S, T ⊂ S) pairs; above ``max_pairs`` (default
    :data:`declcoal.limits.NASH_PAIRS`) the run is refused at once (docs/limits.md)."""
    if threats not in ("recursive", "naive"):
        raise UnsupportedError(f"unknown threats {threats!r} (use recursive or naive)")
    g = CoalitionalGame.from_tu(game) if isinstance(game, TUGame) else game
    if not g.is_tu:
        raise UnsupportedError("the constrained egalitarian solution is defined for TU games")
    check_pairs(g.n, "egalitarian", max_pairs)
    P = g.players
    order = sorted(range(1, 2**g.n), key=lambda m: (m.bit_count(), m))
    th: dict[int, list[Point]] = {}
    out: list[EgalitarianCoalition] = []
    checks = []
    with timed() as tm:
        sym = recursive_nash(CoalitionalGame(g.players, g.feasible, (Fraction(1),) * g.n, name=g.name),
                             max_pairs=max_pairs) if check_theorem4 else None
        for S in progress.iterate(order, "coalitions (Dutta–Ray recursion)"):
            k = S.bit_count()
            v = g.worth(S)
            if k == 1:
                pts, pieces = [(v,)], 0
            else:
                src = th if threats == "recursive" else {
                    T: [(g.worth(T) / T.bit_count(),) * T.bit_count()] for T in _proper_submasks(S)}
                G = coalition_game(g, S, src)
                pts, pieces = lorenz_maximal_unblocked(G)
            th[S] = pts
            out.append(EgalitarianCoalition(S, label(S, P), bool(pts), pts, pieces))
            if sym is not None:
                sig = sym.of(S).points
                checks.append((label(S, P), all(p in pts for p in sig), sig))
    return EgalitarianResult(g.name, list(P), threats, out, checks, tm.seconds)


__all__ = ["constrained_egalitarian", "lorenz_maximal_unblocked", "EgalitarianResult", "EgalitarianCoalition"]
