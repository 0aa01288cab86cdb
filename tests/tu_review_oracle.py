"""Independent oracle for the TU solution concepts of issue 14 (review).

Written from the textbook definitions, *before* and without reading declcoal's
implementation (``declcoal/concepts/tu/*``, ``declcoal/solvers/*``).  Everything is exact:
Python ``Fraction``/``int`` arithmetic and Z3's rational LP optimiser (``z3.Optimize``)
— no floating point anywhere, so no rational reconstruction is needed.

A game is ``(n, v)`` with ``v[mask]`` the worth (a ``Fraction``) of the coalition of the
set bits of ``mask``; ``v[0] = 0``.

Definitions
-----------
* Shapley value (Shapley 1953): φ_i = Σ_{S ⊆ N∖i} |S|!(n−|S|−1)!/n! · (v(S∪i) − v(S)),
  the plain subset formula (in integers over a common denominator), and for n ≤ 6 also
  the average of marginal vectors over all n! orders.
* Banzhaf value (Banzhaf 1965, Dubey & Shapley 1979): β_i = Σ_{S ⊆ N∖i} (v(S∪i) − v(S)) / 2^{n−1}.
* core C(v) = {x : x(N) = v(N), x(S) ≥ v(S) ∀S}; least core value
  ε* = min{ε : ∃x, x(N) = v(N), x(S) ≥ v(S) − ε ∀ S ∉ {∅, N}}; C(v) ≠ ∅ ⇔ ε* ≤ 0;
  the least core is {x : x(N) = v(N), x(S) ≥ v(S) − ε* ∀ S proper}.
* (pre)nucleolus (Schmeidler 1969): the lexicographic minimiser of the non-increasingly
  sorted excess vector e(S, x) = v(S) − x(S), S proper non-empty, over the imputations
  I(v) = {x(N) = v(N), x_i ≥ v(i)} (nucleolus) or the pre-imputations {x(N) = v(N)}
  (prenucleolus).  Weighted variant: e_w(S, x) = (v(S) − x(S)) / w(S) with w(S) > 0;
  the proportional nucleolus takes w(S) = v(S) (every v(S) > 0 assumed), over
  pre-imputations (declcoal's scope, docs/api.md).

Method 1 — sequential LPs (Maschler, Peleg & Shapley 1979) with the WHOLE-FACE test:
round k minimises t subject to the coalitions fixed so far at their levels, e(S, x) ≤ t
for the free ones (and x_i ≥ v(i) for the nucleolus).  A free coalition is fixed at t*
iff it is tight on the *whole* optimal face, decided by maximising its slack over the
face (one exact LP per candidate; a face point where it is slack — from any LP solved in
the round — proves it is not fixed).  Coalitions whose indicator lies in the span of
1_N and the fixed ones have a constant x(S) and leave the LP.  Stop when x is determined.

Method 2 — Kohlberg's criterion (Kohlberg 1971), a check of a given point x: x is the
(pre)nucleolus iff for every level α the collection D(α) = {S proper : e(S, x) ≥ α}
is balanced — ∃ λ_S > 0 (S ∈ D(α)) with Σ λ_S 1_S ∝ 1_N — and for the nucleolus over
I(v) balanced *together with* the binding singletons B0 = {{i} : x_i = v(i)}, whose
weights may be 0 (the tangent cone of I(v) at x is {y : y(N) = 0, y_i ≥ 0, i ∈ B0}; the
criterion is the Farkas alternative to "no direction y in it with y(S) ≥ 0 on D(α) and
> 0 somewhere").  The same holds for weighted excesses with w > 0 (the signs of y(S)/w(S)
are those of y(S)).
"""
from __future__ import annotations

import itertools
import math
from fractions import Fraction

import z3

F = Fraction


# ----------------------------------------------------------------------------- basics
def members(mask: int, n: int) -> list[int]:
    return [i for i in range(n) if mask >> i & 1]


def proper(n: int) -> list[int]:
    return list(range(1, (1 << n) - 1))


def xsum(x, mask: int) -> Fraction:
    return sum((x[i] for i in range(len(x)) if mask >> i & 1), F(0))


def excess(n, v, x, mask, w=None) -> Fraction:
    e = v[mask] - xsum(x, mask)
    return e if w is None else e / w(mask)


def sorted_excesses(n, v, x, w=None) -> list[Fraction]:
    return sorted((excess(n, v, x, S, w) for S in proper(n)), reverse=True)


# ----------------------------------------------------------------------------- values
def shapley(n, v) -> list[Fraction]:
    """Plain subset formula, integers over the common denominator of the worths."""
    den = math.lcm(*(q.denominator for q in v))
    V = [int(q * den) for q in v]
    fact = [math.factorial(k) for k in range(n + 1)]
    out = []
    for i in range(n):
        bit = 1 << i
        tot = 0
        for S in range(1 << n):
            if S & bit:
                continue
            s = bin(S).count("1")
            tot += fact[s] * fact[n - s - 1] * (V[S | bit] - V[S])
        out.append(F(tot, fact[n] * den))
    return out


def shapley_orders(n, v) -> list[Fraction]:
    """Average marginal vector over all n! orders (a second method, small n)."""
    tot = [F(0)] * n
    count = 0
    for order in itertools.permutations(range(n)):
        S = 0
        for i in order:
            tot[i] += v[S | 1 << i] - v[S]
            S |= 1 << i
        count += 1
    return [t / count for t in tot]


def banzhaf(n, v) -> list[Fraction]:
    den = math.lcm(*(q.denominator for q in v))
    V = [int(q * den) for q in v]
    out = []
    for i in range(n):
        bit = 1 << i
        tot = sum(V[S | bit] - V[S] for S in range(1 << n) if not S & bit)
        out.append(F(tot, den * 2 ** (n - 1)))
    return out


# ----------------------------------------------------------------------------- exact LP
class Unbounded(Exception):
    pass


class Infeasible(Exception):
    pass


def _q(f: Fraction):
    return z3.Q(f.numerator, f.denominator)


def _num(r) -> Fraction:
    if z3.is_int_value(r):
        return F(r.as_long())
    if z3.is_rational_value(r):
        return r.as_fraction()
    raise RuntimeError(f"not a rational number: {r}")


def _val(model, var) -> Fraction:
    return _num(model.eval(var, model_completion=True))


class CoalitionLP:
    """Variables x_0..x_{n-1} and t; rows built from masks, all in Z3 rationals."""

    def __init__(self, n: int):
        self.n = n
        self.x = [z3.Real(f"x{i}") for i in range(n)]
        self.t = z3.Real("t")
        self.cons: list = []

    def xs(self, mask: int):
        terms = [self.x[i] for i in range(self.n) if mask >> i & 1]
        return z3.Sum(terms) if len(terms) > 1 else terms[0]

    def add(self, c):
        self.cons.append(c)

    def optimise(self, expr, maximize: bool, extra=()):
        opt = z3.Optimize()
        opt.add(*self.cons, *extra)
        h = opt.maximize(expr) if maximize else opt.minimize(expr)
        res = opt.check()
        if res == z3.unsat:
            raise Infeasible()
        if res != z3.sat:
            raise RuntimeError(f"z3: {res}")
        bound = opt.upper(h) if maximize else opt.lower(h)
        if not (z3.is_rational_value(bound) or z3.is_int_value(bound)):
            raise Unbounded(str(bound))
        m = opt.model()
        val = _val(m, expr)
        if val != _num(bound):
            raise RuntimeError("z3 model value differs from its bound")
        return val, [_val(m, xi) for xi in self.x], _val(m, self.t)

    def feasible(self, extra=()) -> bool:
        s = z3.Solver()
        s.add(*self.cons, *extra)
        return s.check() == z3.sat


# ----------------------------------------------------------------------------- linear algebra
def _rank(rows: list[list[Fraction]]) -> int:
    m = [list(r) for r in rows]
    rank, col, ncols = 0, 0, len(m[0]) if m else 0
    while rank < len(m) and col < ncols:
        piv = next((r for r in range(rank, len(m)) if m[r][col] != 0), None)
        if piv is None:
            col += 1
            continue
        m[rank], m[piv] = m[piv], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][col] != 0:
                f = m[r][col] / m[rank][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[rank])]
        rank += 1
        col += 1
    return rank


def ind(mask: int, n: int) -> list[Fraction]:
    return [F(mask >> i & 1) for i in range(n)]


# ----------------------------------------------------------------------------- core family
def least_core(n, v) -> tuple[Fraction, list[Fraction]]:
    lp = CoalitionLP(n)
    N = (1 << n) - 1
    lp.add(lp.xs(N) == _q(v[N]))
    for S in proper(n):
        lp.add(lp.xs(S) + lp.t >= _q(v[S]))
    eps, x, _ = lp.optimise(lp.t, maximize=False)
    return eps, x


def in_eps_core(n, v, x, eps=F(0)) -> bool:
    N = (1 << n) - 1
    return xsum(x, N) == v[N] and all(xsum(x, S) >= v[S] - eps for S in proper(n))


def core_empty(n, v) -> bool:
    return least_core(n, v)[0] > 0


def balanced_certificate_ok(n, v, weights: dict[int, Fraction]) -> bool:
    """λ_S > 0, Σ λ_S 1_S = 1_N and Σ λ_S v(S) > v(N) (Bondareva–Shapley)."""
    N = (1 << n) - 1
    if not weights or any(lam <= 0 for lam in weights.values()):
        return False
    if any(S <= 0 or S > N for S in weights):
        return False
    for i in range(n):
        if sum((lam for S, lam in weights.items() if S >> i & 1), F(0)) != 1:
            return False
    return sum((lam * v[S] for S, lam in weights.items()), F(0)) > v[N]


# ----------------------------------------------------------------------------- nucleolus (method 1)
def nucleolus(n, v, pre=False, w=None):
    """Sequential LPs with the whole-face test.  Returns (point, levels) where levels is
    the list of (α_k, sorted masks fixed in round k); α strictly decreasing.

    ``w``: weight function mask -> positive Fraction (weighted excess), or None.
    Raises Infeasible when the imputation set is empty (nucleolus)."""
    N = (1 << n) - 1
    weight = (lambda S: F(1)) if w is None else w
    base = CoalitionLP(n)
    base.add(base.xs(N) == _q(v[N]))
    if not pre:
        for i in range(n):
            base.add(base.x[i] >= _q(v[1 << i]))
        if sum(v[1 << i] for i in range(n)) > v[N]:
            raise Infeasible("empty imputation set")
    fixed: dict[int, Fraction] = {}
    span = [[F(1)] * n]
    free = [S for S in proper(n) if weight(S) != 0]
    for S in proper(n):  # weight 0: left out of the ordering, kept as x(S) >= v(S)
        if weight(S) == 0:
            base.add(base.xs(S) >= _q(v[S]))
    levels = []
    point = None
    while True:
        if _rank(span) == n:
            break
        lp = CoalitionLP(n)
        lp.cons = list(base.cons)
        for S, a in fixed.items():  # (v(S) - x(S))/w(S) = a
            lp.add(lp.xs(S) == _q(v[S] - a * weight(S)))
        # (v(S) - x(S))/w(S) <= t  <=>  x(S) + w(S) t >= v(S)
        for S in free:
            lp.add(lp.xs(S) + _q(weight(S)) * lp.t >= _q(v[S]))
        tstar, x0, _ = lp.optimise(lp.t, maximize=False)
        face_extra = [lp.t == _q(tstar)]
        witnesses = [x0]
        newly = []
        for S in free:
            rhs = v[S] - tstar * weight(S)  # tight: x(S) = rhs
            if any(xsum(p, S) > rhs for p in witnesses):
                continue
            mx, xp, _ = lp.optimise(lp.xs(S), maximize=True, extra=face_extra)
            witnesses.append(xp)
            if mx == rhs:
                newly.append(S)
        if not newly:
            raise RuntimeError("no coalition fixed in a round (cannot happen by LP duality)")
        for S in newly:
            fixed[S] = tstar
            span.append(ind(S, n))
        levels.append((tstar, sorted(newly)))
        r = _rank(span)
        free = [S for S in free if S not in fixed and _rank(span + [ind(S, n)]) > r]
        point = x0
        if r == n or not free:
            break
    # the point: solve the fixed equalities exactly (all face points coincide now)
    lp = CoalitionLP(n)
    lp.cons = list(base.cons)
    for S, a in fixed.items():
        lp.add(lp.xs(S) == _q(v[S] - a * weight(S)))
    _, point, _ = lp.optimise(lp.x[0], maximize=True)
    _, point2, _ = lp.optimise(lp.x[0], maximize=False)
    if point != point2:  # imputation bounds can pin the rest (nucleolus): check uniqueness
        for i in range(n):
            lo = lp.optimise(lp.x[i], maximize=False)[0]
            hi = lp.optimise(lp.x[i], maximize=True)[0]
            if lo != hi:
                raise RuntimeError("final region is not a point")
    return point, levels


def prenucleolus(n, v):
    return nucleolus(n, v, pre=True)


def proportional_nucleolus(n, v, extended=False):
    """Weighted prenucleolus with w(S) = v(S); requires every v(S) > 0 (S proper).

    ``extended``: declcoal's documented extension (docs/api.md, ``nucleolus``'s
    ``weights``): w(S) = max(v(S), 0), coalitions of weight 0 kept as x(S) ≥ v(S)."""
    if not extended and any(v[S] <= 0 for S in proper(n)):
        raise ValueError("the oracle's proportional nucleolus needs every v(S) > 0")
    return nucleolus(n, v, pre=True, w=lambda S: max(v[S], F(0)))


# ----------------------------------------------------------------------------- Kohlberg (method 2)
def kohlberg(n, v, x, pre=False, w=None) -> bool:
    """Kohlberg's (1971) criterion for x being the (pre)nucleolus (weighted with w).

    One incremental Z3 solver: for each level α, λ_S ≥ 1 on D(α), λ_S = 0 off it,
    μ_i ≥ 0 on the binding singletons (nucleolus), Σ λ_S 1_S + Σ μ_i e_i = c 1_N."""
    N = (1 << n) - 1
    if xsum(x, N) != v[N]:
        return False
    b0: list[int] = []
    if not pre:
        if any(x[i] < v[1 << i] for i in range(n)):
            return False
        b0 = [i for i in range(n) if x[i] == v[1 << i]]
    ex = {S: excess(n, v, x, S, w) for S in proper(n)}
    s = z3.Solver()
    lam = {S: z3.Real(f"l{S}") for S in proper(n)}
    mu = {i: z3.Real(f"m{i}") for i in b0}
    c = z3.Real("c")
    for i in range(n):
        terms = [lam[S] for S in proper(n) if S >> i & 1] + ([mu[i]] if i in mu else [])
        s.add(z3.Sum(terms) == c)
    for m in mu.values():
        s.add(m >= 0)
    for alpha in sorted(set(ex.values()), reverse=True):
        s.push()
        for S in proper(n):
            s.add(lam[S] >= 1 if ex[S] >= alpha else lam[S] == 0)
        ok = s.check() == z3.sat
        s.pop()
        if not ok:
            return False
    return True


def lex_less(a: list[Fraction], b: list[Fraction]) -> bool:
    return a < b
