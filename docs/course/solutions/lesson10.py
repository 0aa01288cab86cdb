"""Lesson 10 — solutions (try ../exercises/lesson10.py first)."""
from __future__ import annotations

import clingo

from declcoal.reductions.constructions import lit_goal
from declcoal.reductions.sat import solve_pysat

PROGRAM = """
{ true(V) } :- var(V).
:- clause(C), not true(V) : pos(C,V); true(V) : neg(C,V).
#defined pos/2.  #defined neg/2.
#show true/1.
"""


def count_models(cnf):
    facts = [f"var({v})." for v in range(1, cnf.nvars + 1)]
    for c, clause in enumerate(cnf.clauses):
        facts.append(f"clause({c}).")
        facts += [f"pos({c},{l})." if l > 0 else f"neg({c},{-l})." for l in clause]
    ctl = clingo.Control(["0"])
    ctl.add("base", [], PROGRAM + " ".join(facts))
    ctl.ground([("base", [])])
    count = 0

    def on_model(m):
        nonlocal count
        count += 1

    ctl.solve(on_model=on_model)
    return count


def first_disagreement(construct, target, formulas):
    for f in formulas:
        if (solve_pysat(f) is not None) != bool(target(construct(f))):
            return f
    return None


def forward(cnf, game, assignment, notion):
    G = game.goal_mask(lit_goal(v if b else -v) for v, b in assignment.items()
                       if lit_goal(v if b else -v) in game.goals)
    return {"ok": game.satisfies(G, game.grand) and game.feasible(game.grand, G)}


def backward(cnf, game, G, notion):
    lits = [int(g[2:]) if g.startswith("gx") else -int(g[3:]) for j, g in enumerate(game.goals) if G >> j & 1]
    consistent = not any(-x in lits for x in lits)
    return {"ok": consistent and cnf.satisfied_by({abs(x): x > 0 for x in lits})}


GCS_CERTIFICATES = {"forward": forward, "backward": backward}
