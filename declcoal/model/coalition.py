"""Coalitions as bitmasks over an ordered player list.

Player ``i`` (0-based) is bit ``i``; a coalition is the int whose set bits are its
members. This is Tick's binary order (1995, appendix ``make_subset/3``): element ``k``
of a payoff list is the worth of the coalition whose members are the set bits of
``k``, the first player being bit 0.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence


def mask_of(indices: Sequence[int] | set[int] | frozenset[int]) -> int:
    """The bitmask of a set of player indices."""
    m = 0
    for i in indices:
        m |= 1 << i
    return m


def members(mask: int) -> list[int]:
    """Player indices in ``mask``, ascending."""
    out = []
    i = 0
    while mask:
        if mask & 1:
            out.append(i)
        mask >>= 1
        i += 1
    return out


def size(mask: int) -> int:
    """Number of members of the coalition."""
    return mask.bit_count()


def grand(n: int) -> int:
    """The grand coalition N of an n-player game."""
    return (1 << n) - 1


class Players:
    """``n`` and the grand coalition of any game whose ``players`` is a tuple of names
    (a mixin for the game dataclasses of ``model/``)."""

    __slots__ = ()
    players: tuple[str, ...]

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.players)

    @property
    def grand(self) -> int:
        """Bitmask of the grand coalition N."""
        return grand(self.n)


def subsets(mask: int, *, proper: bool = False, nonempty: bool = True) -> Iterator[int]:
    """All sub-coalitions of ``mask`` (descending submask enumeration)."""
    sub = mask
    while True:
        if not (proper and sub == mask) and not (nonempty and sub == 0):
            yield sub
        if sub == 0:
            return
        sub = (sub - 1) & mask


def partitions(mask: int) -> Iterator[list[int]]:
    """All partitions of ``mask`` into non-empty blocks (each block contains the
    lowest remaining player first, so every partition appears exactly once)."""
    if mask == 0:
        yield []
        return
    low = mask & -mask
    rest = mask ^ low
    sub = rest
    while True:
        block = sub | low
        for tail in partitions(rest ^ sub):
            yield [block, *tail]
        if sub == 0:
            return
        sub = (sub - 1) & rest


#: the two vector orders of the field (DESIGN.md, "Conventions of the field")
ORDERS = ("binary", "lex")


def coalition_order(n: int, order: str = "binary") -> list[int]:
    """The 2^n − 1 non-empty coalitions of n players in a vector order:

    * ``binary`` — Tick's (and MatTuGames', coopgame's, TUGlab's binary mode): element
      k is the coalition of the set bits of k, {1},{2},{1,2},{3},...;
    * ``lex`` — lexicographic (CoopGame for R, TUGlab's default): by size, then
      lexicographically by members, {1},{2},{3},{1,2},{1,3},{2,3},{1,2,3}.
    """
    if order == "binary":
        return list(range(1, 1 << n))
    if order == "lex":
        return sorted(range(1, 1 << n), key=lambda m: (m.bit_count(), members(m)))
    raise ValueError(f"unknown coalition order {order!r} (use {' or '.join(ORDERS)})")


def label(mask: int, players: Sequence[str], sep: str = " ") -> str:
    """Human-readable coalition: member names joined by ``sep`` (``{}`` for empty)."""
    names = [players[i] for i in members(mask)]
    return sep.join(names) if names else "{}"


def braces(mask: int, players: Sequence[str]) -> str:
    """Set notation ``{X,Y}`` for messages."""
    return "{" + ",".join(players[i] for i in members(mask)) + "}"
