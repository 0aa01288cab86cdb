"""Campaigns used by tests/test_campaigns.py (module-level, so workers import them).

``Probe`` instance k checks k*k; chosen indices hang (sleep far past any limit), raise,
or kill their own worker process. Every finished check appends its index to the file
``log`` (O_APPEND: safe across processes), so tests count how often each ran.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from declcoal.campaigns import Campaign

#: in-process only: raise KeyboardInterrupt at the check call after this many calls
INTERRUPT_AFTER: int | None = None
CALLS = 0


class Probe(Campaign):
    name = "probe"

    def __init__(self, count=20, hang_at=(), fail_at=(), kill_once_at=(), kill_always_at=(), sleep=0.0,
                 log=None, marks=None):
        self.params = {
            "count": count, "hang_at": list(hang_at), "fail_at": list(fail_at), "kill_once_at": list(kill_once_at),
            "kill_always_at": list(kill_always_at), "sleep": sleep,
        }
        self.log = log  # not a parameter: where to record calls (differs per test run)
        self.marks = marks

    def instances(self):
        for k in range(self.params["count"]):
            yield self.instance(k, {"k": k})

    def check(self, inst):
        global CALLS
        k = inst.params["k"]
        CALLS += 1
        if INTERRUPT_AFTER is not None and CALLS > INTERRUPT_AFTER:
            raise KeyboardInterrupt
        if k in self.params["kill_always_at"]:
            os.kill(os.getpid(), signal.SIGKILL)
        if k in self.params["kill_once_at"]:
            mark = Path(self.marks) / f"killed-{k}"
            if not mark.exists():
                mark.write_text("x")
                os.kill(os.getpid(), signal.SIGKILL)
        if k in self.params["hang_at"]:
            while True:
                time.sleep(0.05)
        if k in self.params["fail_at"]:
            raise ValueError(f"instance {k} fails on purpose")
        if self.params["sleep"]:
            time.sleep(self.params["sleep"])
        if self.log:
            with open(self.log, "a") as fh:
                fh.write(f"{k}\n")
        return {"k": k, "square": k * k, "odd": k % 2 == 1}

    def summary(self, records):
        return {"sum_of_squares": sum(r["result"]["square"] for r in records if r["status"] == "ok")}

    def counterexample(self, inst, record):
        if record.get("status") == "error":
            return {"instance.txt": f"k = {inst.params['k']}\n"}
        return None


def probe(**params):
    """A factory, for `declcoal campaign run campaign_fixtures:probe count=5`."""
    return Probe(**params)


def logged_calls(log) -> list[int]:
    p = Path(log)
    return [int(x) for x in p.read_text().split()] if p.exists() else []
