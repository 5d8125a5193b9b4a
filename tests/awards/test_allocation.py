"""The quota allocation on hand-made rankings (pure: no database)."""

from hypothesis import given
from hypothesis import strategies as st

from awards.allocation import (
    EMPTY,
    OVERALL,
    PER_TRACK,
    TIE_BROKEN,
    TIE_UNRESOLVED,
    Candidate,
    Quota,
    allocate,
)

PLAN = [
    Quota("grand", OVERALL, 1),
    Quota("first", PER_TRACK, 1),
    Quota("second", PER_TRACK, 2),
    Quota("third", PER_TRACK, 3),
]
TRACKS = ["a", "b", "c"]


def track_of(track, scores, *, tie_keys=None):
    return [
        Candidate(key=f"{track}{i}", track=track, aggregate=score, tie_keys=(tie_keys or {}).get(i, ()))
        for i, score in enumerate(scores, start=1)
    ]


def winners(proposal, award, track=None):
    return [p.candidate for p in proposal.places if p.award == award and p.track == track]


def test_plan_gives_one_plus_three_plus_six_plus_nine_with_three_tracks():
    candidates = (
        track_of("a", [99, 90, 80, 70, 60, 50, 40, 30])
        + track_of("b", [95, 89, 79, 69, 59, 49, 39, 29])
        + track_of("c", [94, 88, 78, 68, 58, 48, 38, 28])
    )
    proposal = allocate(candidates, PLAN, TRACKS)
    assert winners(proposal, "grand") == ["a1"]
    assert [winners(proposal, "first", t) for t in TRACKS] == [["a2"], ["b1"], ["c1"]]
    assert [winners(proposal, "second", t) for t in TRACKS] == [["a3", "a4"], ["b2", "b3"], ["c2", "c3"]]
    assert [winners(proposal, "third", t) for t in TRACKS] == [
        ["a5", "a6", "a7"],
        ["b4", "b5", "b6"],
        ["c4", "c5", "c6"],
    ]
    assert len(proposal.places) == 1 + 3 + 6 + 9
    assert proposal.ties == []
    assert proposal.empty == []
    assert proposal.unplaced == ["b7", "c7", "a8", "b8", "c8"]
    assert {p.note for p in proposal.places} == {""}


def test_tie_at_the_third_prize_boundary_broken_by_the_criterion():
    # a6 and a7 tie on the aggregate; a7 has the higher mean on the heaviest criterion.
    candidates = track_of("a", [90, 80, 70, 60, 50, 40, 40, 30], tie_keys={6: (7.0,), 7: (8.5,)})
    proposal = allocate(candidates, PLAN[1:], ["a"])
    third = [p for p in proposal.places if p.award == "third"]
    assert [(p.candidate, p.note) for p in third] == [("a4", ""), ("a5", ""), ("a7", TIE_BROKEN)]
    assert proposal.ties == []
    assert proposal.unplaced == ["a6", "a8"]


def test_tie_the_criterion_cannot_break_is_left_to_the_organizer():
    candidates = track_of("a", [90, 80, 70, 60, 50, 40, 40, 30], tie_keys={6: (8.0,), 7: (8.0,)})
    proposal = allocate(candidates, PLAN[1:], ["a"])
    third = [p for p in proposal.places if p.award == "third"]
    assert [(p.candidate, p.note) for p in third] == [("a4", ""), ("a5", ""), ("a6", TIE_UNRESOLVED)]
    assert len(proposal.ties) == 1
    tie = proposal.ties[0]
    assert (tie.award, tie.track, tie.places, tie.candidates) == ("third", "a", (3,), ("a6", "a7"))
    assert proposal.unplaced == ["a7", "a8"]


def test_short_track_leaves_places_empty_and_says_so():
    candidates = track_of("a", [90, 80, 70, 60, 50, 40]) + track_of("b", [85, 75, 65])
    proposal = allocate(candidates, PLAN, ["a", "b"])
    assert winners(proposal, "grand") == ["a1"]
    assert winners(proposal, "first", "b") == ["b1"]
    assert winners(proposal, "second", "b") == ["b2", "b3"]
    assert winners(proposal, "third", "b") == [None, None, None]
    assert [(p.award, p.track, p.place) for p in proposal.empty] == [
        ("third", "a", 3),
        ("third", "b", 1),
        ("third", "b", 2),
        ("third", "b", 3),
    ]
    assert {p.note for p in proposal.empty} == {EMPTY}
    assert proposal.unplaced == []


def test_disqualified_entry_in_the_top_places_receives_nothing():
    candidates = track_of("a", [90, 80, 70, 60, 50, 40, 30, 20])
    candidates[0] = Candidate(key="a1", track="a", aggregate=90, eligible=False)
    proposal = allocate(candidates, PLAN, ["a"])
    assert winners(proposal, "grand") == ["a2"]
    assert winners(proposal, "first", "a") == ["a3"]
    assert winners(proposal, "second", "a") == ["a4", "a5"]
    assert winners(proposal, "third", "a") == ["a6", "a7", "a8"]
    assert "a1" not in proposal.unplaced
    assert proposal.unplaced == []


def test_tie_inside_a_quota_is_no_boundary_problem():
    candidates = track_of("a", [90, 80, 70, 70, 50])
    proposal = allocate(candidates, [Quota("second", PER_TRACK, 2)], ["a"])
    assert [(p.candidate, p.note) for p in proposal.places] == [("a1", ""), ("a2", "")]
    assert proposal.ties == []


def test_entries_without_an_aggregate_are_listed_for_single_awards_only():
    candidates = [*track_of("a", [90]), Candidate(key="a9", track="a", aggregate=None)]
    proposal = allocate(candidates, [Quota("first", PER_TRACK, 1)], ["a"])
    assert winners(proposal, "first", "a") == ["a1"]
    assert proposal.unplaced == ["a9"]


scores = st.lists(st.integers(min_value=0, max_value=20), min_size=0, max_size=30)


@given(scores, st.lists(st.booleans(), min_size=30, max_size=30))
def test_every_eligible_candidate_is_placed_once_or_listed(values, eligible):
    candidates = [
        Candidate(key=i, track=TRACKS[i % 3], aggregate=float(v), eligible=eligible[i]) for i, v in enumerate(values)
    ]
    proposal = allocate(candidates, PLAN, TRACKS)
    placed = [p.candidate for p in proposal.places if p.candidate is not None]
    assert len(placed) == len(set(placed))
    assert sorted(placed + proposal.unplaced) == sorted(c.key for c in candidates if c.eligible)
    assert len(proposal.places) == 1 + 3 * (1 + 2 + 3)
    for place in proposal.places:
        if place.candidate is not None and place.track is not None:
            assert place.candidate % 3 == TRACKS.index(place.track)
