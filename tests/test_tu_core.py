"""TU core toolkit: core + Bondareva–Shapley, least core, nucleolus; exact LP solver."""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal.reproduce.tick import tick_game
from declcoal.concepts.tu.tightening import core_conflict
from declcoal.concepts.tu.core import (
    core, excesses, in_core, is_balanced, kohlberg_holds, least_core, nucleolus,
)
from declcoal.errors import GameError
from declcoal.io import load_games
from declcoal.model.coalition import members
from declcoal.model.tu import TUGame
from declcoal.solvers import lp as lpmod
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

NAMES = ["A", "B", "C", "D"]


@st.composite
def games(draw, min_n=2, max_n=4):
    n = draw(st.integers(min_n, max_n))
    vals = draw(st.lists(st.integers(-5, 30), min_size=2**n - 1, max_size=2**n - 1))
    return TUGame.from_list(NAMES[:n], vals)


def bankruptcy(E, claims):
    n = len(claims)
    return TUGame.from_function(NAMES[:n], lambda m: max(0, E - sum(c for i, c in enumerate(claims) if not m >> i & 1)))


# ------------------------------------------------------------------ textbook values
@pytest.mark.parametrize("E,expected", [(100, [F(100, 3)] * 3), (200, [50, 75, 75]), (300, [50, 100, 150])])
def test_nucleolus_is_the_talmud_rule(E, expected):
    """Aumann & Maschler (1985): the nucleolus of the bankruptcy game with claims 100, 200,
    300 is the Talmud's division for estates 100, 200, 300."""
    assert nucleolus(bankruptcy(E, [100, 200, 300])).point == expected


@pytest.mark.parametrize("file,expected", [
    ("glove.toml", [1, 0, 0]), ("majority.toml", [F(1, 3)] * 3), ("bankruptcy-200.toml", [50, 75, 75])])
def test_nucleolus_example_files(file, expected):
    g = load_games(EXAMPLES / "tu" / file)[0]
    assert nucleolus(g).point == expected


def test_majority_core_empty_with_certificate():
    """Three-player majority: {AB, AC, BC} with weights 1/2 is balanced and worth 3/2 > 1."""
    g = load_games(EXAMPLES / "tu" / "majority.toml")[0]
    r = core(g)
    assert not r.nonempty
    assert sorted(r.balanced) == [("A B", F(1, 2)), ("A C", F(1, 2)), ("B C", F(1, 2))]
    assert r.balanced_value == F(3, 2)
    assert least_core(g).epsilon == F(1, 3)


def test_raiffa_core_empty():
    r = core(tick_game("raiffa"))
    assert not r.nonempty and r.balanced_value == 126 and len(r.conflict) == 4


def test_cement_least_core_and_nucleolus():
    g = tick_game("cement")
    assert least_core(g).epsilon == F(-11, 3)
    assert nucleolus(g).point == [F(103, 3), F(85, 3), F(43, 3)]


def test_nucleolus_empty_imputation_set():
    g = TUGame.from_list(["A", "B"], [3, 3, 5])
    with pytest.raises(GameError, match="imputation"):
        nucleolus(g)
    assert nucleolus(g, imputations=False).point == [F(5, 2), F(5, 2)]


# ------------------------------------------------------------------ properties
@given(games())
@settings(max_examples=40)
def test_core_certificate_or_point(g):
    """Bondareva–Shapley: either a core point, or a balanced collection worth more than v(N);
    agrees with the least core (ε* <= 0) and with Z3's satisfiability test."""
    r = core(g)
    lc = least_core(g)
    assert r.nonempty == (lc.epsilon <= 0) == (core_conflict(g, nonnegative=False) is None)
    if r.nonempty:
        assert in_core(g, r.point)
    else:
        label_to_mask = {g.label(m): m for m in range(1, 2**g.n)}
        coll = [label_to_mask[c] for c, _ in r.balanced]
        w = [x for _, x in r.balanced]
        assert is_balanced(coll, g.n, w)
        assert sum(x * g.v(m) for m, x in zip(coll, w)) == r.balanced_value > g.v(g.grand)


@given(games())
@settings(max_examples=40)
def test_prenucleolus_kohlberg_and_least_core(g):
    """Kohlberg (1971) criterion holds at the prenucleolus (independent check), and the
    prenucleolus lies in the least core (its largest excess is ε*)."""
    x = nucleolus(g, imputations=False).point
    assert kohlberg_holds(g, x)
    assert excesses(g, x)[0] == least_core(g).epsilon if g.n > 1 else True


@given(games(3, 4))
@settings(max_examples=30)
def test_nucleolus_in_core_when_nonempty(g):
    if core(g).nonempty:
        x = nucleolus(g).point
        assert in_core(g, x)
        assert x == nucleolus(g, imputations=False).point
        assert excesses(g, x)[0] == least_core(g).epsilon  # the nucleolus is in the least core


@given(games(3, 4), st.permutations(range(4)))
@settings(max_examples=20)
def test_nucleolus_relabelling(g, perm):
    if sum(g.v(1 << i) for i in range(g.n)) > g.v(g.grand):
        return
    order = [p for p in perm if p < g.n]
    assert nucleolus(g.relabel(order)).point == [nucleolus(g).point[i] for i in order]


def test_kohlberg_rejects_a_non_nucleolus():
    g = tick_game("cement")
    assert not kohlberg_holds(g, [F(35), F(28), F(14)])


# ------------------------------------------------------------------ exact LP
@given(st.integers(2, 4), st.lists(st.integers(-9, 9), min_size=40, max_size=40),
       st.lists(st.integers(-9, 9), min_size=4, max_size=4))
@settings(max_examples=40)
def test_lp_highs_certificate_agrees_with_z3(n, coeffs, c):
    """Differential: HiGHS + rational certificate vs Z3 rational simplex on random bounded LPs."""
    lp = lpmod.LP(n)
    for i in range(n):  # a box keeps it bounded
        e = [0] * n
        e[i] = 1
        lp.add(e, "<=", 10)
        lp.add(e, ">=", -10)
    for r in range(6):
        row = coeffs[r * n:(r + 1) * n]
        lp.add(row, ">=" if r % 2 else "<=", coeffs[-1 - r])
    lp.objective(c[:n], maximize=True)
    a, b = lpmod.solve(lp, "auto"), lpmod.solve(lp, "z3")
    assert a.status == b.status
    if a.optimal:
        assert a.value == b.value
        assert lp.violated_row(a.x) is None


def test_lp_bad_rows():
    lp = lpmod.LP(2)
    from declcoal.errors import InputError

    with pytest.raises(InputError):
        lp.add([1], ">=", 0)
    with pytest.raises(InputError):
        lp.add([1, 1], ">", 0)
    with pytest.raises(InputError):
        lp.add([0.5, 1], ">=", 0)


def test_lp_infeasible_and_unbounded():
    lp = lpmod.LP(1)
    lp.add([1], ">=", 2)
    lp.add([1], "<=", 1)
    assert lpmod.solve(lp).status == lpmod.INFEASIBLE
    lp = lpmod.LP(1)
    lp.add([1], ">=", 2)
    lp.objective([1])
    assert lpmod.solve(lp).status == lpmod.UNBOUNDED


def test_members_helper_consistency():
    assert members(0b1011) == [0, 1, 3]
