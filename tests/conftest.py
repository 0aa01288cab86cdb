"""Shared test configuration.

Hypothesis runs derandomized (same examples every run, so CI is deterministic) and
without deadlines (solver calls vary in time on a loaded 2-core machine).
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile(
    "declcoal",
    deadline=None,
    derandomize=True,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("declcoal")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
