"""Exact linear programming: HiGHS with a rational certificate, Z3 as fallback.

The coalition LPs of declcoal (core, least core, nucleolus, Tick's tightening) have few
variables (one per player, plus one or two) and many rows (one per coalition). This
module solves them *exactly*:

1. ``method="highs"``: solve in floating point with HiGHS
   (``highspy``, one kept instance), then rebuild the optimal vertex in
   rationals from the active rows (Gaussian elimination in :class:`fractions.Fraction`)
   and **certify** it: every row is checked exactly (primal feasibility) and the dual
   multipliers of the basis are solved exactly and their signs checked (dual
   feasibility). Primal + dual feasibility with complementary slackness proves
   optimality, so the answer is exact (``guarantee = "exact"``). If the certificate
   fails (degenerate or ill-conditioned cases), the LP is re-solved with Z3.
2. ``method="z3"``: Z3's ``Optimize`` over the reals (simplex in bignum rationals): exact
   by construction, 10–40× slower on thousands of rows (DESIGN.md, known pitfalls).
3. ``method="auto"`` (default): 1, falling back to 2.

Infeasibility and unboundedness reported by HiGHS are confirmed by Z3 before they are
returned, so every status is exact too.

API (callers in other modules use only this)::

    lp = LP(nvars=3)
    lp.add([1, 1, 0], ">=", 59)            # x0 + x1 >= 59
    lp.add([1, 1, 1], "=", 77)
    lp.objective([0, 0, 1], maximize=True)
    sol = solve(lp)                         # LPSolution
    sol.status, sol.value, sol.x, sol.duals # exact Fractions

Dual convention: ``sol.duals[r]`` is the multiplier y_r of row r with
``c = Σ_r y_r a_r`` (objective gradient as a combination of row normals) where
y_r ≥ 0 on binding ``<=`` rows and y_r ≤ 0 on binding ``>=`` rows of a maximisation
(signs flip for a minimisation); non-binding rows get 0. Duals are available from the
certified HiGHS path; Z3 solutions carry ``duals=None``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Sequence

import numpy as np

from ..errors import InputError, SolverLimitError
from ..results import EXACT, timed

OPTIMAL = "optimal"
INFEASIBLE = "infeasible"
UNBOUNDED = "unbounded"

SENSES = ("<=", ">=", "=")


@dataclass
class Stats:
    """Counters of one process (benchmarks read them): LPs solved per path."""

    highs_certified: int = 0
    z3_fallback: int = 0  # HiGHS optimum whose certificate failed, re-solved by Z3
    z3_confirmed: int = 0  # HiGHS said infeasible/unbounded; Z3 confirmed the status exactly
    z3_direct: int = 0
    certificate_failures: int = 0

    def total(self) -> int:
        return self.highs_certified + self.z3_fallback + self.z3_confirmed + self.z3_direct

    def reset(self) -> None:
        self.highs_certified = self.z3_fallback = self.z3_confirmed = self.z3_direct = 0
        self.certificate_failures = 0


STATS = Stats()


def _frac(v: object) -> Fraction:
    if isinstance(v, Fraction):
        return v
    if isinstance(v, int):
        return Fraction(v)
    if isinstance(v, float):
        raise InputError("exact LP rows need ints or Fractions, not floats")
    return Fraction(v)  # type: ignore[arg-type]


def _lcm(a: int, b: int) -> int:
    return a // math.gcd(a, b) * b


@dataclass
class Row:
    coeffs: tuple[Fraction, ...]
    sense: str
    rhs: Fraction
    # integer-scaled copy for fast exact checks: sum(ai * z_i) (sense) bi with z scaled
    ints: tuple[tuple[int, int], ...] = ()
    irhs: int = 0


@dataclass
class LP:
    """A linear program over ``nvars`` free real variables with exact data.

    Bounds are ordinary rows (``lp.add([0, 1, 0], ">=", 0)``).
    """

    nvars: int
    rows: list[Row] = field(default_factory=list)
    c: tuple[Fraction, ...] = ()
    maximize: bool = True

    def add(self, coeffs: Sequence[object], sense: str, rhs: object) -> int:
        """Add the row ``coeffs · z (sense) rhs``; returns its index."""
        if sense not in SENSES:
            raise InputError(f"bad row sense {sense!r}; use one of {SENSES}")
        if len(coeffs) != self.nvars:
            raise InputError(f"row has {len(coeffs)} coefficients, LP has {self.nvars} variables")
        # 0/1 (int) coefficients stay ints: exact, and no Fraction built per entry
        cs = tuple(a if type(a) is int else _frac(a) for a in coeffs)
        b = _frac(rhs)
        den = math.lcm(b.denominator, *(a.denominator for a in cs if type(a) is not int))
        ints = tuple((i, a * den if type(a) is int else int(a * den)) for i, a in enumerate(cs) if a)
        self.rows.append(Row(cs, sense, b, ints, int(b * den)))
        return len(self.rows) - 1

    def objective(self, c: Sequence[object], maximize: bool = True) -> None:
        if len(c) != self.nvars:
            raise InputError(f"objective has {len(c)} coefficients, LP has {self.nvars} variables")
        self.c = tuple(_frac(a) for a in c)
        self.maximize = maximize

    def copy(self) -> "LP":
        return LP(self.nvars, list(self.rows), self.c, self.maximize)

    # ------------------------------------------------------------- exact checks
    def violated_row(self, z: Sequence[Fraction]) -> int | None:
        """Index of the first row z violates (exact), or None."""
        den = 1
        for v in z:
            den = _lcm(den, v.denominator)
        zi = [int(v * den) for v in z]
        for r, row in enumerate(self.rows):
            lhs = 0
            for i, a in row.ints:
                lhs += a * zi[i]
            rhs = row.irhs * den
            if row.sense == ">=":
                if lhs < rhs:
                    return r
            elif row.sense == "<=":
                if lhs > rhs:
                    return r
            elif lhs != rhs:
                return r
        return None

    def slack_signs(self, rows: Sequence[int], z: Sequence[Fraction]) -> list[int]:
        """sign(a_r·z − b_r) for the given rows, in integer arithmetic (exact)."""
        den = 1
        for v in z:
            den = _lcm(den, v.denominator)
        zi = [int(v * den) for v in z]
        out = []
        for r in rows:
            row = self.rows[r]
            d = sum(a * zi[i] for i, a in row.ints) - row.irhs * den
            out.append((d > 0) - (d < 0))
        return out

    def slack(self, r: int, z: Sequence[Fraction]) -> Fraction:
        row = self.rows[r]
        return sum((a * z[i] for i, a in enumerate(row.coeffs) if a), Fraction(0)) - row.rhs


@dataclass
class LPSolution:
    status: str
    x: list[Fraction] | None = None
    value: Fraction | None = None
    duals: list[Fraction] | None = None
    method: str = ""
    guarantee: str = EXACT
    seconds: float = 0.0

    @property
    def optimal(self) -> bool:
        return self.status == OPTIMAL


# ----------------------------------------------------------------- linear algebra
def _solve_square(A: list[list[Fraction]], b: list[Fraction]) -> list[Fraction] | None:
    """Solve A z = b exactly (Gauss–Jordan); None if singular."""
    n = len(A)
    M = [list(A[i]) + [b[i]] for i in range(n)]
    for col in range(n):
        piv = next((r for r in range(col, n) if M[r][col] != 0), None)
        if piv is None:
            return None
        M[col], M[piv] = M[piv], M[col]
        p = M[col][col]
        if p != 1:
            M[col] = [v / p for v in M[col]]
        for r in range(n):
            if r != col and M[r][col] != 0:
                f = M[r][col]
                M[r] = [a - f * c for a, c in zip(M[r], M[col])]
    return [M[i][n] for i in range(n)]


class _Independent:
    """Incremental exact rank test: keeps a row-echelon basis of accepted vectors."""

    def __init__(self, n: int):
        self.n = n
        self.rows: list[tuple[int, list[Fraction]]] = []  # (pivot, normalised row)

    def try_add(self, v: Sequence[Fraction]) -> bool:
        w = list(v)
        for piv, row in self.rows:
            if w[piv] != 0:
                f = w[piv]
                w = [a - f * b for a, b in zip(w, row)]
        piv = next((i for i, a in enumerate(w) if a != 0), None)
        if piv is None:
            return False
        p = w[piv]
        w = [a / p for a in w]
        # keep reduced: eliminate the new pivot from earlier rows
        new_rows = []
        for q, row in self.rows:
            if row[piv] != 0:
                f = row[piv]
                row = [a - f * b for a, b in zip(row, w)]
            new_rows.append((q, row))
        self.rows = new_rows + [(piv, w)]
        return True

    @property
    def full(self) -> bool:
        return len(self.rows) == self.n


# ----------------------------------------------------------------- HiGHS + certificate
class _HighsResult:
    """What :func:`_highs` reports: status 0 optimal, 2 infeasible, 3 unbounded, 4 other."""

    def __init__(self, status: int, message: str, x=None, nonbasic=None):
        self.status = status
        self.message = message
        self.x = x
        self.nonbasic = nonbasic  # rows HiGHS holds at a bound (the basis's active rows)


_HIGHS = None


def _highs(lp: LP):
    """Solve ``lp`` in floating point with HiGHS through highspy (one kept instance,
    cleared per call: no per-call start-up as with scipy's ``linprog``)."""
    global _HIGHS
    import highspy

    from .highs import INF, new_highs

    if _HIGHS is None:
        _HIGHS = new_highs()
    h = _HIGHS
    h.clearModel()
    n = lp.nvars
    h.addVars(n, np.full(n, -INF), np.full(n, INF))
    sign = 1.0 if lp.maximize else -1.0
    for i, a in enumerate(lp.c):
        if a:
            h.changeColCost(i, -sign * float(a))  # HiGHS minimises
    m = len(lp.rows)
    if m:
        lo = np.empty(m)
        up = np.empty(m)
        starts = np.empty(m, dtype=np.int32)
        idx: list[int] = []
        val: list[float] = []
        for r, row in enumerate(lp.rows):
            starts[r] = len(idx)
            for i, a in enumerate(row.coeffs):
                if a:
                    idx.append(i)
                    val.append(float(a))
            b = float(row.rhs)
            lo[r] = b if row.sense != "<=" else -INF
            up[r] = b if row.sense != ">=" else INF
        h.addRows(m, lo, up, len(idx), starts, np.array(idx, dtype=np.int32), np.array(val, dtype=np.float64))
    h.run()
    st = h.getModelStatus()
    S = highspy.HighsModelStatus
    if st == S.kOptimal:
        x = np.array(h.getSolution().col_value)
        basis = h.getBasis()
        B = highspy.HighsBasisStatus.kBasic
        cols_basic = all(c == B for c in basis.col_status)
        nonbasic = [r for r, c in enumerate(basis.row_status) if c != B] if cols_basic else None
        dual = np.array(h.getSolution().row_dual)
        marg = np.abs(dual) if len(dual) == m else np.zeros(m)  # HiGHS may give no duals (extreme data)
        return _HighsResult(0, "optimal", x, nonbasic), marg
    code = 2 if st == S.kInfeasible else 3 if st in (S.kUnbounded, S.kUnboundedOrInfeasible) else 4
    return _HighsResult(code, h.modelStatusToString(st)), np.zeros(m)


def _certify(lp: LP, xf: np.ndarray, marg: np.ndarray, nonbasic: list[int] | None = None
             ) -> tuple[list[Fraction], list[Fraction]] | None:
    """Rebuild the optimal vertex exactly from the rows HiGHS reports active and prove
    optimality (primal feasible + dual feasible on that basis). None if it fails.
    ``nonbasic``: HiGHS's own basis (the rows at a bound), tried first."""
    from . import intla

    n = lp.nvars
    chosen: list[int] | None = None
    if nonbasic is not None and len(nonbasic) == n:
        chosen = nonbasic
    else:
        scale = 1.0 + float(np.max(np.abs(xf))) if len(xf) else 1.0
        cand = []
        for r, row in enumerate(lp.rows):
            s = sum(float(a) * xf[i] for i, a in enumerate(row.coeffs) if a) - float(row.rhs)
            if abs(s) <= 1e-7 * (scale + abs(float(row.rhs))):
                # equalities first, then rows with larger multipliers
                cand.append((0 if row.sense == "=" else 1, -marg[r], r))
        cand.sort()
        basis = _Independent(n)
        chosen = []
        for _, _, r in cand:
            if basis.try_add([Fraction(a) for a in lp.rows[r].coeffs]):
                chosen.append(r)
                if basis.full:
                    break
        if len(chosen) < n:
            return None
    A = [list(lp.rows[r].coeffs) for r in chosen]
    z = intla.solve_vec(A, [lp.rows[r].rhs for r in chosen])
    if z is None or lp.violated_row(z) is not None:
        return None
    # dual: c = sum_r y_r a_r over the basis rows
    y = intla.solve_vec(intla.transpose(A), list(lp.c))
    if y is None:
        return None
    sign = 1 if lp.maximize else -1
    duals = [Fraction(0)] * len(lp.rows)
    for yr, r in zip(y, chosen):
        sense = lp.rows[r].sense
        if sense == "<=" and sign * yr < 0:
            return None
        if sense == ">=" and sign * yr > 0:
            return None
        duals[r] = yr
    return z, duals


# ----------------------------------------------------------------- Z3
def _z3(lp: LP, timeout_ms: int | None = None) -> LPSolution:
    import z3

    opt = z3.Optimize()
    if timeout_ms:
        opt.set("timeout", timeout_ms)
    z = [z3.Real(f"z{i}") for i in range(lp.nvars)]
    for row in lp.rows:
        lhs = z3.Sum([z3.RealVal(a) * z[i] for i, a in enumerate(row.coeffs) if a]) if any(row.coeffs) else z3.RealVal(0)
        rhs = z3.RealVal(row.rhs)
        opt.add(lhs >= rhs if row.sense == ">=" else lhs <= rhs if row.sense == "<=" else lhs == rhs)
    obj = z3.Sum([z3.RealVal(a) * z[i] for i, a in enumerate(lp.c) if a]) if any(lp.c) else z3.RealVal(0)
    h = opt.maximize(obj) if lp.maximize else opt.minimize(obj)
    r = opt.check()
    if r == z3.unsat:
        return LPSolution(INFEASIBLE, method="z3")
    if r != z3.sat:
        raise SolverLimitError(f"Z3 could not solve the LP ({opt.reason_unknown()})")
    val = opt.upper(h) if lp.maximize else opt.lower(h)
    if z3.is_rational_value(val) or z3.is_int_value(val):
        m = opt.model()
        x = [_z3_frac(m.eval(v, model_completion=True)) for v in z]
        return LPSolution(OPTIMAL, x, _z3_frac(val), None, "z3")
    return LPSolution(UNBOUNDED, method="z3")


def _z3_frac(v) -> Fraction:
    import z3

    if z3.is_int_value(v):
        return Fraction(v.as_long())
    return Fraction(v.numerator_as_long(), v.denominator_as_long())


def solve(lp: LP, method: str = "auto") -> LPSolution:
    """Solve ``lp`` exactly. ``method``: ``auto`` (HiGHS + rational certificate, Z3
    fallback), ``highs`` (same, but never falls back: raises if the certificate fails),
    or ``z3`` (Z3 rational simplex only)."""
    if method not in ("auto", "highs", "z3"):
        raise InputError(f"unknown LP method {method!r}; use auto, highs or z3")
    if not lp.c:
        lp.objective([0] * lp.nvars)
    with timed() as t:
        if method == "z3":
            sol = _z3(lp)
            STATS.z3_direct += 1
        else:
            res, marg = _highs(lp)
            sol = None
            if res.status == 0:
                cert = _certify(lp, res.x, marg, res.nonbasic)
                if cert is None and res.nonbasic is not None:
                    cert = _certify(lp, res.x, marg)
                if cert is not None:
                    x, duals = cert
                    value = sum((a * v for a, v in zip(lp.c, x)), Fraction(0))
                    sol = LPSolution(OPTIMAL, x, value, duals, "highs+certificate")
                    STATS.highs_certified += 1
                else:
                    STATS.certificate_failures += 1
            if sol is None:
                if method == "highs":
                    raise SolverLimitError(f"HiGHS answer could not be certified exactly (status {res.status}: {res.message})")
                sol = _z3(lp)
                if res.status == 0:
                    sol.method = "z3 (fallback)"
                    STATS.z3_fallback += 1
                else:
                    sol.method = "highs, status confirmed by z3"
                    STATS.z3_confirmed += 1
    sol.seconds = t.seconds
    return sol


def feasible_point(lp: LP, method: str = "auto") -> list[Fraction] | None:
    """An exact feasible point of the rows of ``lp`` (objective ignored), or None."""
    q = lp.copy()
    q.objective([0] * lp.nvars)
    sol = solve(q, method)
    return sol.x if sol.optimal else None
