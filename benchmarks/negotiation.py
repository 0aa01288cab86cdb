"""Benchmarks for the CRG bargaining protocol (Dunne et al. 2010, §5).

1. One order vs n: the whole backward induction of Prop. 14 for the order a1..an —
   n(n+1)/2 instances of LP(i, t) — on seeded random games with a fixed number of goals
   (target: 30 agents with 6 goals in seconds). LP(i, t) by the default ``flow`` solver
   (irredundant goal sets + one max-flow each); the ``z3`` and ``asp`` solvers as
   columns (with their ratio to flow) while they stay under a time budget.
2. All orders, memoised vs not: n! orders, n = 4..8. ``memo`` shares sub-games (rounds
   keyed by the ordered suffix of active agents) and LP(i, t) solutions between orders;
   ``no memo`` solves each order's backward induction from scratch. Where the no-memo
   run would take too long (default: beyond 5040 orders) it runs the first 5040 orders
   in lexicographic order and extrapolates linearly (marked "≈").

Prints sizes, wall-clock and CPU times (``time.process_time``: on a shared, overloaded
machine CPU time is the steadier number), LP counts, the process's peak memory
(``ru_maxrss``) and ratios, and the load average: ratios within one run are what matters.

    python benchmarks/negotiation.py            # full run
    python benchmarks/negotiation.py --quick    # small sizes only
"""
from __future__ import annotations

import argparse
import os
import random
import time
import resource
from itertools import islice, permutations
from math import factorial

from declcoal.concepts.crg.negotiation import Negotiator
from declcoal.model.crg import random_game


def game(n: int, m: int, t: int, seed: int):
    return random_game(random.Random(seed), n, m, t, max_en=3, max_req=3, p_want=0.3, name=f"bench{n}")


def one_order(sizes, m, t, seed, budget):
    print(f"\n1. one order (a1..an), backward induction of Prop. 14, {m} goals, {t} resources, seed {seed}")
    print(f"{'agents':>6} {'LPs':>5} {'flow wall':>10} {'cpu':>8} {'z3 wall':>9} {'cpu':>8} {'ratio':>6} "
          f"{'asp wall':>9} {'cpu':>8} {'ratio':>6} {'peak MB':>8}  same utilities")
    slow = {"z3": False, "asp": False}
    Negotiator(game(3, m, t, seed), "flow").play(range(3))  # warm-up: imports
    for n in sizes:
        g = game(n, m, t, seed)
        t0, c0 = time.perf_counter(), time.process_time()
        neg = Negotiator(g, "flow")
        o = neg.play(range(n))
        tf, cf = time.perf_counter() - t0, time.process_time() - c0
        cols, agree = [], True
        for meth in ("z3", "asp"):
            if slow[meth]:
                cols.append(("skipped", "-", "-"))
                continue
            t0, c0 = time.perf_counter(), time.process_time()
            o2 = Negotiator(g, meth).play(range(n))
            tm, cm = time.perf_counter() - t0, time.process_time() - c0
            agree &= o2.utilities == o.utilities
            cols.append((f"{tm:.3f}s", f"{cm:.3f}s", f"{cm / max(cf, 1e-9):.1f}x"))
            slow[meth] = tm > budget
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{n:>6} {neg.lp_solved:>5} {tf:>9.3f}s {cf:>7.3f}s {cols[0][0]:>9} {cols[0][1]:>8} {cols[0][2]:>6} "
              f"{cols[1][0]:>9} {cols[1][1]:>8} {cols[1][2]:>6} {peak:>8.0f}  {'yes' if agree else 'NO'}", flush=True)


def all_orders(ns, m, t, seed, nomemo_cap):
    print(f"\n2. all n! orders, memoised sub-games vs none, {m} goals, {t} resources, seed {seed}")
    print(f"{'agents':>6} {'orders':>7} {'memo cpu':>9} {'wall':>9} {'LPs':>7} {'rounds':>7} {'no memo cpu':>12} "
          f"{'LPs':>9} {'ratio':>7}")
    for n in ns:
        g = game(n, m, t, seed)
        t0, c0 = time.perf_counter(), time.process_time()
        neg = Negotiator(g, "flow", memo=True)
        outs = [neg.play(p) for p in permutations(range(n))]
        tw, tm = time.perf_counter() - t0, time.process_time() - c0
        k = min(factorial(n), nomemo_cap)
        c0 = time.process_time()
        neg2 = Negotiator(g, "flow", memo=False)
        outs2 = [neg2.play(p) for p in islice(permutations(range(n)), k)]
        tn = time.process_time() - c0
        assert [o.utilities for o in outs2] == [o.utilities for o in outs[:k]]
        scale = factorial(n) / k
        mark = "≈" if scale > 1 else " "
        print(f"{n:>6} {factorial(n):>7} {tm:>8.3f}s {tw:>8.3f}s {neg.lp_solved:>7} {len(neg.rounds):>7} "
              f"{mark}{tn * scale:>10.3f}s {mark}{int(neg2.lp_solved * scale):>8} {mark}{tn * scale / tm:>5.1f}x",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--sizes", type=int, nargs="*", help="agents for part 1 (default 5 10 15 20 25 30)")
    ap.add_argument("--goals", type=int, default=6)
    ap.add_argument("--resources", type=int, default=4)
    ap.add_argument("--orders-n", type=int, nargs="*", help="agents for part 2 (default 4..8)")
    ap.add_argument("--orders-goals", type=int, default=3)
    ap.add_argument("--nomemo-cap", type=int, default=5040, help="most orders the no-memo baseline runs")
    ap.add_argument("--budget", type=float, default=20.0, help="stop z3/asp columns after a row slower than this")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    sizes = a.sizes or ([3, 5, 8] if a.quick else [5, 10, 15, 20, 25, 30])
    ns = a.orders_n or ([3, 4] if a.quick else [4, 5, 6, 7, 8])
    print(f"load average {os.getloadavg()} on {os.cpu_count()} cores (shared machine: compare ratios within a run)")
    try:
        one_order(sizes, a.goals, a.resources, a.seed, a.budget)
        all_orders(ns, a.orders_goals, a.resources, a.seed, a.nomemo_cap)
    except KeyboardInterrupt:
        print("interrupted: rows above are complete")
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
