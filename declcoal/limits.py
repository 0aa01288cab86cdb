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
#: the ``solve`` table's negotiation rows (§5, one order: n(n+1)/2 instances of LP(i,t),
#: each over the irredundant goal sets) run up to SOLVE_CRG_AGENTS agents and this many
#: goals; beyond, "not computed" naming ``crg negotiate`` (a 12-agent, 40-goal game took 45 s)
SOLVE_NEGOTIATION_GOALS = 16
#: ``crg success`` (Table 1) tests 2^n coalitions × (2^m − 1) goal sets and prints every
#: feasible one (option ``--max-pairs``; ``crg info`` lists successful coalitions without it)
SUCCESS_TABLE_PAIRS = 2**18
#: ... and has one row per coalition, 2^n of them (option ``--max-rows``; 12 agents)
SUCCESS_TABLE_ROWS = 2**12
#: ``crg negotiate``: one order's backward induction (§5.3) solves n(n+1)/2 instances of
#: LP(i, t) (option ``--max-lps``; 500 is n = 31 agents, about 10 s measured at n = 30)
NEGOTIATION_LPS = 500
#: ``info``: a property check visiting more steps than this (3^n pairs for
#: superadditivity and grand-coalition superadditivity, n(n−1)/2 · 2^n for convexity,
#: n · 2^n for monotonicity) reports "not checked: too large" (option ``--max-work``)
PROPERTY_WORK = 2_000_000
#: ``nash`` / ``egalitarian`` on a characteristic function (Ray & Vohra 2025, §5): each
#: coalition S solves one bargaining problem against the threats of its sub-coalitions
#: T ⊂ S, so a run examines (S, T) pairs — 3^n − 2^(n+1) + 1 for the §5.1 recursion, the
#: naive path over every coalition and the Dutta–Ray recursion (§5.4), 2^n − 2 for the
#: naive path of N alone (Theorem 2), 3^n for ``--theorem3``'s partition checks. Above it:
#: refused (option ``--max-pairs``; 100,000 admits the recursion up to 10 players and the
#: naive path up to 16)
NASH_PAIRS = 100_000
#: ``info --all`` prints the worth table up to this many coalitions (2^n − 1), then says
#: how many more there are (option ``--max-listed``; ``convert`` writes them all)
INFO_LISTED = 2**12
#: bytes read from one input file or standard input (option: environment variable
#: ``DECLCOAL_MAX_INPUT_BYTES``); beyond it the file is refused unread (exit 2)
INPUT_BYTES = 256 * 2**20
#: the weight dynamic programme of ``power`` / ``shapley`` / ``banzhaf`` / ``solve`` on a
#: weighted voting game: n · min(n, q/w_min) row steps of q · (n + 1) bits each (about
#: 70 ps per bit on one core: 2·10^11 is some 15 s); option ``--max-dp-work``
WEIGHT_DP_WORK = 2 * 10**11
#: ``tighten`` (Tick 1995): every LP (exact mode, about n of them) and every Z3 check
#: (faithful mode; also the unsat core naming an empty core's conflict) holds one
#: constraint per proper coalition, 2^n − 2 of them. Above it: refused (option
#: ``--max-coalitions``; 16,382 admits 14 players: an empty core's Z3 explanation takes
#: about a minute there)
TIGHTEN_COALITIONS = 2**14 - 2
#: faithful mode's Phase II checks every floating coalition alone, one Z3 call each, in
#: every iteration: about (2^n − 2)^2 constraint visits per pass; 254 admits 8 players
#: (about 20 s) — ``--mode exact`` (the default) needs no such search
TIGHTEN_FAITHFUL_COALITIONS = 2**8 - 2

def input_bytes() -> int:
    """The input size limit: ``DECLCOAL_MAX_INPUT_BYTES`` if set (a positive integer), else
    :data:`INPUT_BYTES`."""
    import os

    text = os.environ.get("DECLCOAL_MAX_INPUT_BYTES", "").strip().replace("_", "")
    if text:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value <= 0:
            from .errors import InputError

            raise InputError(f"DECLCOAL_MAX_INPUT_BYTES must be a positive number of bytes, got {text[:40]!r}")
        return value
    return INPUT_BYTES


#: campaigns (``campaign run``, ``verify``): most instances one run lists up front (option
#: ``--max-instances``), most worker processes (``--jobs``), the longest time limit per
#: instance (a year: beyond, the platform's time_t overflows) and the seconds allowed to
#: reach a Dask scheduler (``--dask-timeout``)
CAMPAIGN_INSTANCES = 10_000_000
CAMPAIGN_JOBS = 4096
CAMPAIGN_LIMIT_SECONDS = 366 * 24 * 3600
DASK_CONNECT_SECONDS = 3.0


def refuse(what: str, size: int, limit: int, option: str, avoid: str | None = None) -> UnsupportedError:
    """The one-line refusal: ``<what> = <size>, above the limit <limit> (raise it with
    <option>; <avoid>)``."""
    tail = f"; {avoid}" if avoid else ""
    return UnsupportedError(f"{what} = {size:,}, above the limit {limit:,} (raise it with {option}{tail})")


__all__ = ["FIG1_GOAL_SETS", "AUTO_GOAL_SETS", "SUCCESSFUL_LISTED", "CORE_BITS", "SOLVE_CRG_AGENTS", "SOLVE_CRG_BITS", "SOLVE_NEGOTIATION_GOALS", "PROPERTY_WORK", "NASH_PAIRS", "INFO_LISTED",
           "INPUT_BYTES", "WEIGHT_DP_WORK", "TIGHTEN_COALITIONS", "TIGHTEN_FAITHFUL_COALITIONS", "input_bytes",
           "refuse"]
# the CRG, campaign and verify limits (kept on their own line: fewer merge conflicts)
__all__ += ["SUCCESS_TABLE_PAIRS", "SUCCESS_TABLE_ROWS", "NEGOTIATION_LPS",
            "CAMPAIGN_INSTANCES", "CAMPAIGN_JOBS", "CAMPAIGN_LIMIT_SECONDS", "DASK_CONNECT_SECONDS"]
