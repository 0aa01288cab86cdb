"""Lesson 9 — solutions (try ../exercises/lesson09.py first)."""
from __future__ import annotations

from fractions import Fraction

import z3

import declcoal

QUESTIONS = {
    "max_y_least_core": "maximize x[Y] subject to least_core",
    "equal_x_y_in_core": "find subject to core, x[X] = x[Y]",
    "core_vertices_z_10": "vertices subject to core, x[Z] >= 10",
}


def core_floor(game):
    q = declcoal.query(game)
    q.require("core")
    opt, xs = q.z3()
    t = z3.Real("floor")
    opt.add(*[x >= t for x in xs])
    best = opt.maximize(t)
    if opt.check() != z3.sat:
        return None
    return Fraction(best.value().as_string())


def _lazy(game, player, sense):
    n, grand = game.n, 2**game.n - 1
    x = [z3.Real(f"x{i}") for i in range(n)]
    rows = [1 << i for i in range(n)]
    while True:
        opt = z3.Optimize()
        opt.add(z3.Sum(x) == game.v(grand))
        opt.add([z3.Sum([x[i] for i in range(n) if m >> i & 1]) >= game.v(m) for m in rows])
        (opt.maximize if sense == "max" else opt.minimize)(x[player])
        opt.check()
        point = [Fraction(opt.model().eval(xi).as_string()) for xi in x]
        worst, gap = None, Fraction(0)
        for m in range(1, grand):
            short = game.v(m) - sum(point[i] for i in range(n) if m >> i & 1)
            if short > gap:
                worst, gap = m, short
        if worst is None:
            return point[player], set(rows)
        rows.append(worst)


def lazy_range(game, player):
    lo, rows_lo = _lazy(game, player, "min")
    hi, rows_hi = _lazy(game, player, "max")
    return lo, hi, len(rows_lo | rows_hi)
