"""Tick's Prolog data facts: ``data(cement, 3, [30,22,59,5,45,39,77]).``

A file of such facts is a *set* of games (Tick 1995, appendix, ``data/3``). ``%``
starts a comment. Worths are in Tick's binary order; players are named as in Tick's
``alpha/1`` (``a, b, c, ...``) unless an optional declcoal fact
``players(cement, ['X','Y','Z']).`` names them (written by :func:`write_prolog` so that
round trips keep the names).
"""
from __future__ import annotations

import re
import string
from fractions import Fraction

from ..errors import DeclcoalError, InputError
from ..model.numbers import exact_text
from ..model.tu import TUGame
from .source import Source

_FACT_RE = re.compile(r"data\s*\(\s*([a-z][A-Za-z0-9_]*)\s*,\s*(\d+)\s*,\s*\[([^\]]*)\]\s*\)\s*\.")
_PLAYERS_RE = re.compile(r"players\s*\(\s*([a-z][A-Za-z0-9_]*)\s*,\s*\[(.*)\]\s*\)\s*\.")
#: one list element: a quoted atom ('O\'Neil', 'Ä') or a plain one (a, p27)
_ATOM_RE = re.compile(r"\s*(?:'((?:[^'\\]|\\.|'')*)'|([^,'\s]+))\s*(,|$)")


def _atoms(text: str) -> list[str] | None:
    """The atoms of a Prolog list body, unquoted (None if malformed)."""
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _ATOM_RE.match(text, pos)
        if not m:
            return None
        q, plain = m.group(1), m.group(2)
        out.append(re.sub(r"\\(.)|''", lambda k: k.group(1) or "'", q) if q is not None else plain)
        pos = m.end()
    return out


def quote_atom(name: str) -> str:
    """A Prolog quoted atom: 'X', 'O\\'Neil', 'Ä'."""
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def tick_player_names(n: int) -> list[str]:
    """Tick's ``alpha/1`` names: a, b, c, ... (then p27, p28, ... past z)."""
    letters = list(string.ascii_lowercase)
    return [letters[i] if i < 26 else f"p{i + 1}" for i in range(n)]


def _strip_comment(line: str) -> str:
    return line.split("%", 1)[0]


def read_prolog(src: Source) -> list[TUGame]:
    """Every ``data/3`` fact of the file, in file order."""
    games: list[TUGame] = []
    names: set[str] = set()
    player_names: dict[str, tuple[list[str], int]] = {}
    buf, start = "", 0
    for no, raw in enumerate(src.text.splitlines(), start=1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if not buf:
            start = no
        buf += " " + line
        if not buf.rstrip().endswith("."):
            continue
        stmt, buf = buf.strip(), ""
        if stmt.startswith(":-"):
            continue  # directives like ':- dynamic(found,1).'
        if stmt.startswith("players"):
            pm = _PLAYERS_RE.fullmatch(stmt)
            if not pm:
                raise InputError(f"malformed fact, expected players(Id, ['X','Y',...]).: {stmt[:60]}", file=src.name, line=start)
            plist = _atoms(pm.group(2))
            if plist is None:
                raise InputError(f"malformed player list in: {stmt[:60]}", file=src.name, line=start)
            player_names[pm.group(1)] = (plist, start)
            continue
        if not stmt.startswith("data"):
            continue  # other clauses (Tick's program text) are not data
        games.append(_parse_fact(stmt, src, start, names))
    if buf.strip().startswith("data"):
        raise InputError("unterminated data/3 fact (missing final '.')", file=src.name, line=start)
    if not games:
        raise InputError("no data/3 facts found (expected e.g. data(cement, 3, [30,22,59,5,45,39,77]).)", file=src.name)
    for ident, (plist, line) in player_names.items():
        idx = next((k for k, g in enumerate(games) if g.name == ident), None)
        if idx is None:
            raise InputError(f"players/2 names unknown game {ident!r}", file=src.name, line=line)
        g = games[idx]
        if len(plist) != g.n:
            raise InputError(f"players/2 for {ident!r} names {len(plist)} players, data/3 has {g.n}", file=src.name, line=line)
        try:
            games[idx] = TUGame.from_list(plist, g.worth_list(), name=g.name)
        except DeclcoalError as exc:
            raise exc.located(src.name, line) from None
    return games


def _parse_fact(stmt: str, src: Source, line: int, seen: set[str]) -> TUGame:
    m = _FACT_RE.fullmatch(stmt)
    if not m:
        raise InputError(f"malformed fact, expected data(Id, N, [w1,...,wK]).: {stmt[:60]}", file=src.name, line=line)
    ident, n_text, body = m.groups()
    if ident in seen:
        raise InputError(f"game {ident!r} defined twice", file=src.name, line=line)
    seen.add(ident)
    if len(n_text) > 4:
        raise InputError(f"data/3: {n_text[:10]}... players is far beyond declcoal's limits", file=src.name, line=line)
    n = int(n_text)
    items = [t.strip() for t in body.split(",")] if body.strip() else []
    try:
        if n < 1:
            raise InputError(f"game {ident!r}: number of players must be positive, got {n}")
        for t in items:
            if not t:
                raise InputError(f"game {ident!r}: empty element in the payoff list")
        return TUGame.from_list(tick_player_names(n), items, name=ident)
    except DeclcoalError as exc:
        if not exc.message.startswith(f"game {ident!r}"):
            exc.message = f"game {ident!r}: {exc.message}"
        raise exc.located(src.name, line) from None


def write_prolog(games: list[TUGame]) -> str:
    """``data/3`` facts for exact games (non-terminating fractions as ``p/q`` terms)."""
    lines = ["% id  players  payoffs (Tick's binary order; written by declcoal)"]
    for g in games:
        g.require_exact("writing Prolog facts")
        ident = g.name if re.fullmatch(r"[a-z][A-Za-z0-9_]*", g.name) else "g_" + re.sub(r"[^A-Za-z0-9_]", "_", g.name).lower()
        worths = ",".join(exact_text(Fraction(w)) for w in g.worth_list())
        lines.append(f"data( {ident}, {g.n}, [{worths}] ).")
        if list(g.players) != tick_player_names(g.n):
            quoted = ",".join(quote_atom(p) for p in g.players)
            lines.append(f"players( {ident}, [{quoted}] ).")
    return "\n".join(lines) + "\n"
