"""The four reductions of Dunne et al. (2010) as verifiable :class:`Reduction` objects.

=========  ==========================================  ======================================
name       source property (instance)                  target property (game)
=========  ==========================================  ======================================
prop8      grand coalition of Γ successful (GCS)        σ0 is NOT in the core of Γ* (Fig. 1)
prop10     grand coalition of Γ successful (GCS)        the core of Γ* is NOT weak (ASP; Prop. 7)
prop9      Φ satisfiable                               the core of Γ_Φ is non-empty
prop11     Φ satisfiable                               the core of Γ_Φ is strongly non-empty
=========  ==========================================  ======================================

Props. 8/10 take a GRAND COALITION SUCCESS instance: a CRG given directly, or the game
:func:`~declcoal.reductions.constructions.gcs_from_cnf` of a formula (then the record also
checks that GCS equals satisfiability). Each reduction maps certificates both ways and,
for "no" instances, checks the evidence the paper's proof gives (docs/reductions.md).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..io.crg import crg_to_facts, sigma_to_doc
from ..io.dimacs import dimacs_text
from ..model.cnf import CNF
from ..model.coalition import members
from ..model.crg import CRG, Coop, check_coop, is_coop, null_structure, zero_xi
from . import constructions as K
from .notions import blocker, blocks_under, core_witness, sigma0_blocker
from .sat import min_support, satisfiable, solve_pysat
from .verify import Reduction, Verdict


# ====================================================================== helpers
def greedy_xi(game: CRG, coalition: int, goals: int) -> tuple[tuple[int, ...], ...] | None:
    """A C-contribution vector paying exactly req(G', r) (members in order, each as much
    as it owns), or None if C cannot afford G'."""
    rows = [[0] * game.t for _ in range(game.n)]
    for r in range(game.t):
        need = game.req_of(goals, r)
        for i in members(coalition):
            give = min(need, game.en[i][r])
            rows[i][r] = give
            need -= give
        if need:
            return None
    return tuple(map(tuple, rows))


def lits_goals(game: CRG, lits) -> int:
    """The goal mask of the literal goals g_ℓ (ℓ in lits) that exist in the game."""
    gi = {g: j for j, g in enumerate(game.goals)}
    return sum(1 << gi[K.lit_goal(x)] for x in lits if K.lit_goal(x) in gi)


def true_literals(cnf: CNF, assignment: dict[int, bool]) -> list[int]:
    return [v if b else -v for v, b in sorted(assignment.items())]


def clause_mask(game: CRG, cnf: CNF) -> int:
    return sum(1 << i for i, a in enumerate(game.agents) if a in {K.clause_agent(j) for j in range(1, cnf.k + 1)})


def literal_coop(game: CRG, cnf: CNF, lits, *, pay_all: bool = False) -> Coop:
    """The clause agents achieve the literal goals of ``lits``, each paying one unit of
    r_x per variable x used (or, with ``pay_all``, every resource it owns)."""
    C = clause_mask(game, cnf)
    G = lits_goals(game, lits)
    ri = {r: k for k, r in enumerate(game.resources)}
    rows = [[0] * game.t for _ in range(game.n)]
    used = {abs(x) for x in lits if K.lit_goal(x) in game.goals}
    for i in members(C):
        if pay_all:
            rows[i] = list(game.en[i])
        else:
            for v in used:
                rows[i][ri[K.var_resource(v)]] = 1
    return Coop(C, G, tuple(map(tuple, rows)))


def assignment_from_goals(game: CRG, cnf: CNF, goals: int) -> tuple[dict[int, bool], list[str]]:
    """Read a (partial) assignment off the literal goals achieved; problems listed."""
    a: dict[int, bool] = {}
    problems = []
    for j in members(goals):
        g = game.goals[j]
        if g.startswith("gx") or g.startswith("gnx"):
            v = int(g[2:]) if g.startswith("gx") else int(g[3:])
            val = g.startswith("gx")
            if a.get(v, val) != val:
                problems.append(f"both x{v} and ¬x{v} are achieved")
            a[v] = val
    return a, problems


def describe_cnf(cnf: CNF) -> str:
    """Φ as text, with ``[z = …]`` when some variable occurs in no clause (z matters to
    the constructions: a resource r_x per variable, and Table 2's 2z, 3z)."""
    used = {abs(x) for c in cnf.clauses for x in c}
    return cnf.text() + (f" [z = {cnf.nvars}]" if len(used) < cnf.nvars else "")


def sigma_doc(game: CRG, sigma) -> list[dict]:
    return sigma_to_doc(game, sigma) if sigma is not None else None


def coop_doc(game: CRG, lam: Coop | None):
    return lam.to_dict(game) if lam is not None else None


# ====================================================================== SAT-based
class _SatReduction(Reduction):
    source_name = "Φ satisfiable"

    def decode(self, params: dict) -> CNF:
        return CNF.from_dict(params["cnf"])

    def describe(self, cnf: CNF) -> str:
        return describe_cnf(cnf)

    def source(self, cnf: CNF) -> Verdict:
        sat = satisfiable(cnf)  # clingo and python-sat, checked to agree
        if not sat:
            return Verdict(False, None, {"solvers": "clingo sat.lp = python-sat"})
        total = solve_pysat(cnf)
        least = min_support(cnf)
        return Verdict(True, {"total": total, "min": least},
                       {"solvers": "clingo sat.lp = python-sat", "min_support": len(least)})

    def sizes(self, cnf: CNF, game: CRG) -> dict:
        lits = len(cnf.literals())
        return {"z": cnf.z, "k": cnf.k, "literals": lits, **K.sizes(game),
                "expected": K.expected_sizes(self.name, z=cnf.z, k=cnf.k, literals=lits)}

    def files(self, cnf: CNF, game: CRG) -> dict[str, str]:
        name = game.meta.get("construction", self.name)
        return {"formula.cnf": dimacs_text(cnf, [f"{name} counterexample: {cnf.text()}"]),
                "game.lp": crg_to_facts(game)}

    def backward(self, cnf: CNF, game: CRG, sigma, notion: str) -> dict:
        """A stable σ (from the core search) → the assignment its literal goals spell."""
        goals = 0
        for lam in sigma:
            goals |= lam.goals
        a, problems = assignment_from_goals(game, cnf, goals)
        full = {v: a.get(v, False) for v in range(1, cnf.nvars + 1)}
        falsified = cnf.falsified_clause(full)
        ok = not problems and falsified is None
        out = {"ok": ok, "assignment": {f"x{v}": b for v, b in sorted(a.items())}}
        if problems:
            out["problems"] = problems
        if falsified is not None:
            out["falsified_clause"] = falsified + 1
        return out


class Prop11(_SatReduction):
    """Prop. 11: Φ satisfiable iff the core of Γ_Φ is strongly non-empty (App. B)."""

    name = "prop11"
    target_name = "core strongly non-empty"

    def construct(self, cnf: CNF) -> CRG:
        return K.prop11_game(cnf)

    def target(self, game: CRG, notion: str) -> Verdict:
        w, cands = core_witness(game, notion)
        b0 = sigma0_blocker(game, notion)
        ev = {"core_nonempty": w is not None, "sigma0_in_core": b0 is None, "refuted_candidates": len(cands),
              "witness": sigma_doc(game, w), "sigma0_blocker": coop_doc(game, b0)}
        return Verdict(w is not None and b0 is not None, w, ev)

    def forward(self, cnf: CNF, game: CRG, cert, notion: str) -> dict:
        """The proof's σ* (full valuation ζ, every agent gives all its resources) and the
        repaired σ* (fewest variables, exact payment): stable? σ0 blocked?"""
        paper = (literal_coop(game, cnf, true_literals(cnf, cert["total"]), pay_all=True),)
        fixed = (literal_coop(game, cnf, true_literals(cnf, cert["min"])),)
        bp, bf = blocker(game, paper, notion), blocker(game, fixed, notion)
        b0 = sigma0_blocker(game, notion)
        return {"ok": bf is None and b0 is not None, "paper_ok": bp is None and b0 is not None,
                "paper_sigma": sigma_doc(game, paper), "paper_blocked_by": coop_doc(game, bp),
                "repaired_sigma": sigma_doc(game, fixed), "repaired_blocked_by": coop_doc(game, bf),
                "sigma0_blocked": b0 is not None}

    def refute(self, cnf: CNF, game: CRG, notion: str, target: Verdict) -> dict:
        """Φ unsatisfiable: the proof says σ0 is in the core (no coalition can succeed)."""
        succ = any(game.successful(c) for c in range(1, 1 << game.n)) if game.n + game.m <= 14 else None
        return {"ok": target.evidence["sigma0_in_core"], "sigma0_in_core": target.evidence["sigma0_in_core"],
                "some_coalition_successful": succ}


# ---------------------------------------------------------------- Prop. 9
def prop9_pair_coop(game: CRG, cnf: CNF, which: str) -> Coop:
    """The cooperation structures of the proof's case analysis (steps 3, 4, 5):
    ``g0g1`` = Agψ ∪ {a1} achieving {g0, g1}; ``g2g3`` = {a1, a2} achieving {g2, g3};
    ``g4g5`` = Agψ ∪ {a2} achieving {g4, g5}; exact payment by the owners."""
    ai = {a: i for i, a in enumerate(game.agents)}
    C = clause_mask(game, cnf)
    coal = {"g0g1": C | 1 << ai["a1"], "g2g3": 1 << ai["a1"] | 1 << ai["a2"], "g4g5": C | 1 << ai["a2"]}[which]
    goals = game.goal_mask([f"g{which[1]}", f"g{which[3]}"])
    xi = greedy_xi(game, coal, goals)
    lam = Coop(coal, goals, xi)
    check_coop(game, lam)
    return lam


def _with_rest(game: CRG, lam: Coop) -> tuple[Coop, ...]:
    rest = game.grand & ~lam.coalition
    return (lam,) + ((Coop(rest, 0, zero_xi(game)),) if rest else ())


class Prop9(_SatReduction):
    """Prop. 9: Φ satisfiable iff the core of Γ_Φ is non-empty (App. B, Table 2)."""

    name = "prop9"
    target_name = "core non-empty"

    def construct(self, cnf: CNF) -> CRG:
        return K.prop9_game(cnf)

    def target(self, game: CRG, notion: str) -> Verdict:
        w, cands = core_witness(game, notion)
        ev = {"refuted_candidates": len(cands), "witness": sigma_doc(game, w)}
        if w is None:  # the empty core's evidence: every candidate σ* the search tried, with its blocker
            ev["candidates_and_blockers"] = [{"sigma": sigma_doc(game, s), "blocked_by": coop_doc(game, b)}
                                             for s, b in cands[:20]]
        return Verdict(w is not None, w, ev)

    def forward(self, cnf: CNF, game: CRG, cert, notion: str) -> dict:
        """The proof's σ: clause agents achieve a valuation's literal goals (paper: the
        full valuation ζ; repaired: fewest variables), a1 and a2 achieve {g2, g3}."""
        pair = prop9_pair_coop(game, cnf, "g2g3")
        paper = (literal_coop(game, cnf, true_literals(cnf, cert["total"])), pair)
        fixed = (literal_coop(game, cnf, true_literals(cnf, cert["min"])), pair)
        bp, bf = blocker(game, paper, notion), blocker(game, fixed, notion)
        return {"ok": bf is None, "paper_ok": bp is None, "paper_sigma": sigma_doc(game, paper),
                "paper_blocked_by": coop_doc(game, bp), "repaired_sigma": sigma_doc(game, fixed),
                "repaired_blocked_by": coop_doc(game, bf)}

    def refute(self, cnf: CNF, game: CRG, notion: str, target: Verdict) -> dict:
        """Φ unsatisfiable: the proof's cycle σ0 ← (3) ← (4) ← (5) ← (3), and the grand
        coalition is unsuccessful (step 2); plus the pair property of Table 2."""
        l3, l4, l5 = (prop9_pair_coop(game, cnf, w) for w in ("g0g1", "g2g3", "g4g5"))
        s3, s4, s5 = _with_rest(game, l3), _with_rest(game, l4), _with_rest(game, l5)
        steps = {
            "step1_(3)_blocks_sigma0": blocks_under(game, l3, null_structure(game), notion),
            "step4_(4)_blocks_(3)": blocks_under(game, l4, s3, notion),
            "step5_(5)_blocks_(4)": blocks_under(game, l5, s4, notion),
            "step6_(3)_blocks_(5)": blocks_under(game, l3, s5, notion),
        }
        steps["step2_grand_coalition_unsuccessful"] = not game.successful(game.grand)
        steps["pair_property"] = pair_property(game)
        return {"ok": all(steps.values()), **steps, "refuted_candidates": target.evidence["refuted_candidates"]}


def pair_property(game: CRG) -> bool:
    """Step 2 of the proof: a pair {g_i, g_j} ⊆ {g0..g5} is affordable by the grand
    coalition iff it is {g0,g1}, {g2,g3} or {g4,g5}."""
    good = [{0, 1}, {2, 3}, {4, 5}]
    for i in range(6):
        for j in range(i + 1, 6):
            ok = game.feasible(game.grand, game.goal_mask([f"g{i}", f"g{j}"]))
            if ok != ({i, j} in good):
                return False
    return True


# ====================================================================== Props. 8 and 10
@dataclass
class GCSInstance:
    """A GRAND COALITION SUCCESS instance (a CRG), possibly built from a formula."""

    game: CRG
    cnf: CNF | None = None


class Prop8(Reduction):
    """Prop. 8: the grand coalition of Γ is successful iff σ0 is not in the core of Γ*."""

    name = "prop8"
    source_name = "grand coalition of Γ successful"
    target_name = "σ0 not in the core of Γ*"
    method = "flow"  # Fig. 1 (Γ* has few goals); Prop. 10 uses ASP

    def decode(self, params: dict) -> GCSInstance:
        if "cnf" in params:
            cnf = CNF.from_dict(params["cnf"])
            return GCSInstance(K.gcs_from_cnf(cnf), cnf)
        from ..io.crg import crg_from_doc
        from ..io.source import Source

        return GCSInstance(crg_from_doc(params["crg"], Source("<instance>", "")))

    def describe(self, x: GCSInstance) -> str:
        return describe_cnf(x.cnf) if x.cnf is not None else " ".join(crg_to_facts(x.game).splitlines()[1:])

    def construct(self, x: GCSInstance) -> CRG:
        return K.prop8_game(x.game)

    def source(self, x: GCSInstance) -> Verdict:
        g = x.game
        # the certificate: a succeeding goal set of least total requirement req(G') (the
        # cheapest to pay for; under u = V − c other ones may be too dear to block σ0)
        ok = [G for G in range(1, 1 << g.m) if g.satisfies(G, g.grand) and g.feasible(g.grand, G)]
        wit = min(ok, key=lambda G: (g.req_total(G), G)) if ok else None
        ev: dict = {}
        if x.cnf is not None:
            ev["gcs_equals_sat"] = (wit is not None) == satisfiable(x.cnf)
        if wit is None:
            return Verdict(False, None, ev)
        return Verdict(True, wit, {**ev, "goals": [g.goals[j] for j in members(wit)]})

    def sizes(self, x: GCSInstance, game: CRG) -> dict:
        g = x.game
        out = {"n": g.n, "m": g.m, "t": g.t, **K.sizes(game), "expected": K.expected_sizes(self.name, n=g.n, m=g.m, t=g.t)}
        if x.cnf is not None:
            out.update(z=x.cnf.z, k=x.cnf.k)
        return out

    #: Fig. 1 visits up to 2^|G| goal sets: beyond this many goals Prop. 8 uses ASP too
    FLOW_MAX_GOALS = 12

    def target(self, game: CRG, notion: str) -> Verdict:
        method = self.method if game.m <= self.FLOW_MAX_GOALS else "asp"
        b = sigma0_blocker(game, notion, method)
        return Verdict(b is not None, b, {"sigma0_blocker": coop_doc(game, b), "method": method})

    def forward(self, x: GCSInstance, game: CRG, goals: int, notion: str) -> dict:
        """G' satisfying and feasible for Ag in Γ → λ* = ⟨Ag, G', ξ⟩ in Γ* (ξ pays req(G', R)
        and |G'| units of each own r_i), which should block σ0. ξ comes from the max-flow of
        Prop. 12 with every agent's cap at what it may pay and still gain (en(i) under ≻_i,
        V* − 1 under u: u = V* − c must stay positive), so the cost is spread when it can be."""
        from ..solvers.flow import preferred_contribution_vector

        V = game.V()
        caps = {i: game.endowment(i) if notion == "preference" else min(game.endowment(i), V - 1)
                for i in range(game.n)}
        lam, _ = preferred_contribution_vector(game, goals, caps) if all(c >= 0 for c in caps.values()) else (None, None)
        if lam is None:  # no such ξ: show the plain one (it will not block)
            xi = greedy_xi(game, game.grand, goals)
            lam = Coop(game.grand, goals, xi) if xi is not None else None
        ok = lam is not None and blocks_under(game, lam, null_structure(game), notion)
        return {"ok": ok, "lambda": coop_doc(game, lam)}

    def backward(self, x: GCSInstance, game: CRG, lam: Coop, notion: str) -> dict:
        """A blocker of σ0 in Γ* → its coalition is Ag and its goals succeed in Γ."""
        g = x.game
        grand = lam.coalition == game.grand
        sat = g.satisfies(lam.goals, g.grand)
        feas = g.feasible(g.grand, lam.goals)
        return {"ok": grand and sat and feas, "coalition_is_Ag": grand, "satisfies_Ag": sat, "feasible_in_gamma": feas}

    def refute(self, x: GCSInstance, game: CRG, notion: str, target: Verdict) -> dict:
        """GCS fails: σ0 must be stable in Γ*; no coalition of Γ* is successful."""
        succ = any(game.successful(c) for c in range(1, 1 << game.n)) if game.n + game.m <= 14 else None
        return {"ok": not target.answer, "some_coalition_successful": succ}

    def files(self, x: GCSInstance, game: CRG) -> dict[str, str]:
        out = {"gcs_instance.lp": crg_to_facts(x.game), "game.lp": crg_to_facts(game),
               "sigma0.lp": "".join(f"sigma_member(l0,{a}).\n" for a in game.agents)}
        if x.cnf is not None:
            out["formula.cnf"] = dimacs_text(x.cnf, [f"{self.name} counterexample: {x.cnf.text()}"])
        return out


class Prop10(Prop8):
    """Prop. 10: the core of Γ* is weak (contains σ0) iff the grand coalition of Γ is NOT
    successful — checked as 'GCS iff not weak', with ASP (block.lp / block_utility.lp)
    and, under ≻_i, Prop. 7 (weak iff no coalition successful) as a second method."""

    name = "prop10"
    target_name = "core of Γ* not weak"
    method = "asp"

    def target(self, game: CRG, notion: str) -> Verdict:
        v = super().target(game, notion)
        if notion == "preference":
            from ..concepts.crg.success import successful_coalitions

            some = bool(successful_coalitions(game, "asp"))
            v.evidence["prop7_agrees"] = some == v.answer
        return v


PROP8, PROP9, PROP10, PROP11 = Prop8(), Prop9(), Prop10(), Prop11()
