"""Lesson 5 exercises — nonlinear objectives: the Nash product.

Fill in every function marked TODO, then check from the repository root:

    declcoal course check docs/course/exercises/lesson05.py

All numbers are Fractions; disagreement payoffs are 0; ``weights`` are positive
Fractions (possibly non-integer).
"""
from __future__ import annotations

from fractions import Fraction


def tu_nash(total, weights):
    """5.1 (easy). The maximiser of Π x_j^{w_j} over {x >= 0, Σ x = total}, as a tuple
    of Fractions (closed form: shares proportional to the weights)."""
    raise NotImplementedError  # TODO


def water_fill(lower, total, weights):
    """5.2 (medium). The maximiser of Π x_j^{w_j} over {x >= lower, Σ x = total}: the
    KKT point x_j = max(lower_j, w_j t) for the level t with Σ x_j = total; a tuple of
    Fractions, or None when Σ lower > total (the piece is empty)."""
    raise NotImplementedError  # TODO


def nash_with_threats(total, weights, threats):
    """5.3 (hard). ``threats`` maps a coalition (a tuple of player indices) to a list of
    payoff vectors y it can secure (one entry per member, in the tuple's order). A point
    is blocked by (S, y) when y_k > x_{S[k]} for every member. Return the SET of all
    maximisers (tuples of Fractions) of Π x_j^{w_j} over the unblocked points of
    {x >= 0, Σ x = total}: enumerate the pieces (a defender per threat), solve each in
    closed form, keep the unblocked candidates and compare their products exactly."""
    raise NotImplementedError  # TODO


# ----------------------------------------------------------------------------- checks
# Do not edit below this line.

F = Fraction


def check_5_1(m):
    assert tuple(m.tu_nash(F(1), [F(1)] * 3)) == (F(1, 3),) * 3
    assert tuple(m.tu_nash(F(10), [F(1), F(2), F(3), F(1)])) == (F(10, 7), F(20, 7), F(30, 7), F(10, 7))
    assert tuple(m.tu_nash(F(1), [F(1, 2), F(1, 3)])) == (F(3, 5), F(2, 5))


def check_5_2(m):
    from declcoal.concepts.bargaining.nash import waterfill

    import random

    rng = random.Random(5)
    cases = [([F(1, 3), 0, 0, 0], F(1), [F(1), F(2), F(3), F(1)]), ([F(2), F(2)], F(3), [F(1), F(1)]),
             ([F(1, 2), F(1, 2)], F(1), [F(1), F(5)])]
    for _ in range(60):
        n = rng.randint(2, 5)
        lower = [F(rng.randint(0, 4), rng.randint(1, 4)) for _ in range(n)]
        cases.append((lower, F(rng.randint(1, 12), rng.randint(1, 3)), [F(rng.randint(1, 4), rng.randint(1, 3)) for _ in range(n)]))
    for lower, total, w in cases:
        got = m.water_fill(lower, total, w)
        expect = waterfill([F(v) for v in lower], total, w)
        got = None if got is None else tuple(F(v) for v in got)
        assert got == expect, f"water_fill({lower}, {total}, {w}) = {got}, expected {expect}"


def check_5_3(m):
    from declcoal.concepts.bargaining.nash import coalitional_nash_solution
    from declcoal.model.bargaining import BargainingGame

    cases = [
        (F(1), [F(1)] * 3, {(0, 1): [(F(2, 5), F(2, 5))]}),                 # Ray & Vohra, Example 6
        (F(1), [F(1), F(2), F(3), F(1)], {(0, 3): [(F(1, 3), F(1, 3))]}),   # the lesson's game
        (F(1), [F(1)] * 3, {(0, 1): [(F(2, 5), F(2, 5))], (0, 2): [(F(2, 5), F(2, 5))],
                            (1, 2): [(F(2, 5), F(2, 5))]}),                  # Example 5's pairs
        (F(6), [F(1), F(1, 2), F(2)], {(0, 2): [(F(3), F(2)), (F(1), F(4))], (1,): [(F(1),)]}),
    ]
    for total, w, threats in cases:
        got = {tuple(F(v) for v in p) for p in m.nash_with_threats(total, w, threats)}
        names = [f"P{i + 1}" for i in range(len(w))]
        doc_threats = {" ".join(names[i] for i in S): [list(y) for y in ys] for S, ys in threats.items()}
        game = BargainingGame.build(names, total, doc_threats, None, w)
        expect = set(coalitional_nash_solution(game).solutions)
        assert got == expect, f"weights {w}, threats {threats}: got {got}, expected {expect}"


CHECKS = {"5.1": check_5_1, "5.2": check_5_2, "5.3": check_5_3}

if __name__ == "__main__":
    from declcoal.course.exercises import check_exercises

    for outcome in check_exercises(__file__):
        print(outcome.number, "ok" if outcome.passed else f"not yet: {outcome.message}")
