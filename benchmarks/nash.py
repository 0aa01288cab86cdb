#!/usr/bin/env python3
"""Benchmark: the coalitional Nash solution σ(N) of TU games, full recursion vs naive path.

Ray & Vohra (2025): the recursive definition (§5.1) solves a Nash problem for every one of
the 2^n − 1 coalitions, each against the solutions of all its sub-coalitions; Theorem 2's
naive path solves one problem for N against the 2^n − 2 unconstrained Nash points ψ(T).
For each n a seeded random game is solved both ways (exact rationals, best-first branch
and bound over convex pieces) and the script prints times, pieces examined (branch and
bound nodes), the number of points of σ(N), and the ratio recursive / naive; it also
checks that both paths return the same σ(N) (Theorem 2) — a benchmark that checks itself.

Families (``--family``):
  gcs     worths v(S) uniform in [0, 100·|S|], v(N) raised to the best partition value
          (grand-coalition superadditive, so σ(N) ≠ ∅ by Theorem 3); the default
  convex  non-negative random Harsanyi dividends (supermodular games)

Ctrl-C stops early and still prints the finished rows.

    python benchmarks/nash.py                      # n = 3..10, recursion up to n = 10
    python benchmarks/nash.py --max-n 7            # a quick run
    python benchmarks/nash.py --family convex --max-recursive 8
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from rich.table import Table  # noqa: E402

from declcoal.concepts.bargaining.nash_tu import naive_nash, recursive_nash  # noqa: E402
from declcoal.concepts.tu.properties import best_partition_value  # noqa: E402
from declcoal.model.coalition import subsets  # noqa: E402
from declcoal.model.tu import TUGame  # noqa: E402


def make_game(n: int, seed: int, family: str) -> TUGame:
    rng = random.Random(seed)
    names = [f"p{i}" for i in range(n)]
    if family == "convex":
        div = [0] + [rng.randint(0, 20) if rng.random() < 0.5 else 0 for _ in range(1, 2**n)]
        return TUGame.from_function(names, lambda m: sum(div[t] for t in subsets(m)) if m else 0, name=f"convex{n}")
    vals = [0] + [rng.randint(0, 100 * m.bit_count()) for m in range(1, 2**n)]
    g = TUGame.from_list(names, vals[1:], name=f"gcs{n}")
    best, _ = best_partition_value(g)
    vals[-1] = max(vals[-1], best)
    return TUGame.from_list(names, vals[1:], name=f"gcs{n}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-n", type=int, default=3)
    ap.add_argument("--max-n", type=int, default=10)
    ap.add_argument("--max-recursive", type=int, default=10, help="largest n for the full recursion")
    ap.add_argument("--budget", type=float, default=120.0,
                    help="skip the recursion for larger n once one recursive run took longer than this (s)")
    ap.add_argument("--family", choices=["gcs", "convex"], default="gcs")
    ap.add_argument("--seed", type=int, default=2025)
    args = ap.parse_args(argv)

    console = Console(width=None if sys.stdout.isatty() else 150)
    rows: list[dict] = []
    interrupted = False
    skip_rec = False
    try:
        with Progress(console=console, transient=True) as progress:
            sizes = list(range(args.min_n, args.max_n + 1))
            task = progress.add_task("benchmarking", total=len(sizes))
            for n in sizes:
                g = make_game(n, args.seed + n, args.family)
                progress.update(task, description=f"n={n} naive")
                t0 = time.perf_counter()
                nav = naive_nash(g)
                tn = time.perf_counter() - t0
                row = {"n": n, "naive_s": tn, "naive_pieces": nav.pieces, "naive_threats": nav.coalitions[0].threats, "points": len(nav.solutions),
                       "rec_s": None, "rec_pieces": None, "ineffective": None, "agree": None}
                if n <= args.max_recursive and not skip_rec:
                    progress.update(task, description=f"n={n} recursive ({2**n - 1} coalitions)")
                    t0 = time.perf_counter()
                    rec = recursive_nash(g)
                    tr = time.perf_counter() - t0
                    row.update(rec_s=tr, rec_pieces=rec.pieces, ineffective=len(rec.ineffective),
                               agree=rec.solutions == nav.solutions)
                    skip_rec = tr > args.budget
                rows.append(row)
                progress.advance(task)
    except KeyboardInterrupt:
        interrupted = True

    table = Table(title=f"Coalitional Nash solution σ(N), family {args.family}: full recursion (§5.1) vs naive "
                  f"path (Theorem 2)" + (" (interrupted)" if interrupted else ""),
                  caption="pieces = branch-and-bound nodes examined (summed over all coalitions for the "
                  "recursion); threats = live naive threats ψ(T) against N; ratio = recursive s / naive s; "
                  "agree = same σ(N) (Theorem 2)")
    for c in ("n", "coalitions", "threats", "naive pieces", "naive s", "recursive pieces", "recursive s",
              "ratio", "|σ(N)|", "ineffective", "agree"):
        table.add_column(c, justify="right")
    bad = False
    for r in rows:
        rec = r["rec_s"] is not None
        table.add_row(
            str(r["n"]), f"{2 ** r['n'] - 1:,}", str(r["naive_threats"]), f"{r['naive_pieces']:,}",
            f"{r['naive_s']:.3g}", f"{r['rec_pieces']:,}" if rec else "-", f"{r['rec_s']:.3g}" if rec else "-",
            f"{r['rec_s'] / r['naive_s']:.1f}x" if rec and r["naive_s"] > 0 else "-", str(r["points"]),
            str(r["ineffective"]) if rec else "-", ("yes" if r["agree"] else "NO") if rec else "-")
        bad |= rec and not r["agree"]
    console.print(table)
    if bad:
        console.print("Theorem 2 check FAILED: recursive and naive σ(N) differ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
