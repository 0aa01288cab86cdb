"""Independent verification of the Ray & Vohra (2025) implementation against
``tests/rv_oracle.py`` — an oracle written from the paper alone (defender-choice piece
enumeration + KKT water filling for TU sets, brute force for finite F, literal Lorenz
dominance for E(S)); see that module's docstring for the method and its justification.

Classes of games (all seeded, so every run checks the same instances):

* TU characteristic functions, n = 2..5: zero worths, positive singletons, general
  (non-superadditive, with ineffective coalitions); equal, consistent and per-coalition
  weights — σ*(S) and effectiveness for *every* coalition, and the naive path;
* finite bargaining games G = (F, Θ, d) with d ≠ 0 and weights;
* TU bargaining games G = (v, Θ, d) with exogenous threats, d ≠ 0, both methods;
* NTU characteristic functions with finite F(S);
* the constrained egalitarian solution E(S), recursive and equal-division threats;
* Theorem 3 (GCS games, consistent weights) and Theorem 4 (σ_sym ⊆ E), including the
  degenerate games where the paper's statements need an extra hypothesis;
* the paper's examples, and bad input through the CLI.
"""
from __future__ import annotations

import random
import re
from fractions import Fraction as Q
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal.cli import main
from declcoal.concepts.bargaining.egalitarian import constrained_egalitarian
from declcoal.concepts.bargaining.nash import coalitional_nash_solution
from declcoal.concepts.bargaining.nash_tu import naive_nash, recursive_nash, theorem3_allocation
from declcoal.io import load_game
from declcoal.model.bargaining import BargainingGame, CoalitionalGame
from declcoal.model.tu import TUGame

from conftest import EXAMPLES
from rv_oracle import (blocks, egalitarian, finite_sigma, is_gcs, lorenz_dominates, members,
                       ntu_recursive, theorem3_y, tu_naive, tu_recursive, tu_sigma, waterfill)

RV = EXAMPLES / "ray-vohra"
ONE = Q(1)


def names(n):
    return [f"P{i + 1}" for i in range(n)]


def eq_w(S):
    return [ONE] * S.bit_count()


# ------------------------------------------------------------------ random games
def rand_worths(rng: random.Random, n: int, kind: str) -> dict[int, Q]:
    v = {}
    sizes: dict[int, Q] = {}
    for S in range(1, 1 << n):
        k = S.bit_count()
        if kind == "zeroish":  # many zero worths, integer-ish
            v[S] = Q(rng.choice([0, 0, 0, 1, 2, 3, 4]) * k, rng.choice([1, 2]))
        elif kind == "single":  # positive singletons
            v[S] = Q(rng.randint(0, 6 * k), rng.choice([1, 2, 3])) if k > 1 else Q(rng.randint(0, 3))
        elif kind == "sym":  # symmetric: v(S) depends on |S| only — multi-valued σ
            if k not in sizes:
                sizes[k] = Q(rng.randint(0, 4 * k), rng.choice([1, 2]))
            v[S] = sizes[k]
        else:  # general: not superadditive, many ineffective coalitions
            v[S] = Q(rng.randint(0, 10 * k), rng.choice([1, 2, 5]))
    return v


def rand_weights(rng, n, wkind):
    """(consistent weights, per-coalition weights dict) of the given kind."""
    if wkind == "eq":
        return [ONE] * n, {}
    if wkind == "cons":
        return [Q(rng.randint(1, 4), rng.choice([1, 2, 3])) for _ in range(n)], {}
    cw = {S: [Q(rng.randint(1, 3), rng.choice([1, 2])) for _ in members(S)]
          for S in range(1, 1 << n) if S.bit_count() > 1 and rng.random() < 0.7}
    return [ONE] * n, cw


TU_CASES = [(n, kind, wk, seed)
            for n in (2, 3, 4, 5)
            for kind in ("zeroish", "single", "gen", "sym")
            for wk in ("eq", "cons", "per")
            for seed in range(20 if n < 5 else 4)]


def _tu_case(n, kind, wk, seed):
    rng = random.Random(f"{n}-{kind}-{wk}-{seed}")
    v = rand_worths(rng, n, kind)
    w, cw = rand_weights(rng, n, wk)
    gam = lambda S: cw.get(S, [w[i] for i in members(S)])  # noqa: E731
    cg = CoalitionalGame.build(names(n), dict(v), weights=w, coalition_weights=cw)
    return v, gam, cg


@pytest.mark.parametrize("n,kind,wk,seed", TU_CASES)
def test_recursive_sigma_every_coalition_matches_oracle(n, kind, wk, seed):
    """§5.1 (31)–(32): σ*(S) and effectiveness of every coalition equal the oracle's."""
    v, gam, cg = _tu_case(n, kind, wk, seed)
    sig, eff = tu_recursive(n, v, gam)
    r = recursive_nash(cg)
    got = {c.coalition: (sorted(c.points), c.effective) for c in r.coalitions}
    want = {S: (sig[S], eff[S]) for S in sig}
    assert got == want
    full = (1 << n) - 1
    # Theorem 2 inside the oracle (an independent check of the theorem on TU games) and
    # declcoal's naive fast path against the oracle's naive set
    assert tu_naive(n, v, gam, full) == sig[full]
    assert sorted(naive_nash(cg).solutions) == sig[full]


@pytest.mark.parametrize("seed", range(40))
def test_naive_every_coalition_matches_oracle(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 4)
    v = rand_worths(rng, n, rng.choice(["zeroish", "single", "gen"]))
    w, cw = rand_weights(rng, n, rng.choice(["eq", "cons", "per"]))
    gam = lambda S: cw.get(S, [w[i] for i in members(S)])  # noqa: E731
    cg = CoalitionalGame.build(names(n), dict(v), weights=w, coalition_weights=cw)
    r = naive_nash(cg, coalitions="all")
    for c in r.coalitions:
        if c.coalition.bit_count() > 1:
            assert sorted(c.points) == tu_naive(n, v, gam, c.coalition), c.label


@settings(max_examples=80)
@given(st.integers(2, 4).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.fractions(0, 12, max_denominator=4), min_size=2**n - 1, max_size=2**n - 1))))
def test_hypothesis_tu_games_equal_weights(case):
    """Hypothesis-drawn TU games (symmetric weights, TUGame input, CLI default path)."""
    n, vals = case
    v = {S: vals[S - 1] for S in range(1, 1 << n)}
    g = TUGame.from_list(names(n), vals)
    sig, eff = tu_recursive(n, v, eq_w)
    r = recursive_nash(g)
    assert {c.coalition: sorted(c.points) for c in r.coalitions} == sig


def _symmetric_case(seed):
    """A symmetric TU game whose grand coalition is squeezed by its sub-coalitions'
    per-capita worths (as in Example 5): σ(N) is often a set of permutations."""
    rng = random.Random(f"sym-{seed}")
    n = rng.randint(3, 5)
    per = {k: Q(rng.randint(0, 6), rng.choice([2, 3])) for k in range(1, n)}
    per[1] = Q(0) if rng.random() < 0.6 else per[1] / 3
    per[n] = max(per.values()) * Q(rng.randint(60, 99), 100)
    return n, {S: per[S.bit_count()] * S.bit_count() for S in range(1, 1 << n)}


@pytest.mark.parametrize("seed", range(60))
def test_symmetric_squeezed_games_multivalued(seed):
    """σ*(S), the naive path, E(S) and Theorem 4 on games built to have multi-valued
    solutions (about half of them do; the rest mostly have an ineffective N)."""
    n, v = _symmetric_case(seed)
    g = TUGame.from_list(names(n), [v[S] for S in range(1, 1 << n)])
    sig, eff = tu_recursive(n, v, eq_w)
    full = (1 << n) - 1
    assert {c.coalition: sorted(c.points) for c in recursive_nash(g).coalitions} == sig
    assert sorted(naive_nash(g).solutions) == sig[full]
    E = egalitarian(n, v)
    assert {c.coalition: sorted(c.points) for c in constrained_egalitarian(g).coalitions} == E
    for S in sig:
        if sig[S] and all(q > 0 for q in sig[S][0]):
            assert set(sig[S]) <= set(E[S])


def test_symmetric_cases_are_mostly_multivalued():
    multi = sum(len(tu_recursive(n, v, eq_w)[0][(1 << n) - 1]) > 1 for n, v in map(_symmetric_case, range(60)))
    assert multi >= 20


def _symmetric_threat_case(seed):
    """G = (v, Θ, c·1) with one threat level per coalition size and equal weights."""
    rng = random.Random(f"symG-{seed}")
    n = rng.randint(3, 5)
    c = Q(rng.choice([0, 0, 1, -1]))
    base = max(c, Q(0))
    lv = {k: Q(rng.randint(1, 8), rng.choice([2, 3])) for k in range(2, n)}
    v = n * base + max(lv.values()) * Q(rng.randint(n * 40, n * 90), 100)
    th = {S: [tuple([base + lv[S.bit_count()]] * S.bit_count())] for S in range(1, (1 << n) - 1) if S.bit_count() > 1}
    return n, v, th, [c] * n, [ONE] * n


@pytest.mark.parametrize("seed", range(60))
def test_symmetric_threat_games_match_oracle(seed):
    n, v, th, d, g = _symmetric_threat_case(seed)
    bg = BargainingGame.build(names(n), v, {S: [list(p) for p in ps] for S, ps in th.items()}, d, g)
    want = tu_sigma(n, v, [(S, p) for S, ps in th.items() for p in ps], g, d)
    assert sorted(coalitional_nash_solution(bg).solutions) == want
    if seed % 3 == 0:
        assert sorted(coalitional_nash_solution(bg, method="z3").solutions) == want


# ------------------------------------------------------------------ finite G = (F, Θ, d)
def _finite_case(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    d = [Q(rng.randint(-2, 3)) for _ in range(n)]
    F = [tuple(d[i] + Q(rng.randint(-1, 6), rng.choice([1, 2])) for i in range(n))
         for _ in range(rng.randint(1, 8))]
    if rng.random() < 0.3:  # a permuted copy: ties between distinct maximisers
        F.append(tuple(reversed(F[0])))
    th = {}
    for S in range(1, (1 << n) - 1):
        if rng.random() < 0.5:  # [Dom 2]: threats z ≥ d_S
            th[S] = [tuple(d[i] + Q(rng.randint(0, 5)) for i in members(S)) for _ in range(rng.randint(1, 2))]
    g = [Q(rng.randint(1, 3), rng.choice([1, 2])) for _ in range(n)]
    return n, F, th, d, g


@pytest.mark.parametrize("seed", range(300))
def test_finite_bargaining_games_match_brute_force(seed):
    """σ(G) of eq. (2) for finite F, d ≠ 0, weights, multi-point threat sets."""
    n, F, th, d, g = _finite_case(seed)
    bg = BargainingGame.build(names(n), [list(x) for x in F], {S: [list(p) for p in ps] for S, ps in th.items()}, d, g)
    assert sorted(coalitional_nash_solution(bg).solutions) == finite_sigma(F, th, d, g)


# ------------------------------------------------------------------ TU G = (v, Θ, d)
def _tu_bargaining_case(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    d = [Q(rng.choice([0, 0, -1, 1, 2])) for _ in range(n)]
    v = Q(rng.randint(0, 12 * n))
    th = {}
    sym = rng.random() < 0.4  # the same threat point for every coalition of a size: ties
    level = {k: Q(rng.randint(1, 6), rng.choice([2, 3])) for k in range(1, n)}
    for S in range(1, (1 << n) - 1):
        if sym and S.bit_count() > 1:
            th[S] = [tuple(max(d[i], Q(0)) + level[S.bit_count()] for i in members(S))]
        elif rng.random() < 0.6:
            th[S] = [tuple(max(d[i], Q(0)) + Q(rng.randint(0, 8), rng.choice([1, 2, 3])) for i in members(S))
                     for _ in range(rng.randint(1, 3))]
    g = [Q(rng.randint(1, 3), rng.choice([1, 2])) for _ in range(n)]
    return n, v, th, d, g


@pytest.mark.parametrize("seed", range(200))
def test_tu_bargaining_games_match_oracle(seed):
    """σ(G) for the TU set with exogenous threats and d ≠ 0: bnb (and Z3 on a subset)."""
    n, v, th, d, g = _tu_bargaining_case(seed)
    bg = BargainingGame.build(names(n), v, {S: [list(p) for p in ps] for S, ps in th.items()}, d, g)
    want = tu_sigma(n, v, [(S, p) for S, ps in th.items() for p in ps], g, d)
    assert sorted(coalitional_nash_solution(bg).solutions) == want
    if seed % 4 == 0:
        assert sorted(coalitional_nash_solution(bg, method="z3").solutions) == want


# ------------------------------------------------------------------ NTU characteristic functions
@pytest.mark.parametrize("seed", range(150))
def test_ntu_recursion_matches_brute_force(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 4)
    F = {S: [tuple(Q(rng.randint(0, 5)) for _ in members(S)) for _ in range(rng.randint(1, 4))]
         for S in range(1, 1 << n) if rng.random() < 0.8}
    w = [Q(rng.randint(1, 2)) for _ in range(n)]
    cg = CoalitionalGame.build(names(n), {S: [list(p) for p in ps] for S, ps in F.items()}, weights=w)
    sig, eff = ntu_recursive(n, F, lambda S: [w[i] for i in members(S)])
    r = recursive_nash(cg)
    assert {c.coalition: (sorted(c.points), c.effective) for c in r.coalitions} == \
        {S: (sig[S], eff[S]) for S in sig}


# ------------------------------------------------------------------ E(S), §5.4
@pytest.mark.parametrize("seed", range(120))
def test_constrained_egalitarian_matches_oracle(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 5 if seed % 6 == 0 else 4)
    v = rand_worths(rng, n, rng.choice(["zeroish", "single", "gen"]))
    g = TUGame.from_list(names(n), [v[S] for S in range(1, 1 << n)])
    for mode in ("recursive", "naive"):
        E = egalitarian(n, v, naive=mode == "naive")
        r = constrained_egalitarian(g, threats=mode)
        assert {c.coalition: sorted(c.points) for c in r.coalitions} == E, mode
        assert {c.coalition: c.effective for c in r.coalitions} == {S: bool(E[S]) for S in E}


@pytest.mark.parametrize("seed", range(25))
def test_E_is_lorenz_maximal_against_sampled_unblocked_points(seed):
    """From the definition: no sampled efficient point of U^e(N) Lorenz-dominates a point
    of E(N), and every point of E(N) is efficient and unblocked."""
    rng = random.Random(1000 + seed)
    n = rng.randint(3, 4)
    v = rand_worths(rng, n, "gen")
    full = (1 << n) - 1
    E = egalitarian(n, v)
    got = sorted(constrained_egalitarian(TUGame.from_list(names(n), [v[S] for S in range(1, 1 << n)])).solutions)
    assert got == E[full]
    threats = [(T, y) for T in range(1, full) for y in E[T]]
    for x in got:
        assert sum(x) == v[full] and not any(blocks(T, y, x) for T, y in threats)
    for _ in range(400):
        cut = sorted(Q(rng.randint(0, 60), 60) for _ in range(n - 1))
        z = [b - a for a, b in zip([Q(0)] + cut, cut + [ONE])]
        y = tuple(zi * v[full] for zi in z)
        if any(blocks(T, t, y) for T, t in threats):
            continue
        assert not any(lorenz_dominates(y, x) for x in got), (y, got)


def test_theorem4_holds_when_the_nash_maximum_is_positive():
    """Theorem 4 on the random games of the E(S) test, coalitions whose σ_sym(S) has a
    positive Nash product (see the degenerate case below)."""
    checked = 0
    for seed in range(60):
        rng = random.Random(seed)
        n = rng.randint(2, 4)
        v = rand_worths(rng, n, rng.choice(["zeroish", "single", "gen"]))
        sig, _ = tu_recursive(n, v, eq_w)
        E = egalitarian(n, v)
        for S in sig:
            if sig[S] and all(q > 0 for q in sig[S][0]):
                assert set(sig[S]) <= set(E[S]), (v, S)
                checked += 1
    assert checked > 100


DEGENERATE_T4 = {1: 1, 3: 1, 5: 3, 6: 1, 7: 1, 8: 1, 9: 2, 12: 4, 13: 1, 15: 4}


def test_theorem4_fails_when_every_unblocked_point_has_a_zero_payoff():
    """A counterexample to Theorem 4 as literally stated (found by the oracle, checked by
    hand in docs/egalitarian.md): U*(N) = {(1,0,2,1), (3/2,1/2,0,2), (3/2,0,1/2,2)}, every
    Nash product is 0, so σ_sym(N) is all three points, but (1,0,2,1) Lorenz-dominates
    the other two and E(N) = {(1,0,2,1)}. The proof's last step ("argmax Π ⊆ L(A)")
    needs a positive maximum. declcoal computes both sets by their definitions and its
    Theorem 4 check reports the failure instead of hiding it."""
    v = {S: Q(DEGENERATE_T4.get(S, 0)) for S in range(1, 16)}
    g = TUGame.from_list(["A", "B", "C", "D"], [v[S] for S in range(1, 16)])
    sig, _ = tu_recursive(4, v, eq_w)
    pts = [(Q(1), Q(0), Q(2), Q(1)), (Q(3, 2), Q(0), Q(1, 2), Q(2)), (Q(3, 2), Q(1, 2), Q(0), Q(2))]
    assert sig[15] == sorted(pts) == sorted(recursive_nash(g).solutions)
    r = constrained_egalitarian(g, check_theorem4=True)
    assert r.solutions == egalitarian(4, v)[15] == [pts[0]]
    assert r.theorem4_holds is False


@pytest.mark.parametrize("seed", range(40))
def test_theorem4_second_part_superadditive_nonempty(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 4)
    v = {S: Q(rng.randint(0, 5)) for S in range(1, 1 << n)}
    for S in sorted(v, key=lambda m: m.bit_count()):  # make superadditive (34)
        best = v[S]
        sub = (S - 1) & S
        while sub:
            best = max(best, v[sub] + v[S & ~sub])
            sub = (sub - 1) & S
        v[S] = best
    sig, eff = tu_recursive(n, v, eq_w)
    assert all(eff.values())
    got = recursive_nash(TUGame.from_list(names(n), [v[S] for S in range(1, 1 << n)]))
    assert all(c.effective for c in got.coalitions)


# ------------------------------------------------------------------ Theorem 3
@pytest.mark.parametrize("seed", range(80))
def test_theorem3_on_gcs_games(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    v = rand_worths(rng, n, rng.choice(["zeroish", "single", "gen"]))
    full = (1 << n) - 1
    while not is_gcs(n, v):
        v[full] += 1
    w = [Q(rng.randint(1, 3), rng.choice([1, 2])) for _ in range(n)]
    t = theorem3_allocation(TUGame.from_list(names(n), [v[S] for S in range(1, 1 << n)]), w)
    assert t.gcs and t.consistent and t.holds
    # the oracle's own construction: y is unblocked by every ψ(T); α values agree
    parts, y = theorem3_y(n, v, w)
    psi = lambda T: [w[i] * v[T] / sum(w[j] for j in members(T)) for i in members(T)]  # noqa: E731
    assert not any(blocks(T, psi(T), y) for T in range(1, full))
    assert not any(blocks(T, psi(T), t.x) for T in range(1, full))
    assert sum(t.x) == v[full] and all(a >= b for a, b in zip(t.x, t.y))
    assert sorted(t.alphas, reverse=True) == list(t.alphas)
    assert t.alphas[0] == max(v[S] / sum(w[i] for i in members(S)) for S in range(1, full + 1))
    sig, eff = tu_recursive(n, v, lambda S: [w[i] for i in members(S)])
    assert eff[full] and all(sum(p) == v[full] for p in sig[full])
    assert sorted(t.sigma) == sig[full]


def test_theorem3_needs_the_partition_form_of_gcs():
    """§5.3 states GCS for pairs S, T; v(1)=2, v(2)=1, v(3)=4, v(ij) small, v(N)=6 satisfies
    it for every pair of disjoint sub-coalitions, yet the singletons' worths add to 7 > 6:
    U*(N) = ∅ (N not viable). The proof stacks a whole partition, so declcoal's partition
    form of GCS is the hypothesis under which Theorem 3 holds."""
    v = {1: Q(2), 2: Q(1), 3: Q(1), 4: Q(4), 5: Q(4), 6: Q(2), 7: Q(6)}
    assert all(v[7] >= v[S] + v[T] for S in range(1, 7) for T in range(1, 7) if not S & T)
    assert not is_gcs(3, v)
    sig, eff = tu_recursive(3, v, eq_w)
    assert not eff[7]
    g = TUGame.from_list(["A", "B", "C"], [v[S] for S in range(1, 8)])
    assert recursive_nash(g).solutions == []
    assert theorem3_allocation(g).gcs is False


# ------------------------------------------------------------------ special games
def test_zero_product_multivalued_solution():
    """v(ij) = 2 for every pair, v(N) = 2: each pair threatens (1, 1), so U*(N) is three
    points with a zero payoff each; every one is a maximiser of the (zero) product."""
    v = {1: Q(0), 2: Q(0), 4: Q(0), 3: Q(2), 5: Q(2), 6: Q(2), 7: Q(2)}
    want = [(Q(0), ONE, ONE), (ONE, Q(0), ONE), (ONE, ONE, Q(0))]
    assert tu_recursive(3, v, eq_w)[0][7] == want
    assert sorted(recursive_nash(TUGame.from_list(["A", "B", "C"], [v[S] for S in range(1, 8)])).solutions) == want


def test_paper_examples():
    # Example 1
    g1 = load_game(RV / "example1.toml")
    F = [(Q(3), Q(3), ONE), (Q(2), Q(2), Q(4))]
    assert coalitional_nash_solution(g1).solutions == finite_sigma(F, {3: [(Q(6), Q(0)), (Q(0), Q(6))]},
                                                                   [Q(0)] * 3, [ONE] * 3) == [F[1]]
    # Example 5
    v5 = {1: Q(0), 2: Q(0), 4: Q(0), 3: Q(4, 5), 5: Q(4, 5), 6: Q(4, 5), 7: ONE}
    s5 = tu_recursive(3, v5, eq_w)[0][7]
    assert sorted(recursive_nash(load_game(RV / "example5.toml")).solutions) == s5
    assert sorted(tuple(sorted(p)) for p in s5) == [(Q(1, 5), Q(2, 5), Q(2, 5))] * 3
    # Example 6: σ = E = {(0.4, 0.3, 0.3), (0.3, 0.4, 0.3)}
    v6 = {S: Q(0) for S in range(1, 8)} | {3: Q(4, 5), 7: ONE}
    want = [(Q(3, 10), Q(2, 5), Q(3, 10)), (Q(2, 5), Q(3, 10), Q(3, 10))]
    g6 = load_game(RV / "example6.toml")
    assert tu_recursive(3, v6, eq_w)[0][7] == egalitarian(3, v6)[7] == want
    assert sorted(recursive_nash(g6).solutions) == sorted(constrained_egalitarian(g6).solutions) == want
    # pairs-tu: Example 5's grand coalition as an exogenous-threat TU game
    assert sorted(coalitional_nash_solution(load_game(RV / "pairs-tu.toml")).solutions) == s5
    # weighted: Example 6 with γ = (1, 2, 1)
    w = [ONE, Q(2), ONE]
    sw = tu_recursive(3, v6, lambda S: [w[i] for i in members(S)])[0][7]
    assert sorted(recursive_nash(load_game(RV / "weighted.toml")).solutions) == sw == \
        [(Q(4, 15), Q(22, 45), Q(11, 45))]
    # footnote 28: the roommate game; every pair effective, N not
    Fr = {1: [(0,)], 2: [(0,)], 4: [(0,)], 3: [(3, 2)], 6: [(3, 2)], 5: [(2, 3)],
          7: [(3, 2, 1), (1, 3, 2), (2, 1, 3)]}
    sig, eff = ntu_recursive(3, Fr, eq_w)
    r = recursive_nash(load_game(RV / "roommate.toml"))
    assert {c.coalition: (sorted(c.points), c.effective) for c in r.coalitions} == \
        {S: (sig[S], eff[S]) for S in sig}
    assert not eff[7] and all(eff[S] for S in (3, 5, 6))


def test_waterfill_oracle_against_numeric_optimum():
    """The oracle's KKT water filling vs a numeric maximisation of Σ γ log x (scipy)."""
    scipy_opt = pytest.importorskip("scipy.optimize")
    import numpy as np

    rng = random.Random(7)
    for _ in range(30):
        n = rng.randint(2, 5)
        g = [Q(rng.randint(1, 4)) for _ in range(n)]
        L = [Q(rng.randint(0, 3)) for _ in range(n)]
        v = sum(L) + Q(rng.randint(1, 10))
        x = waterfill(L, v, g)
        obj = lambda z: -sum(float(gi) * np.log(zi) for gi, zi in zip(g, z))  # noqa: E731
        res = scipy_opt.minimize(obj, [float(v) / n] * n, method="SLSQP", options={"ftol": 1e-14, "maxiter": 500},
                                 bounds=[(float(li) + 1e-12, None) for li in L],
                                 constraints=[{"type": "eq", "fun": lambda z: sum(z) - float(v)}])
        # the exact point is at least as good as the numeric optimum, and close to it
        assert obj([float(q) for q in x]) <= res.fun + 1e-9
        assert max(abs(a - float(b)) for a, b in zip(res.x, x)) < 1e-3


# ------------------------------------------------------------------ CLI: bad input
BAD = {
    "neg_worth.toml": 'kind = "bargaining"\nplayers = ["A", "B"]\n[feasible]\n"A B" = -1\n',
    "neg_tu.toml": 'kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = -3\n',
    "wrong_len.toml": 'kind = "bargaining"\nplayers = ["A", "B", "C"]\nfeasible = [[1, 2], [3, 3, 3]]\n',
    "threat_len.toml": 'kind = "bargaining"\nplayers = ["A", "B", "C"]\nfeasible = [[1, 2, 3]]\n'
                       '[threats]\n"A B" = [[1, 2, 3]]\n',
    "grand_threat.toml": 'kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = [[1, 2]]\n[threats]\n"A B" = [[1, 1]]\n',
    "unknown_player.toml": 'kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = [[1, 2]]\n[threats]\n"A Z" = [[1, 1]]\n',
    "neg_weight.toml": 'kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = [[1, 2]]\nweights = [1, -1]\n',
    "string.toml": 'kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = [["x", 2]]\n',
    "malformed.toml": 'kind = "bargaining"\nplayers = ["A", "B"\nfeasible = 3\n',
    "ntu_negative.toml": 'kind = "bargaining"\nplayers = ["A", "B"]\n[feasible]\n"A B" = [[1, -2]]\n',
    "cw_size.toml": 'kind = "bargaining"\nplayers = ["A", "B"]\n[feasible]\n"A B" = 2\n[coalition_weights]\n"A B" = [1]\n',
    "d_size.toml": 'kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = 3\ndisagreement = [1]\n',
    "tu_negative.toml": 'kind = "tu"\nplayers = ["A", "B"]\n[values]\n"A" = -1\n"B" = 0\n"A B" = 2\n',
    "tu_negative_list.toml": 'kind = "tu"\nplayers = ["A", "B"]\nvalues = [1, -2, 3]\n',
    "tu_short.toml": 'kind = "tu"\nplayers = ["A", "B"]\nvalues = [1, 2]\n',
    "negative.pl": "data(g, 2, [1, -2, 3]).\n",
    "broken.pl": "data(g, 2, [1, 2).\n",
    "wrong.json": '{"kind": "bargaining", "players": ["A","B"], "feasible": [[1,2,3]]}',
    "broken.json": '{"kind": "bargaining", "players": ["A","B"], "feasible": [[1,2',
    "inf.toml": 'kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = [[inf, 1]]\n',
}


@pytest.mark.parametrize("command", ["nash", "egalitarian"])
@pytest.mark.parametrize("fname", sorted(BAD))
def test_cli_bad_input_one_line_with_file_and_line(tmp_path: Path, capsys, fname, command):
    p = tmp_path / fname
    p.write_text(BAD[fname], encoding="utf-8")
    rc = main([command, str(p)])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert re.match(r"declcoal: error: " + re.escape(str(p)) + r":\d+: ", err), err
    assert "Traceback" not in err


@pytest.mark.parametrize("fname,text", [
    ("finite.toml", 'kind = "bargaining"\nplayers = ["A", "B"]\nfeasible = [[1, 2]]\n'),
    ("ntu.toml", 'kind = "bargaining"\nplayers = ["A", "B"]\n[feasible]\n"A B" = [[1, 2]]\n'),
])
def test_cli_egalitarian_wrong_kind_of_game_names_the_line(tmp_path, capsys, fname, text):
    p = tmp_path / fname
    p.write_text(text, encoding="utf-8")
    assert main(["egalitarian", str(p)]) == 2
    assert re.match(r"declcoal: error: " + re.escape(str(p)) + r":3: ", capsys.readouterr().err)


@pytest.mark.parametrize("seed", range(12))
def test_cli_json_matches_oracle(tmp_path, capsys, seed):
    """The CLI path (file → nash --json, egalitarian --json) on random TU games."""
    import json

    rng = random.Random(500 + seed)
    n = rng.randint(2, 4)
    v = rand_worths(rng, n, rng.choice(["zeroish", "single", "gen"]))
    p = tmp_path / "g.toml"
    p.write_text('kind = "tu"\nplayers = [' + ", ".join(f'"{x}"' for x in names(n)) + ']\nvalues = ['
                 + ", ".join(f'"{v[S]}"' for S in range(1, 1 << n)) + "]\n", encoding="utf-8")
    full = (1 << n) - 1
    assert main(["nash", str(p), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    got = sorted(tuple(Q(str(q)) for q in pt) for pt in out["solutions"])
    assert got == tu_recursive(n, v, eq_w)[0][full]
    assert main(["egalitarian", str(p), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted(tuple(Q(str(q)) for q in pt) for pt in out["solutions"]) == egalitarian(n, v)[full]
