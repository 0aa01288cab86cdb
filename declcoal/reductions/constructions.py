"""The reductions of Dunne, Kraus, Manisterski & Wooldridge (2010) as functions
instance → CRG (§4.1 and Appendix B). Every game carries ``meta["construction"]``.

Names (all ASP constants, so the games run with the ``crg`` commands and plain clingo):
clause agents ``c1..ck`` (a_ψi), literal goals ``gx3`` (g_{x3}) and ``gnx3`` (g_{¬x3}),
variable resources ``rx3`` (r_{x3}); Prop. 9's extra agents ``a1, a2``, goals ``g0..g5``
and resources ``r0..r11``; Prop. 8's new resource of agent ``a`` is ``own_a``.

* :func:`prop11_game` — Prop. 11 (SAT → strongly non-empty core), App. B.
* :func:`prop9_game` — Prop. 9 (SAT → non-empty core), App. B, with Table 2 as
  reconstructed in docs/reductions-constructions.md (:data:`TABLE2_REQ`, :data:`TABLE2_EN`).
* :func:`prop8_game` — Props. 8 and 10 (GRAND COALITION SUCCESS → σ0 ∉ core / core not
  weak), §4.1: Γ ↦ (Γ*, σ* = σ0).
* :func:`gcs_from_cnf` — a GRAND COALITION SUCCESS instance from a formula (the game of
  Prop. 11: its grand coalition succeeds iff Φ is satisfiable), so that Props. 8/10 can be
  verified on the same formula families.
"""
from __future__ import annotations

from ..errors import GameError
from ..model.cnf import CNF
from ..model.crg import CRG


def lit_goal(lit: int) -> str:
    """g_ℓ: ``gx3`` for x3, ``gnx3`` for ¬x3."""
    return f"gx{lit}" if lit > 0 else f"gnx{-lit}"


def var_resource(v: int) -> str:
    return f"rx{v}"


def clause_agent(i: int) -> str:
    """a_ψi for clause i (1-based)."""
    return f"c{i}"


def _literal_part(cnf: CNF) -> tuple[list[str], list[str], dict, dict]:
    """What Props. 9 and 11 share: a goal g_ℓ per literal occurring in Φ, a resource r_x
    per variable, req(g_ℓ, r_x) = k if ℓ ∈ {x, ¬x} (else 0), a clause agent per clause
    wanting the goals of its literals."""
    k = cnf.k
    goals = [lit_goal(x) for x in cnf.literals()]
    resources = [var_resource(v) for v in range(1, cnf.nvars + 1)]
    req = {(lit_goal(x), var_resource(abs(x))): k for x in cnf.literals()}
    wants = {clause_agent(i): [lit_goal(x) for x in c] for i, c in enumerate(cnf.clauses, start=1)}
    return goals, resources, wants, req


def _need_clauses(cnf: CNF, prop: str) -> None:
    if cnf.nvars == 0 and prop == "Prop. 11":
        raise GameError("Prop. 11 needs at least one variable: with z = 0 there is no resource r_x, "
                        "and §3 requires a non-empty set of resources")
    if cnf.k == 0:
        raise GameError(f"{prop} needs at least one clause (k = 0 makes every literal goal free, "
                        "against §3's assumption that every goal needs some resource)")


def prop11_game(cnf: CNF) -> CRG:
    """Γ_Φ of Prop. 11 (Dunne et al. 2010, App. B): agents a_ψ1..a_ψk, goals g_ℓ for the literals occurring in
    Φ, resources r_x for the variables, G_i = {g_ℓ : ℓ ∈ ψ_i}, req(g, r_x) = k if g ∈ {g_x,
    g_¬x} else 0, en(a_i, r) = 1 for every agent and resource."""
    _need_clauses(cnf, "Prop. 11")
    goals, resources, wants, req = _literal_part(cnf)
    agents = [clause_agent(i) for i in range(1, cnf.k + 1)]
    en = {(a, r): 1 for a in agents for r in resources}
    return CRG.build(agents, goals, resources, wants, en, req, name="prop11",
                     meta={"construction": "prop11", "description": f"Prop. 11 game of {cnf.text()}"})


def gcs_from_cnf(cnf: CNF) -> CRG:
    """A GRAND COALITION SUCCESS instance from Φ: the game of Prop. 11, whose grand
    coalition is successful iff Φ is satisfiable (a literal goal needs all k units of
    r_x, so achieved goals never contain both g_x and g_¬x; they satisfy every clause
    agent iff they pick a true literal of every clause)."""
    g = prop11_game(cnf)
    return CRG(g.agents, g.goals, g.resources, g.wants, g.en, g.req, "gcs",
               {"construction": "gcs", "description": f"GRAND COALITION SUCCESS instance of {cnf.text()}"})


# ---------------------------------------------------------------- Prop. 9, Table 2
#: req(g, r_j) of Table 2 for g0..g5 (rows) and r0..r11 (columns); entries are
#: (a, b) meaning a·z·k + b·k + c... written as functions of (z, k) below.
def table2_req(z: int, k: int) -> dict[str, list[int]]:
    """Table 2, requirements (reconstructed, see docs/reductions-constructions.md)."""
    return {  #  r0 r1  r2      r3 r4 r5      r6    r7    r8    r9    r10   r11
        "g0": [4, 0, 0,       0, 0, 0,       0,    k,    0,    0,    k,    2 * k],
        "g1": [0, 0, 2 * z * k, 0, 0, 0,     2 * k, k,    0,    0,    k,    0],
        "g2": [0, 0, 0,       3, 0, 0,       0,    0,    k,    k,    2 * k, 0],
        "g3": [0, 0, 0,       0, 3, 0,       0,    2 * k, k,    k,    0,    0],
        "g4": [0, 0, 0,       0, 0, 3 * z * k, k,  0,    0,    2 * k, 0,    k],
        "g5": [0, 2, 0,       0, 0, 0,       k,    0,    2 * k, 0,    0,    k],
    }


def table2_en(z: int, k: int) -> dict[str, list[int]]:
    """Table 2, endowments of a clause agent a_i (``ai``), a1 and a2 (reconstructed)."""
    return {  #  r0 r1 r2     r3 r4 r5     r6 r7    r8    r9    r10   r11
        "ai": [0, 0, 2 * z, 0, 0, 3 * z, 2, 0,    0,    0,    0,    2],
        "a1": [4, 0, 0,     0, 3, 0,     0, 2 * k, 0,    0,    2 * k, 0],
        "a2": [0, 2, 0,     3, 0, 0,     0, 0,    2 * k, 2 * k, 0,    0],
    }


SPECIAL_GOALS = [f"g{j}" for j in range(6)]
SPECIAL_RESOURCES = [f"r{j}" for j in range(12)]


def prop9_game(cnf: CNF) -> CRG:
    """Γ_Φ of Prop. 9 (Dunne et al. 2010, App. B, Table 2 reconstructed in
    docs/reductions-constructions.md): the literal part of Prop. 11 plus goals g0..g5, resources
    r0..r11, agents a1 (G_a1 = {g1, g2}) and a2 (G_a2 = {g3, g4}); a clause agent wants
    its literal goals and g0, g5; en(a_ψi, r_x) = 1; Table 2 for the rest."""
    _need_clauses(cnf, "Prop. 9")
    z, k = cnf.nvars, cnf.k
    goals, resources, wants, req = _literal_part(cnf)
    clause_agents = [clause_agent(i) for i in range(1, k + 1)]
    agents = clause_agents + ["a1", "a2"]
    goals = goals + SPECIAL_GOALS
    resources = resources + SPECIAL_RESOURCES
    for a in clause_agents:
        wants[a] = wants[a] + ["g0", "g5"]
    wants["a1"] = ["g1", "g2"]
    wants["a2"] = ["g3", "g4"]
    for g, row in table2_req(z, k).items():
        req.update({(g, r): q for r, q in zip(SPECIAL_RESOURCES, row) if q})
    en = {(a, var_resource(v)): 1 for a in clause_agents for v in range(1, z + 1)}
    tab = table2_en(z, k)
    for a in clause_agents:
        en.update({(a, r): q for r, q in zip(SPECIAL_RESOURCES, tab["ai"]) if q})
    for a in ("a1", "a2"):
        en.update({(a, r): q for r, q in zip(SPECIAL_RESOURCES, tab[a]) if q})
    return CRG.build(agents, goals, resources, wants, en, req, name="prop9",
                     meta={"construction": "prop9", "description": f"Prop. 9 game of {cnf.text()}"})


# ---------------------------------------------------------------- Props. 8 and 10
def own_resource(game: CRG, agent: str) -> str:
    """The new resource r_i of agent i in Prop. 8 (``own_<agent>``, made unique)."""
    name = f"own_{agent}"
    taken = set(game.agents) | set(game.goals) | set(game.resources)
    while name in taken:
        name += "_"
    return name


def prop8_game(game: CRG) -> CRG:
    """Γ* of Prop. 8 (Dunne et al. 2010, §4.1): Ag* = Ag, G* = G, G*_i = G_i, R* = R ∪ {r_i : i ∈ Ag};
    req*(g, r) = req(g, r) for r ∈ R and req*(g, r_i) = 1 for every goal g and agent i;
    en*(i, r) = en(i, r) for r ∈ R, en*(i, r_j) = |G| if i = j else 0. With σ* = σ0,
    the grand coalition succeeds in Γ iff σ0 is not in the core of Γ* (Prop. 8) iff the
    core of Γ* is not weak (Prop. 10)."""
    own = {a: own_resource(game, a) for a in game.agents}
    resources = list(game.resources) + [own[a] for a in game.agents]
    wants = {a: [game.goals[j] for j in range(game.m) if game.wants[i] >> j & 1] for i, a in enumerate(game.agents)}
    en = {(a, r): game.en[i][k] for i, a in enumerate(game.agents) for k, r in enumerate(game.resources)}
    en.update({(a, own[a]): game.m for a in game.agents})
    req = {(g, r): game.req[j][k] for j, g in enumerate(game.goals) for k, r in enumerate(game.resources)}
    req.update({(g, own[a]): 1 for g in game.goals for a in game.agents})
    return CRG.build(game.agents, game.goals, resources, wants, en, req, name="prop8",
                     meta={"construction": "prop8", "description": f"Prop. 8 game Γ* of {game.name}"})


# ---------------------------------------------------------------- sizes (the paper's formulas)
def expected_sizes(prop: str, *, z: int = 0, k: int = 0, literals: int = 0, n: int = 0, m: int = 0,
                   t: int = 0) -> dict[str, int]:
    """Agents, goals and resources of each construction as the paper states them:
    Prop. 11: k agents, one goal per literal occurring, z resources; Prop. 9: k + 2
    agents, literals + 6 goals, z + 12 resources; Prop. 8/10: n agents, m goals, t + n
    resources (n, m, t of the GCS instance)."""
    if prop == "prop11":
        return {"agents": k, "goals": literals, "resources": z}
    if prop == "prop9":
        return {"agents": k + 2, "goals": literals + 6, "resources": z + 12}
    if prop in ("prop8", "prop10"):
        return {"agents": n, "goals": m, "resources": t + n}
    raise GameError(f"unknown construction {prop!r}")


def sizes(game: CRG) -> dict[str, int]:
    return {"agents": game.n, "goals": game.m, "resources": game.t}
