"""What the benchmark scripts share: a measurement in a fresh child process (so that peak
memory is the measurement's own), peak memory, and the load average to print beside
times on a shared machine."""
from __future__ import annotations

import multiprocessing as mp
import os
import resource


def in_child(target, *args, start: str = "fork"):
    """Run ``target(*args, queue)`` in a new process and return what it put on the queue
    (``start="spawn"`` where the parent holds solver threads that must not be forked)."""
    ctx = mp.get_context(start)
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    try:
        return q.get()
    finally:
        p.join()


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load() -> str:
    """The 1, 5 and 15 minute load averages, for the header of a table."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def random_core_game(n: int, seed: int, slack: int):
    """A random n-player game with a non-empty core: a random point x ∈ [0, 100]^n and
    v(S) = x(S) − a random slack in [0, slack] (cut at 0), v(N) = x(N), so x is in the
    core. Returns (game, x)."""
    import random

    from declcoal.model.tu import TUGame

    rng = random.Random(seed)
    x = [rng.randint(0, 100) for _ in range(n)]
    vals = []
    full = 2**n - 1
    for m in range(1, full + 1):
        s = sum(x[i] for i in range(n) if m >> i & 1)
        vals.append(s if m == full else max(0, s - rng.randint(0, slack)))
    return TUGame.from_list([f"p{i}" for i in range(n)], vals, name=f"random{n}"), x
