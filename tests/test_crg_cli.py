"""`declcoal crg ...` and `declcoal solve` on CRGs, in-process (exit codes per DESIGN.md)."""
from __future__ import annotations

import json

import pytest

from cli_util import run
from conftest import EXAMPLES

CRG = EXAMPLES / "crg"




def test_check_example3_explains_the_blocker(capsys):
    rc, out, _ = run(capsys, "crg", "check", CRG / "example3.lp", "--sigma", CRG / "example3_sigma.lp")
    assert rc == 0  # an unstable σ is an answer
    assert "σ is blocked by ⟨{a2,a3}, {g2,g3}, ξ⟩" in out
    assert "a2 pays 2 < 3" in out and "a3 pays 9 < 11" in out
    assert "NOT in the core" in out


@pytest.mark.parametrize("method", ["flow", "asp", "csp"])
def test_check_json(capsys, method):
    rc, out, _ = run(capsys, "crg", "check", CRG / "example3.lp", "--sigma", CRG / "example3_sigma.lp",
                     "--method", method, "--json")
    d = json.loads(out)
    assert rc == 0 and d["stable"] is False and d["blocker"]["coalition"] == ["a2", "a3"]
    assert d["method"] == method


def test_block_shows_flow_network_of_fig3(capsys):
    rc, out, _ = run(capsys, "crg", "block", CRG / "example3.lp", "--sigma", CRG / "example3_sigma.lp")
    assert rc == 0 and "max flow 11 of req(G') = 11" in out and "a3 → r4" in out


def test_core_example2_empty_with_candidates(capsys):
    rc, out, _ = run(capsys, "crg", "core", CRG / "example2.lp", "--method", "cegar")
    assert rc == 0 and "the core is empty" in out and "blocked by" in out
    rc, out, _ = run(capsys, "crg", "core", CRG / "example2.lp", "--method", "saturation", "--json")
    d = json.loads(out)
    assert d["nonempty"] is False and d["weak"] is False and d["strongly_nonempty"] is False


def test_core_example1_nonempty(capsys):
    rc, out, _ = run(capsys, "crg", "core", CRG / "example1.lp", "-q")
    assert rc == 0 and "the core is non-empty" in out and "strongly non-empty: yes" in out


def test_success_table1(capsys):
    rc, out, _ = run(capsys, "crg", "success", CRG / "example1.lp", "--json")
    d = json.loads(out)
    assert rc == 0 and d["successful"] == [["a1", "a3"]]
    assert d["coalitions"][5]["sf"] == [["g1"]]


def test_info_and_top(capsys):
    rc, out, _ = run(capsys, "crg", "info", CRG / "example2.toml")
    assert rc == 0 and "successful coalitions: {a1,a2}, {a1,a3}, {a2,a3,a4}" in out
    rc, out, _ = run(capsys, "crg", "top", CRG / "example4.lp")
    assert rc == 0 and out.startswith("top-cooperation structure")
    rc, out, _ = run(capsys, "crg", "top", CRG / "example5.lp", "--json")
    assert rc == 0 and json.loads(out)["exists"] is False


def test_solve_section(capsys):
    rc, out, _ = run(capsys, "solve", CRG / "example2.lp")
    assert rc == 0 and "successful coalitions" in out and "empty" in out
    rc, out, _ = run(capsys, "solve", CRG / "example4.lp", "--json")
    d = json.loads(out)
    assert [r["concept"] for r in d["results"]][:2] == ["successful coalitions", "core (stable σ*)"]


def test_default_sigma_is_sigma0(capsys):
    rc, out, _ = run(capsys, "crg", "check", CRG / "example1.lp")
    assert rc == 0 and "σ0" in out and "newly satisfied" in out


# ---------------------------------------------------------------- bad input: exit 2, one line
BAD = [
    ("bad.lp", "agent(a1). goal(g1). resource(r1).\nreq(g1,r1,-3).", "bad.lp:2: req(g1,r1,_) must be a natural number"),
    ("bad.lp", "agent(a1). resource(r1).\nwants(a1,g7).", "bad.lp:2: unknown goal 'g7'"),
    ("bad.lp", "agent(a1). goal(g1). resource(r1).", "bad.lp:1: goal g1 requires no resource"),
    ("bad.toml", 'kind = "crg"\nagents = ["a1"]\nresources = ["r1"]\ngoals = ["g1"]\n[req]\ng1 = { r1 = "x" }\n',
     "bad.toml:6: req(g1,r1) must be a natural number"),
    ("bad.json", '{"kind": "crg", "agents": ["a1"], "resources": [5]}', "bad.json:1: 'resources' must be a list of names"),
]


@pytest.mark.parametrize("name,text,msg", BAD)
def test_bad_game_files_exit_2(capsys, tmp_path, name, text, msg):
    p = tmp_path / name
    p.write_text(text)
    rc, out, err = run(capsys, "crg", "info", p)
    assert rc == 2 and out == ""
    assert msg in err and err.startswith("declcoal: error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_bad_sigma_exit_2(capsys, tmp_path):
    p = tmp_path / "s.lp"
    p.write_text("sigma_member(l1,a1).\nsigma_xi(a1,r1,99).")
    rc, _, err = run(capsys, "crg", "check", CRG / "example3.lp", "--sigma", p)
    assert rc == 2 and "s.lp" in err and err.count("\n") == 1
    rc, _, err = run(capsys, "crg", "check", CRG / "example3.lp", "--sigma", tmp_path / "missing.lp")
    assert rc == 2 and "no such file" in err


def test_tu_game_is_not_a_crg(capsys):
    rc, _, err = run(capsys, "crg", "core", EXAMPLES / "tick" / "cement.toml")
    assert rc == 2 and "needs a CRG" in err


def test_brute_force_refuses_large_games(capsys):
    rc, _, err = run(capsys, "crg", "core", CRG / "example2.lp", "--method", "brute")
    assert rc == 2 and "too large" in err
