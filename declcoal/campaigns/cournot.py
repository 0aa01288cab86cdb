"""Built-in campaign ``cournot``: Ray & Vohra (2025), Example 4 (cartels in a Cournot
oligopoly) over a grid of demands and costs - which coalition structures are viable
(Nash-in-Nash, §3.2) and what the coarsest viable ones pay.

Grid: for each intercept A in ``A`` and each cost vector c_1 ≤ ... ≤ c_n drawn with
repetition from ``costs`` (firms are only named by their cost rank, so sorted vectors
cover every game up to relabelling), the game is
:func:`declcoal.model.pfg_models.cournot` ``(A, c)`` (eq. (27)) and the check runs
:func:`declcoal.concepts.bargaining.viable.viable_structures` with equal weights.

The record says whether condition (25) holds (A + C > (n+1) max c: every coalition
produces in every structure), whether the costs are symmetric, whether the grand
coalition is viable, whether some intermediate structure (neither the singletons nor
the grand coalition) is viable, the coarsest viable structures, their shape and their
payoffs. The paper's claim for three symmetric firms - no intermediate structure is
viable and the grand coalition is, "robust to bargaining weights, as long as costs are
identical" - is checked on every symmetric game with n = 3 and condition (25)
(``symmetric_claim``); a failure is saved as a partition-game file.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import combinations_with_replacement

from ..errors import InputError
from ..model.numbers import fraction_text, to_fraction
from .builtins import builtin
from .core import Campaign

MAX_FIRMS = 6
LISTED = 6


@builtin("cournot", "Ray & Vohra Example 4: viable cartel structures over a grid of demands A and unit costs")
class Cournot(Campaign):
    name = "cournot"

    def __init__(self, n: int = 3, A=(6, 8, 10, 12, 16, 20, 23, 30), costs=(0, 1, 2, 3, 4, 5)):
        if not (isinstance(n, int) and 1 <= n <= MAX_FIRMS):
            raise InputError(f"cournot: n (firms) must be an integer from 1 to {MAX_FIRMS}, got {n!r}")
        A = list(A) if isinstance(A, (list, tuple)) else [A]
        costs = list(costs) if isinstance(costs, (list, tuple)) else [costs]
        try:
            As = sorted({to_fraction(a, "A") for a in A})
            cs = sorted({to_fraction(c, "cost") for c in costs})
        except Exception as exc:  # noqa: BLE001 - a one-line message for any bad number
            raise InputError(f"cournot: A and costs must be numbers ({exc})") from None
        if not As or not cs or any(a <= 0 for a in As) or any(c < 0 for c in cs):
            raise InputError("cournot: need A values > 0 and costs >= 0 (e.g. A=[10,23] costs=[1,2,3])")
        self.params = {"n": n, "A": [fraction_text(a) for a in As], "costs": [fraction_text(c) for c in cs]}

    def __len__(self) -> int:
        from math import comb

        p = self.params
        return len(p["A"]) * comb(len(p["costs"]) + p["n"] - 1, p["n"])

    def instances(self):
        p = self.params
        k = 0
        for a in p["A"]:
            for cv in combinations_with_replacement(p["costs"], p["n"]):
                yield self.instance(k, {"A": a, "costs": list(cv)})
                k += 1

    def game(self, inst):
        from ..model.pfg_models import cournot

        return cournot(inst.params["A"], inst.params["costs"])

    def check(self, inst) -> dict:
        from ..concepts.bargaining.viable import viable_structures

        g = self.game(inst)
        r = viable_structures(g, explain=False)
        if r.interrupted:  # the recursion catches Ctrl-C itself; here it must stop the campaign
            raise KeyboardInterrupt
        A = Fraction(inst.params["A"])
        cs = [Fraction(c) for c in inst.params["costs"]]
        n = len(cs)
        cond25 = A + sum(cs) > (n + 1) * max(cs)
        viable = r.viable_structures
        intermediate = any(1 < len(pi) < n for pi in viable)
        grand = r.viable((g.grand,))
        symmetric = len(set(cs)) == 1
        coarsest = [g.label(pi) for pi in r.coarsest]
        shapes = sorted({shape(pi) for pi in r.coarsest})
        return {
            "condition25": cond25,
            "symmetric": symmetric,
            "grand_viable": grand,
            "intermediate_viable": intermediate,
            "viable_structures": len(viable),
            "coarsest": coarsest,
            "coarsest_shape": " / ".join(shapes),
            "payoffs": [[fraction_text(x) for x in p] for _, pts in r.prediction for p in pts][:LISTED],
            "symmetric_claim": (grand and not intermediate) if (symmetric and n == 3 and cond25) else None,
        }

    def summary(self, records):
        ok = [r["result"] for r in records if r["status"] == "ok"]
        sym = [r for r in ok if r["symmetric"] and r["condition25"]]
        asym = [r for r in ok if not r["symmetric"] and r["condition25"]]
        shapes: dict[str, int] = {}
        for r in asym:
            shapes[r["coarsest_shape"]] = shapes.get(r["coarsest_shape"], 0) + 1
        out = {
            "games": len(ok),
            "condition (25) holds": sum(r["condition25"] for r in ok),
            "symmetric costs, (25): grand coalition viable": f"{sum(r['grand_viable'] for r in sym)} of {len(sym)}",
            "symmetric costs, (25): an intermediate structure viable": sum(r["intermediate_viable"] for r in sym),
            "symmetric, n = 3: paper's claim fails": sum(r["symmetric_claim"] is False for r in ok),
            "asymmetric costs, (25): grand coalition viable": f"{sum(r['grand_viable'] for r in asym)} of {len(asym)}",
            "asymmetric costs, (25): an intermediate structure viable": sum(r["intermediate_viable"] for r in asym),
            "asymmetric costs, (25): shapes of the coarsest viable structures": shapes,
        }
        for r in records:  # the paper's own numerical cases, when the grid contains them
            if r["status"] == "ok" and (r["params"]["A"], r["params"]["costs"]) in (("10", ["2", "3", "4"]),
                                                                                  ("23", ["1", "3", "5"])):
                out[f"A = {r['params']['A']}, c = ({', '.join(r['params']['costs'])})"] = (
                    f"coarsest viable {', '.join(r['result']['coarsest'])}; payoffs "
                    + "; ".join("(" + ", ".join(p) + ")" for p in r["result"]["payoffs"]))
        return out

    def counterexample(self, inst, record):
        from ..io import dumps_game

        if record.get("status") in ("error", "timeout"):
            return {"game.toml": f"# cournot {record['status']}: {record['error']}\n" + dumps_game(self.game(inst), "toml")}
        if record.get("symmetric_claim") is False:
            head = ("# cournot campaign: three symmetric firms with condition (25), yet the grand coalition is not\n"
                    "# the unique coarsest viable structure (Ray & Vohra, Example 4, says it is)\n")
            return {"game.toml": head + dumps_game(self.game(inst), "toml")}
        return None


def shape(pi) -> str:
    """``N`` for the grand coalition, else the block sizes, largest first: ``2+1``."""
    sizes = sorted((b.bit_count() for b in pi), reverse=True)
    return "N" if len(sizes) == 1 else "+".join(map(str, sizes))
