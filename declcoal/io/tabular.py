"""TOML and JSON documents for TU games (the shared document model of both formats).

A TU-game document::

    kind = "tu"                 # optional, "tu" is the default
    name = "cement"
    players = ["X", "Y", "Z"]
    values = [30, 22, 59, 5, 45, 39, 77]    # Tick's binary order, or a table:
    # [values]
    # "X" = 30
    # "X Y" = 59                # members separated by spaces (or commas)
    default = 0                 # optional: worth of coalitions not listed
    description = "..."         # optional free text; also 'source'
    [meta]                      # optional free-form table, kept on round trips

Numbers may be integers, decimals (parsed exactly: 0.8 = 4/5) or strings ``"71/2"``.
"""
from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal
from fractions import Fraction

import tomli_w

from ..errors import DeclcoalError, InputError
from ..model.coalition import ORDERS
from ..model.numbers import MAX_DIGITS, exact_text
from ..model.tu import TUGame, check_player_names
from .source import Source

TU_KEYS = {"kind", "name", "players", "values", "order", "default", "description", "source", "meta"}


class _DuplicateKey(Exception):
    pass


class _LongNumber(Exception):
    pass


def _no_duplicates(pairs: list) -> dict:
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > 4 * MAX_DIGITS:
        raise _LongNumber(text)
    return int(text)


def _line_of_long_number(src: Source) -> int:
    """The first line holding a run of more than 4·MAX_DIGITS digits (an over-long number)."""
    pat = re.compile(r"\d{%d}" % (4 * MAX_DIGITS + 1))
    for no, line in enumerate(src.text.splitlines(), start=1):
        if pat.search(line):
            return no
    return 1


def _too_deep(src: Source, fmt: str) -> InputError:
    return InputError(f"{fmt}: arrays or tables nested too deeply (Python's recursion limit)", file=src.name, line=1)


def parse_toml(src: Source) -> dict:
    """Parse TOML with exact decimals; syntax errors carry the line. Over-long numbers
    and too deep nesting are input errors too (issue 15, item 3)."""
    try:
        return tomllib.loads(src.text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        line = None
        m = re.search(r"line (\d+)", msg)
        if m:
            line = int(m.group(1))
            msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        elif "end of document" in msg:
            line = max(1, len(src.text.splitlines()))
            msg = msg.replace(" (at end of document)", " at end of file")
        raise InputError(f"TOML syntax error: {msg}", file=src.name, line=line) from None
    except RecursionError:
        raise _too_deep(src, "TOML") from None
    except ValueError:  # Python refuses to convert integers of more than 4300 digits
        raise InputError(f"a number with more than {MAX_DIGITS} digits (declcoal's input limit)", file=src.name,
                         line=_line_of_long_number(src)) from None


def parse_json(src: Source) -> dict:
    """Parse JSON with exact decimals; syntax errors carry the line; a key given twice in
    one object is an error (JSON itself would keep the last silently)."""
    try:
        doc = json.loads(src.text, parse_float=Decimal, parse_int=_json_int, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON syntax error: {exc.msg} (column {exc.colno})", file=src.name, line=exc.lineno) from None
    except _DuplicateKey as exc:
        key = exc.args[0]
        lines = [no for no, text in enumerate(src.text.splitlines(), start=1) if f"{json.dumps(key)}" in text
                 and re.search(re.escape(json.dumps(key)) + r"\s*:", text)]
        line = lines[1] if len(lines) > 1 else (lines[0] if lines else None)
        raise InputError(f"JSON: key {key!r} is given twice in one object", file=src.name, line=line) from None
    except _LongNumber:
        raise InputError(f"a number with more than {MAX_DIGITS} digits (declcoal's input limit)", file=src.name,
                         line=_line_of_long_number(src)) from None
    except RecursionError:
        raise _too_deep(src, "JSON") from None
    if not isinstance(doc, dict):
        raise InputError("a JSON game file must hold an object { ... }", file=src.name, line=1)
    return doc


def tu_from_doc(doc: dict, src: Source) -> TUGame:
    """Build and validate a TU game from a parsed TOML/JSON document."""
    unknown = sorted(set(doc) - TU_KEYS)
    if unknown:
        raise src.error(
            InputError(f"unknown key {unknown[0]!r} in a TU game (allowed: {', '.join(sorted(TU_KEYS))})"), unknown[0]
        )
    if "players" not in doc:
        raise InputError("missing 'players = [...]'", file=src.name)
    if "values" not in doc:
        raise InputError("missing 'values' (a list in Tick's binary order or a table keyed by coalition)", file=src.name)
    players = doc["players"]
    name = doc.get("name", _stem(src.name))
    if not isinstance(name, str):
        raise src.error(InputError("'name' must be a string"), "name")
    if not isinstance(players, list):
        raise src.error(InputError("'players' must be a list of names"), "players")
    try:
        check_player_names(players)
    except DeclcoalError as exc:
        raise src.error(exc, "players") from None
    values = doc["values"]
    order = doc.get("order", "binary")
    if order not in ORDERS:
        raise src.error(InputError(f"unknown order {order!r}: use \"binary\" (Tick's, the default) or \"lex\" "
                                   "(lexicographic: CoopGame, TUGlab)"), "order")
    try:
        if isinstance(values, list):
            if "default" in doc:
                raise InputError("'default' only applies when 'values' is a table keyed by coalition")
            game = TUGame.from_list(players, values, name=name, order=order)
        elif isinstance(values, dict):
            if "order" in doc:
                raise InputError("'order' only applies when 'values' is a list")
            game = TUGame.from_dict(players, values, name=name, default=doc.get("default"))
        else:
            raise InputError("'values' must be a list (Tick's binary order) or a table keyed by coalition")
    except DeclcoalError as exc:
        key = getattr(exc, "key", None)
        if isinstance(key, str):
            line = src.line_of_key(key)
            if line:
                raise exc.located(src.name, line) from None
        raise src.error(exc, *_keys_in(exc.message, values), "values") from None
    meta = {k: doc[k] for k in ("description", "source") if k in doc}
    if "meta" in doc:
        meta["meta"] = doc["meta"]
    object.__setattr__(game, "meta", meta)
    return game


def _keys_in(message: str, values: object) -> list[str]:
    """Coalition keys that the error message quotes, to find their line."""
    if not isinstance(values, dict):
        return []
    return [k for k in values if isinstance(k, str) and (repr(k) in message)]


def _stem(path: str) -> str:
    from pathlib import Path

    return Path(path).stem


def tu_to_doc(game: TUGame, *, style: str = "table", order: str = "binary") -> dict:
    """A document (dict) for a TU game; ``style`` is ``table`` (named coalitions) or
    ``list`` (in ``order``: Tick's binary order or ``lex``; a lex list says
    ``order = "lex"``). Non-integer worths become exact strings."""
    game.require_exact("writing a game file")
    doc: dict = {"kind": "tu", "name": game.name, "players": list(game.players)}
    for k in ("description", "source"):
        if k in game.meta:
            doc[k] = game.meta[k]
    if style == "list":
        if order != "binary":
            doc["order"] = order
        doc["values"] = [_num(w) for w in game.worth_list(order)]
    else:
        doc["values"] = {game.label(m): _num(game.values[m]) for m in _coalition_order(game.n)}
    if "meta" in game.meta:
        doc["meta"] = game.meta["meta"]
    return doc


def _coalition_order(n: int) -> list[int]:
    """Coalitions by size, then in binary order: singletons first, N last."""
    return sorted(range(1, 2**n), key=lambda m: (m.bit_count(), m))


def _num(q: Fraction) -> int | str:
    return q.numerator if q.denominator == 1 else exact_text(q)


def dump_toml(doc: dict) -> str:
    return tomli_w.dumps(doc)


def dump_json(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
