"""Lesson 2 exercises — optimisation and explanations (least core, unsat cores, duality).

Fill in every function marked TODO, then check from the repository root:

    declcoal course check docs/course/exercises/lesson02.py

``game.v(mask)`` is the exact worth of the coalition of the set bits of ``mask``;
``game.label(mask)`` its name ("X Y"); the grand coalition is ``2**game.n - 1``.
"""
from __future__ import annotations

from fractions import Fraction

import z3


def least_core_value(game):
    """2.1 (easy). The least-core value ε* = min ε such that some x has x(N) = v(N) and
    x(S) >= v(S) - ε for every coalition S other than N; a Fraction, by z3.Optimize."""
    raise NotImplementedError  # TODO


def conflicting_coalitions(game):
    """2.2 (medium). None if the core is non-empty; otherwise the set of coalitions
    (each a frozenset of player names) whose constraints x(S) >= v(S) appear in a
    *minimal* unsat core of the core constraints (track efficiency too, but do not
    return it)."""
    raise NotImplementedError  # TODO


def is_bondareva_certificate(game, weights):
    """2.3 (medium). ``weights`` maps coalition masks (proper, non-empty) to Fractions.
    True iff every weight is positive, every player's coalitions weigh 1 in total
    (a balanced collection) and Σ weights[S] * v(S) > v(N). Exact arithmetic only."""
    raise NotImplementedError  # TODO


def balanced_weights(game):
    """2.4 (hard). Solve the dual of the core LP: maximise Σ λ_S v(S) over λ_S >= 0
    (S proper, non-empty) with Σ_{S ∋ i} λ_S = 1 for every player i. Return the optimal
    weights as {mask: Fraction} (positive ones only) when the optimum exceeds v(N) — a
    Bondareva–Shapley certificate that the core is empty — and None otherwise."""
    raise NotImplementedError  # TODO


# ----------------------------------------------------------------------------- checks
# Do not edit below this line.

def _games():
    from declcoal.io import load_game
    from declcoal.model.tu import TUGame

    cement = load_game("examples/tick/cement.toml")
    raiffa = load_game("examples/tick/raiffa.toml")
    # four players, empty core: v(N) = 10 but {A B} and {C D} together earn 12
    four = TUGame.from_list(["A", "B", "C", "D"], [0, 0, 6, 0, 0, 0, 6, 0, 0, 0, 6, 6, 6, 6, 10], name="four-empty")
    return cement, raiffa, four


def check_2_1(m):
    cement, raiffa, four = _games()
    for g, expect in [(cement, Fraction(-11, 3)), (raiffa, Fraction(10, 3)), (four, Fraction(1))]:
        got = m.least_core_value(g)
        assert isinstance(got, Fraction), f"{g.name}: return a Fraction, got {type(got).__name__}"
        assert got == expect, f"{g.name}: ε* = {got}, expected {expect}"


def check_2_2(m):
    cement, raiffa, four = _games()
    assert m.conflicting_coalitions(cement) is None, "cement's core is non-empty"
    got = m.conflicting_coalitions(raiffa)
    expect = {frozenset("XY"), frozenset("XZ"), frozenset("YZ")}
    assert got == expect, f"raiffa: got {got}, expected {expect}"
    got4 = m.conflicting_coalitions(four)
    assert got4 is not None and len(got4) >= 2, f"four-empty: got {got4}"
    from declcoal.concepts.tu.core import core
    # the conflict must really be a conflict: those constraints + efficiency are unsat
    x = {p: z3.Real(p) for p in four.players}
    s = z3.Solver()
    s.add(z3.Sum(list(x.values())) == 10)
    s.add([z3.Sum([x[p] for p in S]) >= 6 for S in got4])
    assert s.check() == z3.unsat, "those coalitions' constraints do not conflict"
    assert not core(four).nonempty


def check_2_3(m):
    cement, raiffa, four = _games()
    half = Fraction(1, 2)
    assert m.is_bondareva_certificate(raiffa, {3: half, 5: half, 6: half}) is True
    assert m.is_bondareva_certificate(raiffa, {3: half, 5: half}) is False, "not balanced: Z uncovered"
    assert m.is_bondareva_certificate(cement, {3: half, 5: half, 6: half}) is False, "59/2+45/2+39/2 = 71.5 < 77"
    assert m.is_bondareva_certificate(four, {3: Fraction(1), 12: Fraction(1)}) is True
    assert m.is_bondareva_certificate(four, {3: Fraction(1), 12: Fraction(1), 1: Fraction(0)}) is False, "weights must be positive"


def check_2_4(m):
    cement, raiffa, four = _games()
    assert m.balanced_weights(cement) is None, "cement's core is non-empty: no certificate"
    for g in (raiffa, four):
        w = m.balanced_weights(g)
        assert w, f"{g.name}: expected a certificate"
        w = {k: Fraction(v) for k, v in w.items()}
        for i in range(g.n):
            cover = sum(v for k, v in w.items() if k >> i & 1)
            assert cover == 1, f"{g.name}: player {g.players[i]} is covered {cover} times, not once"
        total = sum(v * g.v(k) for k, v in w.items())
        assert total > g.v(2**g.n - 1), f"{g.name}: weighted worth {total} does not exceed v(N)"


CHECKS = {"2.1": check_2_1, "2.2": check_2_2, "2.3": check_2_3, "2.4": check_2_4}

if __name__ == "__main__":
    from declcoal.course.exercises import check_exercises

    for outcome in check_exercises(__file__):
        print(outcome.number, "ok" if outcome.passed else f"not yet: {outcome.message}")
