"""``demo``: a tiny built-in campaign for trying the engine and measuring its overhead.

Instance ``k`` is the integer ``start + k``; the check counts its Collatz steps
(n -> n/2 or 3n+1 until 1) and, if ``work_ms`` > 0, also spins for that many
milliseconds of CPU to imitate a solver call of known cost.
"""
from __future__ import annotations

import time

from .builtins import builtin
from .core import Campaign


@builtin("demo", "Collatz stopping times of start..start+count-1 (engine demo; work_ms imitates solver cost)")
class Demo(Campaign):
    name = "demo"

    def __init__(self, count: int = 1000, start: int = 1, work_ms: float = 0.0):
        import math

        from ..errors import InputError

        try:
            count, start, work_ms = int(count), int(start), float(work_ms)
        except (TypeError, ValueError, OverflowError):
            raise InputError(f"demo: count and start must be integers and work_ms a number, got "
                             f"count={count!r}, start={start!r}, work_ms={work_ms!r}") from None
        if count < 0 or start < 1 or not (math.isfinite(work_ms) and work_ms >= 0):
            raise InputError("demo: need count >= 0, start >= 1, 0 <= work_ms < infinity")
        self.params = {"count": count, "start": start, "work_ms": work_ms}

    def __len__(self) -> int:
        return self.params["count"]

    def instances(self):
        for k in range(self.params["count"]):
            yield self.instance(k, {"n": self.params["start"] + k})

    def check(self, inst) -> dict:
        n = m = inst.params["n"]
        steps = 0
        while m != 1:
            m = m // 2 if m % 2 == 0 else 3 * m + 1
            steps += 1
        if self.params["work_ms"]:
            end = time.perf_counter() + self.params["work_ms"] / 1000
            while time.perf_counter() < end:
                pass
        return {"n": n, "steps": steps, "even": n % 2 == 0}

    def summary(self, records):
        ok = [r["result"] for r in records if r["status"] == "ok"]
        if not ok:
            return {}
        top = max(ok, key=lambda r: (r["steps"], -r["n"]))
        return {"longest": {"n": top["n"], "steps": top["steps"]}, "checked": len(ok)}
