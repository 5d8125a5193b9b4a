"""Tracks, stages, rounds and awards are named in English when English is active."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from awards.models import AwardType
from registration.forms import EntryBasicsForm
from tests.factories import JudgingRoundFactory, StageFactory, TrackFactory, contest_at
from tests.helpers import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov():
    contest = contest_at("registration")
    return TrackFactory(contest=contest, name="数字支撑政务服务", name_en="Digital support for government services")


def test_a_track_reads_in_the_active_language(gov):
    with translation.override("en"):
        assert str(gov) == "Digital support for government services"
    with translation.override("zh-hans"):
        assert str(gov) == "数字支撑政务服务"


def test_a_track_without_an_english_name_keeps_its_chinese_one(gov):
    gov.name_en = ""
    with translation.override("en"):
        assert str(gov) == "数字支撑政务服务"


def test_a_round_is_named_by_its_stage_and_track_in_english(gov):
    stage = StageFactory(contest=gov.contest, kind="preliminary")
    round_ = JudgingRoundFactory(stage=stage, track=gov)

    with translation.override("en"):
        assert str(round_) == "Preliminary selection · Digital support for government services"


def test_an_award_type_reads_in_english(gov):
    award_type = AwardType.objects.create(
        contest=gov.contest, name="一等奖", name_en="First prize", scope="per_track", count=1
    )

    with translation.override("en"):
        assert str(award_type) == "First prize"


def test_the_entry_form_offers_the_tracks_in_english(gov):
    with translation.override("en"):
        form = EntryBasicsForm(contest=gov.contest)
        labels = [label for _, label in form.fields["track"].choices]

    assert labels == ["Digital support for government services"]


def test_the_admin_entries_list_shows_the_english_track(client, gov):
    from tests.factories import EntryFactory, OrganizerUserFactory

    EntryFactory(entrant__contest=gov.contest, track=gov)
    organizer = OrganizerUserFactory(is_superuser=True)
    staff_login(client, organizer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("admin:registration_entry_changelist")).content.decode()

    assert "Digital support for government services" in page
    assert "数字支撑政务服务</td>" not in page


def test_a_stage_and_its_contest_read_in_english(gov):
    stage = gov.contest.stages.get()
    gov.contest.short_name_en = "Data contest"

    with translation.override("en"):
        assert str(stage) == "Registration (Data contest)"
        assert str(gov.contest) == gov.contest.name_en
