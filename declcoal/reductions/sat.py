"""Satisfiability of CNF formulas by two independent methods (issue 11, item 1).

* :func:`solve_asp` — clingo with ``encodings/sat/sat.lp`` (a readable guess-and-check
  program);
* :func:`solve_pysat` — python-sat's CaDiCaL/Glucose (a maintained CDCL solver);
* :func:`min_support` — the fewest variables a satisfying partial assignment needs
  (``encodings/sat/min_support.lp``), which is what the clause agents of Props. 9/11
  pay each in the cheapest structure satisfying them; :func:`min_support_brute` is the
  enumeration oracle for it.

Every satisfying assignment returned is checked against the formula before it leaves.
"""
from __future__ import annotations

import itertools

from ..model.cnf import CNF, Assignment


def cnf_to_facts(cnf: CNF) -> str:
    """Φ as the facts ``var/1, clause/1, pos/2, neg/2`` read by ``encodings/sat/*.lp``
    (clauses are numbered from 1 in file order)."""
    out = [f"var(1..{cnf.nvars})." if cnf.nvars else ""]
    for n, c in enumerate(cnf.clauses, start=1):
        out.append(f"clause({n}).")
        out += [f"pos({n},{x})." if x > 0 else f"neg({n},{-x})." for x in c]
    return "\n".join(x for x in out if x) + "\n"


def _check(cnf: CNF, a: Assignment | None, who: str) -> Assignment | None:
    if a is not None and not cnf.satisfied_by(a):
        raise RuntimeError(f"internal error: {who} returned a non-satisfying assignment {a}")
    return a


def solve_asp(cnf: CNF) -> Assignment | None:
    """A satisfying total assignment found by clingo (sat.lp), or None."""
    from ..solvers.clingo_adapter import solve

    ans = solve(["sat/sat.lp"], cnf_to_facts(cnf))
    if not ans.models:
        return None
    true = {s.arguments[0].number for s in ans.models[0] if s.name == "true"}
    return _check(cnf, {v: v in true for v in range(1, cnf.nvars + 1)}, "sat.lp")


def solve_pysat(cnf: CNF, solver: str = "cadical153") -> Assignment | None:
    """A satisfying total assignment found by python-sat, or None."""
    from pysat.solvers import Solver

    if any(len(c) == 0 for c in cnf.clauses):
        return None  # python-sat ignores nothing: an empty clause makes Φ unsatisfiable
    with Solver(name=solver, bootstrap_with=[list(c) for c in cnf.clauses]) as s:
        if not s.solve():
            return None
        model = set(s.get_model() or [])
    return _check(cnf, {v: v in model for v in range(1, cnf.nvars + 1)}, "python-sat")


def satisfiable(cnf: CNF, method: str = "both") -> bool:
    """Φ satisfiable? ``both`` runs clingo and python-sat and insists they agree."""
    if method == "asp":
        return solve_asp(cnf) is not None
    if method == "pysat":
        return solve_pysat(cnf) is not None
    a, b = solve_asp(cnf) is not None, solve_pysat(cnf) is not None
    if a != b:
        raise RuntimeError(f"internal error: clingo says {a}, python-sat says {b} on {cnf.text()}")
    return a


def min_support(cnf: CNF) -> Assignment | None:
    """A satisfying partial assignment with the fewest variables (clingo,
    min_support.lp, optimum proven), or None if Φ is unsatisfiable."""
    from ..solvers.clingo_adapter import solve

    ans = solve(["sat/min_support.lp"], cnf_to_facts(cnf), optimal_only=True, models=1)
    if not ans.models:
        return None
    a = {s.arguments[0].number: s.arguments[1].number == 1 for s in ans.models[0] if s.name == "make"}
    return _check(cnf, a, "min_support.lp")


def min_support_brute(cnf: CNF) -> int | None:
    """The fewest variables of a satisfying partial assignment, by enumeration (oracle)."""
    for size in range(cnf.nvars + 1):
        for vs in itertools.combinations(range(1, cnf.nvars + 1), size):
            for bits in itertools.product((False, True), repeat=size):
                if cnf.satisfied_by(dict(zip(vs, bits))):
                    return size
    return None
