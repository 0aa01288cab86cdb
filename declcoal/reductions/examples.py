"""A reduction beyond the paper, for the user hook's worked example (docs/reductions.md):
a deliberately BROKEN variant of Prop. 11 that the verifier must catch.

The bug: every clause agent is endowed with TWO units of each variable resource
(``en(a_i, r_x) = 2`` instead of 1). Then the k clause agents own 2k units of r_x and can
achieve g_x and g_¬x together — the consistency argument of the proof ("it would only be
possible to satisfy either g_x or g_¬x, not both") is gone, and an unsatisfiable formula
such as (x1) ∧ (¬x1) gets a strongly non-empty core.

It is written with :func:`declcoal.reductions.verify.reduction` from plain functions, as a
user would write their own; run it with ``declcoal verify
declcoal.reductions.examples:BROKEN11 --exhaustive`` (or the registered name ``broken11``).
"""
from __future__ import annotations

from ..model.cnf import CNF
from ..model.crg import CRG
from .constructions import prop11_game
from .notions import core_witness, sigma0_blocker
from .paper import PROP11
from .sat import satisfiable
from .verify import Verdict, reduction


def broken_prop11_game(cnf: CNF) -> CRG:
    """Prop. 11's game with en(a_i, r_x) = 2 (the bug)."""
    g = prop11_game(cnf)
    en = tuple(tuple(2 * e for e in row) for row in g.en)
    return CRG(g.agents, g.goals, g.resources, g.wants, en, g.req, "broken11", {"construction": "broken11"})


def _source(cnf: CNF) -> bool:
    return satisfiable(cnf)


def _target(game: CRG, notion: str) -> Verdict:
    """Strongly non-empty core: a stable σ* exists and σ0 is blocked."""
    w, _ = core_witness(game, notion)
    return Verdict(w is not None and sigma0_blocker(game, notion) is not None, w)


BROKEN11 = reduction(
    "broken11", broken_prop11_game, _source, _target,
    backward=PROP11.backward,  # a stable σ* → the assignment its literal goals spell
    files=PROP11.files, source_name="Φ satisfiable", target_name="core strongly non-empty",
)
BROKEN11.decode = PROP11.decode
BROKEN11.describe = PROP11.describe
