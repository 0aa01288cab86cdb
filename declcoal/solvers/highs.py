"""A quiet, kept HiGHS model through ``highspy`` (HiGHS's own Python API).

``scipy.optimize.linprog`` rebuilds the model at every call; constraint generation
needs the opposite: one model that gains rows and is re-solved warm from the last
basis (DESIGN.md, known pitfalls). This adapter only hides highspy's start-up banner
(printed once per process on standard output, which would corrupt ``--json``) and
sets declcoal's options.
"""
from __future__ import annotations

import os
import sys

import numpy as np

INF = float("inf")
_BANNER_DONE = False


def new_highs():
    """A fresh ``highspy.Highs`` with output off and tight tolerances."""
    global _BANNER_DONE
    import highspy

    if not _BANNER_DONE:
        # the banner is written by C++ to fd 1 when the first Highs is constructed
        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            h = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
        _BANNER_DONE = True
    else:
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    h.setOptionValue("dual_feasibility_tolerance", 1e-9)
    h.setOptionValue("threads", 1)
    h.setOptionValue("presolve", "off")  # the LPs here are small, or warm-started
    return h


def add_rows(h, rows: list[np.ndarray], coeffs: list[np.ndarray], lower: np.ndarray, upper: np.ndarray) -> None:
    """Add rows given as (column indices, values) pairs."""
    k = len(rows)
    if not k:
        return
    lens = np.fromiter((len(r) for r in rows), dtype=np.int32, count=k)
    starts = np.zeros(k, dtype=np.int32)
    np.cumsum(lens[:-1], out=starts[1:])
    idx = np.concatenate(rows).astype(np.int32)
    val = np.concatenate(coeffs).astype(np.float64)
    h.addRows(k, np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64), len(idx), starts, idx, val)


def status_name(h) -> str:
    import highspy

    s = h.getModelStatus()
    if s == highspy.HighsModelStatus.kOptimal:
        return "optimal"
    if s == highspy.HighsModelStatus.kInfeasible:
        return "infeasible"
    if s in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return "unbounded"
    return h.modelStatusToString(s)
