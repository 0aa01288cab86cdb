"""Lesson 7 exercises — saturation, CEGAR and optimisation in ASP.

Fill in every answer marked TODO, then check from the repository root:

    declcoal course check docs/course/exercises/lesson07.py

A QBF is a dict: {"evars": [...], "avars": [...], "clauses": {name: [(sign, var), ...]}}
with sign "pos" or "neg" — as in the lesson.
"""

SMALLEST_SUCCESSFUL = None  # TODO 7.1 (easy)
"""An ASP program run with the game's facts and the constant ``who`` (clingo option
``-c who=a2``). With ``--opt-mode=optN`` its optimal answer sets must be exactly the
successful coalitions (shown as in/1) that contain ``who`` and have the fewest members.
A coalition is successful if some goal set it can pay for satisfies all its members."""

EXISTS_FORALL_DNF = None  # TODO 7.2 (medium)
"""∃X ∀Y ψ by saturation, for ψ in disjunctive normal form, given as facts evar/1,
avar/1, term/1, tpos(T,V), tneg(T,V): ψ holds when some term has all its literals true.
The program has an answer set iff the QBF is true."""


def exists_forall(qbf):
    """7.3 (hard). True iff ∃X ∀Y φ holds (φ in CNF, the lesson's dict format), decided by
    your own CEGAR loop on clingo's multi-shot API: one guesser Control that receives a
    new cut (added and grounded as a new program part) after every counterexample."""
    raise NotImplementedError  # TODO


# ----------------------------------------------------------------------------- checks
# Do not edit below this line.

def _random_qbfs(seed, count, dnf=False):
    import random

    rng = random.Random(seed)
    out = []
    for k in range(count):
        ne, na = rng.randint(1, 3), rng.randint(1, 3)
        ev, av = [f"x{i}" for i in range(ne)], [f"y{i}" for i in range(na)]
        parts = {}
        for c in range(rng.randint(1, 5)):
            vs = rng.sample(ev + av, rng.randint(1, min(3, ne + na)))
            parts[f"c{c}"] = [(rng.choice(["pos", "neg"]), v) for v in vs]
        out.append({"evars": ev, "avars": av, "clauses" if not dnf else "terms": parts})
    return out


def _brute(qbf, dnf=False):
    import itertools

    ev, av = qbf["evars"], qbf["avars"]
    parts = qbf["terms" if dnf else "clauses"]

    outer, inner = (any, all) if dnf else (all, any)   # DNF: some term all true; CNF: every clause some true

    def holds(true):
        return outer(inner((v in true) == (s == "pos") for s, v in lits) for lits in parts.values())

    for xs in itertools.product([False, True], repeat=len(ev)):
        X = {v for v, b in zip(ev, xs) if b}
        if all(holds(X | {v for v, b in zip(av, ys) if b}) for ys in itertools.product([False, True], repeat=len(av))):
            return True
    return False


def check_7_1(m):
    import clingo

    from declcoal.concepts.crg.success import success_table
    from declcoal.io import load_game

    if not isinstance(m.SMALLEST_SUCCESSFUL, str):
        raise NotImplementedError
    for path in ("examples/crg/example1.lp", "examples/crg/example2.lp", "examples/crg/example4.lp"):
        game = load_game(path)
        successful = [row.coalition for row in success_table(game).rows if row.sf]
        for i, who in enumerate(game.agents):
            mine = [c for c in successful if c >> i & 1]
            if not mine:
                expect = set()
            else:
                size = min(bin(c).count("1") for c in mine)
                expect = {frozenset(f"in({game.agents[k]})" for k in range(len(game.agents)) if c >> k & 1)
                          for c in mine if bin(c).count("1") == size}
            ctl = clingo.Control(["0", "--opt-mode=optN", "-c", f"who={who}", "--warn=none"])
            ctl.load(path)
            ctl.add("base", [], m.SMALLEST_SUCCESSFUL)
            ctl.ground([("base", [])])
            got = set()
            ctl.solve(on_model=lambda mo: got.add(frozenset(map(str, mo.symbols(shown=True)))) if mo.optimality_proven else None)
            assert got == expect, f"{path}, who={who}: got {sorted(map(sorted, got))}, expected {sorted(map(sorted, expect))}"


def _dnf_facts(qbf):
    out = [f"evar({x})." for x in qbf["evars"]] + [f"avar({y})." for y in qbf["avars"]]
    for t, lits in qbf["terms"].items():
        out.append(f"term({t}).")
        out += [f"t{sign}({t},{v})." for sign, v in lits]
    return " ".join(out)


def check_7_2(m):
    import clingo

    if not isinstance(m.EXISTS_FORALL_DNF, str):
        raise NotImplementedError
    qbfs = _random_qbfs(72, 80, dnf=True)
    truths = set()
    for qbf in qbfs:
        ctl = clingo.Control(["1", "--warn=none"])
        ctl.add("base", [], m.EXISTS_FORALL_DNF + _dnf_facts(qbf))
        ctl.ground([("base", [])])
        got = ctl.solve().satisfiable
        expect = _brute(qbf, dnf=True)
        truths.add(expect)
        assert got == expect, f"{qbf}: your program says {got}, brute force says {expect}"
    assert truths == {True, False}


def check_7_3(m):
    qbfs = _random_qbfs(73, 80)
    truths = set()
    for qbf in qbfs:
        got = m.exists_forall(qbf)
        expect = _brute(qbf)
        truths.add(expect)
        assert got == expect, f"{qbf}: your CEGAR says {got}, brute force says {expect}"
    assert truths == {True, False}


CHECKS = {"7.1": check_7_1, "7.2": check_7_2, "7.3": check_7_3}

if __name__ == "__main__":
    from declcoal.course.exercises import check_exercises

    for outcome in check_exercises(__file__):
        print(outcome.number, "ok" if outcome.passed else f"not yet: {outcome.message}")
