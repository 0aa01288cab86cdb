"""CLI: tighten, core, least-core, nucleolus, reproduce tick, solve rows; bad input -> exit 2."""
from __future__ import annotations

import json

import pytest


from cli_util import run
from conftest import EXAMPLES

TICK = EXAMPLES / "tick"
CEMENT = str(TICK / "cement.toml")
RAIFFA = str(TICK / "raiffa.toml")




def test_tighten_faithful_trace_table2(capsys):
    """Table 2 through the CLI: the trace shows K = 0.07689 ... 1.692414 with fixed stars."""
    rc, out, err = run(capsys, "tighten", CEMENT, "--mode", "faithful", "--trace")
    assert rc == 0 and err == ""
    for k in ("0.07689*", "0.166655*", "0.297189*", "1.692414*"):
        assert k in out
    assert "34.999" in out and "28.538" in out


def test_tighten_exact_json(capsys):
    rc, out, _ = run(capsys, "tighten", CEMENT, "--gamma", "absolute", "--json")
    d = json.loads(out)
    assert rc == 0 and d["status"] == "ok" and d["mode"] == "exact"
    assert d["allocation"]["X"]["exact"] == "103/3"
    assert d["trace"][0]["level"] == "11/3" and d["dimension"] == 0


def test_tighten_options(capsys):
    rc, out, _ = run(capsys, "tighten", CEMENT, "--mode", "faithful", "--epsilon", "0.001", "--delta-max", "10",
                     "--iterations", "2", "--json", "--phase3-order", "template")
    d = json.loads(out)
    assert rc == 0 and len(d["trace"]) == 2 and d["params"]["epsilon"] == "1/1000"
    rc, out, _ = run(capsys, "tighten", CEMENT, "--gamma", "hybrid", "--lp", "z3", "--allow-negative")
    assert rc == 0 and "hybrid" in out


def test_tighten_raiffa_is_an_answer(capsys):
    """Tick's raiffa "should fail": exit 0 with the explanation and the unsat core."""
    rc, out, err = run(capsys, "tighten", RAIFFA, "--mode", "faithful")
    assert rc == 0
    assert "the core constraints are inconsistent" in out
    assert "{X,Y} >= 118" in out and "X+Y+Z = 121" in out
    rc, out, _ = run(capsys, "tighten", RAIFFA, "--json")
    d = json.loads(out)
    assert d["status"] == "inconsistent" and len(d["conflict"]) == 4


def test_core_and_certificate(capsys):
    rc, out, _ = run(capsys, "core", RAIFFA)
    assert rc == 0 and "EMPTY" in out and "126" in out and "1/2" in out
    rc, out, _ = run(capsys, "core", CEMENT, "--json")
    assert rc == 0 and json.loads(out)["nonempty"] is True


def test_nucleolus_and_least_core(capsys):
    rc, out, _ = run(capsys, "nucleolus", TICK / "rand4.toml", "-v")
    assert rc == 0 and "121/4" in out and "sequential LPs" in out
    rc, out, _ = run(capsys, "nucleolus", RAIFFA, "--pre", "--json")
    assert rc == 0 and json.loads(out)["concept"] == "prenucleolus"
    rc, out, _ = run(capsys, "least-core", CEMENT)
    assert rc == 0 and "-11/3" in out


def test_multi_game_prolog_file(capsys):
    rc, out, _ = run(capsys, "tighten", TICK / "tick.pl", "--game", "rand1", "--gamma", "absolute")
    assert rc == 0 and "55/2" in out


def test_reproduce_tick(capsys):
    rc, out, _ = run(capsys, "reproduce", "tick")
    assert rc == 0
    assert "Table 2: K values all equal; Table 3: allocations 55/56" in out and "MSE 16/16" in out
    assert "typo" in out


def test_reproduce_tick_json(capsys):
    rc, out, _ = run(capsys, "reproduce", "tick", "--json")
    d = json.loads(out)
    assert rc == 0 and d["table2_match"] is True and len(d["table3"]) == 8


def test_reproduce_group_is_extensible(capsys):
    """A second paper module can join `declcoal reproduce` through add_reproduction."""
    from declcoal.cli import _reproduce

    _reproduce.add_reproduction("dummy-paper", "test only", lambda args: 0)
    try:
        rc, out, _ = run(capsys, "reproduce", "dummy-paper")
        assert rc == 0
        rc, out, _ = run(capsys, "reproduce", "--help")
        assert "tick" in out and "dummy-paper" in out
    finally:
        del _reproduce.REGISTRY["dummy-paper"]


def test_solve_has_tightening_core_nucleolus_rows(capsys):
    rc, out, _ = run(capsys, "solve", CEMENT, "--json")
    d = json.loads(out)
    concepts = [r["concept"] for r in d["results"]]
    for c in ("Tick relative tightening", "Tick absolute tightening", "core point", "least core point", "nucleolus"):
        assert c in concepts
    rc, out, _ = run(capsys, "solve", RAIFFA)
    assert rc == 0 and "EMPTY" in out and "inconsistent" in out


@pytest.mark.parametrize("argv,msg", [
    (["tighten", CEMENT, "--mode", "faithful", "--epsilon", "-1"], "epsilon must be positive"),
    (["tighten", CEMENT, "--epsilon", "abc"], "not a number"),
    (["tighten", CEMENT, "--iterations", "0"], "iterations must be a positive integer"),
    (["tighten", CEMENT, "--mode", "faithful", "--delta-max", "0.00001"], "delta-max must be at least epsilon"),
    (["tighten", "nonexistent.toml"], "nonexistent.toml"),
    (["core", str(TICK / "tick.pl"), "--game", "nope"], "no game named"),
])
def test_bad_input_exit_2(capsys, argv, msg):
    rc, out, err = run(capsys, *argv)
    assert rc == 2
    assert msg in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_malformed_game_file_exit_2(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('players = ["X", "Y"]\nvalues = [1, 2]\n')
    rc, _, err = run(capsys, "tighten", bad)
    assert rc == 2 and "bad.toml" in err and "3 worths" in err


def test_unknown_gamma_is_usage_error(capsys):
    rc, _, err = run(capsys, "tighten", CEMENT, "--gamma", "proportional")
    assert rc == 2 and "invalid choice" in err


def test_one_player_game(capsys, tmp_path):
    one = tmp_path / "one.toml"
    one.write_text('players = ["A"]\nvalues = [5]\n')
    assert run(capsys, "core", one)[0] == 0
    assert run(capsys, "nucleolus", one)[0] == 0
    rc, _, err = run(capsys, "least-core", one)
    assert rc == 2 and "at least 2 players" in err
    rc, _, err = run(capsys, "tighten", one)
    assert rc == 2 and "at least 2 players" in err
