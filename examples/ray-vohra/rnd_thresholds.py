#!/usr/bin/env python3
"""Example 3 of Ray & Vohra (2025), the R&D race: thresholds in the synergy α, per
discount rate r, found by bisection on declcoal's numbers (docs/viable-rnd.md):

* α where the doubleton's payoff Σ(jk, π^jk) first exceeds 2/3 (the text's ᾱ);
* α where the grand consortium's equal-weight solution becomes asymmetric, i.e. where
  a doubleton's threat y exceeds v(N)/3;
* α below which the grand consortium is not viable (1.0 = viable for every α >= 1).

    python examples/ray-vohra/rnd_thresholds.py
"""
from fractions import Fraction as F

from declcoal import rnd, viable_structures

PAIR, N = (1, 6), (7,)


def pair_payoff(r, a):
    return float(rnd(r, a, digits=30).worth(6, PAIR))


def asymmetric(r, a):
    g = rnd(r, a, digits=30)
    return g.worth(6, PAIR) / 2 > g.worth(7, N) / 3


def grand_viable(r, a):
    return viable_structures(rnd(r, a, digits=30)).viable(N)


def bisect(test, lo=1.0, hi=30.0, steps=30):
    for _ in range(steps):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if test(F(mid).limit_denominator(10**6)) else (mid, hi)
    return (lo + hi) / 2


print(f"{'r':>10} {'Σ(jk) > 2/3 from α':>20} {'σ(N) asymmetric from α':>24} {'N viable from α':>16}")
for r in ("1/1000000", "1/100", "1/10", "1", "5"):
    a1 = bisect(lambda a: pair_payoff(r, a) > 2 / 3)
    a2 = bisect(lambda a: asymmetric(r, a))
    a3 = 1.0 if grand_viable(r, 1) else bisect(lambda a: grand_viable(r, a), steps=20)
    print(f"{r:>10} {a1:>20.4f} {a2:>24.4f} {a3:>16.4f}")
