"""Coalitional Nash bargaining without externalities (Ray & Vohra 2025, §5.1–§5.3).

Paper values (Examples 5 and 6, footnote 28), Theorem 2 (recursive = naive) on hundreds of
random TU games with 3–5 players (random and convex), Theorem 3 on random GCS games.
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal.concepts.bargaining.nash_tu import (compare_paths, naive_nash, nash_for_tu, recursive_nash,
                                       theorem3_allocation, unconstrained_nash)
from declcoal.concepts.tu.properties import best_partition_value
from declcoal.reproduce.ray_vohra import example5_game, example6_game, roommate_game
from declcoal.errors import GameError, UnsupportedError
from declcoal.model.bargaining import CoalitionalGame
from declcoal.model.coalition import members, subsets
from declcoal.model.tu import TUGame

NAMES = ["A", "B", "C", "D", "E", "F"]
weights_st = st.sampled_from([F(1), F(2), F(1, 2), F(3)])


@st.composite
def tu_games(draw, min_n=3, max_n=5, hi=12):
    """Random TU games with v(S) ≥ 0 (worths in quarters)."""
    n = draw(st.integers(min_n, max_n))
    vals = draw(st.lists(st.fractions(min_value=0, max_value=hi, max_denominator=4), min_size=2**n - 1,
                         max_size=2**n - 1))
    return TUGame.from_list(NAMES[:n], vals, name="random")


@st.composite
def convex_games(draw, min_n=3, max_n=5):
    """Convex (supermodular) games: non-negative Harsanyi dividends, v(S) = Σ_{T⊆S} λ_T."""
    n = draw(st.integers(min_n, max_n))
    div = draw(st.lists(st.integers(0, 6), min_size=2**n, max_size=2**n))
    div[0] = 0
    return TUGame.from_function(NAMES[:n], lambda m: sum(div[t] for t in subsets(m)) if m else 0, name="convex")


@st.composite
def gcs_games(draw, min_n=3, max_n=5):
    """Grand-coalition-superadditive games: a random game with v(N) raised to the best
    partition value when needed."""
    g = draw(tu_games(min_n, max_n))
    best, _ = best_partition_value(g)
    bump = draw(st.fractions(min_value=0, max_value=3, max_denominator=2))
    vals = list(g.values)
    vals[g.grand] = max(vals[g.grand], best) + bump
    return TUGame(g.players, tuple(vals), name="gcs")


# ------------------------------------------------------------------ paper values
def test_example5_sigma_is_04_04_02_and_permutations():
    """Example 5 (v(i)=0, v(ij)=0.8, v(N)=1): σ*(ij) = (0.4, 0.4); σ*(N) = (0.4,0.4,0.2) and
    its permutations — exactly three points."""
    r = recursive_nash(example5_game())
    for c in r.coalitions:
        if c.coalition.bit_count() == 2:
            assert c.points == [(F(2, 5), F(2, 5))]
    assert sorted(r.solutions) == sorted([(F(2, 5), F(2, 5), F(1, 5)), (F(2, 5), F(1, 5), F(2, 5)),
                                          (F(1, 5), F(2, 5), F(2, 5))])
    assert r.ineffective == []


def test_example6_sigma_is_two_points():
    """Example 6 (v(N)=1, v(12)=0.8): σ = {(0.4,0.3,0.3), (0.3,0.4,0.3)}; the {12} threat
    (0.4, 0.4) binds at both."""
    r = recursive_nash(example6_game())
    assert r.solutions == [(F(3, 10), F(2, 5), F(3, 10)), (F(2, 5), F(3, 10), F(3, 10))]
    for binds in r.grand.binding:
        assert [b.coalition for b in binds] == ["P1 P2"]
    assert naive_nash(example6_game()).solutions == r.solutions


def test_roommate_footnote28_grand_coalition_not_viable():
    """Footnote 28: every pair keeps its single allocation; each of F(N)'s three points is
    blocked by a pair, so U*(N) = ∅ and N is ineffective."""
    r = recursive_nash(roommate_game())
    assert not r.solutions
    assert r.ineffective == ["P1 P2 P3"]
    assert {c.label: c.points for c in r.coalitions if c.coalition.bit_count() == 2} == {
        "P1 P2": [(3, 2)], "P1 P3": [(2, 3)], "P2 P3": [(3, 2)]}
    assert sorted((p, c) for p, c, _ in r.grand.blocked) == [((1, 3, 2), "P1 P3"), ((2, 1, 3), "P1 P2"),
                                                             ((3, 2, 1), "P2 P3")]
    assert naive_nash(roommate_game()).notes  # Theorem 2 needs convex F(S): the naive path says so


def test_ineffective_coalition_threatens_nobody():
    """Pairs worth 1 with v(N) = 1/2: U*(N) = ∅ (two players would need 1/2 each). In a
    4-player extension that N' = N ∪ {D} is ineffective does not constrain the grand coalition."""
    g = TUGame.from_dict(["A", "B", "C"], {"A B": 1, "A C": 1, "B C": 1, "A B C": "1/2"}, default=0)
    r = recursive_nash(g)
    assert r.solutions == [] and r.ineffective == ["A B C"]
    g4 = TUGame.from_function(["A", "B", "C", "D"], lambda m: {3: 1, 5: 1, 6: 1, 7: F(1, 2), 15: 10}.get(m, 0))
    r4 = recursive_nash(g4)
    assert "A B C" in r4.ineffective and r4.solutions
    assert compare_paths(g4).equal


def test_unconstrained_nash_is_gamma_proportional():
    g = CoalitionalGame.build(["A", "B", "C"], {"A B C": 6, "A B": 3}, weights=[1, 2, 3])
    assert unconstrained_nash(g, 7) == [(F(1), F(2), F(3))]
    assert unconstrained_nash(g, 3) == [(F(1), F(2))]


def test_modes_and_errors():
    g = example5_game()
    assert nash_for_tu(g, mode="auto").mode == "recursive"
    assert nash_for_tu(g, mode="naive").solutions == nash_for_tu(g, mode="recursive").solutions
    assert nash_for_tu(g, mode="both").equal
    with pytest.raises(UnsupportedError):
        nash_for_tu(g, mode="fast")
    with pytest.raises(GameError, match="v\\(S\\) >= 0"):
        CoalitionalGame.from_tu(TUGame.from_list(["A", "B"], [-1, 0, 1]))


# ------------------------------------------------------------------ Theorem 2
@settings(max_examples=300)
@given(tu_games())
def test_theorem2_recursive_equals_naive_random_tu(g):
    """Theorem 2: U*(S) = U^naive(S) for every coalition (TU sets are convex), so σ*(S)
    agrees coalition by coalition — on 300 random TU games with 3–5 players."""
    c = compare_paths(g)
    assert c.equal, c.differences


@settings(max_examples=200)
@given(convex_games())
def test_theorem2_recursive_equals_naive_convex_games(g):
    """Theorem 2 on 200 random convex (supermodular) games with 3–5 players."""
    c = compare_paths(g)
    assert c.equal, c.differences
    assert c.recursive.ineffective == []


@settings(max_examples=100)
@given(tu_games(max_n=4), st.data())
def test_theorem2_with_consistent_weights(g, data):
    """Theorem 2 with asymmetric consistent weights γ."""
    w = data.draw(st.lists(weights_st, min_size=g.n, max_size=g.n))
    c = compare_paths(g, w)
    assert c.equal, c.differences


@settings(max_examples=60)
@given(tu_games(max_n=4), st.data())
def test_theorem2_with_per_coalition_weights(g, data):
    """Theorem 2 holds for arbitrary per-coalition weights γ(S) too."""
    cw = {m: data.draw(st.lists(weights_st, min_size=m.bit_count(), max_size=m.bit_count()))
          for m in range(1, 2**g.n) if m.bit_count() >= 2}
    cg = CoalitionalGame.build(g.players, {m: g.values[m] for m in range(1, 2**g.n)}, coalition_weights=cw)
    c = compare_paths(cg)
    assert c.equal, c.differences


# ------------------------------------------------------------------ Theorem 3
@settings(max_examples=150)
@given(gcs_games(), st.data())
def test_theorem3_gcs_games_have_efficient_viable_grand_coalition(g, data):
    """Theorem 3: GCS + consistent weights ⇒ the constructed x is unblocked by every ψ(T),
    the grand coalition is viable and every point of σ*(N) is efficient."""
    w = data.draw(st.one_of(st.none(), st.lists(weights_st, min_size=g.n, max_size=g.n)))
    t = theorem3_allocation(g, w)
    assert t.gcs and t.consistent
    assert sum(t.x) == g.values[g.grand] and all(a >= b for a, b in zip(t.x, t.y))
    assert t.unblocked_naive, t.blocking
    assert t.grand_viable and t.sigma_efficient
    # the partition's α decreases (construction in the proof)
    assert all(a >= b for a, b in zip(t.alphas, t.alphas[1:]))


def test_theorem3_example5_construction():
    """Example 5 under the proof of Theorem 3: α({12}) = 0.4 is maximal, y = (0.4,0.4,0),
    the surplus 0.2 is shared equally: x = (7/15, 7/15, 1/15)."""
    t = theorem3_allocation(example5_game())
    assert t.partition == ["{P1,P2}", "{P3}"]
    assert t.y == (F(2, 5), F(2, 5), F(0)) and t.x == (F(7, 15), F(7, 15), F(1, 15))
    assert t.holds


def test_theorem3_reports_non_gcs():
    g = TUGame.from_dict(["A", "B", "C"], {"A B": 1, "A C": 1, "B C": 1, "A B C": "1/2"}, default=0)
    t = theorem3_allocation(g)
    assert not t.gcs and not t.grand_viable and "partition" in t.gcs_witness


def test_recursion_solutions_are_unblocked_by_every_threat():
    """σ*(N) points are feasible and unblocked by every σ*(T) point (eq. (31))."""
    g = TUGame.from_list(NAMES[:4], [1, 2, 4, 1, 5, 3, 8, 2, 4, 6, 9, 3, 7, 8, 12])
    r = recursive_nash(g)
    assert r.solutions
    for x in r.solutions:
        assert sum(x) <= g.values[g.grand]
        for c in r.coalitions:
            if c.coalition != g.grand:
                for y in c.points:
                    assert not all(yi > x[i] for yi, i in zip(y, members(c.coalition)))


def test_every_point_of_a_multivalued_solution_is_a_threat():
    """§5.1: each of the three points of σ*({ABC}) (Example 5 inside a 4-player game) is a
    separate threat against N; the recursion and the naive path still agree."""
    from declcoal.concepts.bargaining.nash_tu import coalition_game

    ex5 = {3: F(4, 5), 5: F(4, 5), 6: F(4, 5), 7: F(1)}
    g = TUGame.from_function(NAMES[:4], lambda m: F(11, 10) if m == 15 else ex5.get(m & 7, F(0)) if m else 0)
    r = recursive_nash(g)
    abc = r.of(7).points
    assert len(abc) == 3
    threats = {}
    for c in r.coalitions:
        if c.coalition != 15:
            threats[c.coalition] = c.points if c.effective else [(F(0),) * c.coalition.bit_count()]
    G = coalition_game(CoalitionalGame.from_tu(g), 15, threats)
    assert sorted(t.point for t in G.threats if t.coalition == 7) == sorted(abc)
    assert compare_paths(g).equal


@settings(max_examples=40)
@given(tu_games(max_n=4))
def test_recursion_z3_pieces_equal_branch_and_bound(g):
    """Differential: the §5.1 recursion with every σ*(S) computed by Z3 piece enumeration
    (Fraction closed form) equals the integer branch and bound, coalition by coalition."""
    a = recursive_nash(g, method="bnb")
    b = recursive_nash(g, method="z3")
    assert [c.points for c in a.coalitions] == [c.points for c in b.coalitions]


@pytest.mark.slow
@settings(max_examples=40)
@given(tu_games(min_n=6, max_n=6))
def test_theorem2_six_players_slow(g):
    """Theorem 2 on 6-player random TU games (slow sweep)."""
    c = compare_paths(g)
    assert c.equal, c.differences
