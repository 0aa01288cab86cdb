"""Shapley and Banzhaf values of TU games, three ways.

Shapley value (Shapley 1953; Tick 1995, Section 5 and appendix ``shapley/2``):

    φ_i(v) = Σ_{S ⊆ N∖{i}}  |S|! (n−|S|−1)! / n!  · ( v(S ∪ {i}) − v(S) ),

the average of player i's marginal contribution over all n! orders of arrival.

* :func:`shapley_exact` — the subset formula above in exact rational arithmetic
  (worths scaled to integers by their common denominator, summed per coalition size),
  O(n·2^n) integer operations.
* :func:`shapley_fast` — the same formula vectorised with numpy float64, processed in
  blocks so memory stays near the worth table itself (declared fast path,
  ``guarantee = "approximate"``: floating point).
* :func:`shapley_permutation` — Tick's own method: average marginal contribution over
  all n! permutations, exact; a readable reference for small n and a differential
  check of the other two.

Banzhaf value (Banzhaf 1965, normalised by 2^{n−1}, not by the total):

    β_i(v) = 1/2^{n−1} · Σ_{S ⊆ N∖{i}} ( v(S ∪ {i}) − v(S) ).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ... import progress
from ...errors import UnsupportedError
from ...model.coalition import members
from ...model.numbers import decimal_text, fraction_text
from ...model.tu import TUGame
from ...results import APPROXIMATE, EXACT, jsonable, timed

#: Tick's permutation method enumerates n! orders; beyond this it is refused.
MAX_PERMUTATION_PLAYERS = 10
#: Elements per block in the fast method (bounds the temporaries: ~3 arrays of this).
FAST_BLOCK = 1 << 22


@dataclass
class ValueResult:
    """A point-valued solution (one payoff per player) with its provenance."""

    concept: str
    method: str
    guarantee: str
    game: str
    players: tuple[str, ...]
    values: list  # Fractions (exact) or floats (fast path)
    seconds: float = 0.0
    params: dict = field(default_factory=dict)

    def __getitem__(self, player: str | int):
        return self.values[player if isinstance(player, int) else self.players.index(player)]

    def as_dict(self) -> dict:
        """{player: value}."""
        return dict(zip(self.players, self.values))

    def to_dict(self) -> dict:
        vals = {}
        for p, x in zip(self.players, self.values):
            if isinstance(x, Fraction):
                vals[p] = {"exact": fraction_text(x), "float": float(x)}
            else:
                vals[p] = {"float": float(x)}
        return {
            "concept": self.concept,
            "method": self.method,
            "guarantee": self.guarantee,
            "game": self.game,
            "players": list(self.players),
            "values": vals,
            "seconds": self.seconds,
            "params": jsonable(self.params),
        }

    def text(self) -> str:
        """``71/2, 57/2, 13 (35.5, 28.5, 13.0)``."""
        if self.values and isinstance(self.values[0], Fraction):
            ex = ", ".join(fraction_text(x) for x in self.values)
            return f"{ex} ({', '.join(decimal_text(x) for x in self.values)})"
        return ", ".join(decimal_text(float(x)) for x in self.values)


# ---------------------------------------------------------------- exact helpers
def _integer_worths(game: TUGame) -> tuple[list[int], int]:
    """Worths scaled by their common denominator D to integers, and D."""
    den = 1
    for x in game.values:
        den = math.lcm(den, x.denominator)
    return [x.numerator * (den // x.denominator) for x in game.values], den


def _marginal_sums_by_size(w: list[int], n: int, i: int) -> list[int]:
    """For player i: Σ over S ∌ i with |S| = s of w(S∪i) − w(S), for each s."""
    bit = 1 << i
    sums = [0] * n
    for m in range(1 << n):
        if not m & bit:
            sums[m.bit_count()] += w[m | bit] - w[m]
    return sums


def _marginal_sums_numpy(w: list[int], n: int, i: int, pop: np.ndarray) -> list[int] | None:
    """Same as :func:`_marginal_sums_by_size`, vectorised, or None when it could be
    inexact. Integers are exact in float64 below 2^53, and every partial sum here is
    bounded by 2·max|w|·2^n, so below that guard ``bincount`` is exact."""
    bound = max(abs(x) for x in w)
    if bound * (1 << (n + 1)) >= (1 << 52):
        return None
    arr = np.asarray(w, dtype=np.float64).reshape(-1, 2, 1 << i)
    diff = (arr[:, 1, :] - arr[:, 0, :]).ravel()
    p0 = pop.reshape(-1, 2, 1 << i)[:, 0, :].ravel()
    sums = np.bincount(p0, weights=diff, minlength=n)[:n]
    return [int(x) for x in sums]


def _popcounts(n: int) -> np.ndarray:
    """|S| for every bitmask S < 2^n, as uint8."""
    pop = np.zeros(1 << n, dtype=np.uint8)
    for i in range(n):
        pop[1 << i : 1 << (i + 1)] = pop[: 1 << i] + 1
    return pop


def _exact_size_sums(game: TUGame, block: int = FAST_BLOCK) -> tuple[list[list[int]], int]:
    """For every player i and size s: Σ over S ∌ i with |S| = s of w(S∪i) − w(S), in
    integers, with w = den·v the worths scaled to integers; returns (sums, den).

    Vectorised and exact: the worths are shifted to be non-negative (differences do not
    change) and split into limbs of k = 52 − n bits; every partial sum of one limb's
    differences is then below 2^52, so numpy's float64 ``bincount`` adds them without
    rounding, and the limbs are recombined in Python integers (one limb for worths
    below 2^(52−n), e.g. up to 2^26 at n = 26)."""
    from ...solvers.coalition_lp import WorthTable

    n = game.n
    t = WorthTable.of(game)
    k = 52 - n
    if t.num.dtype == object or k < 8 or int(t.num.max()) - int(t.num.min()) >= 1 << 62:
        w = [int(a) for a in t.num]
        return [_marginal_sums_by_size(w, n, i) for i in range(n)], t.den
    low = int(t.num.min())
    shifted = t.num - low if low else t.num
    limbs = max(1, -(-int(shifted.max()).bit_length() // k))
    pop = _popcounts(n)
    A = [[0] * (n + 1) for _ in range(n)]
    B = [0] * (n + 1)
    for j in range(limbs):
        part = shifted if limbs == 1 else (shifted >> (k * j)) & ((1 << k) - 1)
        Af, Bf = _containing_sums(part, pop, n, block)  # int blocks become float64 one at a time
        del part
        sh = k * j
        for s_, x in enumerate(Bf.tolist()):
            B[s_] += int(x) << sh
        for i in range(n):
            row = A[i]
            for s_, x in enumerate(Af[i].tolist()):
                row[s_] += int(x) << sh
    sums = _marginals_from(A, B, n)
    return sums, t.den


def shapley_exact(game: TUGame) -> ValueResult:
    """Shapley value by the subset formula, in exact rationals: integer marginal sums
    grouped by coalition size (vectorised, :func:`_exact_size_sums`), then the exact
    size weights s!(n−s−1)!/n! in Python integers (O(n·2^n))."""
    game.require_exact("the exact Shapley value")
    with timed() as t:
        n = game.n
        sums, den = _exact_size_sums(game)
        coef = [math.factorial(s) * math.factorial(n - s - 1) for s in range(n)]
        total = math.factorial(n) * den
        phi = [Fraction(sum(c * s for c, s in zip(coef, row)), total) for row in sums]
    return ValueResult("shapley", "exact subset formula", EXACT, game.name, game.players, phi, t.seconds)


def shapley_permutation(game: TUGame) -> ValueResult:
    """Tick's method: average marginal contribution over all n! orders (exact)."""
    game.require_exact("the permutation Shapley value")
    n = game.n
    if n > MAX_PERMUTATION_PLAYERS:
        raise UnsupportedError(
            f"the permutation method enumerates n! orders; {n}! = {math.factorial(n):,} is too many "
            f"(limit {MAX_PERMUTATION_PLAYERS} players) — use the exact or fast method"
        )
    with timed() as t:
        w, den = _integer_worths(game)
        acc = [0] * n
        for order in itertools.permutations(range(n)):
            m, prev = 0, 0
            for i in order:
                m |= 1 << i
                acc[i] += w[m] - prev
                prev = w[m]
        total = math.factorial(n) * den
        phi = [Fraction(a, total) for a in acc]
    return ValueResult("shapley", "permutations (Tick 1995)", EXACT, game.name, game.players, phi, t.seconds)


# ---------------------------------------------------------------- fast float path
def _float_array(game: TUGame) -> np.ndarray:
    if game.exact:
        return np.fromiter((float(x) for x in game.values), dtype=np.float64, count=1 << game.n)
    return game.values  # type: ignore[return-value]


def _size_sums_fast(v: np.ndarray, pop: np.ndarray, n: int, i: int, block: int) -> np.ndarray:
    """Σ over S ∌ i of v(S∪i) − v(S), grouped by |S| (float64), block by block."""
    half = 1 << i
    sums = np.zeros(n, dtype=np.float64)
    if 2 * half <= block:
        for start in range(0, 1 << n, block):
            stop = min(start + block, 1 << n)
            vb = v[start:stop].reshape(-1, 2, half)
            pb = pop[start:stop].reshape(-1, 2, half)[:, 0, :].ravel()
            diff = (vb[:, 1, :] - vb[:, 0, :]).ravel()
            sums += np.bincount(pb, weights=diff, minlength=n)[:n]
    else:
        for base in range(0, 1 << n, 2 * half):
            for off in range(0, half, block):
                lo = slice(base + off, base + min(off + block, half))
                hi = slice(base + half + off, base + half + min(off + block, half))
                diff = v[hi] - v[lo]
                sums += np.bincount(pop[lo], weights=diff, minlength=n)[:n]
    return sums


def _containing_sums(v: np.ndarray, pop: np.ndarray, n: int, block: int) -> tuple[np.ndarray, np.ndarray]:
    """(A, B): A[i, s] = Σ over T ∋ i with |T| = s of v(T), and B[s] = Σ over |T| = s of
    v(T) — one ``bincount`` over the half of the table that contains i per player (no
    differences formed), blockwise so temporaries stay small. The marginal sums by
    size follow as Σ_{S∌i,|S|=s} v(S∪i) − v(S) = A[i, s+1] − (B[s] − A[i, s])."""
    size = 1 << n
    A = np.zeros((n, n + 1), dtype=np.float64)
    B = np.zeros(n + 1, dtype=np.float64)
    flt = v.dtype == np.float64

    def w(x: np.ndarray) -> np.ndarray:  # weights for bincount: float64 (exact for the integer limbs)
        return x if flt else x.astype(np.float64)

    span = min(block, size)
    for start in progress.iterate(range(0, size, span), "coalition blocks (Shapley/Banzhaf sums)"):
        # one float64 block, every player whose halves fit in it
        vb_all = w(v[start:start + span])
        pb_all = pop[start:start + span]
        B += np.bincount(pb_all, weights=vb_all, minlength=n + 1)
        for i in range(n):
            h = 1 << i
            if 2 * h > span:
                break
            vb = vb_all.reshape(-1, 2, h)[:, 1, :].ravel()
            pb = pb_all.reshape(-1, 2, h)[:, 1, :].ravel()
            A[i] += np.bincount(pb, weights=vb, minlength=n + 1)
        del vb_all
    for i in range(n):
        h = 1 << i
        if 2 * h > span:
            for base in range(h, size, 2 * h):
                for off in range(0, h, block):
                    sl = slice(base + off, base + min(off + block, h))
                    A[i] += np.bincount(pop[sl], weights=w(v[sl]), minlength=n + 1)
    return A, B


def _marginals_from(A, B, n: int):
    """Marginal sums by size from :func:`_containing_sums` (works on floats and ints)."""
    return [[A[i][s + 1] - (B[s] - A[i][s]) for s in range(n)] for i in range(n)]


def shapley_fast(game: TUGame, block: int = FAST_BLOCK) -> ValueResult:
    """Shapley value by the subset formula in numpy float64 (declared fast path)."""
    with timed() as t:
        n = game.n
        v = _float_array(game)
        pop = _popcounts(n)
        # s!(n-s-1)!/n! = 1/(n·C(n-1, s)), rounded once from the exact rational
        weights = np.array([float(Fraction(1, n * math.comb(n - 1, s))) for s in range(n)])
        A, B = _containing_sums(v, pop, n, block)
        M = A[:, 1:] - (B[:-1] - A[:, :-1])  # marginal sums by size, per player
        phi = (M @ weights).tolist()
    return ValueResult(
        "shapley", "vectorised subset formula (numpy float64)", APPROXIMATE, game.name, game.players, phi,
        t.seconds, {"block": block},
    )


# ---------------------------------------------------------------- Banzhaf
def banzhaf_exact(game: TUGame) -> ValueResult:
    """Banzhaf value β_i = 2^{-(n-1)} Σ_{S∌i} (v(S∪i) − v(S)), exact (the integer
    marginal sums of :func:`_exact_size_sums`)."""
    game.require_exact("the exact Banzhaf value")
    with timed() as t:
        n = game.n
        sums, den = _exact_size_sums(game)
        beta = [Fraction(sum(row), den << (n - 1)) for row in sums]
    return ValueResult("banzhaf", "exact subset sum", EXACT, game.name, game.players, beta, t.seconds)


def banzhaf_fast(game: TUGame, block: int = FAST_BLOCK) -> ValueResult:
    """Banzhaf value in numpy float64 (declared fast path)."""
    with timed() as t:
        n = game.n
        v = _float_array(game)
        pop = _popcounts(n)
        A, B = _containing_sums(v, pop, n, block)
        beta = ((A[:, 1:] - (B[:-1] - A[:, :-1])).sum(axis=1) / 2 ** (n - 1)).tolist()
    return ValueResult(
        "banzhaf", "vectorised subset sum (numpy float64)", APPROXIMATE, game.name, game.players, beta,
        t.seconds, {"block": block},
    )


SHAPLEY_METHODS = {"exact": shapley_exact, "fast": shapley_fast, "permutation": shapley_permutation}
BANZHAF_METHODS = {"exact": banzhaf_exact, "fast": banzhaf_fast}


def shapley(game: TUGame, method: str = "auto") -> ValueResult:
    """Shapley value (Shapley 1953); ``method`` is exact, fast, permutation, or auto (exact for exact
    games, fast for float games)."""
    if method == "auto":
        method = "exact" if game.exact else "fast"
    return SHAPLEY_METHODS[method](game)


def banzhaf(game: TUGame, method: str = "auto") -> ValueResult:
    """Banzhaf value (Banzhaf 1965; Dubey & Shapley 1979); ``method`` is exact, fast or auto."""
    if method == "auto":
        method = "exact" if game.exact else "fast"
    return BANZHAF_METHODS[method](game)


def marginal_vector(game: TUGame, order: list[int]) -> list[Fraction]:
    """Marginal contributions of each player when they arrive in ``order``."""
    out = [Fraction(0)] * game.n
    m = 0
    for i in order:
        out[i] = game.values[m | (1 << i)] - game.values[m]
        m |= 1 << i
    return out


__all__ = [
    "ValueResult", "shapley", "banzhaf", "shapley_exact", "shapley_fast", "shapley_permutation",
    "banzhaf_exact", "banzhaf_fast", "marginal_vector", "members",
]
