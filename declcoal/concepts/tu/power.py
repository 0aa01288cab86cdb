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

__all__ = ["banzhaf_swings", "banzhaf_work", "dp_work", "check_dp_work", "swing_counts", "shapley_shubik_index", "banzhaf_index", "power_indices", "PowerIndices", "MAX_DP_BITS"]


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


def dp_work(game: WeightedVotingGame) -> int:
    """Bits the weight dynamic programme touches: n players × the sizes k with a
    coalition of weight < q (k ≤ min(n, ⌈q / w_min⌉)) × one row of q counts of n + 1 bits.
    Games whose weights are all equal need no programme (0)."""
    n = game.n
    q, ws = integer_form(game)
    if len(set(ws)) <= 1:
        return 0
    wmin = max(min(ws), 1)
    return n * min(n, -(-q // wmin)) * q * (n + 1)


def check_dp_work(game: WeightedVotingGame, max_work: int | None = None) -> None:
    """Refuse at once (exit 2) when :func:`dp_work` exceeds ``max_work`` (default
    :data:`declcoal.limits.WEIGHT_DP_WORK`; docs/limits.md)."""
    from ... import limits

    limit = limits.WEIGHT_DP_WORK if max_work is None else max_work
    work = dp_work(game)
    if work > limit:
        q, _ = integer_form(game)
        raise limits.refuse(f"{game.n} players, quota {q:,} in lowest integer terms: bit operations of the weight "
                            f"dynamic programme", work, limit, "--max-dp-work N")


def _equal_weight_swings(n: int, q: int, w: int) -> list[list[int]]:
    """Every weight w: player i is a swing for S ⊆ N∖{i} exactly when |S| = ⌈q/w⌉ − 1
    (and that size exists), for C(n − 1, k) coalitions S of that size."""
    row = [0] * n
    if w > 0:
        k = -(-q // w) - 1
        if 0 <= k <= n - 1:
            row[k] = math.comb(n - 1, k)
    return [list(row) for _ in range(n)]


def swing_counts(game: WeightedVotingGame, max_work: int | None = None) -> list[list[int]]:
    """s[i][k]: the number of coalitions S ⊆ N∖{i}, |S| = k, for which i is a swing
    (q − w_i ≤ w(S) < q). Exact, O(n² q) big-integer additions on packed rows; refused
    at once above ``max_work`` bit operations (:func:`check_dp_work`)."""
    from ... import progress

    n = game.n
    q, ws = integer_form(game)
    if len(set(ws)) <= 1:  # symmetric: one size is pivotal (closed form, any n)
        return _equal_weight_swings(n, q, ws[0] if ws else 0)
    check_dp_work(game, max_work)
    bits = (n + 1) * q * (n + 1)
    if bits > MAX_DP_BITS:
        raise UnsupportedError(
            f"the weight dynamic programme for {n} players and quota {q} (in lowest integer terms) needs "
            f"{bits / 8e6:,.0f} MB; the limit is {MAX_DP_BITS / 8e6:,.0f} MB (declcoal.concepts.tu.power.MAX_DP_BITS)"
        )
    B = n + 1
    mask = (1 << (q * B)) - 1
    C = [1] + [0] * n  # C[k]: packed counts of k-subsets of N by weight (< q)
    top = 0  # the largest k with C[k] ≠ 0
    with progress.task("players (weight dynamic programme)", n + len(set(ws))) as bar:
        for w in ws:
            if w < q:
                sh = w * B
                keep = (1 << ((q - w) * B)) - 1  # counts that stay below q after adding w
                for k in range(min(top + 1, n), 0, -1):
                    C[k] += (C[k - 1] & keep) << sh  # no carry: every count < 2^n < 2^B
                if C[top + 1] if top < n else 0:
                    top += 1
            bar.advance()
        fold = (1 << B) - 1
        by_weight: dict[int, list[int]] = {}
        for w in sorted(set(ws)):
            sh = w * B
            D = [1] + [0] * (n - 1)  # counts of subsets of N∖{i} for one player i of weight w
            for k in range(1, n):
                D[k] = C[k] - ((D[k - 1] << sh) & mask)
            low = (q - w) * B
            by_weight[w] = [(d >> low) % fold if w else 0 for d in D]
            bar.advance()
    return [by_weight[w] for w in ws]


def banzhaf_work(game: WeightedVotingGame) -> int:
    """Bits the size-free programme of :func:`banzhaf_swings` touches: n rows of q counts
    of n + 1 bits (0 for equal weights)."""
    q, ws = integer_form(game)
    return 0 if len(set(ws)) <= 1 else game.n * q * (game.n + 1)


def banzhaf_swings(game: WeightedVotingGame, max_work: int | None = None) -> list[int]:
    """η_i: the number of S ⊆ N∖{i} with q − w_i ≤ w(S) < q — what the Banzhaf value
    needs (Banzhaf 1965), without the coalition sizes the Shapley–Shubik index needs:
    c[w] = #{S : w(S) = w} from Π_j (1 + x^{w_j}) on one packed integer (n shifts and
    additions), then for each distinct weight w the counts of N∖{i} by dividing out
    (1 + x^w): d[t] = c[t] − d[t − w] (O(q) additions). Exact; n · q · (n + 1) bits."""
    from ... import limits, progress

    n = game.n
    q, ws = integer_form(game)
    if len(set(ws)) <= 1:
        return [sum(row) for row in _equal_weight_swings(n, q, ws[0] if ws else 0)]
    limit = limits.WEIGHT_DP_WORK if max_work is None else max_work
    work = banzhaf_work(game)
    if work > limit:
        raise limits.refuse(f"{n} players, quota {q:,} in lowest integer terms: bit operations of the Banzhaf weight "
                            f"dynamic programme", work, limit, "--max-dp-work N")
    nbytes = (n + 8) // 8 + 1  # a whole number of bytes per count (< 2^n) keeps unpacking cheap
    B = 8 * nbytes
    C = 1
    with progress.task("players (Banzhaf weight programme)", n) as bar:
        for w in ws:
            if w < q:
                C += (C & ((1 << ((q - w) * B)) - 1)) << (w * B)
            bar.advance()
    raw = C.to_bytes(q * nbytes, "little")
    c = [int.from_bytes(raw[t * nbytes:(t + 1) * nbytes], "little") for t in range(q)]
    by_weight: dict[int, int] = {}
    for w in sorted(set(ws)):
        if w == 0:
            by_weight[w] = 0
            continue
        d = c[:]
        for t in range(w, q):
            d[t] = c[t] - d[t - w]
        by_weight[w] = sum(d[max(q - w, 0):q])
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


def power_indices(game: WeightedVotingGame, max_work: int | None = None) -> PowerIndices:
    """All three indices from one dynamic programme (see the module docstring;
    Shapley & Shubik 1954, Banzhaf 1965); refused at once above ``max_work`` bit
    operations (:func:`dp_work`, default :data:`declcoal.limits.WEIGHT_DP_WORK`)."""
    n = game.n
    with timed() as t:
        s = swing_counts(game, max_work)
        fact = [math.factorial(k) for k in range(n + 1)]
        coef = [fact[k] * fact[n - 1 - k] for k in range(n)]  # k!(n−1−k)!
        memo: dict[tuple[int, ...], Fraction] = {}  # players of equal weight share their row

        def shapley_shubik(row: list[int]) -> Fraction:
            key = tuple(row)
            if key not in memo:
                memo[key] = Fraction(sum(coef[k] * c for k, c in enumerate(row) if c), fact[n])
            return memo[key]

        ss = [shapley_shubik(row) for row in s]
        swings = [sum(row) for row in s]
        total = sum(swings)
        bz = [Fraction(x, 2 ** (n - 1)) for x in swings]
        bzn = [Fraction(x, total) if total else Fraction(0) for x in swings]
    return PowerIndices(game.name, game.players, ss, bz, bzn, swings, t.seconds)


def _result(game: WeightedVotingGame, concept: str, values: list[Fraction], seconds: float, **params) -> ValueResult:
    return ValueResult(concept, "dynamic programme over weights (pseudo-polynomial)", EXACT, game.name, game.players,
                       values, seconds, {"quota": game.quota, **params})


def shapley_shubik_index(game: WeightedVotingGame, max_work: int | None = None) -> ValueResult:
    """The Shapley–Shubik index (Shapley & Shubik 1954) of a weighted voting game: its
    Shapley value, φ_i = Σ_k k!(n−1−k)!/n! · s_i(k), exact for hundreds of players."""
    p = power_indices(game, max_work)
    return _result(game, "shapley", p.shapley_shubik, p.seconds)


def banzhaf_index(game: WeightedVotingGame, normalized: bool = False, max_work: int | None = None) -> ValueResult:
    """The Banzhaf value β_i = (swings of i) / 2^{n−1} (Banzhaf 1965; Dubey & Shapley
    1979), or with ``normalized`` the Banzhaf index β_i / Σ_j β_j."""
    with timed() as t:
        swings = banzhaf_swings(game, max_work)
        total = sum(swings)
        if normalized:
            vals = [Fraction(x, total) if total else Fraction(0) for x in swings]
        else:
            vals = [Fraction(x, 2 ** (game.n - 1)) for x in swings]
    return _result(game, "banzhaf index" if normalized else "banzhaf", vals, t.seconds,
                   swings=swings, normalized=normalized)
