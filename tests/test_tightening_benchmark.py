"""Smoke test: benchmarks/tightening.py runs on tiny sizes and prints its table (no timing asserted)."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_tightening_benchmark_runs():
    path = ROOT / "benchmarks" / "tightening.py"
    proc = subprocess.run([sys.executable, str(path), "--max-n", "5", "--max-faithful", "4", "--max-z3", "4"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Tick tightening" in proc.stdout and "machine:" in proc.stdout
