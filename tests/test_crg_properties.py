"""Propositions 2-7 and 21 of Dunne et al. (2010) as property tests on random small games."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal.concepts.crg.core import brute_core, find_blocker, top_cooperation_structure
from declcoal.model.coalition import members, subsets
from declcoal.model.crg import (
    Coop,
    disjoint_union,
    null_structure,
    random_game,
    random_sigma,
    satisfied,
)

# the random games, stable structures and splits are the crg-props campaign's own
# (declcoal/campaigns/crg_props.py), so the campaign and these tests check the same cases
from declcoal.campaigns.crg_props import small_game as small, splits as _splits, stable_sigmas  # noqa: E402

seeds = st.integers(0, 10**9)


@given(seeds)
def test_prop2_core_closed_under_disjoint_union(seed):
    rng, g = small(seed)
    for s in stable_sigmas(rng, g):
        for a in range(len(s)):
            for b in range(a + 1, len(s)):
                merged = (disjoint_union(s[a], s[b]),) + tuple(x for k, x in enumerate(s) if k not in (a, b))
                assert find_blocker(g, merged).stable


@given(seeds)
@settings(max_examples=30)
def test_prop3_nonempty_core_has_grand_coalition_structure(seed):
    """Over ALL coalition structures (brute force): a stable one exists iff a stable
    grand-coalition structure exists (which is what our core searches rely on)."""
    _, g = small(seed, n=3, m=2, t=2, en=1)
    every = brute_core(g, all_structures=True)
    grand = brute_core(g)
    assert bool(every) == bool(grand)
    assert all(len(s) == 1 and s[0].coalition == g.grand for s in grand)
    assert set(grand) <= set(every)


@given(seeds)
@settings(max_examples=30)
def test_prop4_nonempty_core_has_atomic_structure(seed):
    """Split stable structures while a split stays stable: this ends in an atomic σ."""
    rng, g = small(seed)
    for s in stable_sigmas(rng, g, tries=5)[:2]:
        changed = True
        while changed:
            changed = False
            for k, lam in enumerate(s):
                for l1, l2 in _splits(g, lam):
                    cand = s[:k] + (l1, l2) + s[k + 1:]
                    if find_blocker(g, cand).stable:
                        s, changed = cand, True
                        break
                if changed:
                    break
        assert find_blocker(g, s).stable
        for k, lam in enumerate(s):  # atomic: no stable split left
            for l1, l2 in _splits(g, lam):
                assert not find_blocker(g, s[:k] + (l1, l2) + s[k + 1:]).stable


@given(seeds)
def test_prop5_unsatisfied_agents_pay_nothing_when_stable(seed):
    rng, g = small(seed)
    for s in stable_sigmas(rng, g):
        for lam in s:
            for i in members(lam.coalition):
                if not satisfied(g, i, lam):
                    assert lam.cost(i) == 0


@given(seeds)
def test_prop5_converse_direction_unstable_if_unsatisfied_agent_pays(seed):
    rng, g = small(seed)
    for _ in range(10):
        s = random_sigma(rng, g)
        payer = any(not satisfied(g, i, lam) and lam.cost(i) > 0 for lam in s for i in members(lam.coalition))
        if payer:
            assert not find_blocker(g, s).stable


@given(seeds)
def test_prop6_unsatisfied_agents_cannot_succeed(seed):
    rng, g = small(seed)
    for s in stable_sigmas(rng, g):
        unsat = sum(1 << i for lam in s for i in members(lam.coalition) if not satisfied(g, i, lam))
        for c in subsets(unsat):
            assert not g.successful(c)


@given(seeds)
def test_prop7_no_successful_coalition_iff_idle_structure_stable(seed):
    """(1) no coalition is successful ⇔ (2) the core contains a structure where nobody
    pays and nobody is satisfied; all such structures rank like σ0 for every agent."""
    _, g = small(seed)
    none_successful = not any(g.successful(c) for c in range(1, 1 << g.n))
    assert none_successful == find_blocker(g, null_structure(g)).stable
    idle_singletons = tuple(Coop(1 << i, 0, null_structure(g)[0].xi) for i in range(g.n))
    assert none_successful == find_blocker(g, idle_singletons).stable


@given(seeds)
@settings(max_examples=30)
def test_prop21_top_structure_is_grand_and_the_whole_core(seed):
    _, g = small(seed, n=2, m=2, t=2, en=1)
    top = top_cooperation_structure(g, "brute").top
    if top is None:
        return
    assert top.coalition == g.grand                                  # item 1
    assert brute_core(g, all_structures=True) == [(top,)]            # item 3: core = {{λ}}


def test_prop21_is_not_vacuous():
    """The random family above does contain games with a top structure."""
    found = 0
    for seed in range(200):
        _, g = small(seed, n=2, m=2, t=2, en=1)
        found += top_cooperation_structure(g, "brute").top is not None
    assert found >= 3


def test_property_generators_produce_stable_and_unstable_cases():
    """Guard against vacuous property tests: the generators hit both outcomes."""
    stable = unstable = 0
    for seed in range(40):
        rng, g = small(seed)
        for _ in range(5):
            s = random_sigma(rng, g)
            if find_blocker(g, s).stable:
                stable += 1
            else:
                unstable += 1
    assert stable >= 10 and unstable >= 10
