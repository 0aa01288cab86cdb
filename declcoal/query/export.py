"""Export a query or a built-in concept as a complete solver program.

* :func:`smt2_script` — SMT-LIB 2 for plain ``z3`` (``z3 file.smt2``): one
  ``(declare-const x_P Real)`` per player, every constraint as a *named* assertion
  (``(! ... :named core_A_B)``) so ``(get-unsat-core)`` names coalitions, and the goal
  as ``(maximize ...)`` / ``(minimize ...)`` (both, in ``box`` priority, for a range).
  Every coalition row is written out: an export is for reading and re-running, not
  for speed.
* :func:`lp_program` (in :mod:`declcoal.query.crg`) — the ASP counterpart for CRGs.
"""
from __future__ import annotations

import re
from fractions import Fraction

from .. import progress
from .engine import Problem
from .ir import Row

_SIMPLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def sym(name: str) -> str:
    """An SMT-LIB symbol: plain when possible, |quoted| otherwise."""
    if _SIMPLE.match(name):
        return name
    return "|" + name.replace("|", "_").replace("\\", "_") + "|"


def num(q: Fraction) -> str:
    """An SMT-LIB real literal."""
    a, b = abs(q.numerator), q.denominator
    t = f"{a}.0" if b == 1 else f"(/ {a}.0 {b}.0)"
    return f"(- {t})" if q < 0 else t


def lin(a, names: list[str]) -> str:
    terms = []
    for c, v in zip(a, names):
        if not c:
            continue
        terms.append(sym(v) if c == 1 else f"(* {num(Fraction(c))} {sym(v)})")
    if not terms:
        return "0.0"
    return terms[0] if len(terms) == 1 else "(+ " + " ".join(terms) + ")"


def row_smt(r: Row, names: list[str]) -> str:
    op = {"=": "="}.get(r.op, r.op)
    return f"({op} {lin(r.a, names)} {num(r.b)})"


def _label(text: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_")[:60] or "c"
    name, k = base, 1
    while name in used:
        k += 1
        name = f"{base}_{k}"
    used.add(name)
    return name


def assertions(prob: Problem, names: list[str]) -> list[str]:
    """Named assertions of every group (families in full), with comments."""
    out: list[str] = []
    used: set[str] = set()
    for g in prob.groups:
        out.append(f"; {'region' if g.region else 'constraint'}: {g.name}" + (f" ({g.source})" if g.source and g.source != g.name else ""))
        named = lambda body, label: f"(assert (! {body} :named {_label(label, used)}))"  # noqa: E731
        if g.region:
            for r in g.rows:
                out.append(named(row_smt(r, names), r.label or g.name))
            for fam in g.families:  # 2^n - 1 coalition rows each
                masks = fam.masks()
                with progress.task("coalition rows", len(masks)) as t:  # a task, not iterate(): Ctrl-C
                    for k, m in enumerate(masks, start=1):            # in the body is recorded
                        r = fam.row(m, prob.nvars, prob.players)
                        out.append(named(row_smt(r, names), r.label))
                        if k % 1024 == 0 or k == len(masks):
                            t.advance(k - t.done)
            for d in g.disjunctions:
                out.append(named(_disj(d, names), d.label or g.name))
        else:
            parts = [row_smt(r, names) for r in g.rows] + [_disj(d, names) for d in g.disjunctions]
            body = parts[0] if len(parts) == 1 else "(and " + " ".join(parts) + ")"
            out.append(named(body, g.name))
    return out


def _disj(d, names) -> str:
    opts = []
    for o in d.options:
        rs = [row_smt(r, names) for r in o]
        opts.append("true" if not rs else rs[0] if len(rs) == 1 else "(and " + " ".join(rs) + ")")
    return "(or " + " ".join(opts) + ")" if len(opts) > 1 else opts[0]


def smt2_script(prob: Problem, goal: str, expr, query: str = "", game: str = "", feasible: bool | None = None) -> str:
    """The complete SMT-LIB 2 script of a TU query (see module docstring). The
    commands after ``(check-sat)`` ask for what exists: a model and objectives when
    the constraints are satisfiable, the unsat core when they are not (decided
    exactly in-process first, so that the script runs without errors)."""
    if feasible is None:
        feasible = is_feasible(prob)
    names = prob.varnames or [f"x_{p}" for p in prob.players]
    lines = [f"; declcoal query export (SMT-LIB 2): game {game}",
             f"; query: {query}" if query else "; query: (constraints only)",
             "; run with: z3 FILE.smt2",
             "(set-option :produce-unsat-cores true)"]
    if goal == "range":
        lines.append("(set-option :opt.priority box)")
    names = list(names) + [f"aux{k}" for k in range(prob.nvars - len(names))]
    lines += [f"(declare-const {sym(v)} Real)" + (f"  ; share of {prob.players[k]}" if k < prob.n else "")
              for k, v in enumerate(names)]
    lines += assertions(prob, names)
    if not feasible:
        lines += ["(check-sat)", "; unsat: the named assertions below conflict", "(get-unsat-core)"]
    elif goal in ("maximize", "minimize", "range") and expr is not None:
        e = lin(expr.vector(), names)
        if expr.const:
            e = f"(+ {e} {num(expr.const)})"
        if goal in ("maximize", "range"):
            lines.append(f"(maximize {e})")
        if goal in ("minimize", "range"):
            lines.append(f"(minimize {e})")
        lines += ["(check-sat)", "(get-objectives)", "(get-model)"]
    else:
        if goal in ("vertices", "member"):
            lines.append(f"; goal '{goal}' is answered by declcoal itself; this script checks the constraints")
        lines += ["(check-sat)", "(get-model)"]
    return "\n".join(lines) + "\n"


def is_feasible(prob: Problem) -> bool:
    from .engine import convex_optimum, z3_optimum

    out = convex_optimum(prob, None, True) if prob.convex else z3_optimum(prob, None, True)
    return out.status != "infeasible"


def run_smt2(text: str) -> str:
    """Run an SMT-LIB 2 script with Z3's own SMT-LIB front end (what ``z3 FILE`` does)."""
    import z3

    ctx = z3.Context()
    try:
        return z3.Z3_eval_smtlib2_string(ctx.ref(), text)
    except z3.Z3Exception as exc:  # the script printed an (error ...): return what z3 printed
        msg = exc.value if isinstance(exc.value, str) else exc.value.decode()
        return msg


# ---------------------------------------------------------------- built-in concepts
TU_CONCEPTS = ("core", "least-core", "nucleolus-step", "imputation", "eps-core")
CRG_CONCEPTS = ("feasible", "sf", "successful", "block", "core", "weak-core", "strong-core", "stable-structures")


def tu_concept_smt2(game, concept: str, eps=None) -> str:
    """SMT-LIB 2 of a TU concept (Tick 1995 §1; Maschler, Peleg & Shapley 1979):

    * ``core``: x(N) = v(N), x(S) ≥ v(S) — satisfiable iff the core is non-empty;
      ``(get-unsat-core)`` names the conflicting coalitions otherwise;
    * ``imputation``: x(N) = v(N), x_i ≥ v({i});
    * ``eps-core``: x(S) ≥ v(S) − ε for S ≠ ∅, N;
    * ``least-core``: minimise ε over x(S) + ε ≥ v(S) (S ≠ ∅, N), x(N) = v(N);
    * ``nucleolus-step``: the first LP of the nucleolus — the same over imputations
      (x_i ≥ v({i}) added): its optimum is the largest excess the nucleolus attains.
    """
    from fractions import Fraction

    from ..errors import InputError
    from .engine import Problem
    from .ir import Family, Group, Row
    from .regions import coalition_family, efficient_row, ir_rows, tu_region
    from .tu import Lin

    game.require_exact("an export")
    n = game.n
    P = game.players
    names = [f"x_{p}" for p in P]
    if concept == "core":
        prob = Problem(n, n, P, [tu_region(game, "core", ())], names)
        return smt2_script(prob, "find", None, "the core (non-empty iff sat)", game.name)
    if concept == "imputation":
        prob = Problem(n, n, P, [tu_region(game, "imputation", ())], names)
        return smt2_script(prob, "find", None, "the imputation set", game.name)
    if concept == "eps-core":
        if eps is None:
            raise InputError("eps-core needs --eps E")
        from ..model.numbers import to_fraction

        eps = to_fraction(eps, "--eps")  # exact, with the input rules of every file (no 1/0, no 1e309)
        prob = Problem(n, n, P, [tu_region(game, "eps_core", (eps,))], names)
        return smt2_script(prob, "find", None, f"the {eps}-core", game.name)
    if concept in ("least-core", "nucleolus-step"):
        if n < 2:
            raise InputError(f"{concept} needs at least 2 players")
        fam = coalition_family(game, Fraction(0), "excess")
        fam.aux = {n: Fraction(1)}
        rows = [Row(efficient_row(game).a + (Fraction(0),), "=", game.v(game.grand), "efficient: x(N) = v(N)")]
        if concept == "nucleolus-step":
            rows += [Row(r.a + (Fraction(0),), r.op, r.b, r.label) for r in ir_rows(game, "imputation")]
        prob = Problem(n, n + 1, P, [Group(concept, rows, [fam], region=True)], names + ["eps"])
        obj = Lin(n + 1, {n: Fraction(1)})
        what = ("least core: minimise eps with x(S) + eps >= v(S)" if concept == "least-core" else
                "first nucleolus LP: minimise the largest excess eps over imputations")
        return smt2_script(prob, "minimize", obj, what, game.name)
    raise InputError(f"unknown TU concept {concept!r}; use one of {', '.join(TU_CONCEPTS)}")


def crg_concept_lp(game, concept: str, *, sigma=None, coalition: int | None = None) -> str:
    """A complete ASP program (encodings inlined, game facts) for a CRG concept."""
    from ..errors import InputError
    from ..io.crg import crg_to_facts, sigma_to_facts
    from .crg import inline

    files = {"feasible": "crg/feasible.lp", "sf": "crg/sf.lp", "successful": "crg/successful.lp", "block": "crg/block.lp",
             "core": "crg/core_nonempty.lp", "weak-core": "crg/weak.lp", "strong-core": "crg/strong.lp",
             "stable-structures": None}
    if concept not in files:
        raise InputError(f"unknown CRG concept {concept!r}; use one of {', '.join(CRG_CONCEPTS)}")
    head = [f"% declcoal export (ASP): concept {concept}, game {game.name}", "% run with: clingo 0 FILE.lp"]
    if concept == "stable-structures":
        from .crg import CRGQuery

        q = CRGQuery(game)
        return q.program(q.items + [_stable_item()], ("all", None), query="all subject to stable")
    body = [inline(files[concept]), "#program base.", "% ======== the game ========", crg_to_facts(game)]
    if concept in ("feasible", "sf"):
        if coalition is None:
            raise InputError(f"{concept} needs --coalition 'A1 A2'")
        body.append(" ".join(f"coalition({game.agents[i]})." for i in range(game.n) if coalition >> i & 1))
        head.append("% answer sets: the goal sets feasible for C" if concept == "feasible" else
                    "% answer sets: the goal sets in sf(C) (feasible for C and satisfying every member)")
    if concept == "block":
        if sigma is None:
            raise InputError("block needs --sigma FILE (a coalition structure)")
        body += ["% ======== the structure sigma ========", sigma_to_facts(game, sigma)]
        head.append("% an answer set is a cooperation structure blocking sigma; UNSATISFIABLE: sigma is in the core")
    if concept == "successful":
        head[-1] = "% run with: clingo 0 --project FILE.lp   (one answer set per successful coalition)"
    return "\n".join(head + body) + "\n"


def _stable_item():
    from . import syntax

    return syntax.Item(None, (syntax.Pred("stable", None),))
