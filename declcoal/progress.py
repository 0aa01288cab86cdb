"""Progress of long enumerations, reported without knowing who watches (issue 15, item 2).

Concept code marks a long loop with :func:`task` and advances it; it never imports a
renderer. The CLI installs one sink (:func:`set_sink`; ``declcoal/cli/_progress.py``
draws a rich progress bar on a terminal, after a short delay so quick runs stay quiet).
Without a sink — in Python, in tests, in pipes — a task costs one attribute update per
step::

    from declcoal import progress

    with progress.task("goal sets", total=2**m - 1) as t:
        for gs in goal_sets():
            ...
            t.advance()

When the loop is left by Ctrl-C, the task's last state is kept (:func:`interrupted_in`)
so that the CLI's "interrupted" line can say how far the enumeration had come.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator, Protocol

__all__ = ["Task", "task", "set_sink", "interrupted_in", "describe_interrupted", "iterate"]


class Task:
    """One running enumeration: a label, a total (None when unknown) and the steps done."""

    __slots__ = ("label", "total", "done", "unit", "started", "handle")

    def __init__(self, label: str, total: int | None, unit: str = "") -> None:
        self.label, self.total, self.unit = label, total, unit
        self.done = 0
        self.started = time.monotonic()
        self.handle = None  # the sink's own state

    def advance(self, k: int = 1) -> None:
        """``k`` more steps done."""
        self.done += k
        if _sink is not None:
            _sink.update(self)

    def describe(self) -> str:
        """``1,234 of 262,143 goal sets`` (or ``1,234 goal sets`` without a total)."""
        of = f" of {self.total:,}" if self.total is not None else ""
        return f"{self.done:,}{of} {self.label}"


class Sink(Protocol):
    def start(self, t: Task) -> None: ...
    def update(self, t: Task) -> None: ...
    def finish(self, t: Task) -> None: ...


_sink: Sink | None = None
_open: list[Task] = []
_interrupted: list[Task] = []


def set_sink(sink: Sink | None) -> None:
    """Install the renderer every later :func:`task` reports to (None: report nowhere)."""
    global _sink
    _sink = sink


@contextmanager
def task(label: str, total: int | None = None, unit: str = "") -> Iterator[Task]:
    """A long enumeration of ``total`` steps named ``label`` (plural noun: "coalitions")."""
    t = Task(label, total, unit)
    _open.append(t)
    if _sink is not None:
        _sink.start(t)
    try:
        yield t
    except KeyboardInterrupt:
        if not _interrupted:  # the innermost task is the first one left
            _interrupted.extend(reversed(_open))
        raise
    except GeneratorExit:  # an :func:`iterate` loop whose body was interrupted: the generator
        if not _interrupted and _ctrl_c():  # is closed as the interrupt leaves the loop
            _interrupted.extend(reversed(_open))
        raise
    finally:
        _open.remove(t)
        if _sink is not None:
            _sink.finish(t)


def _ctrl_c() -> bool:
    """Has Ctrl-C arrived (:func:`declcoal.interrupt.requested`)?"""
    from . import interrupt

    return interrupt.requested()


def iterate(items, label: str, total: int | None = None, every: int = 1):
    """``for x in iterate(items, "orders", total)``: a task advanced by each item
    (reported every ``every`` items, for hot loops)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)
    with task(label, total) as t:
        k = 0
        for x in items:
            yield x
            k += 1
            if k == every:
                t.advance(k)
                k = 0
        if k:
            t.advance(k)


def interrupted_in() -> list[Task]:
    """The tasks that were running when Ctrl-C arrived, innermost first (empty if none)."""
    return list(_interrupted)


def describe_interrupted() -> str | None:
    """``during goal sets: 1,234 of 262,143 done`` for the CLI's interrupted line."""
    if not _interrupted:
        return None
    return "; ".join(f"{t.describe()} done" for t in reversed(_interrupted))


def _reset_for_tests() -> None:  # pragma: no cover - test helper
    _open.clear()
    _interrupted.clear()
    set_sink(None)

