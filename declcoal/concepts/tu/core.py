"""The TU core toolkit: core, Bondareva–Shapley certificate, least core, nucleolus.

All exact (rational LPs from :mod:`declcoal.solvers.lp`: HiGHS with a certificate
checked in Fractions, Z3 as fallback).

* **Core** (Gillies 1959): C(v) = {x : x(N) = v(N), x(S) ≥ v(S) ∀ S ⊆ N} — Tick's
  untightened constraint set (Tick 1995, Section 1, without X_i ≥ 0).
* **Bondareva–Shapley** (Bondareva 1963, Shapley 1967): C(v) ≠ ∅ iff every balanced
  collection B with weights λ_S > 0, Σ_{S∋i} λ_S = 1 ∀i, has Σ λ_S v(S) ≤ v(N). When the
  core is empty the LP ``min x(N) s.t. x(S) ≥ v(S)`` has value > v(N), and its optimal
  dual is such a balanced collection — the certificate returned.
* **Least core** (Maschler, Peleg & Shapley 1979): the ε-core with the least ε,
  ε* = min{ε : ∃x, x(N) = v(N), x(S) ≥ v(S) − ε ∀ S ≠ ∅, N}.
* **Nucleolus** (Schmeidler 1969): the imputation lexicographically minimising the
  non-increasingly ordered excesses e(S, x) = v(S) − x(S); computed by the sequential
  LPs of Maschler, Peleg & Shapley (1979): minimise the largest free excess, fix the
  coalitions whose dual multiplier is positive (their excess is the same in every
  optimum), repeat until the fixed coalitions span R^N. ``prenucleolus`` drops the
  imputation bounds x_i ≥ v({i}).
* ``weights``: a weighted nucleolus with excess (v(S) − x(S)) / w(S); with
  w(S) = v(S) it is the *proportional nucleolus* (Young, Okada & Tauman 1982) —
  the relative tightening of Tick is its sequential-LP twin (docs/tu-core.md).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from ...errors import GameError
from ...model.coalition import members
from ...model.tu import TUGame
from ...results import APPROXIMATE, EXACT, jsonable, timed
from ...solvers import lp as lpmod


def _vec(mask: int, n: int) -> list[int]:
    return [1 if mask >> i & 1 else 0 for i in range(n)]


def _proper(n: int) -> list[int]:
    return list(range(1, (1 << n) - 1))


@dataclass
class CoreResult:
    game: str
    players: tuple[str, ...]
    nonempty: bool
    point: list[Fraction] | None
    # Bondareva–Shapley certificate when empty: [(coalition label, weight)], Σ λ v(S)
    balanced: list[tuple[str, Fraction]] = field(default_factory=list)
    balanced_value: Fraction | None = None
    grand_value: Fraction = Fraction(0)
    conflict: list[str] = field(default_factory=list)
    method: str = ""
    guarantee: str = EXACT
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return jsonable({
            "concept": "core", "game": self.game, "players": list(self.players), "nonempty": self.nonempty,
            "point": None if self.point is None else dict(zip(self.players, self.point)),
            "balanced_collection": [{"coalition": c, "weight": w} for c, w in self.balanced],
            "balanced_value": self.balanced_value, "v(N)": self.grand_value,
            "conflicting_constraints": self.conflict, "method": self.method, "guarantee": self.guarantee,
            "seconds": self.seconds,
        })


#: Methods of the coalition LPs. ``auto``/``cg``: constraint generation (HiGHS, kept and
#: warm-started) with the exact certificate at the end, falling back to ``all-rows`` if
#: the certificate fails; ``float``: constraint generation in floating point only
#: (``approximate``); ``all-rows``: every coalition a row, each LP certified
#: (:mod:`declcoal.solvers.lp`; ``highs``/``z3`` choose its LP path) — the reference.
LP_METHODS = ("auto", "cg", "float", "all-rows", "highs", "z3")

#: Below this many players the core's conflicting constraints come from Z3's minimised
#: unsat core; above it from the balanced collection (also a conflicting set).
Z3_CONFLICT_PLAYERS = 6


def _check_method(method: str) -> None:
    if method not in LP_METHODS:
        raise GameError(f"unknown method {method!r}; use one of {', '.join(LP_METHODS)}")


def _cg_method(method: str) -> bool:
    return method in ("auto", "cg", "float")


def core(game: TUGame, method: str = "auto") -> CoreResult:
    """Core (Gillies 1959) non-emptiness with a core point, or the Bondareva–Shapley (1963, 1967) certificate
    (a balanced collection with weights whose weighted worth exceeds v(N)) and the
    conflicting constraints.

    ``method``: see :data:`LP_METHODS` (default: constraint generation, certified)."""
    _check_method(method)
    game.require_exact("the core")
    n = game.n
    if n == 1:
        return CoreResult(game.name, game.players, True, [game.v(1)], grand_value=game.v(1), method="trivial")
    if _cg_method(method):
        from ...solvers.coalition_lp import CertificateError, CoreLP

        with timed() as t:
            try:
                ne, val, z, coll = CoreLP(game, exact=method != "float").core()
            except CertificateError as exc:
                res = core(game, "all-rows")
                res.method += f" (fallback: {exc})"
                return res
            vN = game.v(game.grand)
            if method == "float":
                res = CoreResult(game.name, game.players, ne, z if ne else None, grand_value=vN,
                                 method="constraint generation (float)", guarantee=APPROXIMATE)
            elif ne:
                x = list(z)
                x[0] += vN - val  # raising one share keeps every x(S) >= v(S)
                res = CoreResult(game.name, game.players, True, x, grand_value=vN, method=CG_METHOD)
            else:
                coll = sorted(coll, key=lambda c: (c[0].bit_count(), c[0]))
                bal = [(game.label(m), w) for m, w in coll]
                if n <= Z3_CONFLICT_PLAYERS:
                    from .tightening import core_conflict

                    conflict = core_conflict(game, nonnegative=False) or []
                else:
                    conflict = [_braces(game, m) + f" >= {game.v(m)}" for m, _ in coll]
                    conflict.append(f"{'+'.join(game.players)} = {vN}")
                res = CoreResult(game.name, game.players, False, None, bal, val, vN, conflict, CG_METHOD)
        res.seconds = t.seconds
        return res
    lp_method = "auto" if method == "all-rows" else method
    with timed() as t:
        lp = lpmod.LP(n)
        rows = _proper(n)
        for m in rows:
            lp.add(_vec(m, n), ">=", game.v(m))
        lp.objective([1] * n, maximize=False)
        sol = lpmod.solve(lp, lp_method)
        vN = game.v(game.grand)
        if sol.value <= vN:
            x = list(sol.x)
            x[0] += vN - sol.value  # raising one share keeps every x(S) >= v(S)
            res = CoreResult(game.name, game.players, True, x, grand_value=vN, method=sol.method)
        else:
            duals = sol.duals
            if duals is None:
                duals = _balancing_weights_z3(game)
            bal = [(game.label(m), -d if d < 0 else d) for m, d in zip(rows, duals) if d != 0]
            from .tightening import core_conflict

            conflict = core_conflict(game, nonnegative=False) or []
            res = CoreResult(game.name, game.players, False, None, bal, sol.value, vN, conflict, sol.method)
    res.seconds = t.seconds
    return res


CG_METHOD = "constraint generation (HiGHS) + exact certificate"


def _braces(game: TUGame, m: int) -> str:
    return "{" + ",".join(game.players[i] for i in members(m)) + "}"


def _balancing_weights_z3(game: TUGame) -> list[Fraction]:
    """Dual of the core LP solved directly: max Σ λ_S v(S), Σ_{S∋i} λ_S = 1, λ ≥ 0."""
    n = game.n
    rows = _proper(n)
    lp = lpmod.LP(len(rows))
    for i in range(n):
        lp.add([1 if m >> i & 1 else 0 for m in rows], "=", 1)
    for k in range(len(rows)):
        e = [0] * len(rows)
        e[k] = 1
        lp.add(e, ">=", 0)
    lp.objective([game.v(m) for m in rows], maximize=True)
    return lpmod.solve(lp, "z3").x


def is_balanced(collection: list[int], n: int, weights: list[Fraction]) -> bool:
    """Σ_{S∋i} λ_S = 1 for every player i, all λ_S > 0."""
    if any(w <= 0 for w in weights):
        return False
    return all(sum((w for m, w in zip(collection, weights) if m >> i & 1), Fraction(0)) == 1 for i in range(n))


def in_core(game: TUGame, x: list[Fraction], eps: Fraction = Fraction(0)) -> bool:
    """x(N) = v(N) and x(S) ≥ v(S) − eps for every coalition (the ε-core, Shapley & Shubik 1966)."""
    n = game.n
    if sum(x) != game.v(game.grand):
        return False
    return all(sum(x[i] for i in members(m)) >= game.v(m) - eps for m in _proper(n))


@dataclass
class LeastCoreResult:
    game: str
    players: tuple[str, ...]
    epsilon: Fraction  # ε*: the least core is the ε*-core
    point: list[Fraction]
    method: str = ""
    guarantee: str = EXACT
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return jsonable({"concept": "least core", "game": self.game, "players": list(self.players),
                         "epsilon": self.epsilon, "point": dict(zip(self.players, self.point)),
                         "method": self.method, "guarantee": self.guarantee, "seconds": self.seconds})


def least_core(game: TUGame, method: str = "auto") -> LeastCoreResult:
    """ε* = min ε s.t. x(S) ≥ v(S) − ε for all S ≠ ∅, N and x(N) = v(N); a point of it
    (Maschler, Peleg & Shapley 1979).

    ``method``: see :data:`LP_METHODS` (default: constraint generation, certified)."""
    _check_method(method)
    game.require_exact("the least core")
    n = game.n
    if n < 2:
        raise GameError("the least core needs at least 2 players (no proper coalition to bound)")
    if _cg_method(method):
        from ...solvers.coalition_lp import CertificateError, SequentialLP

        with timed() as t:
            try:
                pt, eps, _ = SequentialLP(game, imputations=False, exact=method != "float").least_core()
            except CertificateError as exc:
                res = least_core(game, "all-rows")
                res.method += f" (fallback: {exc})"
                return res
        if method == "float":
            return LeastCoreResult(game.name, game.players, eps, pt, "constraint generation (float)", APPROXIMATE,
                                   t.seconds)
        return LeastCoreResult(game.name, game.players, eps, pt, CG_METHOD, EXACT, t.seconds)
    method = "auto" if method == "all-rows" else method
    with timed() as t:
        lp = lpmod.LP(n + 1)
        for m in _proper(n):
            lp.add(_vec(m, n) + [1], ">=", game.v(m))
        lp.add([1] * n + [0], "=", game.v(game.grand))
        lp.objective([0] * n + [1], maximize=False)
        sol = lpmod.solve(lp, method)
    return LeastCoreResult(game.name, game.players, sol.value, sol.x[:n], sol.method, EXACT, t.seconds)


@dataclass
class NucleolusResult:
    game: str
    players: tuple[str, ...]
    point: list[Fraction]
    levels: list[tuple[Fraction, list[str]]]  # (excess level, coalitions fixed at it)
    kind: str = "nucleolus"
    method: str = ""
    lps: int = 0
    guarantee: str = EXACT
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return jsonable({"concept": self.kind, "game": self.game, "players": list(self.players),
                         "point": dict(zip(self.players, self.point)),
                         "levels": [{"excess": e, "coalitions": cs} for e, cs in self.levels],
                         "method": self.method, "lps": self.lps, "guarantee": self.guarantee,
                         "seconds": self.seconds})


def nucleolus(game: TUGame, *, imputations: bool = True, weights: Callable[[int], Fraction] | None = None,
              method: str = "auto", _proportional: bool = False) -> NucleolusResult:
    """The nucleolus (``imputations=True``) or prenucleolus by sequential LPs
    (Maschler, Peleg & Shapley 1979). ``weights(S) > 0`` gives the weighted excess
    (v(S) − x(S)) / w(S); coalitions with w(S) = 0 are left out of the ordering (kept
    as plain constraints x(S) ≥ v(S)).

    ``method``: see :data:`LP_METHODS`. The default solves the rounds by constraint
    generation and proves the answer exactly at the end (docs/tu-core.md); a ``weights``
    function other than the proportional one (``_proportional=True``) takes the
    all-rows path."""
    _check_method(method)
    game.require_exact("the nucleolus")
    n = game.n
    vN = game.v(game.grand)
    if imputations and sum(game.v(1 << i) for i in range(n)) > vN:
        raise GameError("the imputation set is empty (Σ v({i}) > v(N)): no nucleolus; try the prenucleolus")
    if _cg_method(method) and (weights is None or _proportional) and n >= 2:
        res = _nucleolus_cg(game, imputations, _proportional, method)
        if res is not None:
            return res
        method = "auto"
    if _cg_method(method):
        method = "auto"
    if method == "all-rows":
        method = "auto"
    with timed() as t:
        w = {m: (Fraction(1) if weights is None else Fraction(weights(m))) for m in _proper(n)}
        if any(x < 0 for x in w.values()):
            raise GameError("nucleolus weights must be non-negative")
        free = [m for m in _proper(n) if w[m] > 0]
        plain = [m for m in _proper(n) if w[m] == 0]
        fixed: dict[int, Fraction] = {}  # mask -> excess level
        fixed_bounds: set[int] = set()
        span = lpmod._Independent(n)
        span.try_add([Fraction(1)] * n)
        levels: list[tuple[Fraction, list[str]]] = []
        lps = 0
        meth = ""
        point = None
        while span.n > len(span.rows):
            lp = lpmod.LP(n + 1)
            lp.add([1] * n + [0], "=", vN)
            free_rows = {}
            for m in free:
                # v(S) - x(S) <= w e   <=>  x(S) + w e >= v(S)
                free_rows[lp.add(_vec(m, n) + [w[m]], ">=", game.v(m))] = m
            for m, e in fixed.items():
                lp.add(_vec(m, n) + [0], "=", game.v(m) - w[m] * e)
            for m in plain:
                lp.add(_vec(m, n) + [0], ">=", game.v(m))
            bound_rows = {}
            if imputations:
                for i in range(n):
                    e = [0] * (n + 1)
                    e[i] = 1
                    bound_rows[lp.add(e, "=" if i in fixed_bounds else ">=", game.v(1 << i))] = i
            lp.objective([0] * n + [1], maximize=False)
            sol = lpmod.solve(lp, method)
            lps += 1
            meth = sol.method
            if not sol.optimal:
                raise GameError(f"nucleolus LP is {sol.status}")
            level = sol.value
            point = sol.x[:n]
            if sol.duals is not None:
                newly = [m for r, m in free_rows.items() if sol.duals[r] != 0]
                newb = [i for r, i in bound_rows.items() if sol.duals[r] != 0 and i not in fixed_bounds]
            else:
                newly, newb = _tight_everywhere(game, lp, free_rows, bound_rows, level, n, method)
                lps += 1
            if not newly:
                raise GameError("internal: nucleolus stage fixed no coalition")
            for m in newly:
                fixed[m] = level
                span.try_add([Fraction(v) for v in _vec(m, n)])
            for i in newb:
                fixed_bounds.add(i)
                span.try_add([Fraction(1 if j == i else 0) for j in range(n)])
            levels.append((level, [game.label(m) for m in newly]))
            free = [m for m in free if m not in fixed]
            # coalitions whose x(S) is now determined leave the free set
            still = []
            for m in free:
                probe = lpmod._Independent(n)
                probe.rows = list(span.rows)
                if probe.try_add([Fraction(v) for v in _vec(m, n)]):
                    still.append(m)
                # else: x(S) is determined by the fixed equalities; S leaves the LPs
            free = still
            if not free and span.n > len(span.rows):
                break
        # the fixed equalities determine the point
        rows = [(members(m), game.v(m) - w[m] * e) for m, e in fixed.items()]
        rows += [([i], game.v(1 << i)) for i in fixed_bounds] + [(list(range(n)), vN)]
        from .tightening import _solve_equalities

        pt = _solve_equalities(n, rows) or point
    kind = ("nucleolus" if imputations else "prenucleolus") if weights is None else "weighted nucleolus"
    return NucleolusResult(game.name, game.players, pt, levels, kind, meth or "trivial", lps, EXACT, t.seconds)


def _nucleolus_cg(game: TUGame, imputations: bool, weighted: bool, method: str) -> NucleolusResult | None:
    """The (proportional) (pre)nucleolus by constraint generation; None if its
    certificate fails (the caller then takes the all-rows path)."""
    from ...solvers.coalition_lp import CertificateError, SequentialLP

    kind = ("nucleolus" if imputations else "prenucleolus") if not weighted else "weighted nucleolus"
    with timed() as t:
        try:
            r = SequentialLP(game, imputations=imputations, weighted=weighted, exact=method != "float").nucleolus()
        except CertificateError as exc:
            _nucleolus_cg.last_failure = str(exc)  # type: ignore[attr-defined]
            return None
        if r.exact:
            levels = [(lv, [game.label(m) for m in sorted(ms, key=lambda m: (m.bit_count(), m))]) for lv, ms in r.levels]
        else:
            levels = [(rd.level, [game.label(m) for m in rd.fixed]) for rd in r.rounds]
    meth = CG_METHOD if r.exact else "constraint generation (float)"
    return NucleolusResult(game.name, game.players, r.point, levels, kind, meth, r.lps,
                           EXACT if r.exact else APPROXIMATE, t.seconds)


def _tight_everywhere(game, lp, free_rows, bound_rows, level, n, method):
    """Fallback without duals: fix the free rows (and bounds) that are tight in every
    optimum, found by maximising their total slack at the optimal level."""
    q = lpmod.LP(n + 1)
    for row in lp.rows:
        q.rows.append(row)
    q.add([0] * n + [1], "=", level)
    undecided = list(free_rows) + list(bound_rows)
    while undecided:
        c = [Fraction(0)] * (n + 1)
        for r in undecided:
            c = [a + b for a, b in zip(c, q.rows[r].coeffs)]
        q.objective(c, maximize=True)
        sol = lpmod.solve(q, method)
        slack = [r for r in undecided if q.slack(r, sol.x) != 0]
        if not slack:
            break
        undecided = [r for r in undecided if r not in slack]
    return [free_rows[r] for r in undecided if r in free_rows], [bound_rows[r] for r in undecided if r in bound_rows]


def proportional_nucleolus(game: TUGame, method: str = "auto") -> NucleolusResult:
    """The proportional nucleolus (Young, Okada & Tauman 1982): weighted excess (v(S) − x(S)) / v(S) over coalitions
    with v(S) > 0, as a pre-imputation (no x_i ≥ v(i) bounds beyond those coalitions)."""
    r = nucleolus(game, imputations=False, weights=lambda m: max(game.v(m), Fraction(0)), method=method,
                  _proportional=True)
    r.kind = "proportional nucleolus"
    _require_unique_proportional(game, r)
    return r


def _require_unique_proportional(game: TUGame, r: NucleolusResult) -> None:
    """Raise GameError when the coalitions with v(S) > 0 leave the proportional nucleolus
    undetermined (a segment of minimisers, e.g. v(AB) = 3, v(N) = 5, all else 0: any
    x with x_A + x_B = 5 and x ≥ 0 is optimal). Returning one vertex of that set would
    break symmetry and could not honestly be called exact; declcoal refuses instead."""
    from ...model.tu import parse_coalition

    n = game.n
    fixed = [(parse_coalition(c, game.players), level) for level, cs in r.levels for c in cs]
    rows = [[Fraction(1)] * n] + [[Fraction(m >> i & 1) for i in range(n)] for m, _ in fixed]
    if _rank(rows) == n:
        return
    import z3

    x = [z3.Real(f"x{i}") for i in range(n)]

    def total(m):
        return z3.Sum([x[i] for i in members(m)])

    base = [total(game.grand) == _q(game.v(game.grand))]
    base += [total(m) == _q(game.v(m) - level * game.v(m)) for m, level in fixed]
    base += [total(m) >= _q(game.v(m)) for m in _proper(n) if game.v(m) <= 0]
    for i in range(n):
        s = z3.Solver()
        s.add(*base, x[i] != _q(r.point[i]))
        if s.check() == z3.sat:
            raise GameError(
                "the proportional nucleolus is not unique for this game: the coalitions with v(S) > 0 "
                f"do not determine the allocation ({game.players[i]}'s share can differ from "
                f"{r.point[i]}); it is defined only when they do (Young, Okada & Tauman 1982)")


def _q(v: Fraction):
    import z3

    return z3.Q(v.numerator, v.denominator)


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank of a small rational matrix by Gaussian elimination (exact)."""
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        row = list(row)
        for piv, b in basis:
            if row[piv]:
                f = row[piv] / b[piv]
                row = [a - f * c for a, c in zip(row, b)]
        piv = next((k for k, a in enumerate(row) if a), None)
        if piv is not None:
            basis.append((piv, row))
            if len(basis) == len(row):
                break
    return len(basis)


def excesses(game: TUGame, x: list[Fraction]) -> list[Fraction]:
    """e(S, x) = v(S) − x(S) for every proper non-empty coalition, sorted non-increasing
    (Schmeidler 1969)."""
    return sorted((game.v(m) - sum(x[i] for i in members(m)) for m in _proper(game.n)), reverse=True)


def kohlberg_holds(game: TUGame, x: list[Fraction]) -> bool:
    """Kohlberg's criterion (1971): a pre-imputation x is the prenucleolus iff for every
    level α the coalitions with excess ≥ α form a balanced collection. An independent check of :func:`nucleolus` (used by the tests)."""
    n = game.n
    if sum(x) != game.v(game.grand):
        return False
    ex = {m: game.v(m) - sum(x[i] for i in members(m)) for m in _proper(n)}
    for alpha in sorted(set(ex.values()), reverse=True):
        coll = [m for m, e in ex.items() if e >= alpha]
        if not _balanced_with_grand(coll, n):
            return False
    return True


def _balanced_with_grand(coll: list[int], n: int) -> bool:
    """Is coll balanced: ∃ λ_S > 0 with Σ λ_S 1_S = 1_N? Tested scale-free as
    λ_S ≥ 1 and Σ λ_S 1_S = μ·1_N for some μ."""
    k = len(coll)
    lp = lpmod.LP(k + 1)
    for i in range(n):
        lp.add([1 if m >> i & 1 else 0 for m in coll] + [-1], "=", 0)
    for j in range(k):
        e = [0] * (k + 1)
        e[j] = 1
        lp.add(e, ">=", 1)
    return lpmod.feasible_point(lp) is not None
