"""Independent oracle for Tick's tightening and the TU core toolkit.

Written from the textbook definitions and Tick (1995), Figure 1, *without* reading
declcoal's concept code.  Method (deliberately different from declcoal's): every LP is
solved by scipy's HiGHS in floating point, its primal point and dual multipliers are
turned into rationals by continued fractions (``Fraction.limit_denominator``) and then
*verified exactly* (primal feasibility, dual feasibility, equal objective values = an
exact optimality certificate).  If the reconstruction does not verify, the oracle raises
``OracleError`` instead of guessing.

A game is given as ``(n, v)`` where ``v[mask]`` is the worth of the coalition whose
members are the set bits of ``mask`` (``v[0] = 0``).

Definitions used
----------------
* core: {x : x(N) = v(N), x(S) >= v(S) for all S};
* least core value eps* = min{eps : exists x, x(N)=v(N), x(S) >= v(S) - eps, S != N};
* Bondareva–Shapley: the core is empty iff a balanced collection (lambda_S > 0,
  sum_S lambda_S 1_S = 1_N) has sum lambda_S v(S) > v(N);
* nucleolus (Schmeidler): over imputations (x(N)=v(N), x_i >= v(i)), lexicographic
  minimum of the non-increasingly sorted excesses v(S) - x(S), S proper non-empty;
  computed by the sequential LP of Maschler, Peleg & Shapley: minimise the largest excess
  of the free coalitions, fix those whose excess is constant on the optimal face (found by
  one LP per candidate: max and min of x(S) over the face), until the fixed coalitions
  and N span R^n;
* prenucleolus: the same without x_i >= v(i);
* Tick tightening, exact (Figure 1 without eps): K starts at 0, all parameters
  floating.  Phase I: t* = max t such that S(K) with every floating K_S = t is
  satisfiable (K_S, S proper non-empty, gamma absolute v(S)+K or relative v(S)(1+K),
  x(N) = v(N), x_i >= 0).  Phase II: a floating K_S is fixed iff it cannot be raised by
  any delta > 0 while every other parameter stays, i.e. iff max x(S) over the current
  region equals gamma(v(S), K_S) (only meaningful when gamma grows with K: a relative
  row with v(S) <= 0 never tightens — "free" — and is never fixed; it keeps K = 0, see
  the comment in ``tighten``).  Loop until no floating parameter with a growing gamma
  remains.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog

F = Fraction


class OracleError(Exception):
    pass


# --------------------------------------------------------------------------- LP
@dataclass
class LPResult:
    status: str  # "optimal" | "infeasible" | "unbounded"
    value: Fraction | None = None
    z: list[Fraction] | None = None


def _rat(x: float, den: int = 10**7) -> Fraction:
    return F(x).limit_denominator(den)


def exact_lp(c, ge_rows, eq_rows, maximize=True) -> LPResult:
    """max (or min) c.z  s.t.  a.z >= b for (a, b) in ge_rows, a.z = b for eq_rows.

    Variables are free.  Returns an exactly certified optimum.
    """
    d = len(c)
    sign = -1 if maximize else 1  # linprog minimises
    cc = np.array([sign * float(ci) for ci in c])
    A_ub = np.array([[-float(a) for a in row] for row, _ in ge_rows]) if ge_rows else None
    b_ub = np.array([-float(b) for _, b in ge_rows]) if ge_rows else None
    A_eq = np.array([[float(a) for a in row] for row, _ in eq_rows]) if eq_rows else None
    b_eq = np.array([float(b) for _, b in eq_rows]) if eq_rows else None
    res = linprog(cc, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq,
                  bounds=[(None, None)] * d, method="highs",
                  options={"primal_feasibility_tolerance": 1e-10,
                           "dual_feasibility_tolerance": 1e-10})
    if res.status == 2:
        return LPResult("infeasible")
    if res.status == 3:
        return LPResult("unbounded")
    if res.status != 0:
        raise OracleError(f"HiGHS status {res.status}: {res.message}")
    # duals: HiGHS marginals are d(obj)/d(rhs) of the *minimisation* in <= form
    y_ub = list(res.ineqlin.marginals) if ge_rows else []
    y_eq = list(res.eqlin.marginals) if eq_rows else []
    for den in (10**4, 10**6, 10**8):
        z = [_rat(v, den) for v in res.x]
        # primal feasibility
        if any(sum(a * zi for a, zi in zip(row, z)) < b for row, b in ge_rows):
            continue
        if any(sum(a * zi for a, zi in zip(row, z)) != b for row, b in eq_rows):
            continue
        # dual: for min sign*c.z with rows -a.z <= -b (mu <= 0) and a.z = b (nu):
        # sign*c = sum mu_i (-a_i) + sum nu_k a_k  (KKT for linprog's convention)
        mu = [_rat(m, den) for m in y_ub]
        nu = [_rat(m, den) for m in y_eq]
        if any(m > 0 for m in mu):
            continue
        ok = True
        for j in range(d):
            lhs = sum(m * (-row[j]) for m, (row, _) in zip(mu, ge_rows)) + \
                sum(m * row[j] for m, (row, _) in zip(nu, eq_rows))
            if lhs != sign * F(c[j]):
                ok = False
                break
        if not ok:
            continue
        dual_val = sum(m * (-b) for m, (_, b) in zip(mu, ge_rows)) + \
            sum(m * b for m, (_, b) in zip(nu, eq_rows))
        primal_val = sum(F(ci) * zi for ci, zi in zip(c, z))
        if dual_val != sign * primal_val:
            continue
        return LPResult("optimal", primal_val, z)
    # fallback: rebuild the vertex from the (numerically) active rows and the duals from
    # the rows with a non-zero multiplier, both by exact elimination, then verify
    rows = [(list(map(F, a)), F(b), "ge") for a, b in ge_rows] + \
        [(list(map(F, a)), F(b), "eq") for a, b in eq_rows]
    xs = list(res.x)
    active = [k for k, (a, b, kind) in enumerate(rows)
              if kind == "eq" or abs(sum(float(ai) * xi for ai, xi in zip(a, xs)) - float(b)) < 1e-6]
    z = _solve_exact([rows[k][0] for k in active], [rows[k][1] for k in active], d)
    if z is not None and all((sum(ai * zi for ai, zi in zip(a, z)) >= b) if kind == "ge"
                             else (sum(ai * zi for ai, zi in zip(a, z)) == b) for a, b, kind in rows):
        marg = [-m for m in y_ub] + list(y_eq)  # multiplier of a.z (>=|=) b in the min problem
        supp = [k for k in active if abs(marg[k]) > 1e-9] if rows else []
        # solve sum_k y_k a_k = sign*c on the support, exactly (columns = rows of A)
        cols = [rows[k][0] for k in supp]
        y = _solve_exact([[cols[i][j] for i in range(len(supp))] for j in range(d)],
                         [sign * F(c[j]) for j in range(d)], len(supp))
        if y is not None:
            ok = all(yk >= 0 for yk, k in zip(y, supp) if rows[k][2] == "ge")
            dual_val = sum(yk * rows[k][1] for yk, k in zip(y, supp))
            primal_val = sum(F(ci) * zi for ci, zi in zip(c, z))
            if ok and dual_val == sign * primal_val:
                return LPResult("optimal", primal_val, z)
    raise OracleError("could not certify the HiGHS optimum exactly")


def _solve_exact(A, b, ncols):
    """One exact solution of A z = b (consistent system; free columns set to 0), or None."""
    M = [list(r) + [bb] for r, bb in zip(A, b)]
    piv_cols, r = [], 0
    for col in range(ncols):
        p = next((i for i in range(r, len(M)) if M[i][col] != 0), None)
        if p is None:
            continue
        M[r], M[p] = M[p], M[r]
        pv = M[r][col]
        M[r] = [x / pv for x in M[r]]
        for i in range(len(M)):
            if i != r and M[i][col] != 0:
                f = M[i][col]
                M[i] = [x - f * y for x, y in zip(M[i], M[r])]
        piv_cols.append(col)
        r += 1
    if any(all(x == 0 for x in row[:-1]) and row[-1] != 0 for row in M):
        return None
    z = [F(0)] * ncols
    for i, col in enumerate(piv_cols):
        z[col] = M[i][-1]
    return z


# ------------------------------------------------------------------------ helpers
def members(mask: int, n: int) -> list[int]:
    return [i for i in range(n) if mask >> i & 1]


def ind(mask: int, n: int) -> list[Fraction]:
    return [F(mask >> i & 1) for i in range(n)]


def proper(n: int) -> list[int]:
    return list(range(1, (1 << n) - 1))


def game_from_list(values) -> tuple[int, list[Fraction]]:
    m = len(values)
    n = m.bit_length()
    assert m == 2**n - 1
    return n, [F(0)] + [F(x) for x in values]


# ------------------------------------------------------------------ core & co
def least_core_value(n, v) -> tuple[Fraction, list[Fraction]]:
    """eps* and one least-core point.  Variables (x_1..x_n, eps); min eps."""
    N = (1 << n) - 1
    ge = [(ind(S, n) + [F(1)], v[S]) for S in proper(n)]
    eq = [(ind(N, n) + [F(0)], v[N])]
    r = exact_lp([F(0)] * n + [F(1)], ge, eq, maximize=False)
    assert r.status == "optimal"
    return r.value, r.z[:n]


def core_is_empty(n, v) -> bool:
    if n == 1:
        return False
    return least_core_value(n, v)[0] > 0


def in_core(n, v, x) -> bool:
    N = (1 << n) - 1
    if sum(x) != v[N]:
        return False
    return all(sum(x[i] for i in members(S, n)) >= v[S] for S in proper(n))


def check_balanced_certificate(n, v, weights: dict[int, Fraction]) -> bool:
    """weights: mask -> lambda_S.  Exactly: lambda > 0, sum lambda 1_S = 1_N, proper S,
    sum lambda v(S) > v(N)."""
    N = (1 << n) - 1
    if not weights or any(S <= 0 or S >= N for S in weights):
        return False
    if any(F(l) <= 0 for l in weights.values()):
        return False
    for i in range(n):
        if sum(F(l) for S, l in weights.items() if S >> i & 1) != 1:
            return False
    return sum(F(l) * v[S] for S, l in weights.items()) > v[N]


def _face_constant(n, ge, eq, c, target) -> bool:
    """Is c.z == target on the whole polytope {ge, eq}?  (min and max both = target)."""
    for maximize in (True, False):
        r = exact_lp(c, ge, eq, maximize=maximize)
        assert r.status == "optimal", r.status
        if r.value != target:
            return False
    return True


def _rank(vectors) -> int:
    rows = [list(map(F, r)) for r in vectors]
    rank, col = 0, 0
    ncols = len(rows[0]) if rows else 0
    while rank < len(rows) and col < ncols:
        piv = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if piv is None:
            col += 1
            continue
        rows[rank], rows[piv] = rows[piv], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                f = rows[r][col] / rows[rank][col]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[rank])]
        rank += 1
        col += 1
    return rank


def nucleolus(n, v, pre=False) -> tuple[list[Fraction], list[Fraction]]:
    """(Pre)nucleolus by the sequential LP; returns (point, excess levels)."""
    N = (1 << n) - 1
    if n == 1:
        return [v[N]], []
    if not pre and sum(v[1 << i] for i in range(n)) > v[N]:
        raise OracleError("no imputations")
    fixed: dict[int, Fraction] = {}  # mask -> excess value
    levels = []
    while True:
        free = [S for S in proper(n) if S not in fixed]
        # variables x (n) and eps; minimise eps
        ge = [(ind(S, n) + [F(1)], v[S]) for S in free]
        eq = [(ind(N, n) + [F(0)], v[N])]
        eq += [(ind(S, n) + [F(0)], v[S] - e) for S, e in fixed.items()]
        if not pre:
            ge += [([F(int(j == i)) for j in range(n)] + [F(0)], v[1 << i]) for i in range(n)]
        r = exact_lp([F(0)] * n + [F(1)], ge, eq, maximize=False)
        assert r.status == "optimal", r.status
        eps = r.value
        levels.append(eps)
        # the optimal face: eps fixed
        ge_face = [(row[:n], b - eps) for row, b in ge if row[n] == 1] + \
            [(row[:n], b) for row, b in ge if row[n] == 0]
        eq_face = [(row[:n], b) for row, b in eq]
        x0 = r.z[:n]
        newly = []
        for S in free:
            xs = sum(x0[i] for i in members(S, n))
            if v[S] - xs != eps:
                continue  # slack at a point of the face: excess not constant
            if _face_constant(n, ge_face, eq_face, ind(S, n), v[S] - eps):
                newly.append(S)
        if not newly:
            raise OracleError("nucleolus stage fixed nothing")
        for S in newly:
            fixed[S] = eps
        if _rank([ind(S, n) for S in fixed] + [ind(N, n)]) == n:
            break
    # the point is determined by the fixed equalities
    eq = [(ind(S, n), v[S] - e) for S, e in fixed.items()] + [(ind(N, n), v[N])]
    r = exact_lp([F(0)] * n, [], eq, maximize=True)
    x = r.z
    # the fixed system has a unique solution; double-check
    assert all(sum(a * b for a, b in zip(row, x)) == rhs for row, rhs in eq)
    return x, levels


def sorted_excesses(n, v, x) -> list[Fraction]:
    return sorted((v[S] - sum(x[i] for i in members(S, n)) for S in proper(n)), reverse=True)


# ----------------------------------------------------------------- tightening
@dataclass
class TightResult:
    status: str  # "ok" | "infeasible" | "unbounded" (Phase I unbounded: no X_i >= 0)
    K: dict[int, Fraction]  # mask -> final K (free rows: 0)
    levels: list[Fraction]
    fixed_at: dict[int, int]  # mask -> iteration (1-based)
    point: list[Fraction] | None  # the allocation if the final region is a point
    dimension: int | None = None


def _slope(family, vS):
    return {"absolute": F(1), "relative": vS, "hybrid": vS + 1}[family]


def tighten(n, v, family="relative", nonneg=True) -> TightResult:
    """Tick's Figure 1 in exact arithmetic (see module docstring)."""
    assert family in ("absolute", "relative", "hybrid")
    N = (1 << n) - 1
    rows = proper(n)

    def gam(S, k):
        return v[S] + _slope(family, v[S]) * k  # v+K, v(1+K), v(1+K)+K

    K = {S: F(0) for S in rows}
    floating = {S for S in rows if _slope(family, v[S]) > 0}
    free = {S for S in rows if _slope(family, v[S]) <= 0}
    eq = [(ind(N, n), v[N])]
    nn = [([F(int(j == i)) for j in range(n)], F(0)) for i in range(n)] if nonneg else []

    def region(Kcur):
        return [(ind(S, n), gam(S, Kcur[S])) for S in rows] + nn

    # initial consistency (K = 0)
    r0 = exact_lp([F(0)] * n, region(K), eq)
    if r0.status == "infeasible":
        return TightResult("infeasible", {}, [], {}, None)
    levels, fixed_at = [], {}
    it = 0
    level = F(0)
    while floating:
        it += 1
        # Phase I: variables (x, t): max t; floating rows x(S) - slope t >= v(S) - offset
        ge = []
        for S in rows:
            if S in floating:
                # gamma(v, t) = v + slope*t  (absolute: v + t; relative: v + v t)
                ge.append((ind(S, n) + [-_slope(family, v[S])], v[S]))
            elif S in free:
                # free rows (relative, v(S) <= 0) never tighten.  Decision (shared with
                # declcoal, docs/tightening.md): they keep K = 0, x(S) >= v(S).  Letting
                # them follow the common level as Figure 1 literally does would *loosen*
                # negative rows, so the region would stop shrinking; outside the paper's
                # domain (RHS >= 0, X_i >= 0) and immaterial with X_i >= 0.
                ge.append((ind(S, n) + [F(0)], v[S]))
            else:
                ge.append((ind(S, n) + [F(0)], gam(S, K[S])))
        ge += [(row + [F(0)], b) for row, b in nn]
        # t >= current level (the current vector is feasible)
        ge.append(([F(0)] * n + [F(1)], level))
        r = exact_lp([F(0)] * n + [F(1)], ge, [(ind(N, n) + [F(0)], v[N])])
        if r.status == "unbounded":  # only possible without X_i >= 0
            return TightResult("unbounded", dict(K), levels, fixed_at, None)
        if r.status != "optimal":
            raise OracleError(f"Phase I {r.status}")
        t = r.value
        level = t
        levels.append(t)
        for S in floating:
            K[S] = t
        # Phase II
        reg = region(K)
        x0 = r.z[:n]
        newly = []
        for S in sorted(floating):
            bound = gam(S, K[S])
            if sum(x0[i] for i in members(S, n)) > bound:
                continue  # slack at a point of the region: can grow
            m = exact_lp(ind(S, n), reg, eq, maximize=True)
            assert m.status == "optimal"
            if m.value == bound:
                newly.append(S)
        if not newly:
            raise OracleError("Phase II fixed nothing")
        for S in newly:
            floating.discard(S)
            fixed_at[S] = it
    # final region: dimension via implicit equalities (rows constant on the region)
    reg = region(K)
    tight = [ind(N, n)]
    for row, b in reg:
        if _face_constant(n, reg, eq, row, b):
            tight.append(row)
    dim = n - _rank(tight)
    point = None
    if dim == 0:
        r = exact_lp([F(0)] * n, reg, eq)
        point = r.z
    Kout = dict(K)  # free rows: 0
    return TightResult("ok", Kout, levels, fixed_at, point, dim)


# ------------------------------------------------------------- textbook games
def bankruptcy(estate, claims):
    n = len(claims)
    v = [F(0)] * (1 << n)
    for S in range(1, 1 << n):
        rest = sum(c for i, c in enumerate(claims) if not S >> i & 1)
        v[S] = max(F(0), F(estate) - rest)
    return n, v


def talmud(estate, claims):
    """Aumann–Maschler (1985) Talmud rule (= nucleolus of the bankruptcy game)."""
    estate = F(estate)
    claims = [F(c) for c in claims]
    half = sum(claims) / 2

    def cea(E, cl):  # constrained equal awards
        order = sorted(range(len(cl)), key=lambda i: cl[i])
        out = [F(0)] * len(cl)
        remaining, k = E, len(cl)
        for idx in order:
            share = remaining / k
            give = min(cl[idx], share)
            out[idx] = give
            remaining -= give
            k -= 1
        return out

    if estate <= half:
        return cea(estate, [c / 2 for c in claims])
    losses = cea(sum(claims) - estate, [c / 2 for c in claims])
    return [c - l for c, l in zip(claims, losses)]


def glove(left: int, right: int):
    n = left + right
    v = [F(0)] * (1 << n)
    for S in range(1, 1 << n):
        l = sum(1 for i in range(left) if S >> i & 1)
        r = sum(1 for i in range(left, n) if S >> i & 1)
        v[S] = F(min(l, r))
    return n, v


def majority(n: int, quota: int):
    v = [F(0)] * (1 << n)
    for S in range(1, 1 << n):
        v[S] = F(1 if bin(S).count("1") >= quota else 0)
    return n, v


# ------------------------------------------------------- faithful (appendix)
def _feasible(n, v, K, family, nonneg, order):
    N = (1 << n) - 1
    ge = [(ind(S, n), v[S] + _slope(family, v[S]) * k) for S, k in zip(order, K)]
    if nonneg:
        ge += [([F(int(j == i)) for j in range(n)], F(0)) for i in range(n)]
    try:
        return exact_lp([F(0)] * n, ge, [(ind(N, n), v[N])]).status == "optimal"
    except OracleError:  # a sliver the float point misses by rounding: ask Z3 exactly
        import z3

        xs = [z3.Real(f"x{i}") for i in range(n)]
        sol = z3.Solver()
        for a, b in ge:
            sol.add(z3.Sum([xi * int(ai) for xi, ai in zip(xs, a)]) >= z3.Q(b.numerator, b.denominator))
        sol.add(z3.Sum(xs) == z3.Q(v[N].numerator, v[N].denominator))
        return sol.check() == z3.sat


def template_order(n):
    """Tick's const/3 parameter order: singletons, then pairs, ... (lexicographic)."""
    out = []
    for k in range(1, n):
        for c in itertools.combinations(range(n), k):
            out.append(sum(1 << i for i in c))
    return out


def tighten_faithful(n, v, family="relative", nonneg=True, iterations=None,
                     eps=F(1, 10000), delta_max=F(1000), init=F(1000)):
    """The appendix program: go1/search1/update/restrict1 (Phases I-II only).
    Returns the list of (K vector, fixed flags) after each iteration, template order."""
    order = template_order(n)
    m = len(order)
    K = [F(init)] * m
    floating = [True] * m
    trace = []
    it = 0
    while any(floating) and (iterations is None or it < iterations):
        it += 1
        prev, delta = F(0), F(delta_max)
        while not delta < eps:  # search1 clause 1: stop when Delta < Epsilon
            nxt = prev + delta
            Kt = [nxt if fl else k for k, fl in zip(K, floating)]
            if _feasible(n, v, Kt, family, nonneg, order):
                K, prev = Kt, nxt
            delta /= 2
        newly = []
        for j in range(m):  # restrict1: each float alone at +2 eps
            if not floating[j]:
                continue
            Kt = list(K)
            Kt[j] += 2 * eps
            if not _feasible(n, v, Kt, family, nonneg, order):
                newly.append(j)
        for j in newly:
            floating[j] = False
        trace.append((list(K), [not f for f in floating]))
        if not newly:
            break  # stalled: go1 would repeat the identical iteration
    return trace
