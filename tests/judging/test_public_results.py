"""The public results pages: who advanced to the re-selection and to the final, by track and
display name, only once the organizer released the round; and the home page's links to them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contest.models import Stage
from judging.models import RoundEntry
from tests.factories import EntryFactory, JudgingRoundFactory, StageFactory, TrackFactory, contest_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    """A closed preliminary round of all tracks, decided: two entries advance, one does not."""
    contest = contest_at(Stage.Kind.RESELECTION)
    now = timezone.now()
    stage = StageFactory(
        contest=contest,
        kind=Stage.Kind.PRELIMINARY,
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=2),
    )
    round_ = JudgingRoundFactory(stage=stage)
    gov, city = TrackFactory(contest=contest, code="gov", name="政务"), TrackFactory(contest=contest, code="city")
    rows = {}
    for name, track, advances in (("a", gov, True), ("b", city, True), ("c", gov, False)):
        entry = EntryFactory(
            entrant__contest=contest, track=track, status="submitted", first_submitted_at=now, submitted_at=now
        )
        rows[name] = RoundEntry.objects.create(round=round_, entry=entry, advances=advances, rule_advances=advances)
    round_.advanced_at = now
    round_.save(update_fields=["advanced_at"])
    return round_, rows


def release(round_):
    round_.results_released_at = timezone.now()
    round_.save(update_fields=["results_released_at"])


def test_nothing_is_public_before_the_release(client, scene):
    _round, rows = scene
    response = client.get("/results/stage/reselection/")
    assert response.status_code == 200
    page = response.content.decode()
    for row in rows.values():
        assert row.entry.display_name not in page
    assert "/results/stage/reselection/" not in client.get("/").content.decode()


def test_after_the_release_the_advancing_entries_show_by_track(client, scene):
    round_, rows = scene
    release(round_)
    response = client.get("/results/stage/reselection/")
    page = response.content.decode()
    assert rows["a"].entry.display_name in page
    assert rows["b"].entry.display_name in page
    assert rows["c"].entry.display_name not in page
    groups = response.context["groups"]
    assert [(track.code, [e.code for e in entries]) for track, entries in groups] == [
        ("gov", [rows["a"].entry.code]),
        ("city", [rows["b"].entry.code]),
    ]
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/results/stage/reselection/"' in home
    assert "Entries in the re-selection" in home
    # The finalists' page stays empty: the re-selection has released nothing.
    assert 'href="/results/stage/final/"' not in home
    assert rows["a"].entry.display_name not in client.get("/results/stage/final/").content.decode()


def test_an_entry_disqualified_after_advancing_is_not_listed(client, scene):
    round_, rows = scene
    release(round_)
    entry = rows["a"].entry
    entry.status = "disqualified"
    entry.disqualification_ground = "false_information"
    entry.save(update_fields=["status", "disqualification_ground"])
    assert entry.display_name not in client.get("/results/stage/reselection/").content.decode()


def test_only_pages_of_rounds_after_another_exist(client, scene):
    assert client.get("/results/stage/preliminary/").status_code == 404
    assert client.get("/results/stage/nothing/").status_code == 404
