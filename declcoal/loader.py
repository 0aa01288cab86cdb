"""``module:attribute`` and ``path/to/file.py:attribute``: the user hooks' import paths.

One loader for every place a user names their own code on the command line — campaigns
(``declcoal campaign run mypkg.mod:campaign``) and reductions (``declcoal verify
mod:MY_REDUCTION``). A dotted module is imported from ``sys.path`` plus the current folder
(as ``python -m`` does); a ``.py`` file is imported by its stem from its folder, so that
worker processes (which inherit ``sys.path``) find it too, and is registered with
cloudpickle *by value* when cloudpickle is installed, so that Dask workers elsewhere need
not have the file. Every failure is one :class:`~declcoal.errors.InputError` line.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

from .errors import InputError

__all__ = ["load_attribute", "import_module_or_file"]


def import_module_or_file(modname: str, label: str):
    """Import ``modname`` (dotted name, or a path ending in ``.py``); ``label`` starts
    the error line (e.g. ``campaign 'x.py:c'``)."""
    by_file = modname.endswith(".py")
    if by_file:
        path = Path(modname)
        if not path.is_file():
            raise InputError(f"{label}: no such file {modname}")
        folder = str(path.resolve().parent)
        if folder not in sys.path:
            sys.path.insert(0, folder)
        modname = path.stem
    elif "" not in sys.path and "." not in sys.path:
        sys.path.insert(0, "")  # like `python -m`: modules in the current folder
    try:
        module = importlib.import_module(modname)
    except ImportError as exc:
        raise InputError(f"{label}: cannot import {modname!r} ({exc})") from None
    if by_file:
        try:
            import cloudpickle

            cloudpickle.register_pickle_by_value(module)
        except (ImportError, ValueError):  # pragma: no cover
            pass
    return module


def load_attribute(spec: str, label: str):
    """The object ``spec = "module.path:attr.sub"`` (or ``"file.py:attr"``) names."""
    modname, colon, attr = spec.rpartition(":")
    if not colon or not modname or not attr:
        raise InputError(f"{label}: expected module:attribute or file.py:attribute, got {spec!r}")
    obj = import_module_or_file(modname, label)
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise InputError(f"{label}: module {modname!r} has no attribute {attr!r}")
        obj = getattr(obj, part)
    return obj
