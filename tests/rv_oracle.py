"""An independent oracle for Ray & Vohra (2025), written from the paper only.

Used by ``tests/test_nash_independent.py`` to cross-check declcoal's coalitional Nash
solution, its §5.1 recursion, the naive path of Theorem 2, Theorem 3 and the
Dutta–Ray constrained egalitarian solution E(S) of §5.4. It deliberately shares no code
with ``declcoal.concepts``: plain dicts and tuples of ``Fraction``, coalitions as
bitmasks (player i <-> bit i), points of R^S in ascending member order.

Method (different from declcoal's branch and bound / Z3 enumeration):

* **Finite F** (G = (F, Θ, d), §2): brute force from the definitions. x ∈ F is blocked
  by (S, y) when y ≫ x_S. A coalition with no listed threats is ineffective,
  Θ(S) = {d_S} ([Dom 2] / §2.1), so in particular every singleton without listed
  threats blocks x with x_i < d_i. σ(G) = argmax over U(G) of Π (x_j − d_j)^{γ_j}
  (eq. (2)); products are compared exactly by raising them to the common denominator of
  the γ_j.

* **TU sets** F = {x ≥ 0, Σ x ≤ v}: the unblocked set is
  U = {x ∈ F : for every threat (S, y) some i ∈ S has x_i ≥ y_i}. Choosing one
  "defender" per threat gives the polytope {x ∈ F : x ≥ L} with L the componentwise max
  of the defended coordinates, and U is the union over all defender choices. The choices
  are enumerated threat by threat, level by level, on the set of lower-bound vectors L:
  a threat already defended by L (some L_i ≥ y_i) adds nothing; L with Σ L > v is an
  empty polytope and is dropped; L ≥ L' (componentwise) is dropped because its polytope
  is inside that of L' and every later step is monotone. The union is unchanged by all
  three reductions.

  *Why efficiency suffices.* If x ∈ U and Σ x < v, raising every coordinate keeps x
  feasible and unblocked (blocking needs y ≫ x_S, harder for larger x) and strictly
  raises a positive Nash product. So when the maximum of the product over U is positive,
  every maximiser has Σ x = v. When the maximum is 0: a polytope with Σ L < v contains
  a point ≫ 0 (L + ε·1) with positive product, so a zero maximum means every nonempty
  polytope has Σ L = v, i.e. is the single point L; then U is the finite set of those
  points, all efficient, all maximisers.

  *The maximiser on one piece* {x ≥ L, Σ x = v} (L ≥ 0, Σ L < v) of Σ γ_i log x_i:
  strictly concave, so unique; KKT: γ_i / x_i = μ − λ_i with λ_i ≥ 0 and
  λ_i (x_i − L_i) = 0, i.e. x_i = max(L_i, γ_i t) with t = 1/μ fixed by Σ x = v.
  t is found by peeling: start with everybody "free", t = (v − Σ_bound L)/Σ_free γ;
  anybody free with L_i > γ_i t must be bound at the optimum (f(t) = Σ max(L_i, γ_i t)
  is ≥ Σ_bound L + Σ_free γ t, so the true t* is ≤ the current t); repeat until nobody
  new binds. The result is then re-verified against the KKT conditions exactly.

* **§5.1 recursion** (eqs. (31)–(32)): Θ*({i}) = F({i}) = [0, v(i)] — only its top
  v(i) can block anything, so it is stored as the single threat v(i); bottom-up,
  U*(S) unblocked by every point of every Θ*(T), T ⊂ S; σ*(S) = argmax; an empty U*(S)
  makes S ineffective with Θ*(S) = {0_S}. Every point of a multi-valued σ*(T) is a
  threat. Per-coalition weights γ(S) are a function of S.

* **Naive set** (eq. (33)): threats ψ(T), ψ_i(T) = γ_i(T) v(T) / Σ_{j∈T} γ_j(T), for
  every T ⊂ S, effective or not.

* **E(S)** (§5.4): E({i}) = {v(i)}; U^e(S) unblocked by every point of E(T), T ⊂ S; E(S)
  = Lorenz-maximal elements of U^e(S). Lorenz dominance is implemented literally from
  §5.4 (sort ascending, compare all partial sums, one strictly). Candidates: on each
  piece {x ≥ L, Σ x = v} the point w = max(L, t) (equal-weight water filling)
  weakly Lorenz-dominates every point of the piece (for k ≤ #free: the k smallest of any
  y sum to ≤ k·(Σ_free y)/#free ≤ k t; for larger k compare the complementary largest
  coordinates, which are ≥ the largest L's), and any y with the same Lorenz curve has the
  same Σ log, so y = w by strict concavity. Hence L(U^e(S)) = L({w_P}) and only the
  piece representatives have to be compared. Inefficient points are dominated by
  x + ε·1 (generalised Lorenz order), so E(S) ⊆ {Σ x = v(S)}. An empty U^e(S) gives
  E(S) = ∅ (no threat).
"""
from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import lcm
from typing import Callable, Iterable, Sequence

Point = tuple[Fraction, ...]
F0 = Fraction(0)


# ------------------------------------------------------------------ coalitions
def members(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def proper_subcoalitions(mask: int) -> Iterable[int]:
    sub = (mask - 1) & mask
    while sub:
        yield sub
        sub = (sub - 1) & mask


def blocks(S: int, y: Sequence[Fraction], x: Sequence[Fraction]) -> bool:
    """(S, y) blocks x (indexed by player) iff y ≫ x_S."""
    return all(yi > x[i] for i, yi in zip(members(S), y))


# ------------------------------------------------------------------ products
def _exponents(gamma: Sequence[Fraction]) -> list[int]:
    D = lcm(*[Fraction(g).denominator for g in gamma])
    return [int(Fraction(g) * D) for g in gamma]


def power_product(gains: Sequence[Fraction], gamma: Sequence[Fraction]) -> Fraction:
    """Π gains_j^{γ_j D}, D the common denominator: a monotone transform of the Nash
    product that is an exact rational."""
    out = Fraction(1)
    for z, e in zip(gains, _exponents(gamma)):
        out *= Fraction(z) ** e
    return out


def argmax_points(points: Iterable[Point], key: Callable[[Point], Fraction]) -> list[Point]:
    best: Fraction | None = None
    out: list[Point] = []
    for p in points:
        k = key(p)
        if best is None or k > best:
            best, out = k, [p]
        elif k == best and p not in out:
            out.append(p)
    return sorted(out)


# ------------------------------------------------------------------ finite G
def finite_sigma(
    F: Sequence[Point],
    threats: dict[int, list[Point]],
    d: Sequence[Fraction],
    gamma: Sequence[Fraction],
) -> list[Point]:
    """σ(G) for finite F by brute force (eq. (2)); threats[S] = Θ(S) for S ⊂ N listed,
    unlisted sub-coalitions are ineffective, Θ(S) = {d_S}."""
    n = len(d)
    full = (1 << n) - 1
    allth: list[tuple[int, Point]] = []
    for S in range(1, full):
        pts = threats.get(S) or [tuple(d[i] for i in members(S))]
        allth += [(S, tuple(p)) for p in pts]
    U = [tuple(x) for x in F if not any(blocks(S, y, x) for S, y in allth)]
    return argmax_points(U, lambda x: power_product([x[j] - d[j] for j in range(n)], gamma))


# ------------------------------------------------------------------ TU pieces
def pieces(n: int, v: Fraction, threats: Iterable[tuple[int, Point]]) -> list[Point]:
    """Minimal lower-bound vectors L whose polytopes {x ≥ L, Σ x ≤ v} cover U (d = 0)."""
    return pieces_from(n, v, threats, tuple([F0] * n))


def waterfill(L: Sequence[Fraction], v: Fraction, gamma: Sequence[Fraction]) -> Point:
    """argmax of Π x_i^{γ_i} on {x ≥ L, Σ x = v}, L ≥ 0, Σ L ≤ v; KKT-verified."""
    n = len(L)
    if sum(L) == v:
        return tuple(L)
    bound: set[int] = set()
    while True:
        free = [i for i in range(n) if i not in bound]
        t = (v - sum(L[i] for i in bound)) / sum(gamma[i] for i in free)
        newly = {i for i in free if L[i] > gamma[i] * t}
        if not newly:
            break
        bound |= newly
    x = tuple(L[i] if i in bound else gamma[i] * t for i in range(n))
    # exact KKT certificate
    assert sum(x) == v and all(a >= b for a, b in zip(x, L))
    assert t > 0
    for i in range(n):
        if x[i] > L[i]:
            assert x[i] == gamma[i] * t  # multiplier λ_i = 0
        else:
            assert L[i] >= gamma[i] * t  # λ_i = 1/t − γ_i/L_i ≥ 0
    return x


def tu_sigma(
    n: int,
    v: Fraction,
    threats: Iterable[tuple[int, Point]],
    gamma: Sequence[Fraction],
    d: Sequence[Fraction] | None = None,
) -> list[Point]:
    """σ(G) for G = (TU set {x ≥ 0, Σx ≤ v}, Θ, d) with threats as (local mask, point).
    Unlisted singletons are ineffective, Θ({i}) = {d_i}, which blocks x_i < d_i; so the
    pieces start from L = max(0, d) and the Nash product of gains x − d is maximised on
    each piece by water filling the gains."""
    d = tuple(d) if d is not None else tuple([F0] * n)
    th = list(threats)
    # ineffective singletons block x_i < d_i: add (i, d_i) as a threat (Θ({i}) ∋ d_i)
    th += [(1 << i, (d[i],)) for i in range(n)]
    # shift: x = max(0,d) + ... handled generally: lower bounds start at max(0, d)
    base = tuple(max(F0, di) for di in d)
    front = pieces_from(n, v, th, base)
    cands = []
    for L in front:
        # maximise Π (x - d)^γ on {x ≥ L, Σ x = v}: gains z = x - d ≥ L - d, Σ z = v - Σ d
        z = waterfill(tuple(a - b for a, b in zip(L, d)), v - sum(d), gamma)
        cands.append(tuple(zi + di for zi, di in zip(z, d)))
    return argmax_points(cands, lambda x: power_product([x[j] - d[j] for j in range(n)], gamma))


def pieces_from(n: int, v: Fraction, threats, base: Point) -> list[Point]:
    """Defender-choice enumeration (see the module docstring), starting from x ≥ base.
    A threat with a coordinate y_i ≤ base_i is defended by every L and adds nothing."""
    front: set[Point] = {tuple(base)}
    if sum(base) > v:
        return []
    for S, y in threats:
        mem = members(S)
        new: set[Point] = set()
        for L in front:
            if any(L[i] >= yi for i, yi in zip(mem, y)):
                new.add(L)
                continue
            for i, yi in zip(mem, y):
                L2 = list(L)
                L2[i] = yi
                if sum(L2) <= v:
                    new.add(tuple(L2))
        lst = sorted(new, key=sum)
        keep: list[Point] = []
        for L in lst:
            if not any(all(a <= b for a, b in zip(K, L)) for K in keep):
                keep.append(L)
        front = set(keep)
        if not front:
            return []
    return sorted(front)


def _local(S: int, T: int, y: Point) -> tuple[int, Point]:
    """Re-index threat (T, y), T ⊂ S (global masks), to S's member positions."""
    pos = {p: k for k, p in enumerate(members(S))}
    mask = 0
    for i in members(T):
        mask |= 1 << pos[i]
    return mask, y


# ------------------------------------------------------------------ §5.1 recursion
def tu_recursive(
    n: int, v: dict[int, Fraction], gamma: Callable[[int], Sequence[Fraction]]
) -> tuple[dict[int, list[Point]], dict[int, bool]]:
    """σ*(S) and effectiveness for every coalition S (eqs. (31)–(32)). v missing = 0."""
    sigma: dict[int, list[Point]] = {}
    eff: dict[int, bool] = {}
    theta: dict[int, list[Point]] = {}
    for S in sorted(range(1, 1 << n), key=lambda m: (m.bit_count(), m)):
        vS = Fraction(v.get(S, 0))
        if S.bit_count() == 1:
            sigma[S] = [(vS,)]
            theta[S] = [(vS,)]
            eff[S] = True
            continue
        th = [_local(S, T, y) for T in proper_subcoalitions(S) for y in theta[T]]
        k = S.bit_count()
        sol = tu_sigma(k, vS, th, gamma(S))
        sigma[S] = sol
        eff[S] = bool(sol)
        theta[S] = sol if sol else [tuple([F0] * k)]
    return sigma, eff


def tu_naive(n: int, v: dict[int, Fraction], gamma: Callable[[int], Sequence[Fraction]], S: int) -> list[Point]:
    """argmax over U^naive(S) (eq. (33)): threats ψ(T) for every T ⊂ S."""
    k = S.bit_count()
    if k == 1:
        return [(Fraction(v.get(S, 0)),)]
    th = []
    for T in proper_subcoalitions(S):
        g = gamma(T)
        vT = Fraction(v.get(T, 0))
        psi = tuple(gi * vT / sum(g) for gi in g)
        th.append(_local(S, T, psi))
    return tu_sigma(k, Fraction(v.get(S, 0)), th, gamma(S))


# ------------------------------------------------------------------ NTU recursion
def ntu_recursive(
    n: int, F: dict[int, list[Point]], gamma: Callable[[int], Sequence[Fraction]]
) -> tuple[dict[int, list[Point]], dict[int, bool]]:
    """§5.1 with finite F(S) (missing: {0}); brute force."""
    sigma: dict[int, list[Point]] = {}
    eff: dict[int, bool] = {}
    theta: dict[int, list[Point]] = {}
    for S in sorted(range(1, 1 << n), key=lambda m: (m.bit_count(), m)):
        k = S.bit_count()
        FS = [tuple(Fraction(q) for q in p) for p in F.get(S, [tuple([0] * k)])]
        if k == 1:
            theta[S] = FS  # Θ*({i}) = F({i})
            sigma[S] = argmax_points(FS, lambda x: x[0])
            eff[S] = True
            continue
        th = [_local(S, T, y) for T in proper_subcoalitions(S) for y in theta[T]]
        U = [x for x in FS if not any(blocks(T, y, x) for T, y in th)]
        g = gamma(S)
        sol = argmax_points(U, lambda x: power_product(x, g))
        sigma[S] = sol
        eff[S] = bool(sol)
        theta[S] = sol if sol else [tuple([F0] * k)]
    return sigma, eff


# ------------------------------------------------------------------ Lorenz / E(S)
def lorenz_dominates(x: Sequence[Fraction], y: Sequence[Fraction]) -> bool:
    """x majorizes (Lorenz-dominates) y, §5.4: sorted ascending, every partial sum of x
    ≥ that of y, one strictly."""
    xs, ys = sorted(x), sorted(y)
    sx = sy = F0
    strict = False
    for a, b in zip(xs, ys):
        sx += a
        sy += b
        if sx < sy:
            return False
        if sx > sy:
            strict = True
    return strict


def lorenz_maximal(A: Iterable[Point]) -> list[Point]:
    A = sorted(set(A))
    return [x for x in A if not any(lorenz_dominates(y, x) for y in A)]


def egalitarian(n: int, v: dict[int, Fraction], naive: bool = False) -> dict[int, list[Point]]:
    """E(S) for every S (§5.4); naive=True uses equal division e(T) as the only threat."""
    E: dict[int, list[Point]] = {}
    for S in sorted(range(1, 1 << n), key=lambda m: (m.bit_count(), m)):
        vS = Fraction(v.get(S, 0))
        k = S.bit_count()
        if k == 1:
            E[S] = [(vS,)]
            continue
        if naive:
            th = [_local(S, T, tuple([Fraction(v.get(T, 0)) / T.bit_count()] * T.bit_count()))
                  for T in proper_subcoalitions(S)]
        else:
            th = [_local(S, T, y) for T in proper_subcoalitions(S) for y in E[T]]
        reps = [waterfill(L, vS, [Fraction(1)] * k) for L in pieces_from(k, vS, th, tuple([F0] * k))]
        E[S] = lorenz_maximal(reps)
    return E


# ------------------------------------------------------------------ Theorem 3
def theorem3_y(n: int, v: dict[int, Fraction], gamma: Sequence[Fraction]) -> tuple[list[int], Point]:
    """The partition S_1, S_2, … of the proof (argmax α(S) = v(S)/γ_S, any tie) and the
    stacked unconstrained Nash payoffs y_i = γ_i α(S_k)."""
    rest = (1 << n) - 1
    parts = []
    y = [F0] * n
    while rest:
        best = None
        for S in range(1, rest + 1):
            if S & rest != S:
                continue
            a = Fraction(v.get(S, 0)) / sum(gamma[i] for i in members(S))
            if best is None or a > best[0]:
                best = (a, S)
        a, S = best
        parts.append(S)
        for i in members(S):
            y[i] = gamma[i] * a
        rest &= ~S
    return parts, tuple(y)


def is_gcs(n: int, v: dict[int, Fraction]) -> bool:
    """v(N) ≥ Σ v(S_k) over every partition of N (partition form; see docs)."""
    full = (1 << n) - 1

    def best(mask: int) -> Fraction:
        if mask == 0:
            return F0
        low = mask & -mask
        out = None
        rest = mask & ~low
        sub = rest
        while True:
            S = sub | low
            if S != full:
                val = Fraction(v.get(S, 0)) + best(mask & ~S)
                out = val if out is None or val > out else out
            if sub == 0:
                break
            sub = (sub - 1) & rest
        return out if out is not None else F0

    return Fraction(v.get(full, 0)) >= best(full)


__all__ = [
    "argmax_points", "blocks", "egalitarian", "finite_sigma", "is_gcs", "lorenz_dominates",
    "lorenz_maximal", "members", "ntu_recursive", "pieces", "power_product", "theorem3_y",
    "tu_naive", "tu_recursive", "tu_sigma", "waterfill",
]
