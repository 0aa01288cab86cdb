"""The deletion filter: the one loop behind every "conflicting constraints" answer of
:mod:`declcoal.query` (TU/bargaining queries with Z3, resource games with clingo) and
behind the removal of redundant rows before vertex enumeration.

Walk the items once; drop an item when the rest still do what the whole did (still
conflict; still imply it). Each dropped item stays out, so the result is *irreducible*:
for a conflict, every member is needed — dropping any one makes the others satisfiable
(Chinneck & Dravnieks 1991, "Locating minimal infeasible constraint sets in linear
programs", the deletion filter). It costs one solver call per item, reported through
:mod:`declcoal.progress` (a resource game's calls are clingo runs and may be slow).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from .. import progress

T = TypeVar("T")

__all__ = ["deletion_filter", "minimal_conflict"]


def deletion_filter(items: Sequence[T], droppable: Callable[[T, list[T]], bool], label: str) -> list[T]:
    """``items`` in their order, less each item ``x`` for which ``droppable(x, rest)``
    held when it was visited (``rest``: the items kept so far and the ones still to
    visit, without ``x``)."""
    keep = list(items)
    with progress.task(label, len(keep)) as t:
        j = 0
        while j < len(keep):
            rest = keep[:j] + keep[j + 1:]
            if droppable(keep[j], rest):
                keep = rest
            else:
                j += 1
            t.advance()
    return keep


def minimal_conflict(conflicting: Sequence[T], conflicts: Callable[[list[T]], bool]) -> list[T]:
    """An irreducible subset of ``conflicting`` (which must conflict), in its order:
    ``conflicts(subset)`` is True when the constraints of ``subset`` have no solution."""
    return deletion_filter(conflicting, lambda _, rest: conflicts(rest), "conflict checks")
