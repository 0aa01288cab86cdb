"""Readers and writers (DESIGN.md: ``io -> model``).

:func:`load_games` reads any supported file into a list of games. TOML and JSON
documents say what they hold with ``kind`` (default ``"tu"``); each kind maps to a
builder ``(document, Source) -> game`` named in :data:`KINDS` (imported lazily, so a
concept's reader costs nothing until used). Other formats are chosen by extension in
:data:`EXTENSIONS`.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from ..errors import DeclcoalError, InputError
from ..model.tu import TUGame
from .atomic import write_atomic
from .source import Source
from .tabular import dump_json, dump_toml, parse_json, parse_toml, tu_to_doc

#: document kind -> "module:function" building a game from (doc, Source)
KINDS: dict[str, str] = {
    "tu": "declcoal.io.tabular:tu_from_doc",
    "bargaining": "declcoal.io.bargaining:bargaining_from_doc",
    "crg": "declcoal.io.crg:crg_from_doc",
    "partition": "declcoal.io.partition:partition_from_doc",
    **{k: "declcoal.io.field:field_from_doc" for k in (
        "weighted-voting", "bankruptcy", "airport", "glove", "unanimity", "additive", "mst", "assignment")},
}

#: file extension -> "module:function" reading a whole file, (Source) -> list of games
EXTENSIONS: dict[str, str] = {
    ".toml": "declcoal.io:_read_toml",
    ".json": "declcoal.io:_read_json",
    ".pl": "declcoal.io.prolog:read_prolog",
    ".pro": "declcoal.io.prolog:read_prolog",
    ".lp": "declcoal.io.crg:read_facts",
    ".csv": "declcoal.io.coopgame:read_coopgame_csv",
}


def _resolve(spec: str) -> Callable:
    module, func = spec.split(":")
    return getattr(importlib.import_module(module), func)


def _from_doc(doc: dict, src: Source) -> list:
    kind = doc.get("kind", "tu")
    if not isinstance(kind, str) or kind not in KINDS:
        raise src.error(InputError(f"unknown kind {kind!r} (known: {', '.join(sorted(KINDS))})"), "kind")
    return [_resolve(KINDS[kind])(doc, src)]


def _read_toml(src: Source) -> list:
    return _from_doc(parse_toml(src), src)


def _read_json(src: Source) -> list:
    doc = parse_json(src)
    from .coopgame import coopgame_from_doc, is_coopgame_doc

    if is_coopgame_doc(doc):  # coopgame's JSON: {"players", "type", "values"}
        return [coopgame_from_doc(doc, src)]
    return _from_doc(doc, src)


def load_games(path: str | Path) -> list:
    """All games in a file (one for TOML/JSON, one or more for Tick's Prolog facts;
    formats: docs/file-formats.md)."""
    src = Source.read(path)
    ext = src.sniff() if str(path) == "-" else Path(path).suffix.lower()
    if ext not in EXTENSIONS:
        raise InputError(
            f"unknown file type {ext or '(none)'!r}; use one of {', '.join(sorted(EXTENSIONS))}", file=src.name
        )
    try:
        return _resolve(EXTENSIONS[ext])(src)
    except DeclcoalError as exc:
        raise exc.located(src.name) from None


def load_game(path: str | Path, name: str | None = None):
    """The one game in a file, or the game called ``name`` in a multi-game file
    (formats: docs/file-formats.md)."""
    games = load_games(path)
    if name is not None:
        for g in games:
            if getattr(g, "name", None) == name:
                return g
        names = ", ".join(str(getattr(g, "name", "?")) for g in games)
        raise InputError(f"no game named {name!r} in the file (it has: {names})", file=str(path))
    if len(games) > 1:
        names = ", ".join(str(getattr(g, "name", "?")) for g in games)
        raise InputError(f"the file holds {len(games)} games ({names}); choose one with --game NAME", file=str(path))
    return games[0]


def load_tu_games(path: str | Path) -> list[TUGame]:
    """All games of a file, which must be TU games."""
    games = load_games(path)
    for g in games:
        if not isinstance(g, TUGame):
            raise InputError(f"expected a TU game, the file holds a {type(g).__name__}", file=str(path))
    return games


#: output formats of :func:`dumps_game`
FORMATS = ("toml", "json", "prolog", "lp", "coopgame", "csv")
#: file extension -> output format (``.json`` is declcoal's JSON; coopgame's with fmt="coopgame")
WRITE_EXTENSIONS = {".toml": "toml", ".json": "json", ".pl": "prolog", ".pro": "prolog", ".lp": "lp", ".csv": "csv"}


def dumps_game(game, fmt: str, *, style: str = "table", order: str = "binary") -> str:
    """Text of a game in format ``toml``, ``json``, ``prolog`` (Tick's data/3), ``lp``
    (a CRG's ASP facts), ``coopgame`` (coopgame's JSON) or ``csv`` (coopgame's CSV);
    ``style``/``order`` choose how TOML/JSON lists worths (docs/file-formats.md)."""
    from ..model.constructors import FieldGame

    if fmt not in FORMATS:
        raise InputError(f"unknown output format {fmt!r} (use {', '.join(FORMATS)})")
    if isinstance(game, FieldGame) and (fmt in ("prolog", "coopgame", "csv") or style == "list" or order != "binary"):
        game = game.to_tu()  # formats without parameters: the dense table (refused past its limit)
    if fmt == "lp":
        from ..model.crg import CRG

        if not isinstance(game, CRG):
            raise InputError(f"ASP facts (.lp) hold coalitional resource games only, not a {type(game).__name__}")
        from .crg import crg_to_facts

        return crg_to_facts(game)
    if isinstance(game, TUGame):
        if fmt == "prolog":
            from .prolog import write_prolog

            return write_prolog([game])
        if fmt in ("coopgame", "csv"):
            from .coopgame import coopgame_csv, coopgame_json

            return coopgame_json(game) if fmt == "coopgame" else coopgame_csv(game)
        doc = tu_to_doc(game, style=style, order=order)
    elif hasattr(game, "to_doc"):
        if fmt in ("prolog", "coopgame", "csv"):
            raise InputError(f"{fmt} files hold TU games only, not a {type(game).__name__}")
        doc = game.to_doc()
    else:
        raise InputError(f"cannot write a {type(game).__name__}")
    if fmt == "toml":
        return dump_toml(doc)
    if fmt == "json":
        return dump_json(doc)
    raise InputError(f"unknown output format {fmt!r} (use toml, json or prolog)")


def save_game(game, path: str | Path, *, fmt: str | None = None, style: str = "table", order: str = "binary") -> None:
    """Write a game atomically; the format follows the extension unless given
    (formats: docs/file-formats.md)."""
    fmt = fmt or WRITE_EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the format of {path}; use {', '.join(sorted(WRITE_EXTENSIONS))}")
    write_atomic(path, dumps_game(game, fmt, style=style, order=order))


__all__ = ["load_games", "load_game", "load_tu_games", "save_game", "dumps_game", "write_atomic", "Source"]
