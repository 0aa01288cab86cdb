"""The CRG model (§3): files, validation, preferences ≻_i (§3.3) versus the utility u_i."""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLES
from declcoal.errors import GameError, InputError
from declcoal.io import load_game
from declcoal.io.crg import crg_to_facts, read_sigma, sigma_to_facts
from declcoal.io.source import Source
from declcoal.io.tabular import dump_json, dump_toml
from declcoal.model.crg import (
    CRG,
    Coop,
    check_sigma,
    disjoint_union,
    make_coop,
    prefers,
    random_coop,
    random_game,
    utility,
    utility_agrees,
    weakly_prefers,
)

CRG_DIR = EXAMPLES / "crg"


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return p


# ---------------------------------------------------------------- files
@pytest.mark.parametrize("name", ["example1", "example2", "example3", "example4", "example5", "parachute"])
def test_facts_toml_json_round_trip(tmp_path, name):
    g = load_game(CRG_DIR / f"{name}.lp")
    again = load_game(write(tmp_path, f"{name}.lp", crg_to_facts(g)))
    assert again == g
    t = load_game(write(tmp_path, f"{name}.toml", dump_toml(g.to_doc())))
    j = load_game(write(tmp_path, f"{name}.json", dump_json(g.to_doc())))
    assert t == g and j == g


def test_toml_twin_equals_facts():
    assert load_game(CRG_DIR / "example2.toml") == load_game(CRG_DIR / "example2.lp")


BAD_FACTS = [
    ("agent(a1). goal(g1). resource(r1). req(g1,r1,-2).", 1, "natural number"),
    ("agent(a1). goal(g1). resource(r1).\nreq(g1,r1,x).", 2, "natural number"),
    ("agent(a1). goal(g1). resource(r1).\nreq(g1,r1,1).\nwants(a9,g1).", 3, "unknown agent 'a9'"),
    ("agent(a1). goal(g1). resource(r1).\nreq(g1,r1,1).\nen(a1,r7,1).", 3, "unknown resource 'r7'"),
    ("agent(a1).\ngoal(g1). resource(r1).", 2, "requires no resource"),
    ("agent(a1). goal(g1). resource(r1). req(g1,r1,1).\nreq(g1,r1,2).", 2, "duplicate req"),
    ("agent(a1).\nagent(a1). resource(r1).", 2, "duplicate agent(a1)"),
    ("agent(a1). resource(r1).\nwnats(a1,g1).", 2, "unknown predicate wnats/2"),
    ("agent(a1). resource(r1).\nen(a1,r1).", 2, "takes 3 arguments"),
    ("agent(a1). resource(r1).\nen(a1,r1,1)", 2, "not a fact"),
    ("goal(g1). resource(r1). req(g1,r1,1).", 1, "no agent/1"),  # no better line than 1
    ("agent(A1). resource(r1).", 1, "not an ASP constant"),
]


@pytest.mark.parametrize("text,line,msg", BAD_FACTS)
def test_bad_facts_name_file_and_line(tmp_path, text, line, msg):
    p = write(tmp_path, "bad.lp", text)
    with pytest.raises(InputError) as e:
        load_game(p)
    assert msg in e.value.message
    assert e.value.file == str(p)
    assert e.value.line == line


BAD_TOML = [
    ('kind = "crg"\nagents = ["a1"]\nresources = ["r1"]\ngoals = ["g1"]\n[req]\ng1 = { r1 = -1 }\n', "natural number"),
    ('kind = "crg"\nagents = ["a1"]\nresources = ["r1"]\ngoals = ["g1"]\n[req]\ng1 = { r1 = 1.5 }\n', "natural number"),
    ('kind = "crg"\nagents = ["a1"]\nresources = ["r1"]\ngoals = ["g1"]\n[wants]\na1 = ["g9"]\n[req]\ng1 = { r1 = 1 }\n',
     "unknown goal 'g9'"),
    ('kind = "crg"\nagents = ["a1", "a1"]\nresources = ["r1"]\n', "duplicate agent"),
    ('kind = "crg"\nagents = ["a1"]\nresources = ["r1"]\ngoals = ["g1"]\n', "requires no resource"),
    ('kind = "crg"\nagents = ["a1"]\nresources = ["r1"]\nplayers = 3\n', "unknown key 'players'"),
    ('kind = "crg"\nresources = ["r1"]\n', "missing 'agents"),
]


@pytest.mark.parametrize("text,msg", BAD_TOML)
def test_bad_toml(tmp_path, text, msg):
    p = write(tmp_path, "bad.toml", text)
    with pytest.raises(InputError) as e:
        load_game(p)
    assert msg in e.value.message and e.value.file == str(p)


def test_bad_toml_points_at_line(tmp_path):
    p = write(tmp_path, "bad.toml", 'kind = "crg"\nagents = ["a1"]\nresources = ["r1"]\ngoals = ["g1"]\n\n[req]\ng1 = { r1 = -1 }\n')
    with pytest.raises(InputError) as e:
        load_game(p)
    assert e.value.line == 7


def test_json_twin(tmp_path):
    g = load_game(CRG_DIR / "example3.lp")
    doc = json.loads(dump_json(g.to_doc()))
    assert doc["kind"] == "crg" and doc["req"]["g1"] == {"r1": 4, "r2": 3, "r3": 14}


# ---------------------------------------------------------------- σ files
def test_sigma_facts_and_toml_agree(tmp_path):
    g = load_game(CRG_DIR / "example3.lp")
    s = read_sigma(g, CRG_DIR / "example3_sigma.lp")
    toml = ('[[sigma]]\ncoalition = ["a1", "a2", "a3"]\ngoals = ["g1"]\n'
            '[sigma.xi]\na1 = { r1 = 4, r2 = 3 }\na2 = { r3 = 3 }\na3 = { r3 = 11 }\n')
    assert read_sigma(g, write(tmp_path, "s.toml", toml)) == s
    assert read_sigma(g, write(tmp_path, "s2.lp", sigma_to_facts(g, s))) == s


BAD_SIGMA = [
    ("sigma_member(l1,a1). sigma_member(l1,a2).", "does not cover agents {a3}"),
    ("sigma_member(l1,a1). sigma_member(l1,a2). sigma_member(l2,a2). sigma_member(l2,a3).", "in two cooperation"),
    ("sigma_member(l1,a1;a2).", "pooling"),
    ("sigma_member(l1,a1). sigma_member(l1,a2). sigma_member(l1,a3). sigma_goal(l1,g1).", "infeasible"),
    ("sigma_member(l1,a1). sigma_member(l1,a2). sigma_member(l1,a3). sigma_xi(a1,r1,5).", "endowed with only 4"),
    ("sigma_member(l1,a9).", "unknown agent 'a9'"),
    ("sigma_member(l1,a1). sigma_member(l1,a2). sigma_member(l1,a3). sigma_xi(a1,r1,-1).", "natural number"),
]


@pytest.mark.parametrize("text,msg", BAD_SIGMA)
def test_bad_sigma(tmp_path, text, msg):
    g = load_game(CRG_DIR / "example3.lp")
    with pytest.raises(InputError) as e:
        read_sigma(g, write(tmp_path, "s.lp", text))
    assert msg in e.value.message


# ---------------------------------------------------------------- preferences §3.3
def _g():
    return load_game(CRG_DIR / "parachute.lp")


def test_preference_cases():
    g = _g()  # a1 wants g1, a2 wants g2; both need a1's one unit of r1
    sat_a1 = make_coop(g, 0b01, 0b01, {0: (1, 0)})       # a1 pays 1, satisfied
    idle = make_coop(g, 0b01, 0, None)                   # a1 pays 0, unsatisfied
    waste = make_coop(g, 0b01, 0, {0: (1, 0)})           # a1 pays 1, unsatisfied
    assert prefers(g, 0, sat_a1, idle) and prefers(g, 0, sat_a1, waste)   # case 2
    assert prefers(g, 0, idle, waste)                                      # case 1
    assert not prefers(g, 0, idle, sat_a1) and not prefers(g, 0, sat_a1, sat_a1)
    assert weakly_prefers(g, 0, sat_a1, sat_a1)


def test_utility_disagrees_with_preference_on_the_parachute_game():
    """u_i = V − c_i ranks 'satisfied, paying more than V' below 'unsatisfied, paying 0';
    ≻_i (case 2) ranks every satisfied outcome first. V = 2 here; a2 paying 1000 of r2
    towards a goal set that satisfies it shows the difference."""
    g = _g()
    assert g.V() == 2
    pay = make_coop(g, 0b11, 0b10, {0: (1, 0), 1: (0, 1000)})  # g2 achieved, a2 pays 1000
    idle = make_coop(g, 0b10, 0, None)
    assert prefers(g, 1, pay, idle)
    assert utility(g, 1, pay) == 2 - 1000 < utility(g, 1, idle) == 0
    assert not utility_agrees(g, 1, pay, idle)


def _agreement_rate(seed: int, games: int = 40):
    rng = random.Random(seed)
    total = bad = 0
    for _ in range(games):
        g = random_game(rng, 2, 2, 2, max_en=4, max_req=2)
        coops = [random_coop(rng, g, c) for c in (1, 2, 3) for _ in range(4)]
        for i in range(g.n):
            mine = [c for c in coops if c.coalition >> i & 1]
            for x in mine:
                for y in mine:
                    total += 1
                    bad += not utility_agrees(g, i, x, y)
    return total, bad


def test_utility_agrees_unless_cost_reaches_V():
    """u_i and ≻_i disagree exactly when a satisfied outcome costing c1 meets an
    unsatisfied one costing c2 with c1 − c2 >= V (then V − c1 <= −c2)."""
    rng = random.Random(7)
    for _ in range(60):
        g = random_game(rng, 3, 2, 2, max_en=3)
        V = g.V()
        coops = [random_coop(rng, g, c) for c in range(1, 8) for _ in range(3)]
        for i in range(g.n):
            mine = [c for c in coops if c.coalition >> i & 1]
            for x in mine:
                for y in mine:
                    sx, sy = bool(g.wants[i] & x.goals), bool(g.wants[i] & y.goals)
                    gap = (x.cost(i) - y.cost(i)) if sx and not sy else (y.cost(i) - x.cost(i)) if sy and not sx else None
                    assert utility_agrees(g, i, x, y, V) == (gap is None or gap < V)


def test_utility_disagreement_occurs_on_random_games():
    total, bad = _agreement_rate(3)
    assert total > 500 and bad > 0


@given(st.integers(0, 10**6))
def test_prop1_disjoint_union_weakly_better(seed):
    """Prop. 1: every member of λ1 and λ2 weakly prefers λ1 ⊎ λ2."""
    rng = random.Random(seed)
    g = random_game(rng, 3, 2, 2)
    l1, l2 = random_coop(rng, g, 0b001), random_coop(rng, g, 0b110)
    l3 = disjoint_union(l1, l2)
    for lam in (l1, l2):
        for i in range(g.n):
            if lam.coalition >> i & 1:
                assert weakly_prefers(g, i, l3, lam)


def test_build_validation():
    with pytest.raises(GameError, match="no resource"):
        CRG.build(["a1"], ["g1"], ["r1"], {}, {}, {})
    with pytest.raises(GameError, match="at least one agent"):
        CRG.build([], [], ["r1"], {}, {}, {})
    with pytest.raises(GameError, match="two different things"):
        CRG.build(["x"], ["x"], ["r1"], {}, {}, {("x", "r1"): 1})
    g = load_game(CRG_DIR / "example1.lp")
    with pytest.raises(GameError, match="partition|cover"):
        check_sigma(g, (Coop(0b011, 0, ((0, 0),) * 3),))
