"""Declarative queries on the papers' worked examples (issue 12, "What must be shown").

* Tick (1995), cement game (§6, Table 2's data; v = 30, 22, 59, 5, 45, 39, 77): the
  range of each share over the core, the core's vertices, and Tick's tightened
  allocation (Table 3, relative tightening) inside the core;
* Tick's ``raiffa`` game (§7, Table 2): the empty core's conflict names the coalitions;
* Ray & Vohra (2025), Example 6: the unblocked set and its efficient part (§5.4: the
  threat of {1,2} is (0.4, 0.4); σ = {(0.4,0.3,0.3), (0.3,0.4,0.3)} lies in it);
* Dunne et al. (2010), Example 2: no coalition structure is stable (§4), and queries
  that add cooperation or goal conditions.
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest

import declcoal
from conftest import EXAMPLES
from declcoal.io import load_game

CEMENT = EXAMPLES / "tick" / "cement.toml"
RAIFFA = EXAMPLES / "tick" / "raiffa.toml"
EX6 = EXAMPLES / "ray-vohra" / "example6.toml"
CRG2 = EXAMPLES / "crg" / "example2.lp"


@pytest.fixture(scope="module")
def cement():
    return declcoal.query(load_game(CEMENT))


# ------------------------------------------------------------------ Tick's cement game
@pytest.mark.parametrize("player, lo, hi", [("X", 30, 38), ("Y", 22, 32), ("Z", 7, 18)])
def test_cement_share_ranges_over_the_core(cement, player, lo, hi):
    """x_X ∈ [v(X), v(N) − v(YZ)] = [30, 38], x_Y ∈ [22, 32], x_Z ∈ [77 − 70, 77 − 59] = [7, 18]."""
    a = cement.run(f"range x[{player}] subject to core")
    assert (a.lower["value"], a.upper["value"]) == (lo, hi)
    assert a.lower["attained"] and a.upper["attained"]
    for b in (a.lower, a.upper):
        assert declcoal.in_core(cement.game, b["point"])


def test_cement_core_vertices(cement):
    a = cement.run("vertices subject to core")
    assert a.vertices == [[30, 29, 18], [30, 32, 15], [37, 22, 18], [38, 22, 17], [38, 32, 7]]
    assert a.bounded
    assert all(declcoal.in_core(cement.game, v) for v in a.vertices)


def test_cement_tightened_allocation_lies_in_the_core(cement):
    t = declcoal.tighten(cement.game, "relative")
    assert [round(float(v), 2) for v in t.allocation] == [35.0, 28.54, 13.46]  # Tick 1995, Table 3
    a = cement.run("member (X={}, Y={}, Z={}) subject to core".format(*[f"{v.numerator}/{v.denominator}"
                                                                         for v in t.allocation]))
    assert a.status == "member", a.failing
    # after one iteration Tick's region is already that single point
    v = cement.run("vertices subject to tightened(1)")
    assert v.vertices == [t.allocation]


def test_cement_least_core_and_a_question_of_ones_own(cement):
    a = cement.run('maximize x[Z] subject to least_core')
    assert a.value == F(43, 3)
    b = cement.run('core, "X gets 40": x[X] >= 40')
    assert b.status == "infeasible"
    assert "X gets 40" in b.conflict and "core: x(Y Z) >= 39" in b.conflict


def test_cement_strict_supremum_is_not_attained(cement):
    a = cement.run("maximize x[X] subject to core, x[X] < 35")
    assert a.status == "optimal" and a.value == 35 and not a.attained
    assert "not attained" in a.text()
    r = cement.run("range x[X] subject to core, x[X] > 30")
    assert r.lower["value"] == 30 and not r.lower["attained"] and r.upper["attained"]
    assert r.text().startswith("range (30, 38]")


# ------------------------------------------------------------------ raiffa
def test_raiffa_empty_core_conflict_names_the_coalitions():
    q = declcoal.query(load_game(RAIFFA))
    a = q.run("core")
    assert a.status == "infeasible"
    assert a.conflict == ["core: x(N) = v(N) = 121", "core: x(X Y) >= 118", "core: x(X Z) >= 84", "core: x(Y Z) >= 50"]
    # the balanced collection {XY, XZ, YZ} with weights 1/2: (118 + 84 + 50)/2 = 126 > 121
    assert declcoal.core(q.game).nonempty is False


# ------------------------------------------------------------------ Ray & Vohra, Example 6
def test_example6_unblocked_set_and_its_efficient_part():
    q = declcoal.query(load_game(EX6))
    eff = q.run("vertices subject to unblocked_efficient")
    # U_eff = {x >= 0, sum x = 1, x1 >= 0.4 or x2 >= 0.4}: two triangles
    assert eff.pieces == [[[F(2, 5), 0, F(3, 5)], [F(2, 5), F(3, 5), 0], [1, 0, 0]],
                          [[0, F(2, 5), F(3, 5)], [0, 1, 0], [F(3, 5), F(2, 5), 0]]]
    for x in ([F(2, 5), F(3, 10), F(3, 10)], [F(3, 10), F(2, 5), F(3, 10)]):  # σ of §5.4
        assert q.run("member ({}) subject to unblocked_efficient".format(
            ", ".join(f"{p}={v.numerator}/{v.denominator}" for p, v in zip(q.players, x)))).status == "member"
    blocked = q.run("member (P1=3/10, P2=3/10, P3=2/5) subject to unblocked_efficient")
    assert blocked.status == "not-member"
    assert blocked.failing == ["unblocked_efficient: not blocked by (P1 P2; 2/5, 2/5)"]
    r = q.run("range x[P3] subject to unblocked_efficient")
    assert (r.lower["value"], r.upper["value"]) == (0, F(3, 5))
    # the unblocked set itself also contains inefficient points: sum x ranges over [2/5, 1]
    s = q.run("range x(P1 P2 P3) subject to unblocked")
    assert (s.lower["value"], s.upper["value"]) == (F(2, 5), 1)
    # the core is {x >= 0 : x1 + x2 >= 0.8, sum = 1}; the Compte-Jehiel point (0.4,0.4,0.2) is in it
    assert q.run("member (P1=2/5, P2=2/5, P3=1/5) subject to core").status == "member"
    assert q.run("member (P1=2/5, P2=3/10, P3=3/10) subject to core").status == "not-member"


def test_example6_unblocked_agrees_with_the_nash_module():
    from declcoal.concepts.bargaining.nash_tu import naive_nash

    q = declcoal.query(load_game(EX6))
    sols = naive_nash(q.game).grand.solutions
    assert sorted(sols) == [(F(3, 10), F(2, 5), F(3, 10)), (F(2, 5), F(3, 10), F(3, 10))]
    for x in sols:
        pt = "[" + ", ".join(f"{v.numerator}/{v.denominator}" for v in x) + "]"
        assert q.run(f"member {pt} subject to unblocked_efficient").status == "member"


# ------------------------------------------------------------------ Dunne et al., Example 2
@pytest.fixture(scope="module")
def crg2():
    return declcoal.query(load_game(CRG2))


def test_example2_no_structure_is_stable(crg2):
    a = crg2.run("stable")
    assert a.status == "none" and a.conflict == ["stable"]
    assert crg2.run("count subject to stable").count == 0
    assert declcoal.core_nonempty(crg2.game).nonempty is False


def test_example2_cooperation_and_goal_conditions(crg2):
    a = crg2.run("find subject to together(a1, a2), achieved(g1)")
    assert a.status == "found"
    sigma = a.structures[0].coops
    lam = next(c for c in sigma if c.coalition & 1)
    assert lam.coalition & 0b11 == 0b11 and lam.goals & 1
    from declcoal.model.crg import check_sigma

    check_sigma(crg2.game, sigma)  # a real coalition structure with a feasible ξ
    b = crg2.run("find subject to not together(a1, a2), satisfied(a1), satisfied(a2)")
    assert b.status == "found"
    assert all(not (c.coalition & 0b11 == 0b11) for c in b.structures[0].coops)
    c = crg2.run("minimize total_cost subject to satisfied(a1), satisfied(a2)")
    assert c.value == 10
    d = crg2.run("maximize num_satisfied")
    assert d.value == 3  # g1 and g4 need 1 + 2 units of r3; only a2 and a3 own one each
    u = crg2.run("not stable, together(a1, a2)")
    from declcoal.model.crg import blocks

    assert u.status == "found" and blocks(crg2.game, u.structures[0].blocker, u.structures[0].coops)
    e = crg2.run("stable, together(a1, a2)")
    assert e.status == "none" and e.conflict == ["stable"]
    f = crg2.run('"cheap a1": cost(a1) <= 3, "a1 served": satisfied(a1), "alone": not together(a1, a2), '
                 'not together(a1, a3), not together(a1, a4)')
    assert f.status == "none"
    # g1 needs one unit of r3, which only a2 and a3 own: a1 is served only beside one of them
    assert f.conflict == ["a1 served", "alone", "not together(a1, a3)"]
