"""Tick's fair allocation by constraint tightening (Tick 1995, Sections 2, 4, 5).

The coalition constraints of a TU game (Section 1)::

    Σ_{i∈S} X_i ≥ v(S)     for every proper coalition S   (the set T)
    Σ_{i∈N} X_i = v(N)                                     (the equality G)
    X_i ≥ 0                                                (Section 2; switchable)

are *tightened*: each RHS v(S) is replaced by γ(v(S), K_S) with a fair tightening
function γ (Table 1)::

    absolute  γ(RHS, K) = RHS + f(K)
    relative  γ(RHS, K) = RHS · (1 + g(K))
    hybrid    γ(RHS, K) = RHS · (1 + g(K)) + f(K)

with f, g monotone and f(0) = g(0) = 0 (default f(K) = g(K) = K). Figure 1 raises all
non-fixed K_S together as far as the constraints stay satisfiable (Phase I), fixes the
K_S that cannot grow any further alone (Phase II), and iterates until every K_S is
fixed; Phase III then turns inequalities into equalities in order while satisfiable.

Two modes:

* :func:`tighten` with ``mode="faithful"`` — the appendix's CLP(R) program step by
  step (``go1``/``search1``/``restrict``/``choose``), with Z3 deciding every
  ``sat(S(K))`` incrementally: the model (variables X_i, one bound variable b_S per
  coalition, ``Σ X ≥ b_S``) is asserted once and each query fixes the bounds inside a
  ``push``/``pop`` scope. Binary search with Δmax = 1000 and ε = 0.0001; like
  ``search1`` every iteration restarts at ``Prev = 0`` and a non-fixed parameter takes
  the last *accepted* value ``Prev + Δ``; like ``init_parms`` parameters start at 1000
  (kept if no increment is ever accepted); ``restrict`` tests K_j + 2ε one parameter
  at a time against the current vector; ``choose`` tries equalities in the order of
  Tick's ``const/3`` template (singletons, then pairs, ... each in lexicographic order).
* ``mode="exact"`` — no ε: each Phase I is the linear program ``max t`` (the common
  increment of the non-fixed parameters; γ linear in K for the default f, g), each
  Phase II finds *exactly* which constraints are tight in every point of the optimal
  face (those K_S cannot grow). Solved by :mod:`declcoal.solvers.lp` (HiGHS with a
  rational certificate, Z3 fallback). For general f, g it bisects on t with exact
  feasibility tests and says so (``guarantee = "approximate"``).

The final region of exact mode is a point whenever every singleton constraint has a
parameter that moves it (always for absolute/hybrid; for relative unless v({i}) = 0);
otherwise the representative point is chosen by a documented, deterministic,
relabelling-equivariant rule: continue with *absolute* tightening of every constraint
still slack (including X_i ≥ 0) — the nucleolus of the final region.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from dataclasses import dataclass, field
from fractions import Fraction

from ... import progress
from ...errors import GameError, InputError
from ...model.coalition import label, members
from ...model.numbers import to_fraction
from ...model.tu import TUGame
from ...results import APPROXIMATE, EXACT, jsonable, timed
from ...solvers import lp as lpmod

FAMILIES = ("absolute", "relative", "hybrid")
MODES = ("faithful", "exact")

#: --json lists the whole K vector per iteration up to this many parameters (n <= 6).
TRACE_VECTOR_LIMIT = 64

#: Tick's settings for Section 7 (Δmax, ε) = (1000, 0.0001) and init_parms' 1000.
DELTA_MAX = Fraction(1000)
EPSILON = Fraction(1, 10000)
INIT = Fraction(1000)
BISECTION_TOL = Fraction(1, 10**9)  # exact mode, non-linear γ: default bisection tolerance
_ONE = Fraction(1)


# ---------------------------------------------------------------------- gamma
@dataclass(frozen=True)
class Gamma:
    """A fair tightening function γ(RHS, K) of Tick's Table 1.

    ``f`` and ``g`` are Python callables K -> number (monotone, f(0) = g(0) = 0); None
    means the identity (Tick's choice for Sections 6–7), which keeps γ linear in K.
    """

    family: str = "relative"
    f: Callable[[Fraction], object] | None = None
    g: Callable[[Fraction], object] | None = None

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise InputError(f"unknown tightening family {self.family!r}; use one of {', '.join(FAMILIES)}")
        for name, fn in (("f", self.f), ("g", self.g)):
            if fn is None:
                continue
            z = to_fraction(fn(Fraction(0)), f"{name}(0)")
            if z != 0:
                raise InputError(f"γ needs {name}(0) = 0 (Tick 1995, Table 1), got {name}(0) = {z}")
            pts = [Fraction(0), Fraction(1, 10000), Fraction(1, 10), Fraction(1), Fraction(10), Fraction(1000)]
            vals = [to_fraction(fn(p), f"{name}({p})") for p in pts]
            if any(b < a for a, b in zip(vals, vals[1:])):
                raise InputError(f"γ needs a monotone (non-decreasing) {name}; it decreases between sampled points")

    @property
    def linear(self) -> bool:
        return self.f is None and self.g is None

    def _f(self, k: Fraction) -> Fraction:
        return k if self.f is None else to_fraction(self.f(k), "f(K)")

    def _g(self, k: Fraction) -> Fraction:
        return k if self.g is None else to_fraction(self.g(k), "g(K)")

    def value(self, rhs: Fraction, k: Fraction) -> Fraction:
        """γ(RHS, K)."""
        if self.family == "absolute":
            return rhs + self._f(k)
        if self.family == "relative":
            return rhs * (1 + self._g(k))
        return rhs * (1 + self._g(k)) + self._f(k)

    def slope(self, rhs: Fraction) -> Fraction:
        """∂γ/∂K for the linear (identity f, g) case: 1, RHS or RHS + 1 (Section 5)."""
        if not self.linear:
            raise InputError("slope is defined only for the linear γ (identity f and g)")
        if self.family == "absolute":
            return _ONE
        return rhs if self.family == "relative" else rhs + 1

    @property
    def text(self) -> str:
        f = "K" if self.f is None else "f(K)"
        g = "K" if self.g is None else "g(K)"
        return {"absolute": f"RHS + {f}", "relative": f"RHS·(1 + {g})", "hybrid": f"RHS·(1 + {g}) + {f}"}[self.family]


# ---------------------------------------------------------------------- results
@dataclass
class _Book:
    """Shared record of when each parameter was fixed (exact mode): the K vector of
    iteration i is derived on demand, so a trace of m iterations costs O(m), not O(m²)."""

    fixed_at: list[int | None]  # iteration that fixed row j (0: fixed from the start)
    fixed_level: list[Fraction]
    free: list[bool]


class Iteration:
    """One pass of Phases I and II (a row of Tick's Table 2): the level the non-fixed
    parameters reached, the tightening vector K and fixed flags after the pass."""

    def __init__(self, iteration: int, level: Fraction | None, K: list[Fraction] | None, fixed: list[bool] | None,
                 newly_fixed: list[str], solver_calls: int, book: _Book | None = None):
        self.iteration = iteration
        self.level = level
        self._K = K
        self._fixed = fixed
        self.newly_fixed = newly_fixed
        self.solver_calls = solver_calls
        self._book = book

    @property
    def K(self) -> list[Fraction]:
        if self._K is not None:
            return self._K
        b, i, t = self._book, self.iteration, self.level
        return [Fraction(0) if fr else (lv if at is not None and at <= i else t)
                for at, lv, fr in zip(b.fixed_at, b.fixed_level, b.free)]

    @property
    def fixed(self) -> list[bool]:
        if self._fixed is not None:
            return self._fixed
        i = self.iteration
        return [at is not None and at <= i for at in self._book.fixed_at]

    def to_dict(self) -> dict:
        d = {"iteration": self.iteration, "level": self.level, "newly_fixed": self.newly_fixed,
             "solver_calls": self.solver_calls}
        if len(self.K) <= TRACE_VECTOR_LIMIT:  # larger games: the result's fixed_in_iteration says it all
            d.update(K=self.K, fixed=self.fixed)
        return jsonable(d)


@dataclass
class TighteningResult:
    """The tightened allocation and how it was found."""

    game: str
    players: tuple[str, ...]
    family: str
    gamma: str
    mode: str
    status: str  # "ok" | "inconsistent" | "failed" | "stalled"
    allocation: list[Fraction] | None
    coalitions: list[str]  # parameter order K1..Km (Tick's const/3 template order)
    K: list[Fraction]
    fixed: list[bool]
    trace: list[Iteration]
    dimension: int | None = None  # of the final region before choosing a point (exact mode)
    point_rule: str = ""
    explanation: str = ""
    conflict: list[str] = field(default_factory=list)
    equalities: list[str] = field(default_factory=list)  # Phase III (faithful)
    solver_calls: int = 0
    lp_calls: dict = field(default_factory=dict)
    guarantee: str = EXACT
    seconds: float = 0.0
    params: dict = field(default_factory=dict)

    def _fixed_in_iteration(self) -> list[int | None]:
        """Per coalition: the iteration whose Phase II fixed its K (None: never)."""
        out: list[int | None] = [None] * len(self.coalitions)
        index = {c: j for j, c in enumerate(self.coalitions)}
        for it in self.trace:
            for c in it.newly_fixed:
                if c in index and out[index[c]] is None:
                    out[index[c]] = it.iteration
        return out

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "stalled") and self.allocation is not None

    def to_dict(self) -> dict:
        return {
            "concept": "tightening", "game": self.game, "players": list(self.players),
            "family": self.family, "gamma": self.gamma, "mode": self.mode, "status": self.status,
            "allocation": None if self.allocation is None else {
                p: {"exact": jsonable(x), "float": float(x)} for p, x in zip(self.players, self.allocation)},
            "coalitions": self.coalitions, "K": jsonable(self.K), "fixed": self.fixed,
            "fixed_in_iteration": self._fixed_in_iteration(),
            "trace": [it.to_dict() for it in self.trace], "dimension": self.dimension,
            "point_rule": self.point_rule, "explanation": self.explanation, "conflict": self.conflict,
            "phase3_equalities": self.equalities, "solver_calls": self.solver_calls,
            "lp_calls": self.lp_calls, "guarantee": self.guarantee, "seconds": self.seconds,
            "params": jsonable(self.params),
        }


class TighteningInconsistent(GameError):
    """The untightened constraints have no solution (Tick: "should fail")."""


# ---------------------------------------------------------------------- model
def template_order(n: int) -> list[int]:
    """Proper coalitions in the order of Tick's ``const/3`` templates: singletons,
    then pairs, ..., each size in lexicographic order of members (appendix)."""
    return list(_template_order(n))


@lru_cache(maxsize=32)
def _template_order(n: int) -> tuple[int, ...]:
    full = (1 << n) - 1
    return tuple(sorted(range(1, full), key=lambda m: (m.bit_count(), members(m))))


@lru_cache(maxsize=256)
def _names(players: tuple[str, ...]) -> tuple[str, ...]:
    """Labels of the proper coalitions in template order (cached per player tuple)."""
    return tuple(label(m, players) for m in _template_order(len(players)))


def check_coalitions(n: int, mode: str, max_coalitions: int | None) -> None:
    """Refuse at once when the 2^n − 2 proper coalitions exceed the limit of ``mode``
    (:data:`declcoal.limits.TIGHTEN_COALITIONS`; faithful mode's search:
    :data:`declcoal.limits.TIGHTEN_FAITHFUL_COALITIONS`) or ``max_coalitions``."""
    from ... import limits

    faithful = mode == "faithful"
    limit = max_coalitions if max_coalitions is not None else (
        limits.TIGHTEN_FAITHFUL_COALITIONS if faithful else limits.TIGHTEN_COALITIONS)
    if 2**n - 2 > limit:
        what = ("proper coalitions (faithful mode: one Z3 check each per Phase II pass)" if faithful
                else "proper coalitions (one constraint each in every LP and Z3 check)")
        raise limits.refuse(f"{n} players: {what}", 2**n - 2, limit, "--max-coalitions N",
                            "--mode exact (the default) needs no ε search" if faithful else None)


def _check_game(game: TUGame) -> None:
    game.require_exact("constraint tightening")
    if game.n < 2:
        raise GameError("constraint tightening needs at least 2 players")


def core_conflict(game: TUGame, nonnegative: bool = True) -> list[str] | None:
    """None if the (untightened) core constraints are satisfiable; otherwise the
    conflicting constraints named by Z3's unsat core (minimised)."""
    import z3

    n = game.n
    lp = lpmod.LP(n)
    for m in range(1, (1 << n) - 1):
        lp.add([1 if m >> i & 1 else 0 for i in range(n)], ">=", game.v(m))
    lp.add([1] * n, "=", game.v(game.grand))
    if nonnegative:
        for i in range(n):
            lp.add([1 if j == i else 0 for j in range(n)], ">=", 0)
    if lpmod.feasible_point(lp) is not None:  # exact (certified) — Z3 only to explain a conflict
        return None
    s = z3.Solver()
    s.set("core.minimize", True)
    X = [z3.Real(p) for p in game.players]
    track = {}
    for m in template_order(n):
        b = z3.Bool(f"c{m}")
        track[b.get_id()] = "{" + ",".join(game.players[i] for i in members(m)) + "}" + f" >= {game.v(m)}"
        s.assert_and_track(z3.Sum([X[i] for i in members(m)]) >= z3.RealVal(game.v(m)), b)
    b = z3.Bool("grand")
    track[b.get_id()] = f"{'+'.join(game.players)} = {game.v(game.grand)}"
    s.assert_and_track(z3.Sum(X) == z3.RealVal(game.v(game.grand)), b)
    if nonnegative:
        for i, p in enumerate(game.players):
            b = z3.Bool(f"nn{i}")
            track[b.get_id()] = f"{p} >= 0"
            s.assert_and_track(X[i] >= 0, b)
    if s.check() == z3.sat:
        return None
    order = list(track)  # report in the order the constraints were stated (deterministic)
    ids = {c.get_id() for c in s.unsat_core()}
    return [track[k] for k in order if k in ids]


class _Z3System:
    """S(K) for faithful mode, asserted once; each query sets the bounds in a scope."""

    def __init__(self, game: TUGame, order: list[int], nonnegative: bool):
        import z3

        self.z3 = z3
        self.s = z3.Solver()
        self.X = [z3.Real(p) for p in game.players]
        self.sums = [z3.Sum([self.X[i] for i in members(m)]) for m in order]
        self.b = [z3.Real(f"b_{m}") for m in order]
        for lhs, b in zip(self.sums, self.b):
            self.s.add(lhs >= b)
        self.s.add(z3.Sum(self.X) == z3.RealVal(game.v(game.grand)))
        if nonnegative:
            for x in self.X:
                self.s.add(x >= 0)
        self.calls = 0

    def sat(self, bounds: list[Fraction], equal: set[int] = frozenset()) -> bool:
        z3 = self.z3
        self.calls += 1
        self.s.push()
        try:
            for j, (b, v) in enumerate(zip(self.b, bounds)):
                self.s.add(b == z3.RealVal(v))
                if j in equal:
                    self.s.add(self.sums[j] == b)
            r = self.s.check()
        finally:
            self.s.pop()
        if r == z3.unknown:
            from ...errors import SolverLimitError

            raise SolverLimitError(f"Z3 returned unknown: {self.s.reason_unknown()}")
        return r == z3.sat


def _solve_equalities(n: int, rows: list[tuple[list[int], Fraction]]) -> list[Fraction] | None:
    """The unique point of a set of equality rows (coalition members, rhs) if they
    determine x; None otherwise."""
    basis = lpmod._Independent(n)
    chosen = []
    for mem, rhs in rows:
        vec = [Fraction(1 if i in mem else 0) for i in range(n)]
        if basis.try_add(vec):
            chosen.append((vec, rhs))
            if len(chosen) == n:
                break
    if len(chosen) < n:
        return None
    return lpmod._solve_square([v for v, _ in chosen], [r for _, r in chosen])


# ---------------------------------------------------------------------- faithful
PHASE3_ORDERS = ("reverse", "template")


def _faithful(game: TUGame, gamma: Gamma, iterations: int | None, epsilon: Fraction,
              delta_max: Fraction, nonnegative: bool, init: Fraction, phase3_order: str = "reverse",
              bar: progress.Task | None = None) -> dict:
    n = game.n
    order = template_order(n)
    rhs = [game.v(m) for m in order]
    m = len(order)
    sysz = _Z3System(game, order, nonnegative)

    def bounds(K: list[Fraction]) -> list[Fraction]:
        return [gamma.value(r, k) for r, k in zip(rhs, K)]

    K = [init] * m
    floating = [True] * m
    trace: list[Iteration] = []
    status = "ok"
    it = 0
    while any(floating) and (iterations is None or it < iterations):
        it += 1
        calls0 = sysz.calls
        # Phase I: search1(Id, 0, Delta, Epsilon, K0, K1)
        prev, delta, Kcur = Fraction(0), delta_max, list(K)
        level = None
        while not delta < epsilon:
            nxt = prev + delta
            K1 = [nxt if fl else k for fl, k in zip(floating, Kcur)]
            if sysz.sat(bounds(K1)):
                prev, Kcur, level = nxt, K1, nxt
            delta = delta / 2
        K = Kcur
        # Phase II: restrict(Id, K1, Epsilon, K2) — each float tested alone, current K
        newly = []
        for j in progress.iterate(range(m), f"Phase II checks (iteration {it})", every=16):
            if not floating[j]:
                continue
            R = list(K)
            R[j] = K[j] + 2 * epsilon
            if not sysz.sat(bounds(R)):
                newly.append(j)
        for j in newly:
            floating[j] = False
        if bar is not None:
            bar.advance(len(newly))
        trace.append(Iteration(it, level, list(K), [not f for f in floating],
                               [game.label(order[j]) for j in newly], sysz.calls - calls0))
        if not newly and any(floating):
            status = "stalled"
            break
    # final const(RawPayoffs, Vars, Final)
    B = bounds(K)
    if not sysz.sat(B):
        return dict(status="failed", allocation=None, K=K, fixed=[not f for f in floating], trace=trace,
                    calls=sysz.calls, equalities=[], order=order,
                    explanation="the final tightening vector leaves no solution (Tick's program fails here: "
                    "search1 accepted no increment and kept init_parms' value)")
    # Phase III: choose — turn inequalities into equalities in the order of the
    # constraint list dump/3 hands to choose/2: the const/3 template reversed by
    # default (reproduces Table 3, see docs/tightening.md), or the template order.
    eq: set[int] = set()
    for j in (range(m - 1, -1, -1) if phase3_order == "reverse" else range(m)):
        if sysz.sat(B, eq | {j}):
            eq.add(j)
    rows = [(members(order[j]), B[j]) for j in sorted(eq)] + [(list(range(n)), game.v(game.grand))]
    point = _solve_equalities(n, rows)
    dim = 0
    if point is None:  # Phase III did not pin a point: use the exact-mode rule on the region
        static = _static_rows(game, nonnegative)
        prows = [_prow(game, order[j], B[j], Fraction(0)) for j in range(m)]
        for j in eq:
            prows[j] = _prow(game, order[j], B[j], Fraction(0), equal=True)
        point, dim = _representative(n, static, prows)
    return dict(status=status, allocation=point, K=K, fixed=[not f for f in floating], trace=trace,
                calls=sysz.calls, equalities=[game.label(order[j]) for j in sorted(eq)], order=order,
                dimension=dim, explanation="")


# ---------------------------------------------------------------------- exact
@dataclass
class _PRow:
    """A parameterised row  a·x ≥ base + slope·K  (equal=True: a·x = base)."""

    a: list[int]
    base: Fraction
    slope: Fraction
    equal: bool = False


def _prow(game: TUGame, mask: int, base: Fraction, slope: Fraction, equal: bool = False) -> _PRow:
    return _PRow([1 if mask >> i & 1 else 0 for i in range(game.n)], base, slope, equal)


def _static_rows(game: TUGame, nonnegative: bool) -> list[tuple[list[int], str, Fraction]]:
    n = game.n
    rows = [([1] * n, "=", game.v(game.grand))]
    if nonnegative:
        rows += [([1 if j == i else 0 for j in range(n)], ">=", Fraction(0)) for i in range(n)]
    return rows


def _region_lp(n: int, static, prows: list[_PRow], K: list[Fraction | None], with_t: bool) -> lpmod.LP:
    """Rows of S(K); rows with K[j] None take the common variable t (last column)."""
    lp = lpmod.LP(n + (1 if with_t else 0))
    ext = [0] if with_t else []
    for a, sense, b in static:
        lp.add(list(a) + ext, sense, b)
    for j, r in enumerate(prows):
        if r.equal:
            lp.add(r.a + ext, "=", r.base)
        elif K[j] is None:
            lp.add(r.a + [-r.slope], ">=", r.base)
        else:
            lp.add(r.a + ext, ">=", r.base + r.slope * K[j])
    return lp


def _implicit_equalities(n: int, static, prows: list[_PRow], K: list[Fraction], cand: list[int],
                         method: str, counter: list[int], sure: list[int] = (), slack: list[int] = (),
                         point: list[Fraction] | None = None) -> tuple[list[int], list[Fraction]]:
    """Which candidate rows hold with equality at *every* point of S(K) (Phase II,
    exact): maximise the total slack of the undecided rows; rows slack at the optimum
    can grow; when the optimum total slack is 0 all remaining rows are fixed.

    ``sure``: rows known tight on all of S(K) (a positive multiplier in the Phase I
    optimum: complementary slackness); ``slack``: rows known slack somewhere (at the
    Phase I vertex ``point``, which lies in S(K)). Only the rest needs LPs."""
    known = set(sure) | set(slack)
    undecided = [j for j in cand if j not in known]
    sure = [j for j in cand if j in set(sure)]
    if not undecided:
        return sure, point  # type: ignore[return-value]
    while undecided:
        lp = _region_lp(n, static, prows, K, with_t=False)
        c = [0] * n
        for j in undecided:
            for i, a in enumerate(prows[j].a):
                c[i] += a
        lp.objective(c, maximize=True)
        sol = lpmod.solve(lp, method)
        counter[0] += 1
        if not sol.optimal:
            raise GameError(f"internal: the tightened region became {sol.status} in Phase II")
        point = sol.x
        slack_rows = [j for j in undecided
                      if sum(a * x for a, x in zip(prows[j].a, sol.x)) > prows[j].base + prows[j].slope * K[j]]
        if not slack_rows:
            return sorted(sure + undecided), point
        undecided = [j for j in undecided if j not in slack_rows]
    return sure, point  # type: ignore[return-value]


def _tighten_exact_rows(n: int, static, prows: list[_PRow], method: str, iterations: int | None,
                        names: list[str], counter: list[int]):
    """The exact Figure 1 loop on parameterised rows  a·x ≥ base + slope·K.

    Phase I is the LP ``max t`` over the rows still floating (their K = t), Phase II
    the exact implicit-equality test. Two exact shortcuts keep it to about n LPs:

    * rows fixed earlier are tight on every later region (each later region lies in
      the optimal face where they were fixed), so they enter the LPs as equalities;
    * a floating row whose x(S) is *determined* by those equalities (1_S in their span)
      has the same x(S) = c_S on the whole region, so it only bounds t by
      τ_S = (c_S − base)/slope: it leaves the LP, and an iteration whose level is such
      a τ_S changes no region and needs no LP at all (the cached LP optimum stays valid).

    Rows with slope ≤ 0 (γ does not grow with K, e.g. relative tightening of a zero or
    negative worth) never tighten: they stay plain constraints (``free``).
    Returns K, fixed, free, trace, status, the last point found, and whether the
    fixed equalities pin the region to that point.
    """
    import heapq

    m = len(prows)
    fixed = [r.equal for r in prows]
    free = [not r.equal and r.slope <= 0 for r in prows]
    Kfix: list[Fraction] = [Fraction(0)] * m
    book = _Book([0 if r.equal else None for r in prows], Kfix, free)
    span = lpmod._Independent(n)
    for a, sense, _ in static:
        if sense == "=":
            span.try_add([Fraction(v) for v in a])
    for j, r in enumerate(prows):
        if r.equal:
            span.try_add([Fraction(v) for v in r.a])
    members_j = [[i for i, v in enumerate(r.a) if v] for r in prows]

    def nullspace() -> list[list[int]]:
        """Integer basis of {z : E z = 0} for the equalities in ``span``."""
        piv = {p: row for p, row in span.rows}
        out = []
        for f in range(n):
            if f in piv:
                continue
            z = [Fraction(0)] * n
            z[f] = Fraction(1)
            for p, row in piv.items():
                z[p] = -row[f]
            den = 1
            for v in z:
                den = den * v.denominator // math.gcd(den, v.denominator)
            out.append([int(v * den) for v in z])
        return out

    def lp_rows(floats: list[int]) -> lpmod.LP:
        lp = lpmod.LP(n + 1)
        for a, sense, b in static:
            lp.add(list(a) + [0], sense, b)
        for j, r in enumerate(prows):
            if fixed[j]:
                lp.add(r.a + [0], "=", r.base + r.slope * Kfix[j])
            elif free[j]:
                lp.add(r.a + [0], ">=", r.base)
        for j in floats:
            lp.add(prows[j].a + [-prows[j].slope], ">=", prows[j].base)
        return lp

    trace: list[Iteration] = []
    status = "ok"
    it = 0
    point: list[Fraction] | None = None
    heap: list[tuple[Fraction, int]] = []  # (τ_S, row) of floating rows determined by the equalities
    und: list[int] = []  # floating rows not determined: they go to the LPs
    lp_level: Fraction | None = None  # cached Phase I optimum over ``und``
    unbounded = False
    dirty = True
    n_open = sum(1 for j in range(m) if not fixed[j] and not free[j])
    last_level = Fraction(0)
    while n_open and (iterations is None or it < iterations):
        it += 1
        c0 = counter[0]
        if dirty:
            floats = [j for j in range(m) if not fixed[j] and not free[j]]
            heap, und = [], []
            null = nullspace() if point is not None else None
            for j in floats:
                if null is not None and all(sum(z[i] for i in members_j[j]) == 0 for z in null):
                    r = prows[j]
                    cS = sum((point[i] for i in members_j[j]), Fraction(0))  # type: ignore[index]
                    heap.append(((cS - r.base) / r.slope, j))
                else:
                    und.append(j)
            heapq.heapify(heap)
            lp_level, unbounded = None, False
            if und:
                lp = lp_rows(und)
                lp.objective([0] * n + [1], maximize=True)
                sol = lpmod.solve(lp, method)
                counter[0] += 1
                if sol.status == lpmod.INFEASIBLE:
                    raise GameError("internal: tightened region infeasible at Phase I")
                if sol.status == lpmod.UNBOUNDED:
                    unbounded = True
                else:
                    lp_level = sol.value
                    if point is None:
                        point = sol.x[:n]
                    # Phase II hints from this optimum: a positive multiplier means tight on
                    # the whole optimal face; slack at this vertex means not tight everywhere
                    base = len(lp.rows) - len(und)
                    hint_x = sol.x[:n]
                    hint_sure = {j for k, j in enumerate(und) if sol.duals is not None and sol.duals[base + k] != 0}
                    signs = lp.slack_signs(range(base, base + len(und)), sol.x)
                    hint_slack = {j for j, sg in zip(und, signs) if sg > 0}
            dirty = False
        cands = ([lp_level] if lp_level is not None else []) + ([heap[0][0]] if heap else [])
        if not cands:  # only rows that can grow for ever are left
            for j in und:
                free[j] = True
            status = "unbounded" if unbounded else status
            break
        t = min(cands)
        newly_idx = []
        while heap and heap[0][0] == t:
            newly_idx.append(heapq.heappop(heap)[1])
        if lp_level is not None and t == lp_level:
            keep = [j for j in range(m) if fixed[j] or free[j]] + und
            sub = [_PRow(prows[j].a, prows[j].base + prows[j].slope * Kfix[j], Fraction(0), True) if fixed[j]
                   else (_PRow(prows[j].a, prows[j].base, Fraction(0)) if free[j] else prows[j]) for j in keep]
            nk = len(keep) - len(und)
            subK = [Fraction(0)] * nk + [t] * len(und)
            pos = {j: nk + k for k, j in enumerate(und)}
            tight, pt = _implicit_equalities(n, static, sub, subK, list(range(nk, len(keep))), method, counter,
                                             sure=[pos[j] for j in hint_sure], slack=[pos[j] for j in hint_slack],
                                             point=hint_x)
            newly_idx += [keep[i] for i in tight]
            point = pt
            for i in tight:
                span.try_add([Fraction(v) for v in prows[keep[i]].a])
            if tight:
                dirty = True
        for j in newly_idx:
            fixed[j] = True
            Kfix[j] = t
            book.fixed_at[j] = it
            n_open -= 1
        last_level = t
        trace.append(Iteration(it, t, None, None, [names[j] for j in sorted(newly_idx)], counter[0] - c0, book))
        if not newly_idx:  # cannot happen for linear γ (LP duality) — guard anyway
            status = "stalled"
            break
    Kfinal = [Kfix[j] if fixed[j] else (Fraction(0) if free[j] else last_level) for j in range(m)]
    # the last region point, and whether the fixed equalities pin the region to it
    return Kfinal, fixed, free, trace, status, point, len(span.rows) == n


def _representative(n: int, static, prows: list[_PRow], method: str = "auto") -> tuple[list[Fraction], int]:
    """The documented rule for a final region that is not a point: continue with
    absolute tightening of every row still slack — including X_i ≥ 0 — until the
    region is a point (the nucleolus of the region). Returns (point, dimension)."""
    # rows that are equalities in every point of the region stay; all others get slope 1
    counter = [0]
    base_rows = [_PRow(r.a, r.base, Fraction(0), r.equal) for r in prows]  # the region's rows at their bounds
    static_eq = [s for s in static if s[1] == "="]
    static_ge = [s for s in static if s[1] != "="]
    allrows = base_rows + [_PRow(list(a), b, Fraction(0)) for a, _, b in static_ge]
    cand = [j for j, r in enumerate(allrows) if not r.equal]
    tight, _ = _implicit_equalities(n, static_eq, allrows, [Fraction(0)] * len(allrows), cand, method, counter)
    eqrows = [r for r in allrows if r.equal] + [allrows[j] for j in tight]
    basis = lpmod._Independent(n)
    for a, _, _ in static_eq:
        basis.try_add([Fraction(v) for v in a])
    for r in eqrows:
        basis.try_add([Fraction(v) for v in r.a])
    dim = n - len(basis.rows)
    if dim == 0:
        rows = [(members_of(r.a), r.base) for r in eqrows] + [(members_of(a), b) for a, _, b in static_eq]
        return _solve_equalities(n, rows), 0  # type: ignore[return-value]
    rows2 = []
    for j, r in enumerate(allrows):
        if r.equal or j in tight:
            rows2.append(_PRow(r.a, r.base, Fraction(0), True))
        else:
            rows2.append(_PRow(r.a, r.base, Fraction(1)))
    names = [str(j) for j in range(len(rows2))]
    K, fixed, free, trace, status, _, _ = _tighten_exact_rows(n, static_eq, rows2, method, None, names, counter)
    rows = [(members_of(r.a), r.base + (0 if r.equal else r.slope * k)) for r, k, fx in zip(rows2, K, fixed) if fx]
    rows += [(members_of(a), b) for a, _, b in static_eq]
    pt = _solve_equalities(n, rows)
    return pt, dim  # type: ignore[return-value]


def members_of(a: list[int]) -> list[int]:
    return [i for i, v in enumerate(a) if v]


def _exact(game: TUGame, gamma: Gamma, iterations: int | None, nonnegative: bool, method: str,
           bisection_tol: Fraction) -> dict:
    n = game.n
    order = template_order(n)
    names = [game.label(mk) for mk in order]
    static = _static_rows(game, nonnegative)
    counter = [0]
    pinned = None
    if gamma.linear:
        prows = [_prow(game, mk, game.v(mk), gamma.slope(game.v(mk))) for mk in order]
        K, fixed, free, trace, status, last_point, is_point = _tighten_exact_rows(
            n, static, prows, method, iterations, names, counter)
        if is_point:
            pinned = last_point  # the fixed equalities determine the region: it is this point
        B = [r.base + r.slope * k for r, k in zip(prows, K)]
        guarantee = EXACT
    else:
        K, fixed, free, trace, status = _bisect_rows(game, gamma, order, static, iterations, method, bisection_tol, counter, names)
        B = [gamma.value(game.v(mk), k) for mk, k in zip(order, K)]
        guarantee = APPROXIMATE
    # final region: fixed rows are equalities; others inequalities at their bounds
    # (bisection leaves fixed rows slack by up to the tolerance: keep them inequalities)
    final_rows = [_PRow(_prow(game, mk, 0, 0).a, b, Fraction(0), fx and gamma.linear)
                  for mk, b, fx in zip(order, B, fixed)]
    if pinned is not None:
        point, dim = list(pinned), 0
    else:
        point, dim = _representative(n, static, final_rows, method)
    return dict(status=status, allocation=point, K=K, fixed=fixed, trace=trace, calls=counter[0],
                dimension=dim, order=order, equalities=[], explanation="", guarantee=guarantee,
                free=[names[j] for j in range(len(order)) if free[j]])


def _bisect_rows(game, gamma, order, static, iterations, method, tol, counter, names):
    """Figure 1 for a non-linear γ: Phase I bisects t with exact LP feasibility tests
    (to ``tol``); Phase II fixes K_j when raising it alone to the infeasible end fails."""
    n = game.n
    m = len(order)
    K: list[Fraction | None] = [None] * m
    fixed = [False] * m
    free = [False] * m
    trace = []
    status = "ok"

    def feasible(Kv):
        lp = _region_lp(n, static, [_prow(game, mk, gamma.value(game.v(mk), k), Fraction(0)) for mk, k in zip(order, Kv)],
                        [Fraction(0)] * m, with_t=False)
        counter[0] += 1
        return lpmod.feasible_point(lp, method) is not None

    it = 0
    while not all(fixed[j] or free[j] for j in range(m)) and (iterations is None or it < iterations):
        it += 1
        c0 = counter[0]
        lo, hi = Fraction(0), Fraction(1)
        while feasible([hi if k is None else k for k in K]):
            lo, hi = hi, hi * 2
            if hi > 2**40:
                break
        if hi > 2**40:
            for j in range(m):
                if K[j] is None:
                    free[j], K[j] = True, lo
            status = "unbounded"
            break
        while hi - lo > tol:
            mid = (lo + hi) / 2
            if feasible([mid if k is None else k for k in K]):
                lo = mid
            else:
                hi = mid
        Klo = [lo if k is None else k for k in K]
        newly = []
        for j in range(m):
            if K[j] is None:
                R = list(Klo)
                R[j] = hi
                if not feasible(R):
                    newly.append(j)
        for j in newly:
            fixed[j] = True
            K[j] = lo
        trace.append(Iteration(it, lo, list(Klo), list(fixed), [names[j] for j in newly], counter[0] - c0))
        if not newly:
            status = "stalled"
            break
    Kf = [k if k is not None else (trace[-1].level if trace else Fraction(0)) for k in K]
    return Kf, fixed, free, trace, status


def _exact_if_consistent(game, gamma, mode, iterations, nonnegative, lp_method, tol) -> dict | None:
    """Exact mode with a linear γ decides consistency itself, saving the separate
    feasibility LP: the untightened constraints (with X_i ≥ 0 if asked) hold iff the
    first Phase I reaches a level t₁ ≥ 0 (at t = 0 the rows are the untightened ones, and
    lowering t only relaxes rows whose γ grows with K). None: take the ordinary path
    (the consistency check first; it also names the conflict)."""
    from ...errors import DeclcoalError

    if mode != "exact" or not gamma.linear:
        return None
    try:
        out = _exact(game, gamma, iterations, nonnegative, lp_method, tol)
    except DeclcoalError:
        return None
    tr = out["trace"]
    if not tr or tr[0].level is None or tr[0].level < 0:
        return None
    return out


def _small_path(game, gamma, mode, iterations, nonnegative, lp_method, names):
    """Exact mode, linear γ, n ≤ SMALL_N, ``lp_method="auto"``: the whole computation by
    :mod:`.tightening_small` (exact small simplex, no solver start-up); None: take the
    general path (also if the small path meets a case it does not decide)."""
    if mode != "exact" or not gamma.linear or lp_method != "auto":
        return None
    from . import tightening_small as small
    from ...solvers.small_lp import CertificateError

    if game.n > small.SMALL_N:
        return None
    try:
        return small.exact_linear(game, gamma, iterations, nonnegative, names)
    except (small.Fallback, CertificateError):
        return None


def inconsistent(only_nonnegativity: bool) -> dict:
    """The result of a game Tick's procedure cannot tighten: the core is empty (Section
    1: such games are not handled), or — ``only_nonnegativity`` — the core is non-empty
    but Section 2's X_i >= 0 rows exclude all of it."""
    if only_nonnegativity:
        why = ("the core constraints together with X_i >= 0 (Tick 1995, Section 2) are inconsistent: "
               "the core is non-empty but has no point with every share non-negative "
               "(--allow-negative drops X_i >= 0)")
    else:
        why = ("the core constraints are inconsistent: no allocation satisfies every "
               "coalition (Tick 1995, Section 1: such games are not handled)")
    return dict(status="inconsistent", allocation=None, K=[], fixed=[], trace=[], calls=1,
                explanation=why, equalities=[])


def _general(game, gamma, mode, iterations, nonnegative, lp_method, tol, eps, dmax, ini, phase3_order,
             max_coalitions=None):
    """The general path of :func:`tighten` (any n, either mode): returns (out, conflict)."""
    lpmod_stats0 = (lpmod.STATS.highs_certified, lpmod.STATS.z3_fallback, lpmod.STATS.z3_direct,
                    lpmod.STATS.z3_confirmed)
    early = _exact_if_consistent(game, gamma, mode, iterations, nonnegative, lp_method, tol)
    conflict = None if early is not None else core_conflict(game, nonnegative)
    if conflict is not None:
        # the core itself may be non-empty: then it is Section 2's X_i >= 0 that conflicts
        return inconsistent(nonnegative and core_conflict(game, False) is None), conflict
    if early is not None:
        out = early
    elif mode == "faithful":
        check_coalitions(game.n, "faithful", max_coalitions)
        with progress.task("coalitions fixed (faithful ε search)", 2**game.n - 2) as bar:
            out = _faithful(game, gamma, iterations, eps, dmax, nonnegative, ini, phase3_order, bar)
        out.setdefault("guarantee", EXACT)
    else:
        out = _exact(game, gamma, iterations, nonnegative, lp_method, tol)
    s1 = (lpmod.STATS.highs_certified, lpmod.STATS.z3_fallback, lpmod.STATS.z3_direct,
          lpmod.STATS.z3_confirmed)
    out["lp"] = {"highs_certified": s1[0] - lpmod_stats0[0], "z3_fallback": s1[1] - lpmod_stats0[1],
                 "z3": s1[2] - lpmod_stats0[2], "z3_confirmed": s1[3] - lpmod_stats0[3]}
    return out, []


# ---------------------------------------------------------------------- entry point
def tighten(
    game: TUGame,
    gamma: Gamma | str = "relative",
    mode: str = "exact",
    *,
    iterations: int | None = None,
    epsilon: object = EPSILON,
    delta_max: object = DELTA_MAX,
    nonnegative: bool = True,
    init: object = INIT,
    lp_method: str = "auto",
    bisection_tol: object = BISECTION_TOL,
    phase3_order: str = "reverse",
    max_coalitions: int | None = None,
) -> TighteningResult:
    """Tick's fair allocation by constraint tightening (Tick 1995, Figure 1).

    Parameters
    ----------
    game : an exact TU game with at least two players.
    gamma : a :class:`Gamma` or a family name (``absolute``, ``relative``, ``hybrid``).
    mode : ``faithful`` (the appendix program with ε, Δmax; Z3 incremental) or
        ``exact`` (LPs, no ε).
    iterations : number of Phase I/II passes (appendix ``tick(Data, N, Answer)``);
        None: until every parameter is fixed.
    epsilon, delta_max, init : faithful-mode settings (Section 2: 0.0001, 1000;
        ``init_parms``: 1000).
    nonnegative : add X_i ≥ 0 (Section 2).
    lp_method : exact mode's LP path: ``auto`` (HiGHS + certificate, Z3 fallback; for a
        linear γ and n <= 5 the exact small simplex of :mod:`.tightening_small`) or ``z3``.
    phase3_order : faithful mode's Phase III order: ``reverse`` (default; the const/3
        template reversed, which reproduces Tick's Table 3) or ``template``.
    max_coalitions : refuse at once above this many proper coalitions (2^n − 2; default
        :data:`declcoal.limits.TIGHTEN_COALITIONS`, and for faithful mode's search
        :data:`declcoal.limits.TIGHTEN_FAITHFUL_COALITIONS`; docs/limits.md).

    An inconsistent game (empty core; Tick's ``raiffa``) returns ``status =
    "inconsistent"`` with a minimal set of conflicting constraints (Z3's unsat core; for
    n <= 5 with ``lp_method="auto"`` the support of an exact Farkas certificate).
    """
    if isinstance(gamma, str):
        gamma = Gamma(gamma)
    if mode not in MODES:
        raise InputError(f"unknown mode {mode!r}; use faithful or exact")
    _check_game(game)
    check_coalitions(game.n, "exact", max_coalitions)
    # the defaults are exact module constants: converted (and checked) only when given
    eps = epsilon if epsilon is EPSILON else to_fraction(epsilon, "epsilon")
    dmax = delta_max if delta_max is DELTA_MAX else to_fraction(delta_max, "delta-max")
    ini = init if init is INIT else to_fraction(init, "init")
    tol = bisection_tol if bisection_tol is BISECTION_TOL else to_fraction(bisection_tol, "bisection tolerance")
    if eps <= 0:
        raise InputError(f"epsilon must be positive, got {eps}")
    if dmax < eps:
        raise InputError(f"delta-max must be at least epsilon, got {dmax} < {eps}")
    if phase3_order not in PHASE3_ORDERS:
        raise InputError(f"unknown Phase III order {phase3_order!r}; use {' or '.join(PHASE3_ORDERS)}")
    if iterations is not None and (not isinstance(iterations, int) or iterations < 1):
        raise InputError(f"iterations must be a positive integer, got {iterations!r}")
    params = {"iterations": iterations, "nonnegative": nonnegative}
    if mode == "faithful":
        params.update(epsilon=eps, delta_max=dmax, init=ini, phase3_order=phase3_order)
    else:
        params.update(lp_method=lp_method)
        if not gamma.linear:
            params.update(bisection_tol=tol)
    names = list(_names(tuple(game.players)))
    with timed() as tm:
        small = _small_path(game, gamma, mode, iterations, nonnegative, lp_method, names)
        out, conflict = small if small is not None else _general(
            game, gamma, mode, iterations, nonnegative, lp_method, tol, eps, dmax, ini, phase3_order, max_coalitions)
    if mode == "faithful":
        rule = (f"Phase III (Tick's choose/2): equalities tried in "
                f"{'reverse ' if phase3_order == 'reverse' else ''}const/3 template order")
    else:
        rule = ("the final region is a point" if out.get("dimension", 0) == 0 else
                "the region is not a point: continued absolute tightening of every still-slack constraint "
                "(incl. X_i >= 0), i.e. the nucleolus of the region")
    if out.get("free"):
        params["free_constraints"] = out["free"]
    return TighteningResult(
        game=game.name, players=game.players, family=gamma.family, gamma=gamma.text, mode=mode,
        status=out["status"], allocation=out["allocation"], coalitions=names, K=out["K"], fixed=out["fixed"],
        trace=out["trace"], dimension=out.get("dimension"), point_rule=rule if out["allocation"] else "",
        explanation=out.get("explanation", ""), conflict=conflict or [], equalities=out.get("equalities", []),
        solver_calls=out["calls"], lp_calls=out.get("lp", {}), guarantee=out.get("guarantee", EXACT),
        seconds=tm.seconds, params=params,
    )


def mse(a: list[Fraction], b: list[Fraction]) -> Fraction:
    """Mean squared error (Tick 1995, Table 3)."""
    return sum(((x - y) ** 2 for x, y in zip(a, b)), Fraction(0)) / len(a)


__all__ = ["Gamma", "tighten", "TighteningResult", "Iteration", "template_order", "core_conflict", "mse",
           "FAMILIES", "MODES", "PHASE3_ORDERS", "EPSILON", "DELTA_MAX", "INIT"]
