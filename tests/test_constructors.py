"""Games of the field: constructors, power indices, bankruptcy rules, airport games.

Literature values: the UN Security Council's Shapley–Shubik index (5 permanent members
with weight 7, 10 elected with weight 1, quota 39: 421/2145 and 4/2145 — Straffin 1977
gives ≈ 0.1963 and ≈ 0.001865), the Talmud's three bankruptcy examples (Aumann &
Maschler 1985, Table 1), and an airport game by Littlechild & Owen's sequential rule.
"""
from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal import load_game, nucleolus, shapley, banzhaf
from declcoal.concepts.tu.airport import airport_shapley
from declcoal.concepts.tu.bankruptcy import cea_rule, cel_rule, proportional_rule, talmud_rule
from declcoal.concepts.tu.power import power_indices, shapley_shubik_index, banzhaf_index
from declcoal.errors import GameError, UnsupportedError
from declcoal.model.constructors import (
    additive, airport, assignment_game, bankruptcy, glove, mst_game, unanimity, weighted_voting,
)
from declcoal.model.coalition import members

from cli_util import run
from conftest import EXAMPLES


# ---------------------------------------------------------------- weighted voting
def test_un_security_council_shapley_shubik():
    g = weighted_voting(39, [7] * 5 + [1] * 10)
    p = power_indices(g)
    assert p.shapley_shubik[:5] == [F(421, 2145)] * 5
    assert p.shapley_shubik[5:] == [F(4, 2145)] * 10
    assert round(float(p.shapley_shubik[0]), 4) == 0.1963
    assert round(float(p.shapley_shubik[5]), 6) == 0.001865
    assert sum(p.shapley_shubik) == 1
    # the dense 2^15 Shapley formula agrees
    assert shapley(g.to_tu()).values == p.shapley_shubik


def test_un_security_council_file():
    g = load_game(EXAMPLES / "field" / "un-security-council.toml")
    assert g.players[0] == "China" and g.quota == 39
    assert shapley_shubik_index(g).values[0] == F(421, 2145)


@settings(max_examples=80)
@given(st.lists(st.sampled_from([0, 1, 2, 3, 5, F(1, 2), F(7, 3)]), min_size=1, max_size=7), st.data())
def test_power_indices_match_subset_formula(ws, data):
    """Differential: the weight DP against the 2^n Shapley and Banzhaf formulas."""
    total = sum(ws, F(0))
    if total == 0:
        return
    q = data.draw(st.integers(1, 12)) * total / 12
    g = weighted_voting(q, ws)
    t = g.to_tu()
    p = power_indices(g)
    assert p.shapley_shubik == shapley(t, "exact").values
    assert p.banzhaf == banzhaf(t, "exact").values
    if sum(p.swings):
        assert sum(p.banzhaf_normalized) == 1


def test_two_hundred_players_exact_in_seconds():
    """200 players: exact indices from the weight DP (no 2^200 table); efficiency and
    symmetry hold exactly."""
    ws = [1 + (7 * i) % 13 for i in range(200)]
    g = weighted_voting(sum(ws) // 2 + 1, ws)
    r = shapley_shubik_index(g)  # ~0.3 s of CPU (benchmarks/power_indices.py); no time asserted here
    assert sum(r.values) == 1
    assert all(isinstance(x, F) for x in r.values)
    by_w = {}
    for w, x in zip(ws, r.values):
        by_w.setdefault(w, set()).add(x)
    assert all(len(v) == 1 for v in by_w.values())  # equal weights, equal power
    assert r.values[ws.index(13)] > r.values[ws.index(1)]
    assert load_game(EXAMPLES / "field" / "assembly-200.toml").n == 200


def test_weighted_voting_refusals():
    with pytest.raises(GameError, match="exceeds the total weight"):
        weighted_voting(10, [1, 2])
    with pytest.raises(GameError, match="quota must be > 0"):
        weighted_voting(0, [1, 2])
    with pytest.raises(GameError, match="must be >= 0"):
        weighted_voting(1, [1, -2])
    with pytest.raises(UnsupportedError, match="up to 20 players"):
        weighted_voting(30, [1] * 50).to_tu()


def test_big_game_cli(tmp_path, capsys):
    f = tmp_path / "big.toml"
    f.write_text('kind = "weighted-voting"\nquota = 51\nweights = [' + ", ".join(["1"] * 100) + "]\n")
    rc, out, err = run(capsys, "shapley", f)
    assert rc == 0 and out.startswith("1/100, 1/100")
    rc, out, err = run(capsys, "power", f, "--csv")
    assert rc == 0 and out.splitlines()[1].startswith("p1,1,1/100,")
    rc, out, err = run(capsys, "core", f)
    assert rc == 2 and "2^100" in err and "up to 20 players" in err and "big.toml" in err
    for cmd in ("egalitarian", "nucleolus", "check"):
        rc, out, err = run(capsys, cmd, f, *(["-x", "1"] if cmd == "check" else []))
        assert rc == 2 and "up to 20 players" in err and len(err.strip().splitlines()) == 1, cmd
    rc, out, err = run(capsys, "info", f)
    assert rc == 0 and "weighted-voting game, 100 players" in out and "declcoal shapley | banzhaf | power" in out
    rc, out, err = run(capsys, "solve", f, "--csv")
    assert rc == 0 and ",Shapley value," in out and "need the dense table" in out


# ---------------------------------------------------------------- bankruptcy
@pytest.mark.parametrize("estate, expected", [
    (100, [F(100, 3)] * 3),
    (200, [50, 75, 75]),
    (300, [50, 100, 150]),
])
def test_talmud_examples(estate, expected):
    """Aumann & Maschler (1985), Table 1: the Mishna's divisions are the Talmud rule and
    the nucleolus of the bankruptcy game."""
    claims = [100, 200, 300]
    assert talmud_rule(F(estate), [F(c) for c in claims]) == expected
    g = bankruptcy(estate, claims)
    assert nucleolus(g.to_tu()).point == expected


@settings(max_examples=40)
@given(st.lists(st.integers(0, 30), min_size=2, max_size=5), st.data())
def test_nucleolus_is_talmud(claims, data):
    """Aumann & Maschler (1985), Theorem A, on random problems."""
    e = data.draw(st.integers(0, sum(claims)))
    g = bankruptcy(e, claims)
    assert nucleolus(g.to_tu()).point == talmud_rule(F(e), [F(c) for c in claims])


def test_classic_rules():
    c = [F(100), F(200), F(300)]
    assert proportional_rule(F(300), c) == [50, 100, 150]
    assert cea_rule(F(300), c) == [100, 100, 100]
    assert cel_rule(F(300), c) == [0, 100, 200]
    for e in range(0, 601, 50):
        for rule in (proportional_rule, cea_rule, cel_rule, talmud_rule):
            x = rule(F(e), c)
            assert sum(x) == e and all(0 <= a <= b for a, b in zip(x, c))


def test_bankruptcy_refusals():
    with pytest.raises(GameError, match="exceeds the total claims"):
        bankruptcy(700, [100, 200, 300])


def test_rules_cli(capsys):
    rc, out, _ = run(capsys, "rules", EXAMPLES / "field" / "talmud-200.toml", "--csv")
    assert rc == 0
    assert out.splitlines() == ["player,claim,proportional,cea,cel,talmud", "A,100,100/3,200/3,0,50",
                                "B,200,200/3,200/3,50,75", "C,300,100,200/3,150,75"]


# ---------------------------------------------------------------- airport
def test_airport_sequential_rule():
    g = airport([8, 11, 13], ["small", "medium", "large"])
    assert airport_shapley(g).values == [F(8, 3), F(25, 6), F(37, 6)]
    assert shapley(g.to_tu()).values == [F(8, 3), F(25, 6), F(37, 6)]


@settings(max_examples=40)
@given(st.lists(st.integers(0, 50), min_size=1, max_size=7), st.booleans())
def test_littlechild_owen(costs, savings):
    """Littlechild & Owen (1973): the sequential rule is the Shapley value."""
    g = airport(costs, form="savings" if savings else "cost")
    assert airport_shapley(g).values == shapley(g.to_tu()).values


def test_airport_large():
    g = airport(list(range(1, 501)))
    r = airport_shapley(g)
    assert sum(r.values) == 500 and r.values[0] == F(1, 500)


# ---------------------------------------------------------------- the others
def test_glove():
    g = glove(["L", "R1", "R2"], ["L"], ["R1", "R2"])
    t = g.to_tu()
    assert shapley(t).values == [F(2, 3), F(1, 6), F(1, 6)]
    assert nucleolus(t).point == [1, 0, 0]
    same = load_game(EXAMPLES / "tu" / "glove.toml")
    assert t.values == same.values


def test_unanimity_and_additive():
    u = unanimity(["a", "b", "c", "d"], ["a", "c"], worth=6)
    assert shapley(u.to_tu()).values == [3, 0, 3, 0]
    a = additive([1, F(1, 2), -3])
    t = a.to_tu()
    assert shapley(t).values == [1, F(1, 2), -3] and nucleolus(t, imputations=False).point == [1, F(1, 2), -3]


def test_mst_bird_rule_in_core():
    """Bird (1976): a triangle with source 0; c(S) = MST of S ∪ {0}."""
    g = mst_game(["a", "b", "c"], [["0", "a", 4], ["0", "b", 5], ["0", "c", 6], ["a", "b", 1], ["b", "c", 2],
                                  ["a", "c", 3]])
    t = g.to_tu()
    assert t.v(7) == 7 and t.v(1) == 4 and t.v(6) == 7
    bird = [4, 1, 2]  # each pays the edge to its predecessor in Prim's tree from 0
    assert sum(bird) == t.v(7)
    assert all(sum(bird[i] for i in members(m)) <= t.v(m) for m in range(1, 8))


def test_assignment_core_nonempty():
    from declcoal import core

    g = assignment_game(["b1", "b2"], ["s1", "s2"], [[5, 8], [7, 9]])
    t = g.to_tu()
    assert t.v(15) == 15 and t.v(0b0101) == 5 and t.v(0b0011) == 0
    assert core(t).nonempty


def test_roundtrip_field_files(tmp_path):
    from declcoal import save_game

    for f in sorted((EXAMPLES / "field").glob("*.toml")):
        g = load_game(f)
        for ext in (".toml", ".json"):
            out = tmp_path / (f.stem + ext)
            save_game(g, out)
            h = load_game(out)
            assert h == g and h.name == g.name


def test_bad_field_file(tmp_path, capsys):
    f = tmp_path / "bad.toml"
    f.write_text('kind = "bankruptcy"\nestate = 10\nclaims = [1, -2]\n')
    rc, _, err = run(capsys, "rules", f)
    assert rc == 2 and err.strip() == "declcoal: error: " + str(f) + ":3: claim 2 must be >= 0, got -2"
    f.write_text('kind = "weighted-voting"\nquota = 3\nweight = [1, 2]\n')
    rc, _, err = run(capsys, "power", f)
    assert rc == 2 and ":3: unknown key 'weight'" in err


def test_solve_many_players_row_per_player(capsys):
    """Past 8 players the solve table turns: a row per player, a column per concept."""
    rc, out, _ = run(capsys, "solve", EXAMPLES / "field" / "un-security-council.toml")
    assert rc == 0 and "a row per player" in out
    china = next(line for line in out.splitlines() if "China" in line)
    assert "421/2145" in china and "53/1024" in china
