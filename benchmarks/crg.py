"""Benchmarks for coalitional resource games (Dunne et al. 2010).

1. Stability checking (is σ in the core?) for growing numbers of agents and resources at
   a fixed number of goals: the paper's Fig. 1 + max-flow (networkx preflow-push and
   Edmonds-Karp), the ASP encoding block.lp, and brute force (python-constraint) while it
   is feasible. Target: 200 agents, 20 resources, 10 goals in seconds. Workloads: a
   random σ; σ0; and σ0 in a "scarce" game (requirements up to 3n) where no coalition
   may succeed, with the cut pre-check off, so Fig. 1 runs a max-flow for every goal
   set with candidates (the worst case: σ stable, 2^m - 1 goal sets). Ratios are
   against networkx preflow-push (or scipy's Dinic where networkx is skipped: the
   scarce workload above 25 agents).
2. Core non-emptiness for growing numbers of goals: the counter-example-guided loop
   (CEGAR, checker = flow or ASP), the disjunctive saturation encoding, brute force.
3. The defaults against every method (issue 14, item 7): stability of a blocked and of
   a stable σ at 200 agents × 20 resources × 10 goals and on small games with 6-12
   goals, and core non-emptiness on small games with 6-12 goals. Each time is the best
   of ``--repeat`` runs; the last columns give the fastest method and the default's
   ratio to it (target: at most 1.5 on every row). ``--defaults-only`` runs just this.

Prints sizes, times and ratios (against the flow algorithm, resp. CEGAR/flow) row by row;
Ctrl-C stops and keeps the rows printed so far.

    python benchmarks/crg.py            # full run
    python benchmarks/crg.py --quick    # small sizes only
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time

from rich.console import Console
from rich.progress import Progress

from declcoal.concepts.crg.core import core_nonempty, find_blocker
from declcoal.errors import DeclcoalError
from declcoal.model.crg import null_structure, random_game, random_sigma

console = Console(highlight=False, width=160)


def clock(fn, budget=None):
    t = time.perf_counter()
    try:
        out = fn()
    except DeclcoalError as exc:
        return None, f"n/a ({exc.message[:30]})"
    return out, time.perf_counter() - t


def fmt(x):
    return (x[:9] if x.startswith("n/a") else x) if isinstance(x, str) else f"{x:.3f}s"


def ratio(x, base):
    if isinstance(x, str) or isinstance(base, str) or base <= 0:
        return "-"
    return f"{x / base:.1f}x"


def stability(sizes, goals, seed, asp_limit, brute_limit, nx_limit=25):
    console.print(f"\n[bold]1. stability of σ (Fig. 1 + max-flow vs block.lp vs brute force), {goals} goals[/bold]")
    console.print(f"{'agents':>6} {'res':>4} {'σ':>7} {'stable':>6} {'nx preflow':>11} {'nx EK':>9} {'ratio':>7} "
                  f"{'scipy dinic':>11} {'ratio':>7} {'asp':>9} {'ratio':>7} {'brute':>9} {'ratio':>7} "
                  f"{'auto':>9} {'ratio':>7}")
    rng = random.Random(seed)
    with Progress(console=console, transient=True) as prog:
        task = prog.add_task("stability", total=len(sizes) * 3)
        for n, t in sizes:
            g = random_game(rng, n, goals, t, max_en=5, max_req=3 * max(1, n // 10), p_want=0.2)
            scarce = random_game(rng, n, goals, t, max_en=5, max_req=3 * n, p_want=0.2)
            for label, game, sigma, prune in (("random", g, random_sigma(rng, g), True),
                                              ("σ0", g, null_structure(g), True),
                                              ("scarce", scarce, null_structure(scarce), False)):
                nx_ok = prune or n <= nx_limit

                def run(alg, game=game, sigma=sigma, prune=prune):
                    return find_blocker(game, sigma, "flow", algorithm=alg, prune=prune)

                r1, t1 = clock(lambda: run("preflow_push")) if nx_ok else (None, "skipped")
                t2 = clock(lambda: run("edmonds_karp"))[1] if nx_ok else "skipped"
                r3, t3 = clock(lambda: run("scipy_dinic"))
                base = t1 if not isinstance(t1, str) else t3
                t4 = clock(lambda: find_blocker(game, sigma, "asp"))[1] if n <= asp_limit else "skipped"
                t5 = clock(lambda: find_blocker(game, sigma, "csp"))[1] if n <= brute_limit else "skipped"
                t6 = clock(lambda: find_blocker(game, sigma, "auto", algorithm="scipy_dinic", prune=prune))[1] \
                    if n <= asp_limit else "skipped"
                console.print(f"{n:>6} {t:>4} {label:>7} {str(r3.stable):>6} {fmt(t1):>11} {fmt(t2):>9} "
                              f"{ratio(t2, base):>7} {fmt(t3):>11} {ratio(t3, base):>7} {fmt(t4):>9} {ratio(t4, base):>7} "
                              f"{fmt(t5):>9} {ratio(t5, base):>7} {fmt(t6):>9} {ratio(t6, base):>7}")
                prog.advance(task)


def core(goal_counts, seed, brute_limit, per_size):
    console.print("\n[bold]2. core non-emptiness (3 agents, 2 resources): CEGAR vs saturation vs brute force[/bold]")
    console.print(f"{'goals':>5} {'games':>5} {'non-empty':>9} {'cegar/flow':>11} {'iters':>6} {'cegar/asp':>10} {'ratio':>7} "
                  f"{'saturation':>11} {'ratio':>7} {'brute':>10} {'ratio':>7}")
    rng = random.Random(seed)
    with Progress(console=console, transient=True) as prog:
        task = prog.add_task("core", total=len(goal_counts))
        for m in goal_counts:
            games = [random_game(rng, 3, m, 2, max_en=3, max_req=3, p_want=0.5) for _ in range(per_size)]
            tot = {"cf": 0.0, "ca": 0.0, "sat": 0.0, "brute": 0.0}
            nonempty = iters = 0
            brute_ok = m <= brute_limit
            for g in games:
                r, dt = clock(lambda: core_nonempty(g, "cegar", checker="flow"))
                tot["cf"] += dt
                nonempty += r.nonempty
                iters += r.iterations
                tot["ca"] += clock(lambda: core_nonempty(g, "cegar", checker="asp"))[1]
                s, dt = clock(lambda: core_nonempty(g, "saturation"))
                tot["sat"] += dt
                assert s.nonempty == r.nonempty
                if brute_ok:
                    b, dt = clock(lambda: core_nonempty(g, "brute"))
                    if isinstance(dt, str):
                        brute_ok = False
                    else:
                        tot["brute"] += dt
                        assert b.nonempty == r.nonempty
            br = tot["brute"] if brute_ok else "skipped"
            console.print(f"{m:>5} {per_size:>5} {nonempty:>9} {fmt(tot['cf']):>11} {iters / per_size:>6.1f} "
                          f"{fmt(tot['ca']):>10} {ratio(tot['ca'], tot['cf']):>7} {fmt(tot['sat']):>11} "
                          f"{ratio(tot['sat'], tot['cf']):>7} {fmt(br):>10} {ratio(br, tot['cf']):>7}")
            prog.advance(task)


BLOCK_CANDIDATES = (("flow nx", "flow", "preflow_push"), ("flow dinic", "flow", "scipy_dinic"),
                    ("asp", "asp", None), ("auto nx", "auto", "preflow_push"), ("auto dinic", "auto", "scipy_dinic"))
CORE_CANDIDATES = (("cegar/flow", "cegar", "flow"), ("cegar/asp", "cegar", "asp"), ("saturation", "saturation", None))


def best_of(fn, repeat):
    best, out = None, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return out, best


def interleaved(fns: dict, repeat: int) -> tuple[dict, dict]:
    """Best time of each function over ``repeat`` rounds, the functions taking turns in
    every round (a burst of load on a shared machine then hits all of them alike)."""
    best: dict = {}
    out: dict = {}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = time.perf_counter()
            out[name] = fn()
            dt = time.perf_counter() - t
            best[name] = min(best.get(name, dt), dt)
    return out, best


#: differences below this are timer noise, not a slower method
NOISE = 0.002


def _verdict(times: dict, default: float) -> str:
    name = min(times, key=times.get)
    r = default / times[name] if times[name] > 0 else 1.0
    ok = r <= 1.5 or default - times[name] < NOISE
    return f"{name:>11} {r:>6.2f}x {'ok' if ok else 'OVER'}"


def _warm_up(rng) -> None:
    """Import and start every solver once (scipy's csgraph, clingo, networkx), so no row
    pays a first-call cost."""
    g = random_game(rng, 4, 3, 2, max_en=3, max_req=3, p_want=0.5)
    for _, method, alg in BLOCK_CANDIDATES:
        find_blocker(g, null_structure(g), method, **({"algorithm": alg} if alg else {}))
    for _, method, checker in CORE_CANDIDATES:
        core_nonempty(g, method, checker=checker)


def defaults(seed, repeat, quick):
    """The default methods against every method, row by row (best of ``repeat``)."""
    from declcoal.concepts.crg.core import DEFAULT_ALGORITHM, DEFAULT_BLOCK_METHOD, DEFAULT_CORE_METHOD

    console.print(f"\n[bold]3. defaults (check/block: {DEFAULT_BLOCK_METHOD} + {DEFAULT_ALGORITHM}; core: "
                  f"{DEFAULT_CORE_METHOD}) against every method; best of {repeat}; load {os.getloadavg()[0]:.1f}[/bold]")
    names = [c[0] for c in BLOCK_CANDIDATES]
    console.print(f"{'game':>18} {'σ':>7} {'stable':>6} {'default':>8} " + " ".join(f"{x:>10}" for x in names)
                  + f" {'fastest':>11} {'ratio':>7}  (differences under {NOISE * 1000:.0f} ms count as ties)")
    rng = random.Random(seed)
    _warm_up(random.Random(seed + 1))
    games = [(200, 20, 10)] if not quick else [(25, 10, 6)]
    games += [(10, 5, m) for m in ((6, 8, 10, 12) if not quick else (6,))]
    for n, t, m in games:
        g = random_game(rng, n, m, t, max_en=5, max_req=3 * max(1, n // 10), p_want=0.2)
        scarce = random_game(rng, n, m, t, max_en=5, max_req=3 * n, p_want=0.2)
        for label, game, sigma in (("random", g, random_sigma(rng, g)), ("σ0", g, null_structure(g)),
                                   ("scarce σ0", scarce, null_structure(scarce))):
            fns = {"default": lambda: find_blocker(game, sigma)}
            for name, method, alg in BLOCK_CANDIDATES:
                kw = {"algorithm": alg} if alg else {}
                fns[name] = lambda method=method, kw=kw: find_blocker(game, sigma, method, **kw)
            outs, times = interleaved(fns, repeat)
            res, dflt = outs.pop("default"), times.pop("default")
            assert all(r.stable == res.stable for r in outs.values()), label
            console.print(f"{f'{n}x{t}x{m}':>18} {label:>7} {str(res.stable):>6} {dflt:>7.3f}s "
                          + " ".join(f"{times[x]:>9.3f}s" for x in names) + f" {_verdict(times, dflt)}")
    names = [c[0] for c in CORE_CANDIDATES]
    console.print(f"\n{'core: goals':>18} {'games':>5} {'nonempty':>8} {'default':>8} "
                  + " ".join(f"{x:>10}" for x in names) + f" {'fastest':>11} {'ratio':>7}")
    per = 3 if quick else 5
    for m in ((6,) if quick else (6, 8, 10, 12)):
        gs = [random_game(rng, 3, m, 2, max_en=3, max_req=3, p_want=0.5) for _ in range(per)]
        dflt, times, nonempty = 0.0, {x: 0.0 for x in names}, 0
        for game in gs:
            fns = {"default": lambda: core_nonempty(game)}
            for name, method, checker in CORE_CANDIDATES:
                fns[name] = lambda method=method, checker=checker: core_nonempty(game, method, checker=checker)
            outs, best = interleaved(fns, repeat)
            res = outs.pop("default")
            dflt += best.pop("default")
            nonempty += res.nonempty
            for name in names:
                times[name] += best[name]
                assert outs[name].nonempty == res.nonempty, name
        console.print(f"{f'3x2x{m}':>18} {per:>5} {nonempty:>8} {dflt:>7.3f}s "
                      + " ".join(f"{times[x]:>9.3f}s" for x in names) + f" {_verdict(times, dflt)}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="runs per cell of the defaults table (best is kept)")
    ap.add_argument("--defaults-only", action="store_true", help="only the defaults table (section 3)")
    a = ap.parse_args(argv)
    if a.defaults_only:
        try:
            defaults(a.seed, a.repeat, a.quick)
        except KeyboardInterrupt:
            console.print("[yellow]interrupted: rows above are complete[/yellow]")
            return 130
        return 0
    if a.quick:
        sizes, goals, goal_counts, per = [(3, 2), (10, 5), (25, 10)], 6, [1, 2, 3, 4], 5
    else:
        sizes = [(3, 2), (10, 5), (25, 10), (50, 20), (100, 20), (200, 20)]
        goals, goal_counts, per = 10, [1, 2, 3, 4, 5, 6, 8], 10
    try:
        stability(sizes, goals, a.seed, asp_limit=200, brute_limit=3)
        core(goal_counts, a.seed, brute_limit=4, per_size=per)
        defaults(a.seed, a.repeat, a.quick)
    except KeyboardInterrupt:
        console.print("[yellow]interrupted: rows above are complete[/yellow]")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
