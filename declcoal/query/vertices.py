"""Exact vertex enumeration of a small polyhedron {z : rows} in Fractions.

Method (bases): eliminate the equalities (z = z0 + B t over a basis of their null
space, exact Gauss–Jordan), turn every inequality into g·t ≤ h, drop duplicates and —
when many rows remain — the rows an exact LP proves redundant, then try every set of d
rows (d = dimension): a non-singular set whose solution satisfies every row is a
vertex. Exponential in d, meant for small n (the core of a 6-player game at most);
:data:`MAX_BASES` guards the count.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import comb

from .. import progress
from ..errors import UnsupportedError
from ..solvers import lp as lpmod
from .conflict import deletion_filter
from .ir import Row

MAX_BASES = 3_000_000
#: bases screened per numpy batch (float64 solves; survivors are confirmed exactly)
BATCH = 20_000


def _rref(rows: list[list[Fraction]], ncols: int):
    """Reduced row echelon form of [A | b] (b in the last column); returns (rows, pivots)
    or None if inconsistent."""
    M = [list(r) for r in rows]
    piv = []
    r = 0
    for c in range(ncols):
        p = next((i for i in range(r, len(M)) if M[i][c] != 0), None)
        if p is None:
            continue
        M[r], M[p] = M[p], M[r]
        f = M[r][c]
        M[r] = [v / f for v in M[r]]
        for i in range(len(M)):
            if i != r and M[i][c] != 0:
                g = M[i][c]
                M[i] = [a - g * b for a, b in zip(M[i], M[r])]
        piv.append(c)
        r += 1
    for i in range(r, len(M)):
        if M[i][ncols] != 0:
            return None
    return M[:r], piv


def affine_hull(eqs: list[Row], nvars: int):
    """z = z0 + B t for the solutions of the equality rows, or None if inconsistent."""
    res = _rref([list(r.a) + [r.b] for r in eqs], nvars)
    if res is None:
        return None
    M, piv = res
    free = [c for c in range(nvars) if c not in piv]
    z0 = [Fraction(0)] * nvars
    for row, c in zip(M, piv):
        z0[c] = row[nvars]
    B = []  # columns: one per free variable
    for f in free:
        col = [Fraction(0)] * nvars
        col[f] = Fraction(1)
        for row, c in zip(M, piv):
            col[c] = -row[f]
        B.append(col)
    return z0, B


def _solve(A: list[list[Fraction]], b: list[Fraction]):
    return lpmod._solve_square(A, b)


def enumerate_vertices(rows: list[Row], nvars: int, method: str = "auto") -> tuple[list[list[Fraction]], bool] | None:
    """Vertices of the closure of {z : rows} (strict rows made non-strict), sorted;
    and whether the polyhedron is bounded. None if it is empty."""
    closed = [r.closed() for r in rows]
    eqs = [r for r in closed if r.op == "="]
    ineq = [r for r in closed if r.op != "="]
    aff = affine_hull(eqs, nvars)
    if aff is None:
        return None
    z0, B = aff
    d = len(B)
    # g·t <= h in the reduced coordinates
    G: list[tuple[tuple[Fraction, ...], Fraction]] = []
    seen = set()
    for r in ineq:
        sign = 1 if r.op == "<=" else -1
        g = tuple(sign * sum((a * col[i] for i, a in enumerate(r.a) if a), Fraction(0)) for col in B)
        h = sign * (r.b - sum((a * z for a, z in zip(r.a, z0) if a), Fraction(0)))
        if all(x == 0 for x in g):
            if h < 0:
                return None
            continue
        scale = next(abs(x) for x in g if x != 0)
        key = (tuple(x / scale for x in g), h / scale)
        if key in seen:
            continue
        seen.add(key)
        G.append(key)
    lift = lambda t: [z0[i] + sum((t[k] * B[k][i] for k in range(d)), Fraction(0)) for i in range(nvars)]  # noqa: E731
    lp = _reduced_lp(G, d)
    if lpmod.feasible_point(lp, method) is None:
        return None
    bounded = _bounded(G, d, method)
    if d == 0:
        return [z0], True
    if comb(len(G), d) > 5000:
        G = _irredundant(G, d, method)
    if comb(len(G), d) > MAX_BASES:
        raise UnsupportedError(f"vertices: {len(G)} facets in dimension {d} give {comb(len(G), d):,} candidate bases; "
                               f"vertex enumeration is for small games (at most {MAX_BASES:,} bases)")
    pts = set()
    near: dict = {}  # rounded float point -> exact vertices found there
    with progress.task("candidate bases", comb(len(G), d)) as task:
        found = _vertices_of(G, d, _candidate_bases(G, d, task), pts, near)
    out = sorted(tuple(lift(list(t))) for t in found)
    return [list(p) for p in out], bounded


def _vertices_of(G, d: int, bases, pts: set, near: dict) -> set:
    """The exactly feasible basic solutions among ``bases`` (added to ``pts``)."""
    for idx, key in bases:
        if key is not None and any(all(sum((a * x for a, x in zip(G[i][0], p)), Fraction(0)) == G[i][1] for i in idx)
                                   for p in near.get(key, ())):
            continue  # another basis of a vertex already found (degenerate vertex): exact check, no solve
        A = [list(G[i][0]) for i in idx]
        t = _solve(A, [G[i][1] for i in idx])
        if t is None:
            continue
        if all(sum((a * x for a, x in zip(g, t)), Fraction(0)) <= h for g, h in G):
            pts.add(tuple(t))
            if key is not None:
                near.setdefault(key, []).append(t)
    return pts


def _candidate_bases(G, d: int, task=None):
    """(basis, key) for the d-subsets of rows worth an exact solve (key: the rounded
    float point, None when ill-conditioned): a float64 screen (batched numpy
    solves) keeps the non-singular bases whose point satisfies every row within a
    tolerance, and every ill-conditioned one; the exact solve then decides. A vertex is
    never lost: its basis is either well-conditioned (the float point is close to the
    exact one, so it passes the tolerant test) or ill-conditioned (kept)."""
    import numpy as np

    Gf = np.array([[float(x) for x in g] for g, _ in G])
    hf = np.array([float(h) for _, h in G])
    scale = 1.0 + np.abs(hf).max() + np.abs(Gf).max()
    it = combinations(range(len(G)), d)
    while True:
        chunk = [c for _, c in zip(range(BATCH), it)]
        if not chunk:
            return
        if task is not None:
            task.advance(len(chunk))
        idx = np.array(chunk)
        A = Gf[idx]  # (k, d, d)
        b = hf[idx]
        # Hadamard: |det A| <= product of row norms; a tiny ratio means (near-)singular
        det = np.abs(np.linalg.det(A))
        bound = np.prod(np.linalg.norm(A, axis=2), axis=1)
        ratio = np.where(bound > 0, det / np.where(bound > 0, bound, 1.0), 0.0)
        ok = ratio > 1e-8
        keys: dict[int, tuple | None] = {int(k): None for k in np.nonzero(~ok & (ratio > 1e-14))[0]}
        if ok.any():
            t = np.linalg.solve(A[ok], b[ok][..., None])[..., 0]
            slack = t @ Gf.T - hf  # (k, m)
            tol = 1e-7 * scale * (1.0 + np.abs(t).max(axis=1, keepdims=True))
            pass_ = np.all(slack <= tol, axis=1)
            for j, k in enumerate(np.nonzero(ok)[0]):
                if pass_[j]:
                    keys[int(k)] = tuple(np.round(t[j] / scale, 7))
        for k in sorted(keys):
            yield chunk[k], keys[k]


def _reduced_lp(G, d: int) -> lpmod.LP:
    lp = lpmod.LP(max(d, 1))
    for g, h in G:
        lp.add(list(g) if d else [0], "<=", h)
    return lp


def _bounded(G, d: int, method: str) -> bool:
    for k in range(d):
        for sense in (True, False):
            lp = _reduced_lp(G, d)
            c = [Fraction(0)] * d
            c[k] = Fraction(1)
            lp.objective(c, maximize=sense)
            if lpmod.solve(lp, method).status == lpmod.UNBOUNDED:
                return False
    return True


def _irredundant(G, d: int, method: str):
    """Drop rows implied by the others (max g·t over the others <= h)."""

    def implied(row, others) -> bool:  # max g·t over the others <= h
        g, h = row
        lp = _reduced_lp(others, d)
        lp.objective(list(g), maximize=True)
        sol = lpmod.solve(lp, method)
        return sol.status == lpmod.OPTIMAL and sol.value <= h

    return deletion_filter(G, implied, "redundancy LPs")
