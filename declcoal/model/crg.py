"""Coalitional resource games (Dunne, Kraus, Manisterski & Wooldridge 2010, §3).

A CRG is ``Γ = ⟨Ag, G, R, G_1..G_n, en, req⟩``: agents ``Ag``, goals ``G``, resources
``R``, for each agent ``i`` the goals ``G_i`` any one of which satisfies it, endowments
``en(i, r) ∈ ℕ`` and requirements ``req(g, r) ∈ ℕ`` (§3, every goal needs some resource).

Representation (all pure, immutable data):

* agents, goals and resources are ordered name tuples; coalitions ``C`` and goal sets
  ``G'`` are int bitmasks over them (agent ``i`` = bit ``i``, goal ``j`` = bit ``j``), as in
  :mod:`declcoal.model.coalition`;
* a cooperation structure ``λ = ⟨C, G', ξ⟩`` (§3.2) is a :class:`Coop` whose ``xi`` is an
  ``n × t`` tuple of ints, rows of non-members all zero (a C-contribution vector);
* a coalition structure ``σ`` (§3.4) is a tuple of :class:`Coop` whose coalitions
  partition ``Ag``.

The preference relation ``≻_i`` is :func:`prefers`, written exactly as the three cases of
§3.3; the numeric utility ``u_i`` of §3.3/§5 is :func:`utility`, kept for comparison and
for the bargaining protocol (see :func:`utility_agrees` — it does *not* always agree).
Everything here is a pure function of the game; the solution concepts live in
:mod:`declcoal.concepts.crg`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product

from ..errors import GameError
from .coalition import members

#: an ASP constant: written as it is in .lp facts
NAME = re.compile(r"^[a-z][A-Za-z0-9_]*$")
#: any name: a letter of any script (or '_') first, then letters, digits, '_', "'", '.', '-';
#: names that are not ASP constants (or are clingo's keyword ``not``) are written as ASP
#: strings ("Ä", "Alice") by :func:`asp_term`
ANY_NAME = re.compile(r"^[^\W\d][\w'.-]*$")


def asp_term(name: str) -> str:
    """The ASP term for a name: the constant itself (``a1``) or a quoted string (``"Ä"``)."""
    return name if NAME.match(name) and name != "not" else '"' + name + '"'


def name_of(sym) -> str:
    """The name an ASP symbol stands for (a constant's name or a string's text)."""
    import clingo

    return sym.string if sym.type == clingo.SymbolType.String else sym.name


def _check_names(names: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for x in names:
        if not isinstance(x, str) or not ANY_NAME.match(x):
            raise GameError(
                f"bad {what} name {x!r}: use letters (any script), digits, '_', \"'\", '-', '.', starting with a "
                "letter or '_' (names that are not ASP constants are written quoted in .lp facts)"
            )
        if x in seen:
            raise GameError(f"duplicate {what} {x!r}")
        seen.add(x)


@dataclass(frozen=True)
class CRG:
    """A coalitional resource game Γ = ⟨Ag, G, R, G_1..G_n, en, req⟩ (§3).

    ``wants[i]`` is the bitmask of G_i; ``en[i][r]`` and ``req[g][r]`` are naturals.
    Build with :meth:`build` (validates); the raw constructor trusts its input.
    """

    agents: tuple[str, ...]
    goals: tuple[str, ...]
    resources: tuple[str, ...]
    wants: tuple[int, ...]
    en: tuple[tuple[int, ...], ...]
    req: tuple[tuple[int, ...], ...]
    name: str = "crg"
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    # ------------------------------------------------------------ construction
    @classmethod
    def build(
        cls,
        agents: Sequence[str],
        goals: Sequence[str],
        resources: Sequence[str],
        wants: dict[str, Iterable[str]],
        en: dict[tuple[str, str], int],
        req: dict[tuple[str, str], int],
        *,
        name: str = "crg",
        meta: dict | None = None,
    ) -> "CRG":
        """A validated game from names: ``wants = {agent: goals}``, ``en = {(agent,
        resource): k}``, ``req = {(goal, resource): k}`` (missing pairs are 0)."""
        agents, goals, resources = tuple(agents), tuple(goals), tuple(resources)
        if not agents:
            raise GameError("a CRG needs at least one agent (Ag is non-empty, §3)")
        if not resources:
            raise GameError("a CRG needs at least one resource (R is non-empty, §3)")
        _check_names(agents, "agent")
        _check_names(goals, "goal")
        _check_names(resources, "resource")
        clash = (set(agents) & set(goals)) | (set(agents) & set(resources)) | (set(goals) & set(resources))
        if clash:
            raise GameError(f"name {sorted(clash)[0]!r} is used for two different things (agent/goal/resource)")
        ai = {a: k for k, a in enumerate(agents)}
        gi = {g: k for k, g in enumerate(goals)}
        ri = {r: k for k, r in enumerate(resources)}
        w = [0] * len(agents)
        for a, gs in wants.items():
            if a not in ai:
                raise GameError(f"wants: unknown agent {a!r}")
            for g in gs:
                if g not in gi:
                    raise GameError(f"wants({a},{g}): unknown goal {g!r}")
                w[ai[a]] |= 1 << gi[g]
        E = _amount_table("en", en, ai, "agent", ri)
        Q = _amount_table("req", req, gi, "goal", ri)
        for j, g in enumerate(goals):
            if not any(Q[j]):
                raise GameError(f"goal {g!r} requires no resource; §3 assumes every goal needs some req(g,r) > 0")
        return cls(agents, goals, resources, tuple(w), tuple(map(tuple, E)), tuple(map(tuple, Q)), name, dict(meta or {}))

    # ------------------------------------------------------------ sizes and names
    @property
    def n(self) -> int:
        return len(self.agents)

    @property
    def m(self) -> int:
        return len(self.goals)

    @property
    def t(self) -> int:
        return len(self.resources)

    @property
    def players(self) -> tuple[str, ...]:
        """The agents (so generic code that shows ``players`` works on CRGs too)."""
        return self.agents

    @property
    def grand(self) -> int:
        return (1 << self.n) - 1

    @property
    def all_goals(self) -> int:
        return (1 << self.m) - 1

    def agent_set(self, mask: int) -> str:
        """``{a1,a2}``"""
        return "{" + ",".join(self.agents[i] for i in members(mask)) + "}"

    def goal_set(self, gmask: int) -> str:
        """``{g1,g2}`` (``∅`` for the empty set)"""
        return "{" + ",".join(self.goals[j] for j in members(gmask)) + "}" if gmask else "∅"

    def agent_mask(self, names: Iterable[str]) -> int:
        return _names_to_mask(names, self.agents, "agent")

    def goal_mask(self, names: Iterable[str]) -> int:
        return _names_to_mask(names, self.goals, "goal")

    # ------------------------------------------------------------ §3 functions
    def en_of(self, coalition: int, r: int) -> int:
        """en(C, r) = Σ_{i∈C} en(i, r)."""
        return sum(self.en[i][r] for i in members(coalition))

    def req_of(self, gmask: int, r: int) -> int:
        """req(G', r) = Σ_{g∈G'} req(g, r)."""
        return sum(self.req[j][r] for j in members(gmask))

    def req_total(self, gmask: int) -> int:
        """req(G') = Σ_r req(G', r)."""
        return sum(self.req_of(gmask, r) for r in range(self.t))

    def endowment(self, i: int) -> int:
        """en(i) = Σ_r en(i, r) (Appendix B, proof of Prop. 12)."""
        return sum(self.en[i])

    def succ(self, gmask: int) -> int:
        """succ(G') = {i : G' ∩ G_i ≠ ∅}, as an agent bitmask."""
        out = 0
        for i, w in enumerate(self.wants):
            if w & gmask:
                out |= 1 << i
        return out

    def feasible(self, coalition: int, gmask: int) -> bool:
        """G' is feasible for C: en(C, r) >= req(G', r) for every r."""
        return all(self.en_of(coalition, r) >= self.req_of(gmask, r) for r in range(self.t))

    def satisfies(self, gmask: int, coalition: int) -> bool:
        """G' satisfies C: every member has a goal in G'."""
        return self.succ(gmask) & coalition == coalition

    def feasible_sets(self, coalition: int, *, nonempty: bool = True) -> list[int]:
        """feas(C): goal sets feasible for C (Table 1 lists the non-empty ones)."""
        return [g for g in range(1 if nonempty else 0, 1 << self.m) if self.feasible(coalition, g)]

    def sf(self, coalition: int) -> list[int]:
        """sf(C) = {G' ⊆ G : G' is feasible for and satisfies C} (§3), ascending masks.

        For C = ∅ the paper's Table 1 lists sf(C0) = ∅; we follow it and return only
        non-empty goal sets for the empty coalition (∅ trivially "satisfies" nobody)."""
        return [g for g in range(1, 1 << self.m) if self.satisfies(g, coalition) and self.feasible(coalition, g)] if coalition else []

    def successful(self, coalition: int) -> bool:
        """C is successful iff sf(C) ≠ ∅ (§3)."""
        if not coalition:
            return False
        return any(self.satisfies(g, coalition) and self.feasible(coalition, g) for g in range(1, 1 << self.m))

    def V(self) -> int:
        """V = Σ_i Σ_r max_{g∈G_i} req(g, r) (§3.3), the constant of the utility u_i."""
        total = 0
        for i in range(self.n):
            gs = members(self.wants[i])
            for r in range(self.t):
                total += max((self.req[j][r] for j in gs), default=0)
        return total

    # ------------------------------------------------------------ documents
    def to_doc(self) -> dict:
        """A TOML/JSON document (``kind = "crg"``), see :mod:`declcoal.io.crg`."""
        doc: dict = {"kind": "crg", "name": self.name}
        for k in ("description", "source"):
            if k in self.meta:
                doc[k] = self.meta[k]
        doc["agents"] = list(self.agents)
        doc["goals"] = list(self.goals)
        doc["resources"] = list(self.resources)
        doc["wants"] = {a: [self.goals[j] for j in members(self.wants[i])] for i, a in enumerate(self.agents)}
        doc["en"] = {a: {r: self.en[i][k] for k, r in enumerate(self.resources) if self.en[i][k]} for i, a in enumerate(self.agents)}
        doc["req"] = {g: {r: self.req[j][k] for k, r in enumerate(self.resources) if self.req[j][k]} for j, g in enumerate(self.goals)}
        return doc


def _natural(k: object, what: str) -> int:
    if isinstance(k, bool) or not isinstance(k, int):
        raise GameError(f"{what} must be a natural number, got {k!r}")
    if k < 0:
        raise GameError(f"{what} must be a natural number (>= 0), got {k}")
    if k >= 10**18:
        raise GameError(f"{what} is too large (declcoal's limit for CRG amounts: below 10^18)")
    return k


# ====================================================================== λ and σ
@dataclass(frozen=True)
class Coop:
    """A cooperation structure λ = ⟨C, G', ξ⟩ (§3.2).

    ``coalition`` and ``goals`` are bitmasks; ``xi[i][r]`` is ξ_{i,r} (zero rows for
    agents outside C). Use :func:`check_coop` to test the §3.1/§3.2 feasibility
    constraints."""

    coalition: int
    goals: int
    xi: tuple[tuple[int, ...], ...]

    def cost(self, i: int) -> int:
        """c_i(λ) = Σ_r ξ_{i,r} (§3.1)."""
        return sum(self.xi[i])

    def contributed(self, r: int) -> int:
        return sum(row[r] for row in self.xi)

    def describe(self, game: CRG) -> str:
        """``⟨{a2,a3}, {g2,g3}, ξ⟩ with ξ: a2 gives r2=2; a3 gives r3=6, r4=3``"""
        return f"⟨{game.agent_set(self.coalition)}, {game.goal_set(self.goals)}, ξ⟩ with ξ: {xi_text(game, self)}"

    def to_dict(self, game: CRG | None = None) -> dict:
        if game is None:
            return {"coalition": self.coalition, "goals": self.goals, "xi": [list(r) for r in self.xi]}
        return {
            "coalition": [game.agents[i] for i in members(self.coalition)],
            "goals": [game.goals[j] for j in members(self.goals)],
            "xi": {game.agents[i]: {game.resources[r]: v for r, v in enumerate(self.xi[i]) if v}
                   for i in members(self.coalition)},
            "cost": {game.agents[i]: self.cost(i) for i in members(self.coalition)},
            "satisfied": [game.agents[i] for i in members(game.succ(self.goals) & self.coalition)],
        }


def xi_text(game: CRG, lam: Coop) -> str:
    parts = []
    for i in members(lam.coalition):
        gives = ", ".join(f"{game.resources[r]}={v}" for r, v in enumerate(lam.xi[i]) if v)
        parts.append(f"{game.agents[i]} gives {gives or 'nothing'}")
    return "; ".join(parts) if parts else "nobody gives anything"


def zero_xi(game: CRG) -> tuple[tuple[int, ...], ...]:
    return tuple((0,) * game.t for _ in range(game.n))


def make_coop(game: CRG, coalition: int, goals: int, xi: dict[int, Sequence[int]] | Sequence[Sequence[int]] | None = None) -> Coop:
    """A cooperation structure from a (partial) ξ: ``{agent index: vector}`` or a full
    ``n × t`` matrix; checked with :func:`check_coop`."""
    rows = [[0] * game.t for _ in range(game.n)]
    if isinstance(xi, dict):
        for i, v in xi.items():
            rows[i] = list(v)
    elif xi is not None:
        rows = [list(v) for v in xi]
    lam = Coop(coalition, goals, tuple(map(tuple, rows)))
    check_coop(game, lam)
    return lam


def check_coop(game: CRG, lam: Coop) -> None:
    """Raise :class:`GameError` unless λ is a cooperation structure of Γ: ξ is a
    C-contribution vector within endowments (§3.1: ξ_{i,r} <= en(i,r)) that pays for
    G' (§3.2: Σ_{i∈C} ξ_{i,r} >= req(G', r) for all r)."""
    if len(lam.xi) != game.n or any(len(row) != game.t for row in lam.xi):
        raise GameError(f"ξ must be a {game.n} × {game.t} matrix")
    if lam.coalition & ~game.grand or lam.goals & ~game.all_goals:
        raise GameError("coalition or goal set outside the game")
    for i in range(game.n):
        for r in range(game.t):
            v = lam.xi[i][r]
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise GameError(f"ξ[{game.agents[i]},{game.resources[r]}] must be a natural number, got {v!r}")
            if v and not lam.coalition >> i & 1:
                raise GameError(f"{game.agents[i]} is not in the coalition but contributes {game.resources[r]}={v}")
            if v > game.en[i][r]:
                raise GameError(
                    f"{game.agents[i]} contributes {game.resources[r]}={v} but is endowed with only {game.en[i][r]} (§3.1)"
                )
    for r in range(game.t):
        need = game.req_of(lam.goals, r)
        if lam.contributed(r) < need:
            raise GameError(
                f"⟨{game.agent_set(lam.coalition)}, {game.goal_set(lam.goals)}, ξ⟩ is infeasible: "
                f"{game.goal_set(lam.goals)} needs {need} of {game.resources[r]}, ξ gives {lam.contributed(r)} (§3.2)"
            )


def is_coop(game: CRG, lam: Coop) -> bool:
    try:
        check_coop(game, lam)
    except GameError:
        return False
    return True


def satisfied(game: CRG, i: int, lam: Coop) -> bool:
    """i ∈ succ(λ)."""
    return bool(game.wants[i] & lam.goals)


# ---------------------------------------------------------------- preferences §3.3
def prefers(game: CRG, i: int, lam1: Coop, lam2: Coop) -> bool:
    """λ1 ≻_i λ2, exactly the three cases of §3.3:

    1. i ∉ succ(λ1), i ∉ succ(λ2) and c_i(λ1) < c_i(λ2);
    2. i ∈ succ(λ1) and i ∉ succ(λ2);
    3. i ∈ succ(λ1), i ∈ succ(λ2) and c_i(λ1) < c_i(λ2).
    """
    s1, s2 = satisfied(game, i, lam1), satisfied(game, i, lam2)
    c1, c2 = lam1.cost(i), lam2.cost(i)
    return (not s1 and not s2 and c1 < c2) or (s1 and not s2) or (s1 and s2 and c1 < c2)


def weakly_prefers(game: CRG, i: int, lam1: Coop, lam2: Coop) -> bool:
    """λ1 ⪰_i λ2 ("the obvious interpretation", §3.3): not λ2 ≻_i λ1 (≻_i is a strict
    weak order: satisfied first, then lower cost)."""
    return not prefers(game, i, lam2, lam1)


def rank(game: CRG, i: int, lam: Coop) -> tuple[int, int]:
    """A key ordering λ for agent i like ≻_i: (satisfied?, -cost), larger is better."""
    return (1 if satisfied(game, i, lam) else 0, -lam.cost(i))


def utility(game: CRG, i: int, lam: Coop, V: int | None = None) -> int:
    """u_i(λ) = V − c_i(λ) if i ∈ succ(λ), else −c_i(λ) (§3.3, used in §5)."""
    V = game.V() if V is None else V
    return V - lam.cost(i) if satisfied(game, i, lam) else -lam.cost(i)


def utility_agrees(game: CRG, i: int, lam1: Coop, lam2: Coop, V: int | None = None) -> bool:
    """Whether u_i orders λ1, λ2 as ≻_i does (in both directions).

    It does not always: a satisfied agent paying more than V has u_i < 0 = u_i of being
    unsatisfied at no cost, while ≻_i (case 2) ranks every satisfied outcome first.
    See docs/crg.md, "Utility versus preference"."""
    u1, u2 = utility(game, i, lam1, V), utility(game, i, lam2, V)
    return (u1 > u2) == prefers(game, i, lam1, lam2) and (u2 > u1) == prefers(game, i, lam2, lam1)


def disjoint_union(lam1: Coop, lam2: Coop) -> Coop:
    """λ1 ⊎ λ2 = ⟨C1 ∪ C2, G1 ∪ G2, ξ1 ∪ ξ2⟩ for disjoint coalitions (§3.3, Prop. 1)."""
    if lam1.coalition & lam2.coalition:
        raise GameError("the disjoint union needs cooperation structures with disjoint coalitions")
    xi = tuple(tuple(a + b for a, b in zip(r1, r2)) for r1, r2 in zip(lam1.xi, lam2.xi))
    return Coop(lam1.coalition | lam2.coalition, lam1.goals | lam2.goals, xi)


# ---------------------------------------------------------------- σ (§3.4, §4)
Sigma = tuple[Coop, ...]


def check_sigma(game: CRG, sigma: Sequence[Coop]) -> None:
    """Raise unless σ is a coalition structure: feasible cooperation structures whose
    coalitions partition Ag (§3.4)."""
    seen = 0
    for lam in sigma:
        if lam.coalition == 0:
            raise GameError("a cooperation structure in σ has an empty coalition")
        if lam.coalition & seen:
            both = game.agent_set(lam.coalition & seen)
            raise GameError(f"agents {both} are in two cooperation structures of σ")
        seen |= lam.coalition
        check_coop(game, lam)
    if seen != game.grand:
        raise GameError(f"σ does not cover agents {game.agent_set(game.grand & ~seen)} (the coalitions must partition Ag)")


def coop_of(sigma: Sequence[Coop], i: int) -> Coop:
    """λ_{σ,i}: the cooperation structure of σ that contains agent i."""
    for lam in sigma:
        if lam.coalition >> i & 1:
            return lam
    raise GameError(f"agent #{i} is in no cooperation structure of σ")


def null_structure(game: CRG) -> Sigma:
    """σ0: the grand coalition does nothing and nobody contributes (§3.4)."""
    return (Coop(game.grand, 0, zero_xi(game)),)


def blocks(game: CRG, lam: Coop, sigma: Sequence[Coop]) -> bool:
    """λ blocks σ iff C_λ ≠ ∅ and λ ≻_i λ_{σ,i} for all i ∈ C_λ (§4)."""
    if lam.coalition == 0 or not is_coop(game, lam):
        return False
    return all(prefers(game, i, lam, coop_of(sigma, i)) for i in members(lam.coalition))


def why_blocks(game: CRG, lam: Coop, sigma: Sequence[Coop]) -> list[str]:
    """One reason per member of λ why it strictly prefers λ to its place in σ."""
    out = []
    for i in members(lam.coalition):
        old = coop_of(sigma, i)
        a = game.agents[i]
        s_new, s_old = satisfied(game, i, lam), satisfied(game, i, old)
        if s_new and not s_old:
            out.append(f"{a} is newly satisfied (pays {lam.cost(i)}, was unsatisfied in σ)")
        elif s_new:
            out.append(f"{a} pays {lam.cost(i)} < {old.cost(i)} and stays satisfied")
        else:
            out.append(f"{a} stays unsatisfied but pays {lam.cost(i)} < {old.cost(i)}")
    return out


# ---------------------------------------------------------------- enumeration (tiny games)
def contribution_vectors(game: CRG, coalition: int, *, only: int | None = None) -> Iterator[tuple[tuple[int, ...], ...]]:
    """Every C-contribution vector within endowments (§3.1); exponential — tiny games only.
    ``only`` restricts contributions to the resources in that bitmask."""
    cells = [(i, r) for i in members(coalition) for r in range(game.t) if only is None or only >> r & 1]
    ranges = [range(game.en[i][r] + 1) for i, r in cells]
    for combo in product(*ranges):
        rows = [[0] * game.t for _ in range(game.n)]
        for (i, r), v in zip(cells, combo):
            rows[i][r] = v
        yield tuple(map(tuple, rows))


def cooperation_structures(game: CRG, coalition: int) -> Iterator[Coop]:
    """Every cooperation structure ⟨C, G', ξ⟩ of a fixed C (exponential; tiny games)."""
    for xi in contribution_vectors(game, coalition):
        given = [sum(row[r] for row in xi) for r in range(game.t)]
        for g in range(1 << game.m):
            if all(given[r] >= game.req_of(g, r) for r in range(game.t)):
                yield Coop(coalition, g, xi)


def count_cells(game: CRG, coalition: int) -> int:
    """How many contribution vectors C has: Π (en(i,r)+1) — the brute-force size."""
    out = 1
    for i in members(coalition):
        for r in range(game.t):
            out *= game.en[i][r] + 1
    return out


# ---------------------------------------------------------------- random instances
def random_game(rng, n: int, m: int, t: int, *, max_en: int = 2, max_req: int = 2, p_want: float = 0.5,
                name: str = "random") -> CRG:
    """A random CRG (for differential tests and benchmarks): every goal needs at least one
    unit of some resource (§3); each agent wants each goal with probability ``p_want``."""
    agents = [f"a{i + 1}" for i in range(n)]
    goals = [f"g{j + 1}" for j in range(m)]
    resources = [f"r{k + 1}" for k in range(t)]
    wants = {a: [g for g in goals if rng.random() < p_want] for a in agents}
    en = {(a, r): rng.randint(0, max_en) for a in agents for r in resources}
    req = {}
    for g in goals:
        row = [rng.randint(0, max_req) for _ in resources]
        if not any(row):
            row[rng.randrange(t)] = rng.randint(1, max(1, max_req))
        req.update({(g, r): v for r, v in zip(resources, row)})
    return CRG.build(agents, goals, resources, wants, en, req, name=name)


def random_coop(rng, game: CRG, coalition: int, *, overpay: float = 0.2) -> Coop:
    """A random feasible cooperation structure for ``coalition``: a random feasible goal
    set (possibly ∅), its requirements split randomly among the members, and now and
    then a unit of surplus."""
    feas = [g for g in range(1 << game.m) if game.feasible(coalition, g)]
    goals = rng.choice(feas)
    rows = [[0] * game.t for _ in range(game.n)]
    mem = members(coalition)
    for r in range(game.t):
        need = game.req_of(goals, r)
        order = mem[:]
        rng.shuffle(order)
        for i in order:
            room = game.en[i][r] - rows[i][r]
            give = min(room, need) if i == order[-1] else rng.randint(0, min(room, need))
            rows[i][r] += give
            need -= give
        for i in order:  # whatever is still missing, take from whoever has room
            give = min(game.en[i][r] - rows[i][r], need)
            rows[i][r] += give
            need -= give
        if rng.random() < overpay:
            i = rng.choice(mem)
            if rows[i][r] < game.en[i][r]:
                rows[i][r] += 1
    return Coop(coalition, goals, tuple(map(tuple, rows)))


def random_sigma(rng, game: CRG) -> Sigma:
    """A random coalition structure: a random partition of Ag, a random feasible
    cooperation structure per block."""
    blocks: list[int] = []
    for i in range(game.n):
        k = rng.randint(0, len(blocks))
        if k == len(blocks):
            blocks.append(1 << i)
        else:
            blocks[k] |= 1 << i
    return tuple(random_coop(rng, game, b) for b in blocks)


def _names_to_mask(names: Iterable[str], universe: Sequence[str], kind: str) -> int:
    """Bitmask of ``names`` within ``universe`` (bit k = universe[k]); unknown names are errors."""
    idx = {x: k for k, x in enumerate(universe)}
    m = 0
    for x in names:
        if x not in idx:
            raise GameError(f"unknown {kind} {x!r}")
        m |= 1 << idx[x]
    return m


def _amount_table(fact: str, amounts: Mapping, row_index: dict[str, int], row_kind: str,
                  ri: dict[str, int]) -> list[list[int]]:
    """The matrix of ``en(i, r)`` or ``req(g, r)`` (rows × resources, default 0), with
    unknown names and non-natural amounts rejected."""
    table = [[0] * len(ri) for _ in row_index]
    for (x, r), k in amounts.items():
        if x not in row_index:
            raise GameError(f"{fact}({x},{r},...): unknown {row_kind} {x!r}")
        if r not in ri:
            raise GameError(f"{fact}({x},{r},...): unknown resource {r!r}")
        table[row_index[x]][ri[r]] = _natural(k, f"{fact}({x},{r})")
    return table
