#!/usr/bin/env python3
"""Benchmark: the TU coalition LPs (least core, nucleolus), exact Shapley at large n and
Tick's exact tightening of the papers' games — declcoal against baselines, one run.

LP section, for each n and each family of games:

* ``superadditive``: v(S) = Σ_{i∈S} a_i + |S|² + r(S), a_i ∈ [0, 100], r(S) ∈ [0, |S|]
  random integers (superadditive: 2|S||T| ≥ |S| + |T| for non-empty S, T);
* ``empty-core``: v(S) uniform in [0, 100·|S|] (singletons in [0, 50]),
  v(N) = 60·n — the core is empty (ε* > 0 is printed), the imputations are not;

and for each problem (the least core over pre-imputations; the nucleolus):

* ``exact``  — declcoal's default: constraint generation + exact certificate;
* ``float``  — declcoal ``method="float"`` (constraint generation, approximate);
* ``ref``    — a plain numpy + HiGHS reference building all 2^n − 1 rows
  (scipy ``linprog``; for the nucleolus the sequential LPs, fixing rows with a
  non-zero multiplier) — what the issue measured declcoal against;
* ``coopgame`` — coopgame-py (Rust, constraint generation) when installed
  (``pip install declcoal[bench]``).

Every cell runs in a forked child process: the time is the call itself (the game is
built before), the memory column is the child's peak resident set size above its size
at the start of the call (so numpy, HiGHS and Rust allocations all count). Cells whose
predecessor at a smaller n exceeded ``--budget`` seconds are skipped ("-").

Shapley section: exact (integer-scaled worths, ``TUGame.from_int_array``) against
declcoal's float path and a plain numpy reference, n up to ``--shapley-max``.

Tightening section: Tick's exact mode on every game of the paper (Tick 1995: Table 3's
cement, tweak1, rand1, rand2 with 3 players and rand3, rand4, rand5, tweak5 with 4; the
appendix's raiffa, whose core is empty), every family (absolute, relative, hybrid) with
X_i >= 0 on and off; median CPU time (``time.process_time``) of ``--repeat`` runs (taken
round-robin over the 54 runs, so a burst of load spreads over all of them), the
general path (HiGHS + certificate) beside it, against the CLP(R) program's times quoted
in the issue (SWI-Prolog clpr: about 10–20 ms per 3-player and 50–100 ms per 4-player
game; the target, >= 10x against the *lower* ends: <= 1 ms and <= 5 ms).

    python benchmarks/tu_lp.py                      # n = 8..22, Shapley to 26
    python benchmarks/tu_lp.py --max-n 12 --shapley-max 16 --repeat 3   # a quick run

The load average is printed with the table: the machine may be shared, and ratios in
one run are what matters.
"""
from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from declcoal.model.tu import TUGame  # noqa: E402
from declcoal.solvers.coalition_lp import subset_sums  # noqa: E402

try:
    import coopgame  # noqa: F401
    HAVE_COOPGAME = True
except ImportError:  # pragma: no cover - optional
    HAVE_COOPGAME = False

CLPR_MS = {3: (10, 20), 4: (50, 100)}  # Tick's CLP(R) program per game (issue 14)
TIGHTEN_TARGET_MS = {3: 1.0, 4: 5.0}  # >= 10x against the lower end of CLP(R)'s range


# ---------------------------------------------------------------------- games
def popcounts(n: int) -> np.ndarray:
    pop = np.zeros(1 << n, dtype=np.int64)
    for i in range(n):
        pop[1 << i: 2 << i] = pop[: 1 << i] + 1
    return pop


def worths(family: str, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pop = popcounts(n)
    if family == "superadditive":
        a = rng.integers(0, 101, n).astype(np.int64)
        r = rng.integers(0, 1 << 30, 1 << n) % (pop + 1)
        v = subset_sums(a, n) + pop**2 + r
    else:
        v = rng.integers(0, 1 << 30, 1 << n) % (100 * pop + 1)
        single = pop == 1
        v[single] = rng.integers(0, 51, int(single.sum()))
        v[-1] = 60 * n
    v[0] = 0
    return v.astype(np.int64)


# ---------------------------------------------------------------------- reference
def _rows(n: int):
    """CSR matrix of all proper coalitions (rows 1..2^n−2) over n columns."""
    import scipy.sparse as sp

    masks = np.arange(1, (1 << n) - 1, dtype=np.int64)
    bits = ((masks[:, None] >> np.arange(n)) & 1).astype(bool)
    r, c = np.nonzero(bits)
    return sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(masks), n)), masks


def ref_least_core(v: np.ndarray, n: int):
    import scipy.sparse as sp
    from scipy.optimize import linprog

    A, masks = _rows(n)
    A = sp.hstack([A, np.ones((A.shape[0], 1))]).tocsr()
    c = np.zeros(n + 1)
    c[n] = 1
    res = linprog(c, A_ub=-A, b_ub=-v[masks].astype(float), A_eq=np.r_[np.ones(n), 0][None, :],
                  b_eq=[float(v[-1])], bounds=[(None, None)] * (n + 1), method="highs")
    return res.x[n], res.x[:n]


def ref_nucleolus(v: np.ndarray, n: int):
    """Sequential LPs over all rows (Maschler, Peleg & Shapley 1979), numpy + HiGHS."""
    import scipy.sparse as sp
    from scipy.optimize import linprog

    A0, masks = _rows(n)
    vf = v.astype(float)
    free = np.ones(len(masks), dtype=bool)
    eqA, eqb = [np.ones(n)], [vf[-1]]
    lb = [(vf[1 << i], None) for i in range(n)] + [(None, None)]
    while np.linalg.matrix_rank(np.array(eqA)) < n and free.any():
        A = sp.hstack([A0[free], np.ones((int(free.sum()), 1))]).tocsr()
        E = np.hstack([np.array(eqA), np.zeros((len(eqA), 1))])
        c = np.zeros(n + 1)
        c[n] = 1
        res = linprog(c, A_ub=-A, b_ub=-vf[masks[free]], A_eq=E, b_eq=eqb, bounds=lb, method="highs")
        eps = res.x[n]
        idx = np.flatnonzero(free)
        hit = idx[np.abs(res.ineqlin.marginals) > 1e-9]
        for j in hit:
            eqA.append(((masks[j] >> np.arange(n)) & 1).astype(float))
            eqb.append(vf[masks[j]] - eps)
        low = np.abs(res.lower.marginals[:n]) > 1e-9
        for i in np.flatnonzero(low):
            e = np.zeros(n)
            e[i] = 1
            eqA.append(e)
            eqb.append(vf[1 << i])
            lb[i] = (vf[1 << i], vf[1 << i])
        free[hit] = False
        # rows whose x(S) is determined by the equalities leave
        Q = np.linalg.svd(np.array(eqA))[2][np.linalg.matrix_rank(np.array(eqA)):].T  # null space
        if Q.size:
            proj = np.abs(A0[free] @ Q).max(axis=1)
            idx = np.flatnonzero(free)
            free[idx[proj < 1e-9]] = False
        else:
            free[:] = False
    x = np.linalg.lstsq(np.array(eqA), np.array(eqb), rcond=None)[0]
    return x


# ---------------------------------------------------------------------- cells
def _run_cell(kind: str, problem: str, family: str, n: int, seed: int):
    v = worths(family, n, seed)
    names = [f"p{i}" for i in range(n)]
    if kind in ("exact", "float"):
        from declcoal.concepts.tu.core import least_core, nucleolus

        g = TUGame.from_int_array(names, v)
        meth = "auto" if kind == "exact" else "float"
        fn = (lambda: least_core(g, meth)) if problem == "least core" else (lambda: nucleolus(g, method=meth))
        post = (lambda r: (float(r.epsilon), [float(a) for a in r.point], r.guarantee)) if problem == "least core" \
            else (lambda r: (None, [float(a) for a in r.point], r.guarantee))
    elif kind == "ref":
        fn = (lambda: ref_least_core(v, n)) if problem == "least core" else (lambda: ref_nucleolus(v, n))
        post = (lambda r: (float(r[0]), list(r[1]), "float")) if problem == "least core" \
            else (lambda r: (None, list(r), "float"))
    else:
        import coopgame

        g = coopgame.Game(v[1:].astype(float).tolist())
        fn = (lambda: coopgame.least_core(g, domain="preimputation")) if problem == "least core" \
            else (lambda: coopgame.nucleolus(g))
        post = lambda r: (r.get("epsilon"), list(r["allocation"]), r.get("guarantee", ""))  # noqa: E731
    base = _rss_now()
    c0 = _cpu()
    t0 = time.perf_counter()
    r = fn()
    dt = time.perf_counter() - t0
    cpu = _cpu() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    eps, point, guar = post(r)
    return {"seconds": dt, "cpu": cpu, "mib": max(0, peak - base) / 2**20, "eps": eps, "point": point,
            "guarantee": guar}


def _cpu() -> float:
    """CPU seconds of this process, all threads (robust to a loaded machine)."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _rss_now() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def in_child(fn, *args, timeout: float = 600):
    """Run fn(*args) in a forked child; its result, or {'error': ...}."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    q = ctx.Queue()

    def target():
        try:
            q.put(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - reported in the table
            q.put({"error": f"{type(exc).__name__}: {exc}"})

    p = ctx.Process(target=target)
    p.start()
    try:
        out = q.get(timeout=timeout)
    except Exception:  # noqa: BLE001
        out = {"error": "timeout"}
    p.join(5)
    if p.is_alive():
        p.kill()
    return out


# ---------------------------------------------------------------------- sections
def lp_section(args, console) -> list[dict]:
    from rich.table import Table

    kinds = ["exact", "float", "ref"] + (["coopgame"] if HAVE_COOPGAME else [])
    rows = []
    slow: dict[tuple, float] = {}
    for family in ("superadditive", "empty-core"):
        for problem in ("least core", "nucleolus"):
            for n in range(args.min_n, args.max_n + 1, args.step):
                row = {"family": family, "problem": problem, "n": n}
                for k in kinds:
                    if slow.get((family, problem, k), 0) > args.budget or (k == "ref" and n > args.max_ref_n):
                        row[k] = None
                        continue
                    _progress(console, f"{family} {problem} n={n} {k}")
                    cell = in_child(_run_cell, k, problem, family, n, args.seed + n, timeout=args.timeout)
                    row[k] = cell
                    if "error" not in cell:
                        slow[(family, problem, k)] = cell["seconds"]
                rows.append(row)
    table = Table(title=f"Coalition LPs: wall s / CPU s / peak MiB — load average {_load()}",
                  caption="ratios of CPU seconds (robust to load): declcoal / coopgame-py (exact/cg, float/cg) and "
                  "exact / all-rows reference; agree = max |declcoal exact − other| (point; ε* for the least core)")
    cols = ["family", "problem", "n", "ε*"] + [f"{k}" for k in kinds] + \
        (["exact/cg", "float/cg"] if HAVE_COOPGAME else []) + ["exact/ref", "agree"]
    for c in cols:
        table.add_column(c, justify="right")
    for r in rows:
        ex = r.get("exact")
        eps = ""
        if ex and "error" not in ex and ex.get("eps") is not None:
            eps = f"{ex['eps']:.4g}"
        cells = [r["family"], r["problem"], str(r["n"]), eps]
        for k in kinds:
            c = r.get(k)
            cells.append("-" if c is None else c["error"][:18] if "error" in c else _cell(c))
        ratio = lambda a, b: (f"{r[a]['cpu'] / max(r[b]['cpu'], 1e-6):.2f}x"  # noqa: E731
                              if r.get(a) and r.get(b) and "error" not in r[a] and "error" not in r[b] else "-")
        if HAVE_COOPGAME:
            cells += [ratio("exact", "coopgame"), ratio("float", "coopgame")]
        cells.append(ratio("exact", "ref"))
        diffs = []
        if ex and "error" not in ex:
            for k in kinds[1:]:
                c = r.get(k)
                if c and "error" not in c and (r["problem"] == "nucleolus" or c.get("eps") is not None):
                    if r["problem"] == "nucleolus":
                        diffs.append(max(abs(a - b) for a, b in zip(ex["point"], c["point"])))
                    else:
                        diffs.append(abs(ex["eps"] - c["eps"]))
        cells.append(f"{max(diffs):.1e}" if diffs else "-")
        table.add_row(*cells)
    console.print(table)
    return rows


def _cell(c: dict) -> str:
    return f"{c['seconds']:.3g} / {c['cpu']:.3g} / {c['mib']:.0f}"


def _shapley_ref(v: np.ndarray, n: int) -> list[float]:
    """Plain numpy Shapley: φ_i = Σ_{S∌i} w(|S|)(v(S∪i) − v(S)), one gather per player."""
    pop = popcounts(n)
    w = np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])
    wp = w[np.minimum(pop, n - 1)]
    out = []
    for i in range(n):
        h = 1 << i
        vv = v.reshape(-1, 2, h)
        out.append(float(((vv[:, 1, :] - vv[:, 0, :]) * wp.reshape(-1, 2, h)[:, 0, :]).sum()))
    return out


def _shapley_cell(kind: str, n: int, seed: int):
    from declcoal.concepts.tu.shapley import shapley_exact, shapley_fast

    rng = np.random.default_rng(seed)
    v = rng.integers(0, 1001, 1 << n).astype(np.int64)
    v[0] = 0
    names = [f"p{i}" for i in range(n)]
    if kind == "exact":
        g = TUGame.from_int_array(names, v)
        fn = lambda: [float(a) for a in shapley_exact(g).values]  # noqa: E731
    elif kind == "float":
        g = TUGame.from_array(names, v.astype(np.float64))
        fn = lambda: list(shapley_fast(g).values)  # noqa: E731
    else:
        vf = v.astype(np.float64)
        fn = lambda: _shapley_ref(vf, n)  # noqa: E731
    base = _rss_now()
    c0 = _cpu()
    t0 = time.perf_counter()
    vals = fn()
    dt = time.perf_counter() - t0
    cpu = _cpu() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"seconds": dt, "cpu": cpu, "mib": max(0, peak - base) / 2**20, "values": vals}


def shapley_section(args, console) -> list[dict]:
    from rich.table import Table

    rows = []
    for n in range(args.shapley_min, args.shapley_max + 1, 2):
        row = {"n": n}
        for k in ("exact", "float", "numpy-ref"):
            _progress(console, f"shapley n={n} {k}")
            row[k] = in_child(_shapley_cell, k, n, args.seed + n, timeout=args.timeout)
        rows.append(row)
    table = Table(title=f"Shapley value, random worths 0..1000: wall s / CPU s / peak MiB — load average {_load()}",
                  caption="exact = integer marginal sums by coalition size, exact weights in Python ints; "
                  "ratios of CPU seconds")
    for c in ("n", "exact", "float", "numpy-ref", "exact/float", "float/ref", "agree"):
        table.add_column(c, justify="right")
    for r in rows:
        f = lambda c: c["error"][:18] if "error" in c else _cell(c)  # noqa: E731
        ok = all("error" not in r[k] for k in ("exact", "float", "numpy-ref"))
        rat = lambda a, b: f"{r[a]['cpu'] / max(r[b]['cpu'], 1e-6):.2f}x" if ok else "-"  # noqa: E731
        agree = max(abs(a - b) for k in ("float", "numpy-ref") for a, b in zip(r["exact"]["values"], r[k]["values"])) \
            if ok else float("nan")
        table.add_row(str(r["n"]), f(r["exact"]), f(r["float"]), f(r["numpy-ref"]), rat("exact", "float"),
                      rat("float", "numpy-ref"), f"{agree:.1e}")
    console.print(table)
    return rows


def _cpu_medians(fns: list, repeat: int) -> list[float]:
    """Median CPU seconds (time.process_time) of ``repeat`` calls of each of ``fns``,
    taken round-robin (one call of each, ``repeat`` times over): a burst of load from
    other processes then spreads over all the cells instead of spoiling a few."""
    ts: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for f, out in zip(fns, ts):
            c0 = time.process_time()
            f()
            out.append(time.process_time() - c0)
    return [statistics.median(t) for t in ts]


def tightening_section(args, console) -> list[dict]:
    """Every game of Tick (1995) — Table 3's eight and the appendix's ``raiffa`` — with
    every family and X_i >= 0 on and off, on declcoal's exact tightening (the small-game
    path) and on the general path (HiGHS + certificate, Z3 for conflicts); both must
    agree exactly. CPU ms = median of ``--repeat`` calls, taken round-robin."""
    from rich.table import Table

    from declcoal.concepts.tu import tightening_small
    from declcoal.concepts.tu.tightening import FAMILIES, tighten
    from declcoal.reproduce.tick import DATA, tick_game
    from declcoal.solvers import small_lp

    rows, runs = [], []
    for name in DATA:
        g = tick_game(name)
        for fam in FAMILIES:
            for nn in (True, False):
                run = (lambda g, fam, nn: lambda: tighten(g, fam, "exact", nonnegative=nn))(g, fam, nn)
                c0 = small_lp.CALLS[0]
                r = run()
                lps = small_lp.CALLS[0] - c0
                saved = tightening_small.SMALL_N
                tightening_small.SMALL_N = 0  # the general path, for agreement
                try:
                    rg = run()
                finally:
                    tightening_small.SMALL_N = saved
                agree = [r.status, r.allocation, r.K, r.fixed, [t.level for t in r.trace], r.conflict] == \
                    [rg.status, rg.allocation, rg.K, rg.fixed, [t.level for t in rg.trace], rg.conflict]
                runs.append(run)
                rows.append({"game": name, "n": g.n, "family": fam, "nonnegative": nn, "status": r.status,
                             "guarantee": r.guarantee, "lps": lps, "agree": agree})
    _progress(console, f"tightening: {len(runs)} runs x {args.repeat}")
    for row, ms in zip(rows, _cpu_medians(runs, args.repeat)):
        row["cpu_ms"] = ms * 1000
    saved = tightening_small.SMALL_N
    tightening_small.SMALL_N = 0
    try:
        _progress(console, "tightening: the general path")
        for row, ms in zip(rows, _cpu_medians(runs, max(3, args.repeat // 4))):
            row["general_ms"] = ms * 1000
    finally:
        tightening_small.SMALL_N = saved
    table = Table(title=f"Tick's exact tightening of the papers' games: median CPU of {args.repeat} round-robin runs — "
                  f"load average {_load()}",
                  caption="CLP(R): Tick's appendix program in SWI-Prolog clpr as quoted in issue 14 (3 players "
                  "10–20 ms, 4 players 50–100 ms); ratio = CLP(R) ms / declcoal CPU ms (lower end, upper end); "
                  "target: <= 1 ms (3 players), <= 5 ms (4 players); LPs = exact small-simplex LPs of one run; "
                  "general = the HiGHS/Z3 path (SMALL_N = 0); agree = same status, allocation, K, levels, conflict")
    for c in ("game", "n", "family", "X_i>=0", "status", "LPs", "CPU ms", "general ms", "CLP(R) ms",
              "ratio lo/hi", "target", "agree"):
        table.add_column(c, justify="right")
    for r in rows:
        lo, hi = CLPR_MS[r["n"]]
        ok = r["cpu_ms"] <= TIGHTEN_TARGET_MS[r["n"]]
        table.add_row(r["game"], str(r["n"]), r["family"], "yes" if r["nonnegative"] else "no",
                      f"{r['status']} ({r['guarantee']})", str(r["lps"]), f"{r['cpu_ms']:.3f}",
                      f"{r['general_ms']:.2f}", f"{lo}–{hi}",
                      f"{lo / r['cpu_ms']:.0f}x / {hi / r['cpu_ms']:.0f}x",
                      "met" if ok else "MISSED", "yes" if r["agree"] else "NO")
    console.print(table)
    for n in (3, 4):
        sel = [r for r in rows if r["n"] == n]
        worst = max(sel, key=lambda r: r["cpu_ms"])
        lo, hi = CLPR_MS[n]
        console.print(f"{n} players: {len(sel)} runs, slowest {worst['game']} {worst['family']} "
                      f"{worst['cpu_ms']:.3f} ms CPU (target {TIGHTEN_TARGET_MS[n]} ms: "
                      f"{'met' if worst['cpu_ms'] <= TIGHTEN_TARGET_MS[n] else 'MISSED'}); smallest ratio "
                      f"{lo / worst['cpu_ms']:.0f}x against {lo} ms, {hi / worst['cpu_ms']:.0f}x against {hi} ms; "
                      f"median general path {statistics.median(r['general_ms'] for r in sel):.2f} ms; "
                      f"all agree: {all(r['agree'] for r in sel)}")
    return rows


def _progress(console, text: str) -> None:
    if console.is_terminal:
        console.print(f"  {text} ...", end="\r")


def _warm_up() -> None:
    """Import and start everything once in the parent, so forked cells time the call only."""
    from declcoal.concepts.tu.core import least_core, nucleolus
    from declcoal.concepts.tu.shapley import shapley_exact

    g = TUGame.from_int_array(["a", "b", "c"], np.array([0, 1, 1, 3, 1, 3, 3, 6]))
    least_core(g)
    nucleolus(g)
    least_core(g, "float")
    nucleolus(g, method="float")
    shapley_exact(g)
    ref_least_core(worths("superadditive", 3, 0), 3)
    if HAVE_COOPGAME:
        import coopgame

        coopgame.nucleolus(coopgame.Game([1.0, 1, 3, 1, 3, 3, 6]))


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-n", type=int, default=8)
    ap.add_argument("--max-n", type=int, default=22)
    ap.add_argument("--step", type=int, default=2)
    ap.add_argument("--max-ref-n", type=int, default=20, help="largest n for the all-rows reference (memory)")
    ap.add_argument("--budget", type=float, default=90.0,
                    help="skip a method at larger n once it took longer than this many seconds")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds before a cell is abandoned")
    ap.add_argument("--shapley-min", type=int, default=20)
    ap.add_argument("--shapley-max", type=int, default=26)
    ap.add_argument("--repeat", type=int, default=51, help="tightening: median CPU time of this many runs")
    ap.add_argument("--sections", default="lp,shapley,tightening")
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args(argv)
    from rich.console import Console

    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(f"machine: {os.cpu_count()} cpus, numpy {np.__version__}, coopgame-py "
                  f"{'installed' if HAVE_COOPGAME else 'not installed'}; load average {_load()} at start")
    secs = args.sections.split(",")
    _warm_up()
    try:
        if "tightening" in secs:
            tightening_section(args, console)
        if "lp" in secs:
            lp_section(args, console)
        if "shapley" in secs:
            shapley_section(args, console)
    except KeyboardInterrupt:
        console.print("interrupted")
        return 130
    console.print(f"load average {_load()} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
