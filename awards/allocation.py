"""Prizes by quota from a ranking: plain data in, a plain proposal out (no ORM).

The quotas come in award order (the grand prize across the tracks first, then per track the
first, second and third prizes). Each quota takes the best eligible candidates left: across
every track for an `overall` quota, from its own track for a `per_track` one, so an entry
placed once is never placed again.

Candidates compare by aggregate (to `PLACES` decimals), then by the tie-break keys in order
(the means on the tie-break criteria, higher is better, a missing mean is worst). A quota's
boundary is where its last place meets the first candidate left out:
- equal aggregates separated by the tie-break: the places of that tied group are marked
  `TIE_BROKEN`, so the proposal shows that the tie-break decided;
- equal on everything: the tie cannot be broken here. The group's members inside the quota
  keep their places provisionally and are marked `TIE_UNRESOLVED`; the organizer picks with
  a reason, and a proposal with an unresolved tie cannot be confirmed.
A track with fewer candidates than its quota leaves the remaining places empty (`EMPTY`).
Eligible candidates left without a place are the finalists for single awards.
"""

from dataclasses import dataclass, field

from judging.aggregation import PLACES

OVERALL = "overall"
PER_TRACK = "per_track"

TIE_BROKEN = "tie_broken"
TIE_UNRESOLVED = "tie_unresolved"
EMPTY = "empty"


@dataclass(frozen=True)
class Candidate:
    key: object  # the entry's id
    track: object  # the track's id
    aggregate: float | None
    tie_keys: tuple = ()  # means on the tie-break criteria, most decisive first
    eligible: bool = True  # False for disqualified or withdrawn entries


@dataclass(frozen=True)
class Quota:
    award: object  # the award type's id
    scope: str  # OVERALL or PER_TRACK
    count: int


@dataclass(frozen=True)
class Place:
    award: object
    track: object | None  # None for an overall award
    place: int  # 1-based within the award (and track)
    candidate: object | None  # the candidate's key; None for an empty place
    aggregate: float | None = None
    note: str = ""  # "", TIE_BROKEN, TIE_UNRESOLVED or EMPTY


@dataclass(frozen=True)
class Tie:
    """A group the ranking cannot order, straddling the boundary of a quota."""

    award: object
    track: object | None
    places: tuple  # the contested places of the quota
    candidates: tuple  # every candidate of the group, inside and outside the quota


@dataclass
class Proposal:
    places: list = field(default_factory=list)
    ties: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)  # eligible candidates' keys, best first

    @property
    def empty(self):
        return [p for p in self.places if p.note == EMPTY]


def _rounded(value):
    return None if value is None else round(value, PLACES)


def order_key(candidate):
    """Sort key: best first; entries without an aggregate last, then by key for a stable order."""
    aggregate = _rounded(candidate.aggregate)
    tie = tuple(float("inf") if v is None else -_rounded(v) for v in candidate.tie_keys)
    return (aggregate is None, -(aggregate or 0), tie, str(candidate.key))


def _same_aggregate(a, b):
    return _rounded(a.aggregate) == _rounded(b.aggregate)


def _same_everything(a, b):
    return _same_aggregate(a, b) and order_key(a)[2] == order_key(b)[2]


def allocate(candidates, quotas, tracks):
    """The proposal for `quotas` (in award order) over `candidates`, for the tracks given in order."""
    pool = sorted((c for c in candidates if c.eligible and c.aggregate is not None), key=order_key)
    placed = set()
    proposal = Proposal()
    for quota in quotas:
        groups = [(None, pool)] if quota.scope == OVERALL else [(t, [c for c in pool if c.track == t]) for t in tracks]
        for track, ranked in groups:
            left = [c for c in ranked if c.key not in placed]
            places, tie = _fill(quota, track, left)
            proposal.places.extend(places)
            if tie is not None:
                proposal.ties.append(tie)
            placed.update(p.candidate for p in places if p.candidate is not None)
    proposal.unplaced = [
        c.key for c in sorted((c for c in candidates if c.eligible), key=order_key) if c.key not in placed
    ]
    return proposal


def _fill(quota, track, left):
    """The places of one quota (in one track) from the candidates left, best first, and its tie."""
    chosen, rest = left[: quota.count], left[quota.count :]
    notes = {c.key: "" for c in chosen}
    tie = None
    if chosen and rest and _same_aggregate(chosen[-1], rest[0]):
        last = chosen[-1]
        if _same_everything(last, rest[0]):
            inside = [c for c in chosen if _same_everything(c, last)]
            outside = [c for c in rest if _same_everything(c, last)]
            for c in inside:
                notes[c.key] = TIE_UNRESOLVED
            tie = Tie(
                award=quota.award,
                track=track,
                places=tuple(chosen.index(c) + 1 for c in inside),
                candidates=tuple(c.key for c in inside + outside),
            )
        # Members of the tied group the tie-break did separate.
        for c in chosen:
            if _same_aggregate(c, last) and not notes[c.key]:
                notes[c.key] = TIE_BROKEN
    places = [Place(quota.award, track, n, c.key, c.aggregate, notes[c.key]) for n, c in enumerate(chosen, start=1)]
    places += [Place(quota.award, track, n, None, None, EMPTY) for n in range(len(chosen) + 1, quota.count + 1)]
    return places, tie
