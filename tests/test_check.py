"""``declcoal check GAME --allocation ...`` and :func:`declcoal.check_allocation`.

Cement (Tick 1995, §6): v = {X:30, Y:22, XY:59, Z:5, XZ:45, YZ:39, XYZ:77}; its Shapley
value (35.5, 28.5, 13) is a core point; (35, 28.5, 13.5) too; (40, 30, 7) is efficient
but {Y,Z} blocks it (39 > 37); (80, 0, 0) is infeasible (80 > 77).
"""
from __future__ import annotations

import json
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal import TUGame, check_allocation, core, least_core
from declcoal.concepts.tu.core import in_core
from declcoal.model.coalition import members

from cli_util import run
from conftest import EXAMPLES

CEMENT = EXAMPLES / "tick" / "cement.toml"


def test_core_point(capsys):
    rc, out, err = run(capsys, "check", CEMENT, "--allocation", "35,28.5,13.5")
    assert rc == 0 and err == ""
    assert "in the core: yes" in out and "imputation: yes" in out and "ε-core level (largest excess): -3" in out
    rc, out, _ = run(capsys, "check", CEMENT, "--allocation", "35,28.5,13.5", "--json")
    d = json.loads(out)
    assert d["in_core"] and d["imputation"] and d["epsilon_core_level"] == "-3" and d["blocking_coalitions"] == 0
    assert d["excesses"][0] == {"coalition": "Y Z", "v": "39", "x": "42", "excess": "-3"}


def test_non_core_point(capsys):
    rc, out, _ = run(capsys, "check", CEMENT, "-x", "X=40,Y=30,Z=7", "--json")
    d = json.loads(out)
    assert rc == 0 and d["efficient"] and d["imputation"] and not d["in_core"]
    assert d["blocking_coalitions"] == 1 and d["excesses"][0] == {"coalition": "Y Z", "v": "39", "x": "37",
                                                                  "excess": "2"}
    assert d["epsilon_core_level"] == "2"
    rc, out, _ = run(capsys, "check", CEMENT, "-x", "40,30,7", "--csv")
    assert out.splitlines()[:2] == ["coalition,v,x,excess,blocks", "Y Z,39,37,2,yes"]


def test_infeasible(capsys):
    rc, out, _ = run(capsys, "check", CEMENT, "-x", "80,0,0", "--top", "2")
    assert rc == 0
    assert "feasible: NO — x(N) = 80 exceeds v(N) = 77 by 3" in out and "in the core: NO" in out
    assert "the 2 largest excesses of 6" in out
    r = check_allocation(TUGame.from_list(["X", "Y", "Z"], [30, 22, 59, 5, 45, 39, 77]), [80, 0, 0], top=None)
    assert not r.feasible and r.epsilon is None and r.blocking == ["Y Z", "Y", "Z"]


def test_allocation_file(tmp_path, capsys):
    f = tmp_path / "x.txt"
    f.write_text("# a core point\nX 71/2\nY 28.5\nZ = 13\n")
    rc, out, _ = run(capsys, "check", CEMENT, "--allocation-file", f, "--json")
    assert rc == 0 and json.loads(out)["in_core"]
    f.write_text("X 1\nX 2\n")
    rc, _, err = run(capsys, "check", CEMENT, "--allocation-file", f)
    assert rc == 2 and err.strip().endswith(f"{f}:2: payoff of 'X' given twice")


def test_bad_allocations(capsys):
    for args, msg in ((["-x", "1,2"], "the allocation has 2 payoffs, the game has 3 players"),
                      (["-x", "1,2,abc"], "not a number: 'abc'"),
                      (["-x", "X=1,Q=2,Z=3"], "unknown player 'Q'"),
                      ([], "give the allocation")):
        rc, out, err = run(capsys, "check", CEMENT, *args)
        assert rc == 2 and msg in err and len(err.strip().splitlines()) == 1 and out == ""


@settings(max_examples=40)
@given(st.integers(2, 5).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.integers(-5, 20), min_size=2**n - 1, max_size=2**n - 1),
    st.lists(st.integers(-5, 20), min_size=n, max_size=n))))
def test_check_matches_definitions(case):
    """Differential: the O(2^n) check against the definitions coalition by coalition
    and against the core LP (a core point passes, the least-core ε* is its level)."""
    n, worths, x = case
    g = TUGame.from_list([f"p{i}" for i in range(n)], worths)
    x = [F(a) for a in x]
    r = check_allocation(g, x, top=None)
    exc = sorted((g.v(m) - sum(x[i] for i in members(m)) for m in range(1, 2**n - 1)), reverse=True)
    assert [e for *_, e in r.excesses] == exc
    assert r.in_core == in_core(g, x)
    c = core(g)
    if c.nonempty:
        assert check_allocation(g, c.point).in_core
    lc = least_core(g)
    assert check_allocation(g, lc.point).epsilon == lc.epsilon
