"""Exact solving of a compiled TU query (groups of rows, lazy families, disjunctions).

Two paths, both exact:

* **convex** (no disjunction): constraint generation over exact LPs
  (:mod:`declcoal.solvers.lp` — HiGHS with a rational certificate, Z3 fallback). The
  LP starts with the explicit rows and a few seed rows of each family (or all of them
  for small n, ``Problem.rows``). From 6 players on, rows are first chosen in floating
  point on one warm-started HiGHS model (numpy separation over all 2^n coalitions),
  and the float optimum's own vertex is then certified exactly (``lp._certify``:
  vertex rebuilt from its tight rows, primal and dual feasibility in rationals; a
  fresh solve could land on another vertex of a degenerate optimal face). Each exact
  point is checked against *every* family row exactly
  (:func:`declcoal.query.ir.separate`); violated rows are added and the loop repeats.
  When the point violates nothing, it is feasible for the full problem and optimal for
  a relaxation of it, hence optimal (exact certificate). Strict inequalities are
  decided exactly with one slack variable s: the strict region is non-empty iff
  max s > 0 over ``a·z + s ≤ b`` (s ≤ 1), and a supremum is attained iff some point of
  the optimal face satisfies the strict rows strictly (the same test on the face).
* **non-convex** (disjunctions): Z3 ``Optimize`` over the reals with every row
  asserted; Z3 reports a supremum as (infinity, value, epsilon) coefficients, read
  exactly (a non-zero epsilon part: not attained).

Infeasibility is explained by Z3's unsat core over *tracked* groups and family rows
(the rows generated so far suffice: the relaxation they form is already infeasible),
then shrunk by deletion to a minimal conflict.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .. import progress
from ..errors import SolverLimitError
from ..solvers import lp as lpmod
from .conflict import minimal_conflict
from .ir import Family, Group, Row, separate

#: rows added per family and round of separation
CUTS_PER_ROUND = 8
#: up to this many players "auto" asserts every coalition row at once: one exact LP
#: over 2^n rows is cheaper than rounds of separation (benchmarks/query.py measures the
#: crossover); beyond it rows are generated lazily
EAGER_MAX_N = 10


@dataclass
class Problem:
    """What the engine solves: groups over ``nvars`` columns, the first n are players."""

    n: int
    nvars: int
    players: tuple[str, ...]
    groups: list[Group]
    varnames: list[str] = field(default_factory=list)
    rows: str = "auto"  # coalition rows: "lazy" (separation), "all" (asserted up front), "auto" (by n)

    @property
    def convex(self) -> bool:
        return all(g.convex for g in self.groups)

    @property
    def has_strict(self) -> bool:
        return any(r.strict for g in self.groups for r in g.rows) or any(
            r.strict for g in self.groups for d in g.disjunctions for o in d.options for r in o)

    def explicit_rows(self) -> list[tuple[int, Row]]:
        return [(k, r) for k, g in enumerate(self.groups) for r in g.rows]

    def families(self) -> list[tuple[int, Family]]:
        return [(k, f) for k, g in enumerate(self.groups) for f in g.families]


@dataclass
class Outcome:
    """Result of one optimisation or feasibility question."""

    status: str  # optimal | infeasible | unbounded | feasible
    value: Fraction | None = None
    point: list[Fraction] | None = None
    attained: bool = True
    rows_used: int = 0
    lps: int = 0
    method: str = ""
    family_rows: list[Row] | None = None  # the family rows the relaxation used (for explanations)


# ---------------------------------------------------------------- convex path
class LazyLP:
    """Constraint generation over the families of a convex problem."""

    def __init__(self, prob: Problem, method: str = "auto"):
        self.prob = prob
        self.method = method
        self.active: list[tuple[int, int, int]] = []  # (group, family index within prob.families(), mask)
        self._seen: set[tuple[int, int]] = set()
        self.fams = prob.families()
        self.lps = 0
        self._rowcache: dict = {}
        eager = prob.rows == "all" or (prob.rows == "auto" and prob.n <= EAGER_MAX_N)
        for fi, (_, fam) in enumerate(self.fams):
            for m in (fam.masks() if eager else _seed_masks(prob.n, fam)):
                self._add(fi, m)

    def _add(self, fi: int, mask: int) -> None:
        if (fi, mask) not in self._seen:
            self._seen.add((fi, mask))
            self.active.append((self.fams[fi][0], fi, mask))

    def rows(self) -> list[tuple[int, Row]]:
        """Every row of the current relaxation: (group index, row)."""
        p = self.prob
        out = p.explicit_rows()
        for g, fi, m in self.active:
            out.append((g, self.fams[fi][1].row(m, p.nvars, p.players)))
        return out

    def family_rows(self) -> list[Row]:
        """The generated family rows in Tick's template order (size, then members)."""
        p = self.prob
        act = sorted(self.active, key=lambda t: (t[1], _template_key(t[2])))
        return [self.fams[fi][1].row(m, p.nvars, p.players) for _, fi, m in act]

    def separate(self, z: list[Fraction]) -> int:
        added = 0
        per_round = max(CUTS_PER_ROUND, 4 * self.prob.n) if self.prob.n >= FLOAT_WARMUP_MIN_N else CUTS_PER_ROUND
        for fi, (_, fam) in enumerate(self.fams):
            for _, m in separate(fam, z, self.prob.n, per_round):
                self._add(fi, m)
                added += 1
        return added

    def add_all(self) -> None:
        for fi, (_, fam) in enumerate(self.fams):
            for m in fam.masks():
                self._add(fi, m)

    def _lp_row(self, key, r: Row, slack: bool, lp: lpmod.LP) -> None:
        """Append r to lp, converting it once per (key, slack) (the conversion costs
        Fraction arithmetic; the same rows enter every round)."""
        ck = (key, slack)
        cached = self._rowcache.get(ck) if key is not None else None
        if cached is None:
            a = list(r.a) + ([0] if slack else [])
            op = r.closed().op
            if slack and r.strict:
                a[-1] = 1 if r.op == "<" else -1
            lp.add(a, op, r.b)
            if key is not None:
                self._rowcache[ck] = lp.rows[-1]
        else:
            lp.rows.append(cached)

    def _lp(self, c, maximize: bool, extra: list[Row] = (), slack: bool = False) -> lpmod.LP:
        """The relaxation as an LP; with ``slack`` a last column s enters every strict
        row (``a·z + s ≤ b``) and s ≤ 1."""
        nv = self.prob.nvars + (1 if slack else 0)
        lp = lpmod.LP(nv)
        p = self.prob
        for k, (_, r) in enumerate(p.explicit_rows()):
            self._lp_row(("e", k), r, slack, lp)
        for _, fi, m in self.active:
            key = ("f", fi, m)
            if (key, slack) in self._rowcache:
                lp.rows.append(self._rowcache[(key, slack)])
            else:
                self._lp_row(key, self.fams[fi][1].row(m, p.nvars, p.players), slack, lp)
        for r in extra:
            self._lp_row(None, r, slack, lp)
        if slack:
            lp.add([0] * (nv - 1) + [1], "<=", 1)
        lp.objective(list(c) + ([0] if slack and len(c) < nv else []), maximize=maximize)
        return lp

    def optimise(self, c, maximize: bool, extra: list[Row] = (), slack: bool = False) -> lpmod.LPSolution:
        """Optimise over the *full* problem (closure; or the slack LP), generating rows:
        first in floating point (fast path: it only chooses rows), then exactly."""
        warm = bool(self.fams) and self.prob.n >= FLOAT_WARMUP_MIN_N
        full = False
        while True:
            zf = self._float_warmup(c, maximize, extra, slack) if warm and not full else None
            lp = self._lp(c, maximize, extra, slack)
            sol = None
            if zf is not None and self.method != "z3":
                # certify the float optimum's own vertex exactly (the same checks as
                # declcoal.solvers.lp: exact vertex from its tight rows, primal and dual
                # feasibility); a fresh solve could land on another vertex of a
                # degenerate optimal face and start the separation over
                import numpy as np

                cert = lpmod._certify(lp, zf, np.zeros(len(lp.rows)))
                if cert is not None:
                    x, duals = cert
                    sol = lpmod.LPSolution(lpmod.OPTIMAL, x, sum((a * v for a, v in zip(lp.c, x)), Fraction(0)),
                                           duals, "highs+certificate")
            if sol is None:
                sol = lpmod.solve(lp, self.method)
            self.lps += 1
            if sol.status == lpmod.INFEASIBLE:
                return sol
            if sol.status == lpmod.UNBOUNDED:
                if full or not self.fams:
                    return sol
                self.add_all()  # the relaxation may be unbounded only for want of rows
                full = True
                continue
            if not self.separate(sol.x[: self.prob.nvars]):
                return sol


    def _float_warmup(self, c, maximize: bool, extra, slack: bool) -> None:
        """Row selection in float64 (HiGHS through scipy, numpy separation): adds the
        rows a float optimum violates until none is violated by more than a tolerance.
        It decides nothing: the exact loop that follows certifies the answer."""
        import numpy as np

        n = self.prob.n
        base = self._lp(c, maximize, extra, slack)  # explicit rows only matter here; families below
        nv = base.nvars
        ub, bu, eq, be = [], [], [], []
        n_exp, n_act = len(self.prob.explicit_rows()), len(self.active)
        for row in base.rows[:n_exp] + base.rows[n_exp + n_act:]:  # explicit, extra and slack rows
            a = [float(v) for v in row.coeffs]
            if row.sense == "=":
                eq.append(a)
                be.append(float(row.rhs))
            elif row.sense == "<=":
                ub.append(a)
                bu.append(float(row.rhs))
            else:
                ub.append([-v for v in a])
                bu.append(-float(row.rhs))
        bits = (((np.arange(1 << n)[:, None] >> np.arange(n)[None, :]) & 1).astype(np.float64)
                if n <= 16 else None)
        fl = []
        for fi, (_, fam) in enumerate(self.fams):
            rhs = getattr(fam, "_floats", None)
            if rhs is None:
                rhs = np.array([float(r) if r is not None else np.nan for r in fam.rhs])
                fam._floats = rhs  # type: ignore[attr-defined]
            auxv = np.zeros(nv - n)
            for col, w in fam.aux.items():
                auxv[col - n] = float(w)
            fl.append((fi, rhs, fam, auxv))

        def fam_row(m: int, auxv) -> list[float]:
            bitsm = bits[m] if bits is not None else np.array([(m >> i) & 1 for i in range(n)], dtype=np.float64)
            return list(-np.concatenate([bitsm, auxv]))

        for _, fi, m in self.active:
            auxv = fl[fi][3]
            ub.append(fam_row(m, auxv))
            bu.append(-float(self.fams[fi][1].rhs[m]))
        cc = np.array([float(v) for v in base.c]) * (-1.0 if base.maximize else 1.0)
        from ..solvers.highs import INF, new_highs

        h = new_highs()  # one model, warm-started after each batch of rows (DESIGN.md pitfalls)
        h.addVars(nv, np.full(nv, -INF), np.full(nv, INF))
        h.changeColsCost(nv, np.arange(nv, dtype=np.int32), cc)

        def add(rows: list, lo: list, hi: list) -> None:
            if not rows:
                return
            A = np.array(rows, dtype=np.float64).reshape(len(rows), nv)
            idx = np.nonzero(A)
            starts = np.searchsorted(idx[0], np.arange(len(rows))).astype(np.int32)
            h.addRows(len(rows), np.array(lo, dtype=np.float64), np.array(hi, dtype=np.float64), len(idx[0]),
                      starts, idx[1].astype(np.int32), A[idx].astype(np.float64))

        add(eq, be, be)
        add(ub, [-INF] * len(ub), bu)
        per_round = max(8 * n, 64)
        from ..solvers.highs import status_name

        for _ in range(500):
            h.run()
            if status_name(h) != "optimal":
                return None
            z = np.array(h.getSolution().col_value)
            sums = np.zeros(1)
            for i in range(n):
                sums = np.concatenate([sums, sums + z[i]])
            new_rows, new_b = [], []
            for fi, rhs, fam, auxv in fl:
                shift = float(np.dot(auxv, z[n:nv])) if nv > n else 0.0
                with np.errstate(invalid="ignore"):
                    gap = rhs - sums - shift
                tol = 1e-9 * (1.0 + float(np.nanmax(np.abs(rhs))))
                bad = np.where(gap > tol)[0]
                if len(bad) == 0:
                    continue
                order = bad[np.argsort(-gap[bad], kind="stable")][:per_round]
                for m in order:
                    m = int(m)
                    if (fi, m) not in self._seen:
                        self._add(fi, m)
                        new_rows.append(fam_row(m, auxv))
                        new_b.append(-float(rhs[m]))
            if not new_rows:
                return z
            add(new_rows, [-INF] * len(new_rows), new_b)
        return None


#: below this many players the exact loop alone is fast enough
FLOAT_WARMUP_MIN_N = 6


def _template_key(m: int):
    return (m.bit_count(), [i for i in range(m.bit_length()) if m >> i & 1])


def _seed_masks(n: int, fam: Family) -> list[int]:
    """Singletons and their complements: they bound every share from both sides."""
    full = (1 << n) - 1
    out = []
    for i in range(n):
        for m in (1 << i, full ^ (1 << i)):
            if 0 < m and m < len(fam.rhs) and fam.rhs[m] is not None:
                out.append(m)
    return out


def convex_optimum(prob: Problem, c: list[Fraction] | None, maximize: bool, method: str = "auto") -> Outcome:
    """max/min c·z over a convex problem (c None: feasibility), exact, strict rows exact."""
    lazy = LazyLP(prob, method)
    cc = list(c) if c is not None else [Fraction(0)] * prob.nvars
    sol = lazy.optimise(cc, maximize)
    if sol.status != lpmod.OPTIMAL:
        return Outcome(sol.status, rows_used=len(lazy.active), lps=lazy.lps, method="lazy LP",
                       family_rows=lazy.family_rows())
    point, value, attained = sol.x[: prob.nvars], sol.value, True
    if prob.has_strict:
        # non-empty strict region?  max s over a·z + s <= b on strict rows
        s = lazy.optimise([Fraction(0)] * prob.nvars + [Fraction(1)], True, slack=True)
        if s.status != lpmod.OPTIMAL or s.value <= 0:
            return Outcome(lpmod.INFEASIBLE, rows_used=len(lazy.active), lps=lazy.lps, method="lazy LP",
                           family_rows=lazy.family_rows())
        if c is None:
            point = s.x[: prob.nvars]
        else:
            face = Row(tuple(cc), "=", value, "optimal face")
            f = lazy.optimise([Fraction(0)] * prob.nvars + [Fraction(1)], True, extra=[face], slack=True)
            if f.status == lpmod.OPTIMAL and f.value > 0:
                point = f.x[: prob.nvars]
            else:
                attained = False
                point = s.x[: prob.nvars]  # a point of the region (the supremum is approached, not reached)
    return Outcome("optimal" if c is not None else "feasible", value if c is not None else None, point, attained,
                   len(lazy.active), lazy.lps, "lazy LP (HiGHS + exact certificate)")


# ---------------------------------------------------------------- Z3 path
def _q(v: Fraction):
    import z3

    return z3.RealVal(f"{v.numerator}/{v.denominator}")


def z3_vars(prob: Problem):
    import z3

    names = prob.varnames or [f"x_{p}" for p in prob.players]
    return [z3.Real(nm) for nm in names]


def z3_row(r: Row, zs):
    import z3

    terms = [_q(a) * v if a != 1 else v for a, v in zip(r.a, zs) if a]
    lhs = z3.Sum(terms) if terms else z3.RealVal(0)
    b = _q(r.b)
    return {"<=": lhs <= b, ">=": lhs >= b, "=": lhs == b, "<": lhs < b, ">": lhs > b}[r.op]


def z3_group(g: Group, zs, prob: Problem, all_rows: bool = True):
    """The Z3 formulas of a group (families in full)."""
    import z3

    out = [z3_row(r, zs) for r in g.rows]
    if all_rows:
        for fam in g.families:
            out += [z3_row(fam.row(m, prob.nvars, prob.players), zs) for m in fam.masks()]
    for d in g.disjunctions:
        out.append(z3.Or([z3.And([z3_row(r, zs) for r in opt]) if opt else z3.BoolVal(True) for opt in d.options]))
    return out


def z3_optimum(prob: Problem, c: list[Fraction] | None, maximize: bool) -> Outcome:
    """Exact optimum with Z3 Optimize (every row asserted)."""
    import z3

    zs = z3_vars(prob)
    opt = z3.Optimize()
    for g in prob.groups:
        opt.add(*z3_group(g, zs, prob))
    h = None
    if c is not None:
        terms = [_q(a) * v for a, v in zip(c, zs) if a]
        obj = z3.Sum(terms) if terms else z3.RealVal(0)
        h = opt.maximize(obj) if maximize else opt.minimize(obj)
    r = opt.check()
    if r == z3.unsat:
        return Outcome(lpmod.INFEASIBLE, method="z3")
    if r != z3.sat:
        raise SolverLimitError(f"Z3 could not decide the query ({opt.reason_unknown()})")
    m = opt.model()
    point = [_frac(m.eval(v, model_completion=True)) for v in zs]
    if h is None:
        return Outcome("feasible", None, point, True, method="z3")
    inf, val, eps = (h.upper_values() if maximize else h.lower_values())
    inf_c, eps_c = _frac(inf), _frac(eps)
    if inf_c != 0:
        return Outcome(lpmod.UNBOUNDED, method="z3")
    value = _frac(val)
    attained = eps_c == 0
    if attained:
        # the model Z3 returns sits at the optimum
        got = sum((a * x for a, x in zip(c, point)), Fraction(0))
        if got != value:  # be safe: find a point at the optimum
            opt.add(z3.Sum([_q(a) * v for a, v in zip(c, zs) if a] or [z3.RealVal(0)]) == _q(value))
            if opt.check() == z3.sat:
                mm = opt.model()
                point = [_frac(mm.eval(v, model_completion=True)) for v in zs]
    return Outcome("optimal", value, point, attained, method="z3 Optimize")


def _frac(v) -> Fraction:
    import z3

    v = z3.simplify(v)
    if z3.is_int_value(v):
        return Fraction(v.as_long())
    if z3.is_rational_value(v):
        return Fraction(v.numerator_as_long(), v.denominator_as_long())
    if z3.is_algebraic_value(v):
        raise SolverLimitError("Z3 returned an irrational value for a linear query")
    raise SolverLimitError(f"unexpected Z3 value {v}")


# ---------------------------------------------------------------- explanations
#: the deletion pass runs on unsat cores of at most this many constraints (one Z3 check each)
MAX_DELETION = 60


def explain(prob: Problem, family_rows: list[Row] | None = None) -> list[str]:
    """A minimal set of conflicting constraints: the user's groups by name, game
    regions row by row (``core: x(A B) >= 59``). ``family_rows``: the family rows an
    infeasible relaxation used (enough for a conflict); None: every family row."""
    import z3

    zs = z3_vars(prob)
    items: list[tuple[str, list]] = []
    for g in prob.groups:
        if g.region:
            for r in g.rows:
                items.append((r.label or g.name, [z3_row(r, zs)]))
            if family_rows is None:  # every coalition row (2^n - 1 per family)
                for fam in g.families:
                    masks = sorted(fam.masks(), key=_template_key)
                    with progress.task("coalition rows", len(masks)) as t:
                        for k, m in enumerate(masks, start=1):
                            r = fam.row(m, prob.nvars, prob.players)
                            items.append((r.label, [z3_row(r, zs)]))
                            if k % 1024 == 0 or k == len(masks):
                                t.advance(k - t.done)
            for d in g.disjunctions:
                items.append((d.label or g.name, z3_group(Group(g.name, disjunctions=[d]), zs, prob)))
        else:
            items.append((g.name, z3_group(g, zs, prob)))
    for r in family_rows or []:
        items.append((r.label, [z3_row(r, zs)]))
    s = z3.Solver()
    s.set("core.minimize", True)
    lits = []
    for j, (_, fs) in enumerate(items):
        b = z3.Bool(f"__c{j}")
        lits.append(b)
        s.add(z3.Implies(b, z3.And(fs) if len(fs) != 1 else fs[0]))
    if s.check(*lits) != z3.unsat:
        return []
    core = {str(c) for c in s.unsat_core()}
    keep = [j for j in range(len(items)) if f"__c{j}" in core]
    # deletion pass: a minimal (irreducible) conflict; above MAX_DELETION constraints
    # Z3's minimised unsat core is kept as it is
    if len(keep) <= MAX_DELETION:
        keep = minimal_conflict(keep, lambda trial: s.check(*[lits[t] for t in trial]) == z3.unsat)
    return [items[j][0] for j in keep]
