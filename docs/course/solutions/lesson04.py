"""Lesson 4 — solutions (try ../exercises/lesson04.py first)."""
from __future__ import annotations

from fractions import Fraction

import z3


def sorted_excesses(game, x):
    out = []
    for m in range(1, 2**game.n):
        out.append(game.v(m) - sum(x[k] for k in range(game.n) if m >> k & 1))
    return sorted(out, reverse=True)


def _q(value):
    return Fraction(value.as_string())


class _Model:
    def __init__(self, game):
        self.g, self.n, self.grand = game, game.n, 2**game.n - 1
        self.x = [z3.Real(f"x_{k}") for k in range(game.n)]
        self.imputation = [z3.Sum(self.x) == game.v(self.grand),
                           *[self.x[k] >= game.v(1 << k) for k in range(game.n)]]

    def excess(self, m):
        return self.g.v(m) - z3.Sum([self.x[k] for k in range(self.n) if m >> k & 1])

    def stage(self, fixed, free):
        """Minimise the largest excess over ``free`` with ``fixed`` held: (level, face-fixed coalitions)."""
        e = z3.Real("e")
        opt = z3.Optimize()
        opt.add(*self.imputation, *[self.excess(m) == lv for m, lv in fixed.items()])
        opt.add(*[self.excess(m) <= e for m in free])
        best = opt.minimize(e)
        assert opt.check() == z3.sat
        level = _q(best.value())
        tight = []
        for m in free:
            face = z3.Optimize()
            face.add(*self.imputation, *[self.excess(k) == lv for k, lv in fixed.items()])
            face.add(*[self.excess(k) <= level for k in free])
            slack = face.maximize(level - self.excess(m))
            assert face.check() == z3.sat
            if _q(slack.value()) == 0:
                tight.append(m)
        return level, tight, opt.model()

    def determined(self, fixed):
        """Is x pinned down by efficiency and the fixed excesses (and the binding bounds)?"""
        s = z3.Solver()
        s.add(*self.imputation, *[self.excess(m) == lv for m, lv in fixed.items()])
        if s.check() != z3.sat:
            return None
        model = s.model()
        point = [model.eval(xi, model_completion=True) for xi in self.x]
        s.add(z3.Or([xi != v for xi, v in zip(self.x, point)]))
        return [_q(v) for v in point] if s.check() == z3.unsat else None


def fixed_after_first_stage(game):
    m = _Model(game)
    free = list(range(1, m.grand))
    level, tight, _ = m.stage({}, free)
    return {frozenset(p for k, p in enumerate(game.players) if s >> k & 1) for s in tight}


def nucleolus(game):
    m = _Model(game)
    fixed, free = {}, list(range(1, m.grand))
    while True:
        point = m.determined(fixed)
        if point is not None:
            return point
        level, tight, model = m.stage(fixed, free)
        if not tight:  # cannot happen for a bounded LP with an optimum; guard anyway
            return [_q(model.eval(xi, model_completion=True)) for xi in m.x]
        for s in tight:
            fixed[s] = level
        free = [s for s in free if s not in fixed]
        if not free:
            return [_q(model.eval(xi, model_completion=True)) for xi in m.x]
