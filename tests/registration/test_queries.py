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


def test_registration_window_names_a_midnight_deadline_by_its_last_day(contest):
    Stage.objects.filter(contest=contest, kind=Stage.Kind.REGISTRATION).update(
        starts_at=datetime.datetime(2022, 3, 10, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2022, 6, 21, tzinfo=SHANGHAI),
    )
    registration = Stage.objects.get(contest=contest, kind=Stage.Kind.REGISTRATION)

    open_message = registration_window(contest, datetime.datetime(2022, 6, 20, 23, 0, tzinfo=SHANGHAI)).message
    closed_message = registration_window(contest, datetime.datetime(2022, 6, 21, 0, 0, tzinfo=SHANGHAI)).message

    # The schedule lists 20 June as the last day; the message must not say 21 June.
    assert registration.last_day == datetime.date(2022, 6, 20)
    assert open_message == "报名进行中，截止时间为北京时间2022-06-20 24:00。"
    assert "2022-06-20 24:00" in closed_message
    assert "06-21" not in closed_message


def test_registration_window_names_a_deadline_within_a_day_by_its_time(contest):
    Stage.objects.filter(contest=contest, kind=Stage.Kind.REGISTRATION).update(
        ends_at=datetime.datetime(2030, 6, 20, 17, 30, tzinfo=SHANGHAI)
    )

    assert "2030-06-20 17:30" in registration_window(contest).message


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
