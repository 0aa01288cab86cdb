"""Feasible and satisfying goal sets, successful coalitions (Dunne et al. 2010, §3, Table 1).

Two methods for each question: direct enumeration in Python (``method="python"``) and
the ASP encodings ``encodings/crg/feasible.lp``, ``sf.lp``, ``successful.lp``
(``method="asp"``). Both are exact; tests compare them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import InputError
from ...io.crg import crg_to_facts
from ...model.coalition import members
from ...model.crg import CRG, asp_term, name_of
from ...results import EXACT, timed


@dataclass
class CoalitionRow:
    """One column of Table 1: C, en(C, r) per resource, feas(C), sf(C)."""

    coalition: int
    endowment: tuple[int, ...]
    feasible: list[int]
    sf: list[int]

    def to_dict(self, game: CRG) -> dict:
        return {
            "coalition": [game.agents[i] for i in members(self.coalition)],
            "en": dict(zip(game.resources, self.endowment)),
            "feasible": [[game.goals[j] for j in members(g)] for g in self.feasible],
            "sf": [[game.goals[j] for j in members(g)] for g in self.sf],
            "successful": bool(self.sf),
        }


@dataclass
class SuccessTable:
    game: CRG
    rows: list[CoalitionRow]
    method: str
    seconds: float
    guarantee: str = EXACT
    solver: str = "python"
    extra: dict = field(default_factory=dict)

    @property
    def successful(self) -> list[int]:
        return [r.coalition for r in self.rows if r.sf]

    def to_dict(self) -> dict:
        return {
            "concept": "feasible and satisfying goal sets (sf), successful coalitions",
            "reference": "Dunne et al. 2010, §3, Table 1",
            "game": self.game.name,
            "method": self.method, "solver": self.solver, "guarantee": self.guarantee,
            "seconds": self.seconds,
            "coalitions": [r.to_dict(self.game) for r in self.rows],
            "successful": [[self.game.agents[i] for i in members(c)] for c in self.successful],
        }


MAX_TABLE_AGENTS = 12


def success_table(game: CRG, method: str = "python") -> SuccessTable:
    """For every coalition C (binary order, a1 = bit 0 — the order of Table 1's columns):
    en(C, r), the non-empty feasible goal sets feas(C) and sf(C)."""
    if game.n > MAX_TABLE_AGENTS:
        raise InputError(f"the table lists 2^n coalitions; {game.n} agents is too many (at most {MAX_TABLE_AGENTS})")
    if method not in ("python", "asp"):
        raise InputError(f"unknown method {method!r} (python or asp)")
    with timed() as t:
        rows = []
        for c in range(1 << game.n):
            en = tuple(game.en_of(c, r) for r in range(game.t))
            if method == "python":
                feas, sf = game.feasible_sets(c), game.sf(c)
            else:
                feas, sf = _asp_sets(game, c, "crg/feasible.lp"), (_asp_sets(game, c, "crg/sf.lp") if c else [])
            rows.append(CoalitionRow(c, en, feas, sf))
    return SuccessTable(game, rows, method, t.seconds, solver="clingo" if method == "asp" else "python")


def _asp_sets(game: CRG, coalition: int, encoding: str) -> list[int]:
    from ...solvers.clingo_adapter import solve
    from .core import check_asp_range

    check_asp_range(game)

    facts = crg_to_facts(game) + "".join(f"coalition({asp_term(game.agents[i])})." for i in members(coalition))
    ans = solve([encoding], facts, models=0)
    gi = {g: j for j, g in enumerate(game.goals)}
    out = set()
    for model in ans.models:
        out.add(sum(1 << gi[name_of(s.arguments[0])] for s in model if s.name == "achieve"))
    return sorted(out)


def successful_coalitions(game: CRG, method: str = "asp", *, limit: int | None = None) -> list[int]:
    """All successful coalitions (sf(C) ≠ ∅; Dunne et al. 2010, §3), ascending bitmasks. ``asp`` uses
    successful.lp with projection (one answer per coalition); ``python`` enumerates.

    With ``limit``, at most ``limit + 1`` coalitions are produced (the ASP enumeration
    stops there), so a caller can say "more than ``limit``" without the 2^n of them."""
    if method == "python":
        out = []
        for c in range(1, 1 << game.n):
            if game.successful(c):
                out.append(c)
                if limit is not None and len(out) > limit:
                    break
        return out
    if method != "asp":
        raise InputError(f"unknown method {method!r} (python or asp)")
    from ...solvers.clingo_adapter import solve
    from .core import check_asp_range

    check_asp_range(game)
    ans = solve(["crg/successful.lp"], crg_to_facts(game), models=0 if limit is None else limit + 1, project=True)
    ai = {a: i for i, a in enumerate(game.agents)}
    return sorted({sum(1 << ai[name_of(s.arguments[0])] for s in m if s.name == "coalition") for m in ans.models})


def listed_successful(game: CRG, limit: int | None = None) -> tuple[list[int], bool]:
    """Up to ``limit`` successful coalitions (default :data:`declcoal.limits.SUCCESSFUL_LISTED`)
    and whether there are more — bounded work for ``crg info`` and ``solve`` (a 200-agent
    game has astronomically many). Enumerates in Python on small games, else with
    successful.lp, which stops after ``limit + 1`` answers."""
    from ...limits import SUCCESSFUL_LISTED

    limit = SUCCESSFUL_LISTED if limit is None else limit
    small = game.n <= 12 and game.m <= 12
    found = successful_coalitions(game, "python" if small else "asp", limit=limit)
    return found[:limit], len(found) > limit
