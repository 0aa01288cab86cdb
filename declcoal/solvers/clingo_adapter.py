"""A thin adapter around clingo's Python API (DESIGN.md: solvers are thin).

``solve(files, facts)`` grounds encodings plus facts and returns the answer sets as
lists of copied symbols — a ``clingo.Model`` is only valid inside ``on_model``
(DESIGN.md pitfall), so we copy ``model.symbols(shown=True)`` there. ``Session`` keeps
a ``Control`` alive for multi-shot use (the counter-example-guided core loop).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import clingo

from .. import interrupt
from ..errors import SolverLimitError
from .encodings import encoding_path


@dataclass
class Answer:
    """The outcome of one solve call: answer sets as lists of symbols."""

    satisfiable: bool
    models: list[list[clingo.Symbol]] = field(default_factory=list)
    costs: list[list[int]] = field(default_factory=list)
    optimal: list[bool] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def atoms(self, k: int = 0, name: str | None = None) -> list[clingo.Symbol]:
        return [s for s in self.models[k] if name is None or s.name == name]


def _logger(code, message):  # silence "atom does not occur in any rule head" infos
    pass


def make_control(args: Sequence[str] = ()) -> clingo.Control:
    """A ``Control`` that Ctrl-C interrupts (:mod:`declcoal.interrupt`)."""
    ctl = clingo.Control(["--warn=none", *args], logger=_logger, message_limit=0)
    interrupt.register(ctl)
    return ctl


def _check_interrupt(res) -> None:
    """A solve call that Ctrl-C cut short is an interrupt, never an answer."""
    if interrupt.requested():
        interrupt.delivered()
        raise KeyboardInterrupt


def load(ctl: clingo.Control, encodings: Sequence[str]) -> None:
    for name in encodings:
        ctl.load(str(encoding_path(name)))


def solve(
    encodings: Sequence[str],
    facts: str = "",
    *,
    args: Sequence[str] = (),
    models: int = 1,
    project: bool = False,
    optimal_only: bool = False,
) -> Answer:
    """Ground ``encodings`` (names under ``encodings/``) with ``facts`` and solve.

    ``models`` = how many answer sets to collect (0 = all); ``project`` enumerates
    projected answer sets (``#project``); ``optimal_only`` keeps only answer sets
    proven optimal (``--opt-mode=optN``)."""
    flags = [str(models)]
    if project:
        flags.append("--project")
    if optimal_only:
        flags.append("--opt-mode=optN")
        flags[0] = "0"
    ctl = make_control([*flags, *args])
    load(ctl, encodings)
    if facts:
        ctl.add("base", [], facts)
    ctl.ground([("base", [])])
    out = Answer(False)

    def on_model(m: clingo.Model):
        if optimal_only and not m.optimality_proven:
            return True
        out.models.append(list(m.symbols(shown=True)))  # copied: m dies after on_model
        out.costs.append(list(m.cost))
        out.optimal.append(m.optimality_proven)
        if optimal_only and models and len(out.models) >= models:
            return False
        return True

    res = ctl.solve(on_model=on_model)
    _check_interrupt(res)
    if res.unknown and not out.models and not res.interrupted:
        raise SolverLimitError("clingo gave no answer (unknown)")
    out.satisfiable = bool(res.satisfiable) or bool(out.models)
    out.stats = {"atoms": int(ctl.statistics["problem"]["lp"]["atoms"]),
                 "rules": int(ctl.statistics["problem"]["lp"]["rules"])}
    return out


class Session:
    """A long-lived ``Control`` for multi-shot solving (add parts, ground, solve again)."""

    def __init__(self, encodings: Sequence[str], facts: str = "", args: Sequence[str] = ()):
        self.ctl = make_control(args)
        load(self.ctl, encodings)
        if facts:
            self.ctl.add("base", [], facts)
        self.ctl.ground([("base", [])])
        self._parts: list[str] = []

    def add_and_ground(self, part: str, values: Sequence[clingo.Symbol], facts: str) -> None:
        """Ground the encoding's parameterised part ``part(values)`` together with new
        ``facts``. The facts go into a fresh part of their own: text added to an
        existing part would be re-instantiated (and so repeated) at every later step."""
        fresh = f"{part}_facts_{len(self._parts)}"
        self._parts.append(fresh)
        self.ctl.add(fresh, [], facts)
        self.ctl.ground([(fresh, []), (part, list(values))])

    def first_model(self) -> list[clingo.Symbol] | None:
        found: list[list[clingo.Symbol]] = []

        def on_model(m: clingo.Model):
            found.append(list(m.symbols(shown=True)))
            return False

        _check_interrupt(self.ctl.solve(on_model=on_model))
        return found[0] if found else None


def number(sym: clingo.Symbol) -> int:
    return sym.number


def name(sym: clingo.Symbol) -> str:
    return sym.name if sym.type == clingo.SymbolType.Function else str(sym)
