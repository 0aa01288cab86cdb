"""Coalitional Nash bargaining without externalities (Ray & Vohra 2025, §5.1–§5.3).

For a characteristic function (F(S))_S with d = 0 the threats are endogenous:

* recursive (§5.1, eqs. (31)–(32)): Θ*({i}) = F({i}); bottom-up, for every coalition S,
  U*(S) = {x ∈ F(S) unblocked by every (T, y), T ⊂ S, y ∈ Θ*(T)} and
  Θ*(S) = σ*(S) = argmax_{x ∈ U*(S)} Π x_j^{γ_j(S)}; if U*(S) = ∅, S is *ineffective*
  and Θ*(S) = {0_S}. Every point of a multi-valued σ*(T) acts as a threat.
* naive (§5.2, eq. (33), Theorem 2): U^naive(S) uses the *unconstrained* Nash solutions
  ψ(T) = argmax_{x ∈ F(T)} Π x_j^{γ_j(T)} as the only threats — no recursion. For convex
  F(S) (every TU game) Theorem 2 proves U*(S) = U^naive(S), so both give σ*(S).
* Theorem 3 (§5.3): a grand-coalition-superadditive TU game with consistent weights has
  a viable grand coalition and an efficient σ*(N); :func:`theorem3_allocation` builds
  the allocation of the constructive proof (Appendix A) and checks it.

Each σ*(S) is computed by :func:`declcoal.concepts.bargaining.nash.coalitional_nash_solution` on an
explicit game G(S) = (F(S), Θ*, 0, γ(S)) built by :func:`coalition_game` — the same pure
function a Nash-in-Nash module can call per coalition and structure.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ... import progress
from ...errors import UnsupportedError
from ...model.bargaining import BargainingGame, CoalitionalGame, Point, Threat, TUSet
from ...model.coalition import braces, label, members
from ...model.tu import TUGame
from ...results import EXACT, jsonable, timed
from .nash import NashResult, coalitional_nash_solution, common_exponents, nash_power, waterfill

MODES = ("recursive", "naive", "both")

#: the player counts the default pair limit (:data:`declcoal.limits.NASH_PAIRS`) admits:
#: the recursion solves 2^n − 1 coalition problems; the naive path one problem with 2^n − 2 threats
MAX_RECURSIVE_PLAYERS = 10
MAX_NAIVE_PLAYERS = 16


def threat_pairs(n: int, path: str = "recursive") -> int:
    """The (S, T) pairs, T ⊂ S a threatening sub-coalition, a §5 run examines on n
    players: Σ_{|S|≥2} (2^|S| − 2) = 3^n − 2^(n+1) + 1 for the recursion (§5.1, and the
    naive path over every coalition, and the Dutta–Ray recursion of §5.4); 2^n − 2 for
    the naive path of the grand coalition alone (Theorem 2); 3^n for Theorem 3's
    partition checks."""
    if path == "grand":
        return 2**n - 2
    if path == "partitions":
        return 3**n
    return 3**n - 2 ** (n + 1) + 1


#: what each path enumerates, for the refusal
PATHS = {"recursive": "(S, T ⊂ S) threat pairs of the §5.1 recursion",
         "all": "(S, T ⊂ S) threat pairs of the naive path over every coalition",
         "egalitarian": "(S, T ⊂ S) threat pairs of the Dutta–Ray recursion (§5.4)",
         "grand": "threats T ⊂ N of the naive path (Theorem 2)",
         "partitions": "coalition pairs of Theorem 3's partition checks (3^n)"}


def check_pairs(n: int, path: str, max_pairs: int | None, avoid: str | None = None) -> None:
    """Refuse at once (:func:`declcoal.limits.refuse`) when the run's (S, T) pairs exceed
    ``max_pairs`` (default :data:`declcoal.limits.NASH_PAIRS`); ``path`` is a key of
    :data:`PATHS`."""
    from ... import limits

    limit = limits.NASH_PAIRS if max_pairs is None else max_pairs
    size = threat_pairs(n, path)
    if size > limit:
        raise limits.refuse(f"{n} players: {PATHS[path]}", size, limit, "--max-pairs N", avoid)


def _check_size(n: int, limit: int, what: str) -> None:  # kept for callers outside this module
    if n > limit:
        raise UnsupportedError(f"{n} players: the {what} supports at most {limit} players "
                               f"(it handles 2^{n} = {2**n:,} coalitions exactly)")


# ------------------------------------------------------------------ building G(S)
def local_mask(T: int, S: int) -> int:
    """T ⊆ S as a bitmask over S's members (S's k-th member is local bit k)."""
    out = 0
    for k, i in enumerate(members(S)):
        if T >> i & 1:
            out |= 1 << k
    return out


def coalition_game(game: CoalitionalGame, S: int, threats: dict[int, list[Point]]) -> BargainingGame:
    """G(S) = (F(S), Θ restricted to proper sub-coalitions of S, 0, γ(S)) in S's own
    coordinates. ``threats`` maps global coalition masks T to points in R^T.
    Threat points with a coordinate <= 0 are dropped: they cannot block any x ≥ 0."""
    names = tuple(game.players[i] for i in members(S))
    keys: set[tuple[int, Point]] = set()
    for T, pts in threats.items():
        if T == S or T & ~S:
            continue
        lm = local_mask(T, S)
        for y in pts:
            if all(q > 0 for q in y):
                keys.add((lm, tuple(y)))
    ths = [Threat(m, y) for m, y in sorted(keys, key=lambda k: (k[0].bit_count(), k[0], k[1]))]
    k = len(names)
    return BargainingGame(names, game.F(S), tuple(ths), (Fraction(0),) * k, game.gamma(S),
                          name=f"{game.name}[{label(S, game.players)}]")


def unconstrained_nash(game: CoalitionalGame, S: int) -> list[Point]:
    """Ψ(S) = argmax_{x ∈ F(S)} Π x_j^{γ_j(S)} ignoring every coalitional threat (§5.2).
    For TU sets the single point ψ(S)_i = γ_i v(S) / Σ_{j∈S} γ_j."""
    F = game.F(S)
    g = game.gamma(S)
    if isinstance(F, TUSet):
        z = waterfill([Fraction(0)] * len(g), F.worth, g)
        return [tuple(z)]  # type: ignore[arg-type]
    exps, _ = common_exponents(g)
    best, out = None, []
    for x in F.points:
        k = nash_power(x, (Fraction(0),) * len(x), exps)
        if best is None or k > best:
            best, out = k, [x]
        elif k == best:
            out.append(x)
    return out


# ------------------------------------------------------------------ results
@dataclass
class CoalitionSolution:
    """σ*(S) for one coalition (points in the order of S's members)."""

    coalition: int
    label: str
    effective: bool
    points: list[Point]
    threats: int = 0
    pieces: int = 0
    result: NashResult | None = None

    def to_dict(self) -> dict:
        return jsonable({
            "coalition": self.label, "effective": self.effective, "solution": [list(p) for p in self.points],
            "threats_considered": self.threats, "pieces_examined": self.pieces,
            "binding_threats": self.result.binding if self.result else None,
        })


@dataclass
class CoalitionalNashResult:
    """The coalitional Nash solution of every coalition, bottom-up (§5.1) or naive (§5.2)."""

    game: str
    players: list[str]
    mode: str
    weights: list[Fraction]
    consistent: bool
    coalitions: list[CoalitionSolution]
    grand: NashResult | None
    pieces: int = 0
    seconds: float = 0.0
    guarantee: str = EXACT
    notes: list[str] = field(default_factory=list)

    concept = "coalitional Nash solution"

    @property
    def solutions(self) -> list[Point]:
        return list(self.grand.solutions) if self.grand else []

    @property
    def ineffective(self) -> list[str]:
        return [c.label for c in self.coalitions if not c.effective]

    def of(self, S: int) -> CoalitionSolution | None:
        for c in self.coalitions:
            if c.coalition == S:
                return c
        return None

    def to_dict(self) -> dict:
        return jsonable({
            "concept": self.concept, "game": self.game, "players": self.players, "mode": self.mode,
            "weights": self.weights, "consistent_weights": self.consistent,
            "solutions": [list(p) for p in self.solutions],
            "grand_coalition": self.grand.to_dict() if self.grand else None,
            "coalitions": [c.to_dict() for c in self.coalitions],
            "ineffective": self.ineffective, "pieces_examined": self.pieces,
            "seconds": self.seconds, "guarantee": self.guarantee, "notes": self.notes,
        })


def _order(n: int) -> list[int]:
    return sorted(range(1, 2**n), key=lambda m: (m.bit_count(), m))


def _as_game(game: CoalitionalGame | TUGame, weights: Sequence[object] | None) -> CoalitionalGame:
    if isinstance(game, TUGame):
        return CoalitionalGame.from_tu(game, weights)
    if weights is not None:
        return CoalitionalGame.build(game.players, {m: (f.worth if isinstance(f, TUSet) else list(f.points))
                                                    for m, f in game.feasible.items()},
                                     weights=weights, name=game.name)
    return game


# ------------------------------------------------------------------ §5.1 recursion
def recursive_nash(game: CoalitionalGame | TUGame, weights: Sequence[object] | None = None,
                   method: str = "bnb", max_pairs: int | None = None) -> CoalitionalNashResult:
    """σ*(S) = Θ*(S) for every coalition, bottom-up (§5.1, eqs. (31)–(32)). Refused at
    once above ``max_pairs`` (S, T) pairs (:func:`threat_pairs`; docs/limits.md)."""
    g = _as_game(game, weights)
    check_pairs(g.n, "recursive", max_pairs, "the naive path (--naive) gives the same σ*(N) for TU games by "
                "Theorem 2 from 2^n − 2 threats" if g.is_tu else None)
    threats: dict[int, list[Point]] = {}
    sols: list[CoalitionSolution] = []
    total = 0
    grand_res = None
    P = g.players
    with timed() as tm:
        for S in progress.iterate(_order(g.n), "coalitions (§5.1 recursion)"):
            if S.bit_count() == 1:
                F = g.F(S)
                top = (F.worth,) if isinstance(F, TUSet) else max(F.points)
                threats[S] = [top]  # Θ*({i}) = F({i}); its maximum is the binding threat
                sols.append(CoalitionSolution(S, label(S, P), True, [top]))
                if S == g.grand:
                    grand_res = coalitional_nash_solution(coalition_game(g, S, {}), method)
                continue
            G = coalition_game(g, S, threats)
            r = coalitional_nash_solution(G, method)
            total += r.pieces
            eff = bool(r.solutions)
            threats[S] = list(r.solutions) if eff else [(Fraction(0),) * S.bit_count()]
            sols.append(CoalitionSolution(S, label(S, P), eff, list(r.solutions), len(G.threats), r.pieces, r))
            if S == g.grand:
                grand_res = r
    return CoalitionalNashResult(g.name, list(P), "recursive", list(g.weights), g.consistent, sols, grand_res,
                                 total, tm.seconds)


# ------------------------------------------------------------------ §5.2 naive threats
def naive_nash(game: CoalitionalGame | TUGame, weights: Sequence[object] | None = None,
               method: str = "bnb", coalitions: str = "grand", max_pairs: int | None = None) -> CoalitionalNashResult:
    """σ over U^naive(S) with threats ψ(T), T ⊂ S (eq. (33), Theorem 2). ``coalitions``:
    ``"grand"`` (N only — the fast path) or ``"all"``. Refused at once above ``max_pairs``
    (S, T) pairs (:func:`threat_pairs`; docs/limits.md)."""
    g = _as_game(game, weights)
    if coalitions == "grand":
        check_pairs(g.n, "grand", max_pairs)
    else:
        check_pairs(g.n, "all", max_pairs, "without --coalitions only N is solved, from 2^n − 2 threats")
    P = g.players
    notes = []
    if not all(isinstance(f, TUSet) for f in g.feasible.values()):
        notes.append("some F(S) are finite (not convex): Theorem 2 does not apply, "
                     "the naive set may differ from the recursive U*(S)")
    with timed() as tm:
        psi = {T: unconstrained_nash(g, T) for T in progress.iterate(range(1, g.grand), "unconstrained Nash points ψ(T)",
                                                                     every=256)}
        targets = [g.grand] if coalitions == "grand" else [S for S in _order(g.n)]
        sols = []
        total = 0
        grand_res = None
        for S in progress.iterate(targets, "coalitions (naive threats)"):
            G = coalition_game(g, S, {T: psi[T] for T in psi if T != S and not T & ~S})
            r = coalitional_nash_solution(G, method)
            total += r.pieces
            sols.append(CoalitionSolution(S, label(S, P), bool(r.solutions), list(r.solutions), len(G.threats),
                                          r.pieces, r))
            if S == g.grand:
                grand_res = r
    return CoalitionalNashResult(g.name, list(P), "naive", list(g.weights), g.consistent, sols, grand_res,
                                 total, tm.seconds, notes=notes)


@dataclass
class Comparison:
    """Recursive vs naive (Theorem 2): equal solution sets for every coalition compared."""

    recursive: CoalitionalNashResult
    naive: CoalitionalNashResult
    equal: bool
    differences: list[str]

    def to_dict(self) -> dict:
        return jsonable({"equal": self.equal, "differences": self.differences,
                         "recursive": self.recursive.to_dict(), "naive": self.naive.to_dict(),
                         "speedup": (self.recursive.seconds / self.naive.seconds) if self.naive.seconds else None})


def compare_paths(game: CoalitionalGame | TUGame, weights: Sequence[object] | None = None,
                  coalitions: str = "all", max_pairs: int | None = None) -> Comparison:
    """Run the recursion and the naive path and compare σ*(S) coalition by coalition."""
    g = _as_game(game, weights)
    check_pairs(g.n, "recursive", max_pairs)
    check_pairs(g.n, "grand" if coalitions == "grand" else "all", max_pairs)
    rec = recursive_nash(g, max_pairs=max_pairs)
    nav = naive_nash(g, coalitions=coalitions, max_pairs=max_pairs)
    diffs = []
    for c in nav.coalitions:
        rc = rec.of(c.coalition)
        if rc is None or c.coalition.bit_count() == 1:
            continue
        if sorted(rc.points) != sorted(c.points):
            diffs.append(f"{c.label}: recursive {_pts(rc.points)} vs naive {_pts(c.points)}")
    return Comparison(rec, nav, not diffs, diffs)


def _pts(points: list[Point]) -> str:
    return "{" + ", ".join("(" + ", ".join(str(q) for q in p) + ")" for p in points) + "}" if points else "∅"


# ------------------------------------------------------------------ Theorem 3
@dataclass
class Theorem3Result:
    """The constructive allocation of the proof of Theorem 3 and its checks."""

    game: str
    players: list[str]
    gcs: bool
    gcs_witness: str
    consistent: bool
    partition: list[str]
    alphas: list[Fraction]
    y: Point
    x: Point | None  # None when Σy > v(N) (no GCS): no efficient, feasible x ≥ y
    unblocked_naive: bool
    blocking: str
    grand_viable: bool
    sigma: list[Point]
    sigma_efficient: bool
    seconds: float = 0.0
    guarantee: str = EXACT

    @property
    def holds(self) -> bool:
        """Theorem 3's conclusion on this game (meaningful when gcs and consistent)."""
        return self.unblocked_naive and self.grand_viable and self.sigma_efficient

    def to_dict(self) -> dict:
        return jsonable({k: getattr(self, k) for k in (
            "game", "players", "gcs", "gcs_witness", "consistent", "partition", "alphas", "y", "x",
            "unblocked_naive", "blocking", "grand_viable", "sigma", "sigma_efficient", "seconds", "guarantee")}
            | {"holds": self.holds})


def theorem3_allocation(game: TUGame, weights: Sequence[object] | None = None, *,
                        solve: bool = True, max_pairs: int | None = None) -> Theorem3Result:
    """Proof of Theorem 3 (Appendix A): with α(S) = v(S)/γ_S pick S_1 ∈ argmax α over N,
    S_2 ∈ argmax α over N − S_1, …; stack y_i = γ_i α(S_k); raise y to an efficient x
    (the surplus v(N) − Σ y ≥ 0 by GCS is shared in proportion to γ). Checks that x is
    unblocked by every ψ(T) (so U^naive(N) = U*(N) ≠ ∅: N is viable) and, with
    ``solve``, that every point of σ*(N) is efficient."""
    from ...concepts.tu.properties import best_partition_value, is_grand_coalition_superadditive

    game.require_exact("Theorem 3")
    check_pairs(game.n, "partitions", max_pairs)
    g = CoalitionalGame.from_tu(game, weights)
    gam = g.weights
    n, N, P = g.n, g.grand, g.players
    with timed() as tm:
        gcs = is_grand_coalition_superadditive(game)
        left = N
        parts, alphas = [], []
        y = [Fraction(0)] * n
        while left:
            best, bS = None, 0
            for S in _submasks(left):
                a = game.values[S] / sum((gam[i] for i in members(S)), Fraction(0))
                key = (a, S.bit_count(), -S)
                if best is None or key > best:
                    best, bS = key, S
            a = best[0]
            parts.append(bS)
            alphas.append(a)
            for i in members(bS):
                y[i] = gam[i] * a
            left &= ~bS
        surplus = game.values[N] - sum(y, Fraction(0))
        gsum = sum(gam, Fraction(0))
        blocking = ""
        if surplus < 0:  # only without GCS: no efficient, feasible x ≥ y exists
            x = None
            blocking = (f"no efficient x ≥ y: Σy = {sum(y, Fraction(0))} > v(N) = {game.values[N]} "
                        f"(Theorem 3's hypothesis fails: {gcs.witness})")
        else:
            x = tuple(y[i] + (surplus * gam[i] / gsum if surplus > 0 else 0) for i in range(n))
            for T in range(1, N):
                psi = unconstrained_nash(g, T)[0]
                if all(p > x[i] for p, i in zip(psi, members(T))):
                    blocking = f"ψ({braces(T, P)}) = {_pts([psi])} blocks x"
                    break
        sigma, eff, viable = [], False, False
        if solve:
            r = naive_nash(g, max_pairs=max_pairs)
            sigma = r.solutions
            viable = bool(sigma)
            best_val, _ = best_partition_value(game)
            eff = viable and all(sum(p, Fraction(0)) == game.values[N] == best_val for p in sigma)
    return Theorem3Result(game.name, list(P), gcs.holds, gcs.witness, g.consistent,
                          [braces(S, P) for S in parts], alphas, tuple(y), x, not blocking, blocking,
                          viable, sigma, eff, tm.seconds)


def _submasks(mask: int):
    sub = mask
    while sub:
        yield sub
        sub = (sub - 1) & mask


def nash_for_tu(game: TUGame, weights: Sequence[object] | None = None, mode: str = "auto",
                max_pairs: int | None = None):
    """Convenience dispatcher used by the CLI: ``recursive``, ``naive``, ``both`` or
    ``auto`` (recursive up to 6 players, naive beyond — equal by Theorem 2)."""
    if mode == "auto":
        mode = "recursive" if game.n <= 6 else "naive"
    if mode == "recursive":
        return recursive_nash(game, weights, max_pairs=max_pairs)
    if mode == "naive":
        return naive_nash(game, weights, max_pairs=max_pairs)
    if mode == "both":
        return compare_paths(game, weights, max_pairs=max_pairs)
    raise UnsupportedError(f"unknown mode {mode!r} (use recursive, naive, both or auto)")


__all__ = [
    "recursive_nash", "naive_nash", "compare_paths", "theorem3_allocation", "coalition_game",
    "unconstrained_nash", "CoalitionalNashResult", "CoalitionSolution", "Comparison", "Theorem3Result",
    "nash_for_tu", "MODES", "threat_pairs", "check_pairs",
]
