"""Lesson 8 — solutions (try ../exercises/lesson08.py first)."""
from __future__ import annotations

from itertools import product

from declcoal.concepts.bargaining.nash import coalitional_nash_solution
from declcoal.model.bargaining import BargainingGame


def set_partitions(n):
    """Every partition of {0..n-1}, blocks as bitmasks: place each player in an existing
    block or a new one (restricted growth strings)."""
    out = []

    def place(i, blocks):
        if i == n:
            out.append(tuple(sorted(blocks)))
            return
        for k in range(len(blocks)):
            place(i + 1, blocks[:k] + [blocks[k] | 1 << i] + blocks[k + 1:])
        place(i + 1, blocks + [1 << i])

    if n:
        place(0, [])
    return out


def _refines(finer, coarser):
    return all(any(b & c == b for c in coarser) for b in finer)


def coarsest(structures, viable):
    good = [p for p in structures if viable[p]]
    return [p for p in good if not any(o != p and _refines(p, o) for o in good)]


def _members(mask, n):
    return [i for i in range(n) if mask >> i & 1]


def _breakaways(S):
    T = (S - 1) & S
    while T:
        yield T
        T = (T - 1) & S


def _split(pi, S, T):
    return tuple(sorted([b for b in pi if b != S] + [T, S & ~T]))


def nash_in_nash_cached(game):
    n = game.n
    viable, payoffs, cache = {}, {}, {}
    calls = 0
    for pi in sorted(set_partitions(n), key=len, reverse=True):
        solutions = []
        for S in pi:
            mem = _members(S, n)
            if len(mem) == 1:
                solutions.append([(game.worth(S, pi),)])
                continue
            threats = {}
            for T in _breakaways(S):
                induced = _split(pi, S, T)
                sources = [induced] if viable[induced] else coarsest(
                    [s for s in viable if _refines(s, induced)], viable)
                pos = [mem.index(i) for i in _members(T, n)]
                threats[tuple(pos)] = sorted({tuple(x[i] for i in _members(T, n)) for s in sources for x in payoffs[s]})
            key = (len(mem), game.worth(S, pi), tuple(sorted((k, tuple(v)) for k, v in threats.items())))
            if key not in cache:
                calls += 1
                names = [f"p{k}" for k in range(len(mem))]
                doc = {" ".join(names[k] for k in T): [list(y) for y in ys] for T, ys in threats.items()}
                cache[key] = coalitional_nash_solution(BargainingGame.build(names, game.worth(S, pi), doc, None, None)).solutions
            solutions.append(cache[key])
        viable[pi] = all(solutions)
        payoffs[pi] = set()
        for combo in product(*solutions):
            x = [None] * n
            for S, point in zip(pi, combo):
                for i, value in zip(_members(S, n), point):
                    x[i] = value
            payoffs[pi].add(tuple(x))
    return coarsest(list(viable), viable), calls
