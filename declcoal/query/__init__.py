"""Declarative queries: users state their own questions of a game as constraints.

``query(game)`` returns a :class:`~declcoal.query.tu.TUQuery` for TU and bargaining
games (exact LPs with lazy coalition rows, Z3 for non-convex regions) or a
:class:`~declcoal.query.crg.CRGQuery` for coalitional resource games (clingo on the
encodings in ``encodings/crg/``). See docs/query.md, "Asking your own questions".
"""
from __future__ import annotations

from ..errors import UnsupportedError
from .syntax import parse, text
from .tu import Answer, TUQuery


def query(game, **kw):
    """A query object for ``game``: state your own constraints and goals over its
    solutions, in the spirit of Tick's (1995) CLP(R) top level (docs/query.md).

    TU and bargaining games give a :class:`~declcoal.query.tu.TUQuery` (allocations x;
    regions core, least_core, imputation, eps_core(e), tightened(k), unblocked, ...;
    goals maximize/minimize/range/vertices/member/find, exact); coalitional resource
    games give a :class:`~declcoal.query.crg.CRGQuery` (coalition structures; atoms
    together, achieved, satisfied, stable, cost; goals find/all/count/optimise)::

        q = declcoal.query(game)
        q.require(q.x["A"] >= 40, name="A gets 40")
        q.require("core")
        q.maximize(q.x["Z"])
        q.solve().text()
    """
    from ..model.bargaining import BargainingGame
    from ..model.crg import CRG
    from ..model.tu import TUGame

    if isinstance(game, (TUGame, BargainingGame)):
        return TUQuery(game, **kw)
    if isinstance(game, CRG):
        from .crg import CRGQuery

        return CRGQuery(game, **kw)
    raise UnsupportedError(f"queries are defined for TU, bargaining and coalitional resource games, not {type(game).__name__}")


__all__ = ["query", "parse", "text", "TUQuery", "Answer"]


class _CallableModule(__import__("types").ModuleType):
    """``declcoal.query`` is both this package and the function :func:`query`: once the
    package is imported, Python binds the attribute ``declcoal.query`` to the module,
    so the module itself forwards calls to :func:`query`."""

    def __call__(self, game, **kw):
        return query(game, **kw)


__import__("sys").modules[__name__].__class__ = _CallableModule
