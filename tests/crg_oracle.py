"""Independent brute-force oracle for coalitional resource games.

Written from Dunne, Kraus, Manisterski & Wooldridge (2010), *Solving coalitional
resource games*, AIJ 174, 20-50 -- §3 (model), §3.3 (preferences), §3.4 (coalition
structures), §4 (blocking, core, weak / strongly non-empty core) and §5.6
(Definition 5, top-cooperation structures) -- WITHOUT looking at declcoal's concept
code.  Plain Python, exhaustive enumeration; only for tiny games (2-3 agents,
1-2 resources, endowments 0..3).

A game is a plain :class:`Game`; a cooperation structure is a triple
``(C, Gp, xi)`` with ``C`` a frozenset of agents, ``Gp`` a frozenset of goals and
``xi`` a dict ``{agent: {resource: amount}}`` (missing entries are 0); a coalition
structure is a list of such triples whose coalitions partition ``Ag``.

Reading decisions (documented in docs/crg.md as well):

* feasibility of a cooperation structure (§3.2): ``xi[i][r] <= en(i, r)`` and
  ``sum_i xi[i][r] >= req(G', r)`` -- over-contribution is allowed;
* a blocking structure has a non-empty coalition (with ``C = ∅`` the condition
  ``∀ i ∈ C`` would be vacuous and every σ would be blocked);
* ``sf(C)`` follows the definition literally for non-empty C; Table 1 gives
  ``sf(∅) = ∅`` while the literal definition gives ``{∅}`` -- callers compare only
  non-empty coalitions.
"""
from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field


@dataclass
class Game:
    agents: list[str]
    goals: list[str]
    resources: list[str]
    wants: dict[str, frozenset[str]]
    en: dict[tuple[str, str], int]
    req: dict[tuple[str, str], int]
    name: str = "oracle"

    def e(self, i: str, r: str) -> int:
        return self.en.get((i, r), 0)

    def q(self, g: str, r: str) -> int:
        return self.req.get((g, r), 0)

    # ---- ASP facts in declcoal's format (agent/goal/resource/wants/en/req) ----
    def to_lp(self) -> str:
        out = [f"agent({a})." for a in self.agents]
        out += [f"goal({g})." for g in self.goals]
        out += [f"resource({r})." for r in self.resources]
        for a in self.agents:
            out += [f"wants({a},{g})." for g in sorted(self.wants.get(a, ()))]
        for (a, r), v in sorted(self.en.items()):
            out.append(f"en({a},{r},{v}).")
        for (g, r), v in sorted(self.req.items()):
            out.append(f"req({g},{r},{v}).")
        return "\n".join(out) + "\n"


def subsets(xs):
    xs = list(xs)
    for k in range(len(xs) + 1):
        for c in itertools.combinations(xs, k):
            yield frozenset(c)


# ---------------------------------------------------------------- §3 basics
def en_C(game: Game, C, r) -> int:
    return sum(game.e(i, r) for i in C)


def req_G(game: Game, Gp, r) -> int:
    return sum(game.q(g, r) for g in Gp)


def feasible(game: Game, C, Gp) -> bool:
    """G' is feasible for C: C is endowed with enough of every resource (§3)."""
    return all(en_C(game, C, r) >= req_G(game, Gp, r) for r in game.resources)


def satisfies(game: Game, Gp, C) -> bool:
    return all(Gp & game.wants.get(i, frozenset()) for i in C)


def sf(game: Game, C) -> set[frozenset]:
    """sf(C) = {G' ⊆ G : G' is feasible for and satisfies C} (literal definition)."""
    C = frozenset(C)
    return {Gp for Gp in subsets(game.goals) if feasible(game, C, Gp) and satisfies(game, Gp, C)}


def feas(game: Game, C) -> set[frozenset]:
    return {Gp for Gp in subsets(game.goals) if feasible(game, frozenset(C), Gp)}


def succ(game: Game, Gp) -> frozenset:
    """succ(G') = agents with a goal in G'."""
    return frozenset(i for i in game.agents if Gp & game.wants.get(i, frozenset()))


def successful_coalitions(game: Game) -> set[frozenset]:
    return {C for C in subsets(game.agents) if C and sf(game, C)}


# ------------------------------------------------------ cooperation structures
def contribution_vectors(game: Game, C):
    """All C-contribution vectors with 0 <= xi[i][r] <= en(i, r)."""
    C = sorted(C)
    cells = [(i, r) for i in C for r in game.resources]
    for vals in itertools.product(*[range(game.e(i, r) + 1) for i, r in cells]):
        xi = {i: {} for i in C}
        for (i, r), v in zip(cells, vals):
            xi[i][r] = v
        yield xi


def is_cooperation_structure(game: Game, lam) -> bool:
    C, Gp, xi = lam
    if not set(C) <= set(game.agents) or not set(Gp) <= set(game.goals):
        return False
    for i in C:
        for r in game.resources:
            v = xi.get(i, {}).get(r, 0)
            if v < 0 or v > game.e(i, r):
                return False
    for i in xi:
        if i not in C and any(xi[i].values()):
            return False
    return all(sum(xi.get(i, {}).get(r, 0) for i in C) >= req_G(game, Gp, r) for r in game.resources)


def cooperation_structures(game: Game, C):
    """All ⟨C, G', ξ⟩ (§3.2) for a fixed coalition C."""
    C = frozenset(C)
    xis = list(contribution_vectors(game, C))
    for Gp in subsets(game.goals):
        need = {r: req_G(game, Gp, r) for r in game.resources}
        for xi in xis:
            if all(sum(xi[i][r] for i in C) >= need[r] for r in game.resources):
                yield (C, Gp, xi)


def cost(lam, i) -> int:
    return sum(lam[2].get(i, {}).values())


def is_sat(game: Game, lam, i) -> bool:
    return i in succ(game, lam[1])


def prefers(game: Game, i, lam1, lam2) -> bool:
    """λ1 ≻_i λ2 by the three rules of §3.3."""
    s1, s2 = is_sat(game, lam1, i), is_sat(game, lam2, i)
    c1, c2 = cost(lam1, i), cost(lam2, i)
    if not s1 and not s2 and c1 < c2:
        return True
    if s1 and not s2:
        return True
    if s1 and s2 and c1 < c2:
        return True
    return False


def V(game: Game) -> int:
    return sum(
        max((game.q(g, r) for g in game.wants.get(i, ())), default=0)
        for i in game.agents for r in game.resources
    )


def utility(game: Game, i, lam) -> int:
    c = cost(lam, i)
    return V(game) - c if is_sat(game, lam, i) else -c


# --------------------------------------------------------- coalition structures
def partitions(xs):
    xs = list(xs)
    if not xs:
        yield []
        return
    first, rest = xs[0], xs[1:]
    for p in partitions(rest):
        yield [[first]] + p
        for k in range(len(p)):
            yield p[:k] + [[first] + p[k]] + p[k + 1:]


def is_coalition_structure(game: Game, sigma) -> bool:
    seen = []
    for lam in sigma:
        if not lam[0] or not is_cooperation_structure(game, lam):
            return False
        seen += list(lam[0])
    return sorted(seen) == sorted(game.agents) and len(seen) == len(set(seen))


def lam_of(sigma, i):
    for lam in sigma:
        if i in lam[0]:
            return lam
    raise KeyError(i)


def sigma0(game: Game):
    return [(frozenset(game.agents), frozenset(), {i: {} for i in game.agents})]


def blocks(game: Game, lam, sigma) -> bool:
    """λ blocks σ iff C_λ ≠ ∅ and every i ∈ C_λ strictly prefers λ to λ_{σ,i} (§4)."""
    return bool(lam[0]) and all(prefers(game, i, lam, lam_of(sigma, i)) for i in lam[0])


def all_blockers_naive(game: Game, sigma):
    for C in subsets(game.agents):
        if not C:
            continue
        for lam in cooperation_structures(game, C):
            if blocks(game, lam, sigma):
                yield lam


# ---- faster, still exhaustive: everything only depends on (sat_i, cost_i) profiles
def _key(sat: bool, c: int):
    return (1 if sat else 0, -c)


class Oracle:
    """Caches, per coalition, the set of (sat_i, cost_i) profiles reachable by
    cooperation structures; blocking and the core only depend on these."""

    def __init__(self, game: Game):
        self.game = game
        self.profiles: dict[frozenset, set[tuple]] = {}
        self.count: dict[frozenset, int] = {}
        for C in subsets(game.agents):
            if not C:
                continue
            Cs = sorted(C)
            prof = set()
            n = 0
            for lam in cooperation_structures(game, C):
                n += 1
                prof.add(tuple(_key(is_sat(game, lam, i), cost(lam, i)) for i in Cs))
            self.profiles[C] = prof
            self.count[C] = n
        # Pareto-maximal (w.r.t. strict improvement we need all; keep maximal ones)
        self.maximal = {}
        for C, prof in self.profiles.items():
            P = list(prof)
            self.maximal[C] = [p for p in P if not any(q != p and all(a >= b for a, b in zip(q, p)) for q in P)]

    def sigma_profile(self, sigma) -> dict:
        return {i: _key(is_sat(self.game, lam_of(sigma, i), i), cost(lam_of(sigma, i), i)) for i in self.game.agents}

    def blocked_profile(self, prof: dict) -> frozenset | None:
        """A coalition that can block a σ with this profile, or None."""
        for C, maxi in self.maximal.items():
            Cs = sorted(C)
            target = tuple(prof[i] for i in Cs)
            for p in maxi:
                if all(a > b for a, b in zip(p, target)):
                    return C
        return None

    def in_core(self, sigma) -> bool:
        return self.blocked_profile(self.sigma_profile(sigma)) is None

    def structure_profiles(self):
        """All (partition, profile dict) of coalition structures (deduplicated)."""
        seen = set()
        for part in partitions(self.game.agents):
            blocks_ = [frozenset(b) for b in part]
            for combo in itertools.product(*[sorted(self.profiles[b]) for b in blocks_]):
                prof = {}
                for b, p in zip(blocks_, combo):
                    for i, k in zip(sorted(b), p):
                        prof[i] = k
                key = (tuple(sorted(blocks_, key=sorted)), tuple(sorted(prof.items())))
                if key in seen:
                    continue
                seen.add(key)
                yield blocks_, prof

    def core_summary(self) -> dict:
        """Core non-emptiness over ALL coalition structures, and over grand ones."""
        any_stable = False
        grand_stable = False
        stable_unsat_pay = False  # Prop. 5 violation witness
        for blocks_, prof in self.structure_profiles():
            if self.blocked_profile(prof) is None:
                any_stable = True
                if len(blocks_) == 1:
                    grand_stable = True
                if any(k[0] == 0 and k[1] < 0 for k in prof.values()):
                    stable_unsat_pay = True
        weak = self.in_core(sigma0(self.game))
        return {
            "nonempty": any_stable,
            "grand_nonempty": grand_stable,
            "weak": weak,
            "strong": any_stable and not weak,
            "prop5_violation": stable_unsat_pay,
        }

    def top_structures(self):
        """All top-cooperation structures (Definition 5, with ≻_i for u_i(λ) > u_i(λ'))."""
        game = self.game
        best = {}
        for i in game.agents:
            mx, n = None, 0
            for C in self.profiles:
                if i not in C:
                    continue
                for lam in cooperation_structures(game, C):
                    k = _key(is_sat(game, lam, i), cost(lam, i))
                    if mx is None or k > mx:
                        mx, n = k, 1
                    elif k == mx:
                        n += 1
            best[i] = (mx, n)
        tops = []
        for C in self.profiles:
            for lam in cooperation_structures(game, C):
                if all(best[i][1] == 1 and _key(is_sat(game, lam, i), cost(lam, i)) == best[i][0] for i in C):
                    tops.append(lam)
        return tops


# ------------------------------------------------------------- random games
def random_game(rng: random.Random, n_agents=None, n_res=None, n_goals=None, emax=3) -> Game:
    n_agents = n_agents or rng.randint(2, 3)
    n_res = n_res or rng.randint(1, 2)
    n_goals = n_goals or rng.randint(1, 3)
    agents = [f"a{k+1}" for k in range(n_agents)]
    goals = [f"g{k+1}" for k in range(n_goals)]
    res = [f"r{k+1}" for k in range(n_res)]
    wants = {}
    for a in agents:
        mode = rng.random()
        if mode < 0.15:
            wants[a] = frozenset()  # agent with no goals
        else:
            wants[a] = frozenset(g for g in goals if rng.random() < 0.5) or frozenset([rng.choice(goals)])
    en = {}
    for a in agents:
        for r in res:
            v = rng.choice([0, 0, 1, 2, 3][: emax + 2])
            v = min(v, emax)
            if v or rng.random() < 0.5:
                en[(a, r)] = v
    req = {}
    for g in goals:
        for r in res:
            v = rng.choice([0, 0, 1, 1, 2, 3])
            if v or rng.random() < 0.5:
                req[(g, r)] = v
        if all(req.get((g, r), 0) == 0 for r in res):
            req[(g, rng.choice(res))] = rng.randint(1, 2)
    return Game(agents, goals, res, wants, en, req)


def random_cooperation_structure(rng: random.Random, game: Game, C):
    C = frozenset(C)
    for _ in range(20):
        Gp = frozenset(g for g in game.goals if rng.random() < 0.4)
        if feasible(game, C, Gp):
            break
    else:
        Gp = frozenset()
    xi = {i: {} for i in C}
    # pay the requirement, then maybe overpay / let unsatisfied members pay
    for r in game.resources:
        need = req_G(game, Gp, r)
        order = sorted(C)
        rng.shuffle(order)
        for i in order:
            give = min(need, game.e(i, r))
            if give and rng.random() < 0.7:
                give = rng.randint(min(need, game.e(i, r)) if i == order[-1] else 0, game.e(i, r))
                give = min(give, game.e(i, r))
            xi[i][r] = give
            need -= min(give, need)
        if need > 0:  # top up greedily
            for i in order:
                extra = min(need, game.e(i, r) - xi[i][r])
                xi[i][r] += extra
                need -= extra
        if rng.random() < 0.2:  # some overpayment
            i = rng.choice(order)
            xi[i][r] = game.e(i, r)
    lam = (C, Gp, xi)
    assert is_cooperation_structure(game, lam), lam
    return lam


def random_sigma(rng: random.Random, game: Game):
    parts = list(partitions(game.agents))
    part = rng.choice(parts)
    return [random_cooperation_structure(rng, game, b) for b in part]


def sigma_to_lp(sigma) -> str:
    out = []
    for k, (C, Gp, xi) in enumerate(sigma):
        out += [f"sigma_member(l{k+1},{a})." for a in sorted(C)]
        out += [f"sigma_goal(l{k+1},{g})." for g in sorted(Gp)]
        for a in sorted(C):
            for r, v in sorted(xi.get(a, {}).items()):
                if v:
                    out.append(f"sigma_xi({a},{r},{v}).")
    return "\n".join(out) + "\n"
