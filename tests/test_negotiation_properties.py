"""Differential and property tests for the bargaining protocol (Dunne et al. 2010, §5).

* LP(i, t): the flow, Z3 and clingo solvers against an independent brute-force
  enumeration (tests/negotiation_oracle.py) on hundreds of tiny instances;
* the backward induction (Prop. 14) against the oracle's plain recursion;
* Props. 15 (individual rationality), 16 (Pareto optimality, by an independent Z3
  program), 18 (dummies get nothing), 19 (pseudo-symmetry, with Definition 4 tested by
  enumeration) and 22 (top structure ⇒ outcome = top, in the core) for EVERY order of
  random small games.
"""
from __future__ import annotations

import random
from itertools import permutations

import pytest
from crg_oracle import random_game as oracle_game
from hypothesis import given, settings
from hypothesis import strategies as st
from negotiation_oracle import lp_value, singleton, values

from declcoal.concepts.crg.core import top_cooperation_structure
from declcoal.concepts.crg.negotiation import (
    Negotiator,
    check_outcome,
    dummy_agents,
    expected_utilities,
    interchangeable,
    pareto_improvement,
    pseudo_symmetric,
)
from declcoal.concepts.crg.proposal_lp import (
    ProposalLP,
    admissible,
    singleton_utility,
    solve_lp,
    utility_of,
)
from declcoal.model.crg import CRG, random_game


def to_crg(og) -> CRG:
    """The oracle's plain game as a declcoal CRG (same names, same numbers)."""
    return CRG.build(og.agents, og.goals, og.resources, {a: sorted(og.wants.get(a, ())) for a in og.agents},
                     dict(og.en), dict(og.req), name="oracle")


def _instance(rng: random.Random, og, g: CRG):
    """A random LP(i, t): random active set, proposer and bounds in [-2, V]."""
    V = g.V()
    k = rng.randint(1, g.n)
    act = sorted(rng.sample(range(g.n), k))
    i = rng.choice(act)
    bounds = [None] * g.n
    for j in act:
        bounds[j] = rng.choice([0, 0, -1, -2, singleton_utility(g, j, V), rng.randint(0, max(V, 1)), V - 1, V - 2])
    lp = ProposalLP(sum(1 << j for j in act), i, tuple(bounds))
    names = [og.agents[j] for j in act]
    ob = {og.agents[j]: bounds[j] for j in act}
    return lp, names, og.agents[i], ob


# ---------------------------------------------------------------- LP(i, t) differential
def test_lp_flow_against_brute_force_300_instances():
    rng = random.Random(2010)
    for k in range(300):
        og = oracle_game(rng, emax=2)
        g = to_crg(og)
        lp, names, who, ob = _instance(rng, og, g)
        want = lp_value(og, names, who, ob)
        got = solve_lp(g, lp, g.V(), "flow")
        assert got.value == want, (k, og, lp)
        if got.coop is not None:
            assert admissible(g, lp, got.coop, g.V())
            assert utility_of(g, lp.proposer, got.coop, g.V()) == want


@pytest.mark.parametrize("method", ["z3", "asp"])
def test_lp_z3_and_asp_against_brute_force(method):
    rng = random.Random(14 if method == "z3" else 15)
    for k in range(100):
        og = oracle_game(rng, emax=2)
        g = to_crg(og)
        lp, names, who, ob = _instance(rng, og, g)
        assert solve_lp(g, lp, g.V(), method).value == lp_value(og, names, who, ob), (k, og, lp)


def test_singleton_utility_against_brute_force():
    rng = random.Random(7)
    for _ in range(100):
        og = oracle_game(rng, emax=3)
        g = to_crg(og)
        for j, a in enumerate(og.agents):
            assert singleton_utility(g, j) == singleton(og, a)


# ---------------------------------------------------------------- Prop. 14 differential
def test_backward_induction_against_oracle_every_order():
    """u(j, t) of every round of every order equals the oracle's recursion; the
    agreed λ_1(n) gives every agent exactly u(j, 1); nobody ever rejects."""
    rng = random.Random(14)
    for k in range(40):
        og = oracle_game(rng, n_agents=rng.choice([2, 3]), emax=2)
        g = to_crg(og)
        neg = Negotiator(g)
        for order in permutations(range(g.n)):
            o = neg.play(order)
            want = values(og, [og.agents[i] for i in order])
            got = [{og.agents[j]: v for j, v in vals.items()} for vals in o.values]
            assert got == want, (k, og, order)
            assert len(o.rounds) == 1 and o.rounds[0].accepted
            assert all(s.action != "rejects" for s in o.rounds[0].steps)
            assert o.utilities == tuple(o.values[0][j] for j in range(g.n))


# ---------------------------------------------------------------- Props. 15, 16, 18, 22
seeds = st.integers(min_value=0, max_value=10**6)


@settings(max_examples=15)
@given(seeds)
def test_props_15_16_18_22_every_order(seed):
    rng = random.Random(seed)
    g = random_game(rng, rng.choice([2, 3, 4]), rng.randint(1, 3), rng.randint(1, 3), max_en=3, max_req=2)
    top = top_cooperation_structure(g).top
    neg = Negotiator(g)
    for order in permutations(range(g.n)):
        o = neg.play(order)
        c = check_outcome(o, top=top, top_known=True)
        assert c["individually_rational"]["ok"], (seed, order)  # Prop. 15
        assert c["pareto_optimal"]["ok"], (seed, order)  # Prop. 16
        assert c["dummy"]["ok"], (seed, order)  # Prop. 18
        assert c["top_implies_core"]["ok"], (seed, order, c)  # Prop. 22


def test_pareto_check_finds_improvements():
    """The independent Pareto program is not vacuous: σ0's utilities are improvable
    whenever some coalition is successful (Example 5)."""
    from conftest import EXAMPLES

    from declcoal.io import load_game

    g = load_game(EXAMPLES / "crg" / "example5.lp")
    lam = pareto_improvement(g, (0, 0))
    assert lam is not None and sum(utility_of(g, i, lam, g.V()) for i in range(2)) > 0
    assert pareto_improvement(g, (1, 1)) is None


def test_dummy_definition_3_against_brute_force():
    from crg_oracle import successful_coalitions

    rng = random.Random(3)
    for _ in range(100):
        og = oracle_game(rng, emax=2)
        g = to_crg(og)
        succ = successful_coalitions(og)
        want = [j for j, a in enumerate(og.agents) if not any(a in c for c in succ)]
        assert dummy_agents(g) == want


# ---------------------------------------------------------------- Prop. 19, Definition 4
def _with_clone(rng: random.Random) -> CRG:
    """A random game in which a2 is a copy of a1 (same goals, same endowments):
    interchangeable by construction."""
    g = random_game(rng, rng.choice([2, 3]), rng.randint(1, 2), rng.randint(1, 2), max_en=2, max_req=2)
    wants = {a: [g.goals[k] for k in range(g.m) if g.wants[i] >> k & 1] for i, a in enumerate(g.agents)}
    wants[g.agents[1]] = wants[g.agents[0]]
    en = {(a, r): g.en[0 if i == 1 else i][k] for i, a in enumerate(g.agents) for k, r in enumerate(g.resources)}
    req = {(x, r): g.req[j][k] for j, x in enumerate(g.goals) for k, r in enumerate(g.resources)}
    return CRG.build(g.agents, g.goals, g.resources, wants, en, req)


def test_prop19_clones_are_interchangeable_and_have_equal_EU():
    rng = random.Random(19)
    for _ in range(15):
        g = _with_clone(rng)
        assert interchangeable(g, 0, 1)
        neg = Negotiator(g)
        outs = [neg.play(p) for p in permutations(range(g.n))]
        assert pseudo_symmetric(outs, [(0, 1)]) == []


def test_prop19_on_random_games_for_every_interchangeable_pair():
    """Definition 4 by enumeration on random tiny games; whenever it holds, EU_i = EU_j."""
    rng = random.Random(1919)
    tested = 0
    for _ in range(40):
        g = random_game(rng, 3, 1, rng.randint(1, 2), max_en=2, max_req=2)
        pairs = [(i, j) for i in range(3) for j in range(i + 1, 3) if interchangeable(g, i, j)]
        if not pairs:
            continue
        tested += len(pairs)
        neg = Negotiator(g)
        outs = [neg.play(p) for p in permutations(range(g.n))]
        assert pseudo_symmetric(outs, pairs) == [], (g, pairs, expected_utilities(outs))
    assert tested > 0


def test_definition4_rejects_different_agents():
    from conftest import EXAMPLES

    from declcoal.io import load_game

    g = load_game(EXAMPLES / "crg" / "example2.lp")
    small = CRG.build(["a1", "a2"], ["g"], ["r"], {"a1": ["g"], "a2": ["g"]}, {("a1", "r"): 2, ("a2", "r"): 1},
                      {("g", "r"): 2})
    assert not interchangeable(small, 0, 1)  # a1 can succeed alone, a2 cannot (item 1)
    assert g.n == 4
