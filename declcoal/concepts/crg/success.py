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


#: ``crg info`` / ``solve`` enumerate the successful coalitions in Python up to this many
#: coalition × goal-set pairs (milliseconds with numpy), with successful.lp beyond
SMALL_PAIRS = 2**18


def table_pairs(game: CRG) -> int:
    """The work of Table 1: 2^n coalitions × (2^m − 1) non-empty goal sets, each tested for
    feasibility (and the feasible ones for satisfaction)."""
    return (1 << game.n) * ((1 << game.m) - 1)


def check_table_size(game: CRG, max_pairs: int | None = None, max_rows: int | None = None) -> None:
    """Refuse at once (exit 2) when Table 1 would have more than ``max_rows`` rows (2^n
    coalitions; default :data:`declcoal.limits.SUCCESS_TABLE_ROWS`) or test more than
    ``max_pairs`` coalition × goal-set pairs (default
    :data:`declcoal.limits.SUCCESS_TABLE_PAIRS`; docs/limits.md)."""
    from ...limits import SUCCESS_TABLE_PAIRS, SUCCESS_TABLE_ROWS, refuse

    avoid = "'declcoal crg info' lists the successful coalitions without the table"
    rows = SUCCESS_TABLE_ROWS if max_rows is None else max_rows
    if 1 << game.n > rows:
        raise refuse(f"the table has one row per coalition, 2^{game.n}", 1 << game.n, rows, "--max-rows", avoid)
    limit = SUCCESS_TABLE_PAIRS if max_pairs is None else max_pairs
    pairs = table_pairs(game)
    if pairs > limit:
        raise refuse(f"the table tests 2^{game.n} coalitions × (2^{game.m} − 1) goal sets", pairs, limit,
                     "--max-pairs", avoid)


def success_table(game: CRG, method: str = "python", *, max_pairs: int | None = None,
                  max_rows: int | None = None) -> SuccessTable:
    """For every coalition C (binary order, a1 = bit 0 — the order of Table 1's columns):
    en(C, r), the non-empty feasible goal sets feas(C) and sf(C).

    The table's size, 2^n rows and 2^n · (2^m − 1) pairs, is checked first (:func:`check_table_size`);
    the coalitions are reported to :mod:`declcoal.progress` as they are done."""
    if method not in ("python", "asp"):
        raise InputError(f"unknown method {method!r} (python or asp)")
    check_table_size(game, max_pairs, max_rows)
    from ... import progress

    with timed() as t, progress.task("coalitions", 1 << game.n) as task:
        rows = []
        sets = _GoalSets(game) if method == "python" else None
        for c in range(1 << game.n):
            en = tuple(game.en_of(c, r) for r in range(game.t))
            if sets is not None:
                feas, sf = sets.feasible_and_sf(c, en)
            else:
                feas, sf = _asp_sets(game, c, "crg/feasible.lp"), (_asp_sets(game, c, "crg/sf.lp") if c else [])
            rows.append(CoalitionRow(c, en, feas, sf))
            task.advance()
    return SuccessTable(game, rows, method, t.seconds, solver="clingo" if method == "asp" else "python")


class _GoalSets:
    """req(G', r) and succ(G') for every goal set G' at once (each from a smaller set plus
    one goal, §3: req(G', r) = Σ_{g∈G'} req(g, r)), so that feas(C) and sf(C) are one
    comparison per goal set. numpy (int64) when every sum fits, exact Python ints
    otherwise."""

    def __init__(self, game: CRG) -> None:
        self.game = game
        wanters = [game.succ(1 << j) for j in range(game.m)]
        totals = [game.en_of(game.grand, r) for r in range(game.t)] + [game.req_of(game.all_goals, r) for r in range(game.t)]
        self.np = None
        if max(totals, default=0) < 2**62 and game.n < 62:
            import numpy as np

            self.np = np
            R, S = np.zeros((1, game.t), dtype=np.int64), np.zeros(1, dtype=np.int64)
            for j in range(game.m):  # the sets containing goal j are those without it, plus j
                R = np.concatenate([R, R + np.array(game.req[j], dtype=np.int64)])
                S = np.concatenate([S, S | wanters[j]])
            self.R, self.S = R, S
            return
        req, succ = [(0,) * game.t], [0]
        for gm in range(1, 1 << game.m):
            low = gm & -gm
            j = low.bit_length() - 1
            req.append(tuple(a + b for a, b in zip(req[gm ^ low], game.req[j])))
            succ.append(succ[gm ^ low] | wanters[j])
        self.req, self.succ = req, succ

    def feasible_and_sf(self, c: int, en: tuple[int, ...]) -> tuple[list[int], list[int]]:
        """feas(C) (non-empty goal sets) and sf(C) (empty for C = ∅, as Table 1 lists it)."""
        if self.np is not None:
            np = self.np
            ok = (self.R <= np.array(en, dtype=np.int64)).all(axis=1) if self.game.t else np.ones(len(self.S), dtype=bool)
            ok[0] = False
            feas = np.flatnonzero(ok)
            sf = np.flatnonzero(ok & ((self.S & c) == c)) if c else feas[:0]
            return [int(x) for x in feas], [int(x) for x in sf]
        feas = [g for g in range(1, len(self.req)) if all(q <= e for q, e in zip(self.req[g], en))]
        return feas, ([g for g in feas if self.succ[g] & c == c] if c else [])


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
        from ... import progress

        sets, out = _GoalSets(game), []
        with progress.task("coalitions", (1 << game.n) - 1) as task:
            for c in range(1, 1 << game.n):
                task.advance()
                if sets.feasible_and_sf(c, tuple(game.en_of(c, r) for r in range(game.t)))[1]:
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
    small = game.n <= 12 and table_pairs(game) <= SMALL_PAIRS
    found = successful_coalitions(game, "python" if small else "asp", limit=limit)
    return found[:limit], len(found) > limit
