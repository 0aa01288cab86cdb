"""A campaign of your own: "the Shapley value of a convex game lies in its core"
(Shapley 1971), checked on random convex games.

Run it with all cores, resumably:

    declcoal campaign run examples/campaigns/convex_shapley.py:ConvexShapley n=5 --count 2000
    declcoal campaign report ConvexShapley-*.sqlite     # (the file name is printed by run)

or from Python: ``run_campaign(ConvexShapley(n=5, count=2000))``.
"""
from __future__ import annotations

import random
from fractions import Fraction

from declcoal.campaigns import Campaign


class ConvexShapley(Campaign):
    name = "convex-shapley"

    def __init__(self, n: int = 4, count: int = 1000, seed: int = 0):
        self.params = {"n": n, "count": count, "seed": seed}  # JSON-able: they name the campaign

    def instances(self):
        """Deterministic: instance k's game comes from a generator seeded by (seed, k)."""
        n = self.params["n"]
        for k in range(self.params["count"]):
            rng = random.Random(f"{self.params['seed']}:{k}")
            dividends = [0] + [rng.randint(0, 9) for _ in range(2**n - 1)]  # >= 0: a convex game
            yield self.instance(k, {"n": n, "dividends": dividends})

    def check(self, inst) -> dict:
        """Runs in a worker: rebuild the game from the instance's parameters, then check."""
        from declcoal import TUGame, shapley
        from declcoal.model.coalition import subsets

        n, div = inst.params["n"], inst.params["dividends"]
        game = TUGame.from_function([f"P{i}" for i in range(n)], lambda m: sum(div[t] for t in subsets(m)) if m else 0)
        phi = shapley(game).values
        worst = min(sum((phi[i] for i in range(n) if m >> i & 1), Fraction(0)) - game.values[m]
                    for m in range(1, 2**n - 1))  # proper coalitions
        return {"in_core": worst >= 0, "min_excess": str(worst)}  # JSON-able, no timings

    def summary(self, records):
        ok = [r["result"] for r in records if r["status"] == "ok"]
        return {"games": len(ok), "Shapley value in the core": sum(r["in_core"] for r in ok)}

    def counterexample(self, inst, record):
        if record.get("in_core") is False:  # never, by Shapley (1971); saved as a game file if it happened
            return {"game.txt": f"dividends = {inst.params['dividends']}\n"}
        return None
