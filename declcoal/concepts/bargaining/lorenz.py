"""Lorenz dominance (majorization) on payoff vectors, exactly (Ray & Vohra 2025, §5.4).

For x, y ∈ R^k adding to the same total, sorted so that x_(1) ≤ … ≤ x_(k): x
*Lorenz-dominates* (majorizes, in the paper's wording) y when Σ_{i≤j} x_(i) ≥
Σ_{i≤j} y_(i) for every j, strictly for some j. For vectors with different totals
the same test on partial sums is the *generalised* Lorenz order (Shorrocks 1983); the
paper only compares equal totals, and declcoal's egalitarian solution only ever
compares efficient allocations of one coalition.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction


def lorenz_curve(x: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """Partial sums of x sorted ascending: (x_(1), x_(1)+x_(2), …, Σ x)."""
    out, s = [], Fraction(0)
    for v in sorted(x):
        s += v
        out.append(s)
    return tuple(out)


def lorenz_dominates(x: Sequence[Fraction], y: Sequence[Fraction]) -> bool:
    """x strictly Lorenz-dominates y (every partial sum ≥, one >)."""
    if len(x) != len(y):
        raise ValueError("Lorenz comparison needs vectors of equal length")
    cx, cy = lorenz_curve(x), lorenz_curve(y)
    return all(a >= b for a, b in zip(cx, cy)) and cx != cy


def lorenz_maximal(points: Iterable[Sequence[Fraction]]) -> list[tuple[Fraction, ...]]:
    """L(A): the points of A not Lorenz-dominated by another point of A (sorted, no
    duplicates). Points with the same Lorenz curve (permutations) are all kept."""
    pts = sorted(set(tuple(p) for p in points))
    curves = [lorenz_curve(p) for p in pts]
    out = []
    for p, c in zip(pts, curves):
        if not any(all(a >= b for a, b in zip(c2, c)) and c2 != c for c2 in curves):
            out.append(p)
    return out


def leximin_point(lower: Sequence[Fraction], total: Fraction) -> tuple[Fraction, ...] | None:
    """The most equal point of {x ≥ lower, Σ x = total}: x_i = max(lower_i, t) (water
    filling). It Lorenz-dominates every other point of that set (None if empty)."""
    from .nash import waterfill

    return waterfill(list(lower), total, [Fraction(1)] * len(lower))


__all__ = ["lorenz_curve", "lorenz_dominates", "lorenz_maximal", "leximin_point"]
