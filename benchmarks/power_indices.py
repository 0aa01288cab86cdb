#!/usr/bin/env python3
"""Benchmark: power indices of weighted voting games by number of players.

For each n, a weighted voting game with seeded random integer weights 1..20 and the
simple-majority quota ⌊Σw/2⌋ + 1 is solved by
  * dp     — the pseudo-polynomial dynamic programme over weights
             (declcoal.concepts.tu.power: Shapley–Shubik index and Banzhaf value
             together, exact big integers, O(n² q));
  * subset — the baseline: the dense 2^n worth table and the exact subset formula
             (TUGame + shapley_exact), as long as n is within --max-subset;
  * banzhaf — the Banzhaf value alone by the size-free programme (counts by weight
             only, n · q · (n+1) bits instead of the dp's n² · q · (n+1));
and the script prints n, the quota, CPU and wall time and peak memory of each (each
measured in a fresh child process: its CPU time, and its peak resident set,
ru_maxrss), the CPU-time ratio subset/dp where both ran, and checks that both give
the same exact values. The machine load is printed first: on a shared machine wall
times are noisy and CPU times are the fairer measure; the ratios of one run are what
matters. The dp runs without declcoal's default work limit (--max-dp-work of the CLI).
Ctrl-C stops early and prints the rows finished so far.

    python benchmarks/power_indices.py                       # n = 10..20 (both), 50..500 (dp)
    python benchmarks/power_indices.py --sizes 10,12,50 --max-subset 12
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from _common import in_child, load, peak_mb  # noqa: E402  (benchmarks/_common.py)

DEFAULT_SIZES = [10, 14, 16, 18, 20, 50, 100, 200, 300, 400, 500]


def game(n: int, seed: int):
    from declcoal.model.constructors import weighted_voting

    rng = random.Random(seed * 1000 + n)
    ws = [rng.randint(1, 20) for _ in range(n)]
    return weighted_voting(sum(ws) // 2 + 1, ws, name=f"wvg{n}")


def _child(method: str, n: int, seed: int, q) -> None:
    from declcoal.concepts.tu.power import banzhaf_index, power_indices
    from declcoal.concepts.tu.shapley import shapley_exact

    g = game(n, seed)
    t0, c0 = time.perf_counter(), time.process_time()  # the baseline's time includes building its 2^n table
    if method == "dp":
        p = power_indices(g, max_work=10**18)
        values = p.shapley_shubik + p.banzhaf
    elif method == "banzhaf":
        values = banzhaf_index(g, max_work=10**18).values
    else:
        values = shapley_exact(g.to_tu()).values
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    q.put((dt, cpu, peak_mb(), [str(x) for x in values]))


def measure(method: str, n: int, seed: int) -> tuple[float, float, float, list[str]]:
    return in_child(_child, method, n, seed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated numbers of players")
    ap.add_argument("--max-subset", type=int, default=20, help="largest n for the 2^n subset-formula baseline")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    console = Console(width=200 if not sys.stdout.isatty() else None)
    console.print(f"load average (1, 5, 15 min): {load()}; "
                  f"{os.cpu_count()} CPUs")
    table = Table(title="Weighted voting power indices: dynamic programme over weights vs the 2^n subset formula",
                  title_justify="left")
    for c in ("n", "quota", "dp cpu s", "dp wall s", "dp peak MB", "banzhaf cpu s", "dp/banzhaf (cpu)",
              "same Banzhaf", "subset cpu s", "subset wall s", "subset peak MB", "subset/dp (cpu)", "same values"):
        table.add_column(c, justify="right")
    try:
        for n in sizes:
            g = game(n, args.seed)
            dt, cpu, mem, vals = measure("dp", n, args.seed)
            row = [str(n), str(g.quota), f"{cpu:.3g}", f"{dt:.3g}", f"{mem:.0f}"]
            _, bcpu, _, bvals = measure("banzhaf", n, args.seed)
            row += [f"{bcpu:.3g}", f"{cpu / max(bcpu, 1e-6):,.1f}", "yes" if bvals == vals[n:] else "NO"]
            if n <= args.max_subset:
                st, scpu, smem, svals = measure("subset", n, args.seed)
                row += [f"{scpu:.3g}", f"{st:.3g}", f"{smem:.0f}", f"{scpu / max(cpu, 1e-6):,.0f}",
                        "yes" if svals == vals[:n] else "NO"]
            else:
                row += [f"— (2^{n} coalitions)", "", "", "", ""]
            table.add_row(*row)
    except KeyboardInterrupt:
        console.print("interrupted: rows finished so far")
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
