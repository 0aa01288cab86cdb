"""The TU game model, numbers and coalitions; game properties with witnesses."""
from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from declcoal.concepts.tu.properties import (
    best_partition_value, game_properties, is_convex, is_grand_coalition_superadditive, is_superadditive,
)
from declcoal.errors import GameError, InputError
from declcoal.model.coalition import mask_of, members, partitions, subsets
from declcoal.model.numbers import decimal_text, exact_text, fraction_text, rounded_half_up, to_fraction
from declcoal.model.tu import TUGame, parse_coalition

from strategies import tu_games


@pytest.mark.parametrize(
    "text,value",
    [("3", 3), ("0.8", Fraction(4, 5)), ("71/2", Fraction(71, 2)), ("-1.25", Fraction(-5, 4)),
     ("1e3", 1000), (" 7 ", 7), ("2/-4", Fraction(-1, 2)), (0.1, Fraction(1, 10))],
)
def test_to_fraction_exact(text, value):
    assert to_fraction(text) == value


@pytest.mark.parametrize("bad", ["", "abc", "1/0", "1..2", "nan", float("inf"), True, None, [1]])
def test_to_fraction_rejects(bad):
    with pytest.raises(InputError):
        to_fraction(bad)


@given(st.fractions(max_denominator=1000))
def test_exact_text_round_trips(q):
    assert to_fraction(exact_text(q)) == q
    assert to_fraction(fraction_text(q)) == q


def test_decimal_and_rounding():
    assert decimal_text(Fraction(13)) == "13.0"
    assert decimal_text(Fraction(221, 6)) == "36.833333"
    assert rounded_half_up(Fraction(221, 6), 1) == Fraction(368, 10)
    assert rounded_half_up(Fraction(-5, 4), 1) == Fraction(-13, 10)  # half away from zero


def test_coalition_helpers():
    assert members(0b1011) == [0, 1, 3] and mask_of([0, 1, 3]) == 0b1011
    assert sorted(subsets(0b101)) == [0b001, 0b100, 0b101]
    assert sorted(subsets(0b101, proper=True, nonempty=False)) == [0, 0b001, 0b100]
    # Bell numbers: 1, 2, 5, 15, 52
    assert [len(list(partitions((1 << n) - 1))) for n in range(1, 6)] == [1, 2, 5, 15, 52]


def test_parse_coalition_forms():
    P = ("X", "Y", "Z")
    assert parse_coalition("X Z", P) == parse_coalition("{X,Z}", P) == parse_coalition(["Z", "X"], P) == 0b101
    assert parse_coalition("", P) == 0
    with pytest.raises(GameError, match="appears twice"):
        parse_coalition("X X", P)
    with pytest.raises(GameError, match="out of range"):
        parse_coalition(8, P)


def test_from_dict_requires_all_or_default():
    with pytest.raises(GameError, match=r"no worth for coalition \{Y\} and 1 more"):
        TUGame.from_dict(["X", "Y"], {"X": 1})
    g = TUGame.from_dict(["X", "Y"], {"X": 1}, default=0)
    assert g.worth_list() == [1, 0, 0]


@pytest.mark.parametrize("name", ["", "1abc", "a b", "x;y"])
def test_bad_player_names(name):
    with pytest.raises(GameError, match="bad player name"):
        TUGame.from_list([name], [1])


@given(tu_games(max_n=4), st.data())
def test_relabel_is_a_permutation_of_worths(game, data):
    order = data.draw(st.permutations(range(game.n)))
    h = game.relabel(order)
    for m in range(2**game.n):
        old = mask_of([order[k] for k in members(m)])
        assert h.values[m] == game.values[old]
    assert h.players == tuple(game.players[i] for i in order)


# ------------------------------------------------------------------ properties
def brute_superadditive(g: TUGame) -> bool:
    return all(g.values[s | t] >= g.values[s] + g.values[t]
               for s in range(1, 2**g.n) for t in range(1, 2**g.n) if not s & t)


def brute_convex(g: TUGame) -> bool:
    return all(g.values[s | t] + g.values[s & t] >= g.values[s] + g.values[t]
               for s in range(2**g.n) for t in range(2**g.n))


def brute_gcs(g: TUGame) -> bool:
    return all(sum(g.values[b] for b in p) <= g.values[g.grand] for p in partitions(g.grand))


@given(tu_games(max_n=4, worths=st.integers(0, 12)))
def test_properties_match_brute_force(game):
    """Each property against its textbook definition, checked by brute force."""
    assert is_superadditive(game).holds == brute_superadditive(game)
    assert is_convex(game).holds == brute_convex(game)
    assert is_grand_coalition_superadditive(game).holds == brute_gcs(game)
    best, parts = best_partition_value(game)
    assert best == max(sum(game.values[b] for b in p) for p in partitions(game.grand))
    assert sum(game.values[b] for b in parts) == best
    assert sorted(itertools.chain.from_iterable(members(b) for b in parts)) == list(range(game.n))


def test_cement_properties_and_witness():
    g = TUGame.from_list(["X", "Y", "Z"], [30, 22, 59, 5, 45, 39, 77])
    props = game_properties(g)
    assert props["superadditive"] and not props["convex"] and props["monotone"] and props["essential"]
    assert props["grand-coalition superadditive"]
    witness = next(c.witness for c in props.checks if c.name == "convex")
    assert witness == "X adds 38 to {Y,Z} but 40 to {Z}"


def test_ray_vohra_example5_is_gcs_but_not_convex():
    """Ray & Vohra Example 5: v(i)=0, v(ij)=0.8, v(N)=1 — superadditive, not convex."""
    g = TUGame.from_dict(["p1", "p2", "p3"], {"p1 p2": "0.8", "p1 p3": "0.8", "p2 p3": "0.8", "p1 p2 p3": 1}, default=0)
    props = game_properties(g)
    assert props["superadditive"] and props["grand-coalition superadditive"] and not props["convex"]


def test_not_gcs_witness():
    g = TUGame.from_list(["A", "B"], [2, 2, 3])
    c = is_grand_coalition_superadditive(g)
    assert not c.holds and "earns 4 > v(N) = 3" in c.witness
