"""Differential tests of the query back ends against oracles written here (issue 12).

* an independent exact vertex oracle: every n-subset of the region's rows (all
  coalition rows, the efficiency equality, the user's rows) solved by Fraction
  Gaussian elimination written below, kept when feasible — brute force, no
  elimination, no redundancy removal, no LP;
* ranges and optima against the oracle's vertices (a bounded polytope attains its
  optimum at a vertex) and against a float LP (scipy, tolerance) for n up to 6;
* ``member`` against the concept functions (in_core, least_core, imputations);
* the exported SMT-LIB run by z3's own SMT-LIB front end, the exported ASP run by
  clingo, against the in-process answers;
* CRG stability queries against the core computation of concepts.crg (Prop. 3).
"""
from __future__ import annotations

import random
import re
from fractions import Fraction as F
from itertools import combinations

import numpy as np
import pytest
from scipy.optimize import linprog

import declcoal
from declcoal.model.coalition import members
from declcoal.model.tu import TUGame
from declcoal.query.export import run_smt2

NAMES = "ABCDEFGH"


# ------------------------------------------------------------------ oracles
def _gauss(A, b):
    """Unique solution of A z = b (square, Fractions) or None."""
    n = len(A)
    M = [list(map(F, r)) + [F(v)] for r, v in zip(A, b)]
    for c in range(n):
        p = next((r for r in range(c, n) if M[r][c] != 0), None)
        if p is None:
            return None
        M[c], M[p] = M[p], M[c]
        for r in range(n):
            if r != c and M[r][c] != 0:
                f = M[r][c] / M[c][c]
                M[r] = [a - f * b for a, b in zip(M[r], M[c])]
    return [M[i][n] / M[i][i] for i in range(n)]


def core_rows(game: TUGame, shift=F(0)):
    """(a, op, b) rows of the ε-core: x(N) = v(N), x(S) >= v(S) - shift."""
    n = game.n
    rows = [([1] * n, "=", game.v(game.grand))]
    for m in range(1, (1 << n) - 1):
        rows.append(([1 if m >> i & 1 else 0 for i in range(n)], ">=", game.v(m) - shift))
    return rows


def _ok(rows, x):
    for a, op, b in rows:
        s = sum(F(c) * v for c, v in zip(a, x))
        if (op == "=" and s != b) or (op == ">=" and s < b) or (op == "<=" and s > b):
            return False
    return True


def oracle_vertices(rows, n):
    """Every point fixed by n linearly independent rows (equalities always among them)."""
    eqs = [r for r in rows if r[1] == "="]
    ineq = [r for r in rows if r[1] != "="]
    pts = set()
    for sub in combinations(ineq, n - len(eqs)):
        chosen = eqs + list(sub)
        # the rows are integer vectors: an integer determinant below 1/2 in float is 0
        if abs(np.linalg.det(np.array([[float(v) for v in a] for a, _, _ in chosen]))) < 0.5:
            continue
        x = _gauss([a for a, _, _ in chosen], [b for _, _, b in chosen])
        if x is not None and _ok(rows, x):
            pts.add(tuple(x))
    return sorted(pts)


def float_lp(rows, n, c, maximize):
    A_ub, b_ub, A_eq, b_eq = [], [], [], []
    for a, op, b in rows:
        if op == "=":
            A_eq.append([float(v) for v in a])
            b_eq.append(float(b))
        else:
            s = -1.0 if op == ">=" else 1.0
            A_ub.append([s * float(v) for v in a])
            b_ub.append(s * float(b))
    cc = np.array([float(v) for v in c]) * (-1 if maximize else 1)
    res = linprog(cc, A_ub=A_ub or None, b_ub=b_ub or None, A_eq=A_eq or None, b_eq=b_eq or None,
                  bounds=[(None, None)] * n, method="highs")
    return None if res.status == 2 else (-res.fun if maximize else res.fun)


def random_game(rng: random.Random, n: int, nonempty_bias: bool = True) -> TUGame:
    """Integer worths; half of the games are built around an allocation w (core non-empty)."""
    w = [rng.randint(0, 20) for _ in range(n)]
    full = (1 << n) - 1
    vals = []
    for m in range(1, full + 1):
        base = sum(w[i] for i in members(m))
        if m == full:
            vals.append(base)
        elif nonempty_bias and rng.random() < 0.5:
            vals.append(base - rng.randint(0, 12))
        else:
            vals.append(base + rng.randint(-12, 4))
    return TUGame.from_list(list(NAMES[:n]), vals, name="random")


def pt(x) -> str:
    return "[" + ", ".join(f"{v.numerator}/{v.denominator}" for v in map(F, x)) + "]"


GAMES = [random_game(random.Random(seed), 2 + seed % 3) for seed in range(240)]


# ------------------------------------------------------------------ vertices, ranges, optima
@pytest.mark.parametrize("k", range(0, 240, 3))
def test_vertices_and_ranges_against_the_oracle(k):
    game = GAMES[k]
    n = game.n
    q = declcoal.query(game)
    rows = core_rows(game)
    verts = oracle_vertices(rows, n)
    v = q.run("vertices subject to core")
    if not verts:
        assert v.status == "infeasible" and v.conflict
        assert declcoal.core(game).nonempty is False
        return
    assert [tuple(p) for p in v.vertices] == verts
    i = k % n
    r = q.run(f"range x[{NAMES[i]}] subject to core")
    lo, hi = min(p[i] for p in verts), max(p[i] for p in verts)
    assert (r.lower["value"], r.upper["value"]) == (lo, hi)
    assert r.lower["point"][i] == lo and _ok(rows, r.lower["point"])
    # a random linear objective, against the oracle vertices and a float LP
    rng = random.Random(k)
    c = [rng.randint(-3, 3) for _ in range(n)]
    expr = " + ".join(f"({ci}) * x[{NAMES[j]}]" for j, ci in enumerate(c))
    a = q.run(f"maximize {expr} subject to core")
    best = max(sum(ci * xi for ci, xi in zip(c, p)) for p in verts)
    assert a.value == best and a.attained
    assert abs(float_lp(rows, n, c, True) - float(best)) < 1e-6


@pytest.mark.parametrize("k", range(1, 240, 4))
def test_user_constraints_and_eps_core_against_the_oracle(k):
    game = GAMES[k]
    n = game.n
    rng = random.Random(1000 + k)
    eps = F(rng.randint(-4, 6), rng.randint(1, 3))
    extra = ([1 if j == 0 else (-1 if j == 1 else 0) for j in range(n)], "<=", F(rng.randint(-5, 5)))
    rows = core_rows(game, eps) + [extra]
    verts = oracle_vertices(rows, n)
    q = declcoal.query(game)
    text = f"eps_core({eps.numerator}/{eps.denominator}), x[A] - x[B] <= {extra[2]}"
    v = q.run(f"vertices subject to {text}")
    if not verts:
        assert v.status == "infeasible"
        return
    assert [tuple(p) for p in v.vertices] == verts
    a = q.run(f"minimize x[B] subject to {text}")
    assert a.value == min(p[1] for p in verts)


def test_random_games_cover_both_answers():
    empty = sum(1 for g in GAMES[::2] if not declcoal.core(g).nonempty)
    assert 10 < empty < 110  # the sample exercises empty and non-empty cores


@pytest.mark.parametrize("seed", range(12))
def test_six_players_against_a_float_lp(seed):
    """Lazy rows at n = 6 (63 coalitions): exact optimum vs HiGHS on all rows."""
    game = random_game(random.Random(500 + seed), 6)
    q = declcoal.query(game)
    rows = core_rows(game)
    c = [random.Random(seed).randint(-2, 3) for _ in range(6)]
    expr = " + ".join(f"({ci}) * x[{NAMES[j]}]" for j, ci in enumerate(c))
    a = q.run(f"maximize {expr} subject to core")
    ref = float_lp(rows, 6, c, True)
    if a.status == "infeasible":
        assert ref is None
    else:
        assert abs(float(a.value) - ref) < 1e-6
        assert declcoal.in_core(game, a.point)


# ------------------------------------------------------------------ member vs concept functions
@pytest.mark.parametrize("k", range(0, 240, 3))
def test_member_against_concept_functions(k):
    game = GAMES[k]
    n = game.n
    rng = random.Random(77 + k)
    q = declcoal.query(game)
    vN = game.v(game.grand)
    for _ in range(3):
        x = [F(rng.randint(-5, 25)) for _ in range(n - 1)]
        x.append(vN - sum(x))
        if rng.random() < 0.3:
            x[0] += 1  # not efficient
        m = q.run(f"member {pt(x)} subject to core")
        assert (m.status == "member") == declcoal.in_core(game, x)
        assert (m.status == "member") == (not m.failing)
        imp = q.run(f"member {pt(x)} subject to imputation")
        assert (imp.status == "member") == (sum(x) == vN and all(x[i] >= game.v(1 << i) for i in range(n)))
        lc = declcoal.least_core(game)
        m2 = q.run(f"member {pt(x)} subject to least_core")
        assert (m2.status == "member") == declcoal.in_core(game, x, lc.epsilon)
    # the concept's own points are members
    lc = declcoal.least_core(game)
    assert q.run(f"member {pt(lc.point)} subject to least_core").status == "member"
    nuc = declcoal.nucleolus(game, imputations=False)
    assert q.run(f"member {pt(nuc.point)} subject to least_core").status == "member"


# ------------------------------------------------------------------ exports run by plain solvers
def _smt_value(text: str) -> F:
    """A value printed by z3: 18, 18.0, (/ 43.0 3.0), (- 5.0), (- (/ 1.0 2.0))."""
    text = text.strip()
    if text.startswith("(- "):
        return -_smt_value(text[3:-1])
    if text.startswith("(/ "):
        a, b = text[3:-1].split()
        return F(a) / F(b)
    return F(text)


def _objectives(out: str) -> list[F]:
    block = out.split("(objectives", 1)[1]
    vals = []
    for line in block.splitlines()[1:]:
        line = line.strip()
        if line == ")":
            break
        vals.append(_smt_value(line[1:-1].split(" ", 1)[1]))
    return vals


@pytest.mark.parametrize("k", range(0, 240, 8))
def test_exported_smt2_runs_in_z3_and_agrees(k):
    game = GAMES[k]
    q = declcoal.query(game)
    stmt = declcoal.query.parse("range x[A] subject to core")
    ans = q.execute(stmt)
    out = run_smt2(q.smt2(stmt))
    if ans.status == "infeasible":
        assert out.startswith("unsat")
        core = out.split("\n", 1)[1].strip().strip("()").split()
        assert len(core) >= 2 and all(c.startswith("core_") for c in core)
        return
    assert out.startswith("sat")
    assert sorted(_objectives(out)) == sorted([ans.lower["value"], ans.upper["value"]])


def test_exported_concepts_run_in_z3():
    from declcoal.query.export import tu_concept_smt2

    for game in GAMES[:16]:
        if game.n < 2:
            continue
        out = run_smt2(tu_concept_smt2(game, "least-core"))
        assert _objectives(out) == [declcoal.least_core(game).epsilon]
        core_out = run_smt2(tu_concept_smt2(game, "core"))
        assert core_out.startswith("sat") == declcoal.core(game).nonempty


# ------------------------------------------------------------------ CRG: clingo exports and the core
def _crg_games():
    from declcoal.model.crg import random_game as crg_random

    out = []
    for seed in range(30):
        rng = random.Random(seed)
        out.append(crg_random(rng, rng.randint(2, 3), rng.randint(1, 3), rng.randint(1, 2), max_en=2, max_req=2))
    return out


CRGS = _crg_games()


def _clingo_count(program: str) -> int:
    import clingo

    ctl = clingo.Control(["0", "--project", "--warn=none"])
    ctl.add("base", [], program)
    ctl.ground([("base", [])])
    n = [0]
    ctl.solve(on_model=lambda m: n.__setitem__(0, n[0] + 1))
    return n[0]


@pytest.mark.parametrize("k", range(30))
def test_crg_stable_query_matches_the_core_and_the_export(k):
    from declcoal.concepts.crg.core import brute_core, is_stable

    game = CRGS[k]
    q = declcoal.query(game)
    a = q.run("find subject to stable")
    nonempty = declcoal.core_nonempty(game).nonempty
    assert (a.status == "found") == nonempty  # Prop. 3: some stable σ iff a stable grand-coalition σ
    if a.status == "found":
        assert is_stable(game, a.structures[0].coops)
    # the exported program, run by clingo, counts the same stable structures
    stmt = declcoal.query.parse("count subject to stable")
    cnt = q.execute(stmt).count
    program = q.program(list(stmt.items), ("count", None), query="count subject to stable")
    assert _clingo_count(program) == cnt
    if game.n <= 2 and game.t == 1:
        # brute force over grand-coalition structures agrees on existence
        assert bool(brute_core(game, all_structures=True)) == (cnt > 0)


@pytest.mark.parametrize("k", range(0, 30, 3))
def test_crg_conditions_against_enumeration(k):
    """together/achieved/satisfied/cost against the structures 'all' lists."""
    game = CRGS[k]
    q = declcoal.query(game)
    everything = q.run("all")
    if not everything.complete:
        pytest.skip("too many structures to list")
    a1 = game.agents[0]
    g1 = game.goals[0]
    def holds(s):
        ach = 0
        for lam in s.coops:
            ach |= lam.goals
        c1 = sum(lam.cost(0) for lam in s.coops if lam.coalition & 1)
        return ach & 1 and c1 <= 1
    want = sum(1 for s in everything.structures if holds(s))
    got = q.run(f"count subject to achieved({g1}), cost({a1}) <= 1").count
    assert got == want


def test_exported_non_convex_smt2_agrees():
    """Ray & Vohra Example 6: a disjunctive region exported and run by z3."""
    from conftest import EXAMPLES
    from declcoal.io import load_game

    q = declcoal.query(load_game(EXAMPLES / "ray-vohra" / "example6.toml"))
    stmt = declcoal.query.parse("range x[P3] subject to unblocked_efficient")
    out = run_smt2(q.smt2(stmt))
    assert out.startswith("sat") and sorted(_objectives(out)) == [0, F(3, 5)]
    stmt = declcoal.query.parse("unblocked_efficient, x[P1] <= 1/5, x[P2] <= 1/5")
    out = run_smt2(q.smt2(stmt))
    assert out.startswith("unsat")
    # the threat of {1,2} is what rules the point out
    assert q.execute(stmt).conflict == ["unblocked_efficient: not blocked by (P1 P2; 2/5, 2/5)", "x[P1] <= 1/5",
                                        "x[P2] <= 1/5"]


@pytest.mark.parametrize("k", range(0, 240, 12))
def test_tightened_region_contains_ticks_allocation(k):
    """Tick's tightened allocation (concepts.tu.tightening, exact mode) is a member of the
    final tightened region and of the core; each iteration's region contains the next."""
    game = GAMES[k]
    if game.n < 2:
        return
    t = declcoal.tighten(game, "relative")
    q = declcoal.query(game)
    if t.status == "inconsistent":
        assert q.run("find subject to core, nonnegative").status == "infeasible"
        return
    assert q.run(f"member {pt(t.allocation)} subject to tightened").status == "member"
    assert q.run(f"member {pt(t.allocation)} subject to core").status == "member"
    for it in range(1, len(t.trace)):
        v = q.run(f"vertices subject to tightened({it + 1})")
        for x in v.vertices:
            assert q.run(f"member {pt(x)} subject to tightened({it})").status == "member"


@pytest.mark.parametrize("k", range(0, 30, 2))
def test_crg_stable_and_unstable_partition_the_structures(k):
    """count(stable) + count(not stable) = count, and each shown blocker blocks its σ."""
    from declcoal.model.crg import blocks

    game = CRGS[k]
    q = declcoal.query(game)
    total = q.run("count").count
    if total > 3000:
        pytest.skip("too many structures to count quickly")
    assert q.run("count subject to stable").count + q.run("count subject to not stable").count == total
    a = q.run("find subject to not stable")
    if a.status == "found":
        s = a.structures[0]
        assert s.blocker is not None and blocks(game, s.blocker, s.coops)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(1))
def test_five_player_vertices_against_the_oracle(seed):
    """n = 5: the batched float screen and the exact confirmation against brute force."""
    game = random_game(random.Random(900 + seed), 5)
    verts = oracle_vertices(core_rows(game), 5)
    v = declcoal.query(game).run("vertices subject to core")
    if not verts:
        assert v.status == "infeasible"
    else:
        assert [tuple(p) for p in v.vertices] == verts
