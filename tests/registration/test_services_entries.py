"""Creating entries under the limits, and the registration window in Asia/Shanghai."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contest.models import Stage
from registration.models import Entry, RegistrationSettings
from registration.services import create_entry, submit_entry, update_entry, withdraw_entry
from tests.factories import EntrantFactory, EntryFactory, TrackFactory
from tests.registration.helpers import confirmation_rows

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at_shanghai(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


# --- creation and limits ---------------------------------------------------------


def test_create_entry_makes_draft_with_derived_display_name(entrant, owner, track):
    entry = create_entry(entrant=entrant, by=owner, track=track, title="  一网通办助手 ", kind="app")
    entry.refresh_from_db()
    assert (entry.status, entry.title, entry.display_name) == ("draft", "一网通办助手", "智慧团队+一网通办助手")
    assert len(entry.code) == 8
    assert entry.code != str(entry.pk)


def test_create_entry_beyond_total_limit_is_refused(entrant, owner, track, other_track):
    create_entry(entrant=entrant, by=owner, track=track, title="作品一", kind="app")
    with pytest.raises(ValidationError) as caught:
        create_entry(entrant=entrant, by=owner, track=other_track, title="作品二", kind="app")
    assert caught.value.code == "entry_limit_total"
    assert entrant.entries.count() == 1


def test_create_entry_per_track_limit_from_settings(entrant, owner, track, other_track):
    limits = RegistrationSettings.for_contest(entrant.contest)
    limits.max_entries_total = 3
    limits.save()
    create_entry(entrant=entrant, by=owner, track=track, title="作品一", kind="app")
    with pytest.raises(ValidationError) as caught:
        create_entry(entrant=entrant, by=owner, track=track, title="作品二", kind="app")
    assert caught.value.code == "entry_limit_track"
    create_entry(entrant=entrant, by=owner, track=other_track, title="作品三", kind="app")
    assert entrant.entries.count() == 2


def test_create_entry_withdrawn_entries_do_not_count(entrant, owner, track):
    EntryFactory(entrant=entrant, track=track, status="withdrawn", first_submitted_at=timezone.now())
    create_entry(entrant=entrant, by=owner, track=track, title="新作品", kind="app")
    assert entrant.entries.count() == 2


def test_create_entry_track_of_other_contest_is_refused(entrant, owner):
    foreign = TrackFactory(contest__is_current=False)
    with pytest.raises(ValidationError) as caught:
        create_entry(entrant=entrant, by=owner, track=foreign, title="作品", kind="app")
    assert list(caught.value.message_dict) == ["track"]


def test_create_entry_same_display_name_is_refused(contest, entrant, owner, track):
    twin = EntrantFactory(contest=contest, name="智慧团队")  # same entrant name, another account
    EntryFactory(entrant=twin, track=track, title="平台")
    with pytest.raises(ValidationError) as caught:
        create_entry(entrant=entrant, by=owner, track=track, title="平台", kind="app")
    assert list(caught.value.message_dict) == ["title"]


def test_entry_display_name_unique_in_database(entrant, track):
    EntryFactory(entrant=entrant, track=track, title="平台")
    other = EntrantFactory(contest=entrant.contest)
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryFactory(entrant=other, track=track, title="别的", display_name="智慧团队+平台")


def test_create_entry_by_other_user_is_denied(entrant, other_user, track):
    with pytest.raises(PermissionDenied):
        create_entry(entrant=entrant, by=other_user, track=track, title="作品", kind="app")
    assert not Entry.objects.exists()


def test_create_entry_invalid_url_is_refused(entrant, owner, track):
    with pytest.raises(ValidationError) as caught:
        create_entry(
            entrant=entrant, by=owner, track=track, title="作品", kind="app", product_url="javascript:alert(1)"
        )
    assert list(caught.value.message_dict) == ["product_url"]


# --- the window, in Asia/Shanghai --------------------------------------------------


@pytest.fixture
def june_window(contest):
    """Registration runs through 20 June 2022: it ends at 21 June 00:00 Beijing time."""
    Stage.objects.filter(contest=contest, kind=Stage.Kind.REGISTRATION).update(
        starts_at=at_shanghai(2022, 3, 10), ends_at=at_shanghai(2022, 6, 21)
    )
    return contest


def test_submit_entry_at_last_second_is_accepted(june_window, complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner, now=at_shanghai(2022, 6, 20, 23, 59, 59))
    complete_entry.refresh_from_db()
    assert complete_entry.status == "submitted"
    assert complete_entry.first_submitted_at == at_shanghai(2022, 6, 20, 23, 59, 59)


def test_submit_entry_at_midnight_after_deadline_is_refused(june_window, complete_entry, owner):
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=complete_entry, by=owner, now=at_shanghai(2022, 6, 21, 0, 0, 0))
    assert caught.value.code == "registration_closed"
    assert "2022-06-20 24:00" in caught.value.messages[0]
    complete_entry.refresh_from_db()
    assert complete_entry.status == "draft"
    assert confirmation_rows() == []


def test_submit_entry_in_utc_midnight_is_still_open(june_window, complete_entry, owner):
    # 20 June 16:00 UTC is 21 June 00:00 in Shanghai: closed, whatever the server's clock zone.
    with pytest.raises(ValidationError):
        submit_entry(entry=complete_entry, by=owner, now=datetime.datetime(2022, 6, 20, 16, 0, tzinfo=datetime.UTC))
    submit_entry(entry=complete_entry, by=owner, now=datetime.datetime(2022, 6, 20, 15, 59, 59, tzinfo=datetime.UTC))


def test_create_entry_before_start_explains_when_it_opens(june_window, entrant, owner, track):
    with pytest.raises(ValidationError) as caught:
        create_entry(
            entrant=entrant, by=owner, track=track, title="作品", kind="app", now=at_shanghai(2022, 3, 9, 23, 59)
        )
    assert caught.value.code == "registration_upcoming"
    assert "2022-03-10 00:00" in caught.value.messages[0]


def test_every_entrant_change_after_deadline_is_refused(june_window, complete_entry, owner, track):
    late = at_shanghai(2022, 6, 21, 0, 0, 1)
    submit_entry(entry=complete_entry, by=owner, now=at_shanghai(2022, 6, 1))
    attempts = [
        lambda: update_entry(entry=complete_entry, by=owner, now=late, title="改名"),
        lambda: withdraw_entry(entry=complete_entry, by=owner, now=late),
        lambda: submit_entry(entry=complete_entry, by=owner, now=late),
        lambda: create_entry(entrant=complete_entry.entrant, by=owner, track=track, title="新", kind="app", now=late),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.code == "registration_closed"
    complete_entry.refresh_from_db()
    assert (complete_entry.title, complete_entry.status) == ("一网通办助手", "submitted")


def test_no_registration_stage_refuses_changes(entrant, owner, track):
    Stage.objects.filter(contest=entrant.contest).delete()
    with pytest.raises(ValidationError) as caught:
        create_entry(entrant=entrant, by=owner, track=track, title="作品", kind="app")
    assert caught.value.code == "registration_unscheduled"
