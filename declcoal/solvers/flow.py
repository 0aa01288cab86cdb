"""Max-flow for the preferred contribution vector (Dunne et al. 2010, Prop. 12, App. B).

The network of Fig. 2/Fig. 4 for a goal set G' and candidate coalition C':

* source ``s`` → agent ``i`` with capacity ``max c(i)`` (the most i may pay and still
  strictly prefer the new structure),
* agent ``i`` → resource ``r`` for ``r ∈ res(G')`` with ``en(i, r) > 0``, capacity ``en(i, r)``,
* resource ``r`` → sink ``t`` with capacity ``req(G', r)``.

A preferred contribution vector exists iff the maximum flow equals ``req(G')``; then
``ξ_{i,r}`` is the flow on ``(i, r)``. Capacities are integers, so the flow returned by
networkx's augmenting-path/preflow algorithms is integral (integrality theorem; the
paper cites Edmonds–Karp, which is ``algorithm="edmonds_karp"``).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx
from networkx.algorithms import flow as nxflow

from ..errors import InputError
from ..model.coalition import members
from ..model.crg import CRG, Coop

ALGORITHMS = {
    "edmonds_karp": nxflow.edmonds_karp,
    "preflow_push": nxflow.preflow_push,
    "shortest_augmenting_path": nxflow.shortest_augmenting_path,
    "dinitz": nxflow.dinitz,
    "boykov_kolmogorov": nxflow.boykov_kolmogorov,
}


@dataclass
class FlowNetwork:
    """The network G_f with the maximum flow found (for display and checking Fig. 3)."""

    goals: int
    coalition: int
    value: int
    required: int
    edges: list[tuple[str, str, int, int]] = field(default_factory=list)  # (u, v, capacity, flow)

    @property
    def saturating(self) -> bool:
        return self.value == self.required


def build_network(game: CRG, goals: int, maxc: Mapping[int, int]) -> nx.DiGraph:
    """G_f = (V, E) of App. B for goal set ``goals`` and agents ``maxc`` (i -> max c(i))."""
    g = nx.DiGraph()
    g.add_node("s")
    g.add_node("t")
    res = [r for r in range(game.t) if game.req_of(goals, r) > 0]
    for i, cap in maxc.items():
        a = game.agents[i]
        g.add_edge("s", a, capacity=max(0, int(cap)))
        for r in res:
            if game.en[i][r] > 0:
                g.add_edge(a, game.resources[r], capacity=game.en[i][r])
    for r in res:
        g.add_edge(game.resources[r], "t", capacity=game.req_of(goals, r))
    return g


SCIPY = {"scipy_dinic": "dinic", "scipy_edmonds_karp": "edmonds_karp"}


def _scipy_flow(game: CRG, goals: int, maxc: Mapping[int, int], method: str):
    """The same network as :func:`build_network`, solved by scipy's compiled max-flow
    (``scipy.sparse.csgraph.maximum_flow``, int32 capacities, exact integer flows)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_flow

    agents = list(maxc)
    res = [r for r in range(game.t) if game.req_of(goals, r) > 0]
    k = len(agents)
    t = k + len(res) + 1
    rows, cols, caps, names = [], [], [], []
    for a, i in enumerate(agents, start=1):
        rows.append(0), cols.append(a), caps.append(max(0, int(maxc[i])))
        names.append(("s", game.agents[i]))
        for b, r in enumerate(res, start=k + 1):
            if game.en[i][r] > 0:
                rows.append(a), cols.append(b), caps.append(game.en[i][r])
                names.append((game.agents[i], game.resources[r]))
    for b, r in enumerate(res, start=k + 1):
        rows.append(b), cols.append(t), caps.append(game.req_of(goals, r))
        names.append((game.resources[r], "t"))
    if caps and max(caps) > 2**31 - 1:
        raise InputError("capacities beyond 2^31-1: use a networkx max-flow algorithm")
    m = csr_matrix((np.array(caps, dtype=np.int32), (rows, cols)), shape=(t + 1, t + 1))
    out = maximum_flow(m, 0, t, method=method)
    flow = out.flow.tocsr()
    vals = np.asarray(flow[np.array(rows), np.array(cols)]).ravel().tolist()  # one vectorised lookup
    edges = [(u, v, c, int(f)) for (u, v), c, f in zip(names, caps, vals)]
    return int(out.flow_value), edges


def preferred_contribution_vector(
    game: CRG, goals: int, maxc: Mapping[int, int], *, algorithm: str = "preflow_push"
) -> tuple[Coop | None, FlowNetwork]:
    """Fig. 4: ξ with c_i(ξ) <= max c(i) for all i and Σ_i ξ_{i,r} = req(G', r), or None.

    ``algorithm``: a networkx flow function (``preflow_push``, ``edmonds_karp``, ...) or
    ``scipy_dinic`` / ``scipy_edmonds_karp`` (compiled, the fast path for large games; a
    network whose numbers exceed scipy's int32 is solved by networkx's preflow-push)."""
    if algorithm in SCIPY and not _fits_int32(game, goals, maxc):
        algorithm = "preflow_push"  # scipy's max-flow counts in int32: exact only below 2^31
    if algorithm in SCIPY:
        coalition = sum(1 << i for i in maxc)
        required = game.req_total(goals)
        value, edges = _scipy_flow(game, goals, maxc, SCIPY[algorithm]) if required else (0, [])
        net = FlowNetwork(goals, coalition, value, required, edges)
        if value < required:
            return None, net
        rows = [[0] * game.t for _ in range(game.n)]
        ai = {a: i for i, a in enumerate(game.agents)}
        ri = {r: k for k, r in enumerate(game.resources)}
        for u, v, _, f in edges:
            if u in ai and v in ri and f:
                rows[ai[u]][ri[v]] = f
        return Coop(coalition, goals, tuple(map(tuple, rows))), net
    if algorithm not in ALGORITHMS:
        raise InputError(f"unknown max-flow algorithm {algorithm!r} (use {', '.join([*ALGORITHMS, *SCIPY])})")
    coalition = 0
    for i in maxc:
        coalition |= 1 << i
    required = game.req_total(goals)
    g = build_network(game, goals, maxc)
    if required == 0:
        value, flows = 0, {u: {} for u in g}
    else:
        value, flows = nx.maximum_flow(g, "s", "t", flow_func=ALGORITHMS[algorithm])
    value = int(value)
    edges = [(u, v, int(d["capacity"]), int(flows[u].get(v, 0))) for u, v, d in g.edges(data=True)]
    net = FlowNetwork(goals, coalition, value, required, edges)
    if value < required:
        return None, net
    rows = [[0] * game.t for _ in range(game.n)]
    rindex = {r: k for k, r in enumerate(game.resources)}
    for i in maxc:
        a = game.agents[i]
        for v, f in flows.get(a, {}).items():
            if v in rindex and f:
                rows[i][rindex[v]] = int(f)
    return Coop(coalition, goals, tuple(map(tuple, rows))), net


def _fits_int32(game: CRG, goals: int, maxc: Mapping[int, int]) -> bool:
    """Every capacity and the flow value (at most req(G')) of G_f fit scipy's int32."""
    lim = 2**31 - 1
    return (game.req_total(goals) <= lim and max(maxc.values(), default=0) <= lim
            and all(game.en[i][r] <= lim for i in maxc for r in range(game.t)))


def quick_infeasible(game: CRG, goals: int, maxc: Mapping[int, int]) -> bool:
    """Cheap necessary conditions before a max-flow: per resource the candidates own
    enough, and together they may pay enough (cuts {s} and {t} of G_f)."""
    if sum(max(0, c) for c in maxc.values()) < game.req_total(goals):
        return True
    for r in range(game.t):
        need = game.req_of(goals, r)
        if need and sum(game.en[i][r] for i in maxc) < need:
            return True
    return False


__all__ = ["ALGORITHMS", "FlowNetwork", "build_network", "preferred_contribution_vector", "quick_infeasible", "members"]
