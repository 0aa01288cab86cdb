"""Default limits on work exponential in the input (issue 15, item 2; docs/limits.md).

Every enumeration whose size grows exponentially with the input is estimated before it
starts; above its limit declcoal refuses at once with one line naming the size, the
limit, the option that raises it and the method that avoids the enumeration (exit 2),
or switches to that method where it is exact. The numbers below are the defaults;
docs/limits.md lists where each one applies.
"""
from __future__ import annotations

from .errors import UnsupportedError

#: Fig. 1 (Dunne et al. 2010) visits up to 2^m − 1 goal sets, one max-flow each
#: (``crg check|block --method flow``; option ``--max-goal-sets``)
FIG1_GOAL_SETS = 2**16
#: ``--method auto`` leaves Fig. 1 for block.lp after max(AUTO_GOAL_SETS, n·t) goal sets
#: (128 visits cost less than block.lp's start-up) or 64 max-flows (more on small
#: networks; :func:`declcoal.concepts.crg.core.auto_goal_sets`); measured with
#: benchmarks/crg.py, section 3
AUTO_GOAL_SETS = 128
#: successful coalitions listed by ``crg info`` / ``solve`` (the rest are counted as "more")
SUCCESSFUL_LISTED = 200
#: ``crg core`` (saturation and cegar) guesses a blocker digit by digit: one per agent
#: (in/out), per goal (achieve/skip) and per binary digit of each endowment,
#: n + m + Σ_i Σ_r bitlen(en(i, r)); the search space is 2^(that) (option ``--max-bits``)
CORE_BITS = 256
#: the ``solve`` table's CRG rows (core, weak, strong, top structures) run up to this many
#: agents and this many guessed digits; beyond, they say "not computed" and name the
#: command that computes them
SOLVE_CRG_AGENTS = 12
SOLVE_CRG_BITS = 64
#: ``info``: a property check visiting more steps than this (3^n pairs for
#: superadditivity and grand-coalition superadditivity, n(n−1)/2 · 2^n for convexity,
#: n · 2^n for monotonicity) reports "not checked: too large" (option ``--max-work``)
PROPERTY_WORK = 2_000_000

def refuse(what: str, size: int, limit: int, option: str, avoid: str | None = None) -> UnsupportedError:
    """The one-line refusal: ``<what> = <size>, above the limit <limit> (raise it with
    <option>; <avoid>)``."""
    tail = f"; {avoid}" if avoid else ""
    return UnsupportedError(f"{what} = {size:,}, above the limit {limit:,} (raise it with {option}{tail})")


__all__ = ["FIG1_GOAL_SETS", "AUTO_GOAL_SETS", "SUCCESSFUL_LISTED", "CORE_BITS", "SOLVE_CRG_AGENTS", "SOLVE_CRG_BITS", "PROPERTY_WORK", "refuse"]
