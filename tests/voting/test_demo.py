import pytest
from django.core.management import call_command

from registration.models import Entry
from voting.live import database_counts
from voting.models import FlagCluster, Vote, VoteSettings


@pytest.fixture
def load(settings):
    settings.DEBUG = True

    def load(stage):
        call_command("load_demo", stage=stage)

    return load


def test_demo_voting_final_has_valid_votes_for_finalists_on_the_gallery(db, load, client):
    load("final")

    contest = Entry.objects.first().contest
    assert VoteSettings.objects.get(contest=contest).counts_visibility == "live"
    votes = Vote.objects.all()
    assert votes.count() >= 20
    assert set(votes.values_list("status", flat=True)) == {"valid"}
    assert set(votes.values_list("entry__round_reached", flat=True)) == {"final"}
    assert FlagCluster.objects.count() == 0
    stage = contest.stages.get(kind="public_vote")
    assert all(stage.starts_at <= at < stage.ends_at for at in votes.values_list("created_at", flat=True))
    counts = database_counts(contest.pk)
    assert len(counts) == 6
    assert len(set(counts.values())) > 1
    page = client.get("/vote/").content.decode()
    for entry in Entry.objects.filter(round_reached="final"):
        assert entry.display_name in page


def test_demo_voting_votes_are_cast_once(db, load):
    load("final")
    before = Vote.objects.count()

    load("final")
    load("ceremony")

    assert Vote.objects.count() == before


def test_demo_voting_before_the_final_has_settings_and_no_votes(db, load):
    load("preliminary")

    assert VoteSettings.objects.get().counts_visibility == "live"
    assert Vote.objects.count() == 0
