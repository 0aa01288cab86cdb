"""An independent oracle of the §3.2 recursion (Ray & Vohra 2025, eqs. (7)–(9), fn. 18),
written from the paper only; it shares no code with ``declcoal.concepts`` or
``declcoal.model.partition``. The coalitional Nash solution of one block uses the
independent TU solver of ``tests/rv_oracle.py`` (defender-choice enumeration).

Representation: a structure is a ``frozenset`` of ``frozenset`` s of player indices; a
game is ``worths[structure] -> list of equilibria``, each a ``dict block -> Fraction``.

Method (deliberately naive, different from declcoal's):

* structures are processed by number of blocks, most blocks first;
* the finest structure is viable (§3.2);
* for π, S ∈ π, T ⊂ S: π^T = (π − {S}) ∪ {T, S − T}; if π^T is viable the threat set is
  {x_T : x a Nash-in-Nash payoff vector of π^T} (eq. (8)); otherwise P^T is found by
  brute force — all viable structures refining π^T, keep those refined strictly by no
  other (the *coarsest*) — and the threat set is the union of their x_T (eq. (9));
* every block S ∈ π with |S| ≥ 2 solves σ over {x ≥ 0, Σ x ≤ v(S, π)} (or over its
  finite set of payoff vectors, for a block without transfers) against every point of
  every Θ*(T, π), T ⊂ S; π is viable iff for some equilibrium every block's σ
  is non-empty; its Nash-in-Nash payoff vectors are all combinations of block points;
* the coarsest viable structures: viable structures refined strictly by no other viable
  structure.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import rv_oracle as rvo

Block = frozenset
Struct = frozenset


def set_partitions(items: list[int]):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for p in set_partitions(rest):
        yield [[first]] + p
        for k in range(len(p)):
            yield p[:k] + [[first] + p[k]] + p[k + 1:]


def structures(n: int) -> list[Struct]:
    return [Struct(Block(b) for b in p) for p in set_partitions(list(range(n)))]


def refines(a: Struct, b: Struct) -> bool:
    return all(any(x <= y for y in b) for x in a)


def mask(block) -> int:
    return sum(1 << i for i in block)


def solve(n: int, worths: dict, gamma) -> dict:
    """Run the recursion. ``gamma(block) -> weights in ascending member order``.
    Returns {structure: {"viable", "threats": {(S, T): set of points}, "blocks": list per
    equilibrium of {S: list of points}, "nin": set of payoff tuples}} and "coarsest"."""
    allp = sorted(structures(n), key=lambda p: -len(p))
    out: dict = {}
    for pi in allp:
        threats = {}
        for S in pi:
            if len(S) < 2:
                continue
            Ss = sorted(S)
            for r in range(1, len(S)):
                for Tt in itertools.combinations(Ss, r):
                    T = Block(Tt)
                    piT = Struct((pi - {S}) | {T, S - T})
                    if out[piT]["viable"]:
                        sources = [piT]
                    else:
                        viable_ref = [p for p in out if out[p]["viable"] and refines(p, piT)]
                        sources = [p for p in viable_ref if not any(q != p and refines(p, q) for q in viable_ref)]
                    pts = set()
                    for src in sources:
                        for x in out[src]["nin"]:
                            pts.add(tuple(x[i] for i in sorted(T)))
                    threats[(S, T)] = pts
        blocks_per_eq = []
        nin = set()
        for eq in worths[pi]:
            sols = {}
            for S in pi:
                w = eq[S]
                if isinstance(w, tuple):  # no transfers: a finite set of payoff vectors
                    Ss = sorted(S)
                    th: dict = {}
                    for (S2, T), pts in threats.items():
                        if S2 == S:
                            lm = sum(1 << Ss.index(i) for i in T)
                            th.setdefault(lm, []).extend(y for y in pts if all(q > 0 for q in y))
                    sols[S] = sorted(rvo.finite_sigma(list(w), {m: p for m, p in th.items() if p},
                                                      [Fraction(0)] * len(S), gamma(S)))
                    continue
                if len(S) == 1:
                    sols[S] = [(w,)]
                    continue
                Ss = sorted(S)
                local = []
                for (S2, T), pts in threats.items():
                    if S2 != S:
                        continue
                    lm = sum(1 << Ss.index(i) for i in T)
                    for y in pts:
                        if all(q > 0 for q in y):
                            local.append((lm, y))
                sols[S] = sorted(rvo.tu_sigma(len(S), w, local, gamma(S)))
            blocks_per_eq.append(sols)
            if all(sols[S] for S in pi):
                order = sorted(pi, key=min)
                for combo in itertools.product(*[sols[S] for S in order]):
                    x = [Fraction(0)] * n
                    for S, p in zip(order, combo):
                        for i, q in zip(sorted(S), p):
                            x[i] = q
                    nin.add(tuple(x))
        viable = len(pi) == n or bool(nin)
        out[pi] = {"viable": viable, "threats": threats, "blocks": blocks_per_eq, "nin": nin}
    vs = [p for p in out if out[p]["viable"]]
    coarsest = {p for p in vs if not any(q != p and refines(p, q) for q in vs)}
    return {"structures": out, "coarsest": coarsest}


def from_partition_game(game) -> tuple[int, dict, object]:
    """Read a declcoal PartitionGame's table into the oracle's representation (only the
    data: structure blocks and worths)."""
    n = game.n
    worths = {}
    for pi, eqs in game.table.items():
        key = Struct(Block(i for i in range(n) if S >> i & 1) for S in pi)
        worths[key] = [{Block(i for i in range(n) if S >> i & 1): w for S, w in zip(pi, e)} for e in eqs]

    def gamma(block):
        return game.gamma(mask(block))

    return n, worths, gamma
