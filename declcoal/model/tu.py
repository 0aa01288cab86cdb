"""Transferable-utility (TU) games in characteristic-function form.

A TU game is a player list N and a worth v(S) for every coalition S ⊆ N, v(∅) = 0
(Tick 1995, Section 1; Ray & Vohra 2025, Section 5.1). Worths are stored densely,
indexed by coalition bitmask (see :mod:`declcoal.model.coalition`).

Two storages:

* exact (default): a tuple of :class:`fractions.Fraction`, up to
  :data:`MAX_EXACT_PLAYERS` players;
* float (declared fast path): a read-only ``numpy.float64`` array, up to
  :data:`MAX_FLOAT_PLAYERS` players, for the vectorised Shapley/Banzhaf values on
  large games. Concepts that need exactness refuse float games with a clear error;
* exact integer-scaled (:meth:`TUGame.from_int_array`): v(S) = ints[S] / den with a
  read-only int64 array, up to :data:`MAX_INT_PLAYERS` players; it reads as Fractions
  (:class:`IntWorths`) and the vectorised exact concepts use the integers directly.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..errors import DeclcoalError, GameError, UnsupportedError
from .coalition import ORDERS, Players, braces, coalition_order, label, members
from .numbers import to_fraction

#: Largest n for exact (Fraction) dense storage: 2^20 ≈ 1M worths, ~100 MB of Fractions.
MAX_EXACT_PLAYERS = 20
#: Largest n for float64 dense storage: 2^28 worths = 2 GiB (fast Shapley needs ~2x that).
MAX_FLOAT_PLAYERS = 28
#: Largest n for exact integer-scaled storage (:meth:`TUGame.from_int_array`): int64
#: worths over one denominator, 8 bytes a coalition as for floats.
MAX_INT_PLAYERS = MAX_FLOAT_PLAYERS


class IntWorths(Sequence):
    """Exact worths stored as integers over one common denominator, v(S) = ints[S] / den
    (a read-only int64 numpy array). Reads as a sequence of Fractions, so every concept
    that indexes ``game.values`` works unchanged; the vectorised ones use ``ints``."""

    __slots__ = ("ints", "den")

    def __init__(self, ints: np.ndarray, den: int = 1):
        self.ints = ints
        self.den = int(den)

    def __len__(self) -> int:
        return len(self.ints)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return tuple(Fraction(int(a), self.den) for a in self.ints[k].tolist())
        return Fraction(int(self.ints[k]), self.den)

    def __iter__(self):
        den = self.den
        for a in self.ints.tolist():
            yield Fraction(a, den)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IntWorths):
            return self.den == other.den and bool(np.array_equal(self.ints, other.ints)) or tuple(self) == tuple(other)
        if isinstance(other, (tuple, list)):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

#: a player name: a letter of any script (or '_') first, then letters, digits, '_', "'", '.', '-'
#: (no spaces or commas: they separate the members of a coalition key "X Y")
_NAME_RE = re.compile(r"^[^\W\d][\w'.-]*$")


def check_player_names(players: Sequence[str]) -> tuple[str, ...]:
    """Validate player names: non-empty identifiers, no duplicates."""
    names = tuple(players)
    if not names:
        raise GameError("a game needs at least one player")
    seen: set[str] = set()
    for p in names:
        if not isinstance(p, str):
            raise GameError(f"player name must be a string, got {p!r}")
        if not _NAME_RE.match(p):
            raise GameError(
                f"bad player name {p!r}: use letters (any script), digits, '_', \"'\", '-', '.', starting with a "
                "letter or '_' (no spaces or commas)"
            )
        if p in seen:
            raise GameError(f"duplicate player {p!r}")
        seen.add(p)
    return names


def check_size(n: int, exact: bool = True) -> None:
    """Refuse games whose dense worth table would not fit, naming the limits."""
    limit = MAX_EXACT_PLAYERS if exact else MAX_FLOAT_PLAYERS
    if exact == "int":
        limit = MAX_INT_PLAYERS
    if n > limit:
        need = f"{2**n:,}" if n <= 40 else f"about 10^{int(n * 0.30103)}"
        raise UnsupportedError(
            f"{n} players need a dense table of 2^{n} = {need} worths; declcoal supports "
            f"up to {MAX_EXACT_PLAYERS} players with exact values and up to "
            f"{MAX_FLOAT_PLAYERS} with the float fast path (exact integer-scaled worths via "
            f"TUGame.from_int_array: up to {MAX_INT_PLAYERS})"
        )


@dataclass(frozen=True, eq=False)
class TUGame(Players):
    """A TU game (N, v) with worths stored densely by bitmask.

    Build one with :meth:`from_list` (Tick's binary order), :meth:`from_dict`
    (coalitions by member names), :meth:`from_function` or :meth:`from_array`
    (float fast path).
    """

    players: tuple[str, ...]
    values: tuple[Fraction, ...] | np.ndarray
    name: str = "game"
    exact: bool = True
    meta: dict = field(default_factory=dict, compare=False)

    # ------------------------------------------------------------------ building
    @classmethod
    def from_list(cls, players: Sequence[str], worths: Sequence[object], name: str = "game",
                  order: str = "binary") -> "TUGame":
        """Worths of all 2^n − 1 non-empty coalitions in Tick's binary order
        (element k−1 is v of the coalition of the set bits of k), or with
        ``order="lex"`` in lexicographic order ({1},{2},...,{1,2},{1,3},...: CoopGame
        for R, TUGlab) — :func:`~declcoal.model.coalition.coalition_order`."""
        names = check_player_names(players)
        n = len(names)
        check_size(n)
        expected = 2**n - 1
        if order not in ORDERS:
            raise GameError(f"unknown order {order!r} (use {' or '.join(ORDERS)})")
        if len(worths) != expected:
            what = "Tick's binary order" if order == "binary" else "lexicographic order"
            raise GameError(f"{n} players need {expected} worths (2^{n} - 1, {what}), got {len(worths)}")
        vals = [Fraction(0)] * (2**n)
        for m, w in zip(coalition_order(n, order), worths):
            try:
                vals[m] = to_fraction(w)
            except DeclcoalError:  # again, with the coalition named (not built for every worth)
                vals[m] = to_fraction(w, f"worth of {braces(m, names)}")
        return cls(names, tuple(vals), name=name)

    @classmethod
    def from_dict(
        cls,
        players: Sequence[str],
        worths: Mapping[object, object],
        name: str = "game",
        default: object | None = None,
    ) -> "TUGame":
        """Worths keyed by coalition: a string of member names separated by spaces or
        commas (``"X Y"``), an iterable of names, or a bitmask int. Coalitions not
        listed get ``default``; without a default every coalition must be given."""
        names = check_player_names(players)
        n = len(names)
        check_size(n)
        vals: list[Fraction | None] = [None] * (2**n)
        vals[0] = Fraction(0)
        for key, w in worths.items():
            try:
                mask = parse_coalition(key, names)
                what = f"worth of {braces(mask, names)}" if mask else "worth of the empty coalition"
                q = to_fraction(w, what)
                if mask == 0:
                    if q != 0:
                        raise GameError(f"the empty coalition must have worth 0, got {q}")
                    continue
                if vals[mask] is not None:
                    raise GameError(f"coalition {braces(mask, names)} is given twice")
            except DeclcoalError as exc:
                exc.key = key  # type: ignore[attr-defined]  # lets readers find the line
                raise
            vals[mask] = q
        missing = [m for m in range(1, 2**n) if vals[m] is None]
        if missing:
            if default is None:
                raise GameError(
                    f"no worth for coalition {braces(missing[0], names)}"
                    + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
                    + "; give every coalition or set 'default = 0'"
                )
            d = to_fraction(default, "default worth")
            for m in missing:
                vals[m] = d
        return cls(names, tuple(vals), name=name)  # type: ignore[arg-type]

    @classmethod
    def from_function(cls, players: Sequence[str], v: Callable[[int], object], name: str = "game") -> "TUGame":
        """Worths from a function of the coalition bitmask (v(0) must be 0)."""
        names = check_player_names(players)
        check_size(len(names))
        vals = tuple(to_fraction(v(m), f"worth of coalition {m}") for m in range(2 ** len(names)))
        if vals[0] != 0:
            raise GameError(f"the empty coalition must have worth 0, got {vals[0]}")
        return cls(names, vals, name=name)

    @classmethod
    def from_array(cls, players: Sequence[str], array: np.ndarray, name: str = "game") -> "TUGame":
        """Float fast path: a float64 array of length 2^n indexed by bitmask."""
        names = check_player_names(players)
        n = len(names)
        check_size(n, exact=False)
        arr = np.asarray(array, dtype=np.float64)
        if arr.shape != (2**n,):
            raise GameError(f"{n} players need an array of length 2^{n} = {2**n}, got shape {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise GameError("worths must be finite numbers")
        if arr[0] != 0:
            raise GameError(f"the empty coalition must have worth 0, got {arr[0]}")
        arr = arr.copy()
        arr.flags.writeable = False
        return cls(names, arr, name=name, exact=False)

    @classmethod
    def from_int_array(cls, players: Sequence[str], ints: np.ndarray, den: int = 1, name: str = "game") -> "TUGame":
        """Exact worths v(S) = ints[S] / den from an integer array of length 2^n indexed
        by bitmask (int64; 8 bytes a coalition instead of ~100 for a Fraction), up to
        :data:`MAX_INT_PLAYERS` players."""
        names = check_player_names(players)
        n = len(names)
        check_size(n, exact="int")
        arr = np.asarray(ints)
        if arr.dtype.kind not in "iu":
            raise GameError(f"from_int_array needs an integer array, got dtype {arr.dtype}")
        if arr.shape != (2**n,):
            raise GameError(f"{n} players need an array of length 2^{n} = {2**n}, got shape {arr.shape}")
        if not isinstance(den, int) or isinstance(den, bool) or den <= 0:
            raise GameError(f"the common denominator must be a positive integer, got {den!r}")
        if arr[0] != 0:
            raise GameError(f"the empty coalition must have worth 0, got {arr[0]}")
        arr = arr.astype(np.int64, copy=True)
        arr.flags.writeable = False
        return cls(names, IntWorths(arr, den), name=name)

    # ------------------------------------------------------------------ access
    def v(self, coalition: int | Iterable[str] | str) -> Fraction:
        """Worth of a coalition (bitmask, names, or a "X Y" string)."""
        mask = coalition if isinstance(coalition, int) else parse_coalition(coalition, self.players)
        return self.values[mask]

    def __call__(self, coalition: int | Iterable[str] | str) -> Fraction:
        return self.v(coalition)

    def index(self, player: str) -> int:
        try:
            return self.players.index(player)
        except ValueError:
            raise GameError(f"unknown player {player!r}; players are {', '.join(self.players)}") from None

    def label(self, mask: int) -> str:
        return label(mask, self.players)

    def worth_list(self, order: str = "binary") -> list[Fraction]:
        """The 2^n − 1 non-empty worths in Tick's binary order (or ``order="lex"``)."""
        if order == "binary":
            return list(self.values[1:])
        return [self.values[m] for m in coalition_order(self.n, order)]

    def to_float(self) -> "TUGame":
        """The same game on the float fast path."""
        if not self.exact:
            return self
        if isinstance(self.values, IntWorths):
            return TUGame.from_array(self.players, self.values.ints / self.values.den, name=self.name)
        return TUGame.from_array(self.players, np.array([float(x) for x in self.values]), name=self.name)

    def require_exact(self, what: str) -> None:
        if not self.exact:
            raise UnsupportedError(f"{what} needs exact worths; this game is stored as floats")

    # ------------------------------------------------------------------ transforms
    def relabel(self, order: Sequence[int]) -> "TUGame":
        """The game with players permuted: new player k is old player ``order[k]``."""
        n = self.n
        if sorted(order) != list(range(n)):
            raise GameError(f"not a permutation of 0..{n - 1}: {list(order)}")
        def old_mask(new: int) -> int:
            m = 0
            for k in members(new):
                m |= 1 << order[k]
            return m
        vals = tuple(self.values[old_mask(m)] for m in range(2**n))
        return TUGame(tuple(self.players[i] for i in order), vals, name=self.name, exact=self.exact)

    def map_values(self, f: Callable[[int, Fraction], Fraction], name: str | None = None) -> "TUGame":
        """A new game with v'(S) = f(S, v(S)) (v'(∅) forced to 0)."""
        vals = tuple(Fraction(0) if m == 0 else to_fraction(f(m, x)) for m, x in enumerate(self.values))
        return TUGame(self.players, vals, name=name or self.name)

    def __add__(self, other: "TUGame") -> "TUGame":
        if other.players != self.players:
            raise GameError("games must have the same players to be added")
        vals = tuple(a + b for a, b in zip(self.values, other.values))
        return TUGame(self.players, vals, name=f"{self.name}+{other.name}", exact=self.exact and other.exact)

    def scaled(self, a: Fraction | int, b: Sequence[Fraction] | None = None) -> "TUGame":
        """Strategic equivalence: v'(S) = a·v(S) + Σ_{i∈S} b_i."""
        bb = [Fraction(0)] * self.n if b is None else [to_fraction(x) for x in b]
        return self.map_values(lambda m, x: a * x + sum((bb[i] for i in members(m)), Fraction(0)))

    def __repr__(self) -> str:
        kind = "exact" if self.exact else "float"
        return f"TUGame({self.name!r}, players={list(self.players)}, {kind})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TUGame):
            return NotImplemented
        if self.players != other.players or self.exact != other.exact:
            return False
        if self.exact:
            return self.values == other.values
        return bool(np.array_equal(self.values, other.values))

    __hash__ = None  # type: ignore[assignment]


def parse_coalition(key: object, players: Sequence[str]) -> int:
    """A coalition key → bitmask. Keys: ``"X Y"`` / ``"X,Y"`` / ``"{X,Y}"`` strings,
    iterables of names, or ints (bitmasks). Unknown or repeated names are errors."""
    if isinstance(key, bool):
        raise GameError(f"bad coalition {key!r}")
    if isinstance(key, int):
        if key < 0 or key >= 2 ** len(players):
            raise GameError(f"coalition bitmask {key} out of range for {len(players)} players")
        return key
    if isinstance(key, str):
        text = key.strip().strip("{}").strip()
        if text in ("", "∅", "empty"):
            return 0
        tokens = [t for t in re.split(r"[\s,]+", text) if t]
    else:
        tokens = list(key)  # type: ignore[arg-type]
    index = {p: i for i, p in enumerate(players)}
    mask = 0
    for t in tokens:
        if t not in index:
            raise GameError(f"unknown player {t!r} in coalition {key!r}; players are {', '.join(players)}")
        bit = 1 << index[t]
        if mask & bit:
            raise GameError(f"player {t!r} appears twice in coalition {key!r}")
        mask |= bit
    return mask
