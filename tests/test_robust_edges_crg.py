"""Robust at the edges for the CRG, campaign and verify commands (issue 15, items 2 and 4).

* Sizes — Example 6 (18 goals) and 200-agent games (the size benchmarks/crg.py uses)
  against every ``crg`` subcommand and ``solve``, in subprocesses under a memory limit
  (the driver of tests/test_robust_edges.py): each answers (exit 0) or refuses at once
  (exit 2, one line naming the size, the limit and the option that raises it).
* Campaigns and verify — huge instance counts refused up front (``--max-instances``), an
  unreachable Dask scheduler fails fast naming its address, a ``--db`` in a missing
  folder is refused, errors name the option the user typed.
* The necessary conditions for a top-cooperation structure (docs/crg.md) against brute
  force, and the many-agent path of ``crg top`` against the full one.
* SIGINT during a long negotiation: exit 130 and the interrupted line says how far it came.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from declcoal.cli import main
from test_robust_edges import _assert_interrupted, _crg, _interrupt, _run_all

ROOT = Path(__file__).resolve().parent.parent
EX6 = str(ROOT / "examples/crg/example6.lp")


def _game_files(tmp: Path) -> dict[str, str]:
    from declcoal.io.crg import crg_to_facts
    from declcoal.model.crg import random_game

    out = {}
    rng = random.Random(1)
    # benchmarks/crg.py's size: 200 agents, 20 resources, 10 goals
    g = random_game(rng, 200, 10, 20, max_en=5, max_req=60, p_want=0.2)
    out["c200"] = tmp / "c200.lp"
    out["c200"].write_text(crg_to_facts(g))
    out["b14"] = tmp / "b14.lp"  # tiny endowments, but 2^14 coalitions for brute force
    out["b14"].write_text(crg_to_facts(random_game(random.Random(2), 14, 2, 1, max_en=1, max_req=2, p_want=0.5)))
    return {k: str(v) for k, v in out.items()}


@pytest.fixture(scope="module")
def crg_files(tmp_path_factory):
    return _game_files(tmp_path_factory.mktemp("crg-edges"))


def _one_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("declcoal: error:"), err
    return lines[0]


def test_crg_commands_on_large_games_answer_or_refuse_at_once(crg_files):
    c200, b14 = crg_files["c200"], crg_files["b14"]
    cases = [  # argv, exit, what the message must name
        (["crg", "success", EX6], 2, ["4,194,288", "262,144", "--max-pairs", "crg info"]),
        (["crg", "success", c200], 2, ["--max-rows", "4,096"]),
        (["crg", "info", EX6], 0, []),
        (["crg", "info", c200, "--max-listed", "3"], 0, []),
        (["crg", "top", c200], 0, []),
        (["crg", "top", EX6], 0, []),
        (["crg", "top", b14, "--method", "brute"], 2, ["16,383", "255", "asp"]),
        (["crg", "core", b14, "--method", "brute"], 2, ["16,383"]),
        (["crg", "top", EX6, "--method", "brute"], 2, ["2,000,000"]),
        (["crg", "core", c200], 2, ["--max-bits"]),
        (["crg", "negotiate", c200], 2, ["20,100", "500", "--max-lps"]),
        (["crg", "check", c200], 0, []),
        (["solve", c200], 0, []),
    ]
    results = _run_all("", [c[0] for c in cases])
    assert len(results) == len(cases)
    for (argv, rc_want, needles), (_, rc, err) in zip(cases, results):
        what = f"{' '.join(argv[:3])}: exit {rc}: {err}"
        assert rc == rc_want, what
        assert "internal error" not in err and "Traceback" not in err, what
        if rc == 2:
            line = _one_line(err)
            assert all(n in line for n in needles), what


UNSIZED = textwrap.dedent("""
    from declcoal.campaigns import Campaign

    class Endless(Campaign):
        name = "endless"

        def instances(self):  # no __len__: the engine cannot know the size in advance
            k = 0
            while True:
                yield self.instance(k, {"k": k})
                k += 1

        def check(self, inst):
            return {"ok": True}

    def make():
        return Endless()
""")


def test_campaign_and_verify_edges_refuse_at_once(tmp_path):
    (tmp_path / "endless.py").write_text(UNSIZED)
    db = str(tmp_path / "never-created.sqlite")  # every case is refused before the database is opened
    missing = str(tmp_path / "nodir" / "x.sqlite")
    cases = [  # argv, exit, what the one line must name
        (["verify", "prop11", "--random", "100000000", "--db", db], 2, ["100,000,000", "10,000,000", "--max-instances"]),
        (["verify", "prop8", "--crg", "99999999999999999999999", "--db", db], 2, ["at least", "--max-instances"]),
        (["verify", "prop11", "--clauses", "99999999999999999999999", "--db", db], 2, ["at least", "--max-instances"]),
        (["verify", "prop11", "--random", "99999999999999999999999", "--db", db], 2, ["at least", "--max-instances"]),
        (["verify", "prop11", "--vars", "8", "--clauses", "5", "--db", db], 2, ["at least", "--max-instances"]),
        (["verify", "prop11", "--random", "5", "--max-instances", "4", "--db", db], 2, ["--max-instances"]),
        (["campaign", "run", "demo", "--count", "100000000", "--db", db], 2, ["100,000,000", "--max-instances"]),
        (["campaign", "run", f"{tmp_path}/endless.py:make", "--max-instances", "50", "--inprocess", "--db", db], 2,
         ["does not say its size", "51", "--max-instances"]),
        (["campaign", "run", "demo", "--count", "3", "--db", missing], 2, ["folder", "nodir", "does not exist"]),
        (["verify", "prop11", "--random", "3", "--db", missing], 2, ["folder", "nodir", "does not exist"]),
        (["verify", "prop11", "--random", "3", "--limit", "-1", "--db", db], 2, ["--limit ", "a year"]),
        (["verify", "prop11", "--random", "3", "--limit", "1e12", "--db", db], 2, ["--limit "]),
        (["campaign", "run", "demo", "--count", "3", "--limit-per-instance", "0", "--db", db], 2,
         ["--limit-per-instance"]),
        (["verify", "prop11", "--random", "3", "--jobs", "5000", "--db", db], 2, ["--jobs", "4,096"]),
        (["campaign", "run", "demo", "--count", "3", "--dask", "local:5000", "--db", db], 2, ["4,096"]),
        (["campaign", "run", "demo", "--count", "3", "--dask", "tcp://127.0.0.1:1", "--dask-timeout", "1",
          "--db", db], 2, ["tcp://127.0.0.1:1", "within 1 s", "--dask-timeout"]),
        (["verify", "prop11", "--random", "3", "--dask", "tcp://127.0.0.1:1", "--db", db], 2,
         ["tcp://127.0.0.1:1", "within 3 s", "--dask-timeout"]),
    ]
    results = _run_all("", [c[0] for c in cases])
    assert len(results) == len(cases)
    for (argv, rc_want, needles), (_, rc, err) in zip(cases, results):
        what = f"{' '.join(argv[:4])}: exit {rc}: {err}"
        assert rc == rc_want, what
        line = _one_line(err)
        assert all(n in line for n in needles), what
        assert "--limit-per-instance" not in line or argv[0] == "campaign", what
    assert not (tmp_path / "nodir").exists() and not Path(db).exists()  # nothing created on the way


def test_every_campaign_and_crg_command_names_its_limit_in_help(capsys):
    for argv, needles in ((["crg", "success"], ["--max-pairs", "--max-rows"]), (["crg", "negotiate"], ["--max-lps"]),
                          (["crg", "top"], ["8 agents", "12 agents"]), (["crg", "core"], ["--max-bits", "8 agents"]),
                          (["crg", "check"], ["--max-goal-sets", "8 agents"]),
                          (["campaign", "run"], ["--max-instances", "--dask-timeout", "4,096", "a year"]),
                          (["verify"], ["--max-instances", "--dask-timeout", "4,096", "a year"])):
        assert main([*argv, "--help"]) == 0
        out = " ".join(capsys.readouterr().out.split())  # argparse wraps lines anywhere
        assert "limit" in out and all(n in out for n in needles), argv


def test_one_loader_for_campaigns_and_reductions(tmp_path, monkeypatch):
    """campaigns and reductions resolve module:attr and file.py:attr through one function."""
    from declcoal import loader
    from declcoal.campaigns import load_campaign
    from declcoal.errors import InputError
    from declcoal.reductions.verify import resolve

    calls = []
    real = loader.load_attribute
    monkeypatch.setattr(loader, "load_attribute", lambda spec, label: calls.append(spec) or real(spec, label))
    (tmp_path / "endless.py").write_text(UNSIZED)
    assert load_campaign(f"{tmp_path}/endless.py:make").name == "endless"
    assert resolve("declcoal.reductions.examples:BROKEN11").name == "broken11"
    assert calls == [f"{tmp_path}/endless.py:make", "declcoal.reductions.examples:BROKEN11"]
    for bad in ("nosuchfile.py:x", "no_such_module_xyz:thing", "json:nosuch"):
        with pytest.raises(InputError):
            load_campaign(bad)
        with pytest.raises(InputError):
            resolve(bad)


def test_success_table_streams_below_the_limit_and_counts_coalitions():
    from declcoal import progress
    from declcoal.concepts.crg.success import success_table
    from declcoal.io import load_game

    g = load_game(ROOT / "examples/crg/example1.lp")
    seen = []

    class Rec:
        def start(self, t): seen.append(("start", t.label, t.total))
        def update(self, t): pass
        def finish(self, t): seen.append(("finish", t.label, t.done))

    progress.set_sink(Rec())
    try:
        tab = success_table(g)
    finally:
        progress.set_sink(None)
    assert tab.successful == [0b101] and seen == [("start", "coalitions", 8), ("finish", "coalitions", 8)]


def test_success_table_numpy_and_exact_paths_agree():
    """The int64 fast path and the exact-int path (amounts beyond 2^62) give one table."""
    from declcoal.concepts.crg import success
    from declcoal.model.crg import random_game

    rng = random.Random(3)
    for _ in range(30):
        g = random_game(rng, rng.randint(1, 4), rng.randint(1, 5), rng.randint(1, 3), max_en=4, max_req=4)
        fast = success._GoalSets(g)
        assert fast.np is not None
        slow = success._GoalSets.__new__(success._GoalSets)
        slow.game, slow.np = g, None
        slow.req = [tuple(g.req_of(gm, r) for r in range(g.t)) for gm in range(1 << g.m)]
        slow.succ = [g.succ(gm) for gm in range(1 << g.m)]
        for c in range(1 << g.n):
            en = tuple(g.en_of(c, r) for r in range(g.t))
            want = (g.feasible_sets(c), g.sf(c))
            assert fast.feasible_and_sf(c, en) == want == slow.feasible_and_sf(c, en)


# ---------------------------------------------------------------- top structures
def test_top_necessary_conditions_against_brute_force():
    """docs/crg.md: with n ≥ 2 a top structure is ⟨Ag, {g}, ξ⟩ with g a candidate goal and
    ξ paying exactly req(g); brute force (Definition 5 directly) never finds another."""
    from declcoal.concepts.crg.core import top_candidate_goals, top_cooperation_structure

    from declcoal.model.crg import CRG

    rng = random.Random(11)
    found = 0
    for _ in range(150):  # games shaped like Example 4, where top structures are common
        n, m = rng.randint(2, 3), rng.randint(1, 2)
        agents, goals, res = [f"a{i}" for i in range(n)], [f"g{j}" for j in range(m)], ["r1", "r2"]
        wants = {a: [x for x in goals if x == "g0" and rng.random() < 0.9 or rng.random() < 0.3] for a in agents}
        g = CRG.build(agents, goals, res, wants, {(a, r): rng.randint(0, 1) for a in agents for r in res},
                      {(x, r): rng.randint(1 if r == "r1" else 0, 2) for x in goals for r in res})
        top = top_cooperation_structure(g, "brute").top
        cands = top_candidate_goals(g)
        if top is None:
            continue
        found += 1
        assert top.coalition == g.grand and top.goals & cands == top.goals and bin(top.goals).count("1") == 1
        assert all(top.contributed(r) == g.req_of(top.goals, r) for r in range(g.t))
        assert all(top.cost(i) > 0 for i in range(g.n))
    assert found >= 3


def test_top_many_agent_path_agrees_with_the_full_one(monkeypatch):
    """13 agents that all want g, each holding the one unit of its own resource g needs:
    ⟨Ag, {g}, everyone pays 1⟩ is top; the early-exit path and the full table agree,
    also when one agent is made to disagree."""
    from declcoal.concepts.crg import core
    from declcoal.model.crg import CRG

    n = 13
    agents = [f"a{i}" for i in range(n)]
    res = [f"r{i}" for i in range(n)]

    def build(extra: bool) -> CRG:
        goals = {"g": {f"r{i}": 1 for i in range(n)}}
        wants = {a: ["g"] for a in agents}
        if extra:  # a1 can also satisfy itself alone, at the same cost: several best structures
            goals["h"] = {"r1": 1}
            wants["a1"] = ["g", "h"]
        return CRG.build(agents, list(goals), res, wants,
                         {(a, f"r{i}"): 1 for i, a in enumerate(agents)},
                         {(x, r): q for x, req in goals.items() for r, q in req.items()})

    for extra in (False, True):
        g = build(extra)
        large = core.top_cooperation_structure(g)
        monkeypatch.setattr(core, "TOP_FULL_AGENTS", 100)
        full = core.top_cooperation_structure(g)
        monkeypatch.setattr(core, "TOP_FULL_AGENTS", 12)
        assert large.top == full.top
        assert (large.top is None) == extra
        if extra:
            assert "a1" in large.reason


# ---------------------------------------------------------------- SIGINT
def test_sigint_during_a_negotiation_says_how_far_it_came(tmp_path):
    p = tmp_path / "n30.lp"
    p.write_text(_crg(30, 8, 20, seed=1, en=5, req=9))
    res = _interrupt(["crg", "negotiate", str(p)], cpu=2.5)
    _assert_interrupted(res)
    line = [x for x in res.stderr.splitlines() if "interrupted" in x][-1]
    assert "of 30 rounds of the backward induction done" in line, res.stderr


def test_sigint_during_fig1_says_how_many_goal_sets_were_visited(tmp_path):
    """Fig. 1 streams its 2^24 − 1 goal sets (nothing of that size is built first) and
    reports them to declcoal.progress: Ctrl-C says how far it came."""
    p = tmp_path / "scarce24.lp"
    p.write_text(_crg(20, 24, 5, seed=3, en=1, req=50, p_want=0.3))  # nothing feasible: σ0 is stable
    res = _interrupt(["crg", "check", str(p), "--method", "flow", "--max-goal-sets", str(2**24)], cpu=2.5)
    _assert_interrupted(res)
    line = [x for x in res.stderr.splitlines() if "interrupted" in x][-1]
    assert "of 16,777,215 goal sets (Fig. 1) done" in line, res.stderr


def test_sigint_during_verify_says_how_many_instances_finished(tmp_path):
    """An interrupt inside a clingo call is raised once (no second, deferred one in the
    clean-up): verify prints its table and how many instances finished, exit 130."""
    db = tmp_path / "v.sqlite"
    res = _interrupt(["verify", "prop11", "--random", "2000", "--db", str(db), "--no-progress"], cpu=3.5)
    assert res.returncode == 130, res.stderr[-800:]
    assert "Traceback" not in res.stderr and "internal error" not in res.stderr, res.stderr
    assert "of 2000 instances finished, kept in" in res.stdout + res.stderr, (res.stdout[-500:], res.stderr)
    assert db.exists()


def test_solve_negotiation_row_is_bounded_by_agents_and_goals():
    """`solve`'s negotiation row: n(n+1)/2 LP(i,t), each over the irredundant goal sets,
    so many goals cost as much as many agents (the fuzzer's 12-agent, 40-goal game took
    45 s); beyond the limits the row names the command that computes it."""
    from declcoal.cli._negotiate import _solve_rows
    from declcoal.limits import SOLVE_CRG_AGENTS, SOLVE_NEGOTIATION_GOALS
    from declcoal.model.crg import random_game

    g = random_game(random.Random(3), 12, SOLVE_NEGOTIATION_GOALS + 1, 2, max_en=2, max_req=2, p_want=0.3)
    (row,) = _solve_rows(g)
    assert row.note == (f"not computed: 12 agents, {SOLVE_NEGOTIATION_GOALS + 1} goals (the solve table's limits: "
                        f"{SOLVE_CRG_AGENTS} agents, {SOLVE_NEGOTIATION_GOALS} goals; run 'declcoal crg negotiate GAME')")
    small = random_game(random.Random(3), 3, 2, 2, max_en=2, max_req=2, p_want=0.5)
    assert _solve_rows(small)[0].concept == "negotiation u_i (§5)"
