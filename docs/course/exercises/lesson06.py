"""Lesson 6 exercises — ASP guess-and-check on coalitional resource games.

Each answer is an ASP program, written as a Python string below. Fill them in, then
check from the repository root:

    declcoal course check docs/course/exercises/lesson06.py

The game is given as facts agent/1, goal/1, resource/1, wants/2, en/3, req/3
(e.g. examples/crg/example1.lp). Tip: try your program with plain clingo first:
    python -m clingo 0 your.lp examples/crg/example1.lp
"""

FEASIBLE = None  # TODO 6.1 (easy)
"""The coalition is given as facts coalition/1. One answer set per goal set G' (shown
as achieve/1; the empty set included) that the coalition can pay for:
req(G', r) <= en(C, r) for every resource r."""

SATISFYING = None  # TODO 6.2 (medium)
"""As FEASIBLE, but only goal sets that satisfy every member of the coalition (sf(C))."""

BLOCKS = None  # TODO 6.3 (hard)
"""A coalition structure σ is also given, as facts sigma_member(K,A), sigma_goal(K,G)
and sigma_xi(A,R,V) (missing contributions are 0). The program has an answer set iff
some cooperation structure λ = <C, G', ξ> blocks σ: C non-empty, ξ(A,R) <= en(A,R),
the contributions pay for G', and every member strictly prefers λ to σ — satisfied in λ
but not in σ; or equally satisfied (both or neither) and paying strictly less.
Show the coalition as in/1 and the goals as achieve/1. Endowments are small: guessing
each ξ(A,R) as one value in 0..en(A,R) is fine."""


# ----------------------------------------------------------------------------- checks
# Do not edit below this line.

def _run(program, *texts, files=()):
    import clingo

    if not isinstance(program, str):
        raise NotImplementedError
    ctl = clingo.Control(["0", "--warn=none"])
    for f in files:
        ctl.load(f)
    ctl.add("base", [], program + "\n" + "\n".join(texts))
    ctl.ground([("base", [])])
    out = []
    ctl.solve(on_model=lambda m: out.append(frozenset(str(s) for s in m.symbols(shown=True))))
    return out


def _games():
    import random

    from declcoal.io import load_game
    from declcoal.model.crg import CRG

    games = [load_game("examples/crg/example1.lp"), load_game("examples/crg/example2.lp")]
    rng = random.Random(6)
    while len(games) < 8:
        agents, goals, res = ["a1", "a2", "a3"], ["g1", "g2"], ["r1", "r2"]
        wants = {a: rng.sample(goals, rng.randint(1, 2)) for a in agents}
        en = {(a, r): rng.randint(0, 2) for a in agents for r in res}
        req = {(g, r): rng.randint(0, 3) for g in goals for r in res}
        for g in goals:
            req[(g, "r1")] = max(req[(g, "r1")], 1)
        games.append(CRG.build(agents, goals, res, wants, en, req, name=f"random{len(games)}"))
    return games


def _goal_sets(game, mask_goals):
    return frozenset(f"achieve({game.goals[j]})" for j in range(len(game.goals)) if mask_goals >> j & 1)


def check_6_1(m):
    from declcoal.io.crg import crg_to_facts

    for game in _games():
        facts = crg_to_facts(game)
        for c in range(1, 2**len(game.agents)):
            coalition = " ".join(f"coalition({a})." for k, a in enumerate(game.agents) if c >> k & 1)
            got = set(_run(m.FEASIBLE, facts, coalition))
            expect = set()
            for gmask in range(2**len(game.goals)):
                if all(sum(game.req[j][r] for j in range(len(game.goals)) if gmask >> j & 1)
                       <= sum(game.en[i][r] for i in range(len(game.agents)) if c >> i & 1)
                       for r in range(len(game.resources))):
                    expect.add(_goal_sets(game, gmask))
            assert got == expect, f"{game.name}, coalition {coalition}: got {sorted(map(sorted, got))}, expected {sorted(map(sorted, expect))}"


def check_6_2(m):
    from declcoal.concepts.crg.success import success_table
    from declcoal.io.crg import crg_to_facts

    for game in _games():
        facts = crg_to_facts(game)
        sf = {row.coalition: row.sf for row in success_table(game).rows}
        for c in range(1, 2**len(game.agents)):
            coalition = " ".join(f"coalition({a})." for k, a in enumerate(game.agents) if c >> k & 1)
            got = set(_run(m.SATISFYING, facts, coalition))
            expect = {_goal_sets(game, gm) for gm in sf[c]}
            assert got == expect, f"{game.name}, coalition {coalition}: got {sorted(map(sorted, got))}, expected {sorted(map(sorted, expect))}"


def check_6_3(m):
    import itertools

    from declcoal.concepts.crg.core import is_stable
    from declcoal.io.crg import crg_to_facts, sigma_to_facts
    from declcoal.solvers.csp import coalition_structures

    checked = blocked = 0
    games = _games()
    for game in [games[0], *games[2:]]:  # small endowments: every σ can be listed
        facts = crg_to_facts(game)
        for sigma in itertools.islice(coalition_structures(game), 0, None, 7):
            if checked >= 160:
                break
            got = bool(_run(m.BLOCKS, facts, sigma_to_facts(game, sigma)))
            expect = not is_stable(game, sigma, method="flow")  # the paper's Fig. 1, not ASP
            assert got == expect, (f"{game.name}: σ = {sigma_to_facts(game, sigma)!r} is "
                                   f"{'blocked' if expect else 'stable'}, your program says {'blocked' if got else 'stable'}")
            checked += 1
            blocked += expect
    assert 0 < blocked < checked, "the sample should contain blocked and stable structures"


CHECKS = {"6.1": check_6_1, "6.2": check_6_2, "6.3": check_6_3}

if __name__ == "__main__":
    from declcoal.course.exercises import check_exercises

    for outcome in check_exercises(__file__):
        print(outcome.number, "ok" if outcome.passed else f"not yet: {outcome.message}")
