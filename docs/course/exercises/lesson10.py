"""Lesson 10 exercises — verifying a reduction.

Fill in every answer marked TODO, then check from the repository root:

    declcoal course check docs/course/exercises/lesson10.py

A formula is a declcoal.model.cnf.CNF: ``cnf.nvars`` variables 1..nvars and
``cnf.clauses``, tuples of DIMACS literals (3 is x3, -3 is ¬x3).
"""
from __future__ import annotations


def count_models(cnf):
    """10.1 (easy). The number of assignments of all ``cnf.nvars`` variables that satisfy
    every clause, computed by an ASP program whose answer sets are the models (let
    clingo enumerate them)."""
    raise NotImplementedError  # TODO


def first_disagreement(construct, target, formulas):
    """10.2 (medium). Walk through ``formulas`` in order; return the first Φ for which
    "Φ is satisfiable" (decide it with declcoal.reductions.sat.solve_pysat) differs from
    ``target(construct(Φ))``; None if they always agree."""
    raise NotImplementedError  # TODO


def forward(cnf, game, assignment, notion):
    """10.3 (hard), forward certificate. ``game`` is prop11_game(cnf); ``assignment`` a
    satisfying assignment {variable: bool}. Map it to the goal set (a bitmask over
    ``game.goals``; declcoal.reductions.constructions.lit_goal(literal) names a literal's
    goal) and return {"ok": True} iff that goal set satisfies every agent of the grand
    coalition and the grand coalition can pay for it (``game.satisfies(G, game.grand)``,
    ``game.feasible(game.grand, G)``)."""
    raise NotImplementedError  # TODO


def backward(cnf, game, goals, notion):
    """10.3 (hard), backward certificate. ``goals`` is a goal set (bitmask) with which the
    grand coalition succeeds. Map it back to an assignment (goal "gx3" is x3, "gnx3" is
    ¬x3) and return {"ok": True} iff it is consistent and satisfies ``cnf``
    (``cnf.satisfied_by({var: bool})``)."""
    raise NotImplementedError  # TODO


GCS_CERTIFICATES = {"forward": forward, "backward": backward}


# ----------------------------------------------------------------------------- checks
# Do not edit below this line.

def check_10_1(m):
    import itertools
    import random

    from declcoal.model.cnf import CNF

    rng = random.Random(10)
    for _ in range(60):
        n = rng.randint(1, 5)
        clauses = [tuple(rng.choice([1, -1]) * v for v in rng.sample(range(1, n + 1), rng.randint(1, n)))
                   for _ in range(rng.randint(1, 6))]
        cnf = CNF.build(n, clauses)
        expect = sum(cnf.satisfied_by(dict(zip(range(1, n + 1), bits)))
                     for bits in itertools.product([False, True], repeat=n))
        got = m.count_models(cnf)
        assert got == expect, f"{cnf.text()}: {got} models, expected {expect}"


def check_10_2(m):
    from declcoal.concepts.crg.core import strongly_nonempty
    from declcoal.model.cnf import all_formulas
    from declcoal.reductions.constructions import prop11_game
    from declcoal.reductions.examples import BROKEN11

    formulas = list(all_formulas(2, 2))
    assert m.first_disagreement(prop11_game, strongly_nonempty, formulas) is None, "Prop. 11 holds on these (≻_i)"
    bad = m.first_disagreement(BROKEN11.construct, strongly_nonempty, formulas)
    assert bad is not None and bad.text() == "(x1) ∧ (¬x1)" and bad.nvars == 1, f"broken11: got {bad}"


def check_10_3(m):
    from declcoal.model.cnf import all_formulas
    from declcoal.reductions.constructions import prop11_game
    from declcoal.reductions.sat import solve_pysat
    from declcoal.reductions.verify import Verdict, check_instance, reduction

    certs = m.GCS_CERTIFICATES

    def target(game, notion):
        for G in range(1, 1 << game.m):
            if game.satisfies(G, game.grand) and game.feasible(game.grand, G):
                return Verdict(True, G)
        return Verdict(False)

    red = reduction("sat-to-gcs", prop11_game, lambda f: Verdict(solve_pysat(f) is not None, solve_pysat(f)), target,
                    forward=certs["forward"], backward=certs["backward"], notions=("plain",))
    checked = 0
    for f in all_formulas(3, 3):
        rec = check_instance(red, f)["notions"]["plain"]
        for side in ("forward", "backward"):
            if rec.get(side) is not None:
                assert rec[side]["ok"], f"{f.text()}: the {side} certificate failed: {rec[side]}"
                checked += 1
    assert checked > 1000, f"only {checked} certificates were checked"
    # and the certificates can fail: a wrong assignment and an inconsistent goal set
    f = next(iter(all_formulas(1, 1)))                                   # (x1)
    g = prop11_game(f)
    lit = f.clauses[0][0]
    assert not certs["forward"](f, g, {abs(lit): lit < 0}, "plain")["ok"], "forward accepted a non-satisfying assignment"


CHECKS = {"10.1": check_10_1, "10.2": check_10_2, "10.3": check_10_3}

if __name__ == "__main__":
    from declcoal.course.exercises import check_exercises

    for outcome in check_exercises(__file__):
        print(outcome.number, "ok" if outcome.passed else f"not yet: {outcome.message}")
