"""Partition-function games with transfers inside coalitions (Ray & Vohra 2025, §3.3).

A *coalition structure* π is a partition of the players N into blocks. A partition
function assigns to every coalition S in every structure π a worth v(S, π): the
aggregate payoff S earns in the coalitional Nash equilibrium of π (§3.3), which S then
divides with transfers by its coalitional Nash solution. Worths depend on the whole
structure — that is the *externality*.

Here a game is plain validated data:

* ``players``: names, N = {0, …, n−1} internally (bitmasks, :mod:`.coalition`);
* ``table``: for every one of the Bell(n) structures π, a tuple of *equilibria*; each
  equilibrium is a tuple of worths, one per block of π (blocks in canonical order).
  Most models have one equilibrium per structure; a model with several coalitional
  equilibria lists them all ("vector payoffs per structure"): π is viable if it has a
  Nash-in-Nash equilibrium for *some* of them (§3.1, eq. (7)). A block may instead
  carry a finite set of payoff vectors for its members — a coalition without transfers
  (§3.1's general setting), bargaining over those points;
* weights: consistent player weights γ_i, or per-coalition weights γ(S) (§3.1: "a set of
  bargaining weights γ(S) is available to each coalition S").

Structures are tuples of block bitmasks sorted by each block's lowest member; they are
written by blocks, ``"1|23"`` (players named by one character) or ``"P1|P2 P3"``.
Worths are exact :class:`~fractions.Fraction` values, >= 0 (d = 0, [Dom 2]).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ..errors import GameError, UnsupportedError
from .coalition import Players, grand, members, partitions
from .numbers import to_fraction
from .tu import parse_coalition

Structure = tuple[int, ...]
Point = tuple[Fraction, ...]
#: a block's value in one equilibrium: a worth v(S, π) (transferable utility), or a finite
#: set of payoff vectors for S's members (no transfers: F(S, π) ⊂ R^S_+, §3.1)
Value = Fraction | tuple[Point, ...]
Equilibrium = tuple[Value, ...]

#: the largest game whose Bell(n) structures are enumerated (Bell(10) = 115,975)
MAX_PLAYERS = 9


_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def check_player_names(players: Sequence[str]) -> tuple[str, ...]:
    """Player names: letters, digits, '_', '-', '.' (firms may be called 1, 2, 3 as in
    the paper); no duplicates."""
    names = tuple(players)
    if not names:
        raise GameError("a game needs at least one player")
    if len(set(names)) != len(names):
        dup = next(p for p in names if names.count(p) > 1)
        raise GameError(f"duplicate player {dup!r}")
    for p in names:
        if not isinstance(p, str) or not _NAME.match(p):
            raise GameError(f"bad player name {p!r}: use letters, digits, '_', '-', '.'")
    return names


def bell(n: int) -> int:
    """Bell(n): the number of coalition structures of n players."""
    row = [1]
    for _ in range(n):
        nxt = [row[-1]]
        for x in row:
            nxt.append(nxt[-1] + x)
        row = nxt
    return row[0]


def check_size(n: int, limit: int = MAX_PLAYERS) -> None:
    """Refuse games whose structure lattice is too large, naming the size and the limit."""
    if n > limit:
        # Bell(n) by the triangle costs O(n²) big-number additions: name it exactly only while that is cheap
        size = f"Bell({n}) = {bell(n):,}" if n <= 40 else f"Bell({n}) > Bell(40) = {bell(40):,}"
        raise UnsupportedError(f"{n:,} players: {size} coalition structures; partition-function "
                               f"games are enumerated up to {limit} players (Bell({limit}) = {bell(limit):,})")


def canonical(blocks: Iterable[int]) -> Structure:
    """A structure as a tuple of blocks sorted by lowest member."""
    return tuple(sorted(blocks, key=lambda m: m & -m))


def all_structures(n: int) -> list[Structure]:
    """Every coalition structure of n players, finest first (more blocks first), then
    in a fixed canonical order."""
    out = [canonical(p) for p in partitions(grand(n))]
    return sorted(out, key=lambda p: (-len(p), p))


def refines(finer: Structure, coarser: Structure) -> bool:
    """Every block of ``finer`` lies inside a block of ``coarser`` (π' ≤ π)."""
    return all(any(b & ~c == 0 for c in coarser) for b in finer)


def structure_label(pi: Structure, players: Sequence[str]) -> str:
    """``"1|23"`` when every name is one character, else ``"P1|P2 P3"``."""
    sep = "" if all(len(p) == 1 for p in players) else " "
    return "|".join(sep.join(players[i] for i in members(b)) for b in pi)


def coalition_text(mask: int, players: Sequence[str]) -> str:
    sep = "" if all(len(p) == 1 for p in players) else " "
    return sep.join(players[i] for i in members(mask))


def parse_structure(text: object, players: Sequence[str]) -> Structure:
    """``"1|23"``, ``"P1|P2 P3"``, ``"{1},{2,3}"``-free forms → a canonical structure.
    Every player must appear exactly once."""
    if isinstance(text, (list, tuple)):
        blocks = [parse_coalition(b, players) for b in text]
    elif isinstance(text, str):
        parts = [p.strip() for p in text.split("|")]
        if any(not p for p in parts):
            raise GameError(f"structure {text!r}: empty block (write blocks separated by '|', e.g. \"1|23\")")
        blocks = []
        single = all(len(p) == 1 for p in players)
        for p in parts:
            p = p.strip("{}").strip()
            if single and not re.search(r"[\s,]", p) and p not in players:
                blocks.append(parse_coalition(list(p), players))
            else:
                blocks.append(parse_coalition(p, players))
    else:
        raise GameError(f"a structure is written by its blocks, e.g. \"1|23\"; got {text!r}")
    seen = 0
    for b in blocks:
        if b == 0:
            raise GameError(f"structure {text!r}: empty block")
        if seen & b:
            raise GameError(f"structure {text!r}: player {players[members(seen & b)[0]]} is in two blocks")
        seen |= b
    missing = grand(len(players)) & ~seen
    if missing:
        raise GameError(f"structure {text!r} leaves out {', '.join(players[i] for i in members(missing))} "
                        "(a structure partitions all players)")
    return canonical(blocks)


def split(pi: Structure, S: int, T: int) -> Structure:
    """π^T = π_{−S} ∪ {T, S − T} for a breakaway T ⊂ S ∈ π (§3.2)."""
    return canonical([B for B in pi if B != S] + [T, S & ~T])


@dataclass(frozen=True, eq=False)
class PartitionGame(Players):
    """A TU partition-function game v(S, π) with bargaining weights (§3.3).

    Build one with :meth:`build` (a table keyed by structures) or :meth:`from_function`
    (a Python callable ``v(S, π)``); both validate every worth.
    """

    players: tuple[str, ...]
    table: dict[Structure, tuple[Equilibrium, ...]]
    weights: Point
    coalition_weights: dict[int, Point] = field(default_factory=dict)
    name: str = "game"
    guarantee: str = "exact"
    notes: tuple[str, ...] = ()
    meta: dict = field(default_factory=dict, compare=False)

    # ------------------------------------------------------------ building
    @classmethod
    def build(cls, players: Sequence[str], values: Mapping[object, object], *,
              weights: Sequence[object] | None = None,
              coalition_weights: Mapping[object, Sequence[object]] | None = None,
              name: str = "game", guarantee: str = "exact", notes: Sequence[str] = ()) -> "PartitionGame":
        """``values`` maps each structure (``"1|23"`` or a tuple of masks) to its worths:
        a table ``{block: worth}`` (one equilibrium) or a list of such tables (several
        equilibria). Every structure of the game must be present."""
        names = check_player_names(players)
        n = len(names)
        check_size(n)
        table: dict[Structure, tuple[Equilibrium, ...]] = {}
        for key, val in values.items():
            pi = key if isinstance(key, tuple) and all(isinstance(b, int) for b in key) else parse_structure(key, names)
            pi = canonical(pi)
            if pi in table:
                raise GameError(f"structure {structure_label(pi, names)} is given twice")
            eqs = val if isinstance(val, (list, tuple)) else [val]
            if not eqs:
                raise GameError(f"structure {structure_label(pi, names)}: no equilibrium given")
            table[pi] = tuple(_equilibrium(pi, e, names, k) for k, e in enumerate(eqs, start=1))
        for pi in all_structures(n):
            if pi not in table:
                raise GameError(f"missing structure {structure_label(pi, names)}: a partition function needs "
                                f"v(S, π) for all Bell({n}) = {bell(n)} structures")
        return cls._finish(names, table, weights, coalition_weights, name, guarantee, notes)

    @classmethod
    def from_function(cls, players: Sequence[str], v: Callable[[int, Structure], object], *,
                      weights: Sequence[object] | None = None,
                      coalition_weights: Mapping[object, Sequence[object]] | None = None,
                      name: str = "game", guarantee: str = "exact", notes: Sequence[str] = ()) -> "PartitionGame":
        """Tabulate a callable ``v(S, π)`` (S a bitmask, π a canonical structure) over
        every structure. ``v`` may instead return a list of worth tables per structure —
        use :meth:`from_structure_function` for that."""
        names = check_player_names(players)
        check_size(len(names))
        table = {}
        for pi in all_structures(len(names)):
            table[pi] = (tuple(_worth(v(S, pi), S, pi, names) for S in pi),)
        return cls._finish(names, table, weights, coalition_weights, name, guarantee, notes)

    @classmethod
    def from_structure_function(cls, players: Sequence[str], f: Callable[[Structure], Sequence[Sequence[object]]],
                                **kw) -> "PartitionGame":
        """Tabulate ``f(π)`` → a list of equilibria, each a list of worths in block order."""
        names = check_player_names(players)
        check_size(len(names))
        table = {}
        for pi in all_structures(len(names)):
            eqs = f(pi)
            table[pi] = tuple(_equilibrium(pi, list(e), names, k) for k, e in enumerate(eqs, start=1))
        return cls._finish(names, table, kw.pop("weights", None), kw.pop("coalition_weights", None), **kw)

    @classmethod
    def _finish(cls, names, table, weights, coalition_weights, name="game", guarantee="exact", notes=()):
        n = len(names)
        g = _vector(weights if weights is not None else [1] * n, n, "weights γ")
        for i, w in enumerate(g):
            if w <= 0:
                raise GameError(f"weight of {names[i]} must be positive (γ ≫ 0), got {w}")
        cw: dict[int, Point] = {}
        for key, ws in (coalition_weights or {}).items():
            mask = parse_coalition(key, names)
            if mask == 0:
                raise GameError("the empty coalition has no weights")
            w = _vector(ws, mask.bit_count(), f"weights of coalition {coalition_text(mask, names)}")
            if any(q <= 0 for q in w):
                raise GameError(f"weights of coalition {coalition_text(mask, names)} must be positive")
            cw[mask] = w
        return cls(tuple(names), dict(table), g, cw, name=name, guarantee=guarantee, notes=tuple(notes))

    # ------------------------------------------------------------ access
    @property
    def structures(self) -> list[Structure]:
        """All structures, finest first."""
        return sorted(self.table, key=lambda p: (-len(p), p))

    def equilibria(self, pi: Structure) -> tuple[Equilibrium, ...]:
        return self.table[canonical(pi)]

    def worth(self, S: int, pi: Structure, equilibrium: int = 0) -> Value:
        """v(S, π) in the given equilibrium (the first by default); for a block without
        transfers, its finite set of payoff vectors."""
        pi = canonical(pi)
        return self.table[pi][equilibrium][pi.index(S)]

    def gamma(self, S: int) -> Point:
        """γ(S) in member order."""
        if S in self.coalition_weights:
            return self.coalition_weights[S]
        return tuple(self.weights[i] for i in members(S))

    @property
    def consistent(self) -> bool:
        return all(w == tuple(self.weights[i] for i in members(m)) for m, w in self.coalition_weights.items())

    def label(self, pi: Structure) -> str:
        return structure_label(pi, self.players)

    def coalition(self, S: int) -> str:
        return coalition_text(S, self.players)

    def parse(self, text: object) -> Structure:
        return parse_structure(text, self.players)

    def has_externalities(self) -> bool:
        """False when v(S, π) depends only on S (a characteristic function, §5)."""
        seen: dict[int, Fraction] = {}
        for pi, eqs in self.table.items():
            for e in eqs:
                for S, w in zip(pi, e):
                    if seen.setdefault(S, w) != w:
                        return True
        return False

    def to_doc(self) -> dict:
        """A ``kind = "partition"`` document (see :mod:`declcoal.io.partition`)."""
        from .numbers import exact_text

        num1 = lambda q: q.numerator if q.denominator == 1 else exact_text(q)  # noqa: E731

        def num(v):
            return [[num1(q) for q in p] for p in v] if isinstance(v, tuple) else num1(v)

        doc: dict = {"kind": "partition", "name": self.name, "players": list(self.players),
                     "weights": [num1(q) for q in self.weights]}
        vals: dict = {}
        for pi in self.structures:
            eqs = [{self.coalition(S): num(w) for S, w in zip(pi, e)} for e in self.table[pi]]
            vals[self.label(pi)] = eqs[0] if len(eqs) == 1 else eqs
        doc["values"] = vals
        if self.coalition_weights:
            doc["coalition_weights"] = {self.coalition(m): [num1(q) for q in w]
                                        for m, w in self.coalition_weights.items()}
        for k in ("description", "source"):
            if k in self.meta:
                doc[k] = self.meta[k]
        return doc

    def __repr__(self) -> str:
        return f"PartitionGame({self.name!r}, players={list(self.players)}, {len(self.table)} structures)"


def from_characteristic(game, weights: Sequence[object] | None = None, name: str | None = None) -> PartitionGame:
    """The partition function without externalities v(S, π) = v(S) of a TU game (§5)."""
    game.require_exact("a partition-function game")
    return PartitionGame.from_function(game.players, lambda S, pi: game.values[S], weights=weights,
                                       name=name or game.name)


def _worth(val: object, S: int, pi: Structure, names) -> Value:
    if isinstance(val, (list, tuple)):  # a finite set of payoff vectors (NTU block)
        return _payoff_set(val, S, pi, names)
    w = to_fraction(val, f"v({coalition_text(S, names)}, {structure_label(pi, names)})")
    if w < 0:
        raise GameError(f"v({coalition_text(S, names)}, {structure_label(pi, names)}) = {w} is negative; "
                        "worths are payoffs above the inaction payoff d = 0 ([Dom 2])")
    return w


def _payoff_set(val, S: int, pi: Structure, names) -> tuple[Point, ...]:
    where = f"F({coalition_text(S, names)}, {structure_label(pi, names)})"
    k = S.bit_count()
    if not val:
        raise GameError(f"{where} is empty; give at least one payoff vector")
    pts: list[Point] = []
    for j, p in enumerate(val, start=1):
        if not isinstance(p, (list, tuple)):
            raise GameError(f"{where}: payoff vector #{j} must be a list of {k} numbers, got {p!r}")
        x = _vector(p, k, f"{where}, payoff vector #{j}")
        if any(q < 0 for q in x):
            raise GameError(f"{where}, payoff vector #{j} has a negative payoff; payoffs are above the "
                            "inaction payoff d = 0 ([Dom 2])")
        if x not in pts:
            pts.append(x)
    return tuple(pts)


def is_worth(value: Value) -> bool:
    """True for a TU worth, False for a finite set of payoff vectors."""
    return not isinstance(value, tuple)


def _equilibrium(pi: Structure, val: object, names, k: int) -> Equilibrium:
    if isinstance(val, Mapping):
        got: dict[int, Fraction] = {}
        for key, w in val.items():
            S = key if isinstance(key, int) else parse_coalition(_coalition_key(key, names), names)
            if S not in pi:
                raise GameError(f"coalition {coalition_text(S, names) if S else '{}'} is not a block of structure "
                                f"{structure_label(pi, names)}")
            if S in got:
                raise GameError(f"coalition {coalition_text(S, names)} is given twice in {structure_label(pi, names)}")
            got[S] = _worth(w, S, pi, names)
        for S in pi:
            if S not in got:
                raise GameError(f"structure {structure_label(pi, names)}: missing the worth of block "
                                f"{coalition_text(S, names)}")
        return tuple(got[S] for S in pi)
    if isinstance(val, (list, tuple)):
        if len(val) != len(pi):
            raise GameError(f"structure {structure_label(pi, names)}, equilibrium #{k}: expected {len(pi)} worths "
                            f"(one per block), got {len(val)}")
        return tuple(_worth(w, S, pi, names) for S, w in zip(pi, val))
    raise GameError(f"structure {structure_label(pi, names)}: give a table of block worths, e.g. "
                    "{\"1\" = 9, \"23\" = 4}")


def _coalition_key(key: object, names) -> object:
    """``"23"`` means players 2 and 3 when every name is one character."""
    if isinstance(key, str) and all(len(p) == 1 for p in names):
        k = key.strip().strip("{}")
        if k and not re.search(r"[\s,]", k) and k not in names:
            return list(k)
    return key


def _vector(values: object, n: int, what: str) -> Point:
    if not isinstance(values, (list, tuple)):
        raise GameError(f"{what}: expected a list of {n} numbers, got {values!r}")
    if len(values) != n:
        raise GameError(f"{what}: expected {n} numbers, got {len(values)}")
    return tuple(to_fraction(v, what) for v in values)


__all__ = ["PartitionGame", "Structure", "Value", "is_worth", "bell", "all_structures", "refines", "split", "canonical",
           "parse_structure", "structure_label", "from_characteristic", "MAX_PLAYERS", "check_size"]
