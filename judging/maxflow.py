"""Maximum flow (Dinic) and feasible flows with lower bounds on edges.

Small and dependency-free on purpose: the judge assignment builds networks of a few hundred
nodes (groups of interchangeable entries × judges), where a pure-Python Dinic answers in
milliseconds. `judging.balancing` is the only caller.
"""

from collections import deque

INFINITY = float("inf")


class MaxFlow:
    """A directed network with integer capacities; edges are addressed by the handle `add_edge` returns."""

    def __init__(self, node_count):
        self.node_count = node_count
        # graph[u] is a list of edges [to, residual capacity, index of the reverse edge in graph[to]].
        self.graph = [[] for _ in range(node_count)]
        self._capacity = []  # original capacity per handle

    def add_edge(self, u, v, capacity):
        if capacity < 0:
            raise ValueError("capacity must not be negative")
        forward = [v, capacity, len(self.graph[v])]
        backward = [u, 0, len(self.graph[u])]
        self.graph[u].append(forward)
        self.graph[v].append(backward)
        handle = (u, len(self.graph[u]) - 1)
        self._capacity.append(capacity)
        return handle

    def flow_on(self, handle):
        """The flow an edge carries: its capacity used (the reverse edge's residual)."""
        u, index = handle
        to, _residual, reverse = self.graph[u][index]
        return self.graph[to][reverse][1]

    def _levels(self, source, sink):
        level = [-1] * self.node_count
        level[source] = 0
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for to, residual, _rev in self.graph[u]:
                if residual > 0 and level[to] < 0:
                    level[to] = level[u] + 1
                    queue.append(to)
        return level if level[sink] >= 0 else None

    def max_flow(self, source, sink):
        """Push as much flow as possible from `source` to `sink`; returns the amount added."""
        total = 0
        while (level := self._levels(source, sink)) is not None:
            pointer = [0] * self.node_count
            while True:
                pushed = self._augment(source, sink, level, pointer)
                if not pushed:
                    break
                total += pushed
        return total

    def _augment(self, source, sink, level, pointer):
        # Iterative depth-first search along the level graph: recursion depth would grow with
        # the path length, and Python's stack is small.
        path = []  # (node, edge index) taken so far
        u = source
        while True:
            if u == sink:
                pushed = min(self.graph[node][index][1] for node, index in path)
                for node, index in path:
                    edge = self.graph[node][index]
                    edge[1] -= pushed
                    self.graph[edge[0]][edge[2]][1] += pushed
                return pushed
            edges = self.graph[u]
            while pointer[u] < len(edges):
                to, residual, _rev = edges[pointer[u]]
                if residual > 0 and level[to] == level[u] + 1:
                    break
                pointer[u] += 1
            if pointer[u] < len(edges):
                path.append((u, pointer[u]))
                u = edges[pointer[u]][0]
                continue
            # Dead end: retreat and skip the edge that led here.
            if not path:
                return 0
            level[u] = -1
            u, _index = path.pop()
            pointer[u] += 1

    def reachable(self, source):
        """Nodes reachable from `source` through edges with residual capacity (the source side of a minimum cut)."""
        seen = {source}
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for to, residual, _rev in self.graph[u]:
                if residual > 0 and to not in seen:
                    seen.add(to)
                    queue.append(to)
        return seen


def bounded_flow(node_count, source, sink, edges):
    """A flow from `source` to `sink` in which every edge (u, v, low, high) carries between low and high.

    Returns the flow of each edge, in the order given, or None when no such flow exists. Uses
    the classic reduction to a maximum flow: every lower bound becomes a demand that a super
    source and a super sink must be able to satisfy, with an unbounded edge sink → source.
    """
    network = MaxFlow(node_count + 2)
    super_source, super_sink = node_count, node_count + 1
    balance = [0] * node_count
    handles = []
    for u, v, low, high in edges:
        if low > high:
            return None
        handles.append(network.add_edge(u, v, high - low))
        balance[v] += low
        balance[u] -= low
    network.add_edge(sink, source, sum(high for _u, _v, _low, high in edges) + 1)
    required = 0
    for node, amount in enumerate(balance):
        if amount > 0:
            network.add_edge(super_source, node, amount)
            required += amount
        elif amount < 0:
            network.add_edge(node, super_sink, -amount)
    if network.max_flow(super_source, super_sink) != required:
        return None
    return [low + network.flow_on(handle) for handle, (_u, _v, low, _high) in zip(handles, edges, strict=True)]
