"""The ASP encodings in encodings/crg/, run as plain clingo programs (clintest, and the
``clingo`` command line through ``python -m clingo``)."""
from __future__ import annotations

import subprocess
import sys

import pytest
from clintest.assertion import And as AllOf
from clintest.assertion import Contains, Equals, Not, Optimal, Or, True_
from clintest.quantifier import All, Exact
from clintest.solver import Clingo
from clintest.test import And, Assert

from conftest import EXAMPLES
from declcoal.solvers.encodings import encoding_path, encodings_root, list_encodings

CRG = EXAMPLES / "crg"


def run(test, args, encodings, game, program=""):
    paths = [str(encoding_path(f"crg/{e}")) for e in encodings] + [str(CRG / g) for g in game]
    Clingo(["--warn=none", *args], program, paths).solve(test)
    test.assert_()


def test_loader_finds_every_encoding():
    names = list_encodings("crg")
    for n in ("block.lp", "core_member.lp", "core_nonempty.lp", "feasible.lp", "sf.lp", "successful.lp",
              "grand.lp", "forall_noblock.lp", "weak.lp", "strong.lp", "best.lp", "common.lp", "sigma.lp"):
        assert f"crg/{n}" in names
    assert (encodings_root() / "crg" / "block.lp").read_text().startswith("% ====")
    with pytest.raises(Exception, match="no encoding"):
        encoding_path("crg/nope.lp")


def test_sf_table1_column_c5():
    """sf({a1,a3}) = {{g1}} (Table 1, C5)."""
    run(Assert(Exact(1), Equals(["achieve(g1)"])), ["0"], ["sf.lp"], ["example1.lp"], "coalition(a1). coalition(a3).")


def test_feasible_and_sf_table1_column_c7():
    """feas(Ag) = {{g1}, {g2}}, sf(Ag) = ∅ (Table 1, C7)."""
    both = And(Assert(Exact(2), True_()), Assert(All(), Or(Equals(["achieve(g1)"]), Equals(["achieve(g2)"]))))
    run(both, ["0"], ["feasible.lp"], ["example1.lp"], "coalition(a1). coalition(a2). coalition(a3).")
    run(Assert(Exact(0), True_()), ["0"], ["sf.lp"], ["example1.lp"], "coalition(a1). coalition(a2). coalition(a3).")


def test_successful_coalitions_example2():
    agents = ["a1", "a2", "a3", "a4"]
    expect = [["a1", "a2"], ["a1", "a3"], ["a2", "a3", "a4"]]

    def exactly(c):
        return AllOf(*[Contains(f"coalition({a})") if a in c else Not(Contains(f"coalition({a})")) for a in agents])

    t = And(Assert(Exact(3), True_()), *[Assert(Exact(1), exactly(c)) for c in expect])
    run(t, ["0", "--project"], ["successful.lp"], ["example2.lp"])


def test_block_example3_finds_the_papers_blocker():
    """Example 3: every blocker is ⟨{a2,a3}, {g2,g3}, ξ⟩ with a2 giving 2 of r2 and a3 all
    of r4; the paper's ξ (a3 gives r3 = 6) is one of them, the others overpay r3 (§3.2
    allows Σ ξ >= req) while a3 still pays less than 11."""
    core = ["in(a2)", "in(a3)", "achieve(g2)", "achieve(g3)", "pays(a2,r2,2)", "pays(a3,r4,1)", "pays(a3,r4,2)"]
    t = And(Assert(All(), AllOf(*[Contains(a) for a in core], Not(Contains("in(a1)")))),
            Assert(Exact(1), Equals([*core, "pays(a3,r3,2)", "pays(a3,r3,4)"])),  # ξ(a3,r3) = 6
            Assert(Exact(2), True_()))
    run(t, ["0"], ["block.lp"], ["example3.lp", "example3_sigma.lp"])


def test_core_member_example3_sigma_not_in_core():
    run(Assert(Exact(0), True_()), ["0"], ["core_member.lp"], ["example3.lp", "example3_sigma.lp"])


def test_core_nonempty_example2_empty_example1_not():
    run(Assert(Exact(0), True_()), ["1"], ["core_nonempty.lp"], ["example2.lp"])
    run(Assert(Exact(1), Contains("star_goal(g1)")), ["1"], ["core_nonempty.lp"], ["example1.lp"])


def test_weak_and_strong():
    run(Assert(Exact(1), True_()), ["1"], ["weak.lp"], ["example2.lp"])      # σ0 is blocked: not weak
    run(Assert(Exact(0), True_()), ["1"], ["strong.lp"], ["example2.lp"])    # empty core: not strongly non-empty
    run(Assert(Exact(1), True_()), ["1"], ["strong.lp"], ["example4.lp"])


def test_best_example4_unique_optimum():
    best = ["in(a1)", "in(a2)", "achieve(g)", "pays(a1,r1,1)", "pays(a2,r2,1)"]
    t = And(Assert(Exact(1), Optimal()), Assert(Exact(1), AllOf(Optimal(), Equals(best))))
    run(t, ["0", "--opt-mode=optN", "--project", "-c", "who=a1"], ["best.lp"], ["example4.lp"])


def test_plain_clingo_command_line_on_a_facts_file():
    """Each encoding runs with the clingo executable on the example files."""
    out = subprocess.run([sys.executable, "-m", "clingo", str(encoding_path("crg/block.lp")),
                          str(CRG / "example3.lp"), str(CRG / "example3_sigma.lp")],
                         capture_output=True, text=True)
    assert "pays(a2,r2,2)" in out.stdout and "SATISFIABLE" in out.stdout
    out = subprocess.run([sys.executable, "-m", "clingo", str(encoding_path("crg/core_nonempty.lp")),
                          str(CRG / "example2.lp")], capture_output=True, text=True)
    assert "UNSATISFIABLE" in out.stdout


def test_binary_contributions_ground_logarithmically():
    """Endowments of 10^6 ground 20 bit atoms each, not 10^6 value atoms; a blocker of σ0
    (nobody satisfied) is found at once."""
    import clingo

    facts = ("agent(a1;a2). goal(g1). resource(r1). wants(a1,g1). wants(a2,g1). "
             "en(a1,r1,1000000). en(a2,r1,1000000). req(g1,r1,1500000). "
             "sigma_member(l1,a1). sigma_member(l1,a2).")
    ctl = clingo.Control(["--warn=none"])
    ctl.load(str(encoding_path("crg/block.lp")))
    ctl.add("base", [], facts)
    ctl.ground([("base", [])])
    assert sum(1 for _ in ctl.symbolic_atoms.by_signature("bit", 4)) == 40
    models = []
    ctl.solve(on_model=lambda m: models.append({str(s) for s in m.symbols(shown=True)}))
    assert models and "achieve(g1)" in models[0]
