"""Lesson 1 exercises — a TU game as linear constraints (the core in Z3).

Fill in every function marked TODO, then check your answers from the repository root:

    declcoal course check docs/course/exercises/lesson01.py

A game ``g`` is a :class:`declcoal.TUGame`: ``g.players`` are the names, ``g.n`` their
number, and ``g.v(mask)`` the exact worth (a ``Fraction``) of the coalition whose members
are the set bits of ``mask`` (player k is bit k; the grand coalition is ``2**g.n - 1``).
"""
from __future__ import annotations

from fractions import Fraction

import z3


def core_constraints(game, x):
    """1.1 (easy). The core of ``game`` as a list of Z3 constraints over ``x``, a dict
    player name -> z3.Real: efficiency x(N) == v(N) and x(S) >= v(S) for every other
    non-empty coalition S."""
    raise NotImplementedError  # TODO


def core_member(game, point):
    """1.2 (medium). True if ``point`` (a list of Fractions, one per player, in
    ``game.players`` order) is in the core. Decide it with Z3: assert the core
    constraints and ``x_i == point_i`` for every player, then ask ``check()``."""
    raise NotImplementedError  # TODO


def share_range(game, player):
    """1.3 (medium). ``(least, most)``: the smallest and largest share of ``player``
    over the core, as Fractions, computed with ``z3.Optimize`` (minimize, then
    maximize); ``None`` when the core is empty. Hint: ``Fraction(val.as_string())``
    turns a Z3 number (integer or rational) into an exact Fraction."""
    raise NotImplementedError  # TODO


def two_core_points(game):
    """1.4 (hard). A list of core allocations (each a list of Fractions): two different
    ones if the core has more than one point, the only one if it is a single point,
    ``[]`` if it is empty. Ask Z3 for a model, then for a model different from it
    (add the constraint "some x_i differs from the first model")."""
    raise NotImplementedError  # TODO


# ----------------------------------------------------------------------------- checks
# Do not edit below this line: `declcoal course check` runs these against your answers.

def _games():
    from declcoal.io import load_game
    from declcoal.model.tu import TUGame

    cement = load_game("examples/tick/cement.toml")
    raiffa = load_game("examples/tick/raiffa.toml")
    # a one-point core: v(N) = 3 and every pair already worth 2
    point = TUGame.from_list(["A", "B", "C"], [0, 0, 2, 0, 2, 2, 3], name="one-point")
    four = TUGame.from_list(["A", "B", "C", "D"], [1, 2, 4, 0, 3, 5, 7, 1, 3, 4, 6, 2, 5, 7, 12], name="four")
    return cement, raiffa, point, four


def _in_core(game, x):
    from declcoal.concepts.tu.core import in_core

    return in_core(game, [Fraction(v) for v in x])


def check_1_1(m):
    cement, raiffa, point, four = _games()
    for g, expect in [(cement, z3.sat), (raiffa, z3.unsat), (point, z3.sat), (four, z3.sat)]:
        x = {p: z3.Real(f"x_{p}") for p in g.players}
        cons = m.core_constraints(g, x)
        assert len(cons) == 2**g.n - 1, f"{g.name}: expected {2**g.n - 1} constraints, got {len(cons)}"
        s = z3.Solver()
        s.add(cons)
        got = s.check()
        assert got == expect, f"{g.name}: the core constraints are {got}, expected {expect}"
        if got == z3.sat:
            model = s.model()
            val = [Fraction(model.eval(x[p], model_completion=True).as_string()) for p in g.players]
            assert _in_core(g, val), f"{g.name}: Z3's model {val} of your constraints is not in the core"


def check_1_2(m):
    cement, raiffa, point, four = _games()
    cases = [(cement, [38, Fraction(53, 2), Fraction(25, 2)], True), (cement, [40, 30, 7], False),
             (cement, [30, 29, 18], True), (cement, [31, 29, 18], False), (point, [1, 1, 1], True),
             (point, [2, 1, 0], False), (raiffa, [40, 40, 41], False)]
    for g, x, expect in cases:
        x = [Fraction(v) for v in x]
        got = m.core_member(g, x)
        assert got == expect, f"{g.name}: core_member({[str(v) for v in x]}) = {got}, expected {expect}"


def check_1_3(m):
    cement, raiffa, point, four = _games()
    assert m.share_range(raiffa, "X") is None, "raiffa's core is empty: share_range must return None"
    expect = {"X": (30, 38), "Y": (22, 32), "Z": (7, 18)}
    for p, (lo, hi) in expect.items():
        got = m.share_range(cement, p)
        assert got is not None and tuple(got) == (lo, hi), f"cement, {p}: got {got}, expected ({lo}, {hi})"
        assert all(isinstance(v, Fraction) for v in got), "return Fractions, not Z3 values or floats"
    assert tuple(m.share_range(point, "B")) == (1, 1)


def check_1_4(m):
    cement, raiffa, point, four = _games()
    assert m.two_core_points(raiffa) == [], "raiffa's core is empty"
    one = m.two_core_points(point)
    assert [list(map(Fraction, p)) for p in one] == [[1, 1, 1]], f"the one-point core is [[1, 1, 1]], got {one}"
    for g in (cement, four):
        pts = m.two_core_points(g)
        assert len(pts) == 2, f"{g.name}: expected two points, got {len(pts)}"
        assert pts[0] != pts[1], f"{g.name}: the two points are equal"
        for p in pts:
            assert _in_core(g, p), f"{g.name}: {p} is not in the core"


CHECKS = {"1.1": check_1_1, "1.2": check_1_2, "1.3": check_1_3, "1.4": check_1_4}

if __name__ == "__main__":  # python docs/course/exercises/lesson01.py works too
    from declcoal.course.exercises import check_exercises

    for outcome in check_exercises(__file__):
        print(outcome.number, "ok" if outcome.passed else f"not yet: {outcome.message}")
