import datetime
from zoneinfo import ZoneInfo

from contest.models import Stage
from registration.models import Entry
from registration.queries import registration_window
from tests.factories import EntryFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_registration_window_states_in_shanghai(contest):
    Stage.objects.filter(contest=contest, kind=Stage.Kind.REGISTRATION).update(
        starts_at=datetime.datetime(2022, 3, 10, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2022, 6, 21, tzinfo=SHANGHAI),
    )
    cases = {
        datetime.datetime(2022, 3, 9, 23, 59, 59, tzinfo=SHANGHAI): "upcoming",
        datetime.datetime(2022, 3, 10, 0, 0, 0, tzinfo=SHANGHAI): "open",
        datetime.datetime(2022, 6, 20, 23, 59, 59, tzinfo=SHANGHAI): "open",
        datetime.datetime(2022, 6, 21, 0, 0, 0, tzinfo=SHANGHAI): "closed",
    }
    for at, state in cases.items():
        window = registration_window(contest, at)
        assert (at, window.state, window.is_open) == (at, state, state == "open")
    assert "2022-03-10 00:00" in registration_window(contest, datetime.datetime(2022, 1, 1, tzinfo=SHANGHAI)).message


def test_registration_window_without_stage_is_unscheduled(contest):
    Stage.objects.filter(contest=contest).delete()
    window = registration_window(contest)
    assert (window.state, window.is_open, window.stage) == ("unscheduled", False, None)


def test_for_user_sees_only_own_entries(complete_entry, owner, other_entrant, other_user, track):
    theirs = EntryFactory(entrant=other_entrant, track=track)
    assert list(Entry.objects.for_user(owner)) == [complete_entry]
    assert list(Entry.objects.for_user(other_user)) == [theirs]


def test_for_user_anonymous_sees_nothing(complete_entry):
    from django.contrib.auth.models import AnonymousUser

    assert list(Entry.objects.for_user(AnonymousUser())) == []
