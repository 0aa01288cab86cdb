"""The small-game path of Tick's exact tightening (issue 14: the papers' 3- and
4-player games without solver start-up) against the general path.

``tighten(game, family, "exact")`` takes :mod:`declcoal.concepts.tu.tightening_small`
for n <= SMALL_N (exact integer simplex, :mod:`declcoal.solvers.small_lp`); the general
path (HiGHS + rational certificate, Z3 for conflicts) is forced by SMALL_N = 0. Both
must give the same exact answer in Fractions: allocation, K, fixed flags, every
iteration's level / newly fixed coalitions / K vector, the dimension, the status and
the explanation, on Tick's games (Tick 1995, Table 3 and the appendix's ``raiffa``)
and on hundreds of random games (integers, fractions, ties, additive one-point cores,
zero and negative worths, empty cores, cores without a non-negative point).
"""
from __future__ import annotations

import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declcoal.concepts.tu import tightening_small
from declcoal.concepts.tu.core import in_core
from declcoal.concepts.tu.tightening import FAMILIES, tighten
from declcoal.model.tu import TUGame
from declcoal.reproduce.tick import DATA, tick_game
from declcoal.solvers import lp as lpmod
from declcoal.solvers import small_lp

TICK = list(DATA)  # cement tweak1 raiffa rand1 rand2 rand3 rand4 rand5 tweak5


def general(game, family, monkeypatch, **kw):
    with monkeypatch.context() as m:
        m.setattr(tightening_small, "SMALL_N", 0)
        return tighten(game, family, "exact", **kw)


def summary(r) -> dict:
    return {
        "status": r.status, "allocation": r.allocation, "K": r.K, "fixed": r.fixed,
        "levels": [it.level for it in r.trace], "newly": [it.newly_fixed for it in r.trace],
        "K_iter": [it.K for it in r.trace], "fixed_iter": [it.fixed for it in r.trace],
        "dimension": r.dimension if r.allocation is not None else None, "point_rule": r.point_rule,
        "explanation": r.explanation, "guarantee": r.guarantee, "params": r.params,
        "coalitions": r.coalitions,
    }


def feasible(game, rows_text: list[str], nonnegative: bool) -> bool:
    """Exact feasibility (declcoal.solvers.lp, an independent path) of the named
    subset of the core constraints (labels as tighten() names them)."""
    n = game.n
    lp = lpmod.LP(n)
    for m in range(1, (1 << n) - 1):
        lab = "{" + ",".join(game.players[i] for i in range(n) if m >> i & 1) + "}" + f" >= {game.v(m)}"
        if lab in rows_text:
            lp.add([1 if m >> i & 1 else 0 for i in range(n)], ">=", game.v(m))
    if f"{'+'.join(game.players)} = {game.v(game.grand)}" in rows_text:
        lp.add([1] * n, "=", game.v(game.grand))
    for i, p in enumerate(game.players):
        if f"{p} >= 0" in rows_text:
            lp.add([1 if j == i else 0 for j in range(n)], ">=", 0)
    return lpmod.feasible_point(lp) is not None


def check_same(game, family, monkeypatch, **kw):
    fast = tighten(game, family, "exact", **kw)
    slow = general(game, family, monkeypatch, **kw)
    assert fast.lp_calls.get("small_exact", 0) > 0 or fast.status == "inconsistent"
    assert "small_exact" not in slow.lp_calls
    assert summary(fast) == summary(slow), (game.values, family, kw)
    if fast.status == "inconsistent":
        # both name a minimal infeasible subset; where the game has several they may differ
        nn = kw.get("nonnegative", True)
        assert not feasible(game, fast.conflict, nn)
        for c in fast.conflict:
            assert feasible(game, [d for d in fast.conflict if d != c], nn), (fast.conflict, c)
        return fast, slow
    if fast.allocation is not None:
        assert sum(fast.allocation) == game.v(game.grand)
        if fast.status == "ok":
            assert in_core(game, fast.allocation)
    return fast, slow


# ------------------------------------------------------------------ Tick's games
@pytest.mark.parametrize("name", TICK)
@pytest.mark.parametrize("nonnegative", [True, False])
def test_tick_games_every_family(name, nonnegative, monkeypatch):
    """Tick 1995, Table 3 + raiffa: the small path equals the general path exactly."""
    g = tick_game(name)
    for fam in FAMILIES:
        fast, slow = check_same(g, fam, monkeypatch, nonnegative=nonnegative)
        if name == "raiffa":
            assert fast.status == "inconsistent"
            assert fast.conflict == slow.conflict == ["{X,Y} >= 118", "{X,Z} >= 84", "{Y,Z} >= 50", "X+Y+Z = 121"]


def test_tick_cement_values_on_the_small_path():
    """Tick 1995, Table 3 (cement), relative: (35.0, 28.5, 13.5) at the paper's rounding;
    the exact values are those of the general path (docs/tightening.md)."""
    g = tick_game("cement")
    rel = tighten(g, "relative")
    assert rel.lp_calls["small_exact"] >= 1 and rel.guarantee == "exact"
    assert rel.allocation == [F(35), F(371, 13), F(175, 13)]
    assert [round(float(x), 1) for x in rel.allocation] == [35.0, 28.5, 13.5]
    assert tighten(g, "absolute").allocation == [F(103, 3), F(85, 3), F(43, 3)]


@given(st.lists(st.integers(0, 30), min_size=7, max_size=7), st.permutations(range(3)),
       st.sampled_from(FAMILIES))
@settings(max_examples=60, deadline=None)
def test_relabelling_permutes_the_allocation(vals, perm, family):
    """Tick's symmetry (Section 5, axiom 2): renaming the players renames the shares."""
    g = TUGame.from_list(["a", "b", "c"], vals)
    pv = [0] * 8
    for m in range(1, 8):
        pm = sum(1 << perm[i] for i in range(3) if m >> i & 1)
        pv[pm] = vals[m - 1]
    h = TUGame.from_list(["a", "b", "c"], pv[1:])
    r, s = tighten(g, family), tighten(h, family)
    assert r.status == s.status
    if r.allocation is not None:
        assert [s.allocation[perm[i]] for i in range(3)] == r.allocation


@pytest.mark.parametrize("iterations", [1, 2])
def test_iteration_cap(iterations, monkeypatch):
    """The appendix's tick(Data, N, Answer): stopping after N passes, same on both paths."""
    for name in ("cement", "rand1", "rand3", "tweak5"):
        for fam in FAMILIES:
            check_same(tick_game(name), fam, monkeypatch, iterations=iterations)


# ------------------------------------------------------------------ random games
def random_game(rng: random.Random, n: int, kind: str) -> TUGame:
    full = (1 << n) - 1
    if kind == "additive":  # one-point core: x_i = v(i)
        a = [rng.randint(-3, 9) for _ in range(n)]
        vals = [sum(a[i] for i in range(n) if m >> i & 1) for m in range(1, full + 1)]
    elif kind == "core":  # non-empty core around a random point, integer slacks (many ties)
        x = [rng.randint(0, 12) for _ in range(n)]
        vals = [sum(x[i] for i in range(n) if m >> i & 1) - (0 if m == full else rng.randint(0, 3))
                for m in range(1, full + 1)]
    elif kind == "fractions":
        x = [F(rng.randint(0, 40), rng.choice([1, 2, 3, 7])) for _ in range(n)]
        vals = [sum((x[i] for i in range(n) if m >> i & 1), F(0))
                - (0 if m == full else F(rng.randint(0, 9), rng.choice([1, 2, 5]))) for m in range(1, full + 1)]
    elif kind == "zeros":  # relative tightening leaves zero-worth rows free
        vals = [rng.choice([0, 0, 0, 1, 2]) * bin(m).count("1") for m in range(1, full + 1)]
        vals[-1] = max(vals[-1], sum(vals[(1 << i) - 1] for i in range(n)) + rng.randint(0, 4))
    elif kind == "negative":
        vals = [rng.randint(-8, 4) for _ in range(1, full + 1)]
        vals[-1] = rng.randint(-6, 10)
    elif kind == "symmetric":
        w = [0] + [rng.randint(0, 5 * k) for k in range(1, n + 1)]
        vals = [w[bin(m).count("1")] for m in range(1, full + 1)]
    else:  # "any": uniform worths, often an empty core
        vals = [rng.randint(0, 10 * bin(m).count("1")) for m in range(1, full + 1)]
    return TUGame.from_list([f"p{i}" for i in range(n)], vals, name=f"{kind}{n}")


KINDS = ["additive", "core", "fractions", "zeros", "negative", "symmetric", "any"]


@pytest.mark.parametrize("n", [3, 4])
@pytest.mark.parametrize("kind", KINDS)
def test_random_games_equal_the_general_path(n, kind, monkeypatch):
    """Hundreds of random games (7 kinds x 2 sizes x 8 seeds x 3 families x 2 = 672 pairs)."""
    rng = random.Random(f"{n}-{kind}")
    for _ in range(8):
        g = random_game(rng, n, kind)
        for fam in FAMILIES:
            check_same(g, fam, monkeypatch, nonnegative=rng.random() < 0.6)


def test_five_players_on_the_small_path(monkeypatch):
    rng = random.Random(5)
    for kind in ("core", "fractions", "any"):
        g = random_game(rng, 5, kind)
        check_same(g, rng.choice(FAMILIES), monkeypatch)


def test_nonnegativity_conflict_named_on_the_small_path():
    """v(N) < 0 with a non-empty core: X_i >= 0 (Section 2) is what conflicts."""
    g = TUGame.from_list(["A", "B", "C"], [-1, -2, -3, -4, -5, -6, -7])
    r = tighten(g, "relative")
    assert r.status == "inconsistent" and "X_i >= 0" in r.explanation
    assert any(c.endswith(">= 0") for c in r.conflict)
    assert tighten(g, "relative", nonnegative=False).status == "ok"


def test_z3_lp_method_keeps_the_general_path():
    r = tighten(tick_game("cement"), "relative", lp_method="z3")
    assert "small_exact" not in r.lp_calls and r.lp_calls["z3"] >= 1


# ------------------------------------------------------------------ the small simplex
def test_small_lp_against_z3_on_random_lps():
    rng = random.Random(14)
    seen = set()
    for _ in range(400):
        d = rng.randint(1, 5)
        rows = [([rng.choice([-2, -1, 0, 0, 1, 1, 2, F(1, 3)]) for _ in range(d)],
                 rng.choice([">=", ">=", "<=", "="]), F(rng.randint(-6, 6), rng.choice([1, 2, 3])))
                for _ in range(rng.randint(0, 8))]
        if rng.random() < 0.5:
            for k in range(d):
                rows += [([int(i == k) for i in range(d)], ">=", -5), ([int(i == k) for i in range(d)], "<=", 5)]
        c = [rng.choice([-1, 0, 1, 2, F(1, 2)]) for _ in range(d)]
        s = small_lp.solve(d, rows, c)
        lp = lpmod.LP(d)
        for a, se, b in rows:
            lp.add(a, se, b)
        lp.objective(c, maximize=True)
        r = lpmod.solve(lp, "z3")
        assert s.status == r.status
        seen.add(s.status)
        if s.optimal:
            assert s.value == r.value
            assert lp.violated_row(s.x) is None
            # multipliers: c = Σ λ_r a_r, λ_r ≤ 0 on >= rows, ≥ 0 on <= rows, value = Σ λ_r b_r
            for k in range(d):
                assert sum(y * F(a[k]) for y, (a, _, _) in zip(s.duals, rows)) == c[k]
            assert all(y <= 0 for y, (_, se, _) in zip(s.duals, rows) if se == ">=")
            assert all(y >= 0 for y, (_, se, _) in zip(s.duals, rows) if se == "<=")
            assert sum(y * F(b) for y, (_, _, b) in zip(s.duals, rows)) == s.value
        if s.status == small_lp.INFEASIBLE:
            y = s.farkas
            for k in range(d):
                assert sum(u * F(a[k]) for u, (a, _, _) in zip(y, rows)) == 0
            assert sum(u * F(b) for u, (_, _, b) in zip(y, rows)) > 0
    assert seen == {"optimal", "infeasible", "unbounded"}


def test_the_certificate_rejects_a_wrong_answer():
    """max x0 + x1, x0 <= 1, x1 <= 2 (as >= rows): the optimum (1, 2) passes; a wrong
    point, wrong multipliers or a wrong Farkas vector are rejected."""
    A, B, eq, c = [[-1, 0], [0, -1]], [-1, -2], [False, False], [1, 1]
    small_lp._check_optimal(A, B, eq, c, [1, 2], 1, [1, 1])
    with pytest.raises(small_lp.CertificateError):
        small_lp._check_optimal(A, B, eq, c, [1, 3], 1, [1, 1])  # infeasible point
    with pytest.raises(small_lp.CertificateError):
        small_lp._check_optimal(A, B, eq, c, [1, 1], 1, [1, 1])  # feasible, not optimal
    with pytest.raises(small_lp.CertificateError):
        small_lp._check_optimal(A, B, eq, c, [1, 2], 1, [2, 0])  # multipliers do not give c
    with pytest.raises(small_lp.CertificateError):
        small_lp._check_farkas([[1], [-1]], [0, -1], [False, False], [1, 1], 1)  # x >= 0, x <= 1 is feasible
    small_lp._check_farkas([[1], [-1]], [2, -1], [False, False], [1, 1], 1)  # x >= 2, x <= 1 is not
