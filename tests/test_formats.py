"""File formats (issue 16, item 3): lexicographic order, coopgame's JSON and CSV, CRGs
written back as ASP facts, standard input as '-', Unicode player names, and round
trips of every format (property tests); JSON errors and unbroken tables (item 5)."""
from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import subprocess
import sys
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal import TUGame, load_game, load_games, save_game, shapley
from declcoal.io import dumps_game
from declcoal.model.coalition import coalition_order

from cli_util import run
from conftest import EXAMPLES, ROOT

CEMENT = EXAMPLES / "tick" / "cement.toml"


# ---------------------------------------------------------------- lexicographic order
def test_lex_order_three_players():
    assert coalition_order(3, "lex") == [0b001, 0b010, 0b100, 0b011, 0b101, 0b110, 0b111]
    assert coalition_order(3, "binary") == [1, 2, 3, 4, 5, 6, 7]


def test_lex_paper_game_equals_binary_twin(tmp_path, capsys):
    """Tick's cement game (1995, §6) typed in CoopGame's lexicographic order is the
    same game as the binary-order file: {X},{Y},{Z},{X,Y},{X,Z},{Y,Z},{X,Y,Z}."""
    f = tmp_path / "cement-lex.toml"
    f.write_text('name = "cement"\nplayers = ["X", "Y", "Z"]\norder = "lex"\nvalues = [30, 22, 5, 59, 45, 39, 77]\n')
    lex, binary = load_game(f), load_game(CEMENT)
    assert lex == binary
    assert shapley(lex).values == [F(71, 2), F(57, 2), 13]
    rc, out, _ = run(capsys, "convert", CEMENT, "--order", "lex", "--to", "json")
    d = json.loads(out)
    assert rc == 0 and d["order"] == "lex" and d["values"] == [30, 22, 5, 59, 45, 39, 77]
    g = TUGame.from_list(["X", "Y", "Z"], [30, 22, 5, 59, 45, 39, 77], order="lex")
    assert g == binary and g.worth_list("lex") == [30, 22, 5, 59, 45, 39, 77]


def test_lex_with_coopgame_py():
    """Differential: coopgame-py (independent, Rust) reads the lex vector to the same
    binary vector."""
    coopgame = pytest.importorskip("coopgame")
    g = load_game(CEMENT)
    theirs = coopgame.Game([float(x) for x in g.worth_list("lex")], order="lex")
    assert theirs.values() == [float(x) for x in g.worth_list("binary")]


def test_bad_order(tmp_path, capsys):
    f = tmp_path / "bad.toml"
    f.write_text('players = ["X", "Y"]\norder = "colex"\nvalues = [1, 2, 3]\n')
    rc, _, err = run(capsys, "shapley", f)
    assert rc == 2 and f"{f}:2: unknown order 'colex'" in err


# ---------------------------------------------------------------- coopgame files
COOP_JSON = '{"players": ["A", "B", "C"], "type": "value",\n "values": {"A": 0, "B": 0, "C": 0, "A,B": 4, "A, C": 3, "C,B": 2, "A,B,C": 6}}'
COOP_CSV = "coalition,value\nA,0\nB,0\nC,0\nA|B,4\nA|C,3\nB|C,2\nA|B|C,6\n"


def test_coopgame_json_and_csv_same_game(tmp_path):
    """coopgame's own example (docs/input-format.md): JSON and CSV give one game,
    equal to CoopGame's lex vector (0, 0, 0, 4, 3, 2, 6)."""
    (tmp_path / "g.json").write_text(COOP_JSON)
    (tmp_path / "g.csv").write_text(COOP_CSV)
    a, b = load_game(tmp_path / "g.json"), load_game(tmp_path / "g.csv")
    assert a == b == TUGame.from_list(["A", "B", "C"], [0, 0, 0, 4, 3, 2, 6], order="lex")
    arr = '{"type": "value", "values": [{"coalition": ["x"], "value": 5}, {"coalition": ["y"], "value": 7}, ' \
          '{"coalition": ["x", "y"], "value": 9}]}'
    (tmp_path / "a.json").write_text(arr)
    assert load_game(tmp_path / "a.json").players == ("x", "y")


def test_coopgame_numbered_roundtrip_with_coopgame_py(tmp_path, capsys):
    """coopgame-py 0.3 numbers its players; declcoal reads and writes that too, and
    coopgame-py reads what declcoal writes (differential)."""
    coopgame = pytest.importorskip("coopgame")
    rc, out, _ = run(capsys, "convert", CEMENT, "--to", "coopgame", "--numbered")
    parsed = coopgame.parse_game(out)
    assert parsed["game"].values() == [30.0, 22.0, 59.0, 5.0, 45.0, 39.0, 77.0]
    rc, out, _ = run(capsys, "convert", CEMENT, "--to", "csv", "--numbered")
    assert coopgame.parse_game(out, format="csv")["game"].values() == [30.0, 22.0, 59.0, 5.0, 45.0, 39.0, 77.0]
    (tmp_path / "n.csv").write_text(out)
    g = load_game(tmp_path / "n.csv")
    assert g.players == ("p0", "p1", "p2") and g.worth_list() == load_game(CEMENT).worth_list()
    assert dumps_game(g, "csv") == out  # written back numbered, as read


def test_coopgame_errors(tmp_path, capsys):
    f = tmp_path / "g.csv"
    f.write_text("coalition,value\nA,1\nB,1\nA|B,x\n")
    rc, _, err = run(capsys, "shapley", f)
    assert rc == 2 and "not a number: 'x'" in err
    f.write_text("coalition,value\nA,1\nB,1\nA|B,3\nB|A,4\n")
    rc, _, err = run(capsys, "shapley", f)
    assert rc == 2 and f"{f}:5: coalition {{B,A}} is given twice" in err
    f.write_text("coalition,value\nA,1\nB,1\nC,1\nA|B,3\nA|B|C,6\n")
    rc, _, err = run(capsys, "shapley", f)
    assert rc == 2 and "no worth for coalition {A,C} and 1 more" in err
    f.write_text("coalition;value\nA;1\n")
    rc, _, err = run(capsys, "shapley", f)
    assert rc == 2 and f"{f}:1: CSV header must be coalition,value" in err


# ---------------------------------------------------------------- CRG facts
@pytest.mark.parametrize("name", ["example2", "example3", "parachute"])
def test_crg_facts_roundtrip(name, tmp_path, capsys):
    src = EXAMPLES / "crg" / f"{name}.lp"
    g = load_game(src)
    rc, toml_text, _ = run(capsys, "convert", src, "--to", "toml")
    (tmp_path / "g.toml").write_text(toml_text)
    rc, lp_text, _ = run(capsys, "convert", tmp_path / "g.toml", "--to", "lp")
    assert rc == 0
    (tmp_path / f"{name}.lp").write_text(lp_text)
    assert load_game(tmp_path / f"{name}.lp") == g  # the name is the file's stem
    save_game(g, tmp_path / f"{name}-2.lp")
    assert dataclasses.replace(load_game(tmp_path / f"{name}-2.lp"), name=name) == g
    rc, _, err = run(capsys, "convert", src, "--to", "prolog")
    assert rc == 2 and "TU games only" in err
    rc, _, err = run(capsys, "convert", CEMENT, "--to", "lp")
    assert rc == 2 and "coalitional resource games only" in err


# ---------------------------------------------------------------- stdin
def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))


@pytest.mark.parametrize("path", ["tick/cement.toml", "tick/tick.pl", "crg/example2.lp"])
def test_stdin(path, monkeypatch, capsys):
    f = EXAMPLES / path
    _stdin(monkeypatch, f.read_text(encoding="utf-8"))
    games = load_games("-")
    assert [type(g) for g in games] == [type(g) for g in load_games(f)]
    named = [dataclasses.replace(g, name=h.name) if dataclasses.is_dataclass(g) and not isinstance(g, TUGame) else g
             for g, h in zip(games, load_games(f))]
    assert named == load_games(f)


def test_stdin_cli(monkeypatch, capsys):
    for text in (CEMENT.read_text(), dumps_game(load_game(CEMENT), "json"), dumps_game(load_game(CEMENT), "csv")):
        _stdin(monkeypatch, text)
        rc, out, err = run(capsys, "shapley", "-")
        assert (rc, out, err) == (0, "71/2, 57/2, 13 (35.5, 28.5, 13.0)\n", "")
    _stdin(monkeypatch, 'players = ["X"]\nvalues = [1, 2]\n')
    rc, _, err = run(capsys, "shapley", "-")
    assert rc == 2 and err.startswith("declcoal: error: <stdin>:2: 1 players need 1 worths")


# ---------------------------------------------------------------- Unicode names
def test_unicode_players(tmp_path, capsys):
    f = tmp_path / "u.toml"
    f.write_text('players = ["Ä", "東京", "O\'Neil", "Zoë_2"]\ndefault = 0\n[values]\n"Ä 東京 O\'Neil Zoë_2" = 4\n'
                 '"Ä 東京" = 2\n', encoding="utf-8")
    g = load_game(f)
    assert g.players == ("Ä", "東京", "O'Neil", "Zoë_2")
    for ext in (".toml", ".json", ".pl", ".csv"):
        save_game(g, tmp_path / f"v{ext}")
        h = load_game(tmp_path / f"v{ext}")
        assert h.players == g.players and h.values == g.values, ext
    rc, out, _ = run(capsys, "shapley", f, "--csv")
    assert out.splitlines()[1] == "Ä,7/6" and shapley(g).values[0] == F(7, 6)
    for bad in ("1abc", "a b", "a,b", ""):
        with pytest.raises(Exception, match="player name|at least one"):
            TUGame.from_list([bad], [1])


# ---------------------------------------------------------------- round trips, every format
NAMES = st.text(alphabet=st.characters(categories=("Lu", "Ll", "Lo")), min_size=1, max_size=4)
WORTH = st.fractions(min_value=-100, max_value=100, max_denominator=12)


@st.composite
def tu_games(draw):
    n = draw(st.integers(1, 4))
    names = draw(st.lists(NAMES, min_size=n, max_size=n, unique=True))
    worths = draw(st.lists(WORTH, min_size=2**n - 1, max_size=2**n - 1))
    return TUGame.from_list(names, worths, name="g")


FORMATS = [("toml", {}), ("toml", {"style": "list"}), ("toml", {"style": "list", "order": "lex"}),
           ("json", {}), ("json", {"style": "list", "order": "lex"}), ("prolog", {}), ("coopgame", {}), ("csv", {})]
EXT = {"toml": ".toml", "json": ".json", "prolog": ".pl", "coopgame": ".json", "csv": ".csv"}


@settings(max_examples=30)
@given(tu_games())
def test_roundtrip_every_format(tmp_path_factory, g):
    d = tmp_path_factory.mktemp("rt")
    for fmt, kw in FORMATS:
        f = d / f"g{EXT[fmt]}"
        f.write_text(dumps_game(g, fmt, **kw), encoding="utf-8")
        h = load_game(f)
        assert (h.players, h.values) == (g.players, g.values), (fmt, kw)


@settings(max_examples=30)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 9), min_size=n, max_size=n), st.integers(1, 60), st.sampled_from(["wv", "bk", "ap"]))))
def test_roundtrip_field_games(tmp_path_factory, case):
    from declcoal import airport, bankruptcy, weighted_voting

    ws, q, kind = case
    if sum(ws) == 0:
        return
    g = {"wv": lambda: weighted_voting(min(q, sum(ws)), ws), "bk": lambda: bankruptcy(min(q, sum(ws)), ws),
         "ap": lambda: airport(ws)}[kind]()
    d = tmp_path_factory.mktemp("rf")
    for ext in (".toml", ".json"):
        save_game(g, d / f"g{ext}")
        assert load_game(d / f"g{ext}") == g
    for fmt in ("prolog", "csv"):  # parameters expand to the dense table
        f = d / f"g{EXT[fmt]}"
        f.write_text(dumps_game(g, fmt))
        assert load_game(f).values == g.to_tu().values


# ---------------------------------------------------------------- errors as JSON, tables
def test_errors_as_json(tmp_path, capsys):
    f = tmp_path / "bad.toml"
    f.write_text('players = ["X", "Y"]\nvalues = [1, 2]\n')
    rc, out, err = run(capsys, "shapley", f, "--json")
    d = json.loads(err)
    assert rc == 2 and out == "" and d["exit_code"] == 2 and d["file"] == str(f) and d["line"] == 2
    assert d["error"].startswith("2 players need 3 worths")
    rc, out, err = run(capsys, "nucleolus", CEMENT, "--json", "--no-such-flag")
    assert rc == 2 and json.loads(err)["error"].startswith("nucleolus: unrecognized arguments: --no-such-flag")
    rc, _, err = run(capsys, "shapley", f)
    assert rc == 2 and err.startswith("declcoal: error: ")


def test_piped_tables_never_break_numbers(tmp_path):
    """Piped (not a terminal) and with COLUMNS=80 set, a 9-player power table with long
    fractions keeps every number whole on one line."""
    f = tmp_path / "wide.toml"
    f.write_text('kind = "weighted-voting"\nquota = 40\nweights = [19, 17, 13, 11, 7, 5, 3, 2, 1]\n')
    env = {**os.environ, "COLUMNS": "80"}
    for args in (["shapley", "-v"], ["power"]):
        out = subprocess.run([sys.executable, "-m", "declcoal", *args, str(f)], capture_output=True, text=True,
                             env=env, cwd=ROOT / "tests").stdout
        assert out
        from declcoal import shapley_shubik_index, load_game as lg

        for x in shapley_shubik_index(lg(f)).values:
            assert f"{x.numerator}/{x.denominator}" in out, (args, x)
        assert not any(re.search(r"\d/$|^\s*/\d", line) for line in out.splitlines())


# ---------------------------------------------------------------- Unicode names in ASP
UNICODE_CRG = '''kind = "crg"
name = "unicode"
agents = ["Äsa", "Bob", "not"]
goals = ["Ziel", "g2"]
resources = ["Geld"]
[wants]
"Äsa" = ["Ziel"]
Bob = ["g2"]
not = ["Ziel", "g2"]
[en]
"Äsa" = { Geld = 2 }
Bob = { Geld = 1 }
[req]
Ziel = { Geld = 2 }
g2 = { Geld = 1 }
'''


def test_crg_unicode_names_quoted_in_asp(tmp_path, capsys):
    """Names that are not ASP constants (Äsa, Bob — a variable in ASP —, the keyword
    not) are written as ASP strings; the ASP methods and the Python ones agree."""
    from declcoal import core_nonempty, success_table, successful_coalitions

    f = tmp_path / "u.toml"
    f.write_text(UNICODE_CRG, encoding="utf-8")
    g = load_game(f)
    rc, lp, _ = run(capsys, "convert", f, "--to", "lp")
    assert 'agent("Äsa";"Bob";"not").' in lp and "req(g2," in lp
    (tmp_path / "unicode.lp").write_text(lp, encoding="utf-8")
    assert load_game(tmp_path / "unicode.lp") == g
    asp = successful_coalitions(g, "asp")
    assert asp == successful_coalitions(g, "python") == success_table(g).successful
    for method in ("cegar", "saturation"):
        assert core_nonempty(g, method).nonempty
    (tmp_path / "bad.lp").write_text("agent(Alice). resource(r1).\n")
    rc, _, err = run(capsys, "crg", "info", tmp_path / "bad.lp")
    assert rc == 2 and "bad.lp:1: 'Alice' is not an ASP constant" in err and '"Alice"' in err
