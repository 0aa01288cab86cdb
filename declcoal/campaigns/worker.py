"""Running checks: one instance (:func:`run_one`) and killable worker processes.

A worker process (:class:`Child`) is a fresh Python interpreter started with
``subprocess`` (not ``multiprocessing``, so it also works inside daemonic Dask worker
processes). Parent and child talk through their stdin/stdout pipes with
``multiprocessing.connection`` framing (pickled messages); the child's own stdout is
redirected to stderr so a ``print`` inside a check cannot corrupt the channel.

Protocol, parent -> child: ``("init", sys_path, campaign_bytes)``, ``("batch", [Instance])``,
``("exit",)``. Child -> parent: ``("ready",)``, ``("start", id)``, ``("done", id, status,
result_json, error, seconds)``, ``("batch_done",)``, ``("interrupted",)``, ``("fatal", message)``.
A hung check is ended by killing the child: that is what makes a per-instance time
limit hard whatever the check does (a Z3 or clingo call in C code ignores Python
signals).
"""
from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from multiprocessing.connection import Connection, wait

from .core import canonical_json

OK, ERROR, TIMEOUT = "ok", "error", "timeout"


def dumps_campaign(campaign) -> bytes:
    """Pickle a campaign for workers: cloudpickle if installed (classes defined in
    ``__main__`` or a notebook then travel by value), plain pickle otherwise."""
    from ..errors import InputError

    try:
        import cloudpickle
    except ImportError:  # pragma: no cover - dask (and so cloudpickle) is an optional extra
        dump = pickle.dumps
    else:
        dump = cloudpickle.dumps
    try:
        return dump(campaign)
    except Exception as exc:  # noqa: BLE001 - pickling raises many kinds
        raise InputError(
            f"campaign {getattr(campaign, 'name', campaign)!r} cannot be sent to worker processes "
            f"({error_text(exc)}); keep solver objects out of the campaign object and build them in check(), "
            "or use --inprocess"
        ) from None


def run_one(campaign, inst) -> tuple[str, str | None, str | None, float]:
    """Check one instance: ``(status, result_json, error, seconds)``.

    An exception becomes an ``error`` with ``"Type: message"``; a check that returns
    something other than a JSON-able dict is an error too. KeyboardInterrupt and
    SystemExit pass through (they stop the campaign, they are not a result)."""
    t0 = time.perf_counter()
    try:
        result = campaign.check(inst)
        if not isinstance(result, dict):
            raise TypeError(f"check() returned {type(result).__name__}, not a dict")
        text = canonical_json(result)
    except (KeyboardInterrupt, SystemExit):
        raise
    except InstanceTimeout as exc:
        return TIMEOUT, None, str(exc), time.perf_counter() - t0
    except Exception as exc:  # noqa: BLE001 - any failure of a check is a row, not a crash
        return ERROR, None, error_text(exc), time.perf_counter() - t0
    return OK, text, None, time.perf_counter() - t0


def error_text(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()
    first = msg[0] if msg else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def timeout_text(limit: float) -> str:
    return f"time limit of {limit:g} s per instance exceeded"


class InstanceTimeout(Exception):
    """Raised by the in-process executor's alarm when an instance runs too long."""


# ---------------------------------------------------------------------------------------
# child side
# ---------------------------------------------------------------------------------------


def child_main() -> None:  # pragma: no cover - runs in the child process
    """Entry point of a worker process: serve batches until told to exit or EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    inp = Connection(os.dup(0), writable=False)
    out = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    campaign = None
    while True:
        try:
            msg = inp.recv()
        except (EOFError, OSError):
            return
        if msg[0] == "exit":
            return
        if msg[0] == "init":
            _, path, blob = msg
            for p in path:
                if p not in sys.path:
                    sys.path.append(p)
            try:
                campaign = pickle.loads(blob)
            except Exception as exc:  # noqa: BLE001
                out.send(("fatal", f"cannot rebuild the campaign in a worker: {error_text(exc)}"))
                return
            out.send(("ready",))
        elif msg[0] == "batch":
            for inst in msg[1]:
                out.send(("start", inst.id))
                try:
                    status, result, error, seconds = run_one(campaign, inst)
                except KeyboardInterrupt:
                    out.send(("interrupted",))
                    return
                out.send(("done", inst.id, status, result, error, seconds))
            out.send(("batch_done",))


# ---------------------------------------------------------------------------------------
# parent side
# ---------------------------------------------------------------------------------------


class WorkerStartError(RuntimeError):
    """A worker process could not rebuild the campaign."""


class Child:
    """One worker process, seen from the parent."""

    def __init__(self, campaign_blob: bytes, sys_path: list[str] | None = None):
        debug = os.environ.get("DECLCOAL_CAMPAIGN_DEBUG")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from declcoal.campaigns.worker import child_main; child_main()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None if debug else subprocess.DEVNULL,
            # its own process group: a terminal's Ctrl-C reaches the parent only, which stops
            # the children. (Not a new session: with Linux's autogroup scheduling a session
            # of its own would give each worker a whole session's CPU share on a shared machine.)
            process_group=0,
        )
        self.reader = Connection(os.dup(self.proc.stdout.fileno()), writable=False)
        self.writer = Connection(os.dup(self.proc.stdin.fileno()), readable=False)
        self.proc.stdout.close()
        self.proc.stdin.close()
        self.ready = False
        self.batch: list = []  # instances of the batch in hand not yet done
        self.current = None  # (instance, start time) of the instance being checked
        self._send(("init", list(sys_path if sys_path is not None else sys.path), campaign_blob))

    @property
    def busy(self) -> bool:
        return bool(self.batch)

    def give(self, batch: list) -> None:
        self.batch = list(batch)
        self.current = None
        self._send(("batch", self.batch))

    def _send(self, msg) -> None:
        """Send, or leave it to the reader: a dead worker shows up as EOF on its pipe,
        where the batch in hand is retried (or start-up fails with a message)."""
        try:
            self.writer.send(msg)
        except OSError:
            pass

    def kill(self) -> None:
        for conn in (self.reader, self.writer):
            try:
                conn.close()
            except OSError:
                pass
        if self.proc.poll() is None:
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass

    def stop(self) -> None:
        """Ask an idle child to exit, then make sure it has."""
        try:
            self.writer.send(("exit",))
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def exit_code(self) -> int | None:
        try:
            return self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:  # pragma: no cover
            return None


def run_batch_in_child(get_child, batch: list, limit: float | None, emit, max_attempts: int = 2) -> None:
    """Check ``batch`` in a killable worker process, one at a time, synchronously.

    ``get_child()`` returns a live :class:`Child` (a new one after a kill); ``emit(inst,
    status, result_json, error, seconds)`` receives each finished instance. An instance
    running past ``limit`` seconds is a ``timeout``: its process is killed and the rest of
    the batch goes to a fresh one. A process that dies on its own (killed, crashed) is
    replaced and the unfinished instances are retried; an instance that takes its
    process down ``max_attempts`` times is recorded as an ``error``. Used by the Dask
    executor when a time limit is set."""
    todo = list(batch)
    deaths: dict[str, int] = {}
    while todo:
        child = get_child()
        if not child.ready:
            _await_ready(child)
        child.give(todo)
        by_id = {inst.id: inst for inst in todo}
        while child.busy:
            wait_for = None
            if limit is not None and child.current is not None:
                wait_for = max(0.0, child.current[1] + limit - time.monotonic())
            if not wait([child.reader], timeout=wait_for):
                inst, t0 = child.current
                child.kill()
                emit(inst, TIMEOUT, None, timeout_text(limit), time.monotonic() - t0)
                child.batch.remove(inst)
                break
            try:
                msg = child.reader.recv()
            except (EOFError, OSError):
                code = child.exit_code()
                inst = child.current[0] if child.current else None
                child.kill()
                if inst is not None:
                    deaths[inst.id] = deaths.get(inst.id, 0) + 1
                    if deaths[inst.id] >= max_attempts:
                        emit(inst, ERROR, None, died_text(code, deaths[inst.id]), None)
                        child.batch.remove(inst)
                break
            if msg[0] == "start":
                child.current = (by_id[msg[1]], time.monotonic())
            elif msg[0] == "done":
                inst = by_id[msg[1]]
                emit(inst, *msg[2:])
                child.batch.remove(inst)
                child.current = None
            elif msg[0] == "batch_done":  # every instance was already reported "done"
                pass
            elif msg[0] == "interrupted":
                child.kill()
                raise KeyboardInterrupt
        todo = child.batch
        child.batch = []


def _await_ready(child: Child) -> None:
    try:
        msg = child.reader.recv()
    except (EOFError, OSError):
        code = child.exit_code()
        raise WorkerStartError(f"a worker process exited at start-up (exit code {code})") from None
    if msg[0] == "fatal":
        child.kill()
        raise WorkerStartError(msg[1])
    child.ready = True


def died_text(code: int | None, times: int) -> str:
    how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    return f"worker process died ({how}) while checking this instance, {times} times"
