from fractions import Fraction

from declcoal import TUGame, shapley


def test_cement_shapley_tick_table3():
    """Tick 1995, Table 3, cement: Shapley {35.5, 28.5, 13}."""
    g = TUGame.from_list(["X", "Y", "Z"], [30, 22, 59, 5, 45, 39, 77])
    assert shapley(g).values == [Fraction(71, 2), Fraction(57, 2), Fraction(13)]
