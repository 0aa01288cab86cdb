"""``run_campaign``: instances -> batches -> an executor -> the SQLite store (issue 10).

The engine is the only writer of the store. It skips every instance that already has
a row (a rerun recomputes nothing finished), hands the rest out in batches, writes
each result as it arrives, saves counterexample files, shows a progress bar, and on
Ctrl-C keeps what finished and raises :class:`CampaignInterrupted`.
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DeclcoalError, InputError
from ..io.atomic import write_atomic
from .core import Instance, campaign_count, canonical_json, validate_campaign
from .executors import default_batch_size, make_executor
from .store import STATUSES, Store
from .worker import OK, WorkerStartError


@dataclass
class CampaignRun:
    """What a run did. ``counts`` covers every row in the database (earlier runs too)."""

    name: str
    params: dict
    db: Path
    executor: str
    total: int
    skipped: int  # instances already finished before this run
    computed: int  # instances finished by this run
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0
    interrupted: bool = False
    out_dir: Path | None = None
    files: list = field(default_factory=list)

    @property
    def finished(self) -> int:
        return sum(self.counts.values())

    def records(self) -> list[dict]:
        """Every stored row, in instance order (see :meth:`Store.records`)."""
        with Store(self.db, readonly=True) as st:
            return st.records()

    def to_dict(self) -> dict:
        return {
            "campaign": self.name,
            "params": self.params,
            "db": str(self.db),
            "executor": self.executor,
            "total": self.total,
            "skipped": self.skipped,
            "computed": self.computed,
            "finished": self.finished,
            "counts": self.counts,
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "files": [str(f) for f in self.files],
        }


class CampaignInterrupted(KeyboardInterrupt):
    """Ctrl-C (or a KeyboardInterrupt) stopped the run; ``.run`` says what finished."""

    def __init__(self, run: CampaignRun):
        super().__init__("campaign interrupted")
        self.run = run


def default_db(campaign) -> Path:
    """``NAME-HASH.sqlite`` in the current folder: the same campaign and parameters
    always map to the same file, so rerunning a command resumes it."""
    import hashlib

    h = hashlib.sha256(canonical_json([campaign.name, campaign.params]).encode()).hexdigest()[:8]
    return Path(f"{campaign.name}-{h}.sqlite")


from ..limits import CAMPAIGN_INSTANCES as MAX_INSTANCES  # noqa: E402 - the documented defaults
from ..limits import CAMPAIGN_JOBS as MAX_JOBS  # noqa: E402
from ..limits import CAMPAIGN_LIMIT_SECONDS as MAX_LIMIT_SECONDS  # noqa: E402
from ..limits import DASK_CONNECT_SECONDS  # noqa: E402

#: the option each limit is raised or set with, as the CLI spells it (``declcoal verify``
#: passes its own spellings, e.g. ``--limit`` for ``limit_per_instance``)
OPTIONS = {"limit_per_instance": "--limit-per-instance", "jobs": "--jobs", "batch_size": "--batch-size",
           "max_instances": "--max-instances", "db": "--db", "dask_timeout": "--dask-timeout"}


def run_campaign(
    campaign,
    *,
    executor="local",
    jobs: int | None = None,
    dask: str | None = None,
    db: str | Path | None = None,
    batch_size: int | None = None,
    limit_per_instance: float | None = None,
    progress: bool = True,
    out_dir: str | Path | None = None,
    retry_failed: bool = False,
    spec: str | None = None,
    spec_params: dict | None = None,
    max_instances: int | None = None,
    dask_timeout: float | None = None,
    options: dict[str, str] | None = None,
) -> CampaignRun:
    """Run ``campaign`` (resumable from ``db``) and return what was done.

    ``executor`` is ``"inprocess"``, ``"local"`` (``jobs`` processes, default all
    cores) or ``"dask"``; ``dask="tcp://host:8786"`` or ``"local:N"`` selects Dask.
    ``limit_per_instance`` is seconds per instance (``timeout`` row beyond it).
    ``retry_failed`` recomputes earlier ``error`` and ``timeout`` rows. ``spec`` is how
    to rebuild the campaign for ``campaign report`` (a built-in name or
    ``module:attr``, with the factory's ``spec_params``; filled in by the CLI). Counterexample files go to ``out_dir``
    (default: beside the database, ``<db stem>-files/``).

    Limits (docs/limits.md), checked before anything runs: ``max_instances`` (default
    :data:`declcoal.limits.CAMPAIGN_INSTANCES`; a campaign that does not say its size is
    cut off when it yields one more), ``jobs`` ≤ :data:`~declcoal.limits.CAMPAIGN_JOBS`,
    ``limit_per_instance`` ≤ a year, ``dask_timeout`` seconds to reach a scheduler
    (default :data:`~declcoal.limits.DASK_CONNECT_SECONDS`). ``db`` must be in an
    existing folder. ``options`` renames the options the messages name."""
    opt = {**OPTIONS, **(options or {})}
    validate_campaign(campaign)
    if limit_per_instance is not None and not 0 < limit_per_instance <= MAX_LIMIT_SECONDS:
        raise InputError(f"{opt['limit_per_instance']} must be positive seconds up to {MAX_LIMIT_SECONDS:,} "
                         f"(a year), got {limit_per_instance}")
    if batch_size is not None and batch_size < 1:
        raise InputError(f"{opt['batch_size']} must be at least 1, got {batch_size}")
    if jobs is not None and jobs < 1:
        raise InputError(f"{opt['jobs']} must be at least 1, got {jobs}")
    if jobs is not None and jobs > MAX_JOBS:
        raise InputError(f"{opt['jobs']} must be at most {MAX_JOBS:,}, got {jobs}")
    if dask_timeout is not None and not 0 < dask_timeout <= MAX_LIMIT_SECONDS:
        raise InputError(f"{opt['dask_timeout']} must be positive seconds up to {MAX_LIMIT_SECONDS:,}, got {dask_timeout}")
    max_instances = MAX_INSTANCES if max_instances is None else max_instances
    if max_instances < 1:
        raise InputError(f"{opt['max_instances']} must be at least 1, got {max_instances}")
    count = campaign_count(campaign)
    if count is not None and count > max_instances:
        raise too_many(campaign.name, count, max_instances, opt["max_instances"])
    db = Path(db) if db is not None else default_db(campaign)
    if db.is_dir() or not db.name:
        raise InputError(f"is a directory, not a database file (give {opt['db']} a file name)", file=str(db))
    if not db.parent.is_dir():  # as -o does (declcoal/io/atomic.py): never create folders on the way
        raise InputError(f"cannot create {db}: folder {db.parent} does not exist")
    out_dir = Path(out_dir) if out_dir is not None else db.with_name(db.stem + "-files")
    listed = _listed(campaign, max_instances, opt["max_instances"])  # refused before any file exists
    ex = make_executor(executor, jobs=jobs, dask=dask, dask_timeout=dask_timeout, option=opt["dask_timeout"])
    start = time.perf_counter()
    try:
        if not db.exists():
            ex.slots  # Dask connects here: an unreachable scheduler must not leave a new database behind
        store = Store(db)
    except BaseException:
        _close(ex)
        raise
    try:
        store.bind(campaign.name, campaign.params, spec, spec_params)
        keep = ("ok",) if retry_failed else STATUSES
        done = store.finished_ids(keep)
        pending, total = [inst for inst in listed if inst.id not in done], len(listed)
        run = CampaignRun(
            campaign.name, campaign.params, db, ex.describe(), total, total - len(pending), 0, out_dir=out_dir
        )
        if pending:
            size = batch_size or default_batch_size(len(pending), ex.slots)
            batches = (pending[k : k + size] for k in range(0, len(pending), size))
            bar = _Progress(campaign.name, total, run.skipped, enabled=progress)
            attempts = _previous_attempts(store) if retry_failed else {}

            def emit(inst: Instance, status, result_json, error, seconds):
                result = json.loads(result_json) if result_json is not None else None
                store.write(inst, status, result, error, seconds, attempts.get(inst.id, 0) + 1)
                run.computed += 1
                bar.advance(status)
                _save_files(campaign, inst, status, result, error, out_dir, run.files)

            try:
                with bar:
                    ex.run(campaign, batches, limit_per_instance, emit)
            except KeyboardInterrupt:
                run.interrupted = True
            except WorkerStartError as exc:
                raise InputError(f"campaign {campaign.name!r}: {exc}") from None
        store.commit()
        run.counts = store.counts()
        run.seconds = time.perf_counter() - start
    finally:
        store.close()
        _close(ex)
    if run.interrupted:
        raise CampaignInterrupted(run)
    return run


def _close(ex) -> None:
    close = getattr(ex, "close", None)
    if close is not None:
        close()


def too_many(name: str, count: int, limit: int, option: str, at_least: bool = False) -> DeclcoalError:
    """The refusal of a campaign with more than ``limit`` instances (docs/limits.md);
    ``at_least`` when ``count`` is a lower bound."""
    from ..limits import refuse

    if count > sys.maxsize:  # len() of more than sys.maxsize instances
        count, at_least = sys.maxsize + 1, True
    return refuse(f"campaign {name!r}: instances{' (at least)' if at_least else ''}", count, limit, option,
                  "one run lists its instances up front: run it in parts")


def _listed(campaign, limit: int = MAX_INSTANCES, option: str = "--max-instances") -> list[Instance]:
    """Every instance in order (before any file is opened); duplicate ids are an error; a
    campaign that yields more than ``limit`` instances is refused when it yields one more."""
    seen: set[str] = set()
    out: list[Instance] = []
    for inst in campaign.instances():
        if len(out) >= limit:
            from ..limits import refuse

            raise refuse(f"campaign {campaign.name!r} does not say its size; instances yielded so far", len(out) + 1,
                         limit, option, "one run lists its instances up front: run it in parts")
        if inst.id in seen:
            raise InputError(f"campaign {campaign.name!r} yields instance id {inst.id!r} twice")
        seen.add(inst.id)
        out.append(inst)
    expected = campaign_count(campaign)
    if expected is not None and expected != len(out):  # pragma: no cover - a campaign bug
        raise InputError(f"campaign {campaign.name!r} says {expected} instances but yields {len(out)}")
    return out


def _pending(campaign, done: set[str], limit: int = MAX_INSTANCES,
             option: str = "--max-instances") -> tuple[list[Instance], int]:
    """Unfinished instances in order, and the total (see :func:`_listed`)."""
    listed = _listed(campaign, limit, option)
    return [inst for inst in listed if inst.id not in done], len(listed)


def _previous_attempts(store: Store) -> dict[str, int]:
    return {r[0]: r[1] for r in store.conn.execute("SELECT id, attempts FROM results WHERE status != 'ok'")}


def _save_files(campaign, inst, status, result, error, out_dir: Path, files: list) -> None:
    hook = getattr(campaign, "counterexample", None)
    if hook is None:
        return
    record = result if status == OK else {"status": status, "error": error}
    try:
        produced = hook(inst, record)
    except Exception as exc:  # noqa: BLE001 - a broken hook must not stop a campaign
        produced = {"counterexample-error.txt": f"counterexample() raised {type(exc).__name__}: {exc}\n"}
    if not produced:
        return
    folder = out_dir / f"{inst.index:06d}-{inst.id}"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in produced.items():
        if "/" in name or "\\" in name or name in ("", ".", ".."):
            raise DeclcoalError(f"campaign {campaign.name!r}: counterexample file name {name!r} is not a plain name")
        write_atomic(folder / name, text)
        files.append(folder / name)


class _Progress:
    """A rich progress bar on stderr (only on a terminal): done/total, rate, ETA, and
    how many errors and timeouts so far."""

    def __init__(self, name: str, total: int, skipped: int, *, enabled: bool):
        self.bad = {"error": 0, "timeout": 0}
        self.progress = None
        if not enabled or not sys.stderr.isatty():
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[bad]}"),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task(name, total=total, completed=skipped, rate="", bad="")
        self.t0 = time.perf_counter()
        self.n = 0

    def __enter__(self):
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.stop()

    def advance(self, status: str) -> None:
        if status in self.bad:
            self.bad[status] += 1
        if self.progress is None:
            return
        self.n += 1
        dt = time.perf_counter() - self.t0
        rate = f"{self.n / dt:.1f} inst/s" if dt > 0 else ""
        bad = ", ".join(f"{v} {k}" for k, v in self.bad.items() if v)
        self.progress.update(self.task, advance=1, rate=rate, bad=bad)
