"""Bounded work on large CRGs and campaigns (issue 15, items 2 and 4): what the new paths
cost against the enumerations they replace, in one run.

1. ``crg top`` on random games of benchmarks/crg.py's shape (10 goals, 20 resources,
   p_want 0.2) for growing n: the many-agent path (the necessary conditions of
   docs/crg.md, "Top structures", then the agents until one rules a top structure out)
   against the full per-agent table (best.lp for every agent), the baseline; the full
   table runs only up to ``--max-full`` agents, beyond it is estimated as n × the
   measured time of one agent (marked ``~``).
2. ``crg success`` (Table 1): the numpy goal-set table against the old enumeration
   (``CRG.feasible_sets`` and ``CRG.sf`` for every coalition), the baseline.
3. Refusals: how long the commands take to refuse above their limits (in-process
   ``declcoal.cli.main``, start-up excluded).

Prints sizes, times, peak memory (tracemalloc) and ratios row by row, with the load
average (the machine is shared: ratios within one run are what matters).

    python benchmarks/crg_edges.py
    python benchmarks/crg_edges.py --sizes 13,25 --max-full 13 --tables 4x6     # tiny
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import time
import tracemalloc

from declcoal.model.crg import random_game


def measure(fn):
    """(seconds, peak MiB, result) of one call."""
    tracemalloc.start()
    t = time.perf_counter()
    out = fn()
    secs = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return secs, peak, out


def game(n: int, m: int = 10, t: int = 20, seed: int = 1):
    return random_game(random.Random(seed), n, m, t, max_en=5, max_req=3 * max(1, n // 10), p_want=0.2)


def top_rows(sizes: list[int], max_full: int) -> None:
    from declcoal.concepts.crg import core

    print(f"1. crg top (asp), 10 goals, 20 resources; load {os.getloadavg()[0]:.1f}")
    print(f"{'agents':>6} {'new s':>8} {'MiB':>6} {'answer':>8} {'full s':>9} {'MiB':>6} {'ratio':>8}")
    for n in sizes:
        g = game(n)
        secs, peak, res = measure(lambda: core.top_cooperation_structure(g))
        saved = core.TOP_FULL_AGENTS
        core.TOP_FULL_AGENTS = 10**9
        try:
            if n <= max_full:
                fsecs, fpeak, full = measure(lambda: core.top_cooperation_structure(g))
                assert full.top == res.top
                ftext = f"{fsecs:9.3f}"
            else:
                one, fpeak, _ = measure(lambda: core.best_structures(g, 0))
                fsecs, ftext = one * n, f"~{one * n:8.1f}"
        finally:
            core.TOP_FULL_AGENTS = saved
        print(f"{n:>6} {secs:8.3f} {peak:6.1f} {'top' if res.top else 'none':>8} {ftext} {fpeak:6.1f} "
              f"{fsecs / max(secs, 1e-9):7.0f}x", flush=True)


def table_rows(shapes: list[tuple[int, int]]) -> None:
    from declcoal.concepts.crg.success import success_table

    print(f"\n2. crg success (Table 1): numpy goal-set table vs CRG.feasible_sets/sf; load {os.getloadavg()[0]:.1f}")
    print(f"{'n':>3} {'m':>3} {'pairs':>9} {'new s':>8} {'MiB':>6} {'old s':>8} {'MiB':>6} {'ratio':>7}")
    for n, m in shapes:
        g = random_game(random.Random(2), n, m, 5, max_en=5, max_req=3, p_want=0.3)
        secs, peak, tab = measure(lambda: success_table(g, max_pairs=2**40, max_rows=2**40))

        def old():
            return [(c, g.feasible_sets(c), g.sf(c)) for c in range(1 << g.n)]

        osecs, opeak, rows = measure(old)
        assert [(r.coalition, r.feasible, r.sf) for r in tab.rows] == rows
        print(f"{n:>3} {m:>3} {(1 << n) * ((1 << m) - 1):>9,} {secs:8.3f} {peak:6.1f} {osecs:8.3f} {opeak:6.1f} "
              f"{osecs / max(secs, 1e-9):6.1f}x", flush=True)


def refusal_rows(tmp: str) -> None:
    import functools

    import declcoal.cli as cli
    from declcoal.io.crg import crg_to_facts

    cli.build_parser = functools.lru_cache(maxsize=None)(cli.build_parser)  # start-up: once, not measured
    cli.build_parser()
    main = cli.main

    path = os.path.join(tmp, "c200.lp")
    with open(path, "w") as fh:
        fh.write(crg_to_facts(game(200)))
    ex6 = os.path.join(os.path.dirname(__file__), "..", "examples", "crg", "example6.lp")
    print(f"\n3. refusals above the limits (in-process, start-up excluded); load {os.getloadavg()[0]:.1f}")
    print(f"{'command':<58} {'exit':>4} {'s':>7} {'MiB':>6}")
    for argv in (["crg", "success", ex6], ["crg", "success", path], ["crg", "negotiate", path],
                 ["crg", "core", path], ["verify", "prop11", "--random", "100000000", "--db", os.path.join(tmp, "v.sqlite")],
                 ["campaign", "run", "demo", "--count", "100000000", "--db", os.path.join(tmp, "d.sqlite")]):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            secs, peak, rc = measure(lambda: main(argv))
        shown = " ".join(a if "/" not in a else os.path.basename(a) for a in argv)
        print(f"{shown:<58} {rc:>4} {secs:7.3f} {peak:6.1f}", flush=True)


def main() -> None:
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="13,25,50,100,200", help="agents for section 1")
    ap.add_argument("--max-full", type=int, default=25, help="largest n the full per-agent table runs for")
    ap.add_argument("--tables", default="4x10,8x8,12x6,4x14", help="n x m shapes for section 2")
    a = ap.parse_args()
    try:
        top_rows([int(x) for x in a.sizes.split(",")], a.max_full)
        table_rows([tuple(int(y) for y in x.split("x")) for x in a.tables.split(",")])
        with tempfile.TemporaryDirectory() as tmp:
            refusal_rows(tmp)
    except KeyboardInterrupt:
        print("interrupted: the rows above are complete")


if __name__ == "__main__":
    main()
