"""The reduction verifier: a reduction, instances, certificates both ways (issue 11).

A *reduction* (the user hook, in the style of reduction checkers) is an object with

* ``name``;
* ``construct(x) -> game`` — the forward construction (instance → game);
* ``source(x) -> Verdict`` — the property of the instance (e.g. "Φ is satisfiable"),
  with a certificate when it holds (e.g. an assignment);
* ``target(game, notion) -> Verdict`` — the property of the game (e.g. "the core is
  non-empty") under a preference ``notion``, with a certificate when it holds (e.g. a
  stable σ) and evidence when it does not;
* optionally ``forward(x, game, source_certificate, notion) -> dict`` (maps the
  instance's certificate to the game's and checks it; ``{"ok": bool, ...}``) and
  ``backward(x, game, target_certificate, notion) -> dict`` (the other way);
* ``notions`` — the readings of preference to run (``("preference", "utility")`` for
  CRGs, see :mod:`declcoal.reductions.notions`; anything else for other games);
* ``files(x, game) -> dict[str, str]`` — what to save for a counterexample.

:func:`check_instance` runs one instance: the source answer, for every notion the
target answer, their agreement and the certificates in both directions. It returns a
JSON-able record. :class:`ReductionCampaign` wraps a reduction and an instance family
into a campaign for :mod:`declcoal.reductions.runner` (the campaign engine's interface).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError


@dataclass
class Verdict:
    """An answer with its certificate (when yes) and evidence (JSON-able)."""

    answer: bool
    certificate: Any = None
    evidence: dict = field(default_factory=dict)


class Reduction:
    """Base class for reductions (subclass it, or build one with :func:`reduction`)."""

    name = "reduction"
    notions: tuple[str, ...] = ("preference", "utility")
    source_name = "source property"
    target_name = "target property"

    def construct(self, x):  # pragma: no cover - abstract
        raise NotImplementedError

    def source(self, x) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError

    def target(self, game, notion: str) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError

    forward: Callable | None = None
    backward: Callable | None = None

    def sizes(self, x, game) -> dict:
        return {}

    def files(self, x, game) -> dict[str, str]:
        return {}

    def describe(self, x) -> str:
        return str(x)


class FunctionReduction(Reduction):
    """A reduction made of plain functions (see :func:`reduction`)."""

    def __init__(self, name: str, construct_fn: Callable, source_fn: Callable, target_fn: Callable,
                 forward_fn: Callable | None = None, backward_fn: Callable | None = None,
                 notions=("preference", "utility"), files_fn: Callable | None = None,
                 source_name: str = "source property", target_name: str = "target property"):
        self.name, self.construct_fn, self.source_fn, self.target_fn = name, construct_fn, source_fn, target_fn
        self.forward = forward_fn
        self.backward = backward_fn
        self.notions, self.files_fn = tuple(notions), files_fn
        self.source_name, self.target_name = source_name, target_name

    def construct(self, x):
        return self.construct_fn(x)

    def source(self, x) -> Verdict:
        return _as_verdict(self.source_fn(x))

    def target(self, game, notion):
        return _as_verdict(self.target_fn(game, notion))

    def files(self, x, game):
        return self.files_fn(x, game) if self.files_fn else {}


def reduction(name: str, construct: Callable, source: Callable, target: Callable, *, forward: Callable | None = None,
              backward: Callable | None = None, notions=("preference", "utility"), files: Callable | None = None,
              source_name: str = "source property", target_name: str = "target property") -> FunctionReduction:
    """A reduction from functions (the user hook, docs/reductions.md): ``construct(x) -> game``; ``source(x)`` and
    ``target(game, notion)`` return a bool or a :class:`Verdict` (or ``(bool,
    certificate)``); ``forward(x, game, cert, notion)`` / ``backward(x, game, cert,
    notion)`` return ``{"ok": bool, ...}`` or a bool."""
    return FunctionReduction(name, construct, source, target, forward, backward, tuple(notions), files,
                             source_name, target_name)


def _as_verdict(v) -> Verdict:
    if isinstance(v, Verdict):
        return v
    if isinstance(v, tuple):
        return Verdict(bool(v[0]), v[1] if len(v) > 1 else None, v[2] if len(v) > 2 else {})
    return Verdict(bool(v))


def _as_check(v) -> dict:
    if isinstance(v, dict):
        return {**v, "ok": bool(v.get("ok"))}
    return {"ok": bool(v)}


def check_instance(red: Reduction, x) -> dict:
    """One instance through the reduction: source answer, and per notion the target
    answer, agreement, forward and backward certificate checks (JSON-able record;
    docs/reductions.md)."""
    game = red.construct(x)
    src = red.source(x)
    rec: dict = {"reduction": red.name, "instance": red.describe(x), "source": src.answer,
                 "source_evidence": src.evidence, "sizes": red.sizes(x, game), "notions": {}}
    for notion in red.notions:
        tgt = red.target(game, notion)
        row: dict = {"target": tgt.answer, "agree": tgt.answer == src.answer, "evidence": tgt.evidence}
        if red.forward is not None and src.answer:
            row["forward"] = _as_check(red.forward(x, game, src.certificate, notion))
        if red.backward is not None and tgt.answer:
            row["backward"] = _as_check(red.backward(x, game, tgt.certificate, notion))
        if getattr(red, "refute", None) is not None and not src.answer:
            row["refutation"] = _as_check(red.refute(x, game, notion, tgt))
        rec["notions"][notion] = row
    rec["agree"] = {n: r["agree"] for n, r in rec["notions"].items()}
    return json.loads(json.dumps(rec, default=_jsonable))


def decode(red: Reduction, params: dict):
    """The instance described by campaign ``params`` (the reduction's ``decode`` if it
    has one; else ``{"cnf": ...}`` → :class:`~declcoal.model.cnf.CNF`, ``{"x": v}`` → v)."""
    if hasattr(red, "decode"):
        return red.decode(params)
    if "cnf" in params:
        from ..model.cnf import CNF

        return CNF.from_dict(params["cnf"])
    return params.get("x", params)


def _jsonable(o):
    if hasattr(o, "to_dict"):
        return o.to_dict()
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    return str(o)


# ====================================================================== registry
REDUCTIONS: dict[str, str] = {
    "prop8": "declcoal.reductions.paper:PROP8",
    "prop9": "declcoal.reductions.paper:PROP9",
    "prop10": "declcoal.reductions.paper:PROP10",
    "prop11": "declcoal.reductions.paper:PROP11",
    "broken11": "declcoal.reductions.examples:BROKEN11",
}


def resolve(spec: str) -> Reduction:
    """A reduction by registered name (``prop11``) or import path ``module:attribute``
    (the user hook: the object is a :class:`Reduction` or a function returning one)."""
    path = REDUCTIONS.get(spec, spec)
    if ":" not in path:
        raise InputError(f"unknown reduction {spec!r} (use {', '.join(REDUCTIONS)} or module:attribute)")
    from ..loader import load_attribute

    obj = load_attribute(path, f"cannot load reduction {spec!r}")
    if isinstance(obj, type) and not all(hasattr(obj, a) for a in ("construct", "source", "target")):
        raise InputError(f"{spec!r} is not a reduction (it needs construct, source and target)")
    if isinstance(obj, type):
        obj = obj()
    if not all(hasattr(obj, a) for a in ("construct", "source", "target")):
        raise InputError(f"{spec!r} is not a reduction (it needs construct, source and target)")
    return obj


# ====================================================================== instance families
def cnf_family(family: str, *, vars: int = 3, clauses: int = 3, count: int = 100, seed: int = 0, k: int = 3,
               min_vars: int = 1, min_clauses: int = 1, tautologies: bool = False,
               empty: bool = False) -> Iterator[dict]:
    """Instance parameters (``{"cnf": {...}}``) of a formula family: ``exhaustive`` (all
    formulas up to renaming/clause order with ≤ vars variables and 1..clauses clauses),
    ``random`` (``count`` seeded random k-CNFs, min_vars ≤ z ≤ vars and min_clauses ≤
    k ≤ clauses drawn per formula), ``cnfgen:NAME`` (sizes 1..vars of a cnfgen family)."""
    import random

    from ..model.cnf import all_formulas, cnfgen_family, random_kcnf

    if family == "exhaustive":
        for f in all_formulas(vars, clauses, min_vars=min_vars, tautologies=tautologies, empty=empty):
            yield {"cnf": f.to_dict()}
    elif family == "random":
        rng = random.Random(seed)
        for _ in range(count):
            z = rng.randint(max(1, min_vars), vars)
            m = rng.randint(min(max(1, min_clauses), clauses), clauses)
            f = random_kcnf(rng, z, m, min(k, z))
            yield {"cnf": f.to_dict()}
    elif family.startswith("cnfgen:"):
        name = family.split(":", 1)[1]
        for size in range(1, vars + 1):
            f = cnfgen_family(name, size, seed)
            yield {"cnf": f.to_dict()}
    else:
        raise InputError(f"unknown family {family!r} (exhaustive, random, cnfgen:php|ordering|randkcnf)")


def crg_family(*, count: int = 100, seed: int = 0, agents: int = 3, goals: int = 3, resources: int = 2,
               max_en: int = 2, max_req: int = 2) -> Iterator[dict]:
    """Random small CRGs (GRAND COALITION SUCCESS instances for Props. 8/10)."""
    import random

    from ..model.crg import random_game

    rng = random.Random(seed)
    for i in range(count):
        g = random_game(rng, rng.randint(1, agents), rng.randint(1, goals), rng.randint(1, resources),
                        max_en=max_en, max_req=max_req, name=f"gcs{i}")
        yield {"crg": g.to_doc()}
