"""Issue 11: CNF/DIMACS, SAT by two methods, the constructions of Dunne et al. (2010)
Props. 8-11 against the paper's sizes and Table 2, certificates both ways, the verifier
and its campaign, the user hook and the deliberately broken Prop. 11."""
from __future__ import annotations

import itertools
import json
import random

import pytest

from cli_util import run as cli
from declcoal.errors import GameError, InputError
from declcoal.io.dimacs import dimacs_text, parse_dimacs, read_dimacs, write_dimacs
from declcoal.model.cnf import CNF, all_formulas, canonical, clause_types, cnfgen_family, random_kcnf
from declcoal.reductions import constructions as K
from declcoal.reductions.campaign import ReductionCampaign, problems
from declcoal.reductions.notions import core_witness, sigma0_blocker
from declcoal.reductions.paper import PROP8, PROP9, PROP10, PROP11, pair_property, prop9_pair_coop
from declcoal.reductions.runner import run
from declcoal.reductions.sat import min_support, min_support_brute, satisfiable, solve_asp, solve_pysat
from declcoal.reductions.verify import Verdict, check_instance, reduction, resolve


def F(nvars, *clauses):
    return CNF.build(nvars, clauses)


# ====================================================================== DIMACS
def test_dimacs_round_trip(tmp_path):
    f = F(3, (1, -2), (2, 3, -1), (-3,))
    p = tmp_path / "f.cnf"
    write_dimacs(f, p, ["a comment"])
    assert read_dimacs(p) == f
    assert parse_dimacs("c x\np cnf 2 2\n1 -2\n 0 2\n0\n%\n0\n") == F(2, (1, -2), (2,))  # clauses may span lines


@pytest.mark.parametrize("text, line, words", [
    ("1 2 0\n", 1, "before the 'p cnf"),
    ("c hi\np cnf 2\n1 0\n", 2, "malformed header"),
    ("p cnf 2 1\n1 x 0\n", 2, "'x' is not an integer"),
    ("p cnf 2 1\n1 3 0\n", 2, "variable 3"),
    ("p cnf 2 2\n1 0\n", 1, "declares 2 clauses but the file has 1"),
    ("p cnf 2 1\nc\n1 2\n", 3, "not terminated by 0"),
    ("p cnf 2 1\np cnf 2 1\n1 0\n", 2, "second 'p cnf'"),
    ("c only a comment\n", 1, "no 'p cnf"),
    ("p cnf -1 0\n", 1, "negative count"),
])
def test_dimacs_errors_name_file_and_line(tmp_path, text, line, words):
    p = tmp_path / "bad.cnf"
    p.write_text(text)
    with pytest.raises(InputError) as e:
        read_dimacs(p)
    assert str(e.value).startswith(f"{p}:{line}: ") and words in str(e.value)


def test_cli_malformed_dimacs_exit_2(tmp_path, capsys):
    p = tmp_path / "bad.cnf"
    p.write_text("p cnf 2 1\n1 -7 0\n")
    rc, out, err = cli(capsys, "verify", "prop11", "--file", p)
    assert rc == 2 and err.strip().count("\n") == 0 and f"{p}:2:" in err and "Traceback" not in err


def test_cli_bad_arguments_exit_2(capsys):
    assert cli(capsys, "verify", "nosuch")[0] == 2
    assert cli(capsys, "verify", "prop9", "--crg", "3")[0] == 2
    assert cli(capsys, "verify", "prop9", "--vars", "-1")[0] == 2
    assert cli(capsys, "verify", "prop9", "--clauses", "0")[0] == 2


# ====================================================================== SAT by two methods
def test_sat_asp_pysat_brute_agree():
    rng = random.Random(11)
    for _ in range(60):
        f = random_kcnf(rng, rng.randint(1, 6), rng.randint(1, 14), rng.randint(1, 3))
        truth = f.brute_force() is not None
        assert (solve_asp(f) is not None) == (solve_pysat(f) is not None) == truth
        m = min_support(f)
        assert (len(m) if m is not None else None) == min_support_brute(f)


def test_empty_clause_is_unsatisfiable():
    f = F(1, (1,), ())
    assert not satisfiable(f) and min_support(f) is None


# ====================================================================== formula families
def test_all_formulas_are_canonical_and_complete():
    got = list(all_formulas(2, 2))
    assert all(canonical(f) == f for f in got)
    assert len({(f.nvars, f.clauses) for f in got}) == len(got)
    # completeness: every raw formula with z <= 2, k <= 2 is equivalent to one emitted
    reps = {(f.nvars, f.clauses) for f in got}
    for z in (1, 2):
        types = clause_types(z)
        for k in (1, 2):
            for combo in itertools.product(types, repeat=k):
                c = canonical(CNF(z, combo))
                assert (c.nvars, c.clauses) in reps
    assert len(got) == 31 and sum(1 for _ in all_formulas(3, 3)) == 837


def test_cnfgen_families():
    php = cnfgen_family("php", 2)
    assert php.nvars == 6 and php.k == 9 and not satisfiable(php)
    assert cnfgen_family("randkcnf", 4, seed=1) == cnfgen_family("randkcnf", 4, seed=1)
    with pytest.raises(GameError):
        cnfgen_family("nosuch", 2)


# ====================================================================== constructions
FORMULAS = [f for f in all_formulas(2, 3)][::3] + [random_kcnf(random.Random(s), 4, 5) for s in range(5)]


@pytest.mark.parametrize("f", FORMULAS[:12], ids=lambda f: f.text())
def test_construction_sizes_match_the_paper(f):
    lits = len(f.literals())
    for prop, build in (("prop11", K.prop11_game), ("prop9", K.prop9_game)):
        assert K.sizes(build(f)) == K.expected_sizes(prop, z=f.z, k=f.k, literals=lits)
    g = K.gcs_from_cnf(f)
    assert K.sizes(K.prop8_game(g)) == K.expected_sizes("prop8", n=g.n, m=g.m, t=g.t)


def test_prop11_game_as_stated():
    f = F(3, (1, -2), (2, 3))
    g = K.prop11_game(f)
    assert g.agents == ("c1", "c2") and g.goals == ("gx1", "gx2", "gnx2", "gx3") and g.resources == ("rx1", "rx2", "rx3")
    assert all(e == 1 for row in g.en for e in row)  # en(a_i, r) = 1
    for j, goal in enumerate(g.goals):  # req(g_ℓ, r_x) = k iff ℓ ∈ {x, ¬x}
        assert [g.req[j][r] for r in range(g.t)] == [2 if g.resources[r][2:] == goal.lstrip("gnx") else 0 for r in range(g.t)]


def test_prop8_game_as_stated():
    f = F(2, (1, -2), (2,))
    gam = K.gcs_from_cnf(f)
    star = K.prop8_game(gam)
    own = [star.resources.index(f"own_{a}") for a in gam.agents]
    for i in range(star.n):  # en*(i, r_j) = |G| if i = j else 0
        assert [star.en[i][r] for r in own] == [gam.m if k == i else 0 for k in range(gam.n)]
    for j in range(star.m):  # req*(g, r_i) = 1 for every goal and agent
        assert [star.req[j][r] for r in own] == [1] * gam.n


@pytest.mark.parametrize("z,k", [(1, 1), (2, 3), (3, 2), (4, 5)])
def test_table2_reconstruction_matches_the_proof(z, k):
    """Every number the proof of Prop. 9 states, from our Table 2 (docs/reductions-constructions.md)."""
    f = random_kcnf(random.Random(z * 10 + k), z, k, min(2, z))
    g = K.prop9_game(f)
    assert pair_property(g)  # step 2
    a1, a2 = g.agents.index("a1"), g.agents.index("a2")
    l3, l4, l5 = (prop9_pair_coop(g, f, w) for w in ("g0g1", "g2g3", "g4g5"))
    assert l3.cost(a1) == 4 * k + 4 and l3.cost(0) == 2 * z + 4  # step 3
    assert l4.cost(a1) == 4 * k + 3 and l4.cost(a2) == 4 * k + 3  # step 4
    assert l5.cost(a2) == 4 * k + 2 and l5.cost(0) == 3 * z + 4  # step 5
    # the owners pay their entire endowment of the named resources (steps 3-5)
    R = {r: g.resources.index(r) for r in g.resources}
    assert all(l3.xi[a1][R[r]] == g.en[a1][R[r]] for r in ("r0", "r7", "r10"))
    assert all(l4.xi[a2][R[r]] == g.en[a2][R[r]] for r in ("r3", "r8", "r9"))
    assert all(l5.xi[a2][R[r]] == g.en[a2][R[r]] for r in ("r1", "r8", "r9"))
    assert all(l5.xi[0][R[r]] == g.en[0][R[r]] for r in ("r5", "r6", "r11"))


def test_constructions_reject_empty_formula():
    with pytest.raises(GameError):
        K.prop11_game(CNF(2, ()))


def test_construction_files_run_with_crg_commands(tmp_path, capsys):
    from declcoal.io.crg import crg_to_facts

    p = tmp_path / "g.lp"
    p.write_text(crg_to_facts(K.prop9_game(F(2, (1, 2), (-1,)))))
    rc, out, err = cli(capsys, "crg", "core", p)
    assert rc == 0, err


# ====================================================================== certificates both ways
def _record(red, f):
    return check_instance(red, red.decode({"cnf": f.to_dict()}))


@pytest.mark.parametrize("red", [PROP11, PROP9, PROP8, PROP10], ids=lambda r: r.name)
def test_certificates_both_ways_under_preference(red):
    fs = list(all_formulas(2, 2))[::3] + [random_kcnf(random.Random(s), 3, 3, 2) for s in range(3)]
    for f in fs:
        rec = _record(red, f)
        row = rec["notions"]["preference"]
        assert row["agree"], f.text()
        if rec["source"]:
            assert row["forward"]["ok"] and row["backward"]["ok"], f.text()
        else:
            assert row["refutation"]["ok"], f.text()
        assert not [p for p in problems(rec) if p.startswith("preference")]


def test_prop11_proof_certificate_needs_repair():
    """App. B: 'in ξ every agent contributes all its resources' and G' from a full
    valuation — blocked when fewer variables suffice; the repaired certificate is stable."""
    rec = _record(PROP11, F(2, (1,), (1, 2)))
    fw = rec["notions"]["preference"]["forward"]
    assert fw["ok"] and not fw["paper_ok"] and fw["paper_blocked_by"]["coalition"] == ["c1", "c2"]


def test_prop9_unsat_evidence_is_the_proofs_cycle():
    rec = _record(PROP9, F(2, (1,), (-1,)))
    for n in ("preference", "utility"):
        ref = rec["notions"][n]["refutation"]
        assert ref["ok"] and ref["step6_(3)_blocks_(5)"] and rec["notions"][n]["target"] is False


def test_utility_reading_breaks_prop11_and_prop8_on_one_clause():
    """u = V − c: one clause (x1), V = 1, the only way to satisfy c1 costs 1 = V, so
    u = 0 = u(σ0): σ0 stays stable and the core is not strongly non-empty."""
    for red in (PROP11, PROP8):
        rec = _record(red, F(1, (1,)))
        assert rec["notions"]["preference"]["agree"] and not rec["notions"]["utility"]["agree"]


def test_prop11_against_the_independent_oracle():
    """On tiny games the brute-force oracle of tests/crg_oracle.py (all coalition
    structures, not only grand ones) gives the same strong non-emptiness."""
    import crg_oracle as O

    for f in list(all_formulas(2, 2)):
        g = K.prop11_game(f)
        og = O.Game(list(g.agents), list(g.goals), list(g.resources),
                    {a: frozenset(g.goals[j] for j in range(g.m) if g.wants[i] >> j & 1) for i, a in enumerate(g.agents)},
                    {(a, r): g.en[i][k] for i, a in enumerate(g.agents) for k, r in enumerate(g.resources) if g.en[i][k]},
                    {(q, r): g.req[j][k] for j, q in enumerate(g.goals) for k, r in enumerate(g.resources) if g.req[j][k]})
        want = O.Oracle(og).core_summary()["strong"]
        assert PROP11.target(g, "preference").answer == want == satisfiable(f), f.text()


# ====================================================================== the campaign
def test_campaign_resumes_and_jobs_agree(tmp_path):
    db = str(tmp_path / "r.sqlite")
    c = ReductionCampaign("prop11", "exhaustive", vars=2, clauses=1)
    a = run(c, db=db)
    assert a.summary["instances"] == len(list(c.instances())) and a.summary["notions"]["preference"]["disagree"] == 0
    again = run(c, db=db)  # everything is already in the store
    assert [r["result"] for r in again.records] == [r["result"] for r in a.records]
    two = run(ReductionCampaign("prop11", "exhaustive", vars=2, clauses=1), jobs=2)
    assert [r["result"] for r in two.records] == [r["result"] for r in a.records]


def test_cli_verify_json(tmp_path, capsys):
    rc, out, err = cli(capsys, "verify", "prop8", "--vars", "1", "--clauses", "2", "--json", "--out", tmp_path)
    assert rc == 0, err
    s = json.loads(out)["summary"]
    assert s["notions"]["preference"] == {**s["notions"]["preference"], "disagree": 0}
    assert s["notions"]["utility"]["disagree"] >= 1  # (x1): see the test above
    folder = next(tmp_path.iterdir())
    assert {p.name for p in folder.iterdir()} >= {"formula.cnf", "game.lp", "evidence.json"}


def test_cli_verify_table(capsys):
    rc, out, err = cli(capsys, "verify", "prop10", "--crg", "6", "--seed", "2")
    assert rc == 0 and "preference" in out and "utility" in out


# ====================================================================== user hook, broken reduction
def test_broken_prop11_caught_with_a_minimal_counterexample(tmp_path):
    res = run(ReductionCampaign("broken11", "exhaustive", vars=2, clauses=2), out_dir=str(tmp_path))
    pref = res.summary["notions"]["preference"]
    assert pref["disagree"] >= 1 and pref["first_disagreement"] == "(x1) ∧ (¬x1)"
    # minimal: no formula with fewer variables or clauses disagrees
    small = run(ReductionCampaign("broken11", "exhaustive", vars=1, clauses=1))
    assert small.summary["notions"]["preference"]["disagree"] == 0
    # the files of the counterexample
    ev = [json.loads((p / "evidence.json").read_text()) for p in tmp_path.iterdir()]
    mine = [e for e in ev if e["instance"] == "(x1) ∧ (¬x1)"][0]
    assert "preference: source False but target True" in mine["problems"]
    assert mine["notions"]["preference"]["backward"]["problems"] == ["both x1 and ¬x1 are achieved"]


def _double(n):
    return n * 2


def test_user_hook_with_plain_functions():
    """A toy reduction 'n is even → 2n is divisible by 4' that is wrong for odd n... and
    right for even n; the verifier reports exactly the odd ones."""
    red = reduction("toy", _double, lambda n: n % 2 == 0, lambda m, notion: Verdict(m % 4 == 0, m // 4),
                    backward=lambda n, m, cert, notion: {"ok": cert * 4 == m}, notions=("plain",))
    recs = [check_instance(red, n) for n in range(6)]
    assert [r["agree"]["plain"] for r in recs] == [True] * 6
    assert all(r["notions"]["plain"].get("backward", {"ok": True})["ok"] for r in recs)


def test_resolve_user_reduction_by_import_path():
    assert resolve("declcoal.reductions.examples:BROKEN11").name == "broken11"
    with pytest.raises(InputError):
        resolve("declcoal.nosuch:X")
    with pytest.raises(InputError):
        resolve("json:dumps")


# ====================================================================== differential, properties
def test_flow_and_asp_checkers_agree_on_the_constructions():
    """The verifier's default (ASP: block.lp / block_utility.lp) against Fig. 1 and its
    utility variant, on the structures the verifier checks."""
    from declcoal.model.crg import null_structure
    from declcoal.reductions.notions import blocker
    from declcoal.reductions.paper import literal_coop

    for f in [F(1, (1,)), F(2, (1, 2), (-1,)), F(2, (1,), (-1,)), F(2, (1, -2), (2,), (-1, -2))]:
        for build in (K.prop11_game, K.prop9_game):
            g = build(f)
            sigmas = [null_structure(g)]
            a = f.brute_force()
            if a:
                sigmas.append((literal_coop(g, f, [v if b else -v for v, b in a.items()], pay_all=True),)
                              + tuple(_rest(g, f)))
            for notion in ("preference", "utility"):
                w, _ = core_witness(g, notion)
                for s in sigmas + ([w] if w else []):
                    assert (blocker(g, s, notion, "flow") is None) == (blocker(g, s, notion, "asp") is None)


def _rest(g, f):
    from declcoal.model.crg import Coop, zero_xi
    from declcoal.reductions.paper import clause_mask

    rest = g.grand & ~clause_mask(g, f)
    return [Coop(rest, 0, zero_xi(g))] if rest else []


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

clauses_st = st.lists(st.lists(st.integers(1, 3).flatmap(lambda v: st.sampled_from([v, -v])), min_size=1, max_size=3),
                      min_size=1, max_size=4)


@settings(max_examples=12)
@given(clauses_st)
def test_prop9_and_prop11_theorems_under_preference(clauses):
    """Props. 9 and 11 (≻_i): Φ satisfiable iff the core of Γ_Φ is non-empty / strongly
    non-empty — on hypothesis-drawn formulas over 3 variables."""
    f = CNF.build(3, clauses)
    sat = satisfiable(f)
    assert PROP9.target(K.prop9_game(f), "preference").answer == sat
    assert PROP11.target(K.prop11_game(f), "preference").answer == sat


def test_cli_construct_writes_games_for_the_crg_commands(tmp_path, capsys):
    from declcoal.io import load_games

    rc, out, err = cli(capsys, "construct", "prop9", ROOT_EX / "partial.cnf", "-o", tmp_path / "g.lp")
    assert rc == 0 and "paper: 4, 8, 14" in out
    assert K.sizes(load_games(tmp_path / "g.lp")[0]) == {"agents": 4, "goals": 8, "resources": 14}
    rc, out, err = cli(capsys, "construct", "prop8", ROOT_EX.parent / "crg" / "example2.lp", "--json")
    assert rc == 0 and json.loads(out)["match"]
    rc, out, err = cli(capsys, "construct", "prop11", ROOT_EX / "unit.cnf")
    assert rc == 0 and "req(gx1,rx1,1)." in out
    bad = tmp_path / "bad.cnf"
    bad.write_text("p cnf 1 1\n1 2 0\n")
    rc, out, err = cli(capsys, "construct", "prop11", bad)
    assert rc == 2 and f"{bad}:2:" in err


from conftest import EXAMPLES  # noqa: E402

ROOT_EX = EXAMPLES / "reductions"


def test_utility_core_search_against_brute_force():
    """core_witness(·, 'utility') (grand.lp + utility_cuts.lp, CEGAR) against brute force
    over ALL coalition structures and all blockers with u = V − c, on tiny random games."""
    from declcoal.model.crg import random_game
    from declcoal.reductions.notions import u_blocks
    from declcoal.solvers.csp import all_structures, coalition_structures

    rng = random.Random(2024)
    seen = {True: 0, False: 0}
    for _ in range(40):
        g = random_game(rng, rng.randint(1, 3), rng.randint(1, 2), rng.randint(1, 2), max_en=2, max_req=2)
        lams = list(all_structures(g))
        brute = any(not any(u_blocks(g, lam, s) for lam in lams) for s in coalition_structures(g))
        w, _ = core_witness(g, "utility")
        assert (w is not None) == brute
        if w is not None:
            assert not any(u_blocks(g, lam, w) for lam in lams)
        seen[brute] += 1
    assert seen[True] > 30
    # an empty core: the paper's Example 2 (every cost there is below V = 21, so u orders
    # the structures that matter as ≻_i does, and §4 shows its core is empty)
    from declcoal.io import load_games

    ex2 = load_games(EXAMPLES / "crg" / "example2.lp")[0]
    assert core_witness(ex2, "utility")[0] is None and core_witness(ex2, "preference")[0] is None


def test_prop9_needs_a_variable():
    """The proof of Prop. 9 assumes z > 1; z = 0 really breaks it (step 6 needs
    2z + 4 < 3z + 4): ⊥ is unsatisfiable but Γ_⊥ has a stable structure, c1 and a2
    achieving {g4, g5}. With z ≥ 1 every formula we ran agrees (docs/reductions-constructions.md)."""
    rec = _record(PROP9, CNF(0, ((),)))
    row = rec["notions"]["preference"]
    assert not rec["source"] and row["target"] and not row["refutation"]["step6_(3)_blocks_(5)"]
    assert _record(PROP9, CNF(1, ((),)))["notions"]["preference"]["agree"]
    with pytest.raises(GameError, match="at least one variable"):
        K.prop11_game(CNF(0, ((),)))
