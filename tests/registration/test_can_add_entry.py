"""The dashboard offers a new entry exactly when creating one would be accepted."""

from registration.models import Entry, RegistrationSettings
from registration.queries import can_add_entry
from tests.factories import EntryFactory, TrackFactory


def limits(contest, *, total, per_track):
    return RegistrationSettings(contest=contest, max_entries_total=total, max_entries_per_track=per_track)


def test_no_profile_no_entry(contest):
    assert can_add_entry(None, [], limits(contest, total=3, per_track=1)) is False


def test_the_total_limit_counts_all_but_withdrawn_entries(entrant, track, other_track):
    entries = [EntryFactory(entrant=entrant, track=track), EntryFactory(entrant=entrant, track=other_track)]

    assert can_add_entry(entrant, entries, limits(entrant.contest, total=2, per_track=2)) is False
    entries[0].status = Entry.Status.WITHDRAWN
    assert can_add_entry(entrant, entries, limits(entrant.contest, total=2, per_track=2)) is True


def test_every_track_full_leaves_no_room_though_the_total_does(entrant, track, other_track):
    entries = [EntryFactory(entrant=entrant, track=track), EntryFactory(entrant=entrant, track=other_track)]
    tracks_of_the_contest = set(entrant.contest.tracks.values_list("pk", flat=True))

    assert tracks_of_the_contest == {track.pk, other_track.pk}
    assert can_add_entry(entrant, entries, limits(entrant.contest, total=5, per_track=1)) is False
    TrackFactory(contest=entrant.contest, code="third")
    assert can_add_entry(entrant, entries, limits(entrant.contest, total=5, per_track=1)) is True
