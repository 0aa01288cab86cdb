"""Ray & Vohra (2025), §4: Examples 2-4 with the paper's own numbers, the cartels with
n = 4 and 5 firms, and the models' closed forms."""
from __future__ import annotations

import math
from fractions import Fraction as F

import pytest

from declcoal.concepts.bargaining.viable import viable_structures
from declcoal.errors import GameError, UnsupportedError
from declcoal.model.partition import PartitionGame, parse_structure
from declcoal.model.pfg_models import cournot, cournot_quantities, environment, rnd
from declcoal.reproduce.ray_vohra_viable import KNOWN_DIFFERENCES, reproduce_viable, sigma_pair_limit

N3 = 0b111
PI_23, PI_13, PI_12, PI_S = (1, 6), (5, 2), (3, 4), (1, 2, 4)


def test_every_reproduction_row():
    rows = reproduce_viable()
    bad = [r.item for r in rows if not r.ok and r.item not in KNOWN_DIFFERENCES]
    assert not bad, bad
    assert [r.item for r in rows if not r.ok] == list(KNOWN_DIFFERENCES)


# ------------------------------------------------------------------ Example 4
def test_example4_a10_worths_and_solution():
    g = cournot(10, [2, 3, 4])
    assert [g.worth(S, PI_S) for S in PI_S] == [F(121, 16), F(49, 16), F(9, 16)]  # eq. (28)
    assert g.worth(1, PI_23) == 9 and g.worth(6, PI_23) == 4  # eq. (29)
    assert g.worth(2, PI_13) == 4 and g.worth(5, PI_13) == 9
    assert g.worth(4, PI_12) == F(16, 9) and g.worth(3, PI_12) == F(100, 9)
    assert g.worth(N3, (N3,)) == 16  # eq. (30)
    r = viable_structures(g)
    assert all(r.viable(p) for p in r.reports)
    assert r.coarsest == [(N3,)]
    assert r.payoffs((N3,)) == [(9, 4, 3)]  # σ^sym(N) = (9, 4, 3)
    assert r.threat(1, (N3,)) == [(9,)] and r.threat(2, (N3,)) == [(4,)] and r.threat(4, (N3,)) == [(F(16, 9),)]


def test_example4_a23_grand_coalition_not_viable():
    g = cournot(23, [1, 3, 5])
    r = viable_structures(g)
    assert not r.viable((N3,))
    assert sorted(r.coarsest) == sorted([PI_23, PI_13, PI_12])
    assert r.payoffs(PI_23) == [(64, 25, 11)]
    assert r.payoffs(PI_13) == [(49, 36, 15)]
    assert r.payoffs(PI_12) == [(49, F(235, 9), F(196, 9))]
    blk = r.report((N3,)).equilibria[0].blocks[0]
    assert blk.required == F(1096, 9) > blk.worth == 121  # 64 + 36 + 21.78 > 121


@pytest.mark.parametrize("A,c", [(10, 1), (7, 2), (50, 3)])
def test_example4_symmetric(A, c):
    r = viable_structures(cournot(A, [c] * 3))
    assert r.coarsest == [(N3,)]
    assert [p for p in r.reports if r.viable(p)] == [PI_S, (N3,)]
    assert r.payoffs((N3,)) == [(F((A - c) ** 2, 12),) * 3]


def test_cartels_four_and_five_firms():
    """Documented in docs/models/cournot.md: symmetric 4 firms — the grand cartel is
    viable (and 2+2 cartels); 5 firms — it is not, the coarsest viable structures are
    one outsider and two pairs (15 of them), outsider 81/16, insiders 81/32."""
    r4 = viable_structures(cournot(10, [1] * 4))
    assert r4.coarsest == [(15,)] and len(r4.viable_structures) == 5
    assert r4.payoffs((15,)) == [(F(81, 16),) * 4]
    g5 = cournot(10, [1] * 5)
    r5 = viable_structures(g5)
    assert not r5.viable((31,))
    assert len(r5.coarsest) == 15 and all(sorted(S.bit_count() for S in p) == [1, 2, 2] for p in r5.coarsest)
    assert r5.payoffs(g5.parse("1|23|45")) == [(F(81, 16), F(81, 32), F(81, 32), F(81, 32), F(81, 32))]
    # asymmetric: A = 23, c = (1, 3, 5, 7): the grand cartel is not viable
    r = viable_structures(cournot(23, [1, 3, 5, 7]))
    assert not r.viable((15,)) and len(r.coarsest) == 7


def test_cournot_quantities_priced_out():
    p, q = cournot_quantities(F(10), [F(1), F(9), F(12)])
    assert p == F(11, 2) and q == [F(9, 2), 0, 0]  # 9 >= 11/2: priced out, zero output, no crash
    p, q = cournot_quantities(F(2), [F(3), F(4)])
    assert p == 2 and q == [0, 0]
    g = cournot(10, [1, 9, 12])
    assert g.notes and "(25)" in g.notes[0]
    assert g.worth(2, (1, 2, 4)) == 0
    viable_structures(g)  # runs


def test_cournot_matches_eq27_when_interior():
    A, cs = F(30), [F(1), F(2), F(3), F(4)]
    g = cournot(A, cs)
    for pi in g.structures:
        cS = [min(cs[i] for i in range(4) if S >> i & 1) for S in pi]
        C = sum(cS)
        for S, c in zip(pi, cS):
            assert g.worth(S, pi) == ((A + C) / (len(pi) + 1) - c) ** 2


# ------------------------------------------------------------------ Example 2
def test_example2_closed_forms():
    a = [F(1), F(2), F(5)]
    g = environment(a)
    s2, s3 = math.sqrt(2), math.sqrt(3)
    for i, S in enumerate(PI_S):
        assert g.worth(S, PI_S) == sum(a) - a[i] / 3
    assert abs(float(g.worth(6, PI_23)) - (2 * 1 + math.sqrt(32) / 3 * 7)) < 1e-12
    assert abs(float(g.worth(N3, (N3,))) - 2 * s3 * 8) < 1e-12
    r = viable_structures(g)
    assert abs(float(r.threat(1, (N3,))[0][0]) - (2 / 3 + s2 * 7)) < 1e-12  # eq. (12)
    assert sorted(r.coarsest) == sorted([PI_23, PI_13, PI_12])
    assert g.guarantee == "approximate" and r.guarantee == "approximate"


def test_example2_footnote22_threshold():
    """Equal division in {23} unless a_3 > 2(1+√2) a_2 (≈ 4.83): then 2's threat binds."""
    for a3, unequal in ((F(48, 10), False), (F(49, 10), True)):
        r = viable_structures(environment([1, 1, a3]))
        b = r.report(PI_23).equilibria[0].blocks[1]
        assert (b.points[0][0] != b.points[0][1]) == unequal
        if unequal:
            assert b.binding[0] and b.binding[0][0][0] == 2 and b.points[0][0] == 1 + F(2, 3) + a3


# ------------------------------------------------------------------ Example 3
def test_example3_pair_payoff_limit_formula():
    for al in (2, 3, F(33, 10), 5):
        g = rnd(F(1, 10**7), al)
        assert abs(float(g.worth(6, PI_23)) - sigma_pair_limit(float(al))) < 1e-4
    assert sigma_pair_limit(3.29) < 2 / 3 < sigma_pair_limit(3.30)


def test_example3_grand_coalition_asymmetric():
    g = rnd(F(1, 100), 6)
    assert "residual" in g.notes[0] and g.guarantee == "approximate"
    r = viable_structures(g)
    assert r.coarsest == [(N3,)]
    pts = r.payoffs((N3,))
    assert len(pts) == 3 and all(len(set(x)) == 2 for x in pts)
    y = r.threat(6, (N3,))[0]
    assert F(1, 3) < y[0] < F(1, 2)


def test_example3_foc_residuals_tiny():
    g = rnd(F(1, 2), F(5, 2), 4)
    assert g.meta["model"]["max_residual"] < 1e-50
    g17 = rnd(F(1, 100), 1)
    # eq. (17): λ_N (r + λ_N)^2 / 3^α = r, and Σ(N) of eq. (18)
    lam = _solve17(0.01, 1.0)
    assert abs(float(g17.worth(N3, (N3,))) - (lam / (0.01 + lam) - lam**2 / 6)) < 1e-9


def _solve17(r: float, alpha: float) -> float:
    lo, hi = 0.0, 10.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid * (r + mid) ** 2 / 3**alpha < r:
            lo = mid
        else:
            hi = mid
    return lo


# ------------------------------------------------------------------ bad parameters
@pytest.mark.parametrize("call", [
    lambda: cournot(-1, [1, 2]), lambda: cournot(10, [1, -2]), lambda: cournot(10, []),
    lambda: environment([1, 0, 1]), lambda: rnd(0, 2), lambda: rnd(1, F(1, 2)), lambda: rnd(1, 2, 0),
])
def test_bad_parameters(call):
    with pytest.raises(GameError):
        call()


def test_size_limit():
    with pytest.raises(UnsupportedError, match=r"10 players: Bell\(10\) = 115,975 .* up to 9 players"):
        cournot(10, [1] * 10)


def test_structure_parsing():
    P = ["1", "2", "3"]
    assert parse_structure("1|23", P) == (1, 6) == parse_structure("23|1", P)
    with pytest.raises(GameError, match="two blocks"):
        parse_structure("12|23", P)
    with pytest.raises(GameError, match="leaves out 3"):
        parse_structure("1|2", P)
    with pytest.raises(GameError, match="negative"):
        PartitionGame.from_function(P, lambda S, pi: -1)
