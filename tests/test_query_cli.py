"""``declcoal query`` and ``declcoal export`` through the CLI (issue 12): answers, files
of queries, the top level on piped input, emitted programs, and bad input (one line
naming the column — and file:line for query files —, exit 2)."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from cli_util import run
from conftest import EXAMPLES
from declcoal.query.export import run_smt2

CEMENT = EXAMPLES / "tick" / "cement.toml"
RAIFFA = EXAMPLES / "tick" / "raiffa.toml"
EX6 = EXAMPLES / "ray-vohra" / "example6.toml"
CRG2 = EXAMPLES / "crg" / "example2.lp"
TICKPL = EXAMPLES / "tick" / "tick.pl"


def test_single_query_and_json(capsys):
    rc, out, err = run(capsys, "query", CEMENT, "range x[X] subject to core")
    assert rc == 0 and out.splitlines()[0] == "range [30, 38]"
    rc, out, _ = run(capsys, "query", CEMENT, "maximize x[Z] subject to least_core", "--json")
    d = json.loads(out)
    assert rc == 0 and d["value"] == "43/3" and d["attained"] is True and d["guarantee"] == "exact"


def test_infeasible_is_an_answer_with_its_conflict(capsys):
    rc, out, _ = run(capsys, "query", RAIFFA, "core")
    assert rc == 0
    assert "infeasible" in out and "core: x(X Y) >= 118" in out


def test_crg_queries(capsys):
    rc, out, _ = run(capsys, "query", CRG2, "stable")
    assert rc == 0 and "no coalition structure" in out and "stable" in out
    rc, out, _ = run(capsys, "query", CRG2, "find subject to together(a1, a2), achieved(g1)", "--json")
    d = json.loads(out)
    assert d["status"] == "found" and d["structures"][0]["structure"][0]["coalition"][:2] == ["a1", "a2"]


def test_require_option(capsys):
    rc, out, _ = run(capsys, "query", CEMENT, "range x[Z]", "--require", "core", "--require", "x[X] >= 38")
    assert rc == 0 and out.splitlines()[0] == "range [7, 17]"


def test_file_of_queries(tmp_path, capsys):
    f = tmp_path / "q.txt"
    f.write_text("% my questions\nassert core\nrange x[X]\n\npush\nassert x[Z] >= 18\nrange x[X]\npop\nvertices\n")
    rc, out, _ = run(capsys, "query", CEMENT, "-f", f)
    assert rc == 0
    assert out.count("range [30, 38]") == 1 and "range [30, 37]" in out and "5 vertices" in out
    rc, out, _ = run(capsys, "query", CEMENT, "-f", f, "--json")
    d = json.loads(out)
    assert [r["line"] for r in d] == [2, 3, 5, 6, 7, 8, 9]


def test_file_errors_name_file_line_and_column(tmp_path, capsys):
    f = tmp_path / "q.txt"
    f.write_text("range x[X] subject to core\n\nrange x[Q] subject to core\n")
    rc, out, err = run(capsys, "query", CEMENT, "-f", f)
    assert rc == 2
    assert err.strip() == f"declcoal: error: {f}:3: column 7: unknown player 'Q'; players are X, Y, Z"
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("text, message", [
    ("maximize x[X] * x[Y] subject to core", "column 10: non-linear term (a product of two variables)"),
    ("range x[X] subject to kore", "column 23: unknown region 'kore'"),
    ("range x[X] subject core", "column 20: syntax error at 'core'"),
    ("range x[X] subject to core, x[X] >= $3", "column 37: syntax error: unexpected character '$'"),
    ("maximize x[X] / x[Y]", "column 10: non-linear term (division by a variable)"),
    ("count subject to core", "goal 'count' is for coalitional resource games"),
    ("range x[X] subject to eps_core(a)", "eps_core takes one number"),
    ("range x[X] subject to not core", "'not' applies to CRG atoms"),
    ("range foo subject to core", "column 7: unknown name 'foo'"),
    ("member [1, 2] subject to core", "member: the point has 2 values, the game 3 players"),
    ("range x(X X)", "player 'X' appears twice"),
])
def test_bad_tu_queries(capsys, text, message):
    rc, out, err = run(capsys, "query", CEMENT, text)
    assert rc == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("text, message", [
    ("find subject to together(a1, a9)", "unknown agent 'a9'"),
    ("find subject to achieved(a1)", "unknown goal 'a1'"),
    ("vertices subject to stable", "goal 'vertices' is for TU games"),
    ("find subject to core", "unknown atom core/0"),
    ("find subject to cost(a1) * cost(a2) <= 3", "non-linear term"),
    ("find subject to stable or together(a1, a2)", "'stable' is a property of the whole structure"),
    ("find subject to stable, not stable", "cannot ask for 'stable' and 'not stable' at once"),
])
def test_bad_crg_queries(capsys, text, message):
    rc, out, err = run(capsys, "query", CRG2, text)
    assert rc == 2 and message in err and len(err.strip().splitlines()) == 1


def test_region_of_another_game_type(capsys):
    rc, _, err = run(capsys, "query", EXAMPLES / "ray-vohra" / "example1.toml", "range x[P1] subject to core")
    assert rc == 2 and "needs a TU game" in err


def test_user_rules(tmp_path, capsys):
    rules = tmp_path / "mine.lp"
    rules.write_text("pair_done :- together(a1,a2), achieved(g1), achieved(g2).\nlonely(A) :- agent(A), not together(A,_).\n")
    rc, out, err = run(capsys, "query", CRG2, "find subject to pair_done, lonely(a4)", "--rules", rules)
    assert rc == 0 and "a coalition structure" in out, err
    assert "⟨{a4}" in out
    rc, _, err = run(capsys, "query", CEMENT, "core", "--rules", rules)
    assert rc == 2 and "--rules" in err
    bad = tmp_path / "bad.lp"
    bad.write_text("p :- q(.\n")
    rc, _, err = run(capsys, "query", CRG2, "find", "--rules", bad)
    assert rc == 2 and f"{bad}:1: column 8: syntax error" in err and len(err.splitlines()) == 1


def test_multi_game_file_needs_a_name(capsys):
    rc, _, err = run(capsys, "query", TICKPL, "core")
    assert rc == 2 and "--game" in err
    rc, out, _ = run(capsys, "query", TICKPL, "range x[a] subject to core", "--game", "cement")  # Tick names a, b, c
    assert rc == 0 and out.startswith("range [30, 38]")


def test_interactive_top_level_on_piped_input(monkeypatch, capsys):
    script = "help\nassert core\nrange x[X]\nrange x[Q]\npush\nassert x[X] >= 40\nx[Y] >= 0\npop\nshow\nquit\nrange x[Y]\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    rc, out, err = run(capsys, "query", CEMENT)
    assert rc == 0
    assert "maximize EXPR" in out  # help
    assert "range [30, 38]" in out
    assert "error: column 7: unknown player 'Q'" in out  # an error does not end the session
    assert "infeasible" in out and "x[X] >= 40" in out
    assert out.rstrip().endswith("?- quit")  # nothing after quit
    assert "  core" in out


def test_emit_smt2_and_lp(tmp_path, capsys):
    out_file = tmp_path / "q.smt2"
    rc, out, _ = run(capsys, "query", CEMENT, "maximize x[Z] subject to core", "--emit", "smt2", "-o", out_file)
    assert rc == 0 and out == ""
    res = run_smt2(out_file.read_text())
    assert res.startswith("sat") and "(x_Z 18)" in res
    rc, out, _ = run(capsys, "query", CRG2, "count subject to together(a1, a2), achieved(g1)", "--emit", "lp")
    assert rc == 0 and "q_holds(1) :- together(a1,a2)." in out and "#include" not in out
    rc, _, err = run(capsys, "query", CRG2, "stable", "--emit", "smt2")
    assert rc == 2 and "--emit lp" in err
    rc, _, err = run(capsys, "query", CEMENT, "core", "--emit", "lp")
    assert rc == 2 and "--emit smt2" in err
    rc, _, err = run(capsys, "query", CEMENT, "-o", tmp_path / "x")
    assert rc == 2 and "goes with --emit" in err


def test_emitted_lp_runs_with_plain_clingo(tmp_path, capsys):
    f = tmp_path / "q.lp"
    rc, _, _ = run(capsys, "query", CRG2, "stable", "--emit", "lp", "-o", f)
    assert rc == 0
    proc = subprocess.run([sys.executable, "-m", "clingo", str(f)], capture_output=True, text=True, timeout=120)
    assert "UNSATISFIABLE" in proc.stdout
    rc, _, _ = run(capsys, "query", CRG2, "find subject to together(a1, a2), achieved(g2)", "--emit", "lp", "-o", f)
    proc = subprocess.run([sys.executable, "-m", "clingo", str(f)], capture_output=True, text=True, timeout=120)
    assert "SATISFIABLE" in proc.stdout and "member(a2,a1)" in proc.stdout


def test_export_command(tmp_path, capsys):
    rc, out, _ = run(capsys, "export", RAIFFA, "--concept", "core", "--format", "smt2")
    assert rc == 0
    res = run_smt2(out)
    assert res.startswith("unsat") and "core_x_X_Y_118" in res
    rc, out, _ = run(capsys, "export", CEMENT, "--concept", "least-core", "--format", "smt2")
    assert "(eps (- (/ 11.0 3.0)))" in run_smt2(out)
    rc, out, _ = run(capsys, "export", CEMENT, "--concept", "nucleolus-step", "--format", "smt2")
    assert rc == 0 and "(minimize eps)" in out
    f = tmp_path / "core.lp"
    rc, _, _ = run(capsys, "export", CRG2, "--concept", "core", "--format", "lp", "-o", f)
    proc = subprocess.run([sys.executable, "-m", "clingo", str(f)], capture_output=True, text=True, timeout=120)
    assert "UNSATISFIABLE" in proc.stdout  # Example 2: the core is empty
    rc, out, _ = run(capsys, "export", EXAMPLES / "crg" / "example3.lp", "--concept", "block", "--format", "lp",
                     "--sigma", EXAMPLES / "crg" / "example3_sigma.lp")
    assert rc == 0 and "sigma_member(" in out
    for argv, msg in [((CEMENT, "--concept", "core", "--format", "lp"), "SMT-LIB 2"),
                      ((CRG2, "--concept", "core", "--format", "smt2"), "ASP"),
                      ((CEMENT, "--concept", "block", "--format", "smt2"), "not a TU concept"),
                      ((CRG2, "--concept", "block", "--format", "lp"), "needs --sigma"),
                      ((CEMENT, "--concept", "eps-core", "--format", "smt2"), "needs --eps")]:
        rc, _, err = run(capsys, "export", *argv)
        assert rc == 2 and msg in err and len(err.strip().splitlines()) == 1


def test_shipped_examples_run(capsys):
    rc, out, _ = run(capsys, "query", CEMENT, "-f", EXAMPLES / "query" / "cement-questions.txt")
    assert rc == 0 and "range [30, 38]" in out and "5 vertices" in out and "X gets 40" in out
    rc, out, _ = run(capsys, "query", CRG2, "find subject to pair_done, lonely(a4)",
                     "--rules", EXAMPLES / "query" / "example2-rules.lp")
    assert rc == 0 and "⟨{a4}, ∅" in out


def test_query_file_is_read_within_the_input_limit(capsys, monkeypatch):
    """A file of statements is bounded like every game file (issue 15: /dev/zero ended
    only when memory ran out)."""
    monkeypatch.setenv("DECLCOAL_MAX_INPUT_BYTES", "1000")
    rc, out, err = run(capsys, "query", CEMENT, "-f", "/dev/zero")
    assert rc == 2 and not out
    assert err.strip() == ("declcoal: error: /dev/zero: input larger than the limit of 1,000 bytes "
                           "(raise it with the environment variable DECLCOAL_MAX_INPUT_BYTES)")
