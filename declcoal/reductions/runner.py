"""Running a verification campaign.

The reduction campaigns code against the campaign engine's interface (issue 10):
``Instance(id, index, params)``, a ``Campaign`` with ``name``, ``params``,
``instances()``, ``check(inst) -> dict``, ``summary(records)``,
``counterexample(inst, record)``, and ``run_campaign(campaign, executor=..., jobs=...,
dask=..., db=..., limit_per_instance=..., progress=..., out_dir=...)``.
:func:`run` uses the engine (``declcoal.campaigns``) when it is installed and falls back
to :func:`run_local`, a minimal runner with the same interface (process pool or Dask
batches, SQLite store that makes runs resumable, per-instance time limit, progress bar,
counterexample files).
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

try:  # the campaign engine (issue 10)
    from ..campaigns.core import Campaign, Instance  # type: ignore
    HAVE_ENGINE = True
except ImportError:  # pragma: no cover - depends on the checkout
    HAVE_ENGINE = False

    def _canonical(x: Any) -> str:
        return json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @dataclass(frozen=True)
    class Instance:  # type: ignore[no-redef]
        """One instance (same fields as the engine's)."""

        id: str
        index: int
        params: dict = field(hash=False)

        def rng(self, seed: Any = 0) -> random.Random:
            return random.Random(f"{seed}:{self.id}")

    class Campaign:  # type: ignore[no-redef]
        """Same interface as the engine's base class."""

        name = "campaign"
        params: dict = {}

        def __init__(self, **params: Any):
            self.params = dict(params)

        def instances(self) -> Iterator[Instance]:  # pragma: no cover - abstract
            raise NotImplementedError

        def check(self, inst: Instance) -> dict:  # pragma: no cover - abstract
            raise NotImplementedError

        def summary(self, records: list[dict]) -> dict:
            return {}

        def counterexample(self, inst: Instance, record: dict) -> dict[str, str] | None:
            return None

        def instance(self, index: int, params: dict) -> Instance:
            text = _canonical([self.name, self.params, index, params])
            return Instance(hashlib.sha256(text.encode()).hexdigest()[:16], index, params)


@dataclass
class RunResult:
    """What a run produced: every record (finished earlier or now) and the summary."""

    records: list[dict]
    summary: dict
    counterexamples: list[str] = field(default_factory=list)
    interrupted: bool = False
    engine: str = "local"


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - signal handler
    raise _Timeout()


def _run_one(campaign, inst, limit: float | None) -> dict:
    t0 = time.perf_counter()
    old = None
    if limit and hasattr(signal, "SIGALRM"):
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        result = campaign.check(inst)
        status, error = "ok", None
    except _Timeout:
        result, status, error = None, "timeout", f"no answer within {limit} s"
    except Exception as exc:  # recorded, the campaign goes on
        result, status, error = None, "error", f"{type(exc).__name__}: {exc}"
    finally:
        if limit and hasattr(signal, "SIGALRM"):
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    return {"id": inst.id, "index": inst.index, "params": inst.params, "status": status, "result": result,
            "error": error, "seconds": time.perf_counter() - t0}


def _run_batch(args) -> list[dict]:
    campaign, batch, limit = args
    return [_run_one(campaign, inst, limit) for inst in batch]


class _Store:
    """SQLite: one row per finished instance (resumable runs)."""

    def __init__(self, path: str | None, campaign):
        self.db = sqlite3.connect(path or ":memory:")
        self.db.execute("create table if not exists results (campaign text, id text, idx integer, params text, "
                        "status text, result text, error text, seconds real, primary key (campaign, id))")
        self.key = json.dumps([campaign.name, campaign.params], sort_keys=True)

    def done(self) -> dict[str, dict]:
        rows = self.db.execute("select id, idx, params, status, result, error, seconds from results where campaign = ?",
                               (self.key,))
        return {r[0]: {"id": r[0], "index": r[1], "params": json.loads(r[2]), "status": r[3],
                       "result": json.loads(r[4]) if r[4] else None, "error": r[5], "seconds": r[6]} for r in rows}

    def write(self, rec: dict) -> None:
        self.db.execute("insert or replace into results values (?,?,?,?,?,?,?,?)",
                        (self.key, rec["id"], rec["index"], json.dumps(rec["params"]), rec["status"],
                         json.dumps(rec["result"]) if rec["result"] is not None else None, rec["error"], rec["seconds"]))
        self.db.commit()


def _batches(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def run_local(campaign, executor: str = "local", jobs: int = 1, dask: str | None = None, db: str | None = None,
              limit_per_instance: float | None = None, progress: bool = False, out_dir: str | None = None,
              batch: int = 4) -> RunResult:
    """Run ``campaign``: skip instances finished in ``db``, check the others (in this
    process for ``jobs=1``, else a process pool of ``jobs`` workers, or Dask batches at
    ``dask``), store each record as it arrives (Ctrl-C keeps them), save counterexample
    files under ``out_dir/<instance id>/``."""
    store = _Store(db, campaign)
    done = store.done()
    insts = [i for i in campaign.instances() if i.id not in done]
    records = dict(done)
    saved: list[str] = []
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task(campaign.name, total=len(insts))
    by_id = {i.id: i for i in insts}

    def take(rec: dict) -> None:
        store.write(rec)
        records[rec["id"]] = rec
        if out_dir:
            files = campaign.counterexample(by_id[rec["id"]], rec["result"] if rec["status"] == "ok" else
                                            {"status": rec["status"], "error": rec["error"]})
            if files:
                folder = Path(out_dir) / rec["id"]
                folder.mkdir(parents=True, exist_ok=True)
                from ..io.atomic import write_atomic

                for name, text in files.items():
                    write_atomic(folder / name, text)
                saved.append(str(folder))
        if bar is not None:
            bar.advance(task)

    interrupted = False
    try:
        if dask:
            from dask.distributed import Client

            with Client(dask) as client:
                futs = client.map(_run_batch, [(campaign, b, limit_per_instance) for b in _batches(insts, batch)])
                from dask.distributed import as_completed

                for fut in as_completed(futs):
                    for rec in fut.result():
                        take(rec)
        elif jobs <= 1:
            for inst in insts:
                take(_run_one(campaign, inst, limit_per_instance))
        else:
            import multiprocessing as mp

            with mp.get_context("fork").Pool(jobs) as pool:
                for recs in pool.imap_unordered(_run_batch, [(campaign, b, limit_per_instance)
                                                             for b in _batches(insts, batch)]):
                    for rec in recs:
                        take(rec)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if bar is not None:
            bar.stop()
    ordered = sorted(records.values(), key=lambda r: r["index"])
    return RunResult(ordered, campaign.summary(ordered), saved, interrupted, "local")


def run(campaign, *, jobs: int = 1, dask: str | None = None, db: str | None = None,
        limit_per_instance: float | None = None, progress: bool = False, out_dir: str | None = None,
        spec: str | None = None, spec_params: dict | None = None, retry_failed: bool = False) -> RunResult:
    """Run on the campaign engine (:func:`declcoal.campaigns.run_campaign`) when it is
    installed, else :func:`run_local`. Without ``db`` the store is a temporary file (the
    run is not resumable); with it, a rerun skips every finished instance. Counterexample
    files are saved only when ``out_dir`` is given."""
    if not HAVE_ENGINE:  # pragma: no cover - the engine is on main
        return run_local(campaign, jobs=jobs, dask=dask, db=db, limit_per_instance=limit_per_instance,
                         progress=progress, out_dir=out_dir)
    import tempfile

    from ..campaigns import CampaignInterrupted, run_campaign

    with tempfile.TemporaryDirectory(prefix="declcoal-verify-") as tmp:
        store = Path(db) if db else Path(tmp) / "verify.sqlite"
        files = Path(out_dir) if out_dir else Path(tmp) / "files"
        executor = "local" if (jobs > 1 or dask) else "inprocess"
        interrupted = False
        try:
            r = run_campaign(campaign, executor=executor, jobs=jobs, dask=dask, db=store,
                             limit_per_instance=limit_per_instance, progress=progress, out_dir=files,
                             spec=spec, spec_params=spec_params, retry_failed=retry_failed)
        except CampaignInterrupted as exc:
            r, interrupted = exc.run, True
        records = r.records()
        saved = sorted({str(f.parent) for f in r.files}) if out_dir else []
    return RunResult(records, campaign.summary(records), saved, interrupted, f"declcoal.campaigns ({r.executor})")
