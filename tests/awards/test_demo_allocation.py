import pytest
from django.core.management import call_command

from awards.models import Award, AwardType
from awards.queries import released_final_rounds
from contest.models import Contest


@pytest.fixture
def load(settings):
    settings.DEBUG = True
    return lambda stage: call_command("load_demo", stage=stage)


def test_demo_before_the_ceremony_has_the_award_table_only(db, load):
    load("final")
    assert AwardType.objects.count() == 8
    assert not Award.objects.exists()


def test_demo_at_the_ceremony_allocates_confirms_and_publishes_once(db, load):
    load("ceremony")
    contest = Contest.objects.current()
    first = sorted(Award.objects.values_list("pk", "status", "published_at"))
    load("ceremony")

    assert AwardType.objects.filter(contest=contest).count() == 8
    assert released_final_rounds(contest) != []
    awards = Award.objects.filter(contest=contest)
    assert awards.exists()
    assert set(awards.values_list("status", flat=True)) == {"confirmed"}
    assert not awards.filter(published_at__isnull=True).exists()
    assert sorted(Award.objects.values_list("pk", "status", "published_at")) == first
