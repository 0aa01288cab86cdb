"""Readers and writers: TOML, JSON, Tick's Prolog facts; lossless round trips; errors
that name file and line."""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings

from declcoal.errors import InputError, UnsupportedError
from declcoal.io import dumps_game, load_game, load_games, save_game
from declcoal.io.prolog import read_prolog, write_prolog
from declcoal.io.source import Source
from declcoal.model.tu import TUGame

from conftest import EXAMPLES
from strategies import tu_games

TICK_GAMES = ["cement", "tweak1", "raiffa", "rand1", "rand2", "rand3", "rand4", "rand5", "tweak5"]


def test_all_nine_tick_examples_load():
    """Tick 1995, appendix data/3: nine data sets shipped as TOML and as Prolog facts."""
    games = load_games(EXAMPLES / "tick" / "tick.pl")
    assert [g.name for g in games] == TICK_GAMES
    assert [g.n for g in games] == [3, 3, 3, 3, 3, 4, 4, 4, 4]
    cement = games[0]
    assert cement.players == ("a", "b", "c")  # Tick's alpha/1 names
    assert cement.worth_list() == [30, 22, 59, 5, 45, 39, 77]
    for name in TICK_GAMES:
        assert load_game(EXAMPLES / "tick" / f"{name}.toml").name == name


def test_binary_order_is_ticks():
    """Element k of the payoff list is v(set bits of k), first player = bit 0
    (Tick's make_subset/3): cement v({X,Y}) = 59, v({Z}) = 5, v({Y,Z}) = 39."""
    g = load_game(EXAMPLES / "tick" / "cement.toml")
    assert g.v("X Y") == 59 and g.v("Z") == 5 and g.v("Y Z") == 39 and g.v("X Y Z") == 77


@settings(max_examples=40)
@given(tu_games(max_n=5))
def test_round_trip_all_formats(tmp_path_factory, game):
    """Writing then reading gives the same game, exactly, in every format and style."""
    d = tmp_path_factory.mktemp("rt")
    for fname, style in [("g.toml", "table"), ("g.toml", "list"), ("g.json", "table"), ("g.json", "list"), ("g.pl", "table")]:
        path = d / fname
        save_game(game, path, style=style)
        back = load_game(path)
        assert back.players == game.players
        assert back.values == game.values, (fname, style)


def test_decimals_parse_exactly(tmp_path):
    """0.8 in a file is 4/5 exactly (DESIGN principle 1), in TOML and JSON."""
    (tmp_path / "g.toml").write_text('players = ["A","B"]\nvalues = [0.1, 0.2, "71/3"]\n')
    (tmp_path / "g.json").write_text('{"players": ["A","B"], "values": {"A": 0.1, "B": 0.2, "A B": 0.8}}')
    assert load_game(tmp_path / "g.toml").worth_list() == [Fraction(1, 10), Fraction(1, 5), Fraction(71, 3)]
    assert load_game(tmp_path / "g.json").worth_list() == [Fraction(1, 10), Fraction(1, 5), Fraction(4, 5)]


def test_named_table_with_default(tmp_path):
    """Ray & Vohra Example 6 written sparsely: v(N) = 1, v(12) = 0.8, the rest 0."""
    (tmp_path / "g.toml").write_text('players = ["1","2","3"]\ndefault = 0\n[values]\n"1 2" = 0.8\n"1 2 3" = 1\n'
                                     .replace('"1","2","3"', '"p1","p2","p3"').replace('"1 2"', '"p1 p2"').replace('"1 2 3"', '"p1 p2 p3"'))
    g = load_game(tmp_path / "g.toml")
    assert g.v("p1 p2") == Fraction(4, 5) and g.v("p1") == 0 and g.v("p1 p2 p3") == 1


def test_prolog_round_trip_keeps_names_and_fractions():
    g = TUGame.from_list(["X", "Y"], [Fraction(1, 3), "0.25", 2], name="tiny")
    text = write_prolog([g])
    assert "data( tiny, 2, [1/3,0.25,2] )." in text
    back = read_prolog(Source("mem.pl", text))[0]
    assert back.players == ("X", "Y") and back.values == g.values


def test_prolog_ignores_program_text_and_comments():
    text = ":- dynamic(found,1).\n% comment\nfoo(X) :- bar(X).\ndata( g, 2, [1,\n 2, 3] ).  % spans lines\n"
    (g,) = read_prolog(Source("p.pl", text))
    assert g.worth_list() == [1, 2, 3]


@pytest.mark.parametrize(
    "fname,text,message,line",
    [
        ("bad.toml", 'players = ["A","B"]\nvalues = [1, 2]\n', "2 players need 3 worths", 2),
        ("bad.toml", 'players = ["A","B"]\nvalues = [1, 2, "x"]\n', "not a number", 2),
        ("bad.toml", 'players = ["A","A"]\nvalues = [1, 2, 3]\n', "duplicate player", 1),
        ("bad.toml", 'players = ["A","B"]\n[values]\nA = 1\nB = 2\n"A C" = 3\n', "unknown player 'C'", 5),
        ("bad.toml", 'players = ["A","B"]\n[values]\nA = 1\n', "no worth for coalition {B}", None),
        ("bad.toml", 'players = ["A","B"]\n[values]\n"" = 4\nA = 1\nB = 1\n"A B" = 2\n', "empty coalition must have worth 0", 3),
        ("bad.toml", 'players = ["A","B"]\nvalues = [1, 2, 3\n', "TOML syntax error", 2),
        ("bad.toml", 'players = ["A","B"]\nvalues = [1, 2, 3]\ncolour = 1\n', "unknown key 'colour'", 3),
        ("bad.toml", 'values = [1]\n', "missing 'players", None),
        ("bad.toml", 'players = ["A","B"]\nvalues = [1, 2, nan]\n', "finite", 2),
        ("bad.json", '{"players": ["A"],\n "values": [1,]}', "JSON syntax error", 2),
        ("bad.json", '[1,2]', "must hold an object", 1),
        ("bad.pl", "data( g, 2, [1,2] ).\n", "2 players need 3 worths", 1),
        ("bad.pl", "% nothing\n", "no data/3 facts", None),
        ("bad.pl", "data( g, 2, [1,2,3] ).\ndata( g, 2, [1,2,3] ).\n", "defined twice", 2),
        ("bad.pl", "data( g, two, [1,2,3] ).\n", "malformed fact", 1),
        ("bad.xyz", "", "unknown file type", None),
    ],
)
def test_malformed_files_name_the_problem(tmp_path, fname, text, message, line):
    path = tmp_path / fname
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_games(path)
    err = info.value
    assert message in str(err)
    assert err.file == str(path)
    if line is not None:
        assert err.line == line, str(err)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_games(tmp_path / "nope.toml")
    with pytest.raises(InputError, match="is a directory"):
        load_games(tmp_path)


def test_too_many_players_names_the_limit():
    with pytest.raises(UnsupportedError, match=r"up to 20 players with exact values and up to 28"):
        TUGame.from_list([f"p{i}" for i in range(21)], [])


def test_save_is_atomic_on_failure(tmp_path):
    """A failed write leaves no partial file (and no temp file) behind."""
    g = TUGame.from_array(["A"], __import__("numpy").array([0.0, 1.0]))
    target = tmp_path / "out.toml"
    with pytest.raises(InputError):
        save_game(g, target)  # float games cannot be written exactly
    assert list(tmp_path.iterdir()) == []


def test_dumps_json_is_exact_strings():
    g = TUGame.from_list(["A", "B"], [Fraction(1, 3), 1, Fraction(7, 2)])
    text = dumps_game(g, "json")
    assert '"1/3"' in text and '"3.5"' in text
