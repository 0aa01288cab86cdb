"""The imputation simplex of a 3-player game with Tick's shrinking regions
(Tick 1995, Figures 5–6).

The plane x1 + x2 + x3 = v(N) is drawn as an equilateral triangle (the points with all
x_i ≥ 0, barycentric coordinates x_i / v(N)); each coalition constraint x(S) ≥ b is a
line in it. Drawn: the original constraint lines (dashed), the core (shaded), the
tightened region for a few common levels of K before the first fixing (Phase I of
iteration 1, nested outlines), the region left after each iteration (the tightened
constraints meet in a segment or a point), the Shapley value, the nucleolus and the
final tightened point.
"""
from __future__ import annotations

import io
import math
from fractions import Fraction

from ..errors import InputError, UnsupportedError
from ..io.atomic import write_atomic
from ..model.coalition import members
from ..model.tu import TUGame
from . import pyplot


def _to2d(x: tuple[float, float, float], V: float) -> tuple[float, float]:
    """Barycentric → plane: X at bottom left, Y at bottom right, Z on top."""
    a, b, c = (xi / V for xi in x)
    return (b + c / 2, c * math.sqrt(3) / 2)


def _clip(poly: list[tuple[float, float]], a: tuple[float, float], b: float) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: keep the part of poly (in x1, x2 coordinates) with a·p >= b."""
    out = []
    tol = 1e-9 * (1.0 + abs(b))  # degenerate regions (segments, points) survive rounding
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        fp = a[0] * p[0] + a[1] * p[1] - b
        fq = a[0] * q[0] + a[1] * q[1] - b
        if fp >= -tol:
            out.append(p)
        if (fp >= -tol) != (fq >= -tol) and fp != fq:
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def region(game: TUGame, bounds: dict[int, float]) -> list[tuple[float, float, float]]:
    """Vertices (x1, x2, x3) of {x : x(N) = v(N), x(S) >= bounds[S]} (float polygon)."""
    V = float(game.v(game.grand))
    big = 10 * (abs(V) + sum(abs(float(v)) for v in game.values)) + 1
    poly = [(-big, -big), (big * 3, -big), (-big, big * 3)]
    for m, b in bounds.items():
        # x(S) with x3 = V - x1 - x2
        mem = members(m)
        c1 = (1 if 0 in mem else 0) - (1 if 2 in mem else 0)
        c2 = (1 if 1 in mem else 0) - (1 if 2 in mem else 0)
        rhs = b - (V if 2 in mem else 0)
        poly = _clip(poly, (c1, c2), rhs)
        if not poly:
            return []
    return [(p[0], p[1], V - p[0] - p[1]) for p in poly]


def plot_simplex(game: TUGame, path: str, gamma: str = "relative", title: str | None = None) -> dict:
    """Draw the picture into ``path`` (PNG, written atomically). Returns what was drawn."""
    if game.n != 3:
        raise UnsupportedError(f"the simplex picture is for 3-player games; {game.name} has {game.n} players")
    if float(game.v(game.grand)) <= 0:
        raise UnsupportedError("the simplex picture needs v(N) > 0")
    from ..concepts.tu.shapley import shapley
    from ..concepts.tu.tightening import Gamma, template_order, tighten
    from ..concepts.tu.core import nucleolus

    plt = pyplot()
    V = float(game.v(game.grand))
    P = game.players
    order = template_order(3)
    fig, ax = plt.subplots(figsize=(7.5, 7))
    tri = [_to2d(x, V) for x in ((V, 0, 0), (0, V, 0), (0, 0, V))]
    ax.fill(*zip(*tri), facecolor="#f7f7f7", edgecolor="black", lw=1.2)
    for (x, y), name, off in zip(tri, P, ((-0.04, -0.04), (0.02, -0.04), (-0.01, 0.02))):
        ax.annotate(f"{name} = {game.v(game.grand)}", (x, y), xytext=(x + off[0], y + off[1]), fontsize=10)
    # original constraint lines
    for m in order:
        seg = region(game, {m: float(game.v(m)), **{1 << i: 0.0 for i in range(3)}})
        # draw the boundary line x(S) = v(S) inside the triangle
        pts = [p for p in seg if abs(sum(p[i] for i in members(m)) - float(game.v(m))) < 1e-7]
        if len(pts) >= 2:
            xy = [_to2d(p, V) for p in pts[:2]]
            ax.plot(*zip(*xy), ls="--", lw=0.8, color="#999999")
            mx, my = (xy[0][0] + xy[1][0]) / 2, (xy[0][1] + xy[1][1]) / 2
            ax.annotate(f"{game.label(m).replace(' ', '+')} ≥ {game.v(m)}", (mx, my), fontsize=7, color="#777777")
    drawn = {"core": False, "levels": [], "iterations": []}
    core = region(game, {m: float(game.v(m)) for m in order})
    if core:
        ax.fill(*zip(*[_to2d(p, V) for p in core]), facecolor="#cfe3f5", edgecolor="#1f5f9f", lw=1.5,
                label="core (K = 0)")
        drawn["core"] = True
    res = tighten(game, gamma, "exact")
    g = Gamma(gamma)
    if res.status == "inconsistent":
        ax.set_title(title or f"{game.name}: the core is empty (constraints inconsistent)")
    else:
        t1 = res.trace[0].level if res.trace else Fraction(0)
        colors = ["#7fb3d5", "#5499c7", "#2e86c1"]
        for k, s in enumerate((Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))):
            lev = t1 * s
            poly = region(game, {m: float(g.value(game.v(m), lev)) for m in order})
            if len(poly) >= 3:
                ax.fill(*zip(*[_to2d(p, V) for p in poly]), facecolor="none", edgecolor=colors[k], lw=1.2,
                        label=f"all K = {float(lev):.4g} (iteration 1, Phase I)")
                drawn["levels"].append(float(lev))
        cols = ["#e67e22", "#c0392b", "#8e44ad", "#16a085", "#2c3e50", "#d35400"]
        for it in res.trace:
            poly = region(game, {m: float(g.value(game.v(m), k)) for m, k in zip(order, it.K)})
            if not poly:
                continue
            xy = [_to2d(p, V) for p in poly]
            c = cols[(it.iteration - 1) % len(cols)]
            lab = f"after iteration {it.iteration} (K = {float(it.level):.4g}; fixed {', '.join('{' + f + '}' for f in it.newly_fixed)})"
            xs, ys = zip(*xy)
            span = max(max(xs) - min(xs), max(ys) - min(ys))
            if span < 1e-6:
                ax.plot([xs[0]], [ys[0]], marker="o", ms=5, color=c, label=lab)
            else:
                ax.plot([*xs, xs[0]], [*ys, ys[0]], lw=3, color=c, alpha=0.85, label=lab)
            drawn["iterations"].append(it.iteration)
        if res.allocation:
            p = _to2d(tuple(float(x) for x in res.allocation), V)
            ax.plot(*p, marker="*", ms=16, color="#c0392b", mec="black", lw=0,
                    label=f"{gamma} tightened point ({', '.join(f'{float(x):.3g}' for x in res.allocation)})")
    phi = shapley(game).values
    ax.plot(*_to2d(tuple(float(x) for x in phi), V), marker="s", ms=9, color="#27ae60", mec="black", lw=0,
            label=f"Shapley value ({', '.join(f'{float(x):.3g}' for x in phi)})")
    try:
        nu = nucleolus(game).point
        ax.plot(*_to2d(tuple(float(x) for x in nu), V), marker="D", ms=8, color="#f1c40f", mec="black", lw=0,
                label=f"nucleolus ({', '.join(f'{float(x):.3g}' for x in nu)})")
        drawn["nucleolus"] = [float(x) for x in nu]
    except InputError:
        pass
    # zoom on the core when it is small
    if core:
        pts = [_to2d(p, V) for p in core]
        xs, ys = zip(*pts)
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        half = max(max(xs) - min(xs), max(ys) - min(ys)) * 0.75 + 0.02
        ax.set_xlim(max(-0.08, cx - half), min(1.08, cx + half))
        ax.set_ylim(max(-0.08, cy - half), min(0.95, cy + half))
    else:
        ax.set_xlim(-0.08, 1.08)
        ax.set_ylim(-0.08, 0.95)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title or f"{game.name}: the plane {'+'.join(P)} = {game.v(game.grand)} ({gamma} tightening)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.01), fontsize=8, frameon=False, ncol=1)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120, bbox_inches="tight")
    plt.close(fig)
    if not str(path).lower().endswith(".png"):
        raise InputError(f"the picture is written as PNG: give a file name ending in .png, not {path!r}")
    try:
        write_atomic(path, buf.getvalue())
    except OSError as exc:  # unwritable folder (/proc, read-only mount, permissions): bad input, not a crash
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return drawn
