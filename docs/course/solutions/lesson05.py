"""Lesson 5 — solutions (try ../exercises/lesson05.py first)."""
from __future__ import annotations

import itertools
import math
from fractions import Fraction


def tu_nash(total, weights):
    s = sum(weights)
    return tuple(Fraction(total) * w / s for w in weights)


def water_fill(lower, total, weights):
    lower = [Fraction(v) for v in lower]
    if sum(lower) > total:
        return None
    # the level t is where Σ max(L_j, γ_j t) = total: try the breakpoints t = L_j / γ_j in order
    active = set(range(len(lower)))  # players whose share is γ_j t (not held at L_j)
    while True:
        fixed = sum(lower[j] for j in range(len(lower)) if j not in active)
        wsum = sum(weights[j] for j in active)
        if wsum == 0:
            return tuple(lower)
        t = (total - fixed) / wsum
        below = [j for j in active if weights[j] * t < lower[j]]
        if not below:
            return tuple(weights[j] * t if j in active else lower[j] for j in range(len(lower)))
        active -= set(below)


def _power(point, weights):
    D = math.lcm(*[Fraction(w).denominator for w in weights])
    value = Fraction(1)
    for x, w in zip(point, weights):
        value *= Fraction(x) ** int(Fraction(w) * D)
    return value


def _blocked(point, threats):
    return any(all(y[k] > point[i] for k, i in enumerate(S)) for S, ys in threats.items() for y in ys)


def nash_with_threats(total, weights, threats):
    n = len(weights)
    pairs = [(S, y) for S, ys in threats.items() for y in ys]
    candidates = set()
    for defenders in itertools.product(*[range(len(S)) for S, _ in pairs]):
        lower = [Fraction(0)] * n
        for (S, y), k in zip(pairs, defenders):
            lower[S[k]] = max(lower[S[k]], Fraction(y[k]))
        point = water_fill(lower, Fraction(total), [Fraction(w) for w in weights])
        if point is not None and not _blocked(point, threats):
            candidates.add(point)
    best = max(_power(p, weights) for p in candidates)
    return {p for p in candidates if _power(p, weights) == best}
