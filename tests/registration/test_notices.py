"""Organizers send SMS notices to entrants: an approved wording, an audience, a preview, exactly once."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from judging.models import RoundEntry
from notifications.models import SmsMessage
from registration.models import Notice
from registration.services import send_notice
from tests.factories import (
    EntrantFactory,
    EntryFactory,
    JudgingRoundFactory,
    OrganizerUserFactory,
    StageFactory,
    TrackFactory,
    UserFactory,
)
from tests.helpers import staff_login

pytestmark = pytest.mark.django_db

URL = "/organize/registration/notices/"


SUBMITTED = {"status": "submitted", "consent_original": True, "consent_publicity": True}


def submitted_entry(contest, track, phone):
    entrant = EntrantFactory(contest=contest, user=UserFactory(phone=phone))
    return EntryFactory(entrant=entrant, track=track, first_submitted_at=timezone.now(), **SUBMITTED)


@pytest.fixture
def scene(contest):
    gov, economy = TrackFactory(contest=contest, code="gov"), TrackFactory(contest=contest, code="economy")
    entries = [
        submitted_entry(contest, gov, "+8613800000011"),
        submitted_entry(contest, gov, "+8613800000012"),
        submitted_entry(contest, economy, "+8613800000013"),
    ]
    # A second entry of the same entrant: one SMS all the same.
    EntryFactory(entrant=entries[0].entrant, track=economy, first_submitted_at=timezone.now(), **SUBMITTED)
    # A draft only: not an entrant of any audience yet.
    EntryFactory(entrant=EntrantFactory(contest=contest, user=UserFactory(phone="+8613800000019")), track=gov)
    return {"gov": gov, "economy": economy, "entries": entries}


@pytest.fixture
def organizer_client(client):
    organizer = OrganizerUserFactory()
    staff_login(client, organizer)
    client.cookies["django_language"] = "en"
    return client, organizer


def form(audience="all", template="notice_event", token=None, **params):
    data = {
        "audience": audience,
        "template": template,
        "event": "决赛路演",
        "date": "7月10日9时",
        "place": "石家庄",
        "token": str(token or uuid.uuid4()),
    }
    data.update(params)
    return data


def notice_phones():
    return sorted(SmsMessage.objects.filter(purpose="notice").values_list("phone", flat=True))


def test_preview_shows_the_count_and_the_text_and_sends_nothing(organizer_client, scene):
    client, _ = organizer_client

    response = client.post(URL, {**form(), "preview": "1"})

    page = response.content.decode()
    assert "3 recipients" in page
    assert "决赛路演定于7月10日9时在石家庄举行" in page
    assert notice_phones() == []


@pytest.mark.parametrize(
    ("language", "blank"),
    [("en", '<mark class="notice-blank" lang="en">[date and time]</mark>'), ("zh-hans", "[日期和时间]</mark>")],
)
def test_the_wordings_name_their_blanks_in_the_page_language(organizer_client, scene, language, blank):
    client, _ = organizer_client
    client.cookies["django_language"] = language

    page = client.get(URL).content.decode()

    assert "大赛通知：<mark" in page
    assert blank in page
    assert "{date}" not in page


def test_sending_queues_one_sms_per_entrant_once_however_often_it_is_posted(organizer_client, scene):
    client, _ = organizer_client
    data = {**form(), "send": "1"}

    first = client.post(URL, data)
    client.post(URL, data)  # a double click, or a reload of the confirmation

    assert first.status_code == 302
    assert notice_phones() == ["+8613800000011", "+8613800000012", "+8613800000013"]
    assert Notice.objects.get().recipients == 3
    message = SmsMessage.objects.filter(purpose="notice").first()
    assert message.template == "notice_event"
    assert message.params == {"event": "决赛路演", "date": "7月10日9时", "place": "石家庄"}


def test_a_track_audience_holds_the_entrants_of_that_track(organizer_client, scene):
    client, _ = organizer_client

    client.post(URL, {**form(audience="track:gov"), "send": "1"})

    assert notice_phones() == ["+8613800000011", "+8613800000012"]


def test_a_round_audience_holds_the_advanced_entrants(organizer_client, scene, contest):
    client, _ = organizer_client
    stage = StageFactory(contest=contest, kind="preliminary")
    round_ = JudgingRoundFactory(stage=stage, advanced_at=timezone.now())
    first, second, third = scene["entries"]
    RoundEntry.objects.create(round=round_, entry=first, advances=True)
    RoundEntry.objects.create(round=round_, entry=second, advances=False)
    RoundEntry.objects.create(round=round_, entry=third, advances=True)

    response = client.post(URL, {**form(audience=f"round:{round_.code}"), "preview": "1"})
    assert "2 recipients" in response.content.decode()
    client.post(URL, {**form(audience=f"round:{round_.code}"), "send": "1"})

    assert notice_phones() == ["+8613800000011", "+8613800000013"]


def test_every_blank_of_the_wording_is_needed(organizer_client, scene):
    client, _ = organizer_client

    response = client.post(URL, {**form(place=""), "send": "1"})

    assert response.status_code == 200
    assert "Fill in every blank of this notice" in response.content.decode()
    assert notice_phones() == []


def test_only_organizers_send_notices(scene, contest):
    with pytest.raises(PermissionDenied):
        send_notice(
            contest=contest,
            by=UserFactory(),
            template="notice_update",
            params={"subject": "决赛"},
            audience_key="all",
            token=uuid.uuid4(),
        )


def test_the_page_lists_sent_notices_in_a_fixed_number_of_queries(
    organizer_client, scene, contest, django_assert_num_queries
):
    client, organizer = organizer_client

    def send():
        send_notice(
            contest=contest,
            by=organizer,
            template="notice_update",
            params={"subject": "决赛"},
            audience_key="all",
            token=uuid.uuid4(),
        )

    send()
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    send()
    send()
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(URL).content.decode()
    assert page.count("3 recipients") == 3
