"""Queries over TU games (and bargaining games): the TU back end on exact LPs and Z3.

Python API::

    q = declcoal.query(game)
    q.require(q.x["A"] >= 40, name="A gets 40")
    q.require("core")
    q.maximize(q.x["Z"])
    ans = q.solve()          # Answer: status, value, point, attained, conflict, ...
    q.run("range x[A] subject to least_core")   # one statement of the language
    solver, xs = q.z3()      # the model in Z3, to extend in your own code
    q.smt2()                 # the same as a complete SMT-LIB 2 script

The language (docs/query.md) and this API build the same groups of constraints
(:mod:`declcoal.query.ir`); :mod:`declcoal.query.engine` solves them exactly.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction

from ..errors import DeclcoalError, InputError, UnsupportedError
from ..model.bargaining import BargainingGame
from ..model.coalition import members
from ..model.numbers import check_magnitude
from ..model.tu import TUGame
from ..results import EXACT, jsonable
from .. import progress
from . import engine, syntax
from .ir import FLIP, Disjunction, Group, Row
from .regions import bargaining_region, tu_region


# ---------------------------------------------------------------- linear expressions (Python API)
class Lin:
    """A linear expression Σ c_i x_i + c over the players (exact)."""

    __slots__ = ("coeffs", "const", "n")

    def __init__(self, n: int, coeffs: dict[int, Fraction] | None = None, const: Fraction = Fraction(0)):
        self.n = n
        self.coeffs = {i: Fraction(c) for i, c in (coeffs or {}).items() if c}
        self.const = Fraction(const)

    @staticmethod
    def _lift(other, n: int) -> "Lin":
        if isinstance(other, Lin):
            return other
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            return Lin(n, {}, Fraction(other))
        if isinstance(other, str):
            return Lin(n, {}, Fraction(other))
        if isinstance(other, float):
            raise InputError("queries are exact: use Fraction or a string such as '0.8', not a float")
        raise InputError(f"cannot use {other!r} in a linear expression")

    def __add__(self, o):
        o = Lin._lift(o, self.n)
        c = dict(self.coeffs)
        for i, v in o.coeffs.items():
            c[i] = c.get(i, Fraction(0)) + v
        return Lin(self.n, c, self.const + o.const)

    __radd__ = __add__

    def __neg__(self):
        return Lin(self.n, {i: -v for i, v in self.coeffs.items()}, -self.const)

    def __sub__(self, o):
        return self + (-Lin._lift(o, self.n))

    def __rsub__(self, o):
        return Lin._lift(o, self.n) - self

    def __mul__(self, o):
        if isinstance(o, Lin):
            if o.coeffs and self.coeffs:
                raise InputError("non-linear term: a product of two variables")
            if not o.coeffs:
                o = o.const
            else:
                return o * self
        k = Lin._lift(o, self.n).const
        return Lin(self.n, {i: v * k for i, v in self.coeffs.items()}, self.const * k)

    __rmul__ = __mul__

    def __truediv__(self, o):
        k = o.const if isinstance(o, Lin) and not o.coeffs else Lin._lift(o, self.n).const if not isinstance(o, Lin) else None
        if k is None:
            raise InputError("non-linear term: division by a variable")
        if k == 0:
            raise InputError("division by zero")
        return self * (1 / k)

    def _cmp(self, o, op):
        return Constraint(self - Lin._lift(o, self.n), op)

    def __le__(self, o):
        return self._cmp(o, "<=")

    def __ge__(self, o):
        return self._cmp(o, ">=")

    def __lt__(self, o):
        return self._cmp(o, "<")

    def __gt__(self, o):
        return self._cmp(o, ">")

    def __eq__(self, o):  # type: ignore[override]
        return self._cmp(o, "=")

    __hash__ = None  # type: ignore[assignment]

    def vector(self) -> list[Fraction]:
        return [self.coeffs.get(i, Fraction(0)) for i in range(self.n)]

    def text(self, players) -> str:
        parts = []
        for i in sorted(self.coeffs):
            c = self.coeffs[i]
            t = f"x[{players[i]}]" if abs(c) == 1 else f"{syntax.number_text(abs(c))}*x[{players[i]}]"
            parts.append(("- " if c < 0 else "+ ") + t)
        if self.const or not parts:
            parts.append(("- " if self.const < 0 else "+ ") + syntax.number_text(abs(self.const)))
        s = " ".join(parts)
        return s[2:] if s.startswith("+ ") else "-" + s[2:]


@dataclass
class Constraint:
    """``expr (op) 0`` built by comparing :class:`Lin` expressions."""

    expr: Lin
    op: str

    def row(self, label: str = "") -> Row:
        return Row(tuple(self.expr.vector()), self.op, -self.expr.const, label)

    def __bool__(self):
        raise InputError("a query constraint has no truth value; pass it to q.require(...)")


class _Players:
    def __init__(self, q: "TUQuery"):
        self.q = q

    def __getitem__(self, name: str) -> Lin:
        return Lin(self.q.n, {self.q.index(name, 0): Fraction(1)})

    def __call__(self, coalition) -> Lin:
        """x(S) for a coalition given as "A B", a list of names or a bitmask."""
        return Lin(self.q.n, {i: Fraction(1) for i in members(self.q.mask(coalition))})


# ---------------------------------------------------------------- answers
@dataclass
class Answer:
    """The answer to one query (see :meth:`text` and :meth:`to_dict`)."""

    goal: str
    status: str  # feasible optimal infeasible unbounded member not-member range vertices
    players: tuple[str, ...] = ()
    query: str = ""
    value: Fraction | None = None
    point: list[Fraction] | None = None
    attained: bool = True
    lower: dict | None = None  # range: {"value", "attained", "point", "status"}
    upper: dict | None = None
    vertices: list[list[Fraction]] = field(default_factory=list)
    pieces: list[list[list[Fraction]]] = field(default_factory=list)
    bounded: bool | None = None
    failing: list[str] = field(default_factory=list)
    conflict: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    method: str = ""
    guarantee: str = EXACT
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)

    def _pt(self, p) -> str:
        return "(" + ", ".join(f"{a}={_q(v)}" for a, v in zip(self.players, p)) + ")"

    def text(self) -> str:
        """Human-readable lines."""
        out = []
        if self.status == "infeasible":
            out.append("infeasible: no allocation satisfies the constraints")
            if self.conflict:
                out.append("conflicting constraints (a minimal set):")
                out += [f"  {c}" for c in self.conflict]
        elif self.status == "unbounded":
            out.append(f"unbounded: the {self.goal} goal has no finite optimum")
        elif self.goal == "find":
            out.append("feasible: " + self._pt(self.point))
        elif self.goal in ("maximize", "minimize"):
            word = "maximum" if self.goal == "maximize" else "minimum"
            if self.attained:
                out.append(f"{word} {_q(self.value)} at {self._pt(self.point)}")
            else:
                sup = "supremum" if self.goal == "maximize" else "infimum"
                out.append(f"{sup} {_q(self.value)}, not attained (a strict inequality keeps the region open there)")
        elif self.goal == "range":
            lo, hi = self.lower, self.upper
            lt = "-oo" if lo["status"] == "unbounded" else _q(lo["value"])
            ht = "+oo" if hi["status"] == "unbounded" else _q(hi["value"])
            lb = "[" if lo["status"] == "optimal" and lo["attained"] else "("
            rb = "]" if hi["status"] == "optimal" and hi["attained"] else ")"
            out.append(f"range {lb}{lt}, {ht}{rb}")
            for word, d in (("min", lo), ("max", hi)):
                if d["status"] == "optimal":
                    out.append(f"  {word} {_q(d['value'])}" + (f" at {self._pt(d['point'])}" if d["attained"] else
                                                                 " (not attained)"))
        elif self.goal == "vertices":
            if self.pieces:
                out.append(f"the region is a union of {len(self.pieces)} convex pieces; vertices of each:")
                for k, piece in enumerate(self.pieces, 1):
                    out.append(f"  piece {k}:")
                    out += [f"    {self._pt(v)}" for v in piece]
            else:
                out.append(f"{len(self.vertices)} vertices" + ("" if self.bounded in (None, True) else
                                                               " (the region is unbounded: extreme rays not listed)"))
                out += [f"  {self._pt(v)}" for v in self.vertices]
        elif self.goal == "member":
            if self.status == "member":
                out.append("yes: the point satisfies every constraint")
            else:
                out.append("no: the point fails")
                out += [f"  {f}" for f in self.failing]
        out += [f"note: {n}" for n in self.notes]
        return "\n".join(out)

    def to_dict(self) -> dict:
        P = self.players
        pt = lambda p: None if p is None else dict(zip(P, p))  # noqa: E731
        d = {"goal": self.goal, "status": self.status, "query": self.query, "players": list(P)}
        if self.goal in ("maximize", "minimize") and self.status == "optimal":
            d.update(value=self.value, attained=self.attained, point=pt(self.point) if self.attained else None)
        if self.goal == "find" and self.point is not None:
            d["point"] = pt(self.point)
        if self.goal == "range" and self.lower:
            for key, b in (("min", self.lower), ("max", self.upper)):
                d[key] = {"status": b["status"], "value": b.get("value"), "attained": b.get("attained"),
                          "point": pt(b.get("point")) if b.get("attained") else None}
        if self.goal == "vertices":
            d["vertices"] = [pt(v) for v in self.vertices]
            d["bounded"] = self.bounded
            if self.pieces:
                d["pieces"] = [[pt(v) for v in p] for p in self.pieces]
        if self.goal == "member":
            d["failing"] = self.failing
        if self.conflict:
            d["conflict"] = self.conflict
        d.update(notes=self.notes, method=self.method, guarantee=self.guarantee, seconds=self.seconds, stats=self.stats)
        return jsonable(d)


def _q(v: Fraction) -> str:
    if v.denominator == 1:
        return str(v.numerator)
    return f"{v.numerator}/{v.denominator} ({float(v):.6g})"


# ---------------------------------------------------------------- the query object
GOALS = ("find", "maximize", "minimize", "range", "vertices", "member")


class TUQuery:
    """Constraints and a goal over the allocations x of a TU or bargaining game."""

    def __init__(self, game: TUGame | BargainingGame, *, method: str = "auto", rows: str = "auto"):
        if isinstance(game, TUGame):
            game.require_exact("a query")
        elif not isinstance(game, BargainingGame):
            raise UnsupportedError(f"queries over allocations need a TU or bargaining game, not {type(game).__name__}")
        self.game = game
        self.players = tuple(game.players)
        self.n = len(self.players)
        self.method = method
        if rows not in ("auto", "lazy", "all"):
            raise InputError(f"rows must be auto, lazy or all, not {rows!r}")
        self.rows = rows
        self.frames: list[list[Group]] = [[]]  # push/pop scopes of required constraints
        self.x = _Players(self)
        self._goal: tuple[str, object] = ("find", None)
        self._region_cache: dict = {}

    # ---------------------------------------------------- names
    def index(self, name: str, col: int) -> int:
        try:
            return self.players.index(name)
        except ValueError:
            where = f"column {col}: " if col else ""
            raise InputError(f"{where}unknown player {name!r}; players are {', '.join(self.players)}") from None

    def mask(self, coalition, col: int = 0) -> int:
        if isinstance(coalition, int):
            return coalition
        names = coalition.split() if isinstance(coalition, str) else list(coalition)
        if names == ["N"] and "N" not in self.players:
            return (1 << self.n) - 1
        m = 0
        for nm in names:
            if isinstance(nm, Fraction):
                raise InputError(f"column {col}: a coalition lists player names, not numbers")
            b = 1 << self.index(nm, col)
            if m & b:
                raise InputError(f"column {col}: player {nm!r} appears twice in the coalition")
            m |= b
        return m

    def worth(self, mask: int, col: int = 0) -> Fraction:
        if isinstance(self.game, TUGame):
            return self.game.v(mask)
        raise UnsupportedError(f"column {col}: v(S) and e(S) need a TU game; this is a bargaining game")

    @property
    def groups(self) -> list[Group]:
        return [g for f in self.frames for g in f]

    # ---------------------------------------------------- building (Python API)
    def require(self, constraint, name: str | None = None) -> "TUQuery":
        """Add a constraint: a comparison of :class:`Lin` expressions, or text of the
        language (``"core"``, ``"x[A] >= 40, x[B] <= x[C]"``)."""
        if isinstance(constraint, Constraint):
            label = name or f"{constraint.expr.text(self.players)} {constraint.op} 0"
            self.frames[-1].append(Group(label, [constraint.row(label)], source=label))
        elif isinstance(constraint, str):
            stmt = syntax.parse(constraint)
            if not isinstance(stmt, syntax.Query) or stmt.goal.kind != "find":
                raise InputError(f"require() takes constraints, not a goal: {constraint!r}")
            groups = self.compile_items(stmt.items)
            if name is not None and len(groups) == 1:
                groups[0].name = name
            self.frames[-1].extend(groups)
        else:
            raise InputError(f"cannot require {constraint!r}")
        return self

    def push(self) -> None:
        self.frames.append([])

    def pop(self) -> None:
        if len(self.frames) == 1:
            raise InputError("pop: no scope to pop (push first)")
        self.frames.pop()

    def retract(self, name: str | None = None) -> str:
        """Remove the last required constraint (or the one with this name)."""
        for f in reversed(self.frames):
            for k in range(len(f) - 1, -1, -1):
                if name is None or f[k].name == name:
                    return f.pop(k).name
        raise InputError(f"retract: no constraint named {name!r}" if name else "retract: nothing to retract")

    def maximize(self, expr) -> "TUQuery":
        self._goal = ("maximize", self._lin(expr))
        return self

    def minimize(self, expr) -> "TUQuery":
        self._goal = ("minimize", self._lin(expr))
        return self

    def range(self, expr) -> "TUQuery":
        self._goal = ("range", self._lin(expr))
        return self

    def vertices(self) -> "TUQuery":
        self._goal = ("vertices", None)
        return self

    def member(self, point) -> "TUQuery":
        self._goal = ("member", self._point(point))
        return self

    def find(self) -> "TUQuery":
        self._goal = ("find", None)
        return self

    def _lin(self, expr) -> Lin:
        if isinstance(expr, Lin):
            return expr
        if isinstance(expr, str):
            stmt = syntax.parse(f"maximize {expr}")
            return self.compile_expr(stmt.goal.expr)
        return Lin._lift(expr, self.n)

    def _point(self, point) -> list[Fraction]:
        from ..model.numbers import to_fraction

        if isinstance(point, dict):
            missing = [p for p in self.players if p not in point]
            if missing or len(point) != self.n:
                raise InputError(f"member: give a value for every player ({', '.join(self.players)})")
            return [to_fraction(point[p], f"x[{p}]") for p in self.players]
        vals = list(point)
        if len(vals) != self.n:
            raise InputError(f"member: the point has {len(vals)} values, the game {self.n} players")
        return [to_fraction(v, "a coordinate") for v in vals]

    def solve(self) -> Answer:
        kind, arg = self._goal
        return self._answer(kind, arg, self.groups, query="")

    # ---------------------------------------------------- the language
    def run(self, text: str, *, file: str | None = None, line: int | None = None):
        """Run one statement; returns an :class:`Answer` or, for a command, a message."""
        stmt = syntax.parse(text, file=file, line=line)
        try:
            return self.execute(stmt, text)
        except DeclcoalError as exc:
            raise exc.located(file, line)

    def execute(self, stmt, text: str = ""):
        if isinstance(stmt, syntax.Command):
            return self._command(stmt)
        groups = self.groups + self.compile_items(stmt.items)
        g = stmt.goal
        arg = None
        if g.kind in ("maximize", "minimize", "range"):
            arg = self.compile_expr(g.expr)
        elif g.kind == "member":
            named = [nm for nm, _ in g.point]
            if all(nm is not None for nm in named):
                for nm in named:
                    self.index(nm, 0)
                if len(set(named)) != len(named):
                    raise InputError("member: a player is given twice")
                arg = self._point({nm: v for nm, v in g.point})
            else:
                arg = self._point([v for _, v in g.point])
        elif g.kind not in GOALS:
            raise UnsupportedError(f"goal {g.kind!r} is for coalitional resource games; TU goals are {', '.join(GOALS)}")
        return self._answer(g.kind, arg, groups, query=text or syntax.text(stmt))

    def _command(self, c: syntax.Command) -> str:
        if c.name == "assert":
            groups = self.compile_items(c.items)
            self.frames[-1].extend(groups)
            return "asserted: " + "; ".join(g.name for g in groups)
        if c.name == "retract":
            return "retracted: " + self.retract(c.arg)
        if c.name == "push":
            self.push()
            return f"pushed (depth {len(self.frames) - 1})"
        if c.name == "pop":
            self.pop()
            return f"popped (depth {len(self.frames) - 1})"
        if c.name == "show":
            gs = self.groups
            return "\n".join(f"  {g.name}" for g in gs) if gs else "no constraints asserted"
        if c.name == "clear":
            self.frames = [[]]
            return "cleared"
        if c.name == "help":
            from .help import help_text

            return help_text("tu", c.arg)
        return ""

    # ---------------------------------------------------- compiling the syntax tree
    def compile_expr(self, e) -> Lin:
        n = self.n
        if isinstance(e, syntax.Num):
            return Lin(n, {}, e.value)
        if isinstance(e, syntax.Var):
            if e.name in self.players:
                return Lin(n, {self.players.index(e.name): Fraction(1)})
            raise InputError(f"column {e.col}: unknown name {e.name!r} (players are {', '.join(self.players)}; "
                             "write x[NAME] for a share, x(A B) for a coalition)")
        if isinstance(e, syntax.Index):
            if e.func != "x":
                raise InputError(f"column {e.col}: unknown term {e.func}[...]; write x[PLAYER]")
            return Lin(n, {self.index(e.arg, e.col): Fraction(1)})
        if isinstance(e, syntax.Call):
            if e.func not in ("x", "v", "e"):
                raise InputError(f"column {e.col}: unknown function {e.func!r}; TU terms are x[P], x(S), v(S), e(S)")
            m = self.mask(list(e.args), e.col)
            xs = Lin(n, {i: Fraction(1) for i in members(m)})
            if e.func == "x":
                return xs
            v = self.worth(m, e.col)
            return Lin(n, {}, v) if e.func == "v" else Lin(n, {}, v) - xs
        if isinstance(e, syntax.Neg):
            return -self.compile_expr(e.arg)
        if isinstance(e, syntax.BinOp):  # a chain a op b op c ... in a loop: any length, no recursion
            head, nodes = syntax.spine(e)
            acc = self.compile_expr(head)
            for node in nodes:
                acc = _combine(node.op, acc, self.compile_expr(node.right), node.col)
            return acc
        raise InputError(f"not an expression: {e!r}")

    def _rows_of_compare(self, c: syntax.Compare, label: str) -> list[list[Row]]:
        """Rows of a (chained) comparison; ``!=`` yields two options (< or >).
        Returns options (a disjunction) — one option unless ``!=`` is used."""
        lins = [self.compile_expr(e) for e in c.exprs]
        conj: list[Row] = []
        alts: list[list[Row]] | None = None
        for a, op, b in zip(lins, c.ops, lins[1:]):
            d = a - b
            if op == "!=":
                if alts is not None:
                    raise UnsupportedError(f"column {c.col}: one '!=' per comparison")
                alts = [[Constraint(d, "<").row(label)], [Constraint(d, ">").row(label)]]
                continue
            conj.append(Constraint(d, op).row(label))
        if alts is None:
            return [conj]
        return [conj + alt for alt in alts]

    def region(self, p: syntax.Pred) -> Group:
        key = (p.name, p.args)
        if key not in self._region_cache:
            args = p.args or ()
            if isinstance(self.game, TUGame):
                self._region_cache[key] = tu_region(self.game, p.name, args, p.col)
            else:
                self._region_cache[key] = bargaining_region(self.game, p.name, args, p.col)
        g = self._region_cache[key]
        return Group(g.name, list(g.rows), list(g.families), list(g.disjunctions), g.source, region=True)

    def compile_items(self, items) -> list[Group]:
        out = []
        for it in items:
            label = it.label or syntax.item_text(it)
            if len(it.options) == 1:
                lit = it.options[0]
                if isinstance(lit, syntax.Pred):
                    g = self.region(lit)
                    if it.label:
                        g.name = it.label
                    out.append(g)
                    continue
                if isinstance(lit, syntax.Not):
                    raise UnsupportedError(f"column {lit.col}: 'not' applies to CRG atoms; a TU query states "
                                           "comparisons (negate a comparison by flipping it: x[A] < 3)")
                opts = self._rows_of_compare(lit, label)
                if len(opts) == 1:
                    out.append(Group(label, opts[0], source=syntax.item_text(it)))
                else:
                    out.append(Group(label, [], [], [Disjunction(opts, label)], source=syntax.item_text(it)))
                continue
            options: list[list[Row]] = []
            for lit in it.options:
                if isinstance(lit, syntax.Compare):
                    options += self._rows_of_compare(lit, label)
                elif isinstance(lit, syntax.Not):
                    raise UnsupportedError(f"column {lit.col}: 'not' applies to CRG atoms, not to TU constraints")
                else:
                    g = self.region(lit)
                    if g.families or g.disjunctions:
                        raise UnsupportedError(f"column {lit.col}: region {lit.name!r} cannot be one side of 'or' "
                                               "(ask two queries instead)")
                    options.append(list(g.rows))
            out.append(Group(label, [], [], [Disjunction(options, label)], source=syntax.item_text(it)))
        return out

    # ---------------------------------------------------- answering
    def problem(self, groups: list[Group] | None = None) -> engine.Problem:
        return engine.Problem(self.n, self.n, self.players, list(self.groups if groups is None else groups),
                              [_smt_name(p) for p in self.players], self.rows)

    def _optimum(self, prob: engine.Problem, c, maximize: bool) -> engine.Outcome:
        if prob.convex:
            return engine.convex_optimum(prob, c, maximize, self.method)
        return engine.z3_optimum(prob, c, maximize)

    def _answer(self, kind: str, arg, groups: list[Group], query: str) -> Answer:
        t0 = time.perf_counter()
        prob = self.problem(groups)
        ans = Answer(kind, "", self.players, query)
        if kind == "member":
            ans = self._member(prob, arg, ans)
        elif kind == "vertices":
            ans = self._vertices(prob, ans)
        elif kind == "range":
            c = arg.vector()
            lo = self._optimum(prob, c, False)
            if lo.status == "infeasible":
                ans = self._infeasible(prob, lo, ans)
            else:
                hi = self._optimum(prob, c, True)
                ans.status = "range"
                ans.lower = _bound(lo, arg.const)
                ans.upper = _bound(hi, arg.const)
                ans.method = lo.method
                ans.stats = {"rows_used": max(lo.rows_used, hi.rows_used), "lps": lo.lps + hi.lps}
        else:
            c = arg.vector() if kind in ("maximize", "minimize") else None
            out = self._optimum(prob, c, kind == "maximize")
            if out.status == "infeasible":
                ans = self._infeasible(prob, out, ans)
            else:
                ans.status = out.status
                ans.point = out.point
                ans.attained = out.attained
                ans.value = None if out.value is None else out.value + arg.const
                ans.method = out.method
                ans.stats = {"rows_used": out.rows_used, "lps": out.lps}
        for g in groups:
            if g.region and g.source and g.name.startswith("least_core"):
                ans.notes.append(f"least core: {g.source}")
        ans.seconds = time.perf_counter() - t0
        return ans

    def _infeasible(self, prob, out: engine.Outcome, ans: Answer) -> Answer:
        ans.status = "infeasible"
        ans.conflict = engine.explain(prob, out.family_rows)
        ans.method = out.method
        return ans

    def _member(self, prob: engine.Problem, z: list[Fraction], ans: Answer) -> Answer:
        from .ir import separate

        fails = []
        for g in prob.groups:
            for r in g.rows:
                if not r.holds(z):
                    fails.append(r.label if g.region else f"{g.name}" + (f" ({r.label})" if r.label != g.name else ""))
            for fam in g.families:
                for gap, m in separate(fam, z, self.n):
                    fails.append(f"{fam.row(m, prob.nvars, self.players).label}  (short by {syntax.number_text(gap)})")
            for d in g.disjunctions:
                if not any(all(r.holds(z) for r in opt) for opt in d.options):
                    fails.append(d.label or g.name)
        ans.point = z
        ans.failing = fails
        ans.status = "not-member" if fails else "member"
        ans.method = "exact evaluation"
        return ans

    def _vertices(self, prob: engine.Problem, ans: Answer) -> Answer:
        from .vertices import enumerate_vertices

        if self.n > 8:
            raise UnsupportedError(f"vertices: exact enumeration is for small games (at most 8 players, this one has {self.n})")
        if prob.convex:
            res = enumerate_vertices(_all_rows(prob), prob.nvars, self.method)
            if res is None:
                return self._infeasible(prob, engine.Outcome("infeasible"), ans)
            ans.vertices, ans.bounded = res
            if prob.has_strict:
                ans.notes.append("strict inequalities: these are the vertices of the region's closure")
            ans.status = "vertices"
            ans.method = "exact basis enumeration"
            return ans
        pieces = convex_pieces(prob)
        if not pieces:
            return self._infeasible(prob, engine.Outcome("infeasible"), ans)
        for rows in pieces:
            res = enumerate_vertices(rows, prob.nvars, self.method)
            if res is not None:
                ans.pieces.append(res[0])
                ans.bounded = (ans.bounded is not False) and res[1]
        allv = sorted({tuple(v) for p in ans.pieces for v in p})
        ans.vertices = [list(v) for v in allv]
        ans.status = "vertices"
        ans.method = "convex pieces (Z3) + exact basis enumeration"
        return ans

    # ---------------------------------------------------- other solvers
    def z3(self, groups: list[Group] | None = None):
        """(z3.Optimize, [x variables]) with every constraint and the goal asserted."""
        import z3

        prob = self.problem(groups)
        zs = engine.z3_vars(prob)
        opt = z3.Optimize()
        for g in prob.groups:
            opt.add(*engine.z3_group(g, zs, prob))
        kind, arg = self._goal
        if kind in ("maximize", "minimize", "range"):
            obj = z3.Sum([engine._q(a) * v for a, v in zip(arg.vector(), zs) if a] or [z3.RealVal(0)])
            if kind in ("maximize", "range"):
                opt.maximize(obj)
            if kind in ("minimize", "range"):
                opt.minimize(obj)
        return opt, zs

    def smt2(self, stmt=None, text: str = "") -> str:
        """A complete SMT-LIB 2 script of the current constraints and goal (or of a
        parsed statement), runnable with plain z3."""
        from .export import smt2_script

        if stmt is not None:
            groups = self.groups + self.compile_items(stmt.items)
            g = stmt.goal
            arg = self.compile_expr(g.expr) if g.kind in ("maximize", "minimize", "range") else None
            return smt2_script(self.problem(groups), g.kind, arg, text or syntax.text(stmt), self.game.name)
        kind, arg = self._goal
        return smt2_script(self.problem(), kind, arg, text, self.game.name)


def _combine(op: str, a: Lin, b: Lin, col: int) -> Lin:
    """``a op b`` for linear forms; a product of two variables or a division by one is
    refused (the query language is linear)."""
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        if a.coeffs and b.coeffs:
            raise InputError(f"column {col}: non-linear term (a product of two variables)")
        return _bounded(a * b, col)
    if b.coeffs:
        raise InputError(f"column {col}: non-linear term (division by a variable)")
    if b.const == 0:
        raise InputError(f"column {col}: division by zero")
    return _bounded(a * (1 / b.const), col)


def _bounded(f: Lin, col: int) -> Lin:
    """``f`` when its coefficients obey the number rules of input (at most 200 digits,
    |c| within 1e±100: :func:`declcoal.model.numbers.check_magnitude`); a product such as
    ``2 * 2 * ... * x[A]`` beyond them is refused instead of overflowing the LP solver."""
    for c in [*f.coeffs.values(), f.const]:
        check_magnitude(c, f"column {col}: a coefficient computed from the expression")
    return f


def _bound(o: engine.Outcome, const: Fraction) -> dict:
    if o.status != "optimal":
        return {"status": o.status, "value": None, "attained": False, "point": None}
    return {"status": "optimal", "value": o.value + const, "attained": o.attained, "point": o.point}


def _all_rows(prob: engine.Problem) -> list[Row]:
    rows = [r for g in prob.groups for r in g.rows]
    for g in prob.groups:
        for fam in g.families:
            rows += [fam.row(m, prob.nvars, prob.players) for m in fam.masks()]
    return rows


def convex_pieces(prob: engine.Problem, limit: int = 2000) -> list[list[Row]]:
    """Convex pieces covering a non-convex region: each Z3 model picks, per disjunction,
    the first option it satisfies; that piece is then excluded and Z3 asked again."""
    import z3

    zs = engine.z3_vars(prob)
    s = z3.Solver()
    for g in prob.groups:
        s.add(*engine.z3_group(g, zs, prob))
    base = _all_rows(prob)
    disj = [d for g in prob.groups for d in g.disjunctions]
    pieces: list[list[Row]] = []
    with progress.task("convex pieces") as t:  # up to 2^(number of disjunctions)
        while s.check() == z3.sat:
            m = s.model()
            z = [engine._frac(m.eval(v, model_completion=True)) for v in zs]
            chosen = [next(o for o in d.options if all(r.holds(z) for r in o)) for d in disj]
            pieces.append(base + [r for o in chosen for r in o])
            t.advance()
            s.add(z3.Not(z3.And([engine.z3_row(r, zs) for o in chosen for r in o] or [z3.BoolVal(True)])))
            if len(pieces) > limit:
                raise UnsupportedError(f"more than {limit:,} convex pieces (declcoal's limit for a region with 'or' "
                                       "or '!=': each piece is one Z3 model, and the vertices of each are listed)")
            if not disj:
                break
    return pieces


def _smt_name(p: str) -> str:
    return f"x_{p}"


__all__ = ["TUQuery", "Answer", "Lin", "Constraint"]
