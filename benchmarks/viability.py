#!/usr/bin/env python3
"""Benchmark: Nash-in-Nash viable structures (Ray & Vohra 2025, §3.2) of the Cournot
cartel model (Example 4, eq. (27)) as the number of firms n grows.

The recursion visits every coalition structure (Bell(n) of them), every breakaway
T ⊂ S ∈ π (Σ_S 2^|S| − 2 per structure), and solves one exact coalitional Nash problem
per block of size ≥ 2. For each n the script runs it in a fresh child process (so the
peak memory is that run's own) and prints: structures, breakaways, block problems, Nash
problems actually solved and reused from the cache, total time, the time inside the
Nash solver vs the threat bookkeeping (building π^T, coarsest viable refinements,
projecting payoffs onto T, assembling threats), peak resident memory, and — up to
``--max-nomemo`` — the same run with memoisation off and the ratio off/on (the results
are compared: a benchmark that checks itself). Times on a shared machine are noisy: the
load average is printed; compare ratios within one run.

    python benchmarks/viability.py                 # n = 3..8, memo off up to 7
    python benchmarks/viability.py --max-n 9       # n = 9: minutes (21,147 structures)
    python benchmarks/viability.py --symmetric     # equal costs instead of c_i = i

Ctrl-C stops early and still prints the finished rows.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from _common import in_child, load, peak_mb  # noqa: E402  (benchmarks/_common.py)


def game(n: int, A: int, symmetric: bool):
    from declcoal.model.pfg_models import cournot

    return cournot(A, [1] * n if symmetric else list(range(1, n + 1)))


def run_one(n: int, A: int, symmetric: bool, memo: bool, queue) -> None:
    """Child process: one recursion, stats back through the queue."""
    from declcoal.concepts.bargaining.viable import viable_structures

    g = game(n, A, symmetric)
    t0 = time.perf_counter()
    r = viable_structures(g, memo=memo, explain=False)
    secs = time.perf_counter() - t0
    pairs = sum(len(rep.threats) for rep in r.reports.values())
    blocks = sum(1 for pi in r.reports for S in pi if S.bit_count() > 1)
    queue.put({
        "n": n, "structures": len(r.reports), "breakaways": pairs, "blocks": blocks, "solves": r.nash_solves,
        "hits": r.nash_cache_hits, "seconds": secs, "nash": r.nash_seconds,
        "peak_mb": peak_mb(),
        "viable": len(r.viable_structures), "coarsest": len(r.coarsest), "grand": r.viable((g.grand,)),
        "signature": (tuple(sorted(r.coarsest)), tuple(sorted(r.viable_structures))),
    })


def child(n: int, A: int, symmetric: bool, memo: bool) -> dict:
    return in_child(run_one, n, A, symmetric, memo, start="spawn")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-n", type=int, default=3)
    ap.add_argument("--max-n", type=int, default=8)
    ap.add_argument("--max-nomemo", type=int, default=7, help="largest n also run with memoisation off")
    ap.add_argument("--A", type=int, default=100, help="demand intercept (default 100: every firm produces)")
    ap.add_argument("--symmetric", action="store_true", help="equal unit costs 1 (default: c_i = i)")
    args = ap.parse_args(argv)

    console = Console(width=None if sys.stdout.isatty() else 170)
    console.print(f"load average before: {load()} "
                  f"({os.cpu_count()} cores); costs {'all 1' if args.symmetric else 'c_i = i'}, A = {args.A}")
    rows: list[dict] = []
    interrupted = False
    try:
        for n in range(args.min_n, args.max_n + 1):
            console.print(f"n = {n} ...", end="\r")
            row = child(n, args.A, args.symmetric, True)
            if n <= args.max_nomemo:
                off = child(n, args.A, args.symmetric, False)
                row["off"] = off["seconds"]
                row["off_solves"] = off["solves"]
                row["agree"] = off["signature"] == row["signature"]
            rows.append(row)
    except KeyboardInterrupt:
        interrupted = True

    t = Table(title="Viable coalition structures of the Cournot cartel model (Ray & Vohra 2025, §3.2, Example 4)"
              + (" (interrupted)" if interrupted else ""),
              caption="breakaways = (π, T) pairs; blocks = Nash problems posed (blocks of size ≥ 2); solved = those "
              "not found in the cache; nash % = share of the time inside the exact Nash solver, the rest is threat "
              "bookkeeping; off/on = time with memoisation off / on; agree = same viable and coarsest structures")
    for c in ("n", "structures", "breakaways", "blocks", "solved", "reused", "memo on s", "nash %", "bookkeeping s",
              "peak MB", "viable", "coarsest", "grand", "memo off s", "off/on", "agree"):
        t.add_column(c, justify="right")
    bad = False
    for r in rows:
        off = r.get("off")
        t.add_row(str(r["n"]), f"{r['structures']:,}", f"{r['breakaways']:,}", f"{r['blocks']:,}", f"{r['solves']:,}",
                  f"{r['hits']:,}", f"{r['seconds']:.3g}", f"{100 * r['nash'] / r['seconds']:.0f}%",
                  f"{r['seconds'] - r['nash']:.3g}", f"{r['peak_mb']:.0f}", f"{r['viable']:,}", str(r["coarsest"]),
                  "yes" if r["grand"] else "no", f"{off:.3g}" if off is not None else "-",
                  f"{off / r['seconds']:.1f}x" if off is not None else "-",
                  ("yes" if r["agree"] else "NO") if off is not None else "-")
        bad |= off is not None and not r["agree"]
    console.print(t)
    console.print(f"load average after: {load()}")
    if bad:
        console.print("memo on and off DISAGREE")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
