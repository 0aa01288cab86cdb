"""Differential tests: the max-flow algorithm (Fig. 1), the ASP encodings and brute force
(python-constraint) agree on hundreds of random tiny games."""
from __future__ import annotations

import random

import pytest

from declcoal.concepts.crg.core import core_nonempty, find_blocker, top_cooperation_structure
from declcoal.concepts.crg.success import success_table, successful_coalitions
from declcoal.io.crg import crg_to_facts, sigma_to_facts
from declcoal.model.crg import blocks, null_structure, random_game, random_sigma
from declcoal.solvers.clingo_adapter import solve
from declcoal.solvers.csp import brute_blocker, profiles

CHUNKS = 10


def tiny(rng):
    n = rng.randint(1, 3)
    m = rng.randint(1, 3)
    t = rng.randint(1, 2)
    return random_game(rng, n, m, t, max_en=2, max_req=2, p_want=rng.choice([0.3, 0.5, 0.8]))


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_blocking_and_core_membership_agree(chunk):
    """30 games × 2 σ per chunk: 600 (game, σ) pairs over all chunks."""
    rng = random.Random(1000 + chunk)
    for _ in range(30):
        g = tiny(rng)
        table = profiles(g)
        for _ in range(2):
            sigma = random_sigma(rng, g)
            brute = brute_blocker(g, sigma, table)
            verdicts = {"brute": brute is None}
            for method, alg in (("flow", "preflow_push"), ("flow", "scipy_dinic"), ("asp", None), ("csp", None)):
                res = find_blocker(g, sigma, method, algorithm=alg or "preflow_push")
                verdicts[f"{method}/{alg}"] = res.stable
                if res.blocker is not None:
                    assert blocks(g, res.blocker, sigma)
            # core membership by the saturation program: an answer set iff σ is in the core
            ans = solve(["crg/core_member.lp"], crg_to_facts(g) + sigma_to_facts(g, sigma))
            verdicts["core_member.lp"] = ans.satisfiable
            assert len(set(verdicts.values())) == 1, (crg_to_facts(g), sigma, verdicts)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_core_nonemptiness_agrees(chunk):
    """20 games per chunk: 200 games, four methods."""
    rng = random.Random(2000 + chunk)
    for _ in range(20):
        g = tiny(rng)
        answers = {
            "cegar/flow": core_nonempty(g, "cegar", checker="flow"),
            "cegar/asp": core_nonempty(g, "cegar", checker="asp"),
            "cegar/noprop5": core_nonempty(g, "cegar", prop5=False, strong_cuts=True),
            "saturation": core_nonempty(g, "saturation"),
            "brute": core_nonempty(g, "brute"),
        }
        verdicts = {k: r.nonempty for k, r in answers.items()}
        assert len(set(verdicts.values())) == 1, (crg_to_facts(g), verdicts)
        for r in answers.values():  # every witness really is stable (checked by brute force)
            if r.witness is not None:
                assert brute_blocker(g, r.witness) is None


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_weak_success_and_top_agree(chunk):
    rng = random.Random(3000 + chunk)
    for _ in range(12):
        g = tiny(rng)
        weak_flow = find_blocker(g, null_structure(g), "flow").stable
        weak_lp = not solve(["crg/weak.lp"], crg_to_facts(g)).satisfiable
        assert weak_flow == weak_lp
        # the core is weak iff no coalition is successful (σ0 is blocked exactly by successful C)
        assert weak_flow == (not successful_coalitions(g, "python"))
        assert successful_coalitions(g, "asp") == successful_coalitions(g, "python")
        assert success_table(g, "asp").to_dict()["coalitions"] == success_table(g, "python").to_dict()["coalitions"]
        assert top_cooperation_structure(g, "asp").top == top_cooperation_structure(g, "brute").top
        strong_lp = solve(["crg/strong.lp"], crg_to_facts(g)).satisfiable
        assert strong_lp == (core_nonempty(g, "brute").nonempty and not weak_flow)


def test_flow_and_asp_agree_on_medium_games():
    """Beyond brute force: 40 games with 8-30 agents, 3-4 goals, 3-6 resources, endowments
    up to 20 (the ASP side grounds binary digits); every blocker is verified."""
    rng = random.Random(77)
    stable = 0
    for k in range(40):
        n = rng.randint(8, 30)
        # odd k: random σ (mostly blocked); even k: σ0 with scarce resources (often stable)
        g = random_game(rng, n, rng.randint(3, 4), rng.randint(3, 6), max_en=20,
                        max_req=(3 if k % 2 else 8) * n, p_want=0.4)
        sigma = random_sigma(rng, g) if k % 2 else null_structure(g)
        a = find_blocker(g, sigma, "flow")
        b = find_blocker(g, sigma, "asp")
        c = find_blocker(g, sigma, "flow", algorithm="scipy_dinic", prune=False)
        assert a.stable == b.stable == c.stable, crg_to_facts(g)
        stable += a.stable
    assert 5 <= stable <= 35  # both outcomes are exercised


def test_auto_method_agrees_with_flow_and_asp_and_switches_over():
    """``auto`` (Fig. 1 within a max-flow budget, then block.lp) gives the same stability
    verdict as both methods; with a zero budget it must hand over to block.lp."""
    import random

    import declcoal.concepts.crg.core as core

    rng = random.Random(2010)
    handed_over = 0
    for k in range(60):
        g = random_game(rng, rng.randint(2, 4), rng.randint(2, 4), rng.randint(1, 3), max_en=3, max_req=2)
        for sigma in (null_structure(g), random_sigma(rng, g)):
            a = find_blocker(g, sigma, "flow")
            for budget in (0, 1, 64):
                old = core.AUTO_FLOW_BUDGET
                core.AUTO_FLOW_BUDGET = budget
                try:
                    r = find_blocker(g, sigma, "auto")
                finally:
                    core.AUTO_FLOW_BUDGET = old
                assert r.stable == a.stable == find_blocker(g, sigma, "asp").stable
                handed_over += "block.lp" in r.step
    assert handed_over > 0
