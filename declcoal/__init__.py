"""declcoal: coalitional games and their solution concepts, stated declaratively.

Every user-facing name is importable from here (the reference is ``docs/api.md``)::

    >>> from declcoal import TUGame, shapley, nucleolus
    >>> g = TUGame.from_list(["X", "Y", "Z"], [30, 22, 59, 5, 45, 39, 77], name="cement")
    >>> shapley(g).values
    [Fraction(71, 2), Fraction(57, 2), Fraction(13, 1)]

Names are loaded lazily (PEP 562), so ``import declcoal`` stays cheap: the solvers
(Z3, clingo, HiGHS) are imported only by the concepts that use them. A module adding
user-facing names adds one line per name to :data:`_API` (name -> module) and a section
to docs/api.md; ``tests/test_api.py`` checks both.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: public name -> module that defines it (relative to this package)
_API: dict[str, str] = {
    # errors
    "DeclcoalError": "errors", "InputError": "errors", "GameError": "errors", "UnsupportedError": "errors",
    "SolverLimitError": "errors",
    # models
    "TUGame": "model.tu", "BargainingGame": "model.bargaining", "CoalitionalGame": "model.bargaining",
    "CRG": "model.crg", "Coop": "model.crg",
    # games of the field (constructors)
    "weighted_voting": "model.constructors", "bankruptcy": "model.constructors", "airport": "model.constructors",
    "glove": "model.constructors", "unanimity": "model.constructors", "additive": "model.constructors",
    "mst_game": "model.constructors", "assignment_game": "model.constructors",
    "WeightedVotingGame": "model.constructors", "BankruptcyGame": "model.constructors",
    "AirportGame": "model.constructors", "GloveGame": "model.constructors", "UnanimityGame": "model.constructors",
    "AdditiveGame": "model.constructors", "MSTGame": "model.constructors", "AssignmentGame": "model.constructors",
    # files
    "load_game": "io", "load_games": "io", "save_game": "io", "dumps_game": "io",
    # TU concepts
    "shapley": "concepts.tu.shapley", "banzhaf": "concepts.tu.shapley", "game_properties": "concepts.tu.properties",
    "core": "concepts.tu.core", "in_core": "concepts.tu.core", "least_core": "concepts.tu.core",
    "nucleolus": "concepts.tu.core", "prenucleolus": "concepts.tu.prenucleolus",
    "proportional_nucleolus": "concepts.tu.core", "excesses": "concepts.tu.core",
    "tighten": "concepts.tu.tightening", "Gamma": "concepts.tu.tightening",
    "check_allocation": "concepts.tu.allocation",
    "shapley_shubik_index": "concepts.tu.power", "banzhaf_index": "concepts.tu.power",
    "power_indices": "concepts.tu.power", "airport_shapley": "concepts.tu.airport",
    "proportional_rule": "concepts.tu.bankruptcy", "cea_rule": "concepts.tu.bankruptcy",
    "cel_rule": "concepts.tu.bankruptcy", "talmud_rule": "concepts.tu.bankruptcy",
    "bankruptcy_rules": "concepts.tu.bankruptcy",
    # bargaining (Ray & Vohra 2025)
    "coalitional_nash_solution": "concepts.bargaining.nash", "unblocked_set": "concepts.bargaining.nash",
    "recursive_nash": "concepts.bargaining.nash_tu", "naive_nash": "concepts.bargaining.nash_tu",
    "theorem3_allocation": "concepts.bargaining.nash_tu",
    "constrained_egalitarian": "concepts.bargaining.egalitarian",
    # coalitional resource games (Dunne et al. 2010)
    "success_table": "concepts.crg.success", "successful_coalitions": "concepts.crg.success",
    "find_blocker": "concepts.crg.core", "is_stable": "concepts.crg.core", "core_nonempty": "concepts.crg.core",
    "core_report": "concepts.crg.core", "weak_core": "concepts.crg.core",
    "strongly_nonempty": "concepts.crg.core", "top_cooperation_structure": "concepts.crg.core",
    "read_sigma": "io.crg",
    "negotiate": "concepts.crg.negotiation", "negotiate_all": "concepts.crg.negotiation",
    "Negotiator": "concepts.crg.negotiation", "check_outcome": "concepts.crg.negotiation",
    "interchangeable": "concepts.crg.negotiation", "dummy_agents": "concepts.crg.negotiation",
    "pareto_improvement": "concepts.crg.negotiation", "expected_utilities": "concepts.crg.negotiation",
    "parse_order": "concepts.crg.negotiation",
    # reductions (Dunne et al. 2010, Props. 8-11; docs/reductions.md)
    "CNF": "model.cnf", "read_dimacs": "io.dimacs", "write_dimacs": "io.dimacs",
    "prop8_game": "reductions.constructions", "prop9_game": "reductions.constructions",
    "prop11_game": "reductions.constructions", "check_instance": "reductions.verify",
    "reduction": "reductions.verify", "verify_campaign": "reductions.campaign",
    # partition function games and viable structures (Ray & Vohra 2025, §3-4)
    "PartitionGame": "model.partition", "cournot": "model.pfg_models", "environment": "model.pfg_models",
    "rnd": "model.pfg_models", "viable_structures": "concepts.bargaining.viable",
    # declarative queries (docs/query.md)
    "query": "query",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'declcoal' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
