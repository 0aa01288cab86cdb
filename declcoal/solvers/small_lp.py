"""Exact linear programs with a handful of variables: an integer-preserving simplex.

Tick's tightening LPs of a 3- or 4-player game have 4–5 variables (the shares and the
common level t) and at most 2^n + n rows. For these the fixed cost of HiGHS (model
construction, a float solve, then a rational certificate) dominates. This module
solves such LPs *exactly* without floats:

* the LP ``max c·z  s.t.  a_r·z ≥ b_r / = b_r`` (z free) is solved through its dual
  ``min −b·u  s.t.  Σ_r u_r a_r = −c``, u_r ≥ 0 on ``≥`` rows (free on ``=`` rows),
  which has only d equality rows (d = number of variables) — a d × (rows + d)
  tableau;
* the tableau is kept in integers (fraction-free, "integer-preserving" pivoting of
  Edmonds / Bareiss: every entry is a minor of the input, the common denominator D
  is the current basis determinant, each update is an exact integer division);
* two phases with Bland's rule (no cycling, exact, so degeneracy is harmless);
* every answer carries a certificate that is checked in integer arithmetic before it
  is returned: an optimum by primal feasibility of z, dual feasibility of the
  multipliers and equal objective values; infeasibility by a Farkas vector
  (u ≥ 0 on ``≥`` rows, Σ u_r a_r = 0, Σ u_r b_r > 0); unboundedness by a feasible
  point and a direction d (a_r·d ≥ 0, = 0 on equalities, c·d > 0).

A failed certificate raises :class:`CertificateError` (callers fall back to the
general path of :mod:`declcoal.solvers.lp`); it has not been observed.

The dual sign convention is the one of :mod:`declcoal.solvers.lp`: ``duals[r]`` is
λ_r with c = Σ_r λ_r a_r and λ_r ≤ 0 on ``≥`` rows (maximisation).
"""
from __future__ import annotations

from fractions import Fraction
from math import lcm
from operator import mul
from typing import Sequence

OPTIMAL = "optimal"
INFEASIBLE = "infeasible"
UNBOUNDED = "unbounded"

#: LPs solved by this module in this process (benchmarks and results report it).
CALLS = [0]


class CertificateError(ArithmeticError):
    """An answer of the small simplex failed its exact check (never expected)."""


class SmallSolution:
    """Status and exact answer. Optimal: ``x`` (= zn / D), ``value`` (set by
    :func:`solve`), ``duals``; the raw integers ``zn``, ``u`` (λ_r = −u_r / D, of the
    rows as :func:`solve_int` received them) and ``D`` are kept for callers that only
    need signs. Infeasible: ``farkas`` (u ≥ 0 on ``≥`` rows, Σ u_r a_r = 0,
    Σ u_r b_r > 0). Unbounded: ``x`` is a feasible point."""

    __slots__ = ("status", "D", "zn", "u", "_x", "value", "_duals", "farkas")

    def __init__(self, status, D=1, zn=None, u=None, farkas=None, x=None):
        self.status = status
        self.D = D
        self.zn = zn
        self.u = u
        self._x = x
        self.value = None
        self._duals = None
        self.farkas = farkas

    @property
    def optimal(self) -> bool:
        return self.status == OPTIMAL

    @property
    def x(self) -> list[Fraction] | None:
        if self._x is None and self.zn is not None:
            self._x = [Fraction(v, self.D) for v in self.zn]
        return self._x

    @property
    def duals(self) -> list[Fraction] | None:
        if self._duals is None and self.u is not None:
            self._duals = [Fraction(-v, self.D) if v else Fraction(0) for v in self.u]
        return self._duals


def int_row(coeffs: Sequence[int | Fraction], rhs: int | Fraction) -> tuple[list[int], int, int]:
    """The row scaled by the least common denominator L of its entries: (ints, rhs, L)."""
    dens = [v.denominator for v in coeffs if type(v) is not int]
    if type(rhs) is not int:
        dens.append(rhs.denominator)
    if not dens:
        return list(coeffs), rhs, 1  # type: ignore[return-value]
    L = lcm(*dens)
    if L == 1:
        return [int(v) for v in coeffs], int(rhs), 1
    return [int(v * L) for v in coeffs], int(rhs * L), L


# ----------------------------------------------------------------------- tableau
def _pivot(T: list[list[int]], obj: list[int], r: int, s: int, D: int) -> int:
    """Integer-preserving pivot on T[r][s]; returns the new (positive) denominator."""
    prow = T[r]
    p = prow[s]
    for i, row in enumerate(T):
        if i == r:
            continue
        f = row[s]
        if f:
            row[:] = [(v * p - f * w) // D for v, w in zip(row, prow)]
        elif p != D:
            row[:] = [v * p // D for v in row]
    f = obj[s]
    if f:
        obj[:] = [(v * p - f * w) // D for v, w in zip(obj, prow)]
    elif p != D:
        obj[:] = [v * p // D for v in obj]
    if p < 0:
        for row in T:
            row[:] = [-v for v in row]
        obj[:] = [-v for v in obj]
        p = -p
    return p


#: Dantzig's rule (most negative reduced cost: fewer pivots) until this many degenerate
#: pivots in a row; then Bland's rule until the objective moves (no cycling).
DEGENERATE_LIMIT = 8


def _iterate(T, obj, basis, D, enter_limit: int, art0: int, R: int) -> tuple[str, int, int | None]:
    """Minimise; columns < ``enter_limit`` may enter (Dantzig's rule, Bland's after
    :data:`DEGENERATE_LIMIT` degenerate pivots in a row: finite). Basic artificial
    columns (index >= art0) sitting at zero are pivoted out first whenever the entering
    column touches them (they must stay 0). Returns (status, D, column)."""
    degenerate = 0
    while True:
        s = -1
        if degenerate < DEGENERATE_LIMIT:
            low = 0
            for j in range(enter_limit):
                if obj[j] < low:
                    s, low = j, obj[j]
        else:
            for j in range(enter_limit):
                if obj[j] < 0:
                    s = j
                    break
        if s < 0:
            return OPTIMAL, D, None
        r = -1
        num = 0
        for i, b in enumerate(basis):
            if b >= art0 and T[i][s] != 0 and T[i][R] == 0:
                r = i  # degenerate pivot: drives a zero artificial out of the basis
                break
        if r < 0:
            den = 0
            for i, row in enumerate(T):
                a = row[s]
                if a > 0:
                    q = row[R]
                    if r < 0 or q * den < num * a or (q * den == num * a and basis[i] < basis[r]):
                        r, num, den = i, q, a
        if r < 0:
            return UNBOUNDED, D, s
        degenerate = 0 if num else degenerate + 1
        D = _pivot(T, obj, r, s, D)
        basis[r] = s


def solve(nvars: int, rows: Sequence[tuple[Sequence[int | Fraction], str, int | Fraction]],
          c: Sequence[int | Fraction]) -> SmallSolution:
    """Maximise ``c·z`` over z ∈ R^nvars subject to ``rows`` = [(a, ">=" | "<=" | "=", b)].

    Exact (Fractions in, Fractions out) and certified; see the module docstring.
    """
    A: list[list[int]] = []
    B: list[int] = []
    eq: list[bool] = []
    scale: list[int] = []  # row r was multiplied by scale[r] (negative: a <= row turned round)
    for a, sense, b in rows:
        ia, ib, L = int_row(a, b)
        if sense == "<=":
            ia, ib, L = [-v for v in ia], -ib, -L
        A.append(ia)
        B.append(ib)
        eq.append(sense == "=")
        scale.append(L)
    ic, _, cs = int_row(c, 0)
    sol = solve_int(nvars, A, B, eq, ic)
    # multipliers of the scaled rows -> of the rows as given (and of c as given)
    if sol.status == OPTIMAL:
        sol.value = sum((Fraction(v) * x for v, x in zip(c, sol.x) if v), Fraction(0))
        sol.u = [v * L for v, L in zip(sol.u, scale)]
        sol.D *= cs  # c was scaled by cs: multipliers / cs; x = zn / D unchanged
        sol.zn = [v * cs for v in sol.zn]
    elif sol.status == INFEASIBLE:
        sol.farkas = [y * L if y else y for y, L in zip(sol.farkas, scale)]
    return sol


def solve_int(d: int, A: list[list[int]], B: list[int], eq: list[bool], c: list[int]) -> SmallSolution:
    """``max c·z s.t. A z ≥ B`` (``=`` where ``eq``) on integer data: the dual two-phase
    simplex, then the certificate check (module docstring)."""
    CALLS[0] += 1
    m = len(A)
    # dual columns: one per >= row (u_r >= 0), two per = row (u_r = u+ - u-)
    if any(eq):
        cols: list[int] = []  # which primal row each dual column belongs to
        sign: list[int] = []
        vecs = []
        for r in range(m):
            cols.append(r)
            sign.append(1)
            vecs.append(A[r])
            if eq[r]:
                cols.append(r)
                sign.append(-1)
                vecs.append([-v for v in A[r]])
    else:
        cols, sign, vecs = list(range(m)), [1] * m, A
    nc = len(cols)
    art0 = nc
    R = nc + d
    cost = [-B[r] * sg for r, sg in zip(cols, sign)]
    T: list[list[int]] = []
    flip: list[int] = []
    tail = [0] * d
    for k, colk in enumerate(zip(*vecs) if nc else [()] * d):
        if c[k] > 0:  # rhs of the dual is -c; make it >= 0
            flip.append(-1)
            row = [-v for v in colk] + tail + [c[k]]
        else:
            flip.append(1)
            row = list(colk) + tail + [-c[k]]
        row[art0 + k] = 1
        T.append(row)
    basis = list(range(art0, art0 + d))
    obj = [-v for v in map(sum, zip(*T))]
    for k in range(d):
        obj[art0 + k] = 0
    D = 1
    # phase 1: minimise the artificials
    st, D, _ = _iterate(T, obj, basis, D, nc, art0, R)
    if obj[R] != 0:  # the dual is infeasible: the primal is unbounded or infeasible
        # phase-1 multipliers pi (unflipped): pi_k = flip_k (1 - obj[art_k]/D); direction -pi
        direction = [-flip[k] * (D - obj[art0 + k]) for k in range(d)]  # scaled by D > 0
        feas = solve_int(d, A, B, eq, [0] * d)
        if feas.status == INFEASIBLE:
            return feas
        _check_direction(A, eq, c, direction)
        return SmallSolution(UNBOUNDED, x=feas.x)
    # phase 2: the dual objective -b.u; artificials never re-enter
    obj[:] = [cj * D for cj in cost] + [0] * (d + 1)
    for i, b in enumerate(basis):
        w = cost[b] if b < nc else 0
        if w:
            obj[:] = [o - w * t for o, t in zip(obj, T[i])]
    st, D, s = _iterate(T, obj, basis, D, nc, art0, R)
    if st == UNBOUNDED:  # the dual is unbounded: the primal is infeasible (Farkas ray)
        u = [0] * m
        u[cols[s]] += sign[s] * D
        for i, b in enumerate(basis):
            if b < nc:
                u[cols[b]] -= sign[b] * T[i][s]
        _check_farkas(A, B, eq, u, d)
        return SmallSolution(INFEASIBLE, farkas=[Fraction(v, D) for v in u])
    # optimal: z_k = flip_k obj[art_k] / D ; u from the basic columns
    zn = [flip[k] * obj[art0 + k] for k in range(d)]
    u = [0] * m
    for i, b in enumerate(basis):
        if b < nc:
            u[cols[b]] += sign[b] * T[i][R]
    _check_optimal(A, B, eq, c, zn, D, u)
    return SmallSolution(OPTIMAL, D, zn, u)


# ----------------------------------------------------------------------- certificates
def _check_optimal(A, B, eq, c, zn, D, u) -> None:
    """z = zn/D primal feasible, λ = −u/D dual feasible (c = Σ λ_r a_r, λ ≤ 0 on ≥ rows),
    and c·z = Σ λ_r b_r: then z is optimal (weak duality)."""
    comb = [ck * D for ck in c]  # accumulates c·D + Σ u_r a_r, must end at 0
    for a, b, e, ur in zip(A, B, eq, u):
        lhs = sum(map(mul, a, zn))
        if (lhs != b * D) if e else (lhs < b * D):
            raise CertificateError("small simplex: the optimal point violates a row")
        if ur:
            if ur < 0 and not e:
                raise CertificateError("small simplex: a multiplier has the wrong sign")
            comb = [s + ur * ak for s, ak in zip(comb, a)]
    if any(comb):
        raise CertificateError("small simplex: the multipliers do not combine to c")
    if sum(map(mul, c, zn)) != -sum(map(mul, B, u)):
        raise CertificateError("small simplex: primal and dual objectives differ")


def _check_farkas(A, B, eq, u, d) -> None:
    if any(ur < 0 and not e for ur, e in zip(u, eq)):
        raise CertificateError("small simplex: the Farkas vector has a negative entry")
    if any(sum(a[k] * ur for a, ur in zip(A, u)) for k in range(d)):
        raise CertificateError("small simplex: the Farkas vector does not cancel the rows")
    if sum(b * ur for b, ur in zip(B, u)) <= 0:
        raise CertificateError("small simplex: the Farkas vector proves nothing")


def _check_direction(A, eq, c, direction) -> None:
    for a, e in zip(A, eq):
        s = sum(x * y for x, y in zip(a, direction))
        if (s != 0) if e else (s < 0):
            raise CertificateError("small simplex: the unbounded direction leaves the region")
    if sum(x * y for x, y in zip(c, direction)) <= 0:
        raise CertificateError("small simplex: the unbounded direction does not improve")


__all__ = ["solve", "solve_int", "SmallSolution", "CertificateError", "int_row", "OPTIMAL", "INFEASIBLE", "UNBOUNDED", "CALLS"]
