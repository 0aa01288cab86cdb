"""TOML/JSON documents of ``kind = "bargaining"`` (Ray & Vohra 2025, §2 and §5.1).

One kind, two forms, told apart by the shape of ``feasible``:

*A game with exogenous threats G = (F, Θ, d)* — ``feasible`` is a list of payoff vectors
(finite F) or a number v (the TU set {x ≥ 0, Σ x ≤ v})::

    kind = "bargaining"
    name = "example-1"
    players = ["P1", "P2", "P3"]
    feasible = [[3, 3, 1], [2, 2, 4]]
    disagreement = [0, 0, 0]        # optional, default 0
    weights = [1, 1, 1]             # optional, default 1 (symmetric, eq. (3))
    [threats]                       # Θ(S) for sub-coalitions S ⊂ N
    "P1 P2" = [[6, 0], [0, 6]]      # points in R^S, coordinates in player order

*A characteristic function with endogenous threats (§5.1)* — ``feasible`` is a table
keyed by coalition; each entry is a worth (TU) or a list of payoff vectors (finite NTU
set F(S) ⊂ R^S_+); coalitions not listed have F(S) = {0}; d is 0; no ``threats``::

    kind = "bargaining"
    players = ["P1", "P2", "P3"]
    [feasible]
    "P1 P2" = [[3, 2]]
    "P1 P2 P3" = [[3, 2, 1], [1, 3, 2], [2, 1, 3]]
    [coalition_weights]             # optional per-coalition weights γ(S)
    "P1 P2" = [1, 2]

Numbers are exact (0.8 = 4/5; strings like "71/2" are allowed). ``description``,
``source`` and a free ``[meta]`` table are kept.
"""
from __future__ import annotations


from ..errors import DeclcoalError, InputError
from ..model.bargaining import BargainingGame, CoalitionalGame
from .source import Source

KEYS = {"kind", "name", "players", "feasible", "threats", "disagreement", "weights", "coalition_weights",
        "description", "source", "meta"}


def bargaining_from_doc(doc: dict, src: Source) -> BargainingGame | CoalitionalGame:
    """Build a :class:`BargainingGame` (list/number ``feasible``) or a
    :class:`CoalitionalGame` (table ``feasible``) from a parsed document."""
    name, players = src.header(doc, KEYS, ("players", "feasible"), "a bargaining game")
    feasible = doc["feasible"]
    meta = {k: doc[k] for k in ("description", "source") if k in doc}
    if "meta" in doc:
        meta["meta"] = doc["meta"]
    try:
        if isinstance(feasible, dict):
            for bad in ("threats", "disagreement"):
                if bad in doc:
                    raise src.error(InputError(
                        f"'{bad}' does not apply when 'feasible' is a table of coalitions: threats are "
                        "endogenous (§5.1) and d is 0"), bad)
            cw = doc.get("coalition_weights", {})
            if not isinstance(cw, dict):
                raise src.error(InputError("'coalition_weights' must be a table keyed by coalition"), "coalition_weights")
            _check_lists(doc, "weights")
            game = CoalitionalGame.build(players, feasible, weights=doc.get("weights"), coalition_weights=cw, name=name)
        else:
            if "coalition_weights" in doc:
                raise src.error(InputError("'coalition_weights' applies only when 'feasible' is a table of coalitions"),
                                "coalition_weights")
            if not isinstance(feasible, (list, int, float, str)) or isinstance(feasible, bool):
                from decimal import Decimal

                if not isinstance(feasible, Decimal):
                    raise src.error(InputError(
                        "'feasible' must be a list of payoff vectors, a number (TU worth) or a table of coalitions"),
                        "feasible")
            threats = doc.get("threats", {})
            if not isinstance(threats, dict):
                raise src.error(InputError("'threats' must be a table keyed by coalition"), "threats")
            _check_lists(doc, "weights", "disagreement")
            game = BargainingGame.build(players, feasible, threats, doc.get("disagreement"), doc.get("weights"),
                                        name=name)
    except DeclcoalError as exc:
        raise src.error(exc, *_quoted_keys(exc.message, doc), *_field(exc.message), "feasible") from None
    object.__setattr__(game, "meta", meta)
    return game


def _check_lists(doc: dict, *keys: str) -> None:
    for k in keys:
        if k in doc and not isinstance(doc[k], list):
            raise InputError(f"'{k}' must be a list with one number per player")


def _field(message: str) -> list[str]:
    out = []
    for key, needle in (("weights", "weight"), ("disagreement", "disagreement"), ("players", "player")):
        if needle in message:
            out.append(key)
    return out


def _quoted_keys(message: str, doc: dict) -> list[str]:
    """Coalition keys named in an error (``{P1,P2}`` or ``'P1 P2'``), to find their line."""
    out = []
    for table in ("threats", "feasible", "coalition_weights"):
        t = doc.get(table)
        if isinstance(t, dict):
            for k in t:
                braces = "{" + ",".join(str(k).split()) + "}"
                if repr(k) in message or braces in message:
                    out.append(k)
    return out


__all__ = ["bargaining_from_doc"]
