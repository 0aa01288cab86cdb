#!/usr/bin/env python3
"""Benchmark: Shapley value methods by number of players.

For each n, a random game (integer worths 0..1000, seeded) is solved by
  * permutation — Tick's method, n! orders, exact (the baseline of the paper),
  * exact       — subset formula in exact rationals, O(n·2^n),
  * fast        — vectorised numpy float64 subset formula, blockwise,
and the script prints wall time and peak traced memory (tracemalloc; numpy arrays are
traced) per method, then the speed-up of the fast method over the permutation and the
exact method at every size where both ran. Ctrl-C stops early and still prints the
rows finished so far.

    python benchmarks/shapley.py                 # n = 3..26 (fast), exact to 20, perm to 10
    python benchmarks/shapley.py --max-n 12      # a quick run
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from rich.table import Table  # noqa: E402

from declcoal.concepts.tu.shapley import shapley_exact, shapley_fast, shapley_permutation  # noqa: E402
from declcoal.model.tu import MAX_EXACT_PLAYERS, TUGame  # noqa: E402

METHODS = {"permutation": shapley_permutation, "exact": shapley_exact, "fast": shapley_fast}


def random_worths(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    w = rng.integers(0, 1001, size=2**n).astype(np.int64)
    w[0] = 0
    return w


def make_game(n: int, seed: int, exact: bool) -> TUGame:
    names = [f"p{i}" for i in range(n)]
    w = random_worths(n, seed)
    if exact:
        return TUGame.from_list(names, w[1:].tolist(), name=f"random{n}")
    return TUGame.from_array(names, w.astype(np.float64), name=f"random{n}")


def measure(fn, game, trace_memory: bool) -> tuple[float, float | None, list]:
    """Wall time of one call (untraced), then, if asked, peak traced memory of a second
    call (tracemalloc slows pure-Python code, so it never touches the timing)."""
    gc.collect()
    t0 = time.perf_counter()
    result = fn(game)
    dt = time.perf_counter() - t0
    peak = None
    if trace_memory:
        gc.collect()
        tracemalloc.start()
        fn(game)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return dt, peak, result.values


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-n", type=int, default=3)
    ap.add_argument("--max-n", type=int, default=26, help="largest n for the fast method (default 26)")
    ap.add_argument("--max-exact", type=int, default=MAX_EXACT_PLAYERS, help="largest n for the exact method")
    ap.add_argument("--max-perm", type=int, default=10, help="largest n for the permutation method")
    ap.add_argument("--seed", type=int, default=1995)
    args = ap.parse_args(argv)

    console = Console(width=None if sys.stdout.isatty() else 132)
    rows: list[dict] = []
    plan = [(n, m) for n in range(args.min_n, args.max_n + 1) for m in METHODS
            if (m == "fast") or (m == "exact" and n <= args.max_exact) or (m == "permutation" and n <= args.max_perm)]
    interrupted = False
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("benchmarking", total=len(plan))
            games: dict[tuple[int, bool], TUGame] = {}
            for n, m in plan:
                progress.update(task, description=f"n={n} {m}")
                exact = m != "fast"
                key = (n, exact)
                if key not in games:
                    games.clear()
                    games[key] = make_game(n, args.seed + n, exact)
                dt, mem, values = measure(METHODS[m], games[key], trace_memory=m != "permutation")
                rows.append({"n": n, "method": m, "seconds": dt, "peak_mib": mem,
                             "total": float(sum(float(v) for v in values))})
                progress.advance(task)
    except KeyboardInterrupt:
        interrupted = True

    table = Table(title="Shapley value: time and peak memory by method" + (" (interrupted)" if interrupted else ""),
                  caption="MiB = peak memory traced during the call, beyond the game's worth table; "
                  "ratios = time of the other method / time of fast")
    for c in ("n", "coalitions", "permutation s", "exact s", "fast s", "exact MiB", "fast MiB",
              "fast vs perm", "fast vs exact"):
        table.add_column(c, justify="right")
    by = {(r["n"], r["method"]): r for r in rows}
    for n in sorted({r["n"] for r in rows}):
        p, e, f = by.get((n, "permutation")), by.get((n, "exact")), by.get((n, "fast"))
        fmt = lambda r, k="seconds": f"{r[k]:.3g}" if r and r[k] is not None else "-"  # noqa: E731
        ratio = lambda a, b: f"{a['seconds'] / b['seconds']:.1f}x" if a and b and b["seconds"] > 0 else "-"  # noqa: E731
        table.add_row(str(n), f"{2**n - 1:,}", fmt(p), fmt(e), fmt(f), fmt(e, "peak_mib"), fmt(f, "peak_mib"),
                      ratio(p, f), ratio(e, f))
    console.print(table)
    # the three methods must agree where they all ran (a benchmark that checks itself)
    for n in sorted({r["n"] for r in rows}):
        totals = [by[(n, m)]["total"] for m in METHODS if (n, m) in by]
        if max(totals) - min(totals) > 1e-6 * max(1.0, abs(max(totals))):
            console.print(f"[red]methods disagree on n={n}: {totals}[/red]")
            return 1
    console.print("machine: " + _machine())
    return 130 if interrupted else 0


def _machine() -> str:
    import os
    import platform

    return f"{platform.python_implementation()} {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} cpus"


if __name__ == "__main__":
    sys.exit(main())
