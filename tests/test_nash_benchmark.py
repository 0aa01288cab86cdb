"""Smoke test: benchmarks/nash.py runs on tiny sizes, prints its table and its own
Theorem 2 check passes (no timing asserted)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize("family", ["gcs", "convex"])
def test_nash_benchmark_runs(family):
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "nash.py"), "--max-n", "5", "--family", family],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "recursive pieces" in proc.stdout and "NO" not in proc.stdout
