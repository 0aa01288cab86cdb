"""Differential tests: declcoal's tightening and TU core toolkit against the independent
oracle in ``tests/tick_oracle.py`` (HiGHS + exact rational certificates, written from the
definitions and Tick 1995, Figure 1, without declcoal's concept code)."""
from __future__ import annotations

import random
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import tick_oracle as O
from declcoal.concepts.tu.tightening import tighten
from declcoal.concepts.tu.core import core, least_core, nucleolus
from declcoal.io import load_game
from declcoal.model.tu import TUGame

NAMES = "ABCDE"
TICK = ["cement", "tweak1", "raiffa", "rand1", "rand2", "rand3", "rand4", "rand5", "tweak5"]


def to_game(n, v, name="g"):
    return TUGame.from_list(list(NAMES[:n]), [v[S] for S in range(1, 1 << n)], name=name)


def from_game(g):
    n = g.n
    return n, [F(0)] + [F(g.v(S)) for S in range(1, 1 << n)]


def check_core_toolkit(n, v):
    g = to_game(n, v)
    eps, _ = O.least_core_value(n, v)
    lc = least_core(g)
    assert lc.epsilon == eps
    assert all(sum(lc.point[i] for i in O.members(S, n)) >= v[S] - eps for S in O.proper(n))
    assert sum(lc.point) == v[(1 << n) - 1]
    c = core(g)
    assert c.nonempty == (eps <= 0)
    if c.nonempty:
        assert O.in_core(n, v, list(c.point))
    else:
        weights = {}
        for label, lam in c.balanced:
            mask = sum(1 << NAMES.index(p) for p in label.split())
            weights[mask] = weights.get(mask, 0) + F(lam)
        assert O.check_balanced_certificate(n, v, weights), c.balanced
        assert F(c.balanced_value) == sum(l * v[S] for S, l in weights.items())
    # prenucleolus
    x, _ = O.nucleolus(n, v, pre=True)
    assert list(nucleolus(g, imputations=False).point) == x
    # nucleolus (when the imputation set is non-empty)
    if sum(v[1 << i] for i in range(n)) <= v[(1 << n) - 1]:
        x, _ = O.nucleolus(n, v)
        got = list(nucleolus(g).point)
        assert got == x, (got, x, O.sorted_excesses(n, v, got), O.sorted_excesses(n, v, x))


def check_tightening(n, v, family, nonneg=True):
    g = to_game(n, v)
    want = O.tighten(n, v, family, nonneg=nonneg)
    got = tighten(g, family, "exact", nonnegative=nonneg)
    if want.status == "unbounded":
        assert got.status == "unbounded"
        return want, got
    if want.status == "infeasible":
        assert got.status != "ok"
        assert got.allocation is None or got.conflict
        return want, got
    assert got.status == "ok", (got.status, got.explanation)
    labels = list(got.coalitions)
    masks = [sum(1 << NAMES.index(p) for p in lab.split()) if isinstance(lab, str) else lab
             for lab in labels]
    for mask, k in zip(masks, got.K):
        assert k == want.K[mask], (mask, k, want.K[mask])
    # the trace: the level of every iteration and when each parameter was fixed
    assert [it.level for it in got.trace] == want.levels
    assert list(got.to_dict()["fixed_in_iteration"]) == [want.fixed_at.get(m) for m in masks]
    assert got.dimension == want.dimension
    if want.point is not None:
        assert list(got.allocation) == want.point
    return want, got


# ------------------------------------------------------------ fixed games
@pytest.mark.parametrize("name", TICK)
def test_tick_data_sets(name):
    g = load_game(f"examples/tick/{name}.toml")
    n, v = from_game(g)
    check_core_toolkit(n, v)
    for fam in ("relative", "absolute"):
        check_tightening(n, v, fam)


@pytest.mark.parametrize("estate", [50, 100, 200, 300, 400, 550])
def test_bankruptcy_talmud(estate):
    n, v = O.bankruptcy(estate, [100, 200, 300])
    assert O.nucleolus(n, v)[0] == O.talmud(estate, [100, 200, 300])
    check_core_toolkit(n, v)
    for fam in ("relative", "absolute"):
        check_tightening(n, v, fam)


@pytest.mark.parametrize("game", [O.glove(1, 2), O.glove(2, 2), O.glove(2, 3), O.glove(1, 1),
                                  O.majority(3, 2), O.majority(4, 3), O.majority(5, 3),
                                  O.majority(4, 2), O.majority(3, 3)])
def test_textbook(game):
    n, v = game
    check_core_toolkit(n, v)
    for fam in ("relative", "absolute"):
        check_tightening(n, v, fam)


def test_glove_majority_values():
    n, v = O.glove(1, 2)
    assert O.nucleolus(n, v)[0] == [1, 0, 0]
    n, v = O.majority(3, 2)
    assert O.core_is_empty(n, v)
    assert O.nucleolus(n, v)[0] == [F(1, 3)] * 3


# ------------------------------------------------------------ random games
def random_game(rng, n, kind):
    N = (1 << n) - 1
    v = [F(0)] * (1 << n)
    for S in range(1, 1 << n):
        k = bin(S).count("1")
        if kind == "int":
            v[S] = F(rng.randint(0, 12 * k))
        elif kind == "frac":
            v[S] = F(rng.randint(0, 24 * k), rng.choice([1, 2, 3, 4, 10]))
        elif kind == "neg":
            v[S] = F(rng.randint(-10, 10 * k))
        elif kind == "sparse":  # many zero worths
            v[S] = F(rng.randint(1, 10 * k)) if rng.random() < 0.4 else F(0)
        elif kind == "tied":  # symmetric-ish: worth depends mostly on size
            v[S] = F(3 * k * k + rng.choice([0, 0, 0, 1]))
    if kind != "neg":
        # make v(N) large enough for a non-empty core most of the time, sometimes not
        v[N] = max(v[N], sum(v[1 << i] for i in range(n)) + rng.randint(-5, 20))
    return n, v


KINDS = ["int", "frac", "neg", "sparse", "tied"]


@pytest.mark.parametrize("seed", range(26))
def test_random_core_toolkit(seed):
    rng = random.Random(seed)
    n = rng.choice([2, 3, 3, 4, 4, 5]) if seed % 8 else 5
    n, v = random_game(rng, n, KINDS[seed % len(KINDS)])
    check_core_toolkit(n, v)


@pytest.mark.parametrize("seed", range(30))
def test_random_tightening(seed):
    """Exact relative and absolute tightening: K vector, levels, fixed iterations,
    dimension and point, n = 2..5 (hybrid on every third game)."""
    rng = random.Random(1000 + seed)
    n = rng.choice([2, 3, 3, 4, 4]) if seed % 10 else 5
    n, v = random_game(rng, n, KINDS[seed % len(KINDS)])
    for fam in ("relative", "absolute") + (("hybrid",) if seed % 3 == 0 else ()):
        check_tightening(n, v, fam)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 4).flatmap(
    lambda n: st.lists(st.fractions(min_value=0, max_value=40, max_denominator=4),
                       min_size=2**n - 1, max_size=2**n - 1)))
def test_hypothesis_tightening_and_nucleolus(vals):
    n, v = O.game_from_list(vals)
    check_core_toolkit(n, v)
    for fam in ("relative", "absolute"):
        check_tightening(n, v, fam)


def test_absolute_tightening_is_nucleolus_when_core_nonempty():
    rng = random.Random(7)
    for _ in range(8):
        n, v = random_game(rng, rng.choice([3, 4]), "int")
        if O.core_is_empty(n, v):
            continue
        r = O.tighten(n, v, "absolute")
        assert r.point == O.nucleolus(n, v)[0]


@pytest.mark.parametrize("seed", range(30))
def test_random_tightening_without_nonnegativity(seed):
    """--allow-negative: negative worths; relative rows of worth <= 0 keep K = 0."""
    rng = random.Random(5000 + seed)
    n, v = random_game(rng, rng.choice([2, 3, 3, 4]), "neg")
    for fam in ("relative", "absolute"):
        check_tightening(n, v, fam, nonneg=False)


def test_negative_relative_row_keeps_its_worth():
    """Relative, no X_i >= 0, v(B) = -9: the free row keeps K = 0 (x_B >= -9) in exact
    mode (documented decision).  Faithful mode, like the paper's search, lets K_B rise
    with the level (the bound loosens) and lands elsewhere: the two modes differ here."""
    g = TUGame.from_list(["A", "B", "C"], [3, -9, -2, 6, 5, 2, 9])
    e = tighten(g, "relative", "exact", nonnegative=False)
    assert e.allocation == [F(27, 5), F(-37, 5), F(11)]
    assert e.K[1] == 0 and not e.fixed[1]


# ------------------------------------------------------------ CLI: bad input
BAD_ARGS = [
    ["tighten", "{three}", "--gamma", "foo"],
    ["tighten", "{three}", "--iterations", "x"],
    ["tighten", "{three}", "--iterations", "0"],
    ["tighten", "{three}", "--epsilon", "-1", "--mode", "faithful"],
    ["tighten", "{three}", "--epsilon", "foo"],
    ["tighten", "{three}", "--delta-max", "0", "--mode", "faithful"],
    ["tighten", "{three}", "--lp", "nope"],
    ["tighten", "{wrongsize}"],
    ["core", "{nonnum}"],
    ["least-core", "{malformed}"],
    ["nucleolus", "{nan}"],
    ["nucleolus", "{noimp}"],
    ["core"],
    ["plot", "{four}", "-o", "{tmp}/x.png"],
    ["plot", "{three}", "-o", "{tmp}/no/such/dir/x.png"],
    ["plot", "{three}", "-o", "/proc/declcoal-test.png"],
    ["plot", "{three}", "-o", "{tmp}/x.txt"],
    ["plot", "{three}"],
    ["plot", "{three}", "-o", "{tmp}/x.png", "--gamma", "foo"],
    ["reproduce", "nope"],
]


@pytest.mark.parametrize("argv", BAD_ARGS, ids=lambda a: " ".join(a))
def test_cli_bad_input_one_line_exit_2(argv, tmp_path, capsys):
    from declcoal.cli import main

    files = {
        "three": 'players = ["A","B","C"]\nvalues = [1,1,2,1,2,2,3]\n',
        "four": 'players = ["A","B","C","D"]\nvalues = [1,1,2,1,2,2,3,1,2,2,3,2,3,3,5]\n',
        "wrongsize": 'players = ["A","B"]\nvalues = [1, 2]\n',
        "nonnum": 'players = ["A","B"]\nvalues = [1, "x", 3]\n',
        "malformed": 'players = ["A","B"\nvalues = [1, 2, 3]\n',
        "nan": 'players = ["A","B"]\nvalues = [1, nan, 3]\n',
        "noimp": 'players = ["A","B","C"]\nvalues = [5,5,5,5,5,5,3]\n',
    }
    subst = {"tmp": str(tmp_path)}
    for name, text in files.items():
        p = tmp_path / f"{name}.toml"
        p.write_text(text)
        subst[name] = str(p)
    rc = main([a.format(**subst) for a in argv])
    out, err = capsys.readouterr()
    assert rc == 2, (rc, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("declcoal: error: "), err
    assert "Traceback" not in err and out == ""
    assert not any(p.suffix in (".png", ".tmp") or p.name.startswith(".") for p in tmp_path.iterdir())


# ------------------------------------------------------------ faithful mode
def _faithful_matches(n, v, fam):
    g = to_game(n, v)
    r = tighten(g, fam, "faithful")
    if r.status == "inconsistent":
        return
    want = O.tighten_faithful(n, v, fam)
    got = [(list(it.K), list(it.fixed)) for it in r.trace]
    assert got == want


@pytest.mark.parametrize("name", ["cement", "tweak1", "rand1", "rand2"])
def test_faithful_phases_match_the_appendix_program(name):
    """Phases I-II of faithful mode step by step (K vector and fixed flags after every
    iteration) against an independent transcription of go1/search1/update/restrict1."""
    n, v = from_game(load_game(f"examples/tick/{name}.toml"))
    for fam in ("relative", "absolute"):
        _faithful_matches(n, v, fam)


@pytest.mark.parametrize("seed", range(4))
def test_faithful_random(seed):
    rng = random.Random(300 + seed)
    n, v = random_game(rng, rng.choice([2, 3]), KINDS[seed % len(KINDS)])
    for fam in ("relative", "absolute", "hybrid"):
        _faithful_matches(n, v, fam)


def test_nonnegativity_conflict_is_named():
    """v(N) < 0 with a non-empty core: it is X_i >= 0 (Section 2), not the core, that fails."""
    g = TUGame.from_list(["A", "B", "C"], [-1, -2, -3, -4, -5, -6, -7])
    assert core(g).nonempty
    r = tighten(g, "relative")
    assert r.status == "inconsistent" and "X_i >= 0" in r.explanation
    assert tighten(g, "relative", nonnegative=False).status == "ok"
    raiffa = load_game("examples/tick/raiffa.toml")
    assert "X_i >= 0" not in tighten(raiffa, "relative").explanation


def test_documented_scope_of_the_nucleolus_relations():
    """docs/tightening.md: absolute tightening = nucleolus needs X_i >= 0 inactive;
    relative tightening = proportional nucleolus needs every v({i}) > 0."""
    from declcoal.concepts.tu.core import proportional_nucleolus

    g = TUGame.from_list(list("ABCD"), [-10, -3, -8, -10, 5, 9, 11, -9, -5, -9, 15, -2, 5, 6, 15])
    assert tighten(g, "absolute").allocation == [F(11, 2), F(19, 2), 0, 0]
    assert list(nucleolus(g).point) == [F(19, 3), F(29, 3), F(-1, 3), F(-2, 3)]
    assert tighten(g, "absolute", nonnegative=False).allocation == list(nucleolus(g).point)
    g = TUGame.from_list(list("ABC"), [7, -6, 8, 3, -4, -9, 15])
    assert tighten(g, "relative").allocation == [F(120, 11), 0, F(45, 11)]
    assert list(proportional_nucleolus(g).point) == [F(186, 11), -6, F(45, 11)]
