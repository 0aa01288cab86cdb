"""The prenucleolus (Schmeidler 1969; Sobolev 1975): the nucleolus over all
pre-imputations x(N) = v(N), without the bounds x_i ≥ v({i})."""
from __future__ import annotations

from ...model.tu import TUGame
from .core import NucleolusResult, nucleolus


def prenucleolus(game: TUGame, method: str = "auto") -> NucleolusResult:
    """The prenucleolus (Schmeidler 1969; Sobolev 1975) by the sequential LPs of
    Maschler, Peleg & Shapley (1979): :func:`nucleolus` with ``imputations=False``."""
    return nucleolus(game, imputations=False, method=method)


__all__ = ["prenucleolus"]
