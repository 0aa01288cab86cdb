"""Built-in campaign ``crg-props``: Dunne, Kraus, Manisterski & Wooldridge (2010),
Propositions 1-7 and 21, on random small coalitional resource games.

Instance k is a seed; ``check`` builds three random games from it (the sizes of
tests/test_crg_properties.py: up to 3 agents, 2 goals, 2 resources, endowments up to
``en``; a smaller one for the brute-force Propositions 3 and 21) and checks:

* Prop. 1 - every member of λ1 and λ2 weakly prefers λ1 ⊎ λ2;
* Prop. 2 - the core is closed under disjoint union of its cooperation structures;
* Prop. 3 - a stable structure exists iff a stable grand-coalition structure exists
  (brute force over every coalition structure);
* Prop. 4 - splitting a stable structure while it stays stable ends in an atomic one;
* Prop. 5 - in a stable σ an unsatisfied agent pays nothing (and a σ where an
  unsatisfied agent pays is blocked);
* Prop. 6 - unsatisfied agents of a stable σ contain no successful coalition;
* Prop. 7 - no successful coalition ⇔ σ0 is stable ⇔ the idle singletons are stable;
* Prop. 21 - a top cooperation structure is a grand coalition and the whole core.

Each field of the record is ``true`` (holds, tested on at least one case), ``false``
(violated: the game is saved as ``game.lp``) or ``null`` (nothing to test on this game,
e.g. no stable σ found, no top structure).
"""
from __future__ import annotations

import random
from itertools import product

from ..errors import InputError
from .builtins import builtin
from .core import Campaign

PROPS = ("prop1", "prop2", "prop3", "prop4", "prop5", "prop5_converse", "prop6", "prop7", "prop21")


def small_game(seed, n=3, m=2, t=2, en=2):
    from ..model.crg import random_game

    rng = random.Random(seed)
    return rng, random_game(rng, rng.randint(1, n), rng.randint(1, m), rng.randint(1, t), max_en=en, max_req=2,
                            p_want=rng.choice([0.4, 0.7]))


def stable_sigmas(rng, g, tries=25):
    """Random coalition structures the flow algorithm finds stable, plus a core witness."""
    from ..concepts.crg.core import core_nonempty, find_blocker
    from ..model.crg import random_sigma

    out = []
    for _ in range(tries):
        s = random_sigma(rng, g)
        if find_blocker(g, s).stable and s not in out:
            out.append(s)
    w = core_nonempty(g).witness
    if w is not None and w not in out:
        out.append(w)
    return out


def splits(g, lam):
    """Every way to write λ = λ1 ⊎ λ2 with non-empty feasible λ1, λ2."""
    from ..model.coalition import members, subsets
    from ..model.crg import Coop, is_coop

    goals = members(lam.goals)
    for c1 in subsets(lam.coalition, proper=True):
        c2 = lam.coalition ^ c1
        for where in product((1, 2, 3), repeat=len(goals)):
            g1 = sum(1 << j for j, w in zip(goals, where) if w & 1)
            g2 = sum(1 << j for j, w in zip(goals, where) if w & 2)
            x1 = tuple(lam.xi[i] if c1 >> i & 1 else (0,) * g.t for i in range(g.n))
            x2 = tuple(lam.xi[i] if c2 >> i & 1 else (0,) * g.t for i in range(g.n))
            l1, l2 = Coop(c1, g1, x1), Coop(c2, g2, x2)
            if is_coop(g, l1) and is_coop(g, l2):
                yield l1, l2


def _all(flags):
    """True if every case held, False if one failed, None if there was no case."""
    flags = list(flags)
    return None if not flags else all(flags)


def prop1(seed) -> bool:
    from ..model.crg import disjoint_union, random_coop, random_game, weakly_prefers

    rng = random.Random(f"prop1:{seed}")
    g = random_game(rng, 3, 2, 2)
    l1, l2 = random_coop(rng, g, 0b001), random_coop(rng, g, 0b110)
    l3 = disjoint_union(l1, l2)
    return all(weakly_prefers(g, i, l3, lam) for lam in (l1, l2) for i in range(g.n) if lam.coalition >> i & 1)


def prop2(g, sigmas) -> bool | None:
    from ..concepts.crg.core import find_blocker
    from ..model.crg import disjoint_union

    cases = []
    for s in sigmas:
        for a in range(len(s)):
            for b in range(a + 1, len(s)):
                merged = (disjoint_union(s[a], s[b]),) + tuple(x for k, x in enumerate(s) if k not in (a, b))
                cases.append(find_blocker(g, merged).stable)
    return _all(cases)


def prop3(g) -> bool:
    from ..concepts.crg.core import brute_core

    every = brute_core(g, all_structures=True)
    grand = brute_core(g)
    return (bool(every) == bool(grand) and all(len(s) == 1 and s[0].coalition == g.grand for s in grand)
            and set(grand) <= set(every))


def prop4(g, sigmas) -> bool | None:
    from ..concepts.crg.core import find_blocker

    cases = []
    for s in sigmas[:2]:
        changed = True
        while changed:
            changed = False
            for k, lam in enumerate(s):
                for l1, l2 in splits(g, lam):
                    cand = s[:k] + (l1, l2) + s[k + 1:]
                    if find_blocker(g, cand).stable:
                        s, changed = cand, True
                        break
                if changed:
                    break
        atomic = all(not find_blocker(g, s[:k] + (l1, l2) + s[k + 1:]).stable
                     for k, lam in enumerate(s) for l1, l2 in splits(g, lam))
        cases.append(find_blocker(g, s).stable and atomic)
    return _all(cases)


def prop5(g, sigmas) -> bool | None:
    from ..model.coalition import members
    from ..model.crg import satisfied

    return _all(lam.cost(i) == 0 for s in sigmas for lam in s for i in members(lam.coalition)
                if not satisfied(g, i, lam))


def prop5_converse(rng, g) -> bool | None:
    from ..concepts.crg.core import find_blocker
    from ..model.coalition import members
    from ..model.crg import random_sigma, satisfied

    cases = []
    for _ in range(10):
        s = random_sigma(rng, g)
        if any(not satisfied(g, i, lam) and lam.cost(i) > 0 for lam in s for i in members(lam.coalition)):
            cases.append(not find_blocker(g, s).stable)
    return _all(cases)


def prop6(g, sigmas) -> bool | None:
    from ..model.coalition import members, subsets
    from ..model.crg import satisfied

    cases = []
    for s in sigmas:
        unsat = sum(1 << i for lam in s for i in members(lam.coalition) if not satisfied(g, i, lam))
        cases.append(not any(g.successful(c) for c in subsets(unsat)))
    return _all(cases)


def prop7(g) -> bool:
    from ..concepts.crg.core import find_blocker
    from ..model.crg import Coop, null_structure

    none_successful = not any(g.successful(c) for c in range(1, 1 << g.n))
    idle = tuple(Coop(1 << i, 0, null_structure(g)[0].xi) for i in range(g.n))
    return (none_successful == find_blocker(g, null_structure(g)).stable
            and none_successful == find_blocker(g, idle).stable)


def prop21(g) -> bool | None:
    from ..concepts.crg.core import brute_core, top_cooperation_structure

    top = top_cooperation_structure(g, "brute").top
    if top is None:
        return None
    return top.coalition == g.grand and brute_core(g, all_structures=True) == [(top,)]


@builtin("crg-props", "Dunne et al. (2010) Props. 1-7 and 21 on random small coalitional resource games")
class CRGProps(Campaign):
    name = "crg-props"

    def __init__(self, count: int = 500, seed: int = 0, en: int = 2):
        if not (isinstance(count, int) and count >= 0):
            raise InputError(f"crg-props: count must be a non-negative integer, got {count!r}")
        if not (isinstance(en, int) and 1 <= en <= 4):
            raise InputError(f"crg-props: en (maximal endowment) must be an integer from 1 to 4, got {en!r}")
        self.params = {"count": count, "seed": seed, "en": en}

    def __len__(self) -> int:
        return self.params["count"]

    def instances(self):
        for k in range(self.params["count"]):
            rng = random.Random(f"crg-props:{self.params['seed']}:{k}")
            yield self.instance(k, {"seed": rng.randrange(10**9)})

    def games(self, inst):
        s = inst.params["seed"]
        rng, g = small_game(s, en=self.params["en"])
        _, g3 = small_game(s + 1, n=3, m=2, t=2, en=1)
        _, g21 = small_game(s + 2, n=2, m=2, t=2, en=1)
        return rng, g, g3, g21

    def check(self, inst) -> dict:
        rng, g, g3, g21 = self.games(inst)
        sigmas = stable_sigmas(rng, g)
        return {
            "prop1": prop1(inst.params["seed"]),
            "prop2": prop2(g, sigmas),
            "prop3": prop3(g3),
            "prop4": prop4(g, sigmas),
            "prop5": prop5(g, sigmas),
            "prop5_converse": prop5_converse(rng, g),
            "prop6": prop6(g, sigmas),
            "prop7": prop7(g),
            "prop21": prop21(g21),
            "stable_sigmas": len(sigmas),
        }

    def summary(self, records):
        ok = [r["result"] for r in records if r["status"] == "ok"]
        out = {"games": len(ok)}
        for p in PROPS:
            vals = [r[p] for r in ok]
            out[p] = f"{vals.count(True)} hold, {vals.count(False)} violated, {vals.count(None)} nothing to test"
        return out

    def counterexample(self, inst, record):
        from ..io.crg import crg_to_facts

        rng, g, g3, g21 = self.games(inst)
        if record.get("status") in ("error", "timeout"):  # a failed row: the three games it was checking
            head = f"% crg-props {record['status']}: {record['error']} (seed {inst.params['seed']})\n"
            return {f"game{k}.lp": head + crg_to_facts(x) for k, x in ((1, g), (3, g3), (21, g21))}
        bad = [p for p in PROPS if record.get(p) is False]
        if not bad:
            return None
        which = g21 if bad == ["prop21"] else g3 if bad == ["prop3"] else g
        head = f"% crg-props: {', '.join(bad)} violated on this game (seed {inst.params['seed']})\n"
        return {"game.lp": head + crg_to_facts(which)}
