"""Ray & Vohra (2025), §4: Examples 2 (environment), 3 (R&D race) and 4 (Cournot cartels)
recomputed with the Nash-in-Nash recursion, each claim of the text beside our number.

Computing only; :func:`declcoal.reproduce.ray_vohra.reproduce` appends these checks, so
``declcoal reproduce ray-vohra`` prints them with Examples 1, 5 and 6. The evidence for
every '≠' is in ``docs/viable-structures.md`` ("The paper checked").
"""
from __future__ import annotations

import math
from fractions import Fraction as F

from ..concepts.bargaining.nash import coalitional_nash_solution
from ..concepts.bargaining.viable import viable_structures
from ..model.bargaining import BargainingGame
from ..model.numbers import exact_text
from ..model.pfg_models import cournot, environment, rnd
from .ray_vohra import Check

#: rows where the paper's text and the computation differ, with the evidence in the row
#: and in docs/viable-structures.md ("The paper checked")
COUNTERFACTUAL = "Ex. 4 (A=10): without viable intermediates (threats = Cournot payoffs) σ^sym(N) would be"
KNOWN_DIFFERENCES = (COUNTERFACTUAL,)

N3 = 0b111
S1, S2, S3 = 0b001, 0b010, 0b100
S12, S13, S23 = 0b011, 0b101, 0b110
PI_S = (S1, S2, S3)
PI_23, PI_13, PI_12 = (S1, S23), (S13, S2), (S12, S3)


def _q(x: F) -> str:
    return exact_text(x) if x.denominator == 1 else f"{exact_text(x)} ≈ {float(x):.4g}"


def _v(p) -> str:
    return "(" + ", ".join(_q(q) for q in p) + ")"


def _f(p, k: int = 4) -> str:
    return "(" + ", ".join(f"{float(q):.{k}f}" for q in p) + ")"


def _round2(x: F, paper: float) -> bool:
    return abs(float(x) - paper) < 0.006


# ------------------------------------------------------------------ Example 4
def example4() -> list[Check]:
    out: list[Check] = []
    # symmetric costs
    ok = True
    shown = []
    for A, c, w in [(10, 1, None), (7, 2, None), (10, 1, [1, 2, 3]), (100, 3, [1, 5, 2])]:
        g = cournot(A, [c] * 3, weights=w)
        r = viable_structures(g)
        ok &= r.viable((N3,)) and not any(r.viable(p) for p in (PI_23, PI_13, PI_12))
        ok &= g.worth(S23, PI_23) == F((A - c) ** 2, 9) and g.worth(N3, (N3,)) == F((A - c) ** 2, 4)
        shown.append(f"A={A}, c={c}" + (f", γ={tuple(w)}" if w else ""))
    out.append(Check("Ex. 4, eqs. (28)-(30), equal costs: intermediate structures not viable, N viable, for any weights",
                     "(A−c)²/9 < 2(A−c)²/16; (A−c)²/4 > 3(A−c)²/16", "holds for " + "; ".join(shown), ok))
    g = cournot(10, [2, 3, 4])
    r = viable_structures(g)
    vs = [g.worth(S, PI_S) for S in PI_S]
    out.append(Check("Ex. 4 (A=10, c=2,3,4), eq. (28): v(i, π^s)", "7.56, 3.06, 0.56", ", ".join(_q(x) for x in vs),
                     all(_round2(x, p) for x, p in zip(vs, (7.56, 3.06, 0.56)))))
    w29 = [g.worth(S1, PI_23), g.worth(S23, PI_23), g.worth(S2, PI_13), g.worth(S13, PI_13), g.worth(S3, PI_12),
           g.worth(S12, PI_12)]
    out.append(Check("Ex. 4 (A=10), eq. (29): v(1,π²³), v(23,π²³), v(2,π¹³), v(13,π¹³), v(3,π¹²), v(12,π¹²)",
                     "9, 4, 4, 9, 1.78, 11.11", ", ".join(_q(x) for x in w29),
                     all(_round2(x, p) for x, p in zip(w29, (9, 4, 4, 9, 1.78, 11.11)))))
    out.append(Check("Ex. 4 (A=10), eq. (30): v(N, π^g)", "16", _q(g.worth(N3, (N3,))), g.worth(N3, (N3,)) == 16))
    inter = all(r.viable(p) for p in (PI_23, PI_13, PI_12))
    out.append(Check("Ex. 4 (A=10): every intermediate structure viable", "all three viable",
                     "viable: " + ", ".join(g.label(p) for p in (PI_23, PI_13, PI_12) if r.viable(p)), inter))
    th = [r.threat(S1, (N3,)), r.threat(S2, (N3,)), r.threat(S3, (N3,))]
    out.append(Check("Ex. 4 (A=10): singleton threats Θ*(1), Θ*(2), Θ*(3) to π^g", "{9}, {4}, {1.78}",
                     ", ".join("{" + _q(t[0][0]) + "}" for t in th),
                     [t[0][0] for t in th] == [9, 4, F(16, 9)]))
    d23, d13, d12 = r.threat(S23, (N3,))[0], r.threat(S13, (N3,))[0], r.threat(S12, (N3,))[0]
    ok = (d23[0] >= F(49, 16) and d23[1] >= F(9, 16) and sum(d23) == 4 and sum(d13) == 9 and d13[0] >= F(121, 16)
          and sum(d12) == F(100, 9) and d12[0] >= F(121, 16) and d12[1] >= F(49, 16))
    out.append(Check("Ex. 4 (A=10): doubleton threats (equal weights), e.g. x²³ ≥ (3.06, 0.56)",
                     "x₂²³+x₃²³ = 4.56 (sic), x₁¹³+x₃¹³ = 9, x₁¹²+x₂¹² = 11.11",
                     f"Θ*(23) = {_v(d23)} (sum 4), Θ*(13) = {_v(d13)}, Θ*(12) = {_v(d12)}", ok))
    ok_w = True
    for w in ([1, 1, 1], [1, 2, 3], [5, 1, 1], [1, 1, 9], [F(1, 3), 4, 2]):
        rw = viable_structures(cournot(10, [2, 3, 4], weights=w))
        ok_w &= rw.coarsest == [(N3,)] and all(x[0] >= 9 and x[1] >= 4 and x[2] >= F(16, 9) and sum(x) == 16
                                               for x in rw.payoffs((N3,)))
    out.append(Check("Ex. 4 (A=10): U(N) = {x1 ≥ 9, x2 ≥ 4, x3 ≥ 1.78}; N the unique coarsest viable structure, "
                     "for every weight vector tried", "regardless of the bargaining weights",
                     f"{len(r.viable_structures)} of 5 structures viable; coarsest: "
                     f"{', '.join(g.label(p) for p in r.coarsest)}; γ ∈ {{(1,1,1), (1,2,3), (5,1,1), (1,1,9), (1/3,4,2)}}",
                     ok_w))
    sol = r.payoffs((N3,))
    out.append(Check("Ex. 4 (A=10): σ^sym(N)", "(9, 4, 3)", ", ".join(_v(x) for x in sol), sol == [(9, 4, 3)]))
    cf = coalitional_nash_solution(BargainingGame.build(["F1", "F2", "F3"], 16, {"F1": [[F(121, 16)]], "F2": [[F(49, 16)]],
                                                                             "F3": [[F(9, 16)]]})).solutions
    out.append(Check(COUNTERFACTUAL,
                     "firms 1 and 2 only their Cournot payoffs", f"{_v(cf[0])}: only firm 1 is held to its Cournot "
                     "payoff 121/16; firm 2 gets 135/32 > 49/16",
                     False))
    # A = 23
    g = cournot(23, [1, 3, 5])
    r = viable_structures(g)
    vs = [g.worth(S, PI_S) for S in PI_S]
    out.append(Check("Ex. 4 (A=23, c=1,3,5), eq. (28): v(i, π^s)", "49, 25, 9", ", ".join(_q(x) for x in vs),
                     vs == [49, 25, 9]))
    w29 = [g.worth(S1, PI_23), g.worth(S23, PI_23), g.worth(S2, PI_13), g.worth(S13, PI_13), g.worth(S3, PI_12),
           g.worth(S12, PI_12)]
    out.append(Check("Ex. 4 (A=23), eq. (29): the six intermediate worths", "64, 36, 36, 64, 21.78, 75.11",
                     ", ".join(_q(x) for x in w29), all(_round2(x, p) for x, p in zip(w29, (64, 36, 36, 64, 21.78, 75.11)))))
    out.append(Check("Ex. 4 (A=23), eq. (30): v(N, π^g)", "121", _q(g.worth(N3, (N3,))), g.worth(N3, (N3,)) == 121))
    x23 = r.report(PI_23).equilibria[0].blocks[1].points
    out.append(Check("Ex. 4 (A=23): {1,23} viable — 36 divided so that 2 gets ≥ 25 and 3 gets ≥ 9",
                     "“1 gets at least 25” (sic: firm 2)", f"viable; σ(23) = {', '.join(_v(p) for p in x23)}",
                     r.viable(PI_23) and x23 == [(25, 11)]))
    out.append(Check("Ex. 4 (A=23): the other two intermediate structures viable", "viable",
                     ", ".join(g.label(p) + (" viable" if r.viable(p) else " not viable") for p in (PI_13, PI_12)),
                     r.viable(PI_13) and r.viable(PI_12)))
    need = [r.threat(S, (N3,))[0][0] for S in PI_S]
    out.append(Check("Ex. 4 (A=23): N must give x ≥ (64, 36, 21.76 (sic)); the sum exceeds 121: N not viable",
                     "121.78 > 121", f"x ≥ ({', '.join(_q(q) for q in need)}); sum {_q(sum(need))}; "
                     f"N {'viable' if r.viable((N3,)) else 'not viable'}",
                     need == [64, 36, F(196, 9)] and not r.viable((N3,))))
    out.append(Check("Ex. 4 (A=23): coarsest viable structures and payoffs (equal weights; the paper leaves them open)",
                     "the three intermediate structures", "; ".join(f"{g.label(p)}: {', '.join(_v(x) for x in pts)}"
                                                                  for p, pts in r.prediction),
                     sorted(r.coarsest) == sorted([PI_23, PI_13, PI_12])))
    return out


# ------------------------------------------------------------------ Example 2
def example2() -> list[Check]:
    out: list[Check] = []
    g = environment([1, 1, 1])
    r = viable_structures(g)
    s2, s3 = math.sqrt(2), math.sqrt(3)
    out.append(Check("Ex. 2 (a = 1,1,1): v({i}, π^s) = Σa − a_i/3", "8/3", _q(g.worth(S1, PI_S)),
                     g.worth(S1, PI_S) == F(8, 3)))
    v23 = g.worth(S23, PI_23)
    out.append(Check("Ex. 2: v(23, π²³) = 2a₁ + (√32/3)(a₂ + a₃)", f"{2 + 2 * math.sqrt(32) / 3:.6f}",
                     f"{float(v23):.6f}", abs(float(v23) - (2 + 2 * math.sqrt(32) / 3)) < 1e-12))
    sing = r.threat(S2, PI_23)[0][0] + r.threat(S3, PI_23)[0][0]
    out.append(Check("Ex. 2: Θ*(2) + Θ*(3) = 2a₁ + (5/3)(a₂+a₃) < v(23, π²³): π²³ viable", "16/3 < 5.771",
                     f"{_q(sing)} < {float(v23):.4f}; π²³ {'viable' if r.viable(PI_23) else 'not viable'}",
                     sing == F(16, 3) and r.viable(PI_23)))
    vN = g.worth(N3, (N3,))
    out.append(Check("Ex. 2: v(N) = 2√3(a₁+a₂+a₃)", f"{6 * s3:.6f}", f"{float(vN):.6f}", abs(float(vN) - 6 * s3) < 1e-12))
    t1 = r.threat(S1, (N3,))[0][0]
    out.append(Check("Ex. 2, eq. (12): Θ*({1}, π^g) = (2/3)a₁ + √2(a₂+a₃)", f"{2 / 3 + 2 * s2:.6f}", f"{float(t1):.6f}",
                     abs(float(t1) - (2 / 3 + 2 * s2)) < 1e-12))
    tot = sum((r.threat(S, (N3,))[0][0] for S in PI_S), F(0))
    out.append(Check("Ex. 2, fn. 23: Σ_i Θ*({i}, π^g) = (2/3 + 2√2)Σa > v(N): N not viable", "3.495·3 > 3.464·3",
                     f"{float(tot):.4f} > {float(vN):.4f}; N {'viable' if r.viable((N3,)) else 'not viable'}",
                     tot > vN and not r.viable((N3,))))
    out.append(Check("Ex. 2: coarsest viable structures", "π¹², π¹³, π²³",
                     "; ".join(f"{g.label(p)}: {_f(pts[0])}" for p, pts in r.prediction),
                     sorted(r.coarsest) == sorted([PI_23, PI_13, PI_12])))
    # footnote 22: unequal a
    thr = 2 * (1 + s2)
    rows, ok = [], True
    for a3 in (1, 4, F(48, 10), F(49, 10), 6, 10):
        ge = environment([1, 1, a3])
        re_ = viable_structures(ge)
        x = re_.report(PI_23).equilibria[0].blocks[1].points[0]
        unequal = x[0] != x[1]
        ok &= unequal == (float(a3) > thr) and sorted(re_.coarsest) == sorted([PI_23, PI_13, PI_12])
        rows.append(f"a₃={exact_text(F(a3))}: {_f(x, 3)}")
    out.append(Check("Ex. 2, fn. 22: division in {23} (a = 1,1,a₃, equal weights) is unequal iff 2's threat binds",
                     "unequal when a₃ is large enough", f"iff a₃ > 2(1+√2)a₂ ≈ 4.83: " + "; ".join(rows), ok))
    ok = True
    for a, w in (([1, 2, 3], [1, 1, 1]), ([5, 1, 1], [1, 3, 1]), ([1, 1, 10], [2, 1, 1]), ([F(1, 2), 7, 3], [1, 5, 2])):
        rr = viable_structures(environment(a, weights=w))
        ok &= sorted(rr.coarsest) == sorted([PI_23, PI_13, PI_12])
    out.append(Check("Ex. 2: predictions robust to unequal a and bargaining weights", "robust",
                     "coarsest = the three doubleton structures for a ∈ {(1,2,3), (5,1,1), (1,1,10), (1/2,7,3)} with "
                     "unequal weights", ok))
    return out


# ------------------------------------------------------------------ Example 3
def sigma_pair_limit(alpha: float) -> float:
    """The paper's r ≈ 0 formula for Σ(jk, π^{jk}): k/(k+1) − k/(2(k+1)²), k = 2^{α/2}."""
    k = 2 ** (alpha / 2)
    return k / (k + 1) - k / (2 * (k + 1) ** 2)


def example3() -> list[Check]:
    out: list[Check] = []
    g = rnd("1/100", 6)
    r = viable_structures(g)
    b = float(g.worth(S1, PI_S))
    out.append(Check("Ex. 3, eq. (21): singleton structure (b, b, b), b ∈ (0, 1/3)", "b ∈ (0, 1/3)",
                     f"b = {b:.4f} (r = 0.01; b does not depend on α)", 0 < b < 1 / 3))
    rows, ok = [], True
    for al in ("3.29", "3.3", "4", "6"):
        gs = rnd(F(1, 10**6), F(al))
        pair = float(gs.worth(S23, PI_23))
        ok &= abs(pair - sigma_pair_limit(float(al))) < 1e-3 and (pair > 2 / 3) == (float(al) >= 3.3)
        rows.append(f"α={al}: {pair:.4f} (formula {sigma_pair_limit(float(al)):.4f})")
    out.append(Check("Ex. 3: r ≈ 0 (r = 10⁻⁶): Σ(jk, π^jk) vs 2/3", "> 2/3 for all α ≥ 3.3",
                     "; ".join(rows) + "; exact threshold 2·log₂((5+√57)/4) ≈ 3.2995", ok))
    g20 = rnd("1/100", 20)
    p20 = float(g20.worth(S23, PI_23))
    out.append(Check("Ex. 3: Σ(jk, π^jk) → 1 as α → ∞", "→ 1", f"α=20, r=0.01: {p20:.6f}", p20 > 0.99))
    y = r.threat(S23, (N3,))[0]
    pts = r.payoffs((N3,))
    ok = 1 / 3 < float(y[0]) < 1 / 2 and r.viable((N3,)) and len(pts) == 3 and all(len(set(x)) > 1 for x in pts)
    out.append(Check("Ex. 3 (r=0.01, α=6), eq. (22): doubleton threat y ∈ (1/3, 1/2); N viable, division unequal",
                     "y ∈ (1/3, 1/2); asymmetric σ(N)", f"y = {float(y[0]):.4f}; σ(N) = " + ", ".join(_f(x) for x in pts),
                     ok))
    gw = rnd("1/100", 6, weights=[1, 2, 3])
    rw = viable_structures(gw)
    xw = rw.payoffs((N3,))
    out.append(Check("Ex. 3, eq. (23): consistent unequal weights γ = (1,2,3): N still viable", "viable",
                     f"σ(N) = {', '.join(_f(x) for x in xw)}; coarsest {', '.join(gw.label(p) for p in rw.coarsest)}",
                     rw.viable((N3,)) and rw.coarsest == [(N3,)]))
    g1 = rnd(1, 1)
    r1 = viable_structures(g1)
    out.append(Check("Ex. 3 beyond the text: no synergy (α = 1), impatience r = 1", "(not discussed: the text takes α large)",
                     f"N {'viable' if r1.viable((N3,)) else 'NOT viable'}; outsider's v(ℓ, π^jk) = "
                     f"{float(g1.worth(S1, PI_23)):.4f} > v(N)/3 = {float(g1.worth(N3, (N3,))) / 3:.4f}",
                     not r1.viable((N3,))))
    return out


def reproduce_viable() -> list[Check]:
    """Examples 2, 3 and 4 of §4."""
    return example2() + example3() + example4()


__all__ = ["reproduce_viable", "KNOWN_DIFFERENCES", "example2", "example3", "example4", "sigma_pair_limit"]
