"""Nash-in-Nash viable coalition structures (Ray & Vohra 2025, §3.1–§3.3).

For a TU partition-function game v(S, π) (§3.3) the recursion of §3.2 runs from the
finest structure π^s upward (structures with more blocks first):

* π^s is viable; each singleton gets v({i}, π^s) (a Nash equilibrium, §3.2).
* For a structure π and a *breakaway* T ⊂ S ∈ π, the induced structure is
  π^T = π_{−S} ∪ {T, S − T}. Its threat set is (eqs. (8)–(9))

      Θ*(T, π) = { f_T(a) : a Nash-in-Nash for π^T }              if π^T is viable,
      Θ*(T, π) = { f_T(a) : a Nash-in-Nash for some π' ∈ P^T }      otherwise,

  P^T being the *coarsest viable refinements* of π^T (refinements of every block of
  π^T, not only of T and S − T). Every point of every such equilibrium counts
  (footnote 18: the breakaway may "choose" its threat), so Θ*(T, π) is a finite set.
* Each S ∈ π bargains over {x ∈ R^S_+ : Σ x ≤ v(S, π)} against the threats
  {Θ*(T, π)}_{T ⊂ S}: its coalitional Nash solution (Theorem 1, eq. (2)) is computed
  exactly by :func:`~declcoal.concepts.bargaining.nash.coalitional_nash_solution`
  (several maximisers are kept — all of them become threats further up).
* π is *viable* if for some coalitional equilibrium of π (usually there is one) every
  block has a non-empty unblocked set (eq. (7)); its Nash-in-Nash payoffs are the
  products of the blocks' solutions.

The prediction of the theory is the set of *coarsest* viable structures (maximal in the
refinement order) with their Nash-in-Nash payoffs (§3.2, last paragraph).

Work: every structure (Bell(n)), every breakaway (Σ_S 2^{|S|} − 2 per structure), one
Nash problem per block and equilibrium. Three caches (``memo=True``): the coarsest viable
refinements of each structure; Θ*(T, π), which depends on π only through π^T (the same
π^T arises from |π^T| − 1 parents); and Nash problems already solved (the same worth,
weights and threats recur across structures). ``memo=False`` recomputes all three, for
the benchmark.
"""
from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from ...errors import UnsupportedError
from ...model.bargaining import BargainingGame, FiniteSet, Threat, TUSet
from ...model.coalition import members, subsets
from ...model.partition import PartitionGame, Point, Structure, canonical, check_size, refines, split
from ...results import EXACT, jsonable
from .nash import _tu_bnb, coalitional_nash_solution, common_exponents

#: at most this many Nash-in-Nash payoff vectors are listed per structure
MAX_LISTED = 200


# ------------------------------------------------------------------ results
@dataclass
class ThreatSet:
    """Θ*(T, π) for one breakaway T ⊂ S ∈ π (eqs. (8)–(9)); points in T's member order."""

    breakaway: int
    parent: int
    induced: Structure
    induced_viable: bool
    sources: list[Structure]
    points: list[Point]


@dataclass
class BlockOutcome:
    """One block S of π in one coalitional equilibrium: v(S, π), its coalitional Nash
    solution (member order) and, for each solution point, the threats that bind."""

    coalition: int
    worth: Fraction | tuple[Point, ...]  # v(S, π), or F(S, π) for a block without transfers
    points: list[Point]
    binding: list[list[tuple[int, Point]]] = field(default_factory=list)
    conflict: list[tuple[int, Point]] | None = None  # a minimal set of threats nobody can meet jointly
    required: Fraction | None = None  # the least total payoff meeting every threat of the conflict


@dataclass
class EquilibriumOutcome:
    index: int
    blocks: list[BlockOutcome]

    @property
    def viable(self) -> bool:
        return all(b.points for b in self.blocks)


@dataclass
class StructureReport:
    structure: Structure
    viable: bool
    equilibria: list[EquilibriumOutcome]
    threats: list[ThreatSet]
    coarsest_viable_refinements: list[Structure]


@dataclass
class ViabilityResult:
    """Every structure's viability with its reasons, and the theory's prediction: the
    coarsest viable structures with their Nash-in-Nash payoffs (§3.2)."""

    game: PartitionGame
    reports: dict[Structure, StructureReport]
    coarsest: list[Structure]
    memo: bool
    method: str
    seconds: float = 0.0
    nash_seconds: float = 0.0
    nash_solves: int = 0
    nash_cache_hits: int = 0
    pieces: int = 0
    interrupted: bool = False
    guarantee: str = EXACT
    notes: list[str] = field(default_factory=list)

    concept = "Nash-in-Nash viable coalition structures"

    # ------------------------------------------------------------ queries
    @property
    def players(self) -> list[str]:
        return list(self.game.players)

    def report(self, pi: Structure | str) -> StructureReport:
        if isinstance(pi, str):
            pi = self.game.parse(pi)
        return self.reports[canonical(pi)]

    def viable(self, pi: Structure | str) -> bool:
        return self.report(pi).viable

    @property
    def viable_structures(self) -> list[Structure]:
        return [p for p, r in self.reports.items() if r.viable]

    def threat(self, T: int, pi: Structure | str) -> list[Point]:
        """Θ*(T, π)."""
        for t in self.report(pi).threats:
            if t.breakaway == T:
                return t.points
        raise KeyError(T)

    def payoffs(self, pi: Structure | str) -> list[Point]:
        """The Nash-in-Nash payoff vectors x ∈ R^N of π (empty if π is not viable)."""
        rep = self.report(pi)
        out: set[Point] = set()
        for eq in rep.equilibria:
            if not eq.viable:
                continue
            for combo in itertools.product(*[b.points for b in eq.blocks]):
                x = [Fraction(0)] * self.game.n
                for b, p in zip(eq.blocks, combo):
                    for i, q in zip(members(b.coalition), p):
                        x[i] = q
                out.add(tuple(x))
                if len(out) >= MAX_LISTED:
                    break
        return sorted(out)

    @property
    def prediction(self) -> list[tuple[Structure, list[Point]]]:
        return [(pi, self.payoffs(pi)) for pi in self.coarsest]

    def killers(self, pi: Structure | str) -> list[tuple[int, int]]:
        """(S, T) pairs: breakaways T ⊂ S whose threats appear in a minimal conflict that
        empties S's unblocked set (the arrows of the lattice picture)."""
        rep = self.report(pi)
        out = []
        for eq in rep.equilibria:
            for b in eq.blocks:
                for T, _ in b.conflict or []:
                    if (b.coalition, T) not in out:
                        out.append((b.coalition, T))
        return out

    # ------------------------------------------------------------ output
    def structure_dict(self, pi: Structure) -> dict:
        g = self.game
        rep = self.reports[pi]
        lab = g.coalition
        return {
            "structure": g.label(pi), "blocks": len(pi), "viable": rep.viable,
            "coarsest_viable": pi in self.coarsest,
            "equilibria": [{
                "index": eq.index, "viable": eq.viable,
                "blocks": [{
                    "coalition": lab(b.coalition), "worth": b.worth,
                    "solution": [list(p) for p in b.points],
                    "binding_threats": [[{"breakaway": lab(T), "point": list(y)} for T, y in bs] for bs in b.binding],
                    "unblocked_set_empty": not b.points,
                    "conflicting_threats": None if b.conflict is None else
                    [{"breakaway": lab(T), "point": list(y)} for T, y in b.conflict],
                    "conflict_needs": b.required,
                } for b in eq.blocks],
            } for eq in rep.equilibria],
            "payoffs": [list(p) for p in self.payoffs(pi)] if rep.viable else [],
            "threats": [{
                "breakaway": lab(t.breakaway), "from": lab(t.parent), "induced": g.label(t.induced),
                "induced_viable": t.induced_viable, "sources": [g.label(s) for s in t.sources],
                "points": [list(p) for p in t.points],
            } for t in rep.threats],
            "coarsest_viable_refinements": [g.label(s) for s in rep.coarsest_viable_refinements],
        }

    def to_dict(self) -> dict:
        g = self.game
        return jsonable({
            "concept": self.concept, "game": g.name, "players": self.players,
            "structures_total": len(g.table), "structures_done": len(self.reports),
            "viable_count": len(self.viable_structures),
            "coarsest_viable": [{"structure": g.label(pi), "payoffs": [list(p) for p in pts]}
                                for pi, pts in self.prediction],
            "grand_coalition_viable": self.reports.get((g.grand,)).viable if (g.grand,) in self.reports else None,
            "structures": [self.structure_dict(pi) for pi in self.reports],
            "weights": list(g.weights),
            "coalition_weights": {g.coalition(m): list(w) for m, w in g.coalition_weights.items()},
            "method": self.method, "memo": self.memo, "seconds": self.seconds,
            "nash_seconds": self.nash_seconds, "nash_solves": self.nash_solves,
            "nash_cache_hits": self.nash_cache_hits, "pieces_examined": self.pieces,
            "interrupted": self.interrupted, "guarantee": self.guarantee, "notes": self.notes,
        })


# ------------------------------------------------------------------ the recursion
def lower_covers(pi: Structure) -> list[Structure]:
    """Structures obtained from π by splitting one block in two (π's lower covers in the
    refinement order)."""
    out = []
    for B in pi:
        if B.bit_count() < 2:
            continue
        low = B & -B
        rest = B ^ low
        for U in subsets(rest, proper=False, nonempty=False):
            T = U | low
            if T != B:
                out.append(split(pi, B, T))
    return out


def maximal(structs: list[Structure]) -> list[Structure]:
    """The coarsest members of a list: those refined strictly by no other member."""
    uniq = sorted(set(structs), key=lambda p: (len(p), p))
    if len(uniq) < 2:
        return uniq
    owner = [{b & -b: b for b in q} for q in uniq]  # q's block by lowest member, for a quick refines test

    def finer(p: Structure, k: int) -> bool:  # p refines uniq[k]
        own = owner[k]
        for b in p:
            low = b & -b
            c = own.get(low) or next(x for x in uniq[k] if x & low)  # the block of q holding b's lowest member
            if b & ~c:
                return False
        return True

    return [p for p in uniq if not any(len(q) < len(p) and finer(p, k) for k, q in enumerate(uniq))]


class _Solver:
    """State of one run of the recursion (caches, timing)."""

    def __init__(self, game: PartitionGame, method: str, memo: bool, explain: bool):
        self.g = game
        self.method = method
        self.memo = memo
        self.explain = explain
        self.reports: dict[Structure, StructureReport] = {}
        self.unique: dict[Structure, list[Fraction]] = {}  # π -> its payoff vector, when it has exactly one
        self.cvr_cache: dict[Structure, list[Structure]] = {}
        self.nash_cache: dict[tuple, tuple[Point, ...]] = {}
        self.threat_cache: dict[tuple[Structure, int], tuple] = {}
        self.nash_seconds = 0.0
        self.solves = 0
        self.hits = 0
        self.pieces = 0

    # ---------------------------------------------------------- P^T
    def cvr(self, pi: Structure) -> list[Structure]:
        """Coarsest viable refinements of π ({π} if π is viable). A viable refinement of
        a non-viable π refines one of its lower covers, so the answer is the maximal
        elements of the union over lower covers."""
        if self.reports[pi].viable:
            return [pi]
        if self.memo and pi in self.cvr_cache:
            return self.cvr_cache[pi]
        found: list[Structure] = []
        for c in lower_covers(pi):
            found.extend(self.cvr(c))
        out = maximal(found)
        if self.memo:
            self.cvr_cache[pi] = out
        return out

    def projections(self, sources: list[Structure], T: int) -> list[Point]:
        """{f_T(a) : a Nash-in-Nash for some source structure}: products over the blocks
        that meet T of their solution points, restricted to T."""
        idx = members(T)
        if len(sources) == 1 and sources[0] in self.unique:  # the common case: one payoff vector
            v = self.unique[sources[0]]
            return [tuple(v[i] for i in idx)]
        out: set[Point] = set()
        for src in sources:
            for eq in self.reports[src].equilibria:
                if not eq.viable:
                    continue
                parts = []
                for b in eq.blocks:
                    if b.coalition & T:
                        mem = members(b.coalition)
                        keep = [k for k, i in enumerate(mem) if T >> i & 1]
                        parts.append(([mem[k] for k in keep], {tuple(p[k] for k in keep) for p in b.points}))
                for combo in itertools.product(*[sorted(pts) for _, pts in parts]):
                    val = {}
                    for (mem, _), p in zip(parts, combo):
                        val.update(zip(mem, p))
                    out.add(tuple(val[i] for i in idx))
        return sorted(out)

    def threats(self, pi: Structure) -> list[ThreatSet]:
        out = []
        for S in pi:
            if S.bit_count() < 2:
                continue
            for T in sorted(subsets(S, proper=True), key=lambda m: (m.bit_count(), m)):
                induced = split(pi, S, T)
                hit = self.threat_cache.get((induced, T)) if self.memo else None
                if hit is None:  # Θ*(T, π) depends on π only through π^T (eqs. (8)-(9))
                    ok = self.reports[induced].viable
                    sources = [induced] if ok else self.cvr(induced)
                    hit = (ok, sources, self.projections(sources, T))
                    if self.memo:
                        self.threat_cache[(induced, T)] = hit
                out.append(ThreatSet(T, S, induced, hit[0], hit[1], hit[2]))
        return out

    # ---------------------------------------------------------- one block's bargaining
    def local_threats(self, S: int, ths: list[ThreatSet]) -> list[Threat]:
        """Θ*(T, π), T ⊂ S, in S's coordinates; points with a coordinate <= 0 cannot block
        any x >= 0 and are left out of the solver's input."""
        mem = members(S)
        pos = {i: k for k, i in enumerate(mem)}
        keys = set()
        for t in ths:
            if t.parent != S:
                continue
            lm = 0
            for i in members(t.breakaway):
                lm |= 1 << pos[i]
            for y in t.points:
                if all(q > 0 for q in y):
                    keys.add((lm, y))
        return [Threat(m, y) for m, y in sorted(keys, key=lambda k: (k[0].bit_count(), k[0], k[1]))]

    def nash(self, S: int, worth, local: list[Threat]) -> tuple[Point, ...]:
        gam = self.g.gamma(S)
        # integer key: hashing Fractions is slow (modular inverse per hash)
        val = (tuple(tuple((q.numerator, q.denominator) for q in p) for p in worth) if isinstance(worth, tuple)
               else (worth.numerator, worth.denominator))
        key = (val, S.bit_count(), tuple((q.numerator, q.denominator) for q in gam),
               tuple((t.coalition, tuple((q.numerator, q.denominator) for q in t.point)) for t in local))
        if self.memo and key in self.nash_cache:
            self.hits += 1
            return self.nash_cache[key]
        G = self.block_game(S, worth, local)
        t0 = time.perf_counter()
        if self.method == "bnb" and isinstance(G.feasible, TUSet):  # nash.py's exact branch and bound, bare
            found, _, pieces = _tu_bnb(G, common_exponents(gam)[0])
        else:
            r = coalitional_nash_solution(G, self.method)
            found, pieces = r.solutions, r.pieces
        self.nash_seconds += time.perf_counter() - t0
        self.solves += 1
        self.pieces += pieces
        sols = tuple(found)
        if self.memo:
            self.nash_cache[key] = sols
        return sols

    def conflict(self, S: int, worth, local: list[Threat]) -> list[tuple[int, Point]]:
        """A minimal set of threats whose joint defence is infeasible (deletion filter:
        drop threats of the largest breakaways first, keep a threat only if the rest can
        all be met without it)."""
        keep = list(local)
        for t in sorted(local, key=lambda t: (-t.coalition.bit_count(), t.coalition, t.point)):
            trial = [u for u in keep if u != t]
            if not self.nash_raw(S, worth, trial):
                keep = trial
        mem = members(S)
        return [(_globalise(t.coalition, mem), t.point) for t in keep]

    def block_game(self, S: int, worth, local: list[Threat]) -> BargainingGame:
        """G(S, π) = (F(S, π), Θ*(·, π), 0, γ(S)) in S's coordinates: F the TU set of the
        worth, or the finite set of payoff vectors of a block without transfers."""
        k = S.bit_count()
        F = FiniteSet(worth) if isinstance(worth, tuple) else TUSet(worth)
        return BargainingGame(tuple(f"p{i}" for i in range(k)), F, tuple(local), (Fraction(0),) * k, self.g.gamma(S))

    def nash_raw(self, S: int, worth, local: list[Threat]) -> tuple[Point, ...]:
        return tuple(coalitional_nash_solution(self.block_game(S, worth, local), self.method).solutions)

    # ---------------------------------------------------------- one structure
    def structure(self, pi: Structure) -> StructureReport:
        ths = self.threats(pi)
        eqs = []
        for e, worths in enumerate(self.g.equilibria(pi)):
            blocks = []
            for S, w in zip(pi, worths):
                if S.bit_count() == 1 and not isinstance(w, tuple):
                    blocks.append(BlockOutcome(S, w, [(w,)], [[]]))
                    continue
                local = self.local_threats(S, ths) if S.bit_count() > 1 else []
                pts = self.nash(S, w, local)
                mem = members(S)
                binding = [[(_globalise(t.coalition, mem), t.point) for t in local if t.binds(p)] for p in pts]
                b = BlockOutcome(S, w, list(pts), binding)
                if not pts and self.explain:
                    b.conflict = self.conflict(S, w, local)
                    b.required = None if isinstance(w, tuple) else required_total(b.conflict)
                blocks.append(b)
            eqs.append(EquilibriumOutcome(e, blocks))
        ok = len(pi) == self.g.n or any(eq.viable for eq in eqs)
        live = [eq for eq in eqs if eq.viable]
        if len(live) == 1 and all(len(b.points) == 1 for b in live[0].blocks):
            x = [Fraction(0)] * self.g.n
            for b in live[0].blocks:
                for i, q in zip(members(b.coalition), b.points[0]):
                    x[i] = q
            self.unique[pi] = x
        return StructureReport(pi, ok, eqs, ths, [])


def required_total(threats: list[tuple[int, Point]]) -> Fraction:
    """min over defender choices of Σ_i max{y_i : threats i defends}: the least total a
    coalition must hand out to meet every threat (T, y) — some i ∈ T gets x_i ≥ y_i.
    The unblocked set of S is empty exactly when this exceeds v(S, π)."""
    best: Fraction | None = None
    options = [list(zip(members(T), y)) for T, y in threats]
    for choice in itertools.product(*options):
        need: dict[int, Fraction] = {}
        for i, y in choice:
            if y > need.get(i, Fraction(0)):
                need[i] = y
        tot = sum(need.values(), Fraction(0))
        if best is None or tot < best:
            best = tot
    return best if best is not None else Fraction(0)


def _globalise(local: int, mem: list[int]) -> int:
    out = 0
    for k, i in enumerate(mem):
        if local >> k & 1:
            out |= 1 << i
    return out


def viable_structures(game: PartitionGame, *, method: str = "bnb", memo: bool = True,
                      explain: bool | str = "auto",
                      progress: Callable[[int, int], None] | None = None) -> ViabilityResult:
    """Run the recursion of §3.2 (eqs. (7)–(9), footnote 18) over every coalition
    structure of a TU partition-function game and return, for every structure, whether
    it is viable and why, its threats Θ*(T, π), each block's coalitional Nash solution
    with the binding threats, and the coarsest viable structures with their payoffs.

    ``method``: the exact Nash solver (``"bnb"`` or ``"z3"``); ``memo``: cache coarsest
    viable refinements and Nash problems (off only to measure them); ``explain``: compute
    for each empty unblocked set a minimal conflicting set of threats (``"auto"``: up to
    6 players); ``progress(done, total)`` is called after each structure. Ctrl-C stops
    the run and returns the structures finished so far (``interrupted=True``).
    """
    if not isinstance(game, PartitionGame):
        raise UnsupportedError(f"viable_structures needs a PartitionGame, got {type(game).__name__}")
    check_size(game.n)
    if explain == "auto":
        explain = game.n <= 6
    sv = _Solver(game, method, memo, bool(explain))
    order = game.structures
    t0 = time.perf_counter()
    interrupted = False
    try:
        for k, pi in enumerate(order, start=1):
            sv.reports[pi] = sv.structure(pi)
            if progress:
                progress(k, len(order))
    except KeyboardInterrupt:
        interrupted = True
    coarsest: list[Structure] = []
    if not interrupted and (game.grand,) in sv.reports:
        coarsest = sv.cvr((game.grand,))
    for pi, rep in sv.reports.items():
        if not interrupted:
            rep.coarsest_viable_refinements = sv.cvr(pi)
    notes = list(game.notes)
    if interrupted:
        notes.append(f"interrupted after {len(sv.reports)} of {len(order)} structures (finest first)")
    return ViabilityResult(game, sv.reports, coarsest, memo, method, time.perf_counter() - t0, sv.nash_seconds,
                           sv.solves, sv.hits, sv.pieces, interrupted, game.guarantee, notes)


__all__ = ["viable_structures", "ViabilityResult", "StructureReport", "ThreatSet", "BlockOutcome",
           "EquilibriumOutcome", "lower_covers", "maximal"]
