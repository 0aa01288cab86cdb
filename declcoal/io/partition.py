"""TOML/JSON documents of ``kind = "partition"``: partition-function games v(S, π)
(Ray & Vohra 2025, §3.3). Every structure is written by its blocks, ``"1|23"`` (players
with one-character names) or ``"P1|P2 P3"``; its worths as a table keyed by block, or
as a list in the order the blocks are written; several coalitional equilibria as a list
of those::

    kind = "partition"
    name = "cournot-10-234"
    players = ["1", "2", "3"]
    weights = [1, 1, 1]                  # optional, default 1 (consistent weights)
    [values]
    "1|2|3" = {1 = "121/16", 2 = "49/16", 3 = "9/16"}
    "1|23"  = {1 = 9, 23 = 4}
    "12|3"  = ["100/9", "16/9"]          # list: in the order the blocks are written
    "13|2"  = {13 = 9, 2 = 4}
    "123"   = {123 = 16}
    # "1|23" = [{1 = 9, 23 = 4}, {1 = 8, 23 = 5}]   several equilibria
    # "1|23" = {1 = 9, 23 = [[3, 1], [2, 2]]}      block 23 without transfers: its payoff vectors
    [coalition_weights]                  # optional per-coalition weights γ(S)
    "23" = [1, 2]

All Bell(n) structures must be present; worths are exact numbers >= 0 (``0.8`` = 4/5,
``"100/9"``). Errors name the file and the line of the offending structure.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ..errors import DeclcoalError, GameError, InputError
from ..model.partition import PartitionGame, all_structures, bell, check_player_names, check_size, parse_structure, \
    structure_label
from .source import Source

KEYS = {"kind", "name", "players", "values", "weights", "coalition_weights", "description", "source", "meta"}


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float, str, Decimal)) and not isinstance(x, bool)


def _is_block_value(x: object) -> bool:
    """A worth, or a block's finite set of payoff vectors (a list of lists of numbers)."""
    return _is_number(x) or (isinstance(x, list) and bool(x) and all(isinstance(p, list) for p in x))


def _equilibria(key: str, val: object, players) -> list:
    """The worth tables of one structure entry (one per equilibrium)."""
    if isinstance(val, Mapping):
        return [dict(val)]
    if isinstance(val, list):
        if val and all(_is_block_value(x) for x in val):
            return [_by_written_order(key, val, players)]
        if val and all(isinstance(x, (Mapping, list)) for x in val):
            return [dict(x) if isinstance(x, Mapping) else _by_written_order(key, x, players) for x in val]
    raise GameError(f"structure {key!r}: give the block worths as a table ({{\"1\" = 9, \"23\" = 4}}), a list in "
                    "block order, or a list of those (several equilibria)")


def _by_written_order(key: str, vals: list, players) -> dict:
    blocks = [b.strip() for b in key.split("|")]
    if len(vals) != len(blocks):
        raise GameError(f"structure {key!r} has {len(blocks)} blocks but {len(vals)} worths are given")
    return {b: v for b, v in zip(blocks, vals)}


def partition_from_doc(doc: dict, src: Source) -> PartitionGame:
    """Build a :class:`PartitionGame` from a parsed ``kind = "partition"`` document."""
    name, players = src.header(doc, KEYS, ("players", "values"), "a partition game")
    values = doc["values"]
    if not isinstance(values, dict):
        raise src.error(InputError("'values' must be a table keyed by structure, e.g. \"1|23\" = {1 = 9, 23 = 4}"),
                        "values")
    try:
        names = check_player_names([str(p) if isinstance(p, int) and not isinstance(p, bool) else p for p in players])
        check_size(len(names))
    except DeclcoalError as exc:
        raise src.error(exc, "players") from None
    table = {}
    for key, val in values.items():
        try:
            pi = parse_structure(key, names)
            if pi in table:
                raise GameError(f"structure {key!r} is given twice (as {structure_label(pi, names)})")
            table[pi] = _equilibria(key, val, names)
        except DeclcoalError as exc:
            raise src.error(exc, key) from None
    for pi in all_structures(len(names)):
        if pi not in table:
            raise src.error(GameError(f"missing structure {structure_label(pi, names)}: a partition function needs "
                                      f"v(S, π) for all Bell({len(names)}) = {bell(len(names))} structures"), "values")
    for k in ("weights", "coalition_weights"):
        if k in doc and not isinstance(doc[k], (list if k == "weights" else dict)):
            raise src.error(InputError(f"'{k}' must be a {'list with one number per player' if k == 'weights' else 'table keyed by coalition'}"), k)
    try:
        game = PartitionGame.build(names, {pi: eqs for pi, eqs in table.items()}, weights=doc.get("weights"),
                                   coalition_weights=doc.get("coalition_weights"), name=name)
    except DeclcoalError as exc:
        keys = [k for k in values if _mentions(exc.message, k, names)]
        raise src.error(exc, *keys, *(["weights"] if "weight" in exc.message else []), "values") from None
    meta = {k: doc[k] for k in ("description", "source") if k in doc}
    if "meta" in doc:
        meta["meta"] = doc["meta"]
    game.meta.update(meta)
    return game


def _mentions(message: str, key: str, names) -> bool:
    try:
        lab = structure_label(parse_structure(key, names), names)
    except DeclcoalError:
        return False
    return f"structure {lab}" in message or f", {lab})" in message or key in message


__all__ = ["partition_from_doc"]
