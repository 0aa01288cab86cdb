"""``declcoal viable``: models, files, --json, --explain, --plot, solve rows, bad input."""
from __future__ import annotations

import json

import pytest

from cli_util import run
from conftest import EXAMPLES
from declcoal.io import load_game
from declcoal.model.pfg_models import cournot

RV = EXAMPLES / "ray-vohra"


def test_cournot_model(capsys):
    rc, out, err = run(capsys, "viable", "cournot", "--A", "10", "--costs", "2,3,4")
    assert rc == 0, err
    assert "123: payoffs (9, 4, 3)" in out and "grand coalition viable" in out
    assert "1 block  │ 123 ★" in out


def test_cournot_a23_explain(capsys):
    rc, out, _ = run(capsys, "viable", "cournot", "--A", "23", "--costs", "1,3,5", "--explain", "123")
    assert rc == 0
    assert "NOT VIABLE" in out and "needs a total of 1096/9" in out and "v(123, π) = 121" in out
    assert "1|23: payoffs (64, 25, 11)" in out


def test_environment_and_rnd(capsys):
    rc, out, _ = run(capsys, "viable", "environment", "--a", "1,1,1")
    assert rc == 0 and "grand coalition NOT viable" in out and "approximate" in out
    rc, out, _ = run(capsys, "viable", "rnd", "--r", "0.01", "--alpha", "6", "--json")
    d = json.loads(out)
    assert d["grand_coalition_viable"] and d["guarantee"] == "approximate"
    assert len(d["coarsest_viable"][0]["payoffs"]) == 3


def test_json_and_explain(capsys):
    rc, out, _ = run(capsys, "viable", "cournot", "--A", "10", "--costs", "1,1,1", "--json", "--explain", "1|23")
    d = json.loads(out)
    assert rc == 0 and d["structures_total"] == 5
    ex = d["explain"]
    assert ex["viable"] is False
    blk = ex["equilibria"][0]["blocks"][1]
    assert blk["unblocked_set_empty"] and blk["conflict_needs"] == "81/8"
    assert {t["breakaway"] for t in blk["conflicting_threats"]} == {"2", "3"}


def test_file_and_round_trip(capsys, tmp_path):
    g = load_game(RV / "cournot-10.toml")
    ref = cournot(10, [2, 3, 4])
    assert g.table == ref.table
    rc, out, _ = run(capsys, "viable", RV / "cournot-10.toml")
    assert rc == 0 and "123: payoffs (9, 4, 3)" in out
    p = tmp_path / "c.json"
    rc, _, _ = run(capsys, "convert", RV / "cournot-10.toml", "-o", p)
    assert rc == 0 and load_game(p).table == ref.table


def test_two_equilibria_file(capsys):
    rc, out, _ = run(capsys, "viable", RV / "two-equilibria.toml", "--explain", "A|BC")
    assert rc == 0 and "BC (equilibrium 1): unblocked set EMPTY" in out and "(1, 2, 4)" in out


def test_blocks_without_transfers(capsys, tmp_path):
    rc, out, _ = run(capsys, "viable", RV / "no-transfers.toml", "--explain", "AB|C")
    assert rc == 0 and "block every point of F(AB, π) = {(4, 1), (1, 4)}" in out and "ABC: payoffs (3, 3, 3)" in out
    p = tmp_path / "nt.json"
    rc, _, _ = run(capsys, "convert", RV / "no-transfers.toml", "-o", p)
    assert rc == 0 and load_game(p).table == load_game(RV / "no-transfers.toml").table
    bad = tmp_path / "b.toml"
    bad.write_text(HEAD + "\n".join(ALL[:1] + ['"1|23" = {1 = 1, 23 = [[1, -2]]}'] + ALL[2:]) + "\n")
    rc, _, err = run(capsys, "viable", bad)
    assert rc == 2 and "negative payoff" in err and "b.toml:5:" in err


def test_plot(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    p = tmp_path / "lattice.png"
    rc, out, _ = run(capsys, "viable", "cournot", "--A", "10", "--costs", "1,1,1,1", "--plot", p)
    assert rc == 0 and p.read_bytes()[:4] == b"\x89PNG"


def test_solve_rows(capsys):
    rc, out, _ = run(capsys, "solve", RV / "cournot-10.toml")
    assert rc == 0 and "Nash-in-Nash" in out and "coarsest viable 123" in out


def _bad(tmp_path, text: str):
    p = tmp_path / "g.toml"
    p.write_text(text)
    return p


HEAD = 'kind = "partition"\nplayers = ["1", "2", "3"]\n[values]\n'
ALL = ['"1|2|3" = [1, 1, 1]', '"1|23" = [1, 3]', '"12|3" = [3, 1]', '"13|2" = [3, 1]', '"123" = [5]']


@pytest.mark.parametrize("lines,needle,line", [
    (ALL[:-1], "missing structure 123", 3),
    (ALL[:1] + ['"1|23" = [1, -3]'] + ALL[2:], "is negative", 5),
    (ALL[:1] + ['"1|23" = {1 = 1, 12 = 3}'] + ALL[2:], "not a block of structure 1|23", 5),
    (ALL[:1] + ['"1|23" = [1, "x"]'] + ALL[2:], "v(23, 1|23)", 5),
    (ALL[:1] + ['"1|2" = [1, 1]'] + ALL[2:], "leaves out 3", 5),
    (ALL[:1] + ['"1|23" = [1]'] + ALL[2:], "2 blocks but 1 worths", 5),
])
def test_bad_files(capsys, tmp_path, lines, needle, line):
    p = _bad(tmp_path, HEAD + "\n".join(lines) + "\n")
    rc, out, err = run(capsys, "viable", p)
    assert rc == 2 and needle in err and f"g.toml:{line}:" in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bad_cli_input(capsys, tmp_path):
    for argv, needle in [
        (["viable", "cournot", "--A", "10"], "cournot needs --A"),
        (["viable", "cournot", "--A", "10", "--costs", "1,x"], "--costs"),
        (["viable", "cournot", "--A", "10", "--costs", "1,1,1,1,1,1,1,1,1,1"], "Bell(10) = 115,975"),
        (["viable", "rnd", "--r", "0", "--alpha", "2"], "discount rate"),
        (["viable", "environment", "--a", "1,-1"], "a_i must be positive"),
        (["viable", "cournot", "--A", "10", "--costs", "1,2,3", "--explain", "1|4"], "unknown player"),
        (["viable", "cournot", "--A", "10", "--costs", "1,2,3", "--weights", "1,0,1"], "positive"),
        (["viable", "cournot", "--A", "10", "--costs", "1,2,3", "--plot", "x.svg"], ".png"),
        (["viable", str(EXAMPLES / "ray-vohra" / "example5.toml")], "needs a partition-function game"),
        (["viable", "nosuchfile.toml"], "no such file"),
        (["nash", str(RV / "cournot-10.toml")], "use 'declcoal viable'"),
        (["shapley", str(RV / "cournot-10.toml")], "PartitionGame"),
    ]:
        rc, out, err = run(capsys, *argv)
        assert rc == 2 and needle in err, (argv, err)
        assert len(err.strip().splitlines()) == 1
