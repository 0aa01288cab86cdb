"""The campaign engine (issue 10): same records on every executor, resume after an
interruption with nothing recomputed, timeouts and errors as rows, killed workers
retried, the store and the CLI."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import campaign_fixtures as fx
from cli_util import run
from declcoal.campaigns import (
    CampaignInterrupted,
    load_campaign,
    parse_params,
    report,
    run_campaign,
)
from declcoal.errors import InputError

HERE = Path(__file__).resolve().parent


def rows(run_):
    """The compared part of the records: id, status, result, error (no seconds)."""
    return [(r["id"], r["index"], r["status"], r["result"], r["error"]) for r in run_.records()]


@pytest.fixture
def dask_cluster():
    """A real LocalCluster: 2 worker processes, 1 thread each (one test uses it, so that
    pytest-xdist never starts two)."""
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    try:
        yield cluster
    finally:
        cluster.close()


def test_same_records_in_process_local_processes_and_dask(tmp_path, dask_cluster):
    """One campaign in-process, on 2 local processes and on a 2-worker Dask LocalCluster:
    identical records; then Dask's hard time limit and a killed worker's batch retried."""
    camp = fx.Probe(count=40, fail_at=[7])
    a = run_campaign(camp, executor="inprocess", db=tmp_path / "a.sqlite", progress=False)
    b = run_campaign(camp, jobs=2, db=tmp_path / "b.sqlite", batch_size=3, progress=False)
    c = run_campaign(camp, dask=dask_cluster.scheduler_address, db=tmp_path / "c.sqlite", batch_size=5,
                     progress=False)
    assert rows(a) == rows(b) == rows(c)
    assert len(rows(a)) == 40
    assert a.counts == b.counts == c.counts == {"ok": 39, "error": 1, "timeout": 0}
    assert [r[2] for r in rows(a)][7] == "error"
    # on Dask too the per-instance limit is hard (a hung check becomes a timeout row) ...
    camp = fx.Probe(count=6, hang_at=[2], fail_at=[4])
    r = run_campaign(camp, dask=dask_cluster.scheduler_address, db=tmp_path / "d.sqlite", batch_size=3,
                     limit_per_instance=3.0, progress=False)
    status = [x["status"] for x in r.records()]
    assert status == ["ok", "ok", "timeout", "ok", "error", "ok"]
    # ... and a check that kills its Dask worker process once: Dask reschedules the batch
    camp = fx.Probe(count=6, kill_once_at=[3], marks=str(tmp_path))
    r = run_campaign(camp, dask=dask_cluster.scheduler_address, db=tmp_path / "k.sqlite", batch_size=2,
                     progress=False)
    assert r.counts == {"ok": 6, "error": 0, "timeout": 0} and (tmp_path / "killed-3").exists()


def test_interrupted_campaign_resumes_with_nothing_recomputed(tmp_path, monkeypatch):
    log = tmp_path / "calls.log"
    camp = fx.Probe(count=30, log=str(log))
    db = tmp_path / "r.sqlite"
    monkeypatch.setattr(fx, "CALLS", 0)
    monkeypatch.setattr(fx, "INTERRUPT_AFTER", 11)
    with pytest.raises(CampaignInterrupted) as info:
        run_campaign(camp, executor="inprocess", db=db, progress=False)
    assert info.value.run.interrupted and info.value.run.finished == 11
    assert sorted(fx.logged_calls(log)) == list(range(11))
    monkeypatch.setattr(fx, "INTERRUPT_AFTER", None)
    again = run_campaign(camp, jobs=2, db=db, progress=False)
    assert (again.skipped, again.computed, again.counts["ok"]) == (11, 19, 30)
    assert sorted(fx.logged_calls(log)) == list(range(30))  # each instance checked exactly once
    fresh = run_campaign(camp, executor="inprocess", db=tmp_path / "fresh.sqlite", progress=False)
    assert rows(again) == rows(fresh)
    assert run_campaign(camp, jobs=2, db=db, progress=False).computed == 0


def test_ctrl_c_on_the_command_line_keeps_finished_rows(tmp_path):
    log = tmp_path / "calls.log"
    db = tmp_path / "cli.sqlite"
    argv = [sys.executable, "-m", "declcoal", "campaign", "run", "campaign_fixtures:probe", "count=40",
            "sleep=0.05", f"log=\"{log}\"", "--jobs", "2", "--batch-size", "2", "--db", str(db)]
    env = dict(os.environ, PYTHONPATH=str(HERE))
    proc = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(fx.logged_calls(log)) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted:" in err and "rerun the same command to resume" in err
    stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM results").fetchone()[0]
    assert 0 < stored < 40
    proc = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM results WHERE status='ok'").fetchone()[0] == 40
    calls = fx.logged_calls(log)
    # a check that was running at Ctrl-C may have logged without its row being stored
    # (it was not finished); every stored row was computed once
    assert set(calls) == set(range(40)) and len(calls) <= 40 + 2


@pytest.mark.parametrize("executor", ["local", "inprocess"])
def test_hanging_and_failing_instances_become_rows(tmp_path, executor):
    camp = fx.Probe(count=10, hang_at=[3], fail_at=[6])
    r = run_campaign(camp, executor=executor, jobs=2, db=tmp_path / "h.sqlite", batch_size=4,
                     limit_per_instance=3.0, progress=False)
    recs = r.records()
    assert [x["status"] for x in recs] == ["ok"] * 3 + ["timeout"] + ["ok"] * 2 + ["error"] + ["ok"] * 3
    assert recs[3]["error"] == "time limit of 3 s per instance exceeded" and recs[3]["result"] is None
    assert recs[6]["error"] == "ValueError: instance 6 fails on purpose"
    assert recs[9]["result"] == {"k": 9, "odd": True, "square": 81}
    # the failure is also an ordinary file
    assert (r.out_dir / f"000006-{recs[6]['id']}" / "instance.txt").read_text() == "k = 6\n"


def test_killed_worker_batch_is_retried(tmp_path):
    camp = fx.Probe(count=12, kill_once_at=[2, 9], kill_always_at=[5], marks=str(tmp_path), log=str(tmp_path / "l"))
    r = run_campaign(camp, jobs=2, db=tmp_path / "k.sqlite", batch_size=4, progress=False)
    recs = r.records()
    assert [x["status"] for x in recs] == ["ok"] * 5 + ["error"] + ["ok"] * 6
    assert recs[5]["error"].startswith("worker process died (signal 9)")
    assert sorted(fx.logged_calls(tmp_path / "l")) == [k for k in range(12) if k != 5]


def test_retry_failed_recomputes_only_failures(tmp_path):
    db = tmp_path / "f.sqlite"
    camp = fx.Probe(count=8, fail_at=[1, 4], log=str(tmp_path / "l"))
    run_campaign(camp, executor="inprocess", db=db, progress=False)
    again = run_campaign(camp, executor="inprocess", db=db, progress=False, retry_failed=True)
    assert again.computed == 2 and again.counts["error"] == 2
    attempts = dict(sqlite3.connect(db).execute("SELECT idx, attempts FROM results"))
    assert attempts[1] == attempts[4] == 2 and attempts[0] == 1


def test_store_is_plain_sqlite_and_refuses_another_campaign(tmp_path):
    db = tmp_path / "s.sqlite"
    run_campaign(fx.Probe(count=5), executor="inprocess", db=db, progress=False)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    row = con.execute("SELECT id, params, status, result, seconds FROM results WHERE idx = 2").fetchone()
    assert json.loads(row[1]) == {"k": 2} and row[2] == "ok" and json.loads(row[3])["square"] == 4
    assert isinstance(row[4], float)
    with pytest.raises(InputError, match="holds campaign 'probe'"):
        run_campaign(fx.Probe(count=6), executor="inprocess", db=db, progress=False)


def test_instance_ids_are_stable_and_depend_on_parameters():
    a = [i.id for i in fx.Probe(count=5).instances()]
    assert a == [i.id for i in fx.Probe(count=5).instances()]
    assert len(set(a)) == 5
    assert a[0] != next(fx.Probe(count=6).instances()).id


def test_loading_campaigns_and_parameters():
    assert parse_params(["n=4", "dist=uniform", "xs=[1,2]", "flag=true"]) == {
        "n": 4, "dist": "uniform", "xs": [1, 2], "flag": True}
    with pytest.raises(InputError, match="expected key=value"):
        parse_params(["oops"])
    camp = load_campaign("campaign_fixtures:probe", {"count": 3})
    assert camp.params["count"] == 3
    with pytest.raises(InputError, match="bad parameters"):
        load_campaign("demo", {"nonsense": 1})
    with pytest.raises(InputError, match="no built-in campaign"):
        load_campaign("no-such-campaign", {})
    with pytest.raises(InputError, match="cannot import"):
        load_campaign("no_such_module_xyz:thing", {})


def test_cli_run_report_list(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, "campaign", "list", "--json")
    assert rc == 0 and "demo" in json.loads(out)
    rc, out, err = run(capsys, "campaign", "run", "demo", "--count", "50", "--inprocess", "--json")
    assert rc == 0, err
    summary = json.loads(out)
    assert summary["counts"] == {"ok": 50, "error": 0, "timeout": 0}
    rc, out, err = run(capsys, "campaign", "report", summary["db"], "--json")
    rep = json.loads(out)
    assert rep["counts"]["ok"] == 50 and rep["agreements"]["even"] == {"true": 25, "false": 25}
    assert rep["summary"]["longest"] == {"n": 27, "steps": 111}
    rc, out, err = run(capsys, "campaign", "report", summary["db"])
    assert rc == 0 and "agreements" in out


@pytest.mark.parametrize("argv, message", [
    (["campaign", "run", "demo", "count=-1"], "demo: need count >= 0"),
    (["campaign", "run", "demo", "--jobs", "0"], "--jobs must be at least 1"),
    (["campaign", "run", "demo", "--limit-per-instance", "0"], "--limit-per-instance must be positive"),
    (["campaign", "run", "demo", "count=5", "--count", "6"], "contradicts"),
    (["campaign", "report", "missing.sqlite"], "no such campaign database"),
])
def test_cli_bad_input_is_one_line_exit_2(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    rc, out, err = run(capsys, *argv)
    assert rc == 2 and message in err and len(err.strip().splitlines()) == 1


def test_report_on_a_file_that_is_not_a_database(tmp_path, capsys):
    bad = tmp_path / "x.sqlite"
    bad.write_text("hello")
    rc, out, err = run(capsys, "campaign", "report", bad)
    assert rc == 2 and "not a campaign database" in err


def test_report_of_probe(tmp_path):
    db = tmp_path / "p.sqlite"
    run_campaign(fx.Probe(count=4, fail_at=[0]), executor="inprocess", db=db, progress=False)
    rep = report(db, with_summary=False)
    assert rep["counts"] == {"ok": 3, "error": 1, "timeout": 0}
    assert rep["failures"][0]["error"] == "ValueError: instance 0 fails on purpose"


def test_user_campaign_from_a_python_file(tmp_path, capsys, monkeypatch):
    """`declcoal campaign run path/to/file.py:Class key=value` on local processes: the
    example of docs/campaigns.md (Shapley value of a convex game is in its core)."""
    monkeypatch.chdir(tmp_path)
    example = HERE.parent / "examples" / "campaigns" / "convex_shapley.py"
    rc, out, err = run(capsys, "campaign", "run", f"{example}:ConvexShapley", "n=3", "--param", "count=30",
                       "--jobs", "2", "--json")
    assert rc == 0, err
    summary = json.loads(out)
    assert summary["counts"]["ok"] == 30 and summary["campaign"] == "convex-shapley"
    rep = report(summary["db"])
    assert rep["summary"] == {"games": 30, "Shapley value in the core": 30}
    assert float(Fraction(rep["distributions"]["min_excess"]["min"])) >= 0


class Unpicklable(fx.Probe):
    def __init__(self):
        super().__init__(count=3)
        import threading

        self.lock = threading.Lock()


def test_a_campaign_that_cannot_travel_is_a_one_line_error(tmp_path):
    with pytest.raises(InputError, match="cannot be sent to worker processes"):
        run_campaign(Unpicklable(), jobs=1, db=tmp_path / "u.sqlite", progress=False)
    assert run_campaign(Unpicklable(), executor="inprocess", db=tmp_path / "v.sqlite", progress=False).computed == 3


def test_the_store_refuses_files_that_are_not_campaign_databases(tmp_path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(InputError, match="holds other tables"):
        run_campaign(fx.Probe(count=2), executor="inprocess", db=other, progress=False)
    assert {r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")} == {"t"}
    junk = tmp_path / "junk.sqlite"
    junk.write_text("hello")
    with pytest.raises(InputError, match="not a campaign database"):
        run_campaign(fx.Probe(count=2), executor="inprocess", db=junk, progress=False)
    odd = tmp_path / "we?ird#name" / "a.sqlite"  # URI-special characters in the path
    odd.parent.mkdir()  # --db never creates folders (docs/limits.md)
    run_campaign(fx.Probe(count=2), executor="inprocess", db=odd, progress=False)
    assert report(odd)["counts"]["ok"] == 2


@settings(max_examples=15)
@given(st.lists(st.integers(1, 8), min_size=1, max_size=5), st.integers(1, 7))
def test_any_sequence_of_interruptions_ends_in_the_same_records(tmp_path_factory, stops, batch):
    """Property: however a campaign is cut by interruptions (each run stops after k
    checks) and resumed, with whatever batch size, the final records equal those of one
    uninterrupted run and every instance was checked exactly once."""
    folder = tmp_path_factory.mktemp("cuts")
    log, db = folder / "calls.log", folder / "r.sqlite"
    camp = fx.Probe(count=20, fail_at=[5], log=str(log))
    try:
        for k in stops:
            fx.CALLS, fx.INTERRUPT_AFTER = 0, k
            try:
                run_campaign(camp, executor="inprocess", db=db, batch_size=batch, progress=False)
            except CampaignInterrupted:
                pass
        fx.CALLS, fx.INTERRUPT_AFTER = 0, None
        final = run_campaign(camp, executor="inprocess", db=db, batch_size=batch, progress=False)
    finally:
        fx.CALLS, fx.INTERRUPT_AFTER = 0, None
    fresh = run_campaign(fx.Probe(count=20, fail_at=[5]), executor="inprocess", db=folder / "f.sqlite",
                         progress=False)
    assert rows(final) == rows(fresh)
    assert sorted(fx.logged_calls(log)) == [k for k in range(20) if k != 5]  # the failing one logs nothing
