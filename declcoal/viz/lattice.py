"""The lattice of coalition structures with their viability (Ray & Vohra 2025, §3.2).

One node per structure, the grand coalition at the top and the finest structure at the
bottom (rows = number of blocks); thin grey lines join a structure to the structures
obtained by splitting one of its blocks (the refinement order). Viable structures are
green, non-viable ones red; the coarsest viable structures — the theory's prediction —
have a thick gold ring. A red arrow runs from a non-viable structure π to the structure
π^T that a breakaway T ⊂ S ∈ π induces, for every breakaway whose threat belongs to the
minimal conflict that empties S's unblocked set ("the breakaways that kill π").
"""
from __future__ import annotations

import io
from collections import defaultdict

from ..errors import InputError, UnsupportedError
from ..io.atomic import write_atomic
from ..model.partition import split
from . import pyplot

#: pictures are drawn up to this many players (Bell(6) = 203 nodes)
MAX_PLOT_PLAYERS = 6


def layout(result) -> dict:
    """Node positions: y = number of blocks (coarse on top), x spread evenly per row."""
    rows = defaultdict(list)
    for pi in result.reports:
        rows[len(pi)].append(pi)
    pos = {}
    for k, items in rows.items():
        items.sort()
        m = len(items)
        for j, pi in enumerate(items):
            pos[pi] = ((j + 0.5) / m, -k)
    return pos


def plot_lattice(result, path: str, title: str | None = None) -> int:
    """Draw the structure lattice of a :class:`ViabilityResult` to a PNG; returns the
    number of killing arrows drawn."""
    g = result.game
    if g.n > MAX_PLOT_PLAYERS:
        raise UnsupportedError(f"{g.n} players: the lattice picture is drawn up to {MAX_PLOT_PLAYERS} players "
                               f"(Bell({g.n}) structures would not be readable)")
    if not str(path).lower().endswith(".png"):
        raise InputError(f"the picture is written as PNG: give a file name ending in .png, not {path!r}")
    from ..concepts.bargaining.viable import lower_covers

    plt = pyplot()
    pos = layout(result)
    widest = max(sum(1 for p in pos if len(p) == k) for k in range(1, g.n + 1))
    width = max(6.0, min(1.25 * widest, 22.0))
    fig, ax = plt.subplots(figsize=(width, (1.6 if g.n <= 4 else 2.6) * g.n + 1.5))
    for pi in result.reports:
        for c in lower_covers(pi):
            if c in pos:
                (x0, y0), (x1, y1) = pos[pi], pos[c]
                ax.plot([x0, x1], [y0, y1], color="#cccccc", lw=0.8, zorder=1)
    arrows = 0
    for pi, rep in result.reports.items():
        if rep.viable:
            continue
        targets: dict = {}
        for S, T in result.killers(pi):
            targets.setdefault(split(pi, S, T), []).append(g.coalition(T))
        for tgt, names in targets.items():
            (x0, y0), (x1, y1) = pos[pi], pos[tgt]
            ax.annotate("", xy=(x1, y1 + 0.12), xytext=(x0, y0 - 0.12),
                        arrowprops=dict(arrowstyle="->", color="#c0392b", lw=1.4, alpha=0.8,
                                        connectionstyle="arc3,rad=0.12"), zorder=2)
            if g.n <= 4:
                ax.text(x0 + 0.55 * (x1 - x0), y0 + 0.55 * (y1 - y0), ",".join(names), color="#c0392b",
                        fontsize=7, ha="center", va="center", zorder=2,
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
            arrows += 1
    fs = 10 if g.n <= 4 else (6 if g.n == 5 else 4)
    for pi, (x, y) in pos.items():
        rep = result.reports[pi]
        face = "#d5f5e3" if rep.viable else "#fadbd8"
        edge = "#1e8449" if rep.viable else "#c0392b"
        lw = 1.2
        if pi in result.coarsest:
            edge, lw = "#d4ac0d", 3.0
        ax.text(x, y, g.label(pi), ha="center", va="center", fontsize=fs, zorder=3,
                bbox=dict(boxstyle="round,pad=0.3", fc=face, ec=edge, lw=lw))
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-g.n - 0.6, -0.4)
    ax.axis("off")
    from matplotlib.patches import Patch
    from matplotlib.lines import Line2D

    handles = [Patch(fc="#d5f5e3", ec="#1e8449", label="viable"), Patch(fc="#fadbd8", ec="#c0392b", label="not viable"),
               Patch(fc="white", ec="#d4ac0d", lw=3, label="coarsest viable (prediction)"),
               Line2D([0], [0], color="#c0392b", lw=1.4, label="breakaway that kills it (to π^T)")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=4, fontsize=8, frameon=False)
    ax.set_title(title or f"{g.name}: viable coalition structures (rows: number of blocks)", fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=120 if g.n <= 4 else 100, bbox_inches="tight")
    plt.close(fig)
    try:
        write_atomic(path, buf.getvalue())
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return arrows


__all__ = ["plot_lattice", "layout", "MAX_PLOT_PLAYERS"]
