"""Games as plain validated data (DESIGN.md layout: ``model/`` is data)."""
from .coalition import grand, label, mask_of, members, partitions, size, subsets
from .tu import MAX_EXACT_PLAYERS, MAX_FLOAT_PLAYERS, TUGame, parse_coalition

__all__ = [
    "TUGame", "parse_coalition", "MAX_EXACT_PLAYERS", "MAX_FLOAT_PLAYERS",
    "grand", "label", "mask_of", "members", "partitions", "size", "subsets",
]
