"""Executors: where the checks run (issue 10, item 2). One interface, three places.

``executor.run(campaign, batches, limit, emit)`` checks every instance of every batch
and calls ``emit(inst, status, result_json, error, seconds)`` once per instance, in the
parent process, as results arrive. Records do not depend on the executor: a check is
run by the same :func:`~declcoal.campaigns.worker.run_one` everywhere.

How the per-instance time limit works with each executor (``limit`` seconds):

* :class:`InProcess` - a ``SIGALRM`` timer raises inside the check. Cooperative only:
  Python code is interrupted, a long call into C (Z3, clingo) is not. For debugging.
* :class:`LocalProcesses` - worker processes report when they start each instance; the
  parent kills a worker whose instance runs past the limit (a hard limit: whatever the
  check is doing), records ``timeout``, starts a fresh worker and hands it the rest of
  the batch.
* :class:`Dask` - without a limit the batch runs in the Dask worker's thread. With a
  limit each Dask worker thread keeps one killable child process (the same worker as
  above) and the task supervises it, so the limit is hard on a cluster too.
"""
from __future__ import annotations

import math
import os
import signal
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import wait

from ..errors import InputError
from .worker import (
    ERROR,
    TIMEOUT,
    Child,
    InstanceTimeout,
    WorkerStartError,
    died_text,
    dumps_campaign,
    run_batch_in_child,
    run_one,
    timeout_text,
)


class InProcess:
    """Every check in this process, one after the other (for debugging: breakpoints,
    tracebacks with ``--debug``). The time limit is a cooperative ``SIGALRM``."""

    name = "inprocess"
    slots = 1

    def run(self, campaign, batches, limit, emit) -> None:
        for batch in batches:
            for inst in batch:
                emit(inst, *_run_with_alarm(campaign, inst, limit))

    def describe(self) -> str:
        return "in-process"


def _run_with_alarm(campaign, inst, limit):
    usable = limit is not None and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        return run_one(campaign, inst)

    def on_alarm(signum, frame):
        raise InstanceTimeout(timeout_text(limit))

    old = signal.signal(signal.SIGALRM, on_alarm)
    t0 = time.perf_counter()
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            return run_one(campaign, inst)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except InstanceTimeout:  # the alarm fired between the check and disarming it
        return TIMEOUT, None, timeout_text(limit), time.perf_counter() - t0
    finally:
        signal.signal(signal.SIGALRM, old)


class LocalProcesses:
    """``jobs`` worker processes on this machine (default: all cores), fed batches.

    A worker is a fresh interpreter (spawn semantics: the campaign travels pickled,
    by reference to its module). A killed or crashed worker is replaced and its
    unfinished batch retried; an instance that brings a worker down ``max_attempts``
    times becomes an ``error`` row."""

    name = "local"

    def __init__(self, jobs: int | None = None, max_attempts: int = 2):
        self.jobs = max(1, int(jobs or os.cpu_count() or 1))
        self.max_attempts = max_attempts

    @property
    def slots(self) -> int:
        return self.jobs

    def describe(self) -> str:
        return f"{self.jobs} local process{'es' if self.jobs != 1 else ''}"

    def run(self, campaign, batches, limit, emit) -> None:
        blob = dumps_campaign(campaign)
        path = list(sys.path)
        batches = iter(batches)
        retry: deque[list] = deque()
        deaths: dict[str, int] = {}
        children: list[Child | None] = [None] * self.jobs
        exhausted = False

        def next_batch():
            nonlocal exhausted
            if retry:
                return retry.popleft()
            if exhausted:
                return None
            batch = next(batches, None)
            if batch is None:
                exhausted = True
            return batch

        try:
            # start only as many workers as there is work for (each costs an interpreter)
            first = []
            for _ in range(self.jobs):
                b = next_batch()
                if b is None:
                    break
                first.append(b)
            retry.extend(first)
            for k in range(len(first)):
                children[k] = Child(blob, path)
            while True:
                for c in children:
                    if c is not None and c.ready and not c.busy:
                        b = next_batch()
                        if b is not None:
                            c.give(b)
                active = [c for c in children if c is not None and (c.busy or not c.ready)]
                if not active:
                    if exhausted and not retry:
                        return
                    if all(c is None for c in children):
                        children[0] = Child(blob, path)
                    continue
                ready = wait([c.reader for c in active], timeout=self._wait_time(active, limit))
                for k, c in enumerate(children):
                    if c is None:
                        continue
                    if c.reader in ready and not self._drain(c, emit, deaths, retry):
                        children[k] = Child(blob, path) if (retry or not exhausted) else None
                    elif limit is not None and c.current is not None and time.monotonic() - c.current[1] >= limit:
                        inst, t0 = c.current
                        c.kill()
                        emit(inst, TIMEOUT, None, timeout_text(limit), time.monotonic() - t0)
                        c.batch.remove(inst)
                        if c.batch:
                            retry.appendleft(c.batch)
                        children[k] = Child(blob, path) if (retry or not exhausted) else None
        finally:
            for c in children:
                if c is not None:
                    c.kill()

    @staticmethod
    def _wait_time(active, limit) -> float | None:
        if limit is None:
            return None
        now = time.monotonic()
        waits = [c.current[1] + limit - now for c in active if c.current is not None]
        return max(0.0, min(waits)) if waits else None

    def _drain(self, c: Child, emit, deaths, retry) -> bool:
        """Handle every message waiting from ``c``; False if the worker died."""
        try:
            while c.reader.poll():
                msg = c.reader.recv()
                kind = msg[0]
                if kind == "ready":
                    c.ready = True
                elif kind == "fatal":
                    c.kill()
                    raise WorkerStartError(msg[1])
                elif kind == "start":
                    c.current = (next(i for i in c.batch if i.id == msg[1]), time.monotonic())
                elif kind == "done":
                    inst = c.current[0] if c.current and c.current[0].id == msg[1] else next(
                        i for i in c.batch if i.id == msg[1]
                    )
                    emit(inst, *msg[2:])
                    c.batch.remove(inst)
                    c.current = None
                elif kind == "batch_done":  # every instance was already reported "done"
                    pass
                elif kind == "interrupted":
                    raise KeyboardInterrupt
            return True
        except (EOFError, OSError):
            code = c.exit_code()
            c.kill()
            if not c.ready:
                raise WorkerStartError(f"a worker process exited at start-up ({died_text(code, 1)})") from None
            inst = c.current[0] if c.current else None
            if inst is not None:
                deaths[inst.id] = deaths.get(inst.id, 0) + 1
                if deaths[inst.id] >= self.max_attempts:
                    emit(inst, ERROR, None, died_text(code, deaths[inst.id]), None)
                    c.batch.remove(inst)
            if c.batch:
                retry.appendleft(c.batch)
            c.batch = []
            return False


# ---------------------------------------------------------------------------------------
# Dask
# ---------------------------------------------------------------------------------------


class Dask:
    """Batches as tasks on a Dask distributed cluster.

    ``address`` is a scheduler address (``tcp://host:8786``) or ``local:N`` / ``local``
    to start a LocalCluster of N single-threaded worker processes here (shut down at the
    end). Every worker needs declcoal (and the campaign's module) importable. A batch
    whose worker dies is rescheduled by Dask; if it keeps killing workers its instances
    are retried one per task and the one that still kills becomes an ``error`` row."""

    name = "dask"

    def __init__(self, address: str, timeout: float | None = None, option: str = "--dask-timeout"):
        from ..limits import DASK_CONNECT_SECONDS

        self.address = address
        self.timeout = DASK_CONNECT_SECONDS if timeout is None else timeout
        self.option = option  # named when the scheduler cannot be reached in time
        self.client = None
        self.cluster = None

    def describe(self) -> str:
        return f"Dask {self.address}"

    def _connect(self):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise InputError("--dask needs Dask distributed: pip install 'declcoal[dask]'") from None
        addr = self.address
        if addr == "local" or addr.startswith("local:"):
            n = addr.partition(":")[2] or str(os.cpu_count() or 1)
            if not n.isdigit() or int(n) < 1:
                raise InputError(f"--dask {addr}: expected local:N with N a positive number of workers")
            from ..limits import CAMPAIGN_JOBS

            if int(n) > CAMPAIGN_JOBS:
                raise InputError(f"--dask {addr}: at most {CAMPAIGN_JOBS:,} local workers (as --jobs)")
            import logging
            import warnings

            import dask

            with warnings.catch_warnings(), dask.config.set({"distributed.worker.profile.enabled": False}):
                # "port 8787 in use": another cluster on this machine, harmless; the
                # statistical profiler samples the check's thread every 10 ms: not needed here
                warnings.filterwarnings("ignore", message=".*already in use.*")
                self.cluster = LocalCluster(
                    n_workers=int(n), threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.CRITICAL,  # task failures are reported by declcoal itself
                )
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(addr, timeout=f"{self.timeout}s")
            except (OSError, TimeoutError) as exc:
                why = "" if "Timed out" in str(exc) or not str(exc) else f"{exc}; "
                raise InputError(f"--dask {addr}: cannot reach the scheduler within {self.timeout:g} s "
                                 f"({why}{self.option} SEC waits longer)") from None
            except (ValueError, TypeError) as exc:  # distributed's address parser: "missing port number"
                raise InputError(f"--dask {addr}: not a scheduler address ({exc}); give tcp://host:port or local:N") from None

    @property
    def slots(self) -> int:
        if self.client is None:
            self._connect()
        return max(1, sum(self.client.nthreads().values()))

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def run(self, campaign, batches, limit, emit) -> None:
        from dask.distributed import as_completed

        try:
            from distributed.scheduler import KilledWorker
        except ImportError:  # pragma: no cover
            KilledWorker = RuntimeError  # noqa: N806
        if self.client is None:
            self._connect()
        try:
            blob = self.client.scatter(dumps_campaign(campaign), broadcast=True, hash=False)
            # several tasks in flight per worker: a task's round trip through the scheduler
            # costs milliseconds, which a worker would otherwise spend idle
            window = max(8, 4 * self.slots)
            pending = as_completed()
            held: dict = {}
            batches = iter(batches)
            retry: deque[tuple[list, bool]] = deque()

            def submit_next() -> bool:
                if retry:
                    batch, single = retry.popleft()
                else:
                    batch, single = next(batches, None), False
                    if batch is None:
                        return False
                fut = self.client.submit(dask_batch_task, blob, batch, limit, pure=False)
                held[fut] = (batch, single)
                pending.add(fut)
                return True

            for _ in range(window):
                if not submit_next():
                    break
            for fut in pending:
                batch, single = held.pop(fut)
                try:
                    rows = fut.result()
                except KilledWorker as exc:
                    if single or len(batch) == 1:
                        emit(batch[0], ERROR, None, f"Dask worker died while checking this instance ({exc})", None)
                    else:
                        retry.extend(([inst], True) for inst in batch)
                    rows = []
                except Exception as exc:  # noqa: BLE001 - checks never raise here: this is the set-up
                    from .worker import error_text

                    raise WorkerStartError(
                        f"a Dask task failed ({error_text(exc)}); every worker needs declcoal and the campaign's "
                        "module importable (same versions as here)"
                    ) from None
                for inst, row in zip(batch, rows):
                    emit(inst, *row)
                while len(held) < window and submit_next():
                    pass
        finally:
            self.close()


_CACHE: dict = {}
_LOCAL = threading.local()


def dask_batch_task(blob: bytes, batch: list, limit: float | None) -> list[tuple]:
    """A Dask task: check a batch, return one ``(status, result_json, error, seconds)``
    per instance, in order. Runs on a Dask worker."""
    import hashlib
    import pickle

    key = hashlib.sha1(blob).hexdigest()
    if limit is None:
        campaign = _CACHE.get(key)
        if campaign is None:
            _CACHE.clear()
            campaign = _CACHE[key] = pickle.loads(blob)
        return [run_one(campaign, inst) for inst in batch]
    rows: dict[str, tuple] = {}

    def get_child() -> Child:
        c = getattr(_LOCAL, "child", None)
        if c is None or getattr(_LOCAL, "key", None) != key or c.proc.poll() is not None or c.reader.closed:
            if c is not None:
                c.kill()
            c = _LOCAL.child = Child(blob)
            _LOCAL.key = key
        return c

    run_batch_in_child(get_child, batch, limit, lambda inst, *row: rows.__setitem__(inst.id, row))
    return [rows[inst.id] for inst in batch]


def make_executor(executor="local", *, jobs=None, dask=None, dask_timeout=None, option="--dask-timeout"):
    """The executor named by the arguments of :func:`run_campaign`."""
    if dask is not None:
        return Dask(dask, dask_timeout, option)
    if not isinstance(executor, str):
        return executor
    if executor in ("inprocess", "in-process", "serial"):
        return InProcess()
    if executor in ("local", "processes"):
        return LocalProcesses(jobs)
    if executor == "dask":
        return Dask("local")
    raise InputError(f"unknown executor {executor!r} (choose inprocess, local or dask)")


def default_batch_size(pending: int, slots: int) -> int:
    """Batches big enough to hide per-task overhead, small enough that every slot gets
    about eight of them (load balance, fine-grained resume): between 1 and 64."""
    if pending <= 0:
        return 1
    return max(1, min(64, math.ceil(pending / (8 * max(1, slots)))))
