"""Ctrl-C that reaches every solver (issue 15, item 4; docs/limits.md, "Interrupting").

Python runs a SIGINT handler only between bytecodes of the main thread, so a long call
into C — a Z3 ``check()``, a clingo ``solve()`` — would finish (or, with Z3's own
Ctrl-C handling, return ``unknown``) before Python noticed. :func:`install` therefore

* installs a handler that raises :class:`KeyboardInterrupt` in the main thread, as
  Python's does (but never inside a ``__del__``, where Python would swallow it),
* asks the handler's C part to write each signal to a pipe (``signal.set_wakeup_fd``)
  and starts a daemon thread reading it: on SIGINT the thread marks the run as
  interrupted (:func:`requested`) and interrupts every running solver — Z3's context
  (``Context.interrupt()``) and every clingo ``Control`` made through
  :func:`register` (``Control.interrupt()``, thread-safe by clingo's documentation);
* turns off Z3's own SIGINT handling (parameter ``ctrl_c``), which would otherwise take
  the signal from Python and make ``check()`` answer ``unknown`` ("canceled").

The solver call then returns at once and the pending :class:`KeyboardInterrupt` is
raised in the main thread; the CLI prints ``declcoal: interrupted`` and exits 130. Any
error that follows an interrupt (a solver's ``unknown``, an exception from a callback)
is reported as the interrupt it is, thanks to :func:`requested`.
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import os
import signal
import sys
import threading
import weakref

_requested = threading.Event()
_delivered = threading.Event()
_controls: "weakref.WeakSet" = weakref.WeakSet()
_installed = False


def requested() -> bool:
    """True once SIGINT has arrived in this process (after :func:`install`)."""
    return _requested.is_set()


def _handler(signum, frame) -> None:
    """Python's SIGINT handler, with two refinements: the interrupt is recorded at once
    (so an error it causes is reported as the interrupt), and it is not raised inside a
    ``__del__`` — Python would print "Exception ignored" there and run on (Z3's objects
    release their references in ``__del__``) — nor inside clingo's Python callbacks,
    where clingo would abort the process; it is raised again a moment later."""
    _requested.set()
    f, depth = frame, 0
    while f is not None and depth < 64:
        if f.f_code.co_name == "__del__" or str(f.f_globals.get("__name__", "")).startswith("clingo"):
            _raise_later()
            return
        f, depth = f.f_back, depth + 1
    _delivered.set()
    raise KeyboardInterrupt


def _raise_later() -> None:
    def again() -> None:
        import _thread

        if not _delivered.is_set():
            _thread.interrupt_main()

    t = threading.Timer(0.02, again)
    t.daemon = True
    t.start()


def delivered() -> None:
    """The interrupt is being raised by other means (a solver call that returned because
    of it raises :class:`KeyboardInterrupt` itself): the handler's deferred raise must not
    fire a second time, later, outside the code that handles the first one."""
    _delivered.set()


def finish() -> None:
    """The interrupt has been reported: ignore further Ctrl-C while the process ends."""
    _delivered.set()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def register(control) -> None:
    """Interrupt this clingo ``Control`` on Ctrl-C (kept as a weak reference)."""
    try:
        _controls.add(control)
    except TypeError:  # pragma: no cover - objects without weak references
        pass


def _interrupt_solvers() -> None:
    z3 = sys.modules.get("z3")
    if z3 is not None:
        try:
            z3.main_ctx().interrupt()
        except Exception:  # noqa: BLE001 - best effort from a helper thread
            pass
    for ctl in list(_controls):
        try:
            ctl.interrupt()
        except Exception:  # noqa: BLE001
            pass


def _watch(fd: int) -> None:
    while True:
        try:
            data = os.read(fd, 64)
        except OSError:  # pragma: no cover
            return
        if not data:
            return
        if signal.SIGINT in data:
            _requested.set()
            _interrupt_solvers()


def _z3_without_ctrl_c(module) -> None:
    try:
        module.set_param("ctrl_c", False)
    except Exception:  # noqa: BLE001 - an older Z3 without the parameter
        pass


class _Z3Hook(importlib.abc.MetaPathFinder):
    """Sets Z3's ``ctrl_c = false`` right after ``import z3`` (which stays lazy)."""

    def find_spec(self, name, path=None, target=None):  # noqa: D102
        if name != "z3":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            _z3_without_ctrl_c(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def install() -> None:
    """Install the Ctrl-C machinery (main thread only; idempotent)."""
    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        return
    _installed = True
    # a shell starts background jobs with SIGINT ignored; an explicit handler undoes that
    signal.signal(signal.SIGINT, _handler)
    if "z3" in sys.modules:
        _z3_without_ctrl_c(sys.modules["z3"])
    else:
        sys.meta_path.insert(0, _Z3Hook())
    try:
        r, w = os.pipe()
        os.set_blocking(w, False)
        signal.set_wakeup_fd(w, warn_on_full_buffer=False)
    except (OSError, ValueError):  # pragma: no cover - no pipes: Python's handler alone
        return
    threading.Thread(target=_watch, args=(r,), name="declcoal-ctrl-c", daemon=True).start()


__all__ = ["install", "requested", "register", "finish", "delivered"]
