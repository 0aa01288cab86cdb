"""Lesson 2 — solutions (try ../exercises/lesson02.py first)."""
from __future__ import annotations

from fractions import Fraction

import z3


def _x(game):
    return {p: z3.Real(f"x_{p}") for p in game.players}


def _total(game, x, mask):
    return z3.Sum([x[p] for k, p in enumerate(game.players) if mask >> k & 1])


def _q(value):
    return Fraction(value.as_string())


def least_core_value(game):
    x, eps, grand = _x(game), z3.Real("eps"), 2**game.n - 1
    opt = z3.Optimize()
    opt.add(_total(game, x, grand) == game.v(grand))
    opt.add([_total(game, x, m) >= game.v(m) - eps for m in range(1, grand)])
    goal = opt.minimize(eps)
    assert opt.check() == z3.sat
    return _q(goal.value())


def conflicting_coalitions(game):
    x, grand = _x(game), 2**game.n - 1
    s = z3.Solver()
    s.set("core.minimize", True)
    names = {}
    s.assert_and_track(_total(game, x, grand) == game.v(grand), "efficiency")
    for m in range(1, grand):
        tag = z3.Bool(f"S{m}")
        names[str(tag)] = frozenset(p for k, p in enumerate(game.players) if m >> k & 1)
        s.assert_and_track(_total(game, x, m) >= game.v(m), tag)
    if s.check() == z3.sat:
        return None
    return {names[str(t)] for t in s.unsat_core() if str(t) in names}


def is_bondareva_certificate(game, weights):
    if any(w <= 0 for w in weights.values()):
        return False
    for i in range(game.n):
        if sum(w for S, w in weights.items() if S >> i & 1) != 1:
            return False
    return sum(w * game.v(S) for S, w in weights.items()) > game.v(2**game.n - 1)


def balanced_weights(game):
    grand = 2**game.n - 1
    lam = {m: z3.Real(f"l{m}") for m in range(1, grand)}
    opt = z3.Optimize()
    opt.add([v >= 0 for v in lam.values()])
    for i in range(game.n):
        opt.add(z3.Sum([v for m, v in lam.items() if m >> i & 1]) == 1)
    goal = opt.maximize(z3.Sum([v * game.v(m) for m, v in lam.items()]))
    assert opt.check() == z3.sat
    if _q(goal.value()) <= game.v(grand):
        return None
    model = opt.model()
    weights = {m: _q(model.eval(v, model_completion=True)) for m, v in lam.items()}
    return {m: w for m, w in weights.items() if w > 0}
