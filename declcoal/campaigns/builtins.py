"""The registry of built-in campaigns (``declcoal campaign list``).

To add one, in any module of declcoal::

    from declcoal.campaigns import Campaign, builtin

    @builtin("my-check", "one line for `campaign list`")
    class MyCheck(Campaign):
        name = "my-check"
        def __init__(self, n=3, count=100, seed=0): ...

and add the module's dotted name to :data:`BUILTIN_MODULES` below (one line), so the
registry imports it when a built-in is looked up. The registered object is a factory
called with the CLI's ``key=value`` parameters as keyword arguments (values parsed as
JSON when they can be: ``n=4`` is an int, ``name=abc`` a string).
"""
from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from typing import Callable

from ..errors import InputError

#: modules that define built-in campaigns; imported on first look-up
BUILTIN_MODULES: list[str] = [
    "declcoal.campaigns.demo",
    "declcoal.campaigns.ray_vohra",
    "declcoal.campaigns.crg_props",
    "declcoal.campaigns.cournot",
    "declcoal.reductions.campaign",
]


@dataclass(frozen=True)
class Builtin:
    name: str
    factory: Callable
    help: str

    def parameters(self) -> dict:
        """Parameter names and defaults of the factory (for ``campaign list``): the
        ``params`` of the campaign built with no arguments, when that works."""
        try:
            made = self.factory()
            if isinstance(getattr(made, "params", None), dict):
                return dict(made.params)
        except Exception:  # noqa: BLE001 - fall back to the signature
            pass
        try:
            sig = inspect.signature(self.factory)
        except (TypeError, ValueError):  # pragma: no cover
            return {}
        return {
            p.name: (None if p.default is inspect.Parameter.empty else p.default)
            for p in sig.parameters.values()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        }


BUILTINS: dict[str, Builtin] = {}
_loaded = False


def builtin(name: str, help: str = ""):
    """Decorator: register a campaign factory (a Campaign subclass or a function
    returning a campaign) under ``name``."""

    def deco(factory):
        BUILTINS[name] = Builtin(name, factory, help or (inspect.getdoc(factory) or "").split("\n")[0])
        return factory

    return deco


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for mod in BUILTIN_MODULES:
        try:
            importlib.import_module(mod)
        except ImportError as exc:  # an optional family missing must not hide the others
            if exc.name and mod.startswith(exc.name):  # the module itself is absent
                continue
            raise


def builtins() -> dict[str, Builtin]:
    """Every registered built-in, by name."""
    _load_all()
    return dict(sorted(BUILTINS.items()))


def make_builtin(name: str, params: dict):
    """The built-in campaign ``name`` built with ``params``."""
    table = builtins()
    if name not in table:
        raise InputError(f"no built-in campaign {name!r} (built-ins: {', '.join(table)}; or give module:attribute)")
    return _call(table[name].factory, params, name)


def _call(factory, params: dict, label: str):
    try:
        sig = inspect.signature(factory)
        sig.bind(**params)
    except TypeError as exc:
        allowed = ", ".join(Builtin(label, factory, "").parameters()) or "none"
        raise InputError(f"campaign {label!r}: bad parameters ({exc}); parameters: {allowed}") from None
    except ValueError:  # pragma: no cover - no signature available
        pass
    try:
        return factory(**params)
    except (ValueError, TypeError, ArithmeticError) as exc:  # int("abc"), float("x"), 1/0 in a factory
        raise InputError(f"campaign {label!r}: bad parameter value ({exc})") from None


def load_campaign(spec: str, params: dict | None = None):
    """A campaign from a built-in name or ``module.path:attribute`` (also
    ``path/to/file.py:attribute``).

    The attribute may be a campaign object (then ``params`` must be empty) or a
    factory - a Campaign subclass or a function - called with ``params`` as keyword
    arguments."""
    params = dict(params or {})
    if ":" not in spec:
        return make_builtin(spec, params)
    from ..loader import load_attribute

    obj = load_attribute(spec, f"campaign {spec!r}")
    if hasattr(obj, "check") and hasattr(obj, "instances") and not inspect.isclass(obj):
        if params:
            raise InputError(f"campaign {spec!r} is an object, not a factory: it takes no parameters")
        return obj
    if callable(obj):
        return _call(obj, params, spec)
    raise InputError(f"campaign {spec!r} is neither a campaign nor a factory of campaigns")


def parse_params(pairs: list[str]) -> dict:
    """``["n=4", "dist=uniform"]`` -> ``{"n": 4, "dist": "uniform"}`` (JSON values when
    they parse, strings otherwise)."""
    import json

    out: dict = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        key = key.strip().replace("-", "_")
        if not eq or not key.isidentifier():
            raise InputError(f"campaign parameter {pair!r}: expected key=value")
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out
