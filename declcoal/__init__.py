"""declcoal: coalitional games and their solution concepts, stated declaratively.

Quick start::

    >>> from declcoal import TUGame, shapley
    >>> g = TUGame.from_list(["X", "Y", "Z"], [30, 22, 59, 5, 45, 39, 77], name="cement")
    >>> shapley(g).values
    [Fraction(71, 2), Fraction(57, 2), Fraction(13, 1)]
"""
from __future__ import annotations

__version__ = "0.1.0"

from .concepts.tu.properties import game_properties
from .concepts.tu.shapley import banzhaf, shapley
from .errors import DeclcoalError, GameError, InputError, SolverLimitError
from .io import load_game, load_games, save_game
from .model.tu import TUGame
from .model.partition import PartitionGame
from .model.pfg_models import cournot, environment, rnd
from .concepts.bargaining.viable import viable_structures

__all__ = [
    "__version__", "TUGame", "shapley", "banzhaf", "game_properties", "load_game", "load_games", "save_game",
    "DeclcoalError", "InputError", "GameError", "SolverLimitError",
    "PartitionGame", "viable_structures", "cournot", "environment", "rnd",
]
