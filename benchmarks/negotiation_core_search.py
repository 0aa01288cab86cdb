"""Search random CRGs for the phenomenon Example 6 of Dunne et al. (2010, §5.6) was meant
to show: for EVERY order the negotiation outcome is outside the core, while the core is
non-empty (docs/negotiation.md, "Random games").

    python benchmarks/negotiation_core_search.py --count 400 --seed 1

Prints each game found (as a TOML-able document) and a summary; Ctrl-C stops and keeps
the count so far.
"""
from __future__ import annotations

import argparse
import itertools
import random

from declcoal.concepts.crg.core import core_nonempty, find_blocker
from declcoal.concepts.crg.negotiation import Negotiator
from declcoal.model.crg import random_game


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-goals", type=int, default=None, help="search the one-goal variant instead (--max-goals 1)")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    found = done = 0
    try:
        for _ in range(a.count):
            n = rng.choice([3, 3, 4])
            g = random_game(rng, n, rng.randint(1, 2), rng.randint(2, 4), max_en=3, max_req=3)
            neg = Negotiator(g, max_goals=a.max_goals)
            outs = [neg.play(p) for p in itertools.permutations(range(n))]
            done += 1
            if all(not find_blocker(g, o.sigma, "flow").stable for o in outs) and core_nonempty(g).nonempty:
                found += 1
                print("found:", g.to_doc(), flush=True)
    except KeyboardInterrupt:
        print("interrupted")
    print(f"{found} of {done} random games: every order's outcome outside a non-empty core")


if __name__ == "__main__":
    main()
