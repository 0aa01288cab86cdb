"""Lesson 3 — solutions (try ../exercises/lesson03.py first)."""
from __future__ import annotations

from fractions import Fraction

import z3


def _setup(game):
    grand = 2**game.n - 1
    x = [z3.Real(f"x_{p}") for p in game.players]
    base = [*[xi >= 0 for xi in x], z3.Sum(x) == game.v(grand)]
    rows = {m: z3.Sum([x[k] for k in range(game.n) if m >> k & 1]) for m in range(1, grand)}
    return x, base, rows


def relative_sat(game, level):
    x, base, rows = _setup(game)
    s = z3.Solver()
    s.add(*base)
    s.add([rows[m] >= game.v(m) * (1 + level) for m in rows])
    return s.check() == z3.sat


def phase1_exact(game, family):
    x, base, rows = _setup(game)
    t = z3.Real("t")
    opt = z3.Optimize()
    opt.add(*base, t >= 0)
    if family == "absolute":
        opt.add([rows[m] >= game.v(m) + t for m in rows])
    else:
        opt.add([rows[m] >= game.v(m) * (1 + t) for m in rows])
    best = opt.maximize(t)
    assert opt.check() == z3.sat
    return Fraction(best.value().as_string())


def grows_alone(game, level, mask):
    x, base, rows = _setup(game)
    k = z3.Real("k")
    opt = z3.Optimize()
    opt.add(*base)
    opt.add([rows[m] >= game.v(m) + (k if m == mask else level) for m in rows])
    best = opt.maximize(k)
    if opt.check() != z3.sat:
        return False
    value = best.value()
    if z3.is_rational_value(value) or z3.is_int_value(value):
        return Fraction(value.as_string()) > level
    return True  # unbounded (oo) or an infinitesimal above level


def _search(game, sat):
    prev, delta, eps = Fraction(0), Fraction(1000), Fraction(1, 10000)
    while delta >= eps:
        if sat(prev + delta):
            prev += delta
        delta /= 2
    return prev


def effort(game, incremental):
    x, base, rows = _setup(game)
    b = {m: z3.Real(f"b_{m}") for m in rows}
    static = [*base, *[rows[m] >= b[m] for m in rows]]
    total = 0
    if incremental:
        s = z3.Solver()
        s.add(*static)

        def sat(level):
            s.push()
            s.add([b[m] == game.v(m) + level for m in rows])
            ok = s.check() == z3.sat
            s.pop()
            return ok

        _search(game, sat)
        return s.statistics().get_key_value("rlimit count")

    def fresh(level):
        nonlocal total
        s = z3.Solver()
        s.add(*static)
        s.add([b[m] == game.v(m) + level for m in rows])
        ok = s.check() == z3.sat
        total += s.statistics().get_key_value("rlimit count")
        return ok

    _search(game, fresh)
    return total
