"""Who judges what: every entry gets exactly its missing judges, without conflicts, with even loads.

Named for what it computes: a balanced assignment of judges to entries. The verbs that read
the round, write the assignments and log them are `judging.services.assignment`; this module
is the solver they call, plain Python over plain data (no ORM), so that the services, the
benchmark and property tests drive the same code. The model:

* an entry needs `need` more judges (the round's number per entry minus the judges it keeps);
  the judges it may get are those allowed for its track, minus those in conflict with it and
  those it already has;
* a judge already carries `load` assignments in the round; the final load of every judge is
  kept within one of the panel's average, |load − avg| ≤ 1 where
  avg = (all kept assignments + all needed ones) / panel size — or, when the round sets a
  per-judge cap, at most the cap. Within those bounds the loads are made as even as the
  constraints allow: the largest load is minimised first, then the smallest maximised, so a
  perfectly balanced assignment (every load ⌊avg⌋ or ⌈avg⌉) is found whenever one exists.
  The slack of one either way is what lets a re-run after a recusal give the entry a new
  judge when every load was equal.

Entries with the same needs and the same possible judges are interchangeable, so they are
grouped: the network is source → group (exactly the group's need) → judge (at most one per
entry of the group) → sink (the judge's load bounds), solved as a flow with lower bounds.
A group's flow is then spread over its entries round-robin, which gives every entry exactly
its need from distinct judges (each judge's share of a group is at most the group's size).
The flow either exists — and the solver finds it — or it does not, and then a minimum cut
names the entries and judges that make it impossible.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from .maxflow import MaxFlow, bounded_flow

SAMPLE = 5  # entries or judges named in an explanation before "and N more"


@dataclass(frozen=True)
class EntryDemand:
    key: str  # the entry's code
    track: object
    need: int
    excluded: frozenset = frozenset()  # judges in conflict with the entry or already on it


@dataclass(frozen=True)
class JudgeSupply:
    key: object
    label: str
    tracks: frozenset | None = None  # None: every track
    load: int = 0  # assignments the judge keeps in this round

    def may_judge(self, track):
        return self.tracks is None or track in self.tracks


@dataclass
class Infeasible(Exception):
    """Why no assignment exists; `code` says which constraint, the rest names who is concerned."""

    code: str  # "entry_short", "overload", "overload_cap", "underload", "kept_overload", "no_panel"
    entries: list = field(default_factory=list)
    judges: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    def __str__(self):
        return f"{self.code}: entries={self.entries[:SAMPLE]} judges={self.judges[:SAMPLE]} {self.figures}"


@dataclass
class Solution:
    assignments: dict  # entry key -> list of new judge keys
    loads: dict  # judge key -> final load (kept + new)
    average: float
    cap: int | None


def floor_ceil_average(total, judges):
    low, remainder = divmod(total, judges)
    return low, low + (1 if remainder else 0)


def within_one_of_average(total, judges):
    """The integer loads at most one away from total / judges: [⌈avg − 1⌉, ⌊avg + 1⌋]."""
    floor_avg, ceil_avg = floor_ceil_average(total, judges)
    return ceil_avg - 1, floor_avg + 1


def solve(entries, judges, *, cap=None):
    """New judges for every entry of `entries`, or Infeasible saying why there are none.

    `entries` are EntryDemand, `judges` JudgeSupply (the whole panel); `cap` is the round's
    per-judge maximum or None for "within one of the average". Deterministic: the same input
    gives the same output, so a preview and the assignment applied after it agree.
    """
    entries = sorted((e for e in entries if e.need > 0), key=lambda e: e.key)
    judges = sorted(judges, key=lambda j: str(j.key))
    if not entries:
        return Solution(assignments={}, loads={j.key: j.load for j in judges}, average=0.0, cap=cap)
    if not judges:
        raise Infeasible("no_panel", entries=[e.key for e in entries])

    eligible = {}
    for entry in entries:
        possible = tuple(j.key for j in judges if j.may_judge(entry.track) and j.key not in entry.excluded)
        if len(possible) < entry.need:
            raise Infeasible(
                "entry_short",
                entries=[entry.key],
                judges=[j.label for j in judges if j.key in possible],
                figures={"need": entry.need, "possible": len(possible), "track": entry.track},
            )
        eligible[entry.key] = possible

    total = sum(j.load for j in judges) + sum(e.need for e in entries)
    floor_avg, ceil_avg = floor_ceil_average(total, len(judges))
    network = _Network(entries, judges, eligible)
    if cap is None:
        lower_limit, upper_limit = within_one_of_average(total, len(judges))
    else:
        lower_limit, upper_limit = 0, cap
    if overloaded := [j.label for j in judges if j.load > upper_limit]:
        # Kept assignments (set by hand) already exceed the bound: no new ones can fix that.
        raise Infeasible("kept_overload", judges=overloaded, figures={"maximum": upper_limit})
    if network.feasible(lower_limit, upper_limit) is None:
        _explain(network, lower_limit, upper_limit, total, "overload" if cap is None else "overload_cap")
    # As even as the bounds allow: the smallest maximum load first, then the largest minimum
    # under it. When a perfectly balanced assignment exists (⌊avg⌋..⌈avg⌉), this finds it.
    highest_kept = max(j.load for j in judges)
    upper = _smallest(lambda u: network.feasible(lower_limit, u) is not None, max(ceil_avg, highest_kept), upper_limit)
    lower = _largest(
        lambda lo: network.feasible(lo, upper) is not None, lower_limit, max(lower_limit, min(floor_avg, upper))
    )
    flows = network.feasible(lower, upper)
    return network.solution(flows, total / len(judges), cap)


def _smallest(ok, lo, hi):
    """The smallest value in [lo, hi] for which the monotone test `ok` holds (it holds at hi)."""
    lo = min(lo, hi)
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return hi


def _largest(ok, lo, hi):
    """The largest value in [lo, hi] for which the monotone test `ok` holds (it holds at lo)."""
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if ok(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _explain(network, lower_limit, upper_limit, total, overload_code):
    if network.feasible(0, upper_limit) is None:
        raise network.overload_explanation(upper_limit, overload_code, total)
    # Loads can stay at or under the maximum, but some judges cannot reach the minimum.
    reachable = network.reachable_counts()
    short = [j for j in network.judges if j.load + reachable[j.key] < lower_limit]
    if not short:
        best = _largest(lambda lo: network.feasible(lo, upper_limit) is not None, 0, lower_limit)
        loads = network.loads(network.feasible(best, upper_limit))
        short = [j for j in network.judges if loads[j.key] < lower_limit]
    raise Infeasible(
        "underload",
        judges=[j.label for j in short],
        figures={
            "minimum": lower_limit,
            "average": round(total / len(network.judges), 2),
            "possible": {j.label: j.load + reachable[j.key] for j in short},
        },
    )


class _Network:
    """The grouped network of one assignment problem, solved for given load bounds."""

    def __init__(self, entries, judges, eligible):
        self.judges = judges
        self.judge_index = {j.key: i for i, j in enumerate(judges)}
        groups = defaultdict(list)
        for entry in entries:
            groups[(entry.need, eligible[entry.key])].append(entry)
        # Sorted so that node numbers, and therefore the flow found, do not depend on hashing.
        self.groups = sorted(groups.items(), key=lambda item: item[1][0].key)

    # Nodes: 0 source, 1 sink, 2.. groups, then judges.
    def _judge_node(self, judge_position):
        return 2 + len(self.groups) + judge_position

    def _edges(self, low, high):
        edges, group_edges = [], []
        for g, ((need, possible), members) in enumerate(self.groups):
            edges.append((0, 2 + g, need * len(members), need * len(members)))
            for key in possible:
                group_edges.append((g, key, len(edges)))
                edges.append((2 + g, self._judge_node(self.judge_index[key]), 0, len(members)))
        judge_edges = {}
        for position, judge in enumerate(self.judges):
            judge_edges[judge.key] = len(edges)
            edges.append((self._judge_node(position), 1, max(0, low - judge.load), max(0, high - judge.load)))
        return edges, group_edges, judge_edges

    def feasible(self, low, high):
        """Flows per (group, judge) with every final load in [low, high], or None."""
        if any(j.load > high for j in self.judges):
            return None
        edges, group_edges, _judge_edges = self._edges(low, high)
        flows = bounded_flow(2 + len(self.groups) + len(self.judges), 0, 1, edges)
        if flows is None:
            return None
        return {(g, key): flows[index] for g, key, index in group_edges if flows[index]}

    def loads(self, flows):
        loads = {j.key: j.load for j in self.judges}
        for (_g, key), amount in flows.items():
            loads[key] += amount
        return loads

    def reachable_counts(self):
        """For each judge, how many of the entries could take them (one assignment each at most)."""
        counts = dict.fromkeys(self.judge_index, 0)
        for (_need, possible), members in self.groups:
            for key in possible:
                counts[key] += len(members)
        return counts

    def overload_explanation(self, high, code, total):
        """Infeasible naming the entries of a minimum cut and the judges they are limited to."""
        network = MaxFlow(2 + len(self.groups) + len(self.judges))
        for g, ((need, possible), members) in enumerate(self.groups):
            network.add_edge(0, 2 + g, need * len(members))
            for key in possible:
                network.add_edge(2 + g, self._judge_node(self.judge_index[key]), len(members))
        for position, judge in enumerate(self.judges):
            network.add_edge(self._judge_node(position), 1, max(0, high - judge.load))
        network.max_flow(0, 1)
        side = network.reachable(0)
        stuck = [members for g, (_key, members) in enumerate(self.groups) if 2 + g in side]
        entries = sorted(e.key for members in stuck for e in members)
        limited = [j.label for position, j in enumerate(self.judges) if self._judge_node(position) in side]
        need = sum(e.need for members in stuck for e in members)
        return Infeasible(
            code,
            entries=entries,
            judges=limited,
            figures={
                "maximum": high,
                "need": need,
                "average": round(total / len(self.judges), 2),
                "tracks": sorted({str(e.track) for members in stuck for e in members}),
            },
        )

    def solution(self, flows, average, cap):
        assignments = {}
        for g, ((need, possible), members) in enumerate(self.groups):
            members = sorted(members, key=lambda e: e.key)
            # Each judge's share as one consecutive run of slots; slot i goes to entry i mod n,
            # so a run of at most n slots never gives one entry the same judge twice.
            slots = [key for key in possible for _ in range(flows.get((g, key), 0))]
            size = len(members)
            for index, entry in enumerate(members):
                assignments[entry.key] = slots[index::size]
                if len(assignments[entry.key]) != need:  # cannot happen with a valid flow
                    raise RuntimeError(f"group flow does not cover entry {entry.key}")
        return Solution(assignments=assignments, loads=self.loads(flows), average=average, cap=cap)
