"""Game files for the games of the field (``kind = "weighted-voting"`` and the others
of :mod:`declcoal.model.constructors`): a few parameters instead of 2^n − 1 worths::

    kind = "weighted-voting"
    name = "un-security-council"
    quota = 39
    weights = [7, 7, 7, 7, 7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    players = ["China", "France", ...]          # optional: p1, p2, ... by default

Each kind's keys are in :data:`SPECS`; unknown keys are errors (naming file and line).
"""
from __future__ import annotations

from ..errors import DeclcoalError, InputError
from ..model.constructors import (
    FieldGame, additive, airport, assignment_game, bankruptcy, glove, mst_game, unanimity, weighted_voting,
)
from .source import Source

COMMON = {"kind", "name", "description", "source", "meta"}

#: kind -> (required keys, optional keys, builder(doc, name))
SPECS = {
    "weighted-voting": (("quota", "weights"), ("players",),
                        lambda d, nm: weighted_voting(d["quota"], d["weights"], d.get("players"), nm)),
    "bankruptcy": (("estate", "claims"), ("players",),
                   lambda d, nm: bankruptcy(d["estate"], d["claims"], d.get("players"), nm)),
    "airport": (("costs",), ("players", "form"),
                lambda d, nm: airport(d["costs"], d.get("players"), nm, d.get("form", "cost"))),
    "glove": (("players", "left", "right"), (), lambda d, nm: glove(d["players"], d["left"], d["right"], nm)),
    "unanimity": (("players", "carrier"), ("worth",),
                  lambda d, nm: unanimity(d["players"], d["carrier"], d.get("worth", 1), nm)),
    "additive": (("values",), ("players",), lambda d, nm: additive(d["values"], d.get("players"), nm)),
    "mst": (("players", "edges"), ("source",),
            lambda d, nm: mst_game(d["players"], d["edges"], str(d.get("source", "0")), nm)),
    "assignment": (("buyers", "sellers", "value"), (),
                   lambda d, nm: assignment_game(d["buyers"], d["sellers"], d["value"], nm)),
}

_LISTS = {"weights", "claims", "costs", "values", "players", "carrier", "edges", "buyers", "sellers", "value"}


def field_from_doc(doc: dict, src: Source) -> FieldGame:
    """Build a game of the field from its parameters (``KINDS`` entry of each kind)."""
    kind = doc.get("kind")
    required, optional, build = SPECS[kind]
    allowed = COMMON | set(required) | set(optional)
    for k in doc:
        if k not in allowed:
            raise src.error(InputError(f"unknown key {k!r} in a {kind} game (allowed: {', '.join(sorted(allowed))})"), k)
    for k in required:
        if k not in doc:
            raise InputError(f"a {kind} game needs '{k}' (keys: {', '.join(required)})", file=src.name)
    for k in _LISTS & set(doc):
        if not isinstance(doc[k], list):
            raise src.error(InputError(f"'{k}' must be a list"), k)
    name = doc.get("name", _stem(src.name))
    if not isinstance(name, str):
        raise src.error(InputError("'name' must be a string"), "name")
    try:
        game = build(doc, name)
    except DeclcoalError as exc:
        raise src.error(exc, *_keys(exc.message, required + optional)) from None
    meta = {k: doc[k] for k in ("description", "source") if k in doc}
    if "meta" in doc:
        meta["meta"] = doc["meta"]
    object.__setattr__(game, "meta", meta)
    return game


def _keys(message: str, keys: tuple[str, ...]) -> list[str]:
    """The parameter an error is about, to find its line (weight 3 -> 'weights')."""
    low = message.lower()
    hits = [k for k in keys if k.rstrip("s") in low]
    return hits or list(keys[:1])


def _stem(path: str) -> str:
    from pathlib import Path

    return Path(path).stem
