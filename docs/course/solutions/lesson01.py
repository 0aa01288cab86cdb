"""Lesson 1 — solutions (try the exercises in ../exercises/lesson01.py first)."""
from __future__ import annotations

from fractions import Fraction

import z3


def _sum(game, x, mask):
    return z3.Sum([x[p] for k, p in enumerate(game.players) if mask >> k & 1])


def core_constraints(game, x):
    grand = 2**game.n - 1
    cons = [_sum(game, x, grand) == game.v(grand)]
    cons += [_sum(game, x, m) >= game.v(m) for m in range(1, grand)]
    return cons


def _variables(game):
    return {p: z3.Real(f"x_{p}") for p in game.players}


def core_member(game, point):
    x = _variables(game)
    s = z3.Solver()
    s.add(core_constraints(game, x))
    s.add([x[p] == z3.Q(v.numerator, v.denominator) for p, v in zip(game.players, point)])
    return s.check() == z3.sat


def _optimum(game, x, player, sense):
    opt = z3.Optimize()
    opt.add(core_constraints(game, x))
    goal = opt.minimize(x[player]) if sense == "min" else opt.maximize(x[player])
    if opt.check() != z3.sat:
        return None
    value = goal.lower() if sense == "min" else goal.upper()
    return Fraction(value.as_string())  # IntNumRef or RatNumRef: both print exactly


def share_range(game, player):
    x = _variables(game)
    lo = _optimum(game, x, player, "min")
    if lo is None:
        return None
    return lo, _optimum(game, x, player, "max")


def two_core_points(game):
    x = _variables(game)
    s = z3.Solver()
    s.add(core_constraints(game, x))
    points = []
    for _ in range(2):
        if s.check() != z3.sat:
            break
        model = s.model()
        val = [model.eval(x[p], model_completion=True) for p in game.players]
        points.append([Fraction(v.as_string()) for v in val])
        s.add(z3.Or([x[p] != v for p, v in zip(game.players, val)]))  # a different point next time
    return points
