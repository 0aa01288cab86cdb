"""Dutta–Ray constrained egalitarian solution E(S) and Lorenz dominance (Ray & Vohra
2025, §5.4): Example 6, Theorem 4 (σ_sym(S) ⊆ E(S)) on random games, and the Dutta–Ray
(1991) Theorem 1 path (equal-division threats) as a differential check.
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal.concepts.bargaining.egalitarian import constrained_egalitarian, lorenz_maximal_unblocked
from declcoal.concepts.bargaining.lorenz import leximin_point, lorenz_curve, lorenz_dominates, lorenz_maximal
from declcoal.concepts.bargaining.nash_tu import recursive_nash
from declcoal.concepts.tu.properties import is_superadditive
from declcoal.reproduce.ray_vohra import example5_game, example6_game, roommate_game
from declcoal.errors import UnsupportedError
from declcoal.model.bargaining import BargainingGame
from declcoal.model.tu import TUGame

NAMES = ["A", "B", "C", "D", "E"]


@st.composite
def tu_games(draw, min_n=3, max_n=4):
    n = draw(st.integers(min_n, max_n))
    vals = draw(st.lists(st.fractions(min_value=0, max_value=12, max_denominator=3), min_size=2**n - 1,
                         max_size=2**n - 1))
    return TUGame.from_list(NAMES[:n], vals, name="random")


def test_lorenz_basics():
    assert lorenz_curve([F(3), F(1), F(2)]) == (1, 3, 6)
    assert lorenz_dominates([F(2), F(2), F(2)], [F(1), F(2), F(3)])
    assert not lorenz_dominates([F(1), F(2), F(3)], [F(3), F(2), F(1)])  # same curve: no strict dominance
    assert not lorenz_dominates([F(1), F(2), F(3)], [F(2), F(2), F(2)])
    pts = [(F(1), F(2), F(3)), (F(3), F(2), F(1)), (F(2), F(2), F(2)), (F(0), F(3), F(3))]
    assert lorenz_maximal(pts) == [(F(2), F(2), F(2))]
    assert lorenz_maximal([(F(1), F(3)), (F(3), F(1))]) == [(F(1), F(3)), (F(3), F(1))]
    with pytest.raises(ValueError):
        lorenz_dominates([F(1)], [F(1), F(2)])


@given(st.lists(st.fractions(min_value=0, max_value=3, max_denominator=4), min_size=2, max_size=5), st.data())
def test_leximin_point_dominates_its_piece(lower, data):
    """The water-filling point of {x ≥ L, Σx = v} Lorenz-dominates (or equals) every other
    point of the piece — the fact the branch and bound relies on."""
    v = sum(lower) + data.draw(st.fractions(min_value=0, max_value=6, max_denominator=4))
    r = leximin_point(lower, v)
    for _ in range(10):
        raw = data.draw(st.lists(st.integers(0, 9), min_size=len(lower), max_size=len(lower)))
        slack = v - sum(lower)
        x = tuple(lo + (F(k) * slack / sum(raw) if sum(raw) else (slack if i == 0 else 0))
                  for i, (lo, k) in enumerate(zip(lower, raw)))
        assert not lorenz_dominates(x, r)
        assert sum(x) == v and all(a >= b for a, b in zip(x, lower))
        assert all(a >= b for a, b in zip(lorenz_curve(r), lorenz_curve(x)))


def test_example6_egalitarian_equals_sigma():
    """Example 6: E(N) = {(0.4,0.3,0.3), (0.3,0.4,0.3)} = σ(N) (the paper's Lorenz-maximal
    elements of the unblocked set); E({12}) = (0.4, 0.4)."""
    want = [(F(3, 10), F(2, 5), F(3, 10)), (F(2, 5), F(3, 10), F(3, 10))]
    r = constrained_egalitarian(example6_game(), check_theorem4=True)
    assert r.solutions == want
    assert r.of(3).points == [(F(2, 5), F(2, 5))]
    assert r.theorem4_holds
    assert constrained_egalitarian(example6_game(), threats="naive").solutions == want


def test_example5_egalitarian():
    r = constrained_egalitarian(example5_game(), check_theorem4=True)
    assert sorted(r.solutions) == sorted([(F(2, 5), F(2, 5), F(1, 5)), (F(2, 5), F(1, 5), F(2, 5)),
                                          (F(1, 5), F(2, 5), F(2, 5))])
    assert r.theorem4_holds


@settings(max_examples=150)
@given(tu_games())
def test_theorem4_sigma_sym_subset_of_E(g):
    """Theorem 4: σ_sym(S) ⊆ E(S) for every coalition S of a TU game (3–4 players) whose
    symmetric Nash maximum is positive. When every point of U*(S) has a zero payoff the
    product is 0 throughout, σ_sym(S) = U*(S), and the inclusion can fail — see
    tests/test_nash_independent.py::test_theorem4_fails_when_every_unblocked_point_has_a_zero_payoff
    and docs/egalitarian.md."""
    r = constrained_egalitarian(g, check_theorem4=True)
    bad = [c for c, ok, sig in r.theorem4 if not ok and not all(any(q == 0 for q in p) for p in sig)]
    assert not bad, (bad, r.to_dict())


@settings(max_examples=100)
@given(tu_games())
def test_dutta_ray_theorem1_recursive_equals_equal_division_threats(g):
    """Dutta & Ray (1991), Theorem 1 / eq. (42): E(S) = L(U^naive(S)) with equal-division
    threats e(T) — two independent paths agree coalition by coalition."""
    a = constrained_egalitarian(g)
    b = constrained_egalitarian(g, threats="naive")
    assert [c.points for c in a.coalitions] == [c.points for c in b.coalitions]


@settings(max_examples=60)
@given(tu_games())
def test_theorem4_second_part_superadditive_sigma_nonempty(g):
    """Theorem 4, second part: for superadditive games σ_sym(S) ≠ ∅ for every S."""
    if not is_superadditive(g).holds:
        return
    r = recursive_nash(g)
    assert r.ineffective == []


def test_egalitarian_errors():
    with pytest.raises(UnsupportedError):
        constrained_egalitarian(roommate_game())
    with pytest.raises(UnsupportedError):
        constrained_egalitarian(example6_game(), threats="sideways")
    with pytest.raises(UnsupportedError):
        lorenz_maximal_unblocked(BargainingGame.build(["A", "B"], [[1, 1]]))


@pytest.mark.slow
@settings(max_examples=30)
@given(tu_games(min_n=5, max_n=5))
def test_theorem4_five_players_slow(g):
    """Theorem 4 on 5-player random TU games (slow sweep)."""
    r = constrained_egalitarian(g, threats="naive", check_theorem4=True)
    assert r.theorem4_holds
