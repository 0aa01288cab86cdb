"""Built-in campaigns ``theorem2``, ``theorem3``, ``theorem4``: Ray & Vohra (2025), §5,
checked on random TU games.

* ``theorem2`` (§5.2, Theorem 2): for convex F(S) - every TU game - the recursive
  U*(S) equals U^naive(S) built from the unconstrained Nash solutions ψ(T), so σ*(S)
  computed both ways agrees for every coalition S
  (:func:`~declcoal.concepts.bargaining.nash_tu.compare_paths`).
* ``theorem3`` (§5.3, Theorem 3): a grand-coalition-superadditive game with consistent
  weights has a viable grand coalition and an efficient σ*(N). The text states GCS for
  *pairs* of disjoint coalitions, the proof (Appendix A) stacks a whole partition; the
  campaign records both forms and the conclusion, so it counts the pairwise-only games
  on which the conclusion fails (counterexamples to the pairwise reading) and checks
  that none fails under the partition form (docs/nash-bargaining.md, "Decisions").
* ``theorem4`` (§5.4, Theorem 4): σ_sym(S) ⊆ E(S), the constrained egalitarian solution.
  It fails when the maximal symmetric Nash product on U*(S) is 0 (every unblocked point
  gives someone 0; docs/egalitarian.md); the campaign separates those failures from any
  with a positive maximum (which would contradict the theorem).

Games: ``n`` players, worths drawn per instance from a generator seeded by (``seed``,
index) and stored in the instance's parameters (``v``: 2^n - 1 exact values in binary
coalition order), so every row of the database holds its game. Worth distributions
(``dist``): ``uniform`` (multiples of 1/den in [0, hi], the tests' games), ``sparse`` (half the
worths 0, the rest uniform: degenerate games with zero Nash maxima), ``scaled``
(v(S) in [0, hi·|S|]), ``convex`` (non-negative integer Harsanyi dividends),
``superadditive`` (uniform, then v(S) raised to its best split), ``gcs`` (uniform, v(N)
raised to the best partition value plus a bump) and ``pairwise`` (uniform, v(N) raised
only to the best *pair* of disjoint coalitions, plus a bump that is 0 half the time).
"""
from __future__ import annotations

import random
from fractions import Fraction

from ..errors import InputError
from ..model.coalition import members
from ..model.numbers import fraction_text
from .builtins import builtin
from .core import Campaign

NAMES = "ABCDEFGHIJKL"
DISTS = ("uniform", "sparse", "scaled", "convex", "superadditive", "gcs", "pairwise")
WEIGHT_CHOICES = (Fraction(1), Fraction(2), Fraction(1, 2), Fraction(3))
MAX_N = 8


# ------------------------------------------------------------------ random games
def random_worths(rng: random.Random, n: int, dist: str, hi: int, den: int) -> list[Fraction]:
    """2^n - 1 exact worths, index m-1 for coalition bitmask m (declcoal's order)."""
    full = (1 << n) - 1

    def draw(top) -> Fraction:
        return Fraction(rng.randint(0, int(top * den)), den)

    if dist == "convex":
        div = [0] + [rng.randint(0, 6) for _ in range(full)]
        return [Fraction(sum(div[t] for t in _submasks(m))) for m in range(1, full + 1)]
    if dist == "sparse":
        return [Fraction(0) if rng.random() < 0.5 else draw(hi) for _ in range(full)]
    if dist == "scaled":
        return [draw(hi * m.bit_count()) for m in range(1, full + 1)]
    v = [Fraction(0)] + [draw(hi) for _ in range(full)]
    if dist == "superadditive":
        for m in sorted(range(1, full + 1), key=int.bit_count):
            for s in _submasks(m):
                if s != m:
                    v[m] = max(v[m], v[s] + v[m ^ s])
    elif dist == "gcs":
        v[full] = max(v[full], best_partition(v, full)) + Fraction(rng.randint(0, 6), 2)
    elif dist == "pairwise":
        bump = Fraction(0) if rng.random() < 0.5 else Fraction(rng.randint(1, 4), 2)
        v[full] = max(v[full], best_pair(v, full)) + bump
    return v[1:]


def _submasks(mask: int):
    sub = mask
    while sub:
        yield sub
        sub = (sub - 1) & mask


def best_partition(v: list[Fraction], full: int) -> Fraction:
    """max Σ v(S_k) over partitions of N into at least two blocks."""
    best = [Fraction(0)] * (full + 1)
    for m in range(1, full + 1):
        low = m & -m
        best[m] = max(v[m ^ r] + best[r] for r in [0, *_submasks(m ^ low)])  # block containing low
    return max((v[m] + best[full ^ m] for m in _submasks(full) if m != full), default=Fraction(0))


def best_pair(v: list[Fraction], full: int) -> Fraction:
    """max v(S) + v(T) over disjoint non-empty S, T ⊂ N (the GCS of the text of §5.3)."""
    out = Fraction(0)
    for s in _submasks(full):
        if s == full:
            continue
        rest = full ^ s
        for t in _submasks(rest):
            out = max(out, v[s] + v[t])
    return out


def game_of(inst, name: str):
    from ..model.tu import TUGame

    p = inst.params
    return TUGame.from_list(list(NAMES[: p["n"]]), [Fraction(x) for x in p["v"]], name=f"{name}-{inst.index}")


def game_toml(inst, name: str, comment: str) -> str:
    from ..io import dumps_game

    lines = [f"# {line}" for line in comment.strip().splitlines()]
    w = inst.params.get("weights")
    if w:
        lines.append(f"# consistent weights gamma = ({', '.join(w)}) (pass them with --weights)")
    return "\n".join(lines) + "\n" + dumps_game(game_of(inst, name), "toml")


class RandomTUCampaign(Campaign):
    """``count`` random TU games with ``n`` players (see the module docstring)."""

    name = "random-tu"
    default_dist = "uniform"

    def __init__(self, n: int = 4, count: int = 1000, seed: int = 0, dist: str | None = None, hi: int = 12,
                 den: int = 4, weights: str = "equal"):
        dist = dist or self.default_dist
        if not (isinstance(n, int) and 2 <= n <= MAX_N):
            raise InputError(f"{self.name}: n must be an integer from 2 to {MAX_N}, got {n!r}")
        if not (isinstance(count, int) and count >= 0):
            raise InputError(f"{self.name}: count must be a non-negative integer, got {count!r}")
        if dist not in DISTS:
            raise InputError(f"{self.name}: dist must be one of {', '.join(DISTS)}, got {dist!r}")
        if not (isinstance(hi, int) and hi >= 1 and isinstance(den, int) and den >= 1):
            raise InputError(f"{self.name}: hi and den must be positive integers")
        if weights not in ("equal", "random"):
            raise InputError(f"{self.name}: weights must be equal or random, got {weights!r}")
        self.params = {"n": n, "count": count, "seed": seed, "dist": dist, "hi": hi, "den": den, "weights": weights}

    def __len__(self) -> int:
        return self.params["count"]

    def instances(self):
        p = self.params
        for k in range(p["count"]):
            rng = random.Random(f"{self.name}:{p['seed']}:{k}")
            v = random_worths(rng, p["n"], p["dist"], p["hi"], p["den"])
            w = None
            if p.get("weights", "equal") == "random":
                w = [fraction_text(rng.choice(WEIGHT_CHOICES)) for _ in range(p["n"])]
            yield self.instance(k, {"n": p["n"], "v": [fraction_text(x) for x in v], "weights": w})

    def game(self, inst):
        return game_of(inst, self.name)

    def counterexample(self, inst, record):
        """The game as a file for counterexamples (:meth:`found`) and failed rows."""
        if record.get("status") in ("error", "timeout"):
            return {"game.toml": game_toml(inst, self.name, f"{self.name} {record['status']}: {record['error']}")}
        return self.found(inst, record)

    def found(self, inst, record) -> dict | None:
        return None

    def weights(self, inst):
        w = inst.params.get("weights")
        return None if w is None else [Fraction(x) for x in w]


# ------------------------------------------------------------------ Theorem 2
@builtin("theorem2", "Ray & Vohra Theorem 2: recursive sigma*(S) = naive sigma(S) for every coalition of random TU games")
class Theorem2(RandomTUCampaign):
    name = "theorem2"
    # v(S) in [0, hi·|S|]: a mix of viable and non-viable grand coalitions, ineffective
    # coalitions and multi-valued σ*(N) - the cases where the two paths could differ
    default_dist = "scaled"

    def check(self, inst) -> dict:
        from ..concepts.bargaining.nash_tu import compare_paths

        c = compare_paths(self.game(inst), self.weights(inst))
        out = {
            "holds": c.equal,
            "solutions": len(c.recursive.solutions),
            "ineffective": len(c.recursive.ineffective),
            "grand_viable": bool(c.recursive.solutions),
        }
        if not c.equal:
            out["differences"] = c.differences
        return out

    def summary(self, records):
        ok = [r["result"] for r in records if r["status"] == "ok"]
        return {
            "games": len(ok),
            "recursive = naive on every coalition": sum(r["holds"] for r in ok),
            "counterexamples": sum(not r["holds"] for r in ok),
            "games with an ineffective coalition": sum(r["ineffective"] > 0 for r in ok),
            "games with multi-valued sigma*(N)": sum(r["solutions"] > 1 for r in ok),
            "games where N is not viable": sum(not r["grand_viable"] for r in ok),
        }

    def found(self, inst, record):
        if record.get("holds") is False:
            why = "Theorem 2 counterexample: recursive and naive sigma differ\n" + "\n".join(record["differences"])
            return {"game.toml": game_toml(inst, self.name, why)}
        return None


# ------------------------------------------------------------------ Theorem 3
def pairwise_gcs(game) -> bool:
    """v(N) ≥ v(S) + v(T) for all disjoint non-empty S, T ⊂ N (the wording of §5.3)."""
    v = [Fraction(0), *game.values[1:]]
    return game.values[game.grand] >= best_pair(v, game.grand)


@builtin("theorem3", "Ray & Vohra Theorem 3: GCS (partition vs pairwise form) => N viable, sigma*(N) efficient")
class Theorem3(RandomTUCampaign):
    name = "theorem3"
    default_dist = "pairwise"

    def check(self, inst) -> dict:
        from ..concepts.bargaining.nash_tu import theorem3_allocation

        g = self.game(inst)
        t = theorem3_allocation(g, self.weights(inst))
        pair = pairwise_gcs(g)
        vN = g.values[g.grand]
        splits_n = t.grand_viable and all(sum(p, Fraction(0)) == vN for p in t.sigma)
        conclusion = t.grand_viable and t.sigma_efficient
        return {
            "gcs_partition": t.gcs,
            "gcs_pairwise": pair,
            "form": "partition" if t.gcs else "pairwise only" if pair else "neither",
            "grand_viable": t.grand_viable,
            # every point of sigma*(N) divides v(N) exactly (Pareto efficient for N)
            "sigma_divides_vN": splits_n,
            # ... and v(N) is the best any coalition structure earns (efficient overall)
            "sigma_efficient": t.sigma_efficient,
            "construction_unblocked": t.unblocked_naive,
            "conclusion": conclusion,
            # Theorem 3 as proved (partition GCS, consistent weights): must never fail
            "counterexample": t.gcs and t.consistent and not (conclusion and t.unblocked_naive),
            # the pairwise wording of the text: N not viable, or sigma*(N) wasting part of v(N)
            "pairwise_counterexample": pair and not splits_n,
        }

    def summary(self, records):
        ok = [r["result"] for r in records if r["status"] == "ok"]
        part = [r for r in ok if r["gcs_partition"]]
        pair_only = [r for r in ok if r["gcs_pairwise"] and not r["gcs_partition"]]
        return {
            "games": len(ok),
            "partition-GCS games": len(part),
            "  N viable and sigma*(N) efficient (Theorem 3)": sum(r["conclusion"] for r in part),
            "  counterexamples to Theorem 3 (partition form)": sum(r["counterexample"] for r in ok),
            "pairwise-GCS but not partition-GCS games": len(pair_only),
            "  N not viable (counterexamples to the pairwise reading)": sum(not r["grand_viable"] for r in pair_only),
            "  N viable, sigma*(N) divides v(N), but a partition earns more": sum(
                r["sigma_divides_vN"] for r in pair_only),
            "neither form": sum(r["form"] == "neither" for r in ok),
        }

    def found(self, inst, record):
        if record.get("counterexample"):
            why = "Theorem 3 counterexample: partition-GCS game where N is not viable or sigma*(N) not efficient"
        elif record.get("pairwise_counterexample"):
            why = ("pairwise GCS (v(N) >= v(S) + v(T) for disjoint S, T) holds, partition GCS does not,\n"
                   f"and Theorem 3's conclusion fails: N viable: {record['grand_viable']}, "
                   f"sigma*(N) divides v(N): {record['sigma_divides_vN']}")
        else:
            return None
        return {"game.toml": game_toml(inst, self.name, why)}


# ------------------------------------------------------------------ Theorem 4
@builtin("theorem4", "Ray & Vohra Theorem 4: sigma_sym(S) subset of E(S) (fails only when the max Nash product is 0)")
class Theorem4(RandomTUCampaign):
    name = "theorem4"

    def __init__(self, n: int = 4, count: int = 1000, seed: int = 0, dist: str | None = None, hi: int = 12,
                 den: int = 3):
        super().__init__(n=n, count=count, seed=seed, dist=dist, hi=hi, den=den, weights="equal")
        del self.params["weights"]  # Theorem 4 is about the symmetric solution (equal weights)

    def check(self, inst) -> dict:
        from ..concepts.bargaining.egalitarian import constrained_egalitarian

        r = constrained_egalitarian(self.game(inst), check_theorem4=True)
        failing = [(c, sig) for c, ok, sig in r.theorem4 if not ok]
        zero = [c for c, sig in failing if all(any(q == 0 for q in p) for p in sig)]
        positive = [c for c, sig in failing if c not in zero]
        return {
            "holds": not failing,
            "failing_coalitions": len(failing),
            "zero_maximum_failures": len(zero),
            "counterexample": bool(positive),  # a failure with a positive Nash maximum
            "failing": [c for c, _ in failing],
        }

    def summary(self, records):
        ok = [r["result"] for r in records if r["status"] == "ok"]
        return {
            "games": len(ok),
            "sigma_sym(S) subset of E(S) for every S": sum(r["holds"] for r in ok),
            "games where it fails": sum(not r["holds"] for r in ok),
            "  of which only where the maximal Nash product is 0": sum(
                not r["holds"] and not r["counterexample"] for r in ok),
            "  counterexamples with a positive maximum": sum(r["counterexample"] for r in ok),
        }

    def found(self, inst, record):
        if record.get("holds") is False:
            kind = ("with a POSITIVE Nash maximum (contradicts Theorem 4)" if record["counterexample"]
                    else "where every point of sigma_sym(S) gives someone 0 (the zero-maximum case)")
            why = f"Theorem 4 fails on coalitions {', '.join(record['failing'])}\n{kind}"
            return {"game.toml": game_toml(inst, self.name, why)}
        return None
