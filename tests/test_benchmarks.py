"""Smoke tests: every benchmark script runs on tiny sizes and exits 0 (no timing asserted)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

TINY_RUNS = {
    "crg.py": ["--defaults-only", "--quick", "--repeat", "1"],
    "crg_edges.py": ["--sizes", "13", "--max-full", "13", "--tables", "4x6"],
    "campaigns.py": ["--games", "6", "--demo", "60", "--batches", "1,8", "--no-dask"],
    "power_indices.py": ["--sizes", "6,8,40", "--max-subset", "8"],
    "reductions.py": ["--count", "3", "--limit", "20", "--max-vars", "2", "--props", "prop11,prop9"],
    "shapley.py": ["--max-n", "6", "--max-exact", "6", "--max-perm", "5"],
    "negotiation_core_search.py": ["--count", "3"],
    "negotiation.py": ["--sizes", "3", "4", "--orders-n", "3", "--goals", "2", "--resources", "2"],
    "tu_lp.py": ["--min-n", "4", "--max-n", "6", "--shapley-min", "4", "--shapley-max", "6", "--repeat", "1"],
    "viability.py": ["--max-n", "4", "--max-nomemo", "4"],
    "query.py": ["--min-n", "4", "--max-n", "5", "--max-baseline", "5"],
}


@pytest.mark.parametrize("script", sorted(TINY_RUNS))
def test_benchmark_script_runs(script):
    path = ROOT / "benchmarks" / script
    proc = subprocess.run([sys.executable, str(path), *TINY_RUNS[script]], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip(), "a benchmark prints its table"
