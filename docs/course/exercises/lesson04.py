"""Lesson 4 exercises — sequential optimisation: the nucleolus.

Fill in every function marked TODO, then check from the repository root:

    declcoal course check docs/course/exercises/lesson04.py

Excess: e(S, x) = v(S) - x(S). Imputations: x(N) = v(N) and x_i >= v({i}).
"""
from __future__ import annotations

from fractions import Fraction

import z3


def sorted_excesses(game, x):
    """4.1 (easy). The excesses e(S, x) of every non-empty coalition S (N included),
    as Fractions sorted from the largest to the smallest."""
    raise NotImplementedError  # TODO


def fixed_after_first_stage(game):
    """4.2 (medium). Stage 1: ε* = min over imputations of the largest excess over the
    proper coalitions. Return the set of coalitions (frozensets of player names) whose
    excess equals ε* at EVERY optimal imputation — not just at the one the solver
    returns."""
    raise NotImplementedError  # TODO


def nucleolus(game):
    """4.3 (hard). The nucleolus (over imputations) as a list of Fractions, by
    sequential LPs with the whole-face test of the lesson."""
    raise NotImplementedError  # TODO


# ----------------------------------------------------------------------------- checks
# Do not edit below this line.

def _games():
    import random

    from declcoal.io import load_game
    from declcoal.model.tu import TUGame

    games = [load_game("examples/tu/nucleolus-trap.toml"), load_game("examples/tick/cement.toml"),
             load_game("examples/tick/rand5.toml")]
    rng = random.Random(4)
    for k in range(6):
        n = 3 if k < 3 else 4
        vals = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6]) for _ in range(2**n - 1)]
        for i in range(n):
            vals[(1 << i) - 1] = 0
        vals[-1] = max(vals) + rng.randint(0, 3)
        games.append(TUGame.from_list("ABCD"[:n], vals, name=f"random{k}"))
    # the 4-player trap: fixing the coalitions tight at one optimal vertex is wrong here
    games.append(TUGame.from_list("ABCD", [0, 0, 4, 0, 0, 0, 6, 0, 2, 2, 6, 6, 5, 1, 7], name="trap4"))
    return games


def check_4_1(m):
    g = _games()[1]
    x = [Fraction(103, 3), Fraction(85, 3), Fraction(43, 3)]
    got = m.sorted_excesses(g, x)
    assert len(got) == 7, f"expected 7 excesses (every non-empty coalition), got {len(got)}"
    assert got[0] == 0 and got[1:4] == [Fraction(-11, 3)] * 3, f"got {got}"
    assert got == sorted(got, reverse=True), "not sorted from largest to smallest"
    assert got[-1] == Fraction(-28, 3), f"the smallest excess is v(Z) - x_Z = 5 - 43/3 = -28/3, got {got[-1]}"


def check_4_2(m):
    g = _games()[0]
    got = m.fixed_after_first_stage(g)
    assert got == {frozenset("Y"), frozenset("XZ")}, f"trap game: got {got}; Z and {{Y,Z}} are tight only at a vertex"
    cement = _games()[1]
    assert m.fixed_after_first_stage(cement) == {frozenset("XY"), frozenset("XZ"), frozenset("YZ")}


def check_4_3(m):
    from declcoal.concepts.tu.core import nucleolus

    for g in _games():
        got = [Fraction(v) for v in m.nucleolus(g)]
        expect = nucleolus(g).point
        assert got == expect, f"{g.name}: got {got}, expected {expect}"


CHECKS = {"4.1": check_4_1, "4.2": check_4_2, "4.3": check_4_3}

if __name__ == "__main__":
    from declcoal.course.exercises import check_exercises

    for outcome in check_exercises(__file__):
        print(outcome.number, "ok" if outcome.passed else f"not yet: {outcome.message}")
