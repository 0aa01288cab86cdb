"""Lesson 9 exercises — asking your own questions.

Fill in every answer marked TODO, then check from the repository root:

    declcoal course check docs/course/exercises/lesson09.py

The language is documented in docs/query.md ("The language", "Regions").
"""
from __future__ import annotations

QUESTIONS = {
    "max_y_least_core": None,     # TODO 9.1: the most Y can get in the least core
    "equal_x_y_in_core": None,    # TODO 9.1: a core allocation giving X and Y the same
    "core_vertices_z_10": None,   # TODO 9.1: every vertex of {core, Z gets at least 10}
}
"""9.1 (easy). Three queries for Tick's cement game, as strings of the query language.
The checks run them on examples/tick/cement.toml and compare with independent answers."""


def core_floor(game):
    """9.2 (medium). The largest t such that some core allocation gives EVERY player at
    least t (a Fraction), or None if the core is empty. Build the core with the query API
    (declcoal.query(game).require("core")), then extend its Z3 model with your own
    variable t through q.z3() and maximise it."""
    raise NotImplementedError  # TODO


def lazy_range(game, player):
    """9.3 (hard). (least, most, rows): the least and the most player number ``player``
    (0-based) gets over the core, computed by lazy constraint generation with your own
    separation, and how many distinct coalition rows the two optimisations used in all.
    The core must be non-empty."""
    raise NotImplementedError  # TODO


# ----------------------------------------------------------------------------- checks
# Do not edit below this line.

def _cement():
    import declcoal

    return declcoal.load_game("examples/tick/cement.toml")


def check_9_1(m):
    from fractions import Fraction

    import declcoal
    from declcoal.concepts.tu.core import in_core
    from declcoal.query.syntax import parse

    g = _cement()
    qs = m.QUESTIONS
    if any(v is None for v in qs.values()):
        raise NotImplementedError
    kinds = {k: parse(v).goal.kind if parse(v).goal else "find" for k, v in qs.items()}
    assert kinds["max_y_least_core"] == "maximize", "max_y_least_core must maximize"
    assert kinds["core_vertices_z_10"] == "vertices", "core_vertices_z_10 must ask for vertices"
    a = declcoal.query(g).run(qs["max_y_least_core"])
    assert a.value == Fraction(85, 3), f"max_y_least_core: got {a.value}; the least core of cement is one point"
    b = declcoal.query(g).run(qs["equal_x_y_in_core"])
    assert b.point is not None and b.point[0] == b.point[1] and in_core(g, b.point), f"equal_x_y_in_core: got {b.point}"
    c = declcoal.query(g).run(qs["core_vertices_z_10"])
    expect = {(30, 29, 18), (30, 32, 15), (35, 32, 10), (37, 22, 18), (38, 22, 17), (38, 29, 10)}
    got = {tuple(int(v) if v.denominator == 1 else v for v in p) for p in c.vertices}
    assert got == expect, f"core_vertices_z_10: got {sorted(got)}"


def check_9_2(m):
    import random
    from fractions import Fraction

    import z3

    from declcoal.model.tu import TUGame

    g = _cement()
    assert m.core_floor(g) == 18, f"cement: got {m.core_floor(g)}, expected 18 (Z gets at most 18)"
    assert m.core_floor(__import__("declcoal").load_game("examples/tick/raiffa.toml")) is None
    rng = random.Random(9)
    for k in range(12):
        n = rng.randint(2, 4)
        vals = [rng.randint(0, 6) for _ in range(2**n - 1)]
        vals[-1] = sum(vals) // 2 + rng.randint(0, 8)
        game = TUGame.from_list("ABCD"[:n], vals, name=f"r{k}")
        # independent: the same LP written directly in Z3
        x, t = [z3.Real(f"x{i}") for i in range(n)], z3.Real("t")
        opt = z3.Optimize()
        opt.add(z3.Sum(x) == game.v(2**n - 1), *[xi >= t for xi in x])
        opt.add([z3.Sum([x[i] for i in range(n) if s >> i & 1]) >= game.v(s) for s in range(1, 2**n - 1)])
        h = opt.maximize(t)
        expect = Fraction(h.value().as_string()) if opt.check() == z3.sat else None
        got = m.core_floor(game)
        assert got == expect, f"{vals}: got {got}, expected {expect}"


def check_9_3(m):
    import declcoal
    from declcoal.model.tu import TUGame

    n = 9
    g = TUGame.from_function([f"P{i + 1}" for i in range(n)], lambda s: sum(i + 1 for i in range(n) if s >> i & 1) ** 2)
    for player in (0, 4, 8):
        lo, hi, rows = m.lazy_range(g, player)
        a = declcoal.query(g).run(f"range x[P{player + 1}] subject to core")
        expect = (a.lower["value"], a.upper["value"])
        assert (lo, hi) == expect, f"player {player}: got [{lo}, {hi}], expected {list(expect)}"
        assert rows < 2**n - 1, f"{rows} rows: that is every row, not lazy"
    cement = _cement()
    assert m.lazy_range(cement, 2)[:2] == (7, 18)


CHECKS = {"9.1": check_9_1, "9.2": check_9_2, "9.3": check_9_3}

if __name__ == "__main__":
    from declcoal.course.exercises import check_exercises

    for outcome in check_exercises(__file__):
        print(outcome.number, "ok" if outcome.passed else f"not yet: {outcome.message}")
