"""Shapley and Banzhaf values: Tick's Table 3, the Shapley axioms, and agreement of
the three methods (exact subset formula, numpy fast path, Tick's permutations)."""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal import TUGame, load_game
from declcoal.concepts.tu.shapley import (
    banzhaf_exact, banzhaf_fast, marginal_vector, shapley, shapley_exact, shapley_fast, shapley_permutation,
)
from declcoal.errors import UnsupportedError
from declcoal.model.coalition import members
from declcoal.model.numbers import rounded_half_up

from conftest import EXAMPLES
from strategies import tu_game_pairs, tu_games

# Tick (1995), Table 3, column "Shapley Values", as printed (rounded to 1 decimal).
TICK_TABLE3_SHAPLEY = {
    "cement": ["35.5", "28.5", "13"],
    "tweak1": ["36.8", "25.8", "14.3"],
    "rand1": ["29.5", "41", "49.5"],
    "rand2": ["22.5", "35", "39.5"],
    "rand3": ["46.5", "38.5", "28.3", "36.7"],
    "rand4": ["39.3", "44.2", "46.8", "39.7"],
    "rand5": ["31.3", "51.8", "54.2", "62.7"],
    "tweak5": ["37.2", "46", "48.3", "68.5"],
}


@pytest.mark.parametrize("name", sorted(TICK_TABLE3_SHAPLEY))
def test_tick_table3_shapley_column(name):
    """Tick 1995, Table 3: Shapley values of the eight solvable games, at the paper's
    rounding (one decimal)."""
    game = load_game(EXAMPLES / "tick" / f"{name}.toml")
    phi = shapley_exact(game).values
    assert [rounded_half_up(x, 1) for x in phi] == [Fraction(s) for s in TICK_TABLE3_SHAPLEY[name]]


def test_cement_exact_values():
    """Tick 1995, Section 6 / Table 3: cement's Shapley value is exactly (71/2, 57/2, 13)."""
    game = load_game(EXAMPLES / "tick" / "cement.toml")
    assert shapley(game).values == [Fraction(71, 2), Fraction(57, 2), Fraction(13)]


def test_tick_prolog_file_gives_same_shapley_as_toml():
    """The appendix's data/3 facts and the TOML examples are the same games."""
    from declcoal.io import load_games

    games = load_games(EXAMPLES / "tick" / "tick.pl")
    assert [g.name for g in games] == [
        "cement", "tweak1", "raiffa", "rand1", "rand2", "rand3", "rand4", "rand5", "tweak5",
    ]
    for g in games:
        toml_game = load_game(EXAMPLES / "tick" / f"{g.name}.toml")
        assert g.worth_list() == toml_game.worth_list()
        assert shapley_exact(g).values == shapley_exact(toml_game).values


# ------------------------------------------------------------------ axioms
@given(tu_games(max_n=6))
def test_efficiency(game):
    """Σ_i φ_i(v) = v(N)."""
    assert sum(shapley_exact(game).values) == game.values[game.grand]


@given(tu_games(min_n=2, max_n=5), st.data())
def test_symmetry(game, data):
    """Players i, j with v(S∪i) = v(S∪j) for all S ∌ i, j get the same value.
    We make i and j symmetric by copying worths, then check."""
    n = game.n
    i, j = data.draw(st.sampled_from([(a, b) for a in range(n) for b in range(n) if a < b]))

    def swap(m: int) -> int:
        bi, bj = m >> i & 1, m >> j & 1
        m &= ~((1 << i) | (1 << j))
        return m | (bj << i) | (bi << j)

    vals = list(game.values)
    for m in range(2**n):
        vals[swap(m)] = vals[m] if swap(m) > m else vals[swap(m)]
    sym = TUGame(game.players, tuple(vals), name="sym")
    assert all(sym.values[m] == sym.values[swap(m)] for m in range(2**n))
    phi = shapley_exact(sym).values
    assert phi[i] == phi[j]


@given(tu_games(min_n=2, max_n=6), st.data())
def test_null_player(game, data):
    """A null player (v(S∪i) = v(S) for all S) gets 0 — Tick's 'slacker' (Section 5, axiom 1)."""
    i = data.draw(st.integers(0, game.n - 1))
    bit = 1 << i
    vals = list(game.values)
    for m in range(2**game.n):
        if m & bit:
            vals[m] = vals[m & ~bit]
    g = TUGame(game.players, tuple(vals))
    assert shapley_exact(g).values[i] == 0
    assert banzhaf_exact(g).values[i] == 0


@given(tu_game_pairs(max_n=5))
def test_additivity(pair):
    """φ(v + w) = φ(v) + φ(w) (Tick Section 5, axiom 3: linear composability)."""
    a, b = pair
    lhs = shapley_exact(a + b).values
    rhs = [x + y for x, y in zip(shapley_exact(a).values, shapley_exact(b).values)]
    assert lhs == rhs


@given(tu_games(min_n=2, max_n=5), st.data())
def test_relabelling_covariance(game, data):
    """φ of a relabelled game is the relabelled φ (Tick Section 5, axiom 2)."""
    order = data.draw(st.permutations(range(game.n)))
    phi = shapley_exact(game).values
    assert shapley_exact(game.relabel(order)).values == [phi[k] for k in order]


# ------------------------------------------------------------------ differential
@settings(max_examples=40)
@given(tu_games(min_n=1, max_n=7))
def test_three_shapley_methods_agree(game):
    """Exact subset formula == Tick's permutation method exactly; fast float path ≈."""
    exact = shapley_exact(game).values
    assert shapley_permutation(game).values == exact
    fast = shapley_fast(game).values
    assert np.allclose(fast, [float(x) for x in exact], rtol=1e-9, atol=1e-9)


@settings(max_examples=25)
@given(tu_games(min_n=1, max_n=7))
def test_shapley_is_mean_of_marginal_vectors(game):
    """Definition check independent of both implementations: the mean of marginal
    vectors over all n! orders (computed here with plain Fractions)."""
    import itertools

    acc = [Fraction(0)] * game.n
    for order in itertools.permutations(range(game.n)):
        for i, x in enumerate(marginal_vector(game, list(order))):
            acc[i] += x
    assert [a / math.factorial(game.n) for a in acc] == shapley_exact(game).values


@settings(max_examples=30)
@given(tu_games(min_n=1, max_n=7))
def test_banzhaf_exact_and_fast_agree_and_match_definition(game):
    n = game.n
    beta = banzhaf_exact(game).values
    direct = []
    for i in range(n):
        s = sum(game.values[m | 1 << i] - game.values[m] for m in range(2**n) if not m >> i & 1)
        direct.append(Fraction(s) / 2 ** (n - 1))
    assert beta == direct
    assert np.allclose(banzhaf_fast(game).values, [float(x) for x in beta], rtol=1e-9, atol=1e-9)


def test_fast_path_blocks_give_same_answer():
    """The block size of the fast method changes memory use, never the value."""
    rng = np.random.default_rng(7)
    n = 12
    arr = rng.random(2**n)
    arr[0] = 0.0
    g = TUGame.from_array([f"p{i}" for i in range(n)], arr)
    ref = shapley_fast(g, block=1 << 20).values
    for block in (4, 16, 256):
        assert np.allclose(shapley_fast(g, block=block).values, ref, rtol=1e-12)
    assert math.isclose(sum(ref), arr[-1], rel_tol=1e-9)


def test_exact_shapley_large_integers_uses_exact_fallback():
    """Worths beyond 2^52 cannot go through the float-exact shortcut; the answer stays exact."""
    big = 10**30
    g = TUGame.from_list(["A", "B", "C"], [big, 1, big + 1, 3, big + 3, 4, 3 * big + 7])
    assert shapley_exact(g).values == shapley_permutation(g).values
    assert sum(shapley_exact(g).values) == 3 * big + 7


def test_permutation_method_refuses_large_n():
    g = TUGame.from_function([f"p{i}" for i in range(11)], lambda m: bin(m).count("1") ** 2)
    with pytest.raises(UnsupportedError, match="permutation method"):
        shapley_permutation(g)


def test_float_game_refuses_exact_methods():
    g = TUGame.from_array(["A", "B"], np.array([0.0, 1.0, 2.0, 4.0]))
    with pytest.raises(UnsupportedError, match="exact"):
        shapley_exact(g)
    assert shapley(g).guarantee == "approximate"
    assert np.allclose(shapley(g).values, [1.5, 2.5])


def test_unanimity_games():
    """Shapley of the unanimity game u_T is 1/|T| on T, 0 elsewhere."""
    n = 5
    for T in (0b1, 0b101, 0b11110, 0b11111):
        g = TUGame.from_function(list("ABCDE"), lambda m, T=T: 1 if m & T == T else 0)
        k = T.bit_count()
        assert shapley_exact(g).values == [Fraction(1, k) if T >> i & 1 else 0 for i in range(n)]
        assert banzhaf_exact(g).values == [Fraction(1, 2 ** (k - 1)) if T >> i & 1 else 0 for i in range(n)]
    assert members(0b101) == [0, 2]
