"""Robust at the edges, TU and bargaining commands (issue 15, items 2 and 4; docs/limits.md).

* Extreme sizes — TU games, characteristic functions and 1,000-player weighted voting
  games against ``nash``, ``egalitarian``, ``tighten``, ``info``, ``power``, ``shapley``,
  ``banzhaf`` and ``solve``: each file runs in its own subprocess under a memory limit
  (the driver of tests/test_robust_edges.py) and each command ends within seconds with
  exit 0 (an answer) or 2 (a refusal on one line naming the size, the limit and the
  option that raises it) — never an internal error or a traceback.
* Unbounded input — ``/dev/zero`` and an endless standard input are refused after
  reading one byte past the input limit, naming the file and the limit.
* The exact methods behind the fast paths — the size-free Banzhaf programme and the
  equal-weight closed form against the Shapley–Shubik programme and the dense table.
* SIGINT during a long §5.1 recursion: exit 130, and the "interrupted" line says how
  many coalitions had been solved.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from declcoal.cli import main
from test_robust_edges import DRIVER, MEMORY_LIMIT, _assert_interrupted, _interrupt, _tu

ROOT = Path(__file__).resolve().parent.parent


def _consistent_tu(n: int, seed: int) -> dict:
    """A TU game with a non-empty core: additive shares a_i minus random discounts."""
    rng = random.Random(seed)
    a = [rng.randint(1, 100) for _ in range(n)]
    vals = []
    for k in range(1, 2**n):
        s = sum(a[i] for i in range(n) if k >> i & 1)
        vals.append(s if k == 2**n - 1 else max(0, s - rng.randint(0, 60)))
    return {"players": [f"P{i}" for i in range(n)], "values": vals}


def _wvg(n: int, wmax: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    ws = [rng.randint(1, wmax) for _ in range(n)]
    return f'kind = "weighted-voting"\nquota = {sum(ws) // 2 + 1}\nweights = {ws}\n'


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("edges-tu")
    docs = {"tu12.json": json.dumps(_tu(12)), "tu15.json": json.dumps(_tu(15)),
            "core9.json": json.dumps(_consistent_tu(9, 9)),
            "wvg1000-unit.toml": _wvg(1000, 1), "wvg1000-10.toml": _wvg(1000, 10)}
    out = {}
    for name, text in docs.items():
        (tmp / name).write_text(text)
        out[name] = str(tmp / name)
    return out


def _run(path: str, cmds: list[list[str]], env: dict | None = None, timeout: int = 240) -> list:
    argvs = [[path if a == "GAME" else a for a in c] for c in cmds]
    proc = subprocess.run([sys.executable, "-c", DRIVER.format(limit=MEMORY_LIMIT), json.dumps(argvs)],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, **(env or {})})
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 0, f"driver died (exit {proc.returncode}): {proc.stderr[-800:]}"
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("[")]
    assert len(results) == len(cmds)
    for argv, rc, err in results:
        what = f"{' '.join(argv[:4])}: exit {rc}: {err}"
        assert rc in (0, 2), what
        assert "internal error" not in err and "Traceback" not in err, what
        if rc == 2:
            lines = [x for x in err.splitlines() if x.strip()]
            assert len(lines) == 1 and lines[0].startswith("declcoal: error:"), what
    return results


def _refused(result, *needles: str) -> None:
    argv, rc, err = result
    assert rc == 2, (argv, rc, err)
    for needle in needles:
        assert needle in err, (argv, needle, err)


# ====================================================================== extreme sizes
def test_characteristic_functions_above_the_pair_limit_are_refused_at_once(files):
    r = _run(files["tu12.json"], [["nash", "GAME", "--recursive"], ["nash", "GAME", "--theorem3"],
                                   ["nash", "GAME", "--naive", "--coalitions"], ["nash", "GAME", "--both"],
                                   ["egalitarian", "GAME"], ["egalitarian", "GAME", "--naive", "--no-check"],
                                   ["nash", "GAME", "--max-pairs", "100"]])
    # 12 players: 3^12 − 2^13 + 1 = 523,250 (S, T) pairs; Theorem 3's partitions 3^12 = 531,441
    _refused(r[0], "523,250", "100,000", "--max-pairs", "--naive")
    _refused(r[1], "531,441", "--max-pairs")
    _refused(r[2], "523,250", "--max-pairs", "--coalitions")
    _refused(r[3], "523,250", "--max-pairs")
    _refused(r[4], "523,250", "Dutta–Ray", "--max-pairs")
    _refused(r[5], "523,250", "--max-pairs")
    _refused(r[6], "4,094", "above the limit 100", "--max-pairs")  # the naive path's 2^12 − 2 threats


def test_tighten_and_info_on_large_games(files):
    r = _run(files["tu15.json"], [["tighten", "GAME"], ["tighten", "GAME", "--mode", "faithful"],
                                   ["info", "GAME", "--all"], ["info", "GAME", "--json"]])
    _refused(r[0], "15 players", "32,766", "16,382", "--max-coalitions")
    _refused(r[1], "32,766", "--max-coalitions")
    assert r[2][1] == 0 and r[3][1] == 0
    r = _run(files["core9.json"], [["tighten", "GAME", "--mode", "faithful"]])
    _refused(r[0], "9 players", "510", "254", "--max-coalitions", "--mode exact")


def test_info_all_lists_at_most_max_listed(files, capsys):
    assert main(["info", files["tu12.json"], "--all", "--max-listed", "20", "--max-work", "0"]) == 0
    out = capsys.readouterr().out
    assert "4,075 more coalitions not listed" in out and "--max-listed" in out
    assert main(["info", files["tu12.json"], "--json", "--max-listed", "20", "--max-work", "0"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["worths"]) == 20 and doc["worths_not_listed"] == 4095 - 20


def test_weighted_voting_with_1000_players(files):
    unit = _run(files["wvg1000-unit.toml"], [["power", "GAME", "--json"], ["shapley", "GAME", "--json"],
                                              ["banzhaf", "GAME"], ["solve", "GAME"]])
    assert all(rc == 0 for _, rc, _ in unit)
    many = _run(files["wvg1000-10.toml"], [["power", "GAME"], ["shapley", "GAME"], ["banzhaf", "GAME", "--json"],
                                            ["solve", "GAME"], ["info", "GAME"]])
    _refused(many[0], "1000 players", "above the limit 200,000,000,000", "--max-dp-work")
    _refused(many[1], "--max-dp-work")
    assert many[2][1] == many[3][1] == many[4][1] == 0  # Banzhaf needs no sizes: computed


def test_solve_says_not_computed_with_the_command(files, capsys):
    assert main(["solve", files["wvg1000-10.toml"]]) == 0
    out = capsys.readouterr().out
    assert "not computed" in out and "declcoal power FILE --max-dp-work N" in out and "Banzhaf index" in out


def test_equal_weights_answer_any_size(capsys):
    from declcoal.concepts.tu.power import power_indices
    from declcoal.model.constructors import weighted_voting

    r = power_indices(weighted_voting(501, [1] * 1000))
    assert set(r.shapley_shubik) == {Fraction(1, 1000)}
    assert r.banzhaf[0] == Fraction(__import__("math").comb(999, 500), 2**999)


# ====================================================================== the fast paths are exact
def _dense_swings(q: int, ws: list[int]) -> list[int]:
    n = len(ws)
    out = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        c = 0
        for mask in range(2 ** (n - 1)):
            w = sum(ws[others[k]] for k in range(n - 1) if mask >> k & 1)
            c += q - ws[i] <= w < q
        out.append(c)
    return out


def test_banzhaf_programme_and_closed_form_match_the_definition():
    from declcoal.concepts.tu.power import banzhaf_swings, swing_counts
    from declcoal.model.constructors import weighted_voting

    rng = random.Random(15)
    checked = 0
    for _ in range(400):
        n = rng.randint(1, 8)
        ws = [rng.randint(0, rng.choice([1, 3, 9]))] * n if rng.random() < 0.25 else \
            [rng.randint(0, rng.choice([1, 3, 9])) for _ in range(n)]
        q = rng.randint(1, sum(ws) + 2)
        try:
            g = weighted_voting(q, ws)
        except Exception:  # quota out of range for these weights
            continue
        want = _dense_swings(q, ws)
        assert banzhaf_swings(g) == want, (q, ws)
        assert [sum(row) for row in swing_counts(g)] == want, (q, ws)
        checked += 1
    assert checked > 200


def test_python_functions_refuse_too(files):
    from declcoal.concepts.bargaining.egalitarian import constrained_egalitarian
    from declcoal.concepts.bargaining.nash_tu import naive_nash, recursive_nash
    from declcoal.concepts.tu.power import shapley_shubik_index
    from declcoal.concepts.tu.tightening import tighten
    from declcoal.errors import UnsupportedError
    from declcoal.io import load_games
    from declcoal.model.constructors import weighted_voting

    g = load_games(files["tu12.json"])[0]
    for call in (lambda: recursive_nash(g), lambda: constrained_egalitarian(g),
                 lambda: naive_nash(g, max_pairs=10), lambda: tighten(g, max_coalitions=100),
                 lambda: shapley_shubik_index(weighted_voting(300, [1, 2] * 200), max_work=10)):
        with pytest.raises(UnsupportedError, match="above the limit"):
            call()


# ====================================================================== unbounded input
def test_unbounded_input_is_refused_naming_file_and_limit(files):
    env = {"DECLCOAL_MAX_INPUT_BYTES": str(2**20)}
    r = _run("/dev/zero", [["info", "GAME"], ["nash", "GAME"], ["tighten", "GAME"], ["power", "GAME"],
                           ["convert", "GAME", "--to", "json"], ["crg", "info", "GAME"], ["solve", "GAME"]], env=env)
    for res in r:
        _refused(res, "/dev/zero", "1,048,576 bytes", "DECLCOAL_MAX_INPUT_BYTES")
    proc = subprocess.run(f"head -c 3000000 /dev/zero | {sys.executable} -m declcoal info -", shell=True,
                          capture_output=True, text=True, timeout=60, cwd=ROOT, env={**os.environ, **env})
    assert proc.returncode == 2 and "<stdin>" in proc.stderr and "1,048,576" in proc.stderr, proc.stderr
    r = _run(files["tu12.json"], [["info", "GAME"]], env={"DECLCOAL_MAX_INPUT_BYTES": "lots"})
    _refused(r[0], "DECLCOAL_MAX_INPUT_BYTES")


def test_default_input_limit_is_documented():
    from declcoal import limits

    assert limits.INPUT_BYTES == 256 * 2**20
    text = (ROOT / "docs/limits.md").read_text(encoding="utf-8")
    assert "DECLCOAL_MAX_INPUT_BYTES" in text and "256 MiB" in text


# ====================================================================== help and docs
@pytest.mark.parametrize("argv,needle", [(["nash"], "--max-pairs"), (["egalitarian"], "--max-pairs"),
                                         (["tighten"], "--max-coalitions"), (["info"], "--max-listed"),
                                         (["power"], "--max-dp-work"), (["shapley"], "--max-dp-work"),
                                         (["banzhaf"], "--max-dp-work"), (["core"], "20 players"),
                                         (["least-core"], "20 players"), (["nucleolus"], "20 players"),
                                         (["check"], "20 players"), (["viable"], "Bell(n)")])
def test_help_names_the_limit(capsys, argv, needle):
    assert main([*argv, "--help"]) == 0
    out = capsys.readouterr().out
    assert needle in out and "limit" in out
    assert needle in (ROOT / "docs/limits.md").read_text(encoding="utf-8")


# ====================================================================== SIGINT
@pytest.fixture(scope="module")
def tu11(tmp_path_factory) -> str:
    p = tmp_path_factory.mktemp("sigint-tu") / "tu11.json"
    p.write_text(json.dumps(_tu(11)))
    return str(p)


def test_sigint_during_the_recursion_names_what_finished(tu11):
    """About 20 s of §5.1 recursion, interrupted after 3 s of CPU: exit 130 and the
    interrupted line counts the coalitions already solved."""
    res = _interrupt(["nash", tu11, "--recursive", "--max-pairs", "1000000"], 3.0)
    _assert_interrupted(res)
    assert "of 2,047 coalitions (§5.1 recursion) done" in res.stderr, res.stderr


# ====================================================================== axioms of the fast paths
from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=9), st.integers(1, 60), st.booleans())
def test_fast_paths_keep_efficiency_and_symmetry(ws, q, equal):
    """Shapley–Shubik is efficient (Σφ = v(N)) and symmetric (equal weights, equal
    values) on the dp and on the equal-weight closed form; the Banzhaf value of the
    size-free programme is the dp's."""
    from declcoal.concepts.tu.power import banzhaf_index, power_indices
    from declcoal.model.constructors import weighted_voting

    if equal:
        ws = [ws[0]] * len(ws)
    try:
        g = weighted_voting(q, ws)
    except Exception:  # e.g. a quota the weights cannot reach is refused by the model
        return
    p = power_indices(g)
    grand = 1 if sum(ws) >= q else 0
    assert sum(p.shapley_shubik) == grand
    for i in range(len(ws)):
        for j in range(len(ws)):
            if ws[i] == ws[j]:
                assert p.shapley_shubik[i] == p.shapley_shubik[j] and p.banzhaf[i] == p.banzhaf[j]
    assert banzhaf_index(g).values == p.banzhaf
