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
            for fam in g.families:
                for m in fam.masks():
                    r = fam.row(m, prob.nvars, prob.players)
                    out.append(named(row_smt(r, names), r.label))
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


def smt2_script(prob: Problem, goal: str, expr, query: str = "", game: str = "") -> str:
    """The complete SMT-LIB 2 script of a TU query (see module docstring)."""
    names = prob.varnames or [f"x_{p}" for p in prob.players]
    lines = [f"; declcoal query export (SMT-LIB 2): game {game}",
             f"; query: {query}" if query else "; query: (constraints only)",
             "; run with: z3 FILE.smt2",
             "(set-option :produce-unsat-cores true)"]
    if goal == "range":
        lines.append("(set-option :opt.priority box)")
    lines += [f"(declare-const {sym(v)} Real)  ; share of {p}" for v, p in zip(names, prob.players)]
    if prob.nvars > len(names):
        lines += [f"(declare-const aux{k} Real)" for k in range(prob.nvars - len(names))]
    lines += assertions(prob, names)
    if goal in ("maximize", "minimize", "range") and expr is not None:
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
        lines += ["(check-sat)", "(get-model)", "; if unsat:", "(get-unsat-core)"]
    return "\n".join(lines) + "\n"


def run_smt2(text: str) -> str:
    """Run an SMT-LIB 2 script with Z3's own SMT-LIB front end (what ``z3 FILE`` does)."""
    import z3

    ctx = z3.main_ctx()
    return z3.Z3_eval_smtlib2_string(ctx.ref(), text)
