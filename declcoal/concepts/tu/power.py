"""Power indices of weighted voting games by dynamic programming over weights.

For [q; w_1..w_n] (integer weights after scaling), player i is *pivotal* (a swing) for
S ⊆ N∖{i} when q − w_i ≤ w(S) < q. With s_i(k) the number of such S of size k:

* Shapley–Shubik index (Shapley & Shubik 1954) — the Shapley value of the game:
  φ_i = Σ_k k! (n−1−k)! / n! · s_i(k);
* Banzhaf value (Banzhaf 1965; Dubey & Shapley 1979): β_i = Σ_k s_i(k) / 2^{n−1}, and
  the normalised Banzhaf index β_i / Σ_j β_j.

The counts c[k][w] = #{S : |S| = k, w(S) = w} for w < q come from the generating
function Π_j (1 + y x^{w_j}) (Brams & Affuso 1976; Matsui & Matsui 2000), in
O(n² q) additions — pseudo-polynomial, never the 2^n table. Counts of N∖{i} follow by
dividing out player i's factor (1 + y x^{w_i}) — one pass per *distinct* weight.

Exact big-integer arithmetic throughout: each row c[k][·] is packed into one Python
integer with B = n + 1 bits per weight (Kronecker substitution; no count exceeds
2^n), so a DP step is one shift and one addition of long integers, and the sum of a
window of counts is one remainder modulo 2^B − 1.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from ...errors import UnsupportedError
from ...model.constructors import WeightedVotingGame
from ...results import EXACT, timed
from .shapley import ValueResult

#: Largest DP table, in bits ((n + 1) rows × q weights × (n + 1) bits); 4·10^9 bits = 500 MB.
MAX_DP_BITS = 4 * 10**9

__all__ = ["swing_counts", "shapley_shubik_index", "banzhaf_index", "power_indices", "PowerIndices", "MAX_DP_BITS"]


def integer_form(game: WeightedVotingGame) -> tuple[int, list[int]]:
    """(Q, W): the same game with integer weights W_i ≤ Q and integer quota Q
    (scaled by the common denominator, divided by the common factor, capped at Q)."""
    den = math.lcm(game.quota.denominator, *(w.denominator for w in game.weights))
    ws = [int(w * den) for w in game.weights]
    q = int(game.quota * den)
    g = math.gcd(*ws) if any(ws) else 1
    ws = [w // g for w in ws]
    q = -(-q // g)  # w(S) ≥ q/g ⟺ w(S) ≥ ⌈q/g⌉ for integer w(S)
    return q, [min(w, q) for w in ws]


def swing_counts(game: WeightedVotingGame) -> list[list[int]]:
    """s[i][k]: the number of coalitions S ⊆ N∖{i}, |S| = k, for which i is a swing
    (q − w_i ≤ w(S) < q). Exact, O(n² q) big-integer additions on packed rows."""
    n = game.n
    q, ws = integer_form(game)
    bits = (n + 1) * q * (n + 1)
    if bits > MAX_DP_BITS:
        raise UnsupportedError(
            f"the weight dynamic programme for {n} players and quota {q} (in lowest integer terms) needs "
            f"{bits / 8e6:,.0f} MB; the limit is {MAX_DP_BITS / 8e6:,.0f} MB (declcoal.concepts.tu.power.MAX_DP_BITS)"
        )
    B = n + 1
    mask = (1 << (q * B)) - 1
    C = [1] + [0] * n  # C[k]: packed counts of k-subsets of N by weight (< q)
    for j, w in enumerate(ws):
        sh = w * B
        for k in range(j + 1, 0, -1):
            if C[k - 1]:
                C[k] = (C[k] + (C[k - 1] << sh)) & mask
    fold = (1 << B) - 1
    by_weight: dict[int, list[int]] = {}
    for w in sorted(set(ws)):
        sh = w * B
        D = [1] + [0] * (n - 1)  # counts of subsets of N∖{i} for one player i of weight w
        for k in range(1, n):
            D[k] = C[k] - ((D[k - 1] << sh) & mask)
        low = (q - w) * B
        by_weight[w] = [(d >> low) % fold if w else 0 for d in D]
    return [by_weight[w] for w in ws]


@dataclass
class PowerIndices:
    """Shapley–Shubik index, Banzhaf value and normalised Banzhaf index, with the
    swing counts they come from."""

    game: str
    players: tuple[str, ...]
    shapley_shubik: list[Fraction]
    banzhaf: list[Fraction]
    banzhaf_normalized: list[Fraction]
    swings: list[int]
    seconds: float = 0.0


def power_indices(game: WeightedVotingGame) -> PowerIndices:
    """All three indices from one dynamic programme (see the module docstring;
    Shapley & Shubik 1954, Banzhaf 1965)."""
    n = game.n
    with timed() as t:
        s = swing_counts(game)
        fact = [math.factorial(k) for k in range(n + 1)]
        ss = [Fraction(sum(fact[k] * fact[n - 1 - k] * c for k, c in enumerate(row)), fact[n]) for row in s]
        swings = [sum(row) for row in s]
        total = sum(swings)
        bz = [Fraction(x, 2 ** (n - 1)) for x in swings]
        bzn = [Fraction(x, total) if total else Fraction(0) for x in swings]
    return PowerIndices(game.name, game.players, ss, bz, bzn, swings, t.seconds)


def _result(game: WeightedVotingGame, concept: str, values: list[Fraction], seconds: float, **params) -> ValueResult:
    return ValueResult(concept, "dynamic programme over weights (pseudo-polynomial)", EXACT, game.name, game.players,
                       values, seconds, {"quota": game.quota, **params})


def shapley_shubik_index(game: WeightedVotingGame) -> ValueResult:
    """The Shapley–Shubik index (Shapley & Shubik 1954) of a weighted voting game: its
    Shapley value, φ_i = Σ_k k!(n−1−k)!/n! · s_i(k), exact for hundreds of players."""
    p = power_indices(game)
    return _result(game, "shapley", p.shapley_shubik, p.seconds)


def banzhaf_index(game: WeightedVotingGame, normalized: bool = False) -> ValueResult:
    """The Banzhaf value β_i = (swings of i) / 2^{n−1} (Banzhaf 1965; Dubey & Shapley
    1979), or with ``normalized`` the Banzhaf index β_i / Σ_j β_j."""
    p = power_indices(game)
    vals = p.banzhaf_normalized if normalized else p.banzhaf
    return _result(game, "banzhaf index" if normalized else "banzhaf", vals, p.seconds,
                   swings=p.swings, normalized=normalized)
