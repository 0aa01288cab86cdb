"""A user's own reduction, verified with declcoal's hook (docs/reductions.md).

SAT → GRAND COALITION SUCCESS: from Φ build the game of Prop. 11 (one agent per clause
wanting the goals of its literals, one resource per variable, req(g_ℓ, r_x) = k,
en = 1) and claim "Φ is satisfiable iff the grand coalition can succeed". The forward
certificate maps an assignment to a goal set, the backward one maps a goal set back to an
assignment. Run it with

    declcoal verify sat_to_gcs:SAT_TO_GCS --exhaustive --vars 3 --clauses 3

from this folder (or give the module's dotted path when it is importable).
"""
from declcoal.model.cnf import CNF
from declcoal.reductions.constructions import lit_goal, prop11_game
from declcoal.reductions.sat import solve_pysat
from declcoal.reductions.verify import Verdict, reduction


def construct(cnf: CNF):
    return prop11_game(cnf)


def source(cnf: CNF) -> Verdict:
    a = solve_pysat(cnf)
    return Verdict(a is not None, a)


def target(game, notion) -> Verdict:
    """The grand coalition is successful: some goal set satisfies all and is affordable."""
    for G in range(1, 1 << game.m):
        if game.satisfies(G, game.grand) and game.feasible(game.grand, G):
            return Verdict(True, G)
    return Verdict(False)


def forward(cnf, game, assignment, notion) -> dict:
    """The true literals' goals satisfy every clause agent and the grand coalition can pay."""
    G = game.goal_mask(lit_goal(v if b else -v) for v, b in assignment.items()
                       if lit_goal(v if b else -v) in game.goals)
    return {"ok": game.satisfies(G, game.grand) and game.feasible(game.grand, G)}


def backward(cnf, game, G, notion) -> dict:
    """The achieved literal goals spell a consistent assignment satisfying Φ."""
    lits = [int(g[2:]) if g.startswith("gx") else -int(g[3:]) for j, g in enumerate(game.goals) if G >> j & 1]
    consistent = not any(-x in lits for x in lits)
    return {"ok": consistent and cnf.satisfied_by({abs(x): x > 0 for x in lits})}


SAT_TO_GCS = reduction("sat-to-gcs", construct, source, target, forward=forward, backward=backward,
                       notions=("plain",), source_name="Φ satisfiable", target_name="grand coalition successful")
SAT_TO_GCS.decode = lambda params: CNF.from_dict(params["cnf"])
SAT_TO_GCS.describe = lambda cnf: cnf.text()
