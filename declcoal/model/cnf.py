"""Propositional formulas in conjunctive normal form (CNF), the SAT side of the
reductions of Dunne, Kraus, Manisterski & Wooldridge (2010), Appendix B (Props. 9, 11).

A :class:`CNF` is ``Φ = ψ_1 ∧ … ∧ ψ_k`` over variables ``x_1..x_z``; a clause ``ψ_i`` is a
tuple of non-zero integers in DIMACS style (``3`` is ``x_3``, ``-3`` is ``¬x_3``).
Clauses keep their order and repetitions: the constructions create one agent per
clause, so ``(x1) ∧ (x1)`` and ``(x1)`` give different games. Variables that occur in
no clause still count (``z`` is the header's number; Prop. 9 creates a resource ``r_x``
for every variable and uses ``z`` in its requirements).

Families for campaigns (all deterministic):

* :func:`all_formulas` — every formula with ``z ≤ V`` variables and ``1 ≤ k ≤ C``
  clauses, one representative per class of formulas equal up to renaming the
  variables and reordering the clauses (a canonical form, :func:`canonical`);
* :func:`random_kcnf` — seeded uniform random k-CNF;
* :func:`cnfgen_family` — standard families from cnfgen (pigeonhole, parity, ...).
"""
from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..errors import GameError

Clause = tuple[int, ...]
#: an assignment: variable -> truth value (a partial assignment may omit variables)
Assignment = dict[int, bool]


@dataclass(frozen=True)
class CNF:
    """``Φ = ψ_1 ∧ … ∧ ψ_k`` over ``x_1..x_z`` (``z = nvars``; the notation of Dunne et al.
    2010, App. B); clauses are DIMACS literal tuples (duplicates of a literal inside a
    clause are removed, order kept). See docs/reductions.md."""

    nvars: int
    clauses: tuple[Clause, ...]

    @classmethod
    def build(cls, nvars: int, clauses: Iterable[Iterable[int]]) -> "CNF":
        """A validated formula: literals are non-zero integers with |ℓ| ≤ nvars."""
        if isinstance(nvars, bool) or not isinstance(nvars, int) or nvars < 0:
            raise GameError(f"the number of variables must be a natural number, got {nvars!r}")
        out = []
        for n, clause in enumerate(clauses, start=1):
            lits: list[int] = []
            for lit in clause:
                if isinstance(lit, bool) or not isinstance(lit, int) or lit == 0:
                    raise GameError(f"clause {n}: literal {lit!r} is not a non-zero integer")
                if abs(lit) > nvars:
                    raise GameError(f"clause {n}: literal {lit} names variable {abs(lit)} but the formula has {nvars}")
                if lit not in lits:
                    lits.append(lit)
            out.append(tuple(lits))
        return cls(nvars, tuple(out))

    # -------------------------------------------------------------- sizes
    @property
    def z(self) -> int:
        """z: the number of Boolean variables (Prop. 9's notation)."""
        return self.nvars

    @property
    def k(self) -> int:
        """k: the number of clauses (Props. 9 and 11)."""
        return len(self.clauses)

    def literals(self) -> list[int]:
        """The literals occurring in Φ, in the order x1, ¬x1, x2, ¬x2, … (one goal each)."""
        occ = {lit for c in self.clauses for lit in c}
        return [lit for v in range(1, self.nvars + 1) for lit in (v, -v) if lit in occ]

    def size(self) -> int:
        """Σ |ψ_i|: the number of literal occurrences."""
        return sum(len(c) for c in self.clauses)

    # -------------------------------------------------------------- semantics
    def satisfied_by(self, assignment: Assignment) -> bool:
        """Every clause has a literal made true by the (possibly partial) assignment."""
        return all(any(assignment.get(abs(lit)) == (lit > 0) for lit in c) for c in self.clauses)

    def falsified_clause(self, assignment: Assignment) -> int | None:
        """The index of the first clause no literal of which the assignment makes true."""
        for n, c in enumerate(self.clauses):
            if not any(assignment.get(abs(lit)) == (lit > 0) for lit in c):
                return n
        return None

    def brute_force(self) -> Assignment | None:
        """A satisfying total assignment by trying all 2^z (tiny formulas; an oracle)."""
        for bits in itertools.product((False, True), repeat=self.nvars):
            a = {v + 1: b for v, b in enumerate(bits)}
            if self.satisfied_by(a):
                return a
        return None

    def text(self) -> str:
        """``(x1 ∨ ¬x2) ∧ (x2)``; the empty clause is ``⊥``, the empty formula ``⊤``."""
        def lit(v: int) -> str:
            return f"x{v}" if v > 0 else f"¬x{-v}"

        parts = ["(" + " ∨ ".join(map(lit, c)) + ")" if c else "⊥" for c in self.clauses]
        return " ∧ ".join(parts) if parts else "⊤"

    def to_dict(self) -> dict:
        return {"nvars": self.nvars, "clauses": [list(c) for c in self.clauses]}

    @classmethod
    def from_dict(cls, d: dict) -> "CNF":
        return cls.build(d["nvars"], d["clauses"])


def literal_text(lit: int) -> str:
    return f"x{lit}" if lit > 0 else f"¬x{-lit}"


# ====================================================================== canonical forms
def canonical(cnf: CNF) -> CNF:
    """The representative of Φ's class under renaming variables and reordering clauses
    (literal order inside a clause never matters): the lexicographically least sorted
    clause list over all z! renamings. Exponential in z — meant for z ≤ 6."""
    best: tuple | None = None
    for perm in itertools.permutations(range(1, cnf.nvars + 1)):
        ren = {v: perm[v - 1] for v in range(1, cnf.nvars + 1)}
        cl = tuple(sorted(_clause_key(tuple((ren[abs(x)] if x > 0 else -ren[abs(x)]) for x in c)) for c in cnf.clauses))
        if best is None or cl < best:
            best = cl
    clauses = tuple(tuple(_from_key(k)) for k in best or ())
    return CNF(cnf.nvars, clauses)


def _clause_key(c: Clause) -> tuple:
    """Sort key of a clause: shorter first, then by (variable, polarity) of its literals."""
    lits = sorted(c, key=lambda x: (abs(x), x < 0))
    return (len(lits), tuple((abs(x), x < 0) for x in lits))


def _from_key(key: tuple) -> Clause:
    return tuple(-v if neg else v for v, neg in key[1])


def clause_types(nvars: int, *, tautologies: bool = False, empty: bool = False) -> list[Clause]:
    """Every clause over x_1..x_nvars (as a set of literals), sorted by :func:`_clause_key`:
    each variable is absent, positive or negative (or both, for ``tautologies``)."""
    choices = [(), (1,), (-1,)] + ([(1, -1)] if tautologies else [])
    out = []
    for combo in itertools.product(choices, repeat=nvars):
        c = tuple(s * (v + 1) for v, signs in enumerate(combo) for s in signs)
        if c or empty:
            out.append(c)
    return sorted(out, key=_clause_key)


def all_formulas(max_vars: int, max_clauses: int, *, min_vars: int = 1, tautologies: bool = False,
                 empty: bool = False) -> Iterator[CNF]:
    """Every CNF with ``min_vars ≤ z ≤ max_vars`` variables and ``1 ≤ k ≤ max_clauses``
    clauses (repetitions allowed), one per class up to variable renaming and clause
    order. Tautological clauses (x ∨ ¬x) and the empty clause only on request.
    Order: by z, then k, then the canonical clause list — smallest formulas first, so
    the first disagreement a campaign finds is a minimal counterexample."""
    for z in range(min_vars, max_vars + 1):
        types = clause_types(z, tautologies=tautologies, empty=empty)
        for k in range(1, max_clauses + 1):
            seen: set[tuple] = set()
            for combo in itertools.combinations_with_replacement(range(len(types)), k):
                f = CNF(z, tuple(types[i] for i in combo))
                c = canonical(f)
                if c.clauses in seen:
                    continue
                seen.add(c.clauses)
                if c.clauses == f.clauses:  # emit each class once, at its canonical member
                    yield c


def random_kcnf(rng: random.Random, nvars: int, nclauses: int, k: int = 3) -> CNF:
    """A uniform random k-CNF: each clause draws k distinct variables and random signs
    (k is capped at nvars)."""
    k = min(k, nvars)
    clauses = []
    for _ in range(nclauses):
        vs = rng.sample(range(1, nvars + 1), k)
        clauses.append(tuple(v if rng.random() < 0.5 else -v for v in vs))
    return CNF.build(nvars, clauses)


CNFGEN_FAMILIES = ("php", "ordering", "randkcnf")


def cnfgen_family(name: str, size: int, seed: int = 0) -> CNF:
    """A formula of a standard family generated by cnfgen: ``php`` (pigeonhole, size+1
    pigeons into size holes: unsatisfiable), ``ordering`` (ordering principle on size
    elements: unsatisfiable), ``randkcnf`` (cnfgen's random 3-CNF with size variables
    and size clauses, seeded)."""
    import cnfgen

    if name == "php":
        f = cnfgen.PigeonholePrinciple(size + 1, size)
    elif name == "ordering":
        f = cnfgen.OrderingPrinciple(size)
    elif name == "randkcnf":
        f = cnfgen.RandomKCNF(min(3, size), size, size, seed=seed)
    else:
        raise GameError(f"unknown cnfgen family {name!r} (use {', '.join(CNFGEN_FAMILIES)})")
    return from_cnfgen(f)


def from_cnfgen(f) -> CNF:
    """A :class:`CNF` from a cnfgen formula (via its DIMACS text)."""
    from ..io.dimacs import parse_dimacs

    return parse_dimacs(f.to_dimacs(), "<cnfgen>")


def assignment_from_literals(lits: Sequence[int]) -> Assignment:
    """The partial assignment making the given (consistent) literals true."""
    return {abs(x): x > 0 for x in lits}
