#!/usr/bin/env python3
"""Benchmark: the campaign engine (issue 10) - throughput, executors, batch size.

Three tables, each from one run (so the ratios are comparable even on a loaded machine;
absolute numbers are not - the load average is printed with them):

1. cores: instances/s of the ``theorem2`` campaign (Ray & Vohra Theorem 2 on random
   4-player TU games, ~20-30 ms each) in-process, with ``--jobs 1`` and with all cores;
   speed-up of all cores over one job.
2. executors: the same campaign on local processes (all cores) vs a two-worker Dask
   LocalCluster (processes, one thread each) started here; ratio Dask / local.
3. batch size: the ``demo`` campaign with a near-empty check (pure engine overhead) on
   local processes and on Dask for several batch sizes: instances/s and the overhead per
   task, which is what batching amortises: the extra wall time over the largest batch
   size divided by the extra tasks, times the number of workers (so fixed costs such as
   starting worker processes cancel out).

Every run starts from an empty database in a temporary folder; records are compared
across executors (they must be identical). Peak memory: this process and its children
(ru_maxrss). Ctrl-C stops early and still prints the finished rows.

    python benchmarks/campaigns.py                     # 600 theorem2 games, 1000 demo instances
    python benchmarks/campaigns.py --games 10000       # Theorem 2 on 10,000 games
    python benchmarks/campaigns.py --games 40 --demo 400 --no-dask   # a quick run
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from declcoal.campaigns import load_campaign, run_campaign  # noqa: E402

console = Console()


def timed_run(campaign, folder: Path, label: str, **kw):
    db = folder / f"{label}.sqlite"
    t0 = time.perf_counter()
    run = run_campaign(campaign, db=db, progress=False, **kw)
    wall = time.perf_counter() - t0
    recs = [(r["id"], r["status"], r["result"]) for r in run.records()]
    return wall, run, recs


def peak_mb() -> str:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return f"{own:.0f} MB (this process), {kids:.0f} MB (largest child)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--games", type=int, default=600, help="theorem2 games (n = 4) for tables 1 and 2")
    ap.add_argument("--n", type=int, default=4, help="players per game")
    ap.add_argument("--demo", type=int, default=1000, help="demo instances for the batch-size table")
    ap.add_argument("--batches", default="1,4,16,64", help="batch sizes for table 3")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="'all cores' (default: os.cpu_count())")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask rows")
    args = ap.parse_args(argv)
    sizes = [int(b) for b in args.batches.split(",")]
    console.print(f"load average before: {os.getloadavg()}  (shared machine: absolute numbers are noisy, "
                  f"ratios within one run are what matters); cores: {os.cpu_count()}")
    cluster = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            camp = load_campaign("theorem2", {"n": args.n, "count": args.games, "seed": 1})
            # -- 1. cores ------------------------------------------------------------
            t1 = Table(title=f"1. theorem2, n = {args.n}, {args.games} games: one job vs all cores",
                       title_justify="left")
            for c in ("executor", "wall s", "instances/s", "ratio vs --jobs 1", "holds"):
                t1.add_column(c, justify="right" if c != "executor" else "left")
            runs = {}
            for label, kw in (("in-process", {"executor": "inprocess"}), ("--jobs 1", {"jobs": 1}),
                              (f"--jobs {args.jobs}", {"jobs": args.jobs})):
                runs[label] = timed_run(camp, folder, label.replace(" ", "").replace("-", ""), **kw)
            base = runs["--jobs 1"][0]
            for label, (wall, run, recs) in runs.items():
                holds = sum(1 for _, s, r in recs if s == "ok" and r["holds"])
                t1.add_row(label, f"{wall:.2f}", f"{args.games / wall:.1f}", f"{base / wall:.2f}",
                           f"{holds}/{args.games}")
            console.print(t1)
            same = len({tuple(map(str, r[2])) for r in runs.values()}) == 1
            console.print(f"records identical across executors: {same}")
            # -- 2. executors ------------------------------------------------------------
            if not args.no_dask:
                from dask.distributed import LocalCluster

                t0 = time.perf_counter()
                import warnings

                import dask

                warnings.filterwarnings("ignore", message=".*already in use.*")  # another cluster's dashboard port
                with dask.config.set({"distributed.worker.profile.enabled": False}):
                    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=40)
                start = time.perf_counter() - t0
                # warm the workers (imports of declcoal, z3 on the first task), as a long run would be
                timed_run(load_campaign("theorem2", {"n": args.n, "count": 4, "seed": 99}), folder, "warm",
                          dask=cluster.scheduler_address, batch_size=1)
                local_wall, _, local_recs = runs[f"--jobs {args.jobs}"]
                wall, _, recs = timed_run(camp, folder, "dask", dask=cluster.scheduler_address)
                t2 = Table(title=f"2. theorem2, {args.games} games: local processes vs a 2-worker Dask LocalCluster",
                           title_justify="left")
                for c in ("executor", "wall s", "instances/s", "ratio Dask / local"):
                    t2.add_column(c, justify="right" if c != "executor" else "left")
                t2.add_row(f"local, {args.jobs} processes", f"{local_wall:.2f}", f"{args.games / local_wall:.1f}", "")
                t2.add_row("Dask LocalCluster, 2 workers", f"{wall:.2f}", f"{args.games / wall:.1f}",
                           f"{local_wall / wall:.2f} (speed)")
                console.print(t2)
                console.print(f"cluster start-up {start:.2f} s and a 4-game warm-up (not counted; the local run "
                              f"includes starting its processes); records identical to local: {recs == local_recs}")
            # -- 3. batch size ---------------------------------------------------------------
            demo = load_campaign("demo", {"count": args.demo})
            t3 = Table(title=f"3. demo campaign, {args.demo} near-empty checks: batch size vs per-task overhead",
                       title_justify="left")
            for c in ("executor", "batch", "tasks", "wall s", "instances/s", "overhead ms/task"):
                t3.add_column(c, justify="right" if c != "executor" else "left")
            targets = [(f"local, {args.jobs} processes", {"jobs": args.jobs}, args.jobs)]
            if cluster is not None:
                targets.append(("Dask, 2 workers", {"dask": cluster.scheduler_address}, 2))
            for label, kw, workers in targets:
                got = []
                for b in sizes:
                    wall, _, _ = timed_run(demo, folder, f"demo-{label[:4]}-{b}", batch_size=b, **kw)
                    got.append((b, -(-args.demo // b), wall))
                ref_b, ref_tasks, ref_wall = max(got)
                for b, tasks, wall in got:
                    extra = (f"{1000 * (wall - ref_wall) * workers / (tasks - ref_tasks):.2f}"
                             if tasks > ref_tasks else "(reference)")
                    t3.add_row(label, str(b), str(tasks), f"{wall:.2f}", f"{args.demo / wall:.0f}", extra)
            console.print(t3)
            console.print("(wall times include starting the local worker processes, ~0.3-1 s per run; Dask reuses "
                          "its workers)")
    except KeyboardInterrupt:
        console.print("interrupted")
    finally:
        if cluster is not None:
            cluster.close()
    console.print(f"load average after: {os.getloadavg()}; peak memory: {peak_mb()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
