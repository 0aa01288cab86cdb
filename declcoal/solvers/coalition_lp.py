"""Coalition LPs by constraint generation, certified exactly at the end.

The LPs of the core, the least core and the (pre)nucleolus have n + 1 variables and
one row per coalition: 2^n − 2 rows, of which an optimal basis uses n + 1. This module
keeps a *working set* of coalitions in one HiGHS model (``highspy``, warm-started
after every change), and finds the coalitions it is missing by a vectorised
*separation* over all 2^n coalitions: x(S) for every S by subset-sum doubling
(x(S ∪ {i}) = x(S) + x_i, O(2^n) additions in numpy), the most violated coalitions
added in batches until none is violated (constraint generation; e.g. Hallefjord,
Helming & Jørnsten 1995 for the nucleolus).

Floats only choose the basis. Exactness comes at the end, from the final active sets:

* the point and the ε levels are rebuilt in rationals from the active rows
  (fraction-free integer elimination, :mod:`declcoal.solvers.intla`);
* **primal feasibility** is checked over all 2^n coalitions in integer arithmetic
  (worths and point scaled to a common denominator; int64 with an overflow bound,
  Python integers beyond it);
* **dual feasibility**: the multipliers of each round's basis are solved exactly and
  their signs checked; primal and dual feasibility with complementary slackness prove
  every round optimal (LP duality), and for the nucleolus that every coalition fixed
  in a round is tight on the round's *whole* optimal face (it has a positive
  multiplier) — the Maschler–Peleg–Shapley (1979) sequence, proved step by step.

A certificate that does not hold raises :class:`CertificateError`; the callers then
fall back to the all-rows path. The float path (``exact=False``) skips the exact part
and says ``approximate``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..errors import GameError
from . import intla
from .highs import INF, add_rows, new_highs, status_name

FREE, FIXED, SPAN, PLAIN, OUT = 0, 1, 2, 3, 4
_I64 = (1 << 62)


class CertificateError(Exception):
    """The exact certificate of a constraint-generation answer did not hold."""


# ---------------------------------------------------------------------- arrays
def subset_sums(x: np.ndarray, n: int) -> np.ndarray:
    """x(S) for every bitmask S < 2^n by doubling: x(S ∪ {i}) = x(S) + x_i (O(2^n))."""
    out = np.empty(1 << n, dtype=x.dtype)
    out[0] = 0
    for i in range(n):
        h = 1 << i
        np.add(out[:h], x[i], out=out[h:2 * h])
    return out


def members_matrix(masks: np.ndarray, n: int) -> np.ndarray:
    """|masks| × n 0/1 matrix of membership (for a few coalitions only)."""
    return ((masks[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(np.int64)


class WorthTable:
    """A game's worths as numpy arrays: integers over one common denominator
    (``num / den``) for the exact checks, and float64 (``f``, built on first use) for
    the LPs. Cached on the game."""

    def __init__(self, n: int, num: np.ndarray, den: int, bound: int):
        self.n = n
        self.num = num  # int64, or object (Python ints) when int64 could overflow
        self.den = den
        self.bound = bound  # max |num|
        self._f: np.ndarray | None = None

    @property
    def f(self) -> np.ndarray:
        if self._f is None:
            num = self.num
            if num.dtype == object:
                self._f = np.array([float(Fraction(int(a), self.den)) for a in num])
            else:
                f = num.astype(np.float64)
                if self.den != 1:
                    f /= self.den
                self._f = f
        return self._f

    @classmethod
    def of(cls, game) -> "WorthTable":
        cached = getattr(game, "_worth_table", None)
        if cached is not None:
            return cached
        n = game.n
        ints = getattr(game.values, "ints", None)
        if ints is not None:  # integer-scaled storage: nothing to convert
            num, den = ints, game.values.den
            bound = max(int(num.max()), -int(num.min())) if len(num) else 0
        else:
            vals = game.values
            dens = {x.denominator for x in vals}
            den = math.lcm(*dens) if dens else 1
            nums = [x.numerator for x in vals] if den == 1 else [x.numerator * (den // x.denominator) for x in vals]
            bound = max(max(nums), -min(nums))
            num = np.array(nums, dtype=np.int64 if bound < _I64 else object)
        table = cls(n, num, den, bound)
        object.__setattr__(game, "_worth_table", table)
        return table

    def v(self, mask: int) -> Fraction:
        return Fraction(int(self.num[mask]), self.den)


def _int_subset_sums(p: list[int], n: int) -> np.ndarray:
    """Σ_{i∈S} p_i for all S in int64 when it cannot overflow, else Python ints."""
    if sum(abs(a) for a in p) < _I64:
        return subset_sums(np.array(p, dtype=np.int64), n)
    return subset_sums(np.array(p, dtype=object), n)


def _safe(arr: np.ndarray, bound: int, factor: int) -> np.ndarray:
    """arr as an array in which multiplying by ``factor`` cannot overflow."""
    if arr.dtype != object and bound * abs(factor) >= _I64:
        return arr.astype(object)
    return arr


def exact_excess(table: WorthTable, x: list[Fraction]) -> tuple[np.ndarray, int]:
    """(E, scale): E[S] = (v(S) − x(S))·scale as integers for every S, scale = den·q
    with q the common denominator of x."""
    q = math.lcm(*(a.denominator for a in x)) if x else 1
    p = [int(a * q) for a in x]
    xs = _int_subset_sums(p, table.n)
    xb = sum(abs(a) for a in p)
    num = _safe(table.num, table.bound, q)
    xs = _safe(xs, xb, table.den)
    if num.dtype == object or xs.dtype == object:
        num, xs = num.astype(object), xs.astype(object)
        return num * q - xs * table.den, table.den * q
    if table.bound * q + xb * table.den >= _I64:
        return num.astype(object) * q - xs.astype(object) * table.den, table.den * q
    return num * q - xs * table.den, table.den * q


# ---------------------------------------------------------------------- results
@dataclass
class Round:
    level: Fraction
    fixed: list[int]  # coalitions fixed (positive multiplier)
    bounds: list[int]  # imputation bounds fixed
    duals: dict  # ('S', mask) / ('b', i) / ('N',) -> Fraction (the round's multipliers)


@dataclass
class SeqResult:
    point: list[Fraction] | list[float]
    rounds: list[Round]
    levels: list[tuple]  # canonical (level, [masks]) — face-tight coalitions per level
    lps: int = 0
    rows: int = 0  # working-set rows at the end
    exact: bool = True
    stats: dict = field(default_factory=dict)


# ---------------------------------------------------------------------- engine
class SequentialLP:
    """The sequential LPs of the (weighted) (pre)nucleolus, by constraint generation.

    Round k solves  min ε  s.t.  x(N) = v(N);  x(S) = v(S) − w_S α_j for S fixed in an
    earlier round j;  x(S) + w_S ε ≥ v(S) for every *free* S;  x(S) ≥ v(S) for S with
    w_S = 0 (``plain``);  x_i ≥ v({i}) with ``imputations``. The coalitions with a
    positive multiplier are tight on the whole optimal face; they are fixed at the
    level α_k; a free coalition whose 1_S falls in the span of the fixed equalities has
    a constant x(S) from then on and leaves the LPs. Rounds continue until the fixed
    equalities determine x.
    """

    def __init__(self, game, *, imputations: bool, weighted: bool = False, exact: bool = True):
        self.game = game
        n = self.n = game.n
        self.t = WorthTable.of(game)
        self.size = 1 << n
        self.full = self.size - 1
        self.imputations = imputations
        self.weighted = weighted
        self.exact = exact
        vf = self.t.f
        self.vf = vf
        self.wf = np.maximum(vf, 0.0) if weighted else None
        st = np.zeros(self.size, dtype=np.int8)
        st[0] = OUT
        st[self.full] = OUT
        if weighted:
            st[(self.t.num <= 0) & (st == FREE)] = PLAIN
        self.state = st
        self.left = np.full(self.size, -1, dtype=np.int16)
        self.in_ws = np.zeros(self.size, dtype=bool)
        # separation arrays: violation = v(S) − x(S) − wcur(S)·ε + pen(S), where pen is
        # −inf for coalitions that cannot be violated (out, determined, in the model)
        self.pen = np.where((st == FREE) | (st == PLAIN), 0.0, -INF)
        self.wcur = np.where(st == FREE, self.wf if weighted else 1.0, 0.0)
        self.scale = 1.0 + float(np.abs(vf).max())
        self.tol = 1e-9 * self.scale
        self.lps = 0
        self.rounds: list[Round] = []
        self.levelf: list[float] = []
        self.span = intla.IntSpan(n)
        self.span.try_add([1] * n)
        self.fixed_bounds: list[int] = []
        self._build()

    # -------------------------------------------------------------- model
    def _w(self, m: int) -> Fraction:
        return max(self.t.v(m), Fraction(0)) if self.weighted else Fraction(1)

    def _build(self) -> None:
        n = self.n
        h = self.h = new_highs()
        lo = np.array([self.vf[1 << i] if self.imputations else -INF for i in range(n)] + [-INF])
        h.addVars(n + 1, lo, np.full(n + 1, INF))
        h.changeColCost(n, 1.0)
        self.rows: list[int] = []  # row -> coalition mask (full = the grand equality)
        self.row_of: dict[int, int] = {}
        add_rows(self.h, [np.arange(n)], [np.ones(n)], np.array([self.vf[self.full]]), np.array([self.vf[self.full]]))
        self.rows.append(self.full)
        init = [1 << i for i in range(n)] + ([self.full ^ (1 << i) for i in range(n)] if n > 2 else [])
        init = [m for m in dict.fromkeys(init) if self.state[m] in (FREE, PLAIN)]
        self._add(np.array(init, dtype=np.int64))
        if self.weighted:  # free rows may not bound ε below at first: a far artificial bound
            self.h.changeColBounds(n, -1e7 * self.scale, INF)

    def _add(self, masks: np.ndarray) -> None:
        n = self.n
        if not len(masks):
            return
        M = members_matrix(masks, n)
        idx, coef, lo = [], [], []
        for m, row in zip(masks.tolist(), M):
            cols = np.flatnonzero(row)
            if self.state[m] == FREE:
                w = self.wf[m] if self.weighted else 1.0
                idx.append(np.append(cols, n))
                coef.append(np.append(np.ones(len(cols)), w))
            else:
                idx.append(cols)
                coef.append(np.ones(len(cols)))
            lo.append(self.vf[m])
            self.row_of[m] = len(self.rows)
            self.rows.append(m)
        self.in_ws[masks] = True
        self.pen[masks] = -INF
        add_rows(self.h, idx, coef, np.array(lo), np.full(len(lo), INF))

    def _run(self) -> tuple[np.ndarray, float]:
        self.h.run()
        self.lps += 1
        s = status_name(self.h)
        if s != "optimal":
            raise CertificateError(f"the restricted LP is {s}")
        v = np.array(self.h.getSolution().col_value)
        return v[: self.n], float(v[self.n])

    def _cg(self) -> tuple[np.ndarray, float]:
        """Solve the current round's LP over all coalitions by constraint generation."""
        n = self.n
        batch = max(4 * n, 32)
        while True:
            x, eps = self._run()
            viol = subset_sums(x, n)
            np.subtract(self.vf, viol, out=viol)
            if eps != 0.0:
                viol -= eps * self.wcur
            viol += self.pen
            cand = np.flatnonzero(viol > self.tol)
            if not len(cand):
                return x, eps
            if len(cand) > batch:
                cand = cand[np.argpartition(-viol[cand], batch)[:batch]]
            self._add(cand)

    # -------------------------------------------------------------- exact basis
    def _active(self, x: np.ndarray, eps: float) -> list[tuple]:
        """The n + 1 constraints of the optimal basis: ('S', mask) rows or ('b', i)
        bounds, from HiGHS's basis; by slack and multiplier size if that is not a vertex."""
        import highspy

        n = self.n
        basis = self.h.getBasis()
        B = highspy.HighsBasisStatus.kBasic
        act = [("S", self.rows[r]) for r, s in enumerate(basis.row_status) if s != B]
        cs = basis.col_status
        ok = cs[n] == B and all(self.state[c[1]] != SPAN for c in act)
        for i in range(n):
            if cs[i] != B:
                if self.imputations and (cs[i] == highspy.HighsBasisStatus.kLower or i in self.fixed_bounds):
                    act.append(("b", i))
                else:
                    ok = False
        if ok and len(act) == n + 1:
            return act
        # not a plain vertex basis: pick independent tight rows, largest multipliers first
        sol = self.h.getSolution()
        duals = sol.row_dual
        xs_rows = []
        for r, m in enumerate(self.rows):
            if self.state[m] == SPAN:
                continue
            a = sum(x[i] for i in range(n) if m >> i & 1)
            sl = a - self.vf[m] + (self._wf(m) * eps if self.state[m] == FREE else 0.0)
            if abs(sl) <= 1e-7 * self.scale:
                xs_rows.append((0 if m == self.full or self.state[m] == FIXED else 1, -abs(duals[r]), ("S", m)))
        if self.imputations:
            for i in range(n):
                if abs(x[i] - self.vf[1 << i]) <= 1e-7 * self.scale:
                    xs_rows.append((1, -abs(sol.col_dual[i]), ("b", i)))
        xs_rows.sort(key=lambda t: (t[0], t[1]))
        sp = intla.IntSpan(n + 1)
        act = []
        for _, _, c in xs_rows:
            if sp.try_add(intla._row_ints(self._vec(c))):
                act.append(c)
                if len(act) == n + 1:
                    return act
        raise CertificateError("no vertex basis among the tight rows")

    def _wf(self, m: int) -> float:
        return self.wf[m] if self.weighted else 1.0

    def _vec(self, c: tuple) -> list[Fraction]:
        n = self.n
        if c[0] == "b":
            return [Fraction(1 if j == c[1] else 0) for j in range(n)] + [Fraction(0)]
        m = c[1]
        w = self._w(m) if self.state[m] == FREE else Fraction(0)
        return [Fraction(m >> i & 1) for i in range(n)] + [w]

    def _rhs(self, c: tuple) -> Fraction:
        if c[0] == "b":
            return self.t.v(1 << c[1])
        m = c[1]
        if self.state[m] == FIXED:
            return self.t.v(m) - self._w(m) * self.rounds[self.left[m]].level
        return self.t.v(m)

    def _exact_round(self, act: list[tuple], primal: bool = False):
        """Exact multipliers of the basis ``act`` (A_Bᵀ y = e_ε), their signs checked;
        the round's level α = y·b (LP duality). With ``primal``: also the vertex."""
        n = self.n
        A = [self._vec(c) for c in act]
        b = [self._rhs(c) for c in act]
        y = intla.solve_vec(intla.transpose(A), [Fraction(0)] * n + [Fraction(1)])
        if y is None:
            raise CertificateError("singular basis")
        for c, yr in zip(act, y):
            eq = (c[1] == self.full or self.state[c[1]] == FIXED) if c[0] == "S" else c[1] in self.fixed_bounds
            if not eq and yr < 0:
                raise CertificateError(f"multiplier of {c} is negative: the basis is not optimal")
        alpha = sum((yr * br for yr, br in zip(y, b)), Fraction(0))
        z = intla.solve_vec(A, b) if primal else None
        return y, alpha, z

    # -------------------------------------------------------------- span
    def _update_span(self, k: int) -> None:
        """Free coalitions whose x(S) the fixed equalities now determine leave the LPs."""
        n = self.n
        Z = self.span.nullspace()
        if not Z:
            idx = np.flatnonzero(self.state == FREE)
        else:
            rng = np.random.default_rng(len(Z) * 7919 + k)
            zb = max(sum(abs(a) for a in z) for z in Z)
            lim = max(2, min(1 << 20, _I64 // (len(Z) * zb + 1)))
            r = [0] * n
            for z in Z:
                c = int(rng.integers(1, lim))
                r = [a + c * b for a, b in zip(r, z)]
            proj = _int_subset_sums(r, n)
            cand = np.flatnonzero((self.state == FREE) & (proj == 0))
            if len(cand) * n > len(Z) * self.size:  # many candidates: z(S) for every S, per null vector
                keep = np.ones(len(cand), dtype=bool)
                for z in Z:
                    keep &= _int_subset_sums(z, n)[cand] == 0
                idx = cand[keep]
            elif len(cand):
                big = max(abs(a) for z in Z for a in z) * n >= _I64
                Zm = np.array(Z, dtype=object if big else np.int64).T  # n × d
                M = members_matrix(cand, n)
                zero = ~np.any((M.astype(object) if big else M) @ Zm != 0, axis=1)
                idx = cand[zero]
            else:
                idx = cand
        if len(idx):
            self.state[idx] = SPAN
            self.left[idx] = k
            self.pen[idx] = -INF
            self.wcur[idx] = 0.0
            if self.span.rank < n:  # rows of coalitions now determined: relax them
                for r, m in enumerate(self.rows):
                    if m != self.full and self.state[m] == SPAN and self.left[m] == k:
                        self.h.changeRowBounds(r, -INF, INF)

    # -------------------------------------------------------------- rounds
    def least_core(self) -> tuple[list, object, int]:
        """Round 1 only: (point, ε*, LPs) — exact when ``exact``."""
        x, eps = self._cg()
        if not self.exact:
            return list(map(float, x)), float(eps), self.lps
        act = self._active(x, eps)
        y, alpha, z = self._exact_round(act, primal=True)
        pt, e = z[: self.n], z[self.n]
        if e != alpha:
            raise CertificateError("primal and dual values differ")
        E, sc = exact_excess(self.t, pt)
        if sum(pt) != self.t.v(self.full):
            raise CertificateError("x(N) != v(N)")
        body = np.ones(self.size, dtype=bool)
        body[0] = body[self.full] = False
        lhs = E[body]
        thr = e * sc
        if thr.denominator != 1 or (lhs > int(thr)).any():
            raise CertificateError("the least-core point violates a coalition")
        return pt, e, self.lps

    def nucleolus(self) -> SeqResult:
        n = self.n
        k = 0
        x = eps = None
        while self.span.rank < n:
            if not (self.state == FREE).any():
                raise CertificateError("no free coalition left before the point is determined")
            x, eps = self._cg()
            if self.exact:
                act = self._active(x, eps)
                y, alpha, _ = self._exact_round(act)
                fixed = [c[1] for c, yr in zip(act, y) if yr > 0 and c[0] == "S" and self.state[c[1]] == FREE]
                bnds = [c[1] for c, yr in zip(act, y) if yr > 0 and c[0] == "b" and c[1] not in self.fixed_bounds]
                duals = {c: yr for c, yr in zip(act, y) if yr != 0}
            else:
                alpha, fixed, bnds, duals = self._float_round(x, eps)
            if not fixed and not bnds:
                raise CertificateError("a round fixed nothing")
            self.rounds.append(Round(alpha, fixed, bnds, duals))
            self.levelf.append(float(alpha))
            for m in fixed:
                self.state[m] = FIXED
                self.left[m] = k
                self.wcur[m] = 0.0
                r = self.row_of[m]
                rhs = float(self.t.v(m) - self._w(m) * alpha) if self.exact else self.vf[m] - self._wf(m) * alpha
                self.h.changeCoeff(r, n, 0.0)
                self.h.changeRowBounds(r, rhs, rhs)
                self.span.try_add([m >> i & 1 for i in range(n)])
            for i in bnds:
                self.fixed_bounds.append(i)
                self.h.changeColBounds(i, self.vf[1 << i], self.vf[1 << i])
                self.span.try_add([1 if j == i else 0 for j in range(n)])
            self._update_span(k)
            k += 1
        rows = len(self.rows)
        if not self.exact:
            pt = self._float_point()
            return SeqResult(pt, self.rounds, [], self.lps, rows, False)
        pt = self._point()
        levels = self._certify(pt)
        return SeqResult(pt, self.rounds, levels, self.lps, rows, True)

    def _float_round(self, x: np.ndarray, eps: float):
        """Float path: fix the rows whose HiGHS multiplier is positive."""
        sol = self.h.getSolution()
        rd = np.array(sol.row_dual)
        cd = np.array(sol.col_dual)
        dtol = 1e-9
        fixed = [m for r, m in enumerate(self.rows) if self.state[m] == FREE and abs(rd[r]) > dtol]
        bnds = [i for i in range(self.n) if self.imputations and i not in self.fixed_bounds and abs(cd[i]) > dtol]
        return eps, fixed, bnds, {}

    def _equalities(self):
        n = self.n
        eqs = [([1] * n, self.t.v(self.full))]
        for k, rd in enumerate(self.rounds):
            for m in rd.fixed:
                eqs.append(([m >> i & 1 for i in range(n)], self.t.v(m) - self._w(m) * rd.level))
            for i in rd.bounds:
                eqs.append(([1 if j == i else 0 for j in range(n)], self.t.v(1 << i)))
        return eqs

    def _point(self) -> list[Fraction]:
        sp = intla.IntSpan(self.n)
        A, b = [], []
        for a, r in self._equalities():
            if sp.try_add(a):
                A.append(a)
                b.append(r)
        pt = intla.solve_vec(A, b) if len(A) == self.n else None
        if pt is None:
            raise CertificateError("the fixed equalities do not determine the point")
        return pt

    def _float_point(self) -> list[float]:
        eqs = [(np.array(a, float), float(r)) for a, r in self._float_eqs()]
        A = np.array([a for a, _ in eqs])
        b = np.array([r for _, r in eqs])
        return np.linalg.lstsq(A, b, rcond=None)[0].tolist()

    def _float_eqs(self):
        n = self.n
        out = [([1] * n, self.vf[self.full])]
        for rd in self.rounds:
            for m in rd.fixed:
                out.append(([m >> i & 1 for i in range(n)], self.vf[m] - self._wf(m) * rd.level))
            for i in rd.bounds:
                out.append(([1 if j == i else 0 for j in range(n)], self.vf[1 << i]))
        return out

    # -------------------------------------------------------------- certificate
    def _certify(self, pt: list[Fraction]) -> list[tuple[Fraction, list[int]]]:
        """Prove ``pt`` is the (weighted)(pre)nucleolus (see the module docstring) and
        return the canonical levels: per distinct level, the coalitions tight on that
        level's whole optimal face."""
        return certify_sequence(self.t, pt, self.rounds, self.state, self.left, imputations=self.imputations,
                                weighted=self.weighted)


def certify_sequence(table: WorthTable, pt: list[Fraction], rounds: list[Round], state: np.ndarray,
                     left: np.ndarray, *, imputations: bool, weighted: bool) -> list[tuple[Fraction, list[int]]]:
    """Check, exactly, that ``pt`` ends the sequence of LP rounds ``rounds``:

    1. x(N) = v(N); x_i ≥ v({i}) (``imputations``), with equality for fixed bounds;
    2. every coalition fixed in round k has weighted excess exactly α_k, every other
       coalition that was free until round k (then left: fixed or determined) has
       weighted excess ≤ α_k, and w_S = 0 coalitions excess ≤ 0 — over all 2^n
       coalitions, in integer arithmetic. So (pt, α_k) is feasible for round k;
    3. each round's multipliers (non-negative on inequalities, checked when they were
       solved) are supported on rows tight at (pt, α_k): complementary slackness,
       hence α_k is round k's optimum and its positive-multiplier rows are tight on
       the whole optimal face.

    Raises :class:`CertificateError` on the first failure. Returns the canonical levels.
    """
    n = table.n
    full = (1 << n) - 1
    if sum(pt) != table.v(full):
        raise CertificateError("x(N) != v(N)")
    fixed_b = {i for rd in rounds for i in rd.bounds}
    if imputations:
        for i in range(n):
            vi = table.v(1 << i)
            if pt[i] < vi or (i in fixed_b and pt[i] != vi):
                raise CertificateError(f"imputation bound of player {i} fails")
    E, sc = exact_excess(table, pt)  # E = e(S)·sc
    # levels over one denominator L: α_k = a_k / L
    L = math.lcm(*(rd.level.denominator for rd in rounds)) if rounds else 1
    a = [int(rd.level * L) for rd in rounds]
    K = len(rounds)
    st = state
    body = (st == FIXED) | (st == SPAN)
    if (st == FREE).any():
        raise CertificateError("coalitions left free")
    li = np.where(body, left, 0).astype(np.int64)
    Emax = int(np.abs(E).max()) if E.dtype != object else max(abs(int(e)) for e in E)
    amax = max(map(abs, a), default=0)
    if weighted:
        # e(S)·sc·L·den  <=  w_S·den·α_k·L·sc  =  wnum·a_k·sc  (wnum = max(num, 0))
        wnum = np.where(table.num > 0, table.num, 0).astype(object)
        lev = np.array(a, dtype=object)
        lhs = E.astype(object) * (L * table.den)
        rhs = wnum * lev[li] * sc

        def at_level(k):
            return wnum * a[k] * sc
    else:
        # e(S)·sc·L  <=  a_k·sc
        if E.dtype == object or Emax * L >= _I64 or amax * sc >= _I64:
            lhs = E.astype(object) * L
            lev = np.array(a, dtype=object)
        else:
            lhs = E * L
            lev = np.array(a, dtype=np.int64)
        rhs = lev[li] * sc

        def at_level(k):
            return a[k] * sc
    bad = body & (lhs > rhs)
    if bad.any():
        m = int(np.flatnonzero(bad)[0])
        raise CertificateError(f"coalition {m} has excess above its level")
    fixed_mask = st == FIXED
    if (fixed_mask & (lhs != rhs)).any():
        m = int(np.flatnonzero(fixed_mask & (lhs != rhs))[0])
        raise CertificateError(f"fixed coalition {m} is not at its level")
    plain = st == PLAIN
    if plain.any() and (E[plain] > 0).any():
        raise CertificateError("a coalition with weight 0 is not covered")
    # complementary slackness of each round's multipliers at (pt, α_k)
    for k, rd in enumerate(rounds):
        for c, yr in rd.duals.items():
            if yr == 0:
                continue
            if c[0] == "b":
                if pt[c[1]] != table.v(1 << c[1]):
                    raise CertificateError("a bound with a positive multiplier is slack")
            else:
                m = c[1]
                if m == full:
                    continue
                if st[m] == PLAIN:
                    if E[m] != 0:
                        raise CertificateError("a weight-0 row with a multiplier is slack")
                elif st[m] == FIXED and left[m] < k:
                    continue  # an equality of round k
                elif not (st[m] == FIXED and left[m] == k):
                    raise CertificateError(f"round {k}: a row with a positive multiplier was not fixed")
    # canonical levels: the face-tight coalitions of each distinct level
    out: list[tuple[Fraction, list[int]]] = []
    k = 0
    while k < K:
        j = k
        while j + 1 < K and rounds[j + 1].level == rounds[k].level:
            j += 1
        # free at the first round of the level and exactly at it: tight on the whole face
        sel = body & (li >= k) & (lhs == at_level(k))
        out.append((rounds[k].level, np.flatnonzero(sel).tolist()))
        k = j + 1
    return out


class CoreLP(SequentialLP):
    """min x(N) s.t. x(S) ≥ v(S) for every proper coalition S, by constraint generation.

    Its optimum is ≤ v(N) iff the core is non-empty; its optimal multipliers form a
    balanced collection (Σ_S λ_S 1_S = 1_N, λ ≥ 0) of weighted worth min x(N) — the
    Bondareva–Shapley certificate when that exceeds v(N).
    """

    def __init__(self, game, exact: bool = True):
        super().__init__(game, imputations=False, exact=exact)

    def _build(self) -> None:
        n = self.n
        self.wcur[:] = 0.0
        h = self.h = new_highs()
        h.addVars(n, np.full(n, -INF), np.full(n, INF))
        for i in range(n):
            h.changeColCost(i, 1.0)
        self.rows = []
        self.row_of = {}
        init = [1 << i for i in range(n)] + ([self.full ^ (1 << i) for i in range(n)] if n > 2 else [])
        self._add(np.array(list(dict.fromkeys(init)), dtype=np.int64))

    def _add(self, masks: np.ndarray) -> None:
        n = self.n
        if not len(masks):
            return
        M = members_matrix(masks, n)
        idx = [np.flatnonzero(row) for row in M]
        for m in masks.tolist():
            self.row_of[m] = len(self.rows)
            self.rows.append(m)
        add_rows(self.h, idx, [np.ones(len(i)) for i in idx], self.vf[masks], np.full(len(masks), INF))
        self.in_ws[masks] = True
        self.pen[masks] = -INF

    def _run(self) -> tuple[np.ndarray, float]:
        self.h.run()
        self.lps += 1
        s = status_name(self.h)
        if s != "optimal":
            raise CertificateError(f"the restricted LP is {s}")
        return np.array(self.h.getSolution().col_value), 0.0

    def core(self):
        """(nonempty, value, point or None, balanced collection [(mask, λ)]) — exact."""
        import highspy

        n = self.n
        x, _ = self._cg()
        if not self.exact:
            val = float(x.sum())
            ok = val <= self.vf[self.full] + 1e-9 * self.scale
            return ok, val, list(map(float, x)), []
        basis = self.h.getBasis()
        act = [self.rows[r] for r, s in enumerate(basis.row_status) if s != highspy.HighsBasisStatus.kBasic]
        if len(act) != n or any(s != highspy.HighsBasisStatus.kBasic for s in basis.col_status):
            sol = self.h.getSolution()
            cand = sorted((-abs(d), m) for d, m, a in zip(sol.row_dual, self.rows, sol.row_value)
                          if abs(a - self.vf[m]) <= 1e-7 * self.scale)
            sp = intla.IntSpan(n)
            act = []
            for _, m in cand:
                if sp.try_add([m >> i & 1 for i in range(n)]):
                    act.append(m)
            if len(act) != n:
                raise CertificateError("no vertex basis among the tight rows")
        A = [[m >> i & 1 for i in range(n)] for m in act]
        b = [self.t.v(m) for m in act]
        y = intla.solve_vec(intla.transpose(A), [1] * n)
        z = intla.solve_vec(A, b)
        if y is None or z is None:
            raise CertificateError("singular basis")
        if any(a < 0 for a in y):
            raise CertificateError("a negative multiplier: the basis is not optimal")
        value = sum((a * c for a, c in zip(y, b)), Fraction(0))
        if sum(z) != value:
            raise CertificateError("primal and dual values differ")
        E, _ = exact_excess(self.t, z)
        body = np.ones(self.size, dtype=bool)
        body[0] = body[self.full] = False
        if (E[body] > 0).any():
            raise CertificateError("the point violates a coalition")
        vN = self.t.v(self.full)
        coll = [(m, a) for m, a in zip(act, y) if a != 0]
        return value <= vN, value, z, coll
