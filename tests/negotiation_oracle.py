"""Independent brute-force oracle for the bargaining protocol of Dunne et al. (2010), §5.

Written from §5.3 (LP(i, t), eqs. (1)-(7)) and Prop. 14 alone, on the plain game
objects of ``crg_oracle`` (names, dicts), sharing no code with declcoal's concept
modules: LP(i, t) is solved by enumerating EVERY goal set and EVERY contribution
vector of the active agents (tiny games only), and the backward induction is the
plain recursion over rounds.

* ``lp_value(game, active, proposer, bounds)`` -- the optimum of (1) under (2)-(7)
  with bounds[j] the right-hand side of (3)/(4)/(5), or None if LP(i, t) is empty;
* ``values(game, order)`` -- u(j, t) for every round t (1-based) as a list of dicts;
  on the equilibrium path the final utilities are u(j, 1) (see docs/negotiation.md:
  every agent gets exactly its own LP value in the agreed λ_1(n)).
"""
from __future__ import annotations

import itertools

from crg_oracle import V as oracle_V
from crg_oracle import Game


def _contributions(game: Game, active):
    cells = [(a, r) for a in active for r in game.resources]
    for combo in itertools.product(*[range(game.e(a, r) + 1) for a, r in cells]):
        yield dict(zip(cells, combo))


def lp_value(game: Game, active, proposer, bounds, V=None):
    """max u_i over ⟨C, G', ξ⟩ with u_j ≥ bounds[j] for all j ∈ C (None if empty)."""
    V = oracle_V(game) if V is None else V
    best = None
    xis = list(_contributions(game, active))
    for k in range(len(game.goals) + 1):
        for gp in itertools.combinations(game.goals, k):
            need = {r: sum(game.q(g, r) for g in gp) for r in game.resources}
            for xi in xis:
                if any(sum(xi[a, r] for a in active) < need[r] for r in game.resources):
                    continue
                u = {}
                for a in active:
                    s = 1 if set(gp) & set(game.wants.get(a, ())) else 0
                    u[a] = s * V - sum(xi[a, r] for r in game.resources)
                if all(u[a] >= bounds[a] for a in active):
                    if best is None or u[proposer] > best:
                        best = u[proposer]
    return best


def singleton(game: Game, a, V=None):
    """u_a({a}): the best a can do alone."""
    return lp_value(game, [a], a, {a: -10**9}, V)


def values(game: Game, order):
    """u(j, t) for t = 1..n by backward induction (Prop. 14)."""
    V = oracle_V(game)
    n = len(order)
    out = [None] * (n + 1)
    out[n] = {}
    for t in range(n - 1, -1, -1):  # 0-based round index
        active = list(order[t:])
        later = out[t + 1]
        vals = {}
        for pos, i in enumerate(active):
            b = {}
            for j in active[:pos]:
                b[j] = vals[j]
            b[i] = singleton(game, i, V) if pos == 0 else later[i]
            for j in active[pos + 1:]:
                b[j] = later[j]
            v = lp_value(game, active, i, b, V)
            assert v is not None, "LP(j, t) is never empty on the equilibrium path"
            vals[i] = v
        out[t] = vals
    return out[:n]
