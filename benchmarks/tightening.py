#!/usr/bin/env python3
"""Benchmark: Tick's constraint tightening, faithful vs exact mode, n = 3..12.

For each n a random TU game with a non-empty core is built (seeded): a random
allocation x* with integer shares 0..100, v(S) = max(0, x*(S) − slack) with a random
integer slack 0..10n, v(N) = x*(N) — so 2^n − 1 coalition constraints. Then, with
relative tightening (γ = RHS·(1 + K)):

* faithful — the paper's CLP(R) procedure (Δmax = 1000, ε = 0.0001, binary search
  restarting at 0, restrict with +2ε, Phase III), every sat test a Z3 query on one
  incremental solver; baseline of the paper (run up to --max-faithful);
* exact — the LP formulation (n <= 5: the exact small simplex of
  declcoal.solvers.small_lp; above: HiGHS + rational certificate, Z3 fallback);
* exact-z3 — the same with every LP solved by Z3's rational simplex (up to --max-z3).

Printed per n: time, solver calls (Z3 checks or LPs), iterations, and the ratios
faithful/exact and exact-z3/exact. Ctrl-C stops early and still prints the finished
rows.

    python benchmarks/tightening.py                       # n = 3..12
    python benchmarks/tightening.py --max-n 8 --max-faithful 6
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from rich.table import Table  # noqa: E402

from declcoal.concepts.tu.tightening import tighten  # noqa: E402
from declcoal.concepts.tu.core import in_core  # noqa: E402
from declcoal.model.tu import TUGame  # noqa: E402

import _common  # noqa: E402  (benchmarks/_common.py)


def random_core_game(n: int, seed: int) -> TUGame:
    return _common.random_core_game(n, seed, slack=10 * n)[0]


def run(game: TUGame, mode: str, family: str) -> dict:
    kw = {"lp_method": "z3"} if mode == "exact-z3" else {}
    t0 = time.perf_counter()
    r = tighten(game, family, "exact" if mode.startswith("exact") else "faithful", **kw)
    dt = time.perf_counter() - t0
    assert in_core(game, r.allocation), "tightened allocation outside the core"
    return {"seconds": dt, "calls": r.solver_calls, "iterations": len(r.trace), "status": r.status,
            "allocation": r.allocation}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-n", type=int, default=3)
    ap.add_argument("--max-n", type=int, default=12)
    ap.add_argument("--max-faithful", type=int, default=9, help="largest n for faithful mode (default 9)")
    ap.add_argument("--max-z3", type=int, default=9, help="largest n for exact mode with Z3 LPs (default 9)")
    ap.add_argument("--family", choices=["relative", "absolute", "hybrid"], default="relative")
    ap.add_argument("--seed", type=int, default=1995)
    args = ap.parse_args(argv)

    console = Console(width=None if sys.stdout.isatty() else 140)
    plan = [(n, m) for n in range(args.min_n, args.max_n + 1) for m in ("exact", "exact-z3", "faithful")
            if m == "exact" or (m == "faithful" and n <= args.max_faithful) or (m == "exact-z3" and n <= args.max_z3)]
    rows: dict[tuple[int, str], dict] = {}
    interrupted = False
    run(random_core_game(3, 0), "exact", args.family)  # warm-up: imports scipy/HiGHS and Z3 outside the timings
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("benchmarking", total=len(plan))
            for n, m in plan:
                progress.update(task, description=f"n={n} {m}")
                rows[(n, m)] = run(random_core_game(n, args.seed + n), m, args.family)
                progress.advance(task)
    except KeyboardInterrupt:
        interrupted = True

    table = Table(title=f"Tick tightening ({args.family}): faithful vs exact" + (" (interrupted)" if interrupted else ""),
                  caption="Z3 checks = satisfiability queries of faithful mode; LPs = linear programs of exact mode; "
                  "ratios = time of the other mode / time of exact (HiGHS + certificate); "
                  "s = the faithful search stalled (an iteration fixed nothing)")
    for c in ("n", "rows", "faithful s", "Z3 checks", "f. iters", "exact s", "LPs", "e. iters", "exact-z3 s",
              "faithful/exact", "z3/exact", "max |f − e|"):
        table.add_column(c, justify="right", no_wrap=True)
    for n in sorted({k[0] for k in rows}):
        f, e, z = rows.get((n, "faithful")), rows.get((n, "exact")), rows.get((n, "exact-z3"))
        g = lambda r, k, fmt="{:.3g}": fmt.format(r[k]) if r else "-"  # noqa: E731
        ratio = lambda a, b: f"{a['seconds'] / b['seconds']:.1f}x" if a and b and b["seconds"] > 0 else "-"  # noqa: E731
        diff = "-"
        if f and e:
            d = max(abs(a - b) for a, b in zip(f["allocation"], e["allocation"]))
            diff = f"{float(d):.3g}" + (" s" if f["status"] == "stalled" else "")
        if z and e and z["allocation"] != e["allocation"]:
            console.print(f"[red]exact and exact-z3 disagree at n={n}[/red]")
            return 1
        table.add_row(str(n), f"{2**n - 1:,}", g(f, "seconds"), g(f, "calls", "{}"), g(f, "iterations", "{}"),
                      g(e, "seconds"), g(e, "calls", "{}"), g(e, "iterations", "{}"), g(z, "seconds"),
                      ratio(f, e), ratio(z, e), diff)
    console.print(table)
    import os
    import platform

    console.print(f"machine: {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cpus")
    return 130 if interrupted else 0


if __name__ == "__main__":
    sys.exit(main())
