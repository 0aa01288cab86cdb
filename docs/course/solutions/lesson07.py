"""Lesson 7 — solutions (try ../exercises/lesson07.py first)."""
import clingo

SMALLEST_SUCCESSFUL = """
{ in(A) : agent(A) }.
in(who).
{ achieve(G) : goal(G) }.
sat(A) :- in(A), wants(A,G), achieve(G).
:- in(A), not sat(A).
:- resource(R), #sum{ K,G : achieve(G), req(G,R,K) ; -K,A : in(A), en(A,R,K) } > 0.
#minimize{ 1,A : in(A) }.
#show in/1.
"""

# ∃X ∀Y ψ with ψ in DNF: term(T), tpos(T,V) / tneg(T,V) — ψ holds if some term holds
EXISTS_FORALL_DNF = """
{ t(X) } :- evar(X).
f(X) :- evar(X), not t(X).
t(Y) | f(Y) :- avar(Y).
ok :- term(T), t(V) : tpos(T,V); f(V) : tneg(T,V).
t(Y) :- ok, avar(Y).
f(Y) :- ok, avar(Y).
:- not ok.
#show t/1.
"""


def _true(sign, var, true_vars):
    return (var in true_vars) == (sign == "pos")


def _counterexample(qbf, X):
    rules = [f"{{ t({y}) }}." for y in qbf["avars"]]
    for c, lits in qbf["clauses"].items():
        if any(_true(s, v, X) for s, v in lits if v in qbf["evars"]):
            continue
        body = ", ".join(f"not t({v})" if s == "pos" else f"t({v})" for s, v in lits if v in qbf["avars"])
        rules.append(f"bad :- {body}." if body else "bad.")
    ctl = clingo.Control(["1"])
    ctl.add("base", [], " ".join(rules) + " #defined bad/0. :- not bad. #show t/1.")
    ctl.ground([("base", [])])
    ys = []
    ctl.solve(on_model=lambda m: ys.append({str(s.arguments[0]) for s in m.symbols(shown=True)}))
    return ys[0] if ys else None


def exists_forall(qbf):
    guesser = clingo.Control(["1"])
    guesser.add("base", [], " ".join(f"{{ t({x}) }}." for x in qbf["evars"]) + " #show t/1.")
    guesser.ground([("base", [])])
    k = 0
    while True:
        k += 1
        found = []
        guesser.solve(on_model=lambda m: found.append({str(s.arguments[0]) for s in m.symbols(shown=True)}))
        if not found:
            return False
        Y = _counterexample(qbf, found[0])
        if Y is None:
            return True
        cuts = []
        for c, lits in qbf["clauses"].items():
            if any(_true(s, v, Y) for s, v in lits if v in qbf["avars"]):
                continue
            body = ", ".join(f"not t({v})" if s == "pos" else f"t({v})" for s, v in lits if v in qbf["evars"])
            cuts.append(f":- {body}." if body else ":- #true.")
        guesser.add(f"cut{k}", [], " ".join(cuts))
        guesser.ground([(f"cut{k}", [])])
