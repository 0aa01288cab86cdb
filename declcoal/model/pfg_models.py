"""The partition-function models of Ray & Vohra (2025), §4, as :class:`PartitionGame` s.

* :func:`cournot` — Example 4, cartels in a Cournot oligopoly (eq. (27)), exact;
* :func:`environment` — Example 2, the environmental / public-goods problem (eq. (10));
  worths involve √|S|, rounded to ``digits`` decimals (tagged ``approximate``);
* :func:`rnd` — Example 3, the R&D race (eqs. (13)–(20)); the coalitional equilibrium of
  each structure is solved numerically from its first-order conditions and verified
  (tagged ``approximate``).

Each model builds v(S, π) for every coalition structure π from the coalitional Nash
equilibrium of π (§3.3): every coalition acts as one player maximising its members'
aggregate payoff against the other coalitions.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction

from ..errors import GameError
from ..results import APPROXIMATE, EXACT
from .coalition import members
from .numbers import to_fraction
from .partition import PartitionGame, Structure, check_size


def _names(n: int, names: Sequence[str] | None) -> list[str]:
    if names is not None:
        if len(names) != n:
            raise GameError(f"expected {n} player names, got {len(names)}")
        return list(names)
    return [str(i + 1) for i in range(n)]


# ------------------------------------------------------------------ Example 4: Cournot
def cournot_quantities(A: Fraction, costs: Sequence[Fraction]) -> tuple[Fraction, list[Fraction]]:
    """The Cournot equilibrium of firms with unit costs ``costs`` facing p = A − x:
    (price, quantities). Firms priced out of the market produce 0.

    With linear demand each active firm produces q_i = p − c_i and the price is
    p = (A + Σ_{active} c_i) / (k + 1) for k active firms (eq. (24) with C summed over
    active firms). The active firms are the k cheapest for the largest k with
    c_(k) < p_k: every active firm then has q > 0, and every inactive firm has
    c ≥ p_k, so producing would not pay — the equilibrium is verified, and unique.
    """
    order = sorted(range(len(costs)), key=lambda i: (costs[i], i))
    price = A
    active = 0
    total = Fraction(0)
    for k in range(1, len(order) + 1):
        total += costs[order[k - 1]]
        p = (A + total) / (k + 1)
        if costs[order[k - 1]] < p:
            price, active = p, k
    q = [Fraction(0)] * len(costs)
    for i in order[:active]:
        q[i] = price - costs[i]
    return price, q


def cournot(A: object, costs: Sequence[object], *, names: Sequence[str] | None = None,
            weights: Sequence[object] | None = None) -> PartitionGame:
    """Example 4: n firms, inverse demand p = A − x, unit costs c_i. In a structure π each
    coalition S produces as one firm with its lowest cost c(S) = min_{i∈S} c_i (its other
    members are paid to stay out), so v(S, π) = (p − c(S))² is S's Cournot profit among
    |π| firms — eq. (27), v(S, π) = [(A + C(π))/(|π| + 1) − c(S)]², whenever every
    coalition produces (condition (25)); coalitions priced out earn 0. Exact rationals."""
    A = to_fraction(A, "A")
    cs = [to_fraction(c, "cost") for c in costs]
    n = len(cs)
    if n < 1:
        raise GameError("cournot needs at least one firm")
    check_size(n)
    if A <= 0:
        raise GameError(f"the demand intercept A must be positive, got {A}")
    for c in cs:
        if c < 0:
            raise GameError(f"unit costs must be >= 0, got {c}")
    P = _names(n, names)

    def eq(pi: Structure) -> list[list[Fraction]]:
        cS = [min(cs[i] for i in members(S)) for S in pi]
        p, q = cournot_quantities(A, cS)
        return [[qi * qi for qi in q]]

    from .numbers import fraction_text

    desc = f"Cournot cartels, p = {fraction_text(A)} - x, costs ({', '.join(fraction_text(c) for c in cs)})"
    notes = []
    C = sum(cs, Fraction(0))
    if not A + C > (n + 1) * max(cs):
        notes.append(f"condition (25) fails (A + C = {fraction_text(A + C)} <= (n+1) max c = "
                     f"{fraction_text((n + 1) * max(cs))}): some firms are priced out in some structures and earn 0")
    g = PartitionGame.from_structure_function(P, eq, weights=weights, name=f"cournot(A={fraction_text(A)}, "
                                              f"c={','.join(fraction_text(c) for c in cs)})", guarantee=EXACT,
                                              notes=notes)
    g.meta["description"] = desc
    g.meta["model"] = {"model": "cournot", "A": A, "costs": cs}
    return g


# ------------------------------------------------------------------ Example 2: environment
def _sqrt_frac(s: int, digits: int) -> Fraction:
    """√s rounded to ``digits`` decimals (exact when s is a perfect square)."""
    from math import isqrt

    r = isqrt(s)
    if r * r == s:
        return Fraction(r)
    scale = 10**digits
    return Fraction(isqrt(s * scale * scale * 4) + 1, 2 * scale)  # within 1/(2·scale)


def environment(a: Sequence[object], *, digits: int = 40, names: Sequence[str] | None = None,
                weights: Sequence[object] | None = None) -> PartitionGame:
    """Example 2 (eq. (10)): country i abates z_i at cost z_i³/(3a_i²), and everyone
    enjoys Σ z. A coalition B of size s maximises s·Σz − Σ_{i∈B} z_i³/(3a_i²), so each
    member abates z_i = √s·a_i; with Z = Σ_{B'∈π} √|B'| Σ_{j∈B'} a_j,

        v(B, π) = s·Z − (s√s/3) Σ_{i∈B} a_i

    (v({i}, π^s) = Σa − a_i/3, v(23, π^{23}) = 2a_1 + (√32/3)(a_2 + a_3) and
    v(N) = 2√3 Σa as in the text). √s is rounded to ``digits`` decimals, so the worths
    are rational approximations (guarantee ``approximate``) unless every block size is a
    perfect square."""
    av = [to_fraction(x, "a") for x in a]
    n = len(av)
    if n < 1:
        raise GameError("environment needs at least one country")
    check_size(n)
    for x in av:
        if x <= 0:
            raise GameError(f"every a_i must be positive, got {x}")
    _check_digits(digits)
    P = _names(n, names)
    roots = {s: _sqrt_frac(s, digits) for s in range(1, n + 1)}
    inexact = any(r * r != s for s, r in roots.items() if s > 1)

    def eq(pi: Structure) -> list[list[Fraction]]:
        Z = sum((roots[S.bit_count()] * sum((av[i] for i in members(S)), Fraction(0)) for S in pi), Fraction(0))
        out = []
        for S in pi:
            s = S.bit_count()
            out.append(s * Z - s * roots[s] / 3 * sum((av[i] for i in members(S)), Fraction(0)))
        return [out]

    from .numbers import fraction_text

    notes = [f"worths use √s rounded to {digits} decimals (error < 1e-{digits - 2} per worth)"] if inexact else []
    g = PartitionGame.from_structure_function(
        P, eq, weights=weights, name=f"environment(a={','.join(fraction_text(x) for x in av)})",
        guarantee=APPROXIMATE if inexact else EXACT, notes=notes)
    g.meta["model"] = {"model": "environment", "a": av, "digits": digits}
    return g


# ------------------------------------------------------------------ Example 3: R&D race
def _rnd_lambda(u: Decimal, k: Decimal) -> Decimal:
    """A coalition's best-response arrival rate when r + Λ = u: from (16),
    r + λ_{−S} = λ_S (r + Λ)² / s^α, i.e. λ_S = u / (1 + u²/s^α)."""
    return u / (1 + u * u / k)


def rnd_equilibria(r: Decimal, ks: Sequence[Decimal], prec: int = 60) -> list[tuple[Decimal, list[Decimal]]]:
    """All solutions Λ of the fixed point Λ = Σ_S λ_S(r + Λ) (ks = s^α per coalition),
    found by scanning for sign changes and bisecting each, with the coalitions' rates."""
    with localcontext() as ctx:
        ctx.prec = prec + 20

        def g(L: Decimal) -> Decimal:
            return sum((_rnd_lambda(r + L, k) for k in ks), Decimal(0)) - L

        hi = (sum(ks, Decimal(0))).sqrt() + 1
        grid = 400
        pts = [hi * i / grid for i in range(grid + 1)]
        roots = []
        prev = g(pts[0])
        for a, b in zip(pts, pts[1:]):
            gb = g(b)
            if prev == 0:
                roots.append(a)
            elif (prev > 0) != (gb > 0) and gb != 0:
                lo, up = a, b
                glo = prev
                for _ in range(int(prec * 3.4) + 10):
                    mid = (lo + up) / 2
                    gm = g(mid)
                    if (gm > 0) == (glo > 0):
                        lo, glo = mid, gm
                    else:
                        up = mid
                roots.append((lo + up) / 2)
            prev = gb
        return [(L, [_rnd_lambda(r + L, k) for k in ks]) for L in roots]


def rnd(r: object, alpha: object, n: int = 3, *, digits: int = 40, names: Sequence[str] | None = None,
        weights: Sequence[object] | None = None) -> PartitionGame:
    """Example 3: symmetric firms race for a prize of value 1; coalition S of size s with
    arrival rate λ_S pays (1/(2s^α)) λ_S² and earns

        Σ_S = λ_S / (r + λ_S + λ_{−S}) − λ_S² / (2 s^α)          (eq. (15))

    In each structure the coalitions' first-order conditions (16) (equivalently (17) for
    N and (19) for {jk, ℓ}) are solved numerically in 60-digit decimal arithmetic: with
    u = r + Λ each coalition's best response is λ_S = u/(1 + u²/s^α), so an equilibrium is
    a root of Λ = Σ_S λ_S; every root is found (a structure with several gets several
    equilibria) and verified by the residual of (16) for every coalition, which is
    recorded. Σ_S is strictly concave in λ_S, so the first-order conditions are
    sufficient. Worths are rounded to ``digits`` decimals: guarantee ``approximate``."""
    rq = to_fraction(r, "r")
    aq = to_fraction(alpha, "alpha")
    if rq <= 0:
        raise GameError(f"the discount rate r must be positive, got {rq}")
    if aq < 1:
        raise GameError(f"the synergy parameter alpha must be >= 1 (eq. (14)), got {aq}")
    if not isinstance(n, int) or n < 1:
        raise GameError(f"n must be a positive integer, got {n!r}")
    _check_digits(digits)
    check_size(n)
    P = _names(n, names)
    worst = [Decimal(0)]
    prec = max(digits + 20, 60)

    with localcontext() as ctx:
        ctx.prec = prec + 20
        rd = Decimal(rq.numerator) / Decimal(rq.denominator)
        ad = Decimal(aq.numerator) / Decimal(aq.denominator)
        kpow = {s: Decimal(s) ** ad for s in range(1, n + 1)}

    by_shape: dict[tuple[int, ...], list] = {}  # firms are symmetric: equilibria depend on block sizes only

    def solve_shape(sizes: tuple[int, ...]) -> list:
        if sizes not in by_shape:
            with localcontext() as ctx:
                ctx.prec = prec + 20
                by_shape[sizes] = rnd_equilibria(rd, [kpow[s] for s in sizes], prec)
            if not by_shape[sizes]:  # g(0) > 0 > g(hi): a root exists, so the scan missed a tangency
                from ..errors import SolverLimitError

                raise SolverLimitError(f"R&D race: no equilibrium found for coalition sizes {sizes} "
                                       f"(r = {rq}, alpha = {aq}); the sign-change scan failed")
        return by_shape[sizes]

    def eq(pi: Structure) -> list[list[Fraction]]:
        sizes = tuple(sorted(S.bit_count() for S in pi))
        sols = [(L, [lams[sizes.index(S.bit_count())] for S in pi]) for L, lams in solve_shape(sizes)]
        with localcontext() as ctx:
            ctx.prec = prec + 20
            ks = [kpow[S.bit_count()] for S in pi]
            out = []
            for L, lams in sols:
                u = rd + sum(lams, Decimal(0))
                row = []
                for lam, k in zip(lams, ks):
                    res = abs(1 / u - lam / (u * u) - lam / k)  # eq. (16)
                    worst[0] = max(worst[0], res)
                    val = lam / u - lam * lam / (2 * k)
                    row.append(_dec_to_frac(val, digits))
                out.append(row)
            return out

    from .numbers import fraction_text

    g = PartitionGame.from_structure_function(
        P, eq, weights=weights, name=f"rnd(r={fraction_text(rq)}, alpha={fraction_text(aq)}, n={n})",
        guarantee=APPROXIMATE)
    note = (f"coalitional equilibria solved numerically from (16) in {prec}-digit arithmetic; largest residual "
            f"{float(worst[0]):.1e}; worths rounded to {digits} decimals")
    object.__setattr__(g, "notes", (note,))
    g.meta["model"] = {"model": "rnd", "r": rq, "alpha": aq, "n": n, "max_residual": float(worst[0])}
    return g


def _check_digits(digits: object) -> None:
    if not isinstance(digits, int) or isinstance(digits, bool) or not 6 <= digits <= 200:
        raise GameError(f"digits must be an integer from 6 to 200, got {digits!r}")


def _dec_to_frac(x: Decimal, digits: int) -> Fraction:
    scale = 10**digits
    v = Fraction(x)
    q = round(v * scale)
    return Fraction(max(q, 0), scale)


MODELS = {"cournot": cournot, "environment": environment, "rnd": rnd}

__all__ = ["cournot", "cournot_quantities", "environment", "rnd", "rnd_equilibria", "MODELS"]
