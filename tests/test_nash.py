"""Coalitional Nash solution σ(G) of a game with exogenous threats (Ray & Vohra 2025, §2).

Paper values (Example 1), the axioms [Inv], [IIA], [PO], [Exp] as property tests on random
finite games, and a differential test between the branch and bound and the Z3 piece
enumeration on random TU bargaining games.
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal.concepts.bargaining.nash import (coalitional_nash_solution, common_exponents, enumerate_pieces, nash_power,
                                    unblocked_set, waterfill)
from declcoal.reproduce.ray_vohra import (example1_game, exp_rules_out_phi_z3, expand, phi_solution,
                                                   reproduce)
from declcoal.errors import GameError
from declcoal.model.bargaining import BargainingGame, FiniteSet, Threat, TUSet
from declcoal.model.coalition import members

NAMES = ["A", "B", "C", "D"]
small = st.fractions(min_value=0, max_value=10, max_denominator=4)
weights_st = st.sampled_from([F(1), F(2), F(1, 2), F(3, 2), F(3)])


@st.composite
def threat_maps(draw, n: int, coord=small, max_coalitions: int = 4):
    """Random Θ: a few proper sub-coalitions with 1–2 threat points each."""
    out = {}
    masks = draw(st.lists(st.integers(1, 2**n - 2), max_size=max_coalitions, unique=True))
    for m in masks:
        k = m.bit_count()
        out[m] = draw(st.lists(st.lists(coord, min_size=k, max_size=k), min_size=1, max_size=2))
    return out


@st.composite
def finite_games(draw, min_n: int = 2, max_n: int = 4, weighted: bool = False):
    n = draw(st.integers(min_n, max_n))
    pts = draw(st.lists(st.lists(small, min_size=n, max_size=n), min_size=1, max_size=7))
    th = draw(threat_maps(n))
    w = draw(st.lists(weights_st, min_size=n, max_size=n)) if weighted else None
    return BargainingGame.build(NAMES[:n], pts, th, weights=w, name="random")


@st.composite
def tu_bargaining_games(draw, min_n: int = 2, max_n: int = 4, weighted: bool = False):
    n = draw(st.integers(min_n, max_n))
    v = draw(st.fractions(min_value=1, max_value=10, max_denominator=3))
    th = draw(threat_maps(n, coord=st.fractions(min_value=0, max_value=6, max_denominator=3), max_coalitions=5))
    w = draw(st.lists(weights_st, min_size=n, max_size=n)) if weighted else None
    return BargainingGame.build(NAMES[:n], v, th, weights=w, name="random-tu")


def _sigma(g, method="bnb"):
    return coalitional_nash_solution(g, method).solutions


# ------------------------------------------------------------------ Example 1 (§2.5)
def test_example1_sigma_is_z_products_9_and_16():
    """Ray & Vohra 2025, Example 1: y=(3,3,1), z=(2,2,4), Θ({12}) = {(6,0),(0,6)}: both
    unblocked, Nash products 9 and 16, so σ(G) = {z}."""
    g = example1_game()
    r = coalitional_nash_solution(g)
    assert r.solutions == [(2, 2, 4)]
    assert r.value_power == 16 and nash_power((3, 3, 1), (0, 0, 0), (1, 1, 1)) == 9
    assert r.blocked == [] and r.binding == [[]]


def test_example1_phi_eq5_picks_both_and_eq6_drops_y():
    """Example 1, eqs. (5)–(6): a = (1,1,0), β = 1, φ(G) = {y, z} (both products 4); after
    a strict expansion λ ≫ 1, φ(G') = {λ∘z}: y ∈ φ(G) but λ∘y ∉ φ(G') — [Exp] fails for φ."""
    g = example1_game()
    phi = phi_solution(g)
    assert phi.a == (1, 1, 0) and phi.beta == 1
    assert phi.solutions == [(2, 2, 4), (3, 3, 1)]
    assert set(phi.products.values()) == {4}
    for lam in [(F(1001, 1000),) * 3, (F(3), F(1001, 1000), F(7, 5))]:
        gl = expand(g, lam)
        lz = tuple(a * b for a, b in zip(lam, (2, 2, 4)))
        assert phi_solution(gl).solutions == [lz]
        assert _sigma(gl) == [lz]  # σ itself satisfies [Exp] here


def test_example1_exp_proof_for_every_expansion():
    """Eq. (6) for all δ ≫ 0: Z3 proves (4+8δ1+8δ2+16δ1δ2)(1+δ3) > (4+6δ1+6δ2+9δ1δ2)(1+δ3)."""
    assert exp_rules_out_phi_z3()


def test_reproduction_all_rows_match():
    """Every row of the Ray–Vohra reproduction (Examples 1, 5, 6, footnote 28) matches."""
    from declcoal.reproduce.ray_vohra_viable import KNOWN_DIFFERENCES

    rows = reproduce()
    bad = [r.item for r in rows if not r.ok and r.item not in KNOWN_DIFFERENCES]
    assert not bad, bad
    assert len(rows) >= 12


# ------------------------------------------------------------------ closed forms
def test_waterfill_weighted_closed_form():
    """Weighted Nash on {z ≥ L, Σz = 1}: z_j = max(L_j, γ_j t) — rational for rational γ."""
    # level t = 1/4 ≥ 1/5: nobody is held at its lower bound
    assert waterfill([F(1, 5), F(0), F(0)], F(1), [F(1), F(2), F(1)]) == (F(1, 4), F(1, 2), F(1, 4))
    # 4/15 > 1/4: player 1 is held at 4/15, the rest 11/15 is split 2:1
    assert waterfill([F(4, 15), F(0), F(0)], F(1), [F(1), F(2), F(1)]) == (F(4, 15), F(22, 45), F(11, 45))
    assert waterfill([F(1), F(1)], F(1), [F(1), F(1)]) is None
    assert waterfill([F(1, 2), F(1, 2)], F(1), [F(1), F(1)]) == (F(1, 2), F(1, 2))


@given(st.lists(st.fractions(min_value=0, max_value=3, max_denominator=5), min_size=2, max_size=5),
       st.fractions(min_value=0, max_value=20, max_denominator=5), st.data())
def test_waterfill_is_the_kkt_point(lower, total, data):
    """KKT of max Σ γ_j log z_j on {z ≥ L, Σ z = total}: free coordinates share one level
    z_j/γ_j = t, held coordinates sit at L_j with L_j/γ_j ≥ t."""
    w = data.draw(st.lists(weights_st, min_size=len(lower), max_size=len(lower)))
    z = waterfill(lower, total, w)
    if sum(lower) > total:
        assert z is None
        return
    assert sum(z) == total and all(a >= b for a, b in zip(z, lower))
    free = [j for j in range(len(z)) if z[j] > lower[j]]
    if free:
        t = z[free[0]] / w[free[0]]
        assert all(z[j] / w[j] == t for j in free)
        assert all(lower[j] / w[j] >= t for j in range(len(z)) if j not in free)


def test_common_exponents():
    assert common_exponents([F(1, 2), F(2, 3), F(1)]) == ((3, 4, 6), 6)


# ------------------------------------------------------------------ axioms (Theorem 1)
@given(finite_games(weighted=True), st.data())
def test_inv_affine_rescaling_moves_the_solution(g, data):
    """[Inv]: σ(α + β∘G) = α + β∘σ(G) for β ≫ 0 (footnote 10)."""
    n = g.n
    alpha = data.draw(st.lists(st.fractions(min_value=-5, max_value=5, max_denominator=3), min_size=n, max_size=n))
    beta = data.draw(st.lists(st.fractions(min_value=F(1, 4), max_value=4, max_denominator=4), min_size=n, max_size=n))
    g2 = g.affine(alpha, beta)
    moved = sorted(tuple(a + b * x for a, b, x in zip(alpha, beta, p)) for p in _sigma(g))
    assert sorted(_sigma(g2)) == moved


@given(finite_games(weighted=True), st.data())
def test_iia_shrinking_f_keeps_surviving_solutions(g, data):
    """[IIA]: F' ⊆ F ⇒ σ(F', Θ, d) = σ(G) ∩ F' whenever that intersection is nonempty."""
    pts = list(g.feasible.points)
    keep = data.draw(st.lists(st.sampled_from(pts), min_size=1, max_size=len(pts), unique=True))
    g2 = g.with_feasible(FiniteSet(tuple(keep)))
    inter = [p for p in _sigma(g) if p in keep]
    if inter:
        assert sorted(_sigma(g2)) == sorted(inter)


@given(st.lists(st.fractions(min_value=F(1, 2), max_value=8, max_denominator=4), min_size=2, max_size=4), st.data())
def test_po_on_two_point_sets(x, data):
    """[PO]: F = {x, λ∘x} with x ≫ d and an expansion λ > 1: x ∉ σ(G), with any threats."""
    n = len(x)
    lam = data.draw(st.lists(st.fractions(min_value=1, max_value=3, max_denominator=4), min_size=n, max_size=n))
    if all(v == 1 for v in lam):
        lam[data.draw(st.integers(0, n - 1))] = F(3, 2)
    th = data.draw(threat_maps(n))
    w = data.draw(st.lists(weights_st, min_size=n, max_size=n))
    g = BargainingGame.build(NAMES[:n], [x, [a * b for a, b in zip(lam, x)]], th, weights=w)
    assert tuple(x) not in _sigma(g)


@given(finite_games(max_n=3, weighted=True))
def test_exp_holds_for_sigma_on_two_point_sets(g):
    """[Exp] (d = 0): if x ∈ σ({x, y}, Θ, 0), both unblocked, some λ ≫ 1 keeps λ∘x in the
    solution — for σ, λ = (2, …, 2) works since it scales every product by 2^{Σγ}."""
    unblocked = [p for p in g.feasible.points if g.is_blocked(p) is None]
    if len(unblocked) < 2:
        return
    x, y = unblocked[:2]
    g2 = g.with_feasible(FiniteSet((x, y)))
    lam = (F(2),) * g.n
    for s in _sigma(g2):
        assert tuple(2 * v for v in s) in _sigma(expand(g2, lam))


@given(finite_games(weighted=True))
def test_solutions_are_unblocked_maximisers(g):
    """σ(G) ⊆ U(G), and no unblocked point of F has a larger weighted Nash product."""
    r = coalitional_nash_solution(g)
    exps, _ = common_exponents(g.weights)
    d = g.disagreement
    for p in r.solutions:
        assert g.is_blocked(p) is None
    for p in g.feasible.points:
        if g.is_blocked(p) is None and all(a >= b for a, b in zip(p, d)):
            assert nash_power(p, d, exps) <= r.value_power
            if nash_power(p, d, exps) == r.value_power:
                assert p in r.solutions


# ------------------------------------------------------------------ TU: two exact methods
@settings(max_examples=120)
@given(tu_bargaining_games(weighted=True))
def test_branch_and_bound_equals_z3_piece_enumeration(g):
    """Differential: best-first branch and bound = Z3 enumeration of the convex pieces."""
    a = coalitional_nash_solution(g, "bnb")
    b = coalitional_nash_solution(g, "z3")
    assert a.solutions == b.solutions
    assert a.value_power == b.value_power


@given(tu_bargaining_games(), st.data())
def test_tu_solution_beats_sampled_unblocked_points(g, data):
    """No sampled unblocked point of the TU set beats σ(G) (an independent spot check)."""
    r = coalitional_nash_solution(g)
    exps, _ = common_exponents(g.weights)
    v = g.feasible.worth
    for _ in range(20):
        raw = data.draw(st.lists(st.integers(0, 12), min_size=g.n, max_size=g.n))
        if sum(raw) == 0:
            continue
        x = tuple(F(r_) * v / sum(raw) for r_ in raw)
        if g.is_blocked(x) is None:
            assert r.solutions, "an unblocked point exists, so σ(G) must be nonempty"
            assert nash_power(x, g.disagreement, exps) <= r.value_power


@given(tu_bargaining_games())
def test_z3_pieces_cover_the_unblocked_set(g):
    """Each enumerated piece {x ≥ L} ∩ F lies inside U(G): its corner L defends every threat."""
    for L in enumerate_pieces(g):
        for t in g.threats:
            assert any(L[i] >= y for i, y in zip(members(t.coalition), t.point))


def test_binding_threats_are_reported():
    """Threats are conventional constraints: at (0.4, 0.4, 0.2) the pair {1,3} and {2,3}
    threats (0.4, 0.4) bind through players 1 and 2; interior points report none."""
    g = BargainingGame.build(["A", "B", "C"], 1, {"A B": [["0.4", "0.4"]], "A C": [["0.4", "0.4"]],
                                                "B C": [["0.4", "0.4"]]})
    r = coalitional_nash_solution(g)
    k = r.solutions.index((F(2, 5), F(2, 5), F(1, 5)))
    got = {(b.coalition, tuple(b.defenders)) for b in r.binding[k]}
    assert got == {("A B", ("A", "B")), ("A C", ("A",)), ("B C", ("B",))}
    assert [b.coalition for b in r.unconstrained_blocked_by] == ["A B", "A C", "B C"]


def test_disagreement_is_netted_out_threats_are_not():
    """§2.5: raising d moves an interior solution; raising a non-binding threat does not."""
    base = BargainingGame.build(["A", "B"], 10, {"A": [[1]]})
    assert _sigma(base) == [(5, 5)]
    assert _sigma(BargainingGame.build(["A", "B"], 10, {"A": [[4]]})) == [(5, 5)]
    assert _sigma(BargainingGame.build(["A", "B"], 10, {"A": [[6]]})) == [(6, 4)]
    assert _sigma(BargainingGame.build(["A", "B"], 10, {"A": [[1]]}, disagreement=[2, 0])) == [(6, 4)]


def test_empty_unblocked_set():
    g = BargainingGame.build(["A", "B", "C"], 1, {"A B": [[1, 1]], "C": [[2]]})
    r = coalitional_nash_solution(g)
    assert r.solutions == [] and r.empty


def test_model_validation():
    with pytest.raises(GameError, match="expected 3 numbers"):
        BargainingGame.build(["A", "B", "C"], [[1, 2]])
    with pytest.raises(GameError, match="positive"):
        BargainingGame.build(["A", "B"], 1, weights=[1, 0])
    with pytest.raises(GameError, match="proper sub-coalitions"):
        BargainingGame.build(["A", "B"], 1, {"A B": [[1, 1]]})
    with pytest.raises(GameError, match="worth >= 0"):
        BargainingGame.build(["A", "B"], -1)
    g = BargainingGame.build(["A", "B"], 3, [Threat(1, (F(1),))])
    assert isinstance(g.feasible, TUSet) and g.contains((F(1), F(2))) and not g.contains((F(2), F(2)))


def test_unblocked_set():
    """U(G): Example 1 keeps both points; the roommate grand coalition's threats block all three."""
    assert unblocked_set(example1_game()) == [(3, 3, 1), (2, 2, 4)]
    g = BargainingGame.build(["A", "B", "C"], [[3, 2, 1], [1, 3, 2], [2, 1, 3]],
                             {"A B": [[3, 2]], "B C": [[3, 2]], "A C": [[2, 3]]})
    assert unblocked_set(g) == []
    pieces = unblocked_set(BargainingGame.build(["A", "B", "C"], 1, {"A B": [["0.4", "0.4"]]}))
    assert sorted(pieces) == [(0, F(2, 5), 0), (F(2, 5), 0, 0)]
