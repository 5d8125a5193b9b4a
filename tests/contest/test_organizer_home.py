"""The organizers' home at /organize/: the contest's figures, each linked to where it is acted on,
in a number of queries that does not grow with the data; and where each persona lands after
signing in."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contest.models import Stage
from judging.models import Assignment, RoundEntry
from registration.models import Entry
from tests.factories import (
    EntrantUserFactory,
    EntryFactory,
    EntryFileFactory,
    JudgeProfileFactory,
    JudgeUserFactory,
    JudgingRoundFactory,
    OrganizerUserFactory,
    SmsMessageFactory,
    StageFactory,
    TrackFactory,
    contest_at,
)
from tests.helpers import activate_totp, login_with_password, login_with_totp, staff_login, totp_code
from voting.models import FlagCluster, Vote

pytestmark = pytest.mark.django_db


def make_world(n):
    """`n` of each kind the home counts: tracks, drafts, submitted entries, files waiting and
    refused, rounds with sheets and judges, votes, clusters, SMS queued and failed."""
    contest = contest_at(Stage.Kind.REGISTRATION, then=[Stage.Kind.PRELIMINARY])
    StageFactory(
        contest=contest,
        kind=Stage.Kind.RESELECTION,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=5),
    )
    add_to_world(contest, range(n))
    return contest


def add_to_world(contest, numbers):
    stage = contest.stages.get(kind=Stage.Kind.RESELECTION)
    now = timezone.now()
    for i in numbers:
        track = TrackFactory(contest=contest, code=f"t{i}", name=f"赛道{i}", name_en=f"Track {i}")
        EntryFactory(entrant__contest=contest, track=track)
        entry = EntryFactory(
            entrant__contest=contest, track=track, status="submitted", first_submitted_at=now, submitted_at=now
        )
        EntryFileFactory(entry=entry, kind="materials", status="pending")
        EntryFileFactory(entry=entry, kind="video", status="refused")
        round_ = JudgingRoundFactory(stage=stage, track=track)
        judge = JudgeProfileFactory(contest=contest)
        round_.panel.add(judge)
        RoundEntry.objects.create(round=round_, entry=entry)
        Assignment.objects.create(round=round_, entry=entry, judge=judge, source="manual")
        cluster = FlagCluster.objects.create(contest=contest, rule="ip_burst", key=f"1.2.3.{i}", day=now.date())
        for status, extra in (("valid", {}), ("flagged", {"cluster": cluster})):
            Vote.objects.create(
                contest=contest,
                entry=entry,
                phone_hash=f"{status}{i}",
                prefix_hash="p",
                day=timezone.localdate(now),
                slot=1,
                day_limit=5,
                ip="1.2.3.4",
                network="1.2.3.0/24",
                status=status,
                **extra,
            )
        SmsMessageFactory(status="queued")
        SmsMessageFactory(status="failed")


def figures(response):
    """{label: value} of every figure on the page, as text."""
    return {figure.label: str(figure.value) for panel in response.context["panels"] for figure in panel.figures}


def test_the_home_shows_each_figure_linked_to_where_it_is_acted_on(client):
    make_world(3)
    staff_login(client, OrganizerUserFactory())

    response = client.get("/organize/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    shown = figures(response)
    assert shown["Open today"] == "Re-selection · Registration"
    assert shown["Submitted today"] == "3"
    assert shown["Submitted in all"] == "3"
    assert shown["Drafts in all"] == "3"
    assert shown["Track 1"] == "1"
    assert shown["Entries with a file waiting to be checked"] == "3"
    assert shown["Entries with a refused file"] == "3"
    assert shown["Votes today"] == "6"
    assert shown["Valid votes in all"] == "3"
    assert shown["Flagged votes waiting for review"] == "3"
    assert shown["Queued"] == "3"
    assert shown["Failed"] == "3"
    rounds = [f for panel in response.context["panels"] if panel.title == "Judging" for f in panel.figures]
    assert [f.value for f in rounds] == ["0 / 1"] * 3
    assert all(f.detail == "1 judge behind" for f in rounds)
    page = response.content.decode()
    assert "?status__exact=failed" in page
    assert "files=refused" in page
    assert "/organize/voting/#clusters-title" in page
    assert f'href="/organize/judging/{rounds[0].url.split("/")[3]}/progress/"' in page


def _count(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/organize/")
    assert response.status_code == 200
    return len(queries)


def test_the_home_costs_the_same_queries_with_one_or_three_of_each(client):
    contest = make_world(1)
    staff_login(client, OrganizerUserFactory())
    one = _count(client)
    add_to_world(contest, range(1, 3))
    three = _count(client)
    assert len(figures(client.get("/organize/"))) == 18  # the three tracks and rounds are shown
    assert one == three, (one, three)


def test_the_home_without_a_contest_still_leads_to_the_admin(client):
    staff_login(client, OrganizerUserFactory())
    response = client.get("/organize/")
    assert response.status_code == 200
    assert response.context["panels"] == []
    assert 'href="/admin/"' in response.content.decode()


def test_an_organizer_lands_on_the_organizer_home_after_signing_in(client):
    contest_at(Stage.Kind.REGISTRATION)
    organizer = OrganizerUserFactory()
    response = login_with_totp(client, organizer, "correct-horse", activate_totp(organizer))
    assert response["Location"] == "/organize/"


def test_a_judge_lands_on_the_judge_dashboard_after_signing_in(client):
    contest_at(Stage.Kind.REGISTRATION)
    judge = JudgeUserFactory()
    response = login_with_totp(client, judge, "correct-horse", activate_totp(judge))
    assert response["Location"] == "/judge/"


def test_an_entrant_keeps_the_site_landing(client, settings):
    contest_at(Stage.Kind.REGISTRATION)
    entrant = EntrantUserFactory()
    response = login_with_password(client, entrant.phone, "correct-horse")
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL


def test_a_next_address_still_wins_over_the_organizer_home(client):
    contest_at(Stage.Kind.REGISTRATION)
    organizer = OrganizerUserFactory()
    secret = activate_totp(organizer)
    response = client.post(
        "/accounts/login/", {"login": organizer.phone, "password": "correct-horse", "next": "/organize/voting/"}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response["Location"] == "/organize/voting/"


def test_counts_only_the_contest_s_own_entries(client):
    make_world(1)
    other = contest_at(Stage.Kind.REGISTRATION, is_current=False, slug="other")
    EntryFactory.create_batch(2, entrant__contest=other, status="draft")
    staff_login(client, OrganizerUserFactory())
    shown = figures(client.get("/organize/", HTTP_ACCEPT_LANGUAGE="en"))
    assert shown["Drafts in all"] == "1"
    assert Entry.objects.count() == 4


def test_before_the_assignment_a_round_expects_its_entries_times_the_judges_per_entry(client):
    contest = make_world(1)
    round_ = contest.stages.get(kind=Stage.Kind.RESELECTION).judging_rounds.get()
    Assignment.objects.filter(round=round_).delete()
    staff_login(client, OrganizerUserFactory())
    response = client.get("/organize/", HTTP_ACCEPT_LANGUAGE="en")
    judging = next(panel for panel in response.context["panels"] if panel.title == "Judging")
    assert [(f.value, f.detail) for f in judging.figures] == [("0 / 3", "No sheet assigned yet")]
