"""Exact linear algebra on Python integers (fraction-free), for certificates.

Gaussian elimination in :class:`fractions.Fraction` normalises every entry by a gcd at
every operation; Bareiss's fraction-free elimination (Bareiss 1968) keeps every entry
an integer minor of the input instead, and divides exactly by the previous pivot. The
coalition LPs' bases are small (n + 1 rows of 0/1 entries plus one weight column), so
this solves them in a few milliseconds at n = 22 where Fractions take tens.
"""
from __future__ import annotations

import math
from fractions import Fraction
from collections.abc import Sequence


def _row_ints(row: Sequence[Fraction | int], extra: Sequence[Fraction | int] = ()) -> list[int]:
    """The row (and its right-hand sides) scaled by the lcm of its denominators."""
    vals = list(row) + list(extra)
    den = math.lcm(*(v.denominator for v in vals if type(v) is not int)) if vals else 1
    if den == 1:
        return [int(v) for v in vals]
    return [v * den if type(v) is int else v.numerator * (den // v.denominator) for v in vals]


def solve(A: Sequence[Sequence[Fraction | int]], B: Sequence[Sequence[Fraction | int]]) -> list[list[Fraction]] | None:
    """Solve A X = B exactly for square A (k×k) and k×m right-hand sides B.

    Returns X as k rows of m Fractions, or None if A is singular. Each row of [A | B]
    is first scaled to integers (which leaves X unchanged), then reduced by
    fraction-free Gauss–Jordan elimination: after step p every entry is a (p+1)×(p+1)
    minor, the division by the previous pivot is exact, and at the end the left block
    is det·I and the right block det·X.
    """
    k = len(A)
    m = len(B[0]) if k else 0
    M = [_row_ints(A[i], B[i]) for i in range(k)]
    prev = 1
    for c in range(k):
        piv = next((r for r in range(c, k) if M[r][c] != 0), None)
        if piv is None:
            return None
        if piv != c:
            M[c], M[piv] = M[piv], M[c]
        pc = M[c]
        p = pc[c]
        for r in range(k):
            if r == c:
                continue
            row = M[r]
            f = row[c]
            if f == 0:
                if p != prev:  # keep the invariant: every row carries the current scale
                    M[r] = [(p * a) // prev for a in row]
                continue
            M[r] = [(p * a - f * b) // prev for a, b in zip(row, pc)]
        prev = p
    det = prev
    # after Gauss–Jordan the left block is diag(det, ..., det) up to the row swaps done
    return [[Fraction(M[i][k + j], M[i][i]) for j in range(m)] for i in range(k)]


def solve_vec(A: Sequence[Sequence[Fraction | int]], b: Sequence[Fraction | int]) -> list[Fraction] | None:
    """Solve A x = b exactly (square A); None if singular."""
    X = solve(A, [[v] for v in b])
    return None if X is None else [r[0] for r in X]


def transpose(A: Sequence[Sequence[object]]) -> list[list[object]]:
    return [list(col) for col in zip(*A)]


class IntSpan:
    """Incremental exact rank test for integer vectors (row echelon form over Q kept in
    integers: each stored row is primitive, its pivot the first non-zero entry)."""

    def __init__(self, n: int):
        self.n = n
        self.rows: list[tuple[int, list[int]]] = []

    def reduce(self, v: Sequence[int]) -> list[int]:
        w = list(v)
        for piv, row in self.rows:
            a = w[piv]
            if a:
                p = row[piv]
                w = [p * x - a * y for x, y in zip(w, row)]
                g = math.gcd(*w)
                if g > 1:
                    w = [x // g for x in w]
        return w

    def try_add(self, v: Sequence[int]) -> bool:
        w = self.reduce(v)
        piv = next((i for i, a in enumerate(w) if a), None)
        if piv is None:
            return False
        g = math.gcd(*w)
        if w[piv] < 0:
            g = -g
        self.rows.append((piv, [x // g for x in w]))
        return True

    def contains(self, v: Sequence[int]) -> bool:
        return not any(self.reduce(v))

    @property
    def rank(self) -> int:
        return len(self.rows)

    def nullspace(self) -> list[list[int]]:
        """An integer basis of {z : r·z = 0 for every stored row r}."""
        n = self.n
        # reduced row echelon over Q, then integer scaling of each null vector
        rref: list[tuple[int, list[Fraction]]] = []
        for piv, row in sorted(self.rows):
            r = [Fraction(x, row[piv]) for x in row]
            for j, (q, other) in enumerate(rref):
                if other[piv]:
                    f = other[piv]
                    rref[j] = (q, [a - f * b for a, b in zip(other, r)])
            for q, other in rref:
                if r[q]:
                    f = r[q]
                    r = [a - f * b for a, b in zip(r, other)]
            rref.append((piv, r))
        pivots = {p: r for p, r in rref}
        out = []
        for f in range(n):
            if f in pivots:
                continue
            z = [Fraction(0)] * n
            z[f] = Fraction(1)
            for p, r in pivots.items():
                z[p] = -r[f]
            den = math.lcm(*(v.denominator for v in z))
            out.append([int(v * den) for v in z])
        return out
