"""The CLI's renderer of :mod:`declcoal.progress`: a rich progress bar on stderr, only on
a terminal and only for work that has already taken :data:`DELAY` seconds (quick runs
print nothing extra); transient, so the answer below it is what stays on screen."""
from __future__ import annotations

import sys
import time

from .. import progress

#: seconds a task must run before its bar appears
DELAY = 0.7


class RichSink:
    """Draws every open task as one bar line: label, bar, done/total, elapsed, ETA."""

    def __init__(self) -> None:
        self._progress = None
        self._open = 0

    def _bar(self):
        if self._progress is None:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            from ._render import err_console

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), TimeRemainingColumn(), console=err_console,
                                      transient=True)
            self._progress.start()
        return self._progress

    def start(self, t: progress.Task) -> None:
        self._open += 1

    def update(self, t: progress.Task) -> None:
        if t.handle is None:
            if time.monotonic() - t.started < DELAY:
                return
            t.handle = self._bar().add_task(t.label, total=t.total, completed=t.done)
        else:
            self._progress.update(t.handle, completed=t.done)

    def finish(self, t: progress.Task) -> None:
        self._open -= 1
        if t.handle is not None and self._progress is not None:
            self._progress.remove_task(t.handle)
        if self._open == 0 and self._progress is not None:
            self._progress.stop()
            self._progress = None


def install() -> None:
    """Show progress bars when stderr is a terminal (the only place a bar is useful)."""
    if sys.stderr.isatty():
        progress.set_sink(RichSink())
