"""The coalitional Nash solution σ(G) of a game with coalitional threats (Ray & Vohra 2025).

Theorem 1, eq. (2): σ(G) = argmax_{x ∈ U(G)} Π_j (x_j − d_j)^{γ_j}, where the unblocked
set U(G) keeps the x ∈ F that no threat (S, y), y ∈ Θ(S), blocks (y ≫ x_S). Individual
disagreement payoffs d are netted out; coalitional threats are *conventional
constraints* (§2.5): they matter only where they bind.

The constraint program
----------------------
"x is unblocked" is a conjunction of disjunctions, one per threat (S, y)::

    for each threat (S, y):   OR_{i ∈ S}  x_i >= y_i        (some member defends)

so U(G) is a finite union of convex *pieces* — choose a defender for every threat and
you get {x ∈ F : x ≥ L} with L the componentwise maximum of the chosen lower bounds.
σ(G) may therefore be a set. It is computed exactly in one of two ways:

``bnb`` (default)
    best-first branch and bound over pieces. A node is a lower-bound vector L; its
    bound is the Nash maximiser x*(L) of the convex set {x ∈ F : x ≥ L} (closed form
    for TU sets, see :func:`waterfill`). If x*(L) is unblocked it is the best point of
    the node's whole region; otherwise some threat (S, y) blocks it and the node
    branches on the member i ∈ S who defends (L_i := y_i). Nodes whose bound is
    strictly below the best value found are pruned, ties are kept, so *every*
    maximiser is returned. Correctness: every unblocked x ≥ L lies in some child;
    on a convex node region with positive Nash product the maximiser is unique.
``z3``
    the declarative path: Z3 holds the disjunctions above; each model x found yields
    the piece L_i = max{y_i : threats defended by i at x}, which is then excluded with
    OR_i x_i < L_i, until unsat. Every piece's maximiser is computed in closed form and
    the best are kept. Exponential in the number of pieces — a cross-check for small
    games (tests compare the two paths on random games).

Exactness. On a TU piece {x ≥ L, Σx ≤ v} the weighted maximiser is
x_j = d_j + max(L_j − d_j, γ_j t) with the level t solving a *piecewise linear* equation,
so x is rational whenever v, L, d and γ are. Nash products with rational exponents are
compared exactly by raising them to the common denominator D of the γ_j: compare
Π (x_j − d_j)^{γ_j D}, a product of rationals with integer exponents. Z3's ``Optimize``
is never asked to maximise a product (DESIGN.md, pitfalls).

Points below d (x_j < d_j for some j) are excluded: the Nash product of gains is only
defined on x ≥ d. Under the paper's domain assumptions ([Dom 1], [Dom 2]) this removes
nothing that could be a solution.
"""
from __future__ import annotations

import heapq
import math
from functools import cmp_to_key
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ... import progress
from ...errors import SolverLimitError, UnsupportedError
from ...model.bargaining import BargainingGame, FiniteSet, Point, TUSet
from ...model.coalition import label, members
from ...results import EXACT, timed

METHODS = ("bnb", "z3")

#: safety valve for the branch and bound (nodes); beyond it a SolverLimitError is raised
MAX_NODES = 2_000_000


# ------------------------------------------------------------------ exact Nash products
def common_exponents(weights: Sequence[Fraction]) -> tuple[tuple[int, ...], int]:
    """Integer exponents e_j = γ_j·D and the common denominator D of the weights."""
    D = 1
    for w in weights:
        D = D * w.denominator // math.gcd(D, w.denominator)
    return tuple(int(w * D) for w in weights), D


#: Σ e_j above which Nash products are compared as :class:`NashValue` (exact comparison
#: through logarithms) instead of as the rational Π g_j^{e_j}: decimal weights such as
#: 0.33333 have D = 100000, and g^33333 is a number of millions of digits (the hang of
#: ``nash --weights 0.33333,0.66667,1`` and of weights 1/1000003, 1/1000033).
EXACT_POWER_LIMIT = 64


def coprime_basis(numbers: Sequence[int]) -> list[int]:
    """Pairwise coprime integers > 1 of which every number given (> 0) is a product
    (a gcd-free basis, found by gcd splitting only — no factorisation)."""
    basis: list[int] = []
    todo = [abs(k) for k in numbers if abs(k) > 1]
    while todo:
        x = todo.pop()
        if x == 1:
            continue
        for i, b in enumerate(basis):
            if x == b:
                break
            g = math.gcd(x, b)
            if g > 1:
                basis.pop(i)
                todo.extend((g, b // g, x // g))
                break
        else:
            basis.append(x)
    return basis


class NashValue:
    """Π_j g_j^{w_j} for positive rationals g_j and rational exponents w_j, with an exact
    total order that never expands the powers (Ray & Vohra 2025, eq. (2), with weights
    of any denominator).

    ``a < b`` compares L = Σ_j w_j ln g_j: first in decimal arithmetic with a rigorous
    error bound (30 digits, doubled until the sign is certain), and when the two logs
    cannot be told apart, exactly: over a coprime basis {q_k} of every numerator and
    denominator, L_a − L_b = Σ_k c_k ln q_k with rational c_k, and the ln q_k of
    pairwise coprime integers > 1 are linearly independent over Q (unique
    factorisation), so L_a = L_b iff every c_k = 0."""

    __slots__ = ("terms", "_logs")

    def __init__(self, bases: Sequence[Fraction], weights: Sequence[Fraction | int]):
        self.terms = tuple((Fraction(g), Fraction(w)) for g, w in zip(bases, weights) if g != 1 and w != 0)
        if any(g <= 0 for g, _ in self.terms):
            raise ValueError("NashValue needs positive bases")
        self._logs: dict[int, tuple] = {}

    def _log(self, prec: int):
        """(L, error bound) with ``prec`` significant digits."""
        if prec not in self._logs:
            from decimal import Context, Decimal

            ctx = Context(prec=prec + 10)
            total, err = Decimal(0), Decimal(0)
            for g, w in self.terms:
                lg = ctx.subtract(ctx.ln(Decimal(g.numerator)), ctx.ln(Decimal(g.denominator)))
                term = ctx.divide(ctx.multiply(lg, Decimal(w.numerator)), Decimal(w.denominator))
                total = ctx.add(total, term)
                err = ctx.add(err, ctx.multiply(abs(term) + 1, Decimal(10) ** (-prec)))
            self._logs[prec] = (total, err)
        return self._logs[prec]

    def log(self) -> float:
        return float(self._log(30)[0])

    def _exact_equal(self, other: "NashValue") -> bool:
        terms = [(g, w) for g, w in self.terms] + [(g, -w) for g, w in other.terms]
        basis = coprime_basis([k for g, _ in terms for k in (g.numerator, g.denominator)])
        for q in basis:
            c = Fraction(0)
            for g, w in terms:
                for k, sign in ((g.numerator, 1), (g.denominator, -1)):
                    e = 0
                    while k % q == 0:
                        k //= q
                        e += 1
                    c += sign * e * w
            if c:
                return False
        return True

    def compare(self, other: "NashValue") -> int:
        """-1, 0 or 1 as self <, =, > other."""
        if self.terms == other.terms:
            return 0
        prec = 30
        while True:
            (a, ea), (b, eb) = self._log(prec), other._log(prec)
            if a - b > ea + eb:
                return 1
            if b - a > ea + eb:
                return -1
            if prec == 30 and self._exact_equal(other):
                return 0
            prec *= 2

    def _other(self, other) -> "NashValue | None":
        if isinstance(other, NashValue):
            return other
        q = Fraction(other)
        return None if q <= 0 else NashValue((q,), (1,))

    def _cmp(self, other) -> int:
        o = self._other(other)
        return 1 if o is None else self.compare(o)

    def __lt__(self, other) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other) -> bool:
        return self._cmp(other) >= 0

    def __eq__(self, other) -> bool:
        if not isinstance(other, (NashValue, Fraction, int)):
            return NotImplemented
        return self._cmp(other) == 0

    def __neg__(self):  # heap keys are negated: order reversed
        return _Reversed(self)

    __hash__ = None  # type: ignore[assignment]

    def __float__(self) -> float:
        lg = self.log()
        return math.exp(lg) if lg < 700 else math.inf

    def __str__(self) -> str:
        lg = self.log() / math.log(10)
        e = math.floor(lg)
        return f"≈{10 ** (lg - e):.6f}e{e:+d}"

    def to_json(self) -> str:
        return str(self)


class _Reversed:
    """−v for a :class:`NashValue` v: the heap of the branch and bound pops the largest."""

    __slots__ = ("v",)

    def __init__(self, v: NashValue):
        self.v = v

    @staticmethod
    def _value(other):
        return other.v if isinstance(other, _Reversed) else -other

    def __lt__(self, other) -> bool:
        return self.v > self._value(other)

    def __gt__(self, other) -> bool:
        return self.v < self._value(other)

    def __eq__(self, other) -> bool:
        return self.v == self._value(other)

    __hash__ = None  # type: ignore[assignment]

    def __neg__(self) -> NashValue:
        return self.v


def nash_power(x: Sequence[Fraction], d: Sequence[Fraction], exps: Sequence[int]) -> Fraction | NashValue:
    """Π_j (x_j − d_j)^{e_j}: the D-th power of the weighted Nash product, exactly.
    Negative gains give −1 (below every admissible point). With large exponents
    (Σ e_j > :data:`EXACT_POWER_LIMIT`) the value is a :class:`NashValue`, compared exactly
    without expanding the powers."""
    if sum(exps) > EXACT_POWER_LIMIT:
        gains = [xi - di for xi, di in zip(x, d)]
        if any(g <= 0 for g in gains):
            return Fraction(-1) if any(g < 0 for g in gains) else Fraction(0)
        return NashValue(gains, exps)
    num = den = 1
    for xi, di, e in zip(x, d, exps):
        g = xi - di if di else xi
        if g <= 0:
            return Fraction(-1) if g < 0 else Fraction(0)
        if e == 1:
            num *= g.numerator
            den *= g.denominator
        else:
            num *= g.numerator**e
            den *= g.denominator**e
    return Fraction(num, den)


def nash_product_float(x: Sequence[Fraction], d: Sequence[Fraction], weights: Sequence[Fraction]) -> float:
    """Π (x_j − d_j)^{γ_j} as a float, for display only."""
    p = 1.0
    for xi, di, w in zip(x, d, weights):
        p *= float(xi - di) ** float(w)
    return p


# ------------------------------------------------------------------ TU pieces in closed form
def waterfill(lower: Sequence[Fraction], total: Fraction, weights: Sequence[Fraction]) -> tuple[Fraction, ...] | None:
    """argmax Π z_j^{γ_j} over {z ≥ lower, Σ z = total}, lower ≥ 0 (None if empty).

    KKT: z_j = max(lower_j, γ_j t) for the level t ≥ 0 with Σ_j max(lower_j, γ_j t) =
    total — a piecewise-linear equation in t, so z is rational for rational data. With
    Σ lower = total the set is the single point ``lower``.
    """
    s = sum(lower, Fraction(0))
    if s > total:
        return None
    if s == total:
        return tuple(lower)
    n = len(lower)
    if all(w == 1 for w in weights):
        order = sorted(range(n), key=lambda j: (lower[j], j))
        fixed_sum = s
        for k in range(n):
            fixed_sum -= lower[order[k]]
            t = (total - fixed_sum) / (k + 1)
            if k + 1 == n or t <= lower[order[k + 1]]:
                return tuple(lo if lo > t else t for lo in lower)
    order = sorted(range(n), key=lambda j: (lower[j] / weights[j], j))
    # free players are the first k in ratio order; grow k until the level is consistent
    fixed_sum = s
    free_w = Fraction(0)
    for k in range(n):
        j = order[k]
        fixed_sum -= lower[j]
        free_w += weights[j]
        t = (total - fixed_sum) / free_w
        nxt = lower[order[k + 1]] / weights[order[k + 1]] if k + 1 < n else None
        if nxt is None or t <= nxt:
            return tuple(max(lower[i], weights[i] * t) for i in range(n))
    raise AssertionError("unreachable: waterfill found no level")  # pragma: no cover


# ------------------------------------------------------------------ results
@dataclass
class BindingThreat:
    """A threat whose constraint 'some i ∈ S has x_i ≥ y_i' is tight at a solution."""

    coalition: str
    point: Point
    defenders: list[str]

    def to_dict(self) -> dict:
        from ...results import jsonable

        return jsonable({"coalition": self.coalition, "point": list(self.point), "defenders": self.defenders})


@dataclass
class NashResult:
    """σ(G) with the reasons: binding threats per solution point, the unconstrained
    Nash point and what blocks it, and (finite F) the blocked alternatives."""

    game: str
    players: list[str]
    solutions: list[Point]
    weights: list[Fraction]
    disagreement: list[Fraction]
    feasible: str
    effective: list[str]
    binding: list[list[BindingThreat]]
    unconstrained: list[Point]
    unconstrained_blocked_by: list[BindingThreat]
    blocked: list[tuple[Point, str, Point]] = field(default_factory=list)
    below_d: list[Point] = field(default_factory=list)
    value_power: Fraction | None = None
    exponent: int = 1
    method: str = "bnb"
    solver: str = "python (exact rationals)"
    pieces: int = 0
    seconds: float = 0.0
    guarantee: str = EXACT

    concept = "coalitional Nash solution"

    @property
    def empty(self) -> bool:
        return not self.solutions

    @property
    def product(self) -> float | None:
        if self.value_power is None:
            return None
        if self.value_power < 0:
            return None
        if isinstance(self.value_power, NashValue):
            lg = self.value_power.log() / self.exponent
            return math.exp(lg) if lg < 700 else math.inf
        try:
            return float(self.value_power) ** (1.0 / self.exponent)
        except OverflowError:  # astronomically large products: use logarithms
            v = self.value_power
            return math.exp((math.log(v.numerator) - math.log(v.denominator)) / self.exponent)

    def to_dict(self) -> dict:
        from ...results import jsonable

        return jsonable({
            "concept": self.concept, "game": self.game, "players": self.players,
            "solutions": [list(p) for p in self.solutions],
            "binding_threats": self.binding,
            "weights": self.weights, "disagreement": self.disagreement, "feasible": self.feasible,
            "effective_coalitions": self.effective,
            "unconstrained_nash": [list(p) for p in self.unconstrained],
            "unconstrained_blocked_by": self.unconstrained_blocked_by,
            "blocked_points": [{"point": list(p), "coalition": c, "threat": list(y)} for p, c, y in self.blocked],
            "nash_product_power": self.value_power, "power": self.exponent, "nash_product": self.product,
            "method": self.method, "solver": self.solver, "pieces_examined": self.pieces,
            "seconds": self.seconds, "guarantee": self.guarantee,
        })


def _binding(game: BargainingGame, x: Point) -> list[BindingThreat]:
    P = game.players
    out = []
    for t in game.threats:
        if t.binds(x):
            out.append(BindingThreat(label(t.coalition, P), t.point,
                                     [P[i] for i, y in zip(members(t.coalition), t.point) if x[i] == y]))
    return out


def _blocking(game: BargainingGame, x: Point) -> list[BindingThreat]:
    P = game.players
    return [BindingThreat(label(t.coalition, P), t.point, []) for t in game.threats if t.blocks(x)]


# ------------------------------------------------------------------ the solution
def coalitional_nash_solution(game: BargainingGame, method: str = "bnb") -> NashResult:
    """σ(G) = argmax over U(G) of Π (x_j − d_j)^{γ_j} (Theorem 1, eq. (2)); all maximisers.

    ``method``: ``"bnb"`` (branch and bound over convex pieces, default) or ``"z3"``
    (enumerate the pieces with Z3 disjunctions). Both are exact.
    """
    if method not in METHODS:
        raise UnsupportedError(f"unknown method {method!r} (use {' or '.join(METHODS)})")
    with timed() as tm:
        exps, D = common_exponents(game.weights)
        d = game.disagreement
        if isinstance(game.feasible, FiniteSet):
            sols, best, pieces, blocked, below = _finite(game, exps)
            unconstrained = _argmax([x for x in game.feasible.points if all(a >= b for a, b in zip(x, d))], d, exps)[0]
        else:
            blocked, below = [], []
            if method == "bnb":
                sols, best, pieces = _tu_bnb(game, exps)
            else:
                sols, best, pieces = _tu_z3(game, exps)
            base = tuple(max(Fraction(0), di) for di in d)
            z = waterfill([b - di for b, di in zip(base, d)], game.feasible.worth - sum(d, Fraction(0)), game.weights)
            unconstrained = [] if z is None else [tuple(di + zi for di, zi in zip(d, z))]
    P = game.players
    eff = sorted({t.coalition for t in game.threats}, key=lambda m: (m.bit_count(), m))
    return NashResult(
        game=game.name, players=list(P), solutions=sols, weights=list(game.weights), disagreement=list(d),
        feasible=game.feasible.describe(), effective=[label(m, P) for m in eff],
        binding=[_binding(game, x) for x in sols], unconstrained=unconstrained,
        unconstrained_blocked_by=_blocking(game, unconstrained[0]) if unconstrained else [],
        blocked=blocked, below_d=below, value_power=best, exponent=D,
        method=method if isinstance(game.feasible, TUSet) else "enumerate",
        solver=("z3 + exact rationals" if method == "z3" and isinstance(game.feasible, TUSet) else "python (exact rationals)"),
        pieces=pieces, seconds=tm.seconds,
    )


def _argmax(points: list[Point], d: Point, exps: Sequence[int]) -> tuple[list[Point], Fraction | None]:
    best: Fraction | None = None
    out: list[Point] = []
    for x in points:
        k = nash_power(x, d, exps)
        if best is None or k > best:
            best, out = k, [x]
        elif k == best:
            out.append(x)
    return out, best


def _finite(game: BargainingGame, exps):
    d = game.disagreement
    cand, blocked, below = [], [], []
    for x in game.feasible.points:
        t = game.is_blocked(x)
        if t is not None:
            blocked.append((x, label(t.coalition, game.players), t.point))
        elif any(a < b for a, b in zip(x, d)):
            below.append(x)
        else:
            cand.append(x)
    sols, best = _argmax(cand, d, exps)
    return sols, best, len(game.feasible.points), blocked, below


def _node_point(L: Point, game: BargainingGame) -> Point | None:
    d = game.disagreement
    z = waterfill([a - b for a, b in zip(L, d)], game.feasible.worth - sum(d, Fraction(0)), game.weights)
    if z is None:
        return None
    return tuple(di + zi for di, zi in zip(d, z))


def _lcm(a: int, b: int) -> int:
    return a * b // math.gcd(a, b)


def _tu_bnb(game: BargainingGame, exps) -> tuple[list[Point], Fraction | None, int]:
    """Best-first branch and bound over the convex pieces {x ≥ L} ∩ F (TU F).

    Runs in integers: gains z = x − d are scaled by the common denominator M of the data,
    so every lower bound ℓ is an integer vector and a node's maximiser is a/Q with integer
    a_j = max(ℓ_j Q, g_j P) (level t = P/Q, g = the integer weights γ·D). Blocking tests
    and Nash keys Π a_j^{g_j} / Q^{Σg} are then integer operations; results are turned
    back into exact Fractions x = d + a/(QM). (Same maths as :func:`waterfill`.)
    """
    d = game.disagreement
    n = game.n
    g = list(exps)
    G = sum(g)
    root_f = [max(Fraction(0), di) - di for di in d]  # ℓ at the root: x ≥ max(0, d)
    total_f = game.feasible.worth - sum(d, Fraction(0))
    raw = []
    for t in game.threats:
        idx = members(t.coalition)
        ys = [y - d[i] for i, y in zip(idx, t.point)]
        if all(y > 0 for y in ys):  # a coordinate ≤ 0 can never beat z_i ≥ 0
            raw.append((idx, ys))
    M = 1
    for q in [total_f, *root_f, *(y for _, ys in raw for y in ys)]:
        M = _lcm(M, q.denominator)
    R = int(total_f * M)
    root = tuple(int(q * M) for q in root_f)
    threats = [(idx, [int(y * M) for y in ys]) for idx, ys in raw]
    ratio_cmp = cmp_to_key(lambda a, b: (a[0] * b[1] > b[0] * a[1]) - (a[0] * b[1] < b[0] * a[1]))

    def fill(ell: tuple[int, ...]) -> tuple[tuple[int, ...], int] | None:
        s = sum(ell)
        if s > R:
            return None
        if s == R:
            return ell, 1
        order = sorted(range(n), key=lambda j: ratio_cmp((ell[j], g[j])))
        fixed, W = s, 0
        for k in range(n):
            j = order[k]
            fixed -= ell[j]
            W += g[j]
            P = R - fixed
            if k + 1 == n or P * g[order[k + 1]] <= ell[order[k + 1]] * W:
                return tuple(max(ell[i] * W, g[i] * P) for i in range(n)), W
        raise AssertionError("unreachable")  # pragma: no cover

    big = G > EXACT_POWER_LIMIT

    def key_of(a: tuple[int, ...], Q: int) -> Fraction | NashValue:
        if big:
            if any(ai == 0 for ai in a):
                return Fraction(0)
            return NashValue([Fraction(ai, Q) for ai in a], g)
        num = 1
        for ai, gi in zip(a, g):
            if ai == 0:
                return Fraction(0)
            num *= ai if gi == 1 else ai**gi
        return Fraction(num, Q**G)

    heap: list = []
    seen: set[tuple[int, ...]] = set()
    counter = 0

    def push(ell: tuple[int, ...]) -> None:
        nonlocal counter
        if ell in seen:
            return
        seen.add(ell)
        f = fill(ell)
        if f is None:
            return
        counter += 1
        heapq.heappush(heap, (-key_of(*f), counter, ell, f))

    push(root)
    best: Fraction | None = None
    found: list[tuple[tuple[int, ...], int]] = []
    examined = 0
    with progress.task("convex pieces (branch and bound)") as bar:  # total unknown: MAX_NODES bounds it
        while heap:
            negk, _, ell, (a, Q) = heapq.heappop(heap)
            key = -negk
            if best is not None and key < best:
                break  # best-first: every remaining node is worse
            examined += 1
            bar.advance()
            if examined > MAX_NODES:
                raise SolverLimitError(f"branch and bound examined {MAX_NODES:,} pieces without finishing")
            blocker = None
            for idx, ys in threats:
                for i, y in zip(idx, ys):
                    if y * Q <= a[i]:
                        break
                else:
                    blocker = (idx, ys)
                    break
            if blocker is None:
                if best is None or key > best:
                    best, found = key, [(a, Q)]
                else:
                    found.append((a, Q))
                continue
            for i, y in zip(*blocker):
                if y > ell[i]:
                    push(ell[:i] + (y,) + ell[i + 1 :])
    sols = sorted({tuple(di + Fraction(ai, Q * M) for di, ai in zip(d, a)) for a, Q in found})
    value = nash_power(sols[0], d, exps) if sols else None
    return sols, value, examined


def unblocked_constraints(game: BargainingGame, xs: Sequence) -> list:
    """The Z3 constraint program of U(G) ∩ {x ≥ d} over Z3 reals ``xs``: F's constraints
    and, per threat (S, y), the disjunction OR_{i∈S} x_i ≥ y_i."""
    import z3

    cons = []
    if isinstance(game.feasible, TUSet):
        cons += [x >= 0 for x in xs]
        cons.append(z3.Sum(list(xs)) <= _q(game.feasible.worth))
    else:
        cons.append(z3.Or([z3.And([x == _q(p_i) for x, p_i in zip(xs, p)]) for p in game.feasible.points]))
    cons += [x >= _q(di) for x, di in zip(xs, game.disagreement)]
    for t in game.threats:
        cons.append(z3.Or([xs[i] >= _q(y) for i, y in zip(members(t.coalition), t.point)]))
    return cons


def _q(q: Fraction):
    import z3

    return z3.RealVal(f"{q.numerator}/{q.denominator}")


def _from_z3(v) -> Fraction:
    return Fraction(v.numerator_as_long(), v.denominator_as_long())


def enumerate_pieces(game: BargainingGame, limit: int = 100_000) -> list[Point]:
    """The lower-bound vectors L of convex pieces {x ∈ F : x ≥ L} covering U(G) ∩ {x ≥ d},
    found with Z3: each model's defended levels give a piece, then the piece is excluded."""
    import z3

    n = game.n
    xs = [z3.Real(f"x_{i}") for i in range(n)]
    s = z3.Solver()
    s.add(unblocked_constraints(game, xs))
    base = tuple(max(Fraction(0), di) for di in game.disagreement)
    pieces: list[Point] = []
    while s.check() == z3.sat:
        m = s.model()
        x = [_from_z3(m.eval(xi, model_completion=True)) for xi in xs]
        L = list(base)
        for t in game.threats:
            for i, y in zip(members(t.coalition), t.point):
                if x[i] >= y and y > L[i]:
                    L[i] = y
        pieces.append(tuple(L))
        s.add(z3.Or([xs[i] < _q(L[i]) for i in range(n)]))
        if len(pieces) > limit:
            raise SolverLimitError(f"more than {limit:,} convex pieces; use the branch-and-bound method")
    return pieces


def unblocked_set(game: BargainingGame) -> list[Point]:
    """U(G) ∩ {x ≥ d} (§2): for a finite F the unblocked points themselves; for a TU F the
    corners L of convex pieces {x ∈ F : x ≥ L} whose union it is (found with Z3)."""
    if isinstance(game.feasible, FiniteSet):
        d = game.disagreement
        return [x for x in game.feasible.points
                if game.is_blocked(x) is None and all(a >= b for a, b in zip(x, d))]
    return enumerate_pieces(game)


def _tu_z3(game: BargainingGame, exps) -> tuple[list[Point], Fraction | None, int]:
    pieces = enumerate_pieces(game)
    pts = [x for x in (_node_point(L, game) for L in pieces) if x is not None]
    sols, best = _argmax(sorted(set(pts)), game.disagreement, exps)
    return sols, best, len(pieces)


__all__ = [
    "coalitional_nash_solution", "NashResult", "BindingThreat", "waterfill", "nash_power",
    "common_exponents", "unblocked_constraints", "enumerate_pieces", "unblocked_set", "METHODS",
]
