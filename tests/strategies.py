"""Hypothesis strategies for random games, shared by the test modules."""
from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from declcoal.model.tu import TUGame

PLAYER_NAMES = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]

worth_ints = st.integers(min_value=-30, max_value=100)
worth_fracs = st.fractions(min_value=-30, max_value=100, max_denominator=12)


@st.composite
def tu_games(draw, min_n: int = 1, max_n: int = 5, worths=worth_fracs) -> TUGame:
    """A random exact TU game with min_n..max_n players (any sign of worths)."""
    n = draw(st.integers(min_value=min_n, max_value=max_n))
    vals = draw(st.lists(worths, min_size=2**n - 1, max_size=2**n - 1))
    return TUGame.from_list(PLAYER_NAMES[:n], vals, name="random")


@st.composite
def tu_game_pairs(draw, min_n: int = 1, max_n: int = 5):
    """Two random games on the same players (for additivity)."""
    n = draw(st.integers(min_value=min_n, max_value=max_n))
    a = draw(st.lists(worth_fracs, min_size=2**n - 1, max_size=2**n - 1))
    b = draw(st.lists(worth_fracs, min_size=2**n - 1, max_size=2**n - 1))
    names = PLAYER_NAMES[:n]
    return TUGame.from_list(names, a, name="a"), TUGame.from_list(names, b, name="b")


def as_fraction_list(values) -> list[Fraction]:
    return [Fraction(x) for x in values]
