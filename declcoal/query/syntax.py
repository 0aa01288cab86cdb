"""The query language: grammar (lark, LALR), syntax tree, pretty-printer.

One line is one statement::

    maximize x[Z] subject to core, "A gets 40": x[A] >= 40
    range x(A B) - v(A B) subject to least_core
    vertices subject to core
    member (X=30, Y=22, Z=25) subject to core
    core, x[X] >= 40                  (a bare list of constraints: find a point)
    find subject to stable, together(a1, a2), cost(a1) <= 3     (a CRG)
    assert x[A] >= 10     retract     push     pop     show     help

The grammar knows nothing of games: ``core``, ``together(a1,a2)``, ``x(A B)`` are
predicates and calls resolved later by the TU or CRG back end, so errors such as
"unknown player" name the column of the offending name. Nothing is ever ``eval``-ed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ..errors import InputError
from ..model.numbers import check_magnitude, to_fraction

#: The deepest nesting of parentheses and signs a statement may have (``-(x - (x - ...))``):
#: beyond it the statement is refused as input (one line, exit 2; docs/query.md, "Limits").
#: Long flat sums and products (``x[A] + x[B] + ...``, any length) do not nest and are not
#: limited: every walk over the tree follows their left spine in a loop, not by recursion.
MAX_NESTING = 100

GRAMMAR = r"""
start: statement

?statement: goal ("subject" "to" items)?   -> query
          | items                          -> bare
          | "assert" items                 -> cmd_assert
          | "retract" label?               -> cmd_retract
          | "push"                         -> cmd_push
          | "pop"                          -> cmd_pop
          | "show"                         -> cmd_show
          | "clear"                        -> cmd_clear
          | ("quit" | "exit")              -> cmd_quit
          | "help" NAME?                   -> cmd_help
          |                                -> cmd_empty

goal: "maximize" expr     -> g_maximize
    | "minimize" expr     -> g_minimize
    | "range" expr        -> g_range
    | "vertices"          -> g_vertices
    | "member" point      -> g_member
    | "find"              -> g_find
    | "count"             -> g_count
    | "all"               -> g_all

items: item (("," | "and") item)*
item: (label ":")? disj
label: STRING | NAME
disj: lit ("or" lit)*
lit: "not" pred           -> l_not
   | pred                 -> l_pos
   | comparison           -> l_cmp
pred: NAME | call
comparison: expr (CMP expr)+

?expr: sum
?sum: product
    | sum "+" product     -> add
    | sum "-" product     -> sub
?product: unary
    | product "*" unary   -> mul
    | product "/" unary   -> div
?unary: primary
    | "-" unary           -> neg
?primary: NUMBER          -> num
    | NAME                -> var
    | call
    | NAME "[" ARG "]"    -> index
    | "(" expr ")"
call: NAME "(" [args] ")"
args: arg (","? arg)*
arg: ARG | RAT

point: "(" pair ("," pair)* ")"   -> named_point
     | "[" RAT ("," RAT)* "]"     -> plain_point
pair: ARG "=" RAT

CMP: "<=" | ">=" | "==" | "!=" | "=" | "<" | ">"
NAME: /[A-Za-z_][A-Za-z0-9_]*/
ARG: /[A-Za-z_][A-Za-z0-9_'.\-]*/
NUMBER: /\d+(\.\d+)?/
RAT: /-?\d+(\.\d+)?(\/\d+)?/
STRING: /"([^"\\]|\\.)*"/
COMMENT: /(%|#)[^\n]*/

%import common.WS
%ignore WS
%ignore COMMENT
"""


# ---------------------------------------------------------------- syntax tree
@dataclass(frozen=True)
class Num:
    value: Fraction
    col: int = 0


@dataclass(frozen=True)
class Var:
    name: str
    col: int = 0


@dataclass(frozen=True)
class Index:
    func: str
    arg: str
    col: int = 0


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple  # of str (names) or Fraction
    col: int = 0


@dataclass(frozen=True)
class BinOp:
    op: str  # + - * /
    left: object
    right: object
    col: int = 0


@dataclass(frozen=True)
class Neg:
    arg: object
    col: int = 0


@dataclass(frozen=True)
class Compare:
    exprs: tuple
    ops: tuple
    col: int = 0


@dataclass(frozen=True)
class Pred:
    name: str
    args: tuple | None  # None: no parentheses
    col: int = 0


@dataclass(frozen=True)
class Not:
    pred: Pred
    col: int = 0


@dataclass(frozen=True)
class Item:
    label: str | None
    options: tuple  # literals joined by "or"
    col: int = 0


@dataclass(frozen=True)
class Goal:
    kind: str  # maximize minimize range vertices member find count all
    expr: object = None
    point: tuple | None = None  # ((name or None, Fraction), ...)
    col: int = 0


@dataclass(frozen=True)
class Query:
    goal: Goal
    items: tuple
    col: int = 0


@dataclass(frozen=True)
class Command:
    name: str  # assert retract push pop show clear quit help empty
    items: tuple = ()
    arg: str | None = None
    col: int = 0


def _eq(a, b) -> bool:
    """Structural equality ignoring columns (for round-trip tests)."""
    return strip(a) == strip(b)


def strip(node):
    """The node with every column set to 0."""
    from dataclasses import fields, is_dataclass, replace

    if isinstance(node, tuple):
        return tuple(strip(x) for x in node)
    if isinstance(node, BinOp):  # a long chain in a loop (see spine())
        head, nodes = spine(node)
        out = strip(head)
        for n in nodes:
            out = BinOp(n.op, out, strip(n.right))
        return out
    if is_dataclass(node):
        kw = {f.name: strip(getattr(node, f.name)) for f in fields(node) if f.name != "col"}
        return replace(node, col=0, **kw)
    return node


# ---------------------------------------------------------------- parse
def _col(tok) -> int:
    return getattr(tok, "column", 0) or 0


def _rat(text: str, col: int = 0) -> Fraction:
    """A number token, read by the same rules (and limits) as numbers in game files
    (:func:`declcoal.model.numbers.to_fraction`: at most 200 digits, |x| within 1e±100)."""
    return to_fraction(text, f"column {col}: number" if col else "number")


@v_args(inline=True)
class _Build(Transformer):
    # statements
    def query(self, goal, items=None):
        return Query(goal, items or (), goal.col)

    def bare(self, items):
        return Query(Goal("find"), items, items[0].col if items else 0)

    def cmd_assert(self, items):
        return Command("assert", items)

    def cmd_retract(self, label=None):
        return Command("retract", (), label)

    def cmd_push(self):
        return Command("push")

    def cmd_pop(self):
        return Command("pop")

    def cmd_show(self):
        return Command("show")

    def cmd_clear(self):
        return Command("clear")

    def cmd_quit(self):
        return Command("quit")

    def cmd_help(self, name=None):
        return Command("help", (), str(name) if name else None)

    def cmd_empty(self):
        return Command("empty")

    # goals
    def g_maximize(self, e):
        return Goal("maximize", e, col=_ecol(e))

    def g_minimize(self, e):
        return Goal("minimize", e, col=_ecol(e))

    def g_range(self, e):
        return Goal("range", e, col=_ecol(e))

    def g_vertices(self):
        return Goal("vertices")

    def g_member(self, p):
        return Goal("member", point=p)

    def g_find(self):
        return Goal("find")

    def g_count(self):
        return Goal("count")

    def g_all(self):
        return Goal("all")

    def named_point(self, *pairs):
        return tuple(pairs)

    def plain_point(self, *vals):
        return tuple((None, _rat(str(v), _col(v))) for v in vals)

    def pair(self, name, val):
        return (str(name), _rat(str(val), _col(val)))

    # constraints
    def items(self, *its):
        return tuple(its)

    def item(self, *parts):
        if len(parts) == 2:
            label, d = parts
            return Item(label, d, _litcol(d[0]))
        (d,) = parts
        return Item(None, d, _litcol(d[0]))

    def label(self, tok):
        text = str(tok)
        if tok.type == "STRING":
            try:
                text = json.loads(text)
            except ValueError as exc:  # a backslash escape JSON does not know, e.g. "\q"
                raise InputError(f"column {_col(tok)}: a quoted label must be a JSON string ({exc.msg})") from None
        return text

    def disj(self, *lits):
        return tuple(lits)

    def l_not(self, p):
        return Not(p, p.col)

    def l_pos(self, p):
        return p

    def l_cmp(self, c):
        return c

    def pred(self, x):
        if isinstance(x, Call):
            return Pred(x.func, x.args, x.col)
        return Pred(str(x), None, _col(x))

    def comparison(self, *parts):
        exprs = tuple(parts[0::2])
        ops = tuple("=" if str(o) == "==" else str(o) for o in parts[1::2])
        return Compare(exprs, ops, _ecol(exprs[0]))

    # expressions
    def num(self, tok):
        return Num(_rat(str(tok), _col(tok)), _col(tok))

    def var(self, tok):
        return Var(str(tok), _col(tok))

    def index(self, f, a):
        return Index(str(f), str(a), _col(f))

    def call(self, f, args=None):
        return Call(str(f), tuple(args or ()), _col(f))

    def args(self, *a):
        return tuple(a)

    def arg(self, tok):
        return _rat(str(tok), _col(tok)) if tok.type == "RAT" else str(tok)

    def add(self, a, b):
        return BinOp("+", a, b, _ecol(a))

    def sub(self, a, b):
        return BinOp("-", a, b, _ecol(a))

    def mul(self, a, b):
        return BinOp("*", a, b, _ecol(a))

    def div(self, a, b):
        if isinstance(a, Num) and isinstance(b, Num):
            if b.value == 0:
                raise InputError(f"column {b.col}: division by zero")
            return Num(check_magnitude(a.value / b.value, f"column {b.col}: the quotient"), a.col)
        return BinOp("/", a, b, _ecol(a))

    def neg(self, a):
        if isinstance(a, Num):
            return Num(-a.value, max(1, a.col - 1))
        return Neg(a, max(1, _ecol(a) - 1))


def _ecol(e) -> int:
    return getattr(e, "col", 0) or 0


def _litcol(lit) -> int:
    return getattr(lit, "col", 0) or 0


_PARSER: Lark | None = None


def parser() -> Lark:
    """The LALR parser; it builds the syntax tree while it parses (the transformer runs at
    each reduction), so no step recurses over the tree: long sums cost no stack."""
    global _PARSER
    if _PARSER is None:
        _PARSER = Lark(GRAMMAR, parser="lalr", lexer="contextual", propagate_positions=False,
                       maybe_placeholders=True, transformer=_Build())
    return _PARSER


def parse(text: str, *, file: str | None = None, line: int | None = None):
    """One statement → :class:`Query` or :class:`Command`. Errors: :class:`InputError`
    naming the column (and file:line when given); a statement nested deeper than
    :data:`MAX_NESTING` is refused."""
    try:
        stmt = parser().parse(text).children[0]
        check_nesting(stmt)
        return stmt
    except InputError as err:  # a bad number, division by zero, too deep
        raise err.located(file, line) from None
    except UnexpectedInput as exc:
        raise InputError(_syntax_message(text, exc), file=file, line=line) from None


def spine(e: "BinOp") -> tuple[object, list["BinOp"]]:
    """A left-deep chain of one precedence level, ``a op1 b op2 c ...``, as ``(a, [n1, n2,
    ...])`` with ``n_k.op`` and ``n_k.right`` in evaluation order. Found by a loop, so a
    sum of any length is walked without recursion (``acc = a; acc = acc op_k n_k.right``)."""
    nodes = []
    level = PREC[e.op]
    while isinstance(e, BinOp) and PREC[e.op] == level:
        nodes.append(e)
        e = e.left
    nodes.reverse()
    return e, nodes


def check_nesting(stmt, limit: int | None = None) -> None:
    """Refuse expressions nested more than ``limit`` (:data:`MAX_NESTING`) levels deep:
    parentheses around a right operand and signs nest (``x - (x - (x - ...))``, ``- - x``);
    a flat chain ``a + b + c`` does not. Iterative, so any input is measured safely."""
    limit = MAX_NESTING if limit is None else limit
    stack = [(stmt, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise InputError(f"column {_ecol(node) or '?'}: an expression nested more than {limit} levels deep "
                             f"(parentheses or signs); declcoal's limit is {limit} (docs/query.md, 'Limits')")
        if isinstance(node, BinOp):
            left = node.left
            flat = isinstance(left, BinOp) and PREC[left.op] == PREC[node.op]
            stack.append((left, depth if flat else depth + 1))
            stack.append((node.right, depth + 1))
        elif isinstance(node, Neg):
            stack.append((node.arg, depth + 1))
        elif isinstance(node, tuple):
            stack.extend((x, depth) for x in node)
        elif isinstance(node, (Query, Goal, Item, Compare, Command)):
            stack.extend((getattr(node, f), depth) for f in node.__dataclass_fields__ if f != "col")


def _syntax_message(text: str, exc: UnexpectedInput) -> str:
    col = getattr(exc, "column", None)
    if isinstance(exc, UnexpectedEOF) or col is None or col < 1:
        return "syntax error: the statement ends too early (see 'help')"
    if isinstance(exc, UnexpectedCharacters):
        ch = text[col - 1] if 0 < col <= len(text) else "?"
        return f"column {col}: syntax error: unexpected character {ch!r} (see 'help')"
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        if tok.type == "$END":
            return f"column {len(text) + 1}: syntax error: the statement ends too early (see 'help')"
        expected = _expected(exc.expected)
        return f"column {col}: syntax error at {str(tok)!r}" + (f"; expected {expected}" if expected else "") + " (see 'help')"
    return f"column {col}: syntax error (see 'help')"


_NICE = {"CMP": "a comparison (<=, >=, =, <, >)", "NAME": "a name", "ARG": "a name", "RAT": "a number",
         "NUMBER": "a number", "STRING": "a quoted name", "COMMA": "','", "RPAR": "')'", "LPAR": "'('",
         "RSQB": "']'", "COLON": "':'", "$END": "the end of the line", "SUBJECT": "'subject to'"}


def _expected(names) -> str:
    out = []
    for n in sorted(names):
        nice = _NICE.get(n)
        if nice is None:
            continue
        if nice not in out:
            out.append(nice)
    return ", ".join(out[:5])


# ---------------------------------------------------------------- pretty-print
def number_text(q: Fraction) -> str:
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _arg_text(a) -> str:
    return number_text(a) if isinstance(a, Fraction) else a


PREC = {"+": 1, "-": 1, "*": 2, "/": 2}


def expr_text(e, parent: int = 0, right: bool = False) -> str:
    if isinstance(e, Num):
        t = number_text(e.value)
        return f"({t})" if parent and (e.value < 0 or e.value.denominator != 1) else t
    if isinstance(e, Var):
        return e.name
    if isinstance(e, Index):
        return f"{e.func}[{e.arg}]"
    if isinstance(e, Call):
        return f"{e.func}({', '.join(_arg_text(a) for a in e.args)})"
    if isinstance(e, Neg):
        return f"-{expr_text(e.arg, 3)}"
    if isinstance(e, BinOp):  # the chain a op b op c of one level in a loop (see spine())
        p = PREC[e.op]
        head, nodes = spine(e)
        t = expr_text(head, p) + "".join(f" {n.op} {expr_text(n.right, p + 1, True)}" for n in nodes)
        return f"({t})" if parent and (parent > p or (parent == p and right)) else t
    raise TypeError(f"not an expression: {e!r}")


def lit_text(lit) -> str:
    if isinstance(lit, Compare):
        parts = [expr_text(lit.exprs[0])]
        for op, e in zip(lit.ops, lit.exprs[1:]):
            parts += [op, expr_text(e)]
        return " ".join(parts)
    if isinstance(lit, Not):
        return "not " + lit_text(lit.pred)
    if isinstance(lit, Pred):
        return lit.name if lit.args is None else f"{lit.name}({', '.join(_arg_text(a) for a in lit.args)})"
    raise TypeError(f"not a literal: {lit!r}")


def item_text(it: Item) -> str:
    body = " or ".join(lit_text(x) for x in it.options)
    return f"{json.dumps(it.label, ensure_ascii=False)}: {body}" if it.label is not None else body


def items_text(items) -> str:
    return ", ".join(item_text(i) for i in items)


def goal_text(g: Goal) -> str:
    if g.kind in ("maximize", "minimize", "range"):
        return f"{g.kind} {expr_text(g.expr)}"
    if g.kind == "member":
        if all(name is None for name, _ in g.point):
            return "member [" + ", ".join(number_text(v) for _, v in g.point) + "]"
        return "member (" + ", ".join(f"{name}={number_text(v)}" for name, v in g.point) + ")"
    return g.kind


def text(stmt) -> str:
    """Canonical text of a statement; ``parse(text(s))`` equals ``s`` (columns aside)."""
    if isinstance(stmt, Query):
        if not stmt.items:
            return goal_text(stmt.goal)
        if stmt.goal.kind == "find" and stmt.goal.expr is None:
            return "find subject to " + items_text(stmt.items)
        return f"{goal_text(stmt.goal)} subject to {items_text(stmt.items)}"
    if isinstance(stmt, Command):
        if stmt.name == "assert":
            return "assert " + items_text(stmt.items)
        if stmt.name in ("retract", "help") and stmt.arg:
            return f"{stmt.name} {json.dumps(stmt.arg) if stmt.name == 'retract' else stmt.arg}"
        return "" if stmt.name == "empty" else stmt.name
    raise TypeError(f"not a statement: {stmt!r}")


__all__ = ["parse", "text", "Query", "Command", "Goal", "Item", "Compare", "Pred", "Not", "Num", "Var",
           "Index", "Call", "BinOp", "Neg", "strip", "expr_text", "items_text", "GRAMMAR", "Token", "spine",
           "check_nesting", "MAX_NESTING"]
