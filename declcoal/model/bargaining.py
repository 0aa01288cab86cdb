"""Bargaining games with coalitional threats, G = (F, Θ, d) (Ray & Vohra 2025, §2).

An n-person game with coalitional threats is a triple G = (F, Θ, d):

* F ⊂ R^N, the payoffs feasible for the grand coalition N. Two shapes are supported:
  :class:`FiniteSet` (a list of payoff vectors, as in Example 1 and the roommate game of
  footnote 28) and :class:`TUSet` (the TU set {x ∈ R^N_+ : Σ x ≤ v}, §5.1);
* Θ = {Θ(S)} for sub-coalitions S ⊂ N: finite sets of threat points y ∈ R^S (coordinates
  in the order of S's members, ascending player index). A coalition with no threat
  points is *ineffective*;
* d ∈ R^N, individual disagreement payoffs;
* γ ≫ 0, the bargaining weights of the (possibly asymmetric) Nash product of eq. (2).

x ∈ F is *blocked* by (S, y) when y ≫ x_S (strictly larger in every coordinate of S);
the unblocked set U(G) collects the points blocked by no threat. All numbers are exact
:class:`~fractions.Fraction` values; the weights must be positive rationals (see
``docs/nash-bargaining.md`` for why that keeps the solution exact).

:class:`BargainingGame` is plain validated data: the coalitional Nash solution σ(G) is a
pure function of it (:func:`declcoal.concepts.bargaining.nash.coalitional_nash_solution`), so later
modules (Nash-in-Nash over coalition structures) can build one G per coalition.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

from ..errors import GameError
from .coalition import Players, braces, grand, members
from .numbers import to_fraction
from .tu import check_player_names, parse_coalition

Point = tuple[Fraction, ...]


@dataclass(frozen=True)
class FiniteSet:
    """A finite feasible set F = {x¹, …, x^m} ⊂ R^N (duplicates removed, order kept)."""

    points: tuple[Point, ...]

    kind = "finite"

    def describe(self) -> str:
        return f"finite set of {len(self.points)} payoff vectors"


@dataclass(frozen=True)
class TUSet:
    """The transferable-utility set F = {x ∈ R^N : x ≥ 0, Σ_i x_i ≤ worth} (§5.1)."""

    worth: Fraction

    kind = "tu"

    def describe(self) -> str:
        return f"TU set {{x >= 0, sum x <= {self.worth}}}"


Feasible = FiniteSet | TUSet


@dataclass(frozen=True)
class Threat:
    """One coalitional threat (S, y): coalition bitmask S and point y ∈ R^S."""

    coalition: int
    point: Point

    def blocks(self, x: Sequence[Fraction]) -> bool:
        """y ≫ x_S: the threat blocks x (§2)."""
        return all(yi > x[i] for i, yi in zip(members(self.coalition), self.point))

    def defenders(self, x: Sequence[Fraction]) -> list[int]:
        """Members i of S with x_i ≥ y_i (they keep x unblocked by this threat)."""
        return [i for i, yi in zip(members(self.coalition), self.point) if x[i] >= yi]

    def binds(self, x: Sequence[Fraction]) -> bool:
        """The constraint 'some i in S has x_i ≥ y_i' is tight at x: nobody exceeds y_i and
        somebody meets it exactly (a conventional constraint on the boundary, §2.5)."""
        tight = False
        for i, yi in zip(members(self.coalition), self.point):
            if x[i] > yi:
                return False
            tight = tight or x[i] == yi
        return tight


@dataclass(frozen=True, eq=False)
class BargainingGame(Players):
    """G = (F, Θ, d) with weights γ (Ray & Vohra 2025, §2, eq. (2))."""

    players: tuple[str, ...]
    feasible: Feasible
    threats: tuple[Threat, ...]
    disagreement: Point
    weights: Point
    name: str = "game"
    meta: dict = field(default_factory=dict, compare=False)

    # ---------------------------------------------------------------- building
    @classmethod
    def build(
        cls,
        players: Sequence[str],
        feasible: Sequence[Sequence[object]] | object,
        threats: Mapping[object, Sequence[Sequence[object]]] | Sequence[Threat] | None = None,
        disagreement: Sequence[object] | None = None,
        weights: Sequence[object] | None = None,
        name: str = "game",
    ) -> "BargainingGame":
        """Validate and build a game.

        ``feasible`` is a list of payoff vectors (finite F) or a single number v (the TU
        set {x ≥ 0, Σ x ≤ v}); ``threats`` maps coalitions (``"P1 P2"``, names, or
        bitmasks) to lists of points in R^S, or is a list of :class:`Threat`;
        ``disagreement`` defaults to 0 and ``weights`` to 1 for every player.
        """
        names = check_player_names(players)
        n = len(names)
        if n > 20:
            raise GameError(f"{n} players: bargaining games support at most 20 players")
        d = _vector(disagreement if disagreement is not None else [0] * n, n, "disagreement point d")
        g = _vector(weights if weights is not None else [1] * n, n, "weights γ")
        for i, w in enumerate(g):
            if w <= 0:
                raise GameError(f"weight of {names[i]} must be positive (γ ≫ 0), got {w}")
        F: Feasible
        if isinstance(feasible, (list, tuple)):
            if not feasible:
                raise GameError("the feasible set F is empty; give at least one payoff vector")
            F = FiniteSet(tuple(dict.fromkeys(  # duplicates dropped, order kept, in linear time
                _vector(p, n, f"feasible payoff vector #{k}") for k, p in enumerate(feasible, start=1))))
        else:
            v = to_fraction(feasible, "worth of the TU feasible set")
            if v < 0:
                raise GameError(f"the TU feasible set needs a worth >= 0, got {v}")
            F = TUSet(v)
        ths: list[Threat] = []
        if threats is None:
            threats = {}
        if isinstance(threats, Mapping):
            for key, pts_ in threats.items():
                mask = parse_coalition(key, names)
                if mask == 0 or mask == grand(n):
                    raise GameError(
                        f"threats belong to proper sub-coalitions S ⊂ N, not to {braces(mask, names) if mask else 'the empty coalition'}"
                    )
                if not isinstance(pts_, (list, tuple)):
                    raise GameError(f"threats of {braces(mask, names)} must be a list of points")
                k = mask.bit_count()
                for j, p in enumerate(pts_, start=1):
                    ths.append(Threat(mask, _vector(p, k, f"threat #{j} of {braces(mask, names)}")))
        else:
            for t in threats:
                if t.coalition == 0 or t.coalition & ~grand(n) or t.coalition == grand(n):
                    raise GameError(f"threat coalition {t.coalition} is not a proper sub-coalition")
                if len(t.point) != t.coalition.bit_count():
                    raise GameError(f"threat of {braces(t.coalition, names)} needs {t.coalition.bit_count()} coordinates")
                ths.append(t)
        ths = list(dict.fromkeys(ths))  # duplicates dropped in linear time (Threat is hashable)
        ths.sort(key=lambda t: (t.coalition.bit_count(), t.coalition, t.point))
        return cls(names, F, tuple(ths), d, g, name=name)

    # ---------------------------------------------------------------- access
    def threat_sets(self) -> dict[int, list[Point]]:
        """Θ(S) for each effective sub-coalition S."""
        out: dict[int, list[Point]] = {}
        for t in self.threats:
            out.setdefault(t.coalition, []).append(t.point)
        return out

    def is_blocked(self, x: Sequence[Fraction]) -> Threat | None:
        """The first threat that blocks x, or None if x is unblocked."""
        for t in self.threats:
            if t.blocks(x):
                return t
        return None

    def contains(self, x: Sequence[Fraction]) -> bool:
        """x ∈ F."""
        if isinstance(self.feasible, FiniteSet):
            return tuple(x) in self.feasible.points
        return all(xi >= 0 for xi in x) and sum(x, Fraction(0)) <= self.feasible.worth

    def with_feasible(self, feasible: Feasible) -> "BargainingGame":
        """The same threats, d and γ with another feasible set (for [IIA])."""
        return replace(self, feasible=feasible)

    def affine(self, alpha: Sequence[object], beta: Sequence[object]) -> "BargainingGame":
        """The affine transform x_i ↦ α_i + β_i x_i of F, Θ and d (footnote 10), β ≫ 0.
        Finite F only: the TU set is not closed under unequal rescaling."""
        a = _vector(alpha, self.n, "alpha")
        b = _vector(beta, self.n, "beta")
        if any(bi <= 0 for bi in b):
            raise GameError("affine transforms need β ≫ 0")
        if not isinstance(self.feasible, FiniteSet):
            raise GameError("affine transforms are defined here for finite feasible sets only")
        f = lambda x: tuple(a[i] + b[i] * x[i] for i in range(self.n))  # noqa: E731
        ths = tuple(
            Threat(t.coalition, tuple(a[i] + b[i] * y for i, y in zip(members(t.coalition), t.point)))
            for t in self.threats
        )
        return replace(self, feasible=FiniteSet(tuple(f(x) for x in self.feasible.points)), threats=ths,
                       disagreement=f(self.disagreement))

    def to_doc(self) -> dict:
        """A ``kind = "bargaining"`` document (see :mod:`declcoal.io.bargaining`)."""
        from .numbers import exact_text

        num = lambda q: q.numerator if q.denominator == 1 else exact_text(q)  # noqa: E731
        doc: dict = {"kind": "bargaining", "name": self.name, "players": list(self.players)}
        if isinstance(self.feasible, FiniteSet):
            doc["feasible"] = [[num(q) for q in x] for x in self.feasible.points]
        else:
            doc["feasible"] = {"worth": num(self.feasible.worth)}
        doc["disagreement"] = [num(q) for q in self.disagreement]
        doc["weights"] = [num(q) for q in self.weights]
        th: dict = {}
        for mask, pts in self.threat_sets().items():
            th[" ".join(self.players[i] for i in members(mask))] = [[num(q) for q in p] for p in pts]
        doc["threats"] = th
        for k in ("description", "source"):
            if k in self.meta:
                doc[k] = self.meta[k]
        return doc

    def __repr__(self) -> str:
        return f"BargainingGame({self.name!r}, players={list(self.players)}, F={self.feasible.describe()}, {len(self.threats)} threats)"


@dataclass(frozen=True, eq=False)
class CoalitionalGame(Players):
    """A characteristic function without externalities (§5.1): a feasible set F(S) ⊂ R^S_+
    for every coalition S (TU: {x ≥ 0, Σx ≤ v(S)}; NTU: a finite set), disagreement
    d = 0, and bargaining weights — *consistent* weights γ_i shared by all coalitions
    (``weights``) or per-coalition weights γ(S) (``coalition_weights``, member order).

    Coalitions missing from ``feasible`` are inactive: F(S) = {0_S}.
    """

    players: tuple[str, ...]
    feasible: dict[int, Feasible]
    weights: Point
    coalition_weights: dict[int, Point] = field(default_factory=dict)
    name: str = "game"
    meta: dict = field(default_factory=dict, compare=False)

    @classmethod
    def build(
        cls,
        players: Sequence[str],
        feasible: Mapping[object, object],
        weights: Sequence[object] | None = None,
        coalition_weights: Mapping[object, Sequence[object]] | None = None,
        name: str = "game",
    ) -> "CoalitionalGame":
        """``feasible`` maps coalitions to a worth (TU) or a list of payoff vectors in R^S
        (finite NTU set); every payoff must be >= 0 (d is normalised to 0, §5.1)."""
        names = check_player_names(players)
        n = len(names)
        if n > 20:
            raise GameError(f"{n} players: coalitional games support at most 20 players")
        g = _vector(weights if weights is not None else [1] * n, n, "weights γ")
        for i, w in enumerate(g):
            if w <= 0:
                raise GameError(f"weight of {names[i]} must be positive (γ ≫ 0), got {w}")
        F: dict[int, Feasible] = {}
        for key, val in feasible.items():
            mask = parse_coalition(key, names)
            if mask == 0:
                raise GameError("the empty coalition has no feasible set")
            if mask in F:
                raise GameError(f"coalition {braces(mask, names)} is given twice")
            k = mask.bit_count()
            if isinstance(val, (list, tuple)):
                if not val:
                    raise GameError(f"F({braces(mask, names)}) is empty; give at least one payoff vector")
                pts: dict[Point, None] = {}  # insertion-ordered set: linear-time loading
                for j, p in enumerate(val, start=1):
                    x = _vector(p, k, f"payoff vector #{j} of {braces(mask, names)}")
                    if any(q < 0 for q in x):
                        raise GameError(f"payoff vector #{j} of {braces(mask, names)} has a negative payoff (d is 0)")
                    pts[x] = None
                F[mask] = FiniteSet(tuple(pts))
            else:
                v = to_fraction(val, f"worth of {braces(mask, names)}")
                if v < 0:
                    raise GameError(f"worth of {braces(mask, names)} is {v}; §5.1 needs v(S) >= 0")
                F[mask] = TUSet(v)
        cw: dict[int, Point] = {}
        for key, ws in (coalition_weights or {}).items():
            mask = parse_coalition(key, names)
            w = _vector(ws, mask.bit_count(), f"weights of {braces(mask, names)}")
            if any(q <= 0 for q in w):
                raise GameError(f"weights of {braces(mask, names)} must be positive")
            cw[mask] = w
        return cls(names, F, g, cw, name=name)

    @classmethod
    def from_tu(cls, game, weights: Sequence[object] | None = None) -> "CoalitionalGame":
        """The TU characteristic function of a :class:`~declcoal.model.tu.TUGame`."""
        game.require_exact("the coalitional Nash solution")
        feas = {m: game.values[m] for m in range(1, 2**game.n)}
        return cls.build(game.players, feas, weights=weights, name=game.name)

    @property
    def consistent(self) -> bool:
        """True when every coalition uses the shared weights γ_S = (γ_i)_{i∈S} (§5.3)."""
        return all(w == tuple(self.weights[i] for i in members(m)) for m, w in self.coalition_weights.items())

    @property
    def is_tu(self) -> bool:
        return all(isinstance(f, TUSet) for f in self.feasible.values())

    def F(self, mask: int) -> Feasible:
        return self.feasible.get(mask, TUSet(Fraction(0)))

    def gamma(self, mask: int) -> Point:
        """γ(S) in member order."""
        if mask in self.coalition_weights:
            return self.coalition_weights[mask]
        return tuple(self.weights[i] for i in members(mask))

    def to_doc(self) -> dict:
        """A ``kind = "bargaining"`` document with a table of coalitions."""
        from .numbers import exact_text

        num = lambda q: q.numerator if q.denominator == 1 else exact_text(q)  # noqa: E731
        doc: dict = {"kind": "bargaining", "name": self.name, "players": list(self.players)}
        doc["weights"] = [num(q) for q in self.weights]
        feas: dict = {}
        for m in sorted(self.feasible, key=lambda m: (m.bit_count(), m)):
            f = self.feasible[m]
            key = " ".join(self.players[i] for i in members(m))
            feas[key] = num(f.worth) if isinstance(f, TUSet) else [[num(q) for q in p] for p in f.points]
        doc["feasible"] = feas
        if self.coalition_weights:
            doc["coalition_weights"] = {" ".join(self.players[i] for i in members(m)): [num(q) for q in w]
                                        for m, w in self.coalition_weights.items()}
        for k in ("description", "source"):
            if k in self.meta:
                doc[k] = self.meta[k]
        return doc

    def __repr__(self) -> str:
        kind = "TU" if self.is_tu else "NTU (finite F(S))"
        return f"CoalitionalGame({self.name!r}, players={list(self.players)}, {kind}, {len(self.feasible)} coalitions listed)"

    def worth(self, mask: int) -> Fraction:
        f = self.F(mask)
        if not isinstance(f, TUSet):
            raise GameError(f"coalition {braces(mask, self.players)} has a finite (NTU) feasible set, not a worth")
        return f.worth


def _vector(values: object, n: int, what: str) -> Point:
    if not isinstance(values, (list, tuple)):
        raise GameError(f"{what}: expected a list of {n} numbers, got {values!r}")
    if len(values) != n:
        raise GameError(f"{what}: expected {n} numbers, got {len(values)}")
    return tuple(to_fraction(v, what) for v in values)


__all__ = ["CoalitionalGame", "BargainingGame", "FiniteSet", "TUSet", "Threat", "Point"]
