"""The CLI on TU games: answers, JSON, and every malformed input as a one-line error
with exit code 2 (DESIGN.md principle 6)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from declcoal.cli import main

from cli_util import run
from conftest import EXAMPLES

CEMENT = str(EXAMPLES / "tick" / "cement.toml")




def test_shapley_cement_prints_exact_and_decimal(capsys):
    """Issue acceptance: `declcoal shapley cement.toml` prints 71/2, 57/2, 13 (35.5, 28.5, 13.0)."""
    rc, out, err = run(capsys, "shapley", CEMENT)
    assert rc == 0 and err == ""
    assert out.strip() == "71/2, 57/2, 13 (35.5, 28.5, 13.0)"


@pytest.mark.parametrize("flag", ["--exact", "--fast", "--method=permutation"])
def test_shapley_methods_cli(capsys, flag):
    rc, out, _ = run(capsys, "shapley", CEMENT, flag)
    assert rc == 0 and "35.5" in out and "28.5" in out and "13" in out


def test_shapley_json(capsys):
    rc, out, _ = run(capsys, "shapley", CEMENT, "--json")
    data = json.loads(out)
    assert rc == 0
    assert data["values"]["X"] == {"exact": "71/2", "float": 35.5}
    assert data["guarantee"] == "exact" and data["concept"] == "shapley"


def test_shapley_on_multi_game_prolog_file(capsys):
    rc, out, _ = run(capsys, "shapley", str(EXAMPLES / "tick" / "tick.pl"), "--game", "rand3")
    assert rc == 0 and out.strip().startswith("93/2, 77/2, 85/3, 110/3")
    rc, out, _ = run(capsys, "shapley", str(EXAMPLES / "tick" / "tick.pl"))
    assert rc == 0 and out.count(":") == 9  # one line per game, with its name


def test_banzhaf_and_info_and_solve(capsys):
    rc, out, _ = run(capsys, "banzhaf", CEMENT)
    assert rc == 0 and "145/4" in out
    rc, out, _ = run(capsys, "info", CEMENT)
    assert rc == 0 and "superadditive" in out and "X adds 38" in out
    rc, out, _ = run(capsys, "info", CEMENT, "--json")
    info = json.loads(out)
    assert info["worths"]["X Y"] == "59"
    rc, out, _ = run(capsys, "solve", CEMENT, "--json")
    data = json.loads(out)
    concepts = [r["concept"] for r in data["results"]]
    assert rc == 0 and "Shapley value" in concepts and "Banzhaf value" in concepts


def test_convert_round_trip(capsys, tmp_path):
    out_file = tmp_path / "cement.json"
    rc, _, _ = run(capsys, "convert", CEMENT, "-o", str(out_file))
    assert rc == 0
    rc, out, _ = run(capsys, "shapley", str(out_file))
    assert out.strip() == "71/2, 57/2, 13 (35.5, 28.5, 13.0)"
    rc, out, _ = run(capsys, "convert", str(EXAMPLES / "tick" / "tick.pl"), "--to", "prolog")
    assert rc == 0 and out.count("data(") == 9


BAD = [
    ("wrong_count.toml", 'players = ["A","B"]\nvalues = [1, 2]\n', "wrong_count.toml:2: 2 players need 3 worths"),
    ("unknown_player.toml", 'players = ["A","B"]\n[values]\nA = 1\nB = 2\n"A Q" = 3\n', "unknown_player.toml:5: unknown player 'Q'"),
    ("dup_player.toml", 'players = ["A","A"]\nvalues = [1,2,3]\n', "dup_player.toml:1: duplicate player 'A'"),
    ("empty_nonzero.json", '{"players": ["A"],\n"values": {"": 2, "A": 1}}', "empty coalition must have worth 0"),
    ("non_numeric.toml", 'players = ["A","B"]\nvalues = [1, "lots", 3]\n', "non_numeric.toml:2: worth of {B}: not a number: 'lots'"),
    ("negative_ok_but_bool.toml", 'players = ["A"]\nvalues = [true]\n', "got a boolean"),
    ("syntax.toml", 'players = ["A"\n', "TOML syntax error"),
    ("syntax.json", '{"players": ["A"], ', "JSON syntax error"),
    ("too_many.toml", "players = [" + ",".join(f'"p{i}"' for i in range(21)) + "]\nvalues = []\n", "21 players need a dense table"),
    ("facts.pl", "data( g, 3, [1,2,3] ).\n", "facts.pl:1: game 'g': 3 players need 7 worths"),
    ("binary.toml", None, "not a UTF-8 text file"),
]


@pytest.mark.parametrize("fname,text,message", BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("command", ["shapley", "info", "solve"])
def test_bad_input_one_line_exit_2(capsys, tmp_path, fname, text, message, command):
    path = tmp_path / fname
    if text is None:
        path.write_bytes(b"\xff\xfe\x00bad")
    else:
        path.write_text(text)
    rc, out, err = run(capsys, command, str(path))
    assert rc == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("declcoal: error: ")
    assert message in lines[0]
    assert "Traceback" not in err


def test_missing_file_and_unknown_game(capsys, tmp_path):
    rc, _, err = run(capsys, "shapley", str(tmp_path / "none.toml"))
    assert rc == 2 and "no such file" in err
    rc, _, err = run(capsys, "shapley", str(EXAMPLES / "tick" / "tick.pl"), "--game", "nope")
    assert rc == 2 and "no game named 'nope'" in err and "cement" in err


def test_permutation_limit_is_an_error_not_a_crash(capsys, tmp_path):
    path = tmp_path / "big.toml"
    path.write_text("players = [" + ",".join(f'"p{i}"' for i in range(11)) + "]\ndefault = 1\n[values]\n")
    rc, _, err = run(capsys, "shapley", str(path), "--method", "permutation")
    assert rc == 2 and "limit 10 players" in err


def test_usage_errors_exit_2(capsys):
    rc, _, err = run(capsys, "shapley")
    assert rc == 2 and err.count("\n") == 1 and "declcoal: error: shapley:" in err and "--help" in err
    rc, _, err = run(capsys, "--bogus")
    assert rc == 2 and err.count("\n") == 1 and "unrecognized arguments: --bogus" in err
    rc, _, err = run(capsys, "crg", "core")
    assert rc == 2 and err.count("\n") == 1 and "declcoal: error: crg core:" in err
    rc, _, err = run(capsys, "shapley", CEMENT, "--exact", "--fast")
    assert rc == 2


def test_help_teaches(capsys):
    rc = main(["--help"])
    out = capsys.readouterr().out
    assert rc == 0
    for word in ("shapley", "solve", "info", "convert", "examples:", "Exit codes"):
        assert word in out


def test_console_script_runs_as_subprocess():
    """The installed entry point works as a real process (exit code and stdout)."""
    proc = subprocess.run([sys.executable, "-m", "declcoal", "shapley", CEMENT], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "71/2, 57/2, 13 (35.5, 28.5, 13.0)"
    proc = subprocess.run([sys.executable, "-m", "declcoal", "shapley", "/nonexistent.toml"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_info_routes_other_game_kinds(capsys):
    """`info` on a CRG file describes it (as `crg info`); on a bargaining game it says
    which command to use (exit 2, one line)."""
    rc, out, _ = run(capsys, "info", str(EXAMPLES / "crg" / "example2.lp"))
    assert rc == 0 and "coalitional resource game with 4 agents" in out
    rc, out, err = run(capsys, "info", str(EXAMPLES / "ray-vohra" / "example1.toml"))
    assert rc == 2 and out == "" and "try: declcoal nash FILE" in err and err.count("\n") == 1
