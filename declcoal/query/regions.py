"""Named regions of allocation space, as predicates of the query language.

TU games (Tick 1995, §1; Ray & Vohra 2025, §5):

* ``efficient``            x(N) = v(N)
* ``individually_rational`` x_i ≥ v({i})          (alias ``ir``)
* ``nonnegative``          x_i ≥ 0                (Tick 1995, §2)
* ``imputation``           efficient and individually rational
* ``core``                 x(N) = v(N), x(S) ≥ v(S) for every S      (Gillies 1959)
* ``eps_core(e)``          x(N) = v(N), x(S) ≥ v(S) − e for S ≠ ∅, N  (Maschler, Peleg & Shapley 1979)
* ``least_core``           eps_core(ε*) with the least ε* for which it is non-empty
* ``tightened(k)``         Tick's region S(K) after k iterations of Figure 1 (relative γ,
                           X_i ≥ 0); ``tightened(k, absolute|relative|hybrid)``;
                           ``tightened`` / ``tightened(family)``: after the last iteration
* ``unblocked``            Ray & Vohra's U(N) (§2, §5.1): x ≥ 0, x(N) ≤ v(N), and no
                           threat (S, y) with y ≫ x_S, the threats being the Nash
                           solutions of the sub-coalitions — by Theorem 2 the naive
                           threats ψ(S) (weighted equal division of v(S)) give the
                           same set for TU games
* ``unblocked_efficient``  its efficient part: unblocked and x(N) = v(N)

Bargaining games G = (F, Θ, d) (Ray & Vohra 2025, §2): ``feasible`` (F), ``unblocked``
(U(G) ∩ {x ≥ d}), ``individually_rational`` (x ≥ d), ``nonnegative``, and for a TU
set F ``efficient`` (Σ x = v) and ``unblocked_efficient``.

Each builder returns a :class:`~declcoal.query.ir.Group` (rows, lazy families,
disjunctions) over the n allocation columns.
"""
from __future__ import annotations

from fractions import Fraction

from ..errors import InputError, UnsupportedError
from ..model.bargaining import BargainingGame, FiniteSet, TUSet
from ..model.coalition import members
from ..model.tu import TUGame
from .ir import Disjunction, Family, Group, Row, _num

TU_REGIONS = ("efficient", "individually_rational", "ir", "nonnegative", "imputation", "core", "eps_core",
              "least_core", "tightened", "unblocked", "unblocked_efficient")
BARGAINING_REGIONS = ("feasible", "unblocked", "individually_rational", "ir", "nonnegative", "efficient",
                      "unblocked_efficient")


def _unit(n: int, i: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(1 if j == i else 0) for j in range(n))


def _ones(n: int, mask: int | None = None) -> tuple[Fraction, ...]:
    return tuple(Fraction(1 if mask is None or mask >> j & 1 else 0) for j in range(n))


def _xs(players, mask: int) -> str:
    return "x(" + " ".join(players[i] for i in members(mask)) + ")"


def efficient_row(game: TUGame, label: str = "efficient") -> Row:
    n = game.n
    return Row(_ones(n), "=", game.v(game.grand), f"{label}: x(N) = v(N) = {_num(game.v(game.grand))}")


def ir_rows(game: TUGame, label: str) -> list[Row]:
    return [Row(_unit(game.n, i), ">=", game.v(1 << i), f"{label}: x[{p}] >= v({p}) = {_num(game.v(1 << i))}")
            for i, p in enumerate(game.players)]


def nonneg_rows(players, label: str = "nonnegative") -> list[Row]:
    n = len(players)
    return [Row(_unit(n, i), ">=", Fraction(0), f"{label}: x[{p}] >= 0") for i, p in enumerate(players)]


def coalition_family(game: TUGame, shift: Fraction, label: str) -> Family:
    """x(S) ≥ v(S) − shift for every proper non-empty S (lazy)."""
    n = game.n
    full = (1 << n) - 1
    rhs: list[Fraction | None] = [None] * (1 << n)
    vals = game.values
    if shift == 0:
        rhs[1:full] = vals[1:full]
    else:
        for m in range(1, full):
            rhs[m] = vals[m] - shift
    return Family(rhs, {}, label)


def least_core_epsilon(game: TUGame, method: str = "auto") -> Fraction:
    """ε* = min ε with x(N) = v(N), x(S) + ε ≥ v(S) for all S ≠ ∅, N — by lazy
    constraint generation (exact; no 2^n-row LP)."""
    from .engine import Problem, convex_optimum

    n = game.n
    if n < 2:
        raise UnsupportedError("the least core needs at least 2 players")
    fam = coalition_family(game, Fraction(0), "least core LP")
    fam.aux = {n: Fraction(1)}
    row = Row(_ones(n) + (Fraction(0),), "=", game.v(game.grand), "efficient")
    prob = Problem(n, n + 1, game.players, [Group("least core LP", [row], [fam], region=True)])
    out = convex_optimum(prob, [Fraction(0)] * n + [Fraction(1)], maximize=False, method=method)
    if out.status != "optimal":
        raise InputError(f"the least-core LP is {out.status}")
    return out.value


def tu_region(game: TUGame, name: str, args: tuple, col: int = 0) -> Group:
    """The group of a named TU region (see the module docstring)."""
    game.require_exact("a query")
    n = game.n
    P = game.players
    where = f"column {col}: " if col else ""

    def noargs():
        if args:
            raise InputError(f"{where}region {name!r} takes no arguments")

    label = name if not args else f"{name}({', '.join(_num(a) if isinstance(a, Fraction) else a for a in args)})"
    if name == "efficient":
        noargs()
        return Group(label, [efficient_row(game, label)], region=True)
    if name in ("individually_rational", "ir"):
        noargs()
        return Group(label, ir_rows(game, label), region=True)
    if name == "nonnegative":
        noargs()
        return Group(label, nonneg_rows(P, label), region=True)
    if name == "imputation":
        noargs()
        return Group(label, [efficient_row(game, label)] + ir_rows(game, label), region=True)
    if name == "core":
        noargs()
        return Group(label, [efficient_row(game, label)], [coalition_family(game, Fraction(0), label)], region=True)
    if name == "eps_core":
        if len(args) != 1 or not isinstance(args[0], Fraction):
            raise InputError(f"{where}eps_core takes one number, e.g. eps_core(1/10)")
        return Group(label, [efficient_row(game, label)], [coalition_family(game, args[0], label)], region=True)
    if name == "least_core":
        noargs()
        if n < 2:
            raise UnsupportedError(f"{where}the least core needs at least 2 players")
        from ..concepts.tu.core import least_core

        eps = least_core(game).epsilon  # exact (constraint generation with a certificate)
        lab = f"least_core (eps* = {_num(eps)})"
        g = Group(label, [efficient_row(game, lab)], [coalition_family(game, eps, lab)], region=True)
        g.source = f"eps* = {_num(eps)}"
        return g
    if name == "tightened":
        return _tightened(game, args, where, label)
    if name in ("unblocked", "unblocked_efficient"):
        noargs()
        return _unblocked_tu(game, name == "unblocked_efficient", label)
    raise InputError(f"{where}unknown region {name!r}; TU regions are {', '.join(TU_REGIONS)}")


def _tightened(game: TUGame, args: tuple, where: str, label: str) -> Group:
    """Tick's S(K) after k iterations of Figure 1 (exact mode): x(N) = v(N),
    x(S) ≥ γ(v(S), K_S), X_i ≥ 0 (Tick 1995, §2, §5)."""
    from ..concepts.tu.tightening import FAMILIES, Gamma, template_order, tighten

    fam = "relative"
    k: int | None = None
    rest = list(args)
    if rest and isinstance(rest[0], Fraction):
        if rest[0].denominator != 1 or rest[0] < 1:
            raise InputError(f"{where}tightened takes an iteration count k >= 1, e.g. tightened(2) or tightened(2, absolute)")
        k = int(rest.pop(0))
    if rest:
        if len(rest) > 1 or rest[0] not in FAMILIES:
            raise InputError(f"{where}tightened([k][, family]): family is one of {', '.join(FAMILIES)}")
        fam = rest[0]
    res = tighten(game, Gamma(fam), mode="exact", iterations=k)
    if res.status == "inconsistent":
        raise InputError(f"{where}tightened: {res.explanation}")
    gamma = Gamma(fam)
    order = template_order(game.n)
    n = game.n
    rhs: list[Fraction | None] = [None] * (1 << n)
    for m, K in zip(order, res.K):
        rhs[m] = gamma.value(game.v(m), K)
    return Group(label, [efficient_row(game, label)] + nonneg_rows(game.players, label),
                 [Family(rhs, {}, label)], region=True,
                 source=f"{k if k is not None else 'all'} iteration(s), {fam} tightening")


def _unblocked_tu(game: TUGame, efficient: bool, label: str) -> Group:
    """U(N) of Ray & Vohra (2025) for a TU game with equal weights: F(N) = {x ≥ 0,
    x(N) ≤ v(N)}; threats ψ(T) for T ⊂ N (Theorem 2: same set as the recursion)."""
    from ..concepts.bargaining.nash_tu import MAX_NAIVE_PLAYERS, coalition_game, unconstrained_nash
    from ..model.bargaining import CoalitionalGame

    if game.n > MAX_NAIVE_PLAYERS:
        raise UnsupportedError(f"unblocked: at most {MAX_NAIVE_PLAYERS} players")
    cg = CoalitionalGame.from_tu(game)
    psi = {T: unconstrained_nash(cg, T) for T in range(1, cg.grand)}
    G = coalition_game(cg, cg.grand, psi)
    return _unblocked_group(G, efficient, label)


def _unblocked_group(G: BargainingGame, efficient: bool, label: str) -> Group:
    n = G.n
    P = G.players
    rows: list[Row] = []
    disj: list[Disjunction] = []
    rows += _feasible_rows(G, label)[0]
    fin = _feasible_rows(G, label)[1]
    if fin is not None:
        disj.append(fin)
    rows += [Row(_unit(n, i), ">=", d, f"{label}: x[{p}] >= d[{p}] = {_num(d)}") for i, (p, d) in enumerate(zip(P, G.disagreement))]
    if efficient:
        if not isinstance(G.feasible, TUSet):
            raise UnsupportedError("the efficient part is defined here for TU feasible sets only")
        rows.append(Row(_ones(n), "=", G.feasible.worth, f"{label}: x(N) = {_num(G.feasible.worth)}"))
    for t in G.threats:
        S = members(t.coalition)
        opts = [[Row(_unit(n, i), ">=", y, f"x[{P[i]}] >= {_num(y)}")] for i, y in zip(S, t.point)]
        ytxt = ", ".join(_num(y) for y in t.point)
        disj.append(Disjunction(opts, f"{label}: not blocked by ({' '.join(P[i] for i in S)}; {ytxt})"))
    return Group(label, rows, [], disj, region=True)


def _feasible_rows(G: BargainingGame, label: str) -> tuple[list[Row], Disjunction | None]:
    n = G.n
    if isinstance(G.feasible, TUSet):
        rows = nonneg_rows(G.players, label)
        rows.append(Row(_ones(n), "<=", G.feasible.worth, f"{label}: x(N) <= {_num(G.feasible.worth)}"))
        return rows, None
    opts = [[Row(_unit(n, i), "=", v, "") for i, v in enumerate(p)] for p in G.feasible.points]
    return [], Disjunction(opts, f"{label}: x is one of the {len(opts)} feasible points")


def bargaining_region(G: BargainingGame, name: str, args: tuple, col: int = 0) -> Group:
    where = f"column {col}: " if col else ""
    if args:
        raise InputError(f"{where}region {name!r} takes no arguments")
    n = G.n
    if name == "feasible":
        rows, d = _feasible_rows(G, name)
        return Group(name, rows, [], [d] if d else [], region=True)
    if name in ("unblocked", "unblocked_efficient"):
        return _unblocked_group(G, name == "unblocked_efficient", name)
    if name in ("individually_rational", "ir"):
        return Group(name, [Row(_unit(n, i), ">=", d, f"{name}: x[{p}] >= {_num(d)}")
                            for i, (p, d) in enumerate(zip(G.players, G.disagreement))], region=True)
    if name == "nonnegative":
        return Group(name, nonneg_rows(G.players, name), region=True)
    if name == "efficient":
        if not isinstance(G.feasible, TUSet):
            raise UnsupportedError(f"{where}'efficient' is defined for TU feasible sets only (this F is finite)")
        return Group(name, [Row(_ones(n), "=", G.feasible.worth, f"efficient: x(N) = {_num(G.feasible.worth)}")],
                     region=True)
    if name in TU_REGIONS:
        raise UnsupportedError(f"{where}region {name!r} needs a TU game; this is a bargaining game "
                               f"(regions: {', '.join(BARGAINING_REGIONS)})")
    raise InputError(f"{where}unknown region {name!r}; regions of a bargaining game are {', '.join(BARGAINING_REGIONS)}")
