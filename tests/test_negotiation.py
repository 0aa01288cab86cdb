"""The bargaining protocol of Dunne et al. (2010), §5: paper examples, CLI, bad input.

Differential and property tests are in tests/test_negotiation_properties.py.
"""
from __future__ import annotations

import json
from itertools import permutations

import pytest
from cli_util import run
from conftest import EXAMPLES

from declcoal.concepts.crg.core import find_blocker, top_cooperation_structure
from declcoal.concepts.crg.negotiation import (
    Negotiator,
    check_outcome,
    negotiate,
    negotiate_all,
    orders_to_run,
    parse_order,
    pareto_improvement,
)
from declcoal.concepts.crg.proposal_lp import ProposalLP, solve_lp
from declcoal.errors import InputError, UnsupportedError
from declcoal.io import load_game
from declcoal.model.crg import Coop, satisfied

EX = EXAMPLES / "crg"


def _game(name):
    return load_game(EX / f"{name}.lp")


# ---------------------------------------------------------------- Example 4 (§5.6)
def test_example4_every_order_reaches_the_top_structure():
    """Example 4 has a top-cooperation structure λ (a1 gives r1, a2 gives r2, goal g);
    Prop. 22: the negotiation outcome is λ for every order, and it is in the core."""
    g = _game("example4")
    top = top_cooperation_structure(g).top
    assert top is not None
    outs = list(negotiate_all(g))
    assert len(outs) == 2
    for o in outs:
        assert o.sigma == (top,)
        assert o.utilities == (g.V() - 1, g.V() - 1) == (3, 3)
        c = check_outcome(o, top=top, top_known=True)
        assert all(v["ok"] for v in c.values()), c
        assert c["top_implies_core"]["applies"] and c["top_implies_core"]["equals_top"]
        # one round: the first proposal is the top structure and the other agent accepts
        assert [s.action for s in o.rounds[0].steps] == ["proposes", "accepts"]


# ---------------------------------------------------------------- Example 5 (§5.6)
def test_example5_every_order_both_goals_each_pays_one():
    """Example 5 (no top structure): whoever proposes first must satisfy the other
    (else u < 0 = u_j({j})), so both goals are achieved and each pays its one unit."""
    g = _game("example5")
    assert top_cooperation_structure(g).top is None
    for o in negotiate_all(g):
        lam = o.agreement
        assert lam.goals == g.goal_mask(["g1", "g2"])
        assert lam.xi == ((1, 0), (0, 1))
        assert o.utilities == (1, 1)
        c = check_outcome(o, top=None, top_known=True)
        assert all(v["ok"] for v in c.values()), c


# ---------------------------------------------------------------- Example 6 (§5.6)
def test_example6_rounds_2_to_4_match_the_paper():
    """Order a1..a4: λ4(4) = {a4} (u = 0), λ3(3) = ⟨{a3,a4}, {g34}⟩ with 2 units each,
    λ2(2) = ⟨{a2,a3,a4}, {g34,2}⟩ with a3, a4 paying 1 and a2 paying 3 — as printed."""
    g = _game("example6")
    V = g.V()
    o = negotiate(g)
    assert o.values[3] == {3: 0}
    assert o.values[2] == {2: V - 2, 3: V - 2}
    assert o.values[1] == {1: V - 3, 2: V - 1, 3: V - 1}
    neg = Negotiator(g)
    r3 = neg.round((2, 3))
    assert r3.agreement.goals == g.goal_mask(["g34"])
    assert [r3.agreement.cost(i) for i in (2, 3)] == [2, 2]
    r2 = neg.round((1, 2, 3))
    assert r2.agreement.goals == g.goal_mask(["g34_2"])
    assert [r2.agreement.cost(i) for i in (1, 2, 3)] == [3, 1, 1]


def test_example6_round_1_differs_from_the_paper_and_is_in_the_core():
    """The paper says λ1(1) = ⟨Ag, {g34,2}, ξ22⟩ with a1 unsatisfied, blocked by {a1,a2}.
    But a1 can propose {g12, g34,1}: it pays 2 + 3 = 5 and is satisfied (u = V − 5 > 0),
    a2 pays 2 (V − 2 ≥ u(2,2) = V − 3), a3 and a4 pay 1 (= u(·,2) = V − 1). The paper's
    λ1(1) is not a solution of LP(1, 1). For every order the outcome is in the core."""
    g = _game("example6")
    V = g.V()
    o = negotiate(g)
    assert o.agreement.goals == g.goal_mask(["g12", "g34_1"])
    assert o.utilities == (V - 5, V - 2, V - 1, V - 1)
    # the paper's λ1(1): feasible for LP(1, 1) but a1 gets 0 < V − 5
    paper = Coop(g.grand, g.goal_mask(["g34_2"]), tuple(
        tuple(3 if (i == 1 and r == g.resources.index("r2_34_2")) else
              1 if (i in (2, 3) and r == g.resources.index(f"r{i + 1}_34_2")) else 0 for r in range(g.t))
        for i in range(g.n)))
    assert find_blocker(g, (paper,), "asp").blocker.coalition == g.agent_mask(["a1", "a2"])
    bounds = ProposalLP(g.grand, 0, (0, V - 3, V - 1, V - 1))
    assert solve_lp(g, bounds, V, "flow").value == V - 5
    # every order: in the core, the pattern is the same up to renaming
    neg = Negotiator(g)
    for order in permutations(range(4)):
        out = neg.play(order)
        first, second, third, fourth = order
        assert sorted(out.utilities) == [V - 5, V - 2, V - 1, V - 1]
        assert out.utilities[first] == V - 5 and out.utilities[second] == V - 2
        assert find_blocker(g, out.sigma, "asp").stable


def test_lp_solvers_agree_on_example6_round1():
    g = _game("example6")
    V = g.V()
    lp = ProposalLP(g.grand, 0, (0, V - 3, V - 1, V - 1))
    assert {solve_lp(g, lp, V, m).value for m in ("flow", "z3", "asp")} == {V - 5}


# ---------------------------------------------------------------- orders
def test_parse_order_errors():
    g = _game("example6")
    assert parse_order(g, "a3,a1,a2,a4") == (2, 0, 1, 3)
    for bad, msg in (("a1,a1,a2,a3", "twice"), ("a1,a2,a3,a5", "unknown"), ("a1,a2", "missing")):
        with pytest.raises(InputError, match=msg):
            parse_order(g, bad)


def test_orders_to_run_limits_and_sampling():
    g = _game("example6")
    orders, total = orders_to_run(g)
    assert total == 24 and len(list(orders)) == 24
    with pytest.raises(UnsupportedError, match="--max-orders"):
        orders_to_run(g, max_orders=10)
    a, _ = orders_to_run(g, sample=5, seed=3)
    b, _ = orders_to_run(g, sample=5, seed=3)
    assert a == b and len(set(a)) == 5


def test_memo_and_no_memo_agree():
    from declcoal.model.crg import random_game
    import random

    g = random_game(random.Random(5), 4, 3, 2, max_en=3)
    with_memo = [o.utilities for o in negotiate_all(g)]
    without = [o.utilities for o in negotiate_all(g, memo=False)]
    assert with_memo == without


# ---------------------------------------------------------------- CLI
def test_cli_single_order_trace(capsys):
    rc, out, err = run(capsys, "crg", "negotiate", EX / "example6.lp", "--order", "a1,a2,a3,a4", "--trace",
                       "--check-properties")
    assert rc == 0, err
    assert "a1 proposes ⟨{a1,a2,a3,a4}, {g12,g34_1}" in out
    assert "a2 accepts" in out and "in core: holds" in out and "t = 3" in out


def test_cli_all_orders_json(capsys):
    rc, out, err = run(capsys, "crg", "negotiate", EX / "example4.lp", "--all-orders", "--check-properties", "--json")
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["orders_done"] == 2 and doc["all_orders"] and not doc["interrupted"]
    assert doc["pseudo_symmetry"]["interchangeable_pairs"] == [["a1", "a2"]]
    assert all(c["ok"] for o in doc["outcomes"] for c in o["checks"].values())


def test_cli_sample(capsys):
    rc, out, err = run(capsys, "crg", "negotiate", EX / "example6.lp", "--sample", "3", "--seed", "7")
    assert rc == 0, err
    assert "3 sampled orders (seed 7)" in out


@pytest.mark.parametrize("args, msg", [
    (["--order", "a1,a1,a2,a3"], "appears twice"),
    (["--order", "a1,a2,a3,b9"], "unknown agent 'b9'"),
    (["--order", "a1,a2,a3"], "missing agent(s) a4"),
    (["--all-orders", "--max-orders", "5"], "more than the limit 5"),
    (["--sample", "0"], "at least 1"),
])
def test_cli_bad_orders_one_line_exit_2(capsys, args, msg):
    rc, out, err = run(capsys, "crg", "negotiate", EX / "example6.lp", *args)
    assert rc == 2
    assert msg in err and err.count("\n") == 1 and "Traceback" not in err


def test_cli_interrupt_keeps_finished_orders(capsys, monkeypatch):
    """Ctrl-C after two orders: both are printed, exit 130."""
    real = Negotiator.play
    calls = {"n": 0}

    def play(self, order):
        calls["n"] += 1
        if calls["n"] > 2:
            raise KeyboardInterrupt
        return real(self, order)

    monkeypatch.setattr(Negotiator, "play", play)
    rc, out, err = run(capsys, "crg", "negotiate", EX / "example6.lp", "--all-orders")
    assert rc == 130
    assert "interrupted: 2 of 24 orders finished" in out
    assert "a1,a2,a3,a4" in out and "a1,a2,a4,a3" in out


def test_solve_has_negotiation_rows(capsys):
    rc, out, err = run(capsys, "solve", EX / "example5.lp")
    assert rc == 0, err
    assert "negotiation u_i" in out and "EU_i" in out


def test_example6_paper_claim_holds_only_with_one_goal_per_proposal():
    """The variant --max-goals 1 (each proposal realises one goal — not the paper's
    LP) reproduces the paper's λ1(1) = ⟨Ag, {g34,2}, ξ22⟩ with a1 unsatisfied, blocked by
    {a1,a2} — and that outcome is Pareto-dominated (Prop. 16 fails for it), so the
    paper's derivation contradicts its own Prop. 16."""
    g = _game("example6")
    V = g.V()
    neg = Negotiator(g, max_goals=1)
    for order in [(0, 1, 2, 3), (0, 2, 3, 1), (3, 1, 0, 2)]:
        o = neg.play(order)
        assert o.utilities[order[0]] == 0
        assert sorted(o.utilities) == [0, V - 3, V - 1, V - 1]
        assert not find_blocker(g, o.sigma, "asp").stable
    o = neg.play((0, 1, 2, 3))
    assert o.agreement.goals == g.goal_mask(["g34_2"])
    imp = pareto_improvement(g, o.utilities)
    assert imp is not None and satisfied(g, 0, imp)
    for m in ("z3", "asp"):
        assert Negotiator(g, m, max_goals=1).play((0, 1, 2, 3)).utilities == o.utilities


def test_cli_max_goals_variant(capsys):
    rc, out, err = run(capsys, "crg", "negotiate", EX / "example6.lp", "--max-goals", "1")
    assert rc == 0, err
    assert "not the paper's LP" in out and "{g34_2}" in out
    rc, out, err = run(capsys, "crg", "negotiate", EX / "example6.lp", "--max-goals", "0")
    assert rc == 2 and "at least 1" in err


def test_departure_path_of_algorithm_1_in_the_one_goal_variant():
    """With one goal per proposal LP(t, t) can be empty: a'_1 leaves with its best
    singleton structure and round 2 settles the rest (Algorithm 1's reject branch)."""
    from declcoal.model.crg import CRG, check_sigma

    g = CRG.build(["a1", "a2", "a3"], ["g1", "g2"], ["r1", "r2", "r3"],
                  {"a1": ["g1"], "a2": ["g1", "g2"], "a3": ["g2"]},
                  {("a1", "r1"): 3, ("a1", "r2"): 2, ("a1", "r3"): 1, ("a2", "r1"): 1, ("a2", "r3"): 3,
                   ("a3", "r1"): 1, ("a3", "r2"): 3, ("a3", "r3"): 2},
                  {("g1", "r2"): 1, ("g1", "r3"): 1, ("g2", "r1"): 2, ("g2", "r2"): 2, ("g2", "r3"): 1})
    o = Negotiator(g, max_goals=1).play((0, 1, 2))
    assert [r.accepted for r in o.rounds] == [False, True]
    assert o.rounds[0].steps[0].action == "cannot propose"
    check_sigma(g, o.sigma)
    assert o.utilities == (10, 11, 8)
    assert any("leaves negotiation" in line for line in o.trace_lines())
    # with the paper's LP nobody leaves
    assert len(Negotiator(g).play((0, 1, 2)).rounds) == 1
