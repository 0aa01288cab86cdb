"""Tick's exact tightening for small games: the same Figure 1, without solver start-up.

Tick (1995) benchmarks 3- and 4-player games (Table 3). For these the general exact
path of :mod:`declcoal.concepts.tu.tightening` spends its time building HiGHS models
and certifying float answers; here every LP of Figure 1 is solved by the exact
integer-preserving simplex of :mod:`declcoal.solvers.small_lp` (certified in integer
arithmetic), and the bookkeeping works on plain integer rows.

The mathematics is that of ``tightening._exact`` (linear γ, ``mode="exact"``):

* Phase I (Figure 1): ``max t`` subject to x(N) = v(N), X_i ≥ 0 (Section 2, if asked),
  rows fixed earlier as equalities at their level, rows whose γ does not grow with K
  as plain constraints (``free``), every other row  x(S) ≥ v(S) + slope_S · t;
* Phase II: a row is fixed when it is tight on the *whole* optimal face: a non-zero
  multiplier in the Phase I optimum proves it (complementary slackness), slack at the
  optimal vertex disproves it, the rest are decided by maximising their total slack
  over the face (rows slack at that optimum are not fixed; when none is, all are);
* the final region is a point when the fixed equalities have rank n; otherwise the
  documented rule (absolute tightening of every still-slack row, the nucleolus of the
  region) picks the point, as in ``tightening._representative``;
* an empty core is reported with a minimal conflicting set of constraints (a
  deletion filter over the support of the Farkas certificate, in the order the
  constraints are stated) instead of Z3's minimised unsat core: both are minimal
  infeasible subsets; when a game has several, the two may name different ones.

Results (allocation, K, fixed flags, iteration levels, newly fixed coalitions,
dimension, status) are identical to the general path's; only the LP counts differ.
``tests/test_tightening_small_fast.py`` checks this on hundreds of random games.
"""
from __future__ import annotations

import heapq
from functools import lru_cache
from fractions import Fraction
from math import lcm
from operator import mul

from ...model.coalition import members
from ...model.tu import TUGame
from ...results import EXACT
from ...solvers import small_lp
from .tightening import Iteration, _Book, inconsistent, template_order

#: Largest n for which ``tighten(..., mode="exact")`` takes this path (lp_method "auto").
SMALL_N = 5

_ZERO = Fraction(0)


class Fallback(Exception):
    """The small path cannot decide this case: the caller runs the general path."""


@lru_cache(maxsize=None)
def _layout(n: int) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """Template order, its 0/1 incidence rows, and the unit rows e_i (per n, cached)."""
    order = tuple(template_order(n))
    inc = tuple(tuple(1 if m >> i & 1 else 0 for i in range(n)) for m in order)
    unit = tuple(tuple(1 if j == i else 0 for j in range(n)) for i in range(n))
    return order, inc, unit


class _Rank:
    """Incremental rank of integer row vectors (fraction-free elimination)."""

    __slots__ = ("rows",)

    def __init__(self) -> None:
        self.rows: list[tuple[int, list[int]]] = []

    def _reduce(self, v) -> list[int]:
        w = list(v)
        for p, r in self.rows:
            f = w[p]
            if f:
                g = r[p]
                w = [a * g - f * b for a, b in zip(w, r)]
        return w

    def add(self, v) -> bool:
        w = self._reduce(v)
        for p, a in enumerate(w):
            if a:
                self.rows.append((p, w))
                return True
        return False

    def spans(self, v) -> bool:
        """v lies in the span of the rows added so far."""
        return not any(self._reduce(v))


class _Row:
    """A parameterised row  a·x ≥ base + slope·K  (equal: a·x = base)."""

    __slots__ = ("a", "base", "slope", "equal")

    def __init__(self, a, base: Fraction, slope: Fraction, equal: bool = False):
        self.a = a
        self.base = base
        self.slope = slope
        self.equal = equal


def _dot(a, x) -> Fraction:
    s = _ZERO
    for ai, xi in zip(a, x):
        if ai:
            s += xi if ai == 1 else ai * xi
    return s


def _ints(a, rhs: Fraction, t: Fraction | None = None) -> tuple[list[int], int]:
    """The integer row for  a·x (+ t·τ) ≥ / = rhs  (a integer; scaled by the denominators)."""
    Lb = rhs.denominator
    if t is None:
        return (list(a), rhs.numerator) if Lb == 1 else ([v * Lb for v in a], rhs.numerator)
    Ls = t.denominator
    if Lb == 1 and Ls == 1:
        return list(a) + [t.numerator], rhs.numerator
    L = lcm(Lb, Ls)
    return [v * L for v in a] + [t.numerator * (L // Ls)], rhs.numerator * (L // Lb)


def _implicit(n: int, A: list, B: list, eq: list, index: dict[int, int], undecided: list[int],
              calls: list[int]) -> tuple[list[int], tuple[list[int], int] | None]:
    """Which of ``undecided`` hold with equality on the whole region ``A z ≥ B`` (row
    ``index[j]`` for candidate j): maximise their total slack; rows slack at the
    optimum are not; when none is, all remaining are. Returns (tight, last point as
    integer numerators and their denominator)."""
    point = None
    while undecided:
        c = [0] * n
        for j in undecided:
            for i, a in enumerate(A[index[j]]):
                if a:
                    c[i] += a
        sol = small_lp.solve_int(n, A, B, eq, c)
        calls[0] += 1
        if not sol.optimal:
            raise Fallback(f"Phase II region {sol.status}")
        zn, D = sol.zn, sol.D
        point = (zn, D)
        slack = set()
        for j in undecided:
            k = index[j]
            if sum(map(mul, A[k], zn)) > B[k] * D:
                slack.add(j)
        if not slack:
            return undecided, point
        undecided = [j for j in undecided if j not in slack]
    return [], point


class _Infeasible(Exception):
    pass


class _IntRow:
    """Row j of Figure 1 as integers: base = bn/bd, slope = sn/sd (denominators > 0)."""

    __slots__ = ("a", "bn", "bd", "sn", "sd", "open_row")

    def __init__(self, r: _Row):
        self.a = list(r.a)
        self.bn, self.bd = r.base.numerator, r.base.denominator
        self.sn, self.sd = r.slope.numerator, r.slope.denominator
        L = lcm(self.bd, self.sd)
        # a·x − slope·t ≥ base, scaled by L
        self.open_row = ([v * L for v in self.a] + [-self.sn * (L // self.sd)], self.bn * (L // self.bd))

    def at(self, p: int, q: int) -> tuple[list[int], int]:
        """a·x ≥ base + slope·(p/q), scaled by bd·sd·q (q > 0)."""
        bd, sd = self.bd, self.sd
        if bd == 1 and sd == 1:
            return [v * q for v in self.a], self.bn * q + self.sn * p
        L = bd * sd * q
        return [v * L for v in self.a], self.bn * sd * q + self.sn * bd * p

    def tau(self, zn: list[int], D: int) -> Fraction:
        """The level t at which this row meets x = zn/D: (a·x − base)/slope."""
        s = sum(map(mul, self.a, zn))
        return Fraction((s * self.bd - self.bn * D) * self.sd, D * self.bd * self.sn)


class _Frame:
    """x(N) = v(N) substituted once: x_{n-1} = v(N) − Σ_{i<n-1} x_i. Every LP row over
    (x, [t]) becomes a row over the first n − 1 shares (and t) — the same constraint on
    the efficient allocations — so every LP has one variable and one equality less."""

    __slots__ = ("n", "vn", "vd")

    def __init__(self, n: int, vN: Fraction):
        self.n = n
        self.vn, self.vd = vN.numerator, vN.denominator

    def row(self, ia: list[int], ib: int) -> tuple[list[int], int]:
        n, L = self.n, self.n - 1
        al = ia[L]
        if not al:
            return ia[:L] + ia[n:], ib
        if self.vd == 1:
            return [v - al for v in ia[:L]] + ia[n:], ib - al * self.vn
        vd = self.vd
        return [(v - al) * vd for v in ia[:L]] + [v * vd for v in ia[n:]], ib * vd - al * self.vn

    def full(self, zn: list[int], D: int) -> tuple[list[int], int]:
        """The whole allocation (numerators, denominator) from the first n − 1 shares."""
        x = zn[: self.n - 1]
        vd = self.vd
        if vd == 1:
            return x + [self.vn * D - sum(x)], D
        return [v * vd for v in x] + [self.vn * D - vd * sum(x)], D * vd


class _Negative(Exception):
    """The first Phase I level is negative: the untightened rows are inconsistent. Carries
    the LP (integer rows, which row each is) and its optimal dual u, a Farkas vector."""

    def __init__(self, A, B, E, u, rowid):
        super().__init__("t1 < 0")
        self.A, self.B, self.E, self.u, self.rowid = A, B, E, u, rowid


def _loop(n: int, static: list, rows: list[_Row], iterations: int | None, names: list[str], calls: list[int],
          probe: bool = False):
    """Figure 1 on parameterised rows (see the module docstring). Returns K, fixed,
    free, trace, status, the last optimal point, and whether the fixed equalities pin
    the region to a point — the tuple of ``tightening._tighten_exact_rows``.

    As there, a floating row whose x(S) is determined by the fixed equalities (1_S in
    their span) only bounds t by τ_S = (x(S) − base)/slope and leaves the LP; a level
    that is such a τ_S changes no region and needs no LP. Points are kept as integer
    numerators over one denominator (zn, D) until the end. ``probe``: stop with
    :class:`_Negative` when the first level is negative (the game is inconsistent)."""
    m = len(rows)
    fixed = [r.equal for r in rows]
    free = [not r.equal and r.slope <= 0 for r in rows]
    Kfix = [_ZERO] * m
    book = _Book([0 if r.equal else None for r in rows], Kfix, free)
    rank = _Rank()
    ir = [_IntRow(r) for r in rows]
    fr = _Frame(n, static[0][2])  # static[0] is x(N) = v(N)
    stA, stB, stE = [], [], []
    for k, (a, sense, b) in enumerate(static):
        if sense == "=":
            rank.add(a)
        if k:
            ia, ib = fr.row(*_ints(a, b))
            stA.append(ia)
            stB.append(ib)
            stE.append(sense == "=")
    eqrow: dict[int, tuple[list[int], int]] = {}  # fixed rows, at their level
    for j, r in enumerate(rows):
        if r.equal:
            rank.add(r.a)
            eqrow[j] = fr.row(*ir[j].at(0, 1))
    freerow = {j: fr.row(*ir[j].at(0, 1)) for j in range(m) if free[j]}
    openrow = {}
    stA_t = [a + [0] for a in stA]
    nx = n - 1  # LP variables: x_0 .. x_{n-2} (and t)
    trace: list[Iteration] = []
    status = "ok"
    it = 0
    point: tuple[list[int], int] | None = None
    heap: list[tuple[Fraction, int]] = []
    und: list[int] = []
    lp_level: Fraction | None = None
    dirty = True
    n_open = sum(1 for j in range(m) if not fixed[j] and not free[j])
    last_level = _ZERO
    c_t = [0] * nx + [1]
    while n_open and (iterations is None or it < iterations):
        it += 1
        c0 = calls[0]
        if dirty:
            heap, und = [], []
            for j in range(m):
                if fixed[j] or free[j]:
                    continue
                if point is not None and rank.spans(rows[j].a):
                    heap.append((ir[j].tau(*point), j))
                else:
                    und.append(j)
            heapq.heapify(heap)
            lp_level = None
            if und:
                A, B, E = _settled_rows(stA_t, stB, stE, fixed, eqrow, freerow, level_column=True)
                k0 = len(A)
                for j in und:
                    if j not in openrow:
                        openrow[j] = fr.row(*ir[j].open_row)
                    ia, ib = openrow[j]
                    A.append(ia)
                    B.append(ib)
                    E.append(False)
                sol = small_lp.solve_int(nx + 1, A, B, E, c_t)
                calls[0] += 1
                if sol.status == small_lp.INFEASIBLE:
                    raise _Infeasible
                if sol.status == small_lp.OPTIMAL:
                    zn, D = sol.zn, sol.D
                    if probe and it == 1 and zn[nx] < 0:
                        rowid = [("static", k + 1) for k in range(len(stA))]
                        rowid += [("row", j) for j in range(m) if (eqrow.get(j) if fixed[j] else freerow.get(j))]
                        rowid += [("row", j) for j in und]
                        raise _Negative(A, B, E, sol.u, rowid)
                    lp_level = Fraction(zn[nx], D)
                    hint_x = fr.full(zn, D)
                    if point is None:
                        point = hint_x
                    # a non-zero multiplier: tight on the whole optimal face; slack at
                    # this vertex: not tight everywhere (Phase II hints)
                    hint_sure, hint_slack = set(), set()
                    u = sol.u
                    for k, j in enumerate(und):
                        if u[k0 + k]:
                            hint_sure.add(j)
                        elif sum(map(mul, A[k0 + k], zn)) > B[k0 + k] * D:
                            hint_slack.add(j)
            dirty = False
        cands = ([lp_level] if lp_level is not None else []) + ([heap[0][0]] if heap else [])
        if not cands:  # only rows that can grow for ever are left
            for j in und:
                free[j] = True
            status = "unbounded"
            break
        t = min(cands)
        p, q = t.numerator, t.denominator
        newly = []
        while heap and heap[0][0] == t:
            newly.append(heapq.heappop(heap)[1])
        if lp_level is not None and t == lp_level:
            tight = [j for j in und if j in hint_sure]
            undecided = [j for j in und if j not in hint_sure and j not in hint_slack]
            pt = hint_x
            if undecided:
                A, B, E = _settled_rows(stA, stB, stE, fixed, eqrow, freerow, level_column=False)
                index = {}
                for j in und:
                    ia, ib = fr.row(*ir[j].at(p, q))
                    index[j] = len(A)
                    A.append(ia)
                    B.append(ib)
                    E.append(False)
                more, p2 = _implicit(nx, A, B, E, index, undecided, calls)
                tight += more
                if p2 is not None:
                    pt = fr.full(*p2)
            point = pt
            for j in tight:
                rank.add(rows[j].a)
            newly += tight
            if tight:
                dirty = True
        for j in newly:
            fixed[j] = True
            Kfix[j] = t
            book.fixed_at[j] = it
            eqrow[j] = fr.row(*ir[j].at(p, q))
            n_open -= 1
        last_level = t
        trace.append(Iteration(it, t, None, None, [names[j] for j in sorted(newly)], calls[0] - c0, book))
        if not newly:  # cannot happen for linear γ (LP duality) — guard anyway
            status = "stalled"
            break
    K = [Kfix[j] if fixed[j] else (_ZERO if free[j] else last_level) for j in range(m)]
    x = None if point is None else [Fraction(v, point[1]) for v in point[0]]
    return K, fixed, free, trace, status, x, len(rank.rows) == n


def _representative(n: int, static: list, rows: list[_Row], calls: list[int]) -> tuple[list[Fraction] | None, int]:
    """``tightening._representative``: the region's implicit equalities, then absolute
    tightening of every row still slack (including X_i ≥ 0). Returns (point, dim)."""
    static_eq = [s for s in static if s[1] == "="]  # x(N) = v(N), substituted (_Frame)
    allrows = list(rows) + [_Row(a, b, _ZERO) for a, s, b in static if s != "="]
    fr = _Frame(n, static_eq[0][2])
    A, B, E = [], [], []
    index = {}
    for j, r in enumerate(allrows):
        ia, ib = fr.row(*_ints(r.a, r.base))
        index[j] = len(A)
        A.append(ia)
        B.append(ib)
        E.append(r.equal)
    cand = [j for j, r in enumerate(allrows) if not r.equal]
    tight, point = _implicit(n - 1, A, B, E, index, cand, calls) if cand else ([], None)
    if point is not None:
        point = fr.full(*point)
    tight = set(tight)
    rank = _Rank()
    for a, _, _ in static_eq:
        rank.add(a)
    for j, r in enumerate(allrows):
        if r.equal or j in tight:
            rank.add(r.a)
    dim = n - len(rank.rows)
    if dim == 0:
        if point is None:  # no candidate row: the equalities alone pin the point
            sol = small_lp.solve_int(n - 1, A, B, E, [0] * (n - 1))
            calls[0] += 1
            if not sol.optimal:
                raise Fallback("final region empty")
            point = fr.full(sol.zn, sol.D)
        return [Fraction(v, point[1]) for v in point[0]], 0
    rows2 = [_Row(r.a, r.base, _ZERO, True) if (r.equal or j in tight) else _Row(r.a, r.base, Fraction(1))
             for j, r in enumerate(allrows)]
    names = [str(j) for j in range(len(rows2))]
    _, _, _, _, _, pt, is_point = _loop(n, static_eq, rows2, None, names, calls)
    return (pt if is_point else None), dim


def _static(n: int, vN: Fraction, unit, nonnegative: bool) -> list:
    rows = [((1,) * n, "=", vN)]
    if nonnegative:
        rows += [(e, ">=", _ZERO) for e in unit]
    return rows



def _settled_rows(stA, stB, stE, fixed, eqrow, freerow, *, level_column: bool):
    """The standing rows (x(N) = v(N), X_i >= 0) plus the row of every fixed coalition (an
    equality at its level) and every free one (its untightened inequality), as lists
    (A, B, E = is-equality) for :func:`small_lp.solve`; ``level_column`` appends the zero
    coefficient of the common level t (Phase I's LPs have t as a variable)."""
    A, B, E = list(stA), list(stB), list(stE)
    for j in range(len(fixed)):
        row = eqrow.get(j) if fixed[j] else freerow.get(j)
        if row is not None:
            A.append(row[0] + [0] if level_column else row[0])
            B.append(row[1])
            E.append(fixed[j])
    return A, B, E

def exact_linear(game: TUGame, gamma, iterations: int | None, nonnegative: bool, names: list[str]):
    """tighten()'s exact mode for a linear γ on a small game.

    Returns ``(out, conflict)`` in the shapes ``tighten`` builds: ``out`` the result
    dict, ``conflict`` the list of conflicting constraints ([] when consistent)."""
    n = game.n
    order, inc, unit = _layout(n)
    values = game.values
    vN = values[(1 << n) - 1]
    static = _static(n, vN, unit, nonnegative)
    calls = [0]
    c_start = small_lp.CALLS[0]
    rows = [_Row(a, values[mk], gamma.slope(values[mk])) for mk, a in zip(order, inc)]
    farkas = None
    try:
        K, fixed, free, trace, status, last_point, is_point = _loop(n, static, rows, iterations, names, calls,
                                                                    probe=True)
    except _Infeasible:
        trace = None
    except _Negative as neg:
        trace = None
        farkas = _farkas_from_phase1(game, neg, n)
    consistent = bool(trace) and trace[0].level >= 0  # t1 >= 0 iff the untightened rows hold
    if not consistent:
        conflict = farkas if farkas is not None else core_conflict_small(game, nonnegative)
        if conflict is not None:
            # a conflict without X_i >= 0 rows shows the core itself empty; otherwise ask
            return inconsistent(conflict.nonneg and core_conflict_small(game, False) is None), list(conflict)
        if trace is None:
            raise Fallback("Phase I infeasible on a consistent game")
    if is_point:
        point, dim = list(last_point), 0
    else:
        final = [_Row(r.a, r.base + r.slope * k, _ZERO, fx) for r, k, fx in zip(rows, K, fixed)]
        point, dim = _representative(n, static, final, calls)
    out = dict(status=status, allocation=point, K=K, fixed=fixed, trace=trace, calls=calls[0],
               dimension=dim, order=list(order), equalities=[], explanation="", guarantee=EXACT,
               free=[names[j] for j in range(len(order)) if free[j]])
    out["lp"] = {"highs_certified": 0, "z3_fallback": 0, "z3": 0, "z3_confirmed": 0,
                 "small_exact": small_lp.CALLS[0] - c_start}
    return out, []


def _labels(game: TUGame) -> list[str]:
    """The constraints in the order they are stated: coalitions (template order),
    x(N) = v(N), X_i >= 0 — labelled as ``tightening.core_conflict`` labels them."""
    n = game.n
    order = _layout(n)[0]
    values = game.values
    labels = ["{" + ",".join(game.players[i] for i in members(mk)) + "}" + f" >= {values[mk]}" for mk in order]
    labels.append(f"{'+'.join(game.players)} = {values[(1 << n) - 1]}")
    labels += [f"{p} >= 0" for p in game.players]
    return labels


def _farkas_from_phase1(game: TUGame, neg: _Negative, n: int) -> "_Conflict | None":
    """The conflict from the first Phase I LP when its level t1 is negative.

    Its optimal dual u (u ≥ 0 on ≥ rows) has Σ u_r (a_r, −slope_r) = (0, −1) and
    Σ u_r b_r = −t1 > 0: at t = 0 its rows are the untightened constraints, so u is a
    Farkas vector for them (checked here in integers). u is a basic solution: its
    columns are independent, so any dependent proper subset of its rows' x-parts would
    give a second solution with smaller support — the x-parts form a circuit and the
    support is an irreducible infeasible subset, as in :func:`core_conflict_small`."""
    A, B, E, u = neg.A, neg.B, neg.E, neg.u
    if any(ur < 0 and not e for ur, e in zip(u, E)) or sum(map(mul, B, u)) <= 0:
        return None
    for i in range(n - 1):  # the LP's shares: x(N) = v(N) was substituted (_Frame)
        if sum(a[i] * ur for a, ur in zip(A, u) if ur):
            return None
    m = len(_layout(n)[0])
    # indices in the stated order: row j -> j, static 0 (x(N)) -> m, static k -> m + k.
    # x(N) = v(N) is in every conflict (without it x = a large multiple of 1 satisfies
    # all other rows), and the rows of u with it are minimal as argued above.
    where = [m]
    for (kind, k), ur in zip(neg.rowid, u):
        if ur:
            where.append(k if kind == "row" else m + k)
    labels = _labels(game)
    return _Conflict(labels[k] for k in sorted(where)).mark(any(k > m for k in where))


def core_conflict_small(game: TUGame, nonnegative: bool = True) -> list[str] | None:
    """None if x(S) ≥ v(S) for proper S, x(N) = v(N) (and X_i ≥ 0) are satisfiable;
    otherwise a minimal conflicting subset, in the order the constraints are stated
    (coalitions in template order, then x(N) = v(N), then X_i ≥ 0).

    The subset is the support of the Farkas certificate of :mod:`declcoal.solvers.small_lp`:
    an unbounded edge of the dual, so its rows' vectors form a circuit (the basis
    columns are independent and the entering column's expression in them is unique);
    a proper subset of a circuit is independent and has no Farkas vector, hence is
    feasible — the support is an irreducible infeasible subset (Gleeson & Ryan 1990).
    ``tests/test_tightening_small_fast.py`` checks minimality independently."""
    n = game.n
    order, inc, unit = _layout(n)
    values = game.values
    cons = [(a, ">=", values[mk]) for mk, a in zip(order, inc)] + [((1,) * n, "=", values[(1 << n) - 1])]
    if nonnegative:
        cons += [(e, ">=", 0) for e in unit]
    sol = small_lp.solve(n, cons, [0] * n)
    if sol.optimal:
        return None
    labels = _labels(game)
    return _Conflict(labels[k] for k, u in enumerate(sol.farkas) if u).mark(
        any(u for u in sol.farkas[len(order) + 1:]))


class _Conflict(list):
    """The conflicting constraints (a list of labels) and whether X_i >= 0 is among them."""

    nonneg = False

    def mark(self, nonneg: bool) -> "_Conflict":
        self.nonneg = nonneg
        return self


__all__ = ["exact_linear", "core_conflict_small", "SMALL_N", "Fallback"]
