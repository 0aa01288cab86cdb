"""CLI: ``declcoal nash`` and ``declcoal egalitarian`` (in-process), their solve rows, and
bad input (one-line error with file:line, exit code 2, no traceback)."""
from __future__ import annotations

import json

import pytest


from cli_util import run
from conftest import EXAMPLES

RV = EXAMPLES / "ray-vohra"




def test_nash_example1(capsys):
    rc, out, err = run(capsys, "nash", RV / "example1.toml")
    assert rc == 0 and not err
    assert "│ x1    │  2 │  2 │  4 │           16 │" in out
    assert "no threat binds" in out


def test_nash_example5_shows_binding_threats(capsys):
    rc, out, _ = run(capsys, "nash", RV / "example5.toml")
    assert rc == 0
    assert out.count("1/5 (0.2)") == 3 and "every coalition is effective" in out
    assert "threat of {P1 P2} y = (2/5, 2/5) binds; defended by P2" in out
    assert "unconstrained Nash point (threats ignored): (1/3, 1/3, 1/3) — blocked by" in out


def test_nash_example6_json(capsys):
    rc, out, _ = run(capsys, "nash", RV / "example6.toml", "--json")
    assert rc == 0
    d = json.loads(out)
    assert d["solutions"] == [["3/10", "2/5", "3/10"], ["2/5", "3/10", "3/10"]]
    assert d["mode"] == "recursive" and d["guarantee"] == "exact"
    assert d["grand_coalition"]["binding_threats"][0][0]["coalition"] == "P1 P2"


def test_nash_roommate_ineffective(capsys):
    rc, out, _ = run(capsys, "nash", RV / "roommate.toml")
    assert rc == 0
    assert "ineffective coalitions" in out and "{P1 P2 P3}" in out
    assert "blocked alternative (3, 2, 1): {P2 P3} threatens (3, 2)" in out


def test_nash_both_and_theorem3(capsys):
    rc, out, _ = run(capsys, "nash", RV / "weighted.toml", "--both", "--theorem3")
    assert rc == 0
    assert "recursive σ*(S) = naive σ(S) for every coalition — equal" in out
    assert "(4/15, 22/45, 11/45)" in out
    assert "σ*(N) efficient: yes" in out


def test_nash_weights_and_naive_on_tick(capsys):
    rc, out, _ = run(capsys, "nash", EXAMPLES / "tick" / "cement.toml", "--naive", "--weights", "1,2,1")
    assert rc == 0 and "naive threats" in out and "γ = (1, 2, 1)" in out


def test_nash_z3_method_same_answer(capsys):
    rc1, out1, _ = run(capsys, "nash", RV / "pairs-tu.toml", "--json")
    rc2, out2, _ = run(capsys, "nash", RV / "pairs-tu.toml", "--json", "--method", "z3")
    assert rc1 == rc2 == 0
    assert json.loads(out1)["solutions"] == json.loads(out2)["solutions"]


def test_egalitarian_example6(capsys):
    rc, out, _ = run(capsys, "egalitarian", RV / "example6.toml")
    assert rc == 0
    assert "│ e1    │ 3/10 (0.3) │  2/5 (0.4) │ 3/10 (0.3) │" in out
    assert "Theorem 4 check σ_sym(S) ⊆ E(S) for every coalition: holds" in out
    rc, out, _ = run(capsys, "egalitarian", RV / "example6.toml", "--naive", "--json", "--no-check")
    assert rc == 0 and json.loads(out)["threats"] == "naive"


def test_solve_includes_nash_and_egalitarian_rows(capsys):
    rc, out, _ = run(capsys, "solve", RV / "example6.toml", "--json")
    assert rc == 0
    concepts = [r["concept"] for r in json.loads(out)["results"]]
    assert "coalitional Nash (Ray-Vohra)" in concepts and "constrained egalitarian" in concepts


# ------------------------------------------------------------------ bad input
def _err(capsys, *argv):
    rc, out, err = run(capsys, *argv)
    assert rc == 2, (rc, out, err)
    assert err.startswith("declcoal: error: ") and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_bad_weights(capsys):
    assert "expected 3 weights" in _err(capsys, "nash", RV / "example6.toml", "--weights", "1,2")
    assert "positive" in _err(capsys, "nash", RV / "example6.toml", "--weights", "1,0,1")
    assert "not a number" in _err(capsys, "nash", RV / "example6.toml", "--weights", "1,x,1")


def test_mode_flags_on_exogenous_game(capsys):
    assert "--naive applies to characteristic-function games" in _err(capsys, "nash", RV / "example1.toml", "--naive")
    assert "TU" in _err(capsys, "egalitarian", RV / "example1.toml")
    assert "finite" in _err(capsys, "egalitarian", RV / "roommate.toml")


@pytest.mark.parametrize("body, needle, line", [
    ('kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = [[1, 2], [3]]\n', "expected 2 numbers", 3),
    ('kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = 1\n[threats]\n"A B" = [[1, 1]]\n',
     "proper sub-coalitions", 5),
    ('kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = 1\nweights = [1, -1]\n', "must be positive", 4),
    ('kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = 1\ncolour = 3\n', "unknown key 'colour'", 4),
    ('kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = 1\n[threats]\n"A" = [["x"]]\n', "not a number", 5),
    ('kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = 1\n[threats]\n"A Z" = [[1, 1]]\n', "unknown player", 5),
    ('kind = "bargaining"\nplayers = ["A", "B"]\n[feasible]\n"A B" = -1\n', "v(S) >= 0", 4),
    ('kind = "bargaining"\nplayers = ["A", "B"]\ndisagreement = [0, 0]\n[feasible]\n"A B" = 1\n',
     "'disagreement' does not apply", 3),
    ('kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = -2\n', "worth >= 0", 3),
    ('kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = [[1, 2]\n', "TOML syntax error", None),
])
def test_malformed_bargaining_files(capsys, tmp_path, body, needle, line):
    p = tmp_path / "bad.toml"
    p.write_text(body)
    err = _err(capsys, "nash", p)
    assert needle in err
    if line is not None:
        assert f"{p}:{line}: " in err


def test_missing_players_json(capsys, tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"kind": "bargaining", "feasible": 1}')
    assert "missing 'players'" in _err(capsys, "nash", p)


def test_round_trip_convert(capsys, tmp_path):
    out = tmp_path / "rm.json"
    rc, _, _ = run(capsys, "convert", RV / "roommate.toml", "-o", out)
    assert rc == 0
    rc, text, _ = run(capsys, "nash", out, "--json")
    assert rc == 0 and json.loads(text)["ineffective"] == ["P1 P2 P3"]


def test_reproduce_ray_vohra(capsys):
    rc, out, _ = run(capsys, "reproduce", "ray-vohra")
    assert rc == 0 and "claims reproduced" in out and "certified by KKT" in out
    rc, out, _ = run(capsys, "reproduce", "ray-vohra", "--json")
    from declcoal.reproduce.ray_vohra_viable import KNOWN_DIFFERENCES

    assert rc == 0 and all(r["ok"] or r["item"] in KNOWN_DIFFERENCES for r in json.loads(out))


def test_too_many_players_is_a_clear_error(capsys, tmp_path):
    p = tmp_path / "big.toml"
    names = [f"p{i}" for i in range(13)]
    p.write_text('players = [' + ", ".join(f'"{x}"' for x in names) + ']\ndefault = 1\n[values]\n"p0" = 1\n')
    assert "above the limit 100,000" in _err(capsys, "nash", p, "--recursive")  # 13 players: 1,577,940 pairs
    assert "--max-pairs" in _err(capsys, "egalitarian", p)
