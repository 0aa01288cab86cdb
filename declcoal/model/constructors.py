"""Games of the field, given by a few numbers instead of 2^n − 1 worths.

Each class is plain validated data with the parameters the literature uses, a worth
function ``v(mask)`` that needs no table, and :meth:`to_tu` building the dense
:class:`~declcoal.model.tu.TUGame` (refused beyond :data:`MAX_EXACT_PLAYERS` with the
limit named). Concepts that have a formula in the parameters (power indices of a
weighted voting game, bankruptcy rules, the airport game's Shapley value) use the
parameters directly and work for hundreds of players; see ``docs/games-of-the-field.md``.

* :class:`WeightedVotingGame` — [q; w_1, ..., w_n]: v(S) = 1 iff w(S) ≥ q
  (Shapley & Shubik 1954; Banzhaf 1965).
* :class:`BankruptcyGame` — estate E, claims c_i: v(S) = max(0, E − Σ_{i∉S} c_i)
  (O'Neill 1982; Aumann & Maschler 1985).
* :class:`AirportGame` — runway costs c_i: c(S) = max_{i∈S} c_i (Littlechild & Owen 1973).
* :class:`GloveGame` — left and right gloves: v(S) = min(|S∩L|, |S∩R|) (Shapley 1959;
  the simplest market game, Shapley & Shubik 1969).
* :class:`UnanimityGame` — carrier T: v(S) = a if T ⊆ S else 0 (Shapley 1953: the
  basis of the space of games).
* :class:`AdditiveGame` — v(S) = Σ_{i∈S} a_i (inessential games).
* :class:`MSTGame` — minimum cost spanning tree to a source (Bird 1976), a cost game.
* :class:`AssignmentGame` — buyers and sellers, v(S) = the best matching inside S
  (Shapley & Shubik 1971).

``KIND_CLASSES`` maps the ``kind`` of a game file (``kind = "weighted-voting"``) to its
class; each class reads its parameters with ``from_doc`` and writes them with ``to_doc``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ..errors import GameError
from .coalition import Players, members
from .numbers import to_fraction
from .tu import MAX_EXACT_PLAYERS, TUGame, check_player_names, check_size

__all__ = [
    "FieldGame", "WeightedVotingGame", "BankruptcyGame", "AirportGame", "GloveGame", "UnanimityGame",
    "AdditiveGame", "MSTGame", "AssignmentGame", "KIND_CLASSES", "weighted_voting", "bankruptcy", "airport",
    "glove", "unanimity", "additive", "mst_game", "assignment_game", "MAX_EXACT_PLAYERS",
]


def _players(players: Sequence[str] | None, n: int, prefix: str = "p") -> tuple[str, ...]:
    if players is None:
        players = [f"{prefix}{i + 1}" for i in range(n)]
    names = check_player_names(players)
    if len(names) != n:
        raise GameError(f"{len(names)} player names for {n} parameters; give one name per player")
    return names


def _nonneg(values: Sequence[object], what: str) -> tuple[Fraction, ...]:
    out = []
    for k, x in enumerate(values):
        q = to_fraction(x, f"{what} {k + 1}")
        if q < 0:
            raise GameError(f"{what} {k + 1} must be >= 0, got {x}")
        out.append(q)
    return tuple(out)


def _num(q: Fraction) -> int | str:
    from .numbers import exact_text

    return q.numerator if q.denominator == 1 else exact_text(q)


@dataclass(frozen=True, eq=False)
class FieldGame(Players):
    """Base of the parametric games: players, a name, and v(mask) without a table."""

    players: tuple[str, ...]
    name: str = "game"
    meta: dict = field(default_factory=dict, compare=False, repr=False)

    kind = "tu"  # overridden: the ``kind`` of its game file

    def v(self, mask: int) -> Fraction:  # pragma: no cover - abstract
        """The worth of the coalition with bitmask ``mask``."""
        raise NotImplementedError

    def index(self, player: str) -> int:
        try:
            return self.players.index(player)
        except ValueError:
            raise GameError(f"unknown player {player!r}") from None

    def to_tu(self) -> TUGame:
        """The dense TU game (2^n worths), refused beyond the exact dense limit
        (:data:`MAX_EXACT_PLAYERS` players) with the limit named."""
        check_size(self.n)
        g = TUGame.from_function(self.players, self.v, name=self.name)
        object.__setattr__(g, "meta", {**self.meta, "constructor": self})
        return g

    def params(self) -> dict:  # pragma: no cover - abstract
        """The parameters, as written in a game file."""
        raise NotImplementedError

    def to_doc(self) -> dict:
        """A TOML/JSON document ``{kind, name, players, ...parameters}``."""
        doc = {"kind": self.kind, "name": self.name, "players": list(self.players)}
        for k in ("description", "source"):
            if k in self.meta:
                doc[k] = self.meta[k]
        doc.update(self.params())
        return doc

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.players == other.players and self.params() == other.params()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]


# ---------------------------------------------------------------- weighted voting
@dataclass(frozen=True, eq=False)
class WeightedVotingGame(FieldGame):
    """[q; w_1, ..., w_n]: a coalition wins (worth 1) iff its weight reaches the quota
    (Shapley & Shubik 1954; Banzhaf 1965). Weights ≥ 0, 0 < q ≤ Σ w."""

    quota: Fraction = Fraction(1)
    weights: tuple[Fraction, ...] = ()
    kind = "weighted-voting"

    def v(self, mask: int) -> Fraction:
        w = sum((self.weights[i] for i in members(mask)), Fraction(0))
        return Fraction(1) if w >= self.quota else Fraction(0)

    def params(self) -> dict:
        return {"quota": _num(self.quota), "weights": [_num(w) for w in self.weights]}

    @classmethod
    def build(cls, quota: object, weights: Sequence[object], players: Sequence[str] | None = None,
              name: str = "weighted-voting") -> "WeightedVotingGame":
        w = _nonneg(weights, "weight")
        names = _players(players, len(w))
        q = to_fraction(quota, "quota")
        total = sum(w, Fraction(0))
        if q <= 0:
            raise GameError(f"the quota must be > 0 (else the empty coalition would win), got {quota}")
        if q > total:
            raise GameError(f"the quota {quota} exceeds the total weight {total}: no coalition wins")
        return cls(names, name, {}, q, w)


def weighted_voting(quota: object, weights: Sequence[object], players: Sequence[str] | None = None,
                    name: str = "weighted-voting") -> WeightedVotingGame:
    """The weighted voting game [q; w_1..w_n] (Shapley & Shubik 1954): v(S) = 1 iff
    Σ_{i∈S} w_i ≥ q. Its power indices (:func:`declcoal.shapley_shubik_index`,
    :func:`declcoal.banzhaf_index`) use the weights directly, for hundreds of players."""
    return WeightedVotingGame.build(quota, weights, players, name)


# ---------------------------------------------------------------- bankruptcy
@dataclass(frozen=True, eq=False)
class BankruptcyGame(FieldGame):
    """Estate E and claims c_i with Σ c_i ≥ E ≥ 0: v(S) = max(0, E − Σ_{i∉S} c_i), what
    S gets when everyone else is paid first (O'Neill 1982; Aumann & Maschler 1985)."""

    estate: Fraction = Fraction(0)
    claims: tuple[Fraction, ...] = ()
    kind = "bankruptcy"

    def v(self, mask: int) -> Fraction:
        outside = sum((c for i, c in enumerate(self.claims) if not mask >> i & 1), Fraction(0))
        return max(Fraction(0), self.estate - outside)

    def params(self) -> dict:
        return {"estate": _num(self.estate), "claims": [_num(c) for c in self.claims]}

    @classmethod
    def build(cls, estate: object, claims: Sequence[object], players: Sequence[str] | None = None,
              name: str = "bankruptcy") -> "BankruptcyGame":
        c = _nonneg(claims, "claim")
        names = _players(players, len(c))
        e = to_fraction(estate, "estate")
        if e < 0:
            raise GameError(f"the estate must be >= 0, got {estate}")
        if e > sum(c, Fraction(0)):
            raise GameError(f"the estate {estate} exceeds the total claims {sum(c, Fraction(0))}: not a bankruptcy "
                            "problem (everyone can be paid in full)")
        return cls(names, name, {}, e, c)


def bankruptcy(estate: object, claims: Sequence[object], players: Sequence[str] | None = None,
               name: str = "bankruptcy") -> BankruptcyGame:
    """The bankruptcy game of (E; c) (O'Neill 1982): v(S) = max(0, E − Σ_{i∉S} c_i).
    The classic division rules are in :mod:`declcoal.concepts.tu.bankruptcy`; the
    nucleolus of this game is the Talmud rule (Aumann & Maschler 1985)."""
    return BankruptcyGame.build(estate, claims, players, name)


# ---------------------------------------------------------------- airport
@dataclass(frozen=True, eq=False)
class AirportGame(FieldGame):
    """Runway costs c_i ≥ 0: the cost game c(S) = max_{i∈S} c_i (Littlechild & Owen
    1973). ``form = "cost"`` stores c as the worths; ``form = "savings"`` stores the
    savings game s(S) = Σ_{i∈S} c_i − c(S), a profit game for core and nucleolus."""

    costs: tuple[Fraction, ...] = ()
    form: str = "cost"
    kind = "airport"

    def cost(self, mask: int) -> Fraction:
        return max((self.costs[i] for i in members(mask)), default=Fraction(0))

    def v(self, mask: int) -> Fraction:
        c = self.cost(mask)
        if self.form == "cost":
            return c
        return sum((self.costs[i] for i in members(mask)), Fraction(0)) - c

    def params(self) -> dict:
        out: dict = {"costs": [_num(c) for c in self.costs]}
        if self.form != "cost":
            out["form"] = self.form
        return out

    @classmethod
    def build(cls, costs: Sequence[object], players: Sequence[str] | None = None, name: str = "airport",
              form: str = "cost") -> "AirportGame":
        c = _nonneg(costs, "cost")
        if form not in ("cost", "savings"):
            raise GameError(f"form must be 'cost' or 'savings', got {form!r}")
        return cls(_players(players, len(c)), name, {}, c, form)


def airport(costs: Sequence[object], players: Sequence[str] | None = None, name: str = "airport",
            form: str = "cost") -> AirportGame:
    """The airport game of Littlechild & Owen (1973): c(S) = max_{i∈S} c_i. Its Shapley
    value is the sequential rule (:func:`declcoal.airport_shapley`), any n."""
    return AirportGame.build(costs, players, name, form)


# ---------------------------------------------------------------- glove / market
@dataclass(frozen=True, eq=False)
class GloveGame(FieldGame):
    """Owners of left and right gloves; a pair is worth 1: v(S) = min(Σ_{S} l_i, Σ_{S} r_i)
    with l_i, r_i the gloves player i holds (Shapley 1959; a market game in the sense of
    Shapley & Shubik 1969)."""

    left: tuple[Fraction, ...] = ()
    right: tuple[Fraction, ...] = ()
    kind = "glove"

    def v(self, mask: int) -> Fraction:
        ms = members(mask)
        return min(sum((self.left[i] for i in ms), Fraction(0)), sum((self.right[i] for i in ms), Fraction(0)))

    def params(self) -> dict:
        ones = all(x in (0, 1) for x in self.left + self.right) and all(
            not (a and b) for a, b in zip(self.left, self.right))
        if ones:
            return {"left": [p for p, x in zip(self.players, self.left) if x],
                    "right": [p for p, x in zip(self.players, self.right) if x]}
        return {"left": {p: _num(x) for p, x in zip(self.players, self.left) if x},
                "right": {p: _num(x) for p, x in zip(self.players, self.right) if x}}

    @classmethod
    def build(cls, players: Sequence[str], left: Sequence[str] | Mapping[str, object],
              right: Sequence[str] | Mapping[str, object], name: str = "glove") -> "GloveGame":
        names = check_player_names(players)
        return cls(names, name, {}, _holdings(names, left, "left"), _holdings(names, right, "right"))


def _holdings(names: Sequence[str], spec: Sequence[str] | Mapping[str, object], what: str) -> tuple[Fraction, ...]:
    index = {p: i for i, p in enumerate(names)}
    out = [Fraction(0)] * len(names)
    items = spec.items() if isinstance(spec, Mapping) else ((p, 1) for p in spec)
    for p, k in items:
        if p not in index:
            raise GameError(f"unknown player {p!r} in {what}; players are {', '.join(names)}")
        q = to_fraction(k, f"{what} gloves of {p}")
        if q < 0:
            raise GameError(f"{what} gloves of {p} must be >= 0, got {k}")
        out[index[p]] += q
    return tuple(out)


def glove(players: Sequence[str], left: Sequence[str] | Mapping[str, object],
          right: Sequence[str] | Mapping[str, object], name: str = "glove") -> GloveGame:
    """The glove game (Shapley 1959): ``left``/``right`` list the owners of one glove
    each, or map owners to how many they hold; v(S) = min(left in S, right in S)."""
    return GloveGame.build(players, left, right, name)


# ---------------------------------------------------------------- unanimity / additive
@dataclass(frozen=True, eq=False)
class UnanimityGame(FieldGame):
    """u_T: v(S) = a if T ⊆ S, else 0 (Shapley 1953; the unanimity games form a basis
    of the TU games on N, with the Harsanyi dividends as coordinates)."""

    carrier: int = 0
    worth: Fraction = Fraction(1)
    kind = "unanimity"

    def v(self, mask: int) -> Fraction:
        return self.worth if mask & self.carrier == self.carrier else Fraction(0)

    def params(self) -> dict:
        out: dict = {"carrier": [self.players[i] for i in members(self.carrier)]}
        if self.worth != 1:
            out["worth"] = _num(self.worth)
        return out

    @classmethod
    def build(cls, players: Sequence[str], carrier: Sequence[str], worth: object = 1,
              name: str = "unanimity") -> "UnanimityGame":
        names = check_player_names(players)
        index = {p: i for i, p in enumerate(names)}
        mask = 0
        for p in carrier:
            if p not in index:
                raise GameError(f"unknown player {p!r} in carrier; players are {', '.join(names)}")
            mask |= 1 << index[p]
        if mask == 0:
            raise GameError("the carrier T of a unanimity game must be non-empty")
        return cls(names, name, {}, mask, to_fraction(worth, "worth"))


def unanimity(players: Sequence[str], carrier: Sequence[str], worth: object = 1,
              name: str = "unanimity") -> UnanimityGame:
    """The unanimity game u_T (Shapley 1953): worth ``worth`` for coalitions containing
    every player of ``carrier``. Shapley value: worth/|T| to each member of T."""
    return UnanimityGame.build(players, carrier, worth, name)


@dataclass(frozen=True, eq=False)
class AdditiveGame(FieldGame):
    """v(S) = Σ_{i∈S} a_i: an inessential game; every solution concept pays a."""

    values: tuple[Fraction, ...] = ()
    kind = "additive"

    def v(self, mask: int) -> Fraction:
        return sum((self.values[i] for i in members(mask)), Fraction(0))

    def params(self) -> dict:
        return {"values": [_num(a) for a in self.values]}

    @classmethod
    def build(cls, values: Sequence[object], players: Sequence[str] | None = None,
              name: str = "additive") -> "AdditiveGame":
        a = tuple(to_fraction(x, f"value {k + 1}") for k, x in enumerate(values))
        return cls(_players(players, len(a)), name, {}, a)


def additive(values: Sequence[object], players: Sequence[str] | None = None, name: str = "additive") -> AdditiveGame:
    """The additive game v(S) = Σ_{i∈S} a_i (von Neumann & Morgenstern 1944: an inessential
    game; every value, the core and the nucleolus pay a)."""
    return AdditiveGame.build(values, players, name)


# ---------------------------------------------------------------- MST and assignment
@dataclass(frozen=True, eq=False)
class MSTGame(FieldGame):
    """Minimum cost spanning tree game (Bird 1976): players are the nodes of a graph
    with a source ``source``; c(S) = the cost of a minimum spanning tree of S ∪ {source}
    using only edges among them (a cost game; ∞ if S cannot reach the source is refused:
    the graph must make every coalition connected — a complete graph)."""

    edges: tuple[tuple[str, str, Fraction], ...] = ()
    source: str = "0"
    kind = "mst"

    def v(self, mask: int) -> Fraction:
        import networkx as nx

        inside = {self.source} | {self.players[i] for i in members(mask)}
        g = nx.Graph()
        g.add_nodes_from(inside)
        g.add_weighted_edges_from((a, b, w) for a, b, w in self.edges if a in inside and b in inside)
        if not nx.is_connected(g):
            raise GameError(f"coalition {{{','.join(sorted(inside - {self.source}))}}} cannot reach the source "
                            f"{self.source!r} through its own nodes")
        t = nx.minimum_spanning_tree(g)
        return sum((Fraction(d["weight"]) for _, _, d in t.edges(data=True)), Fraction(0))

    def params(self) -> dict:
        return {"source": self.source, "edges": [[a, b, _num(w)] for a, b, w in self.edges]}

    @classmethod
    def build(cls, players: Sequence[str], edges: Sequence[Sequence[object]], source: str = "0",
              name: str = "mst") -> "MSTGame":
        names = check_player_names(players)
        nodes = set(names) | {source}
        if source in names:
            raise GameError(f"the source {source!r} must not be a player")
        out = []
        for k, e in enumerate(edges):
            if not isinstance(e, (list, tuple)) or len(e) != 3:
                raise GameError(f"edge {k + 1} must be [node, node, cost], got {e!r}")
            a, b, w = e
            for x in (a, b):
                if x not in nodes:
                    raise GameError(f"edge {k + 1}: unknown node {x!r} (players or the source {source!r})")
            c = to_fraction(w, f"cost of edge {k + 1}")
            if c < 0:
                raise GameError(f"cost of edge {k + 1} must be >= 0, got {w}")
            out.append((str(a), str(b), c))
        return cls(names, name, {}, tuple(out), source)


def mst_game(players: Sequence[str], edges: Sequence[Sequence[object]], source: str = "0",
             name: str = "mst") -> MSTGame:
    """Minimum cost spanning tree cost game (Bird 1976): ``edges`` are ``(a, b, cost)``
    among players and ``source``; c(S) = MST cost of S ∪ {source}. Bird's rule (each
    player pays the edge towards the source in one MST) is a core allocation."""
    return MSTGame.build(players, edges, source, name)


@dataclass(frozen=True, eq=False)
class AssignmentGame(FieldGame):
    """Assignment game (Shapley & Shubik 1971): buyers B and sellers S with a value
    a_bs ≥ 0 for each pair; v(C) = the maximum total value of a matching of buyers and
    sellers inside C. Its core is never empty (the dual LP's optimal solutions)."""

    buyers: tuple[str, ...] = ()
    sellers: tuple[str, ...] = ()
    value: tuple[tuple[Fraction, ...], ...] = ()
    kind = "assignment"

    def v(self, mask: int) -> Fraction:
        import networkx as nx

        idx = {p: i for i, p in enumerate(self.players)}
        bs = [b for b in self.buyers if mask >> idx[b] & 1]
        ss = [s for s in self.sellers if mask >> idx[s] & 1]
        if not bs or not ss:
            return Fraction(0)
        den = 1
        for row in self.value:
            for a in row:
                den = den * a.denominator // _gcd(den, a.denominator)
        g = nx.Graph()
        bi = {b: k for k, b in enumerate(self.buyers)}
        si = {s: k for k, s in enumerate(self.sellers)}
        for b in bs:
            for s in ss:
                a = self.value[bi[b]][si[s]]
                if a > 0:
                    g.add_edge(("b", b), ("s", s), weight=int(a * den))
        match = nx.max_weight_matching(g)
        return Fraction(sum(g[u][w]["weight"] for u, w in match), den)

    def params(self) -> dict:
        return {"buyers": list(self.buyers), "sellers": list(self.sellers),
                "value": [[_num(a) for a in row] for row in self.value]}

    @classmethod
    def build(cls, buyers: Sequence[str], sellers: Sequence[str], value: Sequence[Sequence[object]],
              name: str = "assignment") -> "AssignmentGame":
        names = check_player_names(list(buyers) + list(sellers))
        if len(value) != len(buyers) or any(len(r) != len(sellers) for r in value):
            raise GameError(f"value must be a {len(buyers)} × {len(sellers)} matrix (a row per buyer, a column "
                            "per seller)")
        rows = tuple(_nonneg(r, f"value of buyer {buyers[k]} for seller") for k, r in enumerate(value))
        return cls(names, name, {}, tuple(buyers), tuple(sellers), rows)


def _gcd(a: int, b: int) -> int:
    import math

    return math.gcd(a, b)


def assignment_game(buyers: Sequence[str], sellers: Sequence[str], value: Sequence[Sequence[object]],
                    name: str = "assignment") -> AssignmentGame:
    """The assignment game of Shapley & Shubik (1971): v(C) = the best buyer–seller
    matching inside C, with ``value[b][s]`` the pair's joint value."""
    return AssignmentGame.build(buyers, sellers, value, name)


#: ``kind`` of a game file -> the class that reads it
KIND_CLASSES: dict[str, type[FieldGame]] = {
    c.kind: c for c in (WeightedVotingGame, BankruptcyGame, AirportGame, GloveGame, UnanimityGame, AdditiveGame,
                        MSTGame, AssignmentGame)
}
