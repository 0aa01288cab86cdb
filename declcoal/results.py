"""Result records shared by all concepts (DESIGN.md, principle 3).

Every concept returns a dataclass that records what was computed, by which algorithm
and solver, with which parameters, how long it took, and how far the answer can be
trusted (``guarantee``: ``exact``, ``certified`` or ``approximate``). ``to_dict()``
gives plain JSON-ready data; Fractions become exact strings (``"71/2"``) next to a
float.
"""
from __future__ import annotations

import dataclasses
import time
from contextlib import contextmanager
from fractions import Fraction
from typing import Any

import numpy as np

from .model.numbers import fraction_text

EXACT = "exact"
CERTIFIED = "certified"
APPROXIMATE = "approximate"


def jsonable(x: Any) -> Any:
    """Plain JSON data: Fraction -> "p/q" string, numpy -> lists, dataclasses -> dicts."""
    if isinstance(x, Fraction):
        return fraction_text(x)
    if isinstance(x, (bool, str, int)) or x is None:
        return x
    if isinstance(x, float):
        return x
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, np.ndarray):
        return [jsonable(v) for v in x.tolist()]
    if hasattr(x, "to_dict") and callable(x.to_dict):
        return x.to_dict()
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: jsonable(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in x]
    return str(x)


@dataclasses.dataclass
class Timer:
    seconds: float = 0.0


@contextmanager
def timed():
    """``with timed() as t: ...`` then ``t.seconds``."""
    t = Timer()
    start = time.perf_counter()
    try:
        yield t
    finally:
        t.seconds = time.perf_counter() - start
