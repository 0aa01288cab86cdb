"""Lesson 8 exercises — orchestrating a recursion (Nash-in-Nash viable structures).

Fill in every function marked TODO, then check from the repository root:

    declcoal course check docs/course/exercises/lesson08.py

A structure is a tuple of bitmasks (player i = bit i) partitioning the players, as in
declcoal.model.partition: (1, 6) is 1|23 for three players. The order of the blocks
does not matter to the checks (declcoal itself orders them by their lowest member).
"""
from __future__ import annotations


def set_partitions(n):
    """8.1 (easy). Every coalition structure of n players, each a tuple of bitmasks,
    each exactly once (Bell(n) of them)."""
    raise NotImplementedError  # TODO


def coarsest(structures, viable):
    """8.2 (medium). ``viable`` maps each structure to True/False. Return the viable
    structures that no OTHER viable structure coarsens (π refines ρ when every block of
    π lies inside a block of ρ). Write the refinement test yourself."""
    raise NotImplementedError  # TODO


def nash_in_nash_cached(game):
    """8.3 (hard). The lesson's recursion (one equilibrium per structure, equal weights)
    with a cache: two blocks with the same number of members, the same worth and the
    same threats (by member position) are one Nash problem. Return
    (coarsest viable structures, number of coalitional_nash_solution calls)."""
    raise NotImplementedError  # TODO


# ----------------------------------------------------------------------------- checks
# Do not edit below this line.

BELL = [1, 1, 2, 5, 15, 52, 203, 877]


def check_8_1(m):
    from declcoal.model.partition import all_structures

    for n in range(1, 7):
        got = [frozenset(p) for p in m.set_partitions(n)]
        assert len(got) == BELL[n], f"n = {n}: {len(got)} structures, Bell({n}) = {BELL[n]}"
        assert len(set(got)) == len(got), f"n = {n}: a structure appears twice"
        assert set(got) == {frozenset(p) for p in all_structures(n)}, f"n = {n}: not the set partitions"


def check_8_2(m):
    import random

    from declcoal.model.partition import all_structures, refines

    rng = random.Random(8)
    for n in (3, 4, 5):
        structs = all_structures(n)
        for _ in range(20):
            viable = {p: rng.random() < 0.5 for p in structs}
            viable[tuple(1 << i for i in range(n))] = True
            good = [p for p in structs if viable[p]]
            expect = {p for p in good if not any(o != p and refines(p, o) for o in good)}
            got = set(m.coarsest(structs, viable))
            assert got == expect, f"n = {n}: got {sorted(got)}, expected {sorted(expect)}"


def check_8_3(m):
    from declcoal.concepts.bargaining.viable import viable_structures
    from declcoal.model.pfg_models import cournot, environment

    games = [cournot(10, [2, 3, 4]), cournot(23, [1, 3, 5]), cournot(10, [1, 1, 1]), cournot(12, [1, 1, 1, 1]),
             environment([1, 1, 3])]
    for g in games:
        got, calls = m.nash_in_nash_cached(g)
        expect = viable_structures(g, memo=False)
        got_set, expect_set = {frozenset(p) for p in got}, {frozenset(p) for p in expect.coarsest}
        assert got_set == expect_set, f"{g.name}: coarsest {[g.label(p) for p in got]}, expected {[g.label(p) for p in expect.coarsest]}"
        if g.name.startswith("cournot(A=1") and "1,1,1" in g.name:
            assert calls < expect.nash_solves, f"{g.name}: {calls} calls — the cache saved nothing ({expect.nash_solves} without)"


CHECKS = {"8.1": check_8_1, "8.2": check_8_2, "8.3": check_8_3}

if __name__ == "__main__":
    from declcoal.course.exercises import check_exercises

    for outcome in check_exercises(__file__):
        print(outcome.number, "ok" if outcome.passed else f"not yet: {outcome.message}")
