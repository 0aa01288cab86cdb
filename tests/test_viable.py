"""Nash-in-Nash viable structures (Ray & Vohra 2025, §3.2): the recursion against an
independent oracle, against the §5 recursion without externalities, and the properties
the paper states."""
from __future__ import annotations

import random
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import viable_oracle as vo
from declcoal.concepts.bargaining.nash_tu import naive_nash, recursive_nash
from declcoal.concepts.bargaining.viable import lower_covers, maximal, viable_structures
from declcoal.model.bargaining import CoalitionalGame
from declcoal.model.coalition import members
from declcoal.model.partition import PartitionGame, all_structures, bell, from_characteristic, refines
from declcoal.model.tu import TUGame


# ------------------------------------------------------------------ random games
def random_partition_game(rng: random.Random, n: int, *, equilibria: bool = False, weights: bool = False,
                          scale: int = 12, ntu: bool = False) -> PartitionGame:
    players = [str(i + 1) for i in range(n)]

    def value(S):
        if ntu and rng.random() < 0.4:  # a block without transfers: a few payoff vectors
            return [[rng.randint(0, scale) for _ in range(S.bit_count())] for _ in range(rng.randint(1, 4))]
        return F(rng.randint(0, scale * S.bit_count()), rng.choice([1, 1, 2, 3]))

    def eq(pi):
        k = 1 + (rng.random() < 0.25 if equilibria else 0)
        return [[value(S) for S in pi] for _ in range(k)]

    w = [rng.choice([1, 1, 2, F(1, 2), 3]) for _ in range(n)] if weights else None
    cw = {}
    if weights and rng.random() < 0.5:
        for S in range(1, 2**n):
            if S.bit_count() >= 2 and rng.random() < 0.3:
                cw[S] = [rng.choice([1, 2, 3]) for _ in range(S.bit_count())]
    return PartitionGame.from_structure_function(players, eq, weights=w, coalition_weights=cw, name="random")


def symmetric_partition_game(rng: random.Random, n: int) -> PartitionGame:
    """Worths depending only on |S| and the block sizes of π: symmetric players, so
    coalitional Nash solutions often have several maximisers (footnote 18's case)."""
    table: dict = {}

    def eq(pi):
        shape = tuple(sorted(S.bit_count() for S in pi))
        out = []
        for S in pi:
            key = (S.bit_count(), shape)
            if key not in table:
                table[key] = F(rng.randint(0, 10 * S.bit_count()))
                if S.bit_count() == n:  # the grand coalition: between 1x and 1.6x a pair's worth (Example 5's range)
                    pair = table.setdefault((2, tuple(sorted([2] + [1] * (n - 2)))), F(rng.randint(1, 20)))
                    table[key] = pair * F(rng.randint(10, 16), 10)
            out.append(table[key])
        return [out]

    return PartitionGame.from_structure_function([str(i + 1) for i in range(n)], eq, name="symmetric")


def random_tu(rng: random.Random, n: int, scale: int = 10) -> TUGame:
    vals = [0] + [rng.randint(0, scale * bin(m).count("1")) for m in range(1, 2**n)]
    return TUGame.from_list([f"P{i + 1}" for i in range(n)], vals[1:], name="tu")


# ------------------------------------------------------------------ against the oracle
def _compare(game: PartitionGame) -> None:
    r = viable_structures(game)
    n, worths, gamma = vo.from_partition_game(game)
    o = vo.solve(n, worths, gamma)
    to_struct = lambda pi: vo.Struct(vo.Block(members(S)) for S in pi)  # noqa: E731
    for pi, rep in r.reports.items():
        ref = o["structures"][to_struct(pi)]
        assert rep.viable == ref["viable"], game.label(pi)
        # threats Θ*(T, π): exactly the sets of eqs. (8)-(9)
        mine = {(vo.Block(members(t.parent)), vo.Block(members(t.breakaway))): set(t.points) for t in rep.threats}
        assert mine == ref["threats"], game.label(pi)
        for eq, ref_sols in zip(rep.equilibria, ref["blocks"]):
            for b in eq.blocks:
                assert sorted(b.points) == ref_sols[vo.Block(members(b.coalition))], (game.label(pi), b.coalition)
        assert set(r.payoffs(pi)) == ref["nin"] or len(ref["nin"]) > 200
    assert {to_struct(p) for p in r.coarsest} == o["coarsest"]


@pytest.mark.parametrize("seed", range(60))
def test_against_oracle_three_players(seed):
    rng = random.Random(seed)
    _compare(random_partition_game(rng, 3, equilibria=seed % 3 == 0, weights=seed % 2 == 1))


@pytest.mark.parametrize("seed", range(25))
def test_against_oracle_four_players(seed):
    rng = random.Random(1000 + seed)
    _compare(random_partition_game(rng, 4, equilibria=seed % 4 == 0, weights=seed % 2 == 1))


@pytest.mark.parametrize("seed", range(16))
def test_against_oracle_blocks_without_transfers(seed):
    """Blocks with finite sets of payoff vectors (no transfers) mixed with TU blocks."""
    rng = random.Random(3000 + seed)
    _compare(random_partition_game(rng, 3 + seed % 2, equilibria=seed % 3 == 0, weights=seed % 2 == 1, ntu=True))


@pytest.mark.parametrize("seed", range(12))
def test_against_oracle_symmetric(seed):
    _compare(symmetric_partition_game(random.Random(500 + seed), 3 + seed % 2))


def test_against_oracle_cournot_models():
    from declcoal.model.pfg_models import cournot

    for A, cs in [(10, [2, 3, 4]), (23, [1, 3, 5]), (10, [1, 1, 1, 1]), (20, [1, 2, 3, 9]), (12, [1, 2, 2, 3])]:
        _compare(cournot(A, cs))


# ------------------------------------------------------------------ without externalities (§5)
def _check_no_externalities(g: TUGame, weights=None, cw=None) -> None:
    """v(S, π) = v(S): a structure is viable iff each block is effective in the §5.1
    recursion, and each block's solution is σ*(S)."""
    cg = CoalitionalGame.build(g.players, {m: g.values[m] for m in range(1, 2**g.n)}, weights=weights,
                               coalition_weights=cw or {}, name=g.name)
    rec = recursive_nash(cg)
    pg = PartitionGame.from_function(g.players, lambda S, pi: g.values[S], weights=weights, coalition_weights=cw)
    r = viable_structures(pg)
    sigma = {c.coalition: sorted(c.points) for c in rec.coalitions}
    for pi, rep in r.reports.items():
        want = all(sigma[S] for S in pi)
        assert rep.viable == want, pg.label(pi)
        for b in rep.equilibria[0].blocks:
            assert sorted(b.points) == sigma[b.coalition], (pg.label(pi), b.coalition)
    assert sorted(r.report((pg.grand,)).equilibria[0].blocks[0].points) == sorted(rec.solutions)
    # Theorem 2: the naive threats ψ(T) give the same σ*(N)
    assert sorted(naive_nash(cg).solutions) == sorted(rec.solutions)


@pytest.mark.parametrize("n,count", [(3, 150), (4, 100), (5, 30)])
def test_no_externalities_matches_section5(n, count):
    rng = random.Random(7 * n)
    for k in range(count):
        g = random_tu(rng, n)
        weights = [rng.choice([1, 2, 3, F(1, 2)]) for _ in range(n)] if k % 3 == 1 else None
        cw = None
        if k % 5 == 2:
            cw = {m: [rng.choice([1, 2]) for _ in range(m.bit_count())] for m in range(1, 2**n)
                  if m.bit_count() >= 2 and rng.random() < 0.4}
        _check_no_externalities(g, weights, cw)


def test_theorem3_gcs_grand_coalition_viable_and_efficient():
    """Theorem 3: GCS TU games with consistent weights: N viable, σ(N) efficient."""
    from declcoal.concepts.tu.properties import best_partition_value

    rng = random.Random(3)
    for k in range(60):
        n = 3 + k % 2
        g = random_tu(rng, n)
        best, _ = best_partition_value(g)
        vals = list(g.values)
        vals[-1] = max(vals[-1], best)
        g = TUGame.from_list(g.players, vals[1:], name="gcs")
        w = [rng.choice([1, 2, 3]) for _ in range(n)]
        r = viable_structures(from_characteristic(g, weights=w))
        grand = r.report((g.grand,))
        assert grand.viable
        for x in r.payoffs((g.grand,)):
            assert sum(x) == vals[-1]
        assert r.coarsest == [(g.grand,)]


# ------------------------------------------------------------------ properties
@st.composite
def games(draw):
    n = draw(st.integers(3, 4))
    seed = draw(st.integers(0, 10**6))
    return random_partition_game(random.Random(seed), n, equilibria=draw(st.booleans()), weights=draw(st.booleans()),
                                 ntu=draw(st.booleans()))


@settings(max_examples=40)
@given(games())
def test_threats_are_those_of_eqs_8_9(game):
    """Property form of the oracle comparison: Θ*(T, π) for every breakaway of every
    structure equals the independent oracle's eqs. (8)-(9), and so does everything else."""
    _compare(game)


@settings(max_examples=40)
@given(games())
def test_properties(game):
    r = viable_structures(game)
    finest = tuple(1 << i for i in range(game.n))
    assert r.viable(finest)  # §3.2: the finest structure is viable
    assert r.coarsest
    for pi in r.coarsest:
        assert r.viable(pi)
        for other in r.reports:  # no strict coarsening of a coarsest viable structure is viable
            if other != pi and refines(pi, other):
                assert not r.viable(other)
    for pi in r.viable_structures:  # every viable structure refines some coarsest one
        assert any(refines(pi, c) for c in r.coarsest)
    for pi, rep in r.reports.items():
        for eq in rep.equilibria:
            for b in eq.blocks:
                for p in b.points:  # solutions are feasible
                    if isinstance(b.worth, tuple):
                        assert p in b.worth
                    else:
                        assert sum(p) <= b.worth and all(q >= 0 for q in p)
                if not b.points and b.conflict is not None and b.required is not None:
                    assert b.required > b.worth


def test_memo_switch_changes_nothing():
    rng = random.Random(11)
    for _ in range(5):
        g = random_partition_game(rng, 4)
        a, b = viable_structures(g, memo=True), viable_structures(g, memo=False)
        assert a.coarsest == b.coarsest
        for pi in a.reports:
            assert a.viable(pi) == b.viable(pi) and a.payoffs(pi) == b.payoffs(pi)
            assert [t.points for t in a.reports[pi].threats] == [t.points for t in b.reports[pi].threats]


def test_z3_method_agrees():
    rng = random.Random(5)
    for _ in range(4):
        g = random_partition_game(rng, 3, weights=True)
        a, b = viable_structures(g), viable_structures(g, method="z3")
        assert all(a.payoffs(p) == b.payoffs(p) for p in a.reports)


def test_lattice_helpers():
    for n in range(1, 7):
        assert len(all_structures(n)) == bell(n)
    grand = (0b1111,)
    covers = lower_covers(grand)
    assert len(covers) == 2**3 - 1  # splits of a 4-set into two blocks
    assert maximal([(1, 2, 4), (3, 4), (1, 6)]) == [(1, 6), (3, 4)]


def test_interrupt_keeps_finished_structures():
    """Ctrl-C (KeyboardInterrupt) returns the structures finished so far, finest first."""
    from declcoal.model.pfg_models import cournot

    def stop(done, total):
        if done == 3:
            raise KeyboardInterrupt

    r = viable_structures(cournot(10, [1, 1, 1, 1]), progress=stop)
    assert r.interrupted and len(r.reports) == 3 and r.coarsest == []
    assert all(len(p) >= 3 for p in r.reports)
    assert "interrupted after 3 of 15" in r.notes[-1]
