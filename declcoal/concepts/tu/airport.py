"""The airport game's Shapley value by the sequential rule (Littlechild & Owen 1973).

For runway costs sorted c_(1) ≤ ... ≤ c_(n), the cost c_(k) − c_(k−1) of the k-th runway
segment is shared equally by the n − k + 1 players who need it:

    φ_(i) = Σ_{k=1}^{i} (c_(k) − c_(k−1)) / (n − k + 1),    c_(0) = 0,

which equals the Shapley value of c(S) = max_{i∈S} c_i (Littlechild & Owen 1973, §3)
— ``tests/test_constructors.py`` checks it against the 2^n Shapley formula. O(n log n),
any n. For the savings form s(S) = Σ_{i∈S} c_i − c(S) the value is c_i − φ_i.
"""
from __future__ import annotations

from fractions import Fraction

from ...model.constructors import AirportGame
from ...results import EXACT, timed
from .shapley import ValueResult

__all__ = ["airport_shapley", "sequential_rule"]


def sequential_rule(costs: list[Fraction]) -> list[Fraction]:
    """Littlechild & Owen's sequential cost shares (the Shapley value of the cost game)."""
    n = len(costs)
    order = sorted(range(n), key=lambda i: costs[i])
    out = [Fraction(0)] * n
    acc, prev = Fraction(0), Fraction(0)
    for pos, i in enumerate(order):
        acc += (costs[i] - prev) / (n - pos)
        prev = costs[i]
        out[i] = acc
    return out


def airport_shapley(game: AirportGame) -> ValueResult:
    """The Shapley value of an airport game by the sequential rule (Littlechild & Owen
    1973), in the game's form (cost shares, or savings c_i − φ_i)."""
    with timed() as t:
        phi = sequential_rule(list(game.costs))
        if game.form == "savings":
            phi = [c - x for c, x in zip(game.costs, phi)]
    return ValueResult("shapley", "sequential rule (Littlechild & Owen 1973)", EXACT, game.name, game.players, phi,
                       t.seconds, {"form": game.form})
