"""Queries over coalitional resource games (Dunne et al. 2010), answered by clingo.

A query ranges over coalition structures σ (§3.4: a partition of the agents into
cooperation structures ⟨C, G_C, ξ⟩, each feasible). The program is
``encodings/crg/structure.lp`` (guess σ), plus ``forall_noblock.lp`` when the query
says ``stable`` (Σ2 saturation: no λ blocks σ, §4), the game's facts, the user's own
rules (``rules=``), and one rule per query constraint::

    q_holds(1) :- together(a1,a2).         :- q_on(1), not q_holds(1).

Atoms: ``together(a1,a2)``, ``achieved(g)``, ``satisfied(a)``, ``stable`` (alias
``in_core``; ``not stable`` adds ``unstable.lp`` and shows a blocker), ``not ATOM``, any atom of the user's rules; comparisons of integer
terms ``cost(a)``, ``total_cost``, ``num_satisfied``, ``num_achieved``. Goals:
``find`` (one witness σ with its contribution vector), ``all``, ``count``,
``minimize``/``maximize`` of such a term.

An unsatisfiable query is explained by a minimal set of its constraints (deletion:
drop each constraint in turn and keep it only if the rest become satisfiable).
"""
from __future__ import annotations

import re
import sys
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm

from ..errors import DeclcoalError, InputError, SolverLimitError, UnsupportedError
from ..io.crg import crg_to_facts
from ..model.crg import CRG, Coop
from ..model.numbers import check_magnitude
from ..results import EXACT, jsonable
from ..solvers.encodings import encoding_text
from .. import progress
from . import syntax
from .conflict import minimal_conflict

CRG_GOALS = ("find", "all", "count", "minimize", "maximize")
TERMS = ("cost", "total_cost", "num_satisfied", "num_achieved")
ATOMS = {"together": ("agent", "agent"), "achieved": ("goal",), "satisfied": ("agent",)}
#: at most this many structures are listed by 'all' (count has no limit)
ALL_LIMIT = 1000


def inline(name: str, seen: set[str] | None = None) -> str:
    """An encoding with its ``#include`` files inlined (each once), so the text runs
    on its own with plain clingo."""
    seen = set() if seen is None else seen
    if name in seen:
        return ""
    seen.add(name)
    folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
    out = []
    for line in encoding_text(name).splitlines():
        m = re.match(r'\s*#include\s+"([^"]+)"\s*\.', line)
        if m:
            out.append(f"% ---- {m.group(1)} (inlined) ----")
            out.append(inline(folder + m.group(1), seen))
            out.append(f"% ---- end of {m.group(1)} ----")
            out.append("#program base.  % (clingo starts every included file in part base)")
        else:
            out.append(line)
    return "\n".join(out)


@dataclass
class Structure:
    """One coalition structure σ found by a query (with a blocker when the query said
    ``not stable``)."""

    coops: list[Coop]
    value: int | None = None
    blocker: Coop | None = None

    def to_dict(self, game: CRG) -> dict:
        return {"structure": [lam.to_dict(game) for lam in self.coops],
                **({"value": self.value} if self.value is not None else {}),
                **({"blocked_by": self.blocker.to_dict(game)} if self.blocker is not None else {})}

    def text(self, game: CRG) -> str:
        lines = []
        for lam in self.coops:
            d = lam.to_dict(game)
            costs = ", ".join(f"{a}={c}" for a, c in d["cost"].items())
            lines.append(f"  {lam.describe(game)}; cost {costs}; satisfied: {', '.join(d['satisfied']) or 'nobody'}")
        if self.blocker is not None:
            lines.append(f"  blocked by {self.blocker.describe(game)}")
        return "\n".join(lines)


@dataclass
class CRGAnswer:
    goal: str
    status: str  # found | none | count | optimal | all
    game: CRG | None = None
    query: str = ""
    structures: list[Structure] = field(default_factory=list)
    count: int | None = None
    value: int | None = None
    complete: bool = True
    conflict: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    method: str = "clingo"
    guarantee: str = EXACT
    seconds: float = 0.0

    def text(self) -> str:
        g = self.game
        out = []
        if self.status == "none":
            out.append("no coalition structure satisfies the query")
            if self.conflict:
                out.append("conflicting constraints (a minimal set):")
                out += [f"  {c}" for c in self.conflict]
        elif self.goal == "count":
            out.append(f"{self.count} coalition structures")
        elif self.goal == "all":
            out.append(f"{len(self.structures)} coalition structures" + ("" if self.complete else f" (first {ALL_LIMIT})"))
            for k, s in enumerate(self.structures, 1):
                out.append(f"structure {k}:")
                out.append(s.text(g))
        else:
            if self.goal in ("minimize", "maximize"):
                out.append(f"optimum {self.value} (proved optimal by clingo)")
            out.append("a coalition structure:" if self.goal == "find" else "at:")
            out.append(self.structures[0].text(g))
        out += [f"note: {n}" for n in self.notes]
        return "\n".join(out)

    def to_dict(self) -> dict:
        d = {"goal": self.goal, "status": self.status, "query": self.query}
        if self.count is not None:
            d["count"] = self.count
        if self.value is not None:
            d["value"] = self.value
        if self.structures:
            d["structures"] = [s.to_dict(self.game) for s in self.structures]
            d["complete"] = self.complete
        if self.conflict:
            d["conflict"] = self.conflict
        d.update(notes=self.notes, method=self.method, guarantee=self.guarantee, seconds=self.seconds)
        return jsonable(d)


@dataclass
class _Compiled:
    rules: list[str]
    names: list[str]  # one per constraint item
    stable: bool
    stable_name: str | None
    objective: str | None  # a #minimize / #maximize statement
    unstable: bool = False
    unstable_name: str | None = None


class CRGQuery:
    """Constraints and a goal over the coalition structures of a CRG."""

    def __init__(self, game: CRG, *, rules: str | None = None, rules_name: str = "rules"):
        from ..concepts.crg.core import check_asp_range

        check_asp_range(game)
        self.game = game
        self.rules = rules or ""
        self.rules_name = rules_name
        self.frames: list[list[syntax.Item]] = [[]]
        self._goal: tuple[str, object] = ("find", None)
        self._user_sigs = _head_signatures(self.rules, rules_name)
        self._check_rules_add_only()

    def _check_rules_add_only(self) -> None:
        """The user's rules may define new atoms only: a rule with the head of a game fact
        (``goal(g9).``) or of the built-in program (``member/2``) would change the game
        or the solver's guess, so it is refused, naming its line."""
        if not self._user_sigs:
            return
        rules, self.rules = self.rules, ""
        try:
            builtin = _head_signatures(self.program([], None, stable=True, unstable=True), "declcoal")
        finally:
            self.rules = rules
        clash = sorted((line, name, arity) for (name, arity), line in self._user_sigs.items()
                       if (name, arity) in builtin)
        if clash:
            line, name, arity = clash[0]
            raise InputError(f"the rules define {name}/{arity}, a predicate of the game or of declcoal's program; "
                             "your rules may only add new atoms", file=self.rules_name, line=line)

    # ---------------------------------------------------- building
    @property
    def items(self) -> list[syntax.Item]:
        return [i for f in self.frames for i in f]

    def require(self, constraint: str, name: str | None = None) -> "CRGQuery":
        stmt = syntax.parse(constraint)
        if not isinstance(stmt, syntax.Query) or stmt.goal.kind != "find":
            raise InputError(f"require() takes constraints, not a goal: {constraint!r}")
        items = list(stmt.items)
        if name is not None and len(items) == 1:
            items[0] = syntax.Item(name, items[0].options, items[0].col)
        self._compile(items, None)  # check now
        self.frames[-1].extend(items)
        return self

    def maximize(self, expr: str) -> "CRGQuery":
        self._goal = ("maximize", syntax.parse(f"maximize {expr}").goal.expr)
        return self

    def minimize(self, expr: str) -> "CRGQuery":
        self._goal = ("minimize", syntax.parse(f"minimize {expr}").goal.expr)
        return self

    def count(self) -> "CRGQuery":
        self._goal = ("count", None)
        return self

    def all(self) -> "CRGQuery":
        self._goal = ("all", None)
        return self

    def find(self) -> "CRGQuery":
        self._goal = ("find", None)
        return self

    def solve(self) -> CRGAnswer:
        kind, expr = self._goal
        return self._answer(kind, expr, self.items, "")

    def push(self) -> None:
        self.frames.append([])

    def pop(self) -> None:
        if len(self.frames) == 1:
            raise InputError("pop: no scope to pop (push first)")
        self.frames.pop()

    # ---------------------------------------------------- the language
    def run(self, text: str, *, file: str | None = None, line: int | None = None):
        stmt = syntax.parse(text, file=file, line=line)
        try:
            return self.execute(stmt, text)
        except DeclcoalError as exc:
            raise exc.located(file, line)

    def execute(self, stmt, text: str = ""):
        if isinstance(stmt, syntax.Command):
            return self._command(stmt)
        g = stmt.goal
        if g.kind not in CRG_GOALS:
            raise UnsupportedError(f"goal {g.kind!r} is for TU games; CRG goals are {', '.join(CRG_GOALS)}")
        return self._answer(g.kind, g.expr, self.items + list(stmt.items), text or syntax.text(stmt))

    def _command(self, c: syntax.Command) -> str:
        if c.name == "assert":
            self._compile(list(c.items), None)
            self.frames[-1].extend(c.items)
            return "asserted: " + "; ".join(i.label or syntax.item_text(i) for i in c.items)
        if c.name == "retract":
            for f in reversed(self.frames):
                for k in range(len(f) - 1, -1, -1):
                    if c.arg is None or f[k].label == c.arg or syntax.item_text(f[k]) == c.arg:
                        it = f.pop(k)
                        return "retracted: " + (it.label or syntax.item_text(it))
            raise InputError(f"retract: no constraint named {c.arg!r}" if c.arg else "retract: nothing to retract")
        if c.name == "push":
            self.push()
            return f"pushed (depth {len(self.frames) - 1})"
        if c.name == "pop":
            self.pop()
            return f"popped (depth {len(self.frames) - 1})"
        if c.name == "show":
            its = self.items
            return "\n".join(f"  {syntax.item_text(i)}" for i in its) if its else "no constraints asserted"
        if c.name == "clear":
            self.frames = [[]]
            return "cleared"
        if c.name == "help":
            from .help import help_text

            return help_text("crg", c.arg)
        return ""

    # ---------------------------------------------------- compiling
    def _name(self, kind: str, name, col: int) -> str:
        g = self.game
        pool = {"agent": g.agents, "goal": g.goals}[kind]
        if not isinstance(name, str) or name not in pool:
            raise InputError(f"column {col}: unknown {kind} {name!r}; {kind}s are {', '.join(pool)}")
        return name

    def _atom(self, p: syntax.Pred) -> str:
        if p.name in ("stable", "in_core"):
            raise UnsupportedError(f"column {p.col}: '{p.name}' is a property of the whole structure: state "
                                   f"'{p.name}' or 'not {p.name}' on its own (not inside 'or')")
        if p.name in ATOMS:
            kinds = ATOMS[p.name]
            args = p.args or ()
            if len(args) != len(kinds):
                raise InputError(f"column {p.col}: {p.name} takes {len(kinds)} argument(s), e.g. "
                                 + {"together": "together(a1, a2)", "achieved": "achieved(g1)",
                                    "satisfied": "satisfied(a1)"}[p.name])
            names = [self._name(k, a, p.col) for k, a in zip(kinds, args)]
            return f"{p.name}({','.join(names)})"
        if p.name in TERMS:
            raise InputError(f"column {p.col}: {p.name} is a number; compare it, e.g. {p.name}(a1) <= 3"
                             if p.name == "cost" else f"column {p.col}: {p.name} is a number; compare it, e.g. {p.name} >= 2")
        arity = len(p.args or ())
        if (p.name, arity) not in self._user_sigs:
            known = ", ".join(["together/2", "achieved/1", "satisfied/1", "stable", "in_core"]
                              + [f"{n}/{a}" for n, a in sorted(self._user_sigs)])
            raise InputError(f"column {p.col}: unknown atom {p.name}/{arity}; atoms are {known}")
        if p.args is None:
            return p.name
        return f"{p.name}({','.join(_asp_term(a) for a in p.args)})"

    def _terms(self, e, coef: Fraction, acc: dict, const: list) -> None:
        """Collect an integer-linear expression: acc[(kind, arg)] += coef."""
        if isinstance(e, syntax.Num):
            const[0] += coef * e.value
        elif isinstance(e, syntax.Var):
            if e.name not in ("total_cost", "num_satisfied", "num_achieved"):
                raise InputError(f"column {e.col}: unknown term {e.name!r}; CRG terms are cost(A), total_cost, "
                                 "num_satisfied, num_achieved")
            acc[(e.name, None)] = acc.get((e.name, None), Fraction(0)) + coef
        elif isinstance(e, syntax.Call):
            if e.func != "cost" or len(e.args) != 1:
                raise InputError(f"column {e.col}: unknown term {e.func}(...); CRG terms are cost(A), total_cost, "
                                 "num_satisfied, num_achieved")
            a = self._name("agent", e.args[0], e.col)
            acc[("cost", a)] = acc.get(("cost", a), Fraction(0)) + coef
        elif isinstance(e, syntax.Neg):
            self._terms(e.arg, -coef, acc, const)
        elif isinstance(e, syntax.BinOp) and e.op in "+-":  # a sum of any length, in a loop
            head, nodes = syntax.spine(e)
            self._terms(head, coef, acc, const)
            for node in nodes:
                self._terms(node.right, coef if node.op == "+" else -coef, acc, const)
        elif isinstance(e, syntax.BinOp):  # a product a * b / c ...: numbers times at most one term
            head, nodes = syntax.spine(e)
            factor, term = Fraction(1), None
            for op, t, col in [("*", head, e.col)] + [(n.op, n.right, n.col) for n in nodes]:
                if isinstance(t, syntax.Num) and not (op == "/" and t.value == 0):
                    factor = factor / t.value if op == "/" else factor * t.value
                elif op == "/":
                    raise InputError(f"column {col}: non-linear term (divide by a non-zero number only)")
                elif term is not None:
                    raise InputError(f"column {col}: non-linear term (one side of * must be a number)")
                else:
                    term = t
            check_magnitude(factor, f"column {e.col}: a coefficient computed from the expression")
            if term is None:
                const[0] += coef * factor
            else:
                self._terms(term, coef * factor, acc, const)
        else:
            raise InputError(f"column {getattr(e, 'col', 0)}: not a CRG term: {syntax.expr_text(e)}")

    def _aggregate(self, acc: dict, tag: str) -> list[str]:
        """#sum elements of an integer-scaled linear expression."""
        els = []
        for k, ((kind, arg), c) in enumerate(sorted(acc.items(), key=lambda t: (t[0][0], t[0][1] or ""))):
            c = int(c)
            if c == 0:
                continue
            if kind == "cost":
                els.append(f"{c}*W,{tag},{k},R,W : pays({arg},R,W)")
            elif kind == "total_cost":
                els.append(f"{c}*W,{tag},{k},A,R,W : pays(A,R,W)")
            elif kind == "num_satisfied":
                els.append(f"{c},{tag},{k},A : satisfied(A)")
            else:
                els.append(f"{c},{tag},{k},G : achieved(G)")
        return els

    def _linear(self, lhs, rhs) -> tuple[dict, Fraction]:
        acc: dict = {}
        const = [Fraction(0)]
        self._terms(lhs, Fraction(1), acc, const)
        self._terms(rhs, Fraction(-1), acc, const)
        L = lcm(*(c.denominator for c in list(acc.values()) + [const[0]]))
        return {k: c * L for k, c in acc.items()}, -const[0] * L  # Σ acc (op) K

    def _compare_bodies(self, c: syntax.Compare, tag: str) -> list[str]:
        """Bodies (conjunctions) of a chained comparison; each pair gives one #sum."""
        parts = []
        for k, (a, op, b) in enumerate(zip(c.exprs, c.ops, c.exprs[1:])):
            acc, K = self._linear(a, b)
            els = self._aggregate(acc, f"{tag}_{k}")
            asp_op = {"=": "=", "!=": "!=", "<=": "<=", ">=": ">=", "<": "<", ">": ">"}[op]
            parts.append(f"#sum{{ {'; '.join(els)} }} {asp_op} {int(K)}" if els else
                         ("#true" if _cmp(Fraction(0), op, K) else "#false"))
        return parts

    def _compile(self, items: list[syntax.Item], goal: tuple | None) -> _Compiled:
        rules: list[str] = []
        names: list[str] = []
        stable = False
        stable_name = None
        unstable, unstable_name = False, None
        j = 0
        for it in items:
            label = it.label or syntax.item_text(it)
            if len(it.options) == 1 and isinstance(it.options[0], syntax.Pred) and it.options[0].name in ("stable", "in_core"):
                if it.options[0].args:
                    raise InputError(f"column {it.options[0].col}: '{it.options[0].name}' takes no arguments")
                stable, stable_name = True, label
                continue
            if (len(it.options) == 1 and isinstance(it.options[0], syntax.Not)
                    and it.options[0].pred.name in ("stable", "in_core")):
                if it.options[0].pred.args:
                    raise InputError(f"column {it.options[0].col}: 'stable' takes no arguments")
                unstable, unstable_name = True, label
                continue
            j += 1
            names.append(label)
            rules.append(f"% constraint {j}: {label}")
            for lit in it.options:
                if isinstance(lit, syntax.Pred):
                    rules.append(f"q_holds({j}) :- {self._atom(lit)}.")
                elif isinstance(lit, syntax.Not):
                    rules.append(f"q_holds({j}) :- not {self._atom(lit.pred)}.")
                else:
                    rules.append(f"q_holds({j}) :- {', '.join(self._compare_bodies(lit, f'c{j}'))}.")
            rules.append(f":- q_on({j}), not q_holds({j}).")
        objective = None
        if goal is not None and goal[0] in ("minimize", "maximize"):
            acc: dict = {}
            const = [Fraction(0)]
            self._terms(goal[1], Fraction(1), acc, const)
            L = lcm(*(c.denominator for c in acc.values())) if acc else 1
            els = self._aggregate({k: c * L for k, c in acc.items()}, "obj")
            if not els:
                raise InputError("the objective has no term to optimise")
            objective = f"#{goal[0]}{{ {'; '.join(els)} }}."
        if stable and unstable:
            raise InputError("a query cannot ask for 'stable' and 'not stable' at once")
        return _Compiled(rules, names, stable, stable_name, objective, unstable, unstable_name)

    # ---------------------------------------------------- programs
    def program(self, items: list[syntax.Item] | None = None, goal: tuple | None = None, *,
                on: list[int] | None = None, query: str = "", stable: bool | None = None,
                unstable: bool | None = None) -> str:
        """The complete ASP program (encodings inlined, facts, rules, query): runs with
        plain clingo (``clingo 0 FILE`` lists every answer)."""
        items = self.items if items is None else items
        comp = self._compile(items, goal)
        st = comp.stable if stable is None else stable
        ust = comp.unstable if unstable is None else unstable
        on = list(range(1, len(comp.names) + 1)) if on is None else on
        parts = [f"% declcoal query export (ASP): game {self.game.name}",
                 f"% query: {query}" if query else "% query: (constraints only)",
                 "% run with: clingo --heuristic=Domain FILE.lp   (every answer: clingo 0 --project FILE.lp;"
                 " optimum: clingo --opt-mode=opt FILE.lp)",
                 "% ======== structure.lp: guess a coalition structure ========", inline("crg/structure.lp")]
        if st:
            parts += ["% ======== forall_noblock.lp: the structure is stable (no lambda blocks it) ========",
                      inline("crg/forall_noblock.lp")]
        if ust:
            parts += ["% ======== unstable.lp: some lambda blocks the structure ========", inline("crg/unstable.lp")]
        parts.append("#program base.")
        parts += ["% ======== the game ========", crg_to_facts(self.game)]
        if self.rules:
            parts += [f"% ======== your rules ({self.rules_name}) ========", self.rules]
        parts += ["% ======== the query ========"] + comp.rules
        parts += [f"q_on({k})." for k in on]
        parts += ["#defined q_on/1.", "#defined q_holds/1."]
        if comp.objective:
            parts.append(comp.objective)
        parts += ["#project member/2.", "#project s_goal/2.", "#project sb/3."]
        return "\n".join(parts) + "\n"

    def control(self, args=()):
        """A grounded ``clingo.Control`` holding :meth:`program` — extend it in your code."""
        from ..solvers.clingo_adapter import make_control

        ctl = make_control(list(args))
        ctl.add("base", [], self.program(goal=self._goal))
        ctl.ground([("base", [])])
        return ctl

    # ---------------------------------------------------- solving
    def _solve(self, text: str, models: int, *, optimize: bool = False, project: bool = True):
        from ..solvers.clingo_adapter import make_control

        args = [str(models), "--heuristic=Domain"]
        if project:
            args.append("--project")
        if optimize:
            args = ["0", "--opt-mode=opt", "--heuristic=Domain"]
        ctl = make_control(args)
        try:
            ctl.add("base", [], text)
            ctl.ground([("base", [])])
        except RuntimeError as exc:
            raise InputError(f"clingo could not read the program (check your rules file): {exc}") from None
        found: list[list] = []
        costs: list = []
        n = [0]
        # count, all and the optimisations enumerate structures: Bell(n) of them and more
        label = None if models == 1 else "improving answers" if optimize else "structures"
        task = None

        def on_model(m):
            n[0] += 1
            if task is not None:
                task.advance()
            if optimize:
                found[:] = [list(m.symbols(shown=True))]
                costs[:] = [list(m.cost)]
            elif models == 0 and len(found) >= ALL_LIMIT and not optimize:
                pass
            else:
                found.append(list(m.symbols(shown=True)))
            return True

        with progress.task(label) if label else nullcontext() as task:
            res = ctl.solve(on_model=on_model)
        if res.unknown and not found and not res.interrupted:
            raise SolverLimitError("clingo gave no answer (unknown)")
        return bool(res.satisfiable), found, n[0]

    def _structure(self, syms) -> Structure:
        g = self.game
        ai = {a: i for i, a in enumerate(g.agents)}
        gi = {x: j for j, x in enumerate(g.goals)}
        ri = {r: k for k, r in enumerate(g.resources)}
        coal: dict[str, int] = {}
        goals: dict[str, int] = {}
        xi = [[0] * g.t for _ in range(g.n)]
        for s in syms:
            if s.name == "member":
                a, L = str(s.arguments[0]), str(s.arguments[1])
                coal[L] = coal.get(L, 0) | (1 << ai[a])
            elif s.name == "s_goal":
                L, x = str(s.arguments[0]), str(s.arguments[1])
                goals[L] = goals.get(L, 0) | (1 << gi[x])
            elif s.name == "pays":
                a, r, w = str(s.arguments[0]), str(s.arguments[1]), s.arguments[2].number
                xi[ai[a]][ri[r]] += w
        coops = []
        for L in sorted(coal, key=lambda L: ai[L]):
            mask = coal[L]
            rows = tuple(tuple(xi[i]) if mask >> i & 1 else (0,) * g.t for i in range(g.n))
            coops.append(Coop(mask, goals.get(L, 0), rows))
        bmask, bgoals, bxi = 0, 0, [[0] * g.t for _ in range(g.n)]
        for s in syms:
            if s.name == "b_in":
                bmask |= 1 << ai[str(s.arguments[0])]
            elif s.name == "b_achieve":
                bgoals |= 1 << gi[str(s.arguments[0])]
            elif s.name == "b_pays":
                bxi[ai[str(s.arguments[0])]][ri[str(s.arguments[1])]] += s.arguments[2].number
        blocker = Coop(bmask, bgoals, tuple(tuple(r) for r in bxi)) if bmask else None
        return Structure(coops, blocker=blocker)

    def _value(self, s: Structure, expr) -> int:
        acc: dict = {}
        const = [Fraction(0)]
        self._terms(expr, Fraction(1), acc, const)
        g = self.game
        total = const[0]
        for (kind, arg), c in acc.items():
            if kind == "cost":
                i = g.agents.index(arg)
                total += c * sum(lam.cost(i) for lam in s.coops if lam.coalition >> i & 1)
            elif kind == "total_cost":
                total += c * sum(lam.cost(i) for lam in s.coops for i in range(g.n) if lam.coalition >> i & 1)
            elif kind == "num_satisfied":
                total += c * sum(bin(g.succ(lam.goals) & lam.coalition).count("1") for lam in s.coops)
            else:
                total += c * bin(sum_goals(s)).count("1")
        return int(total) if total.denominator == 1 else total  # type: ignore[return-value]

    def _answer(self, kind: str, expr, items: list[syntax.Item], query: str) -> CRGAnswer:
        t0 = time.perf_counter()
        goal = (kind, expr)
        text = self.program(items, goal, query=query)
        self._check_atoms(text)
        ans = CRGAnswer(kind, "", self.game, query)
        if kind in ("minimize", "maximize"):
            sat, found, _ = self._solve(text, 0, optimize=True)
        elif kind == "count":
            sat, found, cnt = self._solve(text, 0)
            ans.count = cnt
        elif kind == "all":
            sat, found, cnt = self._solve(text, 0)
            ans.complete = cnt <= ALL_LIMIT
        else:
            sat, found, _ = self._solve(text, 1)
        if not found:
            ans.status = "none" if kind != "count" else "count"
            if kind == "count":
                ans.count = 0
            ans.conflict = self._explain(items)
            if kind == "count" and ans.conflict:
                ans.status = "none"
        else:
            ans.structures = [self._structure(s) for s in found]
            ans.status = {"find": "found", "all": "all", "count": "count"}.get(kind, "optimal")
            if kind in ("minimize", "maximize"):
                ans.value = self._value(ans.structures[0], expr)
                ans.structures[0].value = ans.value
            if kind == "count":
                ans.structures = []
        ans.seconds = time.perf_counter() - t0
        return ans

    def _check_atoms(self, text: str) -> None:
        """Grounding happens in _solve; user atoms were checked against the rules'
        heads at compile time (unknown ones are an error naming the column)."""

    def _explain(self, items: list[syntax.Item]) -> list[str]:
        """A minimal set of the query's constraints (and 'stable') with no structure."""
        comp = self._compile(items, None)
        cons = list(range(1, len(comp.names) + 1))
        names = {k: comp.names[k - 1] for k in cons}
        use_stable = comp.stable or comp.unstable
        if not cons and not use_stable:
            return ["the game has no coalition structure at all (cannot happen: σ0 always exists)"]

        def sat(on: list[int], st: bool) -> bool:
            return self._solve(self.program(items, None, on=on, stable=st and comp.stable,
                                            unstable=st and comp.unstable), 1)[0]

        if use_stable and not sat(cons, False):
            use_stable = False  # the constraints conflict without 'stable'
        keep = minimal_conflict(cons, lambda trial: not sat(trial, use_stable))
        out = [names[k] for k in keep]
        if use_stable:
            out.append((comp.stable_name or "stable") if comp.stable else (comp.unstable_name or "not stable"))
        return out


def sum_goals(s: Structure) -> int:
    m = 0
    for lam in s.coops:
        m |= lam.goals
    return m


def _cmp(a: Fraction, op: str, b: Fraction) -> bool:
    return {"=": a == b, "!=": a != b, "<=": a <= b, ">=": a >= b, "<": a < b, ">": a > b}[op]


def _asp_term(a) -> str:
    if isinstance(a, Fraction):
        if a.denominator != 1:
            raise InputError("ASP atoms take integers, not fractions")
        return str(a.numerator)
    return a


def _head_signatures(rules: str, name: str = "rules") -> dict[tuple[str, int], int]:
    """Signatures (name, arity) of the atoms the rules define, each with the line of its
    first rule. A syntax error is one :class:`InputError` naming ``name``:line and the
    column (clingo's own messages are collected, not printed)."""
    if not rules.strip():
        return {}
    import clingo.ast

    sigs: dict[tuple[str, int], int] = {}
    messages: list[str] = []

    def visit(stm):
        if stm.ast_type == clingo.ast.ASTType.Rule:
            found: set = set()
            _collect_heads(stm.head, found)
            for sig in found:
                sigs.setdefault(sig, stm.location.begin.line)

    try:
        with _native_stderr(messages):
            clingo.ast.parse_string(rules, visit, message_limit=20)
    except RuntimeError as exc:
        raise _clingo_syntax_error(messages, str(exc), name, rules) from None
    return sigs


@contextmanager
def _native_stderr(messages: list[str]):
    """Collect what clingo's own logger writes to file descriptor 2 into ``messages``.
    A Python logger cannot be used here: clingo's lexer reports a bad byte of a
    multi-byte character alone (``unexpected \\302``), the message is not UTF-8, and a
    Python logger then aborts the process ("PANIC: exception in nothrow scope")."""
    import os
    import tempfile

    try:
        sys.stderr.flush()
    except (OSError, ValueError):  # pragma: no cover
        pass
    with tempfile.TemporaryFile() as tmp:
        saved = os.dup(2)
        os.dup2(tmp.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            text = tmp.read().decode("utf-8", errors="replace")
            messages += [m for m in text.split("\n\n") if m.strip()]


def _clingo_syntax_error(messages: list[str], fallback: str, name: str, text: str = "") -> InputError:
    """clingo's first message ``<string>:3:12-24: error: syntax error, ...`` as
    ``NAME:3: column 12: syntax error, ...`` (a character clingo cut in half is shown
    whole, read from the text at that line and byte column)."""
    for msg in messages:
        m = re.match(r"^<[^>]*>:(\d+):(\d+)(?:-[\d:]+)?:\s*(?:error:\s*)?(.*)", msg.strip())
        if m:
            line, col = int(m.group(1)), int(m.group(2))
            what = m.group(3).splitlines()[0].strip()
            if "\ufffd" in what:
                what = what.replace("\ufffd", repr(_char_at(text, line, col)), 1).replace("\ufffd", "")
            return InputError(f"column {col}: {what}", file=name, line=line)
    return InputError(f"cannot parse the rules file: {fallback}", file=name)


def _char_at(text: str, line: int, byte_col: int) -> str:
    """The character at 1-based ``line`` and 1-based UTF-8 byte column (clingo's)."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return "?"
    raw = lines[line - 1].encode("utf-8")
    return raw[max(byte_col - 1, 0):].decode("utf-8", errors="ignore")[:1] or "?"


def _collect_heads(head, sigs: set) -> None:
    import clingo.ast

    t = head.ast_type
    if t == clingo.ast.ASTType.Literal:
        atom = head.atom
        if atom.ast_type == clingo.ast.ASTType.SymbolicAtom:
            sym = atom.symbol
            if sym.ast_type == clingo.ast.ASTType.Function:
                sigs.add((sym.name, len(sym.arguments)))
            elif sym.ast_type == clingo.ast.ASTType.SymbolicTerm:
                s = sym.symbol
                sigs.add((s.name, len(s.arguments)))
            elif sym.ast_type == clingo.ast.ASTType.Pool:  # agent(a1;a2): one atom per alternative
                for alt in sym.arguments:
                    if alt.ast_type == clingo.ast.ASTType.Function:
                        sigs.add((alt.name, len(alt.arguments)))
    elif t in (clingo.ast.ASTType.Aggregate, clingo.ast.ASTType.Disjunction):
        for el in head.elements:
            lit = el.literal if hasattr(el, "literal") else el
            _collect_heads(lit, sigs)
    elif t == clingo.ast.ASTType.ConditionalLiteral:
        _collect_heads(head.literal, sigs)


__all__ = ["CRGQuery", "CRGAnswer", "Structure", "inline"]
