"""Checking a proposed allocation x of a TU game against the core family.

For x ∈ ℝ^N (Maschler, Peleg & Shapley 1979; Peleg & Sudhölter 2007, §2–§5):

* feasible: x(N) ≤ v(N); efficient: x(N) = v(N);
* individually rational: x_i ≥ v({i}); an *imputation* is efficient and individually
  rational;
* the excess of a coalition e(S, x) = v(S) − x(S) — what S would gain on its own;
  S *blocks* x when e(S, x) > 0;
* x is in the core iff it is efficient and no coalition blocks it (Gillies 1959);
  it is in the ε-core iff efficient and e(S, x) ≤ ε for all S ≠ ∅, N (Shapley & Shubik
  1966), so its *ε-core level* is the largest excess max_S e(S, x); x is in the least
  core iff that level equals ε* (Maschler, Peleg & Shapley 1979).

All exact: x(S) for every coalition in O(2^n) additions (x(S) = x(S ∖ low) + x_low).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ...errors import GameError
from ...model.numbers import to_fraction
from ...model.tu import TUGame
from ...results import EXACT, jsonable, timed

__all__ = ["check_allocation", "AllocationCheck", "parse_allocation"]


@dataclass
class AllocationCheck:
    """The verdicts on x and the excesses behind them (largest first)."""

    game: str
    players: tuple[str, ...]
    x: list[Fraction]
    total: Fraction
    grand_value: Fraction
    feasible: bool
    efficient: bool
    individually_rational: bool
    irrational_players: list[str]
    imputation: bool
    in_core: bool
    epsilon: Fraction | None  # ε-core level (max excess) when efficient, else None
    blocking_count: int
    excesses: list[tuple[str, Fraction, Fraction, Fraction]]  # (coalition, v(S), x(S), e) sorted, top k
    coalitions: int  # how many proper coalitions were checked
    guarantee: str = EXACT
    seconds: float = 0.0
    params: dict = field(default_factory=dict)

    @property
    def blocking(self) -> list[str]:
        """Coalitions among the listed excesses that block x (e(S, x) > 0)."""
        return [c for c, _, _, e in self.excesses if e > 0]

    def to_dict(self) -> dict:
        return jsonable({
            "concept": "allocation check", "game": self.game, "players": list(self.players),
            "allocation": dict(zip(self.players, self.x)), "total": self.total, "v(N)": self.grand_value,
            "feasible": self.feasible, "efficient": self.efficient, "individually_rational": self.individually_rational,
            "irrational_players": self.irrational_players, "imputation": self.imputation, "in_core": self.in_core,
            "epsilon_core_level": self.epsilon, "blocking_coalitions": self.blocking_count,
            "coalitions_checked": self.coalitions,
            "excesses": [{"coalition": c, "v": v, "x": xs, "excess": e} for c, v, xs, e in self.excesses],
            "guarantee": self.guarantee, "seconds": self.seconds, "params": self.params,
        })


def parse_allocation(values: Sequence[object] | Mapping[str, object], players: Sequence[str]) -> list[Fraction]:
    """x as a list in player order, or a mapping player -> payoff (every player once)."""
    n = len(players)
    if isinstance(values, Mapping):
        unknown = [p for p in values if p not in players]
        if unknown:
            raise GameError(f"unknown player {unknown[0]!r} in the allocation; players are {', '.join(players)}")
        missing = [p for p in players if p not in values]
        if missing:
            raise GameError(f"the allocation gives no payoff to {missing[0]!r}"
                            + (f" and {len(missing) - 1} more" if len(missing) > 1 else ""))
        return [to_fraction(values[p], f"payoff of {p}") for p in players]
    vals = list(values)
    if len(vals) != n:
        raise GameError(f"the allocation has {len(vals)} payoffs, the game has {n} players ({', '.join(players[:8])}"
                        + (", ..." if n > 8 else "") + ")")
    return [to_fraction(v, f"payoff {k + 1} ({players[k]})") for k, v in enumerate(vals)]


def check_allocation(game: TUGame, x: Sequence[object] | Mapping[str, object], top: int | None = 10) -> AllocationCheck:
    """Is x feasible, efficient, an imputation, in the core? Its ε-core level (the
    largest excess) and the ``top`` largest excesses e(S, x) = v(S) − x(S) (all with
    ``top=None``), largest first, ties by coalition size then binary order (Maschler,
    Peleg & Shapley 1979; Gillies 1959 for the core)."""
    game.require_exact("checking an allocation")
    xs = parse_allocation(x, game.players)
    n = game.n
    with timed() as t:
        vN = game.v(game.grand)
        total = sum(xs, Fraction(0))
        low_ir = [p for i, p in enumerate(game.players) if xs[i] < game.v(1 << i)]
        sums = [Fraction(0)] * (1 << n)
        for m in range(1, 1 << n):
            low = m & -m
            sums[m] = sums[m ^ low] + xs[low.bit_length() - 1]
        proper = range(1, (1 << n) - 1)
        ex = [(game.values[m] - sums[m], m) for m in proper]
        blocking = sum(1 for e, _ in ex if e > 0)
        ex.sort(key=lambda em: (-em[0], em[1].bit_count(), em[1]))
        shown = ex if top is None else ex[:top]
        efficient = total == vN
        epsilon = (ex[0][0] if ex else Fraction(0)) if efficient else None
        rows = [(game.label(m), game.values[m], sums[m], e) for e, m in shown]
    return AllocationCheck(
        game.name, game.players, xs, total, vN, total <= vN, efficient, not low_ir, low_ir,
        efficient and not low_ir, efficient and blocking == 0, epsilon, blocking, rows, len(ex),
        seconds=t.seconds, params={"top": top},
    )
