"""CLI edges (issue 15): long and deep query expressions, huge numbers in queries,
options anywhere on the query command line, command groups without a command, and the
allocation file's errors.

Every refusal is exit 2 with one line ``declcoal: error: ...`` naming the problem; every
answer is the one a short, equivalent statement gives.
"""
from __future__ import annotations

import argparse
from fractions import Fraction
from pathlib import Path

import pytest

from declcoal.cli import build_parser, main
from declcoal.cli._groups import choices
from declcoal.query import syntax

ROOT = Path(__file__).resolve().parent.parent
CEM = str(ROOT / "examples/tick/cement.toml")
CRG2 = str(ROOT / "examples/crg/example2.lp")


def _one_line_refusal(capsys, rc, *needles):
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert rc == 2, err
    assert len(lines) == 1 and lines[0].startswith("declcoal: error:"), err
    assert "Traceback" not in err and "internal error" not in err
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def _answer(capsys, argv) -> str:
    rc = main(argv)
    out = capsys.readouterr()
    assert rc == 0, out.err
    return out.out


# ------------------------------------------------------------ long and deep expressions
@pytest.mark.parametrize("k", [3000, 20000])
def test_a_long_sum_is_answered_like_its_short_form(capsys, k):
    long = _answer(capsys, ["query", CEM, "maximize " + "x[X] + " * k + "x[Y] subject to core"])
    short = _answer(capsys, ["query", CEM, f"maximize {k} * x[X] + x[Y] subject to core"])
    assert long == short


def test_long_differences_and_products_fold_left(capsys):
    """a - b - c is (a - b) - c; a / 2 / 2 is a / 4, at any length."""
    k = 2500
    diff = _answer(capsys, ["query", CEM, "maximize x[X]" + " - x[Y]" * k + " subject to core"])
    assert diff == _answer(capsys, ["query", CEM, f"maximize x[X] - {k} * x[Y] subject to core"])
    prod = _answer(capsys, ["query", CEM, "maximize x[X]" + " * 2 / 2" * k + " * 3 subject to core"])
    assert prod == _answer(capsys, ["query", CEM, "maximize 3 * x[X] subject to core"])


def test_a_long_sum_over_a_crg(capsys):
    k = 3000
    long = _answer(capsys, ["query", CRG2, "maximize " + "total_cost + " * k + "0"])
    short = _answer(capsys, ["query", CRG2, f"maximize {k} * total_cost"])
    assert long.splitlines()[0] == short.splitlines()[0]


def test_nesting_limit_is_exact_and_parentheses_alone_do_not_nest(capsys):
    def nested(depth: int) -> str:  # x[X] - (x[X] - (...)): depth levels below the top chain
        return "maximize " + "x[X] - (" * depth + "x[Y]" + ")" * depth + " subject to core"

    _answer(capsys, ["query", CEM, nested(syntax.MAX_NESTING - 1)])
    line = _one_line_refusal(capsys, main(["query", CEM, nested(syntax.MAX_NESTING + 1)]), "nested", "100")
    assert "column" in line
    _answer(capsys, ["query", CEM, "maximize " + "(" * 5000 + "x[Y]" + ")" * 5000 + " subject to core"])
    _one_line_refusal(capsys, main(["query", CEM, "maximize " + "-" * 5000 + "x[Y]"]), "nested")


def test_spine_walks_a_chain_without_recursion():
    stmt = syntax.parse("maximize " + " + ".join(f"x[P{k}]" for k in range(5000)))
    head, nodes = syntax.spine(stmt.goal.expr)
    assert head == syntax.Index("x", "P0", head.col) and len(nodes) == 4999
    assert all(n.op == "+" for n in nodes)
    text = syntax.text(stmt)
    assert text == "maximize " + " + ".join(f"x[P{k}]" for k in range(5000))
    assert syntax.strip(syntax.parse(text)).goal.expr.op == "+"


def test_chains_print_as_before():
    for text in ["maximize x[A] - x[B] - x[C]", "maximize x[A] - (x[B] - x[C])", "maximize (x[A] + 1) * 2 / 3",
                 "maximize x[A] * 2 * (3 * x[B])", "range -(x[A] + x[B]) + 4"]:
        assert syntax.text(syntax.parse(text)) == text


# ------------------------------------------------------------ numbers in queries
@pytest.mark.parametrize("number,needle", [
    ("9" * 5000, "200 digits"),
    ("9" * 201, "200"),
    ("1" + "0" * 100, "1e100"),
    ("0." + "0" * 120 + "1", "1e-100"),
])
def test_numbers_in_queries_follow_the_game_file_rules(capsys, number, needle):
    _one_line_refusal(capsys, main(["query", CEM, f"range x[X] subject to core, x[Y] >= {number}"]), needle,
                      "column")


def test_numbers_within_the_rules_are_exact(capsys):
    big = "9" * 99
    out = _answer(capsys, ["query", CEM, f"maximize x[X] subject to x[X] <= {big}, x[X] >= 0"])
    assert big in out
    out = _answer(capsys, ["query", CEM, "maximize x[X] subject to x[X] <= 0." + "0" * 90 + "1, x[X] >= 0"])
    assert "1/1" + "0" * 91 in out


def test_huge_numbers_in_points_arguments_and_quotients(capsys):
    _one_line_refusal(capsys, main(["query", CEM, "member [1, 2, " + "7" * 300 + "] subject to core"]), "column 15")
    _one_line_refusal(capsys, main(["query", CEM, "member (X=1e5) subject to core"]))
    _one_line_refusal(capsys, main(["query", CEM, "maximize x[X] subject to x[X] <= 1" + "/7" * 200]),
                      "quotient", "1e-100")
    _one_line_refusal(capsys, main(["query", CRG2, "maximize " + "2 * " * 400 + "total_cost"]), "coefficient")


def test_a_bad_escape_in_a_label_is_an_input_error(capsys):
    _one_line_refusal(capsys, main(["query", CEM, 'find subject to "a\\q": core']), "column", "JSON")


# ------------------------------------------------------------ options anywhere
@pytest.mark.parametrize("argv", [
    ["query", CEM, "--json", "range x[X] subject to core"],
    ["query", "--json", CEM, "range x[X] subject to core"],
    ["query", CEM, "range x[X] subject to core", "--json"],
    ["query", CEM, "--require", "x[X] >= 35", "--json", "range x[X] subject to core"],
])
def test_query_options_may_come_anywhere(capsys, argv):
    import json

    out = _answer(capsys, argv)
    assert json.loads(out)["goal"] == "range"


def test_query_double_dash_still_ends_options(capsys):
    out = _answer(capsys, ["query", CEM, "--", "-x[X] >= -30"])
    assert "feasible" in out


def test_query_one_statement_only(capsys):
    _one_line_refusal(capsys, main(["query", CEM, "x[X] >= 1", "x[Y] >= 1"]), "unrecognized")


# ------------------------------------------------------------ command groups without a command
def _groups(parser: argparse.ArgumentParser, path=()):
    """(path, parser) of every parser that has subcommands, the top level included."""
    if choices(parser):
        yield path, parser
        action = next(a for a in parser._subparsers._group_actions if isinstance(a, argparse._SubParsersAction))
        for name in choices(parser):
            yield from _groups(action.choices[name], path + (name,))


GROUPS = [path for path, _ in _groups(build_parser())]


def test_every_group_is_found():
    assert {(), ("crg",), ("campaign",), ("course",), ("reproduce",)} <= set(GROUPS)


@pytest.mark.parametrize("path", GROUPS, ids=lambda p: " ".join(p) or "declcoal")
def test_a_group_without_a_command_shows_help_and_one_error_line(capsys, path):
    parser = dict(_groups(build_parser()))[path]
    rc = main(list(path))
    out = capsys.readouterr()
    assert rc == 2
    assert out.out.startswith("usage: declcoal")
    lines = [ln for ln in out.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("declcoal: error: "), out.err
    assert lines[0].endswith("(choose a command: " + ", ".join(choices(parser)) + ")")
    assert (" ".join(path) + " needs a command") in lines[0] if path else "no command given" in lines[0]


def test_a_group_with_its_command_still_runs(capsys):
    assert main(["course", "list"]) == 0
    assert main(["campaign", "list"]) == 0
    capsys.readouterr()


# ------------------------------------------------------------ check --allocation-file
@pytest.mark.parametrize("text,where,needles", [
    ("X 1\nY abc\n", ":2:", ["payoff of Y", "'abc'"]),
    ("X 1\nY 2\nZ 1e999\n", ":3:", ["payoff of Z", "1e100"]),
    ("1 2\n3 x\n", ":2:", ["payoff 4", "'x'"]),
    ("# payoffs\nX 1\nY 2\nZ nan\n", ":4:", ["payoff of Z", "'nan'"]),
    ("X 1\nQ 2\nZ 3\n", ":2:", ["unknown player 'Q'"]),
    ("X 1\nX 2\n", ":2:", ["'X' given twice"]),
    ("X 1\nY 2\n", ": ", ["no payoff to 'Z'"]),
])
def test_allocation_file_errors_name_file_line_and_value(tmp_path, capsys, text, where, needles):
    f = tmp_path / "alloc.txt"
    f.write_text(text)
    line = _one_line_refusal(capsys, main(["check", CEM, "--allocation-file", str(f)]), *needles)
    assert f"{f}{where}" in line


def test_allocation_file_that_is_a_directory(tmp_path, capsys):
    _one_line_refusal(capsys, main(["check", CEM, "--allocation-file", str(tmp_path)]), "allocation file")


def test_allocation_file_good_values_are_exact(tmp_path, capsys):
    f = tmp_path / "alloc.txt"
    f.write_text("X = 35\nY = 57/2\nZ = 13.5\n")
    out = _answer(capsys, ["check", CEM, "--allocation-file", str(f)])
    assert "x = (35, 57/2, 27/2)" in out and "in the core: yes" in out
    assert Fraction("13.5") == Fraction(27, 2)


# ------------------------------------------------------------ one deletion filter
def test_deletion_filter_gives_an_irreducible_conflict():
    from declcoal.query.conflict import deletion_filter, minimal_conflict

    # x >= k for k in A, x <= k for k in B conflict iff max A > min B: a minimal conflict is one pair
    cons = [(">=", 5), ("<=", 9), (">=", 7), ("<=", 6), (">=", 1)]

    def conflicts(sub):
        lo = max((k for op, k in sub if op == ">="), default=-10**9)
        hi = min((k for op, k in sub if op == "<="), default=10**9)
        return lo > hi

    core = minimal_conflict(cons, conflicts)
    assert conflicts(core) and all(not conflicts(core[:j] + core[j + 1:]) for j in range(len(core)))
    assert core == [(">=", 7), ("<=", 6)]
    assert deletion_filter([3, 1, 2], lambda x, rest: x in rest or x > 2, "items") == [1, 2]


def test_query_and_crg_conflicts_still_minimal(capsys):
    out = _answer(capsys, ["query", str(ROOT / "examples/tick/raiffa.toml"), "core"])
    assert "conflicting constraints (a minimal set)" in out
    out = _answer(capsys, ["query", CRG2, "find subject to together(a1, a2), not together(a1, a2), achieved(g1)"])
    lines = out.splitlines()
    k = lines.index("conflicting constraints (a minimal set):")
    assert [ln.strip() for ln in lines[k + 1:]] == ["together(a1, a2)", "not together(a1, a2)"]


# ------------------------------------------------------------ progress of long query work
class _Recorder:
    def __init__(self):
        self.labels = []

    def start(self, t):
        self.labels.append((t.label, t.total))

    def update(self, t):
        pass

    def finish(self, t):
        pass


@pytest.fixture
def recorder():
    from declcoal import progress

    progress._reset_for_tests()
    rec = _Recorder()
    progress.set_sink(rec)
    yield rec
    progress._reset_for_tests()


@pytest.mark.parametrize("argv,label", [
    (["query", CEM, "vertices subject to core"], "candidate bases"),
    (["query", CEM, "vertices subject to core, x[X] >= 36 or x[Y] >= 30"], "convex pieces"),
    (["query", str(ROOT / "examples/crg/example4.lp"), "count subject to achieved(g)"], "structures"),
    (["query", str(ROOT / "examples/crg/example4.lp"), "all"], "structures"),
    (["query", CRG2, "find subject to together(a1, a2), not together(a1, a2)"], "conflict checks"),
    (["query", str(ROOT / "examples/tick/raiffa.toml"), "core"], "conflict checks"),
    (["export", CEM, "--concept", "core", "--format", "smt2"], "coalition rows"),
])
def test_long_query_and_export_work_reports_progress(capsys, recorder, argv, label):
    assert main(argv) == 0
    capsys.readouterr()
    assert label in [name for name, _ in recorder.labels], recorder.labels


def test_vertex_enumeration_names_its_size(capsys, recorder):
    from math import comb

    main(["query", CEM, "vertices subject to core"])
    capsys.readouterr()
    total = dict(recorder.labels)["candidate bases"]
    assert total is not None and total <= comb(7, 2)


def test_interrupted_vertex_enumeration_says_how_far_it_came(capsys, monkeypatch):
    from declcoal import progress
    from declcoal.query import vertices

    progress._reset_for_tests()
    calls = []

    def solve(A, b):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(A, b)

    real = vertices._solve
    monkeypatch.setattr(vertices, "_solve", solve)
    try:
        rc = main(["query", CEM, "vertices subject to core"])
    finally:
        progress._reset_for_tests()
    err = capsys.readouterr().err
    assert rc == 130 and "interrupted" in err and "candidate bases done" in err, err


@pytest.mark.parametrize("command,needles", [
    ("query", ["100 levels", "200 digits", "3,000,000", "2,000 convex pieces", "1,000 structures", "60"]),
    ("export", ["2^n - 1", "20 players"]),
])
def test_help_names_the_limits(capsys, command, needles):
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for n in needles:
        assert n in out, (n, out[-1500:])


def test_the_limits_named_in_help_are_the_code_s():
    from declcoal.model import numbers
    from declcoal.model.tu import MAX_EXACT_PLAYERS
    from declcoal.query import crg, engine, tu, vertices

    assert syntax.MAX_NESTING == 100 and numbers.MAX_DIGITS == 200 and numbers.MAX_EXPONENT == 100
    assert vertices.MAX_BASES == 3_000_000 and crg.ALL_LIMIT == 1000 and engine.MAX_DELETION == 60
    assert tu.convex_pieces.__defaults__ == (2000,) and MAX_EXACT_PLAYERS == 20


# ------------------------------------------------------------ query --rules (found by the fuzzer)
@pytest.mark.parametrize("content,needles", [
    (b"foo(X) :- bar(.\n#zz\n", [":1: column 15: syntax error"]),
    (b"\x96\xff garbage", ["not a UTF-8 text file"]),
    (b"p :- q.\nmember(X,Y) :- agent(X), agent(Y).\n", [":2:", "member/2", "only add new atoms"]),
    (b"% another game's facts\nagent(a1;a2;a9).\ngoal(g13).\n", [":2:", "agent/1"]),
    (b"goal(g13).\n", [":1:", "goal/1"]),
])
def test_bad_rules_files_are_one_line(tmp_path, capsys, content, needles):
    f = tmp_path / "rules.lp"
    f.write_bytes(content)
    line = _one_line_refusal(capsys, main(["query", CRG2, "--rules", str(f), "stable"]), *needles)
    assert str(f) in line


def test_rules_directory_and_pooled_user_atoms(tmp_path, capsys):
    _one_line_refusal(capsys, main(["query", CRG2, "--rules", str(tmp_path), "stable"]), "rules file")
    f = tmp_path / "rules.lp"
    f.write_text("mine(a1;a2).\n")
    assert "coalition structure" in _answer(capsys, ["query", CRG2, "--rules", str(f), "find subject to mine(a1)"])


def test_rules_with_a_character_clingo_cuts_in_half(tmp_path):
    """clingo's lexer reports the first byte of '§' alone (not UTF-8): with a Python
    logger clingo aborted the process ("PANIC: exception in nothrow scope"). In a
    subprocess, so that a regression cannot take pytest down with it."""
    import subprocess
    import sys

    f = tmp_path / "rules.lp"
    f.write_text("% a § in a comment is fine\np(\"§\") :- q.\nr :- s § t.\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "declcoal", "query", CRG2, "--rules", str(f), "stable"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2, res.stderr
    assert res.stderr.strip() == f"declcoal: error: {f}:3: column 8: lexer error, unexpected '§'"


def test_interrupted_export_says_how_many_rows_were_written(tmp_path, capsys, monkeypatch):
    import json

    from declcoal import progress
    from declcoal.query import export

    n = 12
    g = tmp_path / "g12.json"
    g.write_text(json.dumps({"players": [f"P{i}" for i in range(n)],
                             "values": [bin(m).count("1") for m in range(1, 1 << n)]}))
    calls = []
    real = export.row_smt

    def row_smt(r, names):
        calls.append(1)
        if len(calls) == 3000:
            raise KeyboardInterrupt
        return real(r, names)

    monkeypatch.setattr(export, "row_smt", row_smt)
    progress._reset_for_tests()
    try:
        rc = main(["export", str(g), "--concept", "core", "--format", "smt2", "-o", str(tmp_path / "out.smt2")])
    finally:
        progress._reset_for_tests()
    err = capsys.readouterr().err
    assert rc == 130 and "2,048 of 4,094 coalition rows done" in err, err  # proper S; x(N) is its own row
    assert not (tmp_path / "out.smt2").exists()


@pytest.mark.parametrize("argv, command", [
    (["shapley", "CEMENT", "extra"], "shapley"),
    (["crg", "info", "EX2", "extra", "more"], "crg info"),
    (["campaign", "list", "extra"], "campaign list"),
])
def test_leftover_arguments_are_reported_by_their_command(capsys, argv, command):
    """Arguments left over are named by the command they were given to, with that
    command's --help (argparse reports them from the top-level parser)."""
    from declcoal.cli import main

    files = {"CEMENT": str(ROOT / "examples/tick/cement.toml"), "EX2": str(ROOT / "examples/crg/example2.lp")}
    rc = main([files.get(a, a) for a in argv])
    err = capsys.readouterr().err.strip()
    extras = " ".join(a for a in argv if a in ("extra", "more"))
    assert rc == 2
    assert err == f"declcoal: error: {command}: unrecognized arguments: {extras} (see 'declcoal {command} --help')"
