"""Ray & Vohra (2025) reproduced: Example 1 (with the alternative solution φ of
eqs. (5)–(6) and how [Exp] rules it out), Examples 5 and 6 (with the core and the
Compte–Jehiel point beside the coalitional Nash and constrained egalitarian solutions)
and the roommate game of footnote 28.

Computing only — the CLI prints :func:`reproduce`'s rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..model.bargaining import BargainingGame, CoalitionalGame, FiniteSet, Point
from ..model.coalition import members
from ..model.tu import TUGame
from ..results import APPROXIMATE, CERTIFIED, EXACT, jsonable
from ..concepts.bargaining.egalitarian import constrained_egalitarian
from ..concepts.bargaining.nash import coalitional_nash_solution
from ..concepts.bargaining.nash_tu import recursive_nash

F = Fraction


# ------------------------------------------------------------------ φ of §2.5
@dataclass
class PhiResult:
    """The alternative solution φ(G) of §2.5 (satisfies every axiom but [Exp])."""

    a: Point
    beta: Fraction
    center: Point
    solutions: list[Point]
    products: dict[Point, Fraction]

    def to_dict(self) -> dict:
        return jsonable({"a": self.a, "beta": self.beta, "center": self.center, "solutions": self.solutions,
                         "products": [{"point": list(p), "product": v} for p, v in self.products.items()]})


def _pareto(points: list[Point]) -> list[Point]:
    return [p for p in points if not any(q != p and all(a >= b for a, b in zip(q, p)) for q in points)]


def phi_solution(game: BargainingGame) -> PhiResult:
    """φ(G) = argmax Π_j [x_j − β a_j − (1−β) d_j] over x ∈ U(G), x ≥ βa + (1−β)d (§2.5),
    with m_i(S) the mean of i's worst and best payoff on the Pareto frontier of Θ(S)
    (Θ(S) = {d_S} for ineffective S), a_i the average of m_i(S) over the 2^{n−1} − 1
    sub-coalitions S ∋ i, and β the largest number in [0, 1] for which some unblocked x
    has x ≥ βa + (1−β)d. Finite F only."""
    if not isinstance(game.feasible, FiniteSet):
        raise ValueError("φ is computed for finite feasible sets")
    n, d = game.n, game.disagreement
    ths = game.threat_sets()
    total = [F(0)] * n
    for S in range(1, game.grand):
        front = _pareto(ths.get(S, [tuple(d[i] for i in members(S))]))
        for k, i in enumerate(members(S)):
            total[i] += (min(p[k] for p in front) + max(p[k] for p in front)) / 2
    a = tuple(t / (2 ** (n - 1) - 1) for t in total)
    U = [x for x in game.feasible.points if game.is_blocked(x) is None]
    beta = None
    for x in U:
        lo, hi = F(0), F(1)
        for xi, ai, di in zip(x, a, d):
            gap, room = ai - di, xi - di
            if gap > 0:
                hi = min(hi, room / gap)
            elif gap < 0:
                lo = max(lo, room / gap)
            elif room < 0:
                hi = F(-1)
        if lo <= hi and (beta is None or hi > beta):
            beta = hi
    if beta is None:
        return PhiResult(a, F(-1), (), [], {})
    c = tuple(beta * ai + (1 - beta) * di for ai, di in zip(a, d))
    prods: dict[Point, Fraction] = {}
    for x in U:
        if all(xi >= ci for xi, ci in zip(x, c)):
            p = F(1)
            for xi, ci in zip(x, c):
                p *= xi - ci
            prods[x] = p
    best = max(prods.values())
    return PhiResult(a, beta, c, sorted(x for x, p in prods.items() if p == best), prods)


def expand(game: BargainingGame, lam: Point) -> BargainingGame:
    """G' = ({λ∘x : x ∈ F}, Θ, d): the expansion of [Exp] (threats unchanged)."""
    pts = tuple(tuple(li * xi for li, xi in zip(lam, x)) for x in game.feasible.points)
    return game.with_feasible(FiniteSet(pts))


def exp_rules_out_phi_z3() -> bool:
    """Eq. (6) for *every* strict expansion: with δ = λ − 1 ≫ 0, Z3 (nonlinear real
    arithmetic) proves f(λ∘z) > f(λ∘y) for f(x) = (x1 − 1)(x2 − 1)x3 — the negation is
    unsat. Returns True when the proof goes through."""
    import z3

    d1, d2, d3 = z3.Reals("d1 d2 d3")
    fy = (2 + 3 * d1) * (2 + 3 * d2) * (1 + d3)
    fz = (1 + 2 * d1) * (1 + 2 * d2) * (4 * (1 + d3))
    s = z3.Solver()
    s.add(d1 > 0, d2 > 0, d3 > 0, fz <= fy)
    return s.check() == z3.unsat


# ------------------------------------------------------------------ Compte–Jehiel
@dataclass
class CorePicture:
    nonempty: bool
    point: list[Fraction] | None
    constraints: list[str]
    compte_jehiel: Point | None
    cj_guarantee: str
    balanced: list[tuple[str, Fraction]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return jsonable(self.__dict__)


def compte_jehiel_point(game: TUGame) -> tuple[Point | None, str]:
    """argmax Π x_i over the core (Compte & Jehiel 2010; d = 0): SLSQP in floats, snapped
    to a rational and *certified* by the KKT conditions (concave objective, linear
    constraints: 1/x_i = μ − Σ_{S ∋ i, x(S) = v(S)} λ_S with λ ≥ 0, found exactly by Z3).
    Returns (point, guarantee); the float point with "approximate" if the check fails."""
    import numpy as np
    import z3
    from scipy.optimize import minimize

    n, N = game.n, game.grand
    vs = [float(q) for q in game.values]
    cons = [{"type": "eq", "fun": lambda x: sum(x) - vs[N]}]
    for S in range(1, N):
        idx = members(S)
        cons.append({"type": "ineq", "fun": lambda x, idx=idx, S=S: sum(x[i] for i in idx) - vs[S]})
    x0 = np.full(n, max(vs[N], 1e-6) / n)
    res = minimize(lambda x: -sum(np.log(np.maximum(x, 1e-12))), x0, constraints=cons,
                   bounds=[(1e-9, None)] * n, method="SLSQP", options={"ftol": 1e-14, "maxiter": 500})
    if not res.success:
        return None, APPROXIMATE
    xf = [Fraction(float(v)).limit_denominator(10_000) for v in res.x]
    xf[-1] = game.values[N] - sum(xf[:-1], Fraction(0))
    x = tuple(xf)
    ok = all(q > 0 for q in x) and all(sum((x[i] for i in members(S)), Fraction(0)) >= game.values[S]
                                       for S in range(1, N))
    if ok:
        active = [S for S in range(1, N) if sum((x[i] for i in members(S)), Fraction(0)) == game.values[S]]
        mu = z3.Real("mu")
        lam = {S: z3.Real(f"l{S}") for S in active}
        s = z3.Solver()
        for S in active:
            s.add(lam[S] >= 0)
        for i in range(n):
            rhs = mu - z3.Sum([lam[S] for S in active if S >> i & 1] or [z3.RealVal(0)])
            s.add(rhs == z3.RealVal(f"{(1 / x[i]).numerator}/{(1 / x[i]).denominator}"))
        ok = s.check() == z3.sat
    if ok:
        return x, CERTIFIED
    return tuple(Fraction(float(v)) for v in res.x), APPROXIMATE


def core_picture(game: TUGame) -> CorePicture:
    """Core (non-emptiness, a point, the constraints x(S) ≥ v(S) with v(S) > 0) and the
    Compte–Jehiel point, via :func:`declcoal.concepts.tu.core.core`."""
    from ..concepts.tu.core import core

    c = core(game)
    cons = [f"x({game.label(S)}) >= {game.values[S]}" for S in range(1, game.grand) if game.values[S] > 0]
    cj, g = compte_jehiel_point(game) if c.nonempty else (None, EXACT)
    return CorePicture(c.nonempty, c.point, cons, cj, g, list(c.balanced))


# ------------------------------------------------------------------ the reproduction
@dataclass
class Check:
    item: str
    paper: str
    ours: str
    ok: bool

    def to_dict(self) -> dict:
        return self.__dict__.copy()


def _pts(points) -> str:
    from ..model.numbers import exact_text

    return "{" + ", ".join("(" + ", ".join(exact_text(q) for q in p) + ")" for p in points) + "}" if points else "∅"


def _example(name: str) -> object:
    from ..io import load_game

    return load_game(Path(__file__).resolve().parents[2] / "examples" / "ray-vohra" / f"{name}.toml")


def example1_game() -> BargainingGame:
    return BargainingGame.build(["P1", "P2", "P3"], [[3, 3, 1], [2, 2, 4]], {"P1 P2": [[6, 0], [0, 6]]},
                                name="example-1")


def example5_game() -> TUGame:
    return TUGame.from_dict(["P1", "P2", "P3"], {"P1 P2": "0.8", "P1 P3": "0.8", "P2 P3": "0.8", "P1 P2 P3": 1},
                            name="example-5", default=0)


def example6_game() -> TUGame:
    return TUGame.from_dict(["P1", "P2", "P3"], {"P1 P2": "0.8", "P1 P2 P3": 1}, name="example-6", default=0)


def roommate_game() -> CoalitionalGame:
    return CoalitionalGame.build(["P1", "P2", "P3"], {
        "P1": [[0]], "P2": [[0]], "P3": [[0]], "P1 P2": [[3, 2]], "P2 P3": [[3, 2]], "P1 P3": [[2, 3]],
        "P1 P2 P3": [[3, 2, 1], [1, 3, 2], [2, 1, 3]]}, name="roommate")


#: strict expansions tried in the [Exp] demonstration (besides the Z3 proof for all λ ≫ 1)
EXPANSIONS = [(F(1001, 1000),) * 3, (F(11, 10), F(2), F(3, 2)), (F(2), F(1001, 1000), F(5)), (F(10),) * 3]


def reproduce() -> list[Check]:
    """Every claim of the examples, ours beside the paper's."""
    out: list[Check] = []
    # Example 1
    g1 = example1_game()
    s1 = coalitional_nash_solution(g1)
    out.append(Check("Ex. 1: y=(3,3,1), z=(2,2,4) both unblocked", "U(G) = {y, z}",
                     _pts([x for x in g1.feasible.points if g1.is_blocked(x) is None]), not s1.blocked))
    out.append(Check("Ex. 1: σ(G) (products 9 vs 16)", "{(2,2,4)}", _pts(s1.solutions), s1.solutions == [(2, 2, 4)]))
    phi = phi_solution(g1)
    out.append(Check("Ex. 1: a and β of φ", "a = (1,1,0), β = 1", f"a = {_pts([phi.a])[1:-1]}, β = {phi.beta}",
                     phi.a == (1, 1, 0) and phi.beta == 1))
    out.append(Check("Ex. 1, eq. (5): φ(G), (x1−1)(x2−1)x3 = 4 at both", "{y, z}", _pts(phi.solutions),
                     phi.solutions == [(2, 2, 4), (3, 3, 1)] and set(phi.products.values()) == {4}))
    ok6, shown = True, []
    for lam in EXPANSIONS:
        gl = expand(g1, lam)
        p = phi_solution(gl).solutions
        s = coalitional_nash_solution(gl).solutions
        lz = tuple(li * zi for li, zi in zip(lam, (2, 2, 4)))
        ok6 &= p == [lz] and s == [lz]
        shown.append(_pts([lam])[1:-1])
    out.append(Check("Ex. 1, eq. (6): φ(G') = {λ∘z} (λ∘y dropped) and σ(G') = {λ∘z}",
                     "for every λ ≫ 1", "λ = " + ", ".join(shown), ok6))
    proof = exp_rules_out_phi_z3()
    out.append(Check("Ex. 1: f(λ∘z) > f(λ∘y) for all δ = λ − 1 ≫ 0 (Z3, nonlinear reals)",
                     "(4+8δ1+8δ2+16δ1δ2)(1+δ3) > (4+6δ1+6δ2+9δ1δ2)(1+δ3)",
                     "proved (negation unsat)" if proof else "not proved", proof))
    # Example 5
    g5 = example5_game()
    r5 = recursive_nash(g5)
    perms = sorted({(F(2, 5), F(2, 5), F(1, 5)), (F(2, 5), F(1, 5), F(2, 5)), (F(1, 5), F(2, 5), F(2, 5))})
    out.append(Check("Ex. 5: σ*(ij) = equal division", "(0.4, 0.4)",
                     _pts(sorted({p for c in r5.coalitions if c.coalition.bit_count() == 2 for p in c.points})),
                     all(c.points == [(F(2, 5), F(2, 5))] for c in r5.coalitions if c.coalition.bit_count() == 2)))
    out.append(Check("Ex. 5: σ(N)", "(0.4, 0.4, 0.2) and permutations", _pts(r5.solutions), r5.solutions == perms))
    c5 = core_picture(g5)
    cert = ", ".join(f"{{{c}}}·{w}" for c, w in c5.balanced)
    worth = sum((w * g5.v(c) for c, w in c5.balanced), F(0))
    out.append(Check("Ex. 5: core (Bondareva–Shapley)", "empty",
                     f"empty: balanced {cert} earns {worth} > v(N) = {g5.v(g5.grand)}" if not c5.nonempty
                     else f"contains {c5.point}", not c5.nonempty and worth > g5.v(g5.grand)))
    # Example 6
    g6 = example6_game()
    r6 = recursive_nash(g6)
    e6 = constrained_egalitarian(g6, check_theorem4=True)
    want = [(F(3, 10), F(2, 5), F(3, 10)), (F(2, 5), F(3, 10), F(3, 10))]
    out.append(Check("Ex. 6: σ(N)", "{(0.4,0.3,0.3), (0.3,0.4,0.3)}", _pts(r6.solutions), r6.solutions == want))
    out.append(Check("Ex. 6: constrained egalitarian E(N)", "{(0.4,0.3,0.3), (0.3,0.4,0.3)}", _pts(e6.solutions),
                     e6.solutions == want))
    c6 = core_picture(g6)
    out.append(Check("Ex. 6: core", "{x ≥ 0 : x1 + x2 ≥ 0.8, Σx = 1}",
                     ("nonempty; " + "; ".join(c6.constraints)) if c6.nonempty else "empty",
                     c6.nonempty and c6.constraints == ["x(P1 P2) >= 4/5"]))
    out.append(Check("Ex. 6: Compte–Jehiel point (Nash product over the core)", "(0.4, 0.4, 0.2)",
                     f"{_pts([c6.compte_jehiel])} ({c6.cj_guarantee} by KKT)" if c6.compte_jehiel else "none",
                     c6.compte_jehiel == (F(2, 5), F(2, 5), F(1, 5)) and c6.cj_guarantee == CERTIFIED))
    # footnote 28
    rm = recursive_nash(roommate_game())
    pairs_ok = all(c.effective for c in rm.coalitions if c.coalition.bit_count() == 2)
    out.append(Check("fn. 28 roommate: pairs viable, grand coalition not", "every {jk,l} viable; N not viable",
                     f"pairs effective: {'yes' if pairs_ok else 'no'}; σ*(N) = {_pts(rm.solutions)}; "
                     f"blocked: {', '.join(_pts([p]) + ' by {' + c + '}' for p, c, _ in rm.grand.blocked)}",
                     pairs_ok and not rm.solutions and len(rm.grand.blocked) == 3))
    # §4: Examples 2-4 (Nash-in-Nash viable structures)
    from .ray_vohra_viable import reproduce_viable

    out.extend(reproduce_viable())
    return out


__all__ = ["phi_solution", "expand", "exp_rules_out_phi_z3", "compte_jehiel_point", "core_picture", "reproduce",
           "Check", "PhiResult", "example1_game", "example5_game", "example6_game", "roommate_game"]
