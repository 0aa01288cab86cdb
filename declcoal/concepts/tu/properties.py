"""Structural properties of TU games, each with a witness when it fails.

* superadditive: v(S ∪ T) ≥ v(S) + v(T) for all disjoint S, T;
* convex (supermodular): v(S ∪ T) + v(S ∩ T) ≥ v(S) + v(T), checked by the
  equivalent local condition v(S∪{i,j}) − v(S∪{j}) ≥ v(S∪{i}) − v(S);
* monotone: S ⊆ T ⇒ v(S) ≤ v(T) (checked on S ⊂ S∪{i});
* grand-coalition superadditive (Ray & Vohra 2025, Section 5.1): v(N) ≥ Σ_k v(S_k)
  for every partition {S_k} of N;
* essential: v(N) > Σ_i v({i}).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ... import progress
from ...model.coalition import braces, members, subsets
from ...model.tu import TUGame
from ...results import timed


@dataclass
class PropertyCheck:
    """Whether a property holds, and if not, the coalitions that show it fails."""

    name: str
    holds: bool | None  # None: not checked (too large, see game_properties)
    witness: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "holds": self.holds, "witness": self.witness}


@dataclass
class GameProperties:
    game: str
    checks: list[PropertyCheck] = field(default_factory=list)
    seconds: float = 0.0

    def __getitem__(self, name: str) -> bool:
        for c in self.checks:
            if c.name == name:
                return c.holds
        raise KeyError(name)

    def to_dict(self) -> dict:
        return {"game": self.game, "properties": [c.to_dict() for c in self.checks], "seconds": self.seconds}


def is_superadditive(game: TUGame) -> PropertyCheck:
    v, P = game.values, game.players
    full = game.grand
    for s in progress.iterate(range(1, full + 1), "coalitions (superadditivity)", every=256):
        rest = full & ~s
        for t in subsets(rest):
            if t < s:
                continue  # each unordered pair {S, T} once
            if v[s | t] < v[s] + v[t]:
                return PropertyCheck(
                    "superadditive", False,
                    f"v({braces(s | t, P)}) = {v[s | t]} < v({braces(s, P)}) + v({braces(t, P)}) = {v[s] + v[t]}",
                )
    return PropertyCheck("superadditive", True)


def is_convex(game: TUGame) -> PropertyCheck:
    v, P, n = game.values, game.players, game.n
    for s in progress.iterate(range(game.grand + 1), "coalitions (convexity)", every=256):
        out = [i for i in range(n) if not s >> i & 1]
        for a, i in enumerate(out):
            for j in out[a + 1 :]:
                bi, bj = 1 << i, 1 << j
                if v[s | bi | bj] - v[s | bj] < v[s | bi] - v[s]:
                    return PropertyCheck(
                        "convex", False,
                        f"{P[i]} adds {v[s | bi | bj] - v[s | bj]} to {braces(s | bj, P)} but {v[s | bi] - v[s]} to {braces(s, P)}",
                    )
    return PropertyCheck("convex", True)


def is_monotone(game: TUGame) -> PropertyCheck:
    v, P = game.values, game.players
    for s in progress.iterate(range(game.grand + 1), "coalitions (monotonicity)", every=1024):
        for i in range(game.n):
            if not s >> i & 1 and v[s | 1 << i] < v[s]:
                return PropertyCheck("monotone", False, f"v({braces(s | 1 << i, P)}) = {v[s | 1 << i]} < v({braces(s, P)}) = {v[s]}")
    return PropertyCheck("monotone", True)


def best_partition_value(game: TUGame) -> tuple[Fraction, list[int]]:
    """max over partitions π of N of Σ_{S∈π} v(S), with a maximising partition (O(3^n))."""
    v = game.values
    full = game.grand
    best: list[Fraction] = [Fraction(0)] * (full + 1)
    choice = [0] * (full + 1)
    for m in progress.iterate(range(1, full + 1), "coalitions (best partition)", every=256):
        low = m & -m
        rest = m ^ low
        b, c = None, 0
        sub = rest
        while True:
            block = sub | low
            val = v[block] + best[m ^ block]
            if b is None or val > b:
                b, c = val, block
            if sub == 0:
                break
            sub = (sub - 1) & rest
        best[m], choice[m] = b, c
    parts, m = [], full
    while m:
        parts.append(choice[m])
        m ^= choice[m]
    return best[full], parts


def is_grand_coalition_superadditive(game: TUGame) -> PropertyCheck:
    val, parts = best_partition_value(game)
    if val > game.values[game.grand]:
        P = game.players
        return PropertyCheck(
            "grand-coalition superadditive", False,
            f"partition {' | '.join(braces(p, P) for p in parts)} earns {val} > v(N) = {game.values[game.grand]}",
        )
    return PropertyCheck("grand-coalition superadditive", True)


def is_essential(game: TUGame) -> PropertyCheck:
    v = game.values
    singles = sum((v[1 << i] for i in range(game.n)), Fraction(0))
    ok = v[game.grand] > singles
    return PropertyCheck("essential", ok, "" if ok else f"v(N) = {v[game.grand]} <= Σ v(i) = {singles}")


def property_work(name: str, n: int) -> int:
    """How many steps a check visits: 3^n pairs of disjoint coalitions (superadditive,
    grand-coalition superadditive), n(n−1)/2 · 2^n (convex), n · 2^n (monotone), n (essential)."""
    return {"superadditive": 3**n, "grand-coalition superadditive": 3**n,
            "convex": n * (n - 1) // 2 * 2**n, "monotone": n * 2**n}.get(name, n)


CHECKS = (("superadditive", is_superadditive), ("convex", is_convex), ("monotone", is_monotone),
          ("grand-coalition superadditive", is_grand_coalition_superadditive), ("essential", is_essential))


def game_properties(game: TUGame, max_work: int | None = None) -> GameProperties:
    """All properties above (exact games): superadditivity, convexity (Shapley 1971),
    monotonicity, grand-coalition superadditivity (Ray & Vohra 2025, §5.3) and
    essentialness, each with a witness when it fails. A check whose work
    (:func:`property_work`) exceeds ``max_work`` (default
    :data:`declcoal.limits.PROPERTY_WORK`) is not run: it reports ``holds = None`` and
    "not checked: too large" (``info`` never blocks; docs/limits.md)."""
    from ...limits import PROPERTY_WORK

    game.require_exact("checking game properties")
    limit = PROPERTY_WORK if max_work is None else max_work
    with timed() as t:
        checks = []
        for name, check in CHECKS:
            work = property_work(name, game.n)
            if work > limit:
                checks.append(PropertyCheck(name, None, f"not checked: too large ({work:,} steps > limit {limit:,}; "
                                                        "--max-work raises it)"))
            else:
                checks.append(check(game))
    return GameProperties(game.name, checks, t.seconds)


__all__ = [
    "PropertyCheck", "GameProperties", "game_properties", "is_superadditive", "is_convex", "is_monotone",
    "is_grand_coalition_superadditive", "is_essential", "best_partition_value", "members",
]
