"""The constraint model a TU query compiles to (exact rationals throughout).

A query's constraints become *groups*; each group is one constraint the user can
name (a comparison they typed, or a region such as ``core``) and holds:

* ``rows``: explicit linear rows ``a·z (op) b`` with op in ``<=, >=, =, <, >``;
* ``families``: coalition rows ``x(S) + Σ aux ≥ rhs(S)`` for many S at once, kept
  *lazy*: the solver adds a row only when the current point violates it
  (separation), so a 12-player core is never asserted as 4,095 rows up front;
* ``disjunctions``: ``OR`` of conjunctions of rows (the Ray–Vohra unblocked set,
  a user's ``or``): these make the region non-convex and send it to Z3.

Variables ``z`` are the n allocation shares x_i, followed by auxiliary columns
(e.g. the ε of a least-core computation).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

OPS = ("<=", ">=", "=", "<", ">")
FLIP = {"<=": ">=", ">=": "<=", "=": "=", "<": ">", ">": "<"}


@dataclass(frozen=True)
class Row:
    """``a·z (op) b`` with an explanation label (``x(A B) >= 59``)."""

    a: tuple[Fraction, ...]
    op: str
    b: Fraction
    label: str = ""

    @property
    def strict(self) -> bool:
        return self.op in ("<", ">")

    def lhs(self, z) -> Fraction:
        return sum((c * v for c, v in zip(self.a, z) if c), Fraction(0))

    def holds(self, z) -> bool:
        s = self.lhs(z)
        return {"<=": s <= self.b, ">=": s >= self.b, "=": s == self.b, "<": s < self.b, ">": s > self.b}[self.op]

    def violation(self, z) -> Fraction:
        """How far z is from satisfying the row (0 when it holds non-strictly)."""
        s = self.lhs(z)
        if self.op in (">=", ">"):
            return max(Fraction(0), self.b - s)
        if self.op in ("<=", "<"):
            return max(Fraction(0), s - self.b)
        return abs(s - self.b)

    def closed(self) -> "Row":
        """The row with a strict inequality made non-strict (the closure)."""
        return Row(self.a, {"<": "<=", ">": ">="}.get(self.op, self.op), self.b, self.label)


@dataclass
class Family:
    """Lazy coalition rows ``x(S) + Σ_c aux[c]·z_c ≥ rhs[S]`` for every mask S with
    ``rhs[S] is not None`` (rhs indexed by bitmask, length 2^n)."""

    rhs: list[Fraction | None]
    aux: dict[int, Fraction] = field(default_factory=dict)
    label: str = ""  # e.g. "core" — rows are labelled "core: x(A B) >= 59"

    def masks(self):
        return [m for m, r in enumerate(self.rhs) if r is not None]

    def row(self, mask: int, nvars: int, players) -> Row:
        a = [Fraction(0)] * nvars
        i, m = 0, mask
        while m:
            if m & 1:
                a[i] = Fraction(1)
            m >>= 1
            i += 1
        for c, w in self.aux.items():
            a[c] += w
        names = " ".join(p for k, p in enumerate(players) if mask >> k & 1)
        return Row(tuple(a), ">=", self.rhs[mask], f"{self.label}: x({names}) >= {_num(self.rhs[mask])}"
                   if not self.aux else f"{self.label}: x({names}) + eps >= {_num(self.rhs[mask])}")


@dataclass
class Disjunction:
    """OR of options; each option a conjunction of rows."""

    options: list[list[Row]]
    label: str = ""


@dataclass
class Group:
    """One named constraint of a query (what an unsat core reports)."""

    name: str
    rows: list[Row] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    disjunctions: list[Disjunction] = field(default_factory=list)
    source: str = ""  # the text the user typed, if any
    region: bool = False  # a game region (explained row by row) rather than a user constraint

    @property
    def convex(self) -> bool:
        return not self.disjunctions


def _num(q: Fraction) -> str:
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def subset_sums(x: list[Fraction], n: int) -> list[Fraction]:
    """x(S) for every bitmask S (2^n values, one addition each)."""
    den = 1
    for v in x[:n]:
        den = den * v.denominator // _gcd(den, v.denominator)
    ints = [int(v * den) for v in x[:n]]
    sums = [0] * (1 << n)
    for m in range(1, 1 << n):
        low = m & -m
        sums[m] = sums[m ^ low] + ints[low.bit_length() - 1]
    return [Fraction(s, den) for s in sums] if den != 1 else [Fraction(s) for s in sums]


def _gcd(a: int, b: int) -> int:
    import math

    return math.gcd(a, b)


def _int_rhs(family: Family) -> tuple[int, list[int | None]]:
    """The family's right-hand sides over one common denominator (cached)."""
    cache = getattr(family, "_ints", None)
    if cache is None:
        den = 1
        for r in family.rhs:
            if r is not None and r.denominator != 1:
                den = den * r.denominator // _gcd(den, r.denominator)
        cache = (den, [None if r is None else (r.numerator * (den // r.denominator)) for r in family.rhs])
        family._ints = cache  # type: ignore[attr-defined]
    return cache


def separate(family: Family, z: list[Fraction], n: int, limit: int = 0) -> list[tuple[Fraction, int]]:
    """Violated rows of a family at z: ``[(violation, mask)]``, most violated first
    (all of them when ``limit`` is 0). Exact: integer subset sums over a common
    denominator."""
    shift = sum((w * z[c] for c, w in family.aux.items()), Fraction(0))
    dx = 1
    for v in list(z[:n]) + [shift]:
        dx = dx * v.denominator // _gcd(dx, v.denominator)
    dr, rhs = _int_rhs(family)
    L = dx * dr // _gcd(dx, dr)
    fx, fr = L // dx, L // dr
    ints = [int(v * dx) * fx for v in z[:n]]
    sh = int(shift * dx) * fx
    sums = [0] * (1 << n)
    for m in range(1, 1 << n):
        low = m & -m
        sums[m] = sums[m ^ low] + ints[low.bit_length() - 1]
    out = []
    for m, r in enumerate(rhs):
        if r is not None:
            gap = r * fr - sums[m] - sh
            if gap > 0:
                out.append((gap, m))
    out.sort(key=lambda t: (-t[0], t[1]))
    if limit:
        out = out[:limit]
    return [(Fraction(g, L), m) for g, m in out]
