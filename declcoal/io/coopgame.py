"""coopgame's named-player files (matsu7874/coopgame, ``docs/input-format.md``;
``coopgame.parse_game`` in coopgame-py): JSON and CSV.

JSON — recognised by its ``type`` key (or a ``values`` array), no declcoal ``kind``::

    {"players": ["A", "B", "C"], "type": "value",
     "values": {"A": 0, "B": 0, "C": 0, "A,B": 4, "A,C": 3, "B,C": 2, "A,B,C": 6}}

``values`` may also be ``[{"coalition": ["A", "B"], "value": 4}, ...]``; ``players`` may
be left out (names in order of first appearance).

CSV — header ``coalition,value`` (or ``coalition,cost``), members joined by ``|``::

    coalition,value
    A,0
    A|B,4
    A|B|C,6

Blank lines and lines starting with ``#`` are skipped; players in order of appearance.

coopgame-py 0.3 (the release on PyPI) numbers its players instead: ``"players": 3``
and coalitions of 0-based numbers (``"0,1"`` in JSON, ``0|1`` in CSV). Both are read;
numbered players are named ``p0, p1, ...`` and written back numbered
(``numbered=True``, ``declcoal convert --to coopgame --numbered``).
Every coalition must be given (coopgame's default ``missing = "error"``). ``type =
"cost"`` games are read as their cost function c(S) and remembered as cost games
(``meta["type"]``) so that they are written back as such; declcoal's concepts read
the numbers as worths (see docs/file-formats.md).
"""
from __future__ import annotations

import csv
import io
import json

from ..errors import DeclcoalError, InputError
from ..model.numbers import exact_text
from ..model.tu import TUGame
from .source import Source

__all__ = ["is_coopgame_doc", "coopgame_from_doc", "read_coopgame_csv", "coopgame_json", "coopgame_csv"]


def is_coopgame_doc(doc: dict) -> bool:
    """A JSON document in coopgame's format rather than declcoal's."""
    if "kind" in doc:
        return False
    return "type" in doc or isinstance(doc.get("values"), list) and any(isinstance(v, dict) for v in doc["values"])


def _type(value: object, src: Source) -> str:
    if value not in ("value", "cost"):
        raise src.error(InputError(f"coopgame 'type' must be \"value\" or \"cost\", got {value!r}"), "type")
    return str(value)


def _build(players: list[str] | None, entries: list[tuple[list[str], object, int | None]], kind: str, src: Source,
           name: str) -> TUGame:
    order: list[str] = list(players) if players is not None else []
    if players is None:
        for members, _, _ in entries:
            for p in members:
                if p not in order:
                    order.append(p)
    lines: dict[frozenset, int | None] = {}
    for members, _, line in entries:
        if not members:
            raise InputError("the empty coalition has no value to give (it is always 0)", file=src.name, line=line)
        for p in members:
            if p not in order:
                raise InputError(f"unknown player {p!r} in coalition {','.join(members)!r}; players are "
                                 f"{', '.join(order)}", file=src.name, line=line)
        if frozenset(members) in lines:
            raise InputError(f"coalition {{{','.join(members)}}} is given twice", file=src.name, line=line)
        lines[frozenset(members)] = line
    numbered = bool(order) and all(p.isdigit() for p in order)  # coopgame-py 0.3: players 0..n-1
    if numbered:
        if sorted(int(p) for p in order) != list(range(len(order))):
            raise InputError(f"numbered players must be 0..n-1, got {', '.join(order)}", file=src.name)
        order = sorted(order, key=int)

    def rename(p: str) -> str:
        return f"p{p}" if numbered else p

    worths = {tuple(rename(p) for p in members): value for members, value, _ in entries}
    try:
        game = TUGame.from_dict([rename(p) for p in order], worths, name=name)
    except DeclcoalError as exc:
        key = getattr(exc, "key", None)
        line = lines.get(frozenset(p[1:] if numbered else p for p in key)) if isinstance(key, tuple) else None
        raise exc.located(src.name, line) from None
    meta: dict = {}
    if kind == "cost":
        meta["type"] = "cost"
    if numbered:
        meta["coopgame_numbered"] = True
    object.__setattr__(game, "meta", {"meta": meta} if meta else {})
    return game


def coopgame_from_doc(doc: dict, src: Source) -> TUGame:
    """A TU game from coopgame's JSON document (object or array ``values``)."""
    unknown = sorted(set(doc) - {"players", "type", "values", "name"})
    if unknown:
        raise src.error(InputError(f"unknown key {unknown[0]!r} in a coopgame JSON file (keys: players, type, values)"),
                        unknown[0])
    kind = _type(doc.get("type", "value"), src)
    players = doc.get("players")
    numbered = isinstance(players, int) and not isinstance(players, bool)
    if numbered:
        if players < 1:
            raise src.error(InputError(f"'players' must be a positive number of players, got {players}"), "players")
        players = [str(i) for i in range(players)]
    elif players is not None and (not isinstance(players, list) or not all(isinstance(p, str) for p in players)):
        raise src.error(InputError("'players' must be a list of names or a number of players"), "players")
    values = doc.get("values")
    entries: list[tuple[list[str], object, int | None]] = []
    if isinstance(values, dict):
        for key, v in values.items():
            members = [t.strip() for t in key.split(",") if t.strip()]
            entries.append((members, v, src.line_of_key(key)))
    elif isinstance(values, list):
        for k, item in enumerate(values):
            if not isinstance(item, dict) or not isinstance(item.get("coalition"), list) or "value" not in item:
                raise src.error(InputError(f"values[{k}] must be {{\"coalition\": [names], \"value\": number}}"), "values")
            entries.append(([str(p).strip() for p in item["coalition"]], item["value"], None))
    else:
        raise src.error(InputError("'values' must be an object keyed by coalition or an array"), "values")
    name = doc.get("name") if isinstance(doc.get("name"), str) else _stem(src.name)
    return _build([p.strip() for p in players] if players is not None else None, entries, kind, src, name)


def read_coopgame_csv(src: Source) -> list[TUGame]:
    """coopgame's CSV (``coalition,value`` / ``coalition,cost``; members joined by ``|``)."""
    rows = [(no, line.strip()) for no, line in enumerate(src.text.splitlines(), start=1)]
    rows = [(no, line) for no, line in rows if line and not line.startswith("#")]
    if not rows:
        raise InputError("empty CSV file (expected the header coalition,value)", file=src.name, line=1)
    no, header = rows[0]
    head = header.replace(" ", "").lstrip("\ufeff")
    if head not in ("coalition,value", "coalition,cost"):
        raise InputError(f"CSV header must be coalition,value or coalition,cost, got {header!r}", file=src.name, line=no)
    entries = []
    for no, line in rows[1:]:
        cells = next(csv.reader([line]))
        if len(cells) != 2:
            raise InputError(f"expected 'coalition,value' (members joined by |), got {line!r}", file=src.name, line=no)
        members = [t.strip() for t in cells[0].split("|") if t.strip()]
        entries.append((members, cells[1].strip(), no))
    return [_build(None, entries, head.split(",")[1], src, _stem(src.name))]


def _meta(game: TUGame) -> dict:
    m = game.meta.get("meta")
    return m if isinstance(m, dict) else {}


def _num(q) -> object:
    """An int, a float that is exactly q (0.5, 28.5), or exact text ("1/3") that
    declcoal reads back exactly (coopgame itself reads only numbers)."""
    from decimal import Decimal
    from fractions import Fraction

    if q.denominator == 1:
        return q.numerator
    f = float(q)
    return f if Fraction(Decimal(repr(f))) == q else exact_text(q)


def _members(game: TUGame, m: int, numbered: bool) -> list[str]:
    return [str(i) if numbered else game.players[i] for i in range(game.n) if m >> i & 1]


def _order(n: int) -> list[int]:
    return sorted(range(1, 2**n), key=lambda m: (m.bit_count(), m))


def coopgame_json(game: TUGame, numbered: bool | None = None) -> str:
    """coopgame's JSON for an exact game: players by name, or by number 0..n-1 for
    coopgame-py 0.3 (``numbered``; default: as the game was read)."""
    game.require_exact("writing a coopgame file")
    numbered = _meta(game).get("coopgame_numbered", False) if numbered is None else numbered
    values = {",".join(_members(game, m, numbered)): _num(game.values[m]) for m in _order(game.n)}
    doc = {"players": game.n if numbered else list(game.players), "type": _meta(game).get("type", "value"),
           "values": values}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def coopgame_csv(game: TUGame, numbered: bool | None = None) -> str:
    """coopgame's CSV: ``coalition,value`` then one ``A|B,4`` row per coalition."""
    game.require_exact("writing a coopgame file")
    numbered = _meta(game).get("coopgame_numbered", False) if numbered is None else numbered
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["coalition", _meta(game).get("type", "value")])
    for m in _order(game.n):
        w.writerow(["|".join(_members(game, m, numbered)), exact_text(game.values[m])])
    return out.getvalue()


def _stem(path: str) -> str:
    from pathlib import Path

    return Path(path).stem
