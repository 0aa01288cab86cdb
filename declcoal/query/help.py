"""Help texts of the interactive top level (``help`` and ``help TOPIC``)."""
from __future__ import annotations

TU = """\
Each line is one statement.  Goals (followed by 'subject to CONSTRAINTS'):
  maximize EXPR | minimize EXPR | range EXPR | vertices | member POINT | find
A bare list of constraints is 'find': one allocation satisfying them, or the
conflicting constraints when there is none.
Constraints, separated by ',' or 'and'; 'or' joins alternatives; a label names one:
  "A gets 40": x[A] >= 40      0 <= x[A] <= 7/2      x[A] > x[B] or x[C] = 0
Terms: x[P] (a share), x(A B) (a coalition's total), v(A B) (its worth),
  e(A B) = v(A B) - x(A B) (its excess), numbers 3, -1/10, 0.8 (exact), + - * /
  (linear only: one side of * and the right side of / must be a number).
Regions (TU games): efficient, individually_rational (ir), nonnegative, imputation,
  core, eps_core(E), least_core, tightened([K][, absolute|relative|hybrid]),
  unblocked, unblocked_efficient.
Regions (bargaining games): feasible, unblocked, unblocked_efficient, efficient,
  individually_rational, nonnegative.
POINT: (A=30, B=22, C=25) or [30, 22, 25].
Top level: assert CONSTRAINTS | retract [LABEL] | push | pop | show | clear |
  help [TOPIC] | quit.   Asserted constraints hold for every later query.
Topics: help regions, help goals, help terms, help examples."""

CRG = """\
Each line is one statement about coalition structures sigma of a coalitional
resource game.  Goals (followed by 'subject to CONSTRAINTS'):
  find | all | count | minimize EXPR | maximize EXPR
Atoms: together(A1, A2), achieved(G), satisfied(A), stable (= in_core: no
  cooperation structure blocks sigma), any atom of your own rules (--rules FILE);
  'not ATOM' negates one ('not stable': some cooperation structure blocks sigma,
  and the answer shows one).
Comparisons over integer terms: cost(A) (what A contributes), total_cost,
  num_satisfied, num_achieved, e.g. cost(a1) <= 3, total_cost < 10.
Top level: assert | retract [LABEL] | push | pop | show | clear | help | quit."""

TOPICS = {
    "regions": TU.split("Regions (TU games):")[1].split("POINT:")[0].strip(),
    "goals": TU.split("\n")[1],
    "terms": TU.split("Terms: ")[1].split("Regions")[0].strip(),
    "examples": """\
  range x[X] subject to core
  maximize x[Z] subject to least_core
  vertices subject to core
  member (X=30, Y=22, Z=25) subject to core
  core, "A gets 40": x[X] >= 40, x[Y] <= x[Z]
  assert core      then      range x(X Y)""",
}


def help_text(kind: str = "tu", topic: str | None = None) -> str:
    if topic:
        if topic in TOPICS:
            return TOPICS[topic]
        return f"no help on {topic!r}; topics: {', '.join(TOPICS)}"
    return CRG if kind == "crg" else TU
