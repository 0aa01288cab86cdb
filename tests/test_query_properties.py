"""Property tests of the query language and back end (issue 12).

* the parser round-trips: pretty-printing a syntax tree and parsing the text gives the
  same tree (columns aside), for random trees of every statement form;
* adding a constraint never enlarges the region: the range of any objective over
  ``R, c`` lies inside its range over ``R``, an infeasible R stays infeasible, and the
  vertices of ``R, c`` are members of R.
"""
from __future__ import annotations

import json
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

import declcoal
from declcoal.query import syntax
from declcoal.query.syntax import BinOp, Call, Command, Compare, Goal, Index, Item, Neg, Not, Num, Pred, Query, Var
from strategies import tu_games

KEYWORDS = {"maximize", "minimize", "range", "vertices", "member", "find", "count", "all", "subject", "to", "and",
            "or", "not", "assert", "retract", "push", "pop", "show", "clear", "quit", "exit", "help"}
names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True).filter(lambda s: s not in KEYWORDS)
arg_names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_'.\-]{0,6}", fullmatch=True)
fracs = st.fractions(min_value=-50, max_value=50, max_denominator=20)


def exprs():
    leaves = st.one_of(
        fracs.map(lambda q: Num(q)),
        names.map(lambda n: Var(n)),
        arg_names.map(lambda a: Index("x", a)),
        st.tuples(names, st.lists(st.one_of(arg_names, fracs), max_size=3)).map(lambda t: Call(t[0], tuple(t[1]))),
    )

    def extend(sub):
        binop = st.tuples(st.sampled_from("+-*/"), sub, sub).filter(
            lambda t: not (t[0] == "/" and isinstance(t[1], Num) and isinstance(t[2], Num))
        ).map(lambda t: BinOp(t[0], t[1], t[2]))
        neg = sub.filter(lambda e: not isinstance(e, Num)).map(lambda e: Neg(e))
        return st.one_of(binop, neg)

    return st.recursive(leaves, extend, max_leaves=6)


ops = st.sampled_from(["<=", ">=", "=", "<", ">", "!="])
compares = st.integers(1, 2).flatmap(
    lambda k: st.tuples(st.lists(exprs(), min_size=k + 1, max_size=k + 1), st.lists(ops, min_size=k, max_size=k))
).map(lambda t: Compare(tuple(t[0]), tuple(t[1])))
preds = st.tuples(names, st.one_of(st.none(), st.lists(st.one_of(arg_names, fracs), max_size=3).map(tuple))).map(
    lambda t: Pred(t[0], t[1]))
lits = st.one_of(compares, preds, preds.map(lambda p: Not(p)))
items = st.tuples(st.one_of(st.none(), st.text(max_size=8)), st.lists(lits, min_size=1, max_size=3)).map(
    lambda t: Item(t[0], tuple(t[1])))
points = st.one_of(
    st.lists(fracs, min_size=1, max_size=4).map(lambda vs: tuple((None, v) for v in vs)),
    st.lists(st.tuples(arg_names, fracs), min_size=1, max_size=4).map(tuple),
)
goals = st.one_of(
    st.tuples(st.sampled_from(["maximize", "minimize", "range"]), exprs()).map(lambda t: Goal(t[0], t[1])),
    st.sampled_from(["vertices", "find", "count", "all"]).map(lambda k: Goal(k)),
    points.map(lambda p: Goal("member", point=p)),
)
queries = st.tuples(goals, st.lists(items, max_size=3)).map(lambda t: Query(t[0], tuple(t[1])))
commands = st.one_of(
    st.lists(items, min_size=1, max_size=2).map(lambda its: Command("assert", tuple(its))),
    st.sampled_from(["push", "pop", "show", "clear", "quit"]).map(lambda c: Command(c)),
    st.one_of(st.none(), st.text(min_size=1, max_size=6)).map(lambda a: Command("retract", (), a)),
)


@given(st.one_of(queries, commands))
@settings(max_examples=200)
def test_pretty_print_then_parse_is_the_identity(stmt):
    text = syntax.text(stmt)
    again = syntax.parse(text)
    if isinstance(stmt, Command) and stmt.name == "retract" and stmt.arg is not None:
        stmt = Command("retract", (), stmt.arg)
    assert syntax.strip(again) == syntax.strip(stmt), text
    assert syntax.text(again) == text


def test_round_trip_of_the_documented_examples():
    for text in ['maximize x[Z] subject to core, "A gets 40": x[A] >= 40', "range x(A, B) - v(A, B) subject to least_core",
                 "vertices subject to core", "member (X=30, Y=22, Z=25) subject to core",
                 "find subject to stable, together(a1, a2), cost(a1) <= 3", "count subject to not together(a1, a2)",
                 "find subject to eps_core(-1/10), 0 <= x[A] <= 7/2", "find subject to x[A] >= 1 or x[B] >= 2"]:
        assert syntax.text(syntax.parse(text)) == text
    assert json.loads(json.dumps("é")) == "é"


# ------------------------------------------------------------------ monotonicity
coef = st.integers(-3, 3)


@given(tu_games(min_n=2, max_n=4, worths=st.integers(-10, 40)), st.data())
@settings(max_examples=30)
def test_adding_a_constraint_never_enlarges_the_region(game, data):
    n = game.n
    P = game.players
    region = data.draw(st.sampled_from(["core", "imputation", "eps_core(5)", "least_core"]))
    a = data.draw(st.lists(coef, min_size=n, max_size=n))
    op = data.draw(st.sampled_from(["<=", ">=", "<", ">", "="]))
    b = data.draw(st.integers(-20, 60))
    c = " + ".join(f"({ai}) * x[{p}]" for ai, p in zip(a, P)) + f" {op} {b}"
    obj = data.draw(st.lists(coef, min_size=n, max_size=n))
    oexpr = " + ".join(f"({oi}) * x[{p}]" for oi, p in zip(obj, P))
    q = declcoal.query(game)
    big = q.run(f"range {oexpr} subject to {region}")
    small = q.run(f"range {oexpr} subject to {region}, {c}")
    if big.status == "infeasible":
        assert small.status == "infeasible"
        return
    if small.status == "infeasible":
        return
    assert small.lower["value"] >= big.lower["value"]
    assert small.upper["value"] <= big.upper["value"]
    if op in ("<=", ">=", "="):
        v = q.run(f"vertices subject to {region}, {c}")
        for x in v.vertices:
            pt = "[" + ", ".join(str(F(t)) for t in x) + "]"
            assert q.run(f"member {pt} subject to {region}").status == "member"
