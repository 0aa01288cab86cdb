"""Lesson 3 exercises — from CLP(R) to Z3 (Tick's tightening, incremental solving).

Fill in every function marked TODO, then check from the repository root:

    declcoal course check docs/course/exercises/lesson03.py

As in Tick (1995, §2) every share is non-negative (X_i >= 0), efficiency holds
(x(N) = v(N)), and each proper coalition S has a tightened constraint
x(S) >= γ(v(S), K_S): absolute γ = v(S) + K, relative γ = v(S)·(1 + K).
"""
from __future__ import annotations

from fractions import Fraction

import z3


def relative_sat(game, level):
    """3.1 (easy). True iff the constraints are satisfiable when every K_S = ``level``
    (a Fraction) under *relative* tightening x(S) >= v(S)·(1 + level)."""
    raise NotImplementedError  # TODO


def phase1_exact(game, family):
    """3.2 (medium). Phase I's level exactly: the largest t >= 0 such that the
    constraints hold with every K_S = t, for family "absolute" or "relative"; a
    Fraction computed with one z3.Optimize maximisation (no binary search)."""
    raise NotImplementedError  # TODO


def grows_alone(game, level, mask):
    """3.3 (medium). Phase II exactly. With every K_T = ``level`` (absolute family),
    can K of the coalition ``mask`` alone be raised above ``level`` while the
    constraints stay satisfiable? (Maximise it with the others held at ``level``.)"""
    raise NotImplementedError  # TODO


def effort(game, incremental):
    """3.4 (hard). Run the binary search of the lesson (absolute family, Δmax = 1000,
    ε = 1/10000, start 0) and return the total Z3 effort, the statistic
    "rlimit count": on ONE solver with push/pop when ``incremental`` is True (its
    final rlimit count), or on a fresh solver per question otherwise (the sum of
    their rlimit counts)."""
    raise NotImplementedError  # TODO


# ----------------------------------------------------------------------------- checks
# Do not edit below this line.

def _games():
    from declcoal.io import load_game

    return [load_game(f"examples/tick/{name}.toml") for name in ("cement", "rand1", "rand5", "tweak1")]


def _levels(game, family):
    from declcoal.concepts.tu.tightening import tighten

    return tighten(game, family, mode="exact").trace[0].level


def check_3_1(m):
    for g in _games():
        best = _levels(g, "relative")
        for level in (Fraction(0), Fraction(1, 20), Fraction(1, 13), Fraction(1, 12), best, best + Fraction(1, 10**6)):
            expect = level <= best
            got = m.relative_sat(g, level)
            assert got == expect, f"{g.name}: relative_sat at {level} is {got}, expected {expect}"


def check_3_2(m):
    for g in _games():
        for family in ("absolute", "relative"):
            got = m.phase1_exact(g, family)
            expect = _levels(g, family)
            assert isinstance(got, Fraction), "return a Fraction"
            assert got == expect, f"{g.name}, {family}: level {got}, expected {expect}"


def check_3_3(m):
    from declcoal.concepts.tu.tightening import tighten

    for g in _games():
        r = tighten(g, "absolute", mode="exact")
        first = r.trace[0]
        fixed = set(first.newly_fixed)
        for mask in range(1, 2**g.n - 1):
            got = m.grows_alone(g, first.level, mask)
            expect = g.label(mask) not in fixed
            assert got == expect, f"{g.name}: grows_alone({g.label(mask)!r}) = {got}, expected {expect}"


def check_3_4(m):
    g = _games()[0]
    inc, fresh = m.effort(g, True), m.effort(g, False)
    assert isinstance(inc, int) and isinstance(fresh, int) and inc > 0, f"got {inc!r}, {fresh!r}"
    assert inc < fresh, f"incremental effort {inc} is not below the fresh-solver effort {fresh}"


CHECKS = {"3.1": check_3_1, "3.2": check_3_2, "3.3": check_3_3, "3.4": check_3_4}

if __name__ == "__main__":
    from declcoal.course.exercises import check_exercises

    for outcome in check_exercises(__file__):
        print(outcome.number, "ok" if outcome.passed else f"not yet: {outcome.message}")
