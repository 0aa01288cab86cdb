#!/usr/bin/env python3
"""Benchmark: verifying the reductions of Dunne et al. (2010), Props. 8-11.

1. Throughput: the same random formulas (z ≤ 3 variables, k ≤ 4 clauses, seeded) are
   verified — source answer by clingo and python-sat, the game's answer under both
   readings of preference, certificates both ways — with 1 and with 2 worker processes
   on the campaign engine; instances per second and the ratio 2 jobs / 1 job.
2. Scale: for z = 2, 3, ... one satisfiable and one unsatisfiable random 3-CNF with
   k = round(4.26 z) clauses (the hard region of random 3-SAT; seeded) are verified alone
   with a time limit (default 60 s); the largest (z, k) decided within the limit per
   proposition.

Prints the load average (the machine is shared: absolute times are noisy, ratios
within one run are what matters) and peak memory (max RSS of this process and of the
workers). Ctrl-C stops early and prints what finished.

    python benchmarks/reductions.py                       # 40 instances, limit 60 s
    python benchmarks/reductions.py --count 8 --limit 5 --max-vars 3    # a tiny run
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from declcoal.reductions.campaign import ReductionCampaign  # noqa: E402
from declcoal.reductions.runner import run  # noqa: E402

PROPS = ("prop8", "prop9", "prop10", "prop11")


def peak_mb() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(me, kids) / 1024


def throughput(prop: str, count: int, jobs: int) -> tuple[float, int, dict]:
    camp = ReductionCampaign(prop, "random", vars=3, clauses=4, count=count, seed=7, k=3, min_vars=1)
    t0 = time.perf_counter()
    res = run(camp, jobs=jobs)
    dt = time.perf_counter() - t0
    return dt, len(res.records), res.summary


def _formula(z: int, k: int, want_sat: bool):
    """The first seeded random 3-CNF with z variables and k clauses that is (un)satisfiable."""
    import random

    from declcoal.model.cnf import random_kcnf
    from declcoal.reductions.sat import solve_pysat

    for seed in range(10_000):
        f = random_kcnf(random.Random(f"{z}:{k}:{seed}"), z, k, min(3, z))
        if (solve_pysat(f) is not None) == want_sat:
            return f
    return None


def largest(prop: str, limit: float, max_vars: int) -> list[tuple]:
    """For z = 2, 3, ...: one satisfiable and one unsatisfiable random 3-CNF with
    k = round(4.26 z) clauses, each verified alone in a worker with a hard time limit;
    stops after the first size where one of them is not decided in time."""
    rows = []
    for z in range(2, max_vars + 1):
        k = round(4.26 * z)
        stop = False
        for want in (True, False):
            f = _formula(z, k, want)
            if f is None:
                continue
            camp = ReductionCampaign(prop, "formula", cnf=f.to_dict())
            try:
                res = run(camp, jobs=2, limit_per_instance=limit)  # a worker process: a hard limit
                rec = res.records[0]
            except Exception as exc:  # noqa: BLE001 - a failed worker is a row, not the end
                rec = {"status": f"error: {exc}"[:60], "seconds": None}
            rows.append((z, k, rec["status"], want, rec["seconds"] or 0.0))
            stop = stop or rec["status"] != "ok"
        if stop:
            break
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=40, help="instances per proposition for throughput (default 40)")
    ap.add_argument("--limit", type=float, default=60.0, help="seconds per instance for the scale search (default 60)")
    ap.add_argument("--max-vars", type=int, default=10, help="largest z tried in the scale search (default 10)")
    ap.add_argument("--props", default=",".join(PROPS), help="comma-separated propositions")
    args = ap.parse_args(argv)
    con = Console()
    props = [p for p in args.props.split(",") if p]
    con.print(f"load average at start: {os.getloadavg()} on {os.cpu_count()} cores (shared machine: noisy times)")
    t = Table(title=f"throughput: {args.count} random formulas (z ≤ 3, k ≤ 4), both notions, certificates both ways")
    for c in ("reduction", "1 job inst/s", "2 jobs inst/s", "ratio 2/1", "agree (pref/util)", "peak MB"):
        t.add_column(c, justify="right")
    scale = Table(title=f"largest random 3-CNF (k = round(4.26 z)) decided within {args.limit:g} s")
    for c in ("reduction", "z", "k", "status", "satisfiable", "check seconds"):
        scale.add_column(c, justify="right")
    try:
        for p in props:
            d1, n1, s1 = throughput(p, args.count, 1)
            d2, n2, s2 = throughput(p, args.count, 2)
            ag = s1["notions"]
            t.add_row(p, f"{n1 / d1:.2f}", f"{n2 / d2:.2f}", f"{(n2 / d2) / (n1 / d1):.2f}",
                      f"{ag['preference']['agree']}/{ag['utility']['agree']} of {n1}", f"{peak_mb():.0f}")
        con.print(t)
        t = None
        for p in props:
            rows = largest(p, args.limit, args.max_vars)
            for z, k, status, sat, dt in rows:
                scale.add_row(p, str(z), str(k), status, str(sat), f"{dt:.2f}")
    except KeyboardInterrupt:
        con.print("interrupted: rows finished so far")
    if t is not None:
        con.print(t)
    con.print(scale)
    con.print(f"load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
