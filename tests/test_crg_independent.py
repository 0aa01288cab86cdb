"""Independent verification of declcoal's CRG concepts against tests/crg_oracle.py.

The oracle was written from Dunne et al. (2010) §3-§4 and §5.6 before reading
declcoal's concept code; these tests compare declcoal's public API (docs/crg.md),
the ASP encodings run as plain clingo programs, and the CLI's handling of bad input
with it on random tiny games and on the paper's Examples 1-5.
"""
from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crg_oracle import (
    Game,
    Oracle,
    blocks,
    cooperation_structures,
    feas,
    prefers,
    random_game,
    random_sigma,
    sf,
    sigma0,
    sigma_to_lp,
    subsets,
    successful_coalitions as oracle_successful,
    utility as oracle_utility,
)
from declcoal.concepts.crg.core import (
    core_nonempty,
    find_blocker,
    strongly_nonempty,
    top_cooperation_structure,
    weak_core,
)
from declcoal.concepts.crg.success import success_table, successful_coalitions
from declcoal.errors import UnsupportedError
from declcoal.io import load_game
from declcoal.io.crg import read_sigma
from declcoal.model import crg as model
from declcoal.model.coalition import members

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "examples" / "crg"
ENC = ROOT / "encodings" / "crg"


# ------------------------------------------------------------------ helpers
def to_dc(game: Game, tmp_path: Path, name: str = "g.lp"):
    p = tmp_path / name
    p.write_text(game.to_lp())
    return load_game(p), p


def sigma_dc(g, sigma, tmp_path: Path, name: str = "s.lp"):
    p = tmp_path / name
    p.write_text(sigma_to_lp(sigma))
    return read_sigma(g, p), p


def to_oracle(g, lam):
    C = frozenset(g.agents[i] for i in members(lam.coalition))
    Gp = frozenset(g.goals[j] for j in members(lam.goals))
    xi = {g.agents[i]: {g.resources[r]: lam.xi[i][r] for r in range(g.t)} for i in members(lam.coalition)}
    return (C, Gp, xi)


def canon(lam):
    C, Gp, xi = lam
    return (C, Gp, tuple(sorted((a, r, v) for a in C for r, v in xi.get(a, {}).items() if v)))


def mask(names, pool):
    return sum(1 << pool.index(x) for x in names)


def games(seed: int, n: int, **kw):
    rng = random.Random(seed)
    return [(rng, random_game(rng, **kw)) for _ in range(n)]


def paper(agents, goals, res, wants, en, req):
    return Game(agents, goals, res, {a: frozenset(w) for a, w in wants.items()}, en, req)


EX1 = paper(["a1", "a2", "a3"], ["g1", "g2"], ["r1", "r2"],
            {"a1": ["g1"], "a2": ["g2"], "a3": ["g1", "g2"]},
            {("a1", "r1"): 2, ("a2", "r2"): 1, ("a3", "r1"): 1, ("a3", "r2"): 2},
            {("g1", "r1"): 3, ("g1", "r2"): 2, ("g2", "r1"): 2, ("g2", "r2"): 1})
EX4 = paper(["a1", "a2"], ["g"], ["r1", "r2"], {"a1": ["g"], "a2": ["g"]},
            {("a1", "r1"): 1, ("a2", "r2"): 1}, {("g", "r1"): 1, ("g", "r2"): 1})
EX5 = paper(["a1", "a2"], ["g1", "g2"], ["r1", "r2"], {"a1": ["g1"], "a2": ["g2"]},
            {("a1", "r1"): 1, ("a2", "r2"): 1}, {("g1", "r2"): 1, ("g2", "r1"): 1})


# ------------------------------------------------------------------ the oracle on the paper
def test_oracle_reproduces_table1_and_examples_4_5():
    # Table 1 (a1 = bit 0 numbering): only {a1,a3} is successful, sf = {{g1}}
    assert oracle_successful(EX1) == {frozenset({"a1", "a3"})}
    assert sf(EX1, {"a1", "a3"}) == {frozenset({"g1"})}
    assert {s for s in feas(EX1, {"a1", "a2", "a3"}) if s} == {frozenset({"g1"}), frozenset({"g2"})}
    assert {s for s in feas(EX1, {"a1", "a2"}) if s} == {frozenset({"g2"})}
    tops = Oracle(EX4).top_structures()
    assert [canon(t) for t in tops] == [(frozenset({"a1", "a2"}), frozenset({"g"}), (("a1", "r1", 1), ("a2", "r2", 1)))]
    assert Oracle(EX5).top_structures() == []


# ------------------------------------------------------------------ the paper's example files
def test_example_files_match_the_paper(tmp_path):
    for name, game in (("example1", EX1), ("example4", EX4), ("example5", EX5)):
        g = load_game(EX / f"{name}.lp")
        assert g.agents == tuple(game.agents) and g.goals == tuple(game.goals)
        for i, a in enumerate(game.agents):
            assert g.wants[i] == mask(game.wants[a], game.goals)
            assert list(g.en[i]) == [game.e(a, r) for r in game.resources]
        for j, q in enumerate(game.goals):
            assert list(g.req[j]) == [game.q(q, r) for r in game.resources]


def test_example1_table1_through_declcoal():
    g = load_game(EX / "example1.lp")
    for method in ("python", "asp"):
        rows = {r.coalition: r for r in success_table(g, method).rows}
        for C in subsets(EX1.agents):
            if not C:
                continue
            row = rows[mask(C, EX1.agents)]
            assert sorted(row.sf) == sorted(mask(s, EX1.goals) for s in sf(EX1, C))
            assert sorted(row.feasible) == sorted(mask(s, EX1.goals) for s in feas(EX1, C) if s)


def test_example2_paper_blockers_and_empty_core():
    g = load_game(EX / "example2.lp")
    assert not core_nonempty(g, "cegar").nonempty
    assert not core_nonempty(g, "saturation").nonempty
    assert not weak_core(g).stable
    # case 3: {a1,a2} achieve {g1,g2}; (a) a1 pays >= 4 of r1, (b) a2 does
    a1, a2, a3, a4 = range(4)
    G = g.goal_mask(["g1", "g2"])
    for pay1, pay2, blocker in (
        ((4, 1, 0), (4, 0, 1), None),
        ((8, 1, 0), (0, 0, 1), "a"),
        ((0, 1, 0), (8, 0, 1), "b"),
    ):
        lam = model.make_coop(g, g.agent_mask(["a1", "a2"]), G, {a1: pay1, a2: pay2})
        rest = model.make_coop(g, g.agent_mask(["a3", "a4"]), 0)
        sigma = (lam, rest)
        res = find_blocker(g, sigma, "flow")
        assert not res.stable
        if blocker == "a":  # the paper's ⟨{a1,a3}, {g1,g3}, ξ⟩ with ξ1,2 = 1, ξ3,1 = 8, ξ3,3 = 1
            lam_p = model.make_coop(g, g.agent_mask(["a1", "a3"]), g.goal_mask(["g1", "g3"]), {a1: (0, 1, 0), a3: (8, 0, 1)})
            assert model.blocks(g, lam_p, sigma)
        if blocker == "b":  # ⟨{a2,a3,a4}, {g2,g3,g4}, ξ⟩: ξ2,3 = 1, ξ3,1 = 8, ξ3,3 = 1, ξ4,2 = 2, ξ4,1 = 4
            lam_p = model.make_coop(g, g.agent_mask(["a2", "a3", "a4"]), g.goal_mask(["g2", "g3", "g4"]),
                                    {a2: (0, 0, 1), a3: (8, 0, 1), a4: (4, 2, 0)})
            assert model.blocks(g, lam_p, sigma)


def test_example3_fig1_blocker():
    g = load_game(EX / "example3.lp")
    sigma = read_sigma(g, EX / "example3_sigma.lp")
    res = find_blocker(g, sigma, "flow", keep_networks=True)
    lam = to_oracle(g, res.blocker)
    assert canon(lam) == (frozenset({"a2", "a3"}), frozenset({"g2", "g3"}),
                          (("a2", "r2", 2), ("a3", "r3", 6), ("a3", "r4", 3)))
    assert res.networks[-1].value == 11


def test_examples_4_5_top():
    t4 = top_cooperation_structure(load_game(EX / "example4.lp"))
    assert t4.top is not None
    assert top_cooperation_structure(load_game(EX / "example5.lp")).top is None


# ------------------------------------------------------------------ random differential tests
@pytest.mark.parametrize("seed", [11, 12])
def test_success_sets_random(tmp_path, seed):
    for _, game in games(seed, 25):
        g, _ = to_dc(game, tmp_path)
        exp_succ = sorted(mask(C, game.agents) for C in oracle_successful(game))
        for method in ("python", "asp"):
            assert successful_coalitions(g, method) == exp_succ
            for row in success_table(g, method).rows:
                C = [game.agents[i] for i in members(row.coalition)]
                if not C:  # Table 1 writes sf(∅) = ∅; the literal definition gives {∅}
                    assert row.sf == []
                    continue
                assert sorted(row.sf) == sorted(mask(s, game.goals) for s in sf(game, C))
                assert sorted(row.feasible) == sorted(mask(s, game.goals) for s in feas(game, C) if s)


@pytest.mark.parametrize("seed,kw", [(21, {}), (22, {"n_agents": 3, "n_goals": 3}), (23, {"n_agents": 4, "emax": 1})])
def test_blocking_random(tmp_path, seed, kw):
    for rng, game in games(seed, 35, **kw):
        o = Oracle(game)
        g, _ = to_dc(game, tmp_path)
        # σ0, random σ (mostly blocked) and grand structures the oracle finds stable
        stable = [[lam] for lam in cooperation_structures(game, frozenset(game.agents)) if o.in_core([lam])]
        rng.shuffle(stable)
        for sigma in [sigma0(game)] + [random_sigma(rng, game) for _ in range(4)] + stable[:2]:
            s, _ = sigma_dc(g, sigma, tmp_path)
            expected = o.in_core(sigma)
            for method in ("flow", "asp", "csp"):
                try:
                    res = find_blocker(g, s, method)
                except UnsupportedError:  # brute force refuses large games
                    continue
                assert res.stable == expected, (game, sigma, method, res.blocker)
                if res.blocker is not None:
                    assert blocks(game, to_oracle(g, res.blocker), sigma)


@pytest.mark.parametrize("seed,kw", [(31, {}), (32, {"n_agents": 3, "n_goals": 3}), (33, {"n_agents": 4, "emax": 1})])
def test_core_random(tmp_path, seed, kw):
    for _, game in games(seed, 30, **kw):
        o = Oracle(game)
        summary = o.core_summary()  # over ALL coalition structures
        assert summary["nonempty"] == summary["grand_nonempty"]  # Prop. 3
        assert not summary["prop5_violation"]  # Prop. 5
        assert summary["weak"] == (not oracle_successful(game))  # Prop. 7 (σ0 ~ "nobody pays, nobody satisfied")
        g, _ = to_dc(game, tmp_path)
        for method in ("cegar", "saturation", "brute"):
            try:
                res = core_nonempty(g, method)
            except UnsupportedError:
                continue
            assert res.nonempty == summary["nonempty"], (game, method)
            if res.witness is not None:
                assert o.in_core([to_oracle(g, lam) for lam in res.witness])
        assert weak_core(g).stable == summary["weak"]
        assert weak_core(g, "asp").stable == summary["weak"]
        for method in ("cegar", "saturation"):
            assert strongly_nonempty(g, method) == summary["strong"]


@pytest.mark.parametrize("seed,kw", [(41, {}), (42, {"n_agents": 2, "emax": 2})])
def test_top_random(tmp_path, seed, kw):
    for _, game in games(seed, 25, **kw):
        tops = [canon(t) for t in Oracle(game).top_structures()]
        assert len(tops) <= 1  # Prop. 21 (2)
        g, _ = to_dc(game, tmp_path)
        for method in ("asp", "brute"):
            try:
                res = top_cooperation_structure(g, method)
            except UnsupportedError:
                continue
            got = [] if res.top is None else [canon(to_oracle(g, res.top))]
            assert got == tops, (game, method)
        if tops:
            assert tops[0][0] == frozenset(game.agents)  # Prop. 21 (1)


def test_preferences_and_utility_random(tmp_path):
    """prefers() is §3.3; utility() is the paper's u_i (which may disagree, docs/crg.md)."""
    rng = random.Random(51)
    for _ in range(15):
        game = random_game(rng)
        g, _ = to_dc(game, tmp_path)
        lams = [random_sigma(rng, game)[0] for _ in range(12)]
        for lam1 in lams:
            for lam2 in lams:
                for a in game.agents:
                    if a not in lam1[0] or a not in lam2[0]:
                        continue
                    i = game.agents.index(a)
                    d1 = model.make_coop(g, mask(lam1[0], game.agents), mask(lam1[1], game.goals),
                                         {game.agents.index(b): [lam1[2][b].get(r, 0) for r in game.resources] for b in lam1[0]})
                    d2 = model.make_coop(g, mask(lam2[0], game.agents), mask(lam2[1], game.goals),
                                         {game.agents.index(b): [lam2[2][b].get(r, 0) for r in game.resources] for b in lam2[0]})
                    assert model.prefers(g, i, d1, d2) == prefers(game, a, lam1, lam2)
                    assert model.utility(g, i, d1) == oracle_utility(game, a, lam1)


# ------------------------------------------------------------------ plain clingo, as a user runs it
def clingo(*files, args=()):
    out = subprocess.run([sys.executable, "-m", "clingo", *args, *map(str, files)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode in (0, 10, 20, 30), out.stderr  # python -m clingo exits 0
    return out.stdout


def sat(out: str) -> bool:
    assert ("UNSATISFIABLE" in out) != ("\nSATISFIABLE" in out or out.startswith("SATISFIABLE")), out
    return "UNSATISFIABLE" not in out


def test_plain_clingo_random(tmp_path):
    rng = random.Random(61)
    for k in range(6):
        game = random_game(rng)
        o = Oracle(game)
        summary = o.core_summary()
        gp = tmp_path / f"g{k}.lp"
        gp.write_text(game.to_lp())
        assert sat(clingo(ENC / "core_nonempty.lp", gp)) == summary["nonempty"]
        assert sat(clingo(ENC / "strong.lp", gp)) == summary["strong"]
        assert sat(clingo(ENC / "weak.lp", gp)) == (not summary["weak"])
        out = clingo(ENC / "successful.lp", gp, args=("0", "--project"))
        found = {frozenset(re.findall(r"coalition\((\w+)\)", m)) for m in out.split("Answer:")[1:]}
        assert found == oracle_successful(game)
        for j in range(3):
            sigma = random_sigma(rng, game)
            sp = tmp_path / f"s{k}_{j}.lp"
            sp.write_text(sigma_to_lp(sigma))
            stable = o.in_core(sigma)
            assert sat(clingo(ENC / "core_member.lp", gp, sp)) == stable
            assert sat(clingo(ENC / "block.lp", gp, sp)) == (not stable)


def test_plain_clingo_paper_examples():
    assert not sat(clingo(ENC / "core_nonempty.lp", EX / "example2.lp"))
    assert not sat(clingo(ENC / "core_member.lp", EX / "example3.lp", EX / "example3_sigma.lp"))
    assert sat(clingo(ENC / "block.lp", EX / "example3.lp", EX / "example3_sigma.lp"))
    assert sat(clingo(ENC / "block.lp", EX / "example2.lp", EX / "example2_sigma_g1g2.lp"))
    for ex, nonempty in (("example4", True), ("example5", True)):
        assert sat(clingo(ENC / "core_nonempty.lp", EX / f"{ex}.lp")) == nonempty


# ------------------------------------------------------------------ bad input through the CLI
EX3 = EX / "example3.lp"
GOOD = "agent(a1;a2).\ngoal(g1).\nresource(r1).\nwants(a1,g1).\nen(a1,r1,2).\nreq(g1,r1,1).\n"
BAD_GAMES = [
    ("nodot.lp", GOOD.replace("req(g1,r1,1).", "req(g1,r1,1)")),
    ("unkgoal.lp", GOOD.replace("wants(a1,g1)", "wants(a1,g9)")),
    ("unkagent.lp", GOOD.replace("en(a1,r1,2)", "en(a7,r1,2)")),
    ("neg.lp", GOOD.replace("en(a1,r1,2)", "en(a1,r1,-2)")),
    ("frac.lp", GOOD.replace("en(a1,r1,2)", "en(a1,r1,1.5)")),
    ("noreq.lp", GOOD.replace("goal(g1).", "goal(g1;g2).")),
    ("zeroreq.lp", GOOD.replace("req(g1,r1,1)", "req(g1,r1,0)")),
    ("dup.lp", GOOD + "en(a1,r1,3).\n"),
    ("typo.lp", GOOD + "wnats(a1,g1).\n"),
    ("clash.lp", GOOD + "goal(a1).\n"),
    ("empty.lp", ""),
    ("rule.lp", GOOD + "x :- agent(a1).\n"),
    ("keyword.lp", GOOD.replace("agent(a1;a2)", "agent(a1;not)")),  # clingo cannot parse `not`
    ("t_str.toml", 'kind = "crg"\nagents = ["a1"]\ngoals = ["g1"]\nresources = ["r1"]\n[req]\ng1 = { r1 = "1" }\n'),
    ("t_float.toml", 'kind = "crg"\nagents = ["a1"]\ngoals = ["g1"]\nresources = ["r1"]\n[req]\ng1 = { r1 = 1.5 }\n'),
    ("t_neg.toml", 'kind = "crg"\nagents = ["a1"]\ngoals = ["g1"]\nresources = ["r1"]\n[req]\ng1 = { r1 = -1 }\n'),
    ("t_noreq.toml", 'kind = "crg"\nagents = ["a1"]\ngoals = ["g1"]\nresources = ["r1"]\n'),
    ("t_agents.toml", 'kind = "crg"\nagents = "a1"\ngoals = ["g1"]\nresources = ["r1"]\n[req]\ng1 = { r1 = 1 }\n'),
    ("j_wants.json", '{"kind": "crg", "agents": ["a1"], "goals": ["g1"], "resources": ["r1"],\n'
                     ' "wants": {"a1": "g1"}, "req": {"g1": {"r1": 1}}}\n'),
    ("j_unk.json", '{"kind": "crg", "agents": ["a1"], "goals": ["g1"], "resources": ["r1"],\n'
                   ' "en": {"a1": {"r2": 1}}, "req": {"g1": {"r1": 1}}}\n'),
]
E3 = "sigma_member(l1,a1). sigma_member(l1,a2). sigma_member(l1,a3).\n"
BAD_SIGMAS = [
    ("s_nocover.lp", "sigma_member(l1,a1). sigma_member(l1,a2).\n"),
    ("s_twice.lp", E3 + "sigma_member(l2,a3).\n"),
    ("s_over.lp", E3 + "sigma_xi(a1,r1,5).\n"),
    ("s_short.lp", E3 + "sigma_goal(l1,g1).\nsigma_xi(a1,r1,4).\n"),
    ("s_unk.lp", E3 + "sigma_xi(a9,r1,1).\n"),
    ("s_neg.lp", E3 + "sigma_xi(a1,r1,-1).\n"),
    ("s_frac.lp", E3 + "sigma_xi(a1,r1,0.5).\n"),
    ("s_goal.lp", E3 + "sigma_goal(l2,g1).\n"),
    ("s_empty.lp", "% nothing\n"),
    ("s_over.json", '{"sigma": [{"coalition": ["a1", "a2", "a3"],\n "xi": {"a1": {"r1": 9}}}]}\n'),
    ("s_str.json", '{"sigma": [{"coalition": "a1 a2 a3"}]}\n'),
    ("s_nocover.toml", '[[sigma]]\ncoalition = ["a1", "a2"]\n'),
    ("s_twice.toml", '[[sigma]]\ncoalition = ["a1", "a2"]\n[[sigma]]\ncoalition = ["a2", "a3"]\n'),
    ("s_short.toml", '[[sigma]]\ncoalition = ["a1", "a2", "a3"]\ngoals = ["g2"]\n'),
    ("s_type.toml", '[[sigma]]\ncoalition = ["a1", "a2", "a3"]\nxi = { a1 = { r1 = "4" } }\n'),
]
ONE_LINE = re.compile(r"^declcoal: error: \S+:\d+: \S.*\n?$")


class _Run:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run_cli(*args, capsys=None):
    """The CLI in-process (fast) when capsys is given, else as a subprocess."""
    if capsys is not None:
        from declcoal.cli import main

        rc = main(["crg", *map(str, args)])
        out = capsys.readouterr()
        return _Run(rc, out.out, out.err)
    return subprocess.run([sys.executable, "-m", "declcoal", "crg", *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def test_cli_bad_input_subprocess(tmp_path):
    p = tmp_path / "s.lp"
    p.write_text(BAD_SIGMAS[2][1])
    out = run_cli("check", EX3, "--sigma", p)
    assert out.returncode == 2 and ONE_LINE.match(out.stderr), out.stderr


@pytest.mark.parametrize("name,text", BAD_GAMES, ids=[n for n, _ in BAD_GAMES])
def test_cli_bad_game(tmp_path, capsys, name, text):
    p = tmp_path / name
    p.write_text(text)
    out = run_cli("info", p, capsys=capsys)
    assert out.returncode == 2, out
    assert ONE_LINE.match(out.stderr), out.stderr
    assert "Traceback" not in out.stderr + out.stdout


@pytest.mark.parametrize("name,text", BAD_SIGMAS, ids=[n for n, _ in BAD_SIGMAS])
def test_cli_bad_sigma(tmp_path, capsys, name, text):
    p = tmp_path / name
    p.write_text(text)
    out = run_cli("check", EX3, "--sigma", p, capsys=capsys)
    assert out.returncode == 2, out
    assert ONE_LINE.match(out.stderr), out.stderr
    assert str(p) in out.stderr


def big_endowment_game(rng):
    """Two agents, endowments 0..7 (several binary digits in the ASP encodings)."""
    t = rng.randint(1, 2)
    agents, goals, res = ["a1", "a2"], [f"g{k + 1}" for k in range(rng.randint(1, 3))], [f"r{k + 1}" for k in range(t)]
    wants = {a: frozenset(x for x in goals if rng.random() < 0.6) for a in agents}
    en = {(a, r): rng.randint(0, 7) for a in agents for r in res}
    req = {(x, r): rng.randint(0, 6) for x in goals for r in res}
    for x in goals:
        if not any(req[(x, r)] for r in res):
            req[(x, "r1")] = 3
    return Game(agents, goals, res, wants, en, req)


def test_large_endowments_random(tmp_path):
    rng = random.Random(71)
    for _ in range(15):
        game = big_endowment_game(rng)
        o = Oracle(game)
        summary = o.core_summary()
        g, _ = to_dc(game, tmp_path)
        for method in ("cegar", "saturation"):
            assert core_nonempty(g, method).nonempty == summary["nonempty"]
        assert weak_core(g, "asp").stable == summary["weak"]
        tops = [canon(t) for t in o.top_structures()]
        res = top_cooperation_structure(g, "asp")
        assert ([] if res.top is None else [canon(to_oracle(g, res.top))]) == tops
        for sigma in [random_sigma(rng, game) for _ in range(3)]:
            s, _ = sigma_dc(g, sigma, tmp_path)
            for method in ("flow", "asp"):
                assert find_blocker(g, s, method).stable == o.in_core(sigma)


def from_dc(g) -> Game:
    return Game(list(g.agents), list(g.goals), list(g.resources),
                {a: frozenset(g.goals[j] for j in range(g.m) if g.wants[i] >> j & 1) for i, a in enumerate(g.agents)},
                {(a, r): g.en[i][k] for i, a in enumerate(g.agents) for k, r in enumerate(g.resources)},
                {(x, r): g.req[j][k] for j, x in enumerate(g.goals) for k, r in enumerate(g.resources)})


@pytest.mark.parametrize("name", ["example1", "example3", "example4", "example5", "parachute"])
def test_example_files_core_and_top_against_oracle(name):
    """Every coalition structure of the paper's games (Example 2 takes ~5 min: not here)."""
    from declcoal.concepts.crg.core import core_report

    g = load_game(EX / f"{name}.lp")
    o = Oracle(from_dc(g))
    summary = o.core_summary()
    rep = core_report(g)
    assert (rep.core.nonempty, rep.is_weak, rep.strongly_nonempty) == (summary["nonempty"], summary["weak"], summary["strong"])
    assert o.in_core([to_oracle(g, lam) for lam in rep.core.witness])
    tops = [canon(t) for t in o.top_structures()]
    res = top_cooperation_structure(g)
    assert ([] if res.top is None else [canon(to_oracle(g, res.top))]) == tops


def test_asp_refuses_games_beyond_32_bits_instead_of_answering_wrongly(tmp_path):
    """Per-resource totals fit in 32 bits but a1's cost (summed over resources) does not:
    block.lp used to call this blocked σ stable; grand.lp / best.lp crashed."""
    from declcoal.errors import SolverLimitError

    B = 1_200_000_000
    p = tmp_path / "big.lp"
    p.write_text(f"agent(a1;a2).\ngoal(g1;g2).\nresource(r1;r2).\nwants(a1,g1). wants(a1,g2). wants(a2,g1). wants(a2,g2).\n"
                 f"en(a1,r1,{B}). en(a1,r2,{B}). en(a2,r1,1).\nreq(g1,r1,{B}). req(g1,r2,{B}). req(g2,r1,1).\n")
    s = tmp_path / "s.lp"
    s.write_text(f"sigma_member(l1,a1). sigma_member(l1,a2).\nsigma_goal(l1,g1).\nsigma_xi(a1,r1,{B}). sigma_xi(a1,r2,{B}).\n")
    g = load_game(p)
    sigma = read_sigma(g, s)
    assert not find_blocker(g, sigma, "flow").stable  # ⟨{a1}, {g2}, r1=1⟩ blocks
    for call in (lambda: find_blocker(g, sigma, "asp"), lambda: core_nonempty(g, "cegar"),
                 lambda: top_cooperation_structure(g), lambda: successful_coalitions(g, "asp")):
        with pytest.raises(SolverLimitError):
            call()
    out = run_cli("core", p)
    assert out.returncode == 1 and out.stderr.startswith("declcoal: error: ") and "Traceback" not in out.stderr
