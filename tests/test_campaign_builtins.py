"""Built-in campaigns reproduce known results: Ray & Vohra Theorems 2-4 (§5) and Dunne et
al. Props. 1-7, 21 on random games (small counts here; 10,000 games in
benchmarks/campaigns.py and docs/campaigns.md)."""
from __future__ import annotations

import json
from fractions import Fraction

import pytest

from cli_util import run
from declcoal.campaigns import builtins, load_campaign, run_campaign
from declcoal.campaigns.ray_vohra import Theorem3, Theorem4, best_pair, best_partition, random_worths
from declcoal.concepts.tu.properties import best_partition_value
from declcoal.io import load_game
from declcoal.model.tu import TUGame


def test_registry_lists_the_builtins():
    names = set(builtins())
    assert {"theorem2", "theorem3", "theorem4", "crg-props", "cournot", "demo"} <= names


def test_theorem2_recursive_equals_naive_on_random_games(tmp_path):
    """Theorem 2 on 150 random 4-player TU games (v(S) in [0, 12|S|], in quarters: viable
    and non-viable N, multi-valued σ*(N)) and 80 convex 3-player games with random
    consistent weights: no counterexample."""
    r = run_campaign(load_campaign("theorem2", {"n": 4, "count": 150, "seed": 1}), jobs=2,
                     db=tmp_path / "t2.sqlite", progress=False)
    assert r.counts == {"ok": 150, "error": 0, "timeout": 0}
    assert all(x["result"]["holds"] for x in r.records())
    w = run_campaign(load_campaign("theorem2", {"n": 3, "count": 80, "weights": "random", "dist": "convex"}),
                     jobs=2, db=tmp_path / "t2w.sqlite", progress=False)
    assert all(x["result"]["holds"] for x in w.records()) and not w.files


def test_theorem3_partition_form_holds_pairwise_form_fails(tmp_path):
    """Theorem 3 under partition GCS: N viable and σ*(N) efficient on every game; under
    the pairwise wording alone, N is not viable on many games - counted and saved as
    game files that `declcoal nash` reads."""
    r = run_campaign(Theorem3(n=4, count=120, seed=3), jobs=2, db=tmp_path / "t3.sqlite", progress=False)
    res = [x["result"] for x in r.records()]
    part = [x for x in res if x["gcs_partition"]]
    pair_only = [x for x in res if x["form"] == "pairwise only"]
    assert part and pair_only
    assert all(x["conclusion"] and x["construction_unblocked"] for x in part)
    assert not any(x["counterexample"] for x in res)
    assert sum(not x["grand_viable"] for x in pair_only) >= 10
    assert len(r.files) == sum(x["pairwise_counterexample"] for x in res)
    g = load_game(r.files[0])
    assert isinstance(g, TUGame) and g.n == 4
    summary = Theorem3(n=4, count=120, seed=3).summary(r.records())
    assert summary["  counterexamples to Theorem 3 (partition form)"] == 0


def test_theorem4_classifies_the_zero_maximum_counterexample():
    """The known failure of Theorem 4 (tests/test_nash_independent.py, docs/egalitarian.md):
    σ_sym(N) ⊄ E(N) only because every unblocked point gives someone 0."""
    t4 = {1: 1, 3: 1, 5: 3, 6: 1, 7: 1, 8: 1, 9: 2, 12: 4, 13: 1, 15: 4}
    camp = Theorem4(n=4, count=0)
    inst = camp.instance(0, {"n": 4, "v": [str(t4.get(m, 0)) for m in range(1, 16)], "weights": None})
    rec = camp.check(inst)
    assert rec["holds"] is False and rec["zero_maximum_failures"] == 1 and rec["counterexample"] is False
    assert rec["failing"] == ["A B C D"]
    assert "zero-maximum" in camp.counterexample(inst, rec)["game.toml"]


def test_theorem4_on_random_games(tmp_path):
    r = run_campaign(Theorem4(n=4, count=60, seed=2), jobs=2, db=tmp_path / "t4.sqlite", progress=False)
    assert r.counts["ok"] == 60
    assert not any(x["result"]["counterexample"] for x in r.records())


def test_crg_props_hold_and_are_not_vacuous(tmp_path):
    r = run_campaign(load_campaign("crg-props", {"count": 16, "seed": 5}), jobs=2, db=tmp_path / "c.sqlite",
                     progress=False)
    res = [x["result"] for x in r.records()]
    assert r.counts["ok"] == 16
    for p in ("prop1", "prop2", "prop3", "prop4", "prop5", "prop6", "prop7", "prop21"):
        assert all(x[p] is not False for x in res), p
        assert any(x[p] is True for x in res), p


@pytest.mark.parametrize("dist", ["uniform", "sparse", "scaled", "convex", "superadditive", "gcs", "pairwise"])
def test_worth_distributions(dist):
    import random

    rng = random.Random(dist)
    for n in (2, 3, 4):
        v = random_worths(rng, n, dist, 12, 4)
        assert len(v) == 2**n - 1 and all(x >= 0 for x in v)
        full = 2**n - 1
        vv = [Fraction(0), *v]
        g = TUGame.from_list(list("ABCD"[:n]), v)
        assert best_partition(vv, full) == max(
            (best_partition_value(TUGame.from_list(list("ABCD"[:n]), [x if m != full else 0 for m, x in
                                                    enumerate(v, 1)]))[0],), default=0)
        if dist == "gcs":
            assert best_partition_value(g)[0] == g.values[g.grand]
        if dist == "pairwise":
            assert vv[full] >= best_pair(vv, full)


def test_instances_are_reproducible_and_stored_with_their_game():
    a = list(load_campaign("theorem2", {"n": 3, "count": 5, "seed": 7}).instances())
    b = list(load_campaign("theorem2", {"n": 3, "count": 5, "seed": 7}).instances())
    c = list(load_campaign("theorem2", {"n": 3, "count": 5, "seed": 8}).instances())
    assert a == b and [i.params for i in a] != [i.params for i in c]
    assert len(a[0].params["v"]) == 7


def test_cli_theorem2_report_summary(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, "campaign", "run", "theorem2", "n=3", "--count", "40", "--seed", "4", "--jobs", "1",
                       "--json")
    assert rc == 0, err
    db = json.loads(out)["db"]
    rc, out, err = run(capsys, "campaign", "report", db, "--json")
    rep = json.loads(out)
    assert rep["summary"]["counterexamples"] == 0 and rep["summary"]["games"] == 40
    assert rep["agreements"]["holds"] == {"true": 40, "false": 0}


@pytest.mark.parametrize("argv, message", [
    (["campaign", "run", "theorem2", "n=1"], "n must be an integer from 2"),
    (["campaign", "run", "theorem3", "dist=weird"], "dist must be one of"),
    (["campaign", "run", "crg-props", "en=9"], "en (maximal endowment)"),
])
def test_builtin_bad_parameters(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and message in err and len(err.strip().splitlines()) == 1


def test_cournot_grid_reproduces_example4(tmp_path):
    """Ray & Vohra Example 4 inside a grid: A = 10, c = (2,3,4) -> only the grand
    coalition, σ_sym(N) = (9, 4, 3); A = 23, c = (1,3,5) -> N not viable, the three
    intermediate structures are the coarsest viable ones; three symmetric firms with
    condition (25) -> the grand coalition and no intermediate structure."""
    camp = load_campaign("cournot", {"A": [10, 23], "costs": [1, 2, 3, 4, 5]})
    assert len(camp) == 70
    r = run_campaign(camp, jobs=2, db=tmp_path / "c.sqlite", progress=False)
    assert r.counts["ok"] == 70 and not r.files
    by = {(x["params"]["A"], tuple(x["params"]["costs"])): x["result"] for x in r.records()}
    assert by[("10", ("2", "3", "4"))]["coarsest"] == ["123"] and by[("10", ("2", "3", "4"))]["payoffs"] == [
        ["9", "4", "3"]]
    a23 = by[("23", ("1", "3", "5"))]
    assert not a23["grand_viable"] and sorted(a23["coarsest"]) == ["12|3", "13|2", "1|23"]
    sym = [v for (a, c), v in by.items() if len(set(c)) == 1 and v["condition25"]]
    assert sym and all(v["symmetric_claim"] for v in sym)
    summary = camp.summary(r.records())
    assert summary["symmetric, n = 3: paper's claim fails"] == 0
    assert summary["A = 10, c = (2, 3, 4)"] == "coarsest viable 123; payoffs (9, 4, 3)"


def test_failed_rows_are_saved_as_game_files(tmp_path):
    """A timeout (here a cooperative in-process limit far below a check's cost) is a row
    and its game a file that the other commands read."""
    r = run_campaign(load_campaign("theorem2", {"n": 4, "count": 3}), executor="inprocess",
                     db=tmp_path / "f.sqlite", limit_per_instance=0.0005, progress=False)
    assert r.counts["timeout"] == 3 and len(r.files) == 3
    g = load_game(r.files[0])
    assert isinstance(g, TUGame) and g.n == 4
    assert "timeout" in r.files[0].read_text().splitlines()[0]
